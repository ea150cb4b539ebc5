import datetime
import re

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage, StandardPage
from news.models import NewsIndexPage, NewsPage

from .utils import make_image, make_index, make_story


def story_form_data(**fields):
    data = {
        "title": "Mayors meet in Amman",
        "slug": "mayors-meet-in-amman",
        "publication_date": "2024-05-02",
        "summary": "Mayors compared notes on youth work.",
        "byline": "The secretariat",
        "topics": "Youth, Regional meetings",
        "hero_image": "",
        "hero_image_alt": "",
        "body": streamfield(
            [
                ("heading", {"text": "What happened", "level": "h2"}),
                ("paragraph", rich_text("<p>Two days of <b>shared</b> practice.</p>")),
            ]
        ),
    }
    data.update(fields)
    return nested_form_data(data)


class NewsIndexPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = Site.objects.get(is_default_site=True).root_page.specific
        cls.index = make_index(cls.home)

    def test_sits_under_the_home_page_only_once(self):
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        self.assertCanNotCreateAt(Page, NewsIndexPage)
        self.assertCanNotCreateAt(StandardPage, NewsIndexPage)
        self.assertCanNotCreateAt(NewsIndexPage, NewsIndexPage)
        self.assertCanNotCreateAt(NewsPage, NewsIndexPage)
        self.assertFalse(NewsIndexPage.can_create_at(self.home))  # max_count = 1
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})

    def test_renders_previews_and_edits(self):
        self.assertPageIsRenderable(self.index)
        self.assertPageIsPreviewable(self.index)
        self.assertPageIsEditable(self.index)

    def test_admin_edit_form_saves_the_introduction(self):
        self.login()
        data = nested_form_data(
            {
                "title": "Newsroom",
                "slug": "news",
                "introduction": "Edited introduction.",
                "action-publish": "publish",
            }
        )
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[self.index.pk]), data)
        self.assertEqual(response.status_code, 302)
        response = self.client.get("/en/news/")
        self.assertContains(response, "<h1>Newsroom</h1>", html=True)
        self.assertContains(response, "Edited introduction.")


class NewsPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = Site.objects.get(is_default_site=True).root_page.specific
        cls.index = make_index(cls.home)
        cls.image = make_image("Mayors at the table")
        cls.story = make_story(
            cls.index,
            title="Mayors meet in Amman",
            hero_image=cls.image,
            topics=["Youth"],
            byline="The secretariat",
        )

    def test_lives_under_the_news_index_only(self):
        self.assertCanCreateAt(NewsIndexPage, NewsPage)
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(StandardPage, NewsPage)
        self.assertCanNotCreateAt(NewsPage, NewsPage)
        self.assertCanNotCreateAt(Page, NewsPage)
        self.assertAllowedSubpageTypes(NewsPage, set())

    def test_publication_date_defaults_to_today(self):
        self.assertEqual(NewsPage().publication_date, timezone.localdate())

    def test_renders_the_story(self):
        self.assertPageIsRenderable(self.story)
        response = self.client.get(self.story.url)
        self.assertContains(response, "<h1>Mayors meet in Amman</h1>", html=True)
        self.assertContains(response, '<time datetime="2024-05-01">1 May 2024</time>', html=True)
        self.assertContains(response, "By <bdi>The secretariat</bdi>")
        self.assertContains(response, "<p>Body of Mayors meet in Amman.</p>", html=True)
        self.assertContains(response, '<a href="/en/news/topic/youth/">Youth</a>', html=True)
        self.assertContains(response, '<meta property="og:type" content="article">')

    def test_hero_image_is_responsive_webp_with_its_alt_text(self):
        large = make_image("Large", size=(1600, 900))
        story = make_story(
            self.index, title="Large picture", hero_image=large, hero_image_alt="A wide view"
        )
        html = self.client.get(story.url).content.decode()
        img = re.search(r'<figure class="news-story__hero">\s*(<img [^>]+>)', html).group(1)
        self.assertIn('alt="A wide view"', img)
        self.assertIn('width="800" height="450"', img)
        self.assertIn('fetchpriority="high"', img)  # above the fold: not lazy
        srcset = re.search(r'srcset="([^"]+)"', img).group(1).split(", ")
        self.assertEqual([entry.rsplit(" ", 1)[1] for entry in srcset], ["800w", "1200w", "1600w"])
        self.assertTrue(all(entry.split(" ")[0].endswith(".webp") for entry in srcset))

    def test_a_small_image_never_repeats_a_width_in_srcset(self):
        html = self.client.get(self.story.url).content.decode()
        self.assertRegex(html, r'srcset="[^", ]+\.webp 320w" sizes=')

    def test_previews_and_edits(self):
        data = story_form_data(hero_image=self.image.pk, hero_image_alt="Mayors at a table")
        self.assertPageIsPreviewable(self.story, post_data=data)
        self.assertPageIsEditable(self.story, post_data=data)

    def test_the_editor_calls_topics_topics(self):
        self.login()
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.story.pk])).content
        label = re.search(rb'<label[^>]*for="id_topics"[^>]*>(.*?)</label>', html, re.S).group(1)
        self.assertIn(b"Topics", label)
        self.assertNotIn(b"Tags", label)

    def test_preview_of_unsaved_changes_shows_them(self):
        self.login()
        data = story_form_data(title="Preview title", topics='"Brand new topic", Youth')
        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[self.story.pk])
        response = self.client.post(preview_url, data)
        self.assertEqual(response.json(), {"is_valid": True, "is_available": True})
        response = self.client.get(preview_url)
        self.assertContains(response, "<h1>Preview title</h1>", html=True)
        self.assertContains(response, "Brand new topic")
        # A preview is not routed: the story finds its index and breadcrumbs itself.
        self.assertContains(response, '<a href="/en/news/topic/youth/">Youth</a>', html=True)
        self.assertContains(response, '<li><a href="/en/news/">News</a></li>', html=True)

    def test_admin_edit_form_saves_posted_data(self):
        self.login()
        data = story_form_data(
            hero_image=self.image.pk,
            hero_image_alt="Mayors around a table",
            **{"action-publish": "publish"},
        )
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[self.story.pk]), data)
        self.assertEqual(response.status_code, 302)
        story = NewsPage.objects.get(pk=self.story.pk)
        self.assertEqual(story.publication_date, datetime.date(2024, 5, 2))
        self.assertEqual(story.hero_image_alt, "Mayors around a table")
        self.assertEqual(sorted(story.topics.names()), ["Regional meetings", "Youth"])
        self.assertEqual(story.body[0].value["text"], "What happened")
        response = self.client.get(story.url)
        self.assertContains(response, "<b>shared</b>")
        self.assertContains(response, '<a href="/en/news/topic/regional-meetings/">')

    def test_admin_creates_a_story(self):
        data = story_form_data(title="A new city joins", slug="a-new-city-joins")
        self.login()
        self.assertCanCreate(self.index, NewsPage, data)
        story = NewsPage.objects.get(slug="a-new-city-joins")
        self.assertEqual(sorted(story.topics.names()), ["Regional meetings", "Youth"])

    def test_an_image_needs_alt_text(self):
        story = NewsPage(
            title="No alt", slug="no-alt", summary="S", hero_image=self.image, hero_image_alt=" "
        )
        with self.assertRaises(ValidationError) as caught:
            story.full_clean()
        self.assertIn("hero_image_alt", caught.exception.message_dict)

        self.login()
        data = story_form_data(
            title="No alt", slug="no-alt", hero_image=self.image.pk, **{"action-publish": "1"}
        )
        url = reverse("wagtailadmin_pages:add", args=["news", "newspage", self.index.pk])
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "a hero image needs alternative text")
        self.assertFalse(NewsPage.objects.filter(slug="no-alt").exists())

    def test_no_image_needs_no_alt_text(self):
        self.login()
        data = story_form_data(title="Text only", slug="text-only")
        self.assertCanCreate(self.index, NewsPage, data)

    def test_a_slug_that_looks_like_a_year_is_refused(self):
        self.login()
        data = story_form_data(title="2024", slug="2024", **{"action-publish": "1"})
        url = reverse("wagtailadmin_pages:add", args=["news", "newspage", self.index.pk])
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "lists the stories of a year")
        self.assertFalse(NewsPage.objects.filter(slug="2024").exists())

    def test_site_search_finds_a_story_by_its_topic(self):
        make_story(self.index, title="Quiet update", topics=["Resilience"])
        response = self.client.get("/en/search/", {"q": "resilience"})
        self.assertContains(response, "Quiet update")
