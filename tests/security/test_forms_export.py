"""Wagtail's own Forms export of the enquiry page (superusers can reach it) writes no cell a
spreadsheet would run as a formula."""

import csv
import io

from django.urls import reverse

import pytest
from openpyxl import load_workbook

from membership_forms.models import FormField
from tests.membership_forms.factories import make_enquiry, make_user

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example","Open")',
    "@SUM(A1:A9)",
    "+1+2",
    "-3+4",
    "\t=1",
    "\r=1",
]


@pytest.fixture
def superuser_client(client):
    client.force_login(make_user("admin", is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def enquiry_page():
    enquiry = make_enquiry(
        form_data={f"answer_{index}": value for index, value in enumerate(HOSTILE)}
        | {"city": "=cmd|' /C calc'!A0"}
    )
    page = enquiry.page
    for index, _value in enumerate(HOSTILE):
        FormField.objects.create(page=page, label=f"Answer {index}", field_type="singleline")
    FormField.objects.create(page=page, label="City", field_type="singleline")
    return page


def cells(rows):
    return [str(cell) for row in rows for cell in row if cell is not None]


def test_the_csv_export_neutralises_formulas(superuser_client, enquiry_page):
    url = reverse("wagtailforms:list_submissions", args=[enquiry_page.pk]) + "?export=csv"
    response = superuser_client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    exported = cells(csv.reader(io.StringIO(body)))
    assert "'@SUM(A1:A9)" in exported
    assert not [cell for cell in exported if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_the_xlsx_export_neutralises_formulas(superuser_client, enquiry_page):
    url = reverse("wagtailforms:list_submissions", args=[enquiry_page.pk]) + "?export=xlsx"
    response = superuser_client.get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    exported = cells(sheet.iter_rows(values_only=True))
    assert "'+1+2" in exported
    assert not [cell for cell in exported if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
