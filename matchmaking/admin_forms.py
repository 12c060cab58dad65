"""Forms of the organisers' matchmaking pages in the admin (matchmaking.admin_event)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from matchmaking.services import SLOT_MINUTES_MAX, SLOT_MINUTES_MIN


class SlotGenerateForm(forms.Form):
    """A day, a time span and a length: the slots to create (matchmaking.services
    .slots_generate), in the event's time zone. The browser's own date and time fields, which
    send ISO values whatever the language of the page."""

    day = forms.DateField(
        label=_("Day"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    start = forms.TimeField(
        label=_("From"),
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )
    end = forms.TimeField(
        label=_("To"),
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        help_text=_("The last slot ends at this time at the latest."),
    )
    minutes = forms.IntegerField(
        label=_("Length of a slot in minutes"),
        min_value=SLOT_MINUTES_MIN,
        max_value=SLOT_MINUTES_MAX,
        initial=15,
    )

    def __init__(self, *args, time_zone: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if time_zone:
            self.fields["start"].help_text = _("Times in the event's time zone, %(zone)s.") % {
                "zone": time_zone
            }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The end must be after the start."))
        return cleaned
