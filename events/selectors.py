"""Reads of the events app: public lists, detail pages, registration state, partner sections.

Selectors return model instances, querysets or the small result types below, never attach
attributes to instances, and answer "not found" with None: the views decide what a visitor sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django_countries import countries

from core.facets import Facet, facets_build, filterset_counts
from events.filters import EventFilterSet
from events.models import (
    YES,
    Answer,
    Event,
    EventStatus,
    Question,
    QuestionChoice,
    QuestionKind,
    Registration,
    RegistrationStatus,
    Series,
)
from matchmaking.selectors import matchmaking_for, participates
from partners.models import Organisation, Project


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
    # A draft or an event in review takes no registrations, whatever its form says.
    if not event.registration_enabled or event.status != EventStatus.PUBLISHED:
        return State(RegistrationState.NONE)
    if event.registration_opens_at and now < event.registration_opens_at:
        return State(RegistrationState.NOT_YET, opens_at=event.registration_opens_at)
    closes_at = event.registration_closes()
    if now >= closes_at:
        return State(RegistrationState.CLOSED)
    if event.capacity is not None and event.seats_taken >= event.capacity:
        return State(RegistrationState.FULL, closes_at=closes_at, seats_left=0)
    return State(RegistrationState.OPEN, closes_at=closes_at, seats_left=event.seats_left)


# --- Public pages -----------------------------------------------------------------------------


def _public_base() -> QuerySet[Event]:
    return Event.objects.published().select_related("organiser", "project")


@dataclass(frozen=True)
class EventCard:
    """An event in a list, with the state of its registration (None for past events)."""

    event: Event
    state: State | None = None


@dataclass
class EventListing:
    filterset: EventFilterSet  # its selects offer the facets' values with their counts
    facets: list[Facet]
    upcoming: list[EventCard]
    past: list[EventCard]


def _event_filterset(*, data) -> EventFilterSet:
    """The events list's filters over the published events (two queries for the choices)."""
    base = _public_base()
    # An organisation that only took part in an event is not offered as its organiser.
    organised = base.filter(organiser_only_took_part=False).values("organiser")
    organisers = Organisation.objects.filter(pk__in=organised)
    projects = Project.objects.filter(pk__in=base.values("project"))

    def series():
        # Only when the choices are shown or a series is chosen: no query for other readers.
        return [
            (entry.slug, entry.title)
            for entry in Series.objects.filter(pk__in=base.values("series"))
        ]

    return EventFilterSet(
        data=data or None,
        queryset=base,
        organisers=[(organisation.slug, organisation.name) for organisation in organisers],
        projects=[(project.slug, project.acronym) for project in projects],
        series=series,
    )


def event_list(*, data, now: datetime | None = None) -> EventListing:
    """Published events filtered by `data` (GET), split into upcoming and past, facets counted."""
    now = now or timezone.now()
    filterset = _event_filterset(data=data)
    facets = facets_build(filterset=filterset, counts=filterset_counts(filterset=filterset))
    filterset.facets_offer(facets)
    events = list(filterset.qs.prefetch_related("co_organisers").order_by("start", "pk"))
    upcoming = [
        EventCard(event, registration_state(event=event, now=now))
        for event in events
        if event.end >= now
    ]
    past = [EventCard(event) for event in reversed(events) if event.end < now]
    return EventListing(filterset=filterset, facets=facets, upcoming=upcoming, past=past)


def event_upcoming(*, limit: int = 3, now: datetime | None = None) -> list[Event]:
    """The next published events that have not ended, soonest first."""
    now = now or timezone.now()
    return list(_public_base().upcoming(now).order_by("start", "pk")[:limit])


def event_published(*, slug: str) -> Event | None:
    """The published (or cancelled) event with this slug, with its organiser; None if none."""
    return Event.objects.published().select_related("organiser").filter(slug=slug).first()


def event_detail_queryset() -> QuerySet[Event]:
    from measures.models import Measure

    return (
        _public_base()
        .select_related("series")
        .prefetch_related(
            "co_organisers",
            Prefetch("measures", queryset=Measure.objects.published().order_by("pk")),
        )
    )


def event_feed(*, data=None, now: datetime | None = None) -> QuerySet[Event]:
    """Events in the public calendar feed: a year back and everything ahead, with the events
    list's filters when `data` (GET) gives any, so that a filtered list can be subscribed to."""
    now = now or timezone.now()
    events = _event_filterset(data=data).qs if data else Event.objects.published()
    return events.filter(end__gte=now - timedelta(days=365))


# --- Registrations ----------------------------------------------------------------------------


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


@dataclass(frozen=True)
class RegistrationOverview:
    """What a registrant's manage page shows besides the registration itself."""

    expired: bool  # pending, and the confirmation link has run out
    is_over: bool
    join_link: str  # empty outside the window in which the participant may see it
    matchmaking: bool  # the registrant may use the event's matchmaking (pages of their own)
    waitlist_position: int | None = None  # 1 for the next person to get a seat; None: not waiting


def waitlist_position(*, registration: Registration) -> int | None:
    """The registration's place on its event's waiting list (1: the next to get a seat), or
    None when it is not waiting. Seats go to the people waiting longest, counted from the
    moment they confirmed their address (`events.services`), so that is the order here too."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        Q(waitlisted_at__lt=registration.waitlisted_at)
        | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk),
        event_id=registration.event_id,
        status=RegistrationStatus.WAITLISTED,
    ).count()
    return ahead + 1


def with_waitlist_place(queryset: QuerySet[Registration]) -> QuerySet[Registration]:
    """The registrations with `waitlist_place`: their place on their event's waiting list as
    `waitlist_position` counts it (None when not waiting), whatever else filters the rows."""
    ahead = (
        Registration.objects.filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk")),
            event_id=OuterRef("event_id"),
            status=RegistrationStatus.WAITLISTED,
        )
        .order_by()
        .values("event_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        waitlist_place=Case(
            When(
                status=RegistrationStatus.WAITLISTED,
                then=Coalesce(Subquery(ahead, output_field=IntegerField()), 0) + 1,
            ),
            default=None,
            output_field=IntegerField(),
        )
    )


def matchmaking_available(*, registration: Registration) -> bool:
    """Whether the event has matchmaking and the registrant takes part in the event (one query
    for the event's matchmaking settings, none when the registrant does not take part)."""
    return participates(registration=registration) and (
        matchmaking_for(event=registration.event) is not None
    )


def registration_overview(
    *, registration: Registration, now: datetime | None = None
) -> RegistrationOverview:
    now = now or timezone.now()
    event = registration.event
    return RegistrationOverview(
        expired=registration.status == RegistrationStatus.PENDING
        and registration.confirmation_expires_at() < now,
        is_over=event.is_over(now),
        join_link=registration_join_link(registration=registration, now=now),
        matchmaking=matchmaking_available(registration=registration),
        waitlist_position=waitlist_position(registration=registration),
    )


def event_recipients(*, event: Event, statuses) -> QuerySet[Registration]:
    """Registrations of an event in these statuses that can still be written to."""
    return Registration.objects.filter(
        event=event, status__in=statuses, anonymised_at__isnull=True
    ).order_by("pk")


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


# --- Registration questions -------------------------------------------------------------------


def event_questions(*, event: Event) -> list[Question]:
    """The questions the event's registration form asks, in order, each with `asked_choices`:
    the answers it offers (retired ones left out). Two queries."""
    asked = QuestionChoice.objects.filter(retired_at__isnull=True).order_by("position", "pk")
    return list(
        Question.objects.filter(event=event)
        .asked()
        .prefetch_related(Prefetch("choices", queryset=asked, to_attr="asked_choices"))
    )


def answer_text(*, answer: Answer, question: Question) -> str:
    """An answer as a person reads it, in the active language (choices from `all_choices`
    or the prefetched `choices`)."""
    if question.kind in (QuestionKind.CHOICE, QuestionKind.CHOICES):
        return "; ".join(choice.label for choice in answer.choices.all())
    if question.kind == QuestionKind.YES_NO:
        return gettext("yes") if answer.text == YES else gettext("no")
    if question.kind == QuestionKind.COUNTRY:
        return str(countries.name(answer.text)) if answer.text else ""
    return answer.text


@dataclass(frozen=True)
class GivenAnswer:
    question: str
    answer: str


def registration_answers(*, registration: Registration) -> list[GivenAnswer]:
    """The registrant's answers, retired questions included, in the questions' order (two
    queries)."""
    answers = (
        Answer.objects.filter(registration=registration)
        .select_related("question")
        .prefetch_related("choices")
        .order_by("question__position", "question_id")
    )
    return [
        GivenAnswer(
            question=answer.question.text,
            answer=answer_text(answer=answer, question=answer.question),
        )
        for answer in answers
    ]


def answers_open(*, registration: Registration, now: datetime | None = None) -> bool:
    """Whether the registrant may still change their answers: the registration is active and
    the event's registration has not closed."""
    event = registration.event
    return (
        registration.is_active
        and not event.is_cancelled
        and event.registration_closes() > (now or timezone.now())
    )


def answers_initial(*, registration: Registration, questions: list[Question]) -> dict[str, Any]:
    """The registrant's answers as the answers form's initial values (two queries)."""
    answers = {
        answer.question_id: answer
        for answer in Answer.objects.filter(
            registration=registration, question__in=questions
        ).prefetch_related("choices")
    }
    initial: dict[str, Any] = {}
    for question in questions:
        answer = answers.get(question.pk)
        if answer is None:
            continue
        name = question.field_name
        if question.kind == QuestionKind.CHOICES:
            initial[name] = [str(choice.pk) for choice in answer.choices.all()]
        elif question.kind == QuestionKind.CHOICE:
            chosen = [str(choice.pk) for choice in answer.choices.all()]
            initial[name] = chosen[0] if chosen else ""
        else:
            initial[name] = answer.text
    return initial
