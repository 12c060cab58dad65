"""Facet counts of the measure list: one PostgreSQL statement for every family.

The PostgreSQL strategy behind `core.facets` for the measures database (the small lists count
with `core.facets.filterset_counts`). Every filter is a condition on the measures table alone
(theme, target group and language arrays and the organisation's country, region and project
are columns of the measure), so no count joins: the families without an active filter share
one index-only scan of a narrow covering index with `GROUPING SETS` (the arrays are grouped
whole, then unnested), each family with an active filter is counted over the other filters
only, and the names of the organisations, regions and projects among the values are read in
the same statement.

The counts are kept in the shared cache, keyed by language and filter state, together with the
content version they were computed at (`next2met.contentversion`), so any change of measures,
vocabularies, organisations, regions or projects makes them stale at once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django_countries import countries as country_registry

from core.facets import FacetCounts
from core.languages import fallback_order, language_codes
from measures.filters import Lifecycle, MeasureFilterSet
from measures.models import TargetGroup, Theme
from next2met.contentversion import content_version

TABLE = '"measures_measure"'
ARRAY_FAMILIES = {"theme": "theme_ids", "target": "target_group_ids", "lang": "languages"}
# Families whose values are rows of other tables: counted by id, named in the same statement.
ENTITY_FAMILIES = ("organisation", "region", "project")


@dataclass(frozen=True)
class MeasureCounts:
    """The facet counts of the measure list, with the number of results and their years."""

    facets: FacetCounts  # counts by value as the list's address names it, entity names
    total: int  # measures matching every filter
    years: tuple[int | None, int | None]  # range of start years under the other filters


# --- The statement ----------------------------------------------------------------------------


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
            f"AND {TABLE}.start_year IS NOT NULL) THEN '{Lifecycle.ONGOING.value}' "
            f"WHEN {TABLE}.end_year < {int(year)} THEN '{Lifecycle.COMPLETED.value}' END"
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


# --- Counting ---------------------------------------------------------------------------------


def _entity_label(row: tuple, language: str) -> str:
    """An organisation's, region's or project's name in the language (or its fallback); a
    project as "ACRONYM – title"."""
    code, acronym, *names = row
    by_language = dict(zip(language_codes(), names, strict=True))
    name = next((by_language[c] for c in fallback_order(language) if by_language[c]), "") or code
    return f"{acronym} – {name}" if acronym else name


def facet_counts(
    *,
    filterset: MeasureFilterSet,
    language: str,
    themes: list[Theme],
    target_groups: list[TargetGroup],
) -> MeasureCounts:
    """Counts per facet value, the number of results, the range of start years and the names
    of the organisations, regions, projects and countries among the values: one statement.

    Values are turned into what the list's address carries (slugs, NUTS codes, country codes).
    """
    active = set(filterset.values)
    params_of = {
        "theme": {str(theme.pk): theme.slug for theme in themes},
        "target": {str(group.pk): group.slug for group in target_groups},
    }
    counts: dict[str, dict[str, int]] = {}
    labels: dict[str, dict[str, str]] = {name: {} for name in (*ENTITY_FAMILIES, "country")}
    total, years = 0, (None, None)
    sql, params = facet_counts_sql(filterset)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for family, value, n, lo, hi, *entity in rows:
        if family == "":
            total = n
            if not active & {"year_from", "year_to"}:
                years = (lo, hi)
            continue
        if family == "years":
            years = (lo, hi)
            continue
        if value is None:
            continue
        if family in ENTITY_FAMILIES:
            if not entity[0]:
                continue
            param = entity[0]
            labels[family][param] = _entity_label(tuple(entity), language)
        elif family in params_of:
            param = params_of[family].get(value)
            if param is None:
                continue
        else:
            param = value
        family_counts = counts.setdefault(family, {})
        family_counts[param] = family_counts.get(param, 0) + n
    for code in set(counts.get("country", {})) | set(filterset.selected("country")):
        labels["country"][code] = str(country_registry.name(code))
    return MeasureCounts(facets=FacetCounts(counts=counts, labels=labels), total=total, years=years)


# --- Cache ------------------------------------------------------------------------------------

FACET_CACHE_SECONDS = 600
# Part of every key: a new shape of the cached value gets a new prefix, so that entries of the
# old shape are never read.
FACET_CACHE_PREFIX = "measures:facet-counts"


def _facet_cache_key(filterset: MeasureFilterSet, language: str) -> str:
    state = sorted(
        (name, sorted(value) if isinstance(value, list) else str(value))
        for name, value in filterset.values.items()
    )
    digest = hashlib.sha256(repr((language, state)).encode()).hexdigest()[:32]
    return f"{FACET_CACHE_PREFIX}:{digest}"


def facet_counts_cached(
    *,
    filterset: MeasureFilterSet,
    language: str,
    themes: list[Theme],
    target_groups: list[TargetGroup],
) -> MeasureCounts:
    """`facet_counts`, from the shared cache while the content version is the same.

    The cache entry remembers the content version it was computed at (next2met.contentversion:
    the database raises it on every change of measures, their vocabularies and the
    organisations, regions and projects in the labels), so an edit anywhere makes every entry
    stale at once.
    """
    key = _facet_cache_key(filterset, language)
    version = content_version()
    entry = cache.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    result = facet_counts(
        filterset=filterset, language=language, themes=themes, target_groups=target_groups
    )
    cache.set(key, (version, result), FACET_CACHE_SECONDS)
    return result
