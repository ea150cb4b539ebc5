"""The enquiry listing's exports (CSV and XLSX), streamed: rows are read from the database in
chunks and sent as they are written, with every label and date worked out once, so that an
export of any size starts at once, holds one chunk in memory and runs a few queries a chunk.

Each row has the listing's columns, every answer of the form that no column holds, the
application's background and its points of contact. Text a spreadsheet would read as a
formula is neutralised."""

import csv
import io
from collections.abc import Iterator
from datetime import date
from itertools import chain, islice

from django.conf import settings
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    WAITING_ON_STAFF,
    ApplicationContact,
    ContactKind,
    EnquiryStatus,
    FormField,
    MapsTo,
    MembershipEnquiryPage,
    Region,
)
from .services import MAX_CONTACTS
from .working_days import add_working_days, configured_holidays, working_days_between
from .xlsx import stream_xlsx

CHUNK_SIZE = 1000
WIDE_COLUMN = 50
CSV_ROWS_PER_WRITE = 250
FORMATS = ("csv", "xlsx")

# A spreadsheet reads a cell starting with one of these as a formula (CSV/formula injection).
FORMULA_STARTS = frozenset(("=", "+", "-", "@", "\t", "\r"))

ENQUIRY_VALUES = (
    "pk",
    "reference",
    "submit_time",
    "status",
    "city",
    "country",
    "region",
    "language",
    "contact_name",
    "contact_email",
    "organisation",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__username",
    "waiting_since",
    "possible_duplicate_of__reference",
    "form_data",
    "application__submitted_at",
    "application__background",
)
CONTACT_VALUES = ("name", "job_title", "department", "email", "phone", "kind")
CONTACT_CELLS = MAX_CONTACTS * len(CONTACT_VALUES)


def answer_text(value) -> str:
    if value is None or value == [] or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def form_columns() -> list[tuple[str, str]]:
    """(stored name, label) of every answer of the enquiry forms that no column holds, in the
    forms' order; a name asked on several forms once."""
    fields = FormField.objects.filter(
        page__in=MembershipEnquiryPage.objects.all(), maps_to=MapsTo.NOTHING
    ).order_by("page_id", "sort_order", "pk")
    columns = {}
    for field in fields:
        columns.setdefault(field.clean_name, field.label)
    return list(columns.items())


def headings(answers: list[tuple[str, str]]) -> list[str]:
    contact_parts = [
        _("name"),
        _("job title"),
        _("department"),
        _("email"),
        _("phone"),
        _("role in the network"),
    ]
    return [
        _("Reference"),
        _("Received"),
        _("Status"),
        _("City"),
        _("Country"),
        _("Region"),
        _("Language"),
        _("Contact name"),
        _("Contact email"),
        _("Organisation or role"),
        _("Assigned to"),
        _("Days waiting"),
        _("Due"),
        _("Overdue"),
        _("Possible duplicate of"),
        *(label for _name, label in answers),
        _("Application submitted"),
        _("Background"),
        *(
            _("Point of contact %(number)s: %(part)s") % {"number": number, "part": part}
            for number in range(1, MAX_CONTACTS + 1)
            for part in contact_parts
        ),
    ]


def chunks(iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def enquiry_rows(queryset: QuerySet, *, today: date | None = None) -> Iterator[list]:
    """The headings, then one row per enquiry of `queryset`, in its order."""
    today = today or timezone.localdate()
    holidays = configured_holidays()
    answers = form_columns()
    yield headings(answers)
    statuses = {value: str(label) for value, label in EnquiryStatus.choices}
    regions = {value: str(label) for value, label in Region.choices}
    languages = dict(settings.LANGUAGES)
    kinds = {value: str(label) for value, label in ContactKind.choices}
    yes, no = _("yes"), _("no")
    due_dates = {}

    def due_on(start: date) -> date:
        if start not in due_dates:
            due_dates[start] = add_working_days(
                start, settings.MEMBERSHIP_RESPONSE_WORKING_DAYS, holidays=holidays
            )
        return due_dates[start]

    rows = queryset.values_list(*ENQUIRY_VALUES).iterator(chunk_size=CHUNK_SIZE)
    for chunk in chunks(rows, CHUNK_SIZE):
        contacts = {}
        for enquiry_id, *contact in (
            ApplicationContact.objects.filter(application__enquiry_id__in=[row[0] for row in chunk])
            .order_by("application__enquiry_id", "pk")
            .values_list("application__enquiry_id", *CONTACT_VALUES)
        ):
            contact[-1] = kinds.get(contact[-1], contact[-1])
            contacts.setdefault(enquiry_id, []).extend(contact)
        for (
            pk,
            reference,
            submit_time,
            status,
            city,
            country,
            region,
            language,
            contact_name,
            contact_email,
            organisation,
            first_name,
            last_name,
            username,
            waiting_since,
            duplicate_of,
            form_data,
            applied_at,
            background,
        ) in chunk:
            waiting = due = None
            overdue = no
            if status in WAITING_ON_STAFF:
                start = timezone.localdate(waiting_since)
                waiting = working_days_between(start, today, holidays=holidays)
                due = due_on(start)
                overdue = yes if today > due else no
            data = form_data if isinstance(form_data, dict) else {}
            points = contacts.get(pk, [])[:CONTACT_CELLS]
            points += [""] * (CONTACT_CELLS - len(points))
            yield [
                reference,
                timezone.localtime(submit_time).replace(tzinfo=None, microsecond=0),
                statuses.get(status, status),
                city,
                country,
                regions.get(region, region),
                languages.get(language, language),
                contact_name,
                contact_email,
                organisation,
                (f"{first_name} {last_name}".strip() or username) if username else "",
                waiting,
                due,
                overdue,
                duplicate_of or "",
                *(answer_text(data.get(name)) for name, _label in answers),
                timezone.localtime(applied_at).replace(tzinfo=None, microsecond=0)
                if applied_at
                else None,
                background or "",
                *points,
            ]


def neutralise_formula(value):
    """One cell made safe, for exports that go cell by cell (Wagtail's own Forms export)."""
    if value.__class__ is str and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def safe_rows(rows: Iterator[list]) -> Iterator[list]:
    """`rows` with formulas neutralised and empty cells as empty strings (inline, as it runs
    for every cell of every row)."""
    for row in rows:
        yield [
            ""
            if value is None
            else "'" + value
            if value.__class__ is str and value[:1] in FORMULA_STARTS
            else value
            for value in row
        ]


def stream_csv(rows: Iterator[list]) -> Iterator[str]:
    """The CSV text of `rows`: the headings at once, then every few hundred rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(next(rows))
    yield buffer.getvalue()
    for chunk in chunks(rows, CSV_ROWS_PER_WRITE):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(chunk)
        yield buffer.getvalue()


def column_widths(headings: list[str]) -> list[float]:
    """Spreadsheet column widths (in characters) that show each heading whole, and give the
    application's background and long answers room to be read."""
    return [
        WIDE_COLUMN
        if heading == _("Background") or len(heading) > 30
        else min(max(len(heading) + 3, 12), 30)
        for heading in headings
    ]


def enquiry_export_response(queryset: QuerySet, export_format: str, *, filename: str):
    """A streamed download of `queryset`'s enquiries as CSV or XLSX."""
    rows = safe_rows(enquiry_rows(queryset))
    if export_format == "csv":
        response = StreamingHttpResponse(stream_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        first = next(rows)
        rows = chain([first], rows)
        response = StreamingHttpResponse(
            stream_xlsx(rows, widths=column_widths(first)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response
