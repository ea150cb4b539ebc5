"""The Content-Security-Policy in a real Chromium: public pages work under the strict policy
and the admin under its own (editing a page, the page chooser, uploading an image); any
violation fails the test (the listener is in tests/conftest.py's browser_page)."""

import struct
import zlib

from wagtail.images import get_image_model
from wagtail.models import Site

import pytest

from tests.membership_forms.browser import admin_login, watch_csp
from tests.membership_forms.factories import make_user

pytestmark = pytest.mark.browser


def png_bytes() -> bytes:
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x80\x40\x20" * 8 for _ in range(8))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_the_listener_catches_a_violation(browser, live_server, django_db_serialized_rollback):
    context = browser.new_context(base_url=live_server.url)
    violations = watch_csp(context)
    tab = context.new_page()
    tab.goto("/en/search/")
    tab.evaluate(
        "const script = document.createElement('script');"
        "script.textContent = 'window.x = 1';"
        "document.body.append(script);"
    )
    tab.wait_for_timeout(200)
    context.close()
    assert violations and "script-src" in violations[0]


def test_public_pages_work_under_the_strict_policy(browser_page):
    response = browser_page.goto("/en/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy + ";" and "unsafe-inline" not in policy
    assert "object-src 'none'" in policy
    browser_page.goto("/en/search/?q=network")
    browser_page.goto("/en/account/login/")
    browser_page.get_by_label("Email address").fill("nobody")


def test_the_admin_works_under_its_policy(browser_page, tmp_path):
    home_page = Site.objects.get(is_default_site=True).root_page
    make_user("boss", password="a-long-test-password", is_staff=True, is_superuser=True)
    page = browser_page
    admin_login(page, "boss", "a-long-test-password")
    # Edit a page: add a child standard page, with the page chooser in its body's call to action.
    page.goto(f"/admin/pages/add/home/standardpage/{home_page.pk}/")
    page.locator("#id_title").fill("About the network")
    page.get_by_role("tab", name="Promote").click()
    page.locator("#id_slug").fill("about-the-network")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url("**/edit/")
    # The page chooser (a modal loaded by script).
    page.goto("/admin/pages/")
    page.goto("/admin/choose-page/")
    assert page.get_by_text("Home").first.is_visible()
    # Upload an image.
    image = tmp_path / "square.png"
    image.write_bytes(png_bytes())
    page.goto("/admin/images/multiple/add/")
    page.set_input_files("input[type=file]", str(image))
    page.locator(".status-msg.success").wait_for()
    assert get_image_model().objects.filter(title="square").exists()
