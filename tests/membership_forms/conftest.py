"""Small builders for the membership tests: an enquiry page with mapped fields, and the
POST data of a filled-in form (with a solved captcha and a start time long enough ago)."""

import time

from django.core.cache import cache

import pytest
from captcha.models import CaptchaStore

from membership_forms import spam
from membership_forms.forms import CAPTCHA_FIELD, STARTED_FIELD
from membership_forms.models import FormField, MapsTo, MembershipEnquiryPage, Region

FIELDS = [
    {"label": "Your name", "field_type": "singleline", "maps_to": MapsTo.CONTACT_NAME},
    {"label": "Your role", "field_type": "singleline", "maps_to": MapsTo.ORGANISATION},
    {"label": "City", "field_type": "singleline", "maps_to": MapsTo.CITY},
    {"label": "Country", "field_type": "singleline", "maps_to": MapsTo.COUNTRY},
    {"label": "Region", "field_type": "dropdown", "maps_to": MapsTo.REGION},
    {"label": "Email address", "field_type": "email", "maps_to": MapsTo.CONTACT_EMAIL},
    {"label": "Phone number", "field_type": "singleline", "required": False},
    {"label": "Why would your city like to join?", "field_type": "multiline"},
]

ANSWERS = {
    "your_name": "Amina Diallo",
    "your_role": "Head of Community Safety",
    "city": "Dakar",
    "country": "Senegal",
    "region": str(Region.SUB_SAHARAN_AFRICA.label),
    "email_address": "Amina.Diallo@Example.org",
    "phone_number": "+221 33 000 0000",
    "why_would_your_city_like_to_join": "We want to learn from cities with youth programmes.",
}


def make_enquiry_page(parent, *, fields=FIELDS, publish=True, **kwargs):
    kwargs.setdefault("title", "Join the network")
    kwargs.setdefault("slug", "join")
    kwargs.setdefault("to_address", "membership@example.org")
    kwargs.setdefault("from_address", "no-reply@example.org")
    kwargs.setdefault("subject", "Membership enquiry")
    kwargs.setdefault("thank_you_text", "<p>We will be in touch.</p>")
    page = MembershipEnquiryPage(
        form_fields=[FormField(sort_order=i, **field) for i, field in enumerate(fields)],
        **kwargs,
    )
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    else:
        page.live = False
        page.save_revision()
        page.save()
    return page


def solved_captcha() -> dict:
    key = CaptchaStore.generate_key()
    answer = CaptchaStore.objects.get(hashkey=key).response
    return {f"{CAPTCHA_FIELD}_0": key, f"{CAPTCHA_FIELD}_1": answer}


def post_data(page, *, started_seconds_ago=60, captcha=None, **answers) -> dict:
    data = {**ANSWERS, **answers}
    data[STARTED_FIELD] = spam.started_token(page_id=page.pk, now=time.time() - started_seconds_ago)
    data.update(solved_captcha() if captcha is None else captcha)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the (process-wide) test cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def enquiry_page(home_page):
    return make_enquiry_page(home_page)


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    """POST a form as an applicant would, running what waits for the commit (the emails)."""

    def submit(page, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(page.url, data, **extra)

    return submit
