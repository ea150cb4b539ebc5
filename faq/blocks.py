"""Blocks of the FAQ page: sections of questions, each question with a stable anchor so that
`/faq/#how-do-we-join` keeps working when the wording of the question changes."""

from html import unescape

from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.forms.utils import ErrorList
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail import blocks

ANCHOR_MAX_LENGTH = 80

# Ids the page frame and the FAQ template already use; an anchor may not take them.
RESERVED_ANCHORS = frozenset(
    {"main", "site-search-q", "hero-heading", "faq-contents", "faq-more-questions"}
)

ANCHOR_HELP = _(
    "The end of a link straight to this item, e.g. “how-do-we-join” for /faq/#how-do-we-join. "
    "Leave empty to make it from the text. Once published, keep it: links elsewhere use it."
)


def anchor_from_text(text: str, fallback: str) -> str:
    """A slug of `text` that can serve as an HTML id (non-Latin letters are kept)."""
    return slugify(text or "", allow_unicode=True)[:ANCHOR_MAX_LENGTH].strip("-") or fallback


def anchor_block():
    return blocks.CharBlock(
        required=False,
        max_length=ANCHOR_MAX_LENGTH,
        validators=[validate_unicode_slug],
        help_text=ANCHOR_HELP,
        search_index=False,
    )


class AnchoredValue(blocks.StructValue):
    """A value whose `anchor_id` is the stored anchor, or one made from its text."""

    text_field = ""
    fallback_anchor = ""

    def anchor_id(self) -> str:
        return self.get("anchor") or anchor_from_text(
            self.get(self.text_field), self.fallback_anchor
        )


class QuestionValue(AnchoredValue):
    text_field = "question"
    fallback_anchor = "question"


class SectionValue(AnchoredValue):
    text_field = "heading"
    fallback_anchor = "section"


class AnchoredBlock(blocks.StructBlock):
    """Stores the anchor made from the text when the editor leaves it empty, so that it stays
    the same if the text is reworded later."""

    def clean(self, value):
        cleaned = super().clean(value)
        if not cleaned.get("anchor") and cleaned.get(cleaned.text_field):
            cleaned["anchor"] = cleaned.anchor_id()
        return cleaned


class AnswerBlock(blocks.RichTextBlock):
    """Rich text that must say something, checked on every save, drafts included. The editor
    leaves an empty paragraph behind when text is cut or typed fast, which a plain required
    check takes for an answer; and Wagtail defers required checks on drafts, so the gap would
    otherwise surface only at publishing, far from the question it concerns."""

    def clean(self, value):
        if self.required and not unescape(strip_tags(value.source if value else "")).strip():
            raise ValidationError(_("Write an answer, or remove this question."))
        return super().clean(value)

    class Meta:
        required_on_save = True


class QuestionBlock(AnchoredBlock):
    question = blocks.CharBlock(max_length=200, help_text=_("Ask it as a visitor would."))
    anchor = anchor_block()
    answer = AnswerBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        help_text=_("Keep it short; link to the page or document with the details."),
    )

    class Meta:
        icon = "help"
        template = "faq/blocks/question_block.html"
        description = _("A question and its answer, which opens and closes")
        value_class = QuestionValue
        label_format = "{question}"
        preview_value = {
            "question": "Who can join the network?",
            "anchor": "who-can-join",
            "answer": "<p>People who work for a city in an official role.</p>",
        }


class SectionBlock(AnchoredBlock):
    heading = blocks.CharBlock(max_length=120, help_text=_("e.g. “Joining the network”"))
    anchor = anchor_block()
    questions = blocks.ListBlock(QuestionBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "faq/blocks/section_block.html"
        description = _("A heading with the questions that belong under it")
        value_class = SectionValue
        label_format = "{heading}"
        preview_value = {
            "heading": "Joining the network",
            "anchor": "joining",
            "questions": [
                {
                    "question": "Who can join the network?",
                    "anchor": "who-can-join",
                    "answer": "<p>People who work for a city in an official role.</p>",
                }
            ],
        }


class FAQStreamBlock(blocks.StreamBlock):
    section = SectionBlock()

    def clean(self, value):
        """Refuse two sections or questions with the same anchor: a link could reach only one."""
        cleaned = super().clean(value)
        taken = set()
        repeated = []
        block_errors = {}
        for section_index, child in enumerate(cleaned):
            section_errors = {}
            question_errors = {}
            section_anchor = child.value.anchor_id()
            if error := self.anchor_error(section_anchor, taken, repeated):
                section_errors["anchor"] = error
            for question_index, question in enumerate(child.value["questions"]):
                if error := self.anchor_error(question.anchor_id(), taken, repeated):
                    question_errors[question_index] = blocks.StructBlockValidationError(
                        block_errors={"anchor": error}
                    )
            if question_errors:
                section_errors["questions"] = blocks.ListBlockValidationError(
                    block_errors=question_errors
                )
            if section_errors:
                block_errors[section_index] = blocks.StructBlockValidationError(
                    block_errors=section_errors
                )
        if not block_errors:
            return cleaned
        if repeated:
            summary = _(
                "Each section and question needs its own anchor. Used more than once: %(anchors)s."
            ) % {"anchors": ", ".join(f"“{anchor}”" for anchor in dict.fromkeys(repeated))}
        else:
            summary = _("Some anchors are already used by the page itself; choose others.")
        raise blocks.StreamBlockValidationError(
            block_errors=block_errors, non_block_errors=ErrorList([ValidationError(summary)])
        )

    @staticmethod
    def anchor_error(anchor: str, taken: set, repeated: list) -> ValidationError | None:
        if anchor in RESERVED_ANCHORS:
            return ValidationError(
                _("“%(anchor)s” is used by the page itself; choose another anchor.")
                % {"anchor": anchor}
            )
        if anchor in taken:
            repeated.append(anchor)
            return ValidationError(
                _(
                    "Another section or question already uses the anchor “%(anchor)s”; "
                    "give this one its own."
                )
                % {"anchor": anchor}
            )
        taken.add(anchor)
        return None
