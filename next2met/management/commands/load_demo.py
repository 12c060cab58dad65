"""Load the demo content of every app (idempotent: running it twice changes nothing).

Each app that has demo content provides `<app>/demo.py` with a function
`load(*, stdout, style) -> None`; they run in dependency order.

`make run` loads quietly (`--quiet`) and prints the demo accounts as its last step before the
server starts (`--accounts`), so that they do not scroll away among the other output.
"""

import io
from importlib import import_module, util

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.db import transaction

DEMO_APPS = ("partners", "measures", "events", "matchmaking")


def demo_accounts() -> list[tuple[str, str, str]]:
    """(user name, password, role) of the demo accounts that exist in the database."""
    from partners.demo import DEMO_USERS
    from partners.models import Organisation

    existing = set(
        get_user_model().objects.filter(username__in=DEMO_USERS).values_list("username", flat=True)
    )
    names = dict(Organisation.objects.values_list("slug", "name_en"))
    accounts = []
    for username, (_first, _last, password, portal_editor, roles) in DEMO_USERS.items():
        if username not in existing:
            continue
        if portal_editor:
            role = "portal editor"
        else:
            role = ", ".join(f"{role} of {names.get(slug, slug)}" for slug, role in roles.items())
        accounts.append((username, password, role))
    return accounts


class Command(BaseCommand):
    help = "Load the demo content (partners, measures, events) in de, en and pl."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even when DEBUG is off (demo users with known passwords are created).",
        )
        parser.add_argument(
            "--quiet",
            action="store_true",
            help="Print nothing (no summary, no accounts); errors are still reported.",
        )
        parser.add_argument(
            "--accounts",
            action="store_true",
            help="Load nothing; only print the demo accounts with their passwords.",
        )

    def handle(self, *args, force=False, quiet=False, accounts=False, **options):
        if accounts:
            self._accounts_print()
            return
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo content with DEBUG off: it creates users with known "
                "passwords. Use --force on a machine that is not public."
            )
        stdout = OutputWrapper(io.StringIO()) if quiet else self.stdout
        with transaction.atomic():
            for app in DEMO_APPS:
                if util.find_spec(f"{app}.demo") is None:
                    continue
                import_module(f"{app}.demo").load(stdout=stdout, style=self.style)
        if not quiet:
            self.stdout.write(self.style.SUCCESS("Demo content is loaded."))

    def _accounts_print(self) -> None:
        found = demo_accounts()
        if not found:
            self.stdout.write("No demo accounts yet: run `manage.py load_demo` first.")
            return
        self.stdout.write("")
        self.stdout.write(
            self.style.WARNING(
                f"Demo accounts (local use only) for the admin, {settings.SITE_URL}/en/admin/:"
            )
        )
        name_width = max(len(username) for username, _password, _role in found)
        password_width = max(len(password) for _username, password, _role in found)
        for username, password, role in found:
            self.stdout.write(
                f"  {username.ljust(name_width)}  {password.ljust(password_width)}  {role}"
            )
        self.stdout.write("")
