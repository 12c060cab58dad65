"""CSV export of an event's participants for its organisers."""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.spreadsheets import BOM, spreadsheet_safe
from events.models import Registration


def _local(value, event) -> str:
    if value is None:
        return ""
    return timezone.localtime(value, event.tz).strftime("%Y-%m-%d %H:%M")


def participants_csv_response(*, events) -> HttpResponse:
    """One row per registration of the given (already scoped) events, UTF-8 with BOM."""
    registrations = (
        Registration.objects.filter(event__in=events, anonymised_at__isnull=True)
        .select_related("event")
        .order_by("event__start", "event_id", "status", "last_name", "first_name", "pk")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"participants-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Event"),
            _("Status"),
            _("First name"),
            _("Last name"),
            _("E-mail address"),
            _("Organisation"),
            _("Type of organisation"),
            _("Country"),
            _("Position"),
            _("Language"),
            _("What we offer"),
            _("What we look for"),
            _("Profile may be shown"),
            _("Message"),
            _("Registered at"),
            _("Confirmed at"),
        ]
    )
    for registration in registrations:
        event = registration.event
        writer.writerow(
            [
                spreadsheet_safe(value)
                for value in (
                    event.title,
                    registration.get_status_display(),
                    registration.first_name,
                    registration.last_name,
                    registration.email,
                    registration.organisation,
                    registration.get_organisation_type_display(),
                    registration.country.name if registration.country else "",
                    registration.position,
                    registration.get_language_display(),
                    registration.profile_offer,
                    registration.profile_seek,
                    _("yes") if registration.profile_shared else _("no"),
                    registration.message,
                    _local(registration.created_at, event),
                    _local(registration.confirmed_at, event),
                )
            ]
        )
    return response
