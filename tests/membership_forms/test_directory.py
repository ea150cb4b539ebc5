"""The public member directory: member cities that chose to be shown, by region."""

import re

from django.test import TestCase

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text

import pytest

from home.models import HomePage, StandardPage
from membership_forms.models import MemberDirectoryPage, Region
from tests.quality import axe_violations, html_errors

from .factories import make_member


def card(city: str, country: str) -> str:
    """A member city's card in the directory."""
    return (
        f'<span class="member-card__city">{city}</span> '
        f'<span class="member-card__country">{country}</span>'
    )


def make_directory_page(**kwargs) -> MemberDirectoryPage:
    home = Site.objects.get(is_default_site=True).root_page
    kwargs.setdefault("title", "Our member cities")
    kwargs.setdefault("slug", "members")
    kwargs.setdefault("intro", "<p>Cities from every region learn from one another.</p>")
    page = MemberDirectoryPage(**kwargs)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


class MemberDirectoryPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = Site.objects.get(is_default_site=True).root_page.specific
        cls.page = make_directory_page()

    def test_where_it_can_be_created(self):
        self.assertAllowedSubpageTypes(MemberDirectoryPage, {})
        self.assertCanNotCreateAt(StandardPage, MemberDirectoryPage)
        self.assertCanNotCreateAt(Page, MemberDirectoryPage)
        self.assertFalse(MemberDirectoryPage.can_create_at(self.home))  # max_count 1
        self.page.delete()
        self.assertCanCreateAt(HomePage, MemberDirectoryPage)

    def test_renders_previews_and_edits(self):
        self.assertPageIsRenderable(self.page)
        data = nested_form_data(
            {
                "title": "Member cities",
                "slug": "members",
                "intro": rich_text("<p>Edited introduction.</p>"),
            }
        )
        self.assertPageIsPreviewable(self.page, post_data=data)
        self.assertPageIsEditable(self.page, post_data=data)

    def test_admin_creates_one(self):
        self.page.delete()
        self.login()
        data = nested_form_data(
            {"title": "Members", "slug": "members", "intro": rich_text("<p>Hello.</p>")}
        )
        self.assertCanCreate(self.home, MemberDirectoryPage, data)
        response = self.client.get("/en/members/")
        self.assertContains(response, "<h1>Members</h1>", html=True)
        self.assertContains(response, "No member cities are listed yet.")

    def test_found_by_site_search(self):
        response = self.client.get("/en/search/", {"q": "every region"})
        self.assertContains(response, 'href="/en/members/"')


class DirectoryListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = make_directory_page()

    def get(self):
        response = self.client.get(self.page.url)
        self.assertEqual(response.status_code, 200)
        return response

    def test_public_members_grouped_by_region_in_the_regions_order_with_counts(self):
        make_member(city="Oslo", country="Norway", region=Region.EUROPE)
        make_member(city="aarhus", country="Denmark", region=Region.EUROPE)
        make_member(city="Mombasa", country="Kenya", region=Region.SUB_SAHARAN_AFRICA)
        make_member(city="Montréal", country="Canada", region=Region.NORTH_AMERICA)

        html = self.get().content.decode()

        headings = re.findall(r'<h2 id="region-[a-z_]+">(.*?) <span', html)
        self.assertEqual(headings, ["Sub-Saharan Africa", "Europe", "North America"])
        self.assertIn("4 member cities in 3 regions.", html)
        self.assertIn('<span class="member-directory__count">(2 members)</span>', html)
        self.assertIn('<span class="member-directory__count">(1 member)</span>', html)
        europe = html.split('id="region-europe"')[1].split("</section>")[0]
        self.assertLess(
            europe.index(card("aarhus", "Denmark")), europe.index(card("Oslo", "Norway"))
        )
        self.assertIn('<a href="#region-sub_saharan_africa">Sub-Saharan Africa</a> (1)', html)

    def test_hidden_members_are_not_listed_or_counted(self):
        make_member(city="Oslo", country="Norway")
        make_member(city="Quietville", country="Norway", show_in_directory=False)
        make_member(city="Hidden Bay", region=Region.OCEANIA, show_in_directory=False)

        response = self.get()

        self.assertContains(response, card("Oslo", "Norway"))
        self.assertNotContains(response, "Quietville")
        self.assertNotContains(response, "Hidden Bay")
        self.assertNotContains(response, "Oceania")
        self.assertContains(response, "1 member city in 1 region.")

    def test_one_h1_and_region_headings_below_it(self):
        make_member()
        html = self.get().content.decode()
        self.assertEqual(html.count("<h1"), 1)
        levels = re.findall(r"<h([1-6])", html.split('<main id="main"')[1])
        self.assertEqual(levels[0], "1")
        self.assertTrue(all(int(b) - int(a) <= 1 for a, b in zip(levels, levels[1:], strict=False)))

    def test_names_are_escaped(self):
        make_member(city="<script>alert(1)</script>", country="Nowhere")
        response = self.get()
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")


@pytest.mark.usefixtures("page_cache_off")
@pytest.mark.django_db
def test_query_count_does_not_grow_with_members(client, django_assert_max_num_queries):
    page = make_directory_page()
    make_member(city="Oslo", country="Norway")
    client.get(page.url)  # warm the site and settings caches
    with django_assert_max_num_queries(50) as few:
        client.get(page.url)
    few_count = len(few)

    for i, region in enumerate(Region.values * 4):
        make_member(city=f"City {i}", country="Country", region=region)
    with django_assert_max_num_queries(50) as many:
        response = client.get(page.url)
    assert len(many) == few_count
    assert f"{1 + len(Region.values) * 4} member cities in {len(Region.values)} regions" in (
        response.content.decode()
    )


def build_directory():
    page = make_directory_page()
    make_member(city="Oslo", country="Norway")
    make_member(city="Mombasa", country="Kenya", region=Region.SUB_SAHARAN_AFRICA)
    return page.url


@pytest.mark.django_db
def test_directory_is_valid_html(client):
    url = build_directory()
    assert html_errors({url: client.get(url).content.decode()}) == []


@pytest.mark.browser
def test_directory_passes_axe(browser_page):
    browser_page.goto(build_directory())
    assert axe_violations(browser_page) == []
