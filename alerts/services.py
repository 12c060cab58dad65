"""Writes of the alerts app: subscribing (double opt-in), managing, digests, purging.

Every change of a subscription and the e-mail it causes are committed together or not at all
(the e-mail is queued in the same transaction, see alerts.emails).

Digests are sent exactly once per period, also when the command runs twice at once or on two
machines: each due subscription is locked with `SELECT … FOR UPDATE SKIP LOCKED` (a concurrent
run passes it by), its period is claimed with a conditional `UPDATE … WHERE last_sent_until =
<the period's start>` and its e-mail queued in that one transaction, and the `Digest` row of
the period is unique per subscription and start.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation

from alerts import emails, selectors
from alerts.models import PERIODS, Digest, Frequency, Subscription, SubscriptionStatus
from alerts.tokens import TOKEN_MAX_LENGTH, nonce_new, token_for, token_hash, token_matches

logger = logging.getLogger(__name__)

# A period is closed this long after its end, so that an entry published in the last moments
# of a period (in a transaction still running) is committed before the period's digest looks.
DIGEST_SETTLE = timedelta(minutes=2)


class AlertError(Exception):
    """A step that is not possible (an expired confirmation link …)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass
class SubmitResult:
    subscription: Subscription
    created: bool
    sent: bool  # whether an e-mail was queued (repeats are limited per hour)


# --- Subscribing ------------------------------------------------------------------------------


def subscription_submit(
    *,
    email: str,
    kind: str,
    filters: dict[str, list[str]],
    frequency: str,
    language: str,
    now: datetime | None = None,
) -> SubmitResult:
    """Store a new subscription and queue the e-mail with its confirmation link.

    The same address subscribing again to the same filters (any spelling of the address)
    changes no confirmed subscription: it gets its confirmation link (unconfirmed, or
    unsubscribed before) or its manage link (confirmed) again, at most ALERTS_RESEND_LIMIT
    times an hour. The caller shows the same page in every case: it reveals nothing about who
    subscribed.
    """
    now = now or timezone.now()
    email = email.strip()
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return _submit(
                    email=email,
                    kind=kind,
                    filters=filters,
                    frequency=Frequency(frequency),
                    language=language,
                    now=now,
                )
        except IntegrityError:
            # The same subscription was committed between our lookup and our insert: the
            # second round finds it.
            continue
    raise AlertError("conflict")


def _submit(
    *, email: str, kind: str, filters: dict, frequency: str, language: str, now: datetime
) -> SubmitResult:
    existing = (
        Subscription.objects.select_for_update()
        .of_address(email)
        .filter(kind=kind, filters=filters)
        .first()
    )
    if existing is None:
        nonce = nonce_new()
        subscription = Subscription.objects.create(
            email=email,
            kind=kind,
            filters=filters,
            frequency=frequency,
            language=language,
            token_nonce=nonce,
            token_hash=token_hash(token_for(nonce)),
            created_at=now,
            consent_at=now,
            confirmation_sent_at=now,
        )
        emails.subscription_email_queue(subscription=subscription, kind="confirm", now=now)
        return SubmitResult(subscription=subscription, created=True, sent=True)

    # Counted under the row lock taken above: exact under concurrent submissions.
    repeats = emails.subscription_repeats_count(
        subscription=existing, since=now - timedelta(hours=1)
    )
    if repeats >= settings.ALERTS_RESEND_LIMIT:
        logger.info("Repeated subscription %s: message not sent again (limit).", existing.pk)
        return SubmitResult(subscription=existing, created=False, sent=False)
    if existing.status == SubscriptionStatus.CONFIRMED:
        emails.subscription_email_queue(
            subscription=existing, kind="subscribed", repeat=True, now=now
        )
        return SubmitResult(subscription=existing, created=False, sent=True)
    # Unconfirmed, or unsubscribed before: a new opt-in with what the form says now.
    existing.status = SubscriptionStatus.PENDING
    existing.frequency = frequency
    existing.language = language
    existing.consent_at = now
    existing.confirmation_sent_at = now
    existing.cancelled_at = None
    existing.save(
        update_fields=[
            "status",
            "frequency",
            "language",
            "consent_at",
            "confirmation_sent_at",
            "cancelled_at",
        ]
    )
    emails.subscription_email_queue(subscription=existing, kind="confirm", repeat=True, now=now)
    return SubmitResult(subscription=existing, created=False, sent=True)


def subscription_by_token(*, token: str) -> Subscription | None:
    """The subscription a secret link belongs to, or None (also for erased ones)."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    subscription = Subscription.objects.filter(token_hash=token_hash(token)).first()
    if subscription is None or not token_matches(token, subscription.token_nonce):
        return None
    return subscription


def _locked(subscription: Subscription) -> Subscription | None:
    return Subscription.objects.select_for_update().filter(pk=subscription.pk).first()


@transaction.atomic
def subscription_confirm(
    *, subscription: Subscription, now: datetime | None = None
) -> Subscription:
    """Confirm the address: digests cover what is published from now on.

    Idempotent: a subscription that is not waiting for confirmation is returned unchanged.
    """
    now = now or timezone.now()
    locked = _locked(subscription)
    if locked is None:
        raise AlertError("unknown")
    if locked.status != SubscriptionStatus.PENDING:
        return locked
    if selectors.confirmation_expired(subscription=locked, now=now):
        raise AlertError("expired")
    locked.status = SubscriptionStatus.CONFIRMED
    locked.confirmed_at = now
    locked.last_sent_until = now
    locked.save(update_fields=["status", "confirmed_at", "last_sent_until"])
    return locked


@transaction.atomic
def subscription_resume(*, subscription: Subscription, now: datetime | None = None) -> Subscription:
    """Subscribe again from the manage page (its link proves the address): active at once,
    digests cover what is published from now on."""
    now = now or timezone.now()
    locked = _locked(subscription)
    if locked is None:
        raise AlertError("unknown")
    if locked.status != SubscriptionStatus.CANCELLED:
        return locked
    locked.status = SubscriptionStatus.CONFIRMED
    locked.confirmed_at = now
    locked.cancelled_at = None
    locked.last_sent_until = now
    locked.save(update_fields=["status", "confirmed_at", "cancelled_at", "last_sent_until"])
    return locked


@transaction.atomic
def subscription_frequency_set(*, subscription: Subscription, frequency: str) -> Subscription:
    locked = _locked(subscription)
    if locked is None:
        raise AlertError("unknown")
    frequency = Frequency(frequency)
    if locked.frequency != frequency:
        locked.frequency = frequency
        locked.save(update_fields=["frequency"])
    return locked


@transaction.atomic
def subscription_cancel(*, subscription: Subscription, now: datetime | None = None) -> bool:
    """Unsubscribe; True if it was active or waiting. The subscription is kept (it can be
    resumed from the manage page) until the purge deletes it ALERTS_UNCONFIRMED_DAYS later."""
    now = now or timezone.now()
    return bool(
        Subscription.objects.filter(
            pk=subscription.pk,
            status__in=(SubscriptionStatus.PENDING, SubscriptionStatus.CONFIRMED),
        ).update(status=SubscriptionStatus.CANCELLED, cancelled_at=now)
    )


@transaction.atomic
def subscriptions_cancel_all(*, email: str, now: datetime | None = None) -> int:
    """Unsubscribe every subscription of the address; returns how many were active or waiting."""
    now = now or timezone.now()
    ids = Subscription.objects.of_address(email).values("pk")
    return Subscription.objects.filter(
        pk__in=ids, status__in=(SubscriptionStatus.PENDING, SubscriptionStatus.CONFIRMED)
    ).update(status=SubscriptionStatus.CANCELLED, cancelled_at=now)


@transaction.atomic
def subscriptions_erase(*, email: str) -> int:
    """The right to erasure: every subscription of the address, its digests and its stored
    e-mails are deleted. Returns how many subscriptions."""
    ids = list(Subscription.objects.of_address(email).values_list("pk", flat=True))
    emails.subscription_emails_delete(subscription_ids=ids)
    deleted, _by_model = Subscription.objects.filter(pk__in=ids).delete()
    return len(ids) if deleted else 0


@transaction.atomic
def subscriptions_purge(*, now: datetime | None = None) -> int:
    """Delete subscriptions never confirmed, or unsubscribed, more than
    ALERTS_UNCONFIRMED_DAYS days ago, with their stored e-mails. Returns how many."""
    now = now or timezone.now()
    ids = list(Subscription.objects.expired(now).values_list("pk", flat=True))
    if not ids:
        return 0
    emails.subscription_emails_delete(subscription_ids=ids)
    Subscription.objects.filter(pk__in=ids).delete()
    logger.info("Deleted %d expired alert subscriptions.", len(ids))
    return len(ids)


# --- Digests ------------------------------------------------------------------------------------


@dataclass
class DigestRun:
    queued: int = 0  # digests queued
    empty: int = 0  # periods closed without anything new (no e-mail)
    skipped: int = 0  # subscriptions another run was working on


def _period_end(start: datetime, period: timedelta, now: datetime) -> datetime | None:
    """The end of the last whole period after `start` that is closed by `now`, or None.

    Periods follow one another from the confirmation on; periods missed (the command did not
    run) are covered by one digest.
    """
    periods = (now - DIGEST_SETTLE - start) // period
    return start + periods * period if periods >= 1 else None


def digests_send(*, now: datetime | None = None) -> DigestRun:
    """Queue a digest for each confirmed subscription whose period is over, with what was
    published in it and matches its filters; nothing when nothing new matched."""
    now = now or timezone.now()
    run = DigestRun()
    due = Q(
        *[
            Q(frequency=frequency, last_sent_until__lte=now - period - DIGEST_SETTLE)
            for frequency, period in PERIODS.items()
        ],
        _connector=Q.OR,
    )
    candidates = list(
        Subscription.objects.filter(due, status=SubscriptionStatus.CONFIRMED)
        .order_by("last_sent_until", "pk")
        .values_list("pk", flat=True)
    )
    for pk in candidates:
        try:
            with transaction.atomic():
                outcome = _digest_send(pk=pk, now=now)
        except IntegrityError:
            # The period's Digest row exists: another run sent it.
            outcome = "skipped"
        if outcome == "queued":
            run.queued += 1
        elif outcome == "empty":
            run.empty += 1
        else:
            run.skipped += 1
    logger.info("Queued %d alert digests (%d periods without news).", run.queued, run.empty)
    return run


def _digest_send(*, pk: int, now: datetime) -> str:
    subscription = (
        Subscription.objects.select_for_update(skip_locked=True)
        .filter(pk=pk, status=SubscriptionStatus.CONFIRMED)
        .first()
    )
    if subscription is None:
        return "skipped"
    start = subscription.last_sent_until
    end = _period_end(start, subscription.period, now)
    if end is None:
        return "skipped"
    claimed = Subscription.objects.filter(
        pk=pk, status=SubscriptionStatus.CONFIRMED, last_sent_until=start
    ).update(last_sent_until=end)
    if not claimed:
        return "skipped"
    subscription.last_sent_until = end
    with translation.override(subscription.language):
        content = selectors.digest_content(subscription=subscription, start=start, end=end, now=now)
    if not content.total:
        return "empty"
    Digest.objects.create(
        subscription=subscription,
        period_start=start,
        period_end=end,
        entries=content.total,
        created_at=now,
    )
    emails.subscription_email_queue(
        subscription=subscription,
        kind="digest",
        context={"content": content, "period_start": start, "period_end": end},
        now=now,
    )
    return "queued"
