"""What Wagtail looks up on every request before it reaches the page: the site, its home page
in the visitor's language, the home page's children, and the view restrictions of the tree.
They change only with the frame version (home/fragments.py), which the request read before
anything else, so each server process keeps them between anonymous visitors' requests while
that version lasts; what depends on the stories too (the news index's counts) is kept while
both versions last. Other requests (signed-in users, or no reachable cache) look them up as
Wagtail does."""

import threading

from django.http import Http404
from django.http.request import split_domain_port
from django.utils import translation

from wagtail.models import PageViewRestriction, Site

_request = threading.local()


class _Remembered:
    def __init__(self, version=None):
        self.version = version
        self.values = {}


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
        kept = _remembered[scope] = _Remembered(version)
    try:
        return kept.values[key]
    except KeyError:
        value = kept.values[key] = make()
        return value


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
