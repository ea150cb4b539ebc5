"""The page cache: whole responses for anonymous visitors, kept in the configured cache
(Redis in production) and never stale.

Freshness does not depend on knowing which pages a change touches. Every stored page
carries the *content generation* it was rendered under, and any change to anything a page
can show (a page, a setting, a snippet, an image, a document, a member city...) replaces the
generation, so every stored page is out of date at once, on every server process that
shares the cache. A request reads the generation and its entry in one round trip.

The generation is replaced twice per change: at once (so nothing rendered from now on is
stored under the old one) and after the transaction commits (so nothing rendered from the
data before the commit survives it). A reader stores its page under the generation it read
*before* rendering, so a page rendered while a change commits is never served afterwards.

The same round trip reads the *fragment versions* (home/fragments.py): parts of pages kept
between renderings are keyed on them. Each change replaces one of them with the generation:
the news version when only a news story changed, the frame version otherwise.

If the cache cannot be reached, pages are rendered as if there were no cache. A process
that failed to replace the generation keeps trying in the background, and any process
that lost the cache replaces the generation when it reaches it again, so what was stored
before the outage is never served after it.
"""

import hashlib
import logging
import threading
import time
import uuid
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language_from_path

from .frontend_cache import purge_site_from_frontend_caches

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
# The fragment versions, by what a change touched (home/fragments.py).
VERSION_KEYS = {"frame": "page-cache:frame-version", "news": "page-cache:news-version"}
ENTRY_PREFIX = "page-cache:entry:"
# Headers a stored page keeps; the outer middleware (security, WhiteNoise) adds its own again.
STORED_HEADERS = ("Content-Type", "Content-Language", "X-Frame-Options", "Link")
# Only these may vary a stored page: Cookie is safe because requests with a session or
# messages cookie never read or fill the cache.
ALLOWED_VARY = {"cookie", "accept-encoding"}
# Query parameters that change a page (`page` of the news index: a whole number).
PAGE_PARAMETER = "page"
MAX_PAGE_NUMBER = 10_000
# Parameters that links from newsletters and social media add; they never change a page.
TRACKING_PARAMETERS = {"fbclid", "gclid", "msclkid", "mc_cid", "mc_eid", "ref"}
TRACKING_PREFIX = "utm_"
# How long a process waits before it tries an unreachable cache again.
RETRY_SECONDS = 1.0


class _CacheState:
    """What this process knows about the cache: whether it owes a new generation (it could
    not replace it during an outage), and when it may try the cache again."""

    def __init__(self):
        self.lock = threading.Lock()
        self.owes_new_generation = False
        self.unreachable_until = 0.0
        self.retrying = False

    def failed(self):
        with self.lock:
            self.owes_new_generation = True
            self.unreachable_until = time.monotonic() + RETRY_SECONDS

    def may_try(self) -> bool:
        return time.monotonic() >= self.unreachable_until


_state = _CacheState()


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def page_cache_enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def fragment_cache_enabled() -> bool:
    return settings.FRAGMENT_CACHE_SECONDS > 0


def _new_generation() -> str:
    return uuid.uuid4().hex


def _settle_debt(cache) -> None:
    """After an outage, replace the generation before anything is read from the cache."""
    if _state.owes_new_generation:
        with _state.lock:
            if _state.owes_new_generation:
                cache.set_many(
                    dict.fromkeys([GENERATION_KEY, *VERSION_KEYS.values()], _new_generation()),
                    timeout=None,
                )
                _state.owes_new_generation = False
                logger.info("Page cache reachable again: every stored page is out of date.")


def invalidate_all_pages(scope: str = "frame") -> bool:
    """Make every stored page, and the fragments of `scope` ("frame" or "news"), out of date
    now. False if the cache could not be reached (then this process keeps trying in the
    background until it can)."""
    keys = []
    if page_cache_enabled():
        keys.append(GENERATION_KEY)
    if fragment_cache_enabled():
        keys.append(VERSION_KEYS[scope])
    if not keys:
        return True
    try:
        page_cache().set_many(dict.fromkeys(keys, _new_generation()), timeout=None)
    except Exception:
        logger.warning("Page cache unreachable: stored pages will be dropped when it is back.")
        _state.failed()
        _retry_in_background()
        return False
    return True


def _retry_in_background() -> None:
    """Keep trying to replace the generation while nobody else asks this process to."""
    with _state.lock:
        if _state.retrying:
            return
        _state.retrying = True

    def retry():
        try:
            while _state.owes_new_generation:
                time.sleep(RETRY_SECONDS)
                try:
                    _settle_debt(page_cache())
                except Exception:  # noqa: S112 - still unreachable; try again
                    continue
        finally:
            _state.retrying = False

    threading.Thread(target=retry, name="page-cache-retry", daemon=True).start()


def _after_frame_commit() -> None:
    invalidate_all_pages("frame")
    purge_site_from_frontend_caches()


def _after_news_commit() -> None:
    invalidate_all_pages("news")
    purge_site_from_frontend_caches()


AFTER_COMMIT = {"frame": _after_frame_commit, "news": _after_news_commit}


def content_changed(using=None, scope: str = "frame") -> None:
    """Call when anything a public page shows has changed (the signal handlers in signals.py
    do, for every model but those in UNSEEN_MODELS); `scope` "news" when only a news story
    did. Shared caches in front of the site (Varnish) are purged once the change is
    committed, within the same request."""
    invalidate_all_pages(scope)
    connection = transaction.get_connection(using)
    after_commit = AFTER_COMMIT[scope]
    if not connection.in_atomic_block:
        purge_site_from_frontend_caches()
    elif not any(callback is after_commit for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(after_commit, using=using)


def path_without_language(path: str) -> str:
    """ "/fr/search/" -> "/search/": the excluded paths hold in every language."""
    language = get_language_from_path(path)
    return path[len(language) + 1 :] if language else path


def cache_key_for(request) -> str | None:
    """The key of the request's page, or None if the request must not use the cache. Each
    language's page has its own key, as its address starts with the language (/fr/...)."""
    if request.method not in ("GET", "HEAD"):
        return None
    if path_without_language(request.path).startswith(settings.PAGE_CACHE_EXCLUDED_PATHS):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None  # perhaps signed in, or a message to show: pages of their own
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    page_number = None
    for name, value in parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True):
        if name == PAGE_PARAMETER and page_number is None and value.isascii() and value.isdigit():
            page_number = int(value)
            if not 1 <= page_number <= MAX_PAGE_NUMBER:
                return None
        elif not (name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIX)):
            return None  # unknown parameters never make an entry of their own
    query = urlencode({PAGE_PARAMETER: page_number}) if page_number else ""
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return ENTRY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def read_versions(version_keys: list[str], also: tuple = ()) -> dict:
    """The current value of each of `version_keys` (made if the cache is new or was flushed)
    and of the keys `also`, in one round trip when they all exist."""
    cache = page_cache()
    _settle_debt(cache)
    found = cache.get_many([*version_keys, *also])
    missing = [version_key for version_key in version_keys if found.get(version_key) is None]
    for version_key in missing:
        cache.add(version_key, _new_generation(), timeout=None)
    if missing:
        found.update(cache.get_many(missing))
    return found


def may_use_fragments(request) -> bool:
    """An anonymous visitor's GET: what fragments are kept for (see cache_key_for)."""
    if request.method not in ("GET", "HEAD") or not fragment_cache_enabled():
        return False
    if path_without_language(request.path).startswith(settings.PAGE_CACHE_EXCLUDED_PATHS):
        return False  # no page there: no fragment to keep, no routing to remember
    cookies = request.COOKIES
    return not (
        settings.SESSION_COOKIE_NAME in cookies
        or "messages" in cookies
        or "HTTP_AUTHORIZATION" in request.META
    )


def is_storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a CSRF token: one visitor's only
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return vary <= ALLOWED_VARY


def add_public_headers(response) -> None:
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_CACHE_BROWSER_SECONDS,
        s_maxage=settings.PAGE_CACHE_SECONDS,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_SECONDS,
    )


def add_private_headers(response) -> None:
    cache_control = response.get("Cache-Control", "")
    if "no-store" in cache_control and "private" in cache_control:
        return
    if "public" in cache_control:
        del response["Cache-Control"]
    patch_cache_control(response, private=True, no_store=True)


class PageCacheMiddleware:
    """Serves anonymous visitors' GET requests from the page cache and stores what may be
    shared; marks everything else `private, no-store`. Place it before the session, CSRF and
    messages middleware, so that it sees every cookie they set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = cache_key_for(request) if page_cache_enabled() else None
        if key is None:
            if may_use_fragments(request):
                request.fragment_versions = self.fragment_versions()
            response = self.get_response(request)
            add_private_headers(response)
            response["X-Page-Cache"] = "bypass"
            return response

        generation, entry = self.lookup(key, request)
        if entry is not None:
            return self.stored_response(request, entry)

        response = self.get_response(request)
        if not is_storable(request, response):
            add_private_headers(response)
            response["X-Page-Cache"] = "bypass"
            return response
        add_public_headers(response)
        patch_vary_headers(response, ["Cookie"])
        if hasattr(response, "render") and callable(response.render):
            response.render()
        etag = '"' + hashlib.md5(response.content, usedforsecurity=False).hexdigest() + '"'
        response["ETag"] = etag
        if generation is not None:
            if self.generation_now() != generation:
                # Something changed while this page was rendered: it may show the old
                # version, so neither this cache nor one in front of the site may keep it.
                add_private_headers(response)
                response["X-Page-Cache"] = "bypass"
                return response
            self.store(key, generation, response, etag)
        response["X-Page-Cache"] = "miss"
        return self.conditional(request, response, etag)

    def lookup(self, key, request):
        """(generation, entry): the entry only if it was rendered under the current
        generation; generation None if the cache cannot be used now. Notes the fragment
        versions on the request, read in the same round trip."""
        if not _state.may_try():
            return None, None
        try:
            found = read_versions([GENERATION_KEY, *VERSION_KEYS.values()], also=[key])
        except Exception:
            logger.warning("Page cache unreachable: serving pages without it.")
            _state.failed()
            return None, None
        generation = found[GENERATION_KEY]
        if fragment_cache_enabled():
            request.fragment_versions = {
                scope: found[version_key] for scope, version_key in VERSION_KEYS.items()
            }
        entry = found.get(key)
        if entry is not None and entry.get("generation") == generation:
            return generation, entry
        return generation, None

    @staticmethod
    def fragment_versions():
        """{scope: version} for home/fragments.py, or None if fragments cannot be kept now."""
        if not fragment_cache_enabled() or not _state.may_try():
            return None
        try:
            found = read_versions(list(VERSION_KEYS.values()))
        except Exception:
            logger.warning("Cache unreachable: rendering pages without stored fragments.")
            _state.failed()
            return None
        return {scope: found[version_key] for scope, version_key in VERSION_KEYS.items()}

    @staticmethod
    def generation_now():
        try:
            return page_cache().get(GENERATION_KEY)
        except Exception:
            _state.failed()
            return None

    def store(self, key, generation, response, etag):
        entry = {
            "generation": generation,
            "content": response.content,
            "headers": [(name, response[name]) for name in STORED_HEADERS if name in response],
            "cache_control": response["Cache-Control"],
            "vary": response.get("Vary", ""),
            "etag": etag,
            "last_modified": http_date(),
        }
        response["Last-Modified"] = entry["last_modified"]
        try:
            page_cache().set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("Page cache unreachable: page not stored.")
            _state.failed()

    def stored_response(self, request, entry):
        response = HttpResponse(entry["content"])
        for name, value in entry["headers"]:
            response[name] = value
        response["Cache-Control"] = entry["cache_control"]
        if entry["vary"]:
            response["Vary"] = entry["vary"]
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = entry["last_modified"]
        response["X-Page-Cache"] = "hit"
        return self.conditional(request, response, entry["etag"])

    @staticmethod
    def conditional(request, response, etag):
        """304 Not Modified when the visitor already has this version."""
        return get_conditional_response(request, etag=etag, response=response)
