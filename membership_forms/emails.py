"""The emails of membership: the two every enquiry sends (a notification listing the answers
to staff, and an acknowledgement with the reference and answer date to the applicant), and
those the workflow owes later (MembershipEmail): the invitation to apply, the application to
its reviewer, the welcome to each new member's contacts, and the decline."""

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from home.models import HubPage, SiteSettings

from . import selectors, tokens
from .models import (
    EMAIL_PLACEHOLDERS,
    LINK_PLACEHOLDERS,
    PLACEHOLDER,
    MembershipEmail,
    MembershipEmailSettings,
    MembershipEnquiry,
)

STAFF_NOTIFICATION = "staff_notification"
ACKNOWLEDGEMENT = "acknowledgement"
EMAIL_KINDS = (STAFF_NOTIFICATION, ACKNOWLEDGEMENT)
# The column that records when each email went out, so that a retry never sends it twice.
SENT_AT = {STAFF_NOTIFICATION: "staff_notified_at", ACKNOWLEDGEMENT: "acknowledged_at"}
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
    """(question, answer) for every field of the form, in the form's order."""
    return [
        (field.label, format_answer(enquiry.form_data[field.clean_name], field.field_type))
        for field in page.get_form_fields()
        if field.clean_name in enquiry.form_data
    ]


def enquiry_admin_url(enquiry: MembershipEnquiry) -> str:
    return urljoin(
        settings.WAGTAILADMIN_BASE_URL, reverse("membership_forms:enquiry", args=[enquiry.pk])
    )


def staff_addresses(page) -> list[str]:
    return [address.strip() for address in page.to_address.split(",") if address.strip()]


def email_context(enquiry: MembershipEnquiry, page) -> dict:
    site = page.get_site()
    organisation = SiteSettings.for_site(site).organisation_name if site else ""
    return {
        "enquiry": enquiry,
        "page": page,
        "organisation_name": organisation or settings.WAGTAIL_SITE_NAME,
        "submitted": timezone.localtime(enquiry.submit_time),
    }


def build_message(*, template: str, subject: str, context: dict, to, from_email, reply_to):
    message = EmailMultiAlternatives(
        subject=single_line(subject),
        body=render_to_string(f"membership_forms/emails/{template}.txt", context),
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to,
    )
    message.attach_alternative(
        render_to_string(f"membership_forms/emails/{template}.html", context), "text/html"
    )
    return message


def staff_notification(enquiry: MembershipEnquiry, page) -> EmailMultiAlternatives | None:
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
        template=STAFF_NOTIFICATION,
        subject=subject,
        context=context,
        to=recipients,
        from_email=page.from_address,
        reply_to=[enquiry.contact_email] if enquiry.contact_email else None,
    )


def acknowledgement(enquiry: MembershipEnquiry, page) -> EmailMultiAlternatives | None:
    # Only our own words, the reference and the date: nothing the applicant typed is
    # mailed back, so the form cannot be used to send text to someone else's address.
    if not enquiry.contact_email:
        return None
    context = email_context(enquiry, page)
    subject = _("We have received your enquiry (%(reference)s)") % {"reference": enquiry.reference}
    return build_message(
        template=ACKNOWLEDGEMENT,
        subject=subject,
        context=context,
        to=[enquiry.contact_email],
        from_email=page.from_address,
        reply_to=staff_addresses(page) or None,
    )


BUILDERS = {STAFF_NOTIFICATION: staff_notification, ACKNOWLEDGEMENT: acknowledgement}


def enquiry_email_send(*, enquiry_id: int, kind: str) -> bool:
    """Send the enquiry's `kind` email if it has not gone yet and has someone to go to, and
    record when it went. The enquiry row stays locked meanwhile (on databases that lock
    rows), so two workers never send the same email."""
    with transaction.atomic():
        enquiry = (
            MembershipEnquiry.objects.select_for_update(of=("self",)).filter(pk=enquiry_id).first()
        )
        if enquiry is None or getattr(enquiry, SENT_AT[kind]):
            return False
        page = enquiry.page.specific
        message = BUILDERS[kind](enquiry, page)
        if message is None:
            return False
        message.send()
        MembershipEnquiry.objects.filter(pk=enquiry.pk).update(**{SENT_AT[kind]: timezone.now()})
    return True


# Emails the workflow owes (see MembershipEmail).


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
    site = page.get_site()
    name = SiteSettings.for_site(site).organisation_name if site else ""
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
    hub = HubPage.objects.live().first()
    return hub.full_url if hub else tokens.absolute_url(reverse("account_login"))


def editable_message(*, kind: str, values: dict, to: list[str], page):
    """An email whose text staff edit (MembershipEmailSettings): plain text and HTML."""
    subject, body = MembershipEmailSettings.load().text_for(kind)
    values = {name: str(values[name]) for name in EMAIL_PLACEHOLDERS[kind]}
    message = EmailMultiAlternatives(
        subject=single_line(fill_placeholders(subject, values)),
        body=fill_placeholders(body, values),
        from_email=page.from_address or settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=staff_addresses(page) or None,
    )
    html = render_to_string(
        "membership_forms/emails/editable.html",
        {
            "subject": message.subject,
            "body": fill_placeholders_html(body, values),
            "organisation_name": values["organisation_name"],
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
    return editable_message(kind=email.kind, values=values, to=[enquiry.contact_email], page=page)


def decline(email: MembershipEmail, page):
    enquiry = email.enquiry
    if not enquiry.contact_email:
        return None
    return editable_message(
        kind=email.kind,
        values=common_values(enquiry, page),
        to=[enquiry.contact_email],
        page=page,
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
    return editable_message(kind=email.kind, values=values, to=[contact.email], page=page)


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


MEMBERSHIP_BUILDERS = {
    MembershipEmail.Kind.APPLICATION_INVITATION: application_invitation,
    MembershipEmail.Kind.APPLICATION_RECEIVED: application_received,
    MembershipEmail.Kind.WELCOME: welcome,
    MembershipEmail.Kind.DECLINE: decline,
}


def membership_email_send(*, email_id: int) -> bool:
    """Send the email unless it has gone already or has nobody to go to, and record when it
    went. Its row stays locked meanwhile (on databases that lock rows), so two workers never
    send the same email."""
    with transaction.atomic():
        email = (
            MembershipEmail.objects.select_for_update(of=("self",))
            .select_related("enquiry__assigned_to", "contact__hub_user")
            .filter(pk=email_id)
            .first()
        )
        if email is None or email.sent_at:
            return False
        message = MEMBERSHIP_BUILDERS[email.kind](email, email.enquiry.page.specific)
        if message is None:
            MembershipEmail.objects.filter(pk=email.pk).update(
                last_error=_("There was nobody to send it to.")
            )
            return False
        message.send()
        MembershipEmail.objects.filter(pk=email.pk).update(sent_at=timezone.now(), last_error="")
    return True
