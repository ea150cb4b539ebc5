"""The guides in docs/ link only to things that exist."""

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
LINK = re.compile(r"\]\(([^)#\s]+)\)")


@pytest.mark.parametrize("guide", sorted(DOCS.glob("*.md")), ids=lambda path: path.name)
def test_relative_links_and_images_exist(guide):
    targets = [t for t in LINK.findall(guide.read_text()) if "://" not in t]
    missing = [t for t in targets if not (guide.parent / t).exists()]
    assert missing == []


def test_the_staff_guide_shows_every_step_of_the_journey():
    linked = set(LINK.findall((DOCS / "staff-guide.md").read_text()))
    pictures = {f"images/{path.name}" for path in (DOCS / "images").glob("journey-*.png")}
    assert len(pictures) == 10
    assert pictures - linked == set()
