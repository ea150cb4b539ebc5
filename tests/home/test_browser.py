import pytest

from home.models import StandardPage

pytestmark = pytest.mark.browser


def test_visitor_browses_and_searches(browser_page, home_page):
    about = StandardPage(
        title="About the network", slug="about", show_in_menus=True, introduction="Who we are."
    )
    home_page.add_child(instance=about)
    about.save_revision().publish()

    browser_page.goto("/en/")
    assert browser_page.locator("h1").first.inner_text() == home_page.hero_heading

    # The first Tab stop is the skip link, and it moves focus to the main content.
    browser_page.keyboard.press("Tab")
    assert browser_page.evaluate("document.activeElement.textContent") == "Skip to main content"
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("document.activeElement.id") == "main"

    browser_page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="About the network"
    ).click()
    browser_page.wait_for_url("**/about/")
    assert browser_page.get_by_role("heading", level=1).inner_text() == "About the network"

    browser_page.get_by_label("Search the site").fill("network")
    browser_page.get_by_label("Search the site").press("Enter")
    browser_page.wait_for_url("**/search/?q=network")
    results = browser_page.get_by_role("heading", level=2).first.inner_text()
    assert "result" in results and "network" in results
    assert browser_page.get_by_role("link", name="About the network").count() >= 1
