"""The applicant's side in a real browser: the emailed application link, half the form saved
to finish later, the same emailed link again (another day, another browser) with every
answer back, the application sent, and the enquiry followed on the status page to
"Membership confirmed". With SCREENSHOTS_DIR set, it saves the pictures of the staff guide's
applicant section (docs/staff-guide.md)."""

from django.core import mail

import pytest

from membership_forms import services
from membership_forms.models import Application, ApplicationDraft, EnquiryStatus
from tests.quality import axe_violations

from .applicant import links_in, path_of
from .browser import assert_no_csp_violations, screenshot, watch_csp
from .factories import make_enquiry, make_principles_page, make_reviewer

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1280, "height": 800}


def link_in_email(email, fragment: str) -> str:
    return path_of(next(url for url in links_in(email.body) if fragment in url))


def where_it_stands(page) -> str:
    return page.locator("ol.enquiry-progress").inner_text()


@pytest.fixture
def fresh_browser(browser, live_server):
    """A new browser context each call: the applicant coming back another day."""
    contexts, violations = [], []

    def fresh_browser():
        context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT)
        context.set_default_timeout(10_000)
        contexts.append(context)
        violations.append(watch_csp(context))
        return context.new_page()

    yield fresh_browser
    for context in contexts:
        context.close()
    assert_no_csp_violations([text for found in violations for text in found])


def test_save_half_come_back_finish_and_follow_to_confirmation(
    browser_page, fresh_browser, django_capture_on_commit_callbacks
):
    make_principles_page()
    reviewer = make_reviewer("rita", first_name="Rita", last_name="Mensah")
    enquiry = make_enquiry(
        city="Mombasa",
        country="Kenya",
        contact_name="Amina Njeri",
        contact_email="amina.njeri@mombasa.example",
    )
    services.enquiry_send_application(enquiry=enquiry, by=reviewer)
    (invitation,) = [email for email in mail.outbox if email.to == [enquiry.contact_email]]
    application_path = link_in_email(invitation, "/en/membership/application/")
    status_path = link_in_email(invitation, "/en/membership/status/")

    # Half the form, then "Save and finish later".
    applicant = fresh_browser()
    applicant.goto(application_path)
    applicant.locator("#id_contacts-0-name").fill("Amina Njeri")
    applicant.locator("#id_contacts-0-job_title").fill("Deputy Governor, Security")
    applicant.locator("#id_contacts-0-email").fill("amina.njeri@mombasa.example")
    applicant.locator("#id_contacts-0-kind_0").check()
    applicant.locator("#id_contacts-1-name").fill("Juma Otieno")
    applicant.get_by_label("Your city's challenges and approaches").fill("Youth outreach")
    applicant.get_by_label("Human rights").check()
    applicant.get_by_role("button", name="Save and finish later").click()
    applicant.wait_for_url(f"**{application_path}?saved")
    notice = applicant.get_by_role("status")
    assert "Your answers are saved" in notice.inner_text()
    assert "it works until" in notice.inner_text()
    assert axe_violations(applicant) == []
    screenshot(applicant, "applicant-01-answers-saved.png")
    applicant.context.close()

    # Nothing was sent: the enquiry still waits for its application.
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.APPLICATION_SENT
    assert not Application.objects.exists()

    # Another day, another browser: the status page, then the emailed link again.
    applicant = fresh_browser()
    applicant.goto(status_path)
    assert "You have a saved draft" in applicant.content()
    screenshot(applicant, "applicant-02-status-with-draft.png")
    applicant.goto(application_path)
    assert "Welcome back" in applicant.get_by_role("status").inner_text()
    assert applicant.locator("#id_contacts-0-name").input_value() == "Amina Njeri"
    assert applicant.locator("#id_contacts-0-email").input_value() == (
        "amina.njeri@mombasa.example"
    )
    assert applicant.locator("#id_contacts-0-kind_0").is_checked()
    assert applicant.locator("#id_contacts-1-name").input_value() == "Juma Otieno"
    assert applicant.get_by_label("Your city's challenges and approaches").input_value() == (
        "Youth outreach"
    )
    assert applicant.get_by_label("Human rights").is_checked()
    assert not applicant.get_by_label("Local ownership").is_checked()
    assert not applicant.locator("#id_data_consent").is_checked()

    # The rest, and send.
    applicant.locator("#id_contacts-1-job_title").fill("Prevention programme officer")
    applicant.locator("#id_contacts-1-email").fill("juma.otieno@mombasa.example")
    applicant.locator("#id_contacts-1-kind_1").check()
    applicant.get_by_label("Your city's challenges and approaches").fill(
        "Youth outreach with schools and sports clubs in four wards since 2020."
    )
    applicant.get_by_label("Local ownership").check()
    applicant.locator("#id_data_consent").check()
    applicant.get_by_role("button", name="Send application").click()
    applicant.wait_for_url(f"**{application_path}")
    assert applicant.get_by_role("heading", level=1).inner_text() == (
        "Thank you: we have your application"
    )
    assert not ApplicationDraft.objects.exists()
    application = Application.objects.get(enquiry=enquiry)
    assert [contact.name for contact in application.contacts.all()] == [
        "Amina Njeri",
        "Juma Otieno",
    ]

    # The applicant follows the enquiry on its status page.
    applicant.goto(status_path)
    assert "Where it stands: Application received" in applicant.locator("main").inner_text()
    assert "You have a saved draft" not in applicant.content()
    assert "We are reviewing your application" in applicant.content()

    # A reviewer confirms the membership; the status page says so.
    enquiry.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.enquiry_confirm(enquiry=enquiry, by=reviewer)
    applicant.reload()
    assert "Where it stands: Confirmed" in applicant.locator("main").inner_text()
    progress = where_it_stands(applicant)
    assert "Application received:" in progress
    assert "Membership confirmed:" in progress
    assert "not yet" not in progress
    assert axe_violations(applicant) == []
    screenshot(applicant, "applicant-03-status-confirmed.png")
