"""Send the queued e-mail: from cron every minute, on any number of app servers at once.

    manage.py deliver_mail                    # one round: everything due, then exit
    manage.py deliver_mail --loop --interval 2  # keep sending (development, or a service)

Concurrent runs are safe: a PostgreSQL advisory lock lets one of them send while the others
return at once (next2met.mail). A refused message is retried with growing pauses for as long
as it is useful. Prints a line only when messages had to be given up (or with -v 2), so that
cron stays quiet while all is well.
"""

from __future__ import annotations

import logging
import os
import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections, connection

from next2met.mail import mail_queue_send

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Send the queued e-mail (safe to run on several machines at once; a concurrent run "
        "exits quietly)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            action="store_true",
            help="Keep running and send every --interval seconds (until stopped, or until the "
            "process that started it ends).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=5.0,
            help="Seconds between rounds with --loop (default 5).",
        )

    def handle(self, *args, loop=False, interval=5.0, **options):
        verbosity = options["verbosity"]
        if interval <= 0:
            raise CommandError("--interval must be a positive number of seconds.")
        if not loop:
            self._round(verbosity)
            return
        self._loop(interval, verbosity)

    def _round(self, verbosity: int) -> None:
        result = mail_queue_send()
        if result is None:
            if verbosity >= 2:
                self.stdout.write("Another sender is at work; nothing to do here.")
            return
        if verbosity >= 2 or (verbosity >= 1 and (result.failed or result.expired)):
            self.stdout.write(
                f"{result.sent} sent, {result.retrying} to be retried, "
                f"{result.failed + result.expired} given up."
            )

    def _loop(self, interval: float, verbosity: int) -> None:
        stop = []

        def request_stop(signum, frame):
            stop.append(signum)

        signal.signal(signal.SIGTERM, request_stop)
        # Ctrl-C stops the loop after its round, unless the shell told us to ignore it (a
        # background job): then it stops with its parent, like the server beside it.
        if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            signal.signal(signal.SIGINT, request_stop)
        parent = os.getppid()
        while not stop:
            close_old_connections()
            try:
                self._round(verbosity)
            except DatabaseError:
                # The database went away (restart, network): try again next round.
                logger.exception("Sending queued e-mail failed; trying again shortly.")
                connection.close()
            deadline = time.monotonic() + interval
            while not stop and time.monotonic() < deadline:
                if os.getppid() != parent:
                    # Whoever started us is gone (e.g. `make run` was killed): stop as well.
                    return
                time.sleep(0.2)
