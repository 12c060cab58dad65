"""The dates of a series and its schema.org description (an EventSeries)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from core.templatetags.structured_data import (
    SCHEMA,
    _event_dates,
    _organization,
    _page_url,
    json_ld_script,
)

register = template.Library()


def _dates(page) -> tuple[Any, Any] | None:
    """The local date of the first start and of the last end, each in its event's zone."""
    events = [card.event for card in page.events]
    if not events:
        return None
    first = min(events, key=lambda event: event.start)
    last = max(events, key=lambda event: event.end)
    return first.local_start.date(), last.local_end.date()


@register.simple_tag
def series_dates(page) -> str:
    """ "18 March 2021 – 19 May 2021" in the active language ("" without events)."""
    dates = _dates(page)
    if dates is None:
        return ""
    first, last = (formats.date_format(value, "DATE_FORMAT") for value in dates)
    return first if first == last else f"{first} – {last}"


@register.simple_tag(takes_context=True)
def series_json_ld(context, page) -> SafeString:
    """The series as a schema.org EventSeries with its published events as sub-events."""
    series = page.series
    organisers = [series.organiser, *series.co_organisers.all()]
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "EventSeries",
        "url": _page_url(context, series),
        "name": series.title,
        "inLanguage": get_language(),
        "organizer": [_organization(context, organisation) for organisation in organisers],
    }
    if series.description:
        data["description"] = series.description
    dates = _dates(page)
    if dates is not None:
        data["startDate"], data["endDate"] = (value.isoformat() for value in dates)
    sub_events = []
    for card in page.events:
        start, end = _event_dates(card.event)
        sub_events.append(
            {
                "@type": "Event",
                "name": card.event.title,
                "url": _page_url({"request": context.get("request")}, card.event),
                "startDate": start,
                "endDate": end,
            }
        )
    if sub_events:
        data["subEvent"] = sub_events
    return json_ld_script(data)
