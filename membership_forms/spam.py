"""Spam and abuse checks of the enquiry form that need no database: a rate limit per client
address kept in the shared cache, and a signed note of when the form was opened."""

import hashlib
import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.core.signing import BadSignature, Signer

logger = logging.getLogger(__name__)

STARTED_SALT = "membership_forms.form_started"
RATE_WINDOWS = (
    ("minute", 60, "MEMBERSHIP_RATE_LIMIT_PER_MINUTE"),
    ("day", 24 * 60 * 60, "MEMBERSHIP_RATE_LIMIT_PER_DAY"),
)


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT proxies that each
    append to X-Forwarded-For, the address the outermost proxy saw (never a value the
    client could write itself)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.headers.get("X-Forwarded-For", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_key(address: str) -> str:
    """A cache-safe key for an address; IPv6 clients are grouped by their /64 network,
    which one household or server usually gets whole."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        network = address
    else:
        network = (
            str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)
        )
    return hashlib.sha256(network.encode()).hexdigest()[:32]


def count_in_window(cache, key: str, seconds: int) -> int:
    """Count one more event under `key`, a counter that lives a little over `seconds`."""
    cache.add(key, 0, timeout=seconds + 60)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=seconds + 60)
        return 1


def submission_rate_limit(request, *, cache=None, now: float | None = None) -> int:
    """Count a submission from this client; return how many seconds it must wait before
    its next one is accepted (0: accept this one). Counters live in the configured cache
    (Redis in production), so the limit holds across every server process."""
    cache = cache or caches[settings.MEMBERSHIP_RATE_LIMIT_CACHE]
    now = time.time() if now is None else now
    client = client_key(client_address(request))
    wait = 0
    for name, seconds, setting in RATE_WINDOWS:
        limit = getattr(settings, setting)
        if not limit:
            continue
        window = int(now // seconds)
        key = f"membership-rate:{name}:{window}:{client}"
        try:
            count = count_in_window(cache, key, seconds)
        except Exception:
            # Better an unlimited form for a while than no form at all.
            logger.exception("The rate limit could not reach the cache; letting this one through.")
            return 0
        if count > limit:
            wait = max(wait, int((window + 1) * seconds - now) + 1)
    return wait


def started_token(*, page_id: int, now: float | None = None) -> str:
    now = time.time() if now is None else now
    return Signer(salt=STARTED_SALT).sign(f"{page_id}:{int(now)}")


def seconds_since_started(token: str, *, page_id: int, now: float | None = None) -> float | None:
    """Seconds since the form carrying `token` was opened; None if the token is missing,
    tampered with, or from another form."""
    try:
        value = Signer(salt=STARTED_SALT).unsign(token)
    except BadSignature:
        return None
    token_page, _, started = value.partition(":")
    if token_page != str(page_id) or not started.isdigit():
        return None
    now = time.time() if now is None else now
    return now - int(started)
