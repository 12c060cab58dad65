"""Series of events: the public page, registering for several events at once, and confirming
them all through one link.

A series' form creates one pending registration per chosen event, exactly as the event's own
form would (the same fields, the same rule of one active registration per address and event),
all in one transaction, and queues one e-mail that lists them with one link to confirm them
all. Each registration keeps its own manage link.

Locking follows `events.services`: events first, in id order (so that two transactions that
touch the same events never wait for each other in a circle), then registrations. Confirming
reuses `events.services.registration_confirm` for each registration, so each event's seats and
waiting list are handled as if the person had confirmed it alone.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from core.tokens import SecretLinks
from events import emails, services
from events.models import (
    Event,
    Question,
    Registration,
    RegistrationStatus,
    Series,
    SeriesSubmission,
)
from events.selectors import EventCard, State, registration_state
from events.tokens import nonce_new, token_for

logger = logging.getLogger(__name__)

# The link that confirms the registrations of one sending of a series' form.
_LINKS = SecretLinks("events.series.confirm-token")


# --- Public page ------------------------------------------------------------------------------


def _asks_required_questions() -> Exists:
    return Exists(Question.objects.filter(event=OuterRef("pk"), required=True).asked().order_by())


def series_public_queryset() -> QuerySet[Series]:
    """Series visitors see (those with a published event), with their organisers."""
    return Series.objects.public().select_related("organiser").prefetch_related("co_organisers")


def series_published_events(*, series: Series) -> QuerySet[Event]:
    """The series' events visitors see, soonest first, each with `asks_questions` (True when
    its registration form asks a question that needs an answer: the series' form cannot)."""
    return (
        Event.objects.published()
        .filter(series=series)
        .annotate(asks_questions=_asks_required_questions())
        .order_by("start", "pk")
    )


@dataclass(frozen=True)
class SeriesEvent(EventCard):
    """An event on the series page: its registration state and whether the series' form
    offers it (it takes registrations and asks no required question of its own)."""

    offered: bool = False


@dataclass(frozen=True)
class SeriesPage:
    series: Series
    events: list[SeriesEvent]
    first_start: datetime | None
    last_end: datetime | None

    @property
    def offered(self) -> list[Event]:
        return [card.event for card in self.events if card.offered]


def series_page(*, slug: str, now: datetime | None = None) -> SeriesPage | None:
    """The public series with this slug and its published events (three queries), or None."""
    now = now or timezone.now()
    series = series_public_queryset().filter(slug=slug).first()
    if series is None:
        return None
    cards = []
    for event in series_published_events(series=series):
        state = registration_state(event=event, now=now)
        offered = state.accepts_registrations and not event.asks_questions
        cards.append(SeriesEvent(event=event, state=state, offered=offered))
    return SeriesPage(
        series=series,
        events=cards,
        first_start=min((card.event.start for card in cards), default=None),
        last_end=max((card.event.end for card in cards), default=None),
    )


def series_for_sitemap() -> QuerySet[Series]:
    return Series.objects.public().order_by("pk").only("pk", "slug", "updated_at")


# --- Registering for several events -----------------------------------------------------------


@dataclass(frozen=True)
class SeriesSubmitResult:
    submission: SeriesSubmission | None  # None when no new registration was made
    created: list[Registration] = field(default_factory=list)
    # Events for which the address already had an active registration: nothing is added.
    skipped: list[Registration] = field(default_factory=list)
    # Chosen events that stopped taking registrations before the form arrived.
    refused: list[Event] = field(default_factory=list)


def _takes_registrations(event: Event, now: datetime) -> bool:
    if not registration_state(event=event, now=now).accepts_registrations:
        return False
    return not Question.objects.filter(event=event, required=True).asked().exists()


def series_registration_submit(
    *,
    series: Series,
    events: Sequence[Event],
    data: dict[str, Any],
    language: str,
    now: datetime | None = None,
) -> SeriesSubmitResult:
    """Register the person for the chosen events of the series and queue one e-mail.

    One transaction: the chosen events are locked in id order, then for each event that still
    takes registrations a pending registration is made, unless the address already has an
    active one there (that one is kept and named in the e-mail; an unconfirmed one whose link
    expired is replaced). The e-mail lists the new registrations with one link that confirms
    them all. When every chosen event already had the address, the e-mail names them again,
    at most `EVENTS_RESEND_LIMIT` times an hour, as the event's own form does.

    RegistrationError("closed") when no chosen event takes registrations any more.
    """
    now = now or timezone.now()
    email = data["email"].strip()
    data = {**data, "email": email}
    ids = sorted({event.pk for event in events})
    with transaction.atomic():
        # FOR NO KEY UPDATE: it serialises with confirmations and other series forms, while
        # single registrations may still insert rows that refer to the event (their foreign
        # key check takes a KEY SHARE lock, which FOR UPDATE would block: a deadlock when
        # both then wait on the same address).
        locked = list(
            Event.objects.select_for_update(of=("self",), no_key=True)
            .filter(pk__in=ids, series=series)
            .order_by("pk")
        )
        created: list[Registration] = []
        skipped: list[Registration] = []
        refused: list[Event] = []
        for event in locked:
            if not _takes_registrations(event, now):
                refused.append(event)
                continue
            existing = services.registration_active_locked(event=event, email=email)
            if (
                existing is not None
                and existing.status == RegistrationStatus.PENDING
                and existing.confirmation_expires_at() < now
            ):
                emails.registration_emails_delete(registration_ids=[existing.pk])
                existing.delete()
                existing = None
            if existing is not None:
                existing.event = event
                skipped.append(existing)
                continue
            try:
                with transaction.atomic():
                    registration = services.registration_create(
                        event=event, data=data, language=language, now=now
                    )
            except IntegrityError:
                # The address registered for this event through its own form a moment ago.
                existing = services.registration_active_locked(event=event, email=email)
                if existing is not None:
                    existing.event = event
                    skipped.append(existing)
                continue
            created.append(registration)
        if not created and not skipped:
            raise services.RegistrationError("closed")
        submission = None
        if created:
            nonce = nonce_new()
            submission = SeriesSubmission.objects.create(
                series=series,
                token_nonce=nonce,
                token_hash=_LINKS.token_hash(_LINKS.token_for(nonce)),
                created_at=now,
            )
            submission.registrations.set(created)
            _confirm_email_queue(series=series, submission=submission, new=created, kept=skipped)
        else:
            _repeat_email_queue(series=series, kept=skipped, now=now)
    return SeriesSubmitResult(
        submission=submission, created=created, skipped=skipped, refused=refused
    )


def series_confirm_url(*, submission: SeriesSubmission, series: Series, language: str) -> str:
    """The absolute link that confirms the registrations of one sending of the form."""
    with translation.override(language):
        path = reverse(
            "events:series_confirm",
            kwargs={"slug": series.slug, "token": _LINKS.token_for(submission.token_nonce)},
        )
    return settings.SITE_URL + path


@dataclass(frozen=True)
class MailEntry:
    """An event in the series e-mail, with the registrant's own link for it."""

    registration: Registration
    event: Event
    event_url: str
    manage_url: str


def _entries(registrations: Sequence[Registration], language: str) -> list[MailEntry]:
    entries = []
    for registration in sorted(registrations, key=lambda r: (r.event.start, r.event.pk)):
        with translation.override(language):
            event_url = settings.SITE_URL + registration.event.get_absolute_url()
        entries.append(
            MailEntry(
                registration=registration,
                event=registration.event,
                event_url=event_url,
                manage_url=emails.manage_url(registration),
            )
        )
    return entries


def _series_url(series: Series, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + series.get_absolute_url()


def _confirm_email_queue(
    *,
    series: Series,
    submission: SeriesSubmission,
    new: list[Registration],
    kept: list[Registration],
) -> None:
    # The message is kept and retried for as long as its link can confirm any of the events:
    # until the link expires or the last of them starts (events.emails.useful_until).
    anchor = max(new, key=lambda r: (r.event.start, r.event.pk))
    language = anchor.language
    emails.registration_email_queue(
        registration=anchor,
        kind="series_confirm",
        context={
            "series": series,
            "series_url": _series_url(series, language),
            "confirm_url": series_confirm_url(
                submission=submission, series=series, language=language
            ),
            "new_entries": _entries(new, language),
            "kept_entries": _entries(kept, language),
            "confirmation_hours": settings.EVENTS_CONFIRMATION_HOURS,
        },
    )


def _repeat_email_queue(*, series: Series, kept: list[Registration], now: datetime) -> None:
    """Every chosen event already had the address: name them again, with their links."""
    anchor = max(kept, key=lambda r: (r.event.start, r.event.pk))
    repeats = emails.registration_repeats_count(registration=anchor, since=now - timedelta(hours=1))
    if repeats >= settings.EVENTS_RESEND_LIMIT:
        logger.info("Repeated series registration %s: message not sent again (limit).", anchor.pk)
        return
    language = anchor.language
    emails.registration_email_queue(
        registration=anchor,
        kind="series_confirm",
        context={
            "series": series,
            "series_url": _series_url(series, language),
            "confirm_url": "",
            "new_entries": [],
            "kept_entries": _entries(kept, language),
            "confirmation_hours": settings.EVENTS_CONFIRMATION_HOURS,
        },
        repeat=True,
    )


# --- Confirming them all ----------------------------------------------------------------------


def series_submission_by_token(*, slug: str, token: str) -> SeriesSubmission | None:
    """The sending of the form a confirmation link belongs to (of the series with this slug),
    or None."""
    if not token or len(token) > 128:
        return None
    submission = (
        SeriesSubmission.objects.select_related("series")
        .filter(token_hash=_LINKS.token_hash(token), series__slug=slug)
        .first()
    )
    if submission is None or not _LINKS.token_matches(token, submission.token_nonce):
        return None
    return submission


def series_submission_registrations(*, submission: SeriesSubmission) -> list[Registration]:
    """The registrations of one sending that still exist (erased ones left out), in the order
    of their events, each with its event (one query)."""
    return list(
        submission.registrations.filter(anonymised_at__isnull=True)
        .select_related("event")
        .order_by("event__start", "event_id", "pk")
    )


@dataclass(frozen=True)
class ConfirmOutcome:
    """What confirming did to one registration: its status now, or why it could not be
    confirmed (a `RegistrationError` code: "expired", "cancelled", "over")."""

    registration: Registration
    error: str = ""


def series_registration_confirm(
    *, submission: SeriesSubmission, now: datetime | None = None
) -> list[ConfirmOutcome]:
    """Confirm every pending registration of the sending, in one transaction.

    The events are locked in id order first; then each registration is confirmed by
    `events.services.registration_confirm` (a seat if one is free, else that event's waiting
    list). A registration that cannot be confirmed (its event was cancelled or has started, the
    link expired) is reported and the others are confirmed all the same. Idempotent: confirmed,
    waiting and cancelled registrations stay as they are.
    """
    now = now or timezone.now()
    outcomes: list[ConfirmOutcome] = []
    with transaction.atomic():
        registrations = list(
            submission.registrations.filter(anonymised_at__isnull=True).order_by("event_id", "pk")
        )
        event_ids = sorted({registration.event_id for registration in registrations})
        list(
            Event.objects.select_for_update(of=("self",))
            .filter(pk__in=event_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for registration in registrations:
            try:
                confirmed = services.registration_confirm(registration=registration, now=now)
            except services.RegistrationError as error:
                outcomes.append(ConfirmOutcome(registration=registration, error=error.code))
                continue
            outcomes.append(ConfirmOutcome(registration=confirmed))
    return outcomes


@dataclass(frozen=True)
class SubmissionEntry:
    """A registration of a sending as its confirmation page shows it."""

    registration: Registration
    event: Event
    manage_token: str
    expired: bool
    state: State


def series_submission_entries(
    *, submission: SeriesSubmission, now: datetime | None = None
) -> list[SubmissionEntry]:
    """The registrations of a sending for its page: status, expiry and each one's own link."""
    now = now or timezone.now()
    return [
        SubmissionEntry(
            registration=registration,
            event=registration.event,
            manage_token=token_for(registration.token_nonce),
            expired=registration.status == RegistrationStatus.PENDING
            and registration.confirmation_expires_at() < now,
            state=registration_state(event=registration.event, now=now),
        )
        for registration in series_submission_registrations(submission=submission)
    ]
