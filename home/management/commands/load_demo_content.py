from django.core.management.base import BaseCommand
from django.db import transaction

from home import demo as home_demo
from membership_forms import demo as membership_demo


class Command(BaseCommand):
    help = "Build the demo site. Safe to run again: what already exists is left as it is."

    @transaction.atomic
    def handle(self, *args, **options):
        home = home_demo.load()
        membership_demo.load(home)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready under “{home.title}”."))
