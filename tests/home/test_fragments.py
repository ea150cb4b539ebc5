"""Pages the page cache does not hold (the first request after a change, or the page cache
off, as here) are built from fragments stored by earlier renderings and from what each
process keeps of the routing (home/fragments.py, home/frame.py). Whatever changes shows on
the very next request; signed-in users, previews and forms never get a stored fragment."""

import datetime

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from home import frame
from home.models import SiteSettings
from tests.faq.helpers import make_faq_page, section
from tests.home.test_hub import make_user
from tests.home.test_i18n import translate
from tests.home.test_pages import make_standard_page
from tests.membership_forms.factories import make_enquiry_page
from tests.news.utils import make_index, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 3600


@pytest.fixture
def site(home_page):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.footer_text = "A network of cities."
    settings.save()
    news = make_index(home_page, show_in_menus=True)
    story = make_story(news, title="First story", topics=["Youth"])
    make_story(
        news, title="Second story", topics=["Youth"], publication_date=datetime.date(2024, 6, 1)
    )
    answer = f'<p>Read <a linktype="page" id="{story.pk}">the first story</a>.</p>'
    make_faq_page(home_page, body=[section("News", [("Where?", "where", answer)])])
    return news


PAGES = ["/en/", "/en/faq/", "/en/news/", "/en/news/first-story/"]


def get(client, path):
    """The page's HTML and the queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "bypass"
    return response.content.decode(), len(queries)


def story(title):
    return Page.objects.get(title=title).specific


def publish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


@pytest.mark.parametrize("path", PAGES)
def test_a_page_seen_before_is_built_without_a_query(client, site, path):
    first, queries_first = get(client, path)
    again, queries_again = get(client, path)
    assert again == first
    assert queries_first > 5
    assert queries_again == 0


def test_a_published_story_shows_at_once_wherever_stories_are_listed(client, site):
    for path in PAGES:
        get(client, path)
    publish(story("Second story"), title="Second story, corrected")
    for path in ["/en/", "/en/news/", "/en/news/first-story/"]:  # related stories too
        html, _ = get(client, path)
        assert "Second story, corrected" in html, path


def test_a_published_story_leaves_the_rest_of_the_site_stored(client, site):
    get(client, "/en/faq/")
    publish(story("Second story"), summary="A new summary.")
    assert get(client, "/en/faq/")[1] == 0


def test_a_change_to_the_frame_shows_at_once_on_every_page(client, site, home_page):
    for path in PAGES:
        get(client, path)
    make_standard_page(home_page, title="Our cities", show_in_menus=True)
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.footer_text = "Cities against violent extremism."
    settings.save()
    for path in PAGES:
        html, _ = get(client, path)
        header = html.split("</header>")[0]
        assert 'href="/en/our-cities/"' in header, path
        assert "Cities against violent extremism." in html.split("<footer")[1], path


def test_a_story_at_a_new_address_is_linked_there(client, site, django_capture_on_commit_callbacks):
    get(client, "/en/faq/")
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail tells of new slugs then
        publish(story("First story"), slug="first-story-renamed")
    html, _ = get(client, "/en/faq/")
    assert 'href="/en/news/first-story-renamed/"' in html
    assert get(client, "/en/news/first-story-renamed/")[0]
    old_address = client.get("/en/news/first-story/")  # Wagtail's automatic redirect
    assert old_address.status_code == 301
    assert old_address["Location"] == "/en/news/first-story-renamed/"


def test_a_new_translation_of_a_story_is_offered_at_once(client, site, home_page):
    get(client, "/en/news/first-story/")
    translate(home_page, "fr")
    translate(site, "fr", slug="actualites")
    translate(story("First story"), "fr", title="Premier article", slug="premier-article")
    html, _ = get(client, "/en/news/first-story/")
    assert 'href="/fr/actualites/premier-article/"' in html.split("</header>")[0]
    assert 'hreflang="fr" href="http://testserver/fr/actualites/premier-article/"' in html


def test_pages_added_removed_or_made_private_are_routed_so_at_once(client, site, home_page):
    get(client, "/en/")
    about = make_standard_page(home_page, title="About")
    assert client.get("/en/about/").status_code == 200
    about.unpublish()
    assert client.get("/en/about/").status_code == 404
    get(client, "/en/news/")
    PageViewRestriction.objects.create(page=site, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/en/news/")
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_signed_in_visitors_never_get_a_stored_fragment(client, site):
    get(client, "/en/news/first-story/")
    client.force_login(make_user("member", member=True))
    html = client.get("/en/news/first-story/").content.decode()
    assert "Log out" in html.split("</header>")[0]
    client.logout()
    html, _ = get(client, "/en/news/first-story/")
    assert "Log out" not in html


def test_a_preview_shows_the_draft_not_the_stored_page(client, site):
    get(client, "/en/news/first-story/")
    draft = story("First story")
    draft.summary = "Draft summary."
    draft.title = "Draft title"
    draft.save_revision()
    preview = draft.get_latest_revision_as_object().make_preview_request()
    assert "Draft title" in preview.content.decode()
    html, _ = get(client, "/en/news/first-story/")
    assert "Draft title" not in html


def test_the_enquiry_form_is_never_stored(client, home_page):
    make_enquiry_page()
    first = client.get("/en/join/").content.decode()
    second = client.get("/en/join/").content.decode()
    token = 'name="csrfmiddlewaretoken" value="'
    assert first.split(token)[1][:20] != second.split(token)[1][:20]


def test_hosts_and_languages_have_fragments_of_their_own(client, site, home_page):
    translate(home_page, "fr")
    english, _ = get(client, "/en/")
    french, _ = get(client, "/fr/")
    assert '<html lang="fr"' in french and '<html lang="en"' in english
    other_host = client.get("/en/", HTTP_HOST="127.0.0.1").content.decode()
    assert 'href="http://127.0.0.1/en/"' in other_host
    assert 'href="http://testserver/en/"' not in other_host


def test_new_and_withdrawn_stories_are_served_and_counted_at_once(client, site):
    for path in [*PAGES, "/en/news/2025/"]:
        client.get(path)
    assert client.get("/en/news/2025/").status_code == 404  # no story from 2025 yet
    make_story(site, title="Third story", publication_date=datetime.date(2025, 2, 3))
    html, _ = get(client, "/en/news/")
    assert "Third story" in html and ">2025<" in html
    assert "Third story" in get(client, "/en/news/2025/")[0]
    assert "Third story" in get(client, "/en/news/third-story/")[0]
    story("Third story").unpublish()
    assert client.get("/en/news/third-story/").status_code == 404
    assert client.get("/en/news/2025/").status_code == 404
    assert "Third story" not in get(client, "/en/")[0]


def test_a_fragment_holding_a_csrf_token_is_not_stored(rf):
    from django.middleware.csrf import get_token

    from home.fragments import cached_fragment

    request = rf.get("/en/")
    assert cached_fragment("fragment:test-form", lambda: get_token(request), request)
    assert cache.get("fragment:test-form") is None
    assert cached_fragment("fragment:test-text", lambda: "<p>Text</p>", rf.get("/en/"))
    assert cache.get("fragment:test-text") == "<p>Text</p>"


def another_server_process(monkeypatch):
    """What a request sees in a process that has served nothing yet: the routing this one
    keeps (home/frame.py) forgotten, the shared cache left as it is."""
    monkeypatch.setattr(
        frame, "_remembered", {"frame": frame._Remembered(), "news": frame._Remembered()}
    )


@pytest.mark.parametrize("path", PAGES)
def test_another_process_takes_the_routing_from_the_shared_cache(client, site, path, monkeypatch):
    first, _queries = get(client, path)
    another_server_process(monkeypatch)
    again, queries = get(client, path)
    assert again == first
    assert queries == 0


def test_another_process_never_takes_routing_from_before_a_change(
    client, site, home_page, monkeypatch
):
    get(client, "/en/faq/")
    faq = Page.objects.get(slug="faq").specific
    publish(faq, title="Questions and answers", slug="questions")
    another_server_process(monkeypatch)
    assert client.get("/en/faq/").status_code == 404
    html, _queries = get(client, "/en/questions/")
    assert "Questions and answers" in html


def test_addresses_that_name_nothing_leave_nothing_in_the_shared_cache(client, site):
    get(client, "/en/")
    keys = set(cache._cache)
    for number in range(5):
        assert client.get(f"/en/no-such-page-{number}/").status_code == 404
    assert not [key for key in set(cache._cache) - keys if frame.SHARED_PREFIX in key]


def test_after_a_change_a_process_asks_for_its_routing_in_one_round_trip(client, site, monkeypatch):
    get(client, "/en/faq/")  # this process remembers the routing
    publish(Page.objects.get(slug="faq").specific, title="Frequently asked")
    ours = frame._remembered
    another_server_process(monkeypatch)
    get(client, "/en/faq/")  # another process looks it up under the new versions
    monkeypatch.setattr(frame, "_remembered", ours)
    lookups = []
    shared_values = frame._shared_values
    monkeypatch.setattr(
        frame, "_shared_values", lambda *args: lookups.append(args) or shared_values(*args)
    )
    html, queries = get(client, "/en/faq/")
    assert "Frequently asked" in html
    assert queries == 0
    assert len(lookups) == 1
