"""The follow-up e-mail after an event: thanks, recording, report, measures, certificate and a
link to the feedback form, in each participant's language.

Who receives it: the participants marked present; when nobody of the event was marked (present
or absent), every confirmed participant. It goes out `EVENTS_FOLLOWUP_HOURS` after the end, so
that the organisers can take attendance first, and only for events that ended within the last
`FOLLOWUP_LATEST` (older events get none, also when the command first runs long after them).
Cancelled events and erased registrations get none.

Exactly once per person, also when two copies of the command run at once: each registration is
claimed by a conditional UPDATE (`followup_sent_at IS NULL`) in the transaction that queues its
message (as events.services.reminders_send does).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from events import emails
from events.attendance import attendance_taken
from events.certificates import certificate_available, certificate_filename, certificate_pdf
from events.models import Event, EventStatus, Registration, RegistrationStatus
from events.tokens import token_for

logger = logging.getLogger(__name__)

# Events that ended longer ago than this (plus the delay) get no follow-up.
FOLLOWUP_LATEST = timedelta(days=7)


def feedback_url(registration: Registration) -> str:
    """The absolute address of the registrant's feedback form, in their language."""
    with translation.override(registration.language):
        path = reverse(
            "events:manage_feedback", kwargs={"token": token_for(registration.token_nonce)}
        )
    return settings.SITE_URL + path


def _event(event_id: int) -> Event:
    from measures.models import Measure

    event = Event.objects.select_related("organiser", "project").get(pk=event_id)
    event.presented_measures = list(Measure.objects.published().filter(events=event).order_by("pk"))
    return event


def followups_send(*, now: datetime | None = None) -> int:
    """Queue the follow-up e-mail for the participants of events that ended. Returns how many
    messages were queued."""
    now = now or timezone.now()
    latest_end = now - timedelta(hours=settings.EVENTS_FOLLOWUP_HOURS)
    candidates = list(
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            followup_sent_at__isnull=True,
            anonymised_at__isnull=True,
            event__status=EventStatus.PUBLISHED,
            event__end__lte=latest_end,
            event__end__gt=latest_end - FOLLOWUP_LATEST,
        )
        .order_by("event__end", "event_id", "pk")
        .values_list("pk", "event_id")
    )
    events: dict[int, Event] = {}
    taken: dict[int, bool] = {}
    sent = 0
    for pk, event_id in candidates:
        if event_id not in taken:
            taken[event_id] = attendance_taken(event=Event(pk=event_id))
        with transaction.atomic():
            # Only columns of the registration row in this WHERE, so that PostgreSQL re-checks
            # them after waiting for a concurrent run's lock.
            claim = Registration.objects.filter(
                pk=pk,
                status=RegistrationStatus.CONFIRMED,
                followup_sent_at__isnull=True,
                anonymised_at__isnull=True,
            )
            if taken[event_id]:
                claim = claim.filter(attended=True)
            if not claim.update(followup_sent_at=now):
                continue
            if event_id not in events:
                events[event_id] = _event(event_id)
            registration = Registration.objects.get(pk=pk)
            registration.event = event = events[event_id]
            attachments = {}
            with_certificate = certificate_available(registration=registration, now=now)
            if with_certificate:
                attachments[certificate_filename(registration=registration)] = certificate_pdf(
                    registration=registration, now=now
                )
            emails.registration_email_queue(
                registration=registration,
                kind="followup",
                context={
                    "feedback_url": feedback_url(registration),
                    "with_certificate": with_certificate,
                    "measures": [
                        (measure, settings.SITE_URL + _measure_path(measure, registration))
                        for measure in event.presented_measures
                    ],
                    "recording_url": event.recording_url if event.recording_published_at else "",
                },
                attachments=attachments or None,
            )
            sent += 1
    logger.info("Queued %d follow-up e-mails.", sent)
    return sent


def _measure_path(measure, registration: Registration) -> str:
    with translation.override(registration.language):
        return measure.get_absolute_url()
