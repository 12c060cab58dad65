"""Queue the join link for confirmed participants of events that start soon (run from cron).

Safe to run at any time, twice, and on several machines at once: each participant gets the
reminder exactly once (see events.services.reminders_send). The messages are sent by
`manage.py deliver_mail`.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from events.services import reminders_send


class Command(BaseCommand):
    help = (
        "Queue the join link (with a calendar file) for confirmed participants of events that "
        "start within EVENTS_REMINDER_DAYS days."
    )

    def handle(self, *args, **options):
        sent = reminders_send()
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"{sent} reminder(s) queued (window: {settings.EVENTS_REMINDER_DAYS} days)."
            )
