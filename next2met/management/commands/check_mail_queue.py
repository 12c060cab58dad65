"""Exit non-zero when e-mail is stuck: for monitoring, independent of the /healthz check.

    manage.py check_mail_queue [--overdue-minutes 30] [--failed-hours 24]

Stuck means: a message failed (was given up) within the last --failed-hours, or a message has
been waiting to go out for more than --overdue-minutes (the sender does not run, or the mail
server keeps refusing). Prints one summary line either way; exit status 0 when all is well,
1 when something is stuck.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from next2met.mail import mail_failed_resendable, mail_queue_health


class Command(BaseCommand):
    help = "Check the e-mail queue; exit status 1 when messages failed or wait too long."

    def add_arguments(self, parser):
        parser.add_argument(
            "--overdue-minutes",
            type=int,
            default=30,
            help="A message waiting longer than this is overdue (default 30).",
        )
        parser.add_argument(
            "--failed-hours",
            type=int,
            default=24,
            help="Report messages that failed within this many hours (default 24).",
        )

    def handle(self, *args, overdue_minutes=30, failed_hours=24, **options):
        if overdue_minutes <= 0 or failed_hours <= 0:
            raise CommandError("--overdue-minutes and --failed-hours must be positive.")
        now = timezone.now()
        since = now - timedelta(hours=failed_hours)
        health = mail_queue_health(
            now=now, overdue_after=timedelta(minutes=overdue_minutes), failed_since=since
        )
        parts = [
            f"{health.waiting} waiting",
            f"{health.overdue} overdue (waiting more than {overdue_minutes} min)",
            f"{health.failed} failed in the last {failed_hours} h",
            f"{health.sent} sent in the last {failed_hours} h",
        ]
        line = "Mail queue " + ("STUCK" if health.stuck else "OK") + ": " + ", ".join(parts) + "."
        if health.oldest_overdue is not None:
            waited = now - health.oldest_overdue
            line += f" Oldest waiting for {_duration(waited)}."
        if health.last_error:
            line += f" Last error: {health.last_error}"
        self.stdout.write(line)
        if health.failed:
            resendable = mail_failed_resendable(now=now, since=since).count()
            if resendable:
                self.stdout.write(
                    f"{resendable} failed message(s) are still useful: "
                    "manage.py resend_failed_mail queues them again."
                )
        if health.stuck:
            raise SystemExit(1)


def _duration(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} min"
    hours = minutes // 60
    return f"{hours} h" if hours < 48 else f"{hours // 24} days"
