"""StreamField blocks shared by every content page. `BaseStreamBlock` is the body that other
apps extend, as in Wagtail's bakerydemo."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, label=_("Heading"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section (h2)")), ("h3", _("Subsection (h3)"))],
        default="h2",
        help_text=_("Use h2 for sections and h3 inside a section, so the outline stays clear."),
    )

    class Meta:
        icon = "title"
        template = "home/blocks/heading_block.html"
        description = _("A section heading, also used to build the page outline")
        preview_value = {"text": "How the network works", "level": "h2"}


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text=_("Describe the image for people who cannot see it. Required."),
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "home/blocks/captioned_image_block.html"
        description = _("An image with alternative text and an optional caption")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=800)
    attribution = blocks.CharBlock(required=False, max_length=160)

    class Meta:
        icon = "openquote"
        template = "home/blocks/quote_block.html"
        description = _("A quotation with an optional attribution")
        preview_value = {
            "quote": "Cities learn fastest from other cities.",
            "attribution": "A member city's mayor",
        }


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    page = blocks.PageChooserBlock(required=False)
    external_url = blocks.URLBlock(required=False, help_text=_("Used when no page is chosen."))
    button_label = blocks.CharBlock(max_length=60)

    class Meta:
        icon = "pick"
        template = "home/blocks/call_to_action_block.html"
        description = _("A highlighted box with a heading, a sentence and one button")
        preview_value = {
            "heading": "Join the network",
            "text": "City officials can ask about membership at any time.",
            "external_url": "https://example.org/join/",
            "button_label": "Send an enquiry",
        }

    def clean(self, value):
        cleaned = super().clean(value)
        if not cleaned.get("page") and not cleaned.get("external_url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or give a web address."))}
            )
        return cleaned


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    label = blocks.CharBlock(
        required=False, max_length=160, help_text=_("Defaults to the document's title.")
    )

    class Meta:
        icon = "doc-full"
        template = "home/blocks/document_link_block.html"
        description = _("A download link to a document, with its type and size")


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"],
        icon="pilcrow",
        template="home/blocks/paragraph_block.html",
        description=_("Rich text: paragraphs, lists and links"),
        preview_value="<p>The network connects mayors, policy teams and practitioners.</p>",
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    document = DocumentLinkBlock()


class SourceLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200, help_text=_("What the source is, e.g. its title."))
    url = blocks.URLBlock(label=_("Web address"))

    class Meta:
        icon = "link"
        label_format = "{title}"


class MythFactBlock(blocks.StructBlock):
    myth = blocks.TextBlock(
        max_length=400, help_text=_("The claim as people meet it, in a sentence or two.")
    )
    fact = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        help_text=_("What is actually the case, plainly put."),
    )
    sources = blocks.ListBlock(
        SourceLinkBlock(),
        min_num=0,
        default=[],
        help_text=_("Optional links where readers can check the fact for themselves."),
    )

    class Meta:
        icon = "tick-inverse"
        template = "home/blocks/myth_fact_block.html"
        description = _("A myth and the fact that answers it, with optional sources")
        label_format = "{myth}"
        preview_value = {
            "myth": "The network tells cities what to do.",
            "fact": "<p>Cities choose their own approach; the network helps them learn from "
            "each other.</p>",
            "sources": [],
        }
