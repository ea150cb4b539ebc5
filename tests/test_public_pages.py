"""Every kind of public page, filled the way the demo content fills it, is valid HTML and
passes axe-core's WCAG 2.2 A/AA rules. This is the one place besides the idempotency tests
that loads the whole demo: it checks the pages as editors will really fill them."""

from django.core.management import call_command

import pytest

from news.models import NewsPage
from tests.quality import axe_violations, html_errors

STATIC_URLS = [
    "/en/",
    "/en/about/",
    "/en/faq/",
    "/en/news/",
    "/en/join/",
    "/en/principles/",
    "/en/myth-busting/",
    "/en/funding/",
    "/en/members/",
    "/en/search/?q=city",
    "/en/search/?q=zzzz",
    "/en/account/login/",
    "/en/no-such-page/",
    # The demo's French and Arabic pages.
    *(
        f"/{language}/{path}"
        for language in ("fr", "ar")
        for path in ("", "faq/", "join/", "principles/", "news/", "news/new-member-city-joins/")
    ),
]


def public_urls() -> list[str]:
    story = (
        NewsPage.objects.live()
        .filter(locale__language_code="en")
        .order_by("-publication_date")
        .first()
    )
    topic = story.topics.first()
    return [
        *STATIC_URLS,
        story.url,
        f"/en/news/topic/{topic.slug}/",
        f"/en/news/{story.publication_date.year}/",
    ]


@pytest.fixture
def demo_site(db):
    call_command("load_demo_content", verbosity=0)


def test_public_pages_are_valid_html(client, demo_site):
    documents = {}
    for url in public_urls():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        documents[url] = response.content.decode()
    errors = html_errors(documents)
    assert errors == [], "\n".join(errors)


@pytest.mark.browser
def test_public_pages_pass_axe(browser_page):
    call_command("load_demo_content", verbosity=0)
    failures = {}
    for url in public_urls():
        browser_page.goto(url)
        violations = axe_violations(browser_page)
        if violations:
            failures[url] = violations
    assert failures == {}
