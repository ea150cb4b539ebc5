"""The scheduler's work (`manage.py run_scheduled_work`): reminders to applicants who have not
sent the application form back, reviewers' daily digests, the captcha clean-up, and the
emails every point of contact gets when an enquiry is declined or confirmed."""

from datetime import date, datetime, time, timedelta

from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup
from captcha.models import CaptchaStore

from membership_forms import scheduling, services
from membership_forms.models import (
    Application,
    EnquiryEvent,
    EnquiryStatus,
    MembershipEmail,
    ReviewerPreferences,
)
from membership_forms.working_days import is_working_day

from .factories import (
    make_enquiry,
    make_enquiry_with_application,
    make_reviewer,
    make_user,
)

pytestmark = pytest.mark.django_db

# A Friday, the Monday after it, and a holiday on the Tuesday.
FRIDAY = date(2026, 1, 9)
HOLIDAY = date(2026, 1, 13)


def moment(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def make_enquiry_sent(sent_on: date, **kwargs):
    """An enquiry whose application form was sent on `sent_on` (its history says so)."""
    kwargs.setdefault("submit_time", moment(sent_on - timedelta(days=3)))
    enquiry = make_enquiry(status=EnquiryStatus.APPLICATION_SENT, **kwargs)
    EnquiryEvent.objects.create(
        enquiry=enquiry,
        kind=EnquiryEvent.Kind.STATUS_CHANGE,
        from_status=EnquiryStatus.RECEIVED,
        to_status=EnquiryStatus.APPLICATION_SENT,
        created_at=moment(sent_on),
    )
    return enquiry


def remind(capture, today: date):
    with capture(execute=True):
        return scheduling.application_reminders_send(today=today)


def reminders():
    return MembershipEmail.objects.filter(kind=MembershipEmail.Kind.APPLICATION_REMINDER)


@pytest.fixture
def three_days(settings):
    settings.MEMBERSHIP_APPLICATION_REMINDER_DAYS = 3
    settings.MEMBERSHIP_HOLIDAYS = [HOLIDAY.isoformat()]


class TestReminders:
    def test_due_on_the_nth_working_day_not_before(
        self, three_days, django_capture_on_commit_callbacks
    ):
        # Sent on Friday: Monday is the first working day, Tuesday a holiday, Wednesday the
        # second, Thursday the third.
        enquiry = make_enquiry_sent(FRIDAY)
        for day in (date(2026, 1, 10), date(2026, 1, 12), HOLIDAY, date(2026, 1, 14)):
            assert remind(django_capture_on_commit_callbacks, day).count == 0, day
        assert mail.outbox == []

        report = remind(django_capture_on_commit_callbacks, date(2026, 1, 15))

        assert report.count == 1
        assert [message.to for message in mail.outbox] == [["ada@example.org"]]
        enquiry.refresh_from_db()
        assert enquiry.reminder_sent_at is not None
        assert enquiry.events.filter(kind=EnquiryEvent.Kind.REMINDER).count() == 1

    def test_a_weekend_in_between_counts_for_nothing(
        self, settings, django_capture_on_commit_callbacks
    ):
        settings.MEMBERSHIP_APPLICATION_REMINDER_DAYS = 10
        settings.MEMBERSHIP_HOLIDAYS = []
        make_enquiry_sent(FRIDAY)
        # Ten working days after Friday 9 January is Friday 23 January.
        assert remind(django_capture_on_commit_callbacks, date(2026, 1, 22)).count == 0
        assert remind(django_capture_on_commit_callbacks, date(2026, 1, 23)).count == 1

    def test_sent_once_however_often_it_runs(self, three_days, django_capture_on_commit_callbacks):
        enquiry = make_enquiry_sent(FRIDAY)
        for day in (date(2026, 1, 15), date(2026, 1, 15), date(2026, 1, 16), date(2026, 2, 2)):
            remind(django_capture_on_commit_callbacks, day)
        assert len(mail.outbox) == 1
        assert reminders().count() == 1
        assert reminders().get().sent_at is not None
        assert enquiry.events.filter(kind=EnquiryEvent.Kind.REMINDER).count() == 1

    @pytest.mark.parametrize(
        "status",
        [
            EnquiryStatus.APPLICATION_RECEIVED,
            EnquiryStatus.DECLINED,
            EnquiryStatus.WITHDRAWN,
            EnquiryStatus.CONFIRMED,
            EnquiryStatus.SPAM,
        ],
    )
    def test_not_for_enquiries_that_moved_on(
        self, three_days, status, django_capture_on_commit_callbacks
    ):
        enquiry = make_enquiry_sent(FRIDAY)
        enquiry.status = status
        enquiry.save()
        assert remind(django_capture_on_commit_callbacks, date(2026, 2, 2)).count == 0
        assert mail.outbox == []

    def test_not_for_anonymised_enquiries(self, three_days, django_capture_on_commit_callbacks):
        enquiry = make_enquiry_sent(FRIDAY)
        enquiry.anonymised_at = timezone.now()
        enquiry.save()
        assert remind(django_capture_on_commit_callbacks, date(2026, 2, 2)).count == 0
        assert mail.outbox == []

    def test_in_the_applicants_language_with_both_links(
        self, three_days, django_capture_on_commit_callbacks
    ):
        make_enquiry_sent(FRIDAY, language="fr", contact_name="Claire Martin")
        remind(django_capture_on_commit_callbacks, date(2026, 1, 15))
        (message,) = mail.outbox
        assert message.subject.startswith("Un rappel : votre candidature")
        assert message.extra_headers["Content-Language"] == "fr"
        assert "Bonjour Claire Martin" in message.body
        assert "/fr/membership/application/" in message.body
        assert "/fr/membership/status/" in message.body
        assert reminders().get().language == "fr"

    def test_english_when_staff_emptied_that_languages_text(
        self, three_days, django_capture_on_commit_callbacks
    ):
        from membership_forms.models import MembershipEmailSettings

        texts = MembershipEmailSettings.load()
        texts.application_reminder_subject_ar = ""
        texts.save()
        make_enquiry_sent(FRIDAY, language="ar")
        remind(django_capture_on_commit_callbacks, date(2026, 1, 15))
        (message,) = mail.outbox
        assert message.subject.startswith("A reminder: your application")
        assert reminders().get().language == "en"

    def test_a_new_application_form_owes_a_new_reminder(
        self, three_days, django_capture_on_commit_callbacks
    ):
        enquiry = make_enquiry_sent(FRIDAY)
        remind(django_capture_on_commit_callbacks, date(2026, 1, 15))
        enquiry.refresh_from_db()
        services.enquiry_withdraw(enquiry=enquiry, by=None)
        enquiry = services.enquiry_reopen(enquiry=enquiry, by=None)
        with django_capture_on_commit_callbacks(execute=True):
            enquiry = services.enquiry_send_application(enquiry=enquiry, by=None)
        assert enquiry.reminder_sent_at is None
        # The reminder is counted from the new form, sent today.
        today = timezone.localdate()
        assert remind(django_capture_on_commit_callbacks, today).count == 0

    def test_flagged_in_the_listing_and_the_history(
        self, client, three_days, django_capture_on_commit_callbacks
    ):
        reminded = make_enquiry_sent(FRIDAY, city="Remindville")
        make_enquiry_sent(FRIDAY + timedelta(days=5), city="Patienceburg")
        remind(django_capture_on_commit_callbacks, date(2026, 1, 15))
        client.force_login(make_reviewer())
        listing = reverse("membership_enquiries_modeladmin_index")

        flagged = client.get(listing, {"reminded": "yes"})
        assert flagged.status_code == 200
        assert "Remindville" in flagged.text
        assert "Patienceburg" not in flagged.text
        assert "enquiry-reminded" in client.get(listing).text

        page = client.get(reverse("membership_enquiries_modeladmin_inspect", args=[reminded.pk]))
        history = BeautifulSoup(page.text, "html.parser").select_one('[data-event-kind="reminder"]')
        assert "reminded the applicant" in history.get_text()


# Digests.


def next_working_morning(hour: int = 9) -> datetime:
    day = timezone.localdate() + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return moment(day, hour)


def next_weekend_morning() -> datetime:
    day = timezone.localdate() + timedelta(days=1)
    while day.weekday() != 5:
        day += timedelta(days=1)
    return moment(day, 9)


def digest(capture, now):
    with capture(execute=True):
        return scheduling.reviewer_digests_send(now=now)


def digests():
    return MembershipEmail.objects.filter(kind=MembershipEmail.Kind.DIGEST)


@pytest.fixture
def office(settings):
    """Two reviewers and an enquiry for each section of a digest, some for the other one."""
    settings.MEMBERSHIP_HOLIDAYS = []
    settings.WAGTAILADMIN_BASE_URL = "https://scn.example.org"
    now = next_working_morning()
    ines = make_reviewer("ines", first_name="Inès")
    omar = make_reviewer("omar")
    enquiries = {
        "mine_overdue": make_enquiry(
            city="Overdueton", assigned_to=ines, waiting_since=now - timedelta(days=10)
        ),
        "mine_not_due": make_enquiry(
            city="Freshville", assigned_to=ines, waiting_since=now - timedelta(minutes=5)
        ),
        "omars_overdue": make_enquiry(
            city="Elsewhere", assigned_to=omar, waiting_since=now - timedelta(days=10)
        ),
        "unassigned": make_enquiry(city="Nobodyham", waiting_since=now - timedelta(hours=2)),
        "application": make_enquiry_with_application(city="Appleby"),
        "answered": make_enquiry(city="Doneford", status=EnquiryStatus.APPLICATION_SENT),
    }
    Application.objects.filter(enquiry=enquiries["application"]).update(
        submitted_at=now - timedelta(hours=3)
    )
    return {"now": now, "ines": ines, "omar": omar, **enquiries}


class TestDigests:
    def test_lists_what_the_reviewer_has_to_look_at_with_links(
        self, office, django_capture_on_commit_callbacks
    ):
        digest(django_capture_on_commit_callbacks, office["now"])

        (message,) = [m for m in mail.outbox if m.to == ["ines@example.org"]]
        body = message.body
        for city in ("Overdueton", "Nobodyham", "Appleby"):
            assert city in body
        for city in ("Freshville", "Elsewhere", "Doneford"):
            assert city not in body
        assert body.index("Appleby") < body.index("Overdueton") < body.index("Nobodyham")
        assert body.count("Appleby") == 1  # received, so not again among the unassigned
        inspect = reverse("membership_enquiries_modeladmin_inspect", args=[office["unassigned"].pk])
        assert f"https://scn.example.org{inspect}" in body
        html = BeautifulSoup(message.alternatives[0][0], "html.parser")
        assert f"https://scn.example.org{inspect}" in [a["href"] for a in html.find_all("a")]
        assert "overdue" in body
        assert message.subject == "Membership today: 3 enquiries to look at"

    def test_each_reviewer_gets_their_own(self, office, django_capture_on_commit_callbacks):
        digest(django_capture_on_commit_callbacks, office["now"])
        (omars,) = [m for m in mail.outbox if m.to == ["omar@example.org"]]
        assert "Elsewhere" in omars.body
        assert "Overdueton" not in omars.body

    def test_at_most_one_a_day(self, office, django_capture_on_commit_callbacks):
        now = office["now"]
        digest(django_capture_on_commit_callbacks, now)
        digest(django_capture_on_commit_callbacks, now + timedelta(hours=3))
        assert digests().filter(recipient=office["ines"]).count() == 1
        assert len([m for m in mail.outbox if m.to == ["ines@example.org"]]) == 1
        # The next working day, a new one.
        digest(django_capture_on_commit_callbacks, next_working_morning_after(now))
        assert digests().filter(recipient=office["ines"]).count() == 2

    def test_nothing_to_say_sends_nothing(self, settings, django_capture_on_commit_callbacks):
        settings.MEMBERSHIP_HOLIDAYS = []
        make_reviewer("ines")
        make_enquiry(city="Quietown", status=EnquiryStatus.APPLICATION_SENT)
        report = digest(django_capture_on_commit_callbacks, next_working_morning())
        assert report.count == 0
        assert mail.outbox == []
        assert not digests().exists()

    def test_turned_off_for_oneself(self, office, django_capture_on_commit_callbacks):
        ReviewerPreferences.objects.create(user=office["ines"], daily_digest=False)
        digest(django_capture_on_commit_callbacks, office["now"])
        assert [m.to for m in mail.outbox] == [["omar@example.org"]]

    def test_none_on_a_weekend_or_before_the_hour(
        self, office, settings, django_capture_on_commit_callbacks
    ):
        settings.MEMBERSHIP_DIGEST_HOUR = 7
        digest(django_capture_on_commit_callbacks, next_weekend_morning())
        digest(django_capture_on_commit_callbacks, office["now"].replace(hour=6))
        assert mail.outbox == []

    def test_not_to_users_who_cannot_see_enquiries(
        self, settings, django_capture_on_commit_callbacks
    ):
        settings.MEMBERSHIP_HOLIDAYS = []
        make_user("outsider")
        make_enquiry(city="Nobodyham")
        digest(django_capture_on_commit_callbacks, next_working_morning())
        assert mail.outbox == []

    def test_in_the_reviewers_admin_language(self, office, django_capture_on_commit_callbacks):
        from wagtail.users.models import UserProfile

        profile = UserProfile.get_for_user(office["ines"])
        profile.preferred_language = "fr"
        profile.save()
        digest(django_capture_on_commit_callbacks, office["now"])
        (message,) = [m for m in mail.outbox if m.to == ["ines@example.org"]]
        assert message.extra_headers["Content-Language"] == "fr"
        assert digests().get(recipient=office["ines"]).language == "fr"


def next_working_morning_after(now: datetime) -> datetime:
    day = timezone.localdate(now) + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return moment(day, 9)


class TestDigestPreference:
    def account_form(self, client) -> dict:
        """Every field of the account settings page as it stands, ready to post back."""
        page = BeautifulSoup(client.get(reverse("wagtailadmin_account")).text, "html.parser")
        form = page.select_one("form[method=post]")
        data = {}
        for field in form.select("input[name], select[name], textarea[name]"):
            name = field["name"]
            if field.name == "select":
                option = field.select_one("option[selected]") or field.select_one("option")
                data[name] = option["value"] if option else ""
            elif field.get("type") in ("checkbox", "radio"):
                if field.has_attr("checked"):
                    data[name] = field.get("value", "on")
            elif field.get("type") not in ("submit", "file", "password"):
                data[name] = field.get("value", "")
        return data

    def test_shown_to_reviewers_and_saved(self, client):
        reviewer = make_reviewer(first_name="Inès", last_name="Haddad")
        client.force_login(reviewer)
        data = self.account_form(client)
        assert data["membership_digest-daily_digest"] == "on"  # on until turned off

        del data["membership_digest-daily_digest"]
        response = client.post(reverse("wagtailadmin_account"), data)

        assert response.status_code == 302
        assert ReviewerPreferences.objects.get(user=reviewer).daily_digest is False
        assert "membership_digest-daily_digest" not in self.account_form(client)

    def test_not_shown_to_users_who_cannot_see_enquiries(self, client):
        from django.contrib.auth.models import Group

        user = make_user("editor")
        user.groups.add(Group.objects.get(name="Editors"))
        client.force_login(user)
        page = client.get(reverse("wagtailadmin_account"))
        assert page.status_code == 200
        assert "membership_digest-daily_digest" not in page.text


# Declining and confirming: every point of contact.


class TestEveryContact:
    def test_a_decline_goes_to_the_enquiry_contact_and_every_point_of_contact_once(
        self, django_capture_on_commit_callbacks
    ):
        # The enquiry's contact is one of the points of contact too, in another case.
        enquiry = make_enquiry_with_application(contact_email="thandi@example.org", language="ar")
        enquiry.contact_email = "Thandi@Example.org"
        enquiry.save()
        with django_capture_on_commit_callbacks(execute=True):
            services.enquiry_decline(enquiry=enquiry, by=make_user())
        declines = [m for m in mail.outbox if m.subject.startswith("استفساركم")]
        assert sorted(m.to[0].lower() for m in declines) == [
            "pieter@example.org",
            "thandi@example.org",
        ]
        (pieters,) = [m for m in declines if m.to == ["pieter@example.org"]]
        assert "Pieter Botha" in pieters.body
        assert all(m.extra_headers["Content-Language"] == "ar" for m in declines)

    def test_a_decline_before_any_application_goes_to_the_enquiry_contact(
        self, django_capture_on_commit_callbacks
    ):
        enquiry = make_enquiry()
        with django_capture_on_commit_callbacks(execute=True):
            services.enquiry_decline(enquiry=enquiry, by=make_user())
        assert [m.to for m in mail.outbox] == [["ada@example.org"]]

    def test_a_confirmation_welcomes_every_point_of_contact(
        self, django_capture_on_commit_callbacks
    ):
        enquiry = make_enquiry_with_application(language="fr")
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.enquiry_confirm(enquiry=enquiry, by=make_user())
        welcomes = [m for m in mail.outbox if m.subject.startswith("Bienvenue")]
        assert sorted(m.to[0] for m in welcomes) == ["pieter@example.org", "thandi@example.org"]


# The command.


class TestCommand:
    def test_dry_run_lists_and_sends_nothing(
        self, three_days, office, capsys, django_capture_on_commit_callbacks
    ):
        reminded = make_enquiry_sent(FRIDAY, city="Remindville")
        expired = CaptchaStore.objects.create(
            challenge="AB", response="ab", expiration=timezone.now() - timedelta(hours=1)
        )
        mail.outbox.clear()
        before = MembershipEmail.objects.count()

        with django_capture_on_commit_callbacks(execute=True):
            call_command("run_scheduled_work", "--dry-run", stdout=output())

        assert mail.outbox == []
        assert MembershipEmail.objects.count() == before
        assert CaptchaStore.objects.filter(pk=expired.pk).exists()
        text = OUTPUT.getvalue()
        assert f"reminders: Would send {reminded.reference}: reminder" in text
        assert "ada@example.org" not in text  # no addresses in cron mail and logs
        assert "Would delete 1 expired captcha(s)" in text
        assert "Dry run, nothing was sent or changed." in text

    def test_a_run_does_the_work_and_a_second_does_nothing_more(
        self, three_days, django_capture_on_commit_callbacks
    ):
        make_enquiry_sent(FRIDAY)
        CaptchaStore.objects.create(
            challenge="AB", response="ab", expiration=timezone.now() - timedelta(hours=1)
        )
        with django_capture_on_commit_callbacks(execute=True):
            call_command("run_scheduled_work", stdout=output())
            call_command("run_scheduled_work", stdout=output())
        assert len([m for m in mail.outbox if m.subject.startswith("A reminder")]) == 1
        assert not CaptchaStore.objects.filter(expiration__lte=timezone.now()).exists()

    def test_only_runs_the_named_jobs(self, three_days, django_capture_on_commit_callbacks):
        make_enquiry_sent(FRIDAY)
        with django_capture_on_commit_callbacks(execute=True):
            call_command("run_scheduled_work", "--only", "captchas,purge", stdout=output())
        assert mail.outbox == []
        assert "captchas: 0, purge: 0" in OUTPUT.getvalue()

    def test_an_unknown_job_is_refused(self):
        with pytest.raises(CommandError, match="Unknown job"):
            call_command("run_scheduled_work", "--only", "reminders,coffee")


OUTPUT = None


def output():
    global OUTPUT
    import io

    OUTPUT = io.StringIO()
    return OUTPUT
