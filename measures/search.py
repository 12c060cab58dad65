"""Full-text search of measures, as people expect from a search box.

    smart benches        both words (each also through its stemmed or similar forms)
    "smart benches"      the phrase
    cluster -warsaw      cluster, but not warsaw
    cluster or network   either word (also "oder", "lub" or "|")

The typed text is parsed here into terms (`parse_query`) and turned into one PostgreSQL
`tsquery` (`tsquery_sql`): each word is its form in the language's text search configuration
(German and English are stemmed, Polish uses `simple`) OR the known words similar to it —
typos, Polish inflections, missing diacritics — looked up in `measures_search_word` through its
trigram index. Matching then uses the GIN index of the search vector of the measures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from django.contrib.postgres.search import SearchQueryField, SearchRank
from django.db import connection
from django.db.models import BooleanField, F, Func, IntegerField, Q, QuerySet, Value
from django.db.models.expressions import Case, OrderBy, RawSQL, When

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


def search_query(text: str, language: str) -> RawSQL:
    """The tsquery of a typed query, as an expression for filters, ranking and snippets."""
    sql, params = tsquery_sql(parse_query(text), language)
    return RawSQL(sql, params, output_field=SearchQueryField())


def _matches(column: str, query: RawSQL) -> Func:
    return Func(
        F(column),
        query,
        template="(%(expressions)s)",
        arg_joiner=" @@ ",
        output_field=BooleanField(),
    )


def search_condition(text: str, language: str) -> Q:
    """Measures whose search vector (in the language) matches the query."""
    return Q(_matches(f"search_{language}", search_query(text, language)))


def title_first(text: str, language: str) -> Case:
    """2 when the title alone matches the query, 1 when title and summary do, else 0.

    Results are ordered by this before their rank, so that title matches come before summary
    matches, and these before matches in the body or the names of organisations.
    """
    query = search_query(text, language)
    title_only = Func(
        F(f"rank_{language}"),
        Value("{a}"),
        function="ts_filter",
        output_field=SearchQueryField(),
    )
    return Case(
        When(
            Q(
                Func(
                    title_only,
                    query,
                    template="(%(expressions)s)",
                    arg_joiner=" @@ ",
                    output_field=BooleanField(),
                )
            ),
            then=Value(2),
        ),
        When(Q(_matches(f"rank_{language}", query)), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def relevance_ordering(text: str, language: str) -> list[OrderBy]:
    """Best matches first: title matches, then summary matches (`title_first`), then by rank,
    newest first among equals."""
    rank = SearchRank(F(f"rank_{language}"), search_query(text, language))
    return [
        title_first(text, language).desc(),
        rank.desc(nulls_last=True),
        F("first_published_at").desc(nulls_last=True),
        F("pk").desc(),
    ]


def matching_ids(queryset: QuerySet, text: str, language: str, *, ranked: bool) -> np.ndarray:
    """The ids of the measures of `queryset` that match the query, best first when `ranked`:
    one statement that returns them as one value, however many there are."""
    matches = queryset.filter(search_condition(text, language))
    if ranked:
        matches = matches.order_by(*relevance_ordering(text, language))
    else:
        matches = matches.order_by()
    sql, params = matches.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT string_agg(int4send(pk::int), '') FROM ({sql}) AS matches(pk)", params
        )
        (data,) = cursor.fetchone()
    return np.frombuffer(bytes(data or b""), dtype=">i4").astype(np.int64)
