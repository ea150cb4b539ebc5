"""The applicant's and member's pages in French and Arabic: the directory's regions and
counts, the application form, and its link problems, as a reader of each language sees them."""

import re

from django.test import override_settings
from django.utils import translation
from django.utils.formats import date_format

import pytest

from membership_forms.models import MembershipEnquiry
from tests.home.test_i18n import translate

from .applicant import invite
from .conftest import post_data
from .factories import make_member, make_principles_page
from .test_application import old_token
from .test_directory import make_directory_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(home_page):
    page = make_directory_page()
    make_member(city="Oslo", country="Norway", region="europe")
    make_member(city="Aarhus", country="Denmark", region="europe")
    make_member(city="Mombasa", country="Kenya", region="sub_saharan_africa")
    make_member(city="عمّان", country="الأردن", region="middle_east_north_africa")
    return page


def region_headings(html):
    return re.findall(r'<h2 id="region-[a-z_]+">(.*?) <span', html)


def test_the_member_directory_in_french(client, home_page, directory):
    translate(home_page, "fr")
    html = client.get(translate(directory, "fr").url).content.decode()
    assert region_headings(html) == [
        "Afrique subsaharienne",
        "Moyen-Orient et Afrique du Nord",
        "Europe",
    ]
    assert "4 villes membres dans 3 régions." in html
    assert '<span class="member-directory__count">(2 membres)</span>' in html
    assert '<span class="member-directory__count">(1 membre)</span>' in html
    assert '<a href="#region-sub_saharan_africa">Afrique subsaharienne</a> (1)' in html


def test_the_member_directory_in_arabic(client, home_page, directory):
    translate(home_page, "ar")
    html = client.get(translate(directory, "ar").url).content.decode()
    assert region_headings(html) == ["أفريقيا جنوب الصحراء", "الشرق الأوسط وشمال أفريقيا", "أوروبا"]
    assert "4 مدن أعضاء في 3 مناطق." in html
    assert '<span class="member-directory__count">(عضوان)</span>' in html
    assert '<span class="member-directory__count">(عضو واحد)</span>' in html
    # Names typed in either direction keep their own: an English city inside Arabic.
    assert (
        '<li class="member-card" dir="auto"><span class="member-card__city">Oslo</span> '
        '<span class="member-card__country">Norway</span></li>'
    ) in html


@pytest.fixture
def invited(django_capture_on_commit_callbacks):
    make_principles_page()
    with translation.override("en"):  # the English invitation, as staff send it today
        return invite(django_capture_on_commit_callbacks)


def test_the_application_form_in_french(client, invited):
    response = client.get(invited.path.replace("/en/", "/fr/", 1))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "<h1>Demande d’adhésion au réseau</h1>" in html
    assert (
        'Pour <span dir="auto">Cape Town</span>, <span dir="auto">South Africa</span>, '
        f"demande de renseignements <strong>{invited.enquiry.reference}</strong>."
    ) in html
    assert 'Personne de contact 3 <span class="field__optional">(facultatif)</span>' in html
    assert "Praticien·ne de la prévention de l’extrémisme violent" in html
    assert '<button type="submit" class="button--large">Envoyer la demande</button>' in html


def test_a_french_application_with_errors_says_so_in_french(client, invited):
    response = client.post(invited.path.replace("/en/", "/fr/", 1), {})
    html = response.content.decode()
    assert "<title>Erreur : Demande d’adhésion" in html
    assert "Votre demande comporte une erreur" in html
    assert '<span class="visually-hidden">Erreur : </span>' in html


@override_settings(MEMBERSHIP_APPLICATION_LINK_DAYS=30)
def test_an_expired_link_in_arabic_counts_its_days_in_arabic(client, invited):
    expired = old_token(invited.enquiry.pk, days=31)
    response = client.get(f"/ar/membership/application/{expired}/")
    assert response.status_code == 410
    html = response.content.decode()
    assert "<h1>انتهت صلاحية هذا الرابط</h1>" in html
    assert "صالحة 30 يومًا بعد إرسالها" in html


def test_a_broken_link_in_french_gets_a_french_404(client, home_page):
    response = client.get("/fr/membership/application/x/")
    assert response.status_code == 404
    assert "<h1>Ce lien ne fonctionne pas</h1>" in response.content.decode()


def test_the_arabic_enquiry_form_offers_the_regions_in_arabic(client, home_page, enquiry_page):
    translate(home_page, "ar")
    html = client.get(translate(enquiry_page, "ar").url).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert ">الشرق الأوسط وشمال أفريقيا</option>" in html
    assert 'class="enquiry-form__check-title">التحقق الأمني</h2>' in html
    assert '<button type="submit" class="button--large">إرسال الاستفسار</button>' in html
    assert "يجب الإجابة عن جميع الأسئلة ما لم يُذكر أنها «اختيارية»." in html


def test_an_arabic_enquiry_lands_in_the_region_column_and_thanks_in_arabic(
    client, home_page, enquiry_page, submit
):
    translate(home_page, "ar")
    arabic = translate(enquiry_page, "ar")
    response = submit(arabic, post_data(arabic, region="الشرق الأوسط وشمال أفريقيا"))
    assert response.status_code == 303
    enquiry = MembershipEnquiry.objects.get()
    assert enquiry.region == "middle_east_north_africa"
    html = client.get(response["Location"]).content.decode()
    assert "<h1>شكرًا لك على استفسارك</h1>" in html
    reference = f'<strong class="enquiry-receipt__reference">{enquiry.reference}</strong>'
    assert f"رقمك المرجعي هو {reference}" in html
    with translation.override("ar"):
        day = date_format(enquiry.expected_reply_by, "l")
        date = date_format(enquiry.expected_reply_by, "DATE_FORMAT")
    assert f"نسعى إلى الرد بحلول <strong>{day} {date}</strong>" in html
    assert "،" in date  # the Arabic comma of Arabic dates


def test_a_used_set_password_link_explains_itself_in_french(client, home_page):
    html = client.get("/fr/account/set-password/MQ/used-token/").content.decode()
    assert "<h1>Ce lien ne fonctionne plus</h1>" in html
    assert 'Si vous avez déjà choisi un mot de passe, <a href="/fr/account/login/">' in html
