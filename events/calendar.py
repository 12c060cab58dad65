"""iCalendar files: the public feed, one event, and a participant's own copy with the join link.

Public files never contain the join link; only `registration_calendar` adds it, for a confirmed
participant inside the sending window.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event

PRODID = "-//Next2Met//Events//EN"


def _uid(event: Event) -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "next2met"
    return f"event-{event.pk}@{host}"


def _location(event: Event, join_link: str = "") -> str:
    parts = [part for part in (event.venue, event.platform) if part]
    if join_link:
        parts.append(join_link)
    return ", ".join(parts)


def _vevent(event: Event, *, join_link: str = "") -> icalendar.Event:
    page = settings.SITE_URL + event.get_absolute_url()
    vevent = icalendar.Event()
    vevent.add("uid", _uid(event))
    vevent.add("dtstamp", timezone.now())
    vevent.add("last-modified", event.updated_at or timezone.now())
    vevent.add("sequence", int(event.updated_at.timestamp()) if event.updated_at else 0)
    if event.dates_only:
        # Only the dates are known: an all-day entry (the end date is exclusive in iCalendar).
        vevent.add("dtstart", event.local_start.date())
        vevent.add("dtend", event.local_end.date() + datetime.timedelta(days=1))
    else:
        vevent.add("dtstart", event.local_start)
        vevent.add("dtend", event.local_end)
    vevent.add("summary", event.title)
    description = [event.summary] if event.summary else []
    if join_link:
        description.append(_("Join link: %(link)s") % {"link": join_link})
    description.append(page)
    vevent.add("description", "\n\n".join(description))
    location = _location(event, join_link)
    if location:
        vevent.add("location", location)
    vevent.add("url", page)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return vevent


def _calendar(vevents: Iterable[icalendar.Event], *, name: str = "") -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    for vevent in vevents:
        calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def events_calendar(events: Iterable[Event]) -> bytes:
    """The public feed of published events (no join links)."""
    return _calendar((_vevent(event) for event in events), name=_("Next2Met events"))


def event_calendar(event: Event) -> bytes:
    """One event for "add to calendar" (no join link)."""
    return _calendar([_vevent(event)])


def registration_calendar(event: Event, *, join_link: str) -> bytes:
    """A participant's copy of the event, with the join link."""
    return _calendar([_vevent(event, join_link=join_link)])
