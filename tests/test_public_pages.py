"""Every kind of public page, filled the way the demo content fills it, is valid HTML and
passes axe-core's WCAG 2.2 A/AA rules, in English, French and Arabic. This is the one place
besides the idempotency tests that loads the whole demo: it checks the pages as editors will
really fill them."""

from django.core.management import call_command
from django.utils import translation

import pytest

from membership_forms.models import MembershipEnquiryPage, Region
from news.models import NewsPage
from tests.membership_forms.conftest import ANSWERS, post_data
from tests.quality import axe_violations, html_errors

LANGUAGES = ["en", "fr", "ar"]
# Every kind of page in English. The demo content translates the home page, the FAQ, the
# principles, the news index, three stories and the enquiry form, so they and the addresses
# that are not pages (search, login, a missing page) are checked in French and Arabic too; the
# other pages have no translation, and their French and Arabic addresses are not found.
PATHS = [
    "",
    "faq/",
    "principles/",
    "news/",
    "join/",
    "search/?q=city",
    "search/?q=zzzz",
    "account/login/",
    "no-such-page/",
]
ENGLISH_ONLY = ["about/", "myth-busting/", "funding/", "members/"]
FAQ_TITLES = {"fr": "Questions fréquentes", "ar": "الأسئلة الشائعة"}


def latest_story() -> NewsPage:
    """The newest English story that the demo content translates."""
    translated = NewsPage.objects.filter(locale__language_code="fr").values("translation_key")
    return (
        NewsPage.objects.live()
        .filter(locale__language_code="en", translation_key__in=translated)
        .order_by("-publication_date")
        .first()
    )


def public_urls() -> list[str]:
    story = latest_story()
    topic = story.topics.first()
    paths = [
        *PATHS,
        story.url.removeprefix("/en/"),
        f"news/topic/{topic.slug}/",
        f"news/{story.publication_date.year}/",
    ]
    return [f"/en/{path}" for path in ENGLISH_ONLY] + [
        f"/{language}/{path}" for language in LANGUAGES for path in paths
    ]


def form_states(client, language: str) -> dict[str, str]:
    """The enquiry form sent empty (every error shown) and sent complete (the thank-you
    page), in that language."""
    page = MembershipEnquiryPage.objects.get(locale__language_code=language)
    empty = client.post(page.url, post_data(page, captcha={}, **dict.fromkeys(ANSWERS, "")))
    assert empty.status_code == 400 and 'class="error-summary"' in empty.content.decode()
    with translation.override(language):  # the form offers the regions in its language
        region = str(Region.SUB_SAHARAN_AFRICA.label)
    sent = client.post(page.url, post_data(page, region=region))
    assert sent.status_code == 303, page.url
    thanks = client.get(sent["Location"])
    assert thanks.status_code == 200 and "enquiry-receipt" in thanks.content.decode()
    return {
        f"{page.url} (errors)": empty.content.decode(),
        f"{page.url} (sent)": thanks.content.decode(),
    }


@pytest.fixture
def demo_site(db):
    call_command("load_demo_content", verbosity=0)


def test_public_pages_are_valid_html(client, demo_site, settings):
    settings.MEMBERSHIP_RATE_LIMIT_PER_MINUTE = 0  # six enquiries in a row
    documents = {}
    for url in public_urls():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        documents[url] = response.content.decode()
    # The translated pages are the ones served, in their language's frame.
    for language, title in FAQ_TITLES.items():
        assert f'<html lang="{language}"' in documents[f"/{language}/faq/"]
        assert f"<h1>{title}</h1>" in documents[f"/{language}/faq/"]
    for language in LANGUAGES:
        documents.update(form_states(client, language))
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
    # The enquiry form sent empty: the error summary and every field's error.
    for language in LANGUAGES:
        browser_page.goto(f"/{language}/join/")
        browser_page.locator(".enquiry-form button[type=submit]").first.click()
        browser_page.locator(".error-summary").wait_for()
        violations = axe_violations(browser_page)
        if violations:
            failures[f"/{language}/join/ (errors)"] = violations
    assert failures == {}
