"""The site's own pages in French and Arabic: what a reader of each language sees on the
funding, principles, myths and search pages (words, dates, plurals, text of either direction)."""

import datetime

import pytest

from tests.home.test_i18n import add_page, translate
from tests.home.test_network_pages import (
    make_funding_page,
    make_myth_busting_page,
    make_principles_page,
)

pytestmark = pytest.mark.django_db


def test_the_french_funding_page(client, home_page):
    funding = make_funding_page(home_page)
    translate(home_page, "fr")
    html = client.get(translate(funding, "fr").url).content.decode()
    assert '<h2 id="funders-heading">Qui finance le réseau</h2>' in html
    assert '<th scope="col">Financeur</th>' in html
    assert '<td data-label="Type">Gouvernement</td>' in html
    assert '<td data-label="Années">2015–en cours</td>' in html
    assert "<h2>Les financements que nous refusons</h2>" in html


def test_the_arabic_principles_page_dates_its_last_review_in_arabic(client, home_page):
    principles = make_principles_page(home_page, last_reviewed=datetime.date(2026, 12, 1))
    translate(home_page, "ar")
    html = client.get(translate(principles, "ar").url).content.decode()
    assert 'آخر مراجعة في <time datetime="2026-12-01">1 ديسمبر، 2026</time>.' in html
    english = client.get(principles.url).content.decode()
    assert 'Last reviewed on <time datetime="2026-12-01">1 December 2026</time>.' in english


def test_the_french_myths_page_labels_myths_and_facts(client, home_page):
    myths = make_myth_busting_page(home_page)
    translate(home_page, "fr")
    html = client.get(translate(myths, "fr").url).content.decode()
    assert '<span class="myth-fact__label">Idée reçue :</span>' in html
    assert '<p class="myth-fact__label">Réalité :</p>' in html


@pytest.mark.parametrize(
    ("count", "summary"),
    [
        (1, "نتيجة واحدة عن «<bdi>Youth</bdi>»"),
        (2, "نتيجتان عن «<bdi>Youth</bdi>»"),
        (3, "3 نتائج عن «<bdi>Youth</bdi>»"),
        (11, "11 نتيجةً عن «<bdi>Youth</bdi>»"),
    ],
)
def test_arabic_search_counts_its_results_in_arabic(client, home_page, count, summary):
    arabic_home = translate(home_page, "ar")
    for number in range(count):
        add_page(arabic_home, f"Youth {number}")
    html = client.get("/ar/search/", {"q": "Youth"}).content.decode()
    assert f'<h2 class="search-summary" id="results-heading">{summary}</h2>' in html


def test_a_search_of_the_other_direction_is_isolated(client, home_page):
    html = client.get("/fr/search/", {"q": "عمّان"}).content.decode()
    assert "Aucun résultat pour « <bdi>عمّان</bdi> »" in html
    assert 'la <a href="/fr/">page d’accueil</a>' in html


def test_each_language_searches_its_own_pages(client, home_page):
    about = add_page(home_page, "Resilience", introduction="Cities building resilience")
    translate(home_page, "fr")
    translate(about, "fr", title="Résilience des villes", introduction="La résilience urbaine")
    french = client.get("/fr/search/", {"q": "résilience"}).content.decode()
    assert 'href="/fr/resilience/"' in french
    assert 'href="/en/resilience/"' not in french
    english = client.get("/en/search/", {"q": "resilience"}).content.decode()
    assert 'href="/en/resilience/"' in english
    assert 'href="/fr/resilience/"' not in english


def test_a_language_without_a_home_page_searches_the_english_pages(client, home_page):
    add_page(home_page, "Resilience")
    html = client.get("/ar/search/", {"q": "resilience"}).content.decode()
    assert 'href="/en/resilience/"' in html
