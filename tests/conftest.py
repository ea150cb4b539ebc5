"""Fixtures shared by every test package, including the real-browser ones."""

import os
import shutil

from django.core.cache import cache
from django.db import connections
from django.utils import translation

from wagtail.models import Site

import pytest

from bench.chromium import CHROMIUM_ARGS
from tests.membership_forms.browser import assert_no_csp_violations, watch_csp


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache. Cached image renditions would otherwise outlive
    the rows of a rolled-back test, and a new image that reuses an id would show another
    test's picture."""
    cache.clear()


@pytest.fixture(autouse=True)
def no_language_left_active():
    """Each test starts without an active language. A request through the test client runs
    in this thread, and the language middleware leaves that page's language active after
    it, so a test that last asked for /ar/ would otherwise build the next test's links in
    Arabic."""
    yield
    translation.deactivate()


@pytest.fixture
def page_cache_off(settings):
    """For tests that count what rendering a page costs: with the page cache or the stored
    fragments on, a repeated request is served from them without a query, whatever the page
    does."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0


@pytest.fixture
def home_page(db):
    """The site root that the home app's data migration creates."""
    return Site.objects.get(is_default_site=True).root_page.specific


def find_chromium() -> str | None:
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def chromium_executable():
    path = find_chromium()
    if not path:
        reason = (
            "Chromium was not found on the PATH or in CHROMIUM_PATH; "
            "install Debian's `chromium` package to run the browser tests."
        )
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " REQUIRE_BROWSER=1 makes this an error.")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def browser(chromium_executable, django_db_setup):

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls
    # are still synchronous, so Django's async guard does not apply.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # Starting Playwright gives this thread a new context, in which Django would make new
    # connection objects without the serialized test data that serialized rollback restores
    # (so a second browser test would find an empty database). Keep the same objects.

    wrappers = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, wrapper in wrappers.items():
            connections[alias] = wrapper
        browser = playwright.chromium.launch(
            executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(browser, live_server, django_db_serialized_rollback):
    """A fresh browser tab on the live server, over a database holding what migrations made
    (serialized rollback puts it back after each live-server test's flush); a violation of
    the Content-Security-Policy on any page it opens fails the test."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    violations = watch_csp(context)
    tab = context.new_page()
    yield tab
    context.close()
    # Any page the test opened that broke the Content-Security-Policy fails the test.
    assert_no_csp_violations(violations)
