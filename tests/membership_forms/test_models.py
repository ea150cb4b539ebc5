"""The enquiry record: references, promised answer dates and duplicates."""

import re
import threading
from datetime import UTC, date, datetime, timedelta

from django.db import IntegrityError, connection
from django.test import override_settings

import pytest

from membership_forms.models import EnquiryReferenceCounter, MembershipEnquiry
from membership_forms.services import enquiry_receive

from .conftest import ANSWERS

pytestmark = pytest.mark.django_db


def at(*args):
    return datetime(*args, tzinfo=UTC)


def make_enquiry(page, **kwargs):
    kwargs.setdefault("form_data", {})
    return MembershipEnquiry.objects.create(page=page, **kwargs)


class TestReference:
    def test_format_and_sequence_per_year(self, enquiry_page):
        first = make_enquiry(enquiry_page, submit_time=at(2026, 1, 5, 9))
        second = make_enquiry(enquiry_page, submit_time=at(2026, 6, 1, 9))
        next_year = make_enquiry(enquiry_page, submit_time=at(2027, 1, 2, 9))
        assert first.reference == "SCN-2026-00001"
        assert second.reference == "SCN-2026-00002"
        assert next_year.reference == "SCN-2027-00001"
        assert re.fullmatch(r"SCN-\d{4}-\d{5}", first.reference)

    def test_a_failed_save_does_not_use_up_a_number(self, enquiry_page):
        with pytest.raises(IntegrityError):
            MembershipEnquiry.objects.create(page=None, form_data={}, submit_time=at(2026, 1, 5))
        assert make_enquiry(enquiry_page, submit_time=at(2026, 1, 5)).reference == (
            "SCN-2026-00001"
        )

    def test_references_are_unique_in_the_database(self, enquiry_page):
        assert MembershipEnquiry._meta.get_field("reference").unique
        counter = EnquiryReferenceCounter.objects.create(year=2030, last_number=0)
        assert EnquiryReferenceCounter.next_number(2030) == 1
        counter.refresh_from_db()
        assert counter.last_number == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a database that serves threads at once"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_enquiries_get_different_references(home_page):
    from .conftest import make_enquiry_page

    page = make_enquiry_page(home_page)
    references, errors = [], []
    barrier = threading.Barrier(8)

    def create():
        try:
            barrier.wait()
            references.append(make_enquiry(page).reference)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(references)) == 8
    assert sorted(int(r[-5:]) for r in references) == list(range(1, 9))


class TestDates:
    def test_friday_enquiry_is_answered_by_wednesday(self, enquiry_page):
        enquiry = make_enquiry(enquiry_page, submit_time=at(2026, 3, 6, 16))
        assert enquiry.expected_reply_by == date(2026, 3, 11)
        assert enquiry.waiting_since == enquiry.submit_time

    def test_weekend_enquiry_counts_from_monday(self, enquiry_page):
        enquiry = make_enquiry(enquiry_page, submit_time=at(2026, 3, 7, 10))
        assert enquiry.expected_reply_by == date(2026, 3, 11)

    @override_settings(MEMBERSHIP_HOLIDAYS=["2026-03-09"], MEMBERSHIP_RESPONSE_WORKING_DAYS=2)
    def test_holidays_and_the_number_of_days_are_settings(self, enquiry_page):
        enquiry = make_enquiry(enquiry_page, submit_time=at(2026, 3, 6, 16))
        assert enquiry.expected_reply_by == date(2026, 3, 11)


class TestDuplicates:
    def receive(self, page, **answers):
        return enquiry_receive(page=page, answers={**ANSWERS, **answers})

    def test_same_email_and_city_is_kept_and_marked(self, enquiry_page):
        first = self.receive(enquiry_page)
        second = self.receive(enquiry_page, email_address="AMINA.diallo@example.org", city="dakar")
        third = self.receive(enquiry_page, city=" DAKAR ")
        assert first.possible_duplicate_of is None
        assert second.possible_duplicate_of == first
        assert third.possible_duplicate_of == first
        assert MembershipEnquiry.objects.count() == 3

    def test_other_city_or_email_is_not_a_duplicate(self, enquiry_page):
        self.receive(enquiry_page)
        assert self.receive(enquiry_page, city="Thiès").possible_duplicate_of is None
        other = self.receive(enquiry_page, email_address="someone@example.org")
        assert other.possible_duplicate_of is None

    def test_non_latin_city_names_match_regardless_of_case(self, enquiry_page):
        first = self.receive(enquiry_page, city="ΑΘΉΝΑ")
        assert self.receive(enquiry_page, city="αθήνα").possible_duplicate_of == first

    @override_settings(MEMBERSHIP_DUPLICATE_WINDOW_DAYS=10)
    def test_outside_the_window_is_not_a_duplicate(self, enquiry_page):
        old = self.receive(enquiry_page)
        old.submit_time -= timedelta(days=11)
        old.save()
        assert self.receive(enquiry_page).possible_duplicate_of is None
        old.submit_time += timedelta(days=2)
        old.save()
        assert self.receive(enquiry_page).possible_duplicate_of == old
