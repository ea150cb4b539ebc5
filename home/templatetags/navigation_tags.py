from django import template

from wagtail.models import Site

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
    items = []
    if site:
        pages = menu_pages(site_root=site.root_page, request=request)
        items = [(page, menu_state(page, current_path)) for page in pages]
    return {
        "request": request,
        "site_root": site.root_page if site else None,
        "home_state": "page" if site and current_path == site.root_page.path else "",
        "menu_items": items,
    }


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
