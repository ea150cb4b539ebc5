"""The FAQ page's own words in French and Arabic (the questions are the editors')."""

import pytest

from tests.home.test_i18n import translate

from .helpers import make_faq_page

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
