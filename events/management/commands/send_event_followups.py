"""Queue the follow-up e-mail for participants of events that ended (run from cron).

Safe to run at any time, twice, and on several machines at once: each participant gets the
follow-up exactly once (see events.followups.followups_send). The messages are sent by
`manage.py deliver_mail`.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from events.followups import followups_send


class Command(BaseCommand):
    help = (
        "Queue the follow-up e-mail (thanks, recording, report, measures, certificate, feedback "
        "link) for participants of events that ended EVENTS_FOLLOWUP_HOURS hours ago or more."
    )

    def handle(self, *args, **options):
        sent = followups_send()
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"{sent} follow-up(s) queued (delay: {settings.EVENTS_FOLLOWUP_HOURS} hours)."
            )
