"""Feedback after an event: a rating from 1 to 5 and two short texts, once per participant.

Participants answer through their registration's secret link once the event is over: confirmed
registrations of an event that took place, except people the organisers marked absent. Sending
the form again changes the answer given before (one answer per registration, kept by a unique
constraint); the form shows that answer.

Organisers see the answers of their events without names: ratings, their average and the texts,
sorted by rating and otherwise shuffled, never with the registration they came from.

Personal data:
- erasure of a registration (events.services.registration_erase) deletes the person's texts and
  cuts the link to the registration; the rating stays with the event, anonymous;
- the purge (events.services.registrations_purge) does the same for every answer to an event
  that ended more than `EVENTS_PURGE_DAYS` ago, when its registrations are anonymised: the
  ratings stay for the statistics, the free texts are deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from events.models import Event, Feedback, Registration, RegistrationStatus

RATINGS = (1, 2, 3, 4, 5)
TEXT_MAX_LENGTH = 2000


class FeedbackError(Exception):
    """Feedback is not possible for this registration (now)."""


def feedback_open(*, registration: Registration, now: datetime | None = None) -> bool:
    """May the registrant give (or change) feedback now?"""
    event = registration.event
    return (
        registration.status == RegistrationStatus.CONFIRMED
        and registration.anonymised_at is None
        and registration.attended is not False
        and not event.is_cancelled
        and event.is_over(now)
    )


def feedback_for(*, registration: Registration) -> Feedback | None:
    """The answer the registrant gave, or None."""
    return Feedback.objects.filter(registration=registration).first()


def feedback_submit(
    *,
    registration: Registration,
    rating: int,
    useful: str = "",
    improve: str = "",
    now: datetime | None = None,
) -> Feedback:
    """Store the registrant's answer, replacing the one given before. Raises FeedbackError when
    feedback is not open for the registration, ValueError for a rating outside 1–5."""
    now = now or timezone.now()
    if not feedback_open(registration=registration, now=now):
        raise FeedbackError("closed")
    if rating not in RATINGS:
        raise ValueError(f"Rating {rating!r} is not between 1 and 5.")
    values = {
        "rating": rating,
        "useful": useful[:TEXT_MAX_LENGTH],
        "improve": improve[:TEXT_MAX_LENGTH],
        "updated_at": now,
    }
    for _attempt in range(2):
        try:
            with transaction.atomic():
                feedback, _created = Feedback.objects.update_or_create(
                    registration=registration,
                    defaults=values,
                    create_defaults={
                        **values,
                        "event_id": registration.event_id,
                        "created_at": now,
                    },
                )
                return feedback
        except IntegrityError:
            # The same person sent the form twice at once: the second round updates.
            continue
    raise FeedbackError("conflict")


def feedback_erase(*, registration: Registration) -> int:
    """Erasure: delete the person's texts and detach the rating from them."""
    return Feedback.objects.filter(registration=registration).update(
        registration=None, useful="", improve=""
    )


def feedback_purge(*, ended_before: datetime) -> int:
    """Delete the texts of answers to events that ended before the moment and detach the
    ratings from the registrations (which the purge anonymises). Returns answers changed."""
    return (
        Feedback.objects.filter(event__end__lt=ended_before)
        .exclude(registration__isnull=True, useful="", improve="")
        .update(registration=None, useful="", improve="")
    )


# --- Reads for the organisers ------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackEntry:
    rating: int
    useful: str
    improve: str


@dataclass(frozen=True)
class EventFeedback:
    count: int
    average: float | None
    distribution: list[tuple[int, int]]  # (rating, how many), 5 to 1
    entries: list[FeedbackEntry]  # answers with text, best rating first, otherwise shuffled


def event_feedback(*, event: Event) -> EventFeedback:
    """The event's feedback without anything that identifies who gave it (two queries)."""
    answers = Feedback.objects.filter(event=event)
    counts = dict(answers.order_by().values_list("rating").annotate(n=Count("pk")))
    count = sum(counts.values())
    average = sum(rating * n for rating, n in counts.items()) / count if count else None
    entries = [
        FeedbackEntry(rating=rating, useful=useful, improve=improve)
        for rating, useful, improve in answers.exclude(useful="", improve="")
        .order_by("-rating", "?")
        .values_list("rating", "useful", "improve")
    ]
    return EventFeedback(
        count=count,
        average=average,
        distribution=[(rating, counts.get(rating, 0)) for rating in reversed(RATINGS)],
        entries=entries,
    )
