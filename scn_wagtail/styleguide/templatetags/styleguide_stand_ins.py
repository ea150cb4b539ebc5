"""Stand-ins for the template tags that need real pages and images, used only while the
style guide renders a pattern (docs/style-guide.md). A pattern's YAML context describes a page
as a mapping with its `url`, and an image as a mapping with `url`, `width` and `height`; these
tags then read them, so the site's own templates render unchanged. Outside the style guide
(and for real pages and images inside it) every tag does what it always does.

Django imports this module with every app's template tag libraries, so the stand-ins are in
place before any template is compiled; the app is installed by the dev and test settings only.
"""

from types import SimpleNamespace

from django import template
from django.forms.utils import flatatt
from django.templatetags.static import static
from django.utils.html import format_html

from wagtail.contrib.routable_page.templatetags import wagtailroutablepage_tags
from wagtail.images.templatetags import wagtailimages_tags
from wagtail.templatetags import wagtailcore_tags

from pattern_library.utils import is_pattern_library_context

from home.templatetags import language_tags, navigation_tags

register = template.Library()  # nothing of its own: Django needs one to import the module

# The picture an image without a `url` stands for: a plain 16:9 placeholder.
PLACEHOLDER = {"url": "styleguide/placeholder.svg", "width": 960, "height": 540}


def stand_in(library: template.Library, name: str, render):
    """Make `{% name %}` of `library` call `render(node, context)` when it is given a mapping
    (a page or image of a YAML context) in the style guide, and behave as before otherwise."""
    compile_original = library.tags[name]
    if getattr(compile_original, "style_guide_stand_in", False):
        return  # already in place (the module is imported again in tests' reloads)

    def compile_tag(parser, token):
        node = compile_original(parser, token)
        render_original = node.render

        def node_render(context):
            if is_pattern_library_context(context):
                result = render(node, context)
                if result is not None:
                    return result
            return render_original(context)

        node.render = node_render
        return node

    compile_tag.style_guide_stand_in = True
    library.tags[name] = compile_tag


def first_argument(node, context):
    value = node.args[0].resolve(context) if node.args else None
    return value if isinstance(value, dict) else None


def simple_result(node, context, value: str) -> str:
    if node.target_var:
        context[node.target_var] = value
        return ""
    return value


def page_url(node, context):
    page = first_argument(node, context)
    if page is None:
        return None
    return simple_result(node, context, page.get("url", "#"))


def full_page_url(node, context):
    page = first_argument(node, context)
    if page is None:
        return None
    request = context.get("request")
    url = page.get("url", "/")
    return simple_result(node, context, request.build_absolute_uri(url) if request else url)


def routable_page_url(node, context):
    """{% routablepageurl news_index 'topic' topic.slug %}: the index's address, the route's
    name and its arguments, e.g. /en/news/topic/safety/."""
    page = first_argument(node, context)
    if page is None or len(node.args) < 2:
        return None
    route = node.args[1].resolve(context)
    parts = [str(arg.resolve(context)) for arg in node.args[2:]]
    url = page.get("url", "/") + "/".join([route, *parts]) + "/"
    return simple_result(node, context, url)


def rendition(image: dict, width: int | None = None, height: int | None = None):
    source = {**PLACEHOLDER, **image}
    url = source["url"]
    return SimpleNamespace(
        url=url if url.startswith("/") else static(url),
        width=width or source["width"],
        height=height or source["height"],
        alt=source.get("alt", ""),
    )


def sizes_of(filter_specs) -> list[tuple[int, int]]:
    """The widths and heights of specs such as fill-{480x270,960x540} or fill-480x270."""
    sizes = []
    for spec in wagtailimages_tags.Filter.expand_spec(filter_specs):
        for operation in spec.split("|"):
            name, _, value = operation.partition("-")
            if name in ("fill", "max", "min") and "x" in value:
                width, height = value.split("x", 1)
                sizes.append((int(width), int(height.split("-")[0])))
    return sizes or [(None, None)]


def image(node, context):
    try:
        value = node.image_expr.resolve(context)
    except template.VariableDoesNotExist:
        return None
    if not isinstance(value, dict):
        return None
    renditions = [rendition(value, width, height) for width, height in sizes_of(node.filter_specs)]
    if node.output_var_name:
        if isinstance(node, wagtailimages_tags.SrcsetImageNode):
            context[node.output_var_name] = SimpleNamespace(renditions=renditions)
        else:
            context[node.output_var_name] = renditions[0]
        return ""
    first = renditions[0]
    attrs = {key: expr.resolve(context) for key, expr in node.attrs.items()}
    attrs.setdefault("alt", first.alt)
    attrs = {"src": first.url, "width": first.width, "height": first.height, **attrs}
    return format_html("<img{}>", flatatt(attrs))


def frame_of_page(node, context):
    """The frame's tags (menu, language links, alternates) for a page of a YAML context: as
    for an address that is not a page, which is what a pattern's address is."""
    if not isinstance(context.get("page"), dict):
        return None
    with context.push(page=None):
        return node.render(context)


def breadcrumbs(node, context):
    """The trail of a page of a YAML context: its `ancestors`, each with its title and url."""
    page = context.get("page")
    if not isinstance(page, dict):
        return None
    return template.loader.render_to_string(
        "includes/breadcrumbs.html",
        {**context.flatten(), "ancestors": page.get("ancestors", []), "page": page},
    )


stand_in(wagtailcore_tags.register, "pageurl", page_url)
stand_in(wagtailcore_tags.register, "fullpageurl", full_page_url)
stand_in(wagtailroutablepage_tags.register, "routablepageurl", routable_page_url)
for name in ("image", "srcset_image"):
    stand_in(wagtailimages_tags.register, name, image)
for library, name in [
    (navigation_tags.register, "main_menu"),
    (language_tags.register, "language_switcher"),
    (language_tags.register, "hreflang_alternates"),
]:
    stand_in(library, name, frame_of_page)
stand_in(navigation_tags.register, "breadcrumbs", breadcrumbs)
