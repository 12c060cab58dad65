"""Language-aware search: stemming for German and English, trigrams for Polish and typos."""

import pytest
from django.http import QueryDict

from measures import selectors
from tests.measures.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def found(query: str, language: str) -> list[str]:
    listing = selectors.measure_list(data=QueryDict(f"q={query}"), language=language)
    return [measure.slug for measure in listing.measures]


@pytest.fixture
def measures():
    MeasureFactory(
        slug="municipal-e-services",
        title_de="Elektronische Dienste der Gemeindeverwaltungen",
        summary_de="Anträge an die Verwaltungen der Gemeinden gehen online.",
        title_en="Electronic services of the municipal office",
        summary_en="Applications to the office go online.",
        title_pl="Usługi elektroniczne urzędów gmin",
        summary_pl="Wnioski do urzędów gmin można składać przez internet.",
    )
    MeasureFactory(
        slug="cluster-coffee",
        title_de="Online-Kaffee des Clusters",
        summary_de="Alle zwei Wochen treffen sich die Mitgliedsfirmen online.",
        title_en="Online coffee of the cluster",
        summary_en="Member companies meet online every fortnight.",
        title_pl="Klastrowa kawa online",
        summary_pl="Co dwa tygodnie firmy członkowskie spotykają się w sieci.",
    )


def test_german_inflected_form_finds_the_measure(measures):
    # "Verwaltung" (singular) finds "Verwaltungen" through the German stemmer.
    assert found("Verwaltung", "de") == ["municipal-e-services"]


def test_english_plural_finds_the_singular(measures):
    assert found("clusters", "en") == ["cluster-coffee"]


def test_polish_word_with_a_typo_finds_the_measure(measures):
    # "elektronicne" lacks a letter; trigram similarity still finds "elektroniczne".
    assert found("elektronicne", "pl") == ["municipal-e-services"]


def test_polish_inflected_form_finds_the_measure(measures):
    # Masculine "elektroniczny" for the plural "elektroniczne" in the text.
    assert found("elektroniczny", "pl") == ["municipal-e-services"]


def test_polish_word_without_diacritics_finds_the_measure(measures):
    assert found("uslugi", "pl") == ["municipal-e-services"]


def test_search_does_not_cross_languages(measures):
    # The German text speaks of "Verwaltungen"; the English texts do not.
    assert found("Verwaltung", "en") == []


def test_title_match_ranks_above_body_match():
    MeasureFactory(slug="body", title_en="Regional advice", summary_en="About a data platform.")
    MeasureFactory(slug="title", title_en="Data platform", summary_en="Regional advice.")
    assert found("platform", "en") == ["title", "body"]


def test_snippet_highlights_matches_and_escapes_text():
    MeasureFactory(
        slug="escaped",
        title_en="Matchmaking",
        summary_en="Companies <b>meet</b> at online matchmaking & more.",
    )
    listing = selectors.measure_list(data=QueryDict("q=matchmaking"), language="en")
    snippet = str(listing.measures[0].snippet)
    assert "<mark>matchmaking</mark>" in snippet
    assert "&lt;b&gt;meet&lt;/b&gt;" in snippet
    assert "&amp; more" in snippet
    assert "<b>" not in snippet


def test_websearch_syntax_does_not_break(measures):
    for query in ['"online coffee', "-", "or or", "!!!", "a & | b", "(", "'"]:
        selectors.measure_list(data=QueryDict(f"q={query}"), language="en")
