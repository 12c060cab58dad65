"""Rows of the admin isolation matrix: one per admin of partner-owned data.

Each row says how to create an entry owned by an organisation, what a partner manager may do
with the entries of their own organisation, and where else the entries show up as choices,
autocomplete results and list filters. test_admin_isolation.py runs every check for every row.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from core.workflow import Status
from events.models import Event, EventKind, Question, QuestionKind, Registration, Series
from matchmaking.models import Matchmaking, Meeting, MeetingStatus, Room, Slot
from measures.models import Measure
from partners.models import Membership, MembershipRole, Organisation
from tests.events.factories import EventFactory, RegistrationFactory
from tests.events.helpers import event_form_data
from tests.measures.factories import MeasureFactory
from tests.partners.factories import MembershipFactory

EDITOR, MANAGER = MembershipRole.EDITOR, MembershipRole.MANAGER

# What each partner role may do with an entry of its own organisation (the README's table of
# roles; the groups' model permissions are declared in each app's `role_permissions`).
# "publish" (and archive, unpublish) only in an organisation a portal editor marked as trusted.
RIGHTS = {
    "organisation": {
        EDITOR: {"view", "change", "submit"},
        MANAGER: {"view", "change", "submit", "publish"},
    },
    "measure": {
        EDITOR: {"view", "change", "delete", "submit"},
        MANAGER: {"view", "change", "delete", "submit", "publish"},
    },
    "event": {
        EDITOR: {"view", "change", "submit"},
        MANAGER: {"view", "change", "delete", "submit", "publish"},
    },
    "registration": {EDITOR: {"view", "change"}, MANAGER: {"view", "change"}},
    "question": {
        EDITOR: {"view", "change", "delete"},
        MANAGER: {"view", "change", "delete"},
    },
    "membership": {EDITOR: set(), MANAGER: {"view", "change", "delete"}},
    "series": {EDITOR: {"view", "change"}, MANAGER: {"view", "change", "delete"}},
    "matchmaking": {EDITOR: {"view", "change"}, MANAGER: {"view", "change", "delete"}},
    "room": {EDITOR: {"view", "change", "delete"}, MANAGER: {"view", "change", "delete"}},
    "slot": {EDITOR: {"view", "change", "delete"}, MANAGER: {"view", "change", "delete"}},
    # Participants ask, answer and cancel through their own pages: nobody changes a meeting in
    # the admin (see `read_only`).
    "meeting": {EDITOR: {"view"}, MANAGER: {"view"}},
}

# The right an admin page of one entry needs (Django opens change and history pages read-only
# with the view permission).
PAGE_RIGHT = {"change": "view", "history": "view", "delete": "delete"}


@dataclass(frozen=True)
class ScopedAdminCase:
    id: str
    model: type
    # make(organisation) -> an entry owned by the organisation, whose str() is unique
    make: Callable
    # change_data(entry) -> the data of a whole, valid change form of the entry, with a new str()
    change_data: Callable
    # (app_label, model_name, field_name) of relation fields whose add form offers these entries
    choice_in: tuple[tuple[str, str, str], ...] = ()
    # (app_label, model_name, field_name) of autocomplete fields that search these entries
    autocomplete_from: tuple[tuple[str, str, str], ...] = ()
    # (app_label, model_name, field_path) of changelists that filter by these entries
    filter_in: tuple[tuple[str, str, str], ...] = ()
    # whether the changelist has the CSV export action
    exportable: bool = True
    # whether nobody, not even a portal editor, changes or deletes the entries in the admin
    read_only: bool = False

    def manager_may(self, right: str) -> bool:
        return right in RIGHTS[self.id][MANAGER]


def _make_organisation(organisation):
    return organisation


def _make_membership(organisation):
    return MembershipFactory(
        organisation=organisation, user__username=f"staff-of-{organisation.slug}"
    )


def _make_measure(organisation):
    return MeasureFactory(
        organisation=organisation,
        slug=f"measure-of-{organisation.slug}",
        title_en=f"Measure of {organisation.name_en}",
        status=Status.DRAFT,
    )


def _make_event(organisation):
    return EventFactory(organiser=organisation, title_en=f"Event of {organisation.slug}")


def _make_registration(organisation):
    """A registration belongs to the organiser of its event."""
    event = EventFactory(organiser=organisation, title_en=f"Meeting of {organisation.slug}")
    return RegistrationFactory(event=event, first_name="Guest", last_name=f"of-{organisation.slug}")


def _make_question(organisation):
    """A registration question belongs to the organiser of its event."""
    event = EventFactory(organiser=organisation, title_en=f"Survey of {organisation.slug}")
    return Question.objects.create(
        event=event, kind=QuestionKind.SHORT_TEXT, text_en=f"Question of {organisation.slug}"
    )


def _question_change_data(question) -> dict:
    return {
        "event": question.event_id,
        "text_en": f"Changed question {question.pk}",
        "kind": QuestionKind.SHORT_TEXT,
        "position": "0",
    }


def _make_series(organisation):
    return Series.objects.create(
        organiser=organisation,
        slug=f"series-of-{organisation.slug}",
        title_en=f"Series of {organisation.slug}",
    )


def _series_change_data(series) -> dict:
    return {
        "title_en": "Changed by someone else",
        "slug": series.slug,
        "organiser": series.organiser_id,
    }


def _event_change_data(event) -> dict:
    return event_form_data(event, title_en="Changed by someone else")


def _registration_change_data(registration) -> dict:
    """A whole, valid change form of a registration, with a new name."""
    return {
        "first_name": "Changed",
        "last_name": "By someone else",
        "organisation": registration.organisation,
        "organisation_type": registration.organisation_type,
        "country": registration.country,
    }


def _matchmaking_event(organisation, what: str):
    return EventFactory(
        organiser=organisation,
        kind=EventKind.MATCHMAKING,
        title_en=f"{what} of {organisation.slug}",
    )


def _make_matchmaking(organisation):
    """An event's matchmaking rules belong to the event's organiser (str: the event's title)."""
    return Matchmaking.objects.create(event=_matchmaking_event(organisation, "Matchmaking"))


def _make_room(organisation):
    event = _matchmaking_event(organisation, "Rooms")
    return Room.objects.create(event=event, name=f"Table of {organisation.slug}")


def _slot_start(organisation) -> datetime.datetime:
    """A day of its own per organisation, so that each slot's str() is unique."""
    return datetime.datetime(2030, 1, 1, 10, tzinfo=datetime.UTC) + datetime.timedelta(
        days=organisation.pk
    )


def _make_slot(organisation):
    event = _matchmaking_event(organisation, "Slots")
    start = _slot_start(organisation)
    return Slot.objects.create(event=event, start=start, end=start + datetime.timedelta(minutes=15))


def _slot_change_data(slot) -> dict:
    """The slot an hour later, in the event's wall-clock time."""
    start = timezone.localtime(slot.start + datetime.timedelta(hours=1), slot.event.tz)
    end = timezone.localtime(slot.end + datetime.timedelta(hours=1), slot.event.tz)
    return {
        "start_0": start.strftime("%Y-%m-%d"),
        "start_1": start.strftime("%H:%M"),
        "end_0": end.strftime("%Y-%m-%d"),
        "end_1": end.strftime("%H:%M"),
    }


def _make_meeting(organisation):
    """A meeting belongs to the organiser of its event."""
    event = _matchmaking_event(organisation, "Meetings")
    start = _slot_start(organisation)
    slot = Slot.objects.create(event=event, start=start, end=start + datetime.timedelta(minutes=15))
    requester, recipient = (
        RegistrationFactory(event=event, first_name=name, last_name=f"of-{organisation.slug}")
        for name in ("Asking", "Asked")
    )
    return Meeting.objects.create(
        event=event,
        slot=slot,
        requester=requester,
        recipient=recipient,
        status=MeetingStatus.ACCEPTED,
    )


SCOPED_ADMIN_CASES: list[ScopedAdminCase] = [
    ScopedAdminCase(
        id="organisation",
        model=Organisation,
        make=_make_organisation,
        choice_in=(("partners", "membership", "organisation"),),
        autocomplete_from=(
            ("partners", "participation", "organisation"),
            ("measures", "measure", "organisation"),
            ("events", "event", "organiser"),
        ),
        filter_in=(("partners", "membership", "organisation"),),
        change_data=lambda obj: {
            "name_en": "Changed by someone else",
            "country": "DE",
            "participations-TOTAL_FORMS": "0",
            "participations-INITIAL_FORMS": "0",
        },
    ),
    ScopedAdminCase(
        id="membership",
        model=Membership,
        make=_make_membership,
        change_data=lambda obj: {"role": "manager"},
    ),
    ScopedAdminCase(
        id="measure",
        model=Measure,
        make=_make_measure,
        # Drafts of other organisations are never offered as "inspired by".
        autocomplete_from=(("measures", "inspiration", "source"),),
        change_data=lambda obj: {
            "title_en": "Changed by someone else",
            "slug": obj.slug,
            "summary_en": "Changed.",
            "kind": "service",
            "themes": [theme.pk for theme in obj.themes.all()],
            "organisation": obj.organisation_id,
            "country": "DE",
            "start_year": "2020",
            "inspirations_received-TOTAL_FORMS": "0",
            "inspirations_received-INITIAL_FORMS": "0",
        },
    ),
    ScopedAdminCase(
        id="event",
        model=Event,
        make=_make_event,
        choice_in=(
            ("matchmaking", "matchmaking", "event"),
            ("matchmaking", "room", "event"),
            ("matchmaking", "slot", "event"),
        ),
        autocomplete_from=(
            ("events", "question", "event"),
            ("matchmaking", "matchmaking", "event"),
            ("matchmaking", "room", "event"),
            ("matchmaking", "slot", "event"),
        ),
        filter_in=(
            ("events", "registration", "event"),
            ("events", "question", "event"),
            ("matchmaking", "room", "event"),
            ("matchmaking", "slot", "event"),
            ("matchmaking", "meeting", "event"),
        ),
        exportable=False,
        change_data=_event_change_data,
    ),
    ScopedAdminCase(
        id="question",
        model=Question,
        make=_make_question,
        exportable=False,
        change_data=_question_change_data,
    ),
    ScopedAdminCase(
        id="series",
        model=Series,
        make=_make_series,
        choice_in=(("events", "event", "series"),),
        filter_in=(("events", "event", "series"),),
        change_data=_series_change_data,
    ),
    ScopedAdminCase(
        id="registration",
        model=Registration,
        make=_make_registration,
        change_data=_registration_change_data,
    ),
    ScopedAdminCase(
        id="matchmaking",
        model=Matchmaking,
        make=_make_matchmaking,
        exportable=False,
        change_data=lambda obj: {
            "state": "paused",
            "max_open_requests": "3",
            "max_meetings": "4",
        },
    ),
    ScopedAdminCase(
        id="room",
        model=Room,
        make=_make_room,
        exportable=False,
        change_data=lambda obj: {"name": f"Changed room {obj.pk}", "position": "1"},
    ),
    ScopedAdminCase(
        id="slot",
        model=Slot,
        make=_make_slot,
        exportable=False,
        change_data=_slot_change_data,
    ),
    ScopedAdminCase(
        id="meeting",
        model=Meeting,
        make=_make_meeting,
        read_only=True,
        change_data=lambda obj: {"status": MeetingStatus.CANCELLED},
    ),
]
