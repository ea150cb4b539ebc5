from datetime import date

from django.test import override_settings

import pytest

from membership_forms.working_days import add_working_days, response_due_date, working_days_between

WEDNESDAY = date(2026, 3, 4)
FRIDAY = date(2026, 3, 6)
SATURDAY = date(2026, 3, 7)
SUNDAY = date(2026, 3, 8)
MONDAY = date(2026, 3, 9)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (WEDNESDAY, 0, WEDNESDAY),
        (WEDNESDAY, 2, FRIDAY),
        (WEDNESDAY, 3, MONDAY),
        (FRIDAY, 1, MONDAY),
        (FRIDAY, 3, date(2026, 3, 11)),  # Friday enquiry: answer by Wednesday
        (SATURDAY, 1, MONDAY),  # weekend enquiry: the clock starts on Monday
        (SUNDAY, 3, date(2026, 3, 11)),
        (FRIDAY, 10, date(2026, 3, 20)),
    ],
)
def test_add_working_days_skips_weekends(start, days, expected):
    assert add_working_days(start, days) == expected


def test_add_working_days_skips_holidays():
    good_friday, easter_monday = date(2026, 4, 3), date(2026, 4, 6)
    thursday = date(2026, 4, 2)
    assert add_working_days(thursday, 1) == good_friday
    assert add_working_days(thursday, 1, holidays=[good_friday, easter_monday]) == date(2026, 4, 7)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(FRIDAY, -1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (FRIDAY, FRIDAY, 0),
        (FRIDAY, SATURDAY, 0),
        (FRIDAY, MONDAY, 1),
        (WEDNESDAY, MONDAY, 3),
        (MONDAY, WEDNESDAY, -3),
        (SATURDAY, SUNDAY, 0),
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


def test_working_days_between_skips_holidays():
    assert working_days_between(WEDNESDAY, MONDAY, holidays=[FRIDAY]) == 2


def test_the_two_functions_agree():
    for offset in range(15):
        assert working_days_between(FRIDAY, add_working_days(FRIDAY, offset)) == offset


@override_settings(MEMBERSHIP_RESPONSE_WORKING_DAYS=2, MEMBERSHIP_HOLIDAYS=["2026-03-09"])
def test_response_due_date_follows_the_settings():
    assert response_due_date(FRIDAY) == date(2026, 3, 11)
