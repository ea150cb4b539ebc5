"""The look of the public site (issue 12): the network's logo in the header and as the
favicon, its own typeface served by the site and preloaded, a palette whose text colours
keep AA contrast, the member cities' map drawn by the site, funding cards on phones, a menu
that opens without JavaScript, and art-directed news pictures."""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils import translation

import pytest

from membership_forms.models import Member, Region
from tests.home.test_network_pages import make_funding_page
from tests.home.test_rtl import SITE_CSS
from tests.membership_forms.factories import make_member
from tests.membership_forms.test_directory import make_directory_page
from tests.news.utils import make_image, make_index, make_story

pytestmark = pytest.mark.django_db


def custom_properties() -> dict[str, str]:
    root = re.search(r":root\s*\{([^}]*)\}", SITE_CSS.read_text()).group(1)
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", root))


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# (text, background, the least ratio WCAG 2.2 AA asks of that pair where site.css uses it)
PAIRS = [
    ("ink", "paper", 4.5),  # body text
    ("ink", "paper-alt", 4.5),  # panels, cards, the hero
    ("ink-soft", "paper", 4.5),  # lead paragraphs, dates
    ("ink-soft", "paper-alt", 4.5),  # card countries, funding labels
    ("brand", "paper", 4.5),  # links
    ("brand", "paper-alt", 4.5),  # links in panels
    ("brand-dark", "paper", 4.5),  # links on hover
    ("paper", "brand", 4.5),  # buttons
    ("paper", "brand-dark", 4.5),
    ("paper", "accent", 4.5),  # the call to action
    ("accent", "paper", 4.5),  # myth labels
    ("accent", "paper-alt", 4.5),
    ("paper", "ink", 4.5),  # header and footer
    ("saffron", "ink", 4.5),  # the current menu item on phones
    ("ink", "saffron", 4.5),  # header buttons
    ("error", "paper", 4.5),
    ("border", "paper", 3.0),  # borders of inputs (non-text contrast)
    ("focus", "ink", 3.0),  # the focus ring around the ink outline
]


@pytest.mark.parametrize(("text", "background", "least"), PAIRS)
def test_palette_keeps_aa_contrast(text, background, least):
    colours = custom_properties()
    ratio = contrast(colours[text], colours[background])
    assert ratio >= least, f"--{text} on --{background}: {ratio:.2f}:1"


def test_contrast_is_computed_as_wcag_says():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert "max-age" in response["Cache-Control"]


def test_logo_files_are_in_static():
    images = Path(settings.BASE_DIR) / "scn_wagtail" / "static" / "images"
    for name in ("logo.svg", "logo-mark.svg", "favicon.svg"):
        assert (images / name).read_text().startswith("<svg")
    assert (images / "social.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


class Links(HTMLParser):
    """Every address a page loads or links to, and the header's link to the home page."""

    def __init__(self):
        super().__init__()
        self.loads, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        for name in ("src", "href", "srcset", "content"):
            if attrs.get(name) and name != "href" or (name == "href" and tag == "link"):
                self.loads.append(attrs[name])


def parse(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


def test_header_shows_the_logo_with_an_accessible_name(client, home_page):
    html = client.get("/en/").content.decode()
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    name = re.search(r'<a class="site-header__name"[^>]*>(.*?)</a>', header, re.DOTALL).group(1)
    assert '<svg class="logo-mark"' in name and 'aria-hidden="true"' in name
    # What a screen reader reads for the link: the organisation's name.
    assert re.sub(r"<svg.*?</svg>|<[^>]+>", "", name, flags=re.DOTALL).strip() == (
        "Strong Cities Network"
    )
    assert 'rel="icon" href="/static/images/favicon.svg"' in html


def test_pages_without_a_picture_offer_the_networks_card(client, home_page):
    html = client.get("/en/").content.decode()
    assert '<meta property="og:image" content="http://testserver/static/images/social.png">' in (
        html
    )


def test_the_typeface_is_served_by_the_site_and_preloaded(client, home_page):
    html = client.get("/en/").content.decode()
    preloads = re.findall(r'<link rel="preload" href="([^"]+)" as="font"[^>]*crossorigin>', html)
    assert preloads == [
        "/static/fonts/noto-sans/noto-sans-latin-400-normal.woff2",
        "/static/fonts/noto-sans/noto-sans-latin-700-normal.woff2",
    ]
    css = SITE_CSS.read_text()
    for preload in preloads:
        name = preload.rsplit("/", 1)[-1]
        assert f'url("../fonts/noto-sans/{name}")' in css
        data = (SITE_CSS.parent.parent / "fonts" / "noto-sans" / name).read_bytes()
        assert data[:4] == b"wOF2"
        assert len(data) < 40_000  # subset: Latin only
    assert (
        "SIL Open Font License" in (SITE_CSS.parent.parent / "fonts/noto-sans/OFL.txt").read_text()
    )
    # English text is set in Noto Sans; Arabic pages put their Arabic face first.
    assert '--font-text: "Noto Sans", ' in css
    assert ':root:lang(ar) { --font-text: "Noto Sans Arabic", "Noto Sans",' in css


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_menu_is_a_details_whose_button_is_translated(client, home_page, language):
    html = client.get(f"/{language}/").content.decode()
    menu = re.search(r'<details class="site-menu">\s*<summary[^>]*>(.*?)</summary>', html, re.S)
    assert menu, "the menu is a <details> with a <summary>"
    label = re.sub(r"<[^>]+>", "", menu.group(1)).strip()
    with translation.override(language):
        assert label == translation.pgettext("site navigation button", "Menu")
    assert label == {"en": "Menu", "fr": "Menu", "ar": "القائمة"}[language]
    # The main navigation and the search are inside it (one menu at every width).
    after = html[menu.end() : html.index("</details>", menu.end())]
    assert 'class="main-nav"' in after and 'role="search"' in after


def test_funding_table_cells_name_their_column(client, home_page):
    make_funding_page(home_page)
    html = client.get("/en/funding/").content.decode()
    table = html[html.index('<table class="funders"') : html.index("</table>")]
    body = table[table.index("<tbody>") :]
    cells = re.findall(r"<t[dh] ([^>]*)>", body)
    assert cells and all("data-label=" in cell for cell in cells)
    assert re.findall(r'data-label="([^"]+)"', body)[:4] == [
        "Funder",
        "Kind",
        "What it supports",
        "Years",
    ]
    # Still a table with its headers for screen readers.
    assert '<th scope="col">Funder</th>' in table and 'scope="row"' in table
    css = SITE_CSS.read_text()
    assert "content: attr(data-label)" in css


def test_member_map_marks_each_member_with_coordinates(client):
    page = make_directory_page()
    make_member(city="Oslo", country="Norway", latitude=59.91, longitude=10.75)
    make_member(
        city="Nairobi",
        country="Kenya",
        region=Region.SUB_SAHARAN_AFRICA,
        latitude=-1.29,
        longitude=36.82,
    )
    make_member(city="Nowhere", country="Unknown")  # no coordinates: listed, not drawn
    make_member(city="Hidden", country="Norway", latitude=1, longitude=1, show_in_directory=False)
    html = client.get(page.url).content.decode()
    svg = html[html.index('<figure class="member-map">') : html.index("</figure>")]
    dots = re.findall(
        r'<circle class="member-map__dot" cx="([\d.]+)" cy="([\d.]+)"[^>]*data-city="([^"]+)"', svg
    )
    assert sorted(city for _, _, city in dots) == ["Nairobi", "Oslo"]
    positions = {city: (float(x), float(y)) for x, y, city in dots}
    # North is up, east is right: Oslo is north of and west of Nairobi.
    assert positions["Oslo"][1] < positions["Nairobi"][1]
    assert positions["Oslo"][0] < positions["Nairobi"][0]
    # A text alternative: the picture is named, and every city is listed as text.
    assert 'role="img" aria-labelledby="member-map-title"' in svg
    assert "Map of the world with 2 member cities marked" in svg
    for city in ("Oslo", "Nairobi", "Nowhere"):
        assert f'<span class="member-card__city">{city}</span>' in html
    assert "Hidden" not in html


def test_member_map_numbers_are_not_localised(client):
    page = make_directory_page()
    make_member(city="Oslo", country="Norway", latitude=59.91, longitude=10.75)
    html = client.get(page.url.replace("/en/", "/fr/")).content.decode()
    assert re.search(r'class="member-map__dot" cx="\d+\.?\d*" cy="\d+\.?\d*"', html)


def test_demo_members_have_coordinates():
    call_command("load_demo_content", verbosity=0)
    listed = Member.objects.filter(show_in_directory=True)
    assert listed.exists()
    assert not listed.filter(latitude__isnull=True).exists()


def test_news_cards_are_art_directed_pictures_with_dimensions(client, home_page):
    index = make_index(home_page)
    make_story(index, title="Pictured", hero_image=make_image(size=(1600, 900)))
    html = client.get(index.url).content.decode()
    picture = re.search(r'<picture class="news-card__picture">(.*?)</picture>', html, re.S).group(1)
    source = re.search(r"<source ([^>]*)>", picture).group(1)
    image = re.search(r'<img class="news-card__image" ([^>]*)>', picture).group(1)
    assert 'media="(min-width: 40rem)"' in source
    assert 'width="400" height="300"' in source  # 4:3 beside the text
    assert 'width="480" height="270"' in image  # 16:9 as wide as a phone
    assert re.search(r'srcset="[^"]+ 400w, [^"]+ 800w"', source)
    assert re.search(r'srcset="[^"]+ 480w, [^"]+ 960w"', image)
    assert 'alt="Picture for Pictured"' in image


def test_no_page_loads_anything_from_another_host(client):
    call_command("load_demo_content", verbosity=0)
    from tests.test_public_pages import public_urls

    for url in public_urls():
        response = client.get(url)
        links = parse(response.content.decode())
        for address in links.loads:
            for part in address.split(","):
                part = part.strip().split(" ")[0]
                if part.startswith(("http://", "https://", "//")):
                    # Absolute addresses name this site: canonical, alternates, og:image.
                    assert part.startswith("http://testserver/"), (url, part)
