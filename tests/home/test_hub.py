"""The members' Online Hub: who may see it, and where it must never show."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from home.models import HomePage, HubPage, StandardPage
from home.services import MEMBERS_GROUP_NAME, hub_restrict_to_members
from tests.home.test_pages import make_standard_page

PASSWORD = "a-long-member-password"


def make_hub(parent, **kwargs):
    kwargs.setdefault("title", "Online Hub")
    kwargs.setdefault("slug", "online-hub")
    kwargs.setdefault("show_in_menus", True)
    kwargs.setdefault("introduction", "Only for members.")
    kwargs.setdefault("body", [("heading", {"text": "Coming up", "level": "h2"})])
    page = HubPage(**kwargs)
    parent.add_child(instance=page)
    page.save_revision().publish()
    hub_restrict_to_members(page=page)
    return page


def make_user(username, *, member=False, **kwargs):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **kwargs)
    if member:
        user.groups.add(Group.objects.get(name=MEMBERS_GROUP_NAME))
    return user


class HubPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = Site.objects.get(is_default_site=True).root_page.specific
        cls.hub = make_hub(cls.home)
        cls.member = make_user("member", member=True)

    def test_created_once_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, HubPage)
        self.assertCanNotCreateAt(Page, HubPage)
        self.assertCanNotCreateAt(StandardPage, HubPage)
        self.assertCanNotCreateAt(HubPage, HubPage)
        self.assertAllowedSubpageTypes(HubPage, {StandardPage})
        self.assertFalse(HubPage.can_create_at(self.home))

    def test_renders_for_members_previews_and_edits(self):
        self.assertPageIsRenderable(self.hub, user=self.member)
        data = nested_form_data(
            {
                "title": self.hub.title,
                "slug": self.hub.slug,
                "introduction": "Edited.",
                "body": streamfield([("paragraph", rich_text("<p>Agenda.</p>"))]),
            }
        )
        self.assertPageIsPreviewable(self.hub, post_data=data)
        self.assertPageIsEditable(self.hub, post_data=data)

    def test_a_hub_made_in_the_admin_is_restricted_to_members(self):
        self.hub.delete()
        self.login()
        data = nested_form_data(
            {
                "title": "Members' area",
                "slug": "members",
                "introduction": "",
                "body": streamfield([]),
                "action-publish": "publish",
            }
        )
        self.assertCanCreate(self.home, HubPage, data)
        hub = HubPage.objects.get(slug="members")
        restriction = PageViewRestriction.objects.get(page=hub)
        self.assertEqual(restriction.restriction_type, PageViewRestriction.GROUPS)
        self.assertEqual([group.name for group in restriction.groups.all()], ["Members"])
        self.client.logout()
        self.assertEqual(self.client.get("/en/members/").status_code, 302)


@pytest.fixture
def hub(home_page):
    hub = make_hub(home_page)
    make_standard_page(hub, title="Members resources", slug="resources")
    return hub


@pytest.mark.django_db
class TestWhoSeesTheHub:
    def test_the_members_group_exists_without_admin_rights(self):
        members = Group.objects.get(name="Members")
        assert members.permissions.count() == 0
        user = make_user("member", member=True)
        assert not user.has_perm("wagtailadmin.access_admin")

    @pytest.mark.parametrize("path", ["/en/online-hub/", "/en/online-hub/resources/"])
    def test_anonymous_visitors_are_sent_to_log_in(self, client, hub, path):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == f"/en/account/login/?next={path}"

    @pytest.mark.parametrize("path", ["/en/online-hub/", "/en/online-hub/resources/"])
    def test_signed_in_non_members_are_refused(self, client, hub, path):
        client.force_login(make_user("visitor"))
        response = client.get(path)
        assert response.status_code == 403
        html = response.content.decode()
        assert "<h1>Access denied</h1>" in html
        assert "Only for members." not in html

    @pytest.mark.parametrize("path", ["/en/online-hub/", "/en/online-hub/resources/"])
    def test_members_see_it(self, client, hub, path):
        client.force_login(make_user("member", member=True))
        response = client.get(path)
        assert response.status_code == 200
        assert response["Cache-Control"].startswith("max-age=0")  # never cached for others

    def test_the_hub_lists_its_pages(self, client, hub):
        client.force_login(make_user("member", member=True))
        html = client.get("/en/online-hub/").content.decode()
        assert '<a href="/en/online-hub/resources/">Members resources</a>' in html
        assert '<meta name="robots" content="noindex">' in html


@pytest.mark.django_db
class TestHubStaysHidden:
    def test_not_in_the_sitemap(self, client, hub):
        html = client.get("/sitemap.xml").content.decode()
        assert "/en/online-hub/" not in html
        assert "<loc>" in html

    def test_not_in_the_sitemap_even_if_its_privacy_is_removed(self, client, hub):
        PageViewRestriction.objects.filter(page=hub).delete()
        html = client.get("/sitemap.xml").content.decode()
        assert "/en/online-hub/</loc>" not in html

    def test_not_in_search_results(self, client, hub):
        make_standard_page(hub.get_parent(), title="Public resources", slug="public")
        for user in [None, make_user("member", member=True)]:
            if user:
                client.force_login(user)
            html = client.get("/en/search/", {"q": "resources"}).content.decode()
            assert "Public resources" in html
            assert "Members resources" not in html

    def test_not_in_the_menu_for_anonymous_visitors_or_non_members(self, client, hub):
        assert 'href="/en/online-hub/"' not in client.get("/en/").content.decode()
        client.force_login(make_user("visitor"))
        assert 'href="/en/online-hub/"' not in client.get("/en/").content.decode()

    def test_in_the_menu_for_members_and_superusers(self, client, hub):
        client.force_login(make_user("member", member=True))
        assert (
            '<li><a href="/en/online-hub/">Online Hub</a></li>'
            in client.get("/en/").content.decode()
        )
        client.force_login(make_user("admin", is_superuser=True, is_staff=True))
        assert (
            '<li><a href="/en/online-hub/">Online Hub</a></li>'
            in client.get("/en/").content.decode()
        )

    def test_menu_queries_stay_the_same_for_members(
        self, client, hub, django_assert_max_num_queries
    ):
        home = hub.get_parent()
        client.force_login(make_user("member", member=True))
        for index in range(3):
            make_standard_page(home, title=f"Section {index}", show_in_menus=True)
        client.get("/en/")
        with django_assert_max_num_queries(100) as few:
            client.get("/en/")
        queries_with_three = len(few)
        for index in range(3, 30):
            make_standard_page(home, title=f"Section {index}", show_in_menus=True)
        client.get("/en/")
        with django_assert_max_num_queries(queries_with_three):
            html = client.get("/en/").content.decode()
        assert html.count('<li><a href="/en/section-') == 30
        assert 'href="/en/online-hub/"' in html


@pytest.mark.django_db
class TestMembersLogin:
    def test_login_page_is_the_sites_own(self, client, hub):
        response = client.get("/en/account/login/?next=/en/online-hub/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "<h1>Members’ login</h1>" in html
        assert '<input type="hidden" name="next" value="/en/online-hub/">' in html
        assert '<label for="id_username">Email address:</label>' in html

    def test_member_logs_in_and_reaches_the_hub(self, client, hub):
        make_user("member", member=True)
        response = client.post(
            "/en/account/login/",
            {"username": "member", "password": PASSWORD, "next": "/en/online-hub/"},
        )
        assert response.status_code == 302
        assert response["Location"] == "/en/online-hub/"
        assert client.get("/en/online-hub/").status_code == 200

    def test_wrong_password_gets_a_clear_error(self, client, hub):
        make_user("member", member=True)
        response = client.post("/en/account/login/", {"username": "member", "password": "wrong"})
        assert response.status_code == 400
        assert "Please enter a correct username and password" in response.content.decode()

    def test_next_cannot_point_to_another_site(self, client, hub):
        make_user("member", member=True)
        response = client.post(
            "/en/account/login/",
            {"username": "member", "password": PASSWORD, "next": "https://evil.example/"},
        )
        assert response["Location"] == "/en/"

    def test_logout(self, client, hub):
        client.force_login(make_user("member", member=True))
        assert "Log out" in client.get("/en/").content.decode()
        assert client.get("/en/account/logout/").status_code == 405  # only by POST, with CSRF
        response = client.post("/en/account/logout/")
        assert response["Location"] == "/en/"
        assert client.get("/en/online-hub/").status_code == 302

    def test_the_admin_does_not_let_members_in(self, client, hub):
        make_user("member", member=True)
        client.post("/admin/login/", {"username": "member", "password": PASSWORD})
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_the_members_login_asks_for_the_email_address_the_network_wrote_to(client):
    html = client.get("/en/account/login/").content.decode()
    label = re.search(r'<label for="id_username">(.*?)</label>', html).group(1)
    assert label == "Email address:"
    assert 'aria-describedby="id_username_helptext"' in html
    assert re.search(r'id="id_username_helptext">The address we wrote to when your city', html)
    assert "Username" not in html
