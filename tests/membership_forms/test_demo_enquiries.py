"""The membership office's demo content: a working office's worth of enquiries."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page, PageLogEntry, Revision

import pytest

from membership_forms import demo_enquiries, selectors
from membership_forms.models import (
    CLOSED_STATUSES,
    WAITING_ON_STAFF,
    Application,
    ApplicationContact,
    EnquiryEvent,
    EnquiryStatus,
    FormField,
    MapsTo,
    Member,
    MemberDirectoryPage,
    MembershipEnquiry,
    MembershipEnquiryPage,
)

from .factories import make_enquiry_page

S = EnquiryStatus
User = get_user_model()
pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(home_page):
    demo_enquiries.load(home_page)
    return MembershipEnquiry.objects.all()


def test_about_thirty_enquiries_in_every_state(loaded):
    assert 25 <= loaded.count() <= 35
    counts = selectors.status_counts()
    assert all(counts[status] >= 2 for status in S.values), counts


def test_the_office_has_overdue_work_and_a_response_time(loaded):
    overdue = selectors.overdue_enquiries()
    assert {e.status for e in overdue} == set(WAITING_ON_STAFF)
    assert 0 < overdue.count() < loaded.filter(status__in=WAITING_ON_STAFF).count()
    median = selectors.median_response_working_days()
    assert median is not None and 1 <= median <= 5
    months = selectors.monthly_stage_counts()
    assert sum(m["received"] for m in months) == loaded.count()
    assert sum(m[S.CONFIRMED] for m in months) == loaded.filter(status=S.CONFIRMED).count()


def test_every_history_is_dated_in_order_and_leads_to_the_current_status(loaded):
    for enquiry in loaded.prefetch_related("events"):
        status, last_wait = S.RECEIVED, enquiry.submit_time
        moments = [enquiry.submit_time]
        for event in enquiry.events.all():
            moments.append(event.created_at)
            if event.kind == EnquiryEvent.Kind.STATUS_CHANGE:
                assert event.from_status == status, enquiry.reference
                status = event.to_status
                if status in WAITING_ON_STAFF:
                    last_wait = event.created_at
        assert status == enquiry.status, enquiry.reference
        assert moments == sorted(moments), enquiry.reference
        assert moments[-1] < timezone.now() - timedelta(hours=2)
        if enquiry.status in WAITING_ON_STAFF:
            assert enquiry.waiting_since == last_wait, enquiry.reference


def test_reviewer_did_the_work_and_has_notes_and_assignments(loaded):
    reviewer = User.objects.get(username="reviewer")
    assert not reviewer.is_superuser and not reviewer.is_staff
    assert reviewer.groups.filter(name="Membership reviewers").exists()
    assert loaded.filter(assigned_to=reviewer).count() >= 15
    assert loaded.filter(assigned_to=None, status=S.RECEIVED).exists()
    notes = EnquiryEvent.objects.filter(kind=EnquiryEvent.Kind.NOTE)
    assert notes.count() >= 4 and set(notes.values_list("actor", flat=True)) == {reviewer.pk}
    staff_steps = EnquiryEvent.objects.filter(kind="status_change").exclude(
        to_status=S.APPLICATION_RECEIVED
    )
    assert set(staff_steps.values_list("actor", flat=True)) == {reviewer.pk}
    assert not EnquiryEvent.objects.filter(
        to_status=S.APPLICATION_RECEIVED, actor__isnull=False
    ).exists()


def test_applications_and_members_where_the_process_got_that_far(loaded):
    past_application = loaded.filter(events__to_status=S.APPLICATION_RECEIVED).distinct()
    assert past_application.count() >= 8
    for enquiry in past_application:
        application = enquiry.application
        assert application.background and application.data_consent
        assert 1 <= application.contacts.count() <= 3
        assert enquiry.contact_email in {c.email for c in application.contacts.all()}
    assert not Application.objects.exclude(enquiry__in=past_application).exists()
    addresses = [
        *ApplicationContact.objects.values_list("email", flat=True),
        *loaded.values_list("contact_email", flat=True),
    ]
    assert all(address.endswith("@example.org") for address in addresses)

    confirmed = loaded.filter(status=S.CONFIRMED)
    assert Member.objects.filter(enquiry__in=confirmed).count() == confirmed.count()
    assert Member.objects.filter(enquiry__in=confirmed, show_in_directory=False).exists()
    assert Member.objects.filter(enquiry=None).count() >= 10  # founding members
    assert not Member.objects.filter(enquiry__status__in=CLOSED_STATUSES).exists()


def test_directory_page_lists_the_public_members(loaded, client):
    page = MemberDirectoryPage.objects.get()
    assert page.live and page.get_parent().specific_class.__name__ == "HomePage"
    response = client.get(page.url)
    hidden = Member.objects.filter(show_in_directory=False).first()
    shown = Member.objects.filter(show_in_directory=True).first()
    assert shown.city in response.content.decode()
    assert hidden.city not in response.content.decode()


def test_no_email_is_sent(loaded):
    assert mail.outbox == []


def test_reviewer_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_REVIEWER_PASSWORD", "a-demo-secret-123")
    reviewer = demo_enquiries.load_reviewer()
    assert reviewer.check_password("a-demo-secret-123")


def test_without_debug_or_a_password_the_reviewer_cannot_log_in(monkeypatch, settings):
    monkeypatch.delenv("DEMO_REVIEWER_PASSWORD", raising=False)
    settings.DEBUG = False
    assert not demo_enquiries.load_reviewer().has_usable_password()


def test_default_password_in_development(monkeypatch, settings):
    monkeypatch.delenv("DEMO_REVIEWER_PASSWORD", raising=False)
    settings.DEBUG = True
    assert demo_enquiries.load_reviewer().check_password("changeme-reviewer")


def test_an_existing_reviewers_group_is_used():
    group = Group.objects.get_or_create(name="Membership reviewers")[0]
    reviewer = demo_enquiries.load_reviewer()
    assert list(reviewer.groups.all()) == [group]


def test_uses_the_enquiry_page_already_at_join_and_its_fields(home_page):
    page = make_enquiry_page()
    FormField.objects.create(
        page=page, label="Your name", field_type="singleline", maps_to=MapsTo.CONTACT_NAME
    )
    FormField.objects.create(page=page, label="City", field_type="singleline", maps_to="city")
    FormField.objects.create(page=page, label="Why join?", field_type="multiline")

    demo_enquiries.load(home_page)

    assert MembershipEnquiryPage.objects.get() == page
    enquiry = MembershipEnquiry.objects.get(city="Mombasa")
    assert enquiry.page_id == page.pk
    assert enquiry.form_data == {
        "your_name": "Amina Wanjiru",
        "city": "Mombasa",
        "why_join": enquiry.form_data["why_join"],
    }
    assert "port cities" in enquiry.form_data["why_join"]


def test_loading_the_demo_twice_changes_nothing(home_page):
    def counts():
        return {
            model.__name__: model.objects.count()
            for model in (
                MembershipEnquiry,
                EnquiryEvent,
                Application,
                ApplicationContact,
                Member,
                Page,
                Revision,
                PageLogEntry,
                User,
                Group,
            )
        }

    call_command("load_demo_content", verbosity=0)
    first = counts()
    assert first["MembershipEnquiry"] >= 25
    call_command("load_demo_content", verbosity=0)
    assert counts() == first
