from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from scn_wagtail.urls import urlpatterns as site_urlpatterns

from . import FLOOR_PATH


@never_cache
def floor(request):
    """The cheapest response the stack can give: every middleware runs, no template, no
    query. `never_cache` keeps a page cache from serving it, so it stays a floor."""
    return HttpResponse(b"floor\n", content_type="text/plain")


urlpatterns = [path(FLOOR_PATH.strip("/") + "/", floor, name="bench_floor"), *site_urlpatterns]
