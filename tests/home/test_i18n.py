"""The site in English, French and Arabic (issue 11): language-prefixed addresses, old
addresses redirecting, <html lang dir>, the language switcher, hreflang alternates, the page
cache per language, and wagtail-localize carrying our pages to another locale."""

import contextlib
import re
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.utils import translation
from django.views.defaults import server_error

from wagtail.models import Locale, Page, Site

import polib
import pytest
from wagtail_localize.models import TranslationSource

from home.models import Funder, HomePage, SiteSettings, StandardPage
from membership_forms.models import ContactKind, FormField, MapsTo, Region
from tests.membership_forms.factories import make_enquiry_page

pytestmark = pytest.mark.django_db

# What `make messages` leaves out of the catalogues.
IGNORED = [".venv", "bench", "tests", "docs", "deploy", "staticfiles", "media"]


def add_page(parent, title, **kwargs):
    page = StandardPage(title=title, slug=title.lower().replace(" ", "-"), **kwargs)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def translate(page, language_code, **changes):
    """The page's translation in that language, live, as wagtail-localize makes it."""
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation, _ = source.create_or_update_translation(
        Locale.objects.get(language_code=language_code), fallback=True
    )
    for name, value in changes.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation.specific


def switcher(html):
    """{language code: address} of the language switcher's links."""
    nav = html.split('<nav class="language-switcher"')[1].split("</nav>")[0]
    return {code: url for url, code in re.findall(r'<a href="([^"]+)" hreflang="([a-z]+)"', nav)}


def test_the_three_languages_exist_and_the_content_is_english(home_page):
    assert sorted(Locale.objects.values_list("language_code", flat=True)) == ["ar", "en", "fr"]
    assert home_page.locale.language_code == "en"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/", "/en/"),
        ("/about/", "/en/about/"),
        ("/about/?utm_source=letter", "/en/about/?utm_source=letter"),
        ("/about", "/en/about/"),
        ("/search/?q=cities", "/en/search/?q=cities"),
        ("/account/login/", "/en/account/login/"),
        ("/news/feed/rss/", "/en/news/feed/rss/"),
    ],
)
def test_old_addresses_redirect_permanently_to_english(client, home_page, old, new):
    add_page(home_page, "About")
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_each_language_has_its_own_prefix(client, home_page):
    about = add_page(home_page, "About")
    assert about.url == "/en/about/"
    for prefix in ("/en/", "/fr/", "/ar/"):
        assert client.get(prefix).status_code == 200
    assert client.get("/de/").status_code == 301  # not a language: an old English address


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/admin/", 302),  # to the admin's login, without a language
        ("/django-admin/", 302),
        ("/sitemap.xml", 200),
        ("/robots.txt", 200),
    ],
)
def test_addresses_outside_the_languages_stay_as_they_were(client, home_page, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert not response.get("Location", "").startswith("/en/")


def test_the_sitemap_lists_the_prefixed_addresses(client, home_page):
    add_page(home_page, "About")
    assert "/en/about/</loc>" in client.get("/sitemap.xml").content.decode()


@pytest.mark.parametrize(
    ("prefix", "lang", "direction"),
    [("/en/", "en", "ltr"), ("/fr/", "fr", "ltr"), ("/ar/", "ar", "rtl")],
)
def test_html_lang_and_dir(client, home_page, prefix, lang, direction):
    html = client.get(prefix).content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert client.get(prefix)["Content-Language"] == lang


def test_switcher_leads_to_the_translation_or_its_nearest_translated_ancestor(client, home_page):
    about = add_page(home_page, "About")
    team = add_page(about, "Team")
    french_home = translate(home_page, "fr")
    french_about = translate(about, "fr", title="À propos")
    arabic_home = translate(home_page, "ar")

    links = switcher(client.get(team.url).content.decode())
    # Team is in English only: French leads to its nearest translated ancestor (About),
    # Arabic to the Arabic home page.
    assert links == {"en": "/en/about/team/", "fr": "/fr/about/", "ar": "/ar/"}
    assert french_about.url == "/fr/about/"

    links = switcher(client.get(french_about.url).content.decode())
    assert links == {"en": "/en/about/", "fr": "/fr/about/", "ar": "/ar/"}
    for url in links.values():
        assert client.get(url).status_code == 200
    assert french_home.url == "/fr/" and arabic_home.url == "/ar/"


def test_switcher_never_leads_to_a_missing_page(client, home_page):
    """Nothing translated yet: each language's home page, which shows the English one."""
    about = add_page(home_page, "About")
    html = client.get(about.url).content.decode()
    links = switcher(html)
    assert links == {"en": "/en/about/", "fr": "/fr/", "ar": "/ar/"}
    for url in links.values():
        assert client.get(url).status_code == 200
    assert 'aria-current="true">English</a>' in html
    assert '<nav class="language-switcher" aria-label="Language">' in html


def test_switcher_on_pages_that_are_not_pages_keeps_the_address(client, home_page):
    html = client.get("/fr/search/", {"q": "villes"}).content.decode()
    assert switcher(html)["ar"] == "/ar/search/?q=villes"
    assert switcher(client.get("/en/no-such-page/").content.decode())["fr"] == "/fr/"


def test_hreflang_alternates_name_the_translations(client, home_page):
    about = add_page(home_page, "About")
    html = client.get(about.url).content.decode()
    assert 'hreflang="en" href=' not in html  # one language only: nothing to announce
    translate(home_page, "fr")
    translate(about, "fr", title="À propos")
    html = client.get(about.url).content.decode()
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/about/">' in html
    assert '<link rel="alternate" hreflang="fr" href="http://testserver/fr/about/">' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/en/about/">' in html
    assert 'hreflang="ar" href=' not in html


@override_settings(PAGE_CACHE_SECONDS=600)
def test_the_page_cache_keeps_each_language_apart(client, home_page):
    SiteSettings.for_site(Site.objects.get(is_default_site=True))  # else made by the first view
    assert client.get("/en/")["X-Page-Cache"] == "miss"
    french = client.get("/fr/")
    assert french["X-Page-Cache"] == "miss"
    assert '<html lang="fr"' in french.content.decode()
    again = client.get("/fr/")
    assert again["X-Page-Cache"] == "hit"
    assert '<html lang="fr"' in again.content.decode()
    assert '<html lang="en"' in client.get("/en/").content.decode()


@override_settings(PAGE_CACHE_SECONDS=600)
@pytest.mark.parametrize(
    "path", ["/en/search/?q=x", "/fr/search/?q=x", "/ar/account/login/", "/en/membership/x/"]
)
def test_excluded_addresses_stay_excluded_in_every_language(client, home_page, path):
    client.get(path)
    assert client.get(path)["X-Page-Cache"] == "bypass"


def test_a_translated_form_keeps_the_fields_and_their_columns(home_page):
    """wagtail-localize synchronises the form builder's fields: the same fields, mapped to
    the same enquiry columns, whatever the language of the form."""
    join = make_enquiry_page()
    FormField.objects.create(page=join, label="City", field_type="singleline", maps_to=MapsTo.CITY)
    FormField.objects.create(
        page=join, label="Email", field_type="email", maps_to=MapsTo.CONTACT_EMAIL
    )
    join.save_revision().publish()
    translate(home_page, "fr")
    french = translate(join, "fr", title="Rejoindre le réseau")
    assert french.locale.language_code == "fr"
    assert [(f.clean_name, f.maps_to) for f in french.form_fields.all()] == [
        ("city", MapsTo.CITY),
        ("email", MapsTo.CONTACT_EMAIL),
    ]
    assert isinstance(Page.objects.get(pk=french.get_parent().pk).specific, HomePage)


@pytest.mark.parametrize(
    "path", ["/admin/no-such-thing/", "/django-admin/no-such-thing/", "/documents/999999/x.pdf"]
)
def test_missing_addresses_outside_the_languages_are_not_found(admin_client, path):
    assert admin_client.get(path).status_code == 404


# Sources of the strings visitors read (the admin's own strings are translated later).
VISITOR_SOURCES = (
    "templates/",
    "news/templates/",
    "home/templates/",
    "faq/templates/",
    "membership_forms/forms.py",
    "membership_forms/application_forms.py",
    "membership_forms/templates/membership_forms/widgets/",
    "membership_forms/templates/membership_forms/includes/",
    *(
        f"membership_forms/templates/membership_forms/{name}.html"
        for name in (
            "application_form",
            "application_link_problem",
            "application_rate_limited",
            "application_received",
            "member_directory_page",
            "membership_enquiry_page",
            "membership_enquiry_page_landing",
            "rate_limited",
            "set_password",
            "set_password_done",
        )
    ),
)
# Visitor strings in Python files that also hold the admin's strings.
VISITOR_MESSAGES = (
    *Funder.Kind.labels,
    *Region.labels,
    *ContactKind.labels,
    "News about %(topic)s",
    "News from %(year)s",
)
CATALOGUES = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_string_visitors_read_is_translated(language):
    catalogue = polib.pofile(str(CATALOGUES / language / "LC_MESSAGES" / "django.po"))
    visitor_facing = [
        entry
        for entry in catalogue
        if not entry.obsolete and any(f.startswith(VISITOR_SOURCES) for f, _ in entry.occurrences)
    ]
    assert len(visitor_facing) > 50
    missing = [
        entry.msgid
        for entry in visitor_facing
        if "fuzzy" in entry.flags
        or not (entry.msgstr or all(entry.msgstr_plural.values()) and entry.msgstr_plural)
    ]
    assert missing == []


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_string_editors_and_staff_read_is_translated_too(language):
    """Help texts, block labels and verbose names: the admin speaks each staff member's
    language, so the catalogues hold no untranslated or fuzzy entry at all."""
    catalogue = polib.pofile(str(CATALOGUES / language / "LC_MESSAGES" / "django.po"))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert len(catalogue) > 300


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_visitor_message_kept_beside_admin_strings_is_translated(language):
    catalogue = polib.pofile(str(CATALOGUES / language / "LC_MESSAGES" / "django.po"))
    translated = {entry.msgid for entry in catalogue if entry.translated()}
    with translation.override(None):  # the message ids
        messages = [str(message) for message in VISITOR_MESSAGES]
    assert [message for message in messages if message not in translated] == []


def test_the_catalogues_hold_every_marked_string(tmp_path):
    """A string marked for translation but missing from the catalogues (makemessages not
    run) would reach visitors in English."""
    marked = {
        (entry.msgctxt, entry.msgid) for entry in fresh_catalogue(tmp_path) if not entry.obsolete
    }
    for language in ("fr", "ar"):
        catalogue = polib.pofile(str(CATALOGUES / language / "LC_MESSAGES" / "django.po"))
        held = {(entry.msgctxt, entry.msgid) for entry in catalogue if not entry.obsolete}
        assert marked - held == set(), language


def fresh_catalogue(tmp_path):
    """What makemessages finds in the code now. It runs in a copy of the project: it walks the
    current directory and writes into its ./locale whatever LOCALE_PATHS says, so run in the
    repository it would rewrite the real catalogues and leave the copy it is read from as
    it was."""
    project = tmp_path / "project"
    shutil.copytree(
        settings.BASE_DIR,
        project,
        ignore=shutil.ignore_patterns(*IGNORED, ".git", "__pycache__", "*.mo", "node_modules"),
    )
    with override_settings(LOCALE_PATHS=[project / "locale"]), contextlib.chdir(project):
        call_command(
            "makemessages",
            locale=["fr"],
            ignore_patterns=IGNORED,
            add_location="file",
            verbosity=0,
        )
    return polib.pofile(str(project / "locale" / "fr" / "LC_MESSAGES" / "django.po"))


def test_arabic_plurals_have_six_forms():
    catalogue = polib.pofile(str(CATALOGUES / "ar" / "LC_MESSAGES" / "django.po"))
    assert catalogue.metadata["Plural-Forms"].startswith("nplurals=6;")
    plurals = [entry for entry in catalogue if entry.msgid_plural and entry.translated()]
    assert plurals
    for entry in plurals:
        assert len(entry.msgstr_plural) == 6, entry.msgid


@pytest.mark.parametrize(
    ("prefix", "skip_link", "login"),
    [
        ("/en/", "Skip to main content", "Members’ login"),
        ("/fr/", "Aller au contenu principal", "Connexion des membres"),
        ("/ar/", "الانتقال إلى المحتوى الرئيسي", "دخول الأعضاء"),
    ],
)
def test_the_frame_speaks_the_pages_language(client, home_page, prefix, skip_link, login):
    html = client.get(prefix).content.decode()
    assert f'<a class="skip-link" href="#main">{skip_link}</a>' in html
    assert f">{login}</a>" in html


def test_arabic_minutes_take_the_right_plural():
    with translation.override("ar"):
        message = "Please wait %(minutes)s minute, then try again."
        text = (
            "For the safety of your account we have paused sign-ins and password resets "
            "here for a while. "
        )
        forms = [
            translation.ngettext(text + message, text + message.replace("minute,", "minutes,"), n)
            % {"minutes": n}
            for n in (1, 2, 5, 15)
        ]
    assert "دقيقة واحدة" in forms[0]
    assert "دقيقتين" in forms[1]
    assert "5 دقائق" in forms[2]
    assert "15 دقيقة" in forms[3]


@pytest.mark.parametrize(
    ("prefix", "heading", "home_link"),
    [
        ("/en/", "Page not found", 'You could <a href="/en/">go to the home page</a>'),
        ("/fr/", "Page introuvable", 'Vous pouvez <a href="/fr/">revenir à la page d’accueil</a>'),
        ("/ar/", "الصفحة غير موجودة", 'يمكنك <a href="/ar/">الذهاب إلى الصفحة الرئيسية</a>'),
    ],
)
def test_the_404_page_speaks_the_language_of_the_address(
    client, home_page, prefix, heading, home_link
):
    response = client.get(f"{prefix}no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert home_link in html
    assert f"<title>{heading} |" in html


def test_the_500_page_speaks_the_language_of_the_request_without_the_database(
    django_assert_num_queries,
):
    with translation.override("ar"), django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/ar/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="ar" dir="rtl">' in html
    assert "<h1>حدث خطأ ما</h1>" in html
    assert '<a href="/ar/">الذهاب إلى الصفحة الرئيسية</a>' in html


def test_the_members_login_in_french(client, home_page):
    html = client.get("/fr/account/login/").content.decode()
    assert "<h1>Connexion des membres</h1>" in html
    assert ">Adresse e-mail\u00a0:</label>" in html
    assert ">Mot de passe\u00a0:</label>" in html
    assert '<button type="submit">Se connecter</button>' in html
    response = client.post("/fr/account/login/", {"username": "", "password": ""})
    assert "Nous n’avons pas pu vous connecter" in response.content.decode()


def sitemap_entries(client):
    """{address: {hreflang: address}} of the sitemap's entries."""
    xml = client.get("/sitemap.xml").content.decode()
    return {
        re.search(r"<loc>([^<]+)</loc>", entry).group(1): dict(
            re.findall(r'<xhtml:link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)"/>', entry)
        )
        for entry in xml.split("<url>")[1:]
    }


def test_the_sitemap_lists_each_translation_with_its_alternates(client, home_page):
    about = add_page(home_page, "About")
    add_page(home_page, "Team")
    translate(home_page, "fr")
    translate(home_page, "ar")
    translate(about, "fr", title="À propos")
    entries = sitemap_entries(client)
    about_alternates = {
        "en": "http://localhost/en/about/",
        "fr": "http://localhost/fr/about/",
        "x-default": "http://localhost/en/about/",
    }
    assert entries["http://localhost/en/about/"] == about_alternates
    assert entries["http://localhost/fr/about/"] == about_alternates
    assert entries["http://localhost/ar/"] == {
        "en": "http://localhost/en/",
        "fr": "http://localhost/fr/",
        "ar": "http://localhost/ar/",
        "x-default": "http://localhost/en/",
    }
    assert entries["http://localhost/en/team/"] == {}  # in English only: no alternates
    assert "http://localhost/ar/about/" not in entries


def test_a_translated_home_pages_call_to_action_leads_to_the_translated_page(client, home_page):
    """wagtail-localize keeps links to pages on the English page; the call to action follows
    it to the home page's language once that page is translated."""
    about = add_page(home_page, "About")
    home_page.call_to_action_label = "About us"
    home_page.call_to_action_page = about
    home_page.save_revision().publish()
    translate(home_page, "fr", call_to_action_label="À propos de nous")
    assert (
        '<a class="button button--large" href="/en/about/">À propos'
        in client.get("/fr/").content.decode()
    )
    translate(about, "fr", title="À propos")
    html = client.get("/fr/").content.decode()
    assert '<a class="button button--large" href="/fr/about/">À propos de nous</a>' in html
    assert 'href="/en/about/">About us</a>' in client.get("/en/").content.decode()
