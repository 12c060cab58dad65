"""Filters of the public event list (plain GET parameters: stable, shareable URLs)."""

from __future__ import annotations

import django_filters
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from events.models import Event, EventFormat, EventKind, MeetingLanguage


class EventFilterSet(django_filters.FilterSet):
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

    class Meta:
        model = Event
        fields = ["kind", "format", "language", "organiser", "project"]

    def __init__(self, *args, request_choices: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if request_choices:
            from partners.models import Organisation, Project

            # An organisation that only took part in an event is not offered as its organiser.
            organised = self.queryset.filter(organiser_only_took_part=False)
            organisers = Organisation.objects.filter(pk__in=organised.values("organiser"))
            projects = Project.objects.filter(pk__in=self.queryset.values("project"))
            self.filters["organiser"].extra["choices"] = sorted(
                ((o.slug, o.name) for o in organisers), key=lambda item: item[1].casefold()
            )
            self.filters["project"].extra["choices"] = sorted(
                ((p.slug, p.acronym) for p in projects), key=lambda item: item[1].casefold()
            )

    def queryset_without(self, excluded: str):
        """The filtered queryset ignoring one filter: the base of that filter's counts."""
        self.errors  # noqa: B018 (validates the form)
        queryset = self.queryset.all()
        for name, value in getattr(self.form, "cleaned_data", {}).items():
            if name != excluded:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def label_with_counts(self) -> None:
        """Offer only the choices that give events together with the other filters, each with
        its count; the chosen value stays offered (with 0) so that it can be changed back."""
        for name, flt in self.filters.items():
            counts = dict(
                self.queryset_without(name)
                .order_by()
                .values_list(flt.field_name)
                .annotate(n=Count("pk", distinct=True))
            )
            field = self.form.fields[name]
            chosen = self.form[name].value()
            # The field adds its empty label ("All kinds") itself when its choices are set:
            # leave it out here, or it would be offered twice.
            field.choices = [
                (value, f"{label} ({counts.get(value, 0)})")
                for value, label in field.choices
                if value != "" and (counts.get(value) or value == chosen)
            ]
