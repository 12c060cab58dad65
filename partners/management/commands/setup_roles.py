"""Create or update the role groups and their permissions (safe to run any number of times)."""

from django.core.management.base import BaseCommand

from partners.roles import declared_role_permissions
from partners.services import roles_setup


class Command(BaseCommand):
    help = (
        "Create or update the groups Portal editor, Partner manager and Partner editor with the "
        "permissions every app declares for them. Runs after each migrate as well."
    )

    def handle(self, *args, **options):
        missing = roles_setup()
        for role, permissions in declared_role_permissions().items():
            self.stdout.write(f"{role}: {len(permissions)} declared permission entries")
        for role, names in missing.items():
            self.stderr.write(self.style.WARNING(f"{role}: unknown permissions {', '.join(names)}"))
        self.stdout.write(self.style.SUCCESS("Roles are set up."))
