"""Admin of matchmaking for organisers, confined to their own organisations' events.

Organisers set the rules (state, limits), the rooms and the slots of their events; the pages of
one event (meeting grid, slot generator) are in matchmaking.admin_event and linked from the
event. Meetings are read-only for everybody: participants ask, answer and cancel through their
own pages. Staff of an event's co-organisers see its matchmaking as they see its registrations,
read-only. Profiles are not in the admin: participants show them to each other, not to the
organisers beyond what the registrations hold.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Event
from matchmaking.grid import person, slot_label
from matchmaking.models import (
    OPEN_STATUSES,
    Matchmaking,
    Meeting,
    MeetingStatus,
    Room,
    Slot,
)
from partners.admin_mixins import PartnerScopedAdminMixin


def _meetings_link(event_id: int):
    return format_html(
        '<a href="{}">{}</a>',
        reverse("admin:events_event_meetings", args=[event_id]),
        _("Show the meetings"),
    )


class EventOwnedAdmin(PartnerScopedAdminMixin, admin.ModelAdmin):
    """An entry of one event: chosen once (from the organiser's events), never moved to
    another event; co-organisers' staff see it read-only."""

    reader_lookup = "event__co_organisers"
    autocomplete_fields = ("event",)
    list_select_related = ("event",)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk is not None and "event" not in readonly:
            readonly.append("event")
        return readonly


@admin.register(Matchmaking)
class MatchmakingAdmin(EventOwnedAdmin):
    """The rules of an event's matchmaking. Matchmaking meetings have it open with the default
    rules without an entry here; other events get it with one (or with "Switch on" on the
    event's meetings page)."""

    list_display = ("event", "state", "max_open_requests", "max_meetings", "meetings")
    list_filter = ("state",)
    search_fields = ("event__title",)
    fields = ("event", "state", "max_open_requests", "max_meetings", "meetings")
    readonly_fields = ("meetings",)
    ordering = ("-event__start",)

    @admin.display(description=gettext_lazy("meetings"))
    def meetings(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return _meetings_link(obj.pk)


@admin.register(Room)
class RoomAdmin(EventOwnedAdmin):
    list_display = ("name", "event", "position", "online_link")
    list_filter = ("event",)
    search_fields = ("name", "event__title")
    fields = ("event", "name", "online_link", "position")
    ordering = ("event", "position", "pk")


@admin.register(Slot)
class SlotAdmin(EventOwnedAdmin):
    """One slot; many at once with the generator on the event's meetings page. Times are the
    event's wall-clock times. A slot with meetings keeps its time (the participants were told
    it) and cannot be deleted."""

    list_display = ("when", "event", "meetings_booked")
    list_filter = ("event",)
    search_fields = ("event__title",)
    fields = ("event", "start", "end")
    ordering = ("event", "start")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                meetings_n=Count("meetings", filter=Q(meetings__status=MeetingStatus.ACCEPTED))
            )
        )

    @admin.display(description=gettext_lazy("time"), ordering="start")
    def when(self, obj):
        return slot_label(obj, obj.event)

    @admin.display(description=gettext_lazy("meetings"), ordering="meetings_n")
    def meetings_booked(self, obj):
        return obj.meetings_n

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and obj.meetings.filter(status__in=OPEN_STATUSES).exists():
            readonly = [*readonly, "start", "end"]
        return readonly

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Times in the form are the event's wall-clock times: parse them in its time zone.
        event_id = request.POST.get("event") or request.GET.get("event")
        zone = None
        if object_id and str(object_id).isdigit():
            zone = (
                Slot.objects.filter(pk=object_id).values_list("event__time_zone", flat=True).first()
            )
        elif event_id and str(event_id).isdigit():
            zone = Event.objects.filter(pk=event_id).values_list("time_zone", flat=True).first()
        with timezone.override(zone or settings.TIME_ZONE):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()
        return response


@admin.register(Meeting)
class MeetingAdmin(EventOwnedAdmin):
    """The meetings and requests of the organisers' events, to look up and export; nobody
    changes them here. What the two wrote each other is left out."""

    list_display = ("when", "asked_by", "asked", "status", "room", "event")
    list_filter = ("status", "event")
    list_select_related = ("event", "slot", "room", "requester", "recipient")
    search_fields = (
        "requester__last_name",
        "requester__organisation",
        "recipient__last_name",
        "recipient__organisation",
    )
    autocomplete_fields = ()
    fields = (
        "event",
        "slot",
        "room",
        "requester",
        "recipient",
        "status",
        "proposed_instead_of",
        "created_at",
        "answered_at",
        "cancelled_at",
        "held_requester",
        "held_recipient",
        "cooperation_requester",
        "cooperation_recipient",
    )
    export_fields = (
        "when",
        "room",
        "status",
        "asked_by",
        "asked",
        "created_at",
        "held_requester",
        "held_recipient",
        "cooperation_requester",
        "cooperation_recipient",
    )
    ordering = ("-slot__start", "pk")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("slot"), ordering="slot__start")
    def when(self, obj):
        return slot_label(obj.slot, obj.event)

    @admin.display(description=gettext_lazy("asked by"), ordering="requester__last_name")
    def asked_by(self, obj):
        return person(obj.requester)

    @admin.display(description=gettext_lazy("asked"), ordering="recipient__last_name")
    def asked(self, obj):
        return person(obj.recipient)
