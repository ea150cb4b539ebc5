"""The page cache: anonymous visitors get stored pages, never a stale one, and nothing
personal is ever stored."""

import datetime

from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from wagtail.models import PageViewRestriction, Revision, Site
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from home.models import StandardPage
from home.page_cache import ENTRY_PREFIX
from membership_forms.models import Region
from tests.home.test_network_pages import make_document, make_myth_busting_page
from tests.home.test_pages import make_standard_page
from tests.membership_forms.factories import make_enquiry_page, make_member
from tests.news.utils import make_image, make_index, make_story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]


def cache_state(response) -> str:
    return response["X-Page-Cache"]


def directives(response) -> dict:
    parts = [part.strip() for part in response.get("Cache-Control", "").split(",") if part]
    return dict(part.split("=", 1) if "=" in part else (part, True) for part in parts)


def stored_entries() -> int:
    return sum(1 for key in cache._cache if ENTRY_PREFIX in key)


def visit(client, path):
    """Visit twice: the second visit at the latest is served from the cache."""
    first = client.get(path)
    second = client.get(path)
    assert first.status_code == second.status_code == 200
    assert cache_state(second) == "hit"
    return second


def publish(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


class TestStoredPages:
    def test_a_stored_page_costs_no_query(self, client, about, django_assert_num_queries):
        client.get("/en/about/")
        with django_assert_num_queries(0):
            response = client.get("/en/about/")
        assert cache_state(response) == "hit"
        assert "Cities learning." in response.content.decode()

    @pytest.mark.parametrize(
        "path",
        [
            "/en/",
            "/en/about/",
            "/en/news/",
            "/en/news/story-one/",
            "/en/news/topic/training/",
            "/en/news/2024/",
            "/en/news/feed/rss/",
            "/en/news/feed/atom/",
            "/sitemap.xml",
            "/robots.txt",
        ],
    )
    def test_public_pages_are_stored(self, client, home_page, about, path):
        index = make_index(home_page)
        make_story(index, title="Story one", topics=["Training"])
        response = visit(client, path)
        assert response.content == client.get(path).content

    def test_stored_pages_tell_browsers_and_shared_caches(self, client, about, settings):
        miss = client.get("/en/about/")
        hit = client.get("/en/about/")
        for response in (miss, hit):
            cache_control = directives(response)
            assert cache_control["public"] is True
            assert cache_control["max-age"] == str(settings.PAGE_CACHE_BROWSER_SECONDS)
            assert cache_control["s-maxage"] == str(settings.PAGE_CACHE_SECONDS)
            assert cache_control["stale-while-revalidate"] == str(settings.PAGE_CACHE_STALE_SECONDS)
            assert "Cookie" in response["Vary"]
            assert response["Last-Modified"]
        assert miss["ETag"] == hit["ETag"]
        assert hit["Content-Type"] == miss["Content-Type"] == "text/html; charset=utf-8"

    def test_a_visitor_who_has_the_page_gets_not_modified(self, client, about):
        etag = client.get("/en/about/")["ETag"]
        response = client.get("/en/about/", HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == etag
        assert client.get("/en/about/", HTTP_IF_NONE_MATCH='"other"').status_code == 200

    def test_a_changed_page_no_longer_matches_the_old_etag(self, client, about):
        etag = client.get("/en/about/")["ETag"]
        publish(about, introduction="Cities teaching cities.")
        response = client.get("/en/about/", HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200
        assert "Cities teaching cities." in response.content.decode()

    def test_later_pages_of_the_news_are_stored_apart(self, client, home_page):
        index = make_index(home_page)
        for number in range(12):
            make_story(index, title=f"Story {number:02d}")
        first, second = visit(client, "/en/news/"), visit(client, "/en/news/?page=2")
        assert first.content != second.content
        assert "Story 00" in second.content.decode()
        assert cache_state(client.get("/en/news/?page=02")) == "hit"  # the same page 2

    def test_tracking_parameters_share_the_page(self, client, about):
        client.get("/en/about/")
        response = client.get("/en/about/?utm_source=newsletter&fbclid=abc")
        assert cache_state(response) == "hit"

    def test_unknown_parameters_never_make_entries(self, client, about):
        client.get("/en/about/")
        before = stored_entries()
        for number in range(20):
            response = client.get(f"/en/about/?x={number}")
            assert response.status_code == 200
            assert cache_state(response) == "bypass"
            assert {"private", "no-store"} <= set(directives(response))
        for query in ("page=0", "page=abc", "page=99999999", "page=1&page=2x"):
            assert cache_state(client.get(f"/en/news/?{query}")) == "bypass"
        assert stored_entries() == before

    def test_stored_pages_expire(self, client, about, settings):
        settings.PAGE_CACHE_SECONDS = 1
        client.get("/en/about/")
        entries = {key: value for key, value in cache._expire_info.items() if ENTRY_PREFIX in key}
        assert entries
        for expires in entries.values():
            assert expires <= timezone.now().timestamp() + 1.5

    def test_the_cache_can_be_turned_off(self, client, about, settings):
        settings.PAGE_CACHE_SECONDS = 0
        client.get("/en/about/")
        response = client.get("/en/about/")
        assert cache_state(response) == "bypass"
        assert "no-store" in directives(response)


class TestNeverStored:
    @pytest.mark.parametrize(
        "path",
        [
            "/en/join/",
            "/en/account/login/",
            "/en/account/set-password/MQ/bad-token/",
            "/en/membership/application/bad-token/",
            "/en/search/?q=cities",
            "/admin/login/",
        ],
    )
    def test_personal_pages(self, client, home_page, path):
        publish(make_enquiry_page(), live=True)
        for _ in range(2):
            response = client.get(path)
            assert cache_state(response) == "bypass"
            assert {"private", "no-store"} <= set(directives(response))

    def test_the_thank_you_page(self, client, home_page):
        page = make_enquiry_page()
        response = client.get(f"{page.url}?thanks=whatever")
        assert cache_state(response) == "bypass"
        assert "no-store" in directives(response)

    def test_signed_in_visitors_get_pages_of_their_own(self, client, admin_user, about):
        client.force_login(admin_user)
        for _ in range(2):
            response = client.get("/en/about/")
            assert cache_state(response) == "bypass"
            assert {"private", "no-store"} <= set(directives(response))
            assert "Log out" in response.content.decode()
        # What a signed-in visitor saw is not what the next anonymous one gets.
        anonymous = Client().get("/en/about/")
        assert cache_state(anonymous) == "miss"
        assert "Log out" not in anonymous.content.decode()

    def test_private_pages(self, client, home_page):
        page = make_standard_page(home_page, title="Members only", introduction="Secret.")
        PageViewRestriction.objects.create(page=page, restriction_type="login")
        for _ in range(2):
            response = client.get("/en/members-only/")
            assert response.status_code == 302
            assert cache_state(response) == "bypass"

    def test_password_protected_pages(self, client, home_page):
        page = make_standard_page(home_page, title="With password", introduction="Hidden.")
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
        for _ in range(2):
            response = client.get("/en/with-password/")
            assert "Hidden." not in response.content.decode()
            assert cache_state(response) == "bypass"

    def test_previews(self, admin_client, about):
        response = admin_client.get(f"/admin/pages/{about.pk}/edit/preview/")
        assert cache_state(response) == "bypass"

    def test_responses_that_set_a_cookie(self, client, about, rf):
        from home.page_cache import is_storable

        response = client.get("/en/about/")
        response.set_cookie("seen", "1")
        assert not is_storable(rf.get("/en/about/"), response)

    def test_error_pages(self, client, home_page):
        for _ in range(2):
            response = client.get("/en/no-such-page/")
            assert response.status_code == 404
            assert cache_state(response) == "bypass"
            assert "no-store" in directives(response)


class TestFreshAtOnce:
    """The very next request after any change shows it."""

    def test_publishing(self, client, about):
        visit(client, "/en/about/")
        publish(about, introduction="Newly written.")
        assert "Newly written." in client.get("/en/about/").content.decode()

    def test_publishing_through_the_admin(self, client, admin_client, about):
        visit(client, "/en/about/")
        data = nested_form_data(
            {
                "title": "About",
                "slug": "about",
                "introduction": "Edited in the admin.",
                "body": streamfield([("paragraph", rich_text("<p>Body.</p>"))]),
                "action-publish": "publish",
            }
        )
        response = admin_client.post(f"/admin/pages/{about.pk}/edit/", data)
        assert response.status_code == 302
        assert "Edited in the admin." in client.get("/en/about/").content.decode()

    def test_a_new_story_reaches_home_index_and_feed(self, client, home_page):
        index = make_index(home_page)
        make_story(index, title="First story")
        for path in ("/en/", "/en/news/", "/en/news/feed/rss/", "/sitemap.xml"):
            visit(client, path)
        make_story(index, title="Second story")
        for path in ("/en/", "/en/news/", "/en/news/feed/rss/", "/sitemap.xml"):
            assert "second-story" in client.get(path).content.decode(), path

    def test_unpublishing(self, client, about):
        visit(client, "/en/")
        visit(client, "/en/about/")
        about.unpublish()
        assert client.get("/en/about/").status_code == 404
        assert 'href="/en/about/"' not in client.get("/en/").content.decode()

    def test_deleting(self, client, about):
        visit(client, "/sitemap.xml")
        about.delete()
        assert "/en/about/" not in client.get("/sitemap.xml").content.decode()

    def test_moving_and_reordering(self, client, home_page, about):
        publish(about, show_in_menus=True)
        other = make_standard_page(
            home_page, title="Programmes", introduction="What we run.", show_in_menus=True
        )
        home = client.get("/en/").content.decode()
        assert home.index('href="/en/about/"') < home.index('href="/en/programmes/"')
        visit(client, "/en/")
        other.move(about, pos="left")
        home = client.get("/en/").content.decode()
        assert home.index('href="/en/programmes/"') < home.index('href="/en/about/"')
        visit(client, "/en/programmes/")
        other.move(about, pos="last-child")
        moved = client.get("/en/programmes/")
        assert (moved.status_code, moved["Location"]) == (301, "/en/about/programmes/")
        assert client.get("/en/about/programmes/").status_code == 200

    def test_scheduled_publishing(self, client, home_page, about):
        page = StandardPage(title="Launch", slug="launch", introduction="Out on schedule.")
        home_page.add_child(instance=page)
        page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
        page.save_revision().publish()  # scheduled, not yet live
        visit(client, "/sitemap.xml")
        # An hour later (the revision's time moved back rather than the clock forward):
        revision = Revision.objects.get(pk=page.latest_revision_id)
        revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
        revision.content["go_live_at"] = revision.approved_go_live_at.isoformat()
        revision.save()
        call_command("publish_scheduled", verbosity=0)
        assert "/en/launch/" in client.get("/sitemap.xml").content.decode()
        assert "Out on schedule." in client.get("/en/launch/").content.decode()

    def test_site_settings(self, client, about, site_settings):
        visit(client, "/en/about/")
        site_settings.footer_text = "A new footer."
        site_settings.save()
        assert "A new footer." in client.get("/en/about/").content.decode()

    def test_site_name_and_root(self, client, about):
        visit(client, "/en/about/")
        site = Site.objects.get(is_default_site=True)
        site.site_name = "Renamed"
        site.save()
        assert cache_state(client.get("/en/about/")) == "miss"

    def test_documents(self, client, home_page):
        document = make_document(title="Myths paper")
        make_myth_busting_page(home_page, document=document)
        visit(client, "/en/myth-busting/")
        document.title = "The myth-busting paper, second edition"
        document.save()
        assert "second edition" in client.get("/en/myth-busting/").content.decode()

    def test_images(self, client, home_page):
        index = make_index(home_page)
        image = make_image(size=(1600, 900))
        make_story(index, title="With picture", hero_image=image)
        old = visit(client, "/en/news/with-picture/").content.decode()
        # An editor moves the image's focal point: the story's crops change.
        image.focal_point_x, image.focal_point_y = 100, 100
        image.focal_point_width = image.focal_point_height = 50
        image.save()
        new = client.get("/en/news/with-picture/").content.decode()
        assert cache_state(client.get("/en/news/with-picture/")) == "hit"
        assert new != old

    def test_member_directory(self, client, home_page):
        from tests.membership_forms.test_directory import make_directory_page

        make_directory_page()
        make_member(city="Aarhus", region=Region.EUROPE)
        visit(client, "/en/members/")
        make_member(city="Amman", region=Region.MIDDLE_EAST_NORTH_AFRICA)
        assert "Amman" in client.get("/en/members/").content.decode()

    def test_a_draft_changes_nothing(self, client, about):
        visit(client, "/en/about/")
        about.introduction = "Not yet."
        about.save_revision()
        response = client.get("/en/about/")
        assert cache_state(response) == "hit"
        assert "Not yet." not in response.content.decode()

    def test_enquiries_leave_stored_pages_alone(self, client, about):
        from tests.membership_forms.factories import make_enquiry

        make_enquiry_page()
        visit(client, "/en/about/")
        make_enquiry()
        assert cache_state(client.get("/en/about/")) == "hit"


def test_a_page_rendered_while_something_changed_is_kept_by_no_cache(rf):
    """It may show the old version: neither this cache nor Varnish may keep it."""
    from django.http import HttpResponse

    from home.page_cache import PageCacheMiddleware, invalidate_all_pages

    renders = []

    def view(request):
        renders.append(request)
        response = HttpResponse("The version before the change.")
        if len(renders) == 1:
            invalidate_all_pages()  # an editor publishes while this page is rendered
        return response

    middleware = PageCacheMiddleware(view)
    first = middleware(rf.get("/en/about/"))
    assert first["X-Page-Cache"] == "bypass"
    assert {"private", "no-store"} <= set(directives(first))
    assert middleware(rf.get("/en/about/"))["X-Page-Cache"] == "miss"
    assert middleware(rf.get("/en/about/"))["X-Page-Cache"] == "hit"
    assert len(renders) == 2
