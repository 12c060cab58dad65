"""The published measures' facet columns in memory, for filtering, counting and paging.

At 100,000 measures, counting nine facet families in PostgreSQL reads every row again for each
filter combination (hundreds of milliseconds). Instead every process keeps the facet columns of
the published measures as arrays (about 30 bytes per measure: a few megabytes at 100,000), read
with index-only scans in one statement and kept as long as the content version
(`next2met.contentversion`) stays the same; any change of measures, vocabularies,
organisations, regions or projects makes the next request read them again. A filter is then a
boolean mask over the rows, a facet family's counts one `bincount` over the rows the *other*
families' masks leave, and a page of results the first rows of a precomputed order (newest
first, or by title in each language) that all masks let through: a few milliseconds whatever
the number of measures.

Search stays in PostgreSQL (`measures.search`); its matches come back as one array of ids and
become one more mask (`MeasureIndex.rows_of`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

import numpy as np
from django.db import connection

from core.languages import language_codes
from core.workflow import Status
from measures.models import TargetGroup, Theme
from next2met.contentversion import content_version

T = TypeVar("T")
# Results of this many filter states are remembered per index (at 100,000 measures each takes
# about 13 KiB, a search up to 4 bytes per match more).
MEMO_SIZE = 256
SCALAR_FAMILIES = ("kind", "country", "region", "organisation", "project")
SET_FAMILIES = ("theme", "target", "lang")
# Marks an unknown year in the year columns (the model allows only years from 1990 on).
NO_YEAR = 0


@dataclass(frozen=True)
class Codes:
    """A column of values as small integer codes: `codes[row]` indexes `values`; -1 is none."""

    codes: np.ndarray
    values: tuple

    def mask(self, wanted) -> np.ndarray:
        """Rows whose value is one of `wanted` (unknown values match nothing)."""
        wanted = set(wanted)
        positions = [i for i, value in enumerate(self.values) if value in wanted]
        return np.isin(self.codes, positions)

    def counts(self, rows: np.ndarray) -> dict:
        """Value → number of rows among `rows` (a mask) that have it; values without rows left
        out."""
        codes = self.codes[rows]
        tally = np.bincount(codes[codes >= 0], minlength=len(self.values))
        return {self.values[i]: int(tally[i]) for i in np.flatnonzero(tally)}


@dataclass(frozen=True)
class Sets:
    """A column of sets of values (themes, target groups, languages): one boolean column per
    value."""

    matrix: np.ndarray  # rows × values
    values: tuple

    def mask(self, wanted) -> np.ndarray:
        """Rows that have at least one of `wanted` (unknown values match nothing)."""
        wanted = set(wanted)
        columns = [i for i, value in enumerate(self.values) if value in wanted]
        return self.matrix[:, columns].any(axis=1)

    def counts(self, rows: np.ndarray) -> dict:
        tally = self.matrix[rows].sum(axis=0)
        return {self.values[i]: int(tally[i]) for i in np.flatnonzero(tally)}


@dataclass(frozen=True)
class Entity:
    """An organisation, region or project a facet value stands for."""

    code: str  # as the list's address names it: a slug or a NUTS code
    acronym: str  # projects only
    names: tuple[str, ...]  # in the order of language_codes()


@dataclass(frozen=True)
class MeasureIndex:
    """The facet columns of the published measures at one content version, row by row in
    the order of their ids."""

    version: int
    ids: np.ndarray  # the measures' ids, ascending
    scalars: dict[str, Codes]  # kind, country, region, organisation, project
    sets: dict[str, Sets]  # theme, target, lang (themes and target groups by id)
    start_year: np.ndarray  # NO_YEAR when unknown
    end_year: np.ndarray
    newest: np.ndarray  # rows, newest first (first published, then id, both descending)
    by_title: dict[str, np.ndarray]  # language → rows by title in that language, then id
    # organisation, region, project → id → what the facet shows (all of them, not only those
    # with measures, so that a chosen one is named even when nothing matches it)
    entities: dict[str, dict[int, Entity]]
    # the vocabularies, in their order (the list shows their names on every card)
    themes: tuple[Theme, ...] = ()
    target_groups: tuple[TargetGroup, ...] = ()
    # (family, language) → id → name, filled as languages are asked for (measures.facets)
    labels: dict[tuple[str, str], dict[int, str]] = field(default_factory=dict)
    # results of recent filter states (`remember`), newest last
    memo: OrderedDict = field(default_factory=OrderedDict)
    memo_lock: threading.Lock = field(default_factory=threading.Lock)

    def remember(self, key: Hashable, compute: Callable[[], T]) -> T:
        """What `compute` gives, kept for the MEMO_SIZE most recently asked keys as long as
        this index (that is, the content) stays the same."""
        with self.memo_lock:
            if key in self.memo:
                self.memo.move_to_end(key)
                return self.memo[key]
        value = compute()
        with self.memo_lock:
            self.memo[key] = value
            while len(self.memo) > MEMO_SIZE:
                self.memo.popitem(last=False)
        return value

    def forget_results(self) -> None:
        """Drop the remembered results (the benchmark measures computing them)."""
        with self.memo_lock:
            self.memo.clear()

    def entity_ids(self, family: str, codes) -> list[int]:
        """The ids of the entities of a family with the given codes (unknown ones left out)."""
        wanted = set(codes)
        return [pk for pk, entity in self.entities[family].items() if entity.code in wanted]

    def region_ids_within(self, codes) -> list[int]:
        """The ids of the regions with the given NUTS codes and of the regions within them
        (NUTS codes nest by prefix: DEA holds DEA1 and DEA11)."""
        prefixes = tuple(codes)
        if not prefixes:
            return []
        return [
            pk for pk, entity in self.entities["region"].items() if entity.code.startswith(prefixes)
        ]

    @property
    def size(self) -> int:
        return len(self.ids)

    def everything(self) -> np.ndarray:
        return np.ones(self.size, dtype=bool)

    def rows_of(self, ids) -> np.ndarray:
        """The rows of the given measure ids, in their order (ids not in the index left out)."""
        return rows_of(self.ids, np.asarray(ids, dtype=np.int64))

    def rows_ranked(self, ids, tiers, ranks) -> np.ndarray:
        """The rows of the given measure ids, best first: higher tier, then higher rank, then
        newest first as `newest` orders them (ids not in the index left out)."""
        rows = positions_of(self.ids, np.asarray(ids, dtype=np.int64))
        known = rows >= 0
        rows, tiers, ranks = rows[known], np.asarray(tiers)[known], np.asarray(ranks)[known]
        # lexsort sorts by the last key first.
        return rows[np.lexsort((self.newest_rank[rows], -ranks.astype(np.float64), -tiers))]

    @cached_property
    def newest_rank(self) -> np.ndarray:
        """Each row's place in `newest`."""
        rank = np.empty(self.size, dtype=np.int64)
        rank[self.newest] = np.arange(self.size)
        return rank

    def mask_of_rows(self, rows: np.ndarray) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        mask[rows] = True
        return mask

    def ids_in_order(self, order: np.ndarray, rows: np.ndarray, start: int, stop: int) -> list:
        """Ids of the measures at positions start…stop of `order` among the rows of a mask."""
        chosen = order[rows[order]]
        return [int(pk) for pk in self.ids[chosen[start:stop]]]


# --- Reading --------------------------------------------------------------------------------

_lock = threading.Lock()
_current: MeasureIndex | None = None


def measure_index() -> MeasureIndex:
    """The index at the current content version: the one this process holds, or read anew."""
    global _current
    version = content_version()
    current = _current
    if current is not None and current.version == version:
        return current
    with _lock:
        if _current is None or _current.version != version:
            _current = read_index()
        return _current


def forget_index() -> None:
    """Drop this process's index (the benchmark measures the first request after a change)."""
    global _current
    _current = None


def positions_of(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The positions of `wanted` in the ascending `ids`, in the order of `wanted`, -1 for those
    not in `ids`: through a table by id while ids are dense enough, else a binary search."""
    if not len(ids) or not len(wanted):
        return np.full(len(wanted), -1, dtype=np.int64)
    top = int(ids[-1])
    if top <= 4 * len(ids) + 100_000:
        position = np.full(top + 1, -1, dtype=np.int64)
        position[ids] = np.arange(len(ids))
        rows = position[np.clip(wanted, 0, top)]
        return np.where((wanted <= top) & (wanted >= 0), rows, -1)
    rows = np.minimum(np.searchsorted(ids, wanted), len(ids) - 1)
    return np.where(ids[rows] == wanted, rows, -1)


def rows_of(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The positions of `wanted` in the ascending `ids`, in the order of `wanted`, those not in
    `ids` left out."""
    rows = positions_of(ids, wanted)
    return rows[rows >= 0]


def _ints(data: bytes | memoryview | None, dtype: str = ">i4") -> np.ndarray:
    return np.frombuffer(bytes(data or b""), dtype=dtype).astype(np.int64)


def index_sql() -> str:
    """One statement, only index-only scans of the measures table: the version, the entities
    the facets name, the facet columns and the orders for paging (newest first; by title per
    language), each order read from its index in index order, so that nothing is sorted.

    The facet columns are aggregated in one pass without sorting: every aggregate of a query
    receives the rows in the same order, so the columns stay aligned row by row (and are put
    in id order in Python)."""
    published = f"status = '{Status.PUBLISHED}'"
    # The languages a measure is described in, as bits in the order of language_codes().
    languages = " | ".join(
        f"(coalesce('{code}' = ANY(languages), false)::int << {bit})"
        for bit, code in enumerate(language_codes())
    )
    titles = ",\n".join(
        f"(SELECT string_agg(pk, '') FROM (SELECT int4send(id::int) AS pk "
        f"FROM measures_measure WHERE {published} ORDER BY sort_title_{code}, id) AS titles)"
        for code in language_codes()
    )
    names = {
        family: ", ".join(f"{column}_{code}" for code in language_codes())
        for family, column in (("o", "name"), ("r", "name"), ("p", "title"))
    }
    return f"""
SELECT
    (SELECT value FROM next2met_content_version WHERE id = 1),
    (SELECT json_agg(json_build_array(id, slug, '', {names["o"]})) FROM partners_organisation),
    (SELECT json_agg(json_build_array(id, nuts_code, '', {names["r"]})) FROM partners_region),
    (SELECT json_agg(json_build_array(id, slug, acronym, {names["p"]})) FROM partners_project),
    facets.*,
    (SELECT string_agg(pk, '') FROM (SELECT int4send(id::int) AS pk FROM measures_measure
        WHERE {published} ORDER BY first_published_at DESC NULLS LAST, id DESC) AS newest),
    {titles}
FROM (
    SELECT
        string_agg(int4send(id::int), ''),
        string_agg(kind, ','),
        string_agg(country, ','),
        string_agg(int4send(coalesce(region_id, 0)::int), ''),
        string_agg(int4send(organisation_id::int), ''),
        string_agg(int4send(coalesce(source_project_id, 0)::int), ''),
        string_agg(int2send(coalesce(start_year, {NO_YEAR})::int2), ''),
        string_agg(int2send(coalesce(end_year, {NO_YEAR})::int2), ''),
        string_agg(int2send(coalesce(cardinality(theme_ids), 0)::int2), ''),
        string_agg(nullif(array_to_string(theme_ids, ','), ''), ','),
        string_agg(int2send(coalesce(cardinality(target_group_ids), 0)::int2), ''),
        string_agg(nullif(array_to_string(target_group_ids, ','), ''), ','),
        string_agg(int2send(({languages})::int2), '')
    FROM measures_measure WHERE {published}
) AS facets
"""


def _codes(joined: str | None, size: int) -> Codes:
    """Text values "a,b,a" (one per row) as codes over the distinct values, sorted."""
    parts = joined.split(",") if size else []
    values = tuple(sorted(set(parts)))
    position = {value: i for i, value in enumerate(values)}
    return Codes(np.fromiter(map(position.__getitem__, parts), np.int32, len(parts)), values)


def _id_codes(ids: np.ndarray) -> Codes:
    """Ids (0 for none) as codes over the distinct ids."""
    known, codes = np.unique(ids, return_inverse=True)
    codes = codes.astype(np.int32)
    values = tuple(int(value) for value in known)
    if values and values[0] == 0:  # none: -1, the others shift down by one
        codes -= 1
        values = values[1:]
    return Codes(codes, values)


def _id_sets(counts: np.ndarray, joined: str | None) -> Sets:
    """Rows' sets of ids from the number of ids per row and all ids "3,5,1" in row order."""
    items = np.array(joined.split(","), dtype=np.int64) if joined else np.zeros(0, dtype=np.int64)
    if len(items) != counts.sum():
        raise RuntimeError("The sets of the measures were read misaligned.")
    values, columns = np.unique(items, return_inverse=True)
    matrix = np.zeros((len(counts), len(values)), dtype=bool)
    matrix[np.repeat(np.arange(len(counts)), counts), columns] = True
    return Sets(matrix, tuple(int(value) for value in values))


def _bit_sets(bits: np.ndarray, values: tuple) -> Sets:
    """Rows' sets from bit masks (bit i: values[i])."""
    matrix = (bits[:, None] >> np.arange(len(values))) & 1
    return Sets(matrix.astype(bool), values)


def read_index() -> MeasureIndex:
    """Read the index from the database (one statement, and one per vocabulary)."""
    with connection.cursor() as cursor:
        cursor.execute(index_sql())
        row = cursor.fetchone()
    themes, target_groups = tuple(Theme.objects.all()), tuple(TargetGroup.objects.all())
    version, *entities = row[:4]
    ids, kinds, countries, regions, organisations, projects, starts, ends = row[4:12]
    theme_counts, theme_ids, target_counts, target_ids, languages, newest, *titles = row[12:]
    scanned = _ints(ids)
    size = len(scanned)
    columns = {
        "kind": _codes(kinds, size),
        "country": _codes(countries, size),
        "region": _id_codes(_ints(regions)),
        "organisation": _id_codes(_ints(organisations)),
        "project": _id_codes(_ints(projects)),
        "theme": _id_sets(_ints(theme_counts, ">i2"), theme_ids),
        "target": _id_sets(_ints(target_counts, ">i2"), target_ids),
        "lang": _bit_sets(_ints(languages, ">i2"), language_codes()),
    }
    starts, ends = _ints(starts, ">i2"), _ints(ends, ">i2")
    if (
        not all(
            len(column.codes if isinstance(column, Codes) else column.matrix) == size
            for column in columns.values()
        )
        or len(starts) != size
        or len(ends) != size
    ):
        raise RuntimeError("The facet columns of the measures were read misaligned.")
    # Rows in id order.
    order = np.argsort(scanned, kind="stable")
    ids = scanned[order]
    for name, column in columns.items():
        if isinstance(column, Codes):
            columns[name] = Codes(column.codes[order], column.values)
        else:
            columns[name] = Sets(column.matrix[order], column.values)
    return MeasureIndex(
        version=version or 0,
        ids=ids,
        scalars={name: columns[name] for name in SCALAR_FAMILIES},
        sets={name: columns[name] for name in SET_FAMILIES},
        start_year=starts[order],
        end_year=ends[order],
        newest=rows_of(ids, _ints(newest)),
        by_title={
            code: rows_of(ids, _ints(data))
            for code, data in zip(language_codes(), titles, strict=True)
        },
        entities={
            family: {
                pk: Entity(code, acronym or "", tuple(name or "" for name in names))
                for pk, code, acronym, *names in rows or []
            }
            for family, rows in zip(("organisation", "region", "project"), entities, strict=True)
        },
        themes=themes,
        target_groups=target_groups,
    )
