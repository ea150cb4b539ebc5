"""Editors and staff in their own language (issue 11): the admin's strings in French and
Arabic, and the site settings, menu, breadcrumbs, principles, funders and myths per language."""

import re

from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.utils import translation

from wagtail.models import Locale, Site
from wagtail.users.models import UserProfile

import pytest
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from home.models import Funder, SiteSettings
from home.selectors import current_principles
from tests.home.test_i18n import add_page, translate
from tests.home.test_network_pages import (
    make_funding_page,
    make_myth_busting_page,
    make_principles_page,
)
from tests.news.utils import make_index, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    def log_in(language):
        user = get_user_model().objects.create_superuser(f"editor-{language}", password="x")
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        client.force_login(user)
        return client

    return log_in


@pytest.mark.parametrize(
    ("language", "heading", "help_text"),
    [
        ("fr", "Paramètres du site", "Affichée dans le pied de page et dans la FAQ"),
        ("ar", "إعدادات الموقع", "يظهر في تذييل الصفحة وفي صفحة الأسئلة الشائعة"),
    ],
)
def test_the_site_settings_speak_the_staff_members_language(
    staff_client, home_page, language, heading, help_text
):
    site = Site.objects.get(is_default_site=True)
    html = staff_client(language).get(f"/admin/settings/home/sitesettings/{site.pk}/")
    html = html.content.decode()
    assert f'<html lang="{language}"' in html
    assert heading in html
    assert help_text in html


def test_the_principles_editor_in_arabic(staff_client, home_page):
    html = staff_client("ar").get(f"/admin/pages/add/home/principlespage/{home_page.pk}/")
    html = html.content.decode()
    assert "لماذا للشبكة مبادئ، باختصار." in html  # the introduction's help text
    assert "المعرّف" in html  # the principle's "id"


def footer(html):
    return html.split('<footer class="site-footer">')[1].split("</footer>")[0]


@pytest.fixture
def site_settings(home_page):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = "Strong Cities Network"
    settings.organisation_name_fr = "Réseau des villes fortes"
    settings.footer_text = "Cities working together against hate."
    settings.footer_text_fr = "Des villes unies contre la haine."
    settings.privacy_policy_page = add_page(home_page, "Privacy")
    settings.save()
    return settings


def test_the_footer_speaks_the_visitors_language_or_english(client, site_settings):
    french = client.get("/fr/").content.decode()
    assert '<p dir="auto">Des villes unies contre la haine.</p>' in footer(french)
    assert '<p class="site-footer__name">Réseau des villes fortes</p>' in footer(french)
    assert ">Réseau des villes fortes</span></a>" in french.split("</header>")[0]
    assert "| Réseau des villes fortes</title>" in french
    assert "Cities working together" not in footer(french)

    arabic = client.get("/ar/").content.decode()  # nothing in Arabic yet: the English text
    assert '<p dir="auto">Cities working together against hate.</p>' in footer(arabic)
    assert '<p class="site-footer__name">Strong Cities Network</p>' in footer(arabic)

    english = client.get("/en/").content.decode()
    assert '<p dir="auto">Cities working together against hate.</p>' in footer(english)


def test_the_privacy_link_leads_to_the_privacy_page_in_the_visitors_language(
    client, home_page, site_settings
):
    translate(home_page, "fr")
    translate(site_settings.privacy_policy_page, "fr", title="Confidentialité")
    french = footer(client.get("/fr/").content.decode())
    assert '<a href="/fr/privacy/">Politique de confidentialité</a>' in french
    assert client.get("/fr/privacy/").status_code == 200
    # Not translated into Arabic: the English page.
    assert 'href="/en/privacy/"' in footer(client.get("/ar/").content.decode())


@override_settings(PAGE_CACHE_SECONDS=600)
def test_the_site_settings_have_a_tab_per_language(staff_client, site_settings):
    """What an editor saves in a language's tab shows at once, whatever was stored."""
    visitor = Client()
    assert '<p dir="auto">Cities working together against hate.</p>' in footer(
        visitor.get("/ar/").content.decode()
    )
    assert visitor.get("/ar/")["X-Page-Cache"] == "hit"
    client = staff_client("en")
    site = site_settings.site
    url = f"/admin/settings/home/sitesettings/{site.pk}/"
    html = client.get(url).content.decode()
    assert "Français" in html and "العربية" in html
    data = {
        "organisation_name": "Strong Cities Network",
        "organisation_name_fr": "",
        "organisation_name_ar": "شبكة المدن القوية",
        "footer_text": "Cities working together against hate.",
        "footer_text_fr": "",
        "footer_text_ar": "مدن تعمل معًا ضد الكراهية.",
        "contact_email": "",
        "social_links-count": "0",
    }
    assert client.post(url, data).status_code == 302
    arabic = visitor.get("/ar/").content.decode()
    assert '<p dir="auto">مدن تعمل معًا ضد الكراهية.</p>' in footer(arabic)
    assert '<p class="site-footer__name">شبكة المدن القوية</p>' in footer(arabic)
    assert '<p dir="auto">Cities working together against hate.</p>' in footer(
        visitor.get("/fr/").content.decode()
    )


def menu(html):
    nav = html.split('<nav class="main-nav"')[1].split("</nav>")[0]
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)


def test_the_menu_on_french_pages_lists_the_french_pages_where_translated(client, home_page):
    about = add_page(home_page, "About", show_in_menus=True)
    add_page(home_page, "News", show_in_menus=True)
    add_page(home_page, "Privacy")  # not in the menu
    translate(home_page, "fr")
    french_about = translate(about, "fr", title="À propos")

    expected = [("/fr/", "Accueil"), ("/fr/about/", "À propos"), ("/en/news/", "News")]
    assert menu(client.get("/fr/").content.decode()) == expected
    html = client.get(french_about.url).content.decode()
    assert menu(html) == expected
    assert (
        '<a href="/fr/about/" aria-current="page">À propos</a>'
        in html.split('class="main-nav"')[1].split("</nav>")[0]
    )
    # English visitors keep the English menu.
    assert menu(client.get("/en/").content.decode()) == [
        ("/en/", "Home"),
        ("/en/about/", "About"),
        ("/en/news/", "News"),
    ]


def test_breadcrumbs_on_a_french_page_lead_through_the_french_pages(client, home_page):
    about = add_page(home_page, "About", show_in_menus=True)
    team = add_page(about, "Team")
    translate(home_page, "fr")
    translate(about, "fr", title="À propos")
    french_team = translate(team, "fr", title="L'équipe")
    html = client.get(french_team.url).content.decode()
    trail = html.split('<nav class="breadcrumbs container"')[1].split("</nav>")[0]
    assert re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', trail) == [
        ("/fr/", "Accueil"),
        ("/fr/about/", "À propos"),
        ("/fr/about/team/", "L&#x27;équipe"),
    ]


FRENCH = {
    "Our principles": "Nos principes",
    "Human rights": "Droits humains",
    "Protect them.": "Les protéger.",
    "Open about funding": "Transparence du financement",
    "Publish every funder.": "Publier chaque bailleur de fonds.",
    "Who funds the network": "Qui finance le réseau",
    "A ministry": "Un ministère",
    "Seed funding.": "Financement de démarrage.",
    "A foundation": "Une fondation",
    "Research.": "Recherche.",
    "Myths and facts": "Idées reçues et réalités",
    "The network tells cities what to do.": "Le réseau dicte aux villes ce qu'elles doivent faire.",
    "Cities choose their own way.": "Les villes choisissent leur propre voie.",
    "Annual report": "Rapport annuel",
}


def translate_in_french(page):
    """The page's French translation as an editor makes it in wagtail-localize: each string
    it offers for translation translated (FRENCH, else left in English), then published."""
    french = Locale.objects.get(language_code="fr")
    source, _ = TranslationSource.get_or_create_from_instance(page)
    offered = []
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        offered.append(segment.string.data)
        if segment.string.data in FRENCH:
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=french,
                context=segment.context,
                data=FRENCH[segment.string.data],
            )
    translation, _ = source.create_or_update_translation(french, fallback=True)
    translation.save_revision().publish()
    return translation.specific, offered


@pytest.fixture
def french_home(home_page):
    return translate(home_page, "fr")


def test_principles_are_translated_with_their_page_keeping_their_ids(
    client, home_page, french_home
):
    page = make_principles_page(home_page)
    french, offered = translate_in_french(page)
    assert {"Human rights", "Protect them.", "Open about funding"} <= set(offered)
    assert [(p.title, p.slug) for p in french.principles.all()] == [
        ("Droits humains", "human-rights"),
        ("Transparence du financement", "open-about-funding"),
    ]
    html = client.get("/fr/principles/").content.decode()
    assert "Droits humains" in html and "Les protéger." in html
    assert "Human rights" not in html
    assert [p.title for p in page.principles.all()] == ["Human rights", "Open about funding"]


def test_funders_are_translated_with_their_page(client, home_page, french_home):
    page = make_funding_page(home_page)
    french, offered = translate_in_french(page)
    assert {"A ministry", "Seed funding."} <= set(offered)
    html = client.get("/fr/funding/").content.decode()
    assert "Un ministère" in html and "Financement de démarrage." in html
    assert "Une fondation" in html and "Recherche." in html
    assert "A ministry" not in html
    assert [(f.kind, f.from_year) for f in french.funders.all()] == [
        (Funder.Kind.GOVERNMENT, 2015),
        (Funder.Kind.FOUNDATION, 2018),
    ]


def test_myths_and_facts_are_translated_with_their_page(client, home_page, french_home):
    page = make_myth_busting_page(home_page)
    translate_in_french(page)
    html = client.get("/fr/myth-busting/").content.decode()
    assert "Le réseau dicte aux villes ce qu&#x27;elles doivent faire." in html
    assert "Les villes choisissent leur propre voie." in html
    assert "Rapport annuel" in html and 'href="https://example.org/report"' in html
    assert "The network tells cities" not in html


def test_applicants_commit_to_the_principles_in_their_language(home_page, french_home):
    translate_in_french(make_principles_page(home_page))
    with translation.override("fr"):
        french = [(p.slug, p.title) for p in current_principles()]
    with translation.override("ar"):  # no Arabic page: the English principles
        arabic = [(p.slug, p.title) for p in current_principles()]
    assert french == [
        ("human-rights", "Droits humains"),
        ("open-about-funding", "Transparence du financement"),
    ]
    assert arabic == [
        ("human-rights", "Human rights"),
        ("open-about-funding", "Open about funding"),
    ]


def test_the_french_feed_names_the_organisation_in_french(client, home_page, site_settings):
    index = make_index(home_page)
    make_story(index, title="A story")
    translate(home_page, "fr")
    french = translate(index, "fr", title="Actualités")
    rss = client.get(french.url + "feed/rss/").content.decode()
    assert "<title>Actualités | Réseau des villes fortes</title>" in rss
    assert (
        "<title>News | Strong Cities Network</title>"
        in client.get(index.url + "feed/rss/").content.decode()
    )
