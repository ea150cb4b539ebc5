from urllib.parse import urlsplit

import pytest

from .test_hub import PASSWORD, make_hub, make_user

pytestmark = pytest.mark.browser


def test_member_logs_in_and_reaches_the_hub(browser_page, home_page):
    make_hub(home_page, introduction="News for member cities.")
    make_user("member", member=True)

    browser_page.goto("/en/online-hub/")
    browser_page.wait_for_url("**/en/account/login/?next=/en/online-hub/")
    assert browser_page.get_by_role("heading", level=1).inner_text() == "Members’ login"
    main_menu = browser_page.get_by_role("navigation", name="Main")
    assert main_menu.get_by_role("link", name="Online Hub").count() == 0

    assert browser_page.get_by_text("The address we wrote to when your city joined").is_visible()
    browser_page.get_by_label("Email address").fill("member")
    browser_page.get_by_label("Password").fill(PASSWORD)
    browser_page.get_by_label("Password").press("Enter")
    browser_page.wait_for_url("**/online-hub/")
    assert browser_page.get_by_role("heading", level=1).inner_text() == "Online Hub"
    assert browser_page.get_by_text("News for member cities.").is_visible()
    assert main_menu.get_by_role("link", name="Online Hub").is_visible()

    browser_page.get_by_role("button", name="Log out").click()
    browser_page.wait_for_url(lambda url: urlsplit(url).path == "/en/")
    assert main_menu.get_by_role("link", name="Online Hub").count() == 0
