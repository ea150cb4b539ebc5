"""Login throttling: django-axes counts wrong passwords in the shared cache (Redis in
production, so every process counts in one place), per account and per client address, each
with its own limit; password reset requests are counted the same way here. Nobody is locked
out for good: a lockout ends LOGIN_THROTTLE_MINUTES after the last counted failure."""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator

from wagtail.admin.views import account

from axes.backends import AxesBackend
from axes.handlers.cache import AxesCacheHandler
from axes.helpers import get_client_cache_keys, get_client_username

from membership_forms.spam import client_address, client_key, count_in_window

logger = logging.getLogger(__name__)


class ThrottledBackend(AxesBackend):
    """Axes' backend, for web logins only: a call without a request (a management command,
    the test client's login) comes from no visitor, so nothing is counted or refused."""

    def authenticate(self, request, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


class LoginThrottleHandler(AxesCacheHandler):
    """Axes compares one count with one limit (AXES_FAILURE_LIMIT, the per-address limit);
    the account's count is scaled up to it, so an account is refused after
    LOGIN_FAILURES_PER_ACCOUNT wrong passwords and an address after LOGIN_FAILURES_PER_ADDRESS."""

    def get_failures(self, request, credentials=None) -> int:
        account_key, address_key = get_client_cache_keys(request, credentials)
        by_address = self.cache.get(address_key, default=0)
        if get_client_username(request, credentials) is None:
            return by_address
        by_account = self.cache.get(account_key, default=0)
        scale = settings.LOGIN_FAILURES_PER_ADDRESS / settings.LOGIN_FAILURES_PER_ACCOUNT
        return max(by_address, math.ceil(by_account * scale))


def locked_out(request, original_response=None, credentials=None):
    """What a person sees once the limit is reached: when to try again, and how to get in
    meanwhile."""
    return throttled_response(request)


def throttled_response(request):
    minutes = settings.LOGIN_THROTTLE_MINUTES
    response = TemplateResponse(request, "account/throttled.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response.render()  # also returned by middleware, past the view's rendering


def over_limit(*, scope: str, value: str, limit: int, now: float | None = None) -> bool:
    """Count one more request for `value` in the current window; True if over `limit`."""
    seconds = settings.LOGIN_THROTTLE_MINUTES * 60
    now = time.time() if now is None else now
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    key = f"throttle:{scope}:{int(now // seconds)}:{digest}"
    return count_in_window(caches[settings.AXES_CACHE], key, seconds) > limit


def password_reset_throttled(request) -> bool:
    """True if this reset request is over a limit, and also when the counters cannot be
    reached: each reset sends an email, so with the cache down none are sent (a person is
    asked to wait) rather than any number."""
    try:
        return count_password_reset(request)
    except Exception:
        logger.exception("The password reset throttle could not reach the cache; refusing.")
        return True


def count_password_reset(request) -> bool:
    address = client_key(client_address(request))
    email = request.POST.get("email", "").strip().lower()
    by_address = over_limit(
        scope="reset-address", value=address, limit=settings.LOGIN_FAILURES_PER_ADDRESS
    )
    by_account = bool(email) and over_limit(
        scope="reset-account", value=email, limit=settings.LOGIN_FAILURES_PER_ACCOUNT
    )
    return by_address or by_account


def throttle_password_reset(view):
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and password_reset_throttled(request):
            return throttled_response(request)
        return view(request, *args, **kwargs)

    return wrapped


class PasswordResetView(account.PasswordResetView):
    """Wagtail's admin password reset, at its own address, with requests counted per client
    address and per email address (each reset sends an email)."""

    @method_decorator(throttle_password_reset)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


def username_of(request, credentials) -> str | None:
    username = (credentials or {}).get("username") or request.POST.get("username")
    return username.strip().lower() if isinstance(username, str) and username.strip() else None
