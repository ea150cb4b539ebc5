"""Fixtures shared by the page cache's tests."""

from wagtail.models import Site

import pytest

from home.models import SiteSettings
from tests.home.test_pages import make_standard_page


@pytest.fixture
def site_settings(db):
    """Made on a site's first page view otherwise, which is a change like any other: tests
    of what a change makes out of date make them first."""
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def about(home_page):
    return make_standard_page(home_page, title="About", introduction="Cities learning.")
