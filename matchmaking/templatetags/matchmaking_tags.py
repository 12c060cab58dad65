"""Template helpers of matchmaking: a slot's time in the event's time zone, languages' names."""

from __future__ import annotations

from django import template
from django.conf import global_settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext

from events.templatetags.events_tags import WEEKDAYS_IN_DATE, _date, _time
from matchmaking.models import Slot

register = template.Library()

LANGUAGE_NAMES = dict(global_settings.LANGUAGES)  # as models.spoken_language_choices names them


def slot_when_text(slot: Slot, event=None) -> str:
    """ "Thursday, 18 March 2027, 13:30–13:45 (CET)" in the active language."""
    zone = (event or slot.event).tz
    start, end = timezone.localtime(slot.start, zone), timezone.localtime(slot.end, zone)
    weekday = WEEKDAYS_IN_DATE[start.weekday()]
    return f"{weekday}, {_date(start)}, {_time(start)}–{_time(end)} ({start.tzname()})"


@register.simple_tag
def slot_when(slot: Slot, event=None) -> str:
    return format_html(
        '<time datetime="{}">{}</time>', slot.start.isoformat(), slot_when_text(slot, event)
    )


@register.simple_tag
def slot_when_plain(slot: Slot, event=None) -> str:
    return slot_when_text(slot, event)


@register.filter
def slot_when_plain_filter(slot: Slot) -> str:
    return slot_when_text(slot)


@register.filter
def spoken_language_names(codes) -> str:
    """ "German, Polish": the names of languages spoken, in the active language."""
    return ", ".join(
        gettext(LANGUAGE_NAMES[code]) if code in LANGUAGE_NAMES else code for code in codes
    )
