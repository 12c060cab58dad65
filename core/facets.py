"""Faceted lists: every filter family shows its values with the number of results they give.

The values of one family are alternatives (`?kind=workshop&kind=webinar` lists both kinds), so
each family is counted "disjunctively": over the list filtered by every *other* family. A value
that gives no result is left out unless it is chosen, so that it can be un-chosen; a chosen
value the list does not know (an old link, a removed entry) is shown under its code.

Counting has two strategies that fill the same `FacetCounts`:

- `filterset_counts` (here): one `GROUP BY` query per family over the queryset without that
  family's filter — for the small lists (events, partner organisations);
- `measures.facets`: boolean masks and `bincount` over an in-process index of the published
  measures' facet columns (`measures.facetindex`) — for the measures database, which must stay
  fast at 100,000 rows.

`facets_build` then turns counts into `Facet`s the same way for every list: values and their
labels in the family's order, counts, what is chosen, and the address without each chosen
value. Lists with checkboxes render the facets (and `facet_chips`) themselves; lists with
selects put them into their form with `FacetFilterSet.facets_offer`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import django_filters
from django.db.models import Count, QuerySet
from django.http import QueryDict
from django.utils.functional import Promise
from django_filters.constants import EMPTY_VALUES

from core.text import sort_key

# How a family orders its values.
VOCABULARY = "vocabulary"  # the order of its choices (a vocabulary's or enumeration's own order)
COUNT = "count"  # most results first, then alphabetically
ALPHABETICAL = "alphabetical"  # alphabetically in the visitor's language (core.text.sort_key)


@dataclass(frozen=True)
class Family:
    """A filter that forms a facet family: its GET parameter, heading and order of values."""

    name: str
    label: str | Promise = ""  # the heading; empty: the filter's own label
    order: str = VOCABULARY


@dataclass(frozen=True)
class FacetValue:
    value: str  # as the GET parameter carries it: a stable code or slug
    label: str
    count: int  # results with this value, under the other families' filters
    selected: bool
    remove_url: str = ""  # the list's address without this value (chosen values only)


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: tuple[FacetValue, ...]

    @property
    def selected_count(self) -> int:
        return sum(1 for value in self.values if value.selected)

    @property
    def choices(self) -> list[tuple[str, str]]:
        """The values as the options of a select: "Label (count)"."""
        return [(value.value, f"{value.label} ({value.count})") for value in self.values]


@dataclass(frozen=True)
class Chip:
    """A chosen filter value shown above the results, with a link that removes it."""

    label: str
    remove_url: str


@dataclass(frozen=True)
class FacetCounts:
    """What a counting strategy returns."""

    # family → value (as the GET parameter carries it) → number of results
    counts: Mapping[str, Mapping[str, int]]
    # family → value → label, for families whose values are named with the counts (entities
    # read in the same statement); the other families take their filter's choices
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


class FacetFilterSet(django_filters.FilterSet):
    """A FilterSet of a faceted list: `families` names the filters that are facet families.

    Other filters (a search, a year range) narrow the list and every count, but have no
    values of their own to count.
    """

    families: tuple[Family, ...] = ()

    @property
    def values(self) -> dict[str, Any]:
        """The valid, non-empty values of the submitted filters (invalid ones are ignored)."""
        if not self.is_bound:
            return {}
        self.errors  # noqa: B018 (validates the form once)
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in EMPTY_VALUES
        }

    def selected(self, name: str) -> list[str]:
        """The chosen values of one family, as GET parameter values."""
        value = self.values.get(name)
        if value in EMPTY_VALUES:
            return []
        return [str(item) for item in (value if isinstance(value, list | tuple) else [value])]

    def queryset_without(self, *excluded: str) -> QuerySet:
        """The queryset filtered by every valid filter but the excluded ones: the base of the
        excluded families' counts."""
        queryset = self.queryset.all()
        for name, value in self.values.items():
            if name not in excluded:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def family_choices(self, name: str) -> list[tuple[str, str]]:
        """The values a family may offer, in the filter's order, without the empty choice."""
        return [
            (str(value), str(label))
            for value, label in self.form.fields[name].choices
            if value not in EMPTY_VALUES
        ]

    def family_label(self, family: Family) -> str:
        return str(family.label or self.filters[family.name].label)

    def facets_offer(self, facets: Iterable[Facet]) -> None:
        """Offer in the select of each family only the facet's values, with their counts.

        The field adds its empty choice ("All kinds") itself.
        """
        for facet in facets:
            self.form.fields[facet.name].choices = facet.choices


def filterset_counts(*, filterset: FacetFilterSet) -> FacetCounts:
    """Each family counted over the filterset's queryset without the family's own filter, one
    `GROUP BY` query per family (on the filter's field, which may follow relations)."""
    counts = {}
    for family in filterset.families:
        rows = (
            filterset.queryset_without(family.name)
            .order_by()
            .values_list(filterset.filters[family.name].field_name)
            .annotate(n=Count("pk", distinct=True))
        )
        counts[family.name] = {str(value): n for value, n in rows if value not in EMPTY_VALUES}
    return FacetCounts(counts=counts)


def facet_build(
    *,
    name: str,
    label: str,
    order: str,
    choices: Iterable[tuple[str, str]],
    counts: Mapping[str, int],
    selected: Sequence[str] = (),
    data: QueryDict | None = None,
) -> Facet:
    """One family's facet: the choices that give results or are chosen, in the family's order.

    `data` (the list's GET parameters) gives chosen values the address that removes them.
    """
    values: list[FacetValue] = []
    seen: set[str] = set()

    def add(value: str, label: str, count: int) -> None:
        seen.add(value)
        chosen = value in selected
        remove_url = remove_value_url(data, name, value) if chosen and data is not None else ""
        values.append(FacetValue(value, label, count, chosen, remove_url))

    for value, value_label in choices:
        count = counts.get(value, 0)
        if value not in seen and (count or value in selected):
            add(value, str(value_label), count)
    for value in selected:
        if value not in seen:
            add(value, value, 0)
    if order == COUNT:
        values.sort(key=lambda value: (-value.count, sort_key(value.label)))
    elif order == ALPHABETICAL:
        values.sort(key=lambda value: sort_key(value.label))
    return Facet(name=name, label=label, values=tuple(values))


def facets_build(
    *, filterset: FacetFilterSet, counts: FacetCounts, data: QueryDict | None = None
) -> list[Facet]:
    """The facets of every family of the filterset, in the order of `filterset.families`."""
    facets = []
    for family in filterset.families:
        labels = counts.labels.get(family.name)
        choices = labels.items() if labels is not None else filterset.family_choices(family.name)
        facets.append(
            facet_build(
                name=family.name,
                label=filterset.family_label(family),
                order=family.order,
                choices=choices,
                counts=counts.counts.get(family.name, {}),
                selected=filterset.selected(family.name),
                data=data,
            )
        )
    return facets


def facet_chips(facets: Iterable[Facet]) -> list[Chip]:
    """A chip for every chosen value: "Family: value", linking to the list without it."""
    return [
        Chip(f"{facet.label}: {value.label}", value.remove_url)
        for facet in facets
        for value in facet.values
        if value.selected
    ]


def query_string(data: QueryDict, **changes: list[str] | None) -> str:
    """The list's address with some parameters changed (None removes one) and without the page
    number: "?…", or "?" for the bare list."""
    params = data.copy()
    params.pop("page", None)
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params.setlist(name, value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def remove_value_url(data: QueryDict, name: str, value: str) -> str:
    """The list's address without one chosen value of a family."""
    remaining = [item for item in data.getlist(name) if item.strip() and item.strip() != value]
    return query_string(data, **{name: remaining or None})
