"""The pages about the network itself: principles, myths and facts, and funding."""

import datetime

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.models import Page, Site
from wagtail.rich_text import RichText
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from home.models import (
    Funder,
    FundingPage,
    HomePage,
    MythBustingPage,
    Principle,
    PrinciplesPage,
    SiteSettings,
    StandardPage,
)
from home.selectors import current_principles
from tests.faq.helpers import list_block


def make_principles_page(parent, **kwargs):
    kwargs.setdefault("title", "Our principles")
    kwargs.setdefault("slug", "principles")
    kwargs.setdefault("introduction", "What every member commits to.")
    kwargs.setdefault("agreed_by", "the International Steering Committee")
    kwargs.setdefault(
        "principles",
        [
            Principle(title="Human rights", explanation="Protect them.", sort_order=0),
            Principle(
                title="Open about funding", explanation="Publish every funder.", sort_order=1
            ),
        ],
    )
    page = PrinciplesPage(**kwargs)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_funding_page(parent, **kwargs):
    kwargs.setdefault("title", "Who funds the network")
    kwargs.setdefault("slug", "funding")
    kwargs.setdefault("transparency_statement", "<p>We publish every funder.</p>")
    kwargs.setdefault("refused_funding_statement", "<p>We refuse some money.</p>")
    kwargs.setdefault(
        "funders",
        [
            Funder(
                name="A ministry",
                kind=Funder.Kind.GOVERNMENT,
                supports="Seed funding.",
                from_year=2015,
                sort_order=0,
            ),
            Funder(
                name="A foundation",
                kind=Funder.Kind.FOUNDATION,
                supports="Research.",
                from_year=2018,
                to_year=2020,
                sort_order=1,
            ),
        ],
    )
    page = FundingPage(**kwargs)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_document(title="Myth-busting paper", name="myths.pdf"):
    return get_document_model().objects.create(
        title=title, file=ContentFile(b"%PDF-1.4 test", name=name)
    )


def make_myth_busting_page(parent, **kwargs):
    kwargs.setdefault("title", "Myths and facts")
    kwargs.setdefault("slug", "myth-busting")
    kwargs.setdefault("introduction", "Some reports got us wrong.")
    kwargs.setdefault(
        "myths",
        [
            (
                "myth",
                {
                    "myth": "The network tells cities what to do.",
                    "fact": RichText("<p>Cities choose their own way.</p>"),
                    "sources": [{"title": "Annual report", "url": "https://example.org/report"}],
                },
            )
        ],
    )
    page = MythBustingPage(**kwargs)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


class SingletonPageRules:
    """Each of these pages sits under the home page, once, with no children."""

    page_class = None

    def test_created_once_under_the_home_page_only(self):
        self.assertCanCreateAt(HomePage, self.page_class)
        self.assertCanNotCreateAt(Page, self.page_class)
        self.assertCanNotCreateAt(StandardPage, self.page_class)
        self.assertAllowedSubpageTypes(self.page_class, set())
        self.assertFalse(self.page_class.can_create_at(self.home))  # one exists already


class PrinciplesPageTests(SingletonPageRules, WagtailPageTestCase):
    page_class = PrinciplesPage

    @classmethod
    def setUpTestData(cls):
        cls.home = Site.objects.get(is_default_site=True).root_page.specific
        cls.page = make_principles_page(cls.home, last_reviewed=datetime.date(2024, 3, 5))

    def form_data(self, principles, **fields):
        fields.setdefault("title", self.page.title)
        fields.setdefault("slug", self.page.slug)
        fields.setdefault("introduction", self.page.introduction)
        fields.setdefault("agreed_by", self.page.agreed_by)
        fields.setdefault("last_reviewed", "2025-01-31")
        return nested_form_data({**fields, "principles": inline_formset(principles, min=1)})

    def test_renders_the_principles_in_order(self):
        self.assertPageIsRenderable(self.page)
        response = self.client.get("/en/principles/")
        html = response.content.decode()
        self.assertLess(html.index("Human rights"), html.index("Open about funding"))
        self.assertContains(response, '<li id="principle-human-rights">')
        self.assertContains(response, "Agreed by the International Steering Committee.")
        self.assertContains(response, '<time datetime="2024-03-05">5 March 2024</time>')

    def test_previews_and_edits(self):
        data = self.form_data(
            [
                {"title": "Human rights", "slug": "", "explanation": "Protect them."},
                {"title": "Partnership", "slug": "", "explanation": "With communities."},
            ]
        )
        self.assertPageIsPreviewable(self.page, post_data=data)
        self.assertPageIsEditable(self.page, post_data=data)

    def test_admin_rewords_reorders_removes_and_adds_principles(self):
        self.login()
        rights, funding = self.page.principles.all()
        data = self.form_data([])
        data.update(
            nested_form_data(
                {
                    "principles": inline_formset(
                        [
                            {
                                "id": rights.pk,
                                "title": "Human rights for all",
                                "slug": rights.slug,
                                "explanation": "Reworded.",
                                "ORDER": "1",
                            },
                            {
                                "id": funding.pk,
                                "title": funding.title,
                                "slug": funding.slug,
                                "explanation": funding.explanation,
                                "DELETE": "1",
                            },
                            {
                                "title": "Partnership with communities",
                                "slug": "",
                                "explanation": "Together.",
                                "ORDER": "0",
                            },
                        ],
                        initial=2,
                        min=1,
                    )
                }
            )
        )
        response = self.client.post(
            f"/admin/pages/{self.page.pk}/edit/", {**data, "action-publish": "1"}
        )
        self.assertEqual(response.status_code, 302)
        principles = current_principles()
        self.assertEqual(
            [(p.slug, p.title) for p in principles],
            [
                ("partnership-with-communities", "Partnership with communities"),
                ("human-rights", "Human rights for all"),
            ],
        )
        self.assertEqual(principles[1].pk, rights.pk)
        self.page.refresh_from_db()
        self.assertEqual(self.page.last_reviewed, datetime.date(2025, 1, 31))

    def test_two_principles_with_the_same_id_are_refused(self):
        self.login()
        data = self.form_data(
            [
                {"title": "Human rights", "slug": "", "explanation": "One."},
                {"title": "Rights", "slug": "human-rights", "explanation": "Two."},
            ]
        )
        response = self.client.post(
            f"/admin/pages/{self.page.pk}/edit/", {**data, "action-publish": "1"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "Another principle already has the id “human-rights”; give this one its own."
        )
        self.assertEqual(len(current_principles()), 2)
        self.assertEqual(current_principles()[1].title, "Open about funding")


@pytest.mark.django_db
class TestCurrentPrinciples:
    def test_empty_without_a_principles_page(self, home_page):
        assert current_principles() == []

    def test_empty_while_the_page_is_not_live(self, home_page):
        page = make_principles_page(home_page)
        page.unpublish()
        assert current_principles() == []

    def test_lists_the_live_principles_in_order_with_stable_ids(self, home_page):
        page = make_principles_page(home_page)
        first = current_principles()
        assert [(p.slug, p.title) for p in first] == [
            ("human-rights", "Human rights"),
            ("open-about-funding", "Open about funding"),
        ]
        # Rewording a principle keeps its id.
        page.principles.first().explanation = "Reworded."
        page.principles.add(Principle(title="Learning", explanation="Evaluate.", sort_order=2))
        page.save_revision().publish()
        second = current_principles()
        assert [p.slug for p in second] == ["human-rights", "open-about-funding", "learning"]
        assert second[0].pk == first[0].pk


class MythBustingPageTests(SingletonPageRules, WagtailPageTestCase):
    page_class = MythBustingPage

    @classmethod
    def setUpTestData(cls):
        cls.home = Site.objects.get(is_default_site=True).root_page.specific
        cls.document = make_document()
        cls.page = make_myth_busting_page(cls.home, document=cls.document)

    def test_renders_myths_facts_sources_and_the_download(self):
        self.assertPageIsRenderable(self.page)
        response = self.client.get("/en/myth-busting/")
        self.assertContains(
            response,
            '<h2 class="myth-fact__myth"><span class="myth-fact__label">Myth:</span> '
            "The network tells cities what to do.</h2>",
            html=True,
        )
        self.assertContains(response, "<p>Cities choose their own way.</p>")
        self.assertContains(
            response, '<a href="https://example.org/report" rel="noopener">Annual report</a>'
        )
        self.assertContains(response, f'<a href="{self.document.url}">Myth-busting paper</a>')

    def test_previews_and_edits_with_sources(self):
        data = nested_form_data(
            {
                "title": self.page.title,
                "slug": self.page.slug,
                "introduction": "Edited.",
                "myths": streamfield(
                    [
                        (
                            "myth",
                            {
                                "myth": "It is secret.",
                                "fact": rich_text("<p>It is public.</p>"),
                                "sources": list_block(
                                    [{"title": "Funding page", "url": "https://example.org/f"}]
                                ),
                            },
                        ),
                        (
                            "myth",
                            {
                                "myth": "No sources.",
                                "fact": rich_text("<p>Fine.</p>"),
                                "sources": list_block([]),
                            },
                        ),
                    ]
                ),
                "document": self.document.pk,
                "document_label": "Read the paper",
            }
        )
        self.assertPageIsPreviewable(self.page, post_data=data)
        self.assertPageIsEditable(self.page, post_data=data)
        self.login()
        self.client.post(f"/admin/pages/{self.page.pk}/edit/", {**data, "action-publish": "1"})
        response = self.client.get("/en/myth-busting/")
        self.assertContains(response, "It is secret.")
        self.assertContains(
            response, '<a href="https://example.org/f" rel="noopener">Funding page</a>'
        )
        self.assertContains(response, f'<a href="{self.document.url}">Read the paper</a>')


class FundingPageTests(SingletonPageRules, WagtailPageTestCase):
    page_class = FundingPage

    @classmethod
    def setUpTestData(cls):
        cls.home = Site.objects.get(is_default_site=True).root_page.specific
        cls.page = make_funding_page(cls.home)

    def form_data(self, funders):
        return nested_form_data(
            {
                "title": self.page.title,
                "slug": self.page.slug,
                "transparency_statement": rich_text("<p>Open books.</p>"),
                "refused_funding_statement": rich_text("<p>Not from everyone.</p>"),
                "funders": inline_formset(funders),
            }
        )

    def test_renders_the_table_of_funders(self):
        self.assertPageIsRenderable(self.page)
        response = self.client.get("/en/funding/")
        self.assertContains(
            response, '<th scope="row" dir="auto" data-label="Funder">A ministry</th>', html=True
        )
        self.assertContains(response, '<td data-label="Years">2015–ongoing</td>', html=True)
        self.assertContains(response, '<td data-label="Years">2018–2020</td>', html=True)
        self.assertContains(response, '<td data-label="Kind">Foundation</td>', html=True)
        self.assertContains(response, "<h2>Funding we refuse</h2>", html=True)
        self.assertContains(response, "We refuse some money.")

    def test_previews_and_edits(self):
        data = self.form_data(
            [
                {
                    "name": "A city",
                    "kind": "member_city_in_kind",
                    "supports": "Workshops.",
                    "from_year": "2019",
                    "to_year": "2019",
                }
            ]
        )
        self.assertPageIsPreviewable(self.page, post_data=data)
        self.assertPageIsEditable(self.page, post_data=data)
        self.login()
        self.client.post(f"/admin/pages/{self.page.pk}/edit/", {**data, "action-publish": "1"})
        response = self.client.get("/en/funding/")
        self.assertContains(
            response, '<th scope="row" dir="auto" data-label="Funder">A city</th>', html=True
        )
        self.assertContains(response, '<td data-label="Kind">Member city (in kind)</td>', html=True)
        self.assertContains(response, '<td data-label="Years">2019</td>', html=True)

    def test_funding_cannot_end_before_it_starts(self):
        self.login()
        data = self.form_data(
            [
                {
                    "name": "Backwards",
                    "kind": "foundation",
                    "supports": "Nothing.",
                    "from_year": "2020",
                    "to_year": "2019",
                }
            ]
        )
        response = self.client.post(
            f"/admin/pages/{self.page.pk}/edit/", {**data, "action-publish": "1"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The funding cannot end before it starts (2020).")
        self.assertFalse(Funder.objects.filter(name="Backwards").exists())

    def test_years_out_of_range_are_refused(self):
        self.login()
        data = self.form_data(
            [
                {
                    "name": "Odd",
                    "kind": "foundation",
                    "supports": "x",
                    "from_year": "20",
                    "to_year": "",
                }
            ]
        )
        response = self.client.post(
            f"/admin/pages/{self.page.pk}/edit/", {**data, "action-publish": "1"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Ensure this value is greater than or equal to 1990.")


class TermsOfReferenceSettingTests(WagtailPageTestCase):
    def test_editor_chooses_the_terms_of_reference_document(self):
        self.login()
        site = Site.objects.get(is_default_site=True)
        document = make_document("Terms of Reference", "tor.pdf")
        response = self.client.post(
            f"/admin/settings/home/sitesettings/{site.pk}/",
            nested_form_data(
                {
                    "organisation_name": "Strong Cities Network",
                    "contact_email": "",
                    "footer_text": "",
                    "social_links": streamfield([]),
                    "privacy_policy_page": "",
                    "terms_of_reference": document.pk,
                }
            ),
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(SiteSettings.for_site(site).terms_of_reference, document)
        document.delete()
        self.assertIsNone(SiteSettings.for_site(site).terms_of_reference)
