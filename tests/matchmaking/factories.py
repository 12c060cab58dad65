"""Matchmaking events with opted-in participants, slots and rooms, for the matchmaking tests."""

import datetime

from django.utils import timezone

from events.models import EventKind, RegistrationStatus
from matchmaking.models import Profile, Room, Slot
from tests.events.factories import EventFactory, RegistrationFactory, in_days


def matchmaking_event(**fields):
    """A published online matchmaking meeting in thirty days (matchmaking open by default)."""
    fields.setdefault("kind", EventKind.MATCHMAKING)
    fields.setdefault("start", in_days(30, hour=12))
    fields.setdefault("end", fields["start"] + datetime.timedelta(hours=4))
    return EventFactory(**fields)


def participant(event, *, opted_in=True, offer="", seek="", languages=(), **fields):
    """A confirmed registration of the event; opted in to matchmaking with a profile unless
    `opted_in=False`."""
    fields.setdefault("status", RegistrationStatus.CONFIRMED)
    if fields["status"] == RegistrationStatus.CONFIRMED:
        fields.setdefault("confirmed_at", timezone.now() - datetime.timedelta(days=1))
    registration = RegistrationFactory(
        event=event,
        profile_shared=opted_in,
        profile_offer=offer or ("Cloud hosting" if opted_in else ""),
        profile_seek=seek,
        **fields,
    )
    if opted_in:
        Profile.objects.create(registration=registration, languages=list(languages))
    return registration


def slots(event, *, count=6, minutes=15, start=None):
    """`count` consecutive slots of `minutes` from `start` (default: one hour after the
    event's start)."""
    first = start or event.start + datetime.timedelta(hours=1)
    step = datetime.timedelta(minutes=minutes)
    return [
        Slot.objects.create(event=event, start=first + step * n, end=first + step * (n + 1))
        for n in range(count)
    ]


def rooms(event, count=2, *, online=False):
    return [
        Room.objects.create(
            event=event,
            name=f"Table {n + 1}",
            position=n,
            online_link=f"https://meet.example.org/room-{n + 1}" if online else "",
        )
        for n in range(count)
    ]
