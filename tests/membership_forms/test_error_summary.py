"""The error summary at the top of a form sent back: each line names the answer and says what
is wrong, and reads as a sentence in English, French and Arabic, whether the answer's label is
a question ("…join? This field is required.") or not ("City: This field is required.")."""

import re
from html import unescape

from django.utils import translation
from django.utils.translation import gettext

import pytest

from membership_forms.forms import error_line
from membership_forms.models import Region

from .conftest import make_enquiry_page, post_data
from .test_languages import FRENCH_LABELS, translate

pytestmark = pytest.mark.django_db

ARABIC_LABELS = {
    "City": "المدينة",
    "Why would your city like to join?": "لماذا ترغب مدينتكم في الانضمام؟",
}
# language: (the city's label, the question's label)
LABELS = {
    "en": ("City", "Why would your city like to join?"),
    "fr": ("Ville", "Pourquoi votre ville souhaite-t-elle adhérer ?"),
    "ar": ("المدينة", "لماذا ترغب مدينتكم في الانضمام؟"),
}
SEPARATORS = {"en": ": ", "fr": "\u00a0: ", "ar": ": "}


def summary_lines(html: str) -> list[str]:
    summary = re.search(r'<ul class="error-summary__list">(.*?)</ul>', html, re.DOTALL).group(1)
    return [
        unescape(re.sub(r"<[^>]+>", "", item)).strip()
        for item in re.findall(r"<li>(.*?)</li>", summary, re.DOTALL)
    ]


@pytest.fixture
def pages(home_page):
    english = make_enquiry_page(home_page)
    pages = {"en": english}
    for language, labels in (("fr", FRENCH_LABELS), ("ar", ARABIC_LABELS)):
        translate(home_page, language)
        pages[language] = translate(english, language, labels)
    return pages


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_each_line_of_the_summary_reads_as_a_sentence(client, pages, language):
    page = pages[language]
    with translation.override(language):
        region = str(Region.SUB_SAHARAN_AFRICA.label)
        required = gettext("This field is required.")
    response = client.post(
        page.url,
        post_data(page, region=region, city="", why_would_your_city_like_to_join=""),
    )
    assert response.status_code == 400
    city, question = LABELS[language]
    lines = summary_lines(response.content.decode())
    assert lines == [f"{city}{SEPARATORS[language]}{required}", f"{question} {required}"]
    # Never a colon straight after the question's own mark.
    assert not any(re.search(r"[?؟]\s*:", line) for line in lines)


@pytest.mark.parametrize(
    ("language", "label", "expected"),
    [
        ("en", "City", "<bdi>City</bdi>: This field is required."),
        (
            "en",
            "Why would your city like to join?",
            "<bdi>Why would your city like to join?</bdi> This field is required.",
        ),
        ("en", "", "This field is required."),
        ("en", "<b>City</b>", "<bdi>&lt;b&gt;City&lt;/b&gt;</bdi>: This field is required."),
        ("fr", "Ville", "<bdi>Ville</bdi>\u00a0: Champ requis."),
        ("fr", "Pourquoi adhérer ?", "<bdi>Pourquoi adhérer ?</bdi> Champ requis."),
        ("ar", "المدينة", "<bdi>المدينة</bdi>: هذا الحقل مطلوب."),
        ("ar", "لماذا؟", "<bdi>لماذا؟</bdi> هذا الحقل مطلوب."),
        # An English label in the Arabic form: isolated, its question mark stays at its end.
        ("ar", "Why join?", "<bdi>Why join?</bdi> هذا الحقل مطلوب."),
    ],
)
def test_error_line(language, label, expected):
    """Each line as HTML: the label isolated in its own direction (editors' labels may be in
    another language than the page), and escaped."""
    with translation.override(language):
        assert error_line(label, gettext("This field is required.")) == expected
