"""What the benchmark adds to the demo content, through the ORM. Needs Django set up with
bench.settings (the same database and Redis as the servers)."""

import itertools
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from home.models import StandardPage
from news.models import NewsIndexPage, NewsPage

STORY_SLUG = "bench-story-{:03d}"
FRESHNESS_SLUG = "bench-freshness"
TOPICS = ["Training", "Capacity building", "Partnerships", "Youth", "Research", "Membership"]


def news_index() -> NewsIndexPage:
    """The news index in the site's main language (the demo has it in French and Arabic too)."""
    return NewsIndexPage.objects.get(locale__language_code=settings.LANGUAGE_CODE)


def stories_prepare(*, base: int, grown: int) -> list[int]:
    """Add stories, older than the demo's, until the news index has `grown`; return the ids
    of those beyond the newest `base`, which `stories_show` hides and shows again. Saved
    without revisions, in one transaction: 300 stories take a few seconds."""
    index = news_index()
    demo = list(index.stories())
    if len(demo) > base:
        raise SystemExit(f"The demo content already has {len(demo)} stories, more than {base}.")
    oldest = min(story.publication_date for story in demo)
    # The demo stories' pictures, so that every card has its renditions as the demo's do.
    images = itertools.cycle(
        get_image_model().objects.filter(pk__in=[s.hero_image_id for s in demo]).order_by("pk")
        or [None]
    )
    added = []
    with transaction.atomic():
        for number in range(1, grown - len(demo) + 1):
            day = oldest - timedelta(days=9 * number)
            published = timezone.make_aware(datetime.combine(day, time(9)))
            image = next(images)
            story = NewsPage(
                slug=STORY_SLUG.format(number),
                title=f"Benchmark story {number}: cities compare notes",
                publication_date=day,
                summary="A story the benchmark adds so that the news index holds many.",
                hero_image=image,
                hero_image_alt=(image.description or image.title) if image else "",
                body=[("paragraph", RichText("<p>Cities shared what worked for them.</p>"))],
                first_published_at=published,
                last_published_at=published,
            )
            story.topics.add(*TOPICS[number % len(TOPICS) :][:2])
            index.add_child(instance=story)
            added.append(story.pk)
    return added[base - len(demo) :]


def stories_show(ids: list[int], *, live: bool) -> None:
    """Publish or hide the extra stories at once, then empty the cache so that no cached
    page or fragment still shows the other number."""
    Page.objects.filter(pk__in=ids).update(live=live)
    cache.clear()


def site_host() -> str:
    """The Host header visitors send: purges of the frontend cache name it too."""
    site = Site.objects.get(is_default_site=True)
    return site.hostname if site.port == 80 else f"{site.hostname}:{site.port}"


def newest_story_path() -> str:
    story = news_index().stories().first()
    return story.get_url()


def freshness_page() -> StandardPage:
    """A standard page, out of the menus, whose introduction the freshness check edits."""
    home = Site.objects.get(is_default_site=True).root_page
    page = StandardPage(
        slug=FRESHNESS_SLUG,
        title="Benchmark freshness page",
        introduction="Not edited yet.",
        show_in_menus=False,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def after_publish_targets(pages: list[str], story_path: str) -> list:
    """For bench/after_publish.py: each page of `pages` that issue 8's uncached target
    names (or the standard page), with the edit it shows: the newest story's summary for the
    home page, the news index and the story; the introduction for the FAQ and standard
    page."""
    from faq.models import FAQPage

    from .after_publish import Target

    story = news_index().stories().first()
    edits = {
        "/en/": (story.pk, "summary"),
        "/en/news/": (story.pk, "summary"),
        story_path: (story.pk, "summary"),
        "/en/faq/": (FAQPage.objects.get(locale__language_code="en").pk, "introduction"),
        "/en/about/": (
            StandardPage.objects.get(slug="about", locale__language_code="en").pk,
            "introduction",
        ),
    }
    return [Target(path, *edits[path]) for path in pages if path in edits]
