"""Requests the database cannot store or the site cannot read get a polite 400 page here,
once for every view, rather than a 500 from deep inside one (PostgreSQL refuses NUL bytes in
text, so a NUL in a search, a page path or a cookie would otherwise fail there)."""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string

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


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware with two policies: the strict one (settings.
    CONTENT_SECURITY_POLICY) everywhere, and ADMIN_CONTENT_SECURITY_POLICY under the admins'
    addresses, whose own templates still carry inline scripts. Public pages carry no nonce:
    they are cached and shared, so each must be the same for every visitor. Also sets
    Permissions-Policy."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        is_admin = request.path_info.startswith(settings.ADMIN_URL_PREFIXES)
        if is_admin and not report_only and parts.config is None:
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts

    def process_response(self, request, response):
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return super().process_response(request, response)
