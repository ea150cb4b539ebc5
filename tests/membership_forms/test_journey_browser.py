"""The whole journey in real browsers, one per person: a reviewer sends an overdue enquiry the
application form, the applicant applies through the emailed link, the reviewer confirms the
membership, and a new member sets a password and reaches the Online Hub. With SCREENSHOTS_DIR
set, it saves the journey pictures of the staff guide (docs/staff-guide.md)."""

from django.core import mail

import pytest

from membership_forms.models import EnquiryStatus, Member, Region
from tests.quality import axe_violations

from .applicant import links_in, path_of
from .browser import admin_login, assert_no_csp_violations, screenshot, watch_csp
from .factories import (
    make_enquiry_waiting,
    make_hub_page,
    make_principles_page,
    make_reviewer,
    make_terms_of_reference,
)

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1280, "height": 800}
REVIEWER_PASSWORD = "a-long-test-password"
MEMBER_PASSWORD = "Harbour-Lights-2026"


def status_of(page) -> str:
    return page.locator("[data-enquiry-status]").text_content().strip()


def history_of(page) -> str:
    return page.locator("section[aria-labelledby=history]").inner_text()


def link_in_email(email, fragment: str) -> str:
    return path_of(next(url for url in links_in(email.body) if fragment in url))


@pytest.fixture
def new_tab(browser, live_server):
    """Another person's browser (its own cookies) on the live server."""
    contexts = []
    context_violations = []

    def new_tab():
        context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT)
        context.set_default_timeout(10_000)
        contexts.append(context)
        context_violations.append(watch_csp(context))
        return context.new_page()

    yield new_tab
    for context in contexts:
        context.close()
    assert_no_csp_violations([text for found in context_violations for text in found])


def test_from_overdue_enquiry_to_member_on_the_hub(browser_page, new_tab):
    make_principles_page()
    hub = make_hub_page()
    make_terms_of_reference()
    make_reviewer("rita", first_name="Rita", last_name="Mensah", password=REVIEWER_PASSWORD)
    late = make_enquiry_waiting(
        8,
        city="Mombasa",
        country="Kenya",
        region=Region.SUB_SAHARAN_AFRICA,
        contact_name="Amina Njeri",
        contact_email="amina.njeri@mombasa.example",
        organisation="County Commissioner's Office",
    )
    make_enquiry_waiting(0, city="Cartagena", country="Colombia", contact_email="c@example.org")

    # The reviewer finds the overdue enquiry.
    reviewer = browser_page
    reviewer.set_viewport_size(VIEWPORT)
    admin_login(reviewer, "rita", REVIEWER_PASSWORD)
    reviewer.get_by_role("button", name="Membership").click()
    reviewer.get_by_role("link", name="Enquiries", exact=True).click()
    reviewer.wait_for_url("**/admin/membership/enquiries/")
    assert reviewer.locator("table.listing tbody tr").count() == 2
    reviewer.get_by_role("link", name="Overdue", exact=True).click()
    reviewer.wait_for_url("**overdue=yes**")
    rows = reviewer.locator("table.listing tbody tr")
    assert rows.count() == 1
    assert "Mombasa" in rows.first.inner_text()
    assert "Overdue" in rows.first.inner_text()
    screenshot(reviewer, "journey-01-overdue-enquiries.png")

    rows.first.get_by_role("link", name=late.reference).click()
    reviewer.wait_for_url(f"**/admin/membership/enquiries/inspect/{late.pk}/")
    heading = reviewer.get_by_role("heading", level=1).inner_text()
    assert heading.startswith(f"Enquiry {late.reference}")
    assert status_of(reviewer) == "Received"
    assert reviewer.locator(".enquiry-overdue").inner_text() == "Overdue"
    screenshot(reviewer, "journey-02-enquiry.png")

    # She sends the application form, with a note for colleagues.
    reviewer.get_by_role("link", name="Send application form").click()
    assert reviewer.get_by_role("heading", level=1).inner_text().startswith("Send application form")
    reviewer.get_by_label("Note (optional)").fill("Called the county office: a genuine enquiry.")
    screenshot(reviewer, "journey-03-send-application.png")
    reviewer.get_by_role("button", name="Send application form").click()
    reviewer.wait_for_url(f"**/admin/membership/enquiries/inspect/{late.pk}/")
    assert status_of(reviewer) == "Application sent"
    assert "It is now “Application sent”" in reviewer.locator(".messages").inner_text()
    history = history_of(reviewer)
    assert "Rita Mensah: Received → Application sent" in history
    assert "Called the county office: a genuine enquiry." in history
    assert reviewer.locator(".enquiry-overdue").count() == 0  # now waiting on the applicant

    # The applicant follows the link in the invitation.
    (invitation,) = [email for email in mail.outbox if email.to == [late.contact_email]]
    application_path = link_in_email(invitation, "/en/membership/application/")
    applicant = new_tab()
    applicant.goto(application_path)
    assert applicant.get_by_role("heading", level=1).inner_text() == (
        "Application to join the network"
    )
    assert axe_violations(applicant) == []
    contacts = [
        ("Amina Njeri", "Deputy Governor, Security", "amina.njeri@mombasa.example", 0),
        ("Juma Otieno", "Prevention programme officer", "juma.otieno@mombasa.example", 1),
    ]
    for index, (name, job_title, email, kind) in enumerate(contacts):
        applicant.locator(f"#id_contacts-{index}-name").fill(name)
        applicant.locator(f"#id_contacts-{index}-job_title").fill(job_title)
        applicant.locator(f"#id_contacts-{index}-email").fill(email)
        applicant.locator(f"#id_contacts-{index}-kind_{kind}").check()
    applicant.get_by_label("Your city's challenges and approaches").fill(
        "Youth outreach with schools and sports clubs in four wards since 2020."
    )
    applicant.get_by_label("Human rights").check()
    applicant.get_by_label("Local ownership").check()
    applicant.locator("#id_data_consent").check()
    screenshot(applicant, "journey-04-application-form.png")
    applicant.get_by_role("button", name="Send application").click()
    applicant.wait_for_url(f"**{application_path}")
    assert applicant.get_by_role("heading", level=1).inner_text() == (
        "Thank you: we have your application"
    )
    assert late.reference in applicant.locator(".enquiry-receipt").inner_text()
    assert axe_violations(applicant) == []
    screenshot(applicant, "journey-05-application-received.png")

    # The reviewer reloads the enquiry and confirms the membership.
    reviewer.reload()
    assert status_of(reviewer) == "Application received"
    assert "Juma Otieno" in reviewer.content()
    assert "The applicant or the site: Application sent → Application received" in history_of(
        reviewer
    )
    screenshot(reviewer, "journey-06-application-in-admin.png")
    reviewer.get_by_role("link", name="Confirm membership").click()
    assert reviewer.get_by_label("Show this city in the public member directory").is_checked()
    reviewer.get_by_label("Note (optional)").fill("Both contacts checked.")
    screenshot(reviewer, "journey-07-confirm-membership.png")
    mail.outbox.clear()
    reviewer.get_by_role("button", name="Confirm membership").click()
    reviewer.wait_for_url(f"**/admin/membership/enquiries/inspect/{late.pk}/")
    assert status_of(reviewer) == "Confirmed"
    assert "Rita Mensah: Application received → Confirmed" in history_of(reviewer)
    screenshot(reviewer, "journey-08-confirmed.png")
    member = Member.objects.get(enquiry=late)
    assert (member.city, member.show_in_directory) == ("Mombasa", True)

    # A new member chooses a password from their welcome email and logs in to the hub.
    (welcome,) = [email for email in mail.outbox if email.to == ["juma.otieno@mombasa.example"]]
    assert "Terms of Reference" in welcome.body
    newcomer = new_tab()
    newcomer.goto(link_in_email(welcome, "/set-password/"))
    assert newcomer.get_by_role("heading", level=1).inner_text() == "Choose your password"
    newcomer.get_by_label("New password", exact=True).fill(MEMBER_PASSWORD)
    newcomer.get_by_label("New password again").fill(MEMBER_PASSWORD)
    screenshot(newcomer, "journey-09-choose-password.png")
    newcomer.get_by_role("button", name="Save my password").click()
    newcomer.wait_for_url("**/account/set-password/done/")
    newcomer.get_by_role("link", name="Log in to the Online Hub").click()
    newcomer.wait_for_url("**/account/login/**")
    newcomer.get_by_label("Email address").fill("juma.otieno@mombasa.example")
    newcomer.get_by_label("Password").fill(MEMBER_PASSWORD)
    newcomer.get_by_role("button", name="Log in").click()
    newcomer.wait_for_url(f"**{hub.url}")
    assert newcomer.get_by_role("heading", level=1).inner_text() == hub.title
    screenshot(newcomer, "journey-10-online-hub.png")
    late.refresh_from_db()
    assert late.status == EnquiryStatus.CONFIRMED
