from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def page_cache_is_shared(app_configs, **kwargs):
    """A per-process page cache would keep serving a page that another process changed."""
    backend = settings.CACHES[settings.PAGE_CACHE_ALIAS]["BACKEND"]
    if settings.PAGE_CACHE_SECONDS > 0 and backend.endswith("LocMemCache"):
        return [
            checks.Warning(
                "The page cache is kept in each process's memory.",
                hint="Set REDIS_URL so that every server process shares one cache, or "
                "PAGE_CACHE_SECONDS=0 if the site runs in a single process.",
                id="home.W001",
            )
        ]
    return []
