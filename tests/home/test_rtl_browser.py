"""Arabic pages in a real browser (issue 11): the layout is mirrored, the site's Arabic face
is the one that draws the text, and the pages pass axe. With SCREENSHOTS_DIR set, it saves the
right-to-left pictures of docs/languages.md."""

from io import BytesIO

from django.core import mail

from wagtail.rich_text import RichText

import pytest
from PIL import Image, ImageChops, ImageOps

from faq import demo as faq_demo
from home import demo as home_demo
from membership_forms import demo as membership_demo
from membership_forms.models import FormField
from tests.faq.helpers import section
from tests.membership_forms.browser import screenshot
from tests.quality import axe_violations

from .test_i18n import translate

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

ARABIC_FIELDS = {
    "your_name": ("الاسم", ""),
    "your_role": ("وظيفتك", "المسمّى الوظيفي والمكتب أو الإدارة أو الهيئة التي تعمل فيها."),
    "city": ("المدينة", ""),
    "country": ("البلد", ""),
    "region": ("المنطقة", ""),
    "email_address": ("البريد الإلكتروني", "سنرسل ردّنا واستمارة الطلب إلى هذا العنوان."),
    "phone_number": ("رقم الهاتف", "مع رمز البلد، مثل ‎+962 6 555 0100."),
    "why_would_your_city_like_to_join": (
        "لماذا تودّ مدينتكم الانضمام؟",
        "تكفي بضع جمل: ما الذي تأمل مدينتكم أن تتعلّمه أو تشاركه.",
    ),
}


@pytest.fixture
def arabic_pages(home_page):
    """The home page, the FAQ and the enquiry form, as the demo makes them in English, with
    their Arabic translations; the organisation's name and the footer text stay English (LTR
    runs in RTL: the demo's Arabic footer text is left out)."""
    home = home_demo.load_home()
    site_settings = home_demo.load_site_settings(home, home_demo.load_privacy(home))
    site_settings.footer_text_ar = ""
    site_settings.save()
    join = membership_demo.load(home)
    faq = faq_demo.load(home)
    translate(
        home,
        "ar",
        title="الرئيسية",
        seo_title="شبكة المدن القوية: مدن تعمل معاً في مواجهة التطرف العنيف",
        hero_heading="مدن تعمل معاً في مواجهة التطرف العنيف",
        hero_text=(
            "نربط رؤساء البلديات وفرق السياسات والعاملين في الميدان في المدن والبلدات "
            "والمناطق في كل القارات، كي تستفيد كل مدينة مما نجح في غيرها."
        ),
        body=RichText(
            "<p>القادة المحليون هم الأقرب إلى الناس الذين يخدمونهم، ولذلك فهم الأقدر على "
            "ملاحظة التوترات مبكراً وعلى جمع المجتمعات حول ما يوحّدها. وتمنحهم الشبكة مكاناً "
            "لتبادل الخبرات والتعلّم بعضهم من بعض وتكييف الممارسات الجيدة مع ظروفهم، بدلاً "
            "من اتباع نموذج واحد.</p>"
        ),
        call_to_action_label="اطلب الانضمام إلى الشبكة",
    )
    arabic_join = translate(
        join,
        "ar",
        title="انضمّوا إلى الشبكة",
        intro=RichText(
            "<p>إذا كنت تعمل لدى مدينتك أو بلدتك أو منطقتك، في فريق السياسات أو في خدمة "
            "ميدانية، فعرّفنا بنفسك وبمدينتك هنا.</p><p>نردّ على كل استفسار خلال يومين إلى "
            "ثلاثة أيام عمل، ثم نرسل إليك استمارة طلب قصيرة.</p>"
        ),
    )
    for field in FormField.objects.filter(page=arabic_join):
        field.label, field.help_text = ARABIC_FIELDS[field.clean_name]
        field.save()
    translate(
        faq,
        "ar",
        title="الأسئلة الشائعة",
        introduction="أكثر ما يسألنا عنه الناس.",
        body=[
            section(
                "عن الشبكة",
                [
                    (
                        "ما هي شبكة المدن القوية؟",
                        "what-is-the-network",
                        "<p>أول شبكة عالمية تجمع رؤساء البلديات وصانعي السياسات والعاملين في "
                        "الميدان، للعمل معاً على تعزيز التماسك الاجتماعي والصمود في وجه "
                        "التطرف العنيف بكل أشكاله.</p>",
                    ),
                    (
                        "من يدير الشبكة؟",
                        "who-runs-the-network",
                        "<p>يديرها معهد الحوار الاستراتيجي (ISD)، وهو منظمة مستقلة تواجه "
                        "التطرف والاستقطاب بحلول عملية قابلة للتوسّع.</p>",
                    ),
                ],
                anchor="about",
            ),
            section(
                "الانضمام",
                [
                    (
                        "من يمكنه الانضمام؟",
                        "who-can-join",
                        "<p>المدن والبلدات والمناطق، ممثَّلةً بمسؤوليها المنتخبين أو بموظفيها.</p>",
                    ),
                    (
                        "كيف ننضمّ إلى الشبكة؟",
                        "how-do-we-join",
                        "<p>أرسلوا إلينا استفساراً عبر نموذج الانضمام، وسنردّ عليكم خلال "
                        "يومين إلى ثلاثة أيام عمل.</p>",
                    ),
                ],
                anchor="joining",
            ),
        ],
    )
    return {"home": "/ar/", "faq": "/ar/faq/", "join": "/ar/join/"}


def box(tab, selector: str) -> dict:
    return tab.locator(selector).first.bounding_box()


def text_box(tab, selector: str) -> dict:
    """Where the element's text itself is drawn (a heading's box spans the whole line)."""
    return tab.evaluate(
        """(selector) => {
            const range = document.createRange();
            range.selectNodeContents(document.querySelector(selector));
            const rect = range.getBoundingClientRect();
            return {left: rect.left, right: rect.right};
        }""",
        selector,
    )


def fonts_drawing(tab, selector: str) -> dict[str, tuple[bool, int]]:
    """{family: (is a web font, glyphs)} of the fonts Chromium really used for the element's
    text."""
    session = tab.context.new_cdp_session(tab)
    session.send("DOM.enable")
    session.send("CSS.enable")
    document = session.send("DOM.getDocument")
    node = session.send(
        "DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector}
    )
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    session.detach()
    return {font["familyName"]: (font["isCustomFont"], font["glyphCount"]) for font in fonts}


def font_files_fetched(tab) -> list[str]:
    return tab.evaluate(
        "performance.getEntriesByType('resource').map(e => e.name).filter(n => /\\.woff2$/.test(n))"
    )


@pytest.mark.parametrize(("prefix", "direction"), [("/en/", "ltr"), ("/ar/", "rtl")])
def test_the_layout_follows_the_reading_direction(browser_page, arabic_pages, prefix, direction):
    tab = browser_page
    tab.set_viewport_size(DESKTOP)
    tab.goto(prefix)
    assert tab.evaluate("getComputedStyle(document.body).direction") == direction
    name, search = box(tab, ".site-header__name"), box(tab, ".site-search")
    first, second = tab.locator(".main-nav a").nth(0), tab.locator(".main-nav a").nth(1)
    container = box(tab, ".site-header__inner")
    heading = text_box(tab, "main h1")

    tab.keyboard.press("Tab")  # the skip link shows itself
    skip = box(tab, ".skip-link")
    assert tab.evaluate("document.activeElement.className") == "skip-link"

    if direction == "rtl":
        # The site's name at the right, the search to its left; the menu reads from the right.
        assert name["x"] > search["x"]
        assert first.bounding_box()["x"] > second.bounding_box()["x"]
        assert skip["x"] + skip["width"] > DESKTOP["width"] - 40
        # The name and the page's heading start at the right edge of the content.
        end = container["x"] + container["width"] - 16  # the container's padding
        assert abs(name["x"] + name["width"] - end) < 2
        assert abs(heading["right"] - end) < 2
        # Text the staff wrote in English (the footer's) keeps its own direction, so its full
        # stop stays at its end.
        footer = tab.locator(".site-footer p[dir=auto]")
        assert footer.evaluate("p => getComputedStyle(p).direction") == "ltr"
    else:
        assert name["x"] < search["x"]
        assert first.bounding_box()["x"] < second.bounding_box()["x"]
        assert skip["x"] < 40
        assert abs(name["x"] - (container["x"] + 16)) < 2
        assert abs(heading["left"] - (container["x"] + 16)) < 2


def test_arabic_text_is_drawn_in_the_sites_arabic_face(browser_page, arabic_pages):
    tab = browser_page
    tab.goto("/en/")
    tab.evaluate("document.fonts.ready.then(() => true)")
    # English pages never fetch it (the Arabic name in the language switcher is drawn by
    # the system's fonts): only the site's Latin face.
    assert [url.rsplit("/", 1)[-1] for url in sorted(font_files_fetched(tab))] == [
        "noto-sans-latin-400-normal.woff2",
        "noto-sans-latin-700-normal.woff2",
    ]

    tab.goto("/ar/")
    assert tab.evaluate("document.fonts.ready.then(() => true)")
    assert (
        tab.evaluate(
            """[...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Noto Sans Arabic'
            && f.status === 'loaded').map(f => f.weight).sort().join(',')"""
        )
        == "400,700"
    )
    assert [
        url.rsplit("/", 1)[-1]
        for url in sorted(font_files_fetched(tab))
        if "noto-sans-arabic" in url
    ] == [
        "noto-sans-arabic-arabic-400-normal.woff2",
        "noto-sans-arabic-arabic-700-normal.woff2",
    ]
    # Every letter of the heading and of the text below it; only the spaces (which the
    # face's Arabic subset leaves to the Latin fonts) come from elsewhere.
    for selector in ("main h1", ".hero p"):
        fonts = fonts_drawing(tab, selector)
        text = tab.locator(selector).first.text_content().strip()
        web_font, glyphs = fonts.pop("Noto Sans Arabic")
        assert web_font and glyphs, selector
        # (a space at a line break is not drawn at all)
        assert sum(glyphs for _, glyphs in fonts.values()) <= text.count(" "), selector
    # The Latin words of the page fall through to the site's Latin face.
    latin = fonts_drawing(tab, '.language-switcher a[lang="en"]')
    assert "Noto Sans Arabic" not in latin
    assert latin["Noto Sans"][0]


@pytest.mark.parametrize("name", ["home", "faq", "join"])
def test_arabic_pages_pass_axe_at_both_widths(browser_page, arabic_pages, name):
    tab = browser_page
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        tab.set_viewport_size(viewport)
        tab.goto(arabic_pages[name])
        tab.evaluate("document.fonts.ready.then(() => true)")
        assert tab.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert axe_violations(tab) == [], (name, width)
        screenshot(tab, f"rtl-{name}-{width}.png")


def separator_picture(tab) -> Image.Image:
    """The breadcrumb separator as drawn: the ::before box at the start of the second crumb."""
    rect = tab.evaluate(
        """() => {
            const crumb = document.querySelectorAll('.breadcrumbs li')[1];
            const box = crumb.getBoundingClientRect();
            const width = parseFloat(getComputedStyle(crumb, '::before').width);
            const rtl = getComputedStyle(crumb).direction === 'rtl';
            return {x: rtl ? box.right - width : box.left, y: box.top, width, height: box.height};
        }"""
    )
    return Image.open(BytesIO(tab.screenshot(clip=rect))).convert("L")


def test_the_breadcrumb_separator_points_along_the_trail(browser_page, arabic_pages):
    """In English the trail runs left to right and › points right; in Arabic it runs right to
    left and the separator is the same glyph turned round, pointing left."""
    tab = browser_page
    tab.set_viewport_size(DESKTOP)
    pictures = {}
    for url in ("/en/faq/", "/ar/faq/"):
        tab.goto(url)
        home, page = (tab.locator(".breadcrumbs li").nth(i).bounding_box() for i in (0, 1))
        assert (home["x"] > page["x"]) == url.startswith("/ar/")
        pictures[url] = separator_picture(tab)
    english, arabic = pictures["/en/faq/"], pictures["/ar/faq/"]
    assert english.size == arabic.size
    assert ImageChops.difference(english, arabic).getbbox() is not None  # not symmetric
    mirrored = ImageOps.mirror(english)
    # The two glyphs fall on different fractions of a pixel (the text before them is not a
    # whole number of pixels wide), so the mirrored one may sit up to a pixel to either side;
    # the edges, where the neighbouring link's underline can show, are left out.
    assert min(shifted_difference(mirrored, arabic, shift) for shift in (-1, 0, 1)) < 64


def shifted_difference(one, other, shift: int) -> int:
    """The largest difference between `one` moved `shift` pixels sideways and `other`,
    inside a 2-pixel margin."""
    width, height = one.size
    box = (2, 2, width - 2, height - 2)
    moved = ImageChops.offset(one, shift, 0)
    return ImageChops.difference(moved.crop(box), other.crop(box)).getextrema()[1]


def ink(locator) -> tuple[int, int]:
    """How far the first line of text in a box is from its left and right sides, in pixels
    (inside its border; the resizing handle further down is left out)."""
    picture = Image.open(BytesIO(locator.screenshot())).convert("L")
    inside = picture.crop((4, 4, picture.width - 4, min(40, picture.height - 4)))
    left, _, right, _ = ImageOps.invert(inside).point(lambda v: 255 if v > 100 else 0).getbbox()
    return left, inside.width - right


@pytest.mark.parametrize(
    ("url", "field"), [("/ar/account/login/", "#id_username"), ("/ar/join/", "textarea")]
)
def test_what_visitors_type_keeps_its_own_direction(browser_page, arabic_pages, url, field):
    """Latin text typed in an Arabic page's box starts at the left; Arabic text in the same
    box starts at the right. (The enquiry form's boxes say dir="auto" themselves; the
    stylesheet does it for every box, such as the login's.)"""
    tab = browser_page
    tab.set_viewport_size(DESKTOP)
    tab.goto(url)
    box = tab.locator(field)
    box.fill("amina@example.org")
    from_left, from_right = ink(box)
    assert from_left < 20 < from_right
    box.fill("داكار")
    from_left, from_right = ink(box)
    assert from_right < 20 < from_left


def tab_to(tab, selector: str, presses: int = 60) -> None:
    """Press Tab until the focused element matches `selector`, as a keyboard user would."""
    for _ in range(presses):
        tab.keyboard.press("Tab")
        if tab.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tabbing never reached {selector}")


def test_an_arabic_applicant_with_the_keyboard_alone(
    browser_page, arabic_pages, settings, monkeypatch
):
    """Issue 11's journey: open /ar/, switch to English and back, go to the form, send the
    enquiry with the keyboard only, read the thank-you page and get the acknowledgement, all
    in Arabic."""
    from captcha.conf import settings as captcha_settings

    from membership_forms.models import MembershipEnquiry

    settings.CAPTCHA_TEST_MODE = True
    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", True)
    settings.MEMBERSHIP_MIN_FILL_SECONDS = 0
    tab = browser_page
    tab.set_viewport_size(DESKTOP)
    tab.goto("/ar/")
    assert tab.locator("html").get_attribute("dir") == "rtl"

    tab_to(tab, '.language-switcher a[lang="en"]')
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/en/")
    assert tab.locator("html").get_attribute("lang") == "en"
    tab_to(tab, '.language-switcher a[lang="ar"]')
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/ar/")
    assert tab.locator("html").get_attribute("dir") == "rtl"

    tab_to(tab, 'main a[href$="/ar/join/"]')
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/ar/join/")
    tab_to(tab, '[name="your_name"]')
    for text in [
        "ليلى حداد",
        "مديرة برامج الوقاية",
        "عمّان",
        "الأردن",
        None,  # the region list: the arrow keys choose
        "layla@example.org",
        "",
        "نريد أن نتعلّم من مدن أخرى تعمل مع الشباب.",
    ]:
        if text is None:
            tab.keyboard.press("ArrowDown")
        elif text:
            tab.keyboard.type(text)
        tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.getAttribute('name')") == "security-check_1"
    tab.keyboard.type("PASSED")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/ar/join/?sent=*")

    enquiry = MembershipEnquiry.objects.get()
    assert (enquiry.language, enquiry.city, enquiry.contact_email) == (
        "ar",
        "عمّان",
        "layla@example.org",
    )
    assert tab.locator("html").get_attribute("dir") == "rtl"
    assert tab.get_by_text(enquiry.reference).first.is_visible()
    [acknowledgement] = [m for m in mail.outbox if m.to == ["layla@example.org"]]
    assert acknowledgement.subject == f"لقد تلقّينا استفساركم ({enquiry.reference})"
    assert acknowledgement.extra_headers["Content-Language"] == "ar"
    assert '<html lang="ar" dir="rtl">' in acknowledgement.alternatives[0][0]
