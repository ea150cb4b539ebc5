"""The signed links the workflow emails: an applicant's application form, and a new member's
page for choosing an Online Hub password. Both are signed with SECRET_KEY, so they cannot be
guessed or altered, and both expire."""

from datetime import timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

APPLICATION_SALT = "membership_forms.application"


class BadApplicationToken(Exception):
    """The token was altered, or was never ours."""


def absolute_url(path: str) -> str:
    return urljoin(settings.WAGTAILADMIN_BASE_URL, path)


def application_link_lifetime() -> timedelta:
    return timedelta(days=settings.MEMBERSHIP_APPLICATION_LINK_DAYS)


def application_token(enquiry_id: int) -> str:
    return signing.dumps(enquiry_id, salt=APPLICATION_SALT)


def application_link(enquiry_id: int) -> str:
    return absolute_url(reverse("membership:application", args=[application_token(enquiry_id)]))


def read_application_token(token: str) -> tuple[int, bool]:
    """The enquiry id a token stands for, and whether the token has expired."""
    try:
        enquiry_id = signing.loads(
            token, salt=APPLICATION_SALT, max_age=application_link_lifetime()
        )
        expired = False
    except signing.SignatureExpired:
        enquiry_id = signing.loads(token, salt=APPLICATION_SALT)
        expired = True
    except signing.BadSignature as error:
        raise BadApplicationToken from error
    if type(enquiry_id) is not int:  # exactly: True is an int too, and would read as 1
        raise BadApplicationToken
    return enquiry_id, expired


class HubAccountTokenGenerator(PasswordResetTokenGenerator):
    """Django's password-reset tokens (used once: they change with the password and the last
    login), with their own salt and a lifetime of MEMBERSHIP_SET_PASSWORD_LINK_DAYS, since a
    welcome email may wait longer than Django's three-day reset timeout."""

    key_salt = "membership_forms.tokens.HubAccountTokenGenerator"

    @staticmethod
    def lifetime() -> timedelta:
        return timedelta(days=settings.MEMBERSHIP_SET_PASSWORD_LINK_DAYS)

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            timestamp_b36, _ = token.split("-")
            timestamp = base36_to_int(timestamp_b36)
        except ValueError:
            return False
        age = self._num_seconds(self._now()) - timestamp
        if age > self.lifetime().total_seconds():
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


hub_account_tokens = HubAccountTokenGenerator()


def set_password_link(user) -> str:
    return absolute_url(
        reverse(
            "account_set_password",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": hub_account_tokens.make_token(user),
            },
        )
    )
