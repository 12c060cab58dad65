"""Statistics pages in the admin: the registrations of one event, or of a series summed.

Seen by whoever sees the event's registrations: staff of the organiser, staff of its
co-organisers (read-only, as in *Registrations*) and portal editors; anyone else is answered
"not found", as for the event itself. Each page offers its figures as CSV (UTF-8 with BOM,
formula cells neutralised).
"""

from __future__ import annotations

import csv
import zoneinfo

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from core.spreadsheets import BOM, spreadsheet_safe
from events.charts import chart_for
from events.models import Event, Series
from events.statistics import Statistics, csv_rows, statistics_for
from partners.roles import user_organisation_ids, user_permitted_organisation_ids

VIEW_PERMISSION = "events.view_registration"
NOT_FOUND = gettext_lazy("There is no such entry, or it belongs to another organisation.")


def statistics_events(user) -> QuerySet[Event]:
    """The events whose statistics the person may see: their organisations' events and those
    these co-organise (with the right to see registrations); all for portal editors."""
    own = user_organisation_ids(user)
    if own is None:
        return Event.objects.all()
    readers = user_permitted_organisation_ids(user, VIEW_PERMISSION) or set()
    co_organised = Event.objects.filter(co_organisers__in=readers).values("pk")
    return Event.objects.filter(Q(organiser_id__in=own) | Q(pk__in=co_organised))


def statistics_series(user) -> QuerySet[Series]:
    own = user_organisation_ids(user)
    if own is None:
        return Series.objects.all()
    readers = user_permitted_organisation_ids(user, VIEW_PERMISSION) or set()
    co_organised = Series.objects.filter(co_organisers__in=readers).values("pk")
    return Series.objects.filter(Q(organiser_id__in=own) | Q(pk__in=co_organised))


def _one(queryset, object_id):
    obj = queryset.filter(pk=object_id).first() if str(object_id).isdigit() else None
    if obj is None:
        raise Http404(NOT_FOUND)
    return obj


def _csv_response(statistics: Statistics, name: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    label = slugify(pgettext("file name", "statistics"))
    filename = f"{slugify(name) or label}-{label}-{timezone.localdate()}"
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write(BOM)
    writer = csv.writer(response)
    for line in csv_rows(statistics):
        writer.writerow([spreadsheet_safe(cell) for cell in line])
    return response


class _StatisticsPages:
    """The statistics page and its CSV for one kind of entry (`statistics_url_name`)."""

    statistics_url_name = ""

    def statistics_objects(self, request):
        raise NotImplementedError

    def statistics_of(self, request, obj) -> Statistics:
        raise NotImplementedError

    def _statistics_urls(self):
        name = self.statistics_url_name
        return [
            path(
                "<path:object_id>/statistics/",
                self.admin_site.admin_view(self.statistics_view),
                name=name,
            ),
            path(
                "<path:object_id>/statistics/csv/",
                self.admin_site.admin_view(self.statistics_csv_view),
                name=f"{name}_csv",
            ),
        ]

    def _statistics(self, request, object_id):
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        obj = _one(self.statistics_objects(request), object_id)
        return obj, self.statistics_of(request, obj)

    def statistics_view(self, request, object_id):
        obj, statistics = self._statistics(request, object_id)
        figures = []
        for index, table in enumerate(statistics.tables):
            caption_id = f"stats-{index}"
            figures.append(
                {
                    "table": table,
                    "caption_id": caption_id,
                    "chart": None if table.empty else chart_for(table, labelledby=caption_id),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "title": _("Statistics of “%(entry)s”") % {"entry": obj},
            "statistics": statistics,
            "figures": figures,
            "csv_url": reverse(f"admin:{self.statistics_url_name}_csv", args=[obj.pk]),
            "may_change": self.has_change_permission(request, obj),
        }
        return TemplateResponse(request, "admin/events/statistics.html", context)

    def statistics_csv_view(self, request, object_id):
        obj, statistics = self._statistics(request, object_id)
        return _csv_response(statistics, str(obj))

    @admin.display(description=pgettext_lazy("statistics link", "statistics"))
    def statistics_link(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse(f"admin:{self.statistics_url_name}", args=[obj.pk]),
            pgettext("statistics link", "Show the statistics"),
        )


class EventStatisticsAdminMixin(_StatisticsPages):
    """For EventAdmin: /admin/events/event/<id>/statistics/ (and …/csv/)."""

    statistics_url_name = "events_event_statistics"

    def get_urls(self):
        return [*self._statistics_urls(), *super().get_urls()]

    def statistics_objects(self, request):
        return statistics_events(request.user)

    def statistics_of(self, request, obj) -> Statistics:
        return statistics_for(events=Event.objects.filter(pk=obj.pk), tz=obj.tz)


class SeriesStatisticsAdminMixin(_StatisticsPages):
    """For SeriesAdmin: the figures of the series' events summed (those the person may see)."""

    statistics_url_name = "events_series_statistics"

    def get_urls(self):
        return [*self._statistics_urls(), *super().get_urls()]

    def statistics_objects(self, request):
        return statistics_series(request.user)

    def statistics_of(self, request, obj) -> Statistics:
        events = statistics_events(request.user).filter(series=obj)
        first = events.order_by("start").values_list("time_zone", flat=True).first()
        return statistics_for(
            events=events, tz=zoneinfo.ZoneInfo(first) if first else None, several=True
        )


def event_statistics_url(request) -> str:
    """The statistics page of the event a list of registrations is filtered by, when the
    person may see it ("" otherwise)."""
    event_id = request.GET.get("event__id__exact", "")
    if not event_id.isdigit() or not request.user.has_perm(VIEW_PERMISSION):
        return ""
    if not statistics_events(request.user).filter(pk=event_id).exists():
        return ""
    return reverse("admin:events_event_statistics", args=[event_id])
