"""Purging the front-end caches, against small real HTTP servers (no Varnish needed)."""

import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.exceptions import ImproperlyConfigured
from django.db import connections

from wagtail.models import Site

import pytest

from home.frontend_cache import purge_site_from_frontend_caches
from scn_wagtail.settings.env import env_url_list


class PurgeRecorder(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.server.received.append((self.command, self.path, self.headers["Host"]))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def start_cache_server():
    """Starts HTTP servers on loopback that record the purges they get."""
    servers = []

    def start(status=200):
        server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
        server.received, server.status = [], status
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def use_caches(settings, *ports, timeout=2):
    settings.WAGTAILFRONTENDCACHE = {
        f"varnish{number}": {
            "BACKEND": "home.frontend_cache.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{port}",
            "TIMEOUT": timeout,
        }
        for number, port in enumerate(ports, start=1)
    }


@pytest.fixture
def other_site(home_page):
    return Site.objects.create(hostname="other.example.org", port=8080, root_page=home_page)


def test_every_site_root_is_purged_from_every_cache_after_the_commit(
    db, settings, other_site, start_cache_server, django_capture_on_commit_callbacks
):
    first, second = start_cache_server(), start_cache_server()
    use_caches(settings, first.server_port, second.server_port)
    with django_capture_on_commit_callbacks() as callbacks:
        purge_site_from_frontend_caches()
    assert first.received == second.received == []  # not before the commit

    for callback in callbacks:
        callback()

    expected = {("PURGE", "/", "localhost"), ("PURGE", "/", "other.example.org:8080")}
    assert set(first.received) == set(second.received) == expected


def test_nothing_happens_without_a_configured_cache(
    db, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {}
    with django_assert_num_queries(0), django_capture_on_commit_callbacks() as callbacks:
        purge_site_from_frontend_caches()
    assert callbacks == []


def test_a_cache_that_refuses_is_logged_not_raised(
    db, settings, start_cache_server, caplog, django_capture_on_commit_callbacks
):
    cache_server = start_cache_server(status=403)
    use_caches(settings, cache_server.server_port)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        purge_site_from_frontend_caches()
    assert cache_server.received == [("PURGE", "/", "localhost")]
    assert "Could not purge http://localhost/" in caplog.text and "403" in caplog.text


def test_a_cache_that_is_down_is_logged_not_raised(
    db, settings, caplog, django_capture_on_commit_callbacks
):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    use_caches(settings, port)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        purge_site_from_frontend_caches()
    assert "Could not purge http://localhost/" in caplog.text


def purge_in_own_thread():
    try:
        purge_site_from_frontend_caches()
    finally:
        connections.close_all()


def test_a_cache_that_never_answers_does_not_hang_the_request(db, settings, caplog):
    """A listening socket that never accepts: the connection opens, no answer ever comes."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        use_caches(settings, silent.getsockname()[1], timeout=0.2)
        worker = threading.Thread(target=purge_in_own_thread)
        with caplog.at_level(logging.ERROR):
            worker.start()
            worker.join(timeout=10)
        assert not worker.is_alive()
    assert "Could not purge http://localhost/" in caplog.text
    assert "timed out" in caplog.text


def test_cache_addresses_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("FRONTEND_CACHE_VARNISH_URL", "http://10.0.0.5:6081, http://10.0.0.6:6081")
    assert env_url_list("FRONTEND_CACHE_VARNISH_URL") == [
        "http://10.0.0.5:6081",
        "http://10.0.0.6:6081",
    ]
    monkeypatch.setenv("FRONTEND_CACHE_VARNISH_URL", "10.0.0.5:6081")
    with pytest.raises(ImproperlyConfigured, match="10.0.0.5:6081"):
        env_url_list("FRONTEND_CACHE_VARNISH_URL")
    monkeypatch.delenv("FRONTEND_CACHE_VARNISH_URL")
    assert env_url_list("FRONTEND_CACHE_VARNISH_URL") == []
