"""Filters of the public partner list (plain GET parameters: stable, shareable URLs)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.facets import ALPHABETICAL, FacetFilterSet, Family
from partners.models import Organisation, OrganisationKind


class OrganisationFilterSet(FacetFilterSet):
    families = (
        Family("kind"),
        Family("country", order=ALPHABETICAL),
        Family("project", order=ALPHABETICAL),
    )

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
