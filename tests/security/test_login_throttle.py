"""Login throttling (django-axes, home/throttle.py): wrong passwords are counted per account
and per client address in the shared cache; past the limits a person is told when to try
again, and nobody is locked out for good."""

import os
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

from django.core import mail
from django.core.cache.backends import locmem

import pytest

from tests.membership_forms.factories import make_user

pytestmark = pytest.mark.django_db

PER_ACCOUNT, PER_ADDRESS = 10, 30
LOGINS = {
    "members": ("/en/account/login/", "member@example.org"),
    "admin": ("/admin/login/", "staffer"),
}


@pytest.fixture(autouse=True)
def accounts(db):
    make_user("member@example.org", password="the-right-password-1")
    make_user("staffer", password="the-right-password-1", is_staff=True, is_superuser=True)


def log_in(client, url, username, password, address="203.0.113.7", **headers):
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def later(monkeypatch, minutes):
    """The cache's clock, minutes from now (locmem reads time.time for expiry)."""
    moment = time.time() + minutes * 60
    monkeypatch.setattr(locmem.time, "time", lambda: moment)


@pytest.mark.parametrize("login", LOGINS)
def test_an_account_is_paused_after_ten_wrong_passwords(client, login):
    url, username = LOGINS[login]
    for attempt in range(PER_ACCOUNT):
        # From addresses all over the world: the account's count still adds up.
        response = log_in(client, url, username, "wrong", address=f"198.51.100.{attempt}")
        assert response.status_code in {200, 400}, attempt
    refused = log_in(client, url, username, "the-right-password-1")
    assert refused.status_code == 429
    assert "Please wait 15 minutes, then try again." in refused.content.decode()
    assert refused["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session


def test_usernames_are_counted_whatever_their_case(client):
    for _ in range(PER_ACCOUNT):
        log_in(client, "/admin/login/", "StaFFer", "wrong")
    assert log_in(client, "/admin/login/", "staffer", "the-right-password-1").status_code == 429


@pytest.mark.parametrize("login", LOGINS)
def test_the_pause_ends_by_itself(client, monkeypatch, login):
    url, username = LOGINS[login]
    for _ in range(PER_ACCOUNT):
        log_in(client, url, username, "wrong")
    # Attempts during the pause do not lengthen it (nobody can keep a person locked out).
    later(monkeypatch, 10)
    assert log_in(client, url, username, "wrong").status_code == 429
    later(monkeypatch, 16)
    assert log_in(client, url, username, "the-right-password-1").status_code == 302


def test_other_accounts_are_not_paused_by_one_account_s_failures(client):
    for _ in range(PER_ACCOUNT):
        log_in(client, "/en/account/login/", "member@example.org", "wrong")
    assert log_in(client, "/admin/login/", "staffer", "the-right-password-1").status_code == 302


def test_an_address_is_paused_after_thirty_wrong_passwords(client):
    statuses = [
        log_in(client, "/en/account/login/", f"guess{attempt}", "wrong").status_code
        for attempt in range(PER_ADDRESS)
    ]
    # The thirtieth wrong password is still checked, and its answer says to wait.
    assert statuses == [400] * (PER_ADDRESS - 1) + [429]
    assert log_in(client, "/en/account/login/", "guess-new", "wrong").status_code == 429
    refused = log_in(client, "/admin/login/", "staffer", "the-right-password-1")
    assert refused.status_code == 429
    # Someone at another address is not affected.
    other = log_in(client, "/admin/login/", "staffer", "the-right-password-1", address="192.0.2.9")
    assert other.status_code == 302


def test_a_spoofed_forwarded_for_does_not_reset_the_address_count(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(PER_ADDRESS):
        log_in(
            client,
            "/en/account/login/",
            f"guess{attempt}",
            "wrong",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}",
        )
    assert log_in(client, "/en/account/login/", "guess-new", "wrong").status_code == 429


def test_behind_a_trusted_proxy_the_client_address_is_counted(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "127.0.0.1"
    for attempt in range(PER_ADDRESS):
        log_in(
            client,
            "/en/account/login/",
            f"guess{attempt}",
            "wrong",
            address=proxy,
            HTTP_X_FORWARDED_FOR="203.0.113.50",
        )
    paused = log_in(
        client,
        "/en/account/login/",
        "x",
        "wrong",
        address=proxy,
        HTTP_X_FORWARDED_FOR="203.0.113.50",
    )
    assert paused.status_code == 429
    # Another client behind the same proxy is not paused.
    response = log_in(
        client,
        "/admin/login/",
        "staffer",
        "the-right-password-1",
        address=proxy,
        HTTP_X_FORWARDED_FOR="203.0.113.51",
    )
    assert response.status_code == 302


def test_password_reset_requests_are_throttled_per_account(client):
    for _ in range(PER_ACCOUNT):
        response = client.post("/admin/password_reset/", {"email": "staffer@example.org"})
        assert response.status_code == 302
    assert len(mail.outbox) == PER_ACCOUNT
    refused = client.post("/admin/password_reset/", {"email": "Staffer@example.org"})
    assert refused.status_code == 429
    assert "Please wait 15 minutes" in refused.content.decode()
    assert len(mail.outbox) == PER_ACCOUNT


def test_password_reset_requests_are_throttled_per_address(client):
    for attempt in range(PER_ADDRESS):
        client.post("/admin/password_reset/", {"email": f"nobody{attempt}@example.org"})
    assert (
        client.post("/admin/password_reset/", {"email": "staffer@example.org"}).status_code == 429
    )
    assert not mail.outbox


COUNT_FAILURES = textwrap.dedent(
    """
    import sys, django
    django.setup()
    from django.test import RequestFactory
    from axes.handlers.proxy import AxesProxyHandler
    from axes.helpers import get_client_ip_address
    credentials = {"username": "victim"}
    def request():
        request = RequestFactory().post("/account/login/", credentials, REMOTE_ADDR="203.0.113.9")
        AxesProxyHandler.update_request(request)
        return request
    if sys.argv[1] == "fail":
        for _ in range(int(sys.argv[2])):
            AxesProxyHandler.user_login_failed(None, credentials, request())
    else:
        print("locked" if AxesProxyHandler.is_locked(request(), credentials) else "open")
    """
)


def test_the_count_is_shared_by_every_process_through_redis(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "scn_wagtail.settings.dev",
        "REDIS_URL": "redis://127.0.0.1:6379/6",
        "CACHE_KEY_PREFIX": f"throttle-test-{uuid.uuid4()}",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }

    def run(*args):
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", COUNT_FAILURES, *args],
            env=env,
            cwd=Path(__file__).resolve().parents[2],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if "Connection refused" in result.stderr:
            pytest.skip("no Redis server at 127.0.0.1:6379")
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    run("fail", "6")  # one server process
    assert run("check") == "open"
    run("fail", "4")  # another
    assert run("check") == "locked"  # and a third sees the sum


def test_with_the_cache_down_password_resets_are_refused_politely(client, settings):
    # A Redis address nothing listens on (a port of this checkout's range): the counters
    # cannot be read, so no reset email goes out, and the visitor is asked to wait.
    settings.AXES_CACHE = "down"
    settings.CACHES = {
        **settings.CACHES,
        "down": {
            "BACKEND": "home.redis_cache.SharedClientRedisCache",
            "LOCATION": "redis://127.0.0.1:8799/10",
        },
    }
    for _ in range(3):
        refused = client.post("/admin/password_reset/", {"email": "staffer@example.org"})
        assert refused.status_code == 429
        assert "Please wait 15 minutes" in refused.content.decode()
    assert not mail.outbox
