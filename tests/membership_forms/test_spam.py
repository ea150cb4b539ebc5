"""The rate limit and the start-time token on their own: the limit must hold across server
processes, which share nothing but the cache."""

import time
import uuid

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory, override_settings

import pytest

from membership_forms import spam


def request_from(address="203.0.113.5", forwarded=None):
    headers = {"REMOTE_ADDR": address}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/en/join/", **headers)


def two_processes_locmem():
    """Two cache clients, as two server processes would have, on one shared store."""
    location = f"rate-{uuid.uuid4()}"
    return LocMemCache(location, {}), LocMemCache(location, {})


def two_processes_redis():
    prefix = f"scn-test-{uuid.uuid4()}"
    clients = [
        RedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": prefix, "TIMEOUT": 120})
        for _ in range(2)
    ]
    try:
        clients[0].get("ping")
    except Exception:
        pytest.skip("no Redis server at 127.0.0.1:6379")
    return clients


@pytest.mark.parametrize("make_clients", [two_processes_locmem, two_processes_redis])
@override_settings(MEMBERSHIP_RATE_LIMIT_PER_MINUTE=5, MEMBERSHIP_RATE_LIMIT_PER_DAY=30)
def test_limit_holds_across_two_cache_clients(make_clients):
    first, second = make_clients()
    now = 1_800_000_000.0  # at the start of a minute
    waits = [
        spam.submission_rate_limit(request_from(), cache=client, now=now + index)
        for index, client in enumerate([first, second] * 3)
    ]
    assert waits[:5] == [0] * 5
    assert 0 < waits[5] <= 61
    # A new minute lets the client in again; other clients were never affected.
    assert spam.submission_rate_limit(request_from(), cache=second, now=now + 61) == 0
    assert spam.submission_rate_limit(request_from("198.51.100.1"), cache=first, now=now) == 0


@override_settings(MEMBERSHIP_RATE_LIMIT_PER_MINUTE=0, MEMBERSHIP_RATE_LIMIT_PER_DAY=2)
def test_daily_limit_waits_until_the_next_day():
    cache = LocMemCache(f"rate-{uuid.uuid4()}", {})
    now = 1_800_000_000.0
    waits = [spam.submission_rate_limit(request_from(), cache=cache, now=now) for _ in range(3)]
    assert waits[:2] == [0, 0]
    assert 60 < waits[2] <= 24 * 60 * 60 + 1


def test_ipv6_clients_are_grouped_by_their_64_network():
    assert spam.client_key("2001:db8:1:2::1") == spam.client_key("2001:db8:1:2:ffff::9")
    assert spam.client_key("2001:db8:1:2::1") != spam.client_key("2001:db8:1:3::1")
    assert spam.client_key("192.0.2.1") != spam.client_key("192.0.2.2")


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.9", "203.0.113.5"),  # no trusted proxy: the header is ignored
        (1, "198.51.100.9", "198.51.100.9"),
        (1, "6.6.6.6, 198.51.100.9", "198.51.100.9"),  # a forged first entry is ignored
        (2, "6.6.6.6, 198.51.100.9, 10.0.0.2", "198.51.100.9"),
        (2, "198.51.100.9", "203.0.113.5"),  # fewer entries than proxies: the peer
    ],
)
def test_client_address_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert spam.client_address(request_from(forwarded=forwarded)) == expected


def test_started_token_round_trip_and_tampering():
    token = spam.started_token(page_id=7, now=time.time() - 30)
    assert 29 <= spam.seconds_since_started(token, page_id=7) <= 32
    assert spam.seconds_since_started(token, page_id=8) is None
    assert spam.seconds_since_started(token.replace("7:", "8:", 1), page_id=8) is None
    assert spam.seconds_since_started("", page_id=7) is None
    assert spam.seconds_since_started("7:abc:def", page_id=7) is None


def test_an_unreachable_cache_lets_the_applicant_through(caplog):
    unreachable = RedisCache("redis://127.0.0.1:1/0", {})
    assert spam.submission_rate_limit(request_from(), cache=unreachable) == 0
    assert "could not reach the cache" in caplog.text
