"""The demo content in French and Arabic (issue 11): the home page, FAQ, principles, the join
page and three news stories, made with wagtail-localize from the English demo pages."""

from django.core.management import call_command

from wagtail.models import Page, PageLogEntry, Revision

import pytest
from wagtail_localize.models import Translation, TranslationSource

from faq.models import FAQPage
from membership_forms.models import FormField, MembershipEnquiryPage
from news.models import NewsPage

pytestmark = pytest.mark.django_db


def counts():
    models = (Page, Revision, PageLogEntry, TranslationSource, Translation, FormField)
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def demo(db):
    call_command("load_demo_content", verbosity=0)


def page_html(client, url, language):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in html
    return html


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "fr",
            {
                "/fr/": [
                    '<h1 id="hero-heading">Des villes qui agissent ensemble contre l’extrémisme '
                    "violent</h1>",
                    '<a class="button button--large" href="/fr/join/">Demander à rejoindre le '
                    "réseau</a>",
                ],
                "/fr/faq/": [
                    "<h1>Questions fréquentes</h1>",
                    "<summary>Comment une ville adhère-t-elle\u00a0?</summary>",
                    '<a href="/fr/join/">formulaire de demande d’adhésion</a>',
                    '<a href="/fr/principles/">nos principes</a>',
                ],
                "/fr/principles/": [
                    "<h1>Nos principes</h1>",
                    '<li id="principle-human-rights">\n    <h2 class="principles__title">'
                    "Droits humains</h2>",
                ],
                "/fr/join/": [
                    "<h1>Rejoindre le réseau</h1>",
                    '<label class="field__label" for="id_city">Ville</label>',
                ],
                "/fr/news/": ["<h1>Actualités</h1>"],
            },
        ),
        (
            "ar",
            {
                "/ar/": [
                    '<h1 id="hero-heading">مدن تعمل معًا في مواجهة التطرف العنيف</h1>',
                    '<a class="button button--large" href="/ar/join/">اطلب الانضمام إلى الشبكة</a>',
                ],
                "/ar/faq/": [
                    "<h1>الأسئلة الشائعة</h1>",
                    "<summary>كيف تنضم مدينة إلى الشبكة؟</summary>",
                    '<a href="/ar/join/">استمارة طلب الانضمام</a>',
                    '<a href="/ar/principles/">مبادئنا</a>',
                ],
                "/ar/principles/": [
                    "<h1>مبادئنا</h1>",
                    '<li id="principle-human-rights">\n    <h2 class="principles__title">'
                    "حقوق الإنسان</h2>",
                ],
                "/ar/join/": [
                    "<h1>انضمّ إلى الشبكة</h1>",
                    '<label class="field__label" for="id_city">المدينة</label>',
                ],
                "/ar/news/": ["<h1>الأخبار</h1>"],
            },
        ),
    ],
)
def test_the_demo_pages_in_french_and_arabic(client, demo, language, words):
    for url, expected in words.items():
        html = page_html(client, url, language)
        for text in expected:
            assert text in html, (url, text)
    stories = NewsPage.objects.live().filter(locale__language_code=language)
    assert stories.count() == 3
    for story in stories:
        assert story.title not in NewsPage.objects.filter(locale__language_code="en").values_list(
            "title", flat=True
        )
        assert story.title in page_html(client, story.url, language)
    # The translated form fills the same columns as the English one.
    english, translated = (
        MembershipEnquiryPage.objects.get(locale__language_code=code) for code in ("en", language)
    )
    assert [(f.clean_name, f.maps_to) for f in translated.form_fields.all()] == [
        (f.clean_name, f.maps_to) for f in english.form_fields.all()
    ]
    assert [f.label for f in translated.form_fields.all()] != [
        f.label for f in english.form_fields.all()
    ]


def test_loading_the_demo_again_changes_nothing_and_keeps_editors_changes(client, demo):
    french_faq = FAQPage.objects.get(locale__language_code="fr")
    french_faq.title = "Vos questions"
    french_faq.save_revision().publish()
    first = counts()
    call_command("load_demo_content", verbosity=0)
    assert counts() == first
    assert "<h1>Vos questions</h1>" in page_html(client, "/fr/faq/", "fr")
    # The language switcher now leads to each page's own translation.
    html = page_html(client, "/en/faq/", "en")
    assert '<a href="/fr/faq/" hreflang="fr" lang="fr">Français</a>' in html
    assert '<link rel="alternate" hreflang="ar" href="http://testserver/ar/faq/">' in html


def test_editors_find_the_demo_translations_complete_in_wagtail_localize(client, demo):
    """Every string of each synced translation is translated, and updating one from its
    English page keeps the translated words."""
    translations = Translation.objects.select_related("source", "target_locale")
    assert translations.count() == 2 * 7  # home, join, FAQ, news index, three stories
    for translation in translations:
        total, translated = translation.get_progress()
        assert total == translated, translation
    faq = translations.get(
        source__object_id=FAQPage.objects.get(locale__language_code="en").translation_key,
        target_locale__language_code="ar",
    )
    faq.save_target()
    html = page_html(client, "/ar/faq/", "ar")
    assert "<summary>كيف تنضم مدينة إلى الشبكة؟</summary>" in html
    assert '<a href="/ar/join/">استمارة طلب الانضمام</a>' in html
