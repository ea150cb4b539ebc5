"""Arabic pages read right to left (issue 11): the stylesheets say start and end, never left
and right, so one set of rules lays out both directions; and the Arabic typeface comes from
the site itself, in development and in production."""

import json
import re
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

from django.conf import settings
from django.core.management import call_command

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


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urlopen(url, timeout=10) as response:  # noqa: S310 (the test's own live server)
            return response.status, response.read()
    except HTTPError as error:
        return error.code, b""


def addresses_in_css(css: str) -> list[str]:
    return re.findall(r"url\(\s*[\"']?([^\"')]+)", re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL))


def test_arabic_pages_get_their_typeface_from_the_site_itself(
    live_server, django_db_serialized_rollback
):
    """The Arabic home page's stylesheets name the Arabic face, and each font file they name
    is served by the site (as the live server serves static files); nothing on the page or in
    its stylesheets comes from another host."""
    status, body = fetch(f"{live_server.url}/ar/")
    html = body.decode()
    assert status == 200 and '<html lang="ar" dir="rtl">' in html
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert stylesheets

    fonts = []
    for stylesheet in stylesheets:
        stylesheet_url = urljoin(f"{live_server.url}/ar/", stylesheet)
        status, css = fetch(stylesheet_url)
        assert status == 200, stylesheet
        css = css.decode()
        assert "Noto Sans Arabic" in css
        for address in addresses_in_css(css):
            assert not urlsplit(address).netloc, f"{stylesheet} loads {address}"
            fonts.append(urljoin(stylesheet_url, address))
    assert fonts and all(font.endswith(".woff2") for font in fonts)
    for font in fonts:
        status, data = fetch(font)
        assert status == 200, font
        assert data[:4] == b"wOF2", font

    # What the page itself loads (styles, scripts, images, icons) comes from the site too;
    # only links a visitor follows, and the canonical and alternate addresses, may differ.
    loaded = re.findall(r'<(?:script|img|source|iframe|video|audio)\b[^>]*?\ssrc="([^"]+)"', html)
    loaded += [
        href
        for tag, href in re.findall(r'(<link\b[^>]*?\shref="([^"]+)"[^>]*>)', html)
        if not re.search(r'rel="(alternate|canonical)"', tag)
    ]
    assert set(stylesheets) <= set(loaded)
    for address in loaded:
        assert urlsplit(address).netloc in ("", urlsplit(live_server.url).netloc), address


def test_the_font_licence_travels_with_the_fonts():
    folder = SITE_CSS.parent.parent / "fonts" / "noto-sans-arabic"
    assert "SIL OPEN FONT LICENSE Version 1.1" in (folder / "OFL.txt").read_text()
    files = sorted(path.name for path in folder.glob("*.woff2"))
    assert files == [
        "noto-sans-arabic-arabic-400-normal.woff2",
        "noto-sans-arabic-arabic-700-normal.woff2",
    ]
    assert sum((folder / name).stat().st_size for name in files) < 120_000


def test_production_static_files_name_the_hashed_fonts(tmp_path, settings):
    """In production (WhiteNoise's hashed, compressed files) the stylesheet's font addresses
    are rewritten to the fonts' hashed names, which collectstatic writes beside it."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    css = (tmp_path / paths["css/site.css"]).read_text()
    for weight in (400, 700):
        hashed = paths[f"fonts/noto-sans-arabic/noto-sans-arabic-arabic-{weight}-normal.woff2"]
        assert f'url("../{hashed}")' in css
        assert (tmp_path / hashed).read_bytes()[:4] == b"wOF2"
