"""Reads of the measures app: the faceted list, the detail page, exports, partner sections.

Public reads only see published measures. Every function runs a fixed number of queries
whatever the number of rows (tests pin the numbers).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchRank,
)
from django.core.cache import cache
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import F, Prefetch, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries as country_registry

from core.languages import (
    fallback_language,
    fallback_order,
    language_code,
    language_codes,
    search_configuration,
)
from core.text import sort_key
from core.workflow import Level, Status
from measures.filters import MeasureFilterSet, State
from measures.models import (
    BODY_FIELDS,
    Inspiration,
    Measure,
    MeasureKind,
    TargetGroup,
    Theme,
)
from measures.search import search_query, title_first
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


def _deferred_fields() -> list[str]:
    """Columns a list or card never shows: long texts in every language, search columns."""
    names = [f"{name}_{code}" for name in BODY_FIELDS for code in language_codes()]
    names += list(BODY_FIELDS)
    for prefix in ("search", "rank", "sort_title"):
        names += [f"{prefix}_{code}" for code in language_codes()]
    return names


def published_measures() -> QuerySet[Measure]:
    return Measure.objects.published()


# --- Vocabularies -----------------------------------------------------------------------------


# The portal's content version (next2met.pagecache): raised by PostgreSQL on every change of
# measures, vocabularies, organisations, regions and projects.
CHANGE_COUNTER = RawSQL("SELECT value FROM next2met_content_version WHERE id = 1", ())


def vocabularies() -> tuple[list[Theme], list[TargetGroup]]:
    """Themes and target groups; each theme also carries the measures' change counter."""
    themes = list(Theme.objects.annotate(change_counter=CHANGE_COUNTER))
    return themes, list(TargetGroup.objects.all())


def change_counter(themes: list[Theme]) -> int | None:
    return themes[0].change_counter if themes else None


# --- Facets -----------------------------------------------------------------------------------

TABLE = '"measures_measure"'
ARRAY_FAMILIES = {"theme": "theme_ids", "target": "target_group_ids", "lang": "languages"}


def _scalar_families() -> dict[str, str]:
    year = timezone.localdate().year
    return {
        "kind": f"{TABLE}.kind",
        "country": f"{TABLE}.country",
        "region": f"{TABLE}.region_id::text",
        "organisation": f"{TABLE}.organisation_id::text",
        "project": f"{TABLE}.source_project_id::text",
        # Neither ongoing nor completed (NULL) when neither the start nor the end is known.
        "state": (
            f"CASE WHEN {TABLE}.end_year >= {int(year)} OR ({TABLE}.end_year IS NULL "
            f"AND {TABLE}.start_year IS NOT NULL) THEN '{State.ONGOING}' "
            f"WHEN {TABLE}.end_year < {int(year)} THEN '{State.COMPLETED}' END"
        ),
    }


def _where(queryset: QuerySet) -> tuple[str, list]:
    """The WHERE clause of a queryset on the measures table alone (filters never join)."""
    query = queryset.query
    compiler = query.get_compiler(using=queryset.db)
    compiler.setup_query()
    sql, params = compiler.compile(query.where)
    return (sql or "TRUE"), list(params)


@dataclass
class FacetCounts:
    """What one facet statement returns."""

    counts: dict[str, dict[str, int]]  # family → facet value → number of measures
    total: int  # measures matching every filter
    years: tuple[int | None, int | None]  # range of start years under the other filters
    labels: dict[str, dict[str, tuple]]  # organisation/region/project value → codes and names


@dataclass
class _Sql:
    """A piece of SQL with its parameters; pieces are joined in order."""

    text: str = ""
    params: list = field(default_factory=list)


def _case(selector: str, branches: dict[int, str], default: str) -> str:
    """`CASE selector WHEN k THEN v … ELSE default END`, or just the default without branches."""
    if not branches:
        return default
    whens = " ".join(f"WHEN {key} THEN {value}" for key, value in branches.items())
    return f"CASE {selector} {whens} ELSE {default} END"


def _shared_scan(filterset: MeasureFilterSet, scalars: dict[str, str]) -> tuple[_Sql, list[_Sql]]:
    """One scan for the total, the year range and every family without an active filter.

    GROUPING SETS over the filtered rows; array families are grouped by the whole array (few
    distinct combinations) and unnested afterwards. Returns the WITH clause and its SELECTs.
    """
    active = set(filterset.values)
    where, params = _where(filterset.qs)
    shared = [name for name in scalars if name not in active]
    shared_arrays = [name for name in ARRAY_FAMILIES if name not in active]
    columns = [f"{scalars[name]} AS f_{name}" for name in shared]
    columns += [f"{TABLE}.{ARRAY_FAMILIES[name]} AS f_{name}" for name in shared_arrays]
    columns.append(f"{TABLE}.start_year AS f_year")
    inner = f"SELECT {', '.join(columns)} FROM {TABLE} WHERE {where}"
    names = shared + shared_arrays
    if not names:
        total = _Sql(
            f"SELECT '' AS family, NULL AS value, count(*) AS n, min(f_year) AS lo, "
            f"max(f_year) AS hi FROM ({inner}) AS shared",
            params,
        )
        return _Sql(), [total]

    # GROUPING() has one bit per name, the first name highest; a grouping set of one column
    # leaves exactly that column's bit clear.
    all_bits = (1 << len(names)) - 1
    mask = {name: all_bits ^ (1 << (len(names) - 1 - i)) for i, name in enumerate(names)}
    grouped = ", ".join(f"f_{name}" for name in names)
    sets = ", ".join(["()"] + [f"(f_{name})" for name in names])
    with_clause = _Sql(
        f"WITH shared_groups AS (SELECT GROUPING({grouped}) AS bits, {grouped}, "
        f"count(*) AS n, min(f_year) AS lo, max(f_year) AS hi "
        f"FROM ({inner}) AS shared GROUP BY GROUPING SETS ({sets})) ",
        params,
    )
    family = _case("bits", {mask[n]: f"'{n}'" for n in shared}, "''")
    value = _case("bits", {mask[n]: f"f_{n}" for n in shared}, "NULL")
    scalar_bits = ", ".join(str(b) for b in [all_bits, *(mask[n] for n in shared)])
    selects = [
        _Sql(
            f"SELECT {family}, {value}, n, lo, hi FROM shared_groups WHERE bits IN ({scalar_bits})"
        )
    ]
    if shared_arrays:
        array_family = _case("bits", {mask[n]: f"'{n}'" for n in shared_arrays}, "NULL")
        array_value = _case("bits", {mask[n]: f"f_{n}::text[]" for n in shared_arrays}, "NULL")
        array_bits = ", ".join(str(mask[n]) for n in shared_arrays)
        selects.append(
            _Sql(
                f"SELECT {array_family}, item, sum(n)::bigint, NULL::int, NULL::int "
                f"FROM shared_groups CROSS JOIN LATERAL unnest({array_value}) AS item "
                f"WHERE bits IN ({array_bits}) GROUP BY 1, 2"
            )
        )
    return with_clause, selects


def _active_family_counts(filterset: MeasureFilterSet, scalars: dict[str, str]) -> list[_Sql]:
    """Each family with an active filter, counted over the other filters only."""
    active = set(filterset.values)
    selects = []
    for name in scalars:
        if name in active:
            where, params = _where(filterset.queryset_without(name))
            selects.append(
                _Sql(
                    f"SELECT '{name}', {scalars[name]}, count(*), NULL::int, NULL::int "
                    f"FROM {TABLE} WHERE {where} GROUP BY 2",
                    params,
                )
            )
    for name, column in ARRAY_FAMILIES.items():
        if name in active:
            where, params = _where(filterset.queryset_without(name))
            selects.append(
                _Sql(
                    f"SELECT '{name}', facet.value::text, count(*), NULL::int, NULL::int "
                    f"FROM {TABLE} CROSS JOIN LATERAL unnest({TABLE}.{column}) AS facet(value) "
                    f"WHERE {where} GROUP BY 2",
                    params,
                )
            )
    if active & {"year_from", "year_to"}:
        where, params = _where(filterset.queryset_without("year_from", "year_to"))
        selects.append(
            _Sql(
                f"SELECT 'years', NULL, count(*), min({TABLE}.start_year), "
                f"max({TABLE}.start_year) FROM {TABLE} WHERE {where}",
                params,
            )
        )
    return selects


def _selected_entities(filterset: MeasureFilterSet) -> _Sql:
    """Selected organisations, regions and projects, named even when nothing matches them."""
    selected = filterset.values
    return _Sql(
        "SELECT 'organisation', id::text, 0, NULL::int, NULL::int FROM partners_organisation "
        "WHERE slug = ANY(%s) UNION ALL "
        "SELECT 'region', id::text, 0, NULL::int, NULL::int FROM partners_region "
        "WHERE nuts_code = ANY(%s) UNION ALL "
        "SELECT 'project', id::text, 0, NULL::int, NULL::int FROM partners_project "
        "WHERE slug = ANY(%s)",
        [list(selected.get(name, [])) for name in ("organisation", "region", "project")],
    )


def facet_counts_sql(filterset: MeasureFilterSet) -> tuple[str, list]:
    """The one statement that counts every facet family and names its entities."""
    scalars = _scalar_families()
    with_clause, shared = _shared_scan(filterset, scalars)
    selects = [*shared, *_active_family_counts(filterset, scalars), _selected_entities(filterset)]
    facets = with_clause.text + " UNION ALL ".join(select.text for select in selects)
    params = with_clause.params + [p for select in selects for p in select.params]
    return facet_labels_sql(facets), params


def facet_counts(filterset: MeasureFilterSet) -> FacetCounts:
    """Counts per facet value, the number of results, the range of start years and the names
    of the organisations, regions and projects among the values, in one SQL statement."""
    active = set(filterset.values)
    result = FacetCounts(
        counts={},
        total=0,
        years=(None, None),
        labels={"organisation": {}, "region": {}, "project": {}},
    )
    sql, params = facet_counts_sql(filterset)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for family, value, n, lo, hi, *names in rows:
        if family == "":
            result.total = n
            if not active & {"year_from", "year_to"}:
                result.years = (lo, hi)
        elif family == "years":
            result.years = (lo, hi)
        elif value is not None:
            family_counts = result.counts.setdefault(family, {})
            family_counts[value] = family_counts.get(value, 0) + n
            if family in result.labels and names[0]:
                result.labels[family][value] = tuple(names)
    return result


def facet_labels_sql(facets: str) -> str:
    """The facet rows with the codes and names (one column per language, in the order of
    `language_codes()`) of their organisations, regions and projects, in one statement."""
    names = "".join(
        f",\n    coalesce(o.name_{code}, r.name_{code}, p.title_{code})"
        for code in language_codes()
    )
    return FACET_LABELS_SQL.format(facets=facets, names=names)


# Organisations, regions and projects of the facet values, named in the same statement.
FACET_LABELS_SQL = """
WITH facets(family, value, n, lo, hi) AS ({facets})
SELECT facets.*,
    coalesce(o.slug, r.nuts_code, p.slug),
    coalesce(p.acronym, ''){names}
FROM facets
LEFT JOIN partners_organisation o
    ON o.id = CASE WHEN facets.family = 'organisation' THEN facets.value::bigint END
LEFT JOIN partners_region r
    ON r.id = CASE WHEN facets.family = 'region' THEN facets.value::bigint END
LEFT JOIN partners_project p
    ON p.id = CASE WHEN facets.family = 'project' THEN facets.value::bigint END
"""


# --- The list ---------------------------------------------------------------------------------


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str = ""


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]
    long: bool = False

    @property
    def selected_count(self) -> int:
        return sum(1 for value in self.values if value.selected)


@dataclass
class Chip:
    label: str
    remove_url: str


@dataclass
class MeasureListing:
    filterset: MeasureFilterSet
    page: Page
    measures: list[Measure]
    facets: list[Facet]
    chips: list[Chip]
    total: int
    query: str
    sort: str
    sort_choices: list[tuple[str, str]]
    errors: list[str] = field(default_factory=list)
    year_range: tuple = (None, None)
    clear_url: str = "?"

    @property
    def is_filtered(self) -> bool:
        return bool(self.chips)


class KnownCountPaginator(Paginator):
    """A paginator that takes the number of results from the facet query."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


def _query_string(data: QueryDict, **changes) -> str:
    params = data.copy()
    params.pop("page", None)
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params.setlist(name, value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def _toggle_url(data: QueryDict, name: str, value: str) -> str:
    current = [item for item in data.getlist(name) if item]
    if value in current:
        new = [item for item in current if item != value]
    else:
        new = [*current, value]
    return _query_string(data, **{name: new or None})


def _entity_labels(raw: dict[str, dict[str, tuple]], counts, filterset, language):
    """Facet value → (URL code, label) for organisations, regions, projects and countries."""
    column = {code: 2 + index for index, code in enumerate(language_codes())}
    order = [column[code] for code in fallback_order(language)]
    labels: dict[str, dict[str, tuple[str, str]]] = {}
    for family, rows in raw.items():
        labels[family] = {}
        for value, row in rows.items():
            name = next((row[i] for i in order if row[i]), "") or row[0]
            labels[family][value] = (row[0], f"{row[1]} – {name}" if row[1] else name)
    codes = set(counts.get("country", {})) | set(filterset.values.get("country", []))
    labels["country"] = {code: (code, str(country_registry.name(code))) for code in codes}
    return labels


def _facet_labels(entities, themes, target_groups):
    """Label and URL value of each facet value, by family: value in counts → (param, label)."""
    languages = dict(settings.LANGUAGES)
    return {
        "theme": {str(t.pk): (t.slug, t.name) for t in themes},
        "target": {str(g.pk): (g.slug, g.name) for g in target_groups},
        "kind": {value: (value, label) for value, label in MeasureKind.choices},
        "state": {value: (value, str(label)) for value, label in State.CHOICES},
        "lang": {code: (code, str(languages[code])) for code in language_codes()},
        **entities,
    }


FACET_CACHE_SECONDS = 600


def _facet_cache_key(filterset: MeasureFilterSet, language: str) -> str:
    state = sorted(
        (name, sorted(value) if isinstance(value, list) else str(value))
        for name, value in filterset.values.items()
    )
    digest = hashlib.sha256(repr((language, state)).encode()).hexdigest()[:32]
    return f"measures:facets:{digest}"


def facets_with_labels(*, filterset: MeasureFilterSet, language: str, counter: int | None):
    """Facet counts, total, year range and labels: from the shared cache when still current.

    The cache entry remembers the content version it was computed at (the database raises it
    on every change of measures and of the organisations, regions and projects in the labels),
    so an edit anywhere makes every entry stale at once.
    """
    key = _facet_cache_key(filterset, language)
    if counter is not None:
        entry = cache.get(key)
        if entry is not None and entry[0] == counter:
            return entry[1:]
    result = facet_counts(filterset)
    entities = _entity_labels(result.labels, result.counts, filterset, language)
    if counter is not None:
        cache.set(
            key,
            (counter, result.counts, result.total, result.years, entities),
            FACET_CACHE_SECONDS,
        )
    return result.counts, result.total, result.years, entities


FACET_ORDER = (
    ("theme", gettext_lazy("Theme"), "vocabulary"),
    ("kind", gettext_lazy("Kind of measure"), "vocabulary"),
    ("target", gettext_lazy("Target group"), "vocabulary"),
    ("country", gettext_lazy("Country"), "count"),
    ("region", gettext_lazy("Region"), "count"),
    ("organisation", gettext_lazy("Organisation"), "count"),
    ("project", gettext_lazy("Source project"), "count"),
    ("state", gettext_lazy("Status"), "vocabulary"),
    ("lang", gettext_lazy("Available in"), "vocabulary"),
)


def _build_facets(data, counts, labels, filterset) -> tuple[list[Facet], list[Chip]]:
    selected = filterset.values
    facets, chips = [], []
    for name, label, order in FACET_ORDER:
        family_counts = counts.get(name, {})
        chosen = selected.get(name) or []
        if isinstance(chosen, str):
            chosen = [chosen]
        values = []
        seen = set()
        for key, (param, value_label) in labels[name].items():
            count = family_counts.get(key, 0)
            if param in seen or (count == 0 and param not in chosen):
                continue
            seen.add(param)
            values.append(
                FacetValue(
                    value=param,
                    label=value_label,
                    count=count,
                    selected=param in chosen,
                    # Only chips link to a changed address (the facets are a form).
                    url=_toggle_url(data, name, param) if param in chosen else "",
                )
            )
        for param in chosen:
            if param not in seen:  # an unknown code or slug: shown so that it can be removed
                values.append(FacetValue(param, param, 0, True, _toggle_url(data, name, param)))
        if order == "count":
            values.sort(key=lambda v: (-v.count, sort_key(v.label)))
        for value in values:
            if value.selected:
                chips.append(Chip(f"{label}: {value.label}", value.url))
        if values:
            facets.append(Facet(name=name, label=str(label), values=values, long=len(values) > 8))
    return facets, chips


def measure_list(*, data: QueryDict, language: str, page: str | None = None) -> MeasureListing:
    """Published measures filtered, searched, sorted and paginated as `data` (GET) asks.

    Raises Http404 for a page number that does not exist.
    """
    language = language_code(language)
    themes, target_groups = vocabularies()
    filterset = MeasureFilterSet(
        data=data,
        queryset=published_measures(),
        language=language,
        themes=themes,
        target_groups=target_groups,
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

    counts, total, year_range, entities = facets_with_labels(
        filterset=filterset, language=language, counter=change_counter(themes)
    )
    labels = _facet_labels(entities, themes, target_groups)
    facets, chips = _build_facets(data, counts, labels, filterset)
    if query:
        chips.insert(
            0, Chip(_("Search: %(query)s") % {"query": query}, _query_string(data, q=None))
        )
    for name in ("year_from", "year_to"):
        if name in values:
            chips.append(
                Chip(
                    f"{filterset.form.fields[name].label}: {int(values[name])}",
                    _query_string(data, **{name: None}),
                )
            )

    paginator = KnownCountPaginator([], PER_PAGE, count=total)
    try:
        number = paginator.validate_number(page or 1)
    except (PageNotAnInteger, EmptyPage) as error:
        raise Http404(_("There is no such page of results.")) from error
    offset = (number - 1) * PER_PAGE
    measures = _page_rows(filterset.qs, language, query, sort, offset)
    theme_by_id = {theme.pk: theme for theme in themes}
    for measure in measures:
        measure.theme_list = [theme_by_id[pk] for pk in measure.theme_ids if pk in theme_by_id]
    page_obj = Page(measures, number, paginator)
    page_obj.elided_range = list(paginator.get_elided_page_range(number, on_each_side=2, on_ends=1))
    return MeasureListing(
        filterset=filterset,
        page=page_obj,
        measures=measures,
        facets=facets,
        chips=chips,
        total=total,
        query=query,
        sort=sort,
        sort_choices=sort_choices,
        errors=errors,
        year_range=year_range,
        clear_url="?",
    )


def _page_rows(queryset, language, query, sort, offset) -> list[Measure]:
    rows = queryset.select_related("organisation").defer(*_deferred_fields())
    if sort == Sort.RELEVANCE and query:
        rank = SearchRank(F(f"rank_{language}"), search_query(query, language))
        ordering = [
            title_first(query, language).desc(),
            rank.desc(nulls_last=True),
            F("first_published_at").desc(nulls_last=True),
            F("pk").desc(),
        ]
    elif sort == Sort.TITLE:
        ordering = [F(f"sort_title_{language}").asc(), F("pk").asc()]
    else:
        ordering = [F("first_published_at").desc(nulls_last=True), F("pk").desc()]
    if not query:
        return list(rows.order_by(*ordering)[offset : offset + PER_PAGE])
    # Snippets for this page only: ts_headline is costly and needs just these rows, so the
    # page is chosen in a subquery and only its rows get a headline (one statement).
    page_ids = queryset.order_by(*ordering).values("pk")[offset : offset + PER_PAGE]
    headline = SearchHeadline(
        f"summary_{language}",
        search_query(query, language),
        config=search_configuration(language),
        start_sel=HIGHLIGHT_START,
        stop_sel=HIGHLIGHT_STOP,
        highlight_all=True,
    )
    measures = list(
        rows.model.objects.filter(pk__in=page_ids)
        .select_related("organisation")
        .defer(*_deferred_fields())
        .annotate(raw_headline=headline)
        .order_by(*ordering)
    )
    for measure in measures:
        measure.snippet = highlight(measure.raw_headline)
    return measures


def highlight(text: str | None) -> SafeString:
    """Escape a headline, then turn its markers into <mark> elements."""
    escaped = escape(text or "")
    if HIGHLIGHT_START not in escaped:
        return mark_safe(escaped)  # noqa: S308 (escaped above)
    return mark_safe(  # noqa: S308 (escaped above; only the markers become tags)
        escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    )


# --- Detail -----------------------------------------------------------------------------------

TRANSLATED_SECTIONS = ("summary", *BODY_FIELDS)


def measure_detail_queryset(*, user) -> QuerySet[Measure]:
    """Published measures, and for staff who may edit them, their drafts (preview)."""
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


def measure_detail(*, slug: str, user) -> Measure:
    """The measure with this slug as its page shows it; Http404 when the user may not see it."""
    measure = measure_detail_queryset(user=user).filter(slug=slug).first()
    if measure is None:
        raise Http404(_("There is no such measure."))
    if measure.status != Status.PUBLISHED and (
        user_level(user, measure.organisation_id) < Level.EDITOR
    ):
        raise Http404(_("There is no such measure."))
    return measure


def measure_related(*, measure: Measure, limit: int = 4) -> list[Measure]:
    """The newest published measures that share a theme with this one."""
    if not measure.theme_ids:
        return []
    return list(
        published_measures()
        .filter(theme_ids__overlap=list(measure.theme_ids))
        .exclude(pk=measure.pk)
        .select_related("organisation")
        .defer(*_deferred_fields())
        .order_by(F("first_published_at").desc(nulls_last=True), "-pk")[:limit]
    )


SECTION_HEADINGS = (
    ("description", gettext_lazy("What was done")),
    ("challenge", gettext_lazy("The challenge")),
    ("results", gettext_lazy("Results and evidence of success")),
    ("resources_needed", gettext_lazy("Resources needed")),
    ("difficulties", gettext_lazy("Difficulties encountered")),
    ("transfer_potential", gettext_lazy("Potential for transfer")),
)


def measure_presentations(*, measure: Measure, limit: int = 10) -> list:
    """Public events at which the measure was presented, latest first (one query)."""
    return list(measure.events.published().order_by("-start")[:limit])


def measure_sections(*, measure: Measure, fallbacks: dict[str, str]) -> list[dict[str, Any]]:
    """The text sections of a measure's page that have content (sanitised HTML, see services)."""
    return [
        {
            "key": key,
            "heading": heading,
            "html": getattr(measure, key),
            "language": fallbacks.get(key),
        }
        for key, heading in SECTION_HEADINGS
        if getattr(measure, key)
    ]


def measure_fallbacks(*, measure: Measure, language: str) -> dict[str, str]:
    """Translated fields shown in another language than the requested one: field → code."""
    language = language_code(language)
    fallbacks = {}
    for name in ("title", *TRANSLATED_SECTIONS, "image_alt"):
        code = fallback_language(measure, name, language)
        if code:
            fallbacks[name] = code
    return fallbacks


# --- Partner pages ----------------------------------------------------------------------------

SECTION_LIMIT = 6


def organisation_section(*, organisation) -> dict[str, Any] | None:
    """The organisation's published measures for its partner page (two queries)."""
    queryset = published_measures().filter(organisation=organisation)
    measures = list(
        queryset.defer(*_deferred_fields()).order_by(
            F("first_published_at").desc(nulls_last=True), "-pk"
        )[: SECTION_LIMIT + 1]
    )
    if not measures:
        return None
    count = len(measures) if len(measures) <= SECTION_LIMIT else queryset.count()
    return {
        "measures": measures[:SECTION_LIMIT],
        "count": count,
        "more_url": reverse("measures:index")
        + "?"
        + urlencode({"organisation": organisation.slug}),
    }


# --- Exports and feeds ------------------------------------------------------------------------


def measure_export_filterset(*, data: QueryDict, language: str) -> MeasureFilterSet:
    themes, target_groups = vocabularies()
    filterset = MeasureFilterSet(
        data=data,
        queryset=published_measures(),
        language=language_code(language),
        themes=themes,
        target_groups=target_groups,
    )
    filterset.themes = themes
    filterset.target_groups = target_groups
    return filterset


def export_names_sql() -> str:
    """Codes of organisations, regions and projects, with organisation names per language."""
    names = ", ".join(f"name_{code}" for code in language_codes())
    blanks = ", ".join("''" for _code in language_codes())
    return (
        f"SELECT 'organisation', id, slug, {names} FROM partners_organisation "
        f"UNION ALL SELECT 'region', id, nuts_code, {blanks} FROM partners_region "
        f"UNION ALL SELECT 'project', id, slug, {blanks} FROM partners_project"
    )


def measure_export_rows(
    *, filterset: MeasureFilterSet, language: str, chunk_size: int = 2000
) -> Iterator[dict[str, Any]]:
    """Rows of the filtered list for open-data exports, read through a server-side cursor.

    The cursor reads the measures table alone, in id order; the codes and names of
    organisations, regions and projects come from one small query beforehand.
    """
    language = language_code(language)
    theme_slugs = {theme.pk: theme.slug for theme in filterset.themes}
    group_slugs = {group.pk: group.slug for group in filterset.target_groups}
    order = fallback_order(language)
    names: dict[str, dict[int, tuple]] = {"organisation": {}, "region": {}, "project": {}}
    with connection.cursor() as cursor:
        cursor.execute(export_names_sql())
        for family, pk, code, *texts in cursor.fetchall():
            by_language = dict(zip(language_codes(), texts, strict=True))
            shown = next((by_language[c] for c in order if by_language[c]), "")
            names[family][pk] = (code, shown)
    columns = [
        "slug",
        "kind",
        "theme_ids",
        "target_group_ids",
        "country",
        "region_id",
        "city",
        "organisation_id",
        "source_project_id",
        "start_year",
        "end_year",
        "funding",
        "website",
        "languages",
        "first_published_at",
        "updated_at",
    ]
    translated = ("title", "summary")
    select = columns + [f"{name}_{code}" for name in translated for code in order]
    queryset = filterset.qs.order_by("pk").values_list(*select)
    width = len(columns)
    none = ("", "")
    for row in queryset.iterator(chunk_size=chunk_size):
        record = dict(zip(columns, row[:width], strict=True))
        for index, name in enumerate(translated):
            start = width + index * len(order)
            candidates = row[start : start + len(order)]
            record[name] = next((text for text in candidates if text), "")
        organisation = names["organisation"].get(record.pop("organisation_id"), none)
        record["organisation__slug"], record["organisation__name"] = organisation
        record["region__nuts_code"] = names["region"].get(record.pop("region_id"), none)[0]
        record["source_project__slug"] = names["project"].get(
            record.pop("source_project_id"), none
        )[0]
        record["themes"] = [theme_slugs[pk] for pk in record.pop("theme_ids") if pk in theme_slugs]
        record["target_groups"] = [
            group_slugs[pk] for pk in record.pop("target_group_ids") if pk in group_slugs
        ]
        yield record


def measure_feed_items(*, limit: int = 30) -> QuerySet[Measure]:
    return (
        published_measures()
        .select_related("organisation")
        .defer(*_deferred_fields())
        .order_by(F("first_published_at").desc(nulls_last=True), "-pk")[:limit]
    )


def export_query_string(data: QueryDict) -> str:
    """The filters of the current list for export links (without page and sort)."""
    params = data.copy()
    for name in ("page", "sort"):
        params.pop(name, None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""
