"""The site's languages (issue 11): where the language switcher leads and which addresses the
head announces as alternates (hreflang)."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation

from wagtail.models import Page, Site

# Written from right to left (the <html dir> of their pages).
RIGHT_TO_LEFT = {"ar"}


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool
    # The same page in that language, not an ancestor nor the language's home page.
    same_page: bool


def text_direction(language_code: str) -> str:
    return "rtl" if language_code.split("-")[0] in RIGHT_TO_LEFT else "ltr"


def language_links(request, page=None) -> list[LanguageLink]:
    """One link per language: the page in that language if it is translated and live, else
    its nearest translated ancestor, else that language's home page, so never a 404.
    Addresses that are not pages (search, login) lead to the same view in that language.
    One query for a served page (Wagtail's routing keeps each page's parent on it)."""
    current = translation.get_language()
    if page is None:
        return [
            LanguageLink(code, name, same_view_in(request, code), code == current, True)
            for code, name in settings.LANGUAGES
        ]
    lineage = [page]
    while lineage[-1].depth > 2:
        lineage.append(lineage[-1].get_parent())
    rank = {node.translation_key: depth for depth, node in enumerate(lineage)}
    nearest = {}
    translations = (
        Page.objects.live()
        .filter(translation_key__in=rank)
        .select_related("locale")
        .only("id", "path", "depth", "url_path", "translation_key", "locale__language_code")
    )
    for candidate in translations:
        code = candidate.locale.language_code
        if (
            code not in nearest
            or rank[candidate.translation_key] < rank[nearest[code].translation_key]
        ):
            nearest[code] = candidate
    links = []
    for code, name in settings.LANGUAGES:
        found = nearest.get(code)
        url = found.get_url(request) if found else None
        links.append(
            LanguageLink(
                code,
                name,
                url or home_url(code),
                code == current,
                bool(found) and found.translation_key == page.translation_key,
            )
        )
    return links


def content_language(page) -> str:
    """The language of the page's own text (not always the address's: a language without a
    home page of its own shows the English pages), from the site root paths Wagtail keeps in
    the cache, so without a query."""
    for root in sorted(Site.get_site_root_paths(), key=lambda root: -len(root.root_path)):
        if page.url_path.startswith(root.root_path):
            return root.language_code
    return page.locale.language_code


def home_url(language_code: str) -> str:
    with translation.override(language_code):
        return reverse("wagtail_serve", args=[""])


def same_view_in(request, language_code: str) -> str:
    """The address of this view in another language; a page's address that is not found
    (the 404 page) leads to that language's home page."""
    path = request.path_info
    try:
        match = resolve(path)
    except Resolver404:
        return home_url(language_code)
    if match.url_name == "wagtail_serve":
        return home_url(language_code)
    return translate_url(request.get_full_path(), language_code)
