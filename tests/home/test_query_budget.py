"""How many queries an anonymous visitor's uncached page costs, on a site built like the demo:
a menu with a private section, site settings with a privacy page, a hero image, news with
pictures and topics, and FAQ answers that link pages of several types and a document.
The budgets are what the pages need today; a change that adds a query per page fails here.
(Stock Wagtail's welcome page runs 4: site, page, and the two view-restriction checks.)"""

import datetime

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.models import Page, Site

import pytest

from home.models import SiteSettings
from tests.faq.helpers import make_faq_page, section
from tests.home.test_hub import make_hub
from tests.home.test_i18n import translate
from tests.home.test_pages import make_standard_page
from tests.news.utils import make_image, make_index, make_stories, make_story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]


BUDGETS = {"/en/": 13, "/en/news/": 15, "/en/news/the-story/": 14, "/en/faq/": 12}


@pytest.fixture
def site(home_page):
    about = make_standard_page(home_page, title="About", slug="about", show_in_menus=True)
    privacy = make_standard_page(home_page, title="Privacy", slug="privacy")
    hub = make_hub(home_page)
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.contact_email = "office@example.org"
    settings.privacy_policy_page = privacy
    settings.save()
    news_index = make_index(home_page, show_in_menus=True)
    make_stories(news_index, 10, topics=("Youth", "Training"))
    make_story(
        news_index,
        title="The story",
        slug="the-story",
        publication_date=datetime.date(2023, 1, 1),
        hero_image=make_image("Story picture", size=(1600, 900)),
        topics=["Youth"],
    )
    document = get_document_model().objects.create(
        title="Terms", file=ContentFile(b"%PDF-1.4 test", name="terms.pdf")
    )
    answer = (
        f'<p><a linktype="page" id="{about.pk}">About</a>, '
        f'<a linktype="page" id="{news_index.pk}">news</a>, '
        f'<a linktype="page" id="{hub.pk}">hub</a>, '
        f'<a linktype="document" id="{document.pk}">terms</a>.</p>'
    )
    make_faq_page(
        home_page, body=[section("All", [(f"Q{n}?", f"q-{n}", answer) for n in range(6)])]
    )
    home_page.hero_image = make_image("Hero", size=(1200, 800))
    home_page.hero_image_alt = "A hero"
    home_page.call_to_action_label = "Join"
    home_page.call_to_action_page = about
    home_page.save_revision().publish()
    return news_index


@pytest.mark.parametrize("path", BUDGETS)
def test_uncached_page_stays_within_its_query_budget(
    client, site, path, django_assert_max_num_queries
):
    client.get(path)  # make the renditions, warm the site-root-paths cache
    with django_assert_max_num_queries(BUDGETS[path]):
        response = client.get(path)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "bypass"
    html = response.content.decode()
    # What the queries are for is on the page: the menu without the private hub, the footer's
    # privacy link, and (on the FAQ) every kind of link.
    assert '<li><a href="/en/about/"' in html
    assert 'href="/en/online-hub/"' not in html.split("</header>")[0]
    assert '<a href="/en/privacy/">Privacy policy</a>' in html
    if path == "/en/faq/":
        links = (
            '<a href="/en/about/">About</a>, <a href="/en/news/">news</a>, '
            '<a href="/en/online-hub/">hub'
        )
        assert html.count(links) == 6
        assert html.count('href="/documents/') == 6


def test_news_index_with_300_stories_runs_the_queries_of_11(
    client, site, django_assert_max_num_queries, django_assert_num_queries
):
    client.get("/en/news/")
    with django_assert_max_num_queries(BUDGETS["/en/news/"]) as with_eleven:
        client.get("/en/news/")
    queries_with_eleven = len(with_eleven)
    # 289 older stories, on 20 topics and over many years: the index still lists the ten
    # newest, with their pictures, and counts the rest in the same queries.
    for number in range(289):
        make_story(
            site,
            title=f"Old story {number}",
            slug=f"old-story-{number}",
            publication_date=datetime.date(2018, 1, 1) + datetime.timedelta(days=5 * number),
            topics=[f"Topic {number % 20}"],
        )
    client.get("/en/news/")
    with django_assert_num_queries(queries_with_eleven):
        response = client.get("/en/news/")
    html = response.content.decode()
    assert html.count('class="news-card__image"') == 10
    assert "Page 1 of 30" in html
    assert html.count('<span class="news-filter__count">') == 22 + 6  # topics, years


def test_a_translated_home_page_costs_what_the_english_one_does(
    client, site, home_page, django_assert_max_num_queries
):
    """French visitors get the French menu and privacy link from the same queries; the one
    query more finds the call to action's page in French (HomePage.call_to_action_target)."""
    translate(home_page, "fr")
    translate(Page.objects.get(slug="about").specific, "fr", title="À propos")
    translate(Page.objects.get(slug="privacy").specific, "fr", title="Confidentialité")
    client.get("/fr/")
    with django_assert_max_num_queries(BUDGETS["/en/"] + 1):
        html = client.get("/fr/").content.decode()
    assert '<li><a href="/fr/about/">À propos</a></li>' in html
    assert '<a href="/fr/privacy/">Politique de confidentialité</a>' in html
