import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Make sure an administrator account exists for local development. The password comes "
        "from ADMIN_PASSWORD, or defaults to 'changeme'; an existing account is left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("ADMIN_USERNAME", "admin"))

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_admin is for development; use createsuperuser elsewhere.")
        User = get_user_model()
        password = os.environ.get("ADMIN_PASSWORD", "changeme")
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@localhost", "is_staff": True, "is_superuser": True},
        )
        if created:
            user.set_password(password)
            user.save()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Admin account created. Log in at /admin/ as “{username}” "
                    f"with the password “{password}”."
                )
            )
        else:
            self.stdout.write(
                f"Admin account “{username}” already exists (its password is unchanged; the "
                "first run set it to ADMIN_PASSWORD or 'changeme'). Reset it with "
                f"`.venv/bin/python manage.py changepassword {username}`."
            )
