"""One enquiry in the admin: what the reviewer sees, and the steps, assignments and notes they
take from there."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from membership_forms import services
from membership_forms.models import ContactKind, EnquiryStatus, FormField, MembershipEmail

from .factories import (
    make_application_record,
    make_editor,
    make_enquiry,
    make_enquiry_page,
    make_enquiry_with_application,
    make_reviewer,
    make_user,
)

pytestmark = pytest.mark.django_db

S = EnquiryStatus
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def reviewer(client):
    user = make_reviewer(first_name="Rita", last_name="Reviewer")
    client.force_login(user)
    return user


def inspect_url(enquiry):
    return reverse("membership_enquiries_modeladmin_inspect", args=[enquiry.pk])


def step_url(enquiry, step):
    return reverse("membership_forms:enquiry_step", args=[enquiry.pk, step])


def test_inspect_shows_every_answer_with_the_forms_labels(client, reviewer):
    page = make_enquiry_page()
    for order, (label, kind) in enumerate(
        [("Your name", "singleline"), ("Why would your city like to join?", "multiline")]
    ):
        FormField.objects.create(page=page, sort_order=order, label=label, field_type=kind)
    enquiry = make_enquiry(
        page=page,
        form_data={
            "why_would_your_city_like_to_join": "To learn from\npeer cities.",
            "your_name": "Amina Diallo",
            "old_question": "Kept although the field was removed",
        },
    )

    html = client.get(inspect_url(enquiry)).content.decode()

    assert html.index("Your name") < html.index("Why would your city like to join?")
    assert "Amina Diallo" in html
    assert "To learn from\npeer cities." in html
    assert "Old question" in html and "Kept although the field was removed" in html
    for detail in [enquiry.reference, "Aarhus", "Denmark", "Europe", "ada@example.org"]:
        assert detail in html


def test_inspect_shows_the_application_contacts_and_guidance_warning(client, reviewer):
    enquiry = make_enquiry(status=S.APPLICATION_RECEIVED)
    make_application_record(
        enquiry,
        background="Schools programme since 2019.",
        contacts=[
            {"name": "Mayor's Adviser", "kind": ContactKind.POLITICAL_LEAD, "phone": "+45 1"},
            {"name": "Youth Worker", "kind": ContactKind.OTHER, "department": "Youth"},
        ],
    )

    html = client.get(inspect_url(enquiry)).content.decode()

    assert "Schools programme since 2019." in html
    assert "Mayor&#x27;s Adviser" in html and "Youth Worker" in html and "Youth" in html
    assert "Local ownership" in html
    assert "Guidance not met:" in html
    assert "No contact is a practitioner." in html
    assert "help-warning" in html


def test_application_meeting_the_guidance_shows_no_warning(client, reviewer):
    enquiry = make_enquiry(status=S.APPLICATION_RECEIVED)
    make_application_record(enquiry)
    html = client.get(inspect_url(enquiry)).content.decode()
    assert "Guidance not met:" not in html
    assert "No application has been received yet." not in html


def test_history_is_a_timeline_of_who_did_what(client, reviewer):
    colleague = make_user("colleague", first_name="Colin", last_name="Colleague")
    enquiry = make_enquiry()
    services.enquiry_assign(enquiry=enquiry, by=reviewer, assignee=colleague)
    services.enquiry_add_note(enquiry=enquiry, by=colleague, text="Phoned the city hall.")
    services.enquiry_send_application(enquiry=enquiry, by=colleague, note="Form sent today")
    services.enquiry_receive_application(enquiry=enquiry)

    html = client.get(inspect_url(enquiry)).content.decode()
    timeline = html[html.index('id="history"') :]

    lines = re.findall(r"<li[^>]*data-event-kind=\"(\w+)\"", timeline)
    assert lines == ["assignment", "note", "status_change", "status_change"]
    assert "Rita Reviewer" in timeline and "assigned to Colin Colleague" in timeline
    assert "Phoned the city hall." in timeline
    assert "Received → Application sent" in timeline and "Form sent today" in timeline
    assert "The applicant or the site" in timeline
    assert "Application sent → Application received" in timeline


@pytest.mark.parametrize("status", S.values)
def test_buttons_are_exactly_the_steps_allowed_now(client, reviewer, status):
    enquiry = make_enquiry(status=status)
    html = client.get(inspect_url(enquiry)).content.decode()
    allowed = {t.name for t in services.allowed_transitions(enquiry)}
    for step in services.STAFF_TRANSITIONS:
        assert (step_url(enquiry, step) in html) == (step in allowed), step
    assert "receive_application" not in html


def test_taking_a_step_asks_for_confirmation_then_records_it(client, reviewer):
    enquiry = make_enquiry()

    confirm = client.get(step_url(enquiry, "send_application"))
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "from “Received” to “Application sent”" in html
    assert 'name="version" value="1"' in html and 'name="note"' in html
    enquiry.refresh_from_db()
    assert enquiry.status == S.RECEIVED  # looking at the step changes nothing

    response = client.post(
        step_url(enquiry, "send_application"), {"version": 1, "note": "Looks genuine"}
    )

    assert response.status_code == 302 and response["Location"] == inspect_url(enquiry)
    enquiry.refresh_from_db()
    assert enquiry.status == S.APPLICATION_SENT
    event = enquiry.events.get()
    assert (event.actor, event.note, event.to_status) == (
        reviewer,
        "Looks genuine",
        S.APPLICATION_SENT,
    )
    page = client.get(response["Location"]).content.decode()
    assert "It is now “Application sent”" in page
    assert "Received → Application sent" in page


DIRECTORY_BOX = 'name="show_in_directory"'


def test_confirming_offers_the_directory_choice_ticked(client, reviewer):
    enquiry = make_enquiry_with_application()

    html = client.get(step_url(enquiry, "confirm")).content.decode()

    box = re.search(r"<input[^>]*name=\"show_in_directory\"[^>]*>", html).group(0)
    assert 'type="checkbox"' in box and "checked" in box
    assert "Show this city in the public member directory" in html
    # Only the confirm step asks.
    assert DIRECTORY_BOX not in client.get(step_url(enquiry, "decline")).content.decode()


@pytest.mark.parametrize("ticked, shown", [(True, True), (False, False)])
def test_confirming_records_the_directory_choice(client, reviewer, ticked, shown):
    enquiry = make_enquiry_with_application()
    data = {"version": enquiry.version, "note": ""}
    if ticked:
        data["show_in_directory"] = "on"

    response = client.post(step_url(enquiry, "confirm"), data)

    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == S.CONFIRMED
    assert enquiry.member.show_in_directory is shown


def test_a_refused_confirmation_keeps_the_directory_choice(client, reviewer):
    enquiry = make_enquiry_with_application()
    seen = enquiry.version
    other = make_reviewer("other")
    services.enquiry_assign(enquiry=enquiry, by=other, assignee=other)

    response = client.post(step_url(enquiry, "confirm"), {"version": seen, "note": "Welcome"})

    assert response.status_code == 409
    html = response.content.decode()
    box = re.search(r"<input[^>]*name=\"show_in_directory\"[^>]*>", html).group(0)
    assert "checked" not in box
    assert "Welcome</textarea>" in html
    enquiry.refresh_from_db()
    assert enquiry.status == S.APPLICATION_RECEIVED


def test_a_stale_version_is_refused_and_changes_nothing(client, reviewer):
    enquiry = make_enquiry()
    client.get(step_url(enquiry, "decline"))  # the reviewer sees version 1 …
    other = make_reviewer("other")
    services.enquiry_assign(enquiry=enquiry, by=other, assignee=other)  # … someone acts

    response = client.post(step_url(enquiry, "decline"), {"version": 1, "note": "No"})

    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.version) == (S.RECEIVED, 2)
    assert not enquiry.events.filter(kind="status_change").exists()
    # The step is still open, so the page offers it again with the current version.
    assert 'name="version" value="2"' in response.content.decode()


def test_a_step_taken_meanwhile_by_someone_else_is_reported(client, reviewer):
    enquiry = make_enquiry()
    services.enquiry_mark_spam(enquiry=enquiry, by=make_reviewer("other"))

    response = client.post(step_url(enquiry, "send_application"), {"version": 1})

    assert response.status_code == 409
    html = response.content.decode()
    assert "changed by someone else" in html
    assert 'name="version"' not in html  # no longer possible from "Spam"
    enquiry.refresh_from_db()
    assert enquiry.status == S.SPAM and enquiry.events.count() == 1


def test_a_step_not_open_from_this_status_is_explained(client, reviewer):
    enquiry = make_enquiry(status=S.CONFIRMED)
    response = client.get(step_url(enquiry, "decline"))
    assert response.status_code == 409
    assert "cannot take the step" in response.content.decode()
    response = client.post(step_url(enquiry, "decline"), {"version": enquiry.version})
    assert response.status_code == 409
    enquiry.refresh_from_db()
    assert enquiry.status == S.CONFIRMED and not enquiry.events.exists()


def test_unknown_and_applicant_only_steps_are_not_found(client, reviewer):
    enquiry = make_enquiry(status=S.APPLICATION_SENT)
    assert client.get(step_url(enquiry, "receive_application")).status_code == 404
    assert client.post(step_url(enquiry, "delete"), {"version": 1}).status_code == 404
    assert (
        client.get(
            step_url(make_enquiry(), "send_application").replace(f"/{enquiry.pk + 1}/", "/987654/")
        ).status_code
        == 404
    )


def test_bad_step_input_is_a_polite_400(client, reviewer):
    enquiry = make_enquiry()
    too_long = client.post(step_url(enquiry, "decline"), {"version": 1, "note": "x" * 4001})
    assert too_long.status_code == 400
    assert "at most 4000 characters" in too_long.content.decode()
    no_version = client.post(step_url(enquiry, "decline"), {"note": "hi"})
    assert no_version.status_code == 400
    assert "The form was incomplete" in no_version.content.decode()
    enquiry.refresh_from_db()
    assert enquiry.status == S.RECEIVED


def test_steps_assignment_and_notes_need_a_csrf_token(reviewer):
    enquiry = make_enquiry()
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    for url, data in [
        (step_url(enquiry, "decline"), {"version": 1}),
        (
            reverse("membership_forms:enquiry_assign", args=[enquiry.pk]),
            {"assignee": "", "seen_assignee": 0},
        ),
        (reverse("membership_forms:enquiry_add_note", args=[enquiry.pk]), {"text": "Hi"}),
    ]:
        assert client.post(url, data).status_code == 403
    enquiry.refresh_from_db()
    assert enquiry.version == 1 and not enquiry.events.exists()


def test_assign_to_me_and_to_another_reviewer(client, reviewer):
    enquiry = make_enquiry()
    colleague = make_reviewer("colleague", first_name="Colin", last_name="Colleague")
    make_editor("paul", first_name="Paul", last_name="Pageeditor")
    assign = reverse("membership_forms:enquiry_assign", args=[enquiry.pk])

    html = client.get(inspect_url(enquiry)).content.decode()
    assert "Assign to me" in html
    assert "Colin Colleague" in html and "Pageeditor" not in html  # reviewers only

    client.post(assign, {"assignee": reviewer.pk, "seen_assignee": 0})
    enquiry.refresh_from_db()
    assert enquiry.assigned_to == reviewer
    html = client.get(inspect_url(enquiry)).content.decode()
    assert "Assign to me" not in html
    assert "is now assigned to Rita Reviewer" in html

    client.post(assign, {"assignee": colleague.pk, "seen_assignee": reviewer.pk})
    client.post(assign, {"assignee": "", "seen_assignee": colleague.pk})
    enquiry.refresh_from_db()
    assert enquiry.assigned_to is None
    assert [e.assignee for e in enquiry.events.all()] == [reviewer, colleague, None]
    assert all(e.actor == reviewer for e in enquiry.events.all())


def test_two_reviewers_assigning_at_once_the_second_is_told(client, reviewer):
    """Both opened the enquiry while nobody had it; the colleague assigns first."""
    enquiry = make_enquiry()
    colleague = make_reviewer("colleague", first_name="Colin", last_name="Colleague")
    assign = reverse("membership_forms:enquiry_assign", args=[enquiry.pk])
    html = client.get(inspect_url(enquiry)).content.decode()
    assert html.count('name="seen_assignee" value="0"') == 2  # both assignment forms

    other = Client()
    other.force_login(colleague)
    assert other.post(assign, {"assignee": colleague.pk, "seen_assignee": 0}).status_code == 302
    response = client.post(assign, {"assignee": reviewer.pk, "seen_assignee": 0})

    assert response.status_code == 409
    html = response.content.decode()
    assert "someone else assigned it to Colin Colleague" in html
    assert f'name="seen_assignee" value="{colleague.pk}"' in html  # offered again, as it is now
    enquiry.refresh_from_db()
    assert enquiry.assigned_to == colleague
    assert [event.actor for event in enquiry.events.all()] == [colleague]
    # Assigning again from the page that told them works.
    client.post(assign, {"assignee": reviewer.pk, "seen_assignee": colleague.pk})
    enquiry.refresh_from_db()
    assert enquiry.assigned_to == reviewer


def test_assigning_someone_who_is_not_a_reviewer_is_refused(client, reviewer):
    enquiry = make_enquiry()
    editor = make_editor()
    response = client.post(
        reverse("membership_forms:enquiry_assign", args=[enquiry.pk]),
        {"assignee": editor.pk, "seen_assignee": 0},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    enquiry.refresh_from_db()
    assert enquiry.assigned_to is None and not enquiry.events.exists()


def test_add_a_note(client, reviewer):
    enquiry = make_enquiry()
    notes = reverse("membership_forms:enquiry_add_note", args=[enquiry.pk])

    response = client.post(notes, {"text": "  Mayor's office will call back.  "})

    assert response.status_code == 302
    assert response["Location"].endswith("#history")
    note = enquiry.events.get()
    assert (note.kind, note.actor, note.note) == (
        "note",
        reviewer,
        "Mayor's office will call back.",
    )
    enquiry.refresh_from_db()
    assert enquiry.version == 1  # a note is not a change of the enquiry


@pytest.mark.parametrize(
    ("text", "message"), [("   ", "A note needs some text."), ("x" * 4001, "at most 4000")]
)
def test_an_empty_or_long_note_is_a_polite_400(client, reviewer, text, message):
    enquiry = make_enquiry()
    response = client.post(
        reverse("membership_forms:enquiry_add_note", args=[enquiry.pk]), {"text": text}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not enquiry.events.exists()


def test_action_addresses_refuse_get(client, reviewer):
    enquiry = make_enquiry()
    for name in ["membership_forms:enquiry_assign", "membership_forms:enquiry_add_note"]:
        assert client.get(reverse(name, args=[enquiry.pk])).status_code == 405


def test_permanent_link_from_emails_leads_to_the_inspect_view(client, reviewer):
    enquiry = make_enquiry()
    response = client.get(reverse("membership_forms:enquiry", args=[enquiry.pk]))
    assert response.status_code == 302 and response["Location"] == inspect_url(enquiry)


def test_possible_duplicates_are_linked_both_ways(client, reviewer):
    first = make_enquiry()
    second = make_enquiry(possible_duplicate_of=first)
    first_html = client.get(inspect_url(first)).content.decode()
    second_html = client.get(inspect_url(second)).content.decode()
    assert f'href="{inspect_url(second)}"' in first_html and second.reference in first_html
    assert f'href="{inspect_url(first)}"' in second_html and "Duplicate of" in second_html


def test_inspect_escapes_everything_applicants_typed(client, reviewer):
    page = make_enquiry_page()
    FormField.objects.create(page=page, label="Why join?", field_type="multiline")
    enquiry = make_enquiry(
        page=page,
        status=S.APPLICATION_RECEIVED,
        city=XSS_SCRIPT,
        country=XSS_IMG,
        contact_name=XSS_IMG,
        organisation=XSS_SCRIPT,
        form_data={"why_join": XSS_SCRIPT, XSS_IMG: XSS_IMG},
    )
    make_application_record(
        enquiry,
        background=XSS_SCRIPT,
        principles=[{"id": 1, "title": XSS_IMG}],
        contacts=[{"name": XSS_SCRIPT, "job_title": XSS_IMG, "kind": ContactKind.OTHER}],
    )
    services.enquiry_add_note(enquiry=enquiry, by=reviewer, text=XSS_IMG)

    html = client.get(inspect_url(enquiry)).content.decode()

    assert XSS_SCRIPT not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    # The confirmation page of a step shows the city too.
    step = client.get(step_url(enquiry, "confirm")).content.decode()
    assert XSS_SCRIPT not in step and "&lt;script&gt;" in step


def inspect_queries(client, enquiry) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(inspect_url(enquiry))
    queries = len(context)
    assert response.status_code == 200
    return queries


def test_inspect_queries_do_not_grow_with_history(client, reviewer):
    enquiry = make_enquiry(status=S.APPLICATION_RECEIVED)
    make_application_record(enquiry)
    services.enquiry_add_note(enquiry=enquiry, by=reviewer, text="First")
    few = inspect_queries(client, enquiry)
    for number in range(15):
        helper = make_reviewer(f"helper{number}")
        services.enquiry_assign(enquiry=enquiry, by=helper, assignee=helper)
        services.enquiry_add_note(enquiry=enquiry, by=helper, text=f"Note {number}")
        make_enquiry(possible_duplicate_of=enquiry)
    assert inspect_queries(client, enquiry) == few


def test_inspect_shows_each_email_of_the_outbox_and_why_one_has_not_gone(client, reviewer):
    enquiry = make_enquiry()
    sent = MembershipEmail.objects.create(
        enquiry=enquiry, kind="staff_notification", sent_at=timezone.now(), available_at=None
    )
    failing = MembershipEmail.objects.create(
        enquiry=enquiry,
        kind="acknowledgement",
        attempts=2,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    given_up = MembershipEmail.objects.create(
        enquiry=enquiry, kind="decline", attempts=5, available_at=None, last_error="Refused"
    )
    few = inspect_queries(client, enquiry)
    html = client.get(inspect_url(enquiry)).content.decode()
    rows = {
        kind: re.search(rf'data-email-kind="{kind}">(.*?)</tr>', html, re.S).group(1)
        for kind in (sent.kind, failing.kind, given_up.kind)
    }
    assert "Sent " in rows["staff_notification"]
    assert "Not sent yet: next try" in rows["acknowledgement"]
    assert "2 failed tries, the last: SMTPServerDisconnected" in rows["acknowledgement"]
    assert "<strong>Not sent</strong>" in rows["decline"] and "5 failed tries" in rows["decline"]

    for _ in range(10):
        MembershipEmail.objects.create(enquiry=enquiry, kind="decline")
    assert inspect_queries(client, enquiry) == few
