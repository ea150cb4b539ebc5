import pytest

from .helpers import make_faq_page, section

pytestmark = pytest.mark.browser


def make_long_faq(home_page):
    filler = "<p>" + "Cities learn from one another. " * 40 + "</p>"
    return make_faq_page(
        home_page,
        body=[
            section(
                "About",
                [(f"Background question {n}?", f"background-{n}", filler) for n in range(6)],
                anchor="about",
            ),
            section(
                "Joining",
                [
                    ("Who can join?", "who-can-join", "<p>City officials.</p>"),
                    ("How do we join?", "how-do-we-join", "<p>Send us an enquiry.</p>"),
                ],
                anchor="joining",
            ),
        ],
    )


def is_open(tab, anchor):
    return tab.locator(f"details#{anchor}").evaluate("element => element.open")


def test_deep_link_opens_that_answer(browser_page, home_page):
    make_long_faq(home_page)
    browser_page.goto("/en/faq/#how-do-we-join")
    answer = browser_page.get_by_text("Send us an enquiry.")
    answer.wait_for(state="visible")
    assert is_open(browser_page, "how-do-we-join")
    assert not is_open(browser_page, "who-can-join")
    assert answer.is_visible()
    assert not browser_page.get_by_text("City officials.").is_visible()

    # Following a link in the list of questions opens that answer too.
    browser_page.get_by_role("navigation", name="On this page").get_by_role(
        "link", name="Who can join?"
    ).click()
    browser_page.get_by_text("City officials.").wait_for(state="visible")
    assert browser_page.url.endswith("/en/faq/#who-can-join")


def test_answers_open_and_close_from_the_keyboard(browser_page, home_page):
    make_long_faq(home_page)
    browser_page.goto("/en/faq/")
    summary = browser_page.locator("details#who-can-join > summary")
    summary.focus()
    browser_page.keyboard.press("Enter")
    assert is_open(browser_page, "who-can-join")
    assert browser_page.get_by_text("City officials.").is_visible()
    browser_page.keyboard.press("Space")
    assert not is_open(browser_page, "who-can-join")
    # Tab moves on to the next question, which Space opens.
    browser_page.keyboard.press("Tab")
    assert browser_page.evaluate("document.activeElement.textContent") == "How do we join?"
    browser_page.keyboard.press("Space")
    assert is_open(browser_page, "how-do-we-join")


def test_answers_open_without_javascript(
    browser, live_server, django_db_serialized_rollback, home_page
):
    make_long_faq(home_page)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto("/en/faq/#how-do-we-join")
        tab.locator("details#how-do-we-join > summary").click()
        assert tab.get_by_text("Send us an enquiry.").is_visible()
    finally:
        context.close()
