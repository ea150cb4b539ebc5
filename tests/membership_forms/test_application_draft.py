"""Save and finish later: the applicant keeps unfinished answers on the server, behind the
same signed link, and finds every one of them again; a draft is never an application; bad
links and junk are refused politely; purging and erasing remove drafts too."""

import re
import time
from datetime import timedelta
from io import StringIO
from unittest import mock

from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

import pytest

from home.models import Principle, PrinciplesPage
from membership_forms import selectors, services, tokens
from membership_forms.models import (
    Application,
    ApplicationDraft,
    ContactKind,
    EnquiryEvent,
    EnquiryStatus,
    MembershipEmail,
)
from tests.quality import html_errors

from .applicant import application_data, invite, path_of
from .factories import CONTACTS, make_enquiry, make_principles_page, make_user

pytestmark = pytest.mark.django_db

SAVE = {"save-draft": "1"}


@pytest.fixture
def invited(django_capture_on_commit_callbacks):
    make_principles_page()
    return invite(django_capture_on_commit_callbacks)


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def post(path, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data, **extra)

    return post


def half_filled(**overrides) -> dict:
    """A form left half-way: one contact complete, one begun with an unfinished address, a
    background too short to send, one principle of two ticked, consent given."""
    first = CONTACTS[0]
    second = {
        "name": "Juma Otieno",
        "job_title": "",
        "department": "",
        "email": "juma@",
        "phone": "",
        "kind": "",
    }
    return application_data(
        contacts=[first, second],
        **{"background": "Youth work", "principle-local-ownership": None, **SAVE, **overrides},
    )


def html_of(response) -> str:
    return response.content.decode()


def input_tag(html: str, name: str, value: str | None = None) -> str:
    """The <input> with this name (and value, for radio buttons)."""
    value_part = f'[^>]*value="{re.escape(value)}"' if value is not None else ""
    pattern = rf'<input(?=[^>]*name="{re.escape(name)}"){value_part}[^>]*>'
    match = re.search(pattern, html)
    assert match, f"no input {name} {value or ''}"
    return match.group(0)


def is_checked(html: str, name: str, value: str | None = None) -> bool:
    return re.search(r"\schecked(\s|>|=)", input_tag(html, name, value)) is not None


def value_of(html: str, name: str) -> str | None:
    match = re.search(r'value="([^"]*)"', input_tag(html, name))
    return match.group(1) if match else None


def old_token(enquiry_id: int, *, days: float) -> str:
    then = signing.b62_encode(int(time.time() - days * 24 * 60 * 60))
    with mock.patch.object(signing.TimestampSigner, "timestamp", return_value=then):
        return tokens.application_token(enquiry_id)


def tampered(path: str) -> str:
    token = path.rstrip("/").rsplit("/", 1)[1]
    return f"/en/membership/application/{token[:-1] + ('A' if token[-1] != 'A' else 'B')}/"


class TestRoundTrip:
    def test_saved_answers_all_come_back_and_sending_removes_the_draft(self, client, post, invited):
        response = post(invited.path, half_filled())
        assert response.status_code == 303
        assert response["Location"] == f"{invited.path}?saved"

        confirmation = client.get(response["Location"])
        assert confirmation.status_code == 200
        html = html_of(confirmation)
        assert "Your answers are saved" in html
        expires = timezone.localdate() + timedelta(days=30)
        assert f"it works until <strong>{expires:%-d %B %Y}</strong>" in html

        # Back later through the emailed link: every answer as it was left.
        html = html_of(client.get(invited.path))
        assert "Welcome back" in html
        assert "Your answers are saved" not in html
        for name, value in CONTACTS[0].items():
            if name == "kind":
                assert is_checked(html, "contacts-0-kind", value)
            else:
                assert value_of(html, f"contacts-0-{name}") == value
        assert value_of(html, "contacts-1-name") == "Juma Otieno"
        assert value_of(html, "contacts-1-email") == "juma@"
        assert value_of(html, "contacts-1-job_title") is None
        assert not any(is_checked(html, "contacts-1-kind", kind) for kind in ContactKind.values)
        assert value_of(html, "contacts-2-name") is None
        assert re.search(r'name="background"[^>]*>\s*Youth work</textarea>', html)
        assert is_checked(html, "principle-human-rights")
        assert not is_checked(html, "principle-local-ownership")
        assert is_checked(html, "data_consent")
        # Not an error page: nothing unfinished is reported as a problem.
        assert "There is a problem" not in html
        assert "aria-invalid" not in html
        # The third point of contact may still stay empty (it is not an "initial form").
        assert value_of(html, "contacts-INITIAL_FORMS") == "0"

        # The applicant finishes and sends it.
        assert post(invited.path, application_data()).status_code == 303
        application = Application.objects.get(enquiry=invited.enquiry)
        assert application.contacts.count() == 2
        assert not ApplicationDraft.objects.exists()
        invited.enquiry.refresh_from_db()
        assert invited.enquiry.status == EnquiryStatus.APPLICATION_RECEIVED

    def test_saving_again_replaces_the_draft(self, client, post, invited):
        post(invited.path, half_filled())
        post(invited.path, half_filled(background="Schools and sports clubs"))
        assert ApplicationDraft.objects.count() == 1
        html = html_of(client.get(invited.path))
        assert "Schools and sports clubs</textarea>" in html

    def test_an_empty_form_may_be_saved(self, client, post, invited):
        data = {
            "contacts-TOTAL_FORMS": "3",
            "contacts-INITIAL_FORMS": "0",
            "contacts-MIN_NUM_FORMS": "2",
            "contacts-MAX_NUM_FORMS": "3",
            **SAVE,
        }
        assert post(invited.path, data).status_code == 303
        html = html_of(client.get(invited.path))
        assert "Welcome back" in html
        assert not is_checked(html, "data_consent")

    def test_the_second_button_saves_and_the_first_sends(self, client, invited):
        html = html_of(client.get(invited.path))
        send = html.index(">Send application</button>")
        save = html.index('name="save-draft"')
        assert send < save  # Enter in a box sends, as before
        assert "Save and finish later" in html

    def test_a_principle_withdrawn_since_is_dropped_and_a_new_one_starts_unticked(
        self, client, post, invited
    ):
        post(invited.path, half_filled(**{"principle-local-ownership": "on"}))
        page = PrinciplesPage.objects.get()
        Principle.objects.filter(slug="human-rights").delete()
        Principle.objects.create(page=page, title="Openness", slug="openness", sort_order=9)
        html = html_of(client.get(invited.path))
        assert 'name="principle-human-rights"' not in html
        assert is_checked(html, "principle-local-ownership")
        assert not is_checked(html, "principle-openness")


class TestNotAnApplication:
    def test_a_draft_changes_nothing_staff_or_the_applicant_count_on(self, client, post, invited):
        enquiry = invited.enquiry
        events = EnquiryEvent.objects.filter(enquiry=enquiry).count()
        emails = MembershipEmail.objects.count()
        sent = len(mail.outbox)
        post(invited.path, half_filled())

        enquiry.refresh_from_db()
        assert enquiry.status == EnquiryStatus.APPLICATION_SENT
        assert not Application.objects.exists()
        assert EnquiryEvent.objects.filter(enquiry=enquiry).count() == events
        assert MembershipEmail.objects.count() == emails
        assert len(mail.outbox) == sent  # no reviewer hears of it
        counts = selectors.status_counts()
        assert counts.get(EnquiryStatus.APPLICATION_RECEIVED, 0) == 0
        assert counts[EnquiryStatus.APPLICATION_SENT] == 1

    def test_the_admin_shows_no_application(self, post, invited):
        post(invited.path, half_filled())
        staff = Client()
        staff.force_login(make_user("boss", is_superuser=True, is_staff=True))
        html = staff.get(f"/admin/membership/enquiries/inspect/{invited.enquiry.pk}/").content
        assert b"Thandi Mokoena" not in html
        listing = staff.get("/admin/membership/enquiries/?status=application_received")
        assert invited.enquiry.reference.encode() not in listing.content

    def test_the_status_page_mentions_the_draft(self, client, post, invited):
        status_path = path_of(tokens.status_link(invited.enquiry.pk))
        html = html_of(client.get(status_path))
        assert "You have a saved draft" not in html
        assert "Fill in the application form" in html
        post(invited.path, half_filled())
        html = html_of(client.get(status_path))
        assert "You have a saved draft" in html
        assert "It has not been sent yet" in html
        link = re.search(r'href="([^"]*/membership/application/[^"]*)"', html).group(1)
        assert "Welcome back" in html_of(client.get(path_of(link)))

    def test_saving_after_the_application_was_sent_elsewhere_keeps_no_draft(self, post, invited):
        assert post(invited.path, application_data()).status_code == 303
        response = post(invited.path, half_filled())
        assert response.status_code == 409
        assert not ApplicationDraft.objects.exists()

    def test_saving_a_draft_for_a_closed_enquiry_is_refused_by_the_service(self):
        enquiry = make_enquiry(status=EnquiryStatus.WITHDRAWN)
        with pytest.raises(services.TransitionNotAllowed):
            services.application_draft_save(enquiry=enquiry, answers={})
        assert not ApplicationDraft.objects.exists()


class TestLinks:
    def test_a_tampered_link_neither_saves_nor_shows_a_draft(self, client, post, invited):
        post(invited.path, half_filled())
        before = list(ApplicationDraft.objects.values())
        response = post(tampered(invited.path), half_filled(background="Overwritten"))
        assert response.status_code == 404
        response = client.get(tampered(invited.path))
        assert response.status_code == 404
        assert "Thandi" not in html_of(response)
        assert list(ApplicationDraft.objects.values()) == before

    def test_an_expired_link_neither_saves_nor_shows_a_draft(self, client, post, invited):
        post(invited.path, half_filled())
        before = list(ApplicationDraft.objects.values())
        expired = f"/en/membership/application/{old_token(invited.enquiry.pk, days=31)}/"
        response = client.get(expired)
        assert response.status_code == 410
        assert "This link has expired" in html_of(response)
        assert "Thandi" not in html_of(response)
        assert post(expired, half_filled(background="Overwritten")).status_code == 410
        assert list(ApplicationDraft.objects.values()) == before

    def test_the_date_given_is_when_this_link_stops_working(self, client, post, invited):
        token = old_token(invited.enquiry.pk, days=10)
        path = f"/en/membership/application/{token}/"
        response = post(path, half_filled())
        html = html_of(client.get(response["Location"]))
        expires = timezone.localdate() + timedelta(days=20)
        assert f"it works until <strong>{expires:%-d %B %Y}</strong>" in html


class TestJunk:
    @pytest.mark.parametrize(
        "overrides, message",
        [
            ({"background": "Null\x00 inside"}, "invisible “null” character"),
            ({"contacts-0-name": "x" * 201}, "at most 200 characters"),
            ({"contacts-0-kind": "mayor"}, "Please choose one of the options listed."),
            ({"background": "y" * 3001}, "at most 3,000 characters"),
        ],
    )
    def test_what_cannot_be_kept_is_refused_politely(self, post, invited, overrides, message):
        response = post(invited.path, half_filled(**overrides))
        assert response.status_code == 400
        html = html_of(response)
        assert "Your answers have not been saved" in html
        assert message in html
        assert "\x00" not in html
        assert not ApplicationDraft.objects.exists()

    def test_garbage_never_gives_a_server_error(self, post, invited, settings):
        settings.MEMBERSHIP_RATE_LIMIT_PER_MINUTE = 0
        garbage = {
            "contacts-TOTAL_FORMS": "-1",
            "contacts-INITIAL_FORMS": "banana",
            "contacts-0-kind": "mayor",
            "contacts-0-email": ["a@example.org", "b@example.org"],
            "background": "\x00" * 10,
            "data_consent": "definitely",
            "principle-human-rights": "\ufffd",
            **SAVE,
        }
        assert post(invited.path, garbage).status_code == 400
        without_management = half_filled()
        del without_management["contacts-TOTAL_FORMS"]
        assert post(invited.path, without_management).status_code == 400
        for total in ("0", "3", "999", "1e9"):
            response = post(invited.path, half_filled(**{"contacts-TOTAL_FORMS": total}))
            assert response.status_code < 500
        assert post(invited.path, {"save-draft": ["1", "2"]}).status_code == 400

    @pytest.mark.parametrize(
        "answers",
        [[], "text", {"contacts": "x", "background": 3, "principles": {"a": 1}}, {"contacts": [1]}],
    )
    def test_a_draft_of_an_unexpected_shape_still_opens_the_form(self, client, invited, answers):
        ApplicationDraft.objects.create(enquiry=invited.enquiry, answers=answers)
        response = client.get(invited.path)
        assert response.status_code == 200
        assert "Welcome back" in html_of(response)


class TestDataProtection:
    def draft_for(self, enquiry, *emails) -> ApplicationDraft:
        return ApplicationDraft.objects.create(
            enquiry=enquiry,
            answers={"background": "Ours", "contacts": [{"email": email} for email in emails]},
        )

    def test_purge_removes_the_drafts_of_the_enquiries_it_anonymises(self):
        old = timezone.now() - timedelta(days=400)
        closed = make_enquiry(status=EnquiryStatus.WITHDRAWN, submit_time=old, waiting_since=old)
        recent = make_enquiry(status=EnquiryStatus.APPLICATION_SENT)
        self.draft_for(closed, "a@example.org")
        kept = self.draft_for(recent, "b@example.org")

        out = StringIO()
        call_command("purge_membership_data", "--dry-run", stdout=out)
        assert "a saved draft" in out.getvalue()
        assert "drafts deleted: 1" in out.getvalue()
        assert ApplicationDraft.objects.count() == 2

        out = StringIO()
        call_command("purge_membership_data", stdout=out)
        assert "drafts deleted: 1" in out.getvalue()
        assert list(ApplicationDraft.objects.all()) == [kept]

    def test_erasure_removes_their_drafts_and_drafts_naming_them(self):
        theirs = make_enquiry(
            status=EnquiryStatus.APPLICATION_SENT, contact_email="ada@example.org"
        )
        naming = make_enquiry(status=EnquiryStatus.APPLICATION_SENT, contact_email="o@example.org")
        other = make_enquiry(status=EnquiryStatus.APPLICATION_SENT, contact_email="p@example.org")
        self.draft_for(theirs, "someone@example.org")
        self.draft_for(naming, "x@example.org", " ADA@Example.org")
        kept = self.draft_for(other, "ada@example.org.uk")

        out = StringIO()
        call_command("erase_applicant", "--email", "ada@example.org", "--dry-run", stdout=out)
        assert f"Would delete the saved draft of an application on {naming.reference}" in (
            out.getvalue()
        )
        assert ApplicationDraft.objects.count() == 3

        out = StringIO()
        call_command("erase_applicant", "--email", "Ada@example.org", stdout=out)
        assert "drafts deleted: 2" in out.getvalue()
        assert list(ApplicationDraft.objects.all()) == [kept]


def test_the_form_page_with_a_draft_costs_one_query_more(
    client, post, invited, page_cache_off, django_assert_max_num_queries
):
    with django_assert_max_num_queries(100) as context:
        client.get(invited.path)
    without = len(context.captured_queries)
    post(invited.path, half_filled())
    with django_assert_max_num_queries(without + 1):
        response = client.get(invited.path)
    assert "Welcome back" in html_of(response)
    # The figure measured when drafts were added, so that growth is noticed.
    with django_assert_max_num_queries(14):
        client.get(invited.path)


def test_an_enquiry_withdrawn_by_staff_keeps_its_draft_until_purged(
    django_capture_on_commit_callbacks,
):
    invited = invite(django_capture_on_commit_callbacks)
    services.application_draft_save(enquiry=invited.enquiry, answers={"background": "a"})
    assert ApplicationDraft.objects.get().answers == {"background": "a"}
    services.enquiry_withdraw(enquiry=invited.enquiry, by=make_user("w"))
    # Staff may withdraw on the applicant's behalf and reopen later: kept until the purge,
    # an erasure, or the applicant's own withdrawal (above).
    assert ApplicationDraft.objects.count() == 1


def test_withdrawing_from_the_status_page_deletes_the_draft_at_once(client, post, invited):
    post(invited.path, half_filled())
    status_path = path_of(tokens.status_link(invited.enquiry.pk))
    assert "You have a saved draft" in html_of(client.get(status_path))
    assert post(status_path, {"confirm": "on"}).status_code == 303
    invited.enquiry.refresh_from_db()
    assert invited.enquiry.status == EnquiryStatus.WITHDRAWN
    assert not ApplicationDraft.objects.exists()
    # Reopened and sent the form again, the applicant starts from a blank form.
    services.enquiry_reopen(enquiry=invited.enquiry, by=make_user("w"))
    services.enquiry_send_application(enquiry=invited.enquiry, by=make_user("s"))
    html = html_of(client.get(path_of(services.application_link(enquiry=invited.enquiry))))
    assert "Welcome back" not in html
    assert CONTACTS[0]["email"] not in html


def test_the_pages_a_draft_adds_are_valid_html(client, post, invited):
    refused = html_of(post(invited.path, half_filled(background="y" * 3001)))
    saved = html_of(client.get(post(invited.path, half_filled())["Location"]))
    back = html_of(client.get(invited.path))
    status = html_of(client.get(path_of(tokens.status_link(invited.enquiry.pk))))
    assert "You have a saved draft" in status
    assert html_errors({"refused": refused, "saved": saved, "back": back, "status": status}) == []
