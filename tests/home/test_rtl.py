"""Arabic pages read right to left (issue 11): the stylesheets say start and end, never left
and right, so one set of rules lays out both directions."""

import re
import unicodedata
from pathlib import Path

from django.conf import settings

import pytest

# Every stylesheet of our own: the public pages' and the admin's (staff may use it in Arabic).
STYLESHEETS = sorted(
    path
    for path in Path(settings.BASE_DIR).glob("*/static/**/*.css")
    if ".venv" not in path.parts and "staticfiles" not in path.parts
)
SITE_CSS = Path(settings.BASE_DIR) / "scn_wagtail" / "static" / "css" / "site.css"

PHYSICAL_PROPERTY = re.compile(
    r"^(left|right|(margin|padding|border|scroll-margin|scroll-padding)-(left|right)(-\w+)?"
    r"|border-(top|bottom)-(left|right)-radius)$"
)
PHYSICAL_VALUE = {"text-align", "float", "clear"}
# Shorthands whose second and fourth values are the right and left sides.
FOUR_SIDES = {"margin", "padding", "inset", "scroll-margin", "scroll-padding", "border-width"}


def declarations(css: str):
    """(selector, property, value) of each declaration, comments left out."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    for selector, body in re.findall(r"([^{}]*)\{([^{}]*)\}", css):
        for declaration in body.split(";"):
            name, colon, value = declaration.partition(":")
            if colon:
                yield selector.strip(), name.strip().lower(), value.strip().lower()


def physical_declarations(css: str) -> list[str]:
    found = []
    for selector, name, value in declarations(css):
        values = value.replace("!important", "").split()
        if (
            PHYSICAL_PROPERTY.match(name)
            or (name in PHYSICAL_VALUE and values and values[0] in ("left", "right"))
            or (name in FOUR_SIDES and len(values) == 4 and values[1] != values[3])
            or (name == "border-radius" and len(set(value.split("/")[0].split())) > 1)
        ):
            found.append(f"{selector} {{ {name}: {value} }}")
    return found


def test_the_checker_finds_physical_directions():
    css = """
    /* left: 0 in a comment is fine */
    .a { position: absolute; left: 0; top: 0 }
    .b { margin-right: 1rem; padding: 0 1rem; }
    .c { border-left: 4px solid; text-align: right; }
    .d { padding: 0 0 1rem 1.25rem; float: left; border-top-left-radius: 2px; }
    .e { margin-inline-start: 1rem; inset-inline-start: 0; text-align: start; margin: 0 auto; }
    .f { padding: 1rem 2rem 1rem 2rem; border-radius: 4px; float: inline-start; }
    """
    assert physical_declarations(css) == [
        ".a { left: 0 }",
        ".b { margin-right: 1rem }",
        ".c { border-left: 4px solid }",
        ".c { text-align: right }",
        ".d { padding: 0 0 1rem 1.25rem }",
        ".d { float: left }",
        ".d { border-top-left-radius: 2px }",
    ]


def test_the_stylesheets_are_found():
    names = {path.name for path in STYLESHEETS}
    assert {"site.css", "enquiry.css", "application.css", "admin.css"} <= names


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda path: path.name)
def test_stylesheets_use_logical_directions_only(path):
    assert physical_declarations(path.read_text(encoding="utf-8")) == []


def test_breadcrumb_separator_turns_round_in_right_to_left_text():
    """The separator is a character that Unicode mirrors in right-to-left text (› shows as ‹),
    so it points along the reading direction without a rule per direction. An arrow such as
    → is not mirrored, and would point backwards in Arabic."""
    separators = [
        value
        for selector, name, value in declarations(SITE_CSS.read_text(encoding="utf-8"))
        if ".breadcrumbs" in selector and name == "content"
    ]
    assert separators
    for value in separators:
        for character in value.strip("\"'"):
            assert unicodedata.mirrored(character), value
