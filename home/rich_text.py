"""Rich text links to pages for less: Wagtail's handler fetches every linked page in its
specific type, one query per page type, to build each link. A link needs only the page's
address, which the base page knows unless its type builds addresses of its own."""

from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

URL_METHODS = ("get_url_parts", "get_url", "relative_url", "get_full_url")


def builds_own_urls(model) -> bool:
    return any(getattr(model, name) is not getattr(Page, name) for name in URL_METHODS)


class BasePageLinkHandler(PageLinkHandler):
    """The same links as Wagtail's, from one query of base pages (the specific page only for
    a type that overrides how its address is made)."""

    @classmethod
    def get_many(cls, attrs_list: list[dict]) -> list[Page]:
        instance_ids = [attrs.get("id") for attrs in attrs_list]
        pages_by_str_id = {
            str(page.pk): page.specific if builds_own_urls(page.specific_class) else page
            for page in Page.objects.filter(id__in=instance_ids)
        }
        return [pages_by_str_id.get(str(id_)) for id_ in instance_ids]
