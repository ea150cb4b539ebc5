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


# Every page of the context reports Content-Security-Policy violations to the test.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
    const blocked = event.blockedURI || "inline code";
    window.__reportCspViolation(
        `${event.violatedDirective} blocked ${blocked} on ${event.documentURI}`
    );
});
"""


def watch_csp(context) -> list[str]:
    """Collect every `securitypolicyviolation` event in the browser context's pages."""
    violations = []
    context.expose_binding("__reportCspViolation", lambda source, text: violations.append(text))
    context.add_init_script(CSP_LISTENER)
    return violations


def assert_no_csp_violations(violations: list[str]):
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)
