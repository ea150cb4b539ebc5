"""The checkers themselves must catch what they are for, or the markup tests prove nothing."""

import pytest

from tests.quality import axe_violations, html_errors


def test_html_checker_reports_broken_markup():
    errors = html_errors(
        {
            "broken": "<!DOCTYPE html><html lang='en'><head><title>x</title></head>"
            "<body><div><p>text</span></body></html>",
            "fine": "<!DOCTYPE html><html lang='en'><head><title>x</title></head>"
            "<body><p>text</p></body></html>",
        }
    )
    assert errors
    assert all(error.startswith("broken:") for error in errors)


@pytest.mark.browser
def test_axe_reports_an_unlabelled_field(browser):
    tab = browser.new_page()
    tab.set_content(
        "<!DOCTYPE html><html lang='en'><head><title>x</title></head><body><main>"
        "<h1>Form</h1><input type='text'></main></body></html>"
    )
    violations = axe_violations(tab)
    tab.close()
    assert any(v.startswith("label") for v in violations)
