"""Queue the organisers' daily summaries of their events' registrations (run from cron, daily).

Safe to run at any time, twice, and on several machines at once: each event's summary goes out
at most once a day, and only when something happened since the previous one (see
events.notifications.organiser_digests_send). The messages are sent by `manage.py deliver_mail`.
"""

from django.core.management.base import BaseCommand

from events.notifications import organiser_digests_send


class Command(BaseCommand):
    help = (
        "Queue the daily summary of new, waiting, moved-up and cancelled registrations for the "
        "organisers of each event that chose it, covering the days up to last midnight."
    )

    def handle(self, *args, **options):
        sent = organiser_digests_send()
        if options["verbosity"] >= 1:
            self.stdout.write(f"{sent} organisers' summary(ies) queued.")
