"""Links to pages in rich text lead to the page in the visitor's language when it has a live
translation, and cost the same queries however many links a text holds."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import Page
from wagtail.rich_text import expand_db_html

import pytest

from tests.home.test_i18n import add_page, translate

pytestmark = pytest.mark.django_db


def links_to(*pages) -> str:
    return "".join(f'<p><a linktype="page" id="{page.pk}">{page.title}</a></p>' for page in pages)


def test_a_french_reader_follows_links_to_french_pages_where_they_exist(home_page):
    about = add_page(home_page, "About")
    contact = add_page(home_page, "Contact")
    draft_only = add_page(home_page, "Plans")
    translate(home_page, "fr")
    translate(about, "fr", title="À propos", slug="a-propos")
    french_plans = translate(draft_only, "fr", title="Projets", slug="projets")
    Page.objects.filter(pk=french_plans.pk).update(live=False)

    with translation.override("fr"):
        html = expand_db_html(links_to(about, contact, draft_only))

    assert '<a href="/fr/a-propos/">About</a>' in html
    # No French version: the English page; a French draft is not followed either.
    assert '<a href="/en/contact/">Contact</a>' in html
    assert '<a href="/en/plans/">Plans</a>' in html


def test_links_cost_the_same_queries_for_two_pages_as_for_twenty(home_page):
    pages = [add_page(home_page, f"Page {number}") for number in range(20)]
    translate(home_page, "fr")
    translate(pages[0], "fr", slug="page-fr")

    def queries_for(links):
        with translation.override("fr"), CaptureQueriesContext(connection) as queries:
            expand_db_html(links)
        return len(queries)

    separate_texts = [links_to(page) for page in pages[:2]]
    assert queries_for(links_to(*pages[:2])) == queries_for(links_to(*pages)) == 2
    assert sum(queries_for(text) for text in separate_texts) == 4
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        expand_db_html(links_to(*pages))
    assert len(queries) == 1  # every page already in the reader's language
