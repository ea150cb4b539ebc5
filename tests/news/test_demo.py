from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Revision

import pytest
from taggit.models import Tag

from news import demo as news_demo
from news.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db


def counts():
    models = (Page, Revision, PageLogEntry, get_image_model(), Tag)
    return {model.__name__: model.objects.count() for model in models}


def test_news_demo_is_idempotent_and_complete(client, home_page):
    news_demo.load(home_page)
    first = counts()
    news_demo.load(home_page)
    assert counts() == first

    news_index = NewsIndexPage.objects.get()
    assert news_index.live and news_index.show_in_menus
    stories = list(news_index.stories())
    assert len(stories) >= 6
    assert len({story.publication_date.year for story in stories}) >= 2
    for story in stories:
        assert story.hero_image.collection.name == "News images"
        assert (story.hero_image.width, story.hero_image.height) == (1600, 900)
        assert story.hero_image_alt.startswith("Illustration: ")
        assert story.topics.exists()
    titles = " ".join(story.title for story in stories)
    for subject in ("Danish", "Jordan and Tunisia", "research", "new member city", "train"):
        assert subject in titles

    html = client.get("/en/").content.decode()
    assert '<a href="/en/news/">News</a>' in html  # the main menu
    assert html.count('class="news-card__image"') == 3
    for story in NewsPage.objects.all():
        assert client.get(story.url).status_code == 200
