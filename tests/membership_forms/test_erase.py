"""`manage.py erase_applicant`: one person's data goes, everywhere, and nobody else's."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command

import pytest

from membership_forms.models import (
    Application,
    ApplicationContact,
    ContactKind,
    EnquiryEvent,
    EnquiryStatus,
    Member,
    MembershipEnquiry,
)
from membership_forms.services import REDACTED, REDACTED_FORM_DATA, enquiry_add_note

from .factories import make_application_record, make_enquiry, make_member, make_user

S = EnquiryStatus
User = get_user_model()
pytestmark = pytest.mark.django_db

ADA = "ada@example.org"


def erase(email, *args, verbosity=1):
    out = StringIO()
    call_command("erase_applicant", "--email", email, *args, stdout=out, verbosity=verbosity)
    return out.getvalue()


def snapshot():
    return (
        list(MembershipEnquiry.objects.order_by("pk").values()),
        list(EnquiryEvent.objects.order_by("pk").values()),
        list(Application.objects.order_by("pk").values()),
        list(ApplicationContact.objects.order_by("pk").values()),
        list(Member.objects.order_by("pk").values()),
        list(User.objects.order_by("pk").values()),
    )


def contact(name, email, kind=ContactKind.PRACTITIONER, **kwargs):
    return {"name": name, "email": email, "kind": kind, **kwargs}


def test_closed_enquiry_is_anonymised_whatever_the_case_of_the_address():
    reviewer = make_user()
    enquiry = make_enquiry(contact_email="Ada@Example.org", status=S.DECLINED)
    enquiry_add_note(enquiry=enquiry, by=reviewer, text="Ada prefers calls in the morning.")
    make_application_record(enquiry)
    other = make_enquiry(contact_name="Bo Other", contact_email="bo@example.org", city="Lyon")

    output = erase("ADA@example.ORG")

    enquiry.refresh_from_db()
    assert (enquiry.contact_name, enquiry.contact_email, enquiry.organisation) == ("", "", "")
    assert enquiry.form_data == REDACTED_FORM_DATA
    assert enquiry.anonymised_at is not None
    assert (enquiry.city, enquiry.status) == ("Aarhus", S.DECLINED)
    assert [e.note for e in enquiry.events.all()] == [REDACTED]
    assert not ApplicationContact.objects.filter(application__enquiry=enquiry).exists()
    other.refresh_from_db()
    assert (other.contact_name, other.contact_email, other.anonymised_at) == (
        "Bo Other",
        "bo@example.org",
        None,
    )
    assert f"Anonymised {enquiry.reference}: 1 note(s), 2 other contact(s)" in output
    assert "Done. Enquiries anonymised: 1, notes scrubbed: 1, contacts deleted: 2." in output


def test_open_enquiry_is_withdrawn_then_anonymised():
    enquiry = make_enquiry(contact_email=ADA, status=S.APPLICATION_SENT)

    output = erase(ADA)

    enquiry.refresh_from_db()
    assert enquiry.status == S.WITHDRAWN
    assert enquiry.anonymised_at is not None
    event = enquiry.events.get()
    assert (event.from_status, event.to_status, event.actor) == (
        S.APPLICATION_SENT,
        S.WITHDRAWN,
        None,
    )
    assert f"Withdrew {enquiry.reference}" in output
    assert "enquiries withdrawn: 1, enquiries anonymised: 1" in output.lower()


def test_member_city_keeps_its_member_record_and_other_contacts():
    enquiry = make_enquiry(contact_name="Ada Example", contact_email=ADA, status=S.CONFIRMED)
    make_application_record(
        enquiry,
        contacts=[
            contact("Ada Example", ADA, ContactKind.POLITICAL_LEAD),
            contact("Omar Practice", "omar@example.org"),
        ],
    )
    member = make_member(enquiry=enquiry, city="Aarhus")

    output = erase(ADA)

    enquiry.refresh_from_db()
    assert enquiry.status == S.CONFIRMED
    assert (enquiry.contact_name, enquiry.contact_email) == ("", "")
    assert enquiry.form_data == REDACTED_FORM_DATA
    member.refresh_from_db()
    assert member.enquiry == enquiry
    assert member.city == "Aarhus"
    assert [c.name for c in enquiry.application.contacts.all()] == ["Omar Practice"]
    assert enquiry.application.background
    assert "kept member city Aarhus, Denmark" in output
    assert "contacts deleted: 1" in output and "members kept: 1" in output


def test_contact_on_another_citys_application_is_deleted_alone():
    enquiry = make_enquiry(contact_email="mayor@example.org", status=S.APPLICATION_RECEIVED)
    make_application_record(
        enquiry,
        contacts=[
            contact("Ada Example", "ADA@example.org"),
            contact("Lena Policy", "lena@example.org", ContactKind.POLITICAL_LEAD),
        ],
    )

    output = erase(ADA)

    enquiry.refresh_from_db()
    assert [c.name for c in enquiry.application.contacts.all()] == ["Lena Policy"]
    assert (enquiry.contact_email, enquiry.status, enquiry.anonymised_at) == (
        "mayor@example.org",
        S.APPLICATION_RECEIVED,
        None,
    )
    assert f"Deleted point of contact Ada Example on {enquiry.reference}" in output


def test_hub_accounts_are_deleted():
    members = Group.objects.get_or_create(name="Members")[0]
    by_email = make_user("ada", email="Ada@example.org")
    by_email.groups.add(members)
    # An account linked from her contact, though its own address has changed since.
    linked = make_user("ada-old", email="ada.old@example.org")
    enquiry = make_enquiry(contact_email="mayor@example.org", status=S.CONFIRMED)
    make_application_record(enquiry, contacts=[contact("Ada Example", ADA, hub_user=linked)])
    bystander = make_user("bo", email="bo@example.org")

    output = erase(ADA)

    assert list(User.objects.all()) == [bystander]
    assert "Deleted hub account ada\n" in output
    assert "Deleted hub account ada-old\n" in output
    assert "hub accounts deleted: 2" in output


def test_notes_elsewhere_quoting_the_address_are_scrubbed():
    reviewer = make_user()
    elsewhere = make_enquiry(contact_email="mayor@example.org")
    quoting = enquiry_add_note(enquiry=elsewhere, by=reviewer, text="Copy ADA@example.org in.")
    unrelated = enquiry_add_note(enquiry=elsewhere, by=reviewer, text="Budget approved.")

    output = erase(ADA)

    quoting.refresh_from_db()
    unrelated.refresh_from_db()
    assert (quoting.note, unrelated.note) == (REDACTED, "Budget approved.")
    assert f"Scrubbed a note on {elsewhere.reference} that quotes the address" in output


@pytest.mark.parametrize("kind", ["superuser", "staff", "wagtail editor", "inactive editor"])
def test_staff_accounts_are_never_deleted_and_nothing_changes(kind):
    if kind == "superuser":
        User.objects.create_superuser("ada", ADA, "a-long-test-password")
    elif kind == "staff":
        make_user("ada", email=ADA, is_staff=True)
    else:
        editors = Group.objects.create(name="Some editors")
        editors.permissions.add(Permission.objects.get(codename="access_admin"))
        make_user("ada", email=ADA, is_active=kind == "wagtail editor").groups.add(editors)
    make_application_record(make_enquiry(contact_email=ADA, status=S.DECLINED))
    before = snapshot()

    with pytest.raises(
        CommandError, match="staff account.*ada.*never deletes. Nothing was changed"
    ):
        erase(ADA)

    assert snapshot() == before


def test_dry_run_changes_nothing_and_lists_every_change():
    make_user("ada", email=ADA)
    declined = make_enquiry(contact_email=ADA, status=S.DECLINED)
    make_application_record(
        declined, contacts=[contact("Ada", ADA), contact("Bo", "bo@example.org")]
    )
    open_one = make_enquiry(contact_email=ADA, status=S.RECEIVED)
    other = make_enquiry(contact_email="mayor@example.org")
    make_application_record(other, contacts=[contact("Ada Example", ADA)])
    before = snapshot()

    output = erase(ADA, "--dry-run")

    assert snapshot() == before
    assert output.splitlines() == [
        "Would delete hub account ada",
        f"Would delete point of contact Ada on {declined.reference}",
        f"Would delete point of contact Ada Example on {other.reference}",
        f"Would anonymise {declined.reference}: 0 note(s), 1 other contact(s)",
        f"Would withdraw {open_one.reference}",
        f"Would anonymise {open_one.reference}: 0 note(s), 0 other contact(s)",
        "Dry run, nothing was changed. It would have been: enquiries withdrawn: 1, "
        "enquiries anonymised: 2, contacts deleted: 3, hub accounts deleted: 1.",
    ]
    # The real run does what the dry run said.
    assert erase(ADA).splitlines()[-1] == (
        "Done. Enquiries withdrawn: 1, enquiries anonymised: 2, contacts deleted: 3, "
        "hub accounts deleted: 1."
    )
    assert not ApplicationContact.objects.exists()


def test_unknown_address_changes_nothing():
    make_enquiry()
    before = snapshot()
    assert erase("nobody@example.org").strip() == "Nothing to change."
    assert snapshot() == before


@pytest.mark.parametrize("value", ["", "not-an-address", "ada@"])
def test_bad_address_is_a_clear_error(value):
    with pytest.raises(CommandError, match="is not an email address"):
        erase(value)


def test_an_interrupted_erasure_run_again_finishes_and_leaves_nothing(monkeypatch):
    """Each batch is its own transaction: a failure part-way keeps the batches done, undoes
    the one under way, and a second run finds what is left and erases it."""
    from membership_forms import services

    reviewer = make_user()
    enquiries = [
        make_enquiry(contact_email=ADA, contact_name="Ada", status=S.DECLINED) for _ in range(5)
    ]
    for enquiry in enquiries:
        enquiry_add_note(enquiry=enquiry, by=reviewer, text="Ada asked for a call.")
    other = make_enquiry(contact_email="bo@example.org", contact_name="Bo")
    enquiry_add_note(enquiry=other, by=reviewer, text=f"Forwarded to {ADA}.")
    batches = services._batches
    monkeypatch.setattr(services, "_batches", lambda ids, **kw: batches(ids, **kw, size=2))
    anonymise = services.enquiry_anonymise
    calls = []

    def failing_after_three(**kwargs):
        calls.append(kwargs["enquiry"].pk)
        if len(calls) == 4:
            raise RuntimeError("interrupted")
        return anonymise(**kwargs)

    monkeypatch.setattr(services, "enquiry_anonymise", failing_after_three)
    with pytest.raises(RuntimeError, match="interrupted"):
        erase(ADA)

    # The first batch of two is kept; the second (one done, one failed) is undone.
    assert MembershipEnquiry.objects.filter(anonymised_at__isnull=False).count() == 2
    assert MembershipEnquiry.objects.filter(contact_email__iexact=ADA).count() == 3

    monkeypatch.setattr(services, "enquiry_anonymise", anonymise)
    output = erase(ADA)

    assert "Enquiries anonymised: 3" in output
    assert not MembershipEnquiry.objects.filter(contact_email__iexact=ADA).exists()
    assert not MembershipEnquiry.objects.filter(contact_name="Ada").exists()
    assert all(e.anonymised_at for e in MembershipEnquiry.objects.filter(pk__in=calls))
    assert not EnquiryEvent.objects.filter(note__icontains="ada").exists()
    other.refresh_from_db()
    assert (other.contact_email, other.anonymised_at) == ("bo@example.org", None)
