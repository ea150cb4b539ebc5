"""A reviewer's day in a real browser: log in, find the overdue enquiries, send one the
application form. With SCREENSHOTS_DIR set, it saves the pictures used in the staff guide."""

import pytest

from membership_forms import services
from membership_forms.models import EnquiryStatus, FormField, Region

from .browser import admin_login, screenshot
from .factories import (
    make_application_record,
    make_editor,
    make_enquiry,
    make_enquiry_page,
    make_enquiry_waiting,
    make_reviewer,
)

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password"


def build_office():
    """A handful of enquiries in several states, two of them overdue."""
    page = make_enquiry_page()
    for order, (label, kind) in enumerate(
        [
            ("Your name", "singleline"),
            ("Your role", "singleline"),
            ("City", "singleline"),
            ("Email address", "email"),
            ("Why would your city like to join?", "multiline"),
        ]
    ):
        FormField.objects.create(page=page, sort_order=order, label=label, field_type=kind)
    colleague = make_reviewer("colleague", first_name="Sam", last_name="Okafor")
    late = make_enquiry_waiting(
        9,
        city="Mombasa",
        country="Kenya",
        region=Region.SUB_SAHARAN_AFRICA,
        contact_name="Amina Njeri",
        contact_email="amina.njeri@mombasa.example",
        organisation="County Commissioner's Office",
        form_data={
            "your_name": "Amina Njeri",
            "your_role": "Head of community safety",
            "city": "Mombasa",
            "email_address": "amina.njeri@mombasa.example",
            "why_would_your_city_like_to_join": (
                "Our youth programme works with schools and sports clubs; we want to learn "
                "from cities that run similar work."
            ),
        },
    )
    services.enquiry_add_note(
        enquiry=late, by=colleague, text="Spoke to the office by phone: a genuine enquiry."
    )
    make_enquiry_waiting(
        14, city="Tromsø", country="Norway", region=Region.EUROPE, contact_name="Ola Nordmann"
    )
    make_enquiry_waiting(
        1, city="Cartagena", country="Colombia", region=Region.LATIN_AMERICA_CARIBBEAN
    )
    reviewer = make_reviewer("lead", first_name="Lee", last_name="Ahmed")
    sent = make_enquiry_waiting(12, city="Pune", country="India", region=Region.SOUTH_ASIA)
    services.enquiry_send_application(enquiry=sent, by=reviewer)
    services.enquiry_assign(enquiry=sent, by=colleague, assignee=colleague)
    received = make_enquiry_waiting(
        20, city="Surabaya", country="Indonesia", region=Region.SOUTH_EAST_ASIA
    )
    services.enquiry_send_application(enquiry=received, by=colleague)
    services.enquiry_receive_application(enquiry=received)
    make_application_record(received)
    confirmed = make_enquiry_waiting(60, city="Lyon", country="France")
    services.enquiry_send_application(enquiry=confirmed, by=reviewer)
    services.enquiry_receive_application(enquiry=confirmed)
    services.enquiry_confirm(enquiry=confirmed, by=reviewer)
    return late


def test_reviewer_sends_the_application_to_an_overdue_enquiry(browser_page):
    page = browser_page
    page.set_viewport_size({"width": 1440, "height": 900})
    late = build_office()
    make_reviewer("rita", first_name="Rita", last_name="Mensah", password=PASSWORD)

    admin_login(page, "rita", PASSWORD)

    panel = page.locator("#membership-enquiries-section")
    assert "2 enquiries are overdue" in panel.inner_text()
    panel.scroll_into_view_if_needed()
    screenshot(panel, "membership-dashboard-panel.png")

    page.get_by_role("link", name="2 enquiries are overdue").click()
    page.wait_for_url("**/admin/membership/enquiries/?overdue=yes")
    rows = page.locator("table.listing tbody tr")
    assert rows.count() == 2
    assert "Tromsø" in rows.first.inner_text()  # oldest waiting first
    assert "Overdue" in rows.nth(1).inner_text()

    # Filters work from the sidebar too: back to all, then pick "Overdue" there.
    page.goto("/admin/membership/enquiries/")
    assert page.locator("table.listing tbody tr").count() == 6
    screenshot(page, "membership-enquiry-listing.png")
    page.get_by_role("link", name="Overdue", exact=True).click()
    page.wait_for_url("**overdue=yes**")
    assert page.locator("table.listing tbody tr").count() == 2

    page.get_by_role("link", name=late.reference).click()
    page.wait_for_url(f"**/admin/membership/enquiries/inspect/{late.pk}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith(f"Enquiry {late.reference}")
    assert "Why would your city like to join?" in page.content()
    assert page.locator("[data-enquiry-status]").text_content().strip() == "Received"
    # The admin scrolls inside its own frame: a tall window shows the whole enquiry.
    page.set_viewport_size({"width": 1440, "height": 1500})
    screenshot(page, "membership-enquiry-inspect.png")
    page.set_viewport_size({"width": 1440, "height": 900})

    page.get_by_role("button", name="Assign to me").click()
    assert page.locator("[data-enquiry-assignee]").inner_text() == "Rita Mensah"

    page.get_by_role("link", name="Send application form").click()
    page.get_by_label("Note (optional)").fill("Checked with the county office.")
    screenshot(page, "membership-enquiry-confirm-step.png")
    page.get_by_role("button", name="Send application form").click()
    page.wait_for_url(f"**/admin/membership/enquiries/inspect/{late.pk}/")

    assert page.locator("[data-enquiry-status]").text_content().strip() == "Application sent"
    assert "It is now “Application sent”" in page.locator(".messages").inner_text()
    history = page.locator("#history").locator("xpath=..").inner_text()
    assert "Rita Mensah" in history
    assert "Received → Application sent" in history
    assert "Checked with the county office." in history
    page.set_viewport_size({"width": 1440, "height": 1500})
    screenshot(page, "membership-enquiry-after-step.png")
    late.refresh_from_db()
    assert late.status == EnquiryStatus.APPLICATION_SENT
    assert late.assigned_to.username == "rita"


def test_someone_without_the_permission_sees_no_enquiries(browser_page):
    page = browser_page
    make_enquiry()
    make_editor("outsider", password=PASSWORD)
    admin_login(page, "outsider", PASSWORD)
    assert page.locator("#membership-enquiries-section").count() == 0
    response = page.goto("/admin/membership/enquiries/")
    assert response.status == 403


@pytest.mark.parametrize("width", [1280, 1440])
def test_every_column_a_reviewer_acts_on_is_in_view(browser_page, width):
    """No sideways scrolling to see when an enquiry is due, whether it is late, and whose
    it is, with the filters beside the listing."""
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    build_office()
    make_reviewer("rita", first_name="Rita", last_name="Mensah", password=PASSWORD)
    admin_login(page, "rita", PASSWORD)
    page.goto("/admin/membership/enquiries/")
    for header in page.locator("table.listing thead th").all():
        box = header.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, header.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_principles_an_application_commits_to_start_level_with_their_label(browser_page):
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    enquiry = make_enquiry(city="Tromsø")
    make_application_record(
        enquiry,
        principles=[
            {"id": "local-ownership", "title": "Local ownership"},
            {"id": "human-rights", "title": "Human rights"},
        ],
    )
    make_reviewer("rita", first_name="Rita", last_name="Mensah", password=PASSWORD)
    admin_login(page, "rita", PASSWORD)
    page.goto(f"/admin/membership/enquiries/inspect/{enquiry.pk}/")
    label = page.get_by_text("Principles committed to", exact=True).bounding_box()
    first = page.get_by_text("Local ownership", exact=True).bounding_box()
    assert abs(first["y"] - label["y"]) < 8, (label, first)
