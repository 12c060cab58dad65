"""The event admin's matchmaking pages: the meeting grid with its counts, CSV, state buttons and
message form, and the slot generator.

Both are pages of one event (/admin/events/event/<id>/meetings/ and …/meetings/slots/), linked
from its change page. Staff of the organiser run matchmaking; staff of the co-organisers see the
grid, read-only, as they see the registrations and the attendance; portal editors do both;
anyone else is answered "not found", as for the event itself. Every write goes through
matchmaking.services.
"""

from __future__ import annotations

import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.html import format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from core.spreadsheets import BOM, spreadsheet_safe
from events import services as event_services
from events.admin_attendance import CHANGE, event_page_access
from events.forms import ParticipantMessageForm
from events.models import Event
from events.templatetags.events_tags import event_when_text
from matchmaking import services
from matchmaking.admin_forms import SlotGenerateForm
from matchmaking.grid import (
    meeting_counts,
    meeting_grid,
    meetings_csv_rows,
    moment_label,
    participants_opted_in,
    slot_label,
)
from matchmaking.models import MatchmakingState, Slot
from matchmaking.selectors import matchmaking_for

NOT_FOUND = gettext_lazy("There is no such entry, or it belongs to another organisation.")
# Staff of the organiser run matchmaking with these; co-organisers only see.
GRID_CHANGE, GRID_VIEW = "matchmaking.change_matchmaking", "matchmaking.view_meeting"
SLOTS_CHANGE, SLOTS_VIEW = "matchmaking.add_slot", "matchmaking.view_slot"


def state_message(*, before: str | None, after: str) -> str:
    """What the organisers are told after a state button."""
    if after == MatchmakingState.OPEN:
        if before is None:
            return _(
                "Matchmaking is switched on: confirmed participants can now show their profile "
                "and ask each other for meetings."
            )
        return _("Matchmaking is open again: participants can ask each other for meetings.")
    if after == MatchmakingState.PAUSED:
        return _(
            "Matchmaking is paused: nobody can ask for a new meeting; requests already sent can "
            "still be answered."
        )
    return _("Matchmaking is closed: nobody can ask for meetings or answer requests any more.")


def slots_error_message(error: services.SlotsError, event: Event) -> str:
    if error.code == "minutes":
        return _("A slot lasts between %(min)d and %(max)d minutes.") % {
            "min": services.SLOT_MINUTES_MIN,
            "max": services.SLOT_MINUTES_MAX,
        }
    if error.code == "order":
        return _("The end must be after the start.")
    if error.code == "too_short":
        return _("Not even one slot of this length fits between the start and the end.")
    if error.code == "too_many":
        return _(
            "That would be more than %(max)d slots at once: please choose a shorter time or "
            "longer slots."
        ) % {"max": services.SLOTS_AT_ONCE_MAX}
    if error.slot is not None:
        return _(
            "No slot was created: they would overlap the slot %(slot)s that the event already "
            "has. Please choose another time, or change or delete that slot first."
        ) % {"slot": slot_label(error.slot, event)}
    return _(
        "No slot was created: they would overlap slots that the event already has. Please "
        "choose another time."
    )


def _outside_event(slots: list[Slot], event: Event) -> bool:
    if event.dates_only:
        first, last = event.local_start.date(), event.local_end.date()
        return any(
            not first <= timezone.localtime(slot.start, event.tz).date() <= last for slot in slots
        )
    return any(slot.start < event.start or slot.end > event.end for slot in slots)


class EventMatchmakingAdminMixin:
    """For EventAdmin: the meeting grid, its CSV and the slot generator, and their links."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/meetings/",
                self.admin_site.admin_view(self.meetings_view),
                name="events_event_meetings",
            ),
            path(
                "<path:object_id>/meetings/csv/",
                self.admin_site.admin_view(self.meetings_csv_view),
                name="events_event_meetings_csv",
            ),
            path(
                "<path:object_id>/meetings/slots/",
                self.admin_site.admin_view(self.meeting_slots_view),
                name="events_event_meeting_slots",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=gettext_lazy("matchmaking"))
    def matchmaking_links(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        rooms = reverse("admin:matchmaking_room_changelist") + f"?event__id__exact={obj.pk}"
        links = (
            (reverse("admin:events_event_meetings", args=[obj.pk]), _("Meetings and settings")),
            (reverse("admin:events_event_meeting_slots", args=[obj.pk]), _("Meeting slots")),
            (rooms, _("Meeting rooms")),
        )
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def _matchmaking_event(self, request, object_id, *, change: str, view: str):
        """The event and what the person may do with its matchmaking (404 if nothing)."""
        event = (
            Event.objects.select_related("organiser").filter(pk=object_id).first()
            if str(object_id).isdigit()
            else None
        )
        access = event_page_access(request, event, change=change, view=view) if event else None
        if access is None:
            raise Http404(NOT_FOUND)
        return event, access

    def _matchmaking_context(self, request, event, title):
        return {
            **self.admin_site.each_context(request),
            "opts": Event._meta,
            "original": event,
            "title": title,
        }

    # --- Meeting grid -------------------------------------------------------------------------

    def meetings_view(self, request, object_id):
        event, access = self._matchmaking_event(
            request, object_id, change=GRID_CHANGE, view=GRID_VIEW
        )
        matchmaking = matchmaking_for(event=event)
        message_form = ParticipantMessageForm()
        status = 200
        if request.method == "POST":
            if access != CHANGE:
                raise PermissionDenied
            if request.POST.get("action") == "message":
                message_form = ParticipantMessageForm(request.POST)
                if message_form.is_valid() and matchmaking is not None:
                    sent = event_services.event_participants_message(
                        event=event,
                        subject=message_form.cleaned_data["subject"],
                        body=message_form.cleaned_data["body"],
                        matchmaking_only=True,
                    )
                    self.message_user(
                        request,
                        ngettext(
                            "The message is queued for %(count)d participant.",
                            "The message is queued for %(count)d participants.",
                            sent,
                        )
                        % {"count": sent},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(request.path)
                status = 400
            else:
                self._matchmaking_state(request, event, matchmaking)
                return HttpResponseRedirect(request.path)
        context = {
            **self._matchmaking_context(
                request, event, _("Matchmaking at “%(event)s”") % {"event": event}
            ),
            "matchmaking": matchmaking,
            "states": MatchmakingState,
            "may_change": access == CHANGE,
            "grid": meeting_grid(event=event) if matchmaking else None,
            "counts": meeting_counts(events=[event]) if matchmaking else None,
            "recipients": participants_opted_in(event=event).count() if matchmaking else 0,
            "message_form": message_form,
            "time_zone": event.time_zone,
            "csv_url": reverse("admin:events_event_meetings_csv", args=[event.pk]),
            "slots_url": reverse("admin:events_event_meeting_slots", args=[event.pk]),
            "rooms_url": reverse("admin:matchmaking_room_changelist")
            + f"?event__id__exact={event.pk}",
            "settings_url": (
                reverse("admin:matchmaking_matchmaking_change", args=[event.pk])
                if matchmaking is not None and matchmaking.pk
                else ""
            ),
        }
        return TemplateResponse(
            request, "admin/matchmaking/event_meetings.html", context, status=status
        )

    def _matchmaking_state(self, request, event, matchmaking):
        state = request.POST.get("state", "")
        if state not in MatchmakingState.values or (
            matchmaking is None and state != MatchmakingState.OPEN
        ):
            self.message_user(request, _("Please choose what to do."), messages.WARNING)
            return
        before = matchmaking.state if matchmaking is not None else None
        if before == state:
            self.message_user(request, _("Nothing to change."), messages.INFO)
            return
        services.matchmaking_state_set(event=event, state=state)
        self.message_user(request, state_message(before=before, after=state), messages.SUCCESS)

    def meetings_csv_view(self, request, object_id):
        event, _level = self._matchmaking_event(
            request, object_id, change=GRID_CHANGE, view=GRID_VIEW
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        label = slugify(pgettext("file name", "meetings"))
        filename = f"{slugify(event.slug) or label}-{label}-{timezone.localdate()}"
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        response.write(BOM)
        writer = csv.writer(response)
        for line in meetings_csv_rows(event=event):
            writer.writerow([spreadsheet_safe(cell) for cell in line])
        return response

    # --- Slot generator -----------------------------------------------------------------------

    def meeting_slots_view(self, request, object_id):
        event, access = self._matchmaking_event(
            request, object_id, change=SLOTS_CHANGE, view=SLOTS_VIEW
        )
        if access != CHANGE:
            raise PermissionDenied
        status = 200
        start = event.local_start
        form = SlotGenerateForm(
            request.POST or None,
            time_zone=event.time_zone,
            initial={"day": start.date(), "start": start.time().replace(second=0)},
        )
        if request.method == "POST":
            status = 400
            if form.is_valid():
                try:
                    created = services.slots_generate(event=event, **form.cleaned_data)
                except services.SlotsError as error:
                    form.add_error(None, slots_error_message(error, event))
                else:
                    self._slots_created(request, event, created)
                    return HttpResponseRedirect(request.path)
        slots = list(Slot.objects.filter(event=event).order_by("start", "pk"))
        context = {
            **self._matchmaking_context(
                request, event, _("Meeting slots of “%(event)s”") % {"event": event}
            ),
            "form": form,
            "slots": [(slot, slot_label(slot, event)) for slot in slots],
            "event_when": event_when_text(event),
            "time_zone": event.time_zone,
            "meetings_url": reverse("admin:events_event_meetings", args=[event.pk]),
            "slots_changelist_url": reverse("admin:matchmaking_slot_changelist")
            + f"?event__id__exact={event.pk}",
        }
        return TemplateResponse(
            request, "admin/matchmaking/event_slots.html", context, status=status
        )

    def _slots_created(self, request, event, created):
        self.message_user(
            request,
            ngettext(
                "%(count)d slot created, from %(first)s to %(last)s.",
                "%(count)d slots created, from %(first)s to %(last)s.",
                len(created),
            )
            % {
                "count": len(created),
                "first": moment_label(created[0].start, event),
                "last": time_format(timezone.localtime(created[-1].end, event.tz), "H:i"),
            },
            messages.SUCCESS,
        )
        if _outside_event(created, event):
            self.message_user(
                request,
                _("Some of these slots lie outside the time of the event (%(when)s).")
                % {"when": event_when_text(event)},
                messages.WARNING,
            )
