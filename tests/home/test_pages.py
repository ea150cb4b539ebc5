from django.test import override_settings

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from faq.models import FAQPage
from home.models import (
    FundingPage,
    HomePage,
    HubPage,
    MythBustingPage,
    PrinciplesPage,
    SiteSettings,
    StandardPage,
)
from membership_forms.models import MemberDirectoryPage, MembershipEnquiryPage
from news.models import NewsIndexPage


def make_standard_page(parent, **kwargs):
    kwargs.setdefault("title", "About the network")
    kwargs.setdefault("slug", kwargs["title"].lower().replace(" ", "-"))
    kwargs.setdefault("introduction", "Who we are and what we do.")
    page = StandardPage(**kwargs)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


class HomePageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = Site.objects.get(is_default_site=True).root_page.specific
        cls.home.hero_text = "Cities learning from cities."
        cls.home.save_revision().publish()

    def test_home_page_sits_at_the_root_only_once(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))  # max_count
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_allowed_children(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                StandardPage,
                FAQPage,
                PrinciplesPage,
                MythBustingPage,
                FundingPage,
                HubPage,
                MembershipEnquiryPage,
                NewsIndexPage,
                MemberDirectoryPage,
            },
        )

    def test_renders_hero(self):
        self.assertPageIsRenderable(self.home)
        response = self.client.get("/en/")
        self.assertContains(response, '<h1 id="hero-heading">', html=False)
        self.assertContains(response, "Cities learning from cities.")

    def test_previews_and_edits(self):
        self.assertPageIsPreviewable(self.home)
        self.assertPageIsEditable(self.home)

    def test_call_to_action_links_the_chosen_page(self):
        about = make_standard_page(self.home)
        self.home.call_to_action_label = "Read about us"
        self.home.call_to_action_page = about
        self.home.save_revision().publish()
        response = self.client.get("/en/")
        self.assertContains(
            response, '<a class="button button--large" href="/en/about-the-network/">'
        )


class StandardPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = Site.objects.get(is_default_site=True).root_page.specific
        cls.about = make_standard_page(cls.home, show_in_menus=True)

    def test_where_it_can_be_created(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanCreateAt(HubPage, StandardPage)
        self.assertCanNotCreateAt(Page, StandardPage)
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_renders_previews_and_edits(self):
        self.assertPageIsRenderable(self.about)
        form_data = nested_form_data(
            {
                "title": self.about.title,
                "slug": self.about.slug,
                "introduction": "Edited introduction.",
                "body": streamfield([("heading", {"text": "Edited", "level": "h2"})]),
            }
        )
        self.assertPageIsPreviewable(self.about, post_data=form_data)
        self.assertPageIsEditable(self.about, post_data=form_data)

    def test_admin_creates_a_page_with_every_block(self):
        self.login()
        data = nested_form_data(
            {
                "title": "How we work",
                "slug": "how-we-work",
                "introduction": "An outline.",
                "body": streamfield(
                    [
                        ("heading", {"text": "Training", "level": "h2"}),
                        ("paragraph", rich_text("<p>City staff learn together.</p>")),
                        ("quote", {"quote": "Learn from peers.", "attribution": "A mayor"}),
                        (
                            "call_to_action",
                            {
                                "heading": "Join",
                                "text": "",
                                "page": self.about.pk,
                                "external_url": "",
                                "button_label": "Find out more",
                            },
                        ),
                    ]
                ),
            }
        )
        self.assertCanCreate(self.home, StandardPage, data)
        page = StandardPage.objects.get(slug="how-we-work")
        response = self.client.get(page.url)
        self.assertContains(
            response, '<h2 class="block-heading" id="section-1">Training</h2>', html=True
        )
        self.assertContains(response, "City staff learn together.")
        self.assertContains(
            response, '<blockquote dir="auto"><p>Learn from peers.</p></blockquote>', html=True
        )
        self.assertContains(response, 'href="/en/about-the-network/">Find out more</a>')

    def test_call_to_action_without_a_target_is_refused(self):
        self.login()
        data = nested_form_data(
            {
                "title": "Broken",
                "slug": "broken",
                "introduction": "",
                "body": streamfield(
                    [
                        (
                            "call_to_action",
                            {
                                "heading": "Join",
                                "text": "",
                                "page": "",
                                "external_url": "",
                                "button_label": "Go",
                            },
                        )
                    ]
                ),
                "action-publish": "publish",
            }
        )
        url = f"/admin/pages/add/home/standardpage/{self.home.pk}/"
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(StandardPage.objects.filter(slug="broken").exists())

    def test_breadcrumbs_and_menu(self):
        child = make_standard_page(self.about, title="Our team")
        response = self.client.get(child.url)
        self.assertContains(response, '<nav class="breadcrumbs container" aria-label="Breadcrumb">')
        self.assertContains(response, '<a href="/en/">Home</a>')
        self.assertContains(
            response, '<a href="/en/about-the-network/our-team/" aria-current="page">'
        )
        # The menu marks the section the visitor is in.
        self.assertContains(response, 'href="/en/about-the-network/" aria-current="true"')

    def test_seo_tags_come_from_promote_fields(self):
        self.about.seo_title = "About us | custom"
        self.about.search_description = "A short description for search engines."
        self.about.save_revision().publish()
        response = self.client.get(self.about.url)
        self.assertContains(response, "<title>About us | custom | Strong Cities Network</title>")
        self.assertContains(
            response, '<meta name="description" content="A short description for search engines.">'
        )
        self.assertContains(
            response, '<link rel="canonical" href="http://localhost/en/about-the-network/">'
        )
        self.assertContains(response, '<meta property="og:title" content="About us | custom">')


class SiteSettingsTests(WagtailPageTestCase):
    @override_settings(WAGTAILADMIN_BASE_URL="http://testserver")
    def test_footer_shows_settings_edited_in_the_admin(self):
        self.login()
        site = Site.objects.get(is_default_site=True)
        privacy = make_standard_page(site.root_page, title="Privacy policy", slug="privacy")
        data = nested_form_data(
            {
                "organisation_name": "Strong Cities Network",
                "contact_email": "hello@example.org",
                "footer_text": "A network of cities.",
                "social_links": streamfield(
                    [("link", {"platform": "Mastodon", "url": "https://social.example/@scn"})]
                ),
                "privacy_policy_page": privacy.pk,
            }
        )
        response = self.client.post(f"/admin/settings/home/sitesettings/{site.pk}/", data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(SiteSettings.for_site(site).contact_email, "hello@example.org")

        response = self.client.get("/en/")
        self.assertContains(response, '<a href="mailto:hello@example.org">hello@example.org</a>')
        self.assertContains(
            response, '<a href="https://social.example/@scn" rel="noopener">Mastodon</a>'
        )
        self.assertContains(response, '<a href="/en/privacy/">Privacy policy</a>')
