"""Many participants answering at once, each on their own database connection: nobody is ever
booked twice, no room holds two meetings, no accepted meeting is lost, no unexpected error."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from post_office.models import Email

from matchmaking import services
from matchmaking.models import Booking, Meeting, MeetingStatus
from matchmaking.services import MatchmakingError
from tests.matchmaking.factories import matchmaking_event, participant, rooms, slots

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 50


def run_at_once(count: int, function):
    """Call function(i) from `count` threads released together; return results or errors."""
    barrier = threading.Barrier(count)

    def worker(index):
        try:
            barrier.wait(timeout=30)
            return function(index)
        except Exception as error:  # noqa: BLE001 - reported to the test
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(worker, range(count)))


def test_fifty_participants_accepting_overlapping_requests_at_once():
    event = matchmaking_event()
    people = [participant(event, language=("pl", "de", "en")[n % 3]) for n in range(PEOPLE)]
    first, second = slots(event, count=2)
    rooms(event, 20)
    # Everyone is asked by their neighbour in the first slot and by the one after in the
    # second: each person is in two requests per slot, so accepting all of them would book
    # people twice — only a matching of them can succeed.
    incoming: dict[int, list] = {n: [] for n in range(PEOPLE)}
    for n in range(PEOPLE):
        for slot, step in ((first, 1), (second, 2)):
            recipient = (n + step) % PEOPLE
            meeting = services.meeting_request(
                requester=people[n], recipient=people[recipient], slot=slot
            )
            incoming[recipient].append(meeting)
    Email.objects.all().delete()

    def accept_everything(index):
        outcomes = []
        for meeting in incoming[index]:
            try:
                services.meeting_accept(meeting=meeting, by=people[index])
                outcomes.append("accepted")
            except MatchmakingError as error:
                outcomes.append(error.code)
        return outcomes

    results = run_at_once(PEOPLE, accept_everything)

    errors = [result for result in results if isinstance(result, Exception)]
    assert errors == []  # no server error of any kind
    outcomes = Counter(outcome for result in results for outcome in result)
    assert set(outcomes) <= {"accepted", "not_free", "no_room"}
    accepted = list(Meeting.objects.filter(status=MeetingStatus.ACCEPTED))
    assert outcomes["accepted"] == len(accepted) > 0
    # 0 double bookings: nobody twice in a slot, no room twice in a slot.
    seats = Counter(Booking.objects.values_list("slot_id", "registration_id"))
    assert max(seats.values()) == 1
    assert Counter((m.slot_id, m.room_id) for m in accepted).most_common(1)[0][1] == 1
    for meeting in accepted:
        assert {b.registration_id for b in meeting.bookings.all()} == {
            meeting.requester_id,
            meeting.recipient_id,
        }
    # 0 lost meetings: every request is accepted or still open, never half-made.
    assert (
        Meeting.objects.exclude(
            status__in=(MeetingStatus.ACCEPTED, MeetingStatus.REQUESTED)
        ).count()
        == 0
    )
    assert Booking.objects.count() == 2 * len(accepted)
    # Each accepted meeting told its asker once.
    assert Email.objects.count() == len(accepted)
    # In a slot where nobody lacks a room, every person with a free neighbour was matched:
    # at least a third of the 50 possible meetings per slot happen.
    per_slot = Counter(meeting.slot_id for meeting in accepted)
    assert all(count >= PEOPLE // 6 for count in per_slot.values())
