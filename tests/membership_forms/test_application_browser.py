"""In a real browser: the applicant opens the emailed link and sends the application with the
keyboard alone; once a reviewer confirms, a new member chooses a password through the link in
their welcome and logs in to the Online Hub."""

from django.core import mail

import pytest

from membership_forms import services
from membership_forms.models import Application, EnquiryStatus

from .applicant import links_in, path_of
from .factories import (
    make_enquiry,
    make_hub_page,
    make_principles_page,
    make_terms_of_reference,
    make_user,
)

pytestmark = pytest.mark.browser

PASSWORD = "Table-Mountain-2026"


def focused_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def tab_to(page, element_id: str, *, limit: int = 40) -> None:
    """Press Tab until `element_id` has the focus: proof it can be reached by keyboard."""
    for _ in range(limit):
        if focused_id(page) == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} could not be reached with the Tab key")


def type_into(page, element_id: str, text: str) -> None:
    tab_to(page, element_id)
    page.keyboard.type(text)


def fill_contact(page, index: int, contact: dict, *, role_steps: int) -> None:
    for field in ("name", "job_title", "department", "email", "phone"):
        if contact.get(field):
            type_into(page, f"id_contacts-{index}-{field}", contact[field])
    # The first radio button takes the focus; arrow keys move the choice along the group.
    tab_to(page, f"id_contacts-{index}-kind_0")
    page.keyboard.press("Space")
    for _ in range(role_steps):
        page.keyboard.press("ArrowDown")


def test_applicant_applies_and_new_member_reaches_the_hub(browser_page):
    page = browser_page
    make_principles_page()
    hub = make_hub_page()
    make_terms_of_reference()
    enquiry = make_enquiry(contact_name="Ayanda Dlamini", city="Cape Town", country="South Africa")
    services.enquiry_send_application(enquiry=enquiry, by=make_user("reviewer"))
    (invitation,) = mail.outbox
    link = next(url for url in links_in(invitation.body) if "/en/membership/application/" in url)

    page.goto(path_of(link))
    assert page.get_by_role("heading", level=1).inner_text() == "Application to join the network"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")

    fill_contact(
        page,
        0,
        {
            "name": "Thandi Mokoena",
            "job_title": "Mayoral Committee Member for Safety",
            "email": "thandi@example.org",
            "phone": "+27 21 400 0001",
        },
        role_steps=0,
    )
    fill_contact(
        page,
        1,
        {
            "name": "Pieter Botha",
            "job_title": "Prevention programme manager",
            "department": "Community Safety",
            "email": "pieter@example.org",
        },
        role_steps=1,
    )
    type_into(page, "id_background", "Youth outreach in three districts, with schools, since 2021.")
    for slug in ("human-rights", "local-ownership"):
        tab_to(page, f"id_principle-{slug}")
        page.keyboard.press("Space")
    tab_to(page, "id_data_consent")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Send application"
    page.keyboard.press("Enter")

    page.wait_for_url(f"**{path_of(link)}")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Thank you: we have your application"
    assert enquiry.reference in page.content()
    application = Application.objects.get(enquiry=enquiry)
    assert [c.kind for c in application.contacts.all()] == ["political_lead", "practitioner"]
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.APPLICATION_RECEIVED

    mail.outbox.clear()
    services.enquiry_confirm(enquiry=enquiry, by=make_user("confirmer"))
    (welcome,) = [email for email in mail.outbox if email.to == ["thandi@example.org"]]
    set_password = next(url for url in links_in(welcome.body) if "/set-password/" in url)

    page.goto(path_of(set_password))
    assert page.get_by_role("heading", level=1).inner_text() == "Choose your password"
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("New password again").fill(PASSWORD)
    page.get_by_label("New password again").press("Enter")
    page.wait_for_url("**/account/set-password/done/")
    page.get_by_role("link", name="Log in to the Online Hub").click()

    page.get_by_label("Email address").fill("thandi@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(f"**{hub.url}")
    assert page.get_by_role("heading", level=1).inner_text() == hub.title


def test_an_application_with_errors_keeps_the_answers(browser_page):
    page = browser_page
    make_principles_page()
    enquiry = make_enquiry()
    services.enquiry_send_application(enquiry=enquiry, by=make_user("reviewer"))
    link = next(
        url for url in links_in(mail.outbox[0].body) if "/en/membership/application/" in url
    )

    page.goto(path_of(link))
    page.locator("#id_contacts-0-name").fill("Thandi Mokoena")
    page.locator("#id_contacts-0-email").fill("thandi@example.org")
    page.locator("#id_contacts-1-email").fill("THANDI@example.org")
    page.get_by_role("button", name="Send application").click()

    summary = page.get_by_role("alert")
    assert "There is a problem with your application" in summary.inner_text()
    # The summary takes the focus, and its links lead to the fields.
    assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"
    summary.get_by_role("link", name="Point of contact 2: Email address").click()
    assert focused_id(page) == "id_contacts-1-email"
    assert page.locator("#id_contacts-0-name").input_value() == "Thandi Mokoena"
    assert not Application.objects.exists()
