"""The living style guide (docs/style-guide.md): django-pattern-library at /pattern-library/
under the dev and test settings. Every pattern renders, is valid HTML and passes axe-core; the
patterns show the site's own includes, so what the next designer sees there is what visitors
get; and production neither installs nor serves it."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

import pytest
import yaml
from pattern_library.utils import TemplateRenderer, get_pattern_config

from tests.membership_forms.conftest import make_enquiry_page, post_data
from tests.membership_forms.factories import make_principles_page
from tests.quality import axe_violations, html_errors

ROOT = Path(__file__).resolve().parent.parent
INDEX = "/pattern-library/"


def pattern_names(group=None) -> list[str]:
    """Every pattern the library finds, as the names its addresses use."""
    group = group or TemplateRenderer.get_pattern_templates()
    names = [template.origin.template_name for template in group["templates_stored"]]
    for subgroup in group["template_groups"].values():
        names += pattern_names(subgroup)
    return sorted(names)


PATTERNS = pattern_names()
ERROR_SUMMARY = "patterns/components/error_summary/error_summary.html"


def render_url(name: str) -> str:
    return f"{INDEX}render-pattern/{name}"


def test_the_library_holds_every_component_the_site_is_made_of():
    components = {name.split("/")[2] for name in PATTERNS if name.startswith("patterns/comp")}
    assert {
        "header",
        "main_menu",
        "footer",
        "breadcrumbs",
        "language_switcher",
        "pagination",
        "news_card",
        "latest_news",
        "faq_question",
        "principle",
        "buttons",
        "form_field",
        "error_summary",
        "notice",
        "progress",
    } <= components
    assert {"patterns/pages/funding_page.html", "patterns/pages/member_directory_page.html"} <= set(
        PATTERNS
    )
    # Each pattern has a YAML file with a name for the library's menu.
    for name in PATTERNS:
        assert get_pattern_config(name).get("name"), name


@pytest.mark.django_db
def test_the_index_lists_every_pattern(client):
    response = client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    for name in PATTERNS:
        assert get_pattern_config(name)["name"] in html, name
        assert client.get(f"{INDEX}pattern/{name}").status_code == 200, name


@pytest.mark.django_db
@pytest.mark.parametrize("name", PATTERNS)
def test_every_pattern_renders(client, name):
    response = client.get(render_url(name))
    assert response.status_code == 200, name
    html = response.content.decode()
    assert html.startswith("<!DOCTYPE html>") or "<!DOCTYPE html>" in html[:200], name
    assert "<html lang=" in html
    # The patterns are never stored by the page cache, and never indexed.
    assert "s-maxage" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_a_pattern_is_shown_in_another_language_and_direction(client):
    html = client.get(render_url(ERROR_SUMMARY), {"lang": "ar"}).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "هذا الحقل مطلوب." in html
    html = client.get(render_url(ERROR_SUMMARY), {"lang": "fr"}).content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Ville" not in html  # the sample's own words stay as the YAML writes them
    assert (
        client.get(render_url(ERROR_SUMMARY), {"lang": "de"})
        .content.decode()
        .startswith('<!DOCTYPE html>\n<html lang="en"')
    )


@pytest.mark.django_db
def test_every_pattern_is_valid_html(client):
    documents = {
        f"{name}?lang={language}": client.get(render_url(name), {"lang": language}).content.decode()
        for name in PATTERNS
        for language in ("en", "ar")
    }
    errors = html_errors(documents)
    assert errors == [], "\n".join(errors)


@pytest.mark.browser
def test_every_pattern_passes_axe_under_the_sites_own_policy(browser_page):
    """Each pattern as the library's frame shows it, under the public pages' strict
    Content-Security-Policy (browser_page fails the test on any violation); the library's
    own frame around them, whose script adds inline styles, opens without one too."""
    failures = {}
    for name in PATTERNS:
        for language in ("en", "ar"):
            browser_page.goto(f"{render_url(name)}?lang={language}")
            violations = axe_violations(browser_page)
            if violations:
                failures[f"{name}?lang={language}"] = violations
    assert failures == {}
    browser_page.goto(f"{INDEX}pattern/patterns/components/news_card/news_card.html")
    frame = browser_page.frame_locator("iframe").first
    frame.locator(".news-card").first.wait_for()


@pytest.mark.django_db
def test_only_the_library_frame_has_the_looser_policy(client):
    frame = client.get(INDEX)["Content-Security-Policy"]
    pattern = client.get(render_url(PATTERNS[0]))["Content-Security-Policy"]
    assert "'unsafe-inline'" in frame
    assert "'unsafe-inline'" not in pattern
    assert pattern == client.get("/en/")["Content-Security-Policy"]


def clean_environment() -> dict[str, str]:
    """This process's environment without what the tests themselves set: the browser tests'
    DJANGO_ALLOW_ASYNC_UNSAFE (which check --deploy rightly refuses), DEBUG."""
    left_out = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    return {key: value for key, value in os.environ.items() if key not in left_out}


# Asked of a settings module in a fresh interpreter: whether the style guide is installed,
# whether /pattern-library/ is an address, and what `check --deploy` says.
PROBE = """
import django
from django.apps import apps
from django.urls import Resolver404, resolve
django.setup()
installed = apps.is_installed("pattern_library") or apps.is_installed("scn_wagtail.styleguide")
try:
    resolve("/pattern-library/")
    mounted = True
except Resolver404:
    mounted = False
print(f"installed={installed} mounted={mounted}")
"""


def probe(settings_module: str, **env) -> str:
    environment = {
        **clean_environment(),
        "DJANGO_SETTINGS_MODULE": settings_module,
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "scn.example.org",
        **env,
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("settings_module", "env", "expected"),
    [
        ("scn_wagtail.settings.production", {}, "installed=False mounted=False"),
        ("scn_wagtail.settings.dev", {"DEBUG": "false"}, "installed=False mounted=False"),
        ("scn_wagtail.settings.dev", {"DEBUG": "true"}, "installed=True mounted=True"),
        ("scn_wagtail.settings.test", {}, "installed=True mounted=True"),
    ],
)
def test_the_library_is_served_only_while_debugging_and_in_tests(settings_module, env, expected):
    assert probe(settings_module, **env) == expected


def test_production_deploy_checks_stay_clean():
    environment = {
        **clean_environment(),
        "DJANGO_SETTINGS_MODULE": "scn_wagtail.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "scn.example.org",
        # As production runs: one cache for every process (the check reads the setting only).
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_production_package_list_leaves_the_library_out():
    """django-pattern-library is a dev extra: a production install does not bring it."""
    project = (ROOT / "pyproject.toml").read_text()
    dependencies = project.split("[project.optional-dependencies]")[0]
    assert "django-pattern-library" not in dependencies
    assert "django-pattern-library" in project
    assert "pattern_library" not in settings.INSTALLED_APPS[: -len(settings.STYLE_GUIDE_APPS)]


def templates_used(response) -> set[str]:
    return {template.name for template in response.templates if template.name}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("pattern", "include"),
    [
        ("components/principle/principle.html", "home/includes/principle.html"),
        (
            "components/error_summary/error_summary.html",
            "membership_forms/includes/error_summary.html",
        ),
        ("components/form_field/form_field.html", "membership_forms/includes/field.html"),
        ("components/header/header.html", "includes/header.html"),
        ("components/footer/footer.html", "includes/footer.html"),
        ("components/main_menu/main_menu.html", "includes/main_menu.html"),
        ("components/language_switcher/language_switcher.html", "includes/language_switcher.html"),
        ("components/breadcrumbs/breadcrumbs.html", "includes/breadcrumbs.html"),
    ],
)
def test_a_pattern_and_the_real_page_render_the_same_include(client, home_page, pattern, include):
    if include == "home/includes/principle.html":
        make_principles_page()
        page = client.get("/en/principles/")
    elif include.startswith("membership_forms/"):
        enquiry_page = make_enquiry_page(home_page)
        page = client.post(enquiry_page.url, post_data(enquiry_page, city=""))
        assert page.status_code == 400
    else:
        make_principles_page()
        page = client.get("/en/principles/")  # the frame: header, menu, trail, footer
    assert page.status_code in (200, 400)
    assert include in templates_used(page)
    assert include in templates_used(client.get(render_url(f"patterns/{pattern}")))


@pytest.mark.django_db
def test_the_principle_pattern_is_the_principles_pages_markup(client):
    """The same principle in the pattern's YAML and on the page gives the same list item."""
    config = yaml.safe_load(
        (
            ROOT / "scn_wagtail/styleguide/templates/patterns/components/principle/principle.yaml"
        ).read_text()
    )
    principles = config["context"]["principles"]
    make_principles_page(
        principles=[(item["title"], item["slug"], item["explanation"]) for item in principles]
    )
    page = client.get("/en/principles/").content.decode()
    pattern = client.get(render_url("patterns/components/principle/principle.html"))

    def items(html):
        return re.findall(r'<li id="principle-.*?</li>', html, re.DOTALL)

    assert len(items(page)) == len(principles)
    assert items(pattern.content.decode()) == items(page)
