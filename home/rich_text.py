"""Rich text links to pages for less: Wagtail's handler fetches every linked page in its
specific type, one query per page type, and then looks up the visitor's locale once per link
to find each page's translation. A link needs only the address of the page in the visitor's
language, which the base page knows unless its type builds addresses of its own."""

from django.utils import translation
from django.utils.html import escape

from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

URL_METHODS = ("get_url_parts", "get_url", "relative_url", "get_full_url")


def builds_own_urls(model) -> bool:
    return any(getattr(model, name) is not getattr(Page, name) for name in URL_METHODS)


def for_urls(page: Page) -> Page:
    return page.specific if builds_own_urls(page.specific_class) else page


class BasePageLinkHandler(PageLinkHandler):
    """The same links as Wagtail's, from one query of base pages (the specific page only for
    a type that overrides how its address is made), and one more for all their translations
    when some link to a page in another language."""

    @classmethod
    def get_many(cls, attrs_list: list[dict]) -> list[Page]:
        instance_ids = [attrs.get("id") for attrs in attrs_list]
        pages_by_str_id = {
            str(page.pk): for_urls(page)
            for page in Page.objects.filter(id__in=instance_ids).select_related("locale")
        }
        return [pages_by_str_id.get(str(id_)) for id_ in instance_ids]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        pages = localized(cls.get_many(attrs_list))
        return [f'<a href="{escape(page.url)}">' if page else "<a>" for page in pages]


def localized(pages: list[Page | None]) -> list[Page | None]:
    """Each page's live translation in the active language, or the page itself (as Wagtail's
    `Page.localized` does, for all the pages at once)."""
    language = translation.get_language()
    keys = {
        page.translation_key
        for page in pages
        if page is not None and page.locale.language_code != language
    }
    if not keys:
        return pages
    translations = {
        page.translation_key: for_urls(page)
        for page in Page.objects.live().filter(
            translation_key__in=keys, locale__language_code=language
        )
    }
    return [
        translations.get(page.translation_key, page)
        if page is not None and page.locale.language_code != language
        else page
        for page in pages
    ]
