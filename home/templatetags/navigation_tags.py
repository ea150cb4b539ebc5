from django import template
from django.utils import translation

from wagtail.models import Page, Site

from home.frame import remembered
from home.selectors import menu_pages

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """Top-level pages marked "show in menus", in tree order, leaving out private sections the
    visitor may not enter (members see their hub): one query however many pages."""
    request = context.get("request")
    current = context.get("page")
    current_path = current.path if current else ""
    # The site comes with its root page (Wagtail selects it with the site).
    site = Site.find_for_request(request) if request else None
    home = None
    items = []
    if site:
        home = home_in_language(site, current)
        pages = menu_pages(site_root=site.root_page, request=request, home=home)
        items = [(page, menu_state(page, current_path)) for page in pages]
    return {
        "request": request,
        "site_root": home,
        "home_state": "page" if home and current_path == home.path else "",
        "menu_items": items,
    }


def home_in_language(site, current):
    """The site's home page in the visitor's language (the English one if not translated).
    Wagtail routes a page from that home and keeps each page's parent on it, so a served page
    walks up to it without a query; other views look it up once while the frame lasts."""
    root = site.root_page
    if isinstance(current, Page) and current.pk and current.depth >= root.depth:
        node = current
        while node.depth > root.depth:
            node = node.get_parent()
        return node
    return remembered(
        ("home", site.pk, translation.get_language()), lambda: root.localized.specific
    )


def menu_state(page, current_path: str) -> str:
    """The aria-current value of a menu link: the page itself, or the section it is in."""
    if current_path == page.path:
        return "page"
    if current_path.startswith(page.path):
        return "true"
    return ""


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The trail from the site's home page down to the current page. Wagtail's routing keeps
    each page's parent on it, so a served page walks up without a query (a preview makes one
    per level)."""
    page = context.get("page")
    request = context.get("request")
    ancestors = []
    node = page
    while node is not None and node.depth > 2:
        node = node.get_parent()
        ancestors.insert(0, node)
    return {"request": request, "ancestors": ancestors, "page": page}
