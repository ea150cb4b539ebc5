"""The page where an applicant follows their enquiry, reached by the signed link in every
email we send them: each status it can show, what it never shows, tampered and expired
links, and withdrawing the enquiry."""

import re
import time
from unittest import mock

from django.core import mail
from django.test import Client, override_settings

import pytest

from membership_forms import services, tokens
from membership_forms.models import EnquiryEvent, EnquiryStatus

from .applicant import invite, links_in, path_of
from .conftest import post_data
from .factories import make_application_record, make_enquiry, make_user

pytestmark = pytest.mark.django_db


def status_path(enquiry) -> str:
    return path_of(tokens.status_link(enquiry.pk))


def page_text(client, enquiry) -> str:
    response = client.get(status_path(enquiry))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.content.decode()


def test_the_acknowledgement_links_to_the_status_page(submit, enquiry_page, client):
    page = enquiry_page
    submit(page, post_data(page))
    acknowledgement = next(m for m in mail.outbox if m.to == ["amina.diallo@example.org"])
    link = next(url for url in links_in(acknowledgement.body) if "/membership/status/" in url)
    assert link in acknowledgement.alternatives[0][0]
    html = client.get(path_of(link)).content.decode()
    assert "Enquiry received" in html and "We are reading your enquiry" in html


def test_every_later_email_carries_the_link(django_capture_on_commit_callbacks):
    invitation = invite(django_capture_on_commit_callbacks).email
    assert any("/en/membership/status/" in url for url in links_in(invitation.body))
    enquiry = make_enquiry(contact_email="zola@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.enquiry_decline(enquiry=enquiry, by=make_user("decider"))
    decline = mail.outbox[-1]
    assert decline.to == ["zola@example.org"]
    assert any("/en/membership/status/" in url for url in links_in(decline.body))


def test_a_received_enquiry(client):
    enquiry = make_enquiry(city="Tromsø")
    html = page_text(client, enquiry)
    assert enquiry.reference in html
    assert "Where it stands: <strong>Received</strong>" in html
    due = enquiry.expected_reply_by or services.selectors.due_date(enquiry)
    assert f"{due.day} {due:%B %Y}" in html
    assert html.count("(not yet)") == 3
    assert 'name="robots" content="noindex"' in html


def test_an_application_sent_leads_to_the_form(client, django_capture_on_commit_callbacks):
    sent = invite(django_capture_on_commit_callbacks)
    html = page_text(client, sent.enquiry)
    assert "Where it stands: <strong>Application sent</strong>" in html
    # The page signs its own link (the signature's timestamp may differ from the email's by
    # a second), so check that the link it shows opens this enquiry's application.
    link = re.search(r'href="(http://testserver/en/membership/application/[^"]+)"', html)
    assert link, "no application link on the status page"
    token = path_of(link[1]).rstrip("/").rsplit("/", 1)[-1]
    assert tokens.read_application_token(token) == (sent.enquiry.pk, False)
    assert "Application form sent to you: <time" in html


def test_an_application_received_and_then_confirmed(client):
    enquiry = make_enquiry(status=EnquiryStatus.APPLICATION_RECEIVED)
    make_application_record(enquiry)
    html = page_text(client, enquiry)
    assert "Application received: <time" in html
    assert "We are reviewing your application" in html
    enquiry.refresh_from_db()
    services.enquiry_confirm(enquiry=enquiry, by=make_user("confirmer"))
    html = page_text(client, enquiry)
    assert "Membership confirmed: <time" in html
    assert "Your city is a member" in html
    assert "Withdraw" not in html


def test_a_declined_enquiry(client):
    enquiry = make_enquiry()
    services.enquiry_decline(enquiry=enquiry, by=make_user("decider"))
    html = page_text(client, enquiry)
    assert "Membership declined: <time" in html
    assert "could not offer membership" in html


def test_nothing_staff_wrote_is_shown(client):
    enquiry = make_enquiry()
    reviewer = make_user("rita", first_name="Rita", last_name="Mensah")
    services.enquiry_assign(enquiry=enquiry, by=reviewer, assignee=reviewer)
    services.enquiry_add_note(enquiry=enquiry, by=reviewer, text="Mayor is hard to reach")
    html = page_text(client, enquiry)
    assert "Rita" not in html and "Mensah" not in html and "hard to reach" not in html


def test_an_anonymised_enquiry_shows_nothing_personal(client):
    enquiry = make_enquiry(city="Tromsø", contact_name="Ingrid Berg")
    services.enquiry_decline(enquiry=enquiry, by=make_user("decider"))
    services.enquiries_anonymise(ids=[enquiry.pk])
    html = page_text(client, enquiry)
    assert "details it held have been removed" in html
    assert "Tromsø" not in html and "Ingrid" not in html and "Membership declined" not in html


@pytest.mark.parametrize("change", ["tampered", "truncated", "another salt", "spam"])
def test_a_link_that_is_not_right_gets_a_friendly_404(client, change):
    enquiry = make_enquiry()
    token = status_path(enquiry).rstrip("/").rsplit("/", 1)[1]
    if change == "tampered":
        token = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    elif change == "truncated":
        token = token[:10]
    elif change == "another salt":
        token = tokens.application_token(enquiry.pk)  # an application link's token
    else:
        services.enquiry_mark_spam(enquiry=enquiry, by=make_user("guard"))
    response = client.get(f"/en/membership/status/{token}/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


@override_settings(MEMBERSHIP_STATUS_LINK_DAYS=30)
def test_an_expired_link_says_so(client):
    enquiry = make_enquiry()
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 31 * 86400):
        path = status_path(enquiry)  # sent 31 days ago
    response = client.get(path)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert "30 days" in response.content.decode()


def test_the_applicant_withdraws_the_enquiry(client):
    enquiry = make_enquiry()
    path = status_path(enquiry)
    refused = client.post(path, {})
    assert refused.status_code == 400
    assert "Tick the box to confirm" in refused.content.decode()
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.RECEIVED

    response = client.post(path, {"confirm": "on"})
    assert response.status_code == 303
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.WITHDRAWN
    event = enquiry.events.get(kind=EnquiryEvent.Kind.STATUS_CHANGE)
    assert event.actor is None and "by the applicant" in event.note
    html = page_text(client, enquiry)
    assert "Enquiry withdrawn: <time" in html and 'name="confirm"' not in html
    assert client.post(path, {"confirm": "on"}).status_code == 409


def test_withdrawing_needs_the_csrf_token():
    enquiry = make_enquiry()
    client = Client(enforce_csrf_checks=True)
    assert client.post(status_path(enquiry), {"confirm": "on"}).status_code == 403
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.RECEIVED
