from django import template
from django.db.models import Q

from wagtail.models import Site

from home.selectors import private_paths_hidden_from

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """Top-level pages marked "show in menus", in tree order, leaving out private sections the
    visitor may not enter (members see their hub): the same queries however many pages."""
    request = context.get("request")
    current = context.get("page")
    current_path = current.path if current else ""
    site = Site.find_for_request(request) if request else None
    items = []
    if site:
        pages = site.root_page.get_children().live().in_menu().order_by("path")
        hidden = Q()
        for path in private_paths_hidden_from(request):
            hidden |= Q(path__startswith=path)
        if hidden:
            pages = pages.exclude(hidden)
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
    """The trail from the site's home page down to the current page."""
    page = context.get("page")
    request = context.get("request")
    ancestors = []
    if page is not None and page.depth > 2:
        ancestors = list(page.get_ancestors().filter(depth__gt=1).order_by("depth"))
    return {"request": request, "ancestors": ancestors, "page": page}
