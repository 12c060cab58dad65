"""Delivery of the queued e-mail: one sender at a time, retries for as long as a message helps.

Messages are queued by django-post_office in the transaction of the change that causes them,
each with `expires_at`: the moment after which it is of no use any more (a confirmation link
that has expired, a join link after the event; see `events.emails`). `mail_queue_send` sends
what is due with post_office's own batch sender and then decides about every message the mail
server refused: it is tried again after a pause that doubles with every failure
(`EMAIL_RETRY_MINUTES`, at most `EMAIL_RETRY_MAX_MINUTES`) for as long as the next attempt
comes before `expires_at`; only then is it marked failed. Messages without a deadline of their
own are tried for `EMAIL_RETRY_HOURS` after they were queued.

The sender holds a PostgreSQL advisory lock while it works, so cron may start it on every app
server at once: one run sends, the others return at once, and no message goes out twice.

Operators see the queue through `mail_queue_health` (`manage.py check_mail_queue`) and put
failed messages that are still useful back into the queue with `mail_failed_requeue`
(`manage.py resend_failed_mail`, or the action in the admin).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from post_office.mail import _send_bulk, get_queued
from post_office.models import STATUS, Email, Log

from next2met.logging import EMAIL_ADDRESS, REDACTED

logger = logging.getLogger(__name__)

# The key of the advisory lock held by the sender ("N2M_MAIL" in ASCII). Advisory locks belong
# to one database, so several portals on one PostgreSQL server do not block each other.
SENDER_LOCK_ID = 0x4E324D5F4D41494C

WAITING = (STATUS.queued, STATUS.requeued)
EXPIRED_TYPE = "Expired"
STAMP = "%Y-%m-%d %H:%M %Z"


@dataclass
class SendResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    expired: int = 0


# --- The mail server -----------------------------------------------------------------------------


class DeliveryBackend(BaseEmailBackend):
    """The mail server configured by EMAIL_URL (EMAIL_BACKEND), as post_office's backend.

    post_office writes `expires_at` into an `Expires` header without the year, which is not a
    valid date; the deadline is the portal's own business, so the header is left out.
    """

    def __init__(self, fail_silently: bool = False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.backend = get_connection(settings.EMAIL_BACKEND, fail_silently=fail_silently, **kwargs)

    def open(self):
        return self.backend.open()

    def close(self):
        return self.backend.close()

    def send_messages(self, email_messages):
        for message in email_messages:
            for name in [key for key in message.extra_headers if key.lower() == "expires"]:
                del message.extra_headers[name]
        return self.backend.send_messages(email_messages)


# --- Retry policy -------------------------------------------------------------------------------


def retry_pause(*, attempts: int) -> timedelta:
    """The pause after the `attempts`-th failed attempt: doubling, up to the longest pause."""
    first = settings.EMAIL_RETRY_MINUTES
    longest = max(settings.EMAIL_RETRY_MAX_MINUTES, first)
    minutes = first * 2 ** min(max(attempts - 1, 0), 30)
    return timedelta(minutes=min(minutes, longest))


def useful_until(email: Email) -> datetime:
    """When a message stops being worth sending: its deadline, else a fixed time after queuing."""
    if email.expires_at is not None:
        return email.expires_at
    return email.created + timedelta(hours=settings.EMAIL_RETRY_HOURS)


def _still_useful(now: datetime) -> Q:
    return Q(expires_at__gt=now) | Q(
        expires_at__isnull=True, created__gt=now - timedelta(hours=settings.EMAIL_RETRY_HOURS)
    )


# --- Sending ------------------------------------------------------------------------------------


@contextlib.contextmanager
def sender_lock() -> Iterator[bool]:
    """Hold the sender's advisory lock on this database session; yields whether it was free.

    A session lock (not a transaction lock), because the sender commits as it goes; PostgreSQL
    releases it when the session ends, also when the process dies.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [SENDER_LOCK_ID])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [SENDER_LOCK_ID])


def mail_queue_send(*, log_level: int | None = None) -> SendResult | None:
    """Send every message that is due; None when another sender is at work.

    Safe to start anywhere at any time: under the advisory lock, one run sends and concurrent
    runs return None without touching the queue.
    """
    with sender_lock() as acquired:
        if not acquired:
            logger.debug("Another mail sender is running.")
            return None
        result = SendResult()
        result.expired = _expired_mark_failed(now=timezone.now())
        seen: set[int] = set()
        while True:
            batch = [email for email in get_queued() if email.pk not in seen]
            if not batch:
                break
            seen.update(email.pk for email in batch)
            _batch_send(batch, result=result, log_level=log_level)
        return result


def _batch_send(batch: list[Email], *, result: SendResult, log_level: int | None) -> None:
    attempts_before = {email.pk: email.number_of_retries or 0 for email in batch}
    due_at = {email.pk: email.scheduled_time for email in batch}
    sent, _failed, _requeued = _send_bulk(batch, uses_multiprocessing=False, log_level=log_level)
    result.sent += sent
    # post_office has stored its own verdict on the failed ones; the portal's policy replaces it.
    failed = list(
        Email.objects.filter(pk__in=attempts_before)
        .exclude(status=STATUS.sent)
        .only("pk", "created", "expires_at")
    )
    now = timezone.now()
    given_up = 0
    for email in failed:
        attempts = attempts_before[email.pk] + 1
        next_attempt = now + retry_pause(attempts=attempts)
        email.number_of_retries = attempts
        email.last_updated = now
        if next_attempt < useful_until(email):
            email.status = STATUS.requeued
            email.scheduled_time = next_attempt
            result.retrying += 1
        else:
            email.status = STATUS.failed
            email.scheduled_time = due_at[email.pk]
            given_up += 1
    Email.objects.bulk_update(
        failed, ["status", "scheduled_time", "number_of_retries", "last_updated"]
    )
    result.failed += given_up
    if given_up:
        logger.warning("Gave up %d e-mail(s) that would arrive too late to be useful.", given_up)


def _expired_mark_failed(*, now: datetime) -> int:
    """Waiting messages whose time has run out are failed, visibly, instead of waiting for ever.

    (post_office leaves them queued and skips them.)
    """
    expired = list(
        Email.objects.filter(status__in=WAITING)
        .exclude(_still_useful(now))
        .only("pk", "created", "expires_at")
    )
    if not expired:
        return 0
    Email.objects.filter(pk__in=[email.pk for email in expired], status__in=WAITING).update(
        status=STATUS.failed, last_updated=now
    )
    Log.objects.bulk_create(
        Log(
            email=email,
            status=STATUS.failed,
            exception_type=EXPIRED_TYPE,
            message=f"Not sent before it stopped being useful ({useful_until(email):{STAMP}}).",
        )
        for email in expired
    )
    logger.warning("%d queued e-mail(s) expired before they could be delivered.", len(expired))
    return len(expired)


# --- Operators ----------------------------------------------------------------------------------


@dataclass
class QueueHealth:
    waiting: int
    overdue: int
    failed: int
    sent: int
    oldest_overdue: datetime | None
    last_error: str

    @property
    def stuck(self) -> bool:
        return bool(self.overdue or self.failed)


def _overdue(now: datetime, overdue_after: timedelta) -> Q:
    """Waiting longer than `overdue_after` since it was due (queued, or first scheduled)."""
    cutoff = now - overdue_after
    return Q(status__in=WAITING, created__lt=cutoff) & (
        Q(number_of_retries__gt=0) | Q(scheduled_time__isnull=True) | Q(scheduled_time__lt=cutoff)
    )


def mail_queue_health(
    *, now: datetime | None = None, overdue_after: timedelta, failed_since: datetime
) -> QueueHealth:
    """Counts for monitoring: waiting, overdue, failed since `failed_since`, recently sent."""
    now = now or timezone.now()
    emails = Email.objects.all()
    overdue = emails.filter(_overdue(now, overdue_after))
    failed = emails.filter(status=STATUS.failed, last_updated__gte=failed_since)
    oldest = overdue.order_by("created").values_list("created", flat=True).first()
    last_log = (
        Log.objects.filter(status=STATUS.failed, date__gte=failed_since)
        .filter(Q(email__in=failed) | Q(email__in=overdue))
        .order_by("-date")
        .values_list("exception_type", "message")
        .first()
    )
    last_error = ""
    if last_log is not None:
        exception_type, message = last_log
        last_error = EMAIL_ADDRESS.sub(REDACTED, f"{exception_type}: {message}".strip(": "))
    return QueueHealth(
        waiting=emails.filter(status__in=WAITING).count(),
        overdue=overdue.count(),
        failed=failed.count(),
        sent=emails.filter(status=STATUS.sent, last_updated__gte=failed_since).count(),
        oldest_overdue=oldest,
        last_error=" ".join(last_error.split())[:300],
    )


def mail_failed_resendable(
    *, now: datetime | None = None, since: datetime | None = None
) -> QuerySet[Email]:
    """Failed messages that are still useful (optionally: that failed after `since`)."""
    now = now or timezone.now()
    queryset = Email.objects.filter(status=STATUS.failed).filter(_still_useful(now))
    if since is not None:
        queryset = queryset.filter(last_updated__gte=since)
    return queryset.order_by("pk")


def mail_failed_requeue(
    *, now: datetime | None = None, since: datetime | None = None, ids=None
) -> int:
    """Put failed messages that are still useful back into the queue, to be sent at once.

    Returns how many; their retry count starts again, and so do the pauses between attempts.
    """
    now = now or timezone.now()
    queryset = mail_failed_resendable(now=now, since=since)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    # A conditional UPDATE: a message another operator re-queued meanwhile is not touched twice.
    return Email.objects.filter(pk__in=queryset.values("pk"), status=STATUS.failed).update(
        status=STATUS.queued, scheduled_time=None, number_of_retries=0, last_updated=now
    )
