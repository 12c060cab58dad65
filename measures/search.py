"""Full-text search of measures, as people expect from a search box.

    smart benches        both words (each also through its stemmed or similar forms)
    "smart benches"      the phrase
    cluster -warsaw      cluster, but not warsaw
    cluster or network   either word (also "oder", "lub" or "|")

The typed text is parsed here into terms (`parse_query`) and turned into one PostgreSQL
`tsquery` (`tsquery_sql`): each word is its form in the language's text search configuration
(German and English are stemmed, Polish uses `simple`) OR the known words similar to it —
typos, Polish inflections, missing diacritics — looked up in `measures_search_word` through its
trigram index.

Matching and ranking read `measures_search_<language>` (`search_tables_sql`): for each
published measure only its id, first publication, small vectors for ordering (the title, and
title A with summary B for the rank; kept in the row) and its search vector (kept out of line:
its GIN index answers the matching without reading it), some 500 bytes a row. A row of
`measures_measure` holds the texts of every language and fills about a page, so a word found
in 30,000 measures would read 30,000 pages there; here it reads a few thousand, most of them
in PostgreSQL's buffers. Triggers keep the tables in step with `measures_measure` in the same
statement, whoever writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from core.languages import search_configuration

# Similar words: at least this trigram similarity to a typed word (0 to 1).
SIMILARITY = 0.4
# At most this many terms are taken from one query; the rest is ignored.
MAX_TERMS = 8
# Words shorter than this are not looked up for similar words (too many would match).
MIN_SIMILAR_LENGTH = 3
# At most this many similar words stand in for one typed word: the closest ones.
MAX_SIMILAR = 12

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")
# "or" in the portal's languages (and "|"): none of them is worth searching for.
_OR = {"or", "oder", "lub", "|"}


@dataclass(frozen=True)
class Term:
    """A word (or a hyphenated chunk like `e-government`) or a quoted phrase."""

    text: str
    phrase: bool = False
    excluded: bool = False


# A query: clauses that must all hold; each clause holds when one of its terms does.
Query = list[list[Term]]


def parse_query(text: str) -> Query:
    """The clauses of a query in web-search syntax (see the module docstring)."""
    clauses: Query = []
    join_next = False
    count = 0
    for match in _TOKEN.finditer(text):
        negation, quoted, plain = match.groups()
        if plain is not None and plain.lower() in _OR:
            join_next = bool(clauses)
            continue
        if quoted is not None:
            words = " ".join(_WORD.findall(quoted))
            term = Term(words, phrase=len(words.split()) > 1, excluded=bool(negation))
        else:
            excluded = plain.startswith("-") and len(plain) > 1
            chunk = plain[1:] if excluded else plain
            if not _WORD.search(chunk):
                continue
            term = Term(chunk, excluded=excluded)
        if not term.text:
            continue
        count += 1
        if count > MAX_TERMS:
            break
        if join_next and not term.excluded and not any(t.excluded for t in clauses[-1]):
            clauses[-1].append(term)
        else:
            clauses.append([term])
        join_next = False
    return clauses


def _similar_sql(word: str, language: str) -> tuple[str, list]:
    """The known words similar to `word`, as a tsquery of alternatives (NULL if none)."""
    return (
        "(SELECT to_tsquery('simple', string_agg(quote_literal(word), ' | ')) FROM ("
        "SELECT word FROM measures_search_word WHERE language = %s "
        "AND measures_unaccent(word) %% measures_unaccent(%s) "
        "AND similarity(measures_unaccent(word), measures_unaccent(%s)) >= %s "
        "ORDER BY similarity(measures_unaccent(word), measures_unaccent(%s)) DESC, word "
        "LIMIT %s) AS similar_words)",
        [language, word, word, SIMILARITY, word, MAX_SIMILAR],
    )


def _term_sql(term: Term, language: str, *, similar: bool) -> tuple[str, list]:
    config = f"'{search_configuration(language)}'::regconfig"
    if term.phrase:
        return f"phraseto_tsquery({config}, %s)", [term.text]
    exact = f"plainto_tsquery({config}, %s)"
    words = _WORD.findall(term.text)
    if (
        not similar
        or term.excluded
        or len(words) != 1
        or len(words[0]) < MIN_SIMILAR_LENGTH
        or words[0].isdigit()
    ):
        return exact, [term.text]
    # A stop word ("the", "und") stays empty: it neither restricts nor brings similar words.
    similar_sql, similar_params = _similar_sql(words[0].lower(), language)
    return (
        f"(CASE WHEN numnode({exact}) = 0 THEN ''::tsquery "
        f"ELSE {exact} || coalesce({similar_sql}, ''::tsquery) END)",
        [term.text, term.text, *similar_params],
    )


def tsquery_sql(query: Query, language: str, *, similar: bool = True) -> tuple[str, list]:
    """One tsquery for the whole query: clauses joined by AND, terms of a clause by OR."""
    parts, params = [], []
    for clause in query:
        alternatives = []
        for term in clause:
            sql, term_params = _term_sql(term, language, similar=similar)
            alternatives.append(f"!!{sql}" if term.excluded else sql)
            params += term_params
        parts.append("(" + " || ".join(alternatives) + ")")
    if not parts:
        return "''::tsquery", []
    return "(" + " && ".join(parts) + ")", params


def search_table(language: str) -> str:
    return f"measures_search_{language}"


def search_condition(text: str, language: str) -> Q:
    """Measures that match the query in the language (published ones: only they are in the
    search tables)."""
    sql, params = tsquery_sql(parse_query(text), language)
    matching = f"SELECT measure_id FROM {search_table(language)} WHERE document @@ {sql}"
    return Q(pk__in=RawSQL(matching, params))


# The tier of a match: the title alone matches (2), title and summary do (1), else the body or
# the names (0). Best matches are those of the highest tier, then of the highest rank.
TIER = "CASE WHEN s.title @@ q.query THEN 2 WHEN s.rank @@ q.query THEN 1 ELSE 0 END"
MATCH_DTYPE = np.dtype([("id", ">i4"), ("tier", ">i2"), ("rank", ">f4")])


@dataclass(frozen=True)
class Matches:
    """The published measures that match a query, in no particular order; when ranked, with
    each one's tier and rank (`measures.facetindex.MeasureIndex.rows_ranked` orders them)."""

    ids: np.ndarray
    tiers: np.ndarray | None = None
    ranks: np.ndarray | None = None


def matching(text: str, language: str, *, ranked: bool) -> Matches:
    """The measures that match the query: one statement (the query's similar words looked up
    once) that returns them as one value, each with its tier and rank when `ranked`."""
    sql, params = tsquery_sql(parse_query(text), language)
    columns = "int4send(s.measure_id::int)"
    if ranked:
        columns += f" || int2send(({TIER})::int2) || float4send(ts_rank(s.rank, q.query))"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT string_agg({columns}, '') FROM {search_table(language)} AS s, "
            f"(SELECT {sql} AS query) AS q WHERE s.document @@ q.query",
            params,
        )
        (data,) = cursor.fetchone()
    data = bytes(data or b"")
    if not ranked:
        return Matches(np.frombuffer(data, dtype=">i4").astype(np.int64))
    found = np.frombuffer(data, dtype=MATCH_DTYPE)
    return Matches(
        ids=found["id"].astype(np.int64),
        tiers=found["tier"].astype(np.int64),
        ranks=found["rank"].astype(np.float32),
    )


def search_tables_sql(codes: tuple[str, ...]) -> tuple[str, str]:
    """SQL that creates the search tables of these languages with the triggers that fill them
    from `measures_measure` (and fills them), and SQL that removes them."""
    tables = [search_table(code) for code in codes]
    create = "".join(
        f"""
CREATE TABLE {table} (
    measure_id bigint PRIMARY KEY,
    first_published_at timestamptz,
    title tsvector NOT NULL,
    rank tsvector NOT NULL,
    document tsvector NOT NULL
) WITH (toast_tuple_target = 128);
ALTER TABLE {table} ALTER COLUMN title SET STORAGE MAIN, ALTER COLUMN rank SET STORAGE MAIN,
    ALTER COLUMN document SET STORAGE EXTERNAL;
INSERT INTO {table}
    SELECT id, first_published_at, ts_filter(rank_{code}, '{{a}}'), rank_{code}, search_{code}
    FROM measures_measure WHERE status = 'published';
CREATE INDEX {table}_document ON {table} USING gin (document);
"""
        for code, table in zip(codes, tables, strict=True)
    )
    upserts = "".join(
        f"""
        INSERT INTO {table} VALUES (NEW.id, NEW.first_published_at,
            ts_filter(NEW.rank_{code}, '{{a}}'), NEW.rank_{code}, NEW.search_{code});"""
        for code, table in zip(codes, tables, strict=True)
    )
    deletes = "".join(
        f"\n        DELETE FROM {table} WHERE measure_id = OLD.id;" for table in tables
    )
    changed = " OR ".join(
        [
            "OLD.status IS DISTINCT FROM NEW.status",
            "OLD.first_published_at IS DISTINCT FROM NEW.first_published_at",
        ]
        + [f"OLD.search_{code} IS DISTINCT FROM NEW.search_{code}" for code in codes]
        + [f"OLD.rank_{code} IS DISTINCT FROM NEW.rank_{code}" for code in codes]
    )
    forward = f"""{create}
CREATE FUNCTION measures_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN{deletes}
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'published' THEN{upserts}
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION measures_search_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE {", ".join(tables)};
    RETURN NULL;
END $$;
CREATE TRIGGER measures_search_insert AFTER INSERT ON measures_measure
    FOR EACH ROW EXECUTE FUNCTION measures_search_sync();
CREATE TRIGGER measures_search_update AFTER UPDATE ON measures_measure
    FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION measures_search_sync();
CREATE TRIGGER measures_search_delete AFTER DELETE ON measures_measure
    FOR EACH ROW EXECUTE FUNCTION measures_search_sync();
CREATE TRIGGER measures_search_truncate AFTER TRUNCATE ON measures_measure
    FOR EACH STATEMENT EXECUTE FUNCTION measures_search_truncate();
"""
    backward = f"""
DROP TRIGGER IF EXISTS measures_search_insert ON measures_measure;
DROP TRIGGER IF EXISTS measures_search_update ON measures_measure;
DROP TRIGGER IF EXISTS measures_search_delete ON measures_measure;
DROP TRIGGER IF EXISTS measures_search_truncate ON measures_measure;
DROP FUNCTION IF EXISTS measures_search_sync();
DROP FUNCTION IF EXISTS measures_search_truncate();
DROP TABLE IF EXISTS {", ".join(tables)};
"""
    return forward, backward
