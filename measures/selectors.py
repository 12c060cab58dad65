"""Reads of the measures app: the faceted list and the detail page.

Public reads only see published measures. Every function runs a fixed number of queries
whatever the number of rows (tests pin the numbers). Facet counting lives in
`measures.facets`, the open-data exports in `measures.exports`, the section of the partner
pages in `measures.sections`.

Selectors return models, querysets or the small result types below and answer "not found"
with None: the views decide what a visitor sees.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import F, Prefetch, QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries as country_registry

from core.facets import Chip, Facet, facet_chips, facets_build, query_string
from core.languages import (
    fallback_language,
    fallback_order,
    language_code,
    language_codes,
    search_configuration,
)
from core.translated import text_in_language_sql
from core.workflow import Level, Status
from measures.facetindex import MeasureIndex, measure_index
from measures.facets import MeasureCounts, facet_counts, select
from measures.filters import MeasureFilterSet, measure_filterset
from measures.models import (
    RICH_TEXT_FIELDS,
    Inspiration,
    Measure,
    MeasureKind,
    TargetGroup,
    Theme,
    year_span,
)
from measures.search import matching, parse_query, tsquery_sql
from partners.models import Organisation
from partners.roles import user_level

PER_PAGE = 20
HIGHLIGHT_START, HIGHLIGHT_STOP = "\x02", "\x03"


class Sort:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    TITLE = "title"
    CHOICES = (
        (RELEVANCE, gettext_lazy("Relevance")),
        (NEWEST, gettext_lazy("Newest first")),
        (TITLE, gettext_lazy("Title A–Z")),
    )


def deferred_fields() -> list[str]:
    """Columns a list or card never shows: long texts in every language, search columns."""
    names = [f"{name}_{code}" for name in RICH_TEXT_FIELDS for code in language_codes()]
    names += list(RICH_TEXT_FIELDS)
    for prefix in ("search", "rank", "sort_title"):
        names += [f"{prefix}_{code}" for code in language_codes()]
    return names


def published_measures() -> QuerySet[Measure]:
    return Measure.objects.published()


def newest_first(queryset: QuerySet[Measure]) -> QuerySet[Measure]:
    return queryset.order_by(F("first_published_at").desc(nulls_last=True), "-pk")


# --- The list ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureCard:
    """A measure as the list shows it, its texts in the visitor's language (or fallback)."""

    pk: int
    slug: str
    url: str
    title: str
    summary: str
    organisation_name: str
    country_name: str
    city: str
    years: str  # as Measure.years writes them
    kind_label: str
    first_published_at: datetime.datetime | None
    themes: list[Theme]
    snippet: SafeString | None = None  # the summary with the searched words marked


@dataclass(frozen=True)
class MeasureListing:
    filterset: MeasureFilterSet
    page: Page  # of MeasureCards
    page_numbers: list  # the page numbers to link to, with Paginator.ELLIPSIS for gaps
    facets: list[Facet]
    chips: list[Chip]
    total: int
    query: str
    sort: str
    sort_choices: list[tuple[str, str]]
    errors: list[str]
    year_range: tuple[int | None, int | None]
    version: int = 0  # the content version the counts belong to

    @property
    def cards(self) -> list[MeasureCard]:
        return self.page.object_list

    @property
    def measures(self) -> list[MeasureCard]:
        return self.cards

    @property
    def is_filtered(self) -> bool:
        return bool(self.chips)


class KnownCountPaginator(Paginator):
    """A paginator that takes the number of results from the facet query."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


def measure_list(
    *, data: QueryDict, language: str, page: str | None = None
) -> MeasureListing | None:
    """Published measures filtered, searched, sorted and paginated as `data` (GET) asks.

    None for a page number that does not exist.
    """
    language = language_code(language)
    index = measure_index()
    themes, target_groups = list(index.themes), list(index.target_groups)
    filterset = measure_filterset(
        data=data, language=language, themes=themes, target_groups=target_groups
    )
    values = filterset.values
    query = values.get("q", "")
    errors = [
        f"{filterset.form.fields[name].label}: {' '.join(messages)}"
        for name, messages in filterset.form.errors.items()
    ]
    sort = data.get("sort", "")
    sort_choices = [(v, str(label)) for v, label in Sort.CHOICES if query or v != Sort.RELEVANCE]
    if sort not in dict(sort_choices):
        sort = Sort.RELEVANCE if query else Sort.NEWEST

    # The year is part of the state: it decides which measures are ongoing.
    year = timezone.localdate().year
    state = (language, year, query, sort == Sort.RELEVANCE, _filter_state(filterset))
    matches = index.remember(
        state, lambda: _matches(index, filterset, language, query, sort == Sort.RELEVANCE)
    )
    counts = matches.counts
    # Facets and chips follow from the counts and the address (their links keep its other
    # parameters): remembered with them.
    facets, chips = index.remember(
        ("facets", *state, query_string(data)),
        lambda: _facets_and_chips(filterset, counts, data),
    )

    paginator = KnownCountPaginator([], PER_PAGE, count=counts.total)
    try:
        number = paginator.validate_number(page or 1)
    except (PageNotAnInteger, EmptyPage):
        return None
    if matches.ranked is not None:
        order = matches.ranked
    elif sort == Sort.TITLE:
        order = index.by_title[language]
    else:
        order = index.newest
    offset = (number - 1) * PER_PAGE
    rows = np.unpackbits(matches.rows, count=index.size).view(bool)
    ids = index.ids_in_order(order, rows, offset, offset + PER_PAGE)
    cards = _cards(ids, language, query, themes)
    return MeasureListing(
        filterset=filterset,
        page=Page(cards, number, paginator),
        page_numbers=list(paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)),
        facets=facets,
        chips=chips,
        total=counts.total,
        query=query,
        sort=sort,
        sort_choices=sort_choices,
        errors=errors,
        year_range=counts.years,
        version=index.version,
    )


def _facets_and_chips(
    filterset: MeasureFilterSet, counts: MeasureCounts, data: QueryDict
) -> tuple[list[Facet], list[Chip]]:
    """The facets that have values, and a chip for each chosen value, search and year."""
    values = filterset.values
    facets = [
        facet
        for facet in facets_build(filterset=filterset, counts=counts.facets, data=data)
        if facet.values
    ]
    chips = facet_chips(facets)
    if values.get("q"):
        search = _("Search: %(query)s") % {"query": values["q"]}
        chips.insert(0, Chip(search, query_string(data, q=None)))
    for name in ("year_from", "year_to"):
        if name in values:
            label = filterset.form.fields[name].label
            chips.append(Chip(f"{label}: {int(values[name])}", query_string(data, **{name: None})))
    return facets, chips


@dataclass(frozen=True)
class _Matches:
    """What a filter state gives, whatever the page: counts and the matching rows."""

    counts: MeasureCounts
    rows: np.ndarray  # the matching rows of the index, one bit each (numpy.packbits)
    ranked: np.ndarray | None  # when ordered by relevance: the search's matches, best first


def _filter_state(filterset: MeasureFilterSet) -> tuple:
    return tuple(
        sorted(
            (name, tuple(value) if isinstance(value, list) else str(value))
            for name, value in filterset.values.items()
        )
    )


def _matches(
    index: MeasureIndex, filterset: MeasureFilterSet, language: str, query: str, ranked: bool
) -> _Matches:
    """The search (in PostgreSQL) and the filters and facet counts (in the index)."""
    found = None
    if query:
        matches = matching(query, language, ranked=ranked)
        if ranked:
            found = index.rows_ranked(matches.ids, matches.tiers, matches.ranks)
        else:
            found = index.rows_of(matches.ids)
    selection = select(index, filterset, None if found is None else index.mask_of_rows(found))
    counts = facet_counts(
        selection=selection,
        filterset=filterset,
        language=language,
        themes=list(index.themes),
        target_groups=list(index.target_groups),
    )
    return _Matches(
        counts=counts,
        rows=np.packbits(selection.rows()),
        ranked=found if ranked and found is not None else None,
    )


CARD_COLUMNS = (
    "id",
    "slug",
    "country",
    "city",
    "start_year",
    "end_year",
    "kind",
    "first_published_at",
    "theme_ids",
)


def _cards(ids: list[int], language: str, query: str, themes: list[Theme]) -> list[MeasureCard]:
    """The cards of the measures with these ids, in this order (one query); when searching,
    each with its snippet (the summary with the searched words marked: ts_headline is costly,
    so only for one page)."""
    order = fallback_order(language)
    selected = [f"m.{column}" for column in CARD_COLUMNS]
    selected += [text_in_language_sql(f"m.{field}", order) for field in ("title", "summary")]
    selected.append(text_in_language_sql("o.name", order))
    params: list = []
    if query:
        tsquery, params = tsquery_sql(parse_query(query), language)
        options = ", ".join(
            connection.ops.compose_sql(f"{option}=%s", [value])
            for option, value in (("StartSel", HIGHLIGHT_START), ("StopSel", HIGHLIGHT_STOP))
        )
        config = search_configuration(language)
        selected.append(f"ts_headline('{config}'::regconfig, m.summary_{language}, {tsquery}, %s)")
        params.append(f"{options}, HighlightAll=true")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(selected)} FROM measures_measure AS m "
            "JOIN partners_organisation AS o ON o.id = m.organisation_id "
            "WHERE m.id = ANY(%s) AND m.status = %s",
            [*params, list(ids), Status.PUBLISHED],
        )
        names = (*CARD_COLUMNS, "title_text", "summary_text", "organisation_text", "headline")
        rows = [dict(zip(names, row, strict=False)) for row in cursor.fetchall()]
    by_id = {row["id"]: row for row in rows}
    theme_by_id = {theme.pk: theme for theme in themes}
    kinds = dict(MeasureKind.choices)
    url = reverse("measures:detail", kwargs={"slug": "-slug-"})
    cards = []
    for pk in ids:
        row = by_id.get(pk)
        if row is None:  # no longer published
            continue
        cards.append(
            MeasureCard(
                pk=pk,
                slug=row["slug"],
                url=url.replace("-slug-", row["slug"]),
                title=row["title_text"],
                summary=row["summary_text"],
                organisation_name=row["organisation_text"],
                country_name=str(country_registry.name(row["country"])),
                city=row["city"],
                years=year_span(row["start_year"], row["end_year"]),
                kind_label=str(kinds.get(row["kind"], row["kind"])),
                first_published_at=row["first_published_at"],
                themes=[theme_by_id[t] for t in row["theme_ids"] if t in theme_by_id],
                snippet=highlight(row["headline"]) if query else None,
            )
        )
    return cards


def highlight(text: str | None) -> SafeString:
    """Escape a headline, then turn its markers into <mark> elements."""
    escaped = escape(text or "")
    if HIGHLIGHT_START not in escaped:
        return mark_safe(escaped)  # noqa: S308 (escaped above)
    return mark_safe(  # noqa: S308 (escaped above; only the markers become tags)
        escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    )


def measure_feed_items(*, limit: int = 30) -> QuerySet[Measure]:
    """The newest published measures (the Atom feed, the home page)."""
    queryset = published_measures().select_related("organisation").defer(*deferred_fields())
    return newest_first(queryset)[:limit]


# --- Detail -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A text section of a measure's page."""

    key: str
    heading: str | Promise
    html: str  # sanitised when saved (measures.services)
    language: str | None  # the language it is shown in, when not the requested one


SECTION_HEADINGS = (
    ("description", gettext_lazy("What was done")),
    ("challenge", gettext_lazy("The challenge")),
    ("results", gettext_lazy("Results and evidence of success")),
    ("resources_needed", gettext_lazy("Resources needed")),
    ("difficulties", gettext_lazy("Difficulties encountered")),
    ("transfer_potential", gettext_lazy("Potential for transfer")),
)


def measure_detail_queryset() -> QuerySet[Measure]:
    """Measures with what their page shows, in a fixed number of queries."""
    published_sources = Inspiration.objects.filter(source__status=Status.PUBLISHED)
    published_targets = Inspiration.objects.filter(measure__status=Status.PUBLISHED)
    return (
        Measure.objects.select_related("organisation", "region", "source_project")
        .defer(*[f"{prefix}_{code}" for prefix in ("search", "rank") for code in language_codes()])
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.all()),
            Prefetch("target_groups", queryset=TargetGroup.objects.all()),
            Prefetch(
                "stakeholders",
                queryset=Organisation.objects.published().order_by("name"),
                to_attr="published_stakeholders",
            ),
            Prefetch(
                "inspirations_received",
                queryset=published_sources.select_related("source").only(
                    *_inspiration_fields("source")
                ),
                to_attr="sources",
            ),
            Prefetch(
                "inspirations_given",
                queryset=published_targets.select_related("measure").only(
                    *_inspiration_fields("measure")
                ),
                to_attr="followers",
            ),
        )
    )


def _inspiration_fields(relation: str) -> list[str]:
    fields = ["id", "measure_id", "source_id", "note", *[f"note_{c}" for c in language_codes()]]
    fields += [f"{relation}__slug", f"{relation}__status", f"{relation}__title"]
    fields += [f"{relation}__title_{c}" for c in language_codes()]
    fields += [f"{relation}__{c}" for c in ("country",)]
    return fields


def measure_detail(*, slug: str, user) -> Measure | None:
    """The measure with this slug as its page shows it: published, or a draft for the staff
    who may edit it (a preview); None when there is none the user may see."""
    measure = measure_detail_queryset().filter(slug=slug).first()
    if measure is None:
        return None
    if measure.status != Status.PUBLISHED and (
        user_level(user, measure.organisation_id) < Level.EDITOR
    ):
        return None
    return measure


# Weights of what two measures share, for "Related measures".
RELATED_WEIGHTS = {"theme": 3.0, "group": 2.0, "kind": 1.0, "region": 1.0, "country": 0.5}
RELATED_TEXT_WEIGHT = 4.0  # times the trigram similarity (0 to 1) of title and summary
RELATED_SIMILAR_TEXT = 0.3  # from this similarity on, "similar title and summary" is a reason
RELATED_CANDIDATES = 60  # best by what they share, then ranked with the text similarity


@dataclass(frozen=True)
class RelatedMeasure:
    """A measure like another one, with what makes it alike (for the reader)."""

    measure: Measure
    themes: list[str]  # names of the themes both have
    target_groups: list[str]
    same_kind: bool
    same_region: bool
    same_country: bool
    similar_text: bool

    @property
    def reasons(self) -> list[str]:
        """What the two measures have in common, in the active language, most telling first."""
        reasons = [*self.themes, *self.target_groups]
        if self.same_kind:
            reasons.append(_("the same kind of measure"))
        if self.same_region:
            reasons.append(_("the same region"))
        elif self.same_country:
            reasons.append(_("the same country"))
        if self.similar_text:
            reasons.append(_("a similar title and summary"))
        return reasons


def measure_related(*, measure: Measure, language: str, limit: int = 4) -> list[RelatedMeasure]:
    """The published measures most like this one: shared themes and target groups weigh most,
    then the same kind, the same region (or country) and the likeness of title and summary in
    the page's language (trigrams). What they share is weighed over the facet index (no query
    beyond its version); the likeness of the best RELATED_CANDIDATES and their cards take two
    queries, whatever the number of measures. The themes and target groups of `measure` must be
    prefetched (they name the reasons)."""
    themes = {theme.pk: theme.name for theme in measure.themes.all()}
    groups = {group.pk: group.name for group in measure.target_groups.all()}
    if not themes and not groups:
        return []
    index = measure_index()
    rows, scores = _related_rows(index, measure=measure, themes=list(themes), groups=list(groups))
    if not len(rows):
        return []
    order = fallback_order(language_code(language))
    text = (
        f"{text_in_language_sql('m.title', order)} || ' ' || "
        f"{text_in_language_sql('m.summary', order)}"
    )
    own_text = " ".join(part for part in (measure.title, measure.summary) if part)
    candidates = [int(pk) for pk in index.ids[rows]]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m.id, similarity({text}, %s) FROM measures_measure m WHERE m.id = ANY(%s)",
            [own_text, candidates],
        )
        likeness = dict(cursor.fetchall())
    place = {pk: number for number, pk in enumerate(candidates)}  # by what they share
    structure = dict(zip(candidates, scores.tolist(), strict=True))
    best = sorted(
        candidates,
        key=lambda pk: (-(structure[pk] + RELATED_TEXT_WEIGHT * likeness.get(pk, 0.0)), place[pk]),
    )[:limit]
    found = (
        published_measures().select_related("organisation").defer(*deferred_fields()).in_bulk(best)
    )
    theme_sets, group_sets = index.sets["theme"], index.sets["target"]
    rows_by_id = dict(zip(candidates, rows.tolist(), strict=True))
    kinds, regions, countries = (index.scalars[name] for name in ("kind", "region", "country"))

    def value(codes, row):
        code = codes.codes[row]
        return codes.values[code] if code >= 0 else None

    related = []
    for pk in best:
        if pk not in found:
            continue
        row = rows_by_id[pk]
        same_region = measure.region_id is not None and value(regions, row) == measure.region_id
        related.append(
            RelatedMeasure(
                measure=found[pk],
                themes=[
                    themes[t]
                    for t, has in zip(theme_sets.values, theme_sets.matrix[row], strict=True)
                    if has and t in themes
                ],
                target_groups=[
                    groups[g]
                    for g, has in zip(group_sets.values, group_sets.matrix[row], strict=True)
                    if has and g in groups
                ],
                same_kind=value(kinds, row) == measure.kind,
                same_region=same_region,
                same_country=not same_region and value(countries, row) == str(measure.country),
                similar_text=likeness.get(pk, 0.0) >= RELATED_SIMILAR_TEXT,
            )
        )
    return related


def _related_rows(
    index: MeasureIndex, *, measure: Measure, themes, groups
) -> tuple[np.ndarray, np.ndarray]:
    """The rows of the RELATED_CANDIDATES published measures that share most with `measure`
    (weights of RELATED_WEIGHTS), best first, newest first among equals, and their scores."""
    theme_sets, group_sets = index.sets["theme"], index.sets["target"]
    theme_columns = [i for i, t in enumerate(theme_sets.values) if t in set(themes)]
    group_columns = [i for i, g in enumerate(group_sets.values) if g in set(groups)]
    shared_themes = theme_sets.matrix[:, theme_columns].sum(axis=1)
    shared_groups = group_sets.matrix[:, group_columns].sum(axis=1)
    score = RELATED_WEIGHTS["theme"] * shared_themes + RELATED_WEIGHTS["group"] * shared_groups
    score = score + RELATED_WEIGHTS["kind"] * index.scalars["kind"].mask([measure.kind])
    same_region = (
        index.scalars["region"].mask([measure.region_id])
        if measure.region_id is not None
        else np.zeros(index.size, dtype=bool)
    )
    same_country = index.scalars["country"].mask([str(measure.country)]) & ~same_region
    score = score + RELATED_WEIGHTS["region"] * same_region
    score = score + RELATED_WEIGHTS["country"] * same_country
    alike = (shared_themes > 0) | (shared_groups > 0)
    alike[index.rows_of([measure.pk])] = False
    candidates = np.flatnonzero(alike)
    ranked = candidates[np.lexsort((index.newest_rank[candidates], -score[candidates]))]
    chosen = ranked[:RELATED_CANDIDATES]
    return chosen, score[chosen]


def measure_presentations(*, measure: Measure, limit: int = 10) -> list:
    """Public events at which the measure was presented, latest first (one query)."""
    return list(measure.events.published().order_by("-start")[:limit])


def measure_sections(*, measure: Measure, fallbacks: dict[str, str]) -> list[Section]:
    """The text sections of a measure's page that have content."""
    return [
        Section(key=key, heading=heading, html=getattr(measure, key), language=fallbacks.get(key))
        for key, heading in SECTION_HEADINGS
        if getattr(measure, key)
    ]


def measure_fallbacks(*, measure: Measure, language: str) -> dict[str, str]:
    """Translated fields shown in another language than the requested one: field → code."""
    language = language_code(language)
    fallbacks = {}
    for name in ("title", "summary", *RICH_TEXT_FIELDS, "image_alt"):
        code = fallback_language(measure, name, language)
        if code:
            fallbacks[name] = code
    return fallbacks
