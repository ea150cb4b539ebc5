"""The page cache when Redis fails: pages are still served, and nothing stored before an
outage is served after it. Each test runs its own redis-server, so that it can stop it."""

import os
import shutil
import signal
import socket
import subprocess
import time

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import pytest

from home import page_cache
from home.models import SiteSettings
from tests.home.test_pages import make_standard_page

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    def __init__(self, executable: str):
        self.executable = executable
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [self.executable, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    def freeze(self):
        """Still accepting connections, answering nothing: like a blocked network."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture
def redis_server():
    executable = shutil.which("redis-server")
    if not executable:
        reason = "redis-server is not installed"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    server = RedisServer(executable)
    server.start()
    yield server
    server.thaw()
    server.stop()


@pytest.fixture
def redis_page_cache(settings, redis_server, monkeypatch):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "home.redis_cache.SharedClientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{redis_server.port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    settings.PAGE_CACHE_ALIAS = "pages"
    monkeypatch.setattr(page_cache, "_state", page_cache._CacheState())
    monkeypatch.setattr(page_cache, "RETRY_SECONDS", 0.2)
    yield caches["pages"]
    page_cache._state.owes_new_generation = False  # ends a retry thread


@pytest.fixture
def about(home_page):
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    return make_standard_page(home_page, title="About", introduction="Before the outage.")


def publish(page, introduction):
    page.introduction = introduction
    page.save_revision().publish()


def page_text(client):
    response = client.get("/en/about/")
    assert response.status_code == 200
    return response["X-Page-Cache"], response.content.decode()


def wait_for_hit(client, expected_text):
    """Every response contains the expected text, until the cache serves it again."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        state, text = page_text(client)
        assert expected_text in text
        if state == "hit":
            return
        time.sleep(0.1)
    pytest.fail("the page cache was not used again")


def test_a_blocked_cache_serves_pages_and_drops_what_it_held(
    client, about, redis_server, redis_page_cache
):
    page_text(client)
    assert page_text(client)[0] == "hit"

    redis_server.freeze()
    state, text = page_text(client)
    assert state == "miss" and "Before the outage." in text
    publish(about, "Written during the outage.")
    assert "Written during the outage." in page_text(client)[1]

    redis_server.thaw()
    wait_for_hit(client, "Written during the outage.")


def test_another_process_that_published_during_the_outage(
    client, about, redis_server, redis_page_cache
):
    """Only the publishing process knew of the change: it replaces the generation by itself
    once the cache answers again, without waiting for a request."""
    page_text(client)
    redis_server.freeze()
    publish(about, "Written during the outage.")
    # This process forgets its own failed reads: only the publisher's debt remains.
    page_cache._state.unreachable_until = 0
    redis_server.thaw()
    deadline = time.monotonic() + 10
    while page_cache._state.owes_new_generation and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not page_cache._state.owes_new_generation
    wait_for_hit(client, "Written during the outage.")


def test_a_restarted_cache(client, about, redis_server, redis_page_cache):
    page_text(client)
    redis_server.stop()
    assert page_text(client)[0] == "miss"
    publish(about, "Written while it was down.")
    redis_server.start()
    wait_for_hit(client, "Written while it was down.")


def test_a_flushed_cache(client, about, redis_page_cache):
    page_text(client)
    assert page_text(client)[0] == "hit"
    redis_page_cache.clear()
    assert page_text(client)[0] == "miss"
    assert page_text(client)[0] == "hit"
    publish(about, "After the flush.")
    wait_for_hit(client, "After the flush.")


def test_with_the_page_cache_off_stored_fragments_survive_an_outage(
    client, about, redis_server, redis_page_cache, settings
):
    """The fragments pages are built from (home/fragments.py) live in the same cache."""
    settings.PAGE_CACHE_SECONDS = 0

    def text_and_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/about/")
        assert response.status_code == 200
        return response.content.decode(), len(queries)

    text_and_queries()
    assert text_and_queries() == (text_and_queries()[0], 0)  # built from stored fragments
    redis_server.freeze()
    publish(about, "Written during the outage.")
    text, queries = text_and_queries()
    assert "Written during the outage." in text and queries > 0
    redis_server.thaw()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        text, queries = text_and_queries()
        assert "Written during the outage." in text
        if queries == 0:
            return
        time.sleep(0.1)
    pytest.fail("the stored fragments were not used again")
