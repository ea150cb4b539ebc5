"""What Wagtail looks up on every request before it reaches the page: the site, its home page
in the visitor's language, the home page's children, and the view restrictions of the tree.
They change only with the frame version (home/fragments.py), which the request read before
anything else, so each server process keeps them between anonymous visitors' requests while
that version lasts; what depends on the stories too (the news index's counts) is kept while
both versions last. A process that does not hold one yet takes it from the shared cache,
where the first process to look it up under those versions left it (after a publish, the
publishing process: home/warming.py), so that one lookup serves every server. Other requests
(signed-in users, or no reachable cache) look them up as Wagtail does."""

import hashlib
import logging
import threading

from django.conf import settings
from django.http import Http404
from django.http.request import split_domain_port
from django.utils import translation

from wagtail.models import PageViewRestriction, Site

from .page_cache import _state, page_cache

logger = logging.getLogger(__name__)

SHARED_PREFIX = "frame:"

_request = threading.local()


# How many of what a process looked up under the last versions it asks the shared cache for
# in one round trip, at its first lookup under new ones (the site, its home pages, the
# sections and view restrictions come first: every request needs them).
EXPECTED_KEYS = 16


class _Remembered:
    """What this process looked up under one version (or pair of versions)."""

    def __init__(self, version=None, earlier=None):
        self.version = version
        self.values = {}
        self.expected = list(earlier.values)[:EXPECTED_KEYS] if earlier else []

    def get(self, key, make):
        try:
            return self.values[key]
        except KeyError:
            pass
        wanted = [key, *(other for other in self.expected if other != key)]
        self.expected = []
        self.values.update(_shared_values(self.version, wanted))
        if key in self.values:
            return self.values[key]
        value = self.values[key] = make()
        if value is not None:  # an address that names nothing: never shared
            _share(self.version, key, value)
        return value


# By scope: what only the frame version makes out of date, and what the news version does too.
_remembered = {"frame": _Remembered(), "news": _Remembered()}


def frame_version() -> str | None:
    versions = getattr(_request, "versions", None)
    return versions["frame"] if versions else None


def remembered(key, make, scope: str = "frame"):
    """`make()`, kept by this process while the versions the request read last: the frame
    version, and the news version too for `scope` "news"."""
    versions = getattr(_request, "versions", None)
    if not versions:
        return make()
    version = (versions["frame"], versions["news"]) if scope == "news" else versions["frame"]
    kept = _remembered[scope]
    if kept.version != version:
        kept = _remembered[scope] = _Remembered(version, earlier=kept)
    return kept.get(key, make)


def _shared_key(version, key) -> str:
    return SHARED_PREFIX + hashlib.sha256(repr((version, key)).encode()).hexdigest()


def _shared_values(version, keys) -> dict:
    """{key: value} of those of `keys` that another process left in the shared cache under
    `version`, in one round trip."""
    if not _state.may_try():
        return {}
    shared_keys = {_shared_key(version, key): key for key in keys}
    try:
        found = page_cache().get_many(list(shared_keys))
    except Exception:
        logger.warning("Cache unreachable: looking the site's pages up without it.")
        _state.failed()
        return {}
    return {shared_keys[shared_key]: value for shared_key, value in found.items()}


def _share(version, key, value) -> None:
    """Leave `value` in the shared cache for the other processes, as long as fragments are
    kept."""
    if not _state.may_try():
        return
    try:
        page_cache().set(_shared_key(version, key), value, timeout=settings.FRAGMENT_CACHE_SECONDS)
    except Exception:
        logger.warning("Cache unreachable: the site's pages looked up, not shared.")
        _state.failed()


def view_restrictions_of(page):
    """The view restrictions on `page` and its ancestors, from all the site's restrictions
    (a handful), or None when they must be looked up (aliases take their source's)."""
    if frame_version() is None or page.alias_of_id:
        return None
    restrictions = remembered(
        "view-restrictions",
        lambda: [
            (restriction.page.path, restriction)
            for restriction in PageViewRestriction.objects.select_related("page").prefetch_related(
                "groups"
            )
        ],
    )
    return [restriction for path, restriction in restrictions if page.path.startswith(path)]


class FrameMiddleware:
    """Routes anonymous visitors' page requests from what this process keeps (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # What an outer request read, if this one is made inside it (home/warming.py).
        outer = getattr(_request, "versions", None)
        _request.versions = getattr(request, "fragment_versions", None)
        try:
            return self.get_response(request)
        finally:
            _request.versions = outer

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail import views as wagtail_views  # loads models: not while they load

        if view_func is not wagtail_views.serve or frame_version() is None:
            return None
        hostname = split_domain_port(request.get_host())[0]
        site = remembered(
            ("site", hostname, request.get_port()), lambda: Site.find_for_request(request)
        )
        request._wagtail_site = site
        if site is None:
            return None
        home = remembered(
            ("home", site.pk, translation.get_language()),
            lambda: site.root_page.localized.specific,
        )
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        try:
            route = home.route(request, [part for part in path.split("/") if part])
        except Http404:
            route = None
        request._wagtail_route_for_request = route
        return None


def remembered_if_found(key, make, scope: str = "frame"):
    """As `remembered`, but a None (an address that names nothing) is not kept: addresses
    that do not exist must not fill the process's memory."""
    found = remembered(key, make, scope)
    if found is None:
        _remembered[scope].values.pop(key, None)
    return found


def child_page(parent, slug):
    """`parent`'s child with that slug, in its specific type, or None."""
    return remembered_if_found(("child", parent.pk, slug), lambda: _child(parent, slug))


def _child(parent, slug):
    child = parent.get_children().filter(slug=slug).first()
    if child is None:
        return None
    child = child.specific
    child._cached_parent_obj = parent
    return child
