"""The frame's pages are valid HTML and pass axe-core's WCAG 2.2 AA rules."""

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest

from home.models import StandardPage
from tests.quality import axe_violations, html_errors


def build_pages(home_page):
    image = Image.objects.create(title="Town hall", file=get_test_image_file())
    about = StandardPage(
        title="About the network",
        slug="about",
        show_in_menus=True,
        introduction="Who we are.",
        body=[
            ("heading", {"text": "Who we are", "level": "h2"}),
            ("paragraph", "<p>Mayors & practitioners.</p>"),
            ("image", {"image": image, "alt_text": "A town hall", "caption": "Our host"}),
            ("quote", {"quote": "Learn from peers.", "attribution": "A mayor"}),
            (
                "call_to_action",
                {
                    "heading": "Join",
                    "text": "Ask us.",
                    "page": home_page,
                    "external_url": "",
                    "button_label": "Send an enquiry",
                },
            ),
        ],
    )
    home_page.add_child(instance=about)
    about.save_revision().publish()
    return [
        "/en/",
        "/en/about/",
        "/en/search/",
        "/en/search/?q=network",
        "/en/search/?q=zzz",
        "/en/missing/",
    ]


@pytest.mark.django_db
def test_frame_pages_are_valid_html(client, home_page):
    documents = {url: client.get(url).content.decode() for url in build_pages(home_page)}
    assert html_errors(documents) == []


@pytest.mark.browser
def test_frame_pages_pass_axe(browser_page, home_page):
    for url in build_pages(home_page):
        browser_page.goto(url)
        assert axe_violations(browser_page) == [], url
