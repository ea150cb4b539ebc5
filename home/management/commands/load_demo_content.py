import logging
import os

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from faq import demo as faq_demo
from home import demo as home_demo
from membership_forms import demo as membership_demo
from membership_forms import demo_enquiries
from news import demo as news_demo


class Command(BaseCommand):
    help = "Build the demo site. Safe to run again: what already exists is left as it is."

    def handle(self, *args, verbosity=1, **options):
        # Wagtail logs every page it creates and publishes; -v 2 shows them.
        wagtail_log = logging.getLogger("wagtail")
        level = wagtail_log.level
        if verbosity < 2:
            wagtail_log.setLevel(logging.WARNING)
        try:
            with transaction.atomic():
                home = home_demo.load()
                membership_demo.load(home)  # before the FAQ, which links to the enquiry form
                faq_demo.load(home)
                news_demo.load(home)
                demo_enquiries.load(home)
                # French and Arabic versions, made from the English pages above.
                home_demo.load_translations(home)
                membership_demo.load_translations(home)
                faq_demo.load_translations(home)
                news_demo.load_translations(home)
        finally:
            wagtail_log.setLevel(level)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready under “{home.title}”."))
        if settings.DEBUG:
            password = os.environ.get("DEMO_REVIEWER_PASSWORD", "changeme-reviewer")
            self.stdout.write(
                f"Membership reviewer: log in at /admin/ as “{demo_enquiries.REVIEWER_USERNAME}” "
                f"with the password “{password}” (unless you changed it)."
            )
