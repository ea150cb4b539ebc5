"""Signed tokens are read exactly, and a new member's password has a polite upper limit."""

from django.contrib.auth import get_user_model
from django.core import signing

import pytest

from membership_forms import tokens
from membership_forms.models import THANK_YOU_PARAMETER, THANK_YOU_SALT, EnquiryStatus
from tests.membership_forms.factories import make_enquiry

from .forms import open_form, set_password

pytestmark = pytest.mark.django_db
PASSWORD_MAX_LENGTH = 4096  # as Django's own password forms once allowed


@pytest.mark.parametrize("payload", [True, False, 1.0, "1", [1], {"id": 1}, None])
def test_an_application_token_must_hold_exactly_an_enquiry_id(client, home_page, payload):
    make_enquiry(status=EnquiryStatus.APPLICATION_SENT)  # an enquiry whose id is a small int
    forged = signing.dumps(payload, salt=tokens.APPLICATION_SALT)
    with pytest.raises(tokens.BadApplicationToken):
        tokens.read_application_token(forged)
    assert client.get(f"/en/membership/application/{forged}/").status_code == 404


def test_a_thank_you_token_holding_true_shows_nobody_s_reference(client, home_page):
    enquiry = make_enquiry()
    forged = signing.dumps(True, salt=THANK_YOU_SALT)
    response = client.get(f"{enquiry.page.url}?{THANK_YOU_PARAMETER}={forged}")
    assert enquiry.reference not in response.content.decode()


def submit_password(client, home_page, password):
    form = set_password(home_page)
    open_form(client, form)
    return client.post(form.url, {"new_password1": password, "new_password2": password})


def test_a_password_over_the_limit_is_refused_politely_and_not_saved(client, home_page):
    response = submit_password(client, home_page, "x1-" * 70_000)
    assert response.status_code == 400
    assert f"at most {PASSWORD_MAX_LENGTH} characters" in response.content.decode()
    assert not get_user_model().objects.get(username="new.member@example.org").has_usable_password()


def test_a_password_at_the_limit_is_accepted(client, home_page):
    password = ("correct-horse-battery-" * 200)[:PASSWORD_MAX_LENGTH]
    response = submit_password(client, home_page, password)
    assert response.status_code == 302
    assert get_user_model().objects.get(username="new.member@example.org").check_password(password)
