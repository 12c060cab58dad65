"""Delete alert subscriptions never confirmed, or unsubscribed, ALERTS_UNCONFIRMED_DAYS days
ago, with their stored e-mails (run daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from alerts.services import subscriptions_purge


class Command(BaseCommand):
    help = (
        "Delete alert subscriptions not confirmed, or unsubscribed, more than "
        "ALERTS_UNCONFIRMED_DAYS days ago."
    )

    def handle(self, *args, **options):
        deleted = subscriptions_purge()
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"{deleted} expired alert subscription(s) deleted "
                f"(after {settings.ALERTS_UNCONFIRMED_DAYS} days)."
            )
