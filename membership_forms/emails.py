"""The two emails every enquiry sends: a notification listing the answers to staff, and an
acknowledgement with the reference and answer date to the applicant."""

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from home.models import SiteSettings

from .models import MembershipEnquiry

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
