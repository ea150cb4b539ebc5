"""Issue 11 in the membership office: each enquiry keeps the language it was sent in, the
applicant's emails are written in it (English, with a warning to staff, where staff have not
written an email's text in it), and staff see every language's enquiries in one listing."""

import csv
import io
import re
from html import unescape

from django.core import mail
from django.urls import reverse
from django.utils import translation

from wagtail.models import Locale
from wagtail.users.models import UserProfile

import pytest
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from home.models import SiteSettings
from membership_forms import services
from membership_forms.models import (
    MembershipEmail,
    MembershipEmailSettings,
    MembershipEnquiry,
    Region,
)

from .conftest import make_enquiry_page, post_data
from .factories import (
    make_application,
    make_enquiry,
    make_hub_page,
    make_principles_page,
    make_reviewer,
    make_user,
)

pytestmark = pytest.mark.django_db

FRENCH_TEXTS = {
    "application_invitation_subject_fr": "Votre candidature au {organisation_name} ({reference})",
    "application_invitation_body_fr": "Madame, Monsieur {contact_name},\n\n"
    "Merci de l'intérêt de {city}. Remplissez le formulaire ici :\n{application_link}\n\n"
    "Il fonctionne jusqu'au {link_expires}.",
    "welcome_subject_fr": "Bienvenue au {organisation_name}",
    "welcome_body_fr": "Bonjour {contact_name},\n\n{city} est membre. "
    "Choisissez votre mot de passe ici :\n{set_password_link}\n\nLe Hub : {hub_link}",
    "decline_subject_fr": "Votre demande d'adhésion au {organisation_name} ({reference})",
    "decline_body_fr": "Bonjour {contact_name},\n\nNous ne pouvons pas offrir l'adhésion "
    "à {city} pour le moment.",
}


def translate(page, language_code, strings=None):
    """The page's translation, live, as wagtail-localize makes it: the `strings` given
    ({source text: translation}) translated in its editor, the others left in English."""
    locale = Locale.objects.get(language_code=language_code)
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=locale)
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        if segment.string.data in (strings or {}):
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                data=strings[segment.string.data],
            )
    translation.save_target()
    translated = page.get_translation(locale).specific
    translated.get_latest_revision().publish()
    return translated


FRENCH_LABELS = {
    "Your name": "Votre nom",
    "City": "Ville",
    "Country": "Pays",
    "Email address": "Adresse électronique",
    "Why would your city like to join?": "Pourquoi votre ville souhaite-t-elle adhérer ?",
}


@pytest.fixture
def pages(home_page):
    """The English enquiry page and its French and Arabic translations."""
    english = make_enquiry_page(home_page)
    pages = {"en": english}
    for language in ("fr", "ar"):
        translate(home_page, language)
        pages[language] = translate(english, language, FRENCH_LABELS if language == "fr" else {})
    return pages


def send_enquiry(submit, page, language, **answers):
    """The form sent from `page` (the region answered as the form shows it there)."""
    with translation.override(language):
        region = str(Region.SUB_SAHARAN_AFRICA.label)
        response = submit(page, post_data(page, region=region, **answers))
    assert response.status_code == 303, response.content.decode()[:2000]
    return MembershipEnquiry.objects.latest("pk")


def mail_to(address):
    return [message for message in mail.outbox if address in message.to]


def set_texts(**texts):
    settings = MembershipEmailSettings.load()
    for name, value in texts.items():
        setattr(settings, name, value)
    settings.save()


class TestEnquiryLanguage:
    def test_a_french_enquiry_is_french_and_lands_in_the_english_columns(
        self, client, submit, pages
    ):
        assert pages["fr"].url.startswith("/fr/")
        # The French form asks its questions in French (translated in wagtail-localize's
        # editor), under the English fields' names, each mapped to the same column.
        form = client.get(pages["fr"].url).content.decode()
        assert re.search(r'<label [^>]*for="id_city">\s*Ville<', form)
        assert "Adresse électronique" in form and "Email address" not in form
        french = {field.clean_name: field.maps_to for field in pages["fr"].form_fields.all()}
        english = {field.clean_name: field.maps_to for field in pages["en"].form_fields.all()}
        assert french == english
        enquiry = send_enquiry(submit, pages["fr"], "fr")
        assert enquiry.page_id == pages["fr"].pk
        assert enquiry.language == "fr"
        # The translation shares the English page's column mapping.
        assert (enquiry.city, enquiry.country) == ("Dakar", "Senegal")
        assert enquiry.contact_email == "amina.diallo@example.org"
        assert enquiry.contact_name == "Amina Diallo"
        assert enquiry.region == Region.SUB_SAHARAN_AFRICA
        english_names = {field.clean_name for field in pages["en"].form_fields.all()}
        assert set(enquiry.form_data) == english_names

    def test_an_english_enquiry_is_english(self, submit, pages):
        assert send_enquiry(submit, pages["en"], "en").language == "en"

    def test_a_form_not_yet_translated_sent_from_fr_is_french(
        self, client, home_page, django_capture_on_commit_callbacks
    ):
        page = make_enquiry_page(home_page)  # no French translation of the site yet
        with translation.override("fr"):
            data = post_data(page, region=str(Region.SUB_SAHARAN_AFRICA.label))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/fr/join/", data)
        assert response.status_code == 303
        assert response["Location"].startswith("/fr/join/?sent=")
        enquiry = MembershipEnquiry.objects.get()
        assert (enquiry.page_id, enquiry.language) == (page.pk, "fr")
        thank_you = client.get(response["Location"])
        assert '<html lang="fr"' in thank_you.content.decode()
        assert enquiry.reference in thank_you.content.decode()
        [acknowledgement] = mail_to("amina.diallo@example.org")
        assert acknowledgement.subject.startswith("Nous avons bien reçu votre demande")


class TestAcknowledgement:
    def test_a_french_enquiry_gets_a_french_acknowledgement(self, submit, pages):
        enquiry = send_enquiry(submit, pages["fr"], "fr")
        [message] = mail_to("amina.diallo@example.org")
        assert message.subject == f"Nous avons bien reçu votre demande ({enquiry.reference})"
        assert "Merci pour votre demande d'adhésion" in message.body
        assert pages["fr"].full_url.endswith("/fr/join/")
        assert pages["fr"].full_url in message.body
        html = message.alternatives[0][0]
        assert '<html lang="fr" dir="ltr">' in html
        assert message.extra_headers["Content-Language"] == "fr"
        email = enquiry.emails.get(kind=MembershipEmail.Kind.ACKNOWLEDGEMENT)
        assert email.language == "fr"

    def test_an_arabic_enquiry_gets_an_arabic_acknowledgement(self, submit, pages):
        enquiry = send_enquiry(submit, pages["ar"], "ar")
        [message] = mail_to("amina.diallo@example.org")
        assert message.subject == f"لقد تلقّينا استفساركم ({enquiry.reference})"
        assert "/ar/join/" in message.body
        assert '<html lang="ar" dir="rtl">' in message.alternatives[0][0]

    def test_the_organisation_is_named_in_the_emails_language(
        self, submit, pages, django_capture_on_commit_callbacks
    ):
        site_settings = SiteSettings.for_site(pages["en"].get_site())
        site_settings.organisation_name_fr = "Réseau des villes fortes"
        site_settings.organisation_name_ar = "شبكة المدن القوية"
        site_settings.save()
        send_enquiry(submit, pages["fr"], "fr")
        [acknowledgement] = mail_to("amina.diallo@example.org")
        assert "Réseau des villes fortes" in acknowledgement.alternatives[0][0]
        assert "Strong Cities Network" not in acknowledgement.alternatives[0][0]
        set_texts(**FRENCH_TEXTS)
        make_principles_page()
        enquiry = MembershipEnquiry.objects.latest("pk")
        with django_capture_on_commit_callbacks(execute=True):
            services.enquiry_send_application(enquiry=enquiry, by=make_user("staff"))
        invitation = mail_to("amina.diallo@example.org")[-1]
        assert invitation.subject.startswith("Votre candidature au Réseau des villes fortes (")
        # Staff keep the English name.
        [staff] = mail_to("membership@example.org")
        assert "Réseau" not in staff.body + staff.subject
        mail.outbox.clear()
        send_enquiry(submit, pages["ar"], "ar", email_address="layla@example.org", city="Amman")
        [arabic] = mail_to("layla@example.org")
        assert "شبكة المدن القوية" in arabic.alternatives[0][0]

    def test_staff_are_told_in_english(self, submit, pages):
        send_enquiry(submit, pages["fr"], "fr")
        [message] = mail_to("membership@example.org")
        assert message.body.startswith("A new membership enquiry has arrived.")
        assert message.extra_headers["Content-Language"] == "en"
        # The French form's questions, as the English form words them.
        assert "\nCity\n    Dakar\n" in message.body
        assert "Ville" not in message.body and "Votre nom" not in message.body


@pytest.fixture
def french_enquiry(submit, pages):
    enquiry = send_enquiry(submit, pages["fr"], "fr")
    mail.outbox.clear()
    return enquiry


class TestLaterEmails:
    def test_the_invitation_is_french_and_its_form_opens_in_french(
        self, client, french_enquiry, django_capture_on_commit_callbacks
    ):
        set_texts(**FRENCH_TEXTS)
        make_principles_page()
        with django_capture_on_commit_callbacks(execute=True):
            services.enquiry_send_application(enquiry=french_enquiry, by=make_user("staff"))
        [message] = mail.outbox
        assert message.subject.startswith("Votre candidature au ")
        link = re.search(r"https?://\S+/membership/\S+", message.body).group(0)
        path = link.split("://", 1)[1].partition("/")[2]
        assert path.startswith("fr/membership/"), link
        response = client.get("/" + path)
        assert response.status_code == 200
        assert '<html lang="fr"' in response.content.decode()

    def test_decline_and_welcome_are_french(
        self, french_enquiry, django_capture_on_commit_callbacks
    ):
        set_texts(**FRENCH_TEXTS)
        make_hub_page()
        reviewer = make_user("staff")
        with django_capture_on_commit_callbacks(execute=True):
            services.enquiry_send_application(enquiry=french_enquiry, by=reviewer)
            french_enquiry.refresh_from_db()
            make_application(french_enquiry)
            french_enquiry.refresh_from_db()
            services.enquiry_confirm(enquiry=french_enquiry, by=reviewer)
        welcomes = [m for m in mail.outbox if m.subject.startswith("Bienvenue au ")]
        assert len(welcomes) == 2
        assert "/fr/account/set-password/" in welcomes[0].body

        other = make_enquiry(language="fr", contact_email="other@example.org", city="Lyon")
        with django_capture_on_commit_callbacks(execute=True):
            services.enquiry_decline(enquiry=other, by=reviewer)
        [decline] = mail_to("other@example.org")
        assert decline.subject.startswith("Votre demande d'adhésion au ")
        assert "à Lyon pour le moment" in decline.body

    def test_without_a_french_text_the_email_goes_in_english_and_staff_see_why(
        self, client, french_enquiry, django_capture_on_commit_callbacks
    ):
        set_texts(decline_subject_fr="", decline_body_fr=" ")
        with django_capture_on_commit_callbacks(execute=True):
            services.enquiry_decline(enquiry=french_enquiry, by=make_user("staff"))
        [message] = mail.outbox
        assert message.subject.startswith("Your enquiry about joining the ")
        assert message.body.startswith("Dear Amina Diallo,")
        email = french_enquiry.emails.get(kind=MembershipEmail.Kind.DECLINE)
        assert email.language == "en"

        client.force_login(make_reviewer())
        url = reverse("membership_enquiries_modeladmin_inspect", args=[french_enquiry.pk])
        html = client.get(url).content.decode()
        row = html.split('data-email-kind="decline"')[1].split("</tr>")[0]
        assert "Sent in English: this email has no French text yet" in row
        acknowledgement = html.split('data-email-kind="acknowledgement"')[1].split("</tr>")[0]
        assert "Sent in English" not in acknowledgement

    @pytest.mark.parametrize(
        ("preferred", "opening"),
        [
            ("fr", "Une candidature est arrivée et attend une décision."),
            ("", "An application has arrived and is waiting for a decision."),
        ],
    )
    def test_the_application_reaches_its_reviewer_in_their_admin_language(
        self, french_enquiry, django_capture_on_commit_callbacks, preferred, opening
    ):
        reviewer = make_reviewer()
        UserProfile.objects.update_or_create(
            user=reviewer, defaults={"preferred_language": preferred}
        )
        services.enquiry_assign(enquiry=french_enquiry, by=reviewer, assignee=reviewer)
        french_enquiry.refresh_from_db()
        services.enquiry_send_application(enquiry=french_enquiry, by=reviewer)
        french_enquiry.refresh_from_db()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True), translation.override("fr"):
            make_application(french_enquiry)  # sent from the French application form
        [message] = mail_to(reviewer.email)
        assert message.body.startswith(opening)
        assert message.extra_headers["Content-Language"] == (preferred or "en")

    def test_out_of_the_box_the_texts_exist_in_french_and_arabic(
        self, django_capture_on_commit_callbacks
    ):
        french = make_enquiry(language="fr", contact_email="fr@example.org", city="Lyon")
        arabic = make_enquiry(language="ar", contact_email="ar@example.org", city="Irbid")
        with django_capture_on_commit_callbacks(execute=True):
            services.enquiry_decline(enquiry=french, by=make_user("staff"))
            services.enquiry_decline(enquiry=arabic, by=make_user("staff2"))
        [to_french] = mail_to("fr@example.org")
        assert to_french.subject.startswith("Votre demande d'adhésion au ")
        assert to_french.body.startswith("Bonjour Ada Example,")
        [to_arabic] = mail_to("ar@example.org")
        assert to_arabic.subject.startswith("استفساركم بشأن الانضمام إلى ")
        assert "Irbid" in to_arabic.body
        assert '<html lang="ar" dir="rtl">' in to_arabic.alternatives[0][0]

    def test_staff_write_the_french_text_in_the_settings(self, admin_client):
        texts = MembershipEmailSettings.load()
        url = reverse(
            "wagtailsettings:edit",
            args=["membership_forms", "membershipemailsettings", texts.pk],
        )
        html = admin_client.get(url).content.decode()
        assert 'name="decline_body_fr"' in html and 'name="decline_body_ar"' in html
        data = {
            name.name: getattr(texts, name.name)
            for name in MembershipEmailSettings._meta.fields
            if name.name.split("_")[0] in ("application", "welcome", "decline", "membership")
        }
        data.update(FRENCH_TEXTS, decline_body_ar="مرحبا {contact_nmae}")
        response = admin_client.post(url, data)
        assert response.status_code == 200  # the form again, with the error
        assert "{contact_nmae}" in response.content.decode()
        del data["decline_body_ar"]
        data["decline_body_ar"] = ""
        assert admin_client.post(url, data).status_code == 302
        assert MembershipEmailSettings.load().text_for("decline", "fr")[2] == "fr"
        assert MembershipEmailSettings.load().text_for("decline", "ar")[2] == "en"


LISTING = "/admin/membership/enquiries/"


class TestListing:
    def test_every_language_in_one_listing_with_a_language_column_and_filter(
        self, client, submit, pages
    ):
        english = send_enquiry(submit, pages["en"], "en", city="Leeds")
        french = send_enquiry(submit, pages["fr"], "fr", city="Lyon")
        arabic = send_enquiry(submit, pages["ar"], "ar", city="Amman")
        client.force_login(make_reviewer())
        html = client.get(LISTING).content.decode()
        for enquiry in (english, french, arabic):
            assert enquiry.reference in html
        assert "Français" in html and "العربية" in html

        html = client.get(LISTING, {"language__exact": "fr"}).content.decode()
        assert french.reference in html
        assert english.reference not in html and arabic.reference not in html

        export = client.get(LISTING, {"language__exact": "fr", "export": "csv"})
        rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
        language = rows[0].index("Language")
        assert [row[language] for row in rows[1:]] == ["Français"]
        assert rows[1][rows[0].index("City")] == "Lyon"

    def test_the_dashboard_counts_every_language(self, client, submit, pages):
        for language in ("en", "fr", "ar"):
            send_enquiry(submit, pages[language], language)
        client.force_login(make_reviewer())
        html = client.get("/admin/").content.decode()
        assert "Received: <strong>3</strong>" in html

    def test_a_reviewer_who_chose_french_sees_the_office_in_french(self, client, submit, pages):
        send_enquiry(submit, pages["fr"], "fr")
        reviewer = make_reviewer()
        UserProfile.objects.update_or_create(user=reviewer, defaults={"preferred_language": "fr"})
        client.force_login(reviewer)
        response = client.get(LISTING)
        html = unescape(response.content.decode())
        assert '<html lang="fr"' in html
        assert "<title>Demandes d'adhésion" in html
        headings = re.findall(
            r'<th[^>]*class="[^"]*column-(\w+)[^>]*>\s*(?:<a[^>]*>)?\s*([^<]+?)\s*<', html
        )
        assert ("language", "Langue") in headings, headings
        assert ("waiting", "Jours d'attente") in headings
        assert "Afrique subsaharienne" in html

        # The enquiry's answers under the French form's questions, and in English for a
        # reviewer who reads the admin in English.
        enquiry = MembershipEnquiry.objects.get()
        url = reverse("membership_enquiries_modeladmin_inspect", args=[enquiry.pk])
        assert "<dt>Ville</dt>" in unescape(client.get(url).content.decode())
        UserProfile.objects.filter(user=reviewer).update(preferred_language="en")
        html = unescape(client.get(url).content.decode())
        assert "<dt>City</dt>" in html and "<dt>Ville</dt>" not in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_gives_each_form_field_its_pages_locale_and_shared_key(pages):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate([("membership_forms", "0009_enquiry_language")])
    try:
        MigrationExecutor(connection).migrate(
            [("membership_forms", "0011_form_field_translatable")]
        )
        fields = {
            language: {field.clean_name: field for field in page.form_fields.all()}
            for language, page in pages.items()
        }
    finally:  # the tests that follow need the schema of today's models (0012 and later too)
        MigrationExecutor(connection).migrate(latest)
    for language in ("en", "fr", "ar"):
        assert {field.locale.language_code for field in fields[language].values()} == {language}
    for name, english in fields["en"].items():
        assert fields["fr"][name].translation_key == english.translation_key
        assert fields["ar"][name].translation_key == english.translation_key
    assert len({field.translation_key for field in fields["en"].values()}) == len(fields["en"])
