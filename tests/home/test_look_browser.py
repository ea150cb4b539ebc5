"""The look in a real browser (issue 12): a compact header on phones whose menu opens with
the keyboard and without JavaScript, and one grid: the logo, the breadcrumb and the heading
share their start edge, left to right and right to left."""

import pytest

from tests.home import test_rtl_browser
from tests.home.test_rtl_browser import DESKTOP, PHONE

# The demo's home page, FAQ and enquiry form, with their Arabic translations.
arabic_pages = test_rtl_browser.arabic_pages
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("arabic_pages")]


def edge(tab, selector: str, side: str) -> float:
    """The start or end of the text of the first element matching `selector`."""
    return tab.evaluate(
        """([selector, side]) => {
            const element = document.querySelector(selector);
            const range = document.createRange();
            range.selectNodeContents(element);
            const box = range.getBoundingClientRect();
            return side === 'left' ? box.left : box.right;
        }""",
        [selector, side],
    )


@pytest.mark.parametrize("javascript", [True, False])
def test_phone_header_is_compact_and_its_menu_opens_with_the_keyboard(
    browser, live_server, django_db_serialized_rollback, javascript
):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, java_script_enabled=javascript
    )
    tab = context.new_page()
    tab.goto("/en/faq/")
    header = tab.locator(".site-header").bounding_box()
    assert header["height"] < 80
    # The heading starts within the first screen's top quarter.
    assert tab.locator("main h1").bounding_box()["y"] < 844 / 4
    menu = tab.get_by_role("navigation", name="Main")
    assert not menu.is_visible()
    button = tab.locator(".site-menu summary")
    assert button.inner_text().strip() == "Menu"
    button.focus()
    tab.keyboard.press("Enter")
    assert menu.is_visible()
    assert tab.locator(".site-menu").get_attribute("open") is not None
    links = menu.get_by_role("link")
    assert links.count() >= 3
    # One link per row, nothing cut off at the side.
    boxes = [links.nth(i).bounding_box() for i in range(links.count())]
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] for box in boxes)
    assert len({round(box["y"]) for box in boxes}) == len(boxes)
    # The search is in the menu too, and reachable with the keyboard.
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.closest('.site-menu') !== null")
    tab.keyboard.press("Shift+Tab")
    tab.keyboard.press("Enter")  # closes again
    assert not menu.is_visible()
    context.close()


def test_desktop_shows_the_menu_without_a_button(browser_page):
    tab = browser_page
    tab.set_viewport_size(DESKTOP)
    tab.goto("/en/faq/")
    assert not tab.locator(".site-menu summary").is_visible()
    menu = tab.get_by_role("navigation", name="Main")
    assert menu.is_visible()
    assert menu.get_by_role("link", name="Frequently asked questions").is_visible()
    assert tab.get_by_role("search").is_visible()
    # The menu's links are in one row.
    links = menu.get_by_role("link")
    assert len({round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}) == 1


@pytest.mark.parametrize(("prefix", "side"), [("/en/", "left"), ("/ar/", "right")])
def test_header_breadcrumb_and_heading_share_their_edge(browser_page, prefix, side):
    tab = browser_page
    tab.set_viewport_size(DESKTOP)
    tab.goto(f"{prefix}faq/")
    tab.evaluate("document.fonts.ready.then(() => true)")
    logo = tab.locator(".site-header__name").bounding_box()
    logo_edge = logo["x"] if side == "left" else logo["x"] + logo["width"]
    crumb = edge(tab, ".breadcrumbs li:first-child a", side)
    heading = edge(tab, "main h1", side)
    assert abs(crumb - logo_edge) <= 1, (crumb, logo_edge)
    assert abs(heading - logo_edge) <= 3, (heading, logo_edge)  # the glyph's own side bearing
    # The long page uses the width: its contents sit in a side column beside the text.
    contents = tab.locator(".page-contents").bounding_box()
    text = tab.locator(".page-layout__body").bounding_box()
    if side == "left":
        assert contents["x"] > text["x"] + text["width"]
    else:
        assert contents["x"] + contents["width"] < text["x"]


def test_phone_states_pass_axe(browser_page):
    """The states only a phone shows: the menu open, and the funders as cards."""
    from django.core.management import call_command

    from tests.quality import axe_violations

    call_command("load_demo_content", verbosity=0)
    tab = browser_page
    tab.set_viewport_size(PHONE)
    failures = {}
    for language in ("en", "ar"):
        tab.goto(f"/{language}/")
        tab.locator(".site-menu summary").click()
        failures[f"/{language}/ (menu open)"] = axe_violations(tab)
    tab.goto("/en/funding/")
    cells = tab.locator(".funders td")
    assert cells.first.evaluate("td => getComputedStyle(td).display") == "block"
    assert cells.first.evaluate("td => getComputedStyle(td, '::before').content").startswith('"')
    # Still a table to screen readers, whose cells are read without the visual label.
    assert tab.get_by_role("table").count() == 1
    assert tab.get_by_role("columnheader", name="Kind").count() == 1
    assert tab.get_by_role("cell", name="Government", exact=True).count() >= 1
    failures["/en/funding/ (cards)"] = axe_violations(tab)
    tab.goto("/en/members/")
    failures["/en/members/"] = axe_violations(tab)
    assert {url: found for url, found in failures.items() if found} == {}
