"""Dates and times of events, always in the event's own time zone."""

from __future__ import annotations

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import pgettext_lazy

from events.models import Event

register = template.Library()


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _time(value) -> str:
    return formats.time_format(value, "TIME_FORMAT")


# Weekdays as written inside a date in running text: Polish writes them in lower case
# ("środa, 20 stycznia"), while the names Django's date format gives ("Środa") are the
# capitalised stand-alone forms.
WEEKDAYS_IN_DATE = (
    pgettext_lazy("weekday inside a date", "Monday"),
    pgettext_lazy("weekday inside a date", "Tuesday"),
    pgettext_lazy("weekday inside a date", "Wednesday"),
    pgettext_lazy("weekday inside a date", "Thursday"),
    pgettext_lazy("weekday inside a date", "Friday"),
    pgettext_lazy("weekday inside a date", "Saturday"),
    pgettext_lazy("weekday inside a date", "Sunday"),
)


def event_when_text(event: Event) -> str:
    """ "Thursday, 18 March 2021, 13:00–15:15 (CET)" in the active language, event time zone."""
    start, end = event.local_start, event.local_end
    weekday = WEEKDAYS_IN_DATE[start.weekday()]
    if event.dates_only:
        # Only the dates are known: no times, and so no time zone either.
        if start.date() == end.date():
            return f"{weekday}, {_date(start)}"
        return f"{_date(start)} – {_date(end)}"
    if start.date() == end.date():
        text = f"{weekday}, {_date(start)}, {_time(start)}–{_time(end)}"
    else:
        text = f"{_date(start)}, {_time(start)} – {_date(end)}, {_time(end)}"
    zone = start.tzname() if start.tzname() == end.tzname() else f"{start.tzname()}/{end.tzname()}"
    return f"{text} ({zone})"


@register.simple_tag
def event_when(event: Event) -> str:
    start = event.local_start.date() if event.dates_only else event.local_start
    return format_html('<time datetime="{}">{}</time>', start.isoformat(), event_when_text(event))


@register.simple_tag
def event_when_plain(event: Event) -> str:
    return event_when_text(event)


@register.simple_tag
def local_datetime(event: Event, value) -> str:
    """Another moment (registration opening, closing) in the event's time zone."""
    if value is None:
        return ""
    from django.utils import timezone

    local = timezone.localtime(value, event.tz)
    return f"{_date(local)}, {_time(local)} ({local.tzname()})"


@register.simple_tag
def events_retention() -> dict[str, int]:
    """The configured retention periods, for the privacy notice."""
    from django.conf import settings

    return {
        "confirmation_hours": settings.EVENTS_CONFIRMATION_HOURS,
        "purge_days": settings.EVENTS_PURGE_DAYS,
    }
