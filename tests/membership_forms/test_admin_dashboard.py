"""The membership panel on the admin dashboard."""

import re
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from membership_forms import selectors, services
from membership_forms.dashboard import CHART_MONTHS, SERIES, chart
from membership_forms.models import EnquiryStatus

from .factories import make_editor, make_enquiry, make_enquiry_waiting, make_reviewer

pytestmark = pytest.mark.django_db

S = EnquiryStatus


def panel(client) -> str:
    html = client.get("/admin/").content.decode()
    start = html.find('id="membership-enquiries-section"')
    if start < 0:
        return ""
    return html[start : html.index("</section>", html.index("All enquiries", start))]


def test_panel_only_for_users_who_may_see_enquiries(client):
    make_enquiry()
    client.force_login(make_editor())
    assert panel(client) == ""
    client.force_login(make_reviewer())
    assert "Membership enquiries" in panel(client)


def test_panel_counts_by_status_and_links_to_the_overdue_listing(client):
    client.force_login(make_reviewer())
    make_enquiry_waiting(12)
    make_enquiry_waiting(15)
    make_enquiry_waiting(0)
    make_enquiry(status=S.SPAM)
    make_enquiry(status=S.CONFIRMED)

    html = panel(client)

    assert re.search(r"Received: <strong>3</strong>", html)
    assert re.search(r"Spam: <strong>1</strong>", html)
    assert re.search(r"Confirmed: <strong>1</strong>", html)
    assert re.search(r"Declined: <strong>0</strong>", html)
    assert 'href="/admin/membership/enquiries/?status__exact=received"' in html
    assert 'href="/admin/membership/enquiries/?overdue=yes"' in html
    assert 'data-overdue-count="2"' in html and "2 enquiries are overdue" in html
    # The link's listing shows exactly those.
    listing = client.get("/admin/membership/enquiries/?overdue=yes").content.decode()
    assert listing.count("enquiry-overdue") == 2


def test_panel_shows_the_median_staff_response_time(client, django_capture_on_commit_callbacks):
    reviewer = make_reviewer()
    client.force_login(reviewer)
    assert "No enquiry was answered in the last 90 days." in panel(client)

    for days_ago in (2, 4, 8):
        enquiry = make_enquiry_waiting(days_ago)
        with django_capture_on_commit_callbacks(execute=True):
            services.enquiry_send_application(enquiry=enquiry, by=reviewer)
    median = selectors.median_response_working_days(days=90)

    html = panel(client)

    assert median is not None
    assert f"Median of {median:g} working days to answer, over the last 90 days." in html


def test_chart_is_server_drawn_svg_with_a_text_alternative(client):
    reviewer = make_reviewer()
    client.force_login(reviewer)
    enquiry = make_enquiry()
    services.enquiry_send_application(enquiry=enquiry, by=reviewer)
    make_enquiry()

    html = panel(client)

    assert "<svg" in html and 'role="img"' in html
    assert '<title id="membership-chart-title">' in html and "<desc" in html
    assert "2 enquiries in the period" in html
    assert html.count("<rect") == CHART_MONTHS * len(SERIES)
    assert "<script" not in html and "http" not in html.replace("http://www.w3.org/2000/svg", "")
    month = timezone.localdate().strftime("%b %Y")
    row = re.search(rf"<th scope=\"row\">{month}</th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r"<td>(\d+)</td>", row) == ["2", "1", "0", "0"]


def test_chart_geometry_scales_to_the_busiest_month():
    today = timezone.localdate()
    rows = selectors.monthly_stage_counts(months=3, today=today)
    rows[-1].update(received=4, application_sent=2)
    drawing = chart(rows)
    bars = drawing["bars"]
    received, sent = bars[-4], bars[-3]
    assert received["height"] == pytest.approx(2 * sent["height"])
    assert received["y"] + received["height"] == pytest.approx(drawing["baseline"])
    assert all(bar["height"] == 0 for bar in bars[:-4])
    assert [tick["value"] for tick in drawing["ticks"]] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    ("peak", "ticks"),
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (7, [0, 2, 4, 6, 8]),
        (17, [0, 5, 10, 15, 20]),
        (20, [0, 5, 10, 15, 20]),
        (23, [0, 10, 20, 30]),
        (480, [0, 200, 400, 600]),
    ],
)
def test_chart_axis_ticks_are_round_numbers(peak, ticks):
    today = timezone.localdate()
    rows = selectors.monthly_stage_counts(months=2, today=today)
    rows[-1].update(received=peak)
    drawing = chart(rows)
    assert [tick["value"] for tick in drawing["ticks"]] == ticks
    top = drawing["ticks"][-1]
    assert top["y"] == 12  # the top tick is the top of the plot: the tallest bar fits under it


def dashboard_queries(client) -> int:
    cache.clear()  # the figures as they are counted, not as cached a moment ago
    with CaptureQueriesContext(connection) as context:
        response = client.get("/admin/")
    queries = len(context)
    assert response.status_code == 200
    return queries


def test_dashboard_queries_do_not_grow_with_enquiries(client):
    reviewer = make_reviewer()
    client.force_login(reviewer)

    def build(count):
        for number in range(count):
            enquiry = make_enquiry_waiting(number * 9 % 60)
            if number % 2:
                services.enquiry_send_application(enquiry=enquiry, by=reviewer)

    build(2)
    few = dashboard_queries(client)
    build(25)
    assert dashboard_queries(client) == few


def test_figures_are_counted_once_a_minute_and_again_after_a_step(
    client, django_capture_on_commit_callbacks
):
    reviewer = make_reviewer()
    client.force_login(reviewer)
    enquiry = make_enquiry_waiting(1)
    assert re.search(r"Received: <strong>1</strong>", panel(client))
    make_enquiry_waiting(2)  # stored without the services, so the cached figures stand
    assert re.search(r"Received: <strong>1</strong>", panel(client))

    with django_capture_on_commit_callbacks(execute=True):
        services.enquiry_send_application(enquiry=enquiry, by=reviewer)

    html = panel(client)
    assert re.search(r"Received: <strong>1</strong>", html)
    assert re.search(r"Application sent: <strong>1</strong>", html)


def test_panel_tells_staff_its_figures_may_be_a_minute_old(client):
    client.force_login(make_reviewer())
    make_enquiry_waiting(1)

    def counted_at(html):
        return re.search(r'data-counted-at="([^"]+)"', html).group(1)

    first = panel(client)
    assert "these figures may be up to a minute old" in first
    moment = timezone.localtime(datetime.fromisoformat(counted_at(first)))
    assert f"Counted at {moment:%H:%M}" in first
    make_enquiry_waiting(2)  # the cached figures stand, and say when they were counted
    second = panel(client)
    assert counted_at(second) == counted_at(first)
    assert re.search(r"Received: <strong>1</strong>", second)
    cache.clear()
    third = panel(client)
    assert counted_at(third) > counted_at(first)
    assert re.search(r"Received: <strong>2</strong>", third)


def test_monthly_counts_query_count_is_fixed(django_assert_max_num_queries):
    for days_ago in (0, 40, 80, 200):
        make_enquiry_waiting(days_ago)
    with django_assert_max_num_queries(2):
        rows = selectors.monthly_stage_counts(months=CHART_MONTHS)
    assert sum(row["received"] for row in rows) == 4


def test_enquiries_from_long_ago_do_not_count_in_the_chart(client):
    client.force_login(make_reviewer())
    make_enquiry(submit_time=timezone.now() - timedelta(days=800))
    assert "0 enquiries in the period" in panel(client)
