"""How the site's raster pictures of its logo were made (`make icons`; a developer's tool,
not run by the site or its tests): Debian's Chromium draws the SVG logo (the same drawing as
templates/includes/logo_mark.html) and Pillow writes favicon.ico (16, 32 and 48 px), the
180 px apple-touch-icon.png and social.png, the 1200 x 630 card link previews show for a page
without a picture of its own. Written into scn_wagtail/static/images/."""

import io
import os
from pathlib import Path

from PIL import Image

from bench.chromium import CHROMIUM_ARGS

IMAGES = Path(__file__).resolve().parent.parent / "scn_wagtail" / "static" / "images"
FONTS = IMAGES.parent / "fonts" / "noto-sans"

SOCIAL = """<!DOCTYPE html><html><head><style>
@font-face {{ font-family: N; font-weight: 400;
  src: url("{fonts}/noto-sans-latin-400-normal.woff2"); }}
@font-face {{ font-family: N; font-weight: 700;
  src: url("{fonts}/noto-sans-latin-700-normal.woff2"); }}
html, body {{ margin: 0; width: 1200px; height: 630px; }}
body {{ background: #fbf6ef; font-family: N; color: #1f1d36; display: grid;
  grid-template-columns: 300px 1fr; align-items: center; gap: 56px; padding: 0 96px;
  box-sizing: border-box; border-bottom: 28px solid #5b2a86; position: relative; }}
img {{ width: 300px; height: 300px; }}
h1 {{ font-size: 78px; line-height: 1.05; margin: 0 0 18px; }}
p {{ font-size: 34px; margin: 0; color: #a8391a; font-weight: 700; letter-spacing: 2px; }}
.band {{ position: absolute; inset: auto 0 0 0; height: 12px; background: #f2a541; }}
</style></head><body><img src="{mark}" alt=""><div><h1>Strong Cities<br>Network</h1>
<p>CITIES AGAINST HATE AND VIOLENT EXTREMISM</p></div><div class="band"></div></body></html>"""


def main() -> None:
    from playwright.sync_api import sync_playwright

    mark = (IMAGES / "logo-mark.svg").as_uri()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=CHROMIUM_ARGS
        )
        tab = browser.new_page(viewport={"width": 256, "height": 256})
        page = IMAGES / "_mark.html"
        page.write_text(
            f'<body style="margin:0"><img src="{mark}" width="256" height="256" alt=""></body>'
        )
        try:
            tab.goto(page.as_uri())
            shot = tab.screenshot(omit_background=True)
        finally:
            page.unlink()
        big = Image.open(io.BytesIO(shot)).convert("RGBA")
        big.save(IMAGES / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
        touch = Image.new("RGBA", (180, 180), "#ffffff")
        inner = big.resize((156, 156), Image.LANCZOS)
        touch.alpha_composite(inner, (12, 12))
        touch.convert("RGB").save(IMAGES / "apple-touch-icon.png", optimize=True)
        tab = browser.new_page(viewport={"width": 1200, "height": 630})
        path = IMAGES / "_social.html"
        path.write_text(SOCIAL.format(fonts=FONTS.as_uri(), mark=mark), encoding="utf-8")
        try:
            tab.goto(path.as_uri())
            tab.evaluate("document.fonts.ready.then(() => true)")
            png = Image.open(io.BytesIO(tab.screenshot()))
        finally:
            path.unlink()
        png.convert("P", palette=Image.ADAPTIVE, colors=64).save(
            IMAGES / "social.png", optimize=True
        )
        browser.close()
    for name in ("favicon.ico", "apple-touch-icon.png", "social.png"):
        print(f"{name}: {(IMAGES / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()
