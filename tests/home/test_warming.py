"""After a publish commits, the published page, its home page and a story's news index are
rendered again in the publishing process (home/warming.py): their first visitor gets the
new version from the page cache, or with the page cache off from fresh fragments, and a
failure there never fails the publish."""

import logging

from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from home import warming
from tests.home.test_i18n import translate
from tests.home.test_pages import make_standard_page
from tests.news.utils import make_index, make_story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]


@pytest.fixture
def news(home_page):
    index = make_index(home_page)
    make_story(index, title="Older story")
    return index


def publish(page, django_capture_on_commit_callbacks, *, warming=True, **fields):
    """Publish as an editor's request does: the rendering follows the commit. (The test
    settings turn the rendering off: the pages each test starts with are made in a
    transaction that never commits.)"""
    for name, value in fields.items():
        setattr(page, name, value)
    with (
        override_settings(PAGE_CACHE_WARM_AFTER_PUBLISH=warming),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        page.save_revision().publish()


def visitor():
    """A new visitor, at the site's address (the one its pages are stored for after a
    publish, as purges name it)."""
    return Client(HTTP_HOST=Site.objects.get(is_default_site=True).hostname)


def first_visit(path):
    """A new visitor's request: its page, whether the page cache held it, and its queries."""
    client = visitor()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), response["X-Page-Cache"], len(queries)


def test_the_first_visitor_after_a_publish_gets_the_new_page_from_the_cache(
    about, django_capture_on_commit_callbacks
):
    first_visit("/en/about/")
    publish(about, django_capture_on_commit_callbacks, introduction="Newly written.")
    html, state, queries = first_visit("/en/about/")
    assert "Newly written." in html
    assert "Cities learning." not in html
    assert state == "hit"
    assert queries == 0


def test_a_new_story_is_stored_on_its_page_its_index_and_the_home_page(
    news, django_capture_on_commit_callbacks
):
    for path in ("/en/", "/en/news/"):
        first_visit(path)
    story = make_story(news, title="Fresh story", publish=False)
    publish(story, django_capture_on_commit_callbacks)
    for path in ("/en/", "/en/news/", "/en/news/fresh-story/"):
        html, state, queries = first_visit(path)
        assert "Fresh story" in html, path
        assert (state, queries) == ("hit", 0), path


def test_what_is_stored_is_what_any_visitor_gets_not_the_editors_page(
    about, admin_client, django_capture_on_commit_callbacks
):
    data = nested_form_data(
        {
            "title": "About",
            "slug": "about",
            "introduction": "Edited in the admin.",
            "body": streamfield([("paragraph", rich_text("<p>Body.</p>"))]),
            "action-publish": "publish",
        }
    )
    with (
        override_settings(PAGE_CACHE_WARM_AFTER_PUBLISH=True),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = admin_client.post(f"/admin/pages/{about.pk}/edit/", data)
    assert response.status_code == 302
    html, state, _queries = first_visit("/en/about/")
    assert state == "hit"
    assert "Edited in the admin." in html
    assert "wagtail-userbar" not in html
    assert not visitor().get("/en/about/").cookies


def test_with_the_page_cache_off_the_first_visitor_gets_fresh_fragments(
    about, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 0
    first_visit("/en/about/")
    publish(about, django_capture_on_commit_callbacks, introduction="Newly written.")
    html, state, queries = first_visit("/en/about/")
    assert "Newly written." in html
    assert state == "bypass"
    assert queries == 0


def test_it_can_be_turned_off(about, django_capture_on_commit_callbacks):
    first_visit("/en/about/")
    publish(about, django_capture_on_commit_callbacks, warming=False, introduction="Newly written.")
    html, state, _queries = first_visit("/en/about/")
    assert "Newly written." in html
    assert state == "miss"


def test_a_rendering_that_fails_leaves_the_publish_and_the_next_visitor_alone(
    about, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    class BrokenHandler:
        def get_response(self, request):
            raise RuntimeError("the renderer broke")

    monkeypatch.setattr(warming, "_visitor_handler", BrokenHandler)
    with caplog.at_level(logging.ERROR, logger="home.warming"):
        publish(about, django_capture_on_commit_callbacks, introduction="Newly written.")
    assert "its next visitor renders it" in caplog.text
    about.refresh_from_db()
    assert about.introduction == "Newly written."
    html, state, _queries = first_visit("/en/about/")
    assert "Newly written." in html
    assert state == "miss"


def test_a_publish_rolled_back_renders_nothing_and_the_next_one_still_does(
    about, django_capture_on_commit_callbacks
):
    with (
        override_settings(PAGE_CACHE_WARM_AFTER_PUBLISH=True),
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        about.introduction = "Never published."
        about.save_revision().publish()
        raise RuntimeError("the editor's request failed")
    html, state, _queries = first_visit("/en/about/")
    assert "Never published." not in html
    assert state == "miss"
    about.refresh_from_db()
    publish(about, django_capture_on_commit_callbacks, introduction="Newly written.")
    html, state, _queries = first_visit("/en/about/")
    assert ("Newly written." in html, state) == (True, "hit")


def test_a_translated_page_is_stored_with_its_own_home_page(
    home_page, django_capture_on_commit_callbacks
):
    translate(home_page, "fr", title="Accueil")
    about = make_standard_page(home_page, title="About", introduction="Cities learning.")
    french = translate(about, "fr", title="À propos", introduction="Des villes.")
    first_visit("/fr/")
    publish(french, django_capture_on_commit_callbacks, introduction="Des villes qui apprennent.")
    html, state, _queries = first_visit(french.url)
    assert ("Des villes qui apprennent." in html, state) == (True, "hit")
    assert first_visit("/fr/")[1] == "hit"


def test_a_request_publishing_many_pages_renders_only_a_handful(
    home_page, django_capture_on_commit_callbacks, monkeypatch
):
    pages = [make_standard_page(home_page, title=f"Page {number}") for number in range(5)]
    rendered = []
    monkeypatch.setattr(warming, "render_as_visitor", rendered.append)
    warming._new_budget()  # as a request starts
    for page in pages:
        publish(page, django_capture_on_commit_callbacks, introduction="Bulk published.")
    assert len(rendered) == warming.MAX_PAGES_PER_REQUEST
    assert rendered[:2] == [pages[0].get_full_url(), home_page.get_full_url()]
    warming._new_budget()
    publish(pages[4], django_capture_on_commit_callbacks, introduction="Once more.")
    assert rendered[-2:] == [pages[4].get_full_url(), home_page.get_full_url()]
