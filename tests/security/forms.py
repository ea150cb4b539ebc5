"""Every form a visitor (or a staff member before signing in) can post, as a small object
that knows its address, a believable filled-in POST and how to look at it first (so the
CSRF cookie and any session the form needs are in place)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from membership_forms import tokens
from membership_forms.models import EnquiryStatus
from tests.membership_forms.applicant import application_data
from tests.membership_forms.conftest import make_enquiry_page, post_data
from tests.membership_forms.factories import make_enquiry, make_user


@dataclass
class PublicForm:
    name: str
    url: str
    data: dict = field(default_factory=dict)
    # The address the form is shown at, when it differs (set-password redirects first).
    shown_at: str = ""


def members_login(home_page) -> PublicForm:
    make_user("member@example.org", password="the-right-password-1")
    return PublicForm(
        "members' login",
        "/en/account/login/",
        {"username": "member@example.org", "password": "a wrong password"},
    )


def admin_login(home_page) -> PublicForm:
    make_user("staffer", password="the-right-password-1", is_staff=True, is_superuser=True)
    return PublicForm(
        "admin login", "/admin/login/", {"username": "staffer", "password": "a wrong password"}
    )


def password_reset(home_page) -> PublicForm:
    make_user("staffer", password="the-right-password-1", is_staff=True, is_superuser=True)
    return PublicForm("password reset", "/admin/password_reset/", {"email": "staffer@example.org"})


def enquiry_form(home_page) -> PublicForm:
    page = make_enquiry_page(home_page)
    return PublicForm("enquiry form", page.url, post_data(page))


def application_form(home_page) -> PublicForm:
    enquiry = make_enquiry(status=EnquiryStatus.APPLICATION_SENT)
    url = f"/en/membership/application/{tokens.application_token(enquiry.pk)}/"
    return PublicForm("application form", url, application_data())


def set_password(home_page) -> PublicForm:
    user = make_user("new.member@example.org", password=None)
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name="Members"))
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = tokens.hub_account_tokens.make_token(user)
    password = "a-brand-new-passphrase-42"
    return PublicForm(
        "set password",
        f"/en/account/set-password/{uid}/set-password/",
        {"new_password1": password, "new_password2": password},
        shown_at=f"/en/account/set-password/{uid}/{token}/",
    )


PUBLIC_FORMS: list[Callable] = [
    members_login,
    admin_login,
    password_reset,
    enquiry_form,
    application_form,
    set_password,
]


def open_form(client, form: PublicForm) -> str:
    """Look at the form as a browser would; return the CSRF token to send back."""
    response = client.get(form.shown_at or form.url, follow=True)
    assert response.status_code == 200, (form.name, response.status_code)
    return client.cookies["csrftoken"].value
