"""Requests the database cannot store or the site cannot read get a polite 400 page here,
once for every view, rather than a 500 from deep inside one (PostgreSQL refuses NUL bytes in
text, so a NUL in a search, a page path or a cookie would otherwise fail there)."""

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponsePermanentRedirect
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.urls import get_script_prefix, is_valid_path
from django.utils import translation

from csp.middleware import CSPMiddleware

NUL = "\x00"


def bad_request(request, exception=None):
    """The 400 page, rendered without the request: reading request.POST again (as Django's
    own handler does through its CSRF check) would raise the same error once more."""
    return HttpResponseBadRequest(render_to_string("400.html"))


def has_nul(query_dict) -> bool:
    return any(NUL in key or NUL in value for key, values in query_dict.lists() for value in values)


FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def form_body_unreadable(request) -> bool:
    """A form body in a charset that Python does not know, or that its bytes do not fit
    (Django would raise from deep inside the CSRF check or the view)."""
    if request.content_type not in FORM_CONTENT_TYPES:
        return False
    try:
        request.POST  # noqa: B018 (parsed once here; Django keeps the result)
    except (UnicodeDecodeError, LookupError):
        return True
    return False


class BadInputMiddleware:
    """A 400 page for a NUL byte in the path, the query string or a cookie, and for a form
    body that cannot be decoded. (Form fields need nothing here: Django's form fields refuse
    NUL themselves, with a message on the field.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            NUL in request.path
            or has_nul(request.GET)
            or any(NUL in key or NUL in value for key, value in request.COOKIES.items())
            or form_body_unreadable(request)
        ):
            return bad_request(request)
        return self.get_response(request)


def is_style_guide_frame(path: str) -> bool:
    """Whether `path` is the style guide's own frame around the patterns (dev and test
    settings only, docs/style-guide.md), whose script adds inline styles. The patterns it
    shows (render-pattern/) keep the site's policy, so a pattern that needs more fails."""
    prefix = getattr(settings, "STYLE_GUIDE_PATH", None)
    return (
        bool(prefix) and path.startswith(prefix) and not path.startswith(f"{prefix}render-pattern/")
    )


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware with two policies: the strict one (settings.
    CONTENT_SECURITY_POLICY) everywhere, and ADMIN_CONTENT_SECURITY_POLICY under the admins'
    addresses, whose own templates still carry inline scripts. Public pages carry no nonce:
    they are cached and shared, so each must be the same for every visitor. Also sets
    Permissions-Policy."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        is_admin = request.path_info.startswith(settings.ADMIN_URL_PREFIXES) or (
            is_style_guide_frame(request.path_info)
        )
        if is_admin and not report_only and parts.config is None:
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts

    def process_response(self, request, response):
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return super().process_response(request, response)


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware for a site whose every public address starts with its
    language (/en/, /fr/, /ar/). The language is the prefix's, never the browser's: an
    address without one (the admin, documents, the sitemap, or an old link) is English, and
    an old public address gets a permanent redirect to its /en/ version. So no response
    varies by Accept-Language, and the page cache can keep each language's pages apart by
    their path alone."""

    response_redirect_class = HttpResponsePermanentRedirect

    def process_request(self, request):
        language = translation.get_language_from_path(request.path_info)
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if response.status_code == 404 and not translation.get_language_from_path(
            request.path_info
        ):
            redirect = self.redirect_to_default_language(request)
            if redirect is not None:
                return redirect
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

    def redirect_to_default_language(self, request):
        """The /en/ address of an old public one; None for a 404 of an address outside the
        languages (the admin's own, a document's), which stays a 404."""
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        if request.path_info.startswith(settings.ADMIN_URL_PREFIXES) or is_valid_path(
            request.path_info, urlconf
        ):
            return None
        language_path = f"/{settings.LANGUAGE_CODE}{request.path_info}"
        needs_slash = (
            settings.APPEND_SLASH
            and not language_path.endswith("/")
            and is_valid_path(f"{language_path}/", urlconf)
        )
        if not (needs_slash or is_valid_path(language_path, urlconf)):
            return None
        script_prefix = get_script_prefix()
        url = request.get_full_path(force_append_slash=needs_slash).replace(
            script_prefix, f"{script_prefix}{settings.LANGUAGE_CODE}/", 1
        )
        return self.response_redirect_class(url)
