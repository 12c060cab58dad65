"""Demo content of matchmaking: slots, rooms, profiles and a few meetings at the two example
matchmaking meetings of 2027 (events.demo), between the invented people registered there.

The source documents describe no matchmaking data, so only the examples get it; the real
matchmaking meeting of March 2021 keeps none. The meetings are made as participants make them,
through the services, dated before the moment of loading; the e-mails the services queue for
the invented people are deleted in the same transaction. Idempotent: a rerun changes nothing
while the meetings are as described here, and makes them again otherwise.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from events import emails
from events.demo import DEMO_PEOPLE, _at, _email
from events.models import Event, Registration, RegistrationStatus
from matchmaking import services
from matchmaking.models import Booking, Meeting, MeetingStatus, Profile, Room, Slot
from next2met.demo import upsert

# Per event: the slots (day, first start, last end, minutes), the rooms (name, online link),
# each demo person's languages, themes and target groups (by the person's place in
# events.demo.DEMO_PEOPLE), and the meetings: (asker, asked, slot index, accepted?).
MATCHMAKING = {
    "digital-health-matchmaking-2027": {
        "zone": "Europe/Berlin",
        "slots": ((2027, 3, 18), (13, 30), (15, 0), 15),
        "rooms": (("Room 1", "room-1"), ("Room 2", "room-2")),
        "profiles": (
            (("pl", "en", "de"), ("e-health-care", "data-smart-region"), ("it-companies",)),
            (("de", "en"), ("e-health-care", "cross-border-cooperation"), ("smes",)),
            (("pl", "en"), ("e-health-care",), ("it-companies", "public-authorities")),
        ),
        "meetings": ((0, 1, 0, True), (2, 1, 2, True), (2, 0, 4, False)),
    },
    "cluster-coffee-ai-in-small-companies-2027": {
        "zone": "Europe/Warsaw",
        "slots": ((2027, 1, 20), (10, 30), (11, 0), 10),
        "rooms": (("Room 1", "room-1"),),
        "profiles": (
            (("pl", "en"), ("business-digitalisation",), ("smes",)),
            (("de", "pl"), ("business-digitalisation", "skills-talent"), ("start-ups",)),
            (("pl",), ("business-digitalisation",), ("it-companies",)),
            (("de", "en"), ("skills-talent",), ("research",)),
        ),
        "meetings": ((1, 0, 0, True),),
    },
}


def load(*, stdout, style, now: datetime.datetime | None = None) -> None:
    from measures.models import TargetGroup, Theme

    now = now or timezone.now()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    groups = {group.slug: group for group in TargetGroup.objects.all()}
    loaded = 0
    for slug, data in MATCHMAKING.items():
        event = Event.objects.filter(slug=slug).first()
        if event is None:
            continue
        with transaction.atomic():
            times = _load_slots(event, data)
            _load_rooms(event, data)
            people = _people(event, len(data["profiles"]))
            for person, (languages, theme_slugs, group_slugs) in zip(
                people, data["profiles"], strict=False
            ):
                if person is None:
                    continue
                _load_profile(
                    person,
                    languages,
                    [themes[s] for s in theme_slugs if s in themes],
                    [groups[s] for s in group_slugs if s in groups],
                )
            _load_meetings(event, people, times, data["meetings"], now=now)
        loaded += 1
    stdout.write(f"  matchmaking: {loaded} events with slots, rooms, profiles and meetings")


def _load_slots(event: Event, data: dict) -> list[Slot]:
    (year, month, day), (hour, minute), (last_hour, last_minute), minutes = data["slots"]
    first = _at(data["zone"], year, month, day, hour, minute)
    last = _at(data["zone"], year, month, day, last_hour, last_minute)
    step = datetime.timedelta(minutes=minutes)
    times, start = [], first
    while start + step <= last:
        times.append(upsert(Slot, {"end": start + step}, event=event, start=start))
        start += step
    return times


def _load_rooms(event: Event, data: dict) -> None:
    for position, (name, path) in enumerate(data["rooms"]):
        upsert(
            Room,
            {"position": position, "online_link": f"https://zoom.example.org/j/demo-{path}"},
            event=event,
            name=name,
        )


def _people(event: Event, count: int) -> list[Registration | None]:
    """The demo people of the event in the order of DEMO_PEOPLE (None where one is not a
    confirmed participant)."""
    wanted = [_email(person[0], person[1]) for person in DEMO_PEOPLE[:count]]
    found = {
        registration.email: registration
        for registration in Registration.objects.filter(
            event=event, email__in=wanted, status=RegistrationStatus.CONFIRMED
        ).select_related("event")
    }
    return [found.get(email) for email in wanted]


def _load_profile(person: Registration, languages, themes, groups) -> None:
    if not person.profile_shared:
        return
    profile = Profile.objects.filter(registration=person).first()
    if profile is None:
        profile = Profile.objects.create(
            registration=person,
            languages=sorted(languages),
            consent_at=person.confirmed_at,
            updated_at=person.confirmed_at,
        )
    elif profile.languages != sorted(languages):
        profile.languages = sorted(languages)
        profile.save(update_fields=["languages"])
    if {t.pk for t in profile.themes.all()} != {t.pk for t in themes}:
        profile.themes.set(themes)
    if {g.pk for g in profile.target_groups.all()} != {g.pk for g in groups}:
        profile.target_groups.set(groups)


def _load_meetings(event, people, times, wanted, *, now: datetime.datetime) -> None:
    expected = {
        (people[asker].pk, people[asked].pk, times[slot].pk, accepted)
        for asker, asked, slot, accepted in wanted
        if people[asker] is not None and people[asked] is not None
    }
    existing = {
        (m.requester_id, m.recipient_id, m.slot_id, m.status == MeetingStatus.ACCEPTED)
        for m in Meeting.objects.filter(event=event)
    }
    if existing == expected:
        return
    Booking.objects.filter(slot__event=event).delete()
    Meeting.objects.filter(event=event).delete()
    # Asked a day before loading, answered an hour later (and never in the future).
    asked_at = min(now, event.start) - datetime.timedelta(days=1)
    for requester_pk, recipient_pk, slot_pk, accepted in sorted(expected):
        requester = next(p for p in people if p is not None and p.pk == requester_pk)
        recipient = next(p for p in people if p is not None and p.pk == recipient_pk)
        slot = next(s for s in times if s.pk == slot_pk)
        meeting = services.meeting_request(
            requester=requester, recipient=recipient, slot=slot, now=asked_at
        )
        if accepted:
            services.meeting_accept(
                meeting=meeting, by=recipient, now=asked_at + datetime.timedelta(hours=1)
            )
    # The invented people at example.org get no e-mail.
    emails.registration_emails_delete(registration_ids=[p.pk for p in people if p is not None])
