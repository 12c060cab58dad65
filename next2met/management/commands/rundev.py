"""Serve for development: `runserver`, and beside it a sender that delivers queued e-mail.

    manage.py rundev [addrport] [--noreload]     (what `make run` starts)

E-mail is queued in the database; in production cron sends it (`deliver_mail`). Here a second
process, `deliver_mail --loop`, sends it every two seconds, so that a registration's messages
appear on the console (DJANGO_DEBUG's e-mail backend) within seconds, without a second terminal.

Both run as child processes of this command: the sender is started once, whatever the
autoreloader of `runserver` does when code changes, and both stop with this command (Ctrl-C,
SIGTERM). Should this command be killed outright, the sender notices and stops by itself.
"""

from __future__ import annotations

import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SENDER_INTERVAL_SECONDS = 2


class Command(BaseCommand):
    help = "Development server with e-mail delivery: runserver plus a queued-mail sender loop."
    # runserver checks the project itself.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--noreload", action="store_true", help="Do not restart the server on code changes."
        )

    def handle(self, *args, addrport, noreload=False, **options):
        if not settings.DEBUG:
            raise CommandError(
                "rundev is for development (DJANGO_DEBUG=1). In production run gunicorn, and "
                "`manage.py deliver_mail` from cron."
            )
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        server_command = [*manage, "runserver", addrport, *(["--noreload"] if noreload else [])]
        sender_command = [
            *manage,
            "deliver_mail",
            "--loop",
            "--interval",
            str(SENDER_INTERVAL_SECONDS),
        ]

        def stop(signum, frame):
            raise SystemExit(0)

        signal.signal(signal.SIGTERM, stop)
        children: list[subprocess.Popen] = []
        try:
            children.append(subprocess.Popen(sender_command))
            children.append(subprocess.Popen(server_command))
            returncode = children[-1].wait()
        except KeyboardInterrupt:
            returncode = 0
        finally:
            for child in reversed(children):
                _stop(child)
        if returncode:
            raise SystemExit(returncode)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
