"""Site-wide behaviour: search, sitemap, robots, error pages, query counts, demo content."""

import os
import subprocess
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from wagtail.documents import get_document_model
from wagtail.images.models import Image
from wagtail.models import Page, PageLogEntry, PageViewRestriction, Revision

import pytest

from home.models import FundingPage, SiteSettings, StandardPage
from home.selectors import current_principles

ROOT = Path(__file__).resolve().parents[2]


def add_page(parent, title, **kwargs):
    kwargs.setdefault("slug", title.lower().replace(" ", "-"))
    page = StandardPage(title=title, **kwargs)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.django_db
class TestSearch:
    def test_finds_live_pages_and_not_drafts(self, client, home_page):
        add_page(home_page, "Youth engagement", introduction="Programmes with young people")
        draft = StandardPage(title="Youth draft", slug="youth-draft", live=False)
        home_page.add_child(instance=draft)
        response = client.get("/en/search/", {"q": "youth"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Youth engagement" in html
        assert "Youth draft" not in html
        assert "1 result for" in html

    def test_no_results_says_so(self, client, home_page):
        response = client.get("/en/search/", {"q": "zzzxqy"})
        assert response.status_code == 200
        assert "No results for “<bdi>zzzxqy</bdi>”" in response.content.decode()

    @pytest.mark.parametrize("page_number", ["abc", "-1", "0", "9999", "1e9", "", "%00"])
    def test_bad_page_numbers_never_break(self, client, home_page, page_number):
        for index in range(12):
            add_page(home_page, f"Network story {index}")
        response = client.get("/en/search/", {"q": "network", "page": page_number})
        assert response.status_code == 200
        assert "Network story" in response.content.decode()

    def test_paginates_and_keeps_the_query(self, client, home_page):
        for index in range(12):
            add_page(home_page, f"Network story {index}")
        first = client.get("/en/search/", {"q": "network story"}).content.decode()
        assert "Page 1 of 2" in first
        assert 'href="?q=network+story&amp;page=2"' in first
        second = client.get("/en/search/", {"q": "network story", "page": 2}).content.decode()
        assert "Page 2 of 2" in second

    def test_query_is_escaped(self, client, home_page):
        response = client.get("/en/search/", {"q": "<script>alert(1)</script>"})
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
class TestSiteFiles:
    def test_sitemap_lists_live_pages(self, client, home_page):
        add_page(home_page, "About the network")
        response = client.get("/sitemap.xml")
        assert response.status_code == 200
        assert "/en/about-the-network/</loc>" in response.content.decode()

    def test_robots_names_the_sitemap(self, client, home_page):
        response = client.get("/robots.txt")
        assert response["Content-Type"].startswith("text/plain")
        assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


@pytest.mark.django_db
class TestErrorPages:
    def test_friendly_404(self, client, home_page):
        response = client.get("/en/no-such-page/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "<h1>Page not found</h1>" in html
        assert 'role="search"' in html

    def test_500_page_touches_no_database(self, django_assert_num_queries):
        request = RequestFactory().get("/")
        with django_assert_num_queries(0):
            response = server_error(request)
        assert response.status_code == 500
        assert "Something went wrong" in response.content.decode()

    def test_missing_csrf_token_gets_a_friendly_403(self, home_page):
        client = Client(enforce_csrf_checks=True)
        response = client.post("/admin/login/", {"username": "x", "password": "y"})
        assert response.status_code == 403
        assert "Your form has expired" in response.content.decode()


@pytest.mark.usefixtures("page_cache_off")
@pytest.mark.django_db
def test_home_page_queries_do_not_grow_with_menu_pages(
    client, home_page, django_assert_max_num_queries
):
    for index in range(3):
        add_page(home_page, f"Section {index}", show_in_menus=True)
    client.get("/en/")  # warm the site-root-paths cache
    with django_assert_max_num_queries(100) as few:
        response = client.get("/en/")
    queries_with_three = len(few)
    assert response.content.decode().count('<li><a href="/en/section-') == 3

    for index in range(3, 30):
        add_page(home_page, f"Section {index}", show_in_menus=True)
    client.get("/en/")
    with django_assert_max_num_queries(queries_with_three):
        response = client.get("/en/")
    assert response.content.decode().count('<li><a href="/en/section-') == 30


@pytest.mark.django_db
def test_menu_leaves_out_sections_the_visitor_may_not_enter(client, home_page):
    """Checked by the database in the menu's one query: a password section appears once its
    password is given, a login section once signed in."""
    add_page(home_page, "Open", show_in_menus=True)
    secret = add_page(home_page, "Secret", show_in_menus=True)
    staff = add_page(home_page, "Staff", show_in_menus=True)
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    PageViewRestriction.objects.create(page=staff, restriction_type=PageViewRestriction.LOGIN)

    def menu_links():
        html = client.get("/en/").content.decode()
        menu = html.split('<nav class="main-nav"')[1].split("</nav>")[0]
        return [slug for slug in ("open", "secret", "staff") if f'href="/en/{slug}/"' in menu]

    assert menu_links() == ["open"]
    restriction = secret.get_view_restrictions().get()
    response = client.post(
        f"/en/_util/authenticate_with_password/{restriction.pk}/{secret.pk}/",
        {"password": "letmein", "return_url": "/en/secret/"},
    )
    assert response.status_code == 302
    assert menu_links() == ["open", "secret"]
    client.force_login(get_user_model().objects.create_user("reader", password="x" * 20))
    assert menu_links() == ["open", "secret", "staff"]


def demo_counts():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        get_document_model().objects.count(),
        Image.objects.count(),
        PageViewRestriction.objects.count(),
    )


@pytest.mark.django_db
def test_demo_content_is_idempotent(client):
    call_command("load_demo_content", verbosity=0)
    counts = demo_counts()
    call_command("load_demo_content", verbosity=0)
    assert demo_counts() == counts
    settings = SiteSettings.objects.get()
    assert settings.contact_email
    assert Page.objects.filter(slug="about", live=True).exists()

    # The FAQ links to the Terms of Reference set in the site settings, a real PDF.
    terms = settings.terms_of_reference
    assert terms.file.read(5) == b"%PDF-"
    faq = client.get("/en/faq/").content.decode()
    assert f'<a href="{terms.url}">read the Terms of Reference</a>' in faq
    assert 'id="how-do-we-join"' in faq
    assert '<a href="/en/join/">membership enquiry form</a>' in faq
    assert len(current_principles()) == 7
    assert FundingPage.objects.get().funders.count() == 4
    assert client.get("/en/online-hub/").status_code == 302


@pytest.mark.django_db
def test_ensure_admin_creates_a_working_login(client, settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("ADMIN_PASSWORD", "a-long-local-password")
    call_command("ensure_admin", verbosity=0)
    call_command("ensure_admin", verbosity=0)
    assert get_user_model().objects.filter(username="admin", is_superuser=True).count() == 1
    assert client.login(username="admin", password="a-long-local-password")
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_the_admin_loads_no_avatars_from_another_host(client):
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.org"))
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html
    assert "avatar" in html  # Wagtail's own default avatar is still shown


def run_production_check(**extra_env):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(extra_env)
    return subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--settings=scn_wagtail.settings.production",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = run_production_check(
        SECRET_KEY="k" * 20 + "-production-secret-for-the-check-only-" + "z" * 20,
        ALLOWED_HOSTS="www.example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr


def test_the_deploy_check_asks_for_a_shared_page_cache():
    result = run_production_check(
        SECRET_KEY="k" * 20 + "-production-secret-for-the-check-only-" + "z" * 20,
        ALLOWED_HOSTS="www.example.org",
        REDIS_URL="",
    )
    assert "home.W001" in result.stderr
    assert "Set REDIS_URL" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_production_check(SECRET_KEY="", ALLOWED_HOSTS="www.example.org")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
