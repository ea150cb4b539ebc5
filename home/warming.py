"""After a publish, the pages it changes most visibly are rendered again at once, as an
anonymous visitor would get them, so that the first visitor after a publish is served from
the page cache (or, with the page cache off, from fresh fragments) instead of waiting for a
whole rendering: the published page itself, its language's home page, and for a news story
its news index.

This runs in the publishing process once the publish has committed, after the page cache's
versions were replaced (home/page_cache.py), so what it stores is already the new version;
it is the same rendering a visitor's request would make and store. It only saves the next
visitor a rendering: if it fails, the publish stands and the page is rendered on request.
Other pages the change makes out of date are rendered by their first visitor, as before.

A request that publishes many pages (a bulk action) renders at most MAX_PAGES_PER_REQUEST
of them, so that publishing stays quick; outside requests (scheduled publishing, a command),
as many per minute."""

import io
import logging
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import request_started
from django.db import transaction
from django.utils import translation

from .page_cache import fragment_cache_enabled, page_cache_enabled

logger = logging.getLogger(__name__)

# At most this many pages are rendered by one request, or outside requests per minute.
MAX_PAGES_PER_REQUEST = 6
BUDGET_SECONDS = 60

_handler = None
_budget = threading.local()


def _new_budget(**kwargs) -> None:
    _budget.left = MAX_PAGES_PER_REQUEST
    _budget.since = time.monotonic()


request_started.connect(_new_budget, dispatch_uid="page-cache-warming-budget")


def _spend_budget() -> bool:
    """Whether one more page may be rendered now (see above)."""
    if time.monotonic() - getattr(_budget, "since", float("-inf")) > BUDGET_SECONDS:
        _new_budget()
    if _budget.left <= 0:
        return False
    _budget.left -= 1
    return True


def warming_enabled() -> bool:
    return settings.PAGE_CACHE_WARM_AFTER_PUBLISH and (
        page_cache_enabled() or fragment_cache_enabled()
    )


def pages_to_render(page) -> list:
    """What a publish of `page` changes most visibly: the page, its language's home page, and
    a story's news index."""
    from news.models import NewsPage

    pages = [page]
    if isinstance(page, NewsPage):
        pages.append(page.get_parent())
    site = page.get_site()
    if site is not None:
        pages.append(site.root_page.get_translation_or_none(page.locale) or site.root_page)
    return pages


class _AfterCommit:
    """The pages published in one transaction, rendered when it commits (and forgotten with
    the transaction's other callbacks if it rolls back)."""

    def __init__(self):
        self.published = {}  # by id, the most recently published last
        self.done = False

    def __call__(self):
        self.done = True
        rendered = set()
        for published in reversed(self.published.values()):
            for page in pages_to_render(published):
                url = page.get_full_url() if page.live else None
                if url is None or url in rendered:
                    continue
                if not _spend_budget():
                    logger.debug("Pages left for their first visitor to render: %s", url)
                    return
                rendered.add(url)
                render_as_visitor(url)


def render_after_commit(page, using=None) -> None:
    """Call when `page` was published: once the transaction commits, the pages it changes
    most visibly are rendered (the most recently published first)."""
    if not warming_enabled():
        return
    connection = transaction.get_connection(using)
    callbacks = (callback for _, callback, _ in connection.run_on_commit)
    batch = next((c for c in callbacks if isinstance(c, _AfterCommit) and not c.done), None)
    if batch is None:
        batch = _AfterCommit()
        batch.published[page.pk] = page
        transaction.on_commit(batch, using=using)  # at once outside a transaction
    else:
        batch.published.pop(page.pk, None)
        batch.published[page.pk] = page


def _visitor_handler() -> BaseHandler:
    global _handler  # noqa: PLW0603 - one handler per process, with its middleware loaded
    if _handler is None:
        handler = BaseHandler()
        handler.load_middleware()
        _handler = handler
    return _handler


def render_as_visitor(url: str) -> None:
    """GET `url` through the site's middleware as an anonymous visitor, which stores what
    the page cache and fragments keep."""
    address = urlsplit(url)
    secure = address.scheme == "https"
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": address.path or "/",
        "QUERY_STRING": address.query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": address.hostname or "localhost",
        "SERVER_PORT": str(address.port or (443 if secure else 80)),
        "HTTP_HOST": address.netloc,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": address.scheme or "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
    }
    if secure and settings.SECURE_PROXY_SSL_HEADER:
        header, value = settings.SECURE_PROXY_SSL_HEADER
        environ[header] = value
    # Not `response.close()`: it sends request_finished, whose handler closes the database
    # connection that the publishing request is still using.
    try:
        with translation.override(translation.get_language()):
            _visitor_handler().get_response(WSGIRequest(environ))
    except Exception:
        logger.exception("Rendering %s after a publish failed; its next visitor renders it.", url)
