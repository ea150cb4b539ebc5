"""The FAQ page's own words in French and Arabic (the questions are the editors')."""

import pytest

from tests.home.test_i18n import translate

from .helpers import make_faq_page
from .test_pages import structured_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "contents", "more", "search"),
    [
        ("fr", "Sur cette page", "Vous ne trouvez pas votre réponse ?", "faire une recherche"),
        ("ar", "في هذه الصفحة", "لم تجد إجابة عن سؤالك؟", "البحث في الموقع"),
    ],
)
def test_the_faq_frame_speaks_the_pages_language(
    client, home_page, language, contents, more, search
):
    faq = make_faq_page(home_page)
    translate(home_page, language)
    html = client.get(translate(faq, language).url).content.decode()
    assert f'<h2 id="faq-contents">{contents}</h2>' in html
    assert f'<h2 id="faq-more-questions">{more}</h2>' in html
    assert f'<a href="/{language}/search/">{search}' in html


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_json_ld_names_the_language_of_the_page(client, home_page, language):
    faq = make_faq_page(home_page)
    assert structured_data(client.get(faq.url).content.decode())["inLanguage"] == "en"
    translate(home_page, language)
    html = client.get(translate(faq, language).url).content.decode()
    assert structured_data(html)["inLanguage"] == language


def test_the_english_faq_shown_at_a_french_address_says_it_is_english(client, home_page):
    """No French home page yet: /fr/faq/ shows the English questions, and says so."""
    make_faq_page(home_page)
    assert structured_data(client.get("/fr/faq/").content.decode())["inLanguage"] == "en"
