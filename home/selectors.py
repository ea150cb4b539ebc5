from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from django.utils import translation

from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from .models import Principle, PrinciplesPage


def search_root(site_root: Page, language_code: str) -> Page:
    """Where a search in that language looks: the live translation of the site's home page in
    that language, or the home page itself when the language has none."""
    translated = (
        Page.objects.live()
        .filter(translation_key=site_root.translation_key, locale__language_code=language_code)
        .first()
    )
    return translated or site_root


def current_principles() -> list[Principle]:
    """The principles of the live principles page in the active language (else the English
    one), in order; each keeps its `slug` as a stable id, the same in every language. Empty
    when no principles page is published."""
    pages = list(PrinciplesPage.objects.live().select_related("locale").order_by("path"))
    if not pages:
        return []
    by_language = {page.locale.language_code: page for page in reversed(pages)}
    page = (
        by_language.get(translation.get_language())
        or by_language.get(settings.LANGUAGE_CODE)
        or pages[0]
    )
    return list(page.principles.order_by("sort_order", "pk"))


def restrictions_hiding_from(request) -> Q | None:
    """Which view restrictions keep this visitor out, as a filter on restrictions (None when
    none can: superusers). Checked by the database, with no query of its own."""
    user = request.user
    if user.is_superuser:
        return None
    passed = request.session.get(PageViewRestriction.passed_view_restrictions_session_key, [])
    hidden = Q(restriction_type=PageViewRestriction.PASSWORD) & ~Q(pk__in=passed)
    if user.is_authenticated:
        member = PageViewRestriction.groups.through.objects.filter(
            pageviewrestriction_id=OuterRef("pk"), group__user=user
        )
        return hidden | (Q(restriction_type=PageViewRestriction.GROUPS) & ~Exists(member))
    return hidden | Q(restriction_type__in=[PageViewRestriction.LOGIN, PageViewRestriction.GROUPS])


def restricted(restrictions: Q | None = None) -> Exists:
    """True for a page in a private section (any restriction on it or above it), or only in
    those sections that `restrictions` selects. One subquery instead of Wagtail's `public()`,
    which runs a query of its own each time a queryset is built."""
    above_or_on = PageViewRestriction.objects.filter(StartsWith(OuterRef("path"), F("page__path")))
    if restrictions is not None:
        above_or_on = above_or_on.filter(restrictions)
    return Exists(above_or_on)


def public_pages(pages: PageQuerySet) -> PageQuerySet:
    """`pages` without those in a private section, as Wagtail's `public()` in one query."""
    return pages.exclude(restricted())


def menu_pages(*, site_root: Page, request, home: Page | None = None) -> list[Page]:
    """Live children of the site's root page marked "show in menus", in tree order, without
    the private sections this visitor may not enter: one query however many pages and
    restrictions there are. With `home`, the site's home page in another language, each is
    replaced by its translation under `home` where there is one, and that home's own pages
    follow (still one query)."""
    depth = site_root.depth + 1
    roots = Q(path__startswith=site_root.path)
    if home is not None and home.pk != site_root.pk:
        roots |= Q(path__startswith=home.path)
    pages = Page.objects.filter(roots, depth=depth).live().in_menu().order_by("path")
    hiding = restrictions_hiding_from(request)
    if hiding is not None:
        pages = pages.exclude(restricted(hiding))
    pages = list(pages)
    if home is None or home.pk == site_root.pk:
        return pages
    translated = {page.translation_key: page for page in pages if page.path.startswith(home.path)}
    sources = [page for page in pages if page.path.startswith(site_root.path)]
    source_keys = {page.translation_key for page in sources}
    return [translated.pop(page.translation_key, page) for page in sources] + [
        page for key, page in translated.items() if key not in source_keys
    ]
