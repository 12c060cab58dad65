"""Delete expired unconfirmed registrations and anonymise those of past events (run daily).

Registrations of events that ended more than EVENTS_PURGE_DAYS days ago lose their personal
data; status, organisation type, country and language stay for statistics.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from events.services import registrations_purge


class Command(BaseCommand):
    help = (
        "Delete registrations not confirmed within EVENTS_CONFIRMATION_HOURS hours and anonymise "
        "registrations of events that ended more than EVENTS_PURGE_DAYS days ago."
    )

    def handle(self, *args, **options):
        result = registrations_purge()
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"{result.expired_deleted} expired registration(s) deleted, "
                f"{result.anonymised} anonymised (after {settings.EVENTS_PURGE_DAYS} days)."
            )
