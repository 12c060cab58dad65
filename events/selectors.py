"""Reads of the events app: public lists, detail pages, registration state, partner sections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from events.filters import EventFilterSet
from events.models import Event, EventStatus, Registration, RegistrationStatus


class RegistrationState:
    """Where an event's registration stands, as shown on its page."""

    NONE = "none"  # no registration in the portal
    NOT_YET = "not_yet"  # opens on …
    OPEN = "open"
    FULL = "full"  # confirmations go to the waiting list
    CLOSED = "closed"
    CANCELLED = "cancelled"
    OVER = "over"


@dataclass(frozen=True)
class State:
    code: str
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    seats_left: int | None = None

    @property
    def accepts_registrations(self) -> bool:
        return self.code in (RegistrationState.OPEN, RegistrationState.FULL)


def registration_state(*, event: Event, now: datetime | None = None) -> State:
    now = now or timezone.now()
    if event.is_cancelled:
        return State(RegistrationState.CANCELLED)
    if event.start <= now:
        return State(RegistrationState.OVER)
    if not event.registration_enabled:
        return State(RegistrationState.NONE)
    if event.registration_opens_at and now < event.registration_opens_at:
        return State(RegistrationState.NOT_YET, opens_at=event.registration_opens_at)
    closes_at = event.registration_closes()
    if now >= closes_at:
        return State(RegistrationState.CLOSED)
    if event.capacity is not None and event.seats_taken >= event.capacity:
        return State(RegistrationState.FULL, closes_at=closes_at, seats_left=0)
    return State(RegistrationState.OPEN, closes_at=closes_at, seats_left=event.seats_left)


def _public_base() -> QuerySet[Event]:
    return Event.objects.published().select_related("organiser", "project")


@dataclass
class EventListing:
    filterset: EventFilterSet
    upcoming: list[Event]
    past: list[Event]


def event_list(*, data, now: datetime | None = None) -> EventListing:
    """Published events filtered by `data` (GET), split into upcoming and past, facets counted."""
    now = now or timezone.now()
    base = _public_base()
    filterset = EventFilterSet(data=data or None, queryset=base, request_choices=True)
    filterset.label_with_counts()
    events = list(filterset.qs.prefetch_related("co_organisers").order_by("start", "pk"))
    for event in events:
        event.state = registration_state(event=event, now=now)
    upcoming = [event for event in events if event.end >= now]
    past = [event for event in reversed(events) if event.end < now]
    return EventListing(filterset=filterset, upcoming=upcoming, past=past)


def event_upcoming(*, limit: int = 3, now: datetime | None = None) -> list[Event]:
    """The next published events that have not ended, soonest first."""
    now = now or timezone.now()
    events = list(_public_base().upcoming(now).order_by("start", "pk")[:limit])
    for event in events:
        event.state = registration_state(event=event, now=now)
    return events


def event_detail_queryset() -> QuerySet[Event]:
    from measures.models import Measure

    measures = Measure.objects.all()
    if hasattr(measures, "published"):
        measures = measures.published()
    return _public_base().prefetch_related(
        "co_organisers",
        Prefetch("measures", queryset=measures.order_by("pk")),
    )


def event_feed(*, now: datetime | None = None) -> QuerySet[Event]:
    """Events in the public calendar feed: a year back and everything ahead."""
    now = now or timezone.now()
    return Event.objects.published().filter(end__gte=now - timedelta(days=365))


def registration_join_link(*, registration: Registration, now: datetime | None = None) -> str:
    """The join link a registrant may see now: confirmed, event not cancelled, inside the
    window from the reminder until the end; otherwise empty."""
    now = now or timezone.now()
    event = registration.event
    if (
        registration.status != RegistrationStatus.CONFIRMED
        or registration.anonymised_at is not None
        or event.is_cancelled
        or not event.join_window_opens() <= now <= event.end
    ):
        return ""
    return event.join_link


def matchmaking_profiles(*, event: Event) -> list[Registration]:
    """Profiles confirmed participants agreed to show to the other participants."""
    return list(
        event.registrations.filter(
            status=RegistrationStatus.CONFIRMED, profile_shared=True, anonymised_at__isnull=True
        )
        .exclude(profile_offer="", profile_seek="")
        .order_by("organisation", "pk")
    )


def registration_counts(*, queryset: QuerySet[Registration]) -> dict[str, int]:
    """Registrations by status, every status present (zeros included)."""
    found = dict(queryset.order_by().values_list("status").annotate(n=Count("pk")))
    return {status: found.get(status, 0) for status in RegistrationStatus.values}


def organisation_section(*, organisation) -> dict[str, Any] | None:
    """Upcoming and past events an organisation (co-)organises, for its partner page."""
    now = timezone.now()
    events = list(
        Event.objects.published()
        .filter(Q(organiser=organisation) | Q(co_organisers=organisation))
        .distinct()
        .order_by("start", "pk")
    )
    if not events:
        return None
    return {
        "upcoming": [event for event in events if event.end >= now],
        "past": [event for event in reversed(events) if event.end < now],
    }


def event_registration_counts(*, events) -> dict[int, dict[str, int]]:
    rows = (
        Registration.objects.filter(event__in=events)
        .order_by()
        .values_list("event_id", "status")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = {}
    for event_id, status, n in rows:
        counts.setdefault(event_id, {})[status] = n
    return counts


__all__ = [
    "EventListing",
    "EventStatus",
    "RegistrationState",
    "State",
    "event_detail_queryset",
    "event_feed",
    "event_list",
    "organisation_section",
    "registration_counts",
    "registration_join_link",
    "registration_state",
]
