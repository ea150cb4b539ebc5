"""Helpers for the applicant's side: the invitation a reviewer sends, the links in emails,
and the POST data of a filled-in application form."""

import re
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.core import mail

from membership_forms import services
from membership_forms.application_forms import CONTACTS_PREFIX

from .factories import CONTACTS, PRINCIPLES, make_enquiry, make_user

LINK = re.compile(r"https?://[^\s<>\"]+")


def links_in(text: str) -> list[str]:
    return LINK.findall(text)


def path_of(url: str) -> str:
    return urlsplit(url).path


def invite(capture_on_commit, **enquiry_kwargs) -> SimpleNamespace:
    """Send an enquiry the application form as a reviewer would; return the enquiry, the
    invitation email and the link in it."""
    enquiry_kwargs.setdefault("contact_name", "Ayanda Dlamini")
    enquiry_kwargs.setdefault("contact_email", "ayanda@example.org")
    enquiry_kwargs.setdefault("city", "Cape Town")
    enquiry_kwargs.setdefault("country", "South Africa")
    enquiry = make_enquiry(**enquiry_kwargs)
    sent_before = len(mail.outbox)
    with capture_on_commit(execute=True):
        services.enquiry_send_application(enquiry=enquiry, by=make_user("sender"))
    email = mail.outbox[sent_before]
    link = next(url for url in links_in(email.body) if "/en/membership/application/" in url)
    enquiry.refresh_from_db()
    return SimpleNamespace(enquiry=enquiry, email=email, link=link, path=path_of(link))


def contact_fields(index: int, contact: dict) -> dict:
    return {f"{CONTACTS_PREFIX}-{index}-{name}": value for name, value in contact.items()}


def application_data(
    *, contacts=CONTACTS, principles=PRINCIPLES, total_forms=3, **overrides
) -> dict:
    """A complete, valid application; overrides replace fields (None leaves one out)."""
    data = {
        f"{CONTACTS_PREFIX}-TOTAL_FORMS": str(total_forms),
        f"{CONTACTS_PREFIX}-INITIAL_FORMS": "0",
        f"{CONTACTS_PREFIX}-MIN_NUM_FORMS": "2",
        f"{CONTACTS_PREFIX}-MAX_NUM_FORMS": "3",
        "background": "Youth outreach in three districts, with schools and mosques, since 2021.",
        "data_consent": "on",
    }
    for _title, slug, _explanation in principles:
        data[f"principle-{slug}"] = "on"
    for index, contact in enumerate(contacts):
        data.update(contact_fields(index, contact))
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}
