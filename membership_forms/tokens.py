"""The signed links the workflow emails: an applicant's application form, the page where an
applicant follows their enquiry, and a new member's page for choosing an Online Hub password.
All are signed with SECRET_KEY, so they cannot be guessed or altered, and all expire."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

APPLICATION_SALT = "membership_forms.application"
STATUS_SALT = "membership_forms.status"


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
    return read_enquiry_token(token, salt=APPLICATION_SALT, lifetime=application_link_lifetime())


def application_link_expires(token: str) -> datetime:
    """When an application token (already read as genuine) stops working."""
    signed_at = signing.b62_decode(token.rsplit(signing.Signer().sep, 2)[1])
    return datetime.fromtimestamp(signed_at, tz=UTC) + application_link_lifetime()


def read_enquiry_token(token: str, *, salt: str, lifetime: timedelta) -> tuple[int, bool]:
    try:
        enquiry_id = signing.loads(token, salt=salt, max_age=lifetime)
        expired = False
    except signing.SignatureExpired:
        enquiry_id = signing.loads(token, salt=salt)
        expired = True
    except signing.BadSignature as error:
        raise BadApplicationToken from error
    if type(enquiry_id) is not int:  # exactly: True is an int too, and would read as 1
        raise BadApplicationToken
    return enquiry_id, expired


def status_link_lifetime() -> timedelta:
    return timedelta(days=settings.MEMBERSHIP_STATUS_LINK_DAYS)


def status_link(enquiry_id: int) -> str:
    """The page where the applicant follows the enquiry, in the active language."""
    token = signing.dumps(enquiry_id, salt=STATUS_SALT)
    return absolute_url(reverse("membership:status", args=[token]))


def read_status_token(token: str) -> tuple[int, bool]:
    return read_enquiry_token(token, salt=STATUS_SALT, lifetime=status_link_lifetime())


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
