"""RSS 2.0 and Atom feeds of the newest stories, served as routes of the news index."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from home.models import SiteSettings

FEED_LENGTH = 20


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed
    route_name = "rss_feed"

    def get_object(self, request, news_index):
        self.request = request
        self.organisation_name = SiteSettings.for_request(request).localized_organisation_name
        return news_index

    def title(self, news_index):
        return f"{news_index.title} | {self.organisation_name}"

    def link(self, news_index):
        return news_index.get_full_url(self.request)

    def feed_url(self, news_index):
        return self.link(news_index) + news_index.reverse_subpage(self.route_name)

    def description(self, news_index):
        return news_index.introduction or news_index.search_description or news_index.title

    def author_name(self):
        return self.organisation_name

    def items(self, news_index):
        return news_index.stories().prefetch_related("topics")[:FEED_LENGTH]

    def item_title(self, story):
        return story.title

    def item_description(self, story):
        return story.summary

    def item_link(self, story):
        return story.get_full_url(self.request)

    def item_pubdate(self, story):
        return timezone.make_aware(datetime.combine(story.publication_date, time.min))

    def item_updateddate(self, story):
        return story.last_published_at

    def item_author_name(self, story):
        return story.byline or None

    def item_categories(self, story):
        return [topic.name for topic in story.topics.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    route_name = "atom_feed"

    def subtitle(self, news_index):
        return self.description(news_index)
