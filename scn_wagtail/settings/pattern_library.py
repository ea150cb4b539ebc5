"""The living style guide (django-pattern-library, docs/style-guide.md): every component of
the site and its states at /pattern-library/. Imported by the dev and test settings only; the
production settings never install it, so production neither serves nor needs it."""

STYLE_GUIDE_APPS = [
    "scn_wagtail.styleguide",  # the patterns, their contexts and the template tag stand-ins
    "pattern_library",
]

PATTERN_LIBRARY = {
    # Components (one part of a page, each state in its YAML context), then whole pages.
    "SECTIONS": (
        ("components", ["patterns/components"]),
        ("pages", ["patterns/pages"]),
    ),
    "TEMPLATE_SUFFIX": ".html",
    # The frame around a component: the site's stylesheets, the language and direction.
    "PATTERN_BASE_TEMPLATE_NAME": "patterns/base.html",
    # A pattern that extends the site's base.html is a whole page, shown as it is.
    "BASE_TEMPLATE_NAMES": ["base.html"],
}

# The style guide's own addresses: never stored by the page cache (home/page_cache.py).
STYLE_GUIDE_PATH = "/pattern-library/"
