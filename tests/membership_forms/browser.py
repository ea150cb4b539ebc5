"""Helpers for the membership tests that drive a real browser."""

import os
from pathlib import Path


def screenshot(target, name):
    """Save a picture for the docs, only when asked (SCREENSHOTS_DIR=docs/images)."""
    directory = os.environ.get("SCREENSHOTS_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        target.screenshot(path=str(Path(directory) / name))


def admin_login(page, username, password):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
