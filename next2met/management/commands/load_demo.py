"""Load the demo content of every app (idempotent: running it twice changes nothing).

Each app that has demo content provides `<app>/demo.py` with a function
`load(*, stdout, style) -> None`; they run in dependency order.
"""

from importlib import import_module, util

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

DEMO_APPS = ("partners", "measures", "events")


class Command(BaseCommand):
    help = "Load the demo content (partners, measures, events) in de, en and pl."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even when DEBUG is off (demo users with known passwords are created).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo content with DEBUG off: it creates users with known "
                "passwords. Use --force on a machine that is not public."
            )
        with transaction.atomic():
            for app in DEMO_APPS:
                if util.find_spec(f"{app}.demo") is None:
                    continue
                import_module(f"{app}.demo").load(stdout=self.stdout, style=self.style)
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
