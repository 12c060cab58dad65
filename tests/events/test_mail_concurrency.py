"""The mail sender on several app servers at once: every message goes out exactly once.

Each run is a thread with its own database connection, as two machines would have.
"""

import io
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import psycopg2
import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection, transaction
from post_office.models import STATUS, Email

from events import emails
from next2met.mail import SENDER_LOCK_ID
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db(transaction=True)


class SlowBackend(EmailBackend):
    """A mail server that takes its time, so that concurrent senders overlap."""

    def send_messages(self, messages):
        time.sleep(0.3)
        return super().send_messages(messages)


def queue_messages(count: int) -> set[str]:
    event = EventFactory()
    subjects = set()
    for registration in RegistrationFactory.create_batch(count, event=event):
        with transaction.atomic():
            email = emails.registration_email_queue(registration=registration, kind="confirm")
        subjects.add(email.to[0])
    return subjects


def run_commands_at_once(count: int) -> list[str]:
    barrier = threading.Barrier(count)

    def worker(_index):
        out = io.StringIO()
        try:
            barrier.wait(timeout=10)
            call_command("deliver_mail", verbosity=2, stdout=out)
            return out.getvalue()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(worker, range(count)))


def test_two_senders_at_once_send_every_message_exactly_once(settings):
    settings.EMAIL_BACKEND = "tests.events.test_mail_concurrency.SlowBackend"
    recipients = queue_messages(12)
    mail.outbox = []

    outputs = run_commands_at_once(2)

    sent = Counter(message.to[0] for message in mail.outbox)
    assert set(sent) == recipients
    assert set(sent.values()) == {1}
    assert Email.objects.filter(status=STATUS.sent).count() == 12
    # One run sent, the other found the lock taken and left quietly.
    assert sum("Another sender is at work" in output for output in outputs) == 1
    assert sum("12 sent" in output for output in outputs) == 1


def test_sender_leaves_the_queue_alone_while_another_holds_the_lock():
    queue_messages(2)
    mail.outbox = []
    other = psycopg2.connect(**connection.get_connection_params())
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [SENDER_LOCK_ID])
        out = io.StringIO()
        call_command("deliver_mail", stdout=out)
        assert out.getvalue() == ""  # quiet, for cron
        assert mail.outbox == []
        assert Email.objects.filter(status=STATUS.queued).count() == 2
    finally:
        # The other sender ends. (Its lock would also go with its session, but the server
        # ends a closed session a moment later: unlock first, so the next run is not early.)
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [SENDER_LOCK_ID])
        other.close()
    call_command("deliver_mail", stdout=io.StringIO())
    assert len(mail.outbox) == 2
    # The lock was released after the run: the next run may take it again at once.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [SENDER_LOCK_ID])
        assert cursor.fetchone()[0] is True
        cursor.execute("SELECT pg_advisory_unlock(%s)", [SENDER_LOCK_ID])
