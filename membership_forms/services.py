"""What happens to membership enquiries. The form, the admin, the emails and the tests all
go through these functions."""

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction

from .models import MapsTo, MembershipEnquiry, MembershipEnquiryPage, Region
from .tasks import enquiry_emails_enqueue

COLUMNS = [choice for choice in MapsTo.values if choice]


def region_from_answer(answer) -> str:
    """The region code for an answer given as a region's name or code."""
    text = str(answer or "").strip().casefold()
    for code, label in Region.choices:
        if text in (code, str(label).casefold()):
            return code
    return ""


def enquiry_columns(*, page: MembershipEnquiryPage, answers: dict) -> dict:
    """The enquiry's filterable columns, from the answers of the fields mapped to them."""
    columns = dict.fromkeys(COLUMNS, "")
    for field in page.get_form_fields():
        if field.maps_to not in columns or answers.get(field.clean_name) in (None, ""):
            continue
        answer = answers[field.clean_name]
        if isinstance(answer, list):
            answer = ", ".join(str(item) for item in answer)
        if field.maps_to == MapsTo.REGION:
            columns["region"] = region_from_answer(answer)
        else:
            max_length = MembershipEnquiry._meta.get_field(field.maps_to).max_length
            columns[field.maps_to] = " ".join(str(answer).split())[:max_length]
    columns["contact_email"] = columns["contact_email"].lower()
    return columns


def same_city(first: str, second: str) -> bool:
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def enquiry_find_possible_duplicate(
    *, contact_email: str, city: str, before: datetime
) -> MembershipEnquiry | None:
    """The earliest enquiry within the duplicate window from the same address about the
    same city (compared without regard to case, in any script)."""
    if not contact_email or not city:
        return None
    since = before - timedelta(days=settings.MEMBERSHIP_DUPLICATE_WINDOW_DAYS)
    candidates = MembershipEnquiry.objects.filter(
        contact_email=contact_email.lower(), submit_time__gte=since, submit_time__lte=before
    ).order_by("submit_time", "pk")
    return next((enquiry for enquiry in candidates if same_city(enquiry.city, city)), None)


def enquiry_receive(*, page: MembershipEnquiryPage, answers: dict) -> MembershipEnquiry:
    """Store an enquiry from the form, then (once it is safely committed) queue the email to
    staff and the acknowledgement to the applicant."""
    with transaction.atomic():
        enquiry = MembershipEnquiry(
            page=page, form_data=answers, **enquiry_columns(page=page, answers=answers)
        )
        enquiry.possible_duplicate_of = enquiry_find_possible_duplicate(
            contact_email=enquiry.contact_email, city=enquiry.city, before=enquiry.submit_time
        )
        enquiry.save()
        transaction.on_commit(partial(enquiry_emails_enqueue, enquiry_id=enquiry.pk), robust=True)
    return enquiry
