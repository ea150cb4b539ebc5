import re
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Prefetch
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase

from home.blocks import BaseStreamBlock
from home.fragments import FragmentCacheMixin
from home.frame import remembered, remembered_if_found
from home.models import SocialImageMixin
from home.selectors import public_pages

from .feeds import NewsAtomFeed, NewsRssFeed

STORIES_PER_PAGE = 10
RELATED_STORIES = 3
# The renditions that story cards use (index, related stories, home page): prefetched with
# the stories so that images cost the same few queries however many stories a page lists.
# Art-directed: a wide crop (16:9) where a card is as wide as a phone, a 4:3 one beside the
# text on wider screens (news/includes/story_card.html).
CARD_IMAGE_SPECS = (
    "fill-480x270|format-webp",
    "fill-960x540|format-webp",
    "fill-400x300|format-webp",
    "fill-800x600|format-webp",
)
# A story's slug may not look like a year: /news/2024/ is the year archive.
YEAR_SLUG = re.compile(r"[0-9]{4}")


def with_card_data(stories, *, topics: bool):
    """Stories with their hero image (in the same query) and its card renditions, and their
    topics if asked; without their bodies, which a card does not show."""
    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec__in=CARD_IMAGE_SPECS)
    )
    stories = (
        stories.defer_streamfields()
        .select_related("hero_image")
        .prefetch_related(
            # As Wagtail's prefetch_renditions() names them, so that {% image %} finds them.
            Prefetch("hero_image__renditions", queryset=renditions, to_attr="prefetched_renditions")
        )
    )
    return stories.prefetch_related("topics") if topics else stories


def page_number(request, last: int) -> int:
    """The `page` the address asks for: 1 without one; a page that does not exist (past
    the last, not a whole number) is not found, rather than another page at that address."""
    raw = request.GET.get("page")
    if raw is None:
        return 1
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6 and 1 <= int(raw) <= last):
        raise Http404(_("There is no such page of stories."))
    return int(raw)


class LatestNews(NamedTuple):
    index: "NewsIndexPage | None"
    stories: list["NewsPage"]


def latest_news(*, root: Page, count: int) -> LatestNews:
    """The news index below `root` and its `count` newest live stories."""
    news_index = public_pages(NewsIndexPage.objects.child_of(root).live()).first()
    if news_index is None:
        return LatestNews(None, [])
    return LatestNews(news_index, list(with_card_data(news_index.stories(), topics=False)[:count]))


class NewsIndexPage(FragmentCacheMixin, RoutablePageMixin, SocialImageMixin, Page):
    introduction = models.TextField(
        blank=True,
        max_length=600,
        help_text=_("A sentence or two above the list of stories."),
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count = 1
    fragment_scopes = ("news",)

    class Meta:
        verbose_name = _("news index")

    def stories(self):
        """Live, public stories of this index, newest first."""
        return public_pages(NewsPage.objects.child_of(self).live()).order_by(
            "-publication_date", "-first_published_at", "-pk"
        )

    def topic_counts(self):
        """Topics that live stories use, by name, each with its number of stories."""
        return (
            Tag.objects.filter(
                news_newspagetopic_items__content_object__in=self.stories().values("pk")
            )
            .annotate(story_count=Count("news_newspagetopic_items"))
            .order_by("name")
        )

    def year_counts(self):
        """Years that have stories, newest first, each with its number of stories (kept
        between anonymous visitors' requests while no story changes: home/frame.py)."""
        return remembered(("news-years", self.pk), self._year_counts, scope="news")

    def _year_counts(self):
        return list(
            self.stories()
            .order_by()
            .annotate(year=ExtractYear("publication_date"))
            .values("year")
            .annotate(story_count=Count("pk"))
            .order_by("-year")
        )

    def fragment_identity(self, request, context):
        """Each archive (its address) and page of stories apart; feeds are not pages."""
        stories = context.get("stories")
        if stories is None:
            return None
        return (self.pk, request.path, stories.number)

    def render_listing(
        self, request, stories, *, heading, count, topics, years, topic=None, year=None
    ):
        """A page of `stories` with the topic and year lists. `count` is the number of
        stories, which the lists already tell, so the paginator need not count them again."""
        paginator = Paginator(with_card_data(stories, topics=True), STORIES_PER_PAGE)
        paginator.count = count
        page_of_stories = paginator.page(page_number(request, paginator.num_pages))
        # Archives and later pages are pages of their own for search engines.
        canonical_url = request.build_absolute_uri(request.path)
        if page_of_stories.number > 1:
            canonical_url += f"?page={page_of_stories.number}"
        return self.render(
            request,
            context_overrides={
                "canonical_url": canonical_url,
                "listing_heading": heading,
                "stories": page_of_stories,
                "topics": topics,
                "years": years,
                "active_topic": topic,
                "active_year": year,
            },
        )

    @path("")
    def index_route(self, request):
        years = self.year_counts()
        return self.render_listing(
            request,
            self.stories(),
            heading=self.title,
            count=sum(entry["story_count"] for entry in years),
            topics=SimpleLazyObject(lambda: list(self.topic_counts())),
            years=years,
        )

    # \w, not <slug:…>: taggit keeps non-Latin letters in slugs.
    @re_path(r"^topic/(?P<slug>[-\w]+)/$", name="topic")
    def topic(self, request, slug):
        topics = list(self.topic_counts())
        topic = next((topic for topic in topics if topic.slug == slug), None)
        if topic is None:
            raise Http404(_("No news on that topic."))
        stories = self.stories().filter(tagged_items__tag=topic)
        heading = _("News about %(topic)s") % {"topic": topic.name}
        return self.render_listing(
            request,
            stories,
            heading=heading,
            count=topic.story_count,
            topics=topics,
            years=self.year_counts(),
            topic=topic,
        )

    @re_path(r"^(?P<year>[0-9]{4})/$", name="year")
    def year(self, request, year):
        year = int(year)
        years = self.year_counts()
        # Checked against the years that have stories before any date lookup.
        entry = next((entry for entry in years if entry["year"] == year), None)
        if entry is None:
            raise Http404(_("No news from that year."))
        stories = self.stories().filter(publication_date__year=year)
        heading = _("News from %(year)s") % {"year": year}
        return self.render_listing(
            request,
            stories,
            heading=heading,
            count=entry["story_count"],
            topics=SimpleLazyObject(lambda: list(self.topic_counts())),
            years=years,
            year=year,
        )

    def route(self, request, path_components):
        """A story is found in one query (Wagtail's routing takes two: the page, then its
        specific type), kept while no story changes (home/frame.py). The subpage routes
        (archives, feeds) still come first."""
        if self.live and len(path_components) == 1:
            try:
                self.resolve_subpage(f"/{path_components[0]}/")
            except Http404:
                slug = path_components[0]
                story = remembered_if_found(
                    ("story", self.pk, slug), lambda: self.story_at(slug), scope="news"
                )
                if story is not None:
                    return story.route(request, [])
        return super().route(request, path_components)

    def story_at(self, slug):
        # With its hero image, which the story and its link preview show.
        story = NewsPage.objects.child_of(self).filter(slug=slug).select_related("hero_image")
        story = story.first()
        if story is not None:
            story._cached_parent_obj = self  # as Wagtail's routing does
        return story

    @path("feed/rss/", name="rss_feed")
    def rss_feed(self, request):
        return NewsRssFeed()(request, news_index=self)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        return NewsAtomFeed()(request, news_index=self)


class NewsPageTopic(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(FragmentCacheMixin, SocialImageMixin, Page):
    publication_date = models.DateField(
        _("publication date"),
        default=timezone.localdate,
        help_text=_("Stories are listed newest first by this date."),
    )
    summary = models.TextField(
        max_length=300,
        help_text=_("One or two sentences: shown in lists of stories, feeds and link previews."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown at the top of the story and beside it in lists. Landscape works best."),
    )
    hero_image_alt = models.CharField(
        _("hero image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it. Required with an image."),
    )
    body = StreamField(BaseStreamBlock(), help_text=_("The story itself."))
    topics = ClusterTaggableManager(
        through=NewsPageTopic,
        blank=True,
        verbose_name=_("topics"),
        help_text=_("Topics link related stories and let readers list stories on one topic."),
    )
    byline = models.CharField(
        max_length=160,
        blank=True,
        help_text=_("Optional: who wrote the story, e.g. “The network's secretariat”."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("publication_date"), FieldPanel("byline"), FieldPanel("topics")],
            heading=_("Publication"),
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_image_alt")],
            heading=_("Hero image"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("publication_date"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    fragment_scopes = ("news",)  # the story and its related stories

    class Meta:
        verbose_name = _("news story")
        verbose_name_plural = _("news stories")

    def clean(self):
        super().clean()
        errors = {}
        if self.hero_image_id and not self.hero_image_alt.strip():
            errors["hero_image_alt"] = _(
                "Describe the image for people who cannot see it: a hero image needs "
                "alternative text."
            )
        if YEAR_SLUG.fullmatch(self.slug or ""):
            errors["slug"] = _(
                "A story's slug cannot be a four-digit number: that address lists the "
                "stories of a year."
            )
        if errors:
            raise ValidationError(errors)

    def get_social_image(self):
        return self.hero_image

    def related_stories(self, topics):
        """Up to three other live stories in this story's language that share one of `topics`
        with it, newest first (translations share their topics)."""
        topic_ids = [topic.pk for topic in topics if topic.pk]
        if not topic_ids:
            return []
        stories = (
            public_pages(NewsPage.objects.live())
            .filter(tagged_items__tag_id__in=topic_ids, locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .distinct()
            .order_by("-publication_date", "-first_published_at", "-pk")
        )
        return list(with_card_data(stories, topics=False)[:RELATED_STORIES])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Served stories know their index from the routing; a preview looks it up.
        parent = self.get_parent()
        if parent is not None and not isinstance(parent, NewsIndexPage):
            parent = parent.specific
        context["news_index"] = parent if isinstance(parent, NewsIndexPage) else None
        # Worked out only if the story's stored fragments are out of date (home/fragments.py).
        context["topics"] = topics = SimpleLazyObject(lambda: list(self.topics.all()))
        context["related_stories"] = SimpleLazyObject(lambda: self.related_stories(topics))
        return context
