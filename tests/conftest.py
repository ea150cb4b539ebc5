"""Fixtures shared by every test package, including the real-browser ones."""

import os
import shutil

from wagtail.models import Site

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


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
def migrated_content(django_db_setup, django_db_blocker):
    """What migrations put in the test database (the site root, collections, groups),
    serialised before any browser test runs. Live-server tests flush the database when they
    end, and Django's own serialized rollback does not survive Playwright's event loop, so
    `migrated_database` puts this back itself."""
    from django.db import connection

    with django_db_blocker.unblock():
        saved = getattr(connection, "_test_serialized_contents", None)
        return saved or connection.creation.serialize_db_to_string()


@pytest.fixture(scope="session")
def browser(chromium_executable, migrated_content):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls
    # are still synchronous, so Django's async guard does not apply.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def migrated_database(transactional_db, migrated_content):
    """For transactional tests: a database holding what migrations made, whatever ran before
    (a live-server test leaves the database flushed)."""
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(migrated_content)
    with connection.cursor() as cursor:  # rows came back with their ids: move sequences on
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)


@pytest.fixture
def browser_page(browser, live_server, migrated_database, django_db_serialized_rollback):
    """A fresh browser tab on the live server, over a database holding what migrations made."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()
