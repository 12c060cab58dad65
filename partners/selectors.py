"""Reads of the partners app (public pages only see published organisations)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django_countries import countries as country_registry
from django_countries.fields import Country

from core.facets import Facet, facets_build, filterset_counts
from core.languages import language_code
from core.text import sort_key
from core.translated import in_language
from core.workflow import Status
from partners.filters import OrganisationFilterSet
from partners.models import (
    Organisation,
    OrganisationKind,
    Participation,
    Project,
    participation_role_order,
)
from partners.sections import organisation_sections_registered


@dataclass(frozen=True)
class OrganisationCard:
    """An organisation as the list shows it, its texts in the visitor's language (or fallback)."""

    slug: str
    url: str
    name: str
    acronym: str
    kind_label: str
    country: str  # code
    region_name: str | None  # None: the organisation names no region
    city: str
    logo_url: str  # "": no logo
    logo_width: int | None
    logo_height: int | None


@dataclass(frozen=True)
class OrganisationListing:
    filterset: OrganisationFilterSet  # its selects offer the facets' values with their counts
    facets: list[Facet]
    groups: list[tuple[Country, list[OrganisationCard]]]  # by country, alphabetically
    count: int


def organisation_list(*, data) -> OrganisationListing:
    """Published organisations filtered by `data` (GET), grouped by country, facets counted.

    Names, labels and alphabetical order are the active language's. Five queries, whatever the
    number of organisations.
    """
    language = language_code()
    published = Organisation.objects.published()
    # The countries and projects of published organisations (the values the filters accept).
    pairs = (
        published.order_by()
        .values_list("country", "participations__project__slug", "participations__project__acronym")
        .distinct()
    )
    countries: dict[str, None] = {}
    projects: dict[tuple[str, str], None] = {}
    for country, slug, acronym in pairs:
        countries[country] = None
        if slug is not None:
            projects[slug, acronym] = None
    filterset = OrganisationFilterSet(
        data=data if data is not None else {},
        queryset=published,
        countries=[(code, country_registry.name(code)) for code in countries],
        projects=list(projects),
    )
    facets = facets_build(filterset=filterset, counts=filterset_counts(filterset=filterset))
    filterset.facets_offer(facets)
    cards = sorted(_cards(filterset.qs, language), key=lambda card: sort_key(card.name, language))
    groups: dict[str, list[OrganisationCard]] = {}
    for card in cards:
        groups.setdefault(card.country, []).append(card)
    # Countries as the model's field gives them (Organisation.country is its descriptor).
    shown = sorted(
        (Organisation.country.country(code) for code in groups),
        key=lambda country: sort_key(country.name, language),
    )
    return OrganisationListing(
        filterset=filterset,
        facets=facets,
        groups=[(country, groups[country.code]) for country in shown],
        count=len(cards),
    )


def _cards(organisations: QuerySet[Organisation], language: str) -> list[OrganisationCard]:
    """The organisations' cards, in the queryset's order (one query)."""
    rows = organisations.raw_values(
        "slug",
        "acronym",
        "kind",
        "country",
        "region_id",
        "logo",
        "logo_width",
        "logo_height",
        name_text=in_language("name", language),
        city_text=in_language("city", language),
        region_text=in_language("name", language, "region__"),
    )
    kinds = {value: str(label) for value, label in OrganisationKind.choices}
    url = reverse("partners:organisation_detail", kwargs={"slug": "-slug-"})
    logo_storage = Organisation._meta.get_field("logo").storage
    return [
        OrganisationCard(
            slug=row["slug"],
            url=url.replace("-slug-", row["slug"]),
            name=row["name_text"],
            acronym=row["acronym"],
            kind_label=kinds.get(row["kind"], row["kind"]),
            country=row["country"],
            region_name=None if row["region_id"] is None else row["region_text"],
            city=row["city_text"],
            logo_url=logo_storage.url(row["logo"]) if row["logo"] else "",
            logo_width=row["logo_width"],
            logo_height=row["logo_height"],
        )
        for row in rows
    ]


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
