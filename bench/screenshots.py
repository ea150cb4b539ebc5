"""Pictures of the public site's look (`make screenshots`): every kind of page at 1280 and 390
px wide, in English and Arabic, from a running demo site (`make run`, or any address given
with --base-url), taken with Debian's Chromium through Playwright, written as optimised PNGs
into docs/images/look/ (docs/look.md shows them)."""

import argparse
import io
import os
from pathlib import Path

from PIL import Image

from bench.chromium import CHROMIUM_ARGS

OUT = Path(__file__).resolve().parent.parent / "docs" / "images" / "look"
# (name, path under the language prefix, languages): every page type of the docs' tour.
PAGES = [
    ("home", "", ("en", "ar")),
    ("faq", "faq/", ("en", "ar")),
    ("news", "news/", ("en", "ar")),
    ("story", None, ("en", "ar")),  # the newest story, found on the news index
    ("join", "join/", ("en", "ar")),
    ("principles", "principles/", ("en", "ar")),
    ("about", "about/", ("en",)),
    ("funding", "funding/", ("en",)),
    ("members", "members/", ("en",)),
    ("myths", "myth-busting/", ("en",)),
]
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
# The top of each page, long enough to show the header, the grid and the first content.
MAX_HEIGHT = {"desktop": 1600, "phone": 2200}


def save(png: bytes, path: Path, width: int) -> None:
    """A PNG of at most 96 colours, half the size on desktop: small enough for the repo."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    if width > 1000:
        image = image.resize((image.width * 3 // 4, image.height * 3 // 4), Image.LANCZOS)
    image.quantize(colors=96, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def report(target: Path) -> None:
    print(f"docs/images/look/{target.name}: {target.stat().st_size} bytes")


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default=f"http://127.0.0.1:{os.environ.get('PORT', 8000)}")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=CHROMIUM_ARGS
        )
        for size, (width, height) in WIDTHS.items():
            tab = browser.new_page(viewport={"width": width, "height": height})
            for name, path, languages in PAGES:
                for language in languages:
                    if path is None:
                        tab.goto(f"{args.base_url}/{language}/news/")
                        tab.locator(".news-card__title a").first.click()
                    else:
                        tab.goto(f"{args.base_url}/{language}/{path}")
                    tab.evaluate("document.fonts.ready.then(() => true)")
                    full = tab.evaluate("document.documentElement.scrollHeight")
                    clip = {"x": 0, "y": 0, "width": width, "height": min(full, MAX_HEIGHT[size])}
                    target = OUT / f"{name}-{language}-{size}.png"
                    save(tab.screenshot(clip=clip, full_page=True), target, width)
                    report(target)
            # The phone's menu, opened.
            if size == "phone":
                for language in ("en", "ar"):
                    tab.goto(f"{args.base_url}/{language}/")
                    tab.locator(".site-menu summary").click()
                    target = OUT / f"menu-{language}-phone.png"
                    save(tab.screenshot(), target, width)
                    report(target)
            tab.close()
        browser.close()


if __name__ == "__main__":
    main()
