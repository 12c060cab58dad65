"""Writes of matchmaking: opting in and out, asking for a meeting, answering, cancelling,
reporting after the event, and what happens to it all when a registration ends.

Locking, so that nothing is ever booked twice, also when many people answer at once:
- acting on a request locks its slot row first (`SELECT … FOR UPDATE`), so answers in one
  slot happen one after another; then the two registrations, in id order, which serialises a
  person's own actions (and with them the limits per person);
- the database has the last word anyway: a `Booking` row per participant of an accepted
  meeting is unique per slot and person, and a room is unique per slot among accepted
  meetings. A violation becomes a clear `MatchmakingError`, never a half-made meeting.

E-mails are queued (events.emails) in the transaction of the change, in each recipient's own
language.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from events import emails
from events.models import Event, Registration
from events.tokens import token_for
from matchmaking.models import (
    Booking,
    Matchmaking,
    MatchmakingState,
    Meeting,
    MeetingStatus,
    Profile,
    Slot,
)
from matchmaking.selectors import matchmaking_for, opted_in, participates, rooms_free

MESSAGE_MAX_LENGTH = 500


class MatchmakingError(Exception):
    """A matchmaking action is not possible; `code` says why (the views translate it)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def agenda_url(registration: Registration) -> str:
    """The absolute address of the registrant's matchmaking agenda, in their language."""
    with translation.override(registration.language):
        path = reverse("matchmaking:agenda", kwargs={"token": token_for(registration.token_nonce)})
    return settings.SITE_URL + path


def _queue(registration: Registration, kind: str, meeting: Meeting, other=None) -> None:
    emails.registration_email_queue(
        registration=registration,
        kind=kind,
        context={
            "meeting": meeting,
            "other": other,
            "slot": meeting.slot,
            "agenda_url": agenda_url(registration),
        },
    )


def _matchmaking(event: Event) -> Matchmaking:
    found = matchmaking_for(event=event)
    if found is None:
        raise MatchmakingError("off")
    return found


def _lock_registrations(*registrations: Registration) -> dict[int, Registration]:
    ids = sorted({r.pk for r in registrations})
    locked = Registration.objects.select_for_update().select_related("event").filter(pk__in=ids)
    return {r.pk: r for r in locked.order_by("pk")}


# --- Profile ----------------------------------------------------------------------------------


@transaction.atomic
def profile_save(
    *,
    registration: Registration,
    offer: str,
    seek: str,
    languages: Iterable[str] = (),
    region=None,
    themes: Iterable = (),
    target_groups: Iterable = (),
    now: datetime | None = None,
) -> Profile:
    """Opt in (or change the profile): the participant agrees that the event's other opted-in
    participants see their name, organisation, country and this profile."""
    now = now or timezone.now()
    registration = _lock_registrations(registration)[registration.pk]
    if not participates(registration=registration):
        raise MatchmakingError("not_participant")
    if _matchmaking(registration.event).state == MatchmakingState.CLOSED:
        raise MatchmakingError("closed")
    Registration.objects.filter(pk=registration.pk).update(
        profile_offer=offer[:1000], profile_seek=seek[:1000], profile_shared=True
    )
    profile, created = Profile.objects.get_or_create(
        registration=registration, defaults={"consent_at": now, "updated_at": now}
    )
    profile.languages = sorted(set(languages))
    profile.region = region
    profile.updated_at = now
    profile.save(update_fields=["languages", "region", "updated_at"])
    profile.themes.set(list(themes))
    profile.target_groups.set(list(target_groups))
    return profile


@transaction.atomic
def profile_withdraw(*, registration: Registration, now: datetime | None = None) -> int:
    """Withdraw the consent: the profile is deleted and nothing of the person is shown any
    more; their meetings are cancelled (the other person is told) and their open requests
    closed. Returns how many meetings were cancelled."""
    now = now or timezone.now()
    registration = _lock_registrations(registration)[registration.pk]
    cancelled = _leave(registration, now=now, notify=True)
    Registration.objects.filter(pk=registration.pk).update(
        profile_shared=False, profile_offer="", profile_seek=""
    )
    Profile.objects.filter(registration=registration).delete()
    return cancelled


def _leave(registration: Registration, *, now: datetime, notify: bool) -> int:
    """Close everything of the person's matchmaking: open requests they sent are withdrawn,
    requests they received are declined, accepted meetings still ahead cancelled (telling the
    other person when `notify`). Returns how many meetings were cancelled."""
    Meeting.objects.filter(requester=registration, status=MeetingStatus.REQUESTED).update(
        status=MeetingStatus.WITHDRAWN, answered_at=now
    )
    Meeting.objects.filter(recipient=registration, status=MeetingStatus.REQUESTED).update(
        status=MeetingStatus.DECLINED, answered_at=now
    )
    # Meetings that already began took place (or not): they stay as they are.
    accepted = list(
        Meeting.objects.filter(
            Q(requester=registration) | Q(recipient=registration),
            status=MeetingStatus.ACCEPTED,
            slot__start__gt=now,
        )
        .select_related("slot", "requester__event", "recipient__event")
        .order_by("pk")
    )
    for meeting in accepted:
        _cancel(meeting, by=registration, now=now, notify=notify)
    return len(accepted)


def participant_leave(*, registration: Registration, now: datetime | None = None) -> int:
    """A registration stops being a participant (cancelled, erased): its meetings are
    cancelled — the other person is told the meeting was cancelled, not why — its requests
    closed and its profile deleted. Call inside the transaction of that change."""
    now = now or timezone.now()
    cancelled = _leave(registration, now=now, notify=True)
    Profile.objects.filter(registration=registration).delete()
    return cancelled


def participants_purge(*, registration_ids: Iterable[int]) -> None:
    """The purge of past events' registrations: profiles and messages go, the meetings stay
    (anonymous, for the statistics)."""
    ids = list(registration_ids)
    Profile.objects.filter(registration_id__in=ids).delete()
    Meeting.objects.filter(Q(requester_id__in=ids) | Q(recipient_id__in=ids)).update(message="")


# --- Requests and meetings --------------------------------------------------------------------


def _counts(registration: Registration) -> tuple[int, int]:
    """(open requests the person sent, meetings the person has)."""
    sent = Meeting.objects.filter(requester=registration, status=MeetingStatus.REQUESTED).count()
    meetings = Meeting.objects.filter(
        Q(requester=registration) | Q(recipient=registration), status=MeetingStatus.ACCEPTED
    ).count()
    return sent, meetings


def _busy(registration: Registration, slot: Slot) -> bool:
    return Booking.objects.filter(registration=registration, slot=slot).exists()


@transaction.atomic
def meeting_request(
    *,
    requester: Registration,
    recipient: Registration,
    slot: Slot,
    message: str = "",
    now: datetime | None = None,
    proposed_instead_of: Meeting | None = None,
) -> Meeting:
    """Ask another participant for a meeting in a slot where both are free."""
    now = now or timezone.now()
    if requester.pk == recipient.pk:
        raise MatchmakingError("self")
    Slot.objects.select_for_update().filter(pk=slot.pk).first()
    people = _lock_registrations(requester, recipient)
    requester, recipient = people[requester.pk], people.get(recipient.pk)
    if recipient is None or recipient.event_id != requester.event_id:
        raise MatchmakingError("not_found")
    matchmaking = _matchmaking(requester.event)
    if matchmaking.state != MatchmakingState.OPEN:
        raise MatchmakingError(matchmaking.state)
    if not opted_in(registration=requester):
        raise MatchmakingError("not_opted_in")
    if not opted_in(registration=recipient):
        raise MatchmakingError("not_found")
    if slot.event_id != requester.event_id or slot.start <= now:
        raise MatchmakingError("slot")
    if _busy(requester, slot) or _busy(recipient, slot):
        raise MatchmakingError("not_free")
    sent, meetings = _counts(requester)
    if sent >= matchmaking.max_open_requests:
        raise MatchmakingError("too_many_requests")
    if meetings >= matchmaking.max_meetings:
        raise MatchmakingError("too_many_meetings")
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(
                event_id=requester.event_id,
                slot=slot,
                requester=requester,
                recipient=recipient,
                message=message.strip()[:MESSAGE_MAX_LENGTH],
                created_at=now,
                proposed_instead_of=proposed_instead_of,
            )
    except IntegrityError:
        # An open request between the two already exists (either way round).
        raise MatchmakingError("already_asked") from None
    meeting.requester, meeting.recipient = requester, recipient
    _queue(recipient, "meeting_requested", meeting, requester)
    return meeting


def _locked_meeting(meeting: Meeting) -> Meeting:
    Slot.objects.select_for_update().filter(pk=meeting.slot_id).first()
    locked = Meeting.objects.select_for_update().select_related("slot").get(pk=meeting.pk)
    people = _lock_registrations(locked.requester, locked.recipient)
    locked.requester, locked.recipient = people[locked.requester_id], people[locked.recipient_id]
    return locked


def _to_answer(meeting: Meeting, by: Registration) -> tuple[Meeting, Matchmaking]:
    """The request locked for its recipient's answer, with the event's matchmaking; refused
    for anyone else, once answered, and once matchmaking is closed."""
    meeting = _locked_meeting(meeting)
    if by.pk != meeting.recipient_id:
        raise MatchmakingError("not_found")
    if meeting.status != MeetingStatus.REQUESTED:
        raise MatchmakingError("answered")
    matchmaking = _matchmaking(meeting.recipient.event)
    if matchmaking.state == MatchmakingState.CLOSED:
        raise MatchmakingError("closed")
    return meeting, matchmaking


@transaction.atomic
def meeting_accept(*, meeting: Meeting, by: Registration, now: datetime | None = None) -> Meeting:
    """The person asked accepts: the meeting gets a free room (if the event has rooms) and is
    booked for both, or a `MatchmakingError` says why not (nothing changes then)."""
    now = now or timezone.now()
    meeting, matchmaking = _to_answer(meeting, by)
    if meeting.slot.start <= now:
        raise MatchmakingError("slot")
    if not (opted_in(registration=meeting.requester) and opted_in(registration=meeting.recipient)):
        raise MatchmakingError("not_found")
    for person in (meeting.requester, meeting.recipient):
        if _counts(person)[1] >= matchmaking.max_meetings:
            raise MatchmakingError("too_many_meetings")
    room = None
    if meeting.slot.event.meeting_rooms.exists():
        room = rooms_free(slot=meeting.slot).order_by("position", "pk").first()
        if room is None:
            raise MatchmakingError("no_room")
    try:
        with transaction.atomic():
            Meeting.objects.filter(pk=meeting.pk).update(
                status=MeetingStatus.ACCEPTED, room=room, answered_at=now
            )
            Booking.objects.bulk_create(
                Booking(meeting=meeting, slot_id=meeting.slot_id, registration=person)
                for person in (meeting.requester, meeting.recipient)
            )
    except IntegrityError:
        raise MatchmakingError("not_free") from None
    meeting.status, meeting.room, meeting.answered_at = MeetingStatus.ACCEPTED, room, now
    _queue(meeting.requester, "meeting_accepted", meeting, meeting.recipient)
    return meeting


@transaction.atomic
def meeting_decline(
    *,
    meeting: Meeting,
    by: Registration,
    proposed_slot: Slot | None = None,
    message: str = "",
    now: datetime | None = None,
) -> Meeting | None:
    """The person asked declines, or proposes another slot (a new request in the other
    direction, which the first person may accept). Returns the proposal, if any."""
    now = now or timezone.now()
    meeting, _ = _to_answer(meeting, by)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.DECLINED, answered_at=now)
    meeting.status = MeetingStatus.DECLINED
    if proposed_slot is not None:
        # Proposing is asking: the same rules as a new request (open matchmaking, both free,
        # the limits), and the first person hears of it through that request's e-mail.
        return meeting_request(
            requester=meeting.recipient,
            recipient=meeting.requester,
            slot=proposed_slot,
            message=message,
            now=now,
            proposed_instead_of=meeting,
        )
    _queue(meeting.requester, "meeting_declined", meeting, meeting.recipient)
    return None


@transaction.atomic
def meeting_withdraw(*, meeting: Meeting, by: Registration, now: datetime | None = None) -> None:
    """The person who asked takes the request back before it is answered."""
    now = now or timezone.now()
    meeting = _locked_meeting(meeting)
    if by.pk != meeting.requester_id:
        raise MatchmakingError("not_found")
    if meeting.status != MeetingStatus.REQUESTED:
        raise MatchmakingError("answered")
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.WITHDRAWN, answered_at=now)


def _cancel(meeting: Meeting, *, by: Registration, now: datetime, notify: bool) -> None:
    Booking.objects.filter(meeting=meeting).delete()
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED, cancelled_at=now)
    meeting.status = MeetingStatus.CANCELLED
    if notify:
        other = meeting.other(by)
        if other.anonymised_at is None:
            # Who cancelled and why is not said (it may be an erasure).
            _queue(other, "meeting_cancelled", meeting)


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: Registration, now: datetime | None = None) -> None:
    """Either person cancels an accepted meeting before it starts; the other is told."""
    now = now or timezone.now()
    meeting = _locked_meeting(meeting)
    if by.pk not in (meeting.requester_id, meeting.recipient_id):
        raise MatchmakingError("not_found")
    if meeting.status != MeetingStatus.ACCEPTED:
        raise MatchmakingError("answered")
    if meeting.slot.start <= now:
        raise MatchmakingError("slot")
    _cancel(meeting, by=by, now=now, notify=True)


@transaction.atomic
def meeting_report(
    *,
    meeting: Meeting,
    by: Registration,
    held: bool | None,
    cooperation: bool | None,
    now: datetime | None = None,
) -> None:
    """After the slot began, each person says whether the meeting took place and whether
    they intend to cooperate."""
    now = now or timezone.now()
    meeting = Meeting.objects.select_for_update().select_related("slot").get(pk=meeting.pk)
    if by.pk not in (meeting.requester_id, meeting.recipient_id):
        raise MatchmakingError("not_found")
    if meeting.status != MeetingStatus.ACCEPTED:
        raise MatchmakingError("answered")
    if meeting.slot.start > now:
        raise MatchmakingError("not_yet")
    side = "requester" if by.pk == meeting.requester_id else "recipient"
    Meeting.objects.filter(pk=meeting.pk).update(
        **{f"held_{side}": held, f"cooperation_{side}": cooperation}
    )


# --- Organisers -------------------------------------------------------------------------------


@transaction.atomic
def matchmaking_state_set(*, event: Event, state: str) -> Matchmaking:
    """Open, pause (no new requests) or close (nothing changes any more) an event's
    matchmaking."""
    if state not in MatchmakingState.values:
        raise MatchmakingError("state")
    current = matchmaking_for(event=event) or Matchmaking(event=event)
    current.state = state
    current.save()
    return current


# --- Slots ------------------------------------------------------------------------------------

SLOT_MINUTES_MIN, SLOT_MINUTES_MAX = 5, 240
SLOTS_AT_ONCE_MAX = 100


class SlotsError(MatchmakingError):
    """Slots cannot be generated; `code` says why ("minutes", "order", "too_short",
    "too_many", "overlap"), `slot` is the existing slot they would overlap."""

    def __init__(self, code: str, slot: Slot | None = None):
        super().__init__(code)
        self.slot = slot


@transaction.atomic
def slots_generate(*, event: Event, day: date, start: time, end: time, minutes: int) -> list[Slot]:
    """Consecutive slots of `minutes` on `day` from `start` to `end`, wall-clock times in the
    event's time zone (18 March, 13:30–15:00, 15 minutes: six slots). Only whole slots: time
    left at the end stays free. All of them or none: a `SlotsError` says why not, also when
    one would overlap a slot the event has (the database's exclusion constraint decides)."""
    if not SLOT_MINUTES_MIN <= minutes <= SLOT_MINUTES_MAX:
        raise SlotsError("minutes")
    zone = event.tz
    # Steps in absolute time, so that a day with a clock change still gets slots of `minutes`.
    begin = datetime.combine(day, start, tzinfo=zone).astimezone(UTC)
    finish = datetime.combine(day, end, tzinfo=zone).astimezone(UTC)
    if finish <= begin:
        raise SlotsError("order")
    step = timedelta(minutes=minutes)
    count = (finish - begin) // step
    if count < 1:
        raise SlotsError("too_short")
    if count > SLOTS_AT_ONCE_MAX:
        raise SlotsError("too_many")
    slots = [
        Slot(event=event, start=begin + step * n, end=begin + step * (n + 1)) for n in range(count)
    ]
    try:
        with transaction.atomic():
            created = Slot.objects.bulk_create(slots)
    except IntegrityError:
        overlapped = (
            Slot.objects.filter(event=event, start__lt=slots[-1].end, end__gt=begin)
            .select_related("event")
            .order_by("start")
            .first()
        )
        raise SlotsError("overlap", overlapped) from None
    return created
