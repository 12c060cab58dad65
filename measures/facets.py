"""Facet counts of the measure list, from the in-process index of the published measures.

`measures.facetindex` keeps the facet columns of every published measure in memory. Here the
list's filters become boolean masks over its rows (`Selection`), each facet family is counted
over the rows every *other* family's filter lets through ("disjunctive" facets: several values
of one family are alternatives), and the organisations, regions, projects and countries among
the values are named from the index. Every filter is a condition on the measure alone (theme,
target group and language sets and the organisation's country, region and project are
columns of the measure), the same conditions `measures.filters.MeasureFilterSet` puts into SQL
for the exports.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.utils import timezone
from django_countries import countries as country_registry

from core.facets import FacetCounts
from core.languages import fallback_order, language_codes
from measures.facetindex import NO_YEAR, MeasureIndex
from measures.filters import Lifecycle, MeasureFilterSet
from measures.models import TargetGroup, Theme

# Families whose values are rows of other tables: counted by id, named from the index.
ENTITY_FAMILIES = ("organisation", "region", "project")
YEAR_FILTERS = ("year_from", "year_to")


@dataclass(frozen=True)
class MeasureCounts:
    """The facet counts of the measure list, with the number of results and their years."""

    facets: FacetCounts  # counts by value as the list's address names it, entity names
    total: int  # measures matching every filter
    years: tuple[int | None, int | None]  # range of start years under the other filters


@dataclass
class Selection:
    """The list's active filters as masks over the rows of the index."""

    index: MeasureIndex
    masks: dict[str, np.ndarray] = field(default_factory=dict)

    def rows(self, *without: str) -> np.ndarray:
        """Rows every active filter but the named ones lets through."""
        rows = self.index.everything()
        for name, mask in self.masks.items():
            if name not in without:
                rows &= mask
        return rows


def lifecycle(index: MeasureIndex, year: int) -> np.ndarray:
    """Each row's lifecycle code: 0 ongoing, 1 completed, -1 neither (both years unknown).

    Ongoing: it ends this year or later, or its end is unknown and its start known."""
    start, end = index.start_year, index.end_year
    ongoing = (end >= year) | ((end == NO_YEAR) & (start != NO_YEAR))
    completed = (end != NO_YEAR) & (end < year)
    return np.where(ongoing, 0, np.where(completed, 1, -1))


LIFECYCLES = (Lifecycle.ONGOING.value, Lifecycle.COMPLETED.value)


def select(
    index: MeasureIndex, filterset: MeasureFilterSet, matches: np.ndarray | None = None
) -> Selection:
    """The masks of the filterset's valid filters; `matches` is the search's mask (rows that
    match the typed query), when there is one."""
    selection = Selection(index)
    masks = selection.masks
    for name, value in filterset.values.items():
        if name == "q":
            if matches is not None:
                masks[name] = matches
        elif name == "theme":
            masks[name] = index.sets[name].mask(filterset.theme_ids.get(v) for v in value)
        elif name == "target":
            masks[name] = index.sets[name].mask(filterset.target_group_ids.get(v) for v in value)
        elif name == "lang":
            masks[name] = index.sets[name].mask([value])
        elif name in ("kind", "country"):
            masks[name] = index.scalars[name].mask(value)
        elif name == "region":
            masks[name] = index.scalars[name].mask(index.region_ids_within(value))
        elif name in ENTITY_FAMILIES:
            ids = index.entity_ids(name, value)
            masks[name] = index.scalars[name].mask(ids)
        elif name == "state":
            code = LIFECYCLES.index(value)
            masks[name] = lifecycle(index, timezone.localdate().year) == code
        elif name == "year_from":
            masks[name] = (index.start_year != NO_YEAR) & (index.start_year >= int(value))
        elif name == "year_to":
            masks[name] = (index.start_year != NO_YEAR) & (index.start_year <= int(value))
    return selection


def _year_range(index: MeasureIndex, rows: np.ndarray) -> tuple[int | None, int | None]:
    years = index.start_year[rows]
    years = years[years != NO_YEAR]
    if not len(years):
        return (None, None)
    return (int(years.min()), int(years.max()))


# --- Counting ---------------------------------------------------------------------------------


def entity_labels(index: MeasureIndex, family: str, language: str) -> dict[int, str]:
    """The names of a family's organisations, regions or projects in the language (or its
    fallback), by id; a project as "ACRONYM – title". Kept with the index."""
    key = (family, language)
    labels = index.labels.get(key)
    if labels is None:
        positions = [language_codes().index(code) for code in fallback_order(language)]
        labels = {}
        for pk, entity in index.entities[family].items():
            name = next((entity.names[i] for i in positions if entity.names[i]), entity.code)
            labels[pk] = f"{entity.acronym} – {name}" if entity.acronym else name
        index.labels[key] = labels
    return labels


def facet_counts(
    *,
    selection: Selection,
    filterset: MeasureFilterSet,
    language: str,
    themes: list[Theme],
    target_groups: list[TargetGroup],
) -> MeasureCounts:
    """Counts per facet value, the number of results, the range of start years and the names
    of the organisations, regions, projects and countries among the values.

    Values are turned into what the list's address carries (slugs, NUTS codes, country codes).
    """
    index = selection.index
    slugs = {
        "theme": {theme.pk: theme.slug for theme in themes},
        "target": {group.pk: group.slug for group in target_groups},
        "lang": {code: code for code in language_codes()},
    }
    counts: dict[str, dict[str, int]] = {}
    labels: dict[str, dict[str, str]] = {name: {} for name in (*ENTITY_FAMILIES, "country")}
    everything = selection.rows()
    for name, column in index.scalars.items():
        rows = selection.rows(name) if name in selection.masks else everything
        by_value = column.counts(rows)
        if name in ENTITY_FAMILIES:
            entities, names = index.entities[name], entity_labels(index, name, language)
            named = {}
            for pk, n in by_value.items():
                if pk in entities:
                    named[entities[pk].code] = n
                    labels[name][entities[pk].code] = names[pk]
            by_value = named
        counts[name] = by_value
    for name, column in index.sets.items():
        rows = selection.rows(name) if name in selection.masks else everything
        counts[name] = {
            slugs[name][value]: n
            for value, n in column.counts(rows).items()
            if value in slugs[name]
        }
    states = lifecycle(index, timezone.localdate().year)
    rows = selection.rows("state") if "state" in selection.masks else everything
    tally = np.bincount(states[rows] + 1, minlength=len(LIFECYCLES) + 1)[1:]
    counts["state"] = {LIFECYCLES[i]: int(n) for i, n in enumerate(tally) if n}
    # A chosen region counts the measures of the regions within it too, as its filter does.
    if "region" in selection.masks:
        region_rows = selection.rows("region")
        for code in filterset.selected("region"):
            ids = index.region_ids_within([code])
            counts["region"][code] = int((region_rows & index.scalars["region"].mask(ids)).sum())
    # Chosen organisations, regions and projects are named even when nothing matches them.
    for name in ENTITY_FAMILIES:
        names = entity_labels(index, name, language)
        for pk in index.entity_ids(name, filterset.selected(name)):
            labels[name][index.entities[name][pk].code] = names[pk]
    for code in set(counts.get("country", {})) | set(filterset.selected("country")):
        labels["country"][code] = str(country_registry.name(code))
    years_rows = selection.rows(*YEAR_FILTERS)
    return MeasureCounts(
        facets=FacetCounts(counts=counts, labels=labels),
        total=int(everything.sum()),
        years=_year_range(index, years_rows),
    )
