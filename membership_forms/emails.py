"""The emails of membership and their outbox (MembershipEmail). Every enquiry owes two (a
notification listing the answers to staff, and an acknowledgement with the reference and
answer date to the applicant); the workflow owes the rest: the invitation to apply, the
application to its reviewer, the welcome to each new member's contacts (and the news to the
applicant, when they are not one of them), the reminder, the digest, and the decline."""

import logging
from datetime import timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from home.models import HubPage, SiteSettings

from . import selectors, tokens
from .models import (
    EMAIL_PLACEHOLDERS,
    LINK_PLACEHOLDERS,
    PLACEHOLDER,
    ApplicationContact,
    MembershipEmail,
    MembershipEmailSettings,
    MembershipEnquiry,
)

logger = logging.getLogger(__name__)

SUBJECT_MAX_LENGTH = 200


def single_line(text: str) -> str:
    return " ".join(str(text).split())[:SUBJECT_MAX_LENGTH]


def format_answer(value, field_type: str) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field_type == "date" and (day := parse_date(str(value))):
        return date_format(day, "DATE_FORMAT")
    if field_type == "datetime" and (moment := parse_datetime(str(value))):
        return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    return str(value)


def enquiry_answers(enquiry: MembershipEnquiry, page) -> list[tuple[str, str]]:
    """(question, answer) for every field of the form, in the form's order, the questions in
    the email's language where the form is translated into it."""
    fields = list(page.get_form_fields())
    labels = selectors.labels_in_language(fields, translation.get_language())
    data = enquiry.form_data
    return [
        (labels[field.clean_name], format_answer(data[field.clean_name], field.field_type))
        for field in fields
        if field.clean_name in data
    ]


def enquiry_admin_url(enquiry: MembershipEnquiry) -> str:
    return urljoin(
        settings.WAGTAILADMIN_BASE_URL, reverse("membership_forms:enquiry", args=[enquiry.pk])
    )


def staff_addresses(page) -> list[str]:
    return [address.strip() for address in page.to_address.split(",") if address.strip()]


def email_context(enquiry: MembershipEnquiry, page) -> dict:
    return {
        "enquiry": enquiry,
        "page": page,
        "organisation_name": organisation_name(page),
        "submitted": timezone.localtime(enquiry.submit_time),
    }


def build_message(*, template: str, subject: str, context: dict, to, from_email, reply_to):
    message = EmailMultiAlternatives(
        subject=single_line(subject),
        body=render_to_string(f"membership_forms/emails/{template}.txt", context),
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to,
        headers={"Content-Language": translation.get_language()},
    )
    message.attach_alternative(
        render_to_string(f"membership_forms/emails/{template}.html", context), "text/html"
    )
    return message


def staff_notification(email: MembershipEmail, page) -> EmailMultiAlternatives | None:
    enquiry = email.enquiry
    recipients = staff_addresses(page)
    if not recipients:
        return None
    subject = f"{page.subject or _('New membership enquiry')} {enquiry.reference}"
    if enquiry.city:
        subject += f": {enquiry.city}"
    context = {
        **email_context(enquiry, page),
        "answers": enquiry_answers(enquiry, page),
        "admin_url": enquiry_admin_url(enquiry),
    }
    return build_message(
        template="staff_notification",
        subject=subject,
        context=context,
        to=recipients,
        from_email=page.from_address,
        reply_to=[enquiry.contact_email] if enquiry.contact_email else None,
    )


def acknowledgement(email: MembershipEmail, page) -> EmailMultiAlternatives | None:
    enquiry = email.enquiry
    # Only our own words, the reference and the date: nothing the applicant typed is
    # mailed back, so the form cannot be used to send text to someone else's address.
    if not enquiry.contact_email:
        return None
    context = {**email_context(enquiry, page), "status_url": tokens.status_link(enquiry.pk)}
    subject = _("We have received your enquiry (%(reference)s)") % {"reference": enquiry.reference}
    return build_message(
        template="acknowledgement",
        subject=subject,
        context=context,
        to=[enquiry.contact_email],
        from_email=page.from_address,
        reply_to=staff_addresses(page) or None,
    )


# The texts staff edit (MembershipEmailSettings).


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Replace each known {placeholder}; anything else in braces stays as written."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def fill_placeholders_html(text: str, values: dict[str, str]) -> str:
    """The HTML version: staff text and values escaped, addresses as links, line breaks kept."""
    parts = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        parts.append(escape(text[position : match.start()]))
        name = match.group(1)
        value = values.get(name)
        if value is None:
            parts.append(escape(match.group(0)))
        elif name in LINK_PLACEHOLDERS and value.startswith(("https://", "http://")):
            parts.append(format_html('<a href="{}">{}</a>', value, value))
        else:
            parts.append(escape(value))
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe(linebreaks("".join(parts)))  # noqa: S308 (every part is escaped above)


def organisation_name(page) -> str:
    """The organisation's name in the email's (active) language, as the site's pages say it."""
    site = page.get_site()
    name = SiteSettings.for_site(site).localized_organisation_name if site else ""
    return name or settings.WAGTAIL_SITE_NAME


def common_values(enquiry: MembershipEnquiry, page) -> dict[str, str]:
    return {
        "organisation_name": organisation_name(page),
        "reference": enquiry.reference,
        "city": enquiry.city,
        "country": enquiry.country,
        "contact_name": enquiry.contact_name or _("colleague"),
    }


def expiry_date(lifetime) -> str:
    return date_format(timezone.localdate() + lifetime, "j F Y")


def terms_of_reference_link(page) -> str:
    site = page.get_site()
    document = SiteSettings.for_site(site).terms_of_reference if site else None
    if document is None:
        return _("(please ask us for a copy)")
    return tokens.absolute_url(document.url)


def hub_link() -> str:
    hub = HubPage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE).first()
    hub = hub and hub.localized  # in the email's language, where the hub is translated
    return hub.full_url if hub else tokens.absolute_url(reverse("account_login"))


def editable_message(*, kind: str, values: dict, to: list[str], page, status_url: str = ""):
    """An email whose text staff edit (MembershipEmailSettings): plain text and HTML, in the
    active language (see `email_language`), ending with the link to the enquiry's status
    page when there is one."""
    subject, body, language = MembershipEmailSettings.load().text_for(
        kind, translation.get_language()
    )
    values = {name: str(values[name]) for name in EMAIL_PLACEHOLDERS[kind]}
    status_line = _("Follow your enquiry, step by step, at this address (keep it to yourself):")
    text = fill_placeholders(body, values)
    if status_url:
        text = f"{text.rstrip()}\n\n{status_line}\n{status_url}\n"
    message = EmailMultiAlternatives(
        subject=single_line(fill_placeholders(subject, values)),
        body=text,
        from_email=page.from_address or settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=staff_addresses(page) or None,
        headers={"Content-Language": language},
    )
    html = render_to_string(
        "membership_forms/emails/editable.html",
        {
            "subject": message.subject,
            "body": fill_placeholders_html(body, values),
            "organisation_name": values["organisation_name"],
            "status_url": status_url,
            "status_line": status_line,
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def application_invitation(email: MembershipEmail, page):
    enquiry = email.enquiry
    if not enquiry.contact_email:
        return None
    values = {
        **common_values(enquiry, page),
        "application_link": tokens.application_link(enquiry.pk),
        "link_expires": expiry_date(tokens.application_link_lifetime()),
    }
    return editable_message(
        kind=email.kind,
        values=values,
        to=[enquiry.contact_email],
        page=page,
        status_url=tokens.status_link(enquiry.pk),
    )


def application_reminder(email: MembershipEmail, page):
    """The one reminder to an applicant who has not sent the application form back, with a
    fresh link to it (the first may be near its expiry)."""
    return application_invitation(email, page)


def decline(email: MembershipEmail, page):
    """To the enquiry's contact, or (with `contact`) to one point of contact of its
    application: see `services.decline_recipients`."""
    enquiry = email.enquiry
    values = common_values(enquiry, page)
    if email.contact is not None:
        values["contact_name"] = email.contact.name
        address = email.contact.email
    else:
        address = enquiry.contact_email
    if not address:
        return None
    return editable_message(
        kind=email.kind,
        values=values,
        to=[address],
        page=page,
        status_url=tokens.status_link(enquiry.pk),
    )


def welcome(email: MembershipEmail, page):
    contact = email.contact
    if contact is None or contact.hub_user is None:
        return None
    user = contact.hub_user
    values = {
        **common_values(email.enquiry, page),
        "contact_name": contact.name,
        "terms_of_reference_link": terms_of_reference_link(page),
        "hub_link": hub_link(),
        "username": user.get_username(),
        "set_password_link": tokens.set_password_link(user),
        "set_password_link_expires": expiry_date(tokens.HubAccountTokenGenerator.lifetime()),
    }
    return editable_message(
        kind=email.kind,
        values=values,
        to=[contact.email],
        page=page,
        status_url=tokens.status_link(email.enquiry.pk),
    )


def names_list(names: list[str]) -> str:
    """Names as a sentence says them, in the active language: "A", "A and B", "A, B and C"."""
    if len(names) < 2:
        return "".join(names)
    separator = pgettext("between the names of a list", ", ")
    return _("%(names)s and %(last)s") % {"names": separator.join(names[:-1]), "last": names[-1]}


def membership_confirmed(email: MembershipEmail, page):
    """To the enquiry's contact when their city is confirmed and they are not one of its
    points of contact (see `services.member_welcome`): the news, who has the city's Online
    Hub accounts, and what comes next. No account of their own."""
    enquiry = email.enquiry
    if not enquiry.contact_email:
        return None
    names = ApplicationContact.objects.filter(
        application__enquiry=enquiry, hub_user__isnull=False
    ).order_by("pk")
    names = names_list(list(names.values_list("name", flat=True)))
    values = {
        **common_values(enquiry, page),
        "points_of_contact": names
        or _("(nobody yet: reply to this email to tell us who they will be)"),
        "terms_of_reference_link": terms_of_reference_link(page),
        "hub_link": hub_link(),
    }
    return editable_message(
        kind=email.kind,
        values=values,
        to=[enquiry.contact_email],
        page=page,
        status_url=tokens.status_link(enquiry.pk),
    )


def application_received(email: MembershipEmail, page):
    """To the enquiry's reviewer, or the form's staff address if nobody is assigned."""
    enquiry = email.enquiry
    application = getattr(enquiry, "application", None)
    reviewer = enquiry.assigned_to
    recipients = [reviewer.email] if reviewer and reviewer.email else staff_addresses(page)
    if application is None or not recipients:
        return None
    context = {
        **email_context(enquiry, page),
        "application": application,
        "contacts": list(application.contacts.all()),
        "warnings": application.guidance_warnings(),
        "received": timezone.localtime(application.submitted_at),
        "answer_due": selectors.due_date(enquiry),
        "admin_url": enquiry_admin_url(enquiry),
    }
    subject = _("Application received: %(reference)s") % {"reference": enquiry.reference}
    if enquiry.city:
        subject += f", {enquiry.city}"
    return build_message(
        template="application_received",
        subject=subject,
        context=context,
        to=recipients,
        from_email=page.from_address,
        reply_to=[enquiry.contact_email] if enquiry.contact_email else None,
    )


def digest(email: MembershipEmail, page=None):
    """A reviewer's daily digest, worked out when it is sent (so nothing handled since it was
    queued is listed); nothing when the day has nothing to say after all."""
    reviewer = email.recipient
    if reviewer is None or not reviewer.email:
        return None
    sections = selectors.reviewer_digest(reviewer=reviewer, at=email.created_at)
    if not any(section.enquiries for section in sections):
        return None
    context = {
        "reviewer": reviewer,
        "sections": [
            {
                "title": section.title,
                "lines": [digest_line(enquiry) for enquiry in section.enquiries],
            }
            for section in sections
            if section.enquiries
        ],
        "day": timezone.localdate(email.created_at),
        "account_url": urljoin(settings.WAGTAILADMIN_BASE_URL, reverse("wagtailadmin_account")),
    }
    count = sum(len(section["lines"]) for section in context["sections"])
    subject = ngettext(
        "Membership today: %(count)s enquiry to look at",
        "Membership today: %(count)s enquiries to look at",
        count,
    ) % {"count": count}
    return build_message(
        template="digest",
        subject=subject,
        context=context,
        to=[reviewer.email],
        from_email=None,
        reply_to=None,
    )


def enquiry_inspect_url(enquiry: MembershipEnquiry) -> str:
    """The absolute address of the enquiry's page in the moderation admin."""
    path = reverse("membership_enquiries_modeladmin_inspect", args=[enquiry.pk])
    return urljoin(settings.WAGTAILADMIN_BASE_URL, path)


def digest_line(enquiry: MembershipEnquiry) -> dict:
    return {
        "enquiry": enquiry,
        "place": ", ".join(part for part in (enquiry.city, enquiry.country) if part),
        "due": selectors.due_date(enquiry),
        "overdue": selectors.is_overdue(enquiry, today=timezone.localdate()),
        "url": enquiry_inspect_url(enquiry),
    }


BUILDERS = {
    MembershipEmail.Kind.STAFF_NOTIFICATION: staff_notification,
    MembershipEmail.Kind.ACKNOWLEDGEMENT: acknowledgement,
    MembershipEmail.Kind.APPLICATION_INVITATION: application_invitation,
    MembershipEmail.Kind.APPLICATION_RECEIVED: application_received,
    MembershipEmail.Kind.WELCOME: welcome,
    MembershipEmail.Kind.DECLINE: decline,
    MembershipEmail.Kind.APPLICATION_REMINDER: application_reminder,
    MembershipEmail.Kind.DIGEST: digest,
    MembershipEmail.Kind.MEMBERSHIP_CONFIRMED: membership_confirmed,
}


# The outbox.

# Emails to staff, whatever the applicant's language.
STAFF_KINDS = frozenset(
    {
        MembershipEmail.Kind.STAFF_NOTIFICATION,
        MembershipEmail.Kind.APPLICATION_RECEIVED,
        MembershipEmail.Kind.DIGEST,
    }
)


def reviewer_language(reviewer) -> str:
    """The admin language the reviewer chose (Account › Preferences), else the site's."""
    profile = getattr(reviewer, "wagtail_userprofile", None)
    return (profile and profile.preferred_language) or settings.LANGUAGE_CODE


def email_language(email: MembershipEmail) -> str:
    """The language an email is written in: for staff, English, or the admin language of the
    reviewer it goes to; for the applicant, the enquiry's, unless staff have not written that
    language's text of an editable one (then English)."""
    if email.kind == MembershipEmail.Kind.DIGEST:
        return reviewer_language(email.recipient) if email.recipient else settings.LANGUAGE_CODE
    if email.kind in STAFF_KINDS:
        reviewer = email.enquiry.assigned_to
        if email.kind == MembershipEmail.Kind.APPLICATION_RECEIVED and reviewer and reviewer.email:
            return reviewer_language(reviewer)
        return settings.LANGUAGE_CODE
    language = email.enquiry.language
    if email.kind in EMAIL_PLACEHOLDERS:
        language = MembershipEmailSettings.load().text_for(email.kind, language)[2]
    return language


def owed(now) -> Q:
    """Emails that are due to be tried: not sent, not given up, and not held by a sender."""
    return Q(sent_at__isnull=True, available_at__lte=now)


def outbox_claim(email_id: int) -> bool:
    """Take the email for one send, if it is due. One conditional UPDATE, so of any number of
    senders (threads, processes, machines) exactly one wins, on every database; the lease
    runs out by itself if the winner dies before it records the result."""
    now = timezone.now()
    lease = timedelta(seconds=settings.MEMBERSHIP_EMAIL_LEASE_SECONDS)
    claimed = MembershipEmail.objects.filter(owed(now), pk=email_id)
    return claimed.update(available_at=now + lease) == 1


def message_id(email: MembershipEmail, from_email: str) -> str:
    """The same Message-ID on every try of one email, so that in the one case no outbox can
    rule out (a sender killed after the mail server took the message, before the row was
    marked sent) a second copy is recognisably the same message."""
    domain = from_email.rpartition("@")[2].strip(" >") or "localhost"
    return f"<membership-email-{email.pk}@{domain}>"


def outbox_send(email_id: int) -> bool:
    """Send one owed email if it is due and nobody else is sending it; True if it went now.
    A failure is recorded on the row and tried again later (by the worker's sweep), each time
    after twice the wait, until MEMBERSHIP_EMAIL_MAX_ATTEMPTS; it never loses the email."""
    if not outbox_claim(email_id):
        return False
    email = MembershipEmail.objects.select_related(
        "enquiry__assigned_to__wagtail_userprofile",
        "enquiry__page",
        "contact__hub_user",
        "recipient__wagtail_userprofile",
    ).get(pk=email_id)
    try:
        with translation.override(email_language(email)):
            page = email.enquiry.page.specific if email.enquiry else None
            message = BUILDERS[email.kind](email, page)
        if message is not None:
            message.extra_headers["Message-ID"] = message_id(email, message.from_email)
            message.send()
    except Exception as error:
        outbox_record_failure(email, error)
        return False
    if message is None:
        MembershipEmail.objects.filter(pk=email.pk).update(
            available_at=None, last_error=_("There was nobody to send it to.")
        )
        return False
    MembershipEmail.objects.filter(pk=email.pk).update(
        sent_at=timezone.now(),
        available_at=None,
        last_error="",
        language=message.extra_headers["Content-Language"],
    )
    return True


def outbox_record_failure(email: MembershipEmail, error: Exception) -> None:
    attempt = email.attempts + 1
    if attempt >= settings.MEMBERSHIP_EMAIL_MAX_ATTEMPTS:
        logger.error(
            "Gave up sending %s (email %s) after %s attempts.",
            email,
            email.pk,
            attempt,
            exc_info=error,
        )
        next_try = None
    else:
        logger.warning(
            "Sending %s (email %s) failed (attempt %s); trying again.", email, email.pk, attempt
        )
        wait = settings.MEMBERSHIP_EMAIL_RETRY_SECONDS * 2 ** (attempt - 1)
        next_try = timezone.now() + timedelta(seconds=wait)
    MembershipEmail.objects.filter(pk=email.pk).update(
        attempts=F("attempts") + 1,
        available_at=next_try,
        last_error=f"{type(error).__name__}: {error}"[:500],
    )


def outbox_send_due(*, limit: int = 500) -> int:
    """The sweep: send every email that is due (never sent, a failure's wait over, or a dead
    sender's lease run out), oldest first; returns how many went."""
    due = (
        MembershipEmail.objects.filter(owed(timezone.now()))
        .order_by("available_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(outbox_send(email_id) for email_id in list(due))
