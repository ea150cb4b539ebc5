"""The news in French and Arabic: dates in the reader's language, Arabic pagination and
plurals, bylines of either direction kept whole."""

import datetime
import re

import pytest

from tests.home.test_i18n import translate

from .utils import make_index, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def arabic_news(home_page):
    """An English news index of eleven stories (two pages), all translated into Arabic."""
    index = make_index(home_page)
    stories = [
        make_story(index, title=f"Story {n}", publication_date=datetime.date(2026, 12, 1 + n))
        for n in range(11)
    ]
    translate(home_page, "ar")
    arabic_index = translate(index, "ar", title="الأخبار")
    for story in stories:
        translate(story, "ar")
    return arabic_index


def test_the_arabic_news_index_has_arabic_pagination_and_dates(client, arabic_news):
    response = client.get("/ar/news/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<nav class="pagination" aria-label="ترقيم الصفحات">' in html
    assert '<span aria-current="page">الصفحة 1 من 2</span>' in html
    assert '<span class="visually-hidden">الصفحة </span>التالية</a>' in html
    assert '<time datetime="2026-12-11">11 ديسمبر، 2026</time>' in html
    second = client.get("/ar/news/", {"page": 2}).content.decode()
    assert '<span aria-current="page">الصفحة 2 من 2</span>' in second
    assert "<title>الأخبار (الصفحة 2) |" in second


def test_arabic_story_counts_take_the_arabic_plural(client, arabic_news):
    html = client.get("/ar/news/").content.decode()
    # Eleven stories in 2026: the form for 11 to 99 ("خبرًا").
    assert '(11<span class="visually-hidden"> خبرًا</span>)' in html


def test_the_french_story_shows_a_french_date_and_an_isolated_byline(client, home_page):
    index = make_index(home_page)
    story = make_story(
        index,
        title="Une ville rejoint le réseau",
        publication_date=datetime.date(2026, 12, 1),
        byline="مكتب عمّان",
    )
    translate(home_page, "fr")
    translate(index, "fr", title="Actualités")
    french = translate(story, "fr")
    html = client.get(french.url).content.decode()
    assert '<time datetime="2026-12-01">1 décembre 2026</time>' in html
    assert '<span class="news-meta__byline">Par <bdi>مكتب عمّان</bdi></span>' in html
    english = client.get(story.url).content.decode()
    assert '<time datetime="2026-12-01">1 December 2026</time>' in english
    assert "By <bdi>مكتب عمّان</bdi>" in english


def test_the_french_feed_is_in_french(client, home_page):
    index = make_index(home_page)
    story = make_story(index, title="A story", slug="a-story")
    make_story(index, title="Only in English", slug="only-in-english")
    translate(home_page, "fr")
    french = translate(index, "fr", title="Actualités")
    translate(story, "fr", title="Un récit")
    rss = client.get(french.url + "feed/rss/").content.decode()
    assert "<language>fr</language>" in rss
    assert "<title>Actualités | Strong Cities Network</title>" in rss
    assert re.findall(r"<item><title>([^<]+)</title><link>([^<]+)</link>", rss) == [
        ("Un récit", "http://localhost/fr/news/a-story/")
    ]
    assert "<language>en</language>" in client.get(index.url + "feed/rss/").content.decode()
    atom = client.get(french.url + "feed/atom/").content.decode()
    assert 'xml:lang="fr"' in atom


def test_related_stories_are_in_the_storys_language(client, home_page):
    index = make_index(home_page)
    story = make_story(index, title="A story", slug="a-story", topics=["Youth"])
    other = make_story(index, title="Another story", slug="another-story", topics=["Youth"])
    translate(home_page, "fr")
    translate(index, "fr", title="Actualités")
    french = translate(story, "fr", title="Un récit")
    translate(other, "fr", title="Un autre récit")
    html = client.get(french.url).content.decode()
    related = html.split('<h2 id="related-heading">')[1]
    assert re.findall(r'<h3 class="news-card__title"><a href="([^"]+)">', related) == [
        "/fr/news/another-story/"
    ]
