"""Search syntax over every combination of words, phrases, exclusions and alternatives.

Hypothesis writes queries from a small vocabulary (words that neither stem into each other nor
look alike) and the results must be exactly those of a plain reading of the query over titles.
"""

from __future__ import annotations

import itertools
import random

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from measures import selectors
from measures.search import MAX_TERMS, parse_query
from tests.measures.factories import MeasureFactory

pytestmark = pytest.mark.django_db

WORDS = ("apple", "kiwi", "mango", "lemon", "grape", "plum")


@pytest.fixture
def orchard() -> dict[str, list[str]]:
    """Measures whose English titles are sequences of the vocabulary."""
    chooser = random.Random(7)
    titles = {}
    for index, size in enumerate(itertools.chain([1, 1, 2, 2, 2], [3] * 8, [4] * 5)):
        words = chooser.sample(WORDS, size)
        slug = f"orchard-{index}"
        titles[slug] = words
        MeasureFactory(slug=slug, title_en=" ".join(words))
    return titles


term = st.one_of(
    st.sampled_from(WORDS).map(lambda word: ("word", (word,))),
    st.tuples(st.sampled_from(WORDS), st.sampled_from(WORDS)).map(lambda pair: ("phrase", pair)),
)
clause = st.one_of(
    st.lists(term, min_size=1, max_size=3).map(lambda terms: (False, terms)),
    term.map(lambda single: (True, [single])),  # an excluded term stands alone
)
queries = st.lists(clause, min_size=1, max_size=4).filter(
    lambda clauses: (
        not all(excluded for excluded, _terms in clauses)
        and sum(len(terms) for _excluded, terms in clauses) <= MAX_TERMS
    )
)


def _data(text: str) -> QueryDict:
    data = QueryDict(mutable=True)
    data["q"] = text
    return data


def _text(clauses) -> str:
    parts = []
    for excluded, terms in clauses:
        written = [
            " ".join(words) if kind == "word" else '"' + " ".join(words) + '"'
            for kind, words in terms
        ]
        parts.append(("-" if excluded else "") + " or ".join(written))
    return " ".join(parts)


def _holds(words: list[str], kind: str, wanted: tuple) -> bool:
    if kind == "word":
        return wanted[0] in words
    return any(tuple(words[i : i + 2]) == wanted for i in range(len(words) - 1))


def _expected(titles, clauses) -> set[str]:
    return {
        slug
        for slug, words in titles.items()
        if all(
            any(_holds(words, kind, wanted) for kind, wanted in terms) != excluded
            for excluded, terms in clauses
        )
    }


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(clauses=queries)
def test_results_are_exactly_what_the_query_says(orchard, clauses):
    text = _text(clauses)
    listing = selectors.measure_list(data=_data(text), language="en")
    found = {measure.slug for measure in listing.measures}
    assert listing.total == len(found)  # fewer than a page
    assert found == _expected(orchard, clauses), text


def test_the_parser_reads_web_search_syntax():
    query = parse_query('smart "open data" -warsaw cluster OR network -"old town" or')
    assert [[(t.text, t.phrase, t.excluded) for t in clause] for clause in query] == [
        [("smart", False, False)],
        [("open data", True, False)],
        [("warsaw", False, True)],
        [("cluster", False, False), ("network", False, False)],
        [("old town", True, True)],
    ]


@pytest.mark.parametrize("text", ['"', '""', "-", "--", "or", "- or -", '"-"', '-""'])
def test_queries_without_words_find_nothing_and_never_fail(orchard, text):
    listing = selectors.measure_list(data=_data(text), language="en")
    assert listing.total == 0
    assert list(listing.measures) == []


@pytest.mark.parametrize("text", ["", "  ", "\t"])
def test_an_empty_search_box_lists_every_measure(orchard, text):
    listing = selectors.measure_list(data=_data(text), language="en")
    assert listing.total == len(orchard)


def test_terms_beyond_the_limit_are_ignored():
    words = " ".join(f"word{n}" for n in range(MAX_TERMS + 5))
    assert sum(len(clause) for clause in parse_query(words)) == MAX_TERMS
