"""A participant's matchmaking meetings as an iCalendar file (as events.calendar does for
events): one VEVENT per accepted meeting, with a UID that stays the same for the meeting, so
that importing the file again updates the entries instead of adding them twice."""

from __future__ import annotations

from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from events.calendar import PRODID
from events.models import Event, Registration
from matchmaking.models import Meeting


def _host() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "next2met"


def _vevent(meeting: Meeting, *, registration: Registration, event: Event, agenda_url: str):
    other = meeting.other(registration)
    zone = event.tz
    vevent = icalendar.Event()
    vevent.add("uid", f"meeting-{meeting.pk}@{_host()}")
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", timezone.localtime(meeting.slot.start, zone))
    vevent.add("dtend", timezone.localtime(meeting.slot.end, zone))
    vevent.add(
        "summary",
        _("Meeting with %(name)s (%(organisation)s)")
        % {"name": other.full_name, "organisation": other.organisation},
    )
    room = meeting.room
    location = [part for part in (room.name, room.online_link) if part] if room else []
    if location:
        vevent.add("location", ", ".join(location))
    description = [event.title]
    if room and room.online_link:
        description.append(_("Online room: %(link)s") % {"link": room.online_link})
    description.append(agenda_url)
    vevent.add("description", "\n\n".join(description))
    vevent.add("url", agenda_url)
    vevent.add("status", "CONFIRMED")
    return vevent


def agenda_calendar(
    meetings: Iterable[Meeting], *, registration: Registration, event: Event, agenda_url: str
) -> bytes:
    """The registrant's accepted meetings (slot, room, the other person and room loaded)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Matchmaking: %(event)s") % {"event": event.title})
    for meeting in meetings:
        calendar.add_component(
            _vevent(meeting, registration=registration, event=event, agenda_url=agenda_url)
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()
