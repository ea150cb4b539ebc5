"""English dates and numbers in the British style ("2 December 2026", "Monday 14:30")."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
