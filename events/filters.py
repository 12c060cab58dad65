"""Filters of the public event list (plain GET parameters: stable, shareable URLs)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.facets import ALPHABETICAL, FacetFilterSet, Family
from events.models import Event, EventFormat, EventKind, MeetingLanguage


class EventFilterSet(FacetFilterSet):
    families = (
        Family("kind"),
        Family("format"),
        Family("language"),
        Family("organiser", order=ALPHABETICAL),
        Family("project", order=ALPHABETICAL),
        Family("series", order=ALPHABETICAL),
    )

    kind = django_filters.ChoiceFilter(
        label=_("Kind of event"), choices=EventKind.choices, empty_label=_("All kinds")
    )
    format = django_filters.ChoiceFilter(
        label=_("Format"), choices=EventFormat.choices, empty_label=_("All formats")
    )
    language = django_filters.ChoiceFilter(
        label=_("Meeting language"),
        field_name="meeting_language",
        choices=MeetingLanguage.choices,
        empty_label=_("All languages"),
    )
    organiser = django_filters.ChoiceFilter(
        label=_("Organiser"),
        field_name="organiser__slug",
        choices=[],
        empty_label=_("All organisers"),
    )
    project = django_filters.ChoiceFilter(
        label=_("Project"),
        field_name="project__slug",
        choices=[],
        empty_label=_("All projects"),
    )

    series = django_filters.ChoiceFilter(
        label=_("Series"),
        field_name="series__slug",
        choices=[],
        empty_label=_("All series"),
    )

    class Meta:
        model = Event
        fields = ["kind", "format", "language", "organiser", "project", "series"]

    def __init__(self, *args, organisers=(), projects=(), series=(), **kwargs):
        """`organisers`, `projects` and `series`: the (slug, name) choices of the relations
        (`series` may be a callable: read only when the choices are needed)."""
        super().__init__(*args, **kwargs)
        self.filters["organiser"].extra["choices"] = list(organisers)
        self.filters["project"].extra["choices"] = list(projects)
        self.filters["series"].extra["choices"] = series if callable(series) else list(series)
