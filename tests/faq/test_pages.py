import json
import re

from django.core.files.base import ContentFile

from wagtail.blocks import StreamBlockValidationError
from wagtail.documents import get_document_model
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data

import pytest

from faq.blocks import FAQStreamBlock, SectionBlock
from faq.models import FAQPage
from home.models import HomePage, SiteSettings, StandardPage
from tests.home.test_pages import make_standard_page

from .helpers import body_form_data, make_faq_page, section

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def body_errors(response) -> dict:
    """The FAQ body's validation errors as the admin's StreamField widget receives them."""
    return response.context["form"].errors.as_data()["body"][0].as_json_data()


def structured_data(html: str) -> dict:
    scripts = JSON_LD.findall(html)
    assert len(scripts) == 1
    return json.loads(scripts[0])


class FAQPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = Site.objects.get(is_default_site=True).root_page.specific

    def edit_url(self, page):
        return f"/admin/pages/{page.pk}/edit/"

    def form_data(self, page, sections, **fields):
        fields.setdefault("title", page.title)
        fields.setdefault("slug", page.slug)
        fields.setdefault("introduction", page.introduction)
        return nested_form_data({**fields, "body": body_form_data(sections)})

    def test_created_once_under_the_home_page_only(self):
        self.assertCanCreateAt(HomePage, FAQPage)
        self.assertCanNotCreateAt(Page, FAQPage)
        self.assertCanNotCreateAt(StandardPage, FAQPage)
        self.assertAllowedSubpageTypes(FAQPage, set())
        make_faq_page(self.home)
        self.assertFalse(FAQPage.can_create_at(self.home))

    def test_admin_creates_it_and_fills_in_anchors(self):
        self.login()
        data = nested_form_data(
            {
                "title": "FAQ",
                "slug": "faq",
                "introduction": "Questions.",
                "body": body_form_data(
                    [("Joining the network", "", [("How do we join?", "", "<p>Write.</p>")])]
                ),
            }
        )
        self.assertCanCreate(self.home, FAQPage, data)
        page = FAQPage.objects.get(slug="faq")
        section_value = page.body[0].value
        self.assertEqual(section_value["anchor"], "joining-the-network")
        self.assertEqual(section_value["questions"][0]["anchor"], "how-do-we-join")

    def test_renders_previews_and_edits(self):
        page = make_faq_page(self.home)
        self.assertPageIsRenderable(page)
        data = self.form_data(
            page, [("Joining", "joining", [("Who can join?", "who-can-join", "<p>Edited.</p>")])]
        )
        self.assertPageIsPreviewable(page, post_data=data)
        self.assertPageIsEditable(page, post_data=data)

    def test_anchor_stays_when_the_question_is_reworded(self):
        self.login()
        page = make_faq_page(self.home, body=[])
        create = self.form_data(page, [("Joining", "", [("How do we join?", "", "<p>A.</p>")])])
        self.client.post(self.edit_url(page), {**create, "action-publish": "publish"})
        page.refresh_from_db()
        anchor = page.body[0].value["questions"][0]["anchor"]
        self.assertEqual(anchor, "how-do-we-join")

        # The edit form posts the stored anchor back with the new wording.
        reworded = self.form_data(
            page, [("Joining", "joining", [("How does a city join?", anchor, "<p>A.</p>")])]
        )
        response = self.client.post(self.edit_url(page), {**reworded, "action-publish": "1"})
        self.assertEqual(response.status_code, 302)
        page.refresh_from_db()
        self.assertEqual(page.body[0].value["questions"][0]["question"], "How does a city join?")
        html = self.client.get("/en/faq/").content.decode()
        self.assertIn('<details class="faq-question" id="how-do-we-join">', html)
        self.assertIn('<a href="#how-do-we-join">How does a city join?</a>', html)

    def test_duplicate_anchors_are_refused_with_a_clear_error(self):
        self.login()
        page = make_faq_page(self.home)
        data = self.form_data(
            page,
            [
                ("Joining", "joining", [("How do we join?", "", "<p>A.</p>")]),
                ("More", "more", [("How do we join?", "", "<p>B.</p>")]),
            ],
        )
        response = self.client.post(self.edit_url(page), {**data, "action-publish": "1"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The page could not be saved due to validation errors")
        errors = body_errors(response)
        self.assertEqual(
            errors["messages"],
            [
                "Each section and question needs its own anchor. "
                "Used more than once: “how-do-we-join”."
            ],
        )
        # The error sits on the second question, where the editor has to change it.
        second_question = errors["blockErrors"][1]["blockErrors"]["questions"]["blockErrors"][0]
        self.assertEqual(
            second_question["blockErrors"]["anchor"]["messages"],
            [
                "Another section or question already uses the anchor “how-do-we-join”; "
                "give this one its own."
            ],
        )
        page.refresh_from_db()
        self.assertEqual(page.body[0].value["questions"][0]["question"], "Who can join?")

    def test_an_anchor_the_page_itself_uses_is_refused(self):
        with self.assertRaises(StreamBlockValidationError) as caught:
            FAQStreamBlock().clean(
                FAQStreamBlock().to_python(
                    [
                        {
                            "type": "section",
                            "value": {
                                "heading": "Main",
                                "anchor": "",
                                "questions": [
                                    {"question": "Q?", "anchor": "q", "answer": "<p>A</p>"}
                                ],
                            },
                        }
                    ]
                )
            )
        errors = caught.exception.as_json_data()
        self.assertEqual(
            errors["blockErrors"][0]["blockErrors"]["anchor"]["messages"],
            ["“main” is used by the page itself; choose another anchor."],
        )

    def test_an_empty_looking_answer_is_refused_at_once_on_its_own_question(self):
        self.login()
        page = make_faq_page(self.home)
        for empty in ('<p data-block-key="x"></p>', "<p>&nbsp;</p><p><br/></p>"):
            data = self.form_data(
                page,
                [
                    (
                        "Joining",
                        "joining",
                        [("Who can join?", "", "<p>Cities.</p>"), ("Q?", "", empty)],
                    )
                ],
            )
            response = self.client.post(self.edit_url(page), data)  # only saving a draft
            self.assertEqual(response.status_code, 200)
            questions = body_errors(response)["blockErrors"][0]["blockErrors"]["questions"]
            self.assertEqual(list(questions["blockErrors"]), [1])
            self.assertEqual(
                questions["blockErrors"][1]["blockErrors"]["answer"]["messages"],
                ["Write an answer, or remove this question."],
            )
        page.refresh_from_db()
        self.assertEqual(page.body[0].value["questions"][0]["question"], "Who can join?")

    def test_an_anchor_must_be_a_slug(self):
        self.login()
        page = make_faq_page(self.home)
        data = self.form_data(page, [("Joining", "joining", [("Q?", "not a slug!", "<p>A</p>")])])
        response = self.client.post(self.edit_url(page), {**data, "action-publish": "1"})
        self.assertEqual(response.status_code, 200)
        question = body_errors(response)["blockErrors"][0]["blockErrors"]["questions"]
        self.assertIn("anchor", question["blockErrors"][0]["blockErrors"])

    def test_contents_list_every_section_and_question(self):
        make_faq_page(self.home)
        html = self.client.get("/en/faq/").content.decode()
        for anchor, text in [
            ("joining", "Joining"),
            ("who-can-join", "Who can join?"),
            ("how-do-we-join", "How do we join?"),
            ("funding", "Funding"),
            ("who-funds", "Who funds the network?"),
        ]:
            self.assertIn(f'<a href="#{anchor}">{text}</a>', html)
            self.assertEqual(html.count(f'id="{anchor}"'), 1)
        self.assertIn("<summary>Who can join?</summary>", html)
        self.assertEqual(html.count("<h1>"), 1)

    def test_json_ld_lists_every_question_with_plain_text_answers(self):
        make_faq_page(self.home)
        data = structured_data(self.client.get("/en/faq/").content.decode())
        self.assertEqual(data["@type"], "FAQPage")
        self.assertEqual(
            [
                (item["@type"], item["name"], item["acceptedAnswer"]["text"])
                for item in data["mainEntity"]
            ],
            [
                ("Question", "Who can join?", "City officials."),
                ("Question", "How do we join?", "Send an enquiry."),
                ("Question", "Who funds the network?", "Several governments."),
            ],
        )

    def test_quotes_script_tags_and_non_latin_text_stay_safe(self):
        question = 'Is "</script><script>alert(1)</script>" a question?'
        answer = "<p>It &amp; “this” are text: &lt;/script&gt;&lt;b&gt; ok.</p>"
        arabic = "كيف تنضم مدينتنا؟"
        make_faq_page(
            self.home,
            body=[section("Odd", [(question, "odd", answer), (arabic, "", "<p>مرحبا بكم</p>")])],
        )
        html = self.client.get("/en/faq/").content.decode()
        self.assertEqual(html.count("<script"), 2)  # faq.js and the JSON-LD, nothing injected
        self.assertNotIn("<script>alert(1)", html)
        data = structured_data(html)
        self.assertEqual(data["mainEntity"][0]["name"], question)
        self.assertEqual(
            data["mainEntity"][0]["acceptedAnswer"]["text"],
            "It & “this” are text: </script><b> ok.",
        )
        self.assertEqual(data["mainEntity"][1]["name"], arabic)
        self.assertEqual(data["mainEntity"][1]["acceptedAnswer"]["text"], "مرحبا بكم")
        # The anchor made from the Arabic question keeps its letters.
        self.assertIn('id="كيف-تنضم-مدينتنا"', html)
        self.assertIn('<a href="#كيف-تنضم-مدينتنا">', html)

    def test_cant_find_your_answer_shows_the_contact_email(self):
        site = Site.objects.get(is_default_site=True)
        settings = SiteSettings.for_site(site)
        settings.contact_email = "questions@example.org"
        settings.save()
        make_faq_page(self.home)
        response = self.client.get("/en/faq/")
        self.assertContains(response, "Can’t find your answer?")
        self.assertContains(
            response, '<a href="mailto:questions@example.org">questions@example.org</a>'
        )

    def test_answers_link_to_pages_and_documents(self):
        about = make_standard_page(self.home, title="About us", slug="about-us")
        document = get_document_model().objects.create(
            title="Terms of Reference", file=ContentFile(b"%PDF-1.4 test", name="tor.pdf")
        )
        make_faq_page(
            self.home,
            body=[
                section(
                    "Links",
                    [
                        (
                            "Where?",
                            "where",
                            f'<p><a linktype="page" id="{about.pk}">About</a> and '
                            f'<a linktype="document" id="{document.pk}">the terms</a>.</p>',
                        )
                    ],
                )
            ],
        )
        response = self.client.get("/en/faq/")
        self.assertContains(response, '<a href="/en/about-us/">About</a>')
        self.assertContains(response, f'<a href="{document.url}">the terms</a>')


@pytest.mark.django_db
def test_site_search_finds_questions_and_answers(client, home_page):
    make_faq_page(
        home_page,
        body=[
            section(
                "Joining", [("Can a regional government join?", "", "<p>Yes, provinces too.</p>")]
            )
        ],
    )
    for query in ["regional government", "provinces"]:
        response = client.get("/en/search/", {"q": query})
        assert '<a href="/en/faq/">Frequently asked questions</a>' in response.content.decode()


@pytest.mark.usefixtures("page_cache_off")
@pytest.mark.django_db
def test_faq_queries_do_not_grow_with_questions(client, home_page, django_assert_max_num_queries):
    about = make_standard_page(home_page, title="About us", slug="about-us")
    document = get_document_model().objects.create(
        title="Terms", file=ContentFile(b"%PDF-1.4 test", name="terms.pdf")
    )
    answer = (
        f'<p>See <a linktype="page" id="{about.pk}">about</a> and '
        f'<a linktype="document" id="{document.pk}">the terms</a>.</p>'
    )

    def questions(count, prefix):
        return [(f"{prefix} question {n}?", f"{prefix}-{n}", answer) for n in range(count)]

    page = make_faq_page(home_page, body=[section("Few", questions(2, "few"), anchor="few")])
    client.get("/en/faq/")  # warm the site-root-paths cache
    with django_assert_max_num_queries(100) as few:
        response = client.get("/en/faq/")
    queries_with_two = len(few)
    assert response.content.decode().count('<details class="faq-question"') == 2

    page.body = [
        section(f"Section {n}", questions(10, f"s{n}"), anchor=f"section-{n}") for n in range(5)
    ]
    page.save_revision().publish()
    client.get("/en/faq/")
    with django_assert_max_num_queries(queries_with_two):
        response = client.get("/en/faq/")
    html = response.content.decode()
    assert html.count('<details class="faq-question"') == 50
    assert html.count('<a href="/en/about-us/">about</a>') == 50


@pytest.mark.django_db
def test_block_previews_render_a_section_of_questions():
    block = SectionBlock()
    html = block.render(block.get_preview_value())
    assert '<h2 id="joining">Joining the network</h2>' in html
    assert '<details class="faq-question" id="who-can-join">' in html
    assert "<summary>Who can join the network?</summary>" in html
