from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BaseStreamBlock


class SocialLinkBlock(blocks.StructBlock):
    platform = blocks.CharBlock(max_length=40, help_text=_("Shown as the link text, e.g. LinkedIn"))
    url = blocks.URLBlock()

    class Meta:
        icon = "link"


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """What the header and footer of every page say about the organisation."""

    organisation_name = models.CharField(max_length=120, default="Strong Cities Network")
    contact_email = models.EmailField(
        blank=True, help_text=_("Shown in the footer and on the FAQ for questions.")
    )
    footer_text = models.TextField(blank=True, max_length=600)
    social_links = StreamField([("link", SocialLinkBlock())], blank=True)
    privacy_policy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("contact_email"),
        FieldPanel("footer_text"),
        FieldPanel("social_links"),
        FieldPanel("privacy_policy_page"),
    ]

    class Meta:
        verbose_name = _("site settings")


class SocialImageMixin:
    """Pages say which image stands for them in link previews (Open Graph)."""

    def get_social_image(self):
        return None


class HomePage(SocialImageMixin, Page):
    hero_heading = models.CharField(max_length=160)
    hero_text = models.TextField(blank=True, max_length=600)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it. Leave empty if decorative."),
    )
    call_to_action_label = models.CharField(max_length=60, blank=True)
    call_to_action_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
            ],
            heading=_("Hero"),
        ),
        MultiFieldPanel(
            [FieldPanel("call_to_action_label"), FieldPanel("call_to_action_page")],
            heading=_("Call to action"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_heading"),
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.StandardPage", "membership_forms.MemberDirectoryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_social_image(self):
        return self.hero_image


class StandardPage(SocialImageMixin, Page):
    introduction = models.TextField(blank=True, max_length=600)
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
