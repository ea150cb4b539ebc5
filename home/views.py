import functools
import re
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils import translation
from django.views.decorators.cache import cache_control

from wagtail.models import Page, Site

from .forms import MemberLoginForm
from .selectors import search_root

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


def search_terms(query: str) -> str:
    """The words of a query, without the punctuation that the SQLite search backend's FTS5
    would read as its own syntax (and fail on, e.g. at a `<`)."""
    return " ".join(re.findall(r"\w+", query))


def search(request):
    """Site search over live, public pages of the current site in the visitor's language."""
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    results_page = None
    if query:
        pages = Page.objects.live().public()
        site = Site.find_for_request(request)
        if site:
            root = search_root(site.root_page, translation.get_language())
            pages = pages.descendant_of(root, inclusive=True)
        paginator = Paginator(pages.search(search_terms(query)), SEARCH_RESULTS_PER_PAGE)
        results_page = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "home/search_results.html",
        {
            "search_query": query,
            "results_page": results_page,
            "pagination_query": urlencode({"q": query}),
        },
    )


def robots_txt(request):
    return TemplateResponse(
        request,
        "robots.txt",
        {"sitemap_url": request.build_absolute_uri("/sitemap.xml")},
        content_type="text/plain; charset=utf-8",
    )


def csrf_failure(request, reason=""):
    """A friendly page, in the site's frame, when a form arrives without a valid CSRF token."""
    return TemplateResponse(request, "403_csrf.html", {"reason": reason}, status=403)


class LoginView(auth_views.LoginView):
    """Where members sign in: the admin's login is for staff, and sends others back to it."""

    template_name = "account/login.html"
    authentication_form = MemberLoginForm
    next_page = reverse_lazy("wagtail_serve", args=[""])  # the home page in this language

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


FAVICON = "images/favicon.ico"


@functools.cache
def favicon_bytes() -> bytes:
    """The icon, read once per process (a missing file raises, and is looked for again)."""
    path = finders.find(FAVICON) or str(Path(settings.STATIC_ROOT) / FAVICON)
    return Path(path).read_bytes()


@cache_control(public=True, max_age=86400)
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page says: the
    network's mark from the static files (WhiteNoise serves the rest of them)."""
    try:
        data = favicon_bytes()
    except OSError as error:
        raise Http404 from error
    return HttpResponse(data, content_type="image/vnd.microsoft.icon")
