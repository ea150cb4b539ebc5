"""Purging the shared HTTP caches in front of the app servers (Varnish; README: "Production
layout"). Wagtail's frontend_cache app purges a page's own URLs when it is published or
unpublished; `purge_site_from_frontend_caches` clears whole sites after any other change."""

import logging
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import transaction

from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache import backends
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.models import Site

import requests

logger = logging.getLogger(__name__)


class HTTPBackend(backends.HTTPBackend):
    """Wagtail's HTTP purge backend (a `PURGE` request to the cache, with the page's Host),
    with a time limit (`TIMEOUT`, seconds): Wagtail's own waits for ever on a cache that
    accepts the connection but never answers, which would hang the editor's request."""

    def __init__(self, params):
        self.timeout = params.pop("TIMEOUT", 2)
        super().__init__(params)

    def purge(self, url):
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        location = urlunsplit((self.cache_scheme, self.cache_netloc, parts.path, parts.query, ""))
        try:
            response = requests.request(
                "PURGE",
                location,
                headers={"Host": host, "User-Agent": f"Wagtail-frontendcache/{wagtail_version}"},
                timeout=self.timeout,
            )
            response.raise_for_status()
        except requests.RequestException as error:
            logger.error("Could not purge %s from the cache at %s: %s", url, location, error)


def purge_site_from_frontend_caches() -> None:
    """Clear every site, each whole tree, from the configured front-end caches.

    The reference Varnish configuration (deploy/varnish) bans a purged URL and everything
    below it, so purging a site's root clears the site. Runs in the caller's request, once
    the current transaction commits (at once outside one), so the next visitor's request is
    rendered from the committed change. Never raises: a cache that is down is logged.
    """
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        transaction.on_commit(_purge_sites)


def _purge_sites() -> None:
    try:
        urls = [f"{site.root_url}/" for site in Site.objects.all()]
        purge_urls_from_cache_task.call(urls)
    except Exception:
        logger.exception("Could not purge the sites from the front-end caches")
