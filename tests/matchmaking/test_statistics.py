"""The "Matchmaking" section of the statistics of an event and of a series: requests, meetings
accepted, meetings held and intents to cooperate, counted without naming anybody; on the page
with its chart and table, and in the CSV."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services as event_services
from events.models import Event, EventKind, Series
from events.statistics import statistics_for
from matchmaking.models import Matchmaking, Meeting, MeetingStatus, Slot
from tests.events.factories import EventFactory
from tests.matchmaking.factories import matchmaking_event, participant, slots

pytestmark = pytest.mark.django_db


def section(*events):
    table = statistics_for(events=Event.objects.filter(pk__in=[e.pk for e in events])).table(
        "matchmaking"
    )
    return None if table is None else {row.label: row.values for row in table.rows}


def meetings_of(event, statuses, **flags):
    """One meeting per status between fresh participants; the accepted ones with these
    reports (only accepted meetings are reported on)."""
    taken = Slot.objects.filter(event=event).count()
    first = event.start + datetime.timedelta(minutes=15 * taken)
    times = slots(event, count=len(statuses), start=first)
    made = []
    for slot, status in zip(times, statuses, strict=True):
        made.append(
            Meeting.objects.create(
                event=event,
                slot=slot,
                requester=participant(event),
                recipient=participant(event),
                status=status,
                **(flags if status == MeetingStatus.ACCEPTED else {}),
            )
        )
    return made


A, R, D, W, X = (
    MeetingStatus.ACCEPTED,
    MeetingStatus.REQUESTED,
    MeetingStatus.DECLINED,
    MeetingStatus.WITHDRAWN,
    MeetingStatus.CANCELLED,
)


def test_events_without_matchmaking_have_no_section(org_a):
    assert section(EventFactory(organiser=org_a, kind=EventKind.WORKSHOP)) is None


def test_matchmaking_meetings_have_it_even_before_any_request(org_a):
    assert section(matchmaking_event(organiser=org_a)) == {
        "Requests sent": [0],
        "Meetings accepted": [0],
        "Meetings held": [0],
        "Intents to cooperate": [0],
    }


def test_other_events_have_it_once_the_organisers_switch_it_on(org_a):
    workshop = EventFactory(organiser=org_a, kind=EventKind.WORKSHOP)
    Matchmaking.objects.create(event=workshop)
    assert section(workshop) is not None


def test_requests_meetings_held_and_intents_to_cooperate(org_a):
    event = matchmaking_event(organiser=org_a)
    held = meetings_of(event, [A, A], held_requester=True, cooperation_recipient=True)
    meetings_of(event, [A], held_requester=False, held_recipient=True)
    meetings_of(event, [A], held_requester=False, held_recipient=False)
    meetings_of(event, [R, D, W, X])
    Meeting.objects.filter(pk=held[0].pk).update(cooperation_requester=True)

    assert section(event) == {
        "Requests sent": [8],
        "Meetings accepted": [4],
        # Either side said it took place.
        "Meetings held": [3],
        # One per person who said so: both in the first meeting, one in the second.
        "Intents to cooperate": [3],
    }


def test_the_figures_outlive_the_anonymisation_and_erasure(org_a, settings):
    start = timezone.now() - datetime.timedelta(days=2)
    event = matchmaking_event(organiser=org_a, start=start, end=start + datetime.timedelta(hours=4))
    first, second = meetings_of(event, [A, A], held_requester=True, cooperation_requester=True)
    meetings_of(event, [D])
    before = section(event)

    # One participant erases their data: the meeting ends up cancelled, but it was held.
    event_services.registration_erase(registration=first.recipient)
    after_erasure = section(event)
    assert after_erasure["Meetings held"] == before["Meetings held"] == [2]
    assert after_erasure["Intents to cooperate"] == [2]
    assert after_erasure["Requests sent"] == [3]

    # The purge anonymises everybody: nothing changes in the counts.
    event_services.registrations_purge(
        now=event.end + datetime.timedelta(days=settings.EVENTS_PURGE_DAYS + 1)
    )
    assert not event.registrations.filter(anonymised_at__isnull=True).exists()
    assert section(event) == after_erasure


def test_a_series_sums_its_events(org_a):
    series = Series.objects.create(title_en="Matchmaking days", slug="mm-days", organiser=org_a)
    first = matchmaking_event(organiser=org_a, series=series)
    second = matchmaking_event(organiser=org_a, series=series)
    meetings_of(first, [A, D], held_recipient=True)
    meetings_of(second, [A], cooperation_requester=True)

    statistics = statistics_for(events=Event.objects.filter(series=series), several=True)

    assert {row.label: row.values for row in statistics.table("matchmaking").rows} == {
        "Requests sent": [3],
        "Meetings accepted": [2],
        "Meetings held": [1],
        "Intents to cooperate": [1],
    }


def test_the_page_shows_the_section_with_its_chart_and_the_csv_holds_it(client, org_a, editor_a):
    event = matchmaking_event(organiser=org_a)
    meetings_of(event, [A, R], held_requester=True)
    client.force_login(editor_a)

    page = client.get(reverse("admin:events_event_statistics", args=[event.pk])).content.decode()
    download = client.get(reverse("admin:events_event_statistics_csv", args=[event.pk]))

    figure = next(
        f for f in re.findall(r"<figure .*?</figure>", page, re.S) if "<h2>Matchmaking</h2>" in f
    )
    assert "<svg " in figure and "<table" in figure
    assert '<th scope="row">Requests sent</th><td class="stats__number">2</td>' in figure
    # Counts only: nobody is named.
    assert "Lovelace" not in figure
    lines = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert ["Matchmaking", "Requests sent", "Number", "2"] in lines
    assert ["Matchmaking", "Meetings held", "Number", "1"] in lines
