"""English dates and numbers in the British style ("2 December 2026", "Monday 14:30")."""

from django.conf.locale.en_GB.formats import *  # noqa: F403

# The month in full, as the site's pages always wrote it (en_GB abbreviates it: "2 Dec 2026").
DATE_FORMAT = "j F Y"
# Where space is short (the enquiry listing's columns): "2 Dec 2026", never "12/02/2026".
SHORT_DATE_FORMAT = "j M Y"
