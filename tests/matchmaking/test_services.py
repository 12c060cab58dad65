"""Matchmaking services: asking, answering, cancelling and reporting; the rules that keep
agendas consistent; what leaving, erasure and the purge do to a person's meetings."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from post_office.models import Email

from events import services as event_services
from events.models import RegistrationStatus
from matchmaking import services
from matchmaking.models import (
    Booking,
    Matchmaking,
    MatchmakingState,
    Meeting,
    MeetingStatus,
    Profile,
    Slot,
)
from matchmaking.services import MatchmakingError
from tests.matchmaking.factories import matchmaking_event, participant, rooms, slots

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return matchmaking_event(title_en="Digital health matchmaking", title_de="Matchmaking")


@pytest.fixture
def people(event):
    return {
        "pl": participant(event, first_name="Kasia", language="pl", offer="Telemedicine apps"),
        "de": participant(event, first_name="Jonas", language="de", seek="Telemedicine"),
        "en": participant(event, first_name="Sophie", language="en"),
    }


def mail_to(registration):
    return [email for email in Email.objects.all() if email.to == [registration.email]]


def error_code(call) -> str:
    with pytest.raises(MatchmakingError) as raised:
        call()
    return raised.value.code


# --- Asking -------------------------------------------------------------------------------------


def test_asking_queues_one_email_in_the_recipients_language(event, people):
    slot = slots(event)[0]
    meeting = services.meeting_request(
        requester=people["pl"], recipient=people["de"], slot=slot, message="Dzień dobry!"
    )
    assert meeting.status == MeetingStatus.REQUESTED
    (email,) = mail_to(people["de"])
    assert email.subject == "Kasia Lovelace bittet Sie um ein Treffen"
    assert "Dzień dobry!" in email.message
    assert "/de/events/registration/" in email.message
    assert people["pl"].email not in email.message
    assert not mail_to(people["pl"])


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ("self", "self"),
        ("requester_not_opted_in", "not_opted_in"),
        ("recipient_not_opted_in", "not_found"),
        ("recipient_of_another_event", "not_found"),
        ("slot_of_another_event", "slot"),
        ("slot_past", "slot"),
        ("paused", MatchmakingState.PAUSED),
        ("closed", MatchmakingState.CLOSED),
    ],
)
def test_requests_that_break_a_rule_are_refused_and_change_nothing(event, people, change, code):
    slot = slots(event)[0]
    requester, recipient = people["pl"], people["de"]
    if change == "self":
        recipient = requester
    elif change == "requester_not_opted_in":
        requester = participant(event, opted_in=False)
    elif change == "recipient_not_opted_in":
        recipient = participant(event, opted_in=False)
    elif change == "recipient_of_another_event":
        recipient = participant(matchmaking_event())
    elif change == "slot_of_another_event":
        slot = slots(matchmaking_event())[0]
    elif change == "slot_past":
        Slot.objects.filter(pk=slot.pk).update(
            start=timezone.now() - datetime.timedelta(minutes=5), end=timezone.now()
        )
        slot.refresh_from_db()
    else:
        services.matchmaking_state_set(event=event, state=change)
    assert (
        error_code(
            lambda: services.meeting_request(requester=requester, recipient=recipient, slot=slot)
        )
        == code
    )
    assert not Meeting.objects.exists()
    assert not Email.objects.exists()


def test_matchmaking_off_for_other_events_until_the_organisers_switch_it_on(people):
    workshop = matchmaking_event(kind="workshop")
    first, second = participant(workshop), participant(workshop)
    slot = slots(workshop)[0]
    ask = lambda: services.meeting_request(requester=first, recipient=second, slot=slot)  # noqa: E731
    assert error_code(ask) == "off"
    Matchmaking.objects.create(event=workshop)
    assert ask().status == MeetingStatus.REQUESTED


def test_one_open_request_per_pair_either_way(event, people):
    first, second = slots(event)[:2]
    services.meeting_request(requester=people["pl"], recipient=people["de"], slot=first)
    for requester, recipient in ((people["pl"], people["de"]), (people["de"], people["pl"])):
        assert (
            error_code(
                lambda r=requester, c=recipient: services.meeting_request(
                    requester=r, recipient=c, slot=second
                )
            )
            == "already_asked"
        )
    # The database holds the rule too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            event=event, slot=second, requester=people["de"], recipient=people["pl"]
        )


def test_limits_per_person(event, people):
    Matchmaking.objects.create(event=event, max_open_requests=1, max_meetings=1)
    first, second, third = slots(event)[:3]
    asked = services.meeting_request(requester=people["pl"], recipient=people["de"], slot=first)
    assert (
        error_code(
            lambda: services.meeting_request(
                requester=people["pl"], recipient=people["en"], slot=second
            )
        )
        == "too_many_requests"
    )
    services.meeting_accept(meeting=asked, by=people["de"])
    # Now Kasia has her one meeting: asking again is refused, and so is accepting more.
    assert (
        error_code(
            lambda: services.meeting_request(
                requester=people["pl"], recipient=people["en"], slot=third
            )
        )
        == "too_many_meetings"
    )
    request = services.meeting_request(requester=people["en"], recipient=people["pl"], slot=third)
    assert (
        error_code(lambda: services.meeting_accept(meeting=request, by=people["pl"]))
        == "too_many_meetings"
    )


# --- Answering ----------------------------------------------------------------------------------


def test_accepting_books_both_with_the_first_free_room_and_tells_the_asker(event, people):
    slot = slots(event)[0]
    table_1, table_2 = rooms(event, 2, online=True)
    first = services.meeting_request(requester=people["pl"], recipient=people["de"], slot=slot)
    services.meeting_accept(meeting=first, by=people["de"])
    first.refresh_from_db()
    assert (first.status, first.room) == (MeetingStatus.ACCEPTED, table_1)
    assert set(Booking.objects.values_list("registration_id", flat=True)) == {
        people["pl"].pk,
        people["de"].pk,
    }
    (email,) = mail_to(people["pl"])
    assert email.subject == "Spotkanie zaakceptowane: Jonas Lovelace"
    assert "Table 1" in email.message
    # The second meeting in the slot takes the next room; a third finds none.
    other = participant(event)
    second = services.meeting_request(requester=people["en"], recipient=other, slot=slot)
    services.meeting_accept(meeting=second, by=other)
    second.refresh_from_db()
    assert second.room == table_2
    a, b = participant(event), participant(event)
    third = services.meeting_request(requester=a, recipient=b, slot=slot)
    assert error_code(lambda: services.meeting_accept(meeting=third, by=b)) == "no_room"
    third.refresh_from_db()
    assert third.status == MeetingStatus.REQUESTED


def test_only_the_person_asked_accepts_and_only_once(event, people):
    slot = slots(event)[0]
    meeting = services.meeting_request(requester=people["pl"], recipient=people["de"], slot=slot)
    for person in (people["pl"], people["en"]):
        assert (
            error_code(lambda p=person: services.meeting_accept(meeting=meeting, by=p))
            == "not_found"
        )
    services.meeting_accept(meeting=meeting, by=people["de"])
    assert (
        error_code(lambda: services.meeting_accept(meeting=meeting, by=people["de"])) == "answered"
    )
    assert Booking.objects.count() == 2
    assert len(mail_to(people["pl"])) == 1


def test_a_person_booked_in_a_slot_cannot_be_booked_again_there(event, people):
    slot = slots(event)[0]
    one = services.meeting_request(requester=people["pl"], recipient=people["de"], slot=slot)
    two = services.meeting_request(requester=people["en"], recipient=people["de"], slot=slot)
    services.meeting_accept(meeting=one, by=people["de"])
    assert error_code(lambda: services.meeting_accept(meeting=two, by=people["de"])) == "not_free"
    two.refresh_from_db()
    assert two.status == MeetingStatus.REQUESTED
    # Nor can anyone ask them for that slot.
    assert (
        error_code(
            lambda: services.meeting_request(
                requester=people["en"], recipient=people["pl"], slot=slot
            )
        )
        == "not_free"
    )
    # The database refuses a second booking in the slot whatever the code does.
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(meeting=two, slot=slot, registration=people["de"])


def test_declining_with_another_time_asks_back(event, people):
    first, second = slots(event)[:2]
    asked = services.meeting_request(requester=people["pl"], recipient=people["de"], slot=first)
    proposal = services.meeting_decline(
        meeting=asked, by=people["de"], proposed_slot=second, message="Später?"
    )
    asked.refresh_from_db()
    assert asked.status == MeetingStatus.DECLINED
    assert (proposal.requester, proposal.recipient, proposal.slot) == (
        people["de"],
        people["pl"],
        second,
    )
    assert proposal.proposed_instead_of == asked
    (email,) = mail_to(people["pl"])  # the proposal, in Polish; no separate "declined"
    assert email.subject == "Jonas Lovelace prosi Cię o spotkanie"
    assert "Später?" in email.message
    services.meeting_accept(meeting=proposal, by=people["pl"])
    assert Booking.objects.filter(slot=second).count() == 2


def test_declining_plainly_tells_the_asker(event, people):
    asked = services.meeting_request(
        requester=people["en"], recipient=people["de"], slot=slots(event)[0]
    )
    assert services.meeting_decline(meeting=asked, by=people["de"]) is None
    (email,) = mail_to(people["en"])
    assert email.subject.startswith("Meeting declined")


def test_withdrawing_a_request(event, people):
    asked = services.meeting_request(
        requester=people["pl"], recipient=people["de"], slot=slots(event)[0]
    )
    assert (
        error_code(lambda: services.meeting_withdraw(meeting=asked, by=people["de"])) == "not_found"
    )
    services.meeting_withdraw(meeting=asked, by=people["pl"])
    asked.refresh_from_db()
    assert asked.status == MeetingStatus.WITHDRAWN
    assert error_code(lambda: services.meeting_accept(meeting=asked, by=people["de"])) == "answered"


def test_paused_matchmaking_takes_answers_closed_takes_none(event, people):
    first, second = slots(event)[:2]
    one = services.meeting_request(requester=people["pl"], recipient=people["de"], slot=first)
    two = services.meeting_request(requester=people["en"], recipient=people["de"], slot=second)
    services.matchmaking_state_set(event=event, state=MatchmakingState.PAUSED)
    services.meeting_accept(meeting=one, by=people["de"])
    services.matchmaking_state_set(event=event, state=MatchmakingState.CLOSED)
    assert error_code(lambda: services.meeting_accept(meeting=two, by=people["de"])) == "closed"


# --- Cancelling and after the event -------------------------------------------------------------


def test_cancelling_frees_the_slot_and_tells_the_other_without_a_reason(event, people):
    slot = slots(event)[0]
    meeting = services.meeting_request(requester=people["pl"], recipient=people["de"], slot=slot)
    services.meeting_accept(meeting=meeting, by=people["de"])
    Email.objects.all().delete()
    services.meeting_cancel(meeting=meeting, by=people["de"])
    assert not Booking.objects.exists()
    (email,) = mail_to(people["pl"])
    assert email.subject.startswith("Spotkanie anulowane: ")
    assert "Jonas" not in email.message
    # The time is free again: the two may meet there after all.
    again = services.meeting_request(requester=people["de"], recipient=people["pl"], slot=slot)
    services.meeting_accept(meeting=again, by=people["pl"])


def test_reports_only_after_the_slot_began_and_only_by_the_two(event, people):
    slot = slots(event)[0]
    meeting = services.meeting_request(requester=people["pl"], recipient=people["de"], slot=slot)
    services.meeting_accept(meeting=meeting, by=people["de"])
    report = lambda person, now: services.meeting_report(  # noqa: E731
        meeting=meeting, by=person, held=True, cooperation=True, now=now
    )
    assert error_code(lambda: report(people["pl"], slot.start - datetime.timedelta(1))) == "not_yet"
    after = slot.end + datetime.timedelta(hours=1)
    assert error_code(lambda: report(people["en"], after)) == "not_found"
    report(people["pl"], after)
    services.meeting_report(
        meeting=meeting, by=people["de"], held=True, cooperation=False, now=after
    )
    meeting.refresh_from_db()
    assert (meeting.held_requester, meeting.cooperation_requester) == (True, True)
    assert (meeting.held_recipient, meeting.cooperation_recipient) == (True, False)


# --- Leaving, erasure, purge --------------------------------------------------------------------


def accepted(event, requester, recipient, slot):
    meeting = services.meeting_request(requester=requester, recipient=recipient, slot=slot)
    return services.meeting_accept(meeting=meeting, by=recipient)


@pytest.mark.parametrize("how", ["cancel", "erase", "withdraw_profile"])
def test_a_person_who_leaves_leaves_their_meetings(event, people, how):
    first, second, third = slots(event)[:3]
    with_de = accepted(event, people["pl"], people["de"], first)
    with_en = accepted(event, people["en"], people["pl"], second)
    pending = services.meeting_request(requester=people["pl"], recipient=people["en"], slot=third)
    Email.objects.all().delete()

    if how == "cancel":
        event_services.registration_cancel(registration=people["pl"], by_registrant=True)
    elif how == "erase":
        event_services.registration_erase(registration=people["pl"])
    else:
        services.profile_withdraw(registration=people["pl"])

    statuses = dict(Meeting.objects.values_list("pk", "status"))
    assert statuses[with_de.pk] == statuses[with_en.pk] == MeetingStatus.CANCELLED
    assert statuses[pending.pk] == MeetingStatus.WITHDRAWN
    assert not Booking.objects.exists()
    assert not Profile.objects.filter(registration=people["pl"]).exists()
    # Each other person is told in their language that the meeting was cancelled, not why.
    for other, subject in (
        (people["de"], "Treffen abgesagt: "),
        (people["en"], "Meeting cancelled: "),
    ):
        (email,) = mail_to(other)
        assert email.subject.startswith(subject)
        assert "Kasia" not in email.message
    # Only a cancellation tells the person themselves (that their registration is cancelled).
    assert len(mail_to(people["pl"])) == (1 if how == "cancel" else 0)


def test_the_purge_keeps_anonymous_meetings_for_the_statistics(event, people, settings):
    slot = slots(event)[0]
    meeting = services.meeting_request(
        requester=people["pl"], recipient=people["de"], slot=slot, message="Private words"
    )
    services.meeting_accept(meeting=meeting, by=people["de"])
    services.meeting_report(
        meeting=meeting, by=people["pl"], held=True, cooperation=True, now=slot.end
    )
    later = event.end + datetime.timedelta(days=settings.EVENTS_PURGE_DAYS + 1)
    event_services.registrations_purge(now=later)
    meeting.refresh_from_db()
    assert meeting.message == ""
    assert (meeting.status, meeting.held_requester, meeting.cooperation_requester) == (
        MeetingStatus.ACCEPTED,
        True,
        True,
    )
    assert not Profile.objects.exists()


def test_profile_save_needs_a_participant_and_open_matchmaking(event):
    pending = participant(event, opted_in=False, status=RegistrationStatus.PENDING)
    assert (
        error_code(lambda: services.profile_save(registration=pending, offer="x", seek=""))
        == "not_participant"
    )
    person = participant(event, opted_in=False)
    profile = services.profile_save(
        registration=person, offer="Cloud", seek="Partners", languages=["pl", "de", "pl"]
    )
    person.refresh_from_db()
    assert person.profile_shared and person.profile_offer == "Cloud"
    assert profile.languages == ["de", "pl"]
    services.matchmaking_state_set(event=event, state=MatchmakingState.CLOSED)
    assert (
        error_code(lambda: services.profile_save(registration=person, offer="y", seek=""))
        == "closed"
    )


# --- Any sequence of actions keeps the agendas consistent -----------------------------------------

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["request", "accept", "decline", "propose", "withdraw", "cancel"]),
        st.integers(0, 3),  # who acts
        st.integers(0, 3),  # with whom
        st.integers(0, 2),  # slot
    ),
    max_size=25,
)


def assert_consistent(event):
    accepted_meetings = list(Meeting.objects.filter(event=event, status=MeetingStatus.ACCEPTED))
    bookings = list(Booking.objects.filter(slot__event=event))
    # Two bookings per accepted meeting and none for anything else.
    assert len(bookings) == 2 * len(accepted_meetings)
    assert {b.meeting_id for b in bookings} == {m.pk for m in accepted_meetings}
    # Nobody twice in a slot, no room twice in a slot.
    seats = [(b.slot_id, b.registration_id) for b in bookings]
    assert len(seats) == len(set(seats))
    rooms_used = [(m.slot_id, m.room_id) for m in accepted_meetings]
    assert len(rooms_used) == len(set(rooms_used))
    # At most one open request per pair.
    pairs = [
        frozenset((m.requester_id, m.recipient_id))
        for m in Meeting.objects.filter(event=event, status=MeetingStatus.REQUESTED)
    ]
    assert len(pairs) == len(set(pairs))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS)
def test_any_sequence_of_actions_keeps_agendas_consistent(actions):
    with transaction.atomic():
        event = matchmaking_event()
        people = [participant(event) for _ in range(4)]
        times = slots(event, count=3)
        rooms(event, 1)
        for action, actor, other, slot_index in actions:
            me, them, slot = people[actor], people[other], times[slot_index]
            mine = Meeting.objects.filter(event=event).order_by("-pk")
            try:
                if action == "request":
                    services.meeting_request(requester=me, recipient=them, slot=slot)
                elif action in ("accept", "decline", "propose"):
                    meeting = mine.filter(recipient=me, status=MeetingStatus.REQUESTED).first()
                    if meeting is None:
                        continue
                    if action == "accept":
                        services.meeting_accept(meeting=meeting, by=me)
                    else:
                        services.meeting_decline(
                            meeting=meeting,
                            by=me,
                            proposed_slot=slot if action == "propose" else None,
                        )
                elif action == "withdraw":
                    meeting = mine.filter(requester=me, status=MeetingStatus.REQUESTED).first()
                    if meeting is not None:
                        services.meeting_withdraw(meeting=meeting, by=me)
                else:
                    meeting = (
                        mine.filter(status=MeetingStatus.ACCEPTED).filter(requester=me).first()
                    )
                    if meeting is not None:
                        services.meeting_cancel(meeting=meeting, by=me)
            except MatchmakingError:
                pass
            assert_consistent(event)
        transaction.set_rollback(True)


def test_erasure_after_the_event_keeps_meetings_that_took_place_and_mails_nobody(event, people):
    slot = slots(event)[0]
    meeting = accepted(event, people["pl"], people["de"], slot)
    services.meeting_report(
        meeting=meeting, by=people["de"], held=True, cooperation=True, now=slot.end
    )
    Email.objects.all().delete()
    event_services.registration_erase(registration=people["pl"], now=event.end)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ACCEPTED
    assert (meeting.held_recipient, meeting.cooperation_recipient) == (True, True)
    assert not mail_to(people["de"])
    assert not Profile.objects.filter(registration=people["pl"]).exists()
