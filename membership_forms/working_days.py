"""Working-day arithmetic for the answer dates the network promises (weekends and the
configured holidays are not working days)."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings

SATURDAY = 5


def is_working_day(day: date, *, holidays: Iterable[date] = ()) -> bool:
    return day.weekday() < SATURDAY and day not in set(holidays)


def add_working_days(start: date, days: int, *, holidays: Iterable[date] = ()) -> date:
    """The date `days` working days after `start` (`start` itself does not count, so a
    Friday plus one working day is the next Monday)."""
    if days < 0:
        raise ValueError("days must not be negative")
    holidays = frozenset(holidays)
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, holidays=holidays):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, *, holidays: Iterable[date] = ()) -> int:
    """Working days after `start` up to and including `end`; negative if `end` is earlier."""
    if end < start:
        return -working_days_between(end, start, holidays=holidays)
    return weekdays_between(start, end) - sum(
        1 for day in frozenset(holidays) if start < day <= end and day.weekday() < SATURDAY
    )


def weekdays_between(start: date, end: date) -> int:
    """Monday-to-Friday days after `start` up to and including `end` (`end` >= `start`),
    counted in whole weeks and a remainder rather than day by day."""
    weeks, rest = divmod((end - start).days, 7)
    first = start.weekday()
    return weeks * 5 + sum(1 for offset in range(1, rest + 1) if (first + offset) % 7 < SATURDAY)


def configured_holidays() -> frozenset[date]:
    return frozenset(date.fromisoformat(day) for day in settings.MEMBERSHIP_HOLIDAYS)


def response_due_date(start: date) -> date:
    """When the network promises an answer to something that started waiting on `start`."""
    return add_working_days(
        start, settings.MEMBERSHIP_RESPONSE_WORKING_DAYS, holidays=configured_holidays()
    )
