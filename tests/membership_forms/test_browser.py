"""An applicant in a real browser: filling in the form, fixing a mistake, and doing it all
with the keyboard alone."""

from django.core import mail

import pytest
from playwright.sync_api import expect

from membership_forms.models import MembershipEnquiry

from .conftest import make_enquiry_page

pytestmark = pytest.mark.browser


@pytest.fixture
def applicant_page(browser_page, home_page, settings, monkeypatch):
    """The enquiry page, with the captcha in test mode ("PASSED" is accepted) and no
    minimum filling time, since a script types faster than a person. The live server runs
    in a thread of this process, so these settings apply to it."""
    from captcha.conf import settings as captcha_settings

    settings.CAPTCHA_TEST_MODE = True
    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", True)
    settings.MEMBERSHIP_MIN_FILL_SECONDS = 0
    page = make_enquiry_page(home_page)
    browser_page.goto(page.url)
    return browser_page


def fill_in(tab, **overrides):
    answers = {
        "Your name": "Amina Diallo",
        "Your role": "Head of Community Safety",
        "City": "Dakar",
        "Country": "Senegal",
        "Email address": "amina@example.org",
        "Why would your city like to join?": "To learn from other cities.",
        **overrides,
    }
    for label, value in answers.items():
        tab.get_by_label(label, exact=True).fill(value)
    tab.get_by_label("Region").select_option("Sub-Saharan Africa")
    tab.get_by_label("Type the letters in the picture").fill("PASSED")


def test_applicant_sends_the_form_and_sees_the_reference(applicant_page):
    tab = applicant_page
    assert tab.get_by_role("heading", level=1).inner_text() == "Join the network"
    fill_in(tab)
    tab.get_by_role("button", name="Send enquiry").click()
    tab.wait_for_url("**/join/?sent=*")

    enquiry = MembershipEnquiry.objects.get()
    assert tab.get_by_role("heading", level=1).inner_text() == "Thank you for your enquiry"
    assert tab.locator(".enquiry-receipt__reference").inner_text() == enquiry.reference
    assert enquiry.city == "Dakar" and enquiry.region == "sub_saharan_africa"
    assert len(mail.outbox) == 2


def test_a_mistake_is_summarised_and_the_answers_are_kept(applicant_page):
    tab = applicant_page
    fill_in(tab, **{"Email address": "amina@"})
    tab.get_by_role("button", name="Send enquiry").click()

    summary = tab.get_by_role("alert")
    assert "There is a problem with your enquiry" in summary.inner_text()
    # The summary has focus, so screen readers read it first.
    assert tab.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    summary.get_by_role("link", name="Email address: Enter a valid email address.").click()
    assert tab.evaluate("document.activeElement.id") == "id_email_address"

    email = tab.get_by_label("Email address", exact=True)
    assert email.get_attribute("aria-invalid") == "true"
    assert tab.get_by_label("City", exact=True).input_value() == "Dakar"
    assert tab.get_by_label("Region").input_value() == "Sub-Saharan Africa"
    assert email.input_value() == "amina@"
    # A captcha is single-use: a new picture and an empty box.
    assert tab.get_by_label("Type the letters in the picture").input_value() == ""
    assert MembershipEnquiry.objects.count() == 0

    email.fill("amina@example.org")
    tab.get_by_label("Type the letters in the picture").fill("PASSED")
    tab.get_by_role("button", name="Send enquiry").click()
    tab.wait_for_url("**/join/?sent=*")
    assert MembershipEnquiry.objects.get().contact_email == "amina@example.org"


def test_the_form_can_be_completed_with_the_keyboard_alone(applicant_page):
    tab = applicant_page
    focused = "document.activeElement.getAttribute('name')"
    for _ in range(40):
        tab.keyboard.press("Tab")
        if tab.evaluate(focused) == "your_name":
            break
    else:
        pytest.fail("Tabbing never reached the first question")

    stops = []
    for text in [
        "Amina Diallo",
        "Head of Community Safety",
        "Dakar",
        "Senegal",
        None,  # the region list: choose with the arrow keys
        "amina@example.org",
        "",
        "To learn from other cities.",
    ]:
        stops.append(tab.evaluate(focused))
        if text is None:
            tab.keyboard.press("ArrowDown")
        elif text:
            tab.keyboard.type(text)
        tab.keyboard.press("Tab")
    # The honeypot is skipped; the next stop is the captcha's answer box.
    assert tab.evaluate(focused) == "security-check_1"
    assert stops == [
        "your_name",
        "your_role",
        "city",
        "country",
        "region",
        "email_address",
        "phone_number",
        "why_would_your_city_like_to_join",
    ]
    # Send comes next, then the button for new letters, which works from the keyboard too.
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Send enquiry"
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Show different letters"
    old_key = tab.locator("input[name='security-check_0']").input_value()
    tab.keyboard.press("Enter")
    # A locator wait, not wait_for_function: that evaluates a string, which the CSP forbids.
    expect(tab.locator("input[name='security-check_0']")).not_to_have_value(old_key)
    assert tab.evaluate(focused) == "security-check_1"

    tab.keyboard.type("PASSED")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/join/?sent=*")
    enquiry = MembershipEnquiry.objects.get()
    assert enquiry.region == "sub_saharan_africa"
    assert enquiry.form_data["phone_number"] == ""
    assert tab.get_by_text(enquiry.reference).is_visible()
