"""The event admin's pages after the event: attendance and feedback.

Both are pages of one event, reached from its change page ("After the event") and from the
changelist's actions. Staff of the organiser take attendance (mark, import); staff of the
co-organisers see it, read-only, as they see the registrations. Feedback is shown to both
without anything that identifies who gave it (events.feedback).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from events import attendance
from events.feedback import event_feedback
from events.forms import AttendanceImportForm
from events.models import Event
from partners.roles import user_may, user_permitted_organisation_ids

CHANGE, VIEW = "change", "view"


def event_page_access(request, event: Event, *, change: str | None, view: str) -> str | None:
    """CHANGE, VIEW or None: what the person may do on the event's page. Staff of the
    organiser need the permissions there; staff of a co-organiser may only see."""
    user = request.user
    if change and user.has_perm(change) and user_may(user, change, event.organiser_id):
        return CHANGE
    if not user.has_perm(view):
        return None
    if user_may(user, view, event.organiser_id):
        return VIEW
    readers = user_permitted_organisation_ids(user, view)
    if readers is None or event.co_organisers.filter(pk__in=readers).exists():
        return VIEW
    return None


class EventAfterAdminMixin:
    """For EventAdmin: the attendance and feedback pages, their actions and links."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/attendance/",
                self.admin_site.admin_view(self.attendance_view),
                name="events_event_attendance",
            ),
            path(
                "<path:object_id>/feedback/",
                self.admin_site.admin_view(self.feedback_view),
                name="events_event_feedback",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=gettext_lazy("attendance and feedback"))
    def after_event_links(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        links = (
            (reverse("admin:events_event_attendance", args=[obj.pk]), _("Take attendance")),
            (reverse("admin:events_event_feedback", args=[obj.pk]), _("Show the feedback")),
        )
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def _one_event_redirect(self, request, queryset, url_name):
        if queryset.count() != 1:
            self.message_user(request, _("Please select exactly one event."), messages.WARNING)
            return None
        return HttpResponseRedirect(reverse(url_name, args=[queryset.get().pk]))

    @admin.action(description=gettext_lazy("Take attendance"), permissions=["view"])
    def take_attendance(self, request, queryset):
        return self._one_event_redirect(request, queryset, "admin:events_event_attendance")

    @admin.action(description=gettext_lazy("Show the feedback"), permissions=["view"])
    def show_feedback(self, request, queryset):
        return self._one_event_redirect(request, queryset, "admin:events_event_feedback")

    def _event_or_404(self, object_id) -> Event:
        event = (
            Event.objects.select_related("organiser").filter(pk=object_id).first()
            if str(object_id).isdigit()
            else None
        )
        if event is None:
            raise Http404(_("There is no such entry, or it belongs to another organisation."))
        return event

    def _context(self, request, event, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": event,
            "title": title,
        }

    # --- Attendance ---------------------------------------------------------------------------

    def attendance_view(self, request, object_id):
        event = self._event_or_404(object_id)
        access = event_page_access(
            request, event, change="events.change_registration", view="events.view_registration"
        )
        if access is None:
            raise Http404(_("There is no such entry, or it belongs to another organisation."))
        import_form = AttendanceImportForm()
        result = None
        status = 200
        if request.method == "POST":
            if access != CHANGE:
                raise PermissionDenied
            if request.POST.get("action") == "import":
                import_form = AttendanceImportForm(request.POST, request.FILES)
                result, status = self._attendance_import(request, event, import_form)
            else:
                self._attendance_mark(request, event)
                return HttpResponseRedirect(request.path)
        participants = list(
            attendance.attendance_participants(event=event).only(
                "first_name", "last_name", "email", "organisation", "attended", "event_id"
            )
        )
        counts = {
            "present": sum(p.attended is True for p in participants),
            "absent": sum(p.attended is False for p in participants),
            "unknown": sum(p.attended is None for p in participants),
        }
        context = {
            **self._context(request, event, _("Attendance at “%(event)s”") % {"event": event}),
            "participants": participants,
            "counts": counts,
            "may_change": access == CHANGE,
            "is_open": attendance.attendance_open(event=event),
            "import_form": import_form if event.format in attendance.IMPORT_FORMATS else None,
            "result": result,
        }
        return TemplateResponse(
            request, "admin/events/event/attendance.html", context, status=status
        )

    def _attendance_mark(self, request, event):
        row = request.POST.get("row", "")
        if row:
            mark, _sep, pk = row.partition(":")
            ids = [pk] if pk.isdigit() else []
        else:
            mark = request.POST.get("mark", "")
            ids = [pk for pk in request.POST.getlist("ids") if pk.isdigit()]
        if mark not in attendance.MARKS or not ids:
            self.message_user(
                request, _("Please select the participants to mark."), messages.WARNING
            )
            return
        try:
            marked = attendance.attendance_mark(
                event=event, registration_ids=ids, attended=attendance.MARKS[mark]
            )
        except attendance.AttendanceError:
            self.message_user(
                request,
                _("Attendance can be taken once the event has started, unless it was cancelled."),
                messages.ERROR,
            )
            return
        self.message_user(
            request,
            ngettext(
                "Attendance marked for %(count)d participant.",
                "Attendance marked for %(count)d participants.",
                marked,
            )
            % {"count": marked},
            messages.SUCCESS,
        )

    def _attendance_import(self, request, event, form):
        if not form.is_valid():
            return None, 400
        try:
            result = attendance.attendance_import(
                event=event, data=form.cleaned_data["report"].read()
            )
        except attendance.AttendanceImportError as error:
            form.add_error("report", error.message)
            return None, 400
        except attendance.AttendanceError:
            form.add_error(
                "report",
                _("Attendance can be taken once the event has started, unless it was cancelled."),
            )
            return None, 400
        self.message_user(
            request,
            ngettext(
                "%(count)d participant found in the report and marked present.",
                "%(count)d participants found in the report and marked present.",
                result.matched,
            )
            % {"count": result.matched},
            messages.SUCCESS,
        )
        if result.unmatched:
            self.message_user(
                request,
                ngettext(
                    "%(count)d row of the report matches no confirmed participant; see the list "
                    "below.",
                    "%(count)d rows of the report match no confirmed participant; see the list "
                    "below.",
                    len(result.unmatched),
                )
                % {"count": len(result.unmatched)},
                messages.WARNING,
            )
        return result, 200

    # --- Feedback -----------------------------------------------------------------------------

    def feedback_view(self, request, object_id):
        event = self._event_or_404(object_id)
        if event_page_access(request, event, change=None, view="events.view_feedback") is None:
            raise Http404(_("There is no such entry, or it belongs to another organisation."))
        context = {
            **self._context(request, event, _("Feedback on “%(event)s”") % {"event": event}),
            "feedback": event_feedback(event=event),
        }
        return TemplateResponse(request, "admin/events/event/feedback.html", context)
