"""The enquiry listing: columns, default order, filters, search, pages, and its exports."""

import csv
import io
import re
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from membership_forms import selectors, services
from membership_forms.models import (
    EnquiryStatus,
    EnquiryTally,
    FormField,
    Member,
    MembershipEnquiry,
    Region,
)
from membership_forms.xlsx import stream_xlsx

from .factories import (
    make_application_record,
    make_enquiry,
    make_enquiry_page,
    make_enquiry_waiting,
    make_enquiry_with_application,
    make_reviewer,
    make_user,
)

pytestmark = pytest.mark.django_db

LISTING = "/admin/membership/enquiries/"
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'
REFERENCE = re.compile(r"SCN-\d{4}-\d{5}")


@pytest.fixture
def reviewer(client):
    user = make_reviewer(first_name="Rita", last_name="Reviewer")
    client.force_login(user)
    return user


def references(response) -> list[str]:
    """The references in the listing's rows, in order (each row shows it once)."""
    body = response.content.decode()
    start = body.find('<table class="listing full-width">')
    table = body[start : body.index("</table>", start)] if start >= 0 else ""
    seen = []
    for reference in REFERENCE.findall(table):
        if reference not in seen:
            seen.append(reference)
    return seen


def test_listing_shows_each_column(client, reviewer):
    colleague = make_user("colleague", first_name="Colin", last_name="Colleague")
    enquiry = make_enquiry_waiting(
        10, city="Mombasa", country="Kenya", region=Region.SUB_SAHARAN_AFRICA
    )
    services.enquiry_assign(enquiry=enquiry, by=reviewer, assignee=colleague)

    response = client.get(LISTING)

    assert response.status_code == 200
    html = response.content.decode()
    for heading in ["Reference", "City", "Region", "Status", "Received"]:
        assert heading in html
    assert "Days waiting" in html and "Due" in html and "Assigned to" in html
    assert enquiry.reference in html
    assert "Mombasa, Kenya" in html and "Sub-Saharan Africa" in html
    due = selectors.due_date(enquiry)
    assert f"{due.day} {due:%b %Y}" in html  # short dates: "2 Dec 2026"
    assert "Received" in html
    assert str(selectors.working_days_waiting(enquiry)) in html
    assert "Overdue" in html  # a word, not just a colour
    assert "Colin Colleague" in html
    inspect = reverse("membership_enquiries_modeladmin_inspect", args=[enquiry.pk])
    assert f'href="{inspect}"' in html


def test_oldest_waiting_first_then_other_open_then_closed(client, reviewer):
    recent = make_enquiry_waiting(1, city="Recent")
    closed = make_enquiry_waiting(40, city="Closed", status=EnquiryStatus.CONFIRMED)
    sent = make_enquiry_waiting(30, city="Sent", status=EnquiryStatus.APPLICATION_SENT)
    oldest = make_enquiry_waiting(12, city="Oldest")
    answered = make_enquiry_waiting(5, status=EnquiryStatus.APPLICATION_RECEIVED)

    order = references(client.get(LISTING))

    assert order == [r.reference for r in (oldest, answered, recent, sent, closed)]


def test_filters(client, reviewer):
    other = make_user("other", first_name="Olga", last_name="Other")
    overdue = make_enquiry_waiting(12, city="Overdue city", region=Region.EUROPE)
    fresh = make_enquiry_waiting(0, city="Fresh city", region=Region.EAST_ASIA)
    sent = make_enquiry_waiting(12, status=EnquiryStatus.APPLICATION_SENT, region=Region.EUROPE)
    last_year = make_enquiry(
        submit_time=timezone.now() - timedelta(days=400),
        status=EnquiryStatus.SPAM,
        region=Region.OCEANIA,
    )
    services.enquiry_assign(enquiry=overdue, by=reviewer, assignee=reviewer)
    services.enquiry_assign(enquiry=sent, by=reviewer, assignee=other)

    def listed(query):
        response = client.get(LISTING + query)
        assert response.status_code == 200, query
        return set(references(response))

    assert listed("?status__exact=received") == {overdue.reference, fresh.reference}
    assert listed("?region__exact=europe") == {overdue.reference, sent.reference}
    assert listed("?overdue=yes") == {overdue.reference}
    assert listed("?overdue=no") == {fresh.reference, sent.reference, last_year.reference}
    assert listed("?assignee=me") == {overdue.reference}
    assert listed(f"?assignee={other.pk}") == {sent.reference}
    assert listed("?assignee=nobody") == {fresh.reference, last_year.reference}
    year = timezone.localtime(last_year.submit_time).year
    assert listed(f"?year={year}") == {last_year.reference}
    assert listed("?overdue=yes&region__exact=east_asia") == set()
    # The filter menus offer what is there.
    html = client.get(LISTING).content.decode()
    assert "Olga Other" in html and f"year={year}" in html and "overdue=yes" in html


def test_unknown_filters_are_refused_politely(client, reviewer):
    make_enquiry()
    for query in [
        "?assigned_to__password__startswith=md5",
        "?submit_time__gte=not-a-date",
        "?nonsense=1",
    ]:
        response = client.get(LISTING + query)
        assert response.status_code == 400, query
        assert b"does not offer" in response.content
    # Odd values of known filters are ignored rather than failing.
    for query in ["?overdue=perhaps", "?assignee=someone", "?year=last", "?p=x", "?o=zz"]:
        assert client.get(LISTING + query).status_code == 200, query


@pytest.mark.parametrize(
    ("term", "field"),
    [
        ("Valparaíso", "city"),
        ("Chile", "country"),
        ("Ines", "contact_name"),
        ("ines@valpo.example", "contact_email"),
    ],
)
def test_search_by_city_country_contact_name_and_email(client, reviewer, term, field):
    wanted = make_enquiry(
        city="Valparaíso",
        country="Chile",
        contact_name="Inés Ines",
        contact_email="ines@valpo.example",
    )
    make_enquiry(city="Oslo", country="Norway", contact_name="Ola", contact_email="ola@example.org")
    assert references(client.get(LISTING, {"q": term})) == [wanted.reference]


def test_search_by_reference_and_application_contact(client, reviewer):
    wanted = make_enquiry(status=EnquiryStatus.APPLICATION_RECEIVED)
    make_application_record(
        wanted, contacts=[{"name": "Zoran Point", "email": "zoran@city.example"}]
    )
    make_enquiry()
    assert references(client.get(LISTING, {"q": wanted.reference})) == [wanted.reference]
    assert references(client.get(LISTING, {"q": "Zoran"})) == [wanted.reference]
    assert references(client.get(LISTING, {"q": "zoran@city.example"})) == [wanted.reference]


def test_listing_is_paginated(client, reviewer):
    for days in range(30):
        make_enquiry_waiting(days)
    first = client.get(LISTING)
    second = client.get(LISTING, {"p": 2})
    assert len(references(first)) == 25
    assert len(references(second)) == 5
    assert not set(references(first)) & set(references(second))
    assert b"Page 1 of 2" in first.content


def build(count: int, reviewer):
    for number in range(count):
        # Every few is overdue, so that each filter lists something.
        enquiry = make_enquiry_waiting((number * 7) % 20, city=f"City {number}")
        if number % 3 == 0:
            services.enquiry_assign(
                enquiry=enquiry, by=reviewer, assignee=make_user(f"helper{count}-{number}")
            )
        if number % 4 == 0:
            make_application_record(enquiry)


def listing_queries(client, query="") -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(LISTING + query)
    queries = len(context)
    assert response.status_code == 200
    return queries


LISTING_QUERIES = [
    "",
    "?status__exact=received",
    "?region__exact=europe",
    "?overdue=yes",
    "?overdue=no",
    "?assignee=me",
    "?assignee=nobody",
    f"?year={timezone.now().year}",
    "?q=City",
    "?q=City&overdue=yes",
    "?q=City 1",
    "?o=2",
    "?o=-1",
    "?o=5",
    "?o=-7",
    "?p=2",
]


@pytest.mark.parametrize("query", LISTING_QUERIES)
def test_listing_queries_do_not_grow_with_enquiries(
    client, reviewer, query, django_assert_max_num_queries
):
    build(3, reviewer)
    few = listing_queries(client, query)
    build(30, reviewer)
    with django_assert_max_num_queries(few):
        many = listing_queries(client, query)
    assert many == few
    # The rows are counted once (modeladmin counted them three times) and the filters'
    # choices looked up once (it looked them up twice).
    assert few <= 16


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_export_queries_do_not_grow_with_enquiries(
    client, reviewer, export, django_assert_max_num_queries
):
    build(3, reviewer)
    with CaptureQueriesContext(connection) as context:
        rows = read_export(client.get(LISTING, {"export": export}), export)
    few = len(context)
    build(30, reviewer)
    with django_assert_max_num_queries(few):
        assert len(read_export(client.get(LISTING, {"export": export}), export)) == 34
    assert len(rows) == 4


def read_csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(content)))


def read_xlsx(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def read_export(response, export) -> list[list]:
    assert response.status_code == 200
    return read_csv(response) if export == "csv" else read_xlsx(response)


def test_export_is_the_filtered_listing(client, reviewer):
    overdue = make_enquiry_waiting(12, city="Late", contact_email="late@example.org")
    make_enquiry_waiting(0, city="Fresh")

    response = client.get(LISTING, {"overdue": "yes", "export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:3] == ["Reference", "Received", "Status"]
    assert "Overdue" in rows[0] and "Contact email" in rows[0]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Reference"] == overdue.reference
    assert row["City"] == "Late"
    assert row["Status"] == "Received"
    assert row["Region"] == "Europe"
    assert row["Overdue"] == "yes"
    assert row["Contact email"] == "late@example.org"
    assert row["Due"] == selectors.due_date(overdue).isoformat()


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_export_neutralises_formulas(client, reviewer, export):
    payloads = {
        "city": '=HYPERLINK("http://evil.example","x")',
        "country": "+41",
        "contact_name": "-2+3",
        "contact_email": "",
        "organisation": "@SUM(A1:A2)",
    }
    make_enquiry(**payloads)

    response = client.get(LISTING, {"export": export})

    rows = read_csv(response) if export == "csv" else read_xlsx(response)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["City"] == "'" + payloads["city"]
    assert row["Country"] == "'+41"
    assert row["Contact name"] == "'-2+3"
    assert row["Organisation or role"] == "'@SUM(A1:A2)"
    assert row["Assigned to"] in ("", None)  # empty stays empty, not "-" or "'-"
    if export == "xlsx":
        workbook = load_workbook(
            io.BytesIO(b"".join(client.get(LISTING, {"export": "xlsx"}).streaming_content))
        )
        cells = [cell for row in workbook.active.iter_rows(min_row=2) for cell in row]
        assert all(cell.data_type != "f" for cell in cells)


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_export_keeps_applicant_text_as_plain_data(client, reviewer, export):
    make_enquiry(city=XSS_SCRIPT, contact_name=XSS_IMG)
    response = client.get(LISTING, {"export": export})
    assert response["X-Content-Type-Options"] == "nosniff"
    rows = read_csv(response) if export == "csv" else read_xlsx(response)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["City"] == XSS_SCRIPT
    assert row["Contact name"] == XSS_IMG


def test_listing_escapes_what_applicants_typed(client, reviewer):
    make_enquiry(city=XSS_SCRIPT, country=XSS_IMG, contact_name=XSS_IMG)
    html = client.get(LISTING).content.decode()
    assert XSS_SCRIPT not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_members_listing(client, reviewer):
    Member.objects.create(city="Aarhus", country="Denmark", region=Region.EUROPE)
    Member.objects.create(
        city="Quiet", country="Nowhere", region=Region.OCEANIA, show_in_directory=False
    )
    html = client.get("/admin/membership/members/").content.decode()
    for text in ["Aarhus", "Denmark", "Europe", "Quiet", "Oceania and the Pacific", "Yes", "No"]:
        assert text in html
    for heading in ["City", "Country", "Region", "Joined", "Public"]:
        assert heading in html
    assert b"Add member city" not in client.get("/admin/membership/members/").content


def test_each_members_row_offers_its_own_buttons_in_its_first_cell(admin_client):
    """The rows are written by listing_tags.listing_rows, not modeladmin's templates: each
    member's edit and delete buttons sit in its city's cell, and what staff typed is escaped."""
    aarhus = Member.objects.create(city="Aarhus", country="Denmark", region=Region.EUROPE)
    odd = Member.objects.create(city=XSS_SCRIPT, country="Nowhere", region=Region.OCEANIA)
    html = admin_client.get("/admin/membership/members/").content.decode()
    for member in (aarhus, odd):
        row = re.search(rf'<tr[^>]*data-object-pk="{member.pk}"[^>]*>(.*?)</tr>', html, re.S)
        assert row, f"no row for {member}"
        first_cell = re.search(r"<td[^>]*>(.*?)</td>", row.group(1), re.S).group(1)
        assert f'href="/admin/membership/members/edit/{member.pk}/"' in first_cell
        assert f'href="/admin/membership/members/delete/{member.pk}/"' in first_cell
        assert '<ul class="actions">' in first_cell
    assert XSS_SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_reviewer_can_hide_a_member_from_the_directory(client, reviewer):
    member = Member.objects.create(city="Aarhus", country="Denmark", region=Region.EUROPE)
    url = reverse("membership_members_modeladmin_edit", args=[member.pk])
    response = client.post(
        url,
        {
            "city": "Aarhus",
            "country": "Denmark",
            "region": Region.EUROPE,
            "joined_on": member.joined_on.isoformat(),
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.show_in_directory is False


# Hostile or out-of-range query strings (issue 10): a polite 400, checked before an export
# starts streaming.


@pytest.mark.parametrize(
    "query",
    [
        {"q": "\x00"},
        {"q": "a\x00b"},
        {"status__exact": "\x00"},
        {"year": "0"},
        {"year": "10000"},
        {"year": "99999999"},
        {"export": "csv", "q": "\x00"},
        {"export": "csv", "year": "0"},
        {"export": "xlsx", "q": "\x00"},
        {"export": "xlsx", "year": "99999999"},
    ],
)
def test_nul_characters_and_years_out_of_range_are_refused_politely(client, reviewer, query):
    make_enquiry()
    response = client.get(LISTING, query)
    assert response.status_code == 400
    assert not response.streaming
    # A NUL anywhere in the address gets the site's own 400 page before any view runs.
    has_nul = "\x00" in "".join(query.values())
    expected = b"We could not read that request" if has_nul else b"does not offer"
    assert expected in response.content


def test_members_search_with_a_nul_character_is_refused_politely(client, reviewer):
    response = client.get("/admin/membership/members/", {"q": "x\x00"})
    assert response.status_code == 400


def test_year_filter_offers_each_year_from_the_first_enquiry_to_the_last(client, reviewer):
    make_enquiry(submit_time=timezone.now() - timedelta(days=800))
    make_enquiry()
    this_year = timezone.localdate().year
    html = client.get(LISTING).content.decode()
    first = timezone.localtime(timezone.now() - timedelta(days=800)).year
    for year in range(first, this_year + 1):
        assert f"year={year}" in html
    assert f"year={first - 1}" not in html and f"year={this_year + 1}" not in html
    assert references(client.get(LISTING, {"year": str(this_year + 5)})) == []


def test_queue_rank_is_kept_by_the_database(client, reviewer):
    ranks = {
        EnquiryStatus.RECEIVED: 0,
        EnquiryStatus.APPLICATION_RECEIVED: 0,
        EnquiryStatus.APPLICATION_SENT: 1,
        EnquiryStatus.CONFIRMED: 2,
        EnquiryStatus.DECLINED: 2,
        EnquiryStatus.WITHDRAWN: 2,
        EnquiryStatus.SPAM: 2,
    }
    for status in ranks:
        make_enquiry(status=status)
    stored = dict(MembershipEnquiry.objects.values_list("status", "waiting_rank"))
    assert stored == ranks
    enquiry = MembershipEnquiry.objects.get(status=EnquiryStatus.RECEIVED)
    services.enquiry_mark_spam(enquiry=enquiry, by=reviewer)
    assert MembershipEnquiry.objects.get(pk=enquiry.pk).waiting_rank == 2


def test_search_matches_each_word_once_per_enquiry(client, reviewer):
    wanted = make_enquiry(city="Lisbon", status=EnquiryStatus.APPLICATION_RECEIVED)
    make_application_record(
        wanted,
        contacts=[
            {"name": "Rui Lisbon", "email": "rui@lisboa.example"},
            {"name": "Ana Lisbon", "email": "ana@lisboa.example"},
        ],
    )
    make_enquiry(city="Porto")
    response = client.get(LISTING, {"q": "lisbon"})
    assert references(response) == [wanted.reference]
    assert b"1 enquiry" in response.content or b"1 membership enquiry" in response.content
    assert references(client.get(LISTING, {"q": "Lisbon ana@"})) == [wanted.reference]
    assert references(client.get(LISTING, {"q": "Lisbon Porto"})) == []


# What the export holds


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_export_has_every_form_answer_the_background_and_the_contacts(client, reviewer, export):
    page = make_enquiry_page()
    FormField.objects.create(
        page=page, sort_order=0, label="City", field_type="singleline", maps_to="city"
    )
    FormField.objects.create(page=page, sort_order=1, label="Population", field_type="number")
    FormField.objects.create(page=page, sort_order=2, label="Why join?", field_type="multiline")
    enquiry = make_enquiry(
        page=page,
        status=EnquiryStatus.APPLICATION_RECEIVED,
        form_data={"city": "Aarhus", "population": 350000, "why_join": "=cmd|' /C calc'!A0"},
    )
    make_application_record(
        enquiry,
        background="+Youth outreach",
        contacts=[
            {"name": "Lena Policy", "email": "lena@example.org", "kind": "political_lead"},
            {"name": "@Omar", "email": "omar@example.org", "kind": "practitioner"},
        ],
    )

    rows = read_export(client.get(LISTING, {"export": export}), export)

    row = dict(zip(rows[0], rows[1], strict=True))
    assert "City" in rows[0] and rows[0].count("City") == 1  # a mapped field is its column
    assert str(row["Population"]) == "350000"
    assert row["Why join?"] == "'=cmd|' /C calc'!A0"
    assert row["Background"] == "'+Youth outreach"
    assert row["Point of contact 1: name"] == "Lena Policy"
    assert row["Point of contact 1: email"] == "lena@example.org"
    assert row["Point of contact 1: role in the network"].startswith("Political or policy lead")
    assert row["Point of contact 2: name"] == "'@Omar"
    assert row["Point of contact 3: name"] in ("", None)
    assert row["Application submitted"]


def test_xlsx_export_has_real_dates_and_numbers(client, reviewer):
    enquiry = make_enquiry_waiting(2)
    rows = read_xlsx(client.get(LISTING, {"export": "xlsx"}))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Received"] == timezone.localtime(enquiry.submit_time).replace(
        tzinfo=None, microsecond=0
    )
    assert row["Due"].date() == selectors.due_date(enquiry)
    assert row["Days waiting"] == selectors.working_days_waiting(enquiry)


def test_xlsx_goes_out_in_pieces_as_rows_are_written():
    rows = ([number, f"row {number}\x01", date(2026, 1, 1)] for number in range(1200))
    pieces = list(stream_xlsx(rows, rows_per_flush=500))
    assert len(pieces) >= 4  # the package, then every 500 rows, then the end
    sheet = load_workbook(io.BytesIO(b"".join(pieces))).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 1200
    assert values[-1][:2] == (1199, "row 1199")  # the control character is dropped
    assert values[0][2].date() == date(2026, 1, 1)


def test_csv_export_streams(client, reviewer):
    make_enquiry()
    response = client.get(LISTING, {"export": "csv"})
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="membership-enquiries.csv"'


def test_both_downloads_are_labelled_buttons_of_the_filtered_listing(client, reviewer):
    html = client.get(LISTING, {"overdue": "yes"}).content.decode()
    group = re.search(r'<div class="membership-export-buttons"(.*?)</div>', html, re.S).group(1)
    links = {
        label.strip(): href.replace("&amp;", "&")
        for href, label in re.findall(r'<a href="([^"]+)"[^>]*>.*?</span>([^<]+)</a>', group, re.S)
    }
    assert set(links) == {"Download CSV", "Download XLSX"}
    assert "overdue=yes" in links["Download CSV"] and "export=csv" in links["Download CSV"]
    assert "export=xlsx" in links["Download XLSX"]
    assert 'aria-label="Download the enquiries shown"' in group


def test_the_spreadsheet_columns_are_wide_enough_to_read(client, reviewer):
    make_enquiry_with_application()
    response = client.get(LISTING, {"export": "xlsx"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    widths = {cell.value: sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]}
    assert widths["Background"] >= 50
    assert widths["Reference"] >= 12 and widths["Received"] >= 12
    assert all(width >= len(heading) for heading, width in widths.items())


# At scale: the shapes of the queries that keep the listing fast at 100,000 enquiries


def listed_count(response) -> int:
    """The number of enquiries the listing says it holds (its pagination's label)."""
    match = re.search(r"(\d[\d,]*) (?:membership )?enquir(?:y|ies)", response.content.decode())
    assert match, "no count of enquiries on the page"
    return int(match.group(1).replace(",", ""))


def test_sorting_breaks_ties_in_the_same_direction(client, reviewer):
    """One index on (column, id) serves a sort both ways."""
    first = make_enquiry(country="Denmark")
    second = make_enquiry(country="Denmark")
    kenya = make_enquiry(country="Kenya")
    assert references(client.get(LISTING, {"o": "2"})) == [
        first.reference,
        second.reference,
        kenya.reference,
    ]
    assert references(client.get(LISTING, {"o": "-2"})) == [
        kenya.reference,
        second.reference,
        first.reference,
    ]


@pytest.mark.parametrize("zone", ["UTC", "America/Santiago", "Asia/Kolkata"])
def test_overdue_filters_agree_with_each_enquiry_around_the_cutoff(
    client, reviewer, zone, settings
):
    """The filters compare the waiting time itself with the start of a local day: they must
    say what each enquiry's own page says, just before and after that moment."""
    settings.TIME_ZONE = zone
    with timezone.override(zone):
        boundary = selectors.overdue_since()
        enquiries = [
            make_enquiry(
                submit_time=boundary + shift,
                waiting_since=boundary + shift,
                status=status,
                city=f"City {number}",
            )
            for number, (shift, status) in enumerate(
                (shift, status)
                for shift in (-timedelta(days=3), -timedelta(seconds=1), timedelta(0))
                for status in (
                    EnquiryStatus.RECEIVED,
                    EnquiryStatus.APPLICATION_RECEIVED,
                    EnquiryStatus.APPLICATION_SENT,
                )
            )
        ]
        overdue = {e.reference for e in enquiries if selectors.is_overdue(e)}
        assert len(overdue) == 4  # waiting on staff (two statuses), before the boundary
        assert set(references(client.get(LISTING, {"overdue": "yes"}))) == overdue
        not_overdue = set(references(client.get(LISTING, {"overdue": "no"})))
        assert not_overdue == {e.reference for e in enquiries} - overdue


def test_total_follows_every_way_rows_come_and_go(client, reviewer):
    """On PostgreSQL the total is read from a tally its triggers keep: it must follow rows
    added one by one and in bulk, deleted, and moved to another page."""
    page = make_enquiry_page()

    def agrees():
        total = selectors.moderated_enquiries_total()
        assert total == selectors.moderated_enquiries().count()
        return total

    assert agrees() == 0
    make_enquiry()
    kept = make_enquiry()
    MembershipEnquiry.objects.bulk_create(
        [
            MembershipEnquiry(
                page=page,
                reference=f"SCN-2020-{number:05d}",
                waiting_since=timezone.now(),
                expected_reply_by=date(2020, 1, 10),
                form_data={},
            )
            for number in range(1, 6)
        ]
    )
    assert agrees() == 7
    assert listed_count(client.get(LISTING)) == 7
    MembershipEnquiry.objects.filter(reference__startswith="SCN-2020-").exclude(
        reference="SCN-2020-00001"
    ).delete()
    kept.delete()
    assert agrees() == 2
    other_form = make_enquiry_page(title="Another form", slug="another-form")
    MembershipEnquiry.objects.filter(reference="SCN-2020-00001").update(page=other_form)
    assert agrees() == 2  # both pages are membership enquiry pages
    other_form.delete()
    assert agrees() == 1
    assert listed_count(client.get(LISTING)) == 1
    if connection.vendor == "postgresql":
        assert EnquiryTally.objects.get(page_id=page.pk).enquiries == 1
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no check left pending
            cursor.execute("TRUNCATE membership_forms_membershipenquiry CASCADE")
        assert agrees() == 0


@pytest.mark.parametrize(
    "query",
    ["Lisbon", "lisbon ana@", "ana@ lisbon", "Ana Lisbon", "Porto", "SCN-", "Lisbon Porto"],
)
def test_search_counts_what_it_lists(client, reviewer, query):
    """A search counts its matches in another shape of query than the one that lists them:
    both must hold the same enquiries, each once."""
    by_city = make_enquiry(city="Lisbon", status=EnquiryStatus.APPLICATION_RECEIVED)
    make_application_record(by_city, contacts=[{"name": "Ana Lisbon", "email": "ana@x.example"}])
    by_contact = make_enquiry(city="Porto", status=EnquiryStatus.APPLICATION_RECEIVED)
    make_application_record(
        by_contact, contacts=[{"name": "Rui Lisbon", "email": "rui@lisboa.example"}]
    )
    make_enquiry(city="Faro", contact_name="Ana Silva", contact_email="ana@faro.example")
    response = client.get(LISTING, {"q": query})
    listed = references(response)
    expected = selectors.enquiries_matching(selectors.moderated_enquiries(), query)
    assert set(listed) == set(expected.values_list("reference", flat=True))
    assert len(listed) == len(set(listed))
    if listed:
        assert listed_count(response) == len(listed)
    else:
        assert "SCN-" not in response.content.decode()


def test_search_words_do_not_run_across_columns(client, reviewer):
    """The searched columns are joined with spaces, which no word of a search holds."""
    make_enquiry(city="Lisbon", country="Portugal")
    assert references(client.get(LISTING, {"q": "LisbonPortugal"})) == []
    assert len(references(client.get(LISTING, {"q": "bon Portu"}))) == 1


def test_search_follows_every_change_to_what_it_looks_in(client, reviewer):
    """On PostgreSQL the search reads a table its triggers keep: a contact added, renamed
    or removed, an anonymised applicant and a deleted enquiry are found (or not) at once."""
    enquiry = make_enquiry(
        city="Lisbon", contact_name="Ana Sousa", status=EnquiryStatus.APPLICATION_RECEIVED
    )
    application = make_application_record(
        enquiry, contacts=[{"name": "Rui Costa", "email": "rui@lisboa.example"}]
    )

    def found(term):
        return references(client.get(LISTING, {"q": term}))

    assert found("Costa") == [enquiry.reference]
    contact = application.contacts.get()
    contact.name = "Rui Pereira"
    contact.save()
    assert found("Costa") == []
    assert found("Pereira") == [enquiry.reference]
    application.contacts.create(
        name="Eva Lima", email="eva@lisboa.example", job_title="Adviser", kind=contact.kind
    )
    assert found("Lima Sousa") == [enquiry.reference]
    contact.delete()
    assert found("Pereira") == []
    services.enquiry_anonymise(enquiry=enquiry, keep_application=True)
    assert found("Sousa") == []
    assert found("Lima") == [enquiry.reference]
    enquiry.delete()
    assert found("Lisbon") == []


def test_a_filtered_search_counts_only_the_filtered_matches(client, reviewer):
    received = make_enquiry(city="Lisbon")
    make_enquiry(city="Lisbon", status=EnquiryStatus.DECLINED)
    make_enquiry(city="Porto")
    response = client.get(LISTING, {"q": "lisbon", "status__exact": "received"})
    assert references(response) == [received.reference]
    assert listed_count(response) == 1


def test_later_pages_keep_the_listing_order(client, reviewer):
    """A page's ids are read first, then its rows: they come back in the listing's order."""
    for days in range(30):
        make_enquiry_waiting(days)
    first, second = (references(client.get(LISTING, {"p": page})) for page in (1, 2))
    expected = list(
        selectors.moderated_enquiries()
        .order_by("waiting_rank", "waiting_since", "-id")
        .values_list("reference", flat=True)
    )
    assert first + second == expected


def test_a_search_matching_more_than_it_counts_shows_the_first_and_asks_for_more_words(
    client, reviewer, monkeypatch
):
    """Counting every match of a common word reads the whole search table at 100,000
    enquiries: the count stops at the limit, the pages hold the first matches in queue
    order, and the reviewer is told there are more. The export still has every match."""
    monkeypatch.setattr(selectors, "SEARCH_COUNT_LIMIT", 3)
    lisbon = [make_enquiry_waiting(days, city="Lisbon") for days in (9, 8, 7, 6, 5)]
    make_enquiry(city="Porto")

    response = client.get(LISTING, {"q": "lisbon"})
    assert references(response) == [enquiry.reference for enquiry in lisbon[:3]]
    assert "The first 3 of more than 3 enquiries: add a word or a filter" in (
        response.content.decode()
    )
    assert "Page 1 of 1" in response.content.decode()

    narrowed = client.get(LISTING, {"q": "lisbon", "status__exact": "received"})
    assert len(references(narrowed)) == 3 and "more than 3" in narrowed.content.decode()

    few = client.get(LISTING, {"q": "porto"})
    assert listed_count(few) == 1 and "more than" not in few.content.decode()

    monkeypatch.setattr(selectors, "SEARCH_COUNT_LIMIT", 5)  # all counted: read by their ids
    every = client.get(LISTING, {"q": "lisbon"})
    assert references(every) == [enquiry.reference for enquiry in lisbon]
    assert listed_count(every) == 5 and "more than" not in every.content.decode()

    export = client.get(LISTING, {"q": "lisbon", "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 1 + len(lisbon)
