"""Small builders for the news tests: each makes only what a test needs."""

import datetime
from io import BytesIO

from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from PIL import Image as PILImage

from news.models import NewsIndexPage, NewsPage


def make_image(title="A picture", colour=(10, 92, 92), size=(320, 180)):
    buffer = BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="JPEG")
    image = get_image_model()(title=title, file=ImageFile(buffer, name="picture.jpg"))
    image.save()
    return image


def make_index(parent, **kwargs):
    kwargs.setdefault("title", "News")
    kwargs.setdefault("slug", "news")
    kwargs.setdefault("introduction", "Stories from member cities.")
    page = NewsIndexPage(**kwargs)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_story(index, *, topics=(), publish=True, **kwargs):
    kwargs.setdefault("title", "A story")
    kwargs.setdefault("slug", kwargs["title"].lower().replace(" ", "-"))
    kwargs.setdefault("publication_date", datetime.date(2024, 5, 1))
    kwargs.setdefault("summary", f"Summary of {kwargs['title']}.")
    kwargs.setdefault("body", [("paragraph", RichText(f"<p>Body of {kwargs['title']}.</p>"))])
    if kwargs.get("hero_image"):
        kwargs.setdefault("hero_image_alt", f"Picture for {kwargs['title']}")
    if not publish:
        kwargs["live"] = False
    page = NewsPage(**kwargs)
    page.topics.add(*topics)
    index.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def make_stories(index, count, *, start=0, with_images=True, topics=("Training",)):
    """`count` stories, one day apart, each with its own image when asked."""
    stories = []
    for number in range(start, start + count):
        title = f"Story {number:03d}"
        stories.append(
            make_story(
                index,
                title=title,
                publication_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
                hero_image=make_image(title) if with_images else None,
                topics=topics,
            )
        )
    return stories
