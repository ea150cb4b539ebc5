from dataclasses import dataclass

from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.rich_text import expand_db_html, get_text_for_indexing
from wagtail.search import index

from home.fragments import FragmentCacheMixin
from home.languages import content_language
from home.models import SocialImageMixin

from .blocks import FAQStreamBlock

# Joins the answers so that their links are looked up in one go; Wagtail's rich text never
# stores HTML comments, so it cannot occur inside an answer.
ANSWER_SEPARATOR = "<!-- faq-answer-break -->"


@dataclass(frozen=True)
class Question:
    anchor: str
    question: str
    answer_html: SafeString
    answer_text: str


@dataclass(frozen=True)
class Section:
    anchor: str
    heading: str
    questions: list[Question]


def expand_rich_texts(sources: list[str]) -> list[str]:
    """Front-end HTML of many rich texts with one query per link type, not one per text."""
    parts = expand_db_html(ANSWER_SEPARATOR.join(sources)).split(ANSWER_SEPARATOR)
    if len(parts) != len(sources):
        parts = [expand_db_html(source) for source in sources]
    return parts


class FAQPage(FragmentCacheMixin, SocialImageMixin, Page):
    introduction = models.TextField(
        blank=True, max_length=600, help_text=_("A sentence or two above the questions.")
    )
    body = StreamField(
        FAQStreamBlock(),
        blank=True,
        help_text=_(
            "Sections of questions. The page lists them all at the top, and each question can "
            "be linked to directly by its anchor."
        ),
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("FAQ page")

    def get_sections(self) -> list[Section]:
        section_values = [child.value for child in self.body if child.block_type == "section"]
        sources = [
            question["answer"].source
            for section in section_values
            for question in section["questions"]
        ]
        answers = iter(expand_rich_texts(sources) if sources else [])
        return [
            Section(
                anchor=section.anchor_id(),
                heading=section["heading"],
                questions=[
                    Question(
                        anchor=question.anchor_id(),
                        question=question["question"],
                        answer_html=mark_safe(next(answers)),  # noqa: S308 - Wagtail's own HTML
                        answer_text=get_text_for_indexing(question["answer"].source),
                    )
                    for question in section["questions"]
                ],
            )
            for section in section_values
        ]

    def get_structured_data(self, sections: list[Section]) -> dict:
        """schema.org FAQPage data, for search engines."""
        return {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "name": self.seo_title or self.title,
            "inLanguage": content_language(self),
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": question.question,
                    "acceptedAnswer": {"@type": "Answer", "text": question.answer_text},
                }
                for section in sections
                for question in section.questions
            ],
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Worked out only if the page's stored fragments are out of date (home/fragments.py).
        context["sections"] = sections = SimpleLazyObject(self.get_sections)
        context["structured_data"] = lambda: self.get_structured_data(sections)
        return context
