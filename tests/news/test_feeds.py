import datetime
import re
import xml.etree.ElementTree as ET

import pytest

from home.models import SiteSettings

from .utils import make_index, make_stories, make_story

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    return ET.fromstring(response.content)  # noqa: S314 - our own feed, in a test


@pytest.fixture
def news_index(home_page):
    return make_index(home_page, introduction="Stories & updates from <member> cities.")


def test_rss_lists_the_twenty_newest_stories(client, news_index):
    make_stories(news_index, 25, with_images=False, topics=["Youth", "Training"])
    make_story(news_index, title="Draft", publication_date=datetime.date(2030, 1, 1), publish=False)
    response = client.get("/en/news/feed/rss/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    channel = parse(response).find("channel")
    assert channel.findtext("title") == "News | Strong Cities Network"
    assert channel.findtext("link") == "http://localhost/en/news/"
    assert channel.findtext("description") == "Stories & updates from <member> cities."
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        f"Story {number:03d}" for number in range(24, 4, -1)
    ]
    first = items[0]
    assert first.findtext("link") == "http://localhost/en/news/story-024/"
    assert first.findtext("guid") == "http://localhost/en/news/story-024/"
    assert first.findtext("description") == "Summary of Story 024."
    assert first.findtext("pubDate") == "Thu, 25 Jan 2024 00:00:00 +0000"
    assert sorted(category.text for category in first.findall("category")) == [
        "Training",
        "Youth",
    ]


def test_atom_lists_the_newest_stories_with_authors(client, news_index):
    make_stories(news_index, 3, with_images=False)
    make_story(
        news_index,
        title="By someone",
        publication_date=datetime.date(2025, 1, 1),
        byline="The secretariat",
    )
    response = client.get("/en/news/feed/atom/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = parse(response)
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Strong Cities Network"
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == "http://localhost/en/news/feed/atom/"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "By someone",
        "Story 002",
        "Story 001",
        "Story 000",
    ]
    assert entries[0].find(f"{ATOM}link").get("href") == "http://localhost/en/news/by-someone/"
    assert entries[0].find(f"{ATOM}author/{ATOM}name").text == "The secretariat"
    assert entries[0].findtext(f"{ATOM}published") == "2025-01-01T00:00:00+00:00"
    assert entries[0].findtext(f"{ATOM}updated")


@pytest.mark.parametrize("feed", ["rss", "atom"])
def test_markup_in_titles_is_escaped(client, news_index, feed):
    make_story(
        news_index,
        title="Cities & towns <together> “again”",
        slug="cities-and-towns",
        summary="Fish & chips </description> <script>alert(1)</script>",
    )
    SiteSettings.objects.update_or_create(
        site_id=news_index.get_site().pk, defaults={"organisation_name": "A & B"}
    )
    response = client.get(f"/en/news/feed/{feed}/")
    assert b"<together>" not in response.content
    assert b"<script>" not in response.content
    root = parse(response)
    title_tags = {"title", f"{ATOM}title"}
    titles = [element.text for element in root.iter() if element.tag in title_tags]
    assert titles == ["News | A & B", "Cities & towns <together> “again”"]
    summaries = [
        element.text for element in root.iter() if element.tag.endswith(("description", "summary"))
    ]
    assert "Fish & chips </description> <script>alert(1)</script>" in summaries


def test_an_empty_feed_is_still_valid(client, news_index):
    rss = parse(client.get("/en/news/feed/rss/"))
    assert rss.find("channel").findall("item") == []
    atom = parse(client.get("/en/news/feed/atom/"))
    assert atom.findall(f"{ATOM}entry") == []


@pytest.mark.parametrize("url", ["/en/news/", "/en/news/a-story/"])
def test_pages_announce_the_feeds(client, news_index, url):
    make_story(news_index, title="A story")
    html = client.get(url).content.decode()
    links = dict(
        re.findall(
            r'<link rel="alternate" type="(application/[a-z+]+)" title="[^"]+" href="([^"]+)">',
            html,
        )
    )
    assert links == {
        "application/rss+xml": "http://localhost/en/news/feed/rss/",
        "application/atom+xml": "http://localhost/en/news/feed/atom/",
    }
    for href in links.values():
        assert client.get(href.removeprefix("http://localhost")).status_code == 200


@pytest.mark.usefixtures("page_cache_off")
def test_feed_queries_do_not_grow_with_stories(client, news_index, django_assert_max_num_queries):
    make_stories(news_index, 2, with_images=False, topics=["Youth"])
    client.get("/en/news/feed/rss/")
    with django_assert_max_num_queries(100) as few:
        client.get("/en/news/feed/rss/")
    queries_with_two = len(few)
    make_stories(news_index, 10, start=2, with_images=False, topics=["Youth", "Training"])
    with django_assert_max_num_queries(queries_with_two):
        response = client.get("/en/news/feed/rss/")
    assert len(parse(response).find("channel").findall("item")) == 12
