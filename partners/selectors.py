"""Reads of the partners app (public pages only see published organisations)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django_countries import countries as country_registry
from django_countries.fields import Country

from core.facets import Facet, facets_build, filterset_counts
from core.text import sort_key
from core.workflow import Status
from partners.filters import OrganisationFilterSet
from partners.models import Organisation, Participation, Project, participation_role_order
from partners.sections import organisation_sections_registered


@dataclass(frozen=True)
class OrganisationListing:
    filterset: OrganisationFilterSet  # its selects offer the facets' values with their counts
    facets: list[Facet]
    groups: list[tuple[Country, list[Organisation]]]
    count: int


def organisation_list(*, data) -> OrganisationListing:
    """Published organisations filtered by `data` (GET), grouped by country, facets counted."""
    published = Organisation.objects.published()
    countries = published.order_by().values_list("country", flat=True).distinct()
    projects = (
        Project.objects.filter(participations__organisation__status=Status.PUBLISHED)
        .order_by()
        .distinct()
        .values_list("slug", "acronym")
    )
    filterset = OrganisationFilterSet(
        data=data if data is not None else {},
        queryset=published,
        countries=[(code, country_registry.name(code)) for code in countries],
        projects=projects,
    )
    facets = facets_build(filterset=filterset, counts=filterset_counts(filterset=filterset))
    filterset.facets_offer(facets)
    organisations = sorted(
        filterset.qs.select_related("region"),
        key=lambda organisation: sort_key(organisation.name),
    )
    groups: dict[str, list[Organisation]] = {}
    for organisation in organisations:
        groups.setdefault(organisation.country.code, []).append(organisation)
    ordered = sorted(groups.values(), key=lambda members: sort_key(members[0].country.name))
    return OrganisationListing(
        filterset=filterset,
        facets=facets,
        groups=[(members[0].country, members) for members in ordered],
        count=len(organisations),
    )


def organisation_detail_queryset() -> QuerySet[Organisation]:
    """Published organisations with what their page shows, in a fixed number of queries."""
    return (
        Organisation.objects.published()
        .select_related("region")
        .prefetch_related(
            "region__metropolises",
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("project")
                .annotate(role_order=participation_role_order())
                .order_by("-project__start_date", "project__acronym"),
            ),
        )
    )


def organisation_sections(*, organisation: Organisation) -> list[dict[str, Any]]:
    """The sections other apps contribute to an organisation's page (see partners.sections)."""
    rendered = []
    for section in organisation_sections_registered():
        context = section.provider(organisation=organisation)
        if context is None:
            continue
        rendered.append(
            {
                "key": section.key,
                "title": section.title,
                "template_name": section.template_name,
                "context": context,
            }
        )
    return rendered


def project_detail_queryset() -> QuerySet[Project]:
    """Projects with their published partners, in a fixed number of queries."""
    return Project.objects.prefetch_related(
        Prefetch(
            "participations",
            queryset=Participation.objects.filter(organisation__status=Status.PUBLISHED)
            .select_related("organisation", "organisation__region")
            .annotate(role_order=participation_role_order())
            .order_by("role_order", "organisation__name"),
            to_attr="published_participations",
        )
    )
