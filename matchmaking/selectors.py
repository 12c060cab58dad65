"""Reads of matchmaking: whether an event has it, who may take part, the directory of
profiles with its facets and suggestions, the slots two people are both free in, and a
participant's agenda.

Every function here costs a fixed number of queries, whatever the number of participants: the
directory reads the event's opted-in participants in one query (plus one per vocabulary) and
filters, counts and ranks them in Python — an event has hundreds of participants, not millions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from events.models import Event, EventStatus, Registration, RegistrationStatus
from matchmaking.models import (
    Booking,
    Matchmaking,
    MatchmakingState,
    Meeting,
    MeetingStatus,
    Profile,
    Room,
    Slot,
)


def matchmaking_for(*, event: Event) -> Matchmaking | None:
    """The event's matchmaking, or None when it has none. Matchmaking meetings have it open
    by default (an unsaved row with the default rules) until the organisers change it."""
    found = Matchmaking.objects.filter(event=event).first()
    if found is None and event.is_matchmaking:
        return Matchmaking(event=event)
    return found


def participates(*, registration: Registration) -> bool:
    """Is the registrant a participant who may use matchmaking at all (see the directory,
    opt in)? Confirmed, not erased, of a published event."""
    return (
        registration.status == RegistrationStatus.CONFIRMED
        and registration.anonymised_at is None
        and registration.event.status == EventStatus.PUBLISHED
    )


def opted_in(*, registration: Registration) -> bool:
    return participates(registration=registration) and registration.profile_shared


def _directory_queryset(event: Event) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(
            event=event,
            status=RegistrationStatus.CONFIRMED,
            profile_shared=True,
            anonymised_at__isnull=True,
        )
        .select_related("matchmaking_profile__region")
        .prefetch_related(
            Prefetch("matchmaking_profile__themes"),
            Prefetch("matchmaking_profile__target_groups"),
        )
        .order_by("organisation", "last_name", "pk")
    )


# --- Suggestions ------------------------------------------------------------------------------

_WORD = re.compile(r"\w{4,}", re.UNICODE)


def _words(text: str) -> set[str]:
    """The words of a text that say something (four letters or more), lower-cased, with a
    crude stem (first six letters) so that "digitalisation" meets "digital"."""
    return {word[:6] for word in _WORD.findall(text.casefold())}


@dataclass
class Card:
    """One participant in the directory."""

    registration: Registration
    profile: Profile | None
    themes: list = field(default_factory=list)
    target_groups: list = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    offer_words: set[str] = field(default_factory=set)
    seek_words: set[str] = field(default_factory=set)

    @property
    def pk(self) -> int:
        return self.registration.pk


def _card(registration: Registration) -> Card:
    try:
        profile = registration.matchmaking_profile
    except Profile.DoesNotExist:
        profile = None
    return Card(
        registration=registration,
        profile=profile,
        themes=list(profile.themes.all()) if profile else [],
        target_groups=list(profile.target_groups.all()) if profile else [],
        languages=list(profile.languages) if profile else [],
        offer_words=_words(registration.profile_offer),
        seek_words=_words(registration.profile_seek),
    )


def match_score(me: Card, other: Card) -> tuple[int, list[str]]:
    """How well two participants fit: what one offers against what the other looks for, both
    ways, then shared themes, target groups and languages. Returns the score and its reasons
    (keys the templates turn into words)."""
    score, reasons = 0, []
    they_offer_what_i_seek = len(other.offer_words & me.seek_words)
    i_offer_what_they_seek = len(me.offer_words & other.seek_words)
    if they_offer_what_i_seek:
        score += 3 * they_offer_what_i_seek
        reasons.append("offers_what_you_seek")
    if i_offer_what_they_seek:
        score += 3 * i_offer_what_they_seek
        reasons.append("seeks_what_you_offer")
    themes = {t.pk for t in me.themes} & {t.pk for t in other.themes}
    if themes:
        score += 2 * len(themes)
        reasons.append("themes")
    groups = {g.pk for g in me.target_groups} & {g.pk for g in other.target_groups}
    if groups:
        score += len(groups)
        reasons.append("target_groups")
    if set(me.languages) & set(other.languages):
        score += 1
        reasons.append("language")
    return score, reasons


# --- Directory --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryFilters:
    """What the visitor chose in the directory's form (already checked)."""

    query: str = ""
    countries: tuple[str, ...] = ()
    organisation_types: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    themes: tuple[int, ...] = ()


@dataclass
class Directory:
    me: Card | None
    cards: list[Card]  # the others, filtered, in the order chosen
    suggestions: list[Card]  # the best-fitting others, whatever the filters
    total: int  # the others before filtering
    facets: dict[str, Counter]  # facet -> value -> count among the filtered others


def _matches_query(card: Card, words: list[str]) -> bool:
    registration = card.registration
    haystack = " ".join(
        (
            registration.first_name,
            registration.last_name,
            registration.organisation,
            registration.profile_offer,
            registration.profile_seek,
            card.profile.region.name if card.profile and card.profile.region else "",
            " ".join(str(theme) for theme in card.themes),
        )
    ).casefold()
    return all(word in haystack for word in words)


def _passes(card: Card, filters: DirectoryFilters, words: list[str], skip: str = "") -> bool:
    registration = card.registration
    if filters.countries and skip != "country" and registration.country not in filters.countries:
        return False
    if (
        filters.organisation_types
        and skip != "organisation_type"
        and registration.organisation_type not in filters.organisation_types
    ):
        return False
    if (
        filters.languages
        and skip != "language"
        and not set(card.languages) & set(filters.languages)
    ):
        return False
    if filters.themes and skip != "theme" and not {t.pk for t in card.themes} & set(filters.themes):
        return False
    return not words or _matches_query(card, words)


def _facet_values(card: Card, facet: str) -> Iterable:
    registration = card.registration
    if facet == "country":
        return [registration.country.code] if registration.country else []
    if facet == "organisation_type":
        return [registration.organisation_type]
    if facet == "language":
        return card.languages
    return [theme.pk for theme in card.themes]


FACETS = ("country", "organisation_type", "language", "theme")
SUGGESTIONS = 5


def directory(*, registration: Registration, filters: DirectoryFilters | None = None) -> Directory:
    """The other opted-in participants of the registrant's event, filtered; each facet counted
    over the others filtered by every other facet (so a count says what choosing it gives)."""
    filters = filters or DirectoryFilters()
    cards = [_card(r) for r in _directory_queryset(registration.event)]
    me = next((card for card in cards if card.pk == registration.pk), None)
    others = [card for card in cards if card.pk != registration.pk]
    if me is None:
        me = _card(registration) if registration.profile_shared else None
    for card in others:
        card.score, card.reasons = match_score(me, card) if me else (0, [])
    words = filters.query.casefold().split()
    shown = [card for card in others if _passes(card, filters, words)]
    facets = {}
    for facet in FACETS:
        counter: Counter = Counter()
        for card in others:
            if _passes(card, filters, words, skip=facet):
                counter.update(_facet_values(card, facet))
        facets[facet] = counter
    suggestions = sorted(
        (card for card in others if card.score > 0), key=lambda card: (-card.score, card.pk)
    )[:SUGGESTIONS]
    return Directory(me=me, cards=shown, suggestions=suggestions, total=len(others), facets=facets)


def directory_card(*, registration: Registration, other_id: int) -> Card | None:
    """Another opted-in participant of the registrant's event, or None."""
    if other_id == registration.pk:
        return None
    found = _directory_queryset(registration.event).filter(pk=other_id).first()
    return _card(found) if found else None


# --- Slots and agenda -------------------------------------------------------------------------


def slots_free_for(
    *, people: Iterable[Registration], event: Event, now: datetime | None = None
) -> list[Slot]:
    """The event's slots still ahead in which none of these people has a meeting."""
    now = now or timezone.now()
    busy = Booking.objects.filter(registration__in=list(people)).values("slot_id")
    return list(
        Slot.objects.filter(event=event, start__gt=now).exclude(pk__in=busy).order_by("start")
    )


def slots_free_pairs(
    *,
    registration: Registration,
    others: Iterable[Registration],
    event: Event,
    now: datetime | None = None,
) -> dict[int, list[Slot]]:
    """For each of the others (by registration id), the event's slots still ahead in which
    neither they nor the registrant has a meeting: `slots_free_for` for many pairs at once, in
    two queries, whatever the number of pairs (the agenda's "propose another time")."""
    now = now or timezone.now()
    others = list(others)
    if not others:
        return {}
    ahead = list(Slot.objects.filter(event=event, start__gt=now).order_by("start", "pk"))
    busy: dict[int, set[int]] = {}
    people = [registration.pk, *(other.pk for other in others)]
    for person, slot_id in Booking.objects.filter(
        registration_id__in=people, slot__event=event
    ).values_list("registration_id", "slot_id"):
        busy.setdefault(person, set()).add(slot_id)
    mine = busy.get(registration.pk, set())
    return {
        other.pk: [
            slot for slot in ahead if slot.pk not in mine and slot.pk not in busy.get(other.pk, ())
        ]
        for other in others
    }


@dataclass
class Agenda:
    meetings: list[Meeting]  # accepted, in time order
    incoming: list[Meeting]  # requests waiting for the registrant's answer
    outgoing: list[Meeting]  # the registrant's requests waiting for an answer
    past: list[Meeting] = field(default_factory=list)  # declined, withdrawn, cancelled


def agenda(*, registration: Registration) -> Agenda:
    """The registrant's meetings and requests, with slot, room and the other person, in one
    query."""
    meetings = list(
        Meeting.objects.filter(Q(requester=registration) | Q(recipient=registration))
        .select_related("slot", "room", "requester", "recipient", "proposed_instead_of__slot")
        .order_by("slot__start", "pk")
    )
    result = Agenda(meetings=[], incoming=[], outgoing=[])
    for meeting in meetings:
        meeting.other_person = meeting.other(registration)
        meeting.mine_requested = meeting.requester_id == registration.pk
        if meeting.status == MeetingStatus.ACCEPTED:
            result.meetings.append(meeting)
        elif meeting.status == MeetingStatus.REQUESTED:
            (result.outgoing if meeting.mine_requested else result.incoming).append(meeting)
        else:
            result.past.append(meeting)
    return result


def meeting_of(*, registration: Registration, meeting_id: int) -> Meeting | None:
    """One of the registrant's own meetings or requests (asked or asked by them), or None."""
    return (
        Meeting.objects.filter(Q(requester=registration) | Q(recipient=registration))
        .select_related("slot", "room", "requester", "recipient")
        .filter(pk=meeting_id)
        .first()
    )


def profile_of(*, registration: Registration) -> Profile | None:
    """The registrant's matchmaking profile with its themes and target groups, or None."""
    return (
        Profile.objects.filter(registration=registration)
        .prefetch_related("themes", "target_groups")
        .first()
    )


def rooms_free(*, slot: Slot) -> QuerySet[Room]:
    """The event's rooms without an accepted meeting in the slot, in their order."""
    taken = Meeting.objects.filter(slot=slot, status=MeetingStatus.ACCEPTED, room__isnull=False)
    return Room.objects.filter(event_id=slot.event_id).exclude(pk__in=taken.values("room_id"))


def requests_open(*, matchmaking: Matchmaking) -> bool:
    return matchmaking.state == MatchmakingState.OPEN


def answers_open(*, matchmaking: Matchmaking) -> bool:
    return matchmaking.state in (MatchmakingState.OPEN, MatchmakingState.PAUSED)
