"""Editors and staff in their own language (issue 11): the admin's strings in French and
Arabic, and the site settings, menu, breadcrumbs, principles, funders and myths per language."""

from django.contrib.auth import get_user_model

from wagtail.models import Site
from wagtail.users.models import UserProfile

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    def log_in(language):
        user = get_user_model().objects.create_superuser(f"editor-{language}", password="x")
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        client.force_login(user)
        return client

    return log_in


@pytest.mark.parametrize(
    ("language", "heading", "help_text"),
    [
        ("fr", "Paramètres du site", "Affichée dans le pied de page et dans la FAQ"),
        ("ar", "إعدادات الموقع", "يظهر في تذييل الصفحة وفي صفحة الأسئلة الشائعة"),
    ],
)
def test_the_site_settings_speak_the_staff_members_language(
    staff_client, home_page, language, heading, help_text
):
    site = Site.objects.get(is_default_site=True)
    html = staff_client(language).get(f"/admin/settings/home/sitesettings/{site.pk}/")
    html = html.content.decode()
    assert f'<html lang="{language}"' in html
    assert heading in html
    assert help_text in html


def test_the_principles_editor_in_arabic(staff_client, home_page):
    html = staff_client("ar").get(f"/admin/pages/add/home/principlespage/{home_page.pk}/")
    html = html.content.decode()
    assert "لماذا للشبكة مبادئ، باختصار." in html  # the introduction's help text
    assert "المعرّف" in html  # the principle's "id"
