"""How the site's Latin typeface files were made (`make fonts`; a developer's tool, not run by
the site or its tests). Noto Sans, SIL Open Font License 1.1, from Debian's `fonts-noto-core`
package, cut down with fontTools to the Latin characters English and French pages use and
written as WOFF2 into scn_wagtail/static/fonts/noto-sans/ (only those files are committed,
beside the licence). Needs `pip install fonttools brotli` in any virtual environment and
`apt-get install fonts-noto-core`.

The Arabic face beside it (fonts/noto-sans-arabic/) comes from the npm package
@fontsource/noto-sans-arabic; see docs/languages.md."""

import argparse
from pathlib import Path

SOURCE = Path("/usr/share/fonts/truetype/noto")
TARGET = Path(__file__).resolve().parent.parent / "scn_wagtail" / "static" / "fonts" / "noto-sans"
# Basic Latin, Latin-1, Latin Extended-A (œ, ŀ, ő...), the common punctuation (quotes, dashes,
# the ellipsis, the non-breaking spaces French puts before ; : ! ?), €, ™, arrows and minus.
# site.css's @font-face says the same range, so the browser asks for no other text.
UNICODE_RANGE = (
    "U+0000-00FF, U+0100-017F, U+0192, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+2000-206F, "
    "U+2074, U+20AC, U+2122, U+2190-2193, U+2212, U+2215, U+FEFF, U+FFFD"
)
WEIGHTS = {"400": "NotoSans-Regular.ttf", "700": "NotoSans-Bold.ttf"}


def unicodes(spec: str) -> list[int]:
    points = []
    for part in spec.split(","):
        start, _, end = part.strip().removeprefix("U+").partition("-")
        points += range(int(start, 16), int(end or start, 16) + 1)
    return points


def main() -> None:
    from fontTools import subset

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    args = parser.parse_args()
    TARGET.mkdir(parents=True, exist_ok=True)
    for weight, name in WEIGHTS.items():
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["kern", "liga", "calt", "ccmp", "locl", "mark", "mkmk"]
        options.name_IDs = ["*"]  # keep the copyright and licence names
        options.hinting = False
        options.desubroutinize = True
        font = subset.load_font(str(args.source / name), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes(UNICODE_RANGE))
        subsetter.subset(font)
        out = TARGET / f"noto-sans-latin-{weight}-normal.woff2"
        subset.save_font(font, str(out), options)
        print(f"{out.relative_to(TARGET.parent.parent.parent.parent)}: {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
