"""Queue failed e-mail again, after an outage, for the messages that are still useful.

    manage.py resend_failed_mail [--since 6h | --since 2d | --since 2025-03-01T08:00] [--dry-run]

A message is still useful until its deadline (the confirmation link's expiry, the event's
end, …): messages past it are left alone, they would only confuse their recipients. Queued
messages go out with the next run of `deliver_mail`; their retry count starts again.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from next2met.mail import mail_failed_requeue, mail_failed_resendable, useful_until

DURATION = re.compile(r"^(?P<amount>\d{1,6})\s*(?P<unit>[mhd])$")
UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def since_parse(value: str, *, now: datetime) -> datetime:
    """'90m', '6h', '2d' (that long ago), or an ISO date or date-time (in the current zone)."""
    value = value.strip()
    match = DURATION.match(value.lower())
    if match:
        return now - timedelta(**{UNITS[match["unit"]]: int(match["amount"])})
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            if day is not None:
                moment = datetime.combine(day, datetime.min.time())
    except ValueError:
        moment = None
    if moment is None:
        raise CommandError(
            f"--since {value!r}: give a duration such as 90m, 6h or 2d, or a date such as "
            "2025-03-01 or 2025-03-01T08:00."
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = "Queue failed e-mail again that is still useful (after a mail server outage)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            help="Only messages that failed since then: 90m, 6h, 2d, or an ISO date/date-time.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be queued again, change nothing.",
        )

    def handle(self, *args, since=None, dry_run=False, **options):
        now = timezone.now()
        since_moment = since_parse(since, now=now) if since else None
        candidates = list(mail_failed_resendable(now=now, since=since_moment))
        for email in candidates:
            self.stdout.write(
                f"  #{email.pk}  {email.subject[:70]}  "
                f"(failed attempts: {email.number_of_retries or 0}, "
                f"useful until {timezone.localtime(useful_until(email)):%Y-%m-%d %H:%M %Z})"
            )
        if dry_run:
            self.stdout.write(f"{len(candidates)} failed message(s) would be queued again.")
            return
        count = mail_failed_requeue(now=now, since=since_moment, ids=[e.pk for e in candidates])
        self.stdout.write(f"{count} failed message(s) queued again.")
