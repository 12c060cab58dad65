"""Matchmaking in the admin: the slot generator, the meeting grid with its counts, CSV, state
buttons and message form, who may see and do what, and a fixed number of queries."""

import csv
import datetime
import io
import re
import zoneinfo

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real
from post_office.models import Email

from events.emails import REFERENCE_HEADER
from events.models import EventKind, Registration, RegistrationStatus
from matchmaking import services
from matchmaking.models import (
    Matchmaking,
    MatchmakingState,
    Meeting,
    MeetingStatus,
    Profile,
    Room,
    Slot,
)
from partners.models import MembershipRole
from tests.events.factories import EventFactory
from tests.matchmaking.factories import matchmaking_event, participant, rooms, slots
from tests.partners.factories import MembershipFactory
from tests.security.helpers import html_findings

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
ACCEPTED = MeetingStatus.ACCEPTED


def at(hour: int, minute: int = 0, *, day: int = 18, month: int = 3, tz=WARSAW):
    return datetime.datetime(2027, month, day, hour, minute, tzinfo=tz)


@pytest.fixture
def event(org_a):
    """Thursday, 18 March 2027, 9:00–17:00 in Warsaw."""
    return matchmaking_event(
        organiser=org_a,
        title_en="Cloud matchmaking",
        time_zone="Europe/Warsaw",
        start=at(9),
        end=at(17),
    )


@pytest.fixture
def people(event):
    return {
        "anna": participant(
            event, first_name="Anna", last_name="Nowak", organisation="Klaster ICT", language="pl"
        ),
        "jan": participant(
            event, first_name="Jan", last_name="Schulz", organisation="Cloud GmbH", language="de"
        ),
        "eva": participant(
            event, first_name="Eva", last_name="Weber", organisation="Data Oy", language="en"
        ),
        "tom": participant(
            event, first_name="Tom", last_name="Berg", organisation="Berg AB", language="en"
        ),
    }


def meeting(event, requester, recipient, slot, *, status=ACCEPTED, room=None, **fields):
    return Meeting.objects.create(
        event=event,
        requester=requester,
        recipient=recipient,
        slot=slot,
        room=room,
        status=status,
        **fields,
    )


def grid_url(event, suffix=""):
    return reverse(f"admin:events_event_meetings{suffix}", args=[event.pk])


def slots_url(event):
    return reverse("admin:events_event_meeting_slots", args=[event.pk])


def messages_of(response) -> list[str]:
    """The messages waiting to be shown after the response (those of earlier requests whose
    page was not shown yet included)."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def last_message(response) -> str:
    return messages_of(response)[-1]


def utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(UTC)


@pytest.fixture
def catalogue(monkeypatch):
    """Stands in for the translators' catalogues (done later): adds translations to the
    in-memory catalogue of a language for this test only. Keys as gettext stores them:
    msgid, or (msgid, plural index)."""

    def add(language: str, entries: dict):
        entries_dict = trans_real.translation(language)._catalog._catalogs[0]
        for key, text in entries.items():
            monkeypatch.setitem(entries_dict, key, text)

    return add


# --- Slot generator: the service ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "day", "first_utc"),
    [
        # 18 March: Warsaw and Berlin are an hour ahead of UTC (CET).
        ("Europe/Warsaw", datetime.date(2027, 3, 18), datetime.datetime(2027, 3, 18, 12, 30)),
        ("Europe/Berlin", datetime.date(2027, 3, 18), datetime.datetime(2027, 3, 18, 12, 30)),
        # 1 July: summer time, two hours ahead.
        ("Europe/Berlin", datetime.date(2027, 7, 1), datetime.datetime(2027, 7, 1, 11, 30)),
        ("Europe/Warsaw", datetime.date(2027, 7, 1), datetime.datetime(2027, 7, 1, 11, 30)),
        # Lisbon is on UTC in winter: the event's zone counts, not the server's (Berlin).
        ("Europe/Lisbon", datetime.date(2027, 3, 18), datetime.datetime(2027, 3, 18, 13, 30)),
    ],
)
def test_slots_are_generated_in_the_events_time_zone(org_a, zone, day, first_utc):
    event = matchmaking_event(organiser=org_a, time_zone=zone)

    created = services.slots_generate(
        event=event, day=day, start=datetime.time(13, 30), end=datetime.time(15), minutes=15
    )

    first = first_utc.replace(tzinfo=UTC)
    step = datetime.timedelta(minutes=15)
    assert len(created) == 6
    assert [(s.start, s.end) for s in Slot.objects.filter(event=event).order_by("start")] == [
        (first + step * n, first + step * (n + 1)) for n in range(6)
    ]
    local = [s.start.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%H:%M") for s in created]
    assert local == ["13:30", "13:45", "14:00", "14:15", "14:30", "14:45"]


def test_only_whole_slots_are_generated(event):
    created = services.slots_generate(
        event=event,
        day=datetime.date(2027, 3, 18),
        start=datetime.time(13, 30),
        end=datetime.time(15, 10),
        minutes=15,
    )
    assert len(created) == 6
    assert created[-1].end == utc(at(15))


def test_slots_keep_their_length_on_the_day_the_clocks_change(org_a):
    """28 March 2027 in Berlin: from 01:30 (CET) to 03:30 (CEST) is one hour, two slots."""
    event = matchmaking_event(organiser=org_a, time_zone="Europe/Berlin")

    created = services.slots_generate(
        event=event,
        day=datetime.date(2027, 3, 28),
        start=datetime.time(1, 30),
        end=datetime.time(3, 30),
        minutes=30,
    )

    assert [(s.start, s.end) for s in created] == [
        (
            datetime.datetime(2027, 3, 28, 0, 30, tzinfo=UTC),
            datetime.datetime(2027, 3, 28, 1, 0, tzinfo=UTC),
        ),
        (
            datetime.datetime(2027, 3, 28, 1, 0, tzinfo=UTC),
            datetime.datetime(2027, 3, 28, 1, 30, tzinfo=UTC),
        ),
    ]


def test_overlapping_slots_are_refused_and_nothing_is_created(event):
    existing = Slot.objects.create(event=event, start=at(14), end=at(14, 20))

    with pytest.raises(services.SlotsError) as raised:
        services.slots_generate(
            event=event,
            day=datetime.date(2027, 3, 18),
            start=datetime.time(13, 30),
            end=datetime.time(15),
            minutes=15,
        )

    assert raised.value.code == "overlap"
    assert raised.value.slot == existing
    assert list(Slot.objects.filter(event=event)) == [existing]


def test_slots_may_follow_each_other_and_other_events_may_use_the_same_times(event, org_b):
    day = datetime.date(2027, 3, 18)
    services.slots_generate(
        event=event, day=day, start=datetime.time(13), end=datetime.time(14), minutes=30
    )
    services.slots_generate(
        event=event, day=day, start=datetime.time(14), end=datetime.time(15), minutes=30
    )
    other = matchmaking_event(organiser=org_b, time_zone="Europe/Warsaw")
    services.slots_generate(
        event=other, day=day, start=datetime.time(13), end=datetime.time(15), minutes=30
    )

    assert Slot.objects.filter(event=event).count() == 4
    assert Slot.objects.filter(event=other).count() == 4


@pytest.mark.parametrize(
    ("start", "end", "minutes", "code"),
    [
        (datetime.time(13), datetime.time(15), 4, "minutes"),
        (datetime.time(13), datetime.time(15), 241, "minutes"),
        (datetime.time(15), datetime.time(13), 15, "order"),
        (datetime.time(15), datetime.time(15), 15, "order"),
        (datetime.time(13), datetime.time(13, 10), 15, "too_short"),
        (datetime.time(0), datetime.time(23, 59), 5, "too_many"),
    ],
)
def test_bad_input_creates_nothing(event, start, end, minutes, code):
    with pytest.raises(services.SlotsError) as raised:
        services.slots_generate(
            event=event, day=datetime.date(2027, 3, 18), start=start, end=end, minutes=minutes
        )
    assert raised.value.code == code
    assert not Slot.objects.exists()


# --- Slot generator: the page -------------------------------------------------------------------


def generate(client, event, language="en", **changes):
    data = {"day": "2027-03-18", "start": "13:30", "end": "15:00", "minutes": "15", **changes}
    with translation.override(language):
        url = slots_url(event)
    return client.post(url, data)


def test_organisers_generate_slots_from_the_page(client, event, editor_a):
    client.force_login(editor_a)
    page = client.get(slots_url(event))
    assert page.status_code == 200
    form = page.context["form"]
    assert form["day"].value() == datetime.date(2027, 3, 18)  # the event's day, in Warsaw

    response = generate(client, event)

    assert response.status_code == 302 and response["Location"] == slots_url(event)
    assert Slot.objects.filter(event=event).count() == 6
    assert Slot.objects.filter(event=event).order_by("start").first().start == utc(at(13, 30))
    assert messages_of(response) == [
        "6 slots created, from Thursday, March 18, 2027, 13:30 to 15:00."
    ]
    listed = client.get(slots_url(event)).content.decode()
    assert "Thursday, March 18, 2027, 14:45–15:00" in listed
    assert "(times in Europe/Warsaw)" in listed


def test_the_page_warns_about_slots_outside_the_event(client, event, editor_a):
    client.force_login(editor_a)
    response = generate(client, event, start="16:30", end="18:00", minutes="30")
    assert response.status_code == 302
    assert "Some of these slots lie outside the time of the event" in messages_of(response)[1]


def test_the_page_refuses_overlaps_with_a_clear_message(client, event, editor_a):
    client.force_login(editor_a)
    Slot.objects.create(event=event, start=at(14), end=at(14, 15))

    response = generate(client, event)

    assert response.status_code == 400
    errors = response.context["form"].non_field_errors()
    assert errors == [
        "No slot was created: they would overlap the slot Thursday, March 18, 2027, "
        "14:00–14:15 that the event already has. Please choose another time, or change or "
        "delete that slot first."
    ]
    assert Slot.objects.filter(event=event).count() == 1


@pytest.mark.parametrize(
    ("language", "changes", "field", "error"),
    [
        ("de", {"day": "32.13.2027"}, "day", "Bitte ein gültiges Datum eingeben."),
        ("pl", {"start": "25:99"}, "start", "Wpisz poprawną godzinę."),
        ("de", {"minutes": "viele"}, "minutes", "Bitte eine ganze Zahl eingeben."),
        ("pl", {"end": ""}, "end", "To pole jest wymagane."),
        ("en", {"minutes": "1"}, "minutes", "Ensure this value is greater than or equal to 5."),
        ("en", {"start": "15:00", "end": "13:30"}, "end", "The end must be after the start."),
    ],
)
def test_bad_input_on_the_page_gets_messages_in_the_language_not_an_error(
    client, event, editor_a, language, changes, field, error
):
    client.force_login(editor_a)

    response = generate(client, event, language, **changes)

    assert response.status_code == 400
    assert response.context["form"].errors[field] == [error]
    assert not Slot.objects.exists()
    if language == "de":
        assert "Bitte korrigieren Sie den folgenden Fehler." in response.content.decode()


def test_the_generators_own_messages_are_translated(client, event, editor_a, catalogue):
    """German and Polish organisers read the page's own messages in their language (the
    catalogue entries stand in for the translators' work)."""
    catalogue(
        "de",
        {
            (
                "%(count)d slot created, from %(first)s to %(last)s.",
                1,
            ): "%(count)d Zeitfenster angelegt, von %(first)s bis %(last)s.",
        },
    )
    catalogue(
        "pl",
        {
            "No slot was created: they would overlap the slot %(slot)s that the event already "
            "has. Please choose another time, or change or delete that slot first.": (
                "Nie utworzono żadnego przedziału: nakładałyby się na przedział %(slot)s."
            ),
        },
    )
    client.force_login(editor_a)

    german_response = generate(client, event, "de", end="14:00")
    polish_response = generate(client, event, "pl", start="13:30", end="13:45")

    assert messages_of(german_response) == [
        "2 Zeitfenster angelegt, von Donnerstag, 18. März 2027, 13:30 bis 14:00."
    ]
    assert polish_response.status_code == 400
    assert polish_response.context["form"].non_field_errors() == [
        "Nie utworzono żadnego przedziału: nakładałyby się na przedział "
        "czwartek, 18 marca 2027, 13:30–13:45."
    ]


def test_co_organisers_and_other_organisations_cannot_generate(client, event, org_b, manager_b):
    client.force_login(manager_b)
    assert client.get(slots_url(event)).status_code == 404
    assert generate(client, event).status_code == 404
    event.co_organisers.add(org_b)
    assert client.get(slots_url(event)).status_code == 403
    assert generate(client, event).status_code == 403
    assert not Slot.objects.exists()


# --- The grid -----------------------------------------------------------------------------------


@pytest.fixture
def busy(event, people):
    """Two rooms, three slots from 13:30 and meetings of every status."""
    table_1, table_2 = rooms(event, 2)
    first, second, third = slots(event, count=3, start=at(13, 30))
    anna, jan, eva, tom = people["anna"], people["jan"], people["eva"], people["tom"]
    meetings = {
        "anna_jan": meeting(
            event, anna, jan, first, room=table_1, held_requester=True, cooperation_recipient=True
        ),
        "eva_tom": meeting(event, eva, tom, first, room=table_2, held_recipient=False),
        "jan_eva": meeting(
            event,
            jan,
            eva,
            second,
            room=table_2,
            held_recipient=True,
            cooperation_requester=True,
            cooperation_recipient=True,
        ),
        "open": meeting(event, tom, anna, third, status=MeetingStatus.REQUESTED),
        "declined": meeting(event, anna, eva, third, status=MeetingStatus.DECLINED),
        "withdrawn": meeting(event, jan, tom, third, status=MeetingStatus.WITHDRAWN),
        "cancelled": meeting(event, eva, anna, second, status=MeetingStatus.CANCELLED),
    }
    event.test_slots = (first, second, third)
    return meetings


def column_heads(html: str) -> list[str]:
    grid = re.search(r'<table id="meeting-grid".*?</table>', html, re.S).group(0)
    return re.findall(r'<th scope="col">(.*?)</th>', grid)


def cell_texts(html: str, slot) -> list[str]:
    row = re.search(rf'<tr data-slot="{slot.pk}">(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


def test_the_grid_shows_who_meets_whom_by_slot_and_room(client, event, busy, editor_a):
    client.force_login(editor_a)

    response = client.get(grid_url(event))

    assert response.status_code == 200
    html = response.content.decode()
    first, second, third = event.test_slots
    assert column_heads(html) == ["Time", "Table 1", "Table 2"]
    assert "Thursday, March 18, 2027" in html
    assert "(times in Europe/Warsaw)" in html
    assert re.search(
        rf'<tr data-slot="{first.pk}">\s*<th scope="row"><time [^>]*>13:30–13:45<', html
    )
    assert cell_texts(html, first) == [
        "Anna Nowak Klaster ICT Jan Schulz Cloud GmbH took place cooperation intended",
        "Eva Weber Data Oy Tom Berg Berg AB",
    ]
    assert cell_texts(html, second) == [
        "free",
        "Jan Schulz Cloud GmbH Eva Weber Data Oy took place cooperation intended",
    ]
    # Requests, declined, withdrawn and cancelled meetings are not meetings.
    assert cell_texts(html, third) == ["free", "free"]
    # Names and organisations, never the addresses.
    assert "@example.org" not in html


def test_meetings_without_a_room_get_their_own_column(client, event, people, editor_a):
    first, second = slots(event, count=2, start=at(13, 30))
    meeting(event, people["anna"], people["jan"], first)
    client.force_login(editor_a)

    html = client.get(grid_url(event)).content.decode()
    assert column_heads(html) == ["Time", "Meetings"]
    assert cell_texts(html, first) == ["Anna Nowak Klaster ICT Jan Schulz Cloud GmbH"]

    # Rooms added after the meeting was accepted: the meeting stays in a column of its own.
    rooms(event, 1)
    html = client.get(grid_url(event)).content.decode()
    assert column_heads(html) == ["Time", "Table 1", "Without a room"]
    assert cell_texts(html, first) == ["free", "Anna Nowak Klaster ICT Jan Schulz Cloud GmbH"]


def test_the_counts_above_the_grid(client, event, busy, editor_a):
    client.force_login(editor_a)
    participant(event, opted_in=False, last_name="Shy")

    response = client.get(grid_url(event))

    counts = response.context["counts"]
    assert (counts.sent, counts.open, counts.accepted) == (7, 1, 3)
    assert (counts.declined, counts.withdrawn, counts.cancelled) == (1, 1, 1)
    # Held: either side said yes (a "no" of one side alone is not a meeting held).
    assert counts.held == 2
    # Intents to cooperate: one per person who said so.
    assert counts.cooperation == 3
    html = response.content.decode()
    shown = dict(re.findall(r"<dt>(.*?)</dt><dd>(\d+)</dd>", html))
    assert shown == {
        "Participants taking part": "4",
        "Requests sent": "7",
        "Waiting for an answer": "1",
        "Accepted": "3",
        "Declined": "1",
        "Withdrawn": "1",
        "Cancelled": "1",
        "Meetings held": "2",
        "Intents to cooperate": "3",
    }


def test_a_grid_without_slots_says_so(client, event, editor_a):
    client.force_login(editor_a)
    html = client.get(grid_url(event)).content.decode()
    assert "This event has no meeting slots yet" in html
    assert slots_url(event) in html


def test_erased_participants_are_not_named(client, event, people, editor_a):
    first = slots(event, count=1, start=at(13, 30))[0]
    meeting(event, people["anna"], people["jan"], first)
    Registration.objects.filter(pk=people["jan"].pk).update(
        anonymised_at=at(10), first_name="", last_name="", organisation=""
    )
    client.force_login(editor_a)

    html = client.get(grid_url(event)).content.decode()

    assert cell_texts(html, first) == ["Anna Nowak Klaster ICT Anonymised participant"]


# --- CSV ----------------------------------------------------------------------------------------


def csv_lines(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    assert "attachment;" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_lists_every_meeting_formula_safe(client, event, busy, people, editor_a):
    Registration.objects.filter(pk=people["eva"].pk).update(
        organisation='=HYPERLINK("http://evil.example")', first_name="@Eva"
    )
    client.force_login(editor_a)

    lines = csv_lines(client.get(grid_url(event, "_csv")))

    assert lines[0][:9] == [
        "Day",
        "Start",
        "End",
        "Room",
        "Status",
        "Asked by",
        "Organisation (asked by)",
        "Asked",
        "Organisation (asked)",
    ]
    assert len(lines) == 1 + 7
    assert lines[1][:5] == ["2027-03-18", "13:30", "13:45", "Table 1", "Accepted"]
    assert lines[1][5:9] == ["Anna Nowak", "Klaster ICT", "Jan Schulz", "Cloud GmbH"]
    assert lines[1][-4:] == ["yes", "", "", "yes"]
    assert ["'@Eva Weber", '\'=HYPERLINK("http://evil.example")'] == lines[2][5:7]
    statuses = sorted(line[4] for line in lines[1:])
    assert statuses == sorted(
        ["Accepted"] * 3 + ["Requested", "Declined", "Withdrawn", "Cancelled"]
    )
    every_cell = [cell for line in lines for cell in line]
    assert not [cell for cell in every_cell if cell.startswith(("=", "+", "-", "@"))]
    assert not [cell for cell in every_cell if "@example.org" in cell]


# --- State and message --------------------------------------------------------------------------


def post_state(client, event, state, language="en"):
    with translation.override(language):
        url = grid_url(event)
    return client.post(url, {"action": "state", "state": state})


def test_organisers_pause_close_and_reopen(client, event, people, editor_a):
    slot = slots(event, count=1, start=at(13, 30))[0]
    client.force_login(editor_a)
    before = event.start - datetime.timedelta(days=1)

    response = post_state(client, event, "paused")
    assert response.status_code == 302 and response["Location"] == grid_url(event)
    assert Matchmaking.objects.get(event=event).state == MatchmakingState.PAUSED
    assert messages_of(response) == [
        "Matchmaking is paused: nobody can ask for a new meeting; requests already sent can "
        "still be answered."
    ]
    with pytest.raises(services.MatchmakingError):
        services.meeting_request(
            requester=people["anna"], recipient=people["jan"], slot=slot, now=before
        )

    response = post_state(client, event, "closed")
    assert Matchmaking.objects.get(event=event).state == MatchmakingState.CLOSED
    assert last_message(response).startswith("Matchmaking is closed")

    response = post_state(client, event, "open")
    assert Matchmaking.objects.get(event=event).state == MatchmakingState.OPEN
    assert last_message(response) == (
        "Matchmaking is open again: participants can ask each other for meetings."
    )
    services.meeting_request(
        requester=people["anna"], recipient=people["jan"], slot=slot, now=before
    )

    response = post_state(client, event, "open", "de")
    assert last_message(response) == "Es gibt nichts zu ändern."
    response = post_state(client, event, "whatever")
    assert last_message(response) == "Please choose what to do."
    assert Matchmaking.objects.get(event=event).state == MatchmakingState.OPEN


def test_the_state_messages_are_translated(client, event, editor_a, catalogue):
    catalogue(
        "pl",
        {
            "Matchmaking is closed: nobody can ask for meetings or answer requests any more.": (
                "Kojarzenie jest zamknięte."
            )
        },
    )
    client.force_login(editor_a)
    response = post_state(client, event, "closed", "pl")
    assert messages_of(response) == ["Kojarzenie jest zamknięte."]


def test_an_event_without_matchmaking_can_switch_it_on(client, org_a, editor_a):
    workshop = EventFactory(organiser=org_a, kind=EventKind.WORKSHOP)
    client.force_login(editor_a)

    page = client.get(grid_url(workshop))
    assert page.status_code == 200
    assert page.context["matchmaking"] is None
    assert "This event has no matchmaking." in page.content.decode()
    # Only switching on is possible.
    post_state(client, workshop, "paused")
    assert not Matchmaking.objects.filter(event=workshop).exists()

    response = post_state(client, workshop, "open")

    assert Matchmaking.objects.get(event=workshop).state == MatchmakingState.OPEN
    assert last_message(response).startswith("Matchmaking is switched on")
    page = client.get(grid_url(workshop))
    assert page.context["grid"] is not None
    assert reverse("admin:matchmaking_matchmaking_change", args=[workshop.pk]) in (
        page.content.decode()
    )


def test_organisers_write_to_the_participants_in_their_languages(client, event, people, editor_a):
    participant(event, opted_in=False, last_name="Shy")
    participant(event, status=RegistrationStatus.PENDING, last_name="Unconfirmed")
    client.force_login(editor_a)
    page = client.get(grid_url(event))
    assert "The message goes to 4 participants who take part in matchmaking" in (
        page.content.decode()
    )

    response = client.post(
        grid_url(event),
        {"action": "message", "subject": "Tables", "body": "Tables are in hall B."},
    )

    assert response.status_code == 302
    assert messages_of(response) == ["The message is queued for 4 participants."]
    emails = {email.headers[REFERENCE_HEADER]: email for email in Email.objects.all()}
    assert set(emails) == {str(p.pk) for p in people.values()}
    for email in emails.values():
        assert email.subject == "Tables – Cloud matchmaking"
        assert "Tables are in hall B." in email.message
    assert "Die Veranstalter dieser Veranstaltung" in emails[str(people["jan"].pk)].message
    assert "Organizatorzy tego wydarzenia" in emails[str(people["anna"].pk)].message
    assert "The organisers of this event" in emails[str(people["eva"].pk)].message


def test_an_incomplete_message_is_not_sent(client, event, people, editor_a):
    client.force_login(editor_a)
    with translation.override("de"):
        url = grid_url(event)
    response = client.post(url, {"action": "message", "subject": "", "body": "Hello"})
    assert response.status_code == 400
    assert response.context["message_form"].errors["subject"] == [
        "Dieses Feld ist zwingend erforderlich."
    ]
    assert not Email.objects.exists()


# --- Who may see and do what --------------------------------------------------------------------


def test_co_organisers_see_the_grid_read_only(client, event, busy, org_b):
    event.co_organisers.add(org_b)
    reader = MembershipFactory(organisation=org_b, role=MembershipRole.EDITOR).user
    client.force_login(reader)

    response = client.get(grid_url(event))

    assert response.status_code == 200
    assert response.context["may_change"] is False
    html = response.content.decode()
    assert "<strong>Anna Nowak</strong>" in html
    assert 'name="state"' not in html and 'name="subject"' not in html
    assert client.get(grid_url(event, "_csv")).status_code == 200
    assert post_state(client, event, "closed").status_code == 403
    response = client.post(grid_url(event), {"action": "message", "subject": "x", "body": "y"})
    assert response.status_code == 403
    assert Matchmaking.objects.filter(event=event).count() == 0
    assert not Email.objects.exists()


def test_other_organisations_find_nothing(client, event, busy, manager_b):
    client.force_login(manager_b)
    for url in (grid_url(event), grid_url(event, "_csv"), slots_url(event)):
        assert client.get(url).status_code == 404, url
    assert post_state(client, event, "closed").status_code == 404
    assert not Matchmaking.objects.filter(event=event).exists()
    for bad in ("nope", "999999"):
        url = reverse("admin:events_event_meetings", args=[bad])
        assert client.get(url).status_code == 404


def test_visitors_are_sent_to_the_login(client, event):
    response = client.get(grid_url(event))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_portal_editors_run_every_events_matchmaking(client, event, busy, portal_editor):
    client.force_login(portal_editor)
    response = client.get(grid_url(event))
    assert response.status_code == 200 and response.context["may_change"] is True
    assert post_state(client, event, "paused").status_code == 302
    assert Matchmaking.objects.get(event=event).state == MatchmakingState.PAUSED
    assert generate(client, event, start="16:00", end="16:30").status_code == 302


def test_the_pages_are_linked_from_the_event(client, event, editor_a):
    client.force_login(editor_a)
    change = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert grid_url(event) in change
    assert slots_url(event) in change


# --- The matchmaking models' own admins ---------------------------------------------------------


def test_meetings_are_read_only_for_everybody(client, event, busy, editor_a, portal_editor):
    anna_jan = busy["anna_jan"]
    change = reverse("admin:matchmaking_meeting_change", args=[anna_jan.pk])
    for user in (editor_a, portal_editor):
        client.force_login(user)
        page = client.get(change)
        assert page.status_code == 200
        assert page.context["has_change_permission"] is False
        assert client.post(change, {"status": "cancelled"}).status_code == 403
        assert client.get(reverse("admin:matchmaking_meeting_add")).status_code == 403
        delete = reverse("admin:matchmaking_meeting_delete", args=[anna_jan.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Meeting.objects.get(pk=anna_jan.pk).status == ACCEPTED


def test_a_slot_is_entered_in_the_events_time_zone(client, event, editor_a):
    client.force_login(editor_a)
    data = {
        "event": event.pk,
        "start_0": "2027-03-18",
        "start_1": "13:30",
        "end_0": "2027-03-18",
        "end_1": "13:45",
    }

    response = client.post(reverse("admin:matchmaking_slot_add"), data)

    assert response.status_code == 302
    slot = Slot.objects.get(event=event)
    assert (slot.start, slot.end) == (utc(at(13, 30)), utc(at(13, 45)))
    page = client.get(reverse("admin:matchmaking_slot_change", args=[slot.pk])).content.decode()
    assert 'value="13:30:00"' in page or 'value="13:30"' in page
    # The same time again overlaps: the form says so.
    response = client.post(reverse("admin:matchmaking_slot_add"), data)
    assert response.status_code == 200
    assert "This slot overlaps another slot of the event." in response.content.decode()


def test_a_slot_with_meetings_keeps_its_time(client, event, busy, editor_a):
    client.force_login(editor_a)
    first = event.test_slots[0]
    page = client.get(reverse("admin:matchmaking_slot_change", args=[first.pk]))
    assert {"start", "end"} <= set(page.context["adminform"].readonly_fields)
    response = client.post(
        reverse("admin:matchmaking_slot_delete", args=[first.pk]), {"post": "yes"}
    )
    assert Slot.objects.filter(pk=first.pk).exists()
    assert response.status_code == 200  # the page naming the meetings that protect it


def test_rooms_belong_to_the_organisers_events(client, event, editor_a, org_b):
    client.force_login(editor_a)
    other = matchmaking_event(organiser=org_b)
    url = reverse("admin:matchmaking_room_add")
    response = client.post(url, {"event": other.pk, "name": "Table 9", "position": "0"})
    assert response.status_code == 200
    assert "event" in response.context["adminform"].form.errors
    response = client.post(url, {"event": event.pk, "name": "Table 9", "position": "0"})
    assert response.status_code == 302
    assert Room.objects.get().event == event


# --- A fixed number of queries ------------------------------------------------------------------


def crowd(event, count: int, *, slots_n: int = 20, rooms_n: int = 10):
    """`count` opted-in participants, met in pairs: every pair one meeting, accepted while
    slots and rooms last, then of the other statuses."""
    registrations = Registration.objects.bulk_create(
        Registration(
            event=event,
            first_name=f"P{n}",
            last_name="Crowd",
            email=f"crowd{event.pk}-{n}@example.org",
            organisation=f"Crowd {n} Ltd",
            organisation_type="other",
            country="PL",
            language=("de", "en", "pl")[n % 3],
            status=RegistrationStatus.CONFIRMED,
            confirmed_at=event.start - datetime.timedelta(days=5),
            profile_shared=True,
            profile_offer="Everything",
        )
        for n in range(count)
    )
    Profile.objects.bulk_create(Profile(registration=r) for r in registrations)
    times = slots(event, count=slots_n, minutes=10, start=at(13))
    places = rooms(event, rooms_n)
    others = (MeetingStatus.REQUESTED, MeetingStatus.DECLINED, MeetingStatus.CANCELLED)
    meetings = []
    for k in range(count // 2):
        accepted = k < slots_n * rooms_n
        meetings.append(
            Meeting(
                event=event,
                requester=registrations[2 * k],
                recipient=registrations[2 * k + 1],
                slot=times[k % slots_n],
                room=places[(k // slots_n) % rooms_n] if accepted else None,
                status=ACCEPTED if accepted else others[k % 3],
                held_requester=accepted and k % 2 == 0,
                cooperation_recipient=accepted and k % 4 == 0,
            )
        )
    Meeting.objects.bulk_create(meetings)


def test_the_grid_and_csv_need_a_fixed_number_of_queries(
    client, org_a, editor_a, django_assert_max_num_queries
):
    client.force_login(editor_a)
    small = matchmaking_event(organiser=org_a, time_zone="Europe/Warsaw", start=at(9), end=at(17))
    crowd(small, 6, slots_n=2, rooms_n=1)
    client.get(grid_url(small))  # warm the session and permission caches
    with django_assert_max_num_queries(14) as few:
        assert client.get(grid_url(small)).status_code == 200
    with django_assert_max_num_queries(8) as few_csv:
        assert client.get(grid_url(small, "_csv")).status_code == 200

    big = matchmaking_event(organiser=org_a, time_zone="Europe/Warsaw", start=at(9), end=at(17))
    crowd(big, 500)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(grid_url(big))
    assert response.context["counts"].sent == 250
    assert response.context["grid"].meetings == 200
    assert response.content.decode().count('class="mm-grid__meeting"') == 200
    with django_assert_max_num_queries(len(few_csv.captured_queries)):
        response = client.get(grid_url(big, "_csv"))
    assert len(csv_lines(response)) == 1 + 250


def test_the_slot_page_needs_a_fixed_number_of_queries(
    client, event, editor_a, django_assert_max_num_queries
):
    client.force_login(editor_a)
    slots(event, count=2, start=at(10))
    client.get(slots_url(event))
    with django_assert_max_num_queries(10) as few:
        client.get(slots_url(event))
    slots(event, count=40, start=at(11))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(slots_url(event))


def test_co_organisers_see_the_matchmaking_entries_read_only(client, event, busy, org_b):
    event.co_organisers.add(org_b)
    reader = MembershipFactory(organisation=org_b, role=MembershipRole.EDITOR).user
    client.force_login(reader)
    anna_jan = busy["anna_jan"]
    table = Room.objects.filter(event=event).first()

    listed = client.get(reverse("admin:matchmaking_meeting_changelist"))
    room_page = client.get(reverse("admin:matchmaking_room_change", args=[table.pk]))
    response = client.post(
        reverse("admin:matchmaking_room_change", args=[table.pk]),
        {"name": "Taken over", "position": "0"},
    )

    assert anna_jan in listed.context["cl"].result_list
    assert room_page.status_code == 200
    assert room_page.context["has_change_permission"] is False
    assert response.status_code == 403
    assert Room.objects.get(pk=table.pk).name == "Table 1"


def test_hostile_names_stay_text_in_the_grid(client, event, people, editor_a):
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    Registration.objects.filter(pk=people["anna"].pk).update(
        first_name=payload, organisation=payload
    )
    table = Room.objects.create(event=event, name=payload)
    first = slots(event, count=1, start=at(13, 30))[0]
    meeting(event, people["anna"], people["jan"], first, room=table)
    client.force_login(editor_a)

    html = client.get(grid_url(event)).content.decode()

    assert html_findings(html).dangerous == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
