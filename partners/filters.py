"""Filters of the public partner list (plain GET parameters: stable, shareable URLs)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from partners.models import Organisation, OrganisationKind


class OrganisationFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind of organisation"),
        choices=OrganisationKind.choices,
        empty_label=_("All kinds"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=[],
        empty_label=_("All countries"),
    )
    project = django_filters.ChoiceFilter(
        label=_("Project"),
        field_name="participations__project__slug",
        choices=[],
        empty_label=_("All projects"),
    )

    class Meta:
        model = Organisation
        fields = ["kind", "country", "project"]

    def __init__(self, *args, countries=(), projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["country"].extra["choices"] = list(countries)
        self.filters["project"].extra["choices"] = list(projects)

    def queryset_without(self, excluded: str):
        """The filtered queryset, ignoring one filter: the base of that filter's counts."""
        queryset = self.queryset.all()
        if not self.is_bound:
            return queryset
        self.form.is_valid()
        for name, value in self.form.cleaned_data.items():
            if name != excluded:
                queryset = self.filters[name].filter(queryset, value)
        return queryset
