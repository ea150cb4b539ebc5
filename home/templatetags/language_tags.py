from django import template

from home.languages import language_links, text_direction

register = template.Library()


def _links(context):
    """The language links of this request's page (home/languages.py), computed once and
    shared by the head's alternates and the switcher."""
    request = context.get("request")
    page = context.get("page")
    page = page if page is not None and page.pk else None
    key = page.pk if page else None
    cached = getattr(request, "_language_links", None)
    if cached is None or cached[0] != key:
        cached = (key, language_links(request, page))
        if request is not None:
            request._language_links = cached
    return cached[1]


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    return {"links": _links(context)}


@register.inclusion_tag("includes/hreflang.html", takes_context=True)
def hreflang_alternates(context):
    """<link rel="alternate" hreflang> for each language the page itself is translated into
    (not its ancestors), and x-default for the English one."""
    request = context.get("request")
    if context.get("page") is None or request is None:
        return {"alternates": []}
    alternates = [
        (link.code, request.build_absolute_uri(link.url))
        for link in _links(context)
        if link.same_page
    ]
    default = [url for code, url in alternates if code == "en"]
    if default:
        alternates.append(("x-default", default[0]))
    return {"alternates": alternates if len(alternates) > 2 else []}


@register.simple_tag
def text_direction_of(language_code):
    return text_direction(language_code)
