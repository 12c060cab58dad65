"""Queue the alert digests whose period is over (run from cron, e.g. every 15 minutes).

Safe to run at any time, twice, and on several machines at once: each period of a subscription
is sent exactly once (see alerts.services.digests_send). The messages are sent by
`manage.py deliver_mail`.
"""

from django.core.management.base import BaseCommand

from alerts.services import digests_send


class Command(BaseCommand):
    help = (
        "Queue one e-mail per confirmed alert subscription whose daily or weekly period is "
        "over, with the measures or events published in it that match its filters."
    )

    def handle(self, *args, **options):
        run = digests_send()
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"{run.queued} digest(s) queued, {run.empty} period(s) without anything new, "
                f"{run.skipped} skipped (handled by another run)."
            )
