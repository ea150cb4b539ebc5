"""Compiles the interface translations (locale/*/LC_MESSAGES/django.po) into the .mo files
Django reads. Django's own compilemessages needs GNU gettext's msgfmt; this needs only
polib (installed with wagtail-localize), so `make install` works on any machine."""

from django.conf import settings
from django.core.management.base import BaseCommand

import polib


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po into .mo files (without GNU gettext)."

    def handle(self, *args, **options):
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(locale_path.glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                self.stdout.write(f"Compiled {mo_path.relative_to(settings.BASE_DIR)}")
