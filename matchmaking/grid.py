"""What the organisers of an event see of its matchmaking: the meeting grid (slots by rooms),
the counts of requests and meetings, and every meeting as a line of CSV.

Names and organisations only: the e-mail addresses stay in the registrations, and what
participants wrote each other stays between them. Each function costs a fixed number of
queries whatever the number of meetings (one for the meetings, one per other table).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from events.models import Event, Registration, RegistrationStatus
from events.templatetags.events_tags import WEEKDAYS_IN_DATE
from matchmaking.models import Meeting, MeetingStatus, Room, Slot

# --- Counts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingCounts:
    sent: int = 0  # every request, whatever became of it
    open: int = 0  # waiting for an answer
    accepted: int = 0  # meetings agreed and not cancelled
    declined: int = 0
    withdrawn: int = 0
    cancelled: int = 0
    held: int = 0  # meetings at least one of the two said took place
    cooperation: int = 0  # people who said they intend to cooperate, one per person and meeting


def _status(status: str) -> Count:
    return Count("pk", filter=Q(status=status))


def meeting_counts(*, events: Iterable[Event] | QuerySet[Event]) -> MeetingCounts:
    """The requests and meetings of the events, counted in one query (anonymised participants'
    meetings included: they hold nothing about a person)."""
    found = (
        Meeting.objects.filter(event__in=events)
        .order_by()
        .aggregate(
            sent=Count("pk"),
            open=_status(MeetingStatus.REQUESTED),
            accepted=_status(MeetingStatus.ACCEPTED),
            declined=_status(MeetingStatus.DECLINED),
            withdrawn=_status(MeetingStatus.WITHDRAWN),
            cancelled=_status(MeetingStatus.CANCELLED),
            # Only accepted meetings can be reported on, so a report stays counted when one
            # of the two is erased later and the meeting ends up cancelled.
            held=Count("pk", filter=Q(held_requester=True) | Q(held_recipient=True)),
            cooperation_requester=Count("pk", filter=Q(cooperation_requester=True)),
            cooperation_recipient=Count("pk", filter=Q(cooperation_recipient=True)),
        )
    )
    cooperation = found.pop("cooperation_requester") + found.pop("cooperation_recipient")
    return MeetingCounts(**found, cooperation=cooperation)


def participants_opted_in(*, event: Event) -> QuerySet[Registration]:
    """The registrations that take part in the event's matchmaking (those the organisers'
    message goes to)."""
    return Registration.objects.filter(
        event=event,
        status=RegistrationStatus.CONFIRMED,
        profile_shared=True,
        anonymised_at__isnull=True,
    )


# --- Grid -------------------------------------------------------------------------------------


def person_parts(registration: Registration) -> tuple[str, str]:
    """(name, organisation), or that the person's data were erased."""
    if registration.anonymised_at:
        return _("Anonymised participant"), ""
    return registration.full_name, registration.organisation


def person(registration: Registration) -> str:
    """ "Anna Nowak (Klaster ICT)", or that the person's data were erased."""
    if registration.anonymised_at:
        return _("Anonymised participant")
    if registration.organisation:
        return f"{registration.full_name} ({registration.organisation})"
    return registration.full_name


@dataclass
class GridRow:
    slot: Slot
    start: datetime  # in the event's time zone
    end: datetime
    times: str  # "13:30–13:45"
    cells: list[list[Meeting]]  # one list of accepted meetings per column


@dataclass
class GridDay:
    day: date
    label: str
    rows: list[GridRow] = field(default_factory=list)


@dataclass
class MeetingGrid:
    rooms: list[Room]
    columns: list[str]  # the rooms' names, then "without a room" when needed
    days: list[GridDay]
    meetings: int  # accepted meetings in the grid

    @property
    def slots(self) -> int:
        return sum(len(day.rows) for day in self.days)


def _day_label(start: datetime) -> str:
    return f"{WEEKDAYS_IN_DATE[start.weekday()]}, {date_format(start, 'DATE_FORMAT')}"


def meeting_grid(*, event: Event) -> MeetingGrid:
    """The event's slots (rows, grouped by day in the event's time zone) by its rooms
    (columns), each cell holding the accepted meetings of that slot and room. A last column
    holds the meetings without a room: all of them when the event has no rooms, otherwise
    those accepted before the rooms were added (it is left out when there are none)."""
    zone = event.tz
    rooms = list(Room.objects.filter(event=event).order_by("position", "pk"))
    slots = list(Slot.objects.filter(event=event).order_by("start", "pk"))
    meetings = list(
        Meeting.objects.filter(event=event, status=MeetingStatus.ACCEPTED)
        .select_related("requester", "recipient")
        .order_by("slot_id", "pk")
    )
    for meeting in meetings:
        meeting.people = [person_parts(meeting.requester), person_parts(meeting.recipient)]
        meeting.held = bool(meeting.held_requester or meeting.held_recipient)
        meeting.cooperation = bool(meeting.cooperation_requester or meeting.cooperation_recipient)
    unroomed = not rooms or any(meeting.room_id is None for meeting in meetings)
    column_of = {room.pk: index for index, room in enumerate(rooms)}
    columns = [room.name for room in rooms]
    if unroomed:
        columns.append(_("Without a room") if rooms else _("Meetings"))
    by_slot: dict[int, list[list[Meeting]]] = defaultdict(
        lambda: [[] for _column in range(len(columns))]
    )
    for meeting in meetings:
        index = column_of.get(meeting.room_id, len(columns) - 1)
        by_slot[meeting.slot_id][index].append(meeting)
    days: list[GridDay] = []
    for slot in slots:
        start, end = timezone.localtime(slot.start, zone), timezone.localtime(slot.end, zone)
        if not days or days[-1].day != start.date():
            days.append(GridDay(day=start.date(), label=_day_label(start)))
        times = f"{time_format(start, 'H:i')}–{time_format(end, 'H:i')}"
        days[-1].rows.append(
            GridRow(slot=slot, start=start, end=end, times=times, cells=by_slot[slot.pk])
        )
    return MeetingGrid(rooms=rooms, columns=columns, days=days, meetings=len(meetings))


# --- CSV --------------------------------------------------------------------------------------


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("yes") if value else _("no")


def _local(moment: datetime | None, zone) -> str:
    return timezone.localtime(moment, zone).strftime("%Y-%m-%d %H:%M") if moment else ""


def meetings_csv_rows(*, event: Event) -> list[list[str]]:
    """Every request and meeting of the event, whatever became of it, in time order: when,
    where, who with whom (names and organisations), status and what the two said afterwards.
    Times in the event's time zone. One query."""
    zone = event.tz
    meetings = (
        Meeting.objects.filter(event=event)
        .select_related("slot", "room", "requester", "recipient")
        .order_by("slot__start", "pk")
    )
    lines = [
        [
            _("Day"),
            _("Start"),
            _("End"),
            _("Room"),
            _("Status"),
            _("Asked by"),
            _("Organisation (asked by)"),
            _("Asked"),
            _("Organisation (asked)"),
            _("Asked at"),
            _("Answered at"),
            _("Cancelled at"),
            _("Took place (asked by)"),
            _("Took place (asked)"),
            _("Intends to cooperate (asked by)"),
            _("Intends to cooperate (asked)"),
        ]
    ]
    for meeting in meetings:
        start = timezone.localtime(meeting.slot.start, zone)
        end = timezone.localtime(meeting.slot.end, zone)
        people = [*person_parts(meeting.requester), *person_parts(meeting.recipient)]
        lines.append(
            [
                start.strftime("%Y-%m-%d"),
                start.strftime("%H:%M"),
                end.strftime("%H:%M"),
                meeting.room.name if meeting.room else "",
                str(MeetingStatus(meeting.status).label),
                *people,
                _local(meeting.created_at, zone),
                _local(meeting.answered_at, zone),
                _local(meeting.cancelled_at, zone),
                _yes_no(meeting.held_requester),
                _yes_no(meeting.held_recipient),
                _yes_no(meeting.cooperation_requester),
                _yes_no(meeting.cooperation_recipient),
            ]
        )
    return lines


def slot_times(slot: Slot, event: Event) -> str:
    """ "13:30–13:45" in the event's time zone."""
    start = timezone.localtime(slot.start, event.tz)
    end = timezone.localtime(slot.end, event.tz)
    return f"{time_format(start, 'H:i')}–{time_format(end, 'H:i')}"


def moment_label(moment: datetime, event: Event) -> str:
    """ "Thursday, 18 March 2027, 13:30" in the event's time zone."""
    local = timezone.localtime(moment, event.tz)
    return f"{_day_label(local)}, {time_format(local, 'H:i')}"


def slot_label(slot: Slot, event: Event) -> str:
    """ "Thursday, 18 March 2027, 13:30–13:45" in the event's time zone."""
    return f"{_day_label(timezone.localtime(slot.start, event.tz))}, {slot_times(slot, event)}"
