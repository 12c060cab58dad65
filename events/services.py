"""Writes of the events app: registration, confirmation, waiting list, reminders, purge.

Concurrency rules, relied on by every function below:
- A change that touches seats locks the event row first (`SELECT … FOR UPDATE`), then the
  registrations; a single lock order means no deadlocks, and one transaction per change means
  the seat counter, the registration and its queued e-mail are committed together or not at all.
- The counter itself is raised with a conditional UPDATE (`seats_taken < capacity`), and a check
  constraint refuses any row with more seats taken than the capacity, so even a future code path
  that forgets the lock cannot overbook an event.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Cast, Concat, Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events import emails, notifications
from events.calendar import registration_calendar
from events.feedback import feedback_erase, feedback_purge
from events.models import (
    PROFILE_FIELDS,
    REGISTRANT_FIELDS,
    STATISTICAL_KINDS,
    Answer,
    Event,
    EventStatus,
    Question,
    QuestionChoice,
    Registration,
    RegistrationStatus,
)
from events.selectors import (
    RegistrationState,
    answers_open,
    event_recipients,
    registration_state,
    waitlist_position,
)
from events.tokens import nonce_new, token_for, token_hash, token_matches
from matchmaking import services as matchmaking_services
from partners.roles import user_may

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

logger = logging.getLogger(__name__)

ANONYMISED_DOMAIN = "anonymised.invalid"


class RegistrationError(Exception):
    """A registration step that is not possible (closed, expired, cancelled event …)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass
class SubmitResult:
    registration: Registration | None
    created: bool


# --- Helpers ----------------------------------------------------------------------------------


def _event_locked(event_id: int) -> Event:
    return Event.objects.select_for_update(of=("self",)).get(pk=event_id)


def _registration_locked(registration_id: int) -> Registration:
    return Registration.objects.select_for_update().get(pk=registration_id)


def _attach(registration: Registration, event: Event) -> Registration:
    registration.event = event
    return registration


def _take_seat(event: Event) -> bool:
    """Raise the seat counter if a seat is free; False when the event is full."""
    queryset = Event.objects.filter(pk=event.pk)
    if event.capacity is not None:
        queryset = queryset.filter(seats_taken__lt=F("capacity"))
    taken = queryset.update(seats_taken=F("seats_taken") + 1) == 1
    if taken:
        event.seats_taken += 1
    return taken


def _free_seat(event: Event) -> None:
    Event.objects.filter(pk=event.pk, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)
    event.seats_taken = max(event.seats_taken - 1, 0)


def _has_waiting_list(event: Event) -> bool:
    return event.registrations.filter(status=RegistrationStatus.WAITLISTED).exists()


# --- Registration -----------------------------------------------------------------------------


def registration_submit(
    *,
    event: Event,
    data: dict[str, Any],
    language: str,
    answers: Mapping[Question, Any] | None = None,
    now: datetime | None = None,
) -> SubmitResult:
    """Store a new registration and queue the e-mail with the confirmation link.

    A second submission with an e-mail address that already has an active registration for the
    event changes nothing and sends that address its link again, at most
    `EVENTS_RESEND_LIMIT` times an hour; the caller shows the same page in every case, so the
    answer reveals nothing about who registered.
    """
    now = now or timezone.now()
    state = registration_state(event=event, now=now)
    if state.code not in (RegistrationState.OPEN, RegistrationState.FULL):
        raise RegistrationError(state.code)
    email = data["email"].strip()
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return _submit(
                    event=event,
                    data={**data, "email": email},
                    language=language,
                    answers=answers or {},
                    now=now,
                )
        except IntegrityError:
            # Another submission with the same address committed between our lookup and our
            # insert: the second round finds it and re-sends its link.
            continue
    raise RegistrationError("conflict")


def registration_active_locked(*, event: Event, email: str) -> Registration | None:
    """The address's active registration for the event (any letter case), locked; call inside
    a transaction."""
    return (
        Registration.objects.select_for_update()
        .filter(event=event)
        .active()
        .annotate(email_lower=Lower("email"))
        .filter(email_lower=email.lower())
        .first()
    )


def registration_create(
    *, event: Event, data: dict[str, Any], language: str, now: datetime
) -> Registration:
    """A new pending registration with what the person typed (the matchmaking profile only for
    matchmaking meetings) and a fresh secret link; no e-mail (the caller queues it)."""
    nonce = nonce_new()
    fields = {name: data.get(name, "") for name in REGISTRANT_FIELDS}
    if event.is_matchmaking:
        fields.update({name: data.get(name, "") for name in PROFILE_FIELDS})
        fields["profile_shared"] = bool(data.get("profile_shared"))
    return Registration.objects.create(
        event=event,
        language=language,
        consent_at=now,
        created_at=now,
        token_nonce=nonce,
        token_hash=token_hash(token_for(nonce)),
        **fields,
    )


def _submit(
    *,
    event: Event,
    data: dict[str, Any],
    language: str,
    answers: Mapping[Question, Any],
    now: datetime,
) -> SubmitResult:
    existing = registration_active_locked(event=event, email=data["email"])
    if existing is not None and existing.status == RegistrationStatus.PENDING:
        if existing.confirmation_expires_at() < now:
            emails.registration_emails_delete(registration_ids=[existing.pk])
            existing.delete()
            existing = None
    if existing is not None:
        _attach(existing, event)
        kind = {
            RegistrationStatus.PENDING: "confirm",
            RegistrationStatus.CONFIRMED: "confirmed",
            RegistrationStatus.WAITLISTED: "waitlisted",
        }[existing.status]
        # At most EVENTS_RESEND_LIMIT repeats an hour, so that nobody can fill a stranger's
        # mailbox by registering their address again and again. The count is exact under
        # concurrent submissions: the registration row is locked above.
        repeats = emails.registration_repeats_count(
            registration=existing, since=now - timedelta(hours=1)
        )
        if repeats < settings.EVENTS_RESEND_LIMIT:
            emails.registration_email_queue(registration=existing, kind=kind, repeat=True)
        else:
            logger.info("Repeated registration %s: message not sent again (limit).", existing.pk)
        return SubmitResult(registration=existing, created=False)

    registration = registration_create(event=event, data=data, language=language, now=now)
    _answers_save(registration, answers, now)
    emails.registration_email_queue(registration=registration, kind="confirm")
    return SubmitResult(registration=registration, created=True)


# --- Answers to the event's questions --------------------------------------------------------


def _answers_save(registration: Registration, answers: Mapping[Question, Any], now: datetime):
    """Store the answers (the forms checked them): text, a country code, yes/no, or the ids
    of the chosen answers. An empty answer removes the one given before."""
    for question, value in answers.items():
        if value in (None, "", []):
            Answer.objects.filter(registration=registration, question=question).delete()
            continue
        answer, _created = Answer.objects.update_or_create(
            registration=registration,
            question=question,
            defaults={"text": "" if question.has_choices else value, "updated_at": now},
        )
        if question.has_choices:
            chosen = [int(pk) for pk in ([value] if isinstance(value, str) else value)]
            answer.choices.set(QuestionChoice.objects.filter(question=question, pk__in=chosen))


@transaction.atomic
def registration_answers_update(
    *, registration: Registration, answers: Mapping[Question, Any], now: datetime | None = None
) -> None:
    """The registrant changes their answers: while the registration is active and until
    registration closes (RegistrationError otherwise)."""
    now = now or timezone.now()
    event = Event.objects.get(pk=registration.event_id)
    registration = _attach(_registration_locked(registration.pk), event)
    if not answers_open(registration=registration, now=now):
        raise RegistrationError(RegistrationState.CLOSED)
    _answers_save(registration, answers, now)


def registration_by_token(*, token: str) -> Registration | None:
    """The registration a manage link belongs to, or None (also for erased registrations)."""
    if not token or len(token) > 128:
        return None
    registration = (
        Registration.objects.select_related("event", "event__organiser")
        .filter(token_hash=token_hash(token), anonymised_at__isnull=True)
        .first()
    )
    if registration is None:
        return None
    return registration if token_matches(token, registration.token_nonce) else None


@transaction.atomic
def registration_confirm(
    *, registration: Registration, now: datetime | None = None
) -> Registration:
    """Confirm the e-mail address: take a seat if one is free, else join the waiting list.

    Idempotent: a registration that is no longer pending is returned unchanged.
    """
    now = now or timezone.now()
    event = _event_locked(registration.event_id)
    registration = _attach(_registration_locked(registration.pk), event)
    if registration.status != RegistrationStatus.PENDING:
        return registration
    if registration.confirmation_expires_at() < now:
        raise RegistrationError("expired")
    if event.is_cancelled:
        raise RegistrationError(RegistrationState.CANCELLED)
    if event.start <= now:
        raise RegistrationError(RegistrationState.OVER)
    # People already waiting keep their place: a newcomer cannot overtake them.
    if not _has_waiting_list(event) and _take_seat(event):
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        kind = "confirmed"
    else:
        registration.status = RegistrationStatus.WAITLISTED
        registration.confirmed_at = None
        registration.waitlisted_at = now
        kind = "waitlisted"
    registration.save(update_fields=["status", "confirmed_at", "waitlisted_at"])
    position = waitlist_position(registration=registration)
    emails.registration_email_queue(
        registration=registration, kind=kind, context={"waitlist_position": position}
    )
    notifications.registration_notify(registration=registration, change=kind)
    return registration


def _promote(event: Event, registration: Registration, now: datetime) -> bool:
    if not _take_seat(event):
        return False
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = now
    registration.save(update_fields=["status", "confirmed_at"])
    emails.registration_email_queue(registration=registration, kind="promoted")
    notifications.registration_notify(registration=registration, change="promoted")
    return True


def _waitlist_promote(event: Event, now: datetime) -> list[Registration]:
    """Give free seats to the people waiting longest (event row already locked)."""
    promoted: list[Registration] = []
    if event.is_cancelled or event.start <= now:
        return promoted
    while event.capacity is None or event.seats_taken < event.capacity:
        waiting = (
            Registration.objects.select_for_update()
            .filter(event=event, status=RegistrationStatus.WAITLISTED)
            .order_by("waitlisted_at", "pk")
            .first()
        )
        if waiting is None or not _promote(event, _attach(waiting, event), now):
            break
        promoted.append(waiting)
    return promoted


@transaction.atomic
def event_waitlist_fill(*, event: Event, now: datetime | None = None) -> list[Registration]:
    """After the capacity was raised: promote as many waiting people as seats are free."""
    return _waitlist_promote(_event_locked(event.pk), now or timezone.now())


@transaction.atomic
def registration_promote(*, registration: Registration, now: datetime | None = None) -> bool:
    """Organiser's action: give a free seat to this waiting person (never beyond capacity)."""
    now = now or timezone.now()
    event = _event_locked(registration.event_id)
    registration = _attach(_registration_locked(registration.pk), event)
    if registration.status != RegistrationStatus.WAITLISTED or event.is_cancelled:
        return False
    return _promote(event, registration, now)


@transaction.atomic
def registration_cancel(
    *,
    registration: Registration,
    by_registrant: bool = False,
    now: datetime | None = None,
    notify: bool = True,
) -> Registration:
    """Cancel a registration; a seat it held goes to the first person waiting.

    A registrant cancels only until the event is over (then the registrations are its record);
    organisers may still cancel. A registration that is no longer active is returned unchanged.
    """
    now = now or timezone.now()
    event = _event_locked(registration.event_id)
    registration = _attach(_registration_locked(registration.pk), event)
    if not registration.is_active:
        return registration
    if by_registrant and event.is_over(now):
        raise RegistrationError(RegistrationState.OVER)
    held_seat = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    if notify:
        emails.registration_email_queue(registration=registration, kind="cancelled")
    if held_seat:
        # A participant who leaves leaves their meetings too (the others are told).
        matchmaking_services.participant_leave(registration=registration, now=now)
        _free_seat(event)
        _waitlist_promote(event, now)
    notifications.registration_notify(registration=registration, change="cancelled")
    return registration


# Kept when a registration is anonymised, for counts per event.
STATISTICS_FIELDS = ("organisation_type", "country")


def _anonymised_values() -> dict[str, Any]:
    values: dict[str, Any] = {
        name: "" for name in (*REGISTRANT_FIELDS, *PROFILE_FIELDS) if name not in STATISTICS_FIELDS
    }
    values.update(
        email=Concat(
            Cast("pk", output_field=Registration._meta.get_field("email")),
            Value(f"@{ANONYMISED_DOMAIN}"),
        ),
        profile_shared=False,
        token_nonce="",
        token_hash="",
    )
    return values


@transaction.atomic
def registration_erase(*, registration: Registration, now: datetime | None = None) -> None:
    """The registrant's right to erasure: cancel (freeing the seat), then anonymise at once."""
    now = now or timezone.now()
    registration = registration_cancel(registration=registration, now=now, notify=False)
    Registration.objects.filter(pk=registration.pk).update(
        anonymised_at=now, **_anonymised_values()
    )
    Answer.objects.filter(registration=registration).delete()
    feedback_erase(registration=registration)
    emails.registration_emails_delete(registration_ids=[registration.pk])


@transaction.atomic
def registration_delete(*, registration: Registration) -> None:
    """Remove a registration completely (portal editors), freeing its seat first."""
    registration = registration_cancel(registration=registration, notify=False)
    Registration.objects.filter(pk=registration.pk).delete()
    emails.registration_emails_delete(registration_ids=[registration.pk])


# --- Scheduled work ---------------------------------------------------------------------------


def reminders_send(*, now: datetime | None = None) -> int:
    """Queue the join link for confirmed participants of events that start soon.

    Exactly once per participant, also when two copies run at once on two machines: each
    registration is claimed by a conditional UPDATE (`reminder_sent_at IS NULL`) in the same
    transaction that queues its message, so a message exists if and only if the claim
    committed. Events that have already started get no late reminder.
    """
    now = now or timezone.now()
    horizon = now + timedelta(days=settings.EVENTS_REMINDER_DAYS)
    candidates = list(
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            reminder_sent_at__isnull=True,
            anonymised_at__isnull=True,
            event__status=EventStatus.PUBLISHED,
            event__start__gt=now,
            event__start__lte=horizon,
        )
        .order_by("event__start", "pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    events: dict[int, Event] = {}
    for pk in candidates:
        with transaction.atomic():
            # Only columns of the registration row in this WHERE: PostgreSQL re-checks them
            # after waiting for a concurrent run's lock. (A condition on the joined event would
            # turn this into `id IN (subquery)`, which is not re-checked.)
            claimed = Registration.objects.filter(
                pk=pk,
                status=RegistrationStatus.CONFIRMED,
                reminder_sent_at__isnull=True,
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            registration = Registration.objects.get(pk=pk)
            event = events.get(registration.event_id)
            if event is None:
                event = events[registration.event_id] = Event.objects.get(pk=registration.event_id)
            registration.event = event
            with translation.override(registration.language):
                ics = registration_calendar(event, join_link=event.join_link)
            emails.registration_email_queue(
                registration=registration,
                kind="reminder",
                attachments={f"{event.slug}.ics": ics},
            )
            sent += 1
    logger.info("Queued %d join-link reminders.", sent)
    return sent


@dataclass
class PurgeResult:
    expired_deleted: int
    anonymised: int


@transaction.atomic
def registrations_purge(*, now: datetime | None = None) -> PurgeResult:
    """Delete unconfirmed registrations that expired, anonymise those of long-past events.

    Counts by status, organisation type, country and language stay for statistics.
    """
    now = now or timezone.now()
    expired = Registration.objects.expired(now)
    expired_ids = list(expired.values_list("pk", flat=True))
    expired_deleted = expired.filter(pk__in=expired_ids).delete()[0] if expired_ids else 0
    limit = now - timedelta(days=settings.EVENTS_PURGE_DAYS)
    due = Registration.objects.filter(anonymised_at__isnull=True, event__end__lt=limit)
    due_ids = list(due.values_list("pk", flat=True))
    anonymised = 0
    if due_ids:
        anonymised = Registration.objects.filter(pk__in=due_ids).update(
            anonymised_at=now,
            # Pending ones of a past event never took place; keep them out of the counts.
            status=Case(
                When(status=RegistrationStatus.PENDING, then=Value(RegistrationStatus.CANCELLED)),
                default=F("status"),
            ),
            cancelled_at=Case(
                When(status=RegistrationStatus.PENDING, then=Value(now)),
                default=F("cancelled_at"),
            ),
            **_anonymised_values(),
        )
        matchmaking_services.participants_purge(registration_ids=due_ids)
        # Text answers may say anything about a person; chosen answers, yes/no and countries
        # stay with the anonymous registration for the statistics.
        Answer.objects.filter(registration_id__in=due_ids).exclude(
            question__kind__in=STATISTICAL_KINDS
        ).delete()
    # Feedback of those events keeps its ratings; the free texts go (events.feedback).
    feedback_purge(ended_before=limit)
    emails.registration_emails_delete(registration_ids=expired_ids + due_ids)
    logger.info("Deleted %d expired registrations, anonymised %d.", expired_deleted, anonymised)
    return PurgeResult(expired_deleted=expired_deleted, anonymised=anonymised)


# --- Organisers -------------------------------------------------------------------------------


def _recipients(event: Event, statuses) -> list[Registration]:
    return [_attach(r, event) for r in event_recipients(event=event, statuses=statuses)]


@transaction.atomic
def event_cancel(*, event: Event, now: datetime | None = None) -> int:
    """Cancel the published event and tell everyone who confirmed or waits. Returns messages
    queued. Only a published event is cancelled (a cancelled event stays public, as news): a
    draft or an event in review is returned to draft instead; RegistrationError("unpublished")
    says so."""
    now = now or timezone.now()
    event = _event_locked(event.pk)
    if event.is_cancelled:
        return 0
    if event.status != EventStatus.PUBLISHED:
        raise RegistrationError("unpublished")
    Event.objects.filter(pk=event.pk).update(status=EventStatus.CANCELLED, cancelled_at=now)
    event.status, event.cancelled_at = EventStatus.CANCELLED, now
    recipients = _recipients(event, (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED))
    for registration in recipients:
        emails.registration_email_queue(registration=registration, kind="event_cancelled")
    return len(recipients)


@transaction.atomic
def event_registration_close(*, event: Event, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    event = _event_locked(event.pk)
    if event.registration_closes_at is not None and event.registration_closes_at <= now:
        return False
    if event.registration_opens_at is not None and event.registration_opens_at >= now:
        Event.objects.filter(pk=event.pk).update(registration_opens_at=now - timedelta(seconds=1))
    Event.objects.filter(pk=event.pk).update(registration_closes_at=now)
    return True


@transaction.atomic
def event_recording_publish(*, event: Event, now: datetime | None = None) -> int:
    """Tell the participants that the recording is online (once). Returns messages queued."""
    now = now or timezone.now()
    event = _event_locked(event.pk)
    if not event.recording_url:
        raise RegistrationError("no_recording")
    if event.recording_published_at is not None:
        return 0
    Event.objects.filter(pk=event.pk).update(recording_published_at=now)
    event.recording_published_at = now
    recipients = _recipients(event, (RegistrationStatus.CONFIRMED,))
    for registration in recipients:
        emails.registration_email_queue(registration=registration, kind="recording")
    return len(recipients)


@transaction.atomic
def event_participants_message(
    *, event: Event, subject: str, body: str, matchmaking_only: bool = False
) -> int:
    """An organiser's message to every confirmed participant (`matchmaking_only`: to those who
    share a matchmaking profile), with a localised greeting."""
    recipients = _recipients(event, (RegistrationStatus.CONFIRMED,))
    if matchmaking_only:
        recipients = [registration for registration in recipients if registration.profile_shared]
    for registration in recipients:
        emails.registration_email_queue(
            registration=registration,
            kind="organiser_message",
            context={"message_subject": subject, "message_body": body},
        )
    return len(recipients)


@transaction.atomic
def event_changed_notify(*, event: Event, changes: list[str]) -> int:
    """Tell confirmed and waiting registrants that the date, place or access changed."""
    recipients = _recipients(event, (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED))
    for registration in recipients:
        emails.registration_email_queue(
            registration=registration, kind="event_changed", context={"changes": changes}
        )
    return len(recipients)


# --- Changes of an event ----------------------------------------------------------------------

# Details registrants are told about when they change (on request of the person who changes
# them): when and where the event takes place, and how to get in.
NOTIFIED_FIELDS = (
    "start",
    "end",
    "dates_only",
    "time_zone",
    "format",
    "venue",
    "platform",
    "join_link",
)
# Details of a published event that apply as soon as they are saved, also while its other
# changes wait for review (reviews.registry): registrants rely on them.
IMMEDIATE_FIELDS = frozenset(
    {
        *NOTIFIED_FIELDS,
        "registration_enabled",
        "capacity",
        "registration_opens_at",
        "registration_closes_at",
        "recording_url",
        "organiser_notifications",
    }
)


def event_capacity_check(*, capacity: int | None, seats_taken: int) -> None:
    """Raise ValidationError when a capacity leaves fewer seats than are already taken."""
    if capacity is not None and capacity < seats_taken:
        raise ValidationError(
            _("%(taken)s seats are already taken; cancel registrations first.")
            % {"taken": seats_taken},
            code="capacity_below_seats_taken",
        )


def _notified_changes(changed_fields: Iterable[str]) -> list[str]:
    """Labels of the changed details registrants hear about. Translated fields count as
    changed when one of their languages changed (`venue_de` is a change of `venue`)."""
    changed = set(changed_fields)
    return [
        Event._meta.get_field(name).verbose_name
        for name in NOTIFIED_FIELDS
        if name in changed or any(other.startswith(f"{name}_") for other in changed)
    ]


@dataclass(frozen=True)
class EventUpdateResult:
    event: Event
    promoted: list[Registration] = field(default_factory=list)  # moved up from the waiting list
    changes: list[str] = field(default_factory=list)  # what registrants are told has changed
    notified: int = 0  # how many of them


@transaction.atomic
def event_update(
    *,
    event: Event,
    user: AbstractBaseUser | None = None,
    changed_fields: Iterable[str] = (),
    notify_registrants: bool = False,
    now: datetime | None = None,
) -> EventUpdateResult:
    """Save the changes made to an existing event (`event` holds the new values).

    - The seat counter is changed only by registrations: its current value is taken under the
      event's row lock, the lock registrations take, so that this save cannot overwrite it.
    - The capacity cannot drop below the seats taken (ValidationError on `capacity`).
    - Status: cancelling goes through `event_cancel`, which tells everyone registered, and a
      cancelled event stays cancelled (ValidationError on `status`).
    - When the capacity grows or becomes unlimited, the people waiting longest get the seats.
    - With `notify_registrants`, confirmed and waiting registrants of a published event are told
      which of the notified details (`NOTIFIED_FIELDS`) are among `changed_fields`.

    `user` is the person making the change: they need the right to change events of both the
    current and the new organiser (partners.roles). None stands for the portal itself (commands,
    imports).
    """
    now = now or timezone.now()
    current = _event_locked(event.pk)
    if user is not None:
        for organisation_id in {current.organiser_id, event.organiser_id}:
            if not user_may(user, "events.change_event", organisation_id):
                raise PermissionDenied(_("Entries can only belong to your own organisations."))
    if event.status != current.status:
        if EventStatus.CANCELLED in (event.status, current.status):
            message = _(
                "An event is cancelled with the action that tells everyone registered, and a "
                "cancelled event stays cancelled."
            )
            code = "cancelled_status"
        else:
            message = _(
                "An event's status changes with the review steps (submit, publish, unpublish), "
                "not by saving its form."
            )
            code = "workflow_status"
        raise ValidationError({"status": ValidationError(message, code=code)})
    # What the review steps record is theirs alone (partners.services.workflow_transition).
    event.status_changed_at = current.status_changed_at
    event.status_changed_by_id = current.status_changed_by_id
    event.first_published_at = current.first_published_at
    try:
        event_capacity_check(capacity=event.capacity, seats_taken=current.seats_taken)
    except ValidationError as error:
        raise ValidationError({"capacity": error}) from None
    event.seats_taken = current.seats_taken
    event.save()
    promoted: list[Registration] = []
    if event.capacity is None or (
        current.capacity is not None and event.capacity > current.capacity
    ):
        promoted = _waitlist_promote(event, now)
    changes: list[str] = []
    if notify_registrants and event.status == EventStatus.PUBLISHED:
        changes = _notified_changes(changed_fields)
    notified = event_changed_notify(event=event, changes=changes) if changes else 0
    return EventUpdateResult(event=event, promoted=promoted, changes=changes, notified=notified)
