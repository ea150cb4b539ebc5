"""Parts of pages kept between renderings, so that a page the page cache does not hold (the
first request after a change, or a site run with the page cache off) is rendered mostly from
parts rendered before: the header with its menu, the footer, and a page's head and body.

A fragment is kept only for anonymous visitors' GET requests (nothing in it can belong to one
visitor: no CSRF token, no account), never for previews, and only for pages whose type says
how (`FragmentCacheMixin`). Its key holds the *versions* of what it shows, which the request
read from the cache before anything else (home/page_cache.py): the frame version, replaced by
any change to the site but a news story's own rows, and, for what lists or shows stories, the
news version, replaced when a story changes. So a fragment is never served after a change it
shows, on any server process, and publishing a story leaves the rest of the site's fragments
as they are. If the cache cannot be reached, fragments are rendered and not kept.
"""

import hashlib
import logging

from django.conf import settings
from django.utils import translation

from .frame import view_restrictions_of
from .page_cache import _state, page_cache

logger = logging.getLogger(__name__)

KEY_PREFIX = "fragment:"


class FragmentCacheMixin:
    """For page types whose head and body are the same for every anonymous visitor."""

    # What the page's head and body show beyond the frame: ("news",) if stories.
    fragment_scopes: tuple[str, ...] = ()

    def get_view_restrictions(self):
        restrictions = view_restrictions_of(self)
        return super().get_view_restrictions() if restrictions is None else restrictions

    def fragment_identity(self, request, context) -> tuple | None:
        """What tells this page's renderings apart, beyond its language and versions; None
        when this rendering must not be kept."""
        return (self.pk,)


def fragment_key(name: str, context) -> str | None:
    """The cache key of fragment `name` in this rendering, or None if it must be rendered."""
    request = context.get("request")
    versions = getattr(request, "fragment_versions", None)
    if not versions or getattr(request, "is_preview", False):
        return None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None
    parts = [
        name,
        request.scheme,
        request.get_host(),  # absolute addresses in the head
        translation.get_language(),
        versions["frame"],
    ]
    if name != "footer":
        page = context.get("page")
        if name == "header" and getattr(page, "pk", None):
            identity = (page.pk,)  # its menu's current section and its language switcher
        elif not isinstance(page, FragmentCacheMixin):
            return None
        else:
            identity = page.fragment_identity(request, context)
            if identity is None:
                return None
            parts += [versions[scope] for scope in page.fragment_scopes]
        parts += [str(part) for part in identity]
    return KEY_PREFIX + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def cached_fragment(key: str, render, request) -> str:
    """The fragment stored under `key`, else `render()`, stored for the next request unless
    the request holds a CSRF token (a form: one visitor's only)."""
    if not _state.may_try():
        return render()
    cache = page_cache()
    try:
        html = cache.get(key)
    except Exception:
        logger.warning("Cache unreachable: rendering a page fragment without it.")
        _state.failed()
        return render()
    if html is None:
        html = render()
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return html
        try:
            cache.set(key, html, timeout=settings.FRAGMENT_CACHE_SECONDS)
        except Exception:
            logger.warning("Cache unreachable: page fragment not stored.")
            _state.failed()
    return html
