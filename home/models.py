from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from modelcluster.fields import ParentalKey
from wagtail_localize.fields import SynchronizedField

from .blocks import BaseStreamBlock, MythFactBlock
from .fragments import FragmentCacheMixin
from .frame import child_page, remembered


class SocialLinkBlock(blocks.StructBlock):
    platform = blocks.CharBlock(max_length=40, help_text=_("Shown as the link text, e.g. LinkedIn"))
    url = blocks.URLBlock()

    class Meta:
        icon = "link"


# What an editor leaves empty in another language's tab of the site settings.
IN_ENGLISH = _("Leave empty to show the English text.")


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """What the header and footer of every page say about the organisation. The text visitors
    read has a copy for French and for Arabic (a tab each); an empty copy shows the English."""

    organisation_name = models.CharField(max_length=120, default="Strong Cities Network")
    organisation_name_fr = models.CharField(
        max_length=120, blank=True, verbose_name=_("organisation name"), help_text=IN_ENGLISH
    )
    organisation_name_ar = models.CharField(
        max_length=120, blank=True, verbose_name=_("organisation name"), help_text=IN_ENGLISH
    )
    contact_email = models.EmailField(
        blank=True, help_text=_("Shown in the footer and on the FAQ for questions.")
    )
    footer_text = models.TextField(blank=True, max_length=600)
    footer_text_fr = models.TextField(
        blank=True, max_length=600, verbose_name=_("footer text"), help_text=IN_ENGLISH
    )
    footer_text_ar = models.TextField(
        blank=True, max_length=600, verbose_name=_("footer text"), help_text=IN_ENGLISH
    )
    social_links = StreamField([("link", SocialLinkBlock())], blank=True)
    privacy_policy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Visitors are led to its translation in their language, once published."),
    )
    terms_of_reference = models.ForeignKey(
        get_document_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The network's Terms of Reference, which new members receive when they join."),
    )

    # The footer links the privacy page on every page: fetched in the settings' query.
    select_related = ["privacy_policy_page__locale"]

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("organisation_name"),
                    FieldPanel("contact_email"),
                    FieldPanel("footer_text"),
                    FieldPanel("social_links"),
                    FieldPanel("privacy_policy_page"),
                    FieldPanel("terms_of_reference"),
                ],
                heading="English",
            ),
            ObjectList(
                [FieldPanel("organisation_name_fr"), FieldPanel("footer_text_fr")],
                heading="Français",
            ),
            ObjectList(
                [FieldPanel("organisation_name_ar"), FieldPanel("footer_text_ar")],
                heading="العربية",
            ),
        ]
    )

    class Meta:
        verbose_name = _("site settings")

    def in_language(self, name: str) -> str:
        """Field `name` in the active language, or in English if that copy is empty."""
        language = (translation.get_language() or "").split("-")[0]
        return getattr(self, f"{name}_{language}", "") or getattr(self, name)

    @property
    def localized_organisation_name(self) -> str:
        return self.in_language("organisation_name")

    @property
    def localized_footer_text(self) -> str:
        return self.in_language("footer_text")

    @property
    def localized_privacy_policy_page(self):
        """The privacy page's live translation in the active language, else the page."""
        page = self.privacy_policy_page
        language = translation.get_language()
        if page is None or page.locale.language_code == language:
            return page
        return remembered(
            ("privacy-page", page.pk, language),
            lambda: (
                Page.objects.live()
                .filter(translation_key=page.translation_key, locale__language_code=language)
                .first()
                or page
            ),
        )


class SocialImageMixin:
    """Pages say which image stands for them in link previews (Open Graph)."""

    def get_social_image(self):
        return None


class HomePage(FragmentCacheMixin, SocialImageMixin, Page):
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
    fragment_scopes = ("news",)  # the latest stories
    subpage_types = [
        "home.StandardPage",
        "faq.FAQPage",
        "home.PrinciplesPage",
        "home.MythBustingPage",
        "home.FundingPage",
        "home.HubPage",
        "membership_forms.MembershipEnquiryPage",
        "news.NewsIndexPage",
        "membership_forms.MemberDirectoryPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_social_image(self):
        return self.hero_image

    def route(self, request, path_components):
        """As Wagtail routes, with the home page's children (the site's sections) kept while
        nothing changes the frame (home/frame.py)."""
        if not path_components:
            return super().route(request, path_components)
        child = child_page(self, path_components[0])
        if child is None:
            raise Http404
        return child.route(request, path_components[1:])

    def call_to_action_target(self):
        """The call to action's page in this home page's language when it is translated and
        live: wagtail-localize keeps a translation's links to pages on the English pages."""
        page = self.call_to_action_page
        if page is None or page.locale_id == self.locale_id:
            return page
        translated = Page.objects.live().filter(
            translation_key=page.translation_key, locale_id=self.locale_id
        )
        return translated.first() or page

    def latest_news(self):
        """The news index and its three newest stories, for the home page's news section."""
        from news.models import latest_news  # news builds on this app: imported late

        return latest_news(root=self, count=3)


class StandardPage(FragmentCacheMixin, SocialImageMixin, Page):
    introduction = models.TextField(blank=True, max_length=600)
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage", "home.HubPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")

    def contents(self) -> list[tuple[str, str]]:
        """(anchor, heading) of each section of the body, for the page's side column; the
        anchor is the heading block's place in the body (blocks/heading_block.html)."""
        return [
            (f"section-{place}", block.value["text"])
            for place, block in enumerate(self.body, start=1)
            if block.block_type == "heading" and block.value["level"] == "h2"
        ]


def principle_slug(title: str, slug: str = "") -> str:
    return slug or slugify(title)[:80]


class PrinciplesPageForm(WagtailAdminPageForm):
    def clean(self):
        """Two principles may not share an id: commitments to them would be confused."""
        cleaned_data = super().clean()
        seen = set()
        for form in self.formsets["principles"].forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            slug = principle_slug(form.cleaned_data.get("title", ""), form.cleaned_data["slug"])
            if slug in seen:
                form.add_error(
                    "slug",
                    _("Another principle already has the id “%(slug)s”; give this one its own.")
                    % {"slug": slug},
                )
            seen.add(slug)
        return cleaned_data


class PrinciplesPage(FragmentCacheMixin, SocialImageMixin, Page):
    introduction = models.TextField(
        blank=True, max_length=800, help_text=_("Why the network has principles, briefly.")
    )
    agreed_by = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Who agreed the principles, e.g. “the International Steering Committee”."),
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text=_("When the principles were last reviewed.")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        InlinePanel(
            "principles",
            heading=_("Principles"),
            label=_("Principle"),
            min_num=1,
            help_text=_(
                "In the order they should be read. Membership applications ask applicants to "
                "commit to each one."
            ),
        ),
        MultiFieldPanel(
            [FieldPanel("agreed_by"), FieldPanel("last_reviewed")], heading=_("Agreement")
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.RelatedFields(
            "principles", [index.SearchField("title"), index.SearchField("explanation")]
        ),
    ]

    base_form_class = PrinciplesPageForm
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("principles page")


class Principle(TranslatableMixin, Orderable):
    """A principle, translated with its page (wagtail-localize); its id (`slug`) stays the
    source's in every language, as commitments are recorded against it."""

    page = ParentalKey(PrinciplesPage, on_delete=models.CASCADE, related_name="principles")
    title = models.CharField(max_length=160, help_text=_("A short name, e.g. “Human rights”."))
    slug = models.SlugField(
        max_length=80,
        blank=True,
        verbose_name=_("id"),
        help_text=_(
            "A permanent id for this principle, made from the title if left empty. Membership "
            "applications record commitments against it, so do not change it once published."
        ),
    )
    explanation = models.TextField(max_length=1000)

    panels = [FieldPanel("title"), FieldPanel("slug"), FieldPanel("explanation")]
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta(Orderable.Meta):
        verbose_name = _("principle")
        unique_together = [("translation_key", "locale")]

    def __str__(self):
        return self.title

    def get_default_locale(self):
        return self.page.locale

    def clean(self):
        self.slug = principle_slug(self.title, self.slug)

    def save(self, *args, **kwargs):
        self.slug = principle_slug(self.title, self.slug)
        super().save(*args, **kwargs)


class MythBustingPage(FragmentCacheMixin, SocialImageMixin, Page):
    introduction = models.TextField(
        blank=True, max_length=800, help_text=_("Why this page exists, in a sentence or two.")
    )
    myths = StreamField(
        [("myth", MythFactBlock())],
        blank=True,
        verbose_name=_("myths and facts"),
        help_text=_("Each myth with the fact that answers it."),
    )
    document = models.ForeignKey(
        get_document_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional: the full myth-busting paper for download."),
    )
    document_label = models.CharField(
        max_length=160,
        blank=True,
        help_text=_("Link text for the document; defaults to its title."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("myths"),
        MultiFieldPanel(
            [FieldPanel("document"), FieldPanel("document_label")], heading=_("Download")
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("myths"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("myth-busting page")


class FundingPage(FragmentCacheMixin, SocialImageMixin, Page):
    transparency_statement = RichTextField(
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        help_text=_("Why and how the network is open about who funds it."),
    )
    refused_funding_statement = RichTextField(
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        verbose_name=_("funding we refuse"),
        help_text=_("Which funding the network turns down, and why."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("transparency_statement"),
        InlinePanel(
            "funders",
            heading=_("Funders"),
            label=_("Funder"),
            help_text=_("Shown as a table, in this order."),
        ),
        FieldPanel("refused_funding_statement"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("transparency_statement"),
        index.SearchField("refused_funding_statement"),
        index.RelatedFields("funders", [index.SearchField("name"), index.SearchField("supports")]),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("funding page")


class Funder(TranslatableMixin, Orderable):
    """A funder, translated with its page (wagtail-localize): its name and what it supports."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        FOUNDATION = "foundation", _("Foundation")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        MEMBER_CITY_IN_KIND = "member_city_in_kind", _("Member city (in kind)")

    year_validators = [MinValueValidator(1990), MaxValueValidator(2100)]

    page = ParentalKey(FundingPage, on_delete=models.CASCADE, related_name="funders")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    supports = models.TextField(
        max_length=600, verbose_name=_("what it supports"), help_text=_("What the money pays for.")
    )
    from_year = models.PositiveSmallIntegerField(validators=year_validators)
    to_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=year_validators, help_text=_("Leave empty if ongoing.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("supports"),
        FieldPanel("from_year"),
        FieldPanel("to_year"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("funder")
        unique_together = [("translation_key", "locale")]

    def __str__(self):
        return self.name

    def get_default_locale(self):
        return self.page.locale

    def clean(self):
        if self.from_year and self.to_year and self.to_year < self.from_year:
            raise ValidationError(
                {
                    "to_year": _("The funding cannot end before it starts (%(from_year)s).")
                    % {"from_year": self.from_year}
                }
            )


class HubPage(SocialImageMixin, Page):
    """The members' Online Hub. Only the Members group may see it and the pages inside it:
    creating one restricts it (see wagtail_hooks.py), and it stays out of the sitemap."""

    introduction = models.TextField(blank=True, max_length=600)
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("members' hub page")

    def get_sitemap_urls(self, request=None):
        return []
