"""Reads of the partners app (public pages only see published organisations)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import translation
from django_countries import countries as country_registry
from django_countries.fields import Country

from core.facets import Facet, facets_build, filterset_counts
from core.languages import language_code, language_codes
from core.text import sort_key
from core.translated import in_language
from core.workflow import Status
from partners.filters import OrganisationFilterSet
from partners.models import (
    Organisation,
    OrganisationKind,
    Participation,
    Project,
    Region,
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
    # The region's code, country and position, for the map (partners.maps)
    region_code: str = ""
    region_country: str = ""
    region_latitude: float | None = None
    region_longitude: float | None = None


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
        "region__nuts_code",
        "region__country",
        "region__latitude",
        "region__longitude",
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
            region_code=row["region__nuts_code"] or "",
            region_country=row["region__country"] or "",
            region_latitude=row["region__latitude"],
            region_longitude=row["region__longitude"],
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


# --- Regions and countries --------------------------------------------------------------------
# A NUTS region holds the regions whose codes begin with its own (DE8 holds DE80 and DE803):
# a measure or organisation of a NUTS-3 region counts for its NUTS-2 and NUTS-1 regions, and
# for its country.

REGION_PAGE_MEASURES = 12
REGION_PAGE_EVENTS = 6


@dataclass(frozen=True)
class RegionCount:
    region: Region
    measures: int  # published measures of the region and the regions within it
    organisations: int
    depth: int = 0  # how many of the listed regions it lies in (for indenting)


def _depths(regions: list[Region]) -> dict[int, int]:
    codes = [region.nuts_code for region in regions]
    return {
        region.pk: sum(
            1 for code in codes if code != region.nuts_code and region.nuts_code.startswith(code)
        )
        for region in regions
    }


@dataclass(frozen=True)
class CountryRegions:
    code: str
    name: str
    url: str
    measures: int  # published measures in the country (also those without a region)
    organisations: int
    regions: list[RegionCount]


def _counts_by(model, column: str) -> dict:
    """Published entries of a model by the value of one column (one query)."""
    from django.db.models import Count

    rows = model.objects.published().order_by().values(column).annotate(n=Count("pk"))
    return {row[column]: row["n"] for row in rows}


def _rolled_up(regions: list[Region], by_region: dict[int, int]) -> dict[int, int]:
    """Each region's count with the counts of the regions within it."""
    code_of = {region.pk: region.nuts_code for region in regions}
    totals = dict.fromkeys(code_of, 0)
    for region_id, count in by_region.items():
        code = code_of.get(region_id)
        if code is None:
            continue
        for pk, other in code_of.items():
            if code.startswith(other):
                totals[pk] += count
    return totals


def region_overview(*, language: str) -> list[CountryRegions]:
    """The countries of the portal's regions, measures or partners, by name in the language,
    each with its regions (by NUTS code) and their counts rolled up (five queries)."""
    from measures.models import Measure

    counted = _region_counts(Region.objects.order_by("nuts_code"))
    measures_by_country = _counts_by(Measure, "country")
    organisations_by_country = _counts_by(Organisation, "country")
    codes = {str(item.region.country) for item in counted} | {
        code for code in (*measures_by_country, *organisations_by_country) if code
    }
    with translation.override(language):
        names = {code: str(country_registry.name(code)) for code in codes}
        countries = []
        for code in sorted(codes, key=lambda c: sort_key(names[c], language)):
            countries.append(
                CountryRegions(
                    code=code,
                    name=names[code],
                    url=reverse("regions:detail", kwargs={"code": code}),
                    measures=measures_by_country.get(code, 0),
                    organisations=organisations_by_country.get(code, 0),
                    regions=[item for item in counted if str(item.region.country) == code],
                )
            )
    return countries


@dataclass(frozen=True)
class PlacePage:
    """What a region's or a country's page shows."""

    name: str
    code: str  # NUTS code, or the country's ISO code
    country: Country
    region: Region | None  # None on a country's page
    parents: list[Region]  # the regions it lies in, largest first
    parts: list[RegionCount]  # the regions within it, one level down (all, for a country)
    organisations: list[Organisation]
    measure_count: int
    measures: list  # the newest published measures
    measures_url: str  # the measure list filtered to the place
    events: list  # upcoming published events organised in the place
    # For the map (partners.maps): the regions of the place's country with their counts
    country_regions: list[RegionCount] = field(default_factory=list)


def _place_entries(*, region_ids: list[int] | None, country: str):
    """Published organisations, measures and upcoming events of some regions (or a whole
    country when `region_ids` is None): four queries."""
    from events.models import Event
    from measures.models import Measure

    organisations = Organisation.objects.published().select_related("region")
    measures = Measure.objects.published().select_related("organisation")
    events = Event.objects.published().upcoming().select_related("organiser")
    if region_ids is None:
        organisations = organisations.filter(country=country)
        measures = measures.filter(country=country)
        events = events.filter(organiser__country=country)
    else:
        organisations = organisations.filter(region_id__in=region_ids)
        measures = measures.filter(region_id__in=region_ids)
        events = events.filter(organiser__region_id__in=region_ids)
    newest = measures.order_by("-first_published_at", "-pk").only(
        "pk",
        "slug",
        "title",
        *[f"title_{c}" for c in language_codes()],
        "summary",
        *[f"summary_{c}" for c in language_codes()],
        "country",
        "organisation__name",
        *[f"organisation__name_{c}" for c in language_codes()],
        "organisation__slug",
    )
    return (
        list(organisations.order_by("name")),
        measures.count(),
        list(newest[:REGION_PAGE_MEASURES]),
        list(events.order_by("start")[:REGION_PAGE_EVENTS]),
    )


def region_page(*, code: str, language: str) -> PlacePage | None:
    """A NUTS region's page: its facts, the regions around and within it, and what the portal
    holds of it (rolled up); None for an unknown code. Eight queries."""
    region = Region.objects.prefetch_related("metropolises").filter(nuts_code=code).first()
    if region is None:
        return None
    family = overview_regions(country=str(region.country))
    within = [r for r in family if r.region.nuts_code.startswith(code)]
    parents = [
        r.region for r in family if code.startswith(r.region.nuts_code) and r.region != region
    ]
    deeper = [r for r in within if r.region != region]
    level = min((r.region.nuts_level for r in deeper), default=None)
    organisations, count, measures, events = _place_entries(
        region_ids=[r.region.pk for r in within], country=str(region.country)
    )
    return PlacePage(
        name=region.name,
        code=code,
        country=region.country,
        region=region,
        parents=parents,
        parts=[r for r in deeper if r.region.nuts_level == level],
        organisations=organisations,
        measure_count=count,
        measures=measures,
        measures_url=f"{reverse('measures:index')}?region={code}",
        events=events,
        country_regions=family,
    )


def overview_regions(*, country: str) -> list[RegionCount]:
    """The regions of one country with their rolled-up counts (three queries)."""
    return _region_counts(Region.objects.filter(country=country).order_by("nuts_code"))


def measures_by_country() -> dict[str, int]:
    """Published measures by country code (one query)."""
    from measures.models import Measure

    return _counts_by(Measure, "country")


def _region_counts(regions) -> list[RegionCount]:
    """Regions with their published measures and organisations, rolled up (three queries)."""
    from measures.models import Measure

    regions = list(regions)
    measures = _rolled_up(regions, _counts_by(Measure, "region_id"))
    organisations = _rolled_up(regions, _counts_by(Organisation, "region_id"))
    depths = _depths(regions)
    return [RegionCount(r, measures[r.pk], organisations[r.pk], depths[r.pk]) for r in regions]


def country_page(*, code: str, language: str) -> PlacePage | None:
    """A country's page: its regions and what the portal holds of it; None for a code that is
    no country. Seven queries."""
    if code not in dict(country_registry):
        return None
    with translation.override(language):
        name = str(country_registry.name(code))
    organisations, count, measures, events = _place_entries(region_ids=None, country=code)
    parts = overview_regions(country=code)
    if not (parts or organisations or count or events):
        return None  # a country the portal holds nothing of
    return PlacePage(
        name=name,
        code=code,
        country=Country(code),
        region=None,
        parents=[],
        parts=parts,
        organisations=organisations,
        measure_count=count,
        measures=measures,
        measures_url=f"{reverse('measures:index')}?country={code}",
        events=events,
        country_regions=parts,
    )
