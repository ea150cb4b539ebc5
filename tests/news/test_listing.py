"""The news index, its topic and year archives, related stories and the home page's news."""

import datetime
import re

from django.contrib.auth.models import Group

from wagtail.models import PageViewRestriction

import pytest

from .utils import make_image, make_index, make_stories, make_story

pytestmark = pytest.mark.django_db


def listed_titles(response):
    """Story titles in the order a page lists them."""
    return re.findall(
        r'<h3 class="news-card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


@pytest.fixture
def news_index(home_page):
    return make_index(home_page)


def make_dated(index, title, date, **kwargs):
    return make_story(index, title=title, publication_date=date, **kwargs)


class TestIndex:
    def test_lists_live_stories_newest_first(self, client, news_index):
        make_dated(news_index, "Middle", datetime.date(2024, 3, 1))
        make_dated(news_index, "Newest", datetime.date(2024, 9, 1))
        make_dated(news_index, "Oldest", datetime.date(2023, 1, 1))
        make_dated(news_index, "Draft", datetime.date(2025, 1, 1), publish=False)
        response = client.get("/en/news/")
        assert response.status_code == 200
        assert listed_titles(response) == ["Newest", "Middle", "Oldest"]
        html = response.content.decode()
        assert '<time datetime="2024-09-01">1 September 2024</time>' in html
        assert "<h1>News</h1>" in html
        assert "Stories from member cities." in html

    def test_private_stories_are_not_listed(self, client, news_index):
        make_story(news_index, title="Open story")
        private = make_story(news_index, title="Members only")
        restriction = PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set([Group.objects.get_or_create(name="Members")[0]])
        assert listed_titles(client.get("/en/news/")) == ["Open story"]
        assert "Members only" not in client.get("/en/news/feed/rss/").content.decode()

    def test_empty_index_says_so(self, client, news_index):
        response = client.get("/en/news/")
        assert response.status_code == 200
        assert "No news yet" in response.content.decode()

    def test_paginates_ten_a_page(self, client, news_index):
        make_stories(news_index, 12, with_images=False)
        first = client.get("/en/news/")
        assert listed_titles(first) == [f"Story {n:03d}" for n in range(11, 1, -1)]
        html = first.content.decode()
        assert "Page 1 of 2" in html
        assert 'href="?page=2" rel="next"' in html
        second = client.get("/en/news/", {"page": 2})
        assert listed_titles(second) == ["Story 001", "Story 000"]
        assert 'href="?page=1" rel="prev"' in second.content.decode()
        assert "<title>News (page 2) |" in second.content.decode()

    def test_pages_that_do_not_exist_are_not_found(self, client, news_index):
        make_stories(news_index, 12, with_images=False)
        for address in ["/en/news/", "/en/news/topic/training/", "/en/news/2024/"]:
            for page_number in ["3", "0", "-1", "abc", "", "1e9", "9999", "٢", "9" * 400]:
                response = client.get(address, {"page": page_number})
                assert response.status_code == 404, (address, page_number)
                assert "Page not found" in response.content.decode()
            assert "Page 2 of 2" in client.get(address, {"page": "2"}).content.decode()
        # A NUL byte anywhere in the address gets the site's polite 400 page.
        assert client.get("/en/news/", {"page": "\x00"}).status_code == 400

    def test_lists_topics_and_years_with_counts(self, client, news_index):
        make_dated(news_index, "A", datetime.date(2024, 3, 1), topics=["Youth", "Training"])
        make_dated(news_index, "B", datetime.date(2023, 3, 1), topics=["Youth"])
        make_dated(news_index, "Draft", datetime.date(2022, 3, 1), topics=["Hidden"], publish=False)
        html = client.get("/en/news/").content.decode()
        topics = re.findall(
            r'<a href="/en/news/topic/([^/]+)/">[^<]+</a> <span class="news-filter__count">\((\d+)',
            html,
        )
        assert topics == [("training", "1"), ("youth", "2")]
        years = re.findall(
            r'<a href="/en/news/(\d{4})/">\d{4}</a> <span class="news-filter__count">\((\d+)', html
        )
        assert years == [("2024", "1"), ("2023", "1")]
        assert "Hidden" not in html


class TestTopicArchive:
    def test_lists_only_stories_on_the_topic(self, client, news_index):
        make_dated(news_index, "Youth one", datetime.date(2024, 3, 1), topics=["Youth"])
        make_dated(news_index, "Youth two", datetime.date(2024, 5, 1), topics=["Youth", "Training"])
        make_dated(news_index, "Training only", datetime.date(2024, 6, 1), topics=["Training"])
        response = client.get("/en/news/topic/youth/")
        assert response.status_code == 200
        assert listed_titles(response) == ["Youth two", "Youth one"]
        html = response.content.decode()
        assert "<h1>News about Youth</h1>" in html
        assert '<a href="/en/news/topic/youth/" aria-current="page">Youth</a>' in html
        assert "<title>News about Youth |" in html
        assert '<link rel="canonical" href="http://testserver/en/news/topic/youth/">' in html

    def test_paginates_within_the_topic(self, client, news_index):
        make_stories(news_index, 12, with_images=False, topics=["Youth"])
        make_story(news_index, title="Other", topics=["Training"])
        response = client.get("/en/news/topic/youth/", {"page": "2"})
        assert listed_titles(response) == ["Story 001", "Story 000"]
        assert (
            '<link rel="canonical" href="http://testserver/en/news/topic/youth/?page=2">'
            in response.content.decode()
        )
        assert client.get("/en/news/topic/youth/", {"page": "abc"}).status_code == 404

    def test_topic_names_in_other_scripts_work(self, client, news_index):
        make_story(news_index, title="Bonjour", topics=["Sécurité urbaine"])
        html = client.get("/en/news/").content.decode()
        link = re.search(r'href="(/en/news/topic/[^"]+/)">Sécurité urbaine</a>', html).group(1)
        response = client.get(link)
        assert response.status_code == 200
        assert listed_titles(response) == ["Bonjour"]

    @pytest.mark.parametrize(
        "url",
        ["/en/news/topic/no-such-topic/", "/en/news/topic/draft-only/", "/en/news/topic/%3Cb%3E/"],
    )
    def test_unknown_topic_is_a_friendly_404(self, client, news_index, url):
        make_story(news_index, title="Live", topics=["Youth"])
        make_story(news_index, title="Draft", topics=["Draft only"], publish=False)
        response = client.get(url)
        assert response.status_code == 404
        assert "<h1>Page not found</h1>" in response.content.decode()


class TestYearArchive:
    def test_lists_only_stories_of_the_year(self, client, news_index):
        make_dated(news_index, "Late 2023", datetime.date(2023, 12, 31))
        make_dated(news_index, "Early 2024", datetime.date(2024, 1, 1))
        make_dated(news_index, "Mid 2024", datetime.date(2024, 6, 1))
        response = client.get("/en/news/2024/")
        assert response.status_code == 200
        assert listed_titles(response) == ["Mid 2024", "Early 2024"]
        html = response.content.decode()
        assert "<h1>News from 2024</h1>" in html
        assert '<a href="/en/news/2024/" aria-current="page">2024</a>' in html

    @pytest.mark.parametrize("year", ["1800", "2022", "0000", "99999", "abcd", "2024x"])
    def test_a_year_without_stories_is_a_friendly_404(self, client, news_index, year):
        make_dated(news_index, "In 2024", datetime.date(2024, 6, 1))
        response = client.get(f"/en/news/{year}/")
        assert response.status_code == 404
        assert "<h1>Page not found</h1>" in response.content.decode()

    def test_bad_page_numbers_in_a_year_are_not_found(self, client, news_index):
        make_dated(news_index, "In 2024", datetime.date(2024, 6, 1))
        for value in ("abc", "-1", "2", "9999"):
            assert client.get("/en/news/2024/", {"page": value}).status_code == 404
        assert listed_titles(client.get("/en/news/2024/", {"page": "1"})) == ["In 2024"]


class TestRelatedStories:
    def related_titles(self, client, story):
        html = client.get(story.url).content.decode()
        section = html.split('<h2 id="related-heading">Related stories</h2>')
        if len(section) == 1:
            return []
        return re.findall(r'<h3 class="news-card__title"><a href="[^"]+">([^<]+)</a>', section[1])

    def test_up_to_three_sharing_a_topic_newest_first(self, client, news_index):
        story = make_dated(
            news_index, "The story", datetime.date(2024, 6, 1), topics=["Youth", "Training"]
        )
        for day in range(1, 5):
            make_dated(news_index, f"Youth {day}", datetime.date(2024, 1, day), topics=["Youth"])
        make_dated(news_index, "Training", datetime.date(2024, 2, 1), topics=["Training"])
        make_dated(news_index, "Unrelated", datetime.date(2024, 7, 1), topics=["Research"])
        make_dated(news_index, "Draft", datetime.date(2024, 8, 1), topics=["Youth"], publish=False)
        assert self.related_titles(client, story) == ["Training", "Youth 4", "Youth 3"]

    def test_none_without_topics(self, client, news_index):
        story = make_story(news_index, title="Alone")
        make_story(news_index, title="Other", topics=["Youth"])
        assert self.related_titles(client, story) == []

    @pytest.mark.usefixtures("page_cache_off")
    def test_queries_do_not_grow_with_related_stories(
        self, client, news_index, django_assert_max_num_queries
    ):
        story = make_dated(news_index, "The story", datetime.date(2024, 6, 1), topics=["Youth"])
        make_stories(news_index, 1, topics=["Youth"])
        client.get(story.url)  # make the renditions
        with django_assert_max_num_queries(100) as one_related:
            response = client.get(story.url)
        queries_with_one = len(one_related)
        assert self.related_titles(client, story) == ["Story 000"]

        make_stories(news_index, 5, start=1, topics=["Youth"])
        client.get(story.url)
        with django_assert_max_num_queries(queries_with_one):
            response = client.get(story.url)
        assert response.content.decode().count('class="news-card__image"') == 3


@pytest.mark.usefixtures("page_cache_off")
def test_index_queries_do_not_grow_with_stories(client, news_index, django_assert_max_num_queries):
    make_stories(news_index, 3, topics=["Youth", "Training"])
    client.get("/en/news/")  # make the renditions and warm the site cache
    with django_assert_max_num_queries(100) as few:
        response = client.get("/en/news/")
    queries_with_three = len(few)
    assert response.content.decode().count('class="news-card__image"') == 3

    for number in range(3, 30):
        make_story(
            news_index,
            title=f"Story {number:03d}",
            publication_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
            hero_image=make_image(f"Picture {number}"),
            topics=[f"Topic {number}", "Youth"],
        )
    client.get("/en/news/")
    with django_assert_max_num_queries(queries_with_three):
        response = client.get("/en/news/")
    html = response.content.decode()
    assert html.count('class="news-card__image"') == 10
    assert html.count('class="news-card__topics"') == 10


@pytest.mark.usefixtures("page_cache_off")
def test_topic_archive_queries_do_not_grow_with_stories(
    client, news_index, django_assert_max_num_queries
):
    make_stories(news_index, 2, topics=["Youth"])
    client.get("/en/news/topic/youth/")
    with django_assert_max_num_queries(100) as few:
        client.get("/en/news/topic/youth/")
    queries_with_two = len(few)
    make_stories(news_index, 20, start=2, topics=["Youth"])
    client.get("/en/news/topic/youth/")
    with django_assert_max_num_queries(queries_with_two):
        response = client.get("/en/news/topic/youth/")
    assert len(listed_titles(response)) == 10


class TestHomePage:
    def test_shows_the_three_latest_stories(self, client, news_index):
        for day, title in enumerate(["Oldest", "Older", "Newer", "Newest"], start=1):
            make_dated(news_index, title, datetime.date(2024, 5, day))
        make_dated(news_index, "Draft", datetime.date(2024, 6, 1), publish=False)
        response = client.get("/en/")
        assert listed_titles(response) == ["Newest", "Newer", "Older"]
        html = response.content.decode()
        assert '<h2 id="latest-news-heading">Latest news</h2>' in html
        assert (
            '<a href="/en/news/">All news<span class="visually-hidden"> stories</span></a>' in html
        )

    def test_no_news_section_without_stories(self, client, home_page):
        assert "Latest news" not in client.get("/en/").content.decode()
        make_index(home_page)
        assert "Latest news" not in client.get("/en/").content.decode()

    def test_queries_do_not_grow_with_stories(
        self, client, news_index, django_assert_max_num_queries
    ):
        make_stories(news_index, 1, topics=["Youth"])
        client.get("/en/")
        with django_assert_max_num_queries(100) as few:
            client.get("/en/")
        queries_with_one = len(few)

        make_stories(news_index, 29, start=1, topics=["Youth", "Training"])
        client.get("/en/")
        with django_assert_max_num_queries(queries_with_one):
            response = client.get("/en/")
        html = response.content.decode()
        assert listed_titles(response) == ["Story 029", "Story 028", "Story 027"]
        assert html.count('class="news-card__image"') == 3
        assert html.count('loading="lazy"') >= 3
