import datetime

import pytest

from .utils import make_image, make_index, make_story

pytestmark = pytest.mark.browser


def test_visitor_pages_through_the_news_and_reads_a_story(browser_page, home_page):
    news_index = make_index(home_page, show_in_menus=True)
    for number in range(12):
        make_story(
            news_index,
            title=f"Story {number:02d}",
            publication_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
            topics=["Youth"] if number % 2 else ["Training"],
            hero_image=make_image(f"Picture {number}") if number > 9 else None,
        )

    browser_page.goto("/en/")
    browser_page.get_by_role("navigation", name="Main").get_by_role("link", name="News").click()
    browser_page.wait_for_url("**/news/")
    stories = browser_page.get_by_role("heading", level=3)
    assert stories.first.inner_text() == "Story 11"
    assert stories.count() == 10
    assert browser_page.get_by_text("Page 1 of 2").is_visible()

    browser_page.get_by_role("link", name="Next page").click()
    browser_page.wait_for_url("**/news/?page=2")
    assert browser_page.get_by_role("heading", level=3).all_inner_texts() == [
        "Story 01",
        "Story 00",
    ]
    browser_page.get_by_role("link", name="Previous page").click()
    browser_page.wait_for_url("**/news/?page=1")
    assert browser_page.get_by_role("heading", level=3).first.inner_text() == "Story 11"

    browser_page.get_by_role("link", name="Story 11").click()
    browser_page.wait_for_url("**/news/story-11/")
    assert browser_page.get_by_role("heading", level=1).inner_text() == "Story 11"
    date = browser_page.locator("article time").first
    assert date.get_attribute("datetime") == "2024-01-12"
    assert date.inner_text() == "12 January 2024"
    assert browser_page.get_by_text("Body of Story 11.").is_visible()
    hero = browser_page.get_by_role("img", name="Picture for Story 11")
    assert hero.evaluate("image => image.complete && image.naturalWidth > 0")

    browser_page.locator(".news-story__topics").get_by_role("link", name="Youth").click()
    browser_page.wait_for_url("**/news/topic/youth/")
    assert browser_page.get_by_role("heading", level=1).inner_text() == "News about Youth"
    titles = browser_page.get_by_role("heading", level=3).all_inner_texts()
    assert titles == ["Story 11", "Story 09", "Story 07", "Story 05", "Story 03", "Story 01"]
