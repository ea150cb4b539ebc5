"""The production settings with the floor view added to the URLs (nothing else changes)."""

from scn_wagtail.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
