"""Matchmaking at an event: participants' profiles, the organisers' meeting slots and rooms,
and the one-to-one meetings participants ask each other for.

Everything here belongs to confirmed registrations of one event and is reached only through
each registrant's secret link (and by the event's organisers in the admin). Nothing is public.

What holds in the database, whatever the code does:
- a participant has at most one meeting in a slot (`Booking`: unique slot and registration, a
  row per participant of an accepted meeting), and a room holds at most one meeting per slot;
- one open request at a time between the same two people;
- nobody meets themselves, and a slot ends after it starts.
"""

from __future__ import annotations

from django.conf import global_settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import (
    ArrayField,
    DateTimeRangeField,
    RangeBoundary,
    RangeOperators,
)
from django.db import models
from django.db.models import Q
from django.db.models.functions import Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import HttpsURLField
from events.models import Event, Registration


class TsTzRange(models.Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


# Languages a participant may say they speak: the official languages of the EU and those of its
# neighbours most common in the partner regions, named as Django's own catalogues name them.
SPOKEN_LANGUAGES = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt",
    "lv", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sv", "uk",
)  # fmt: skip


def spoken_language_choices() -> list[tuple[str, str]]:
    from django.utils.translation import gettext

    names = dict(global_settings.LANGUAGES)
    return sorted(
        ((code, gettext(names[code])) for code in SPOKEN_LANGUAGES), key=lambda item: item[1]
    )


class MatchmakingState(models.TextChoices):
    OPEN = "open", _("Open: participants ask for meetings")
    PAUSED = "paused", _("Paused: no new requests, answers still possible")
    CLOSED = "closed", _("Closed: no requests, no answers")


class Matchmaking(models.Model):
    """Matchmaking switched on for an event, with the organisers' rules.

    Matchmaking meetings (event kind) have it without a row; other events get it when the
    organisers add one (`matchmaking.selectors.matchmaking_for`)."""

    organisation_lookup = "event__organiser"

    event = models.OneToOneField(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="matchmaking",
    )
    state = models.CharField(
        _("matchmaking"),
        max_length=10,
        choices=MatchmakingState.choices,
        default=MatchmakingState.OPEN,
    )
    max_open_requests = models.PositiveSmallIntegerField(
        _("open requests per person"),
        default=10,
        help_text=_("How many unanswered requests one participant may have sent at a time."),
    )
    max_meetings = models.PositiveSmallIntegerField(
        _("meetings per person"),
        default=8,
        help_text=_("How many meetings one participant may have in all."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("matchmaking")
        verbose_name_plural = _("matchmaking")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=MatchmakingState.values),
                name="matchmaking_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(max_open_requests__gte=1) & Q(max_meetings__gte=1),
                name="matchmaking_limits_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(self.event)


class Profile(models.Model):
    """What a participant who opted in shows the others, beyond the registration's own
    organisation, type, country and offer / look-for texts: region, languages spoken, themes
    and target groups. Exists only while the participant agrees (`Registration.profile_shared`);
    withdrawing the consent deletes it."""

    organisation_lookup = "registration__event__organiser"

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="matchmaking_profile",
    )
    region = models.ForeignKey(
        "partners.Region",
        verbose_name=_("region"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    languages = ArrayField(
        models.CharField(max_length=3),
        verbose_name=_("languages spoken"),
        default=list,
        blank=True,
        size=12,
    )
    themes = models.ManyToManyField(
        "measures.Theme", verbose_name=_("themes"), blank=True, related_name="+"
    )
    target_groups = models.ManyToManyField(
        "measures.TargetGroup", verbose_name=_("target groups"), blank=True, related_name="+"
    )
    consent_at = models.DateTimeField(_("consent given at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("matchmaking profile")
        verbose_name_plural = _("matchmaking profiles")

    def __str__(self) -> str:
        return str(self.registration_id)


class Room(models.Model):
    """A table on site or an online room in which meetings take place."""

    organisation_lookup = "event__organiser"

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="meeting_rooms"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("For example “Table 4”."))
    online_link = HttpsURLField(
        _("online room link"),
        max_length=500,
        blank=True,
        help_text=_("Only the two people of a meeting see it, in their agenda."),
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order in a list", "position"), default=0
    )

    class Meta:
        verbose_name = _("meeting room")
        verbose_name_plural = _("meeting rooms")
        ordering = ["event", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="matchmaking_room_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Slot(models.Model):
    """A time in which participants may meet (e.g. 13:30–13:45)."""

    organisation_lookup = "event__organiser"

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="meeting_slots"
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))

    class Meta:
        verbose_name = _("meeting slot")
        verbose_name_plural = _("meeting slots")
        ordering = ["event", "start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "start"], name="matchmaking_slot_start_once"),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="matchmaking_slot_ends_after_start"
            ),
            # Slots of one event never overlap, so one booking per slot is one meeting at a time.
            ExclusionConstraint(
                name="matchmaking_slot_no_overlap",
                expressions=[
                    (TsTzRange("start", "end", RangeBoundary()), RangeOperators.OVERLAPS),
                    ("event", RangeOperators.EQUAL),
                ],
                violation_error_message=_("This slot overlaps another slot of the event."),
            ),
        ]

    def __str__(self) -> str:
        start = timezone.localtime(self.start, self.event.tz)
        end = timezone.localtime(self.end, self.event.tz)
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


class MeetingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED)


class Meeting(models.Model):
    """A request of one participant to meet another in a slot; accepted, it is a meeting in
    both agendas (with its `Booking` rows)."""

    organisation_lookup = "event__organiser"

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="meetings"
    )
    slot = models.ForeignKey(
        Slot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="meetings"
    )
    requester = models.ForeignKey(
        Registration,
        verbose_name=_("asked by"),
        on_delete=models.CASCADE,
        related_name="meetings_requested",
    )
    recipient = models.ForeignKey(
        Registration,
        verbose_name=_("asked"),
        on_delete=models.CASCADE,
        related_name="meetings_received",
    )
    message = models.TextField(_("message"), max_length=500, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MeetingStatus.choices,
        default=MeetingStatus.REQUESTED,
        db_index=True,
    )
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    # A request the recipient answered by proposing another slot.
    proposed_instead_of = models.OneToOneField(
        "self",
        verbose_name=_("proposed instead of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="counter_proposal",
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # After the event, each side says whether the meeting took place and whether they intend
    # to cooperate (None: not said).
    held_requester = models.BooleanField(_("took place (asked by)"), null=True, blank=True)
    held_recipient = models.BooleanField(_("took place (asked)"), null=True, blank=True)
    cooperation_requester = models.BooleanField(
        _("intends to cooperate (asked by)"), null=True, blank=True
    )
    cooperation_recipient = models.BooleanField(
        _("intends to cooperate (asked)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot__start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester=models.F("recipient")),
                name="matchmaking_meeting_two_people",
            ),
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values),
                name="matchmaking_meeting_status_valid",
            ),
            models.UniqueConstraint(
                fields=["slot", "room"],
                condition=Q(status=MeetingStatus.ACCEPTED),
                name="matchmaking_meeting_room_once_per_slot",
            ),
            models.UniqueConstraint(
                Least("requester", "recipient"),
                Greatest("requester", "recipient"),
                condition=Q(status=MeetingStatus.REQUESTED),
                name="matchmaking_meeting_one_open_request_per_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"], name="matchmaking_meeting_event_st"),
        ]

    def __str__(self) -> str:
        return f"{self.requester_id} – {self.recipient_id} ({self.slot_id})"

    def other(self, registration: Registration) -> Registration:
        return self.recipient if registration.pk == self.requester_id else self.requester


class Booking(models.Model):
    """One participant's place in an accepted meeting: at most one per slot and person."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="bookings")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="bookings")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="meeting_bookings"
    )

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "registration"], name="matchmaking_booking_one_per_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} @ {self.slot_id}"
