"""Language-aware search: stemming for German and English, trigrams for Polish and typos."""

import pytest
from django.http import QueryDict
from django.utils.html import escape

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
    snippet = str(listing.cards[0].snippet)
    assert "<mark>matchmaking</mark>" in snippet
    assert "&lt;b&gt;meet&lt;/b&gt;" in snippet
    assert "&amp; more" in snippet
    assert "<b>" not in snippet


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # An unclosed quote still quotes the phrase.
        ('"online coffee', ["cluster-coffee"]),
        # Signs and operators without a word to search for find nothing ...
        ("-", []),
        ("or or", []),
        ("!!!", []),
        ("(", []),
        ("'", []),
        # ... and "a" is a stop word: "a or b" asks for "b", which no measure has.
        ("a & | b", []),
        # Beside words they change nothing.
        ("coffee (", ["cluster-coffee"]),
        ("coffee !!!", ["cluster-coffee"]),
        ("online -", ["cluster-coffee", "municipal-e-services"]),
    ],
)
def test_websearch_syntax_does_not_break(client, measures, query, expected):
    response = client.get("/en/measures/", {"q": query})
    assert response.status_code == 200
    listing = response.context["listing"]
    assert sorted(measure.slug for measure in listing.measures) == expected
    assert listing.total == len(expected)
    html = response.content.decode()
    # The search box shows what was typed, so that the visitor can correct it.
    assert f'name="q" id="id_q" value="{escape(query)}"' in html
    if not expected:
        assert "No measures match your search and filters." in html


# --- What a search box promises: all words, phrases, exclusion, alternatives -------------------


@pytest.fixture
def benches():
    MeasureFactory(
        slug="smart-benches",
        title_en="Smart benches in the town square",
        summary_en="Solar benches charge phones and measure the air.",
        title_de="Intelligente Bänke auf dem Marktplatz",
        summary_de="Solarbänke laden Telefone und messen die Luft.",
        title_pl="Inteligentne ławki na rynku",
        summary_pl="Ławki solarne ładują telefony i mierzą powietrze.",
    )
    MeasureFactory(
        slug="smart-city-office",
        title_en="Smart city office",
        summary_en="A team plans benches, lamps and sensors for the whole town.",
        title_de="Büro für die intelligente Stadt",
        summary_de="Ein Team plant Bänke, Lampen und Sensoren für die ganze Stadt.",
        title_pl="Biuro inteligentnego miasta",
        summary_pl="Zespół planuje ławki, lampy i czujniki dla całego miasta.",
    )
    MeasureFactory(
        slug="warsaw-cluster",
        title_en="Cluster exchange with Warsaw",
        summary_en="Members of the cluster visit companies in Warsaw.",
        title_de="Clusteraustausch mit Warschau",
        summary_de="Mitglieder des Clusters besuchen Firmen in Warschau.",
        title_pl="Wymiana klastra z Warszawą",
        summary_pl="Członkowie klastra odwiedzają firmy w Warszawie.",
    )
    MeasureFactory(
        slug="coastal-cluster",
        title_en="Coastal cluster coffee",
        summary_en="Members of the cluster meet online.",
        title_de="Küstencluster-Kaffee",
        summary_de="Mitglieder des Clusters treffen sich online.",
        title_pl="Kawa klastra nadmorskiego",
        summary_pl="Członkowie klastra spotykają się online.",
    )
    MeasureFactory(
        slug="network-day",
        title_en="Network day",
        summary_en="Companies of the region meet once a year.",
        title_de="Netzwerktag",
        summary_de="Firmen der Region treffen sich einmal im Jahr.",
        title_pl="Dzień sieci",
        summary_pl="Firmy regionu spotykają się raz w roku.",
    )


def test_every_word_must_match(benches):
    assert found("smart xyzzyq", "en") == []
    assert set(found("smart benches", "en")) == {"smart-benches", "smart-city-office"}
    assert found("smart benches solar", "en") == ["smart-benches"]


def test_a_quoted_phrase_matches_only_the_phrase(benches):
    assert found('"smart benches"', "en") == ["smart-benches"]
    assert found('"intelligente Bänke"', "de") == ["smart-benches"]
    assert found('"inteligentne ławki"', "pl") == ["smart-benches"]


def test_a_minus_excludes_a_word(benches):
    assert found("cluster -warsaw", "en") == ["coastal-cluster"]
    assert found("Cluster -Warschau", "de") == ["coastal-cluster"]
    assert found("klastra -warszawie", "pl") == ["coastal-cluster"]
    assert found('cluster -"exchange with warsaw"', "en") == ["coastal-cluster"]


def test_or_gives_alternatives(benches):
    assert set(found("coastal or network", "en")) == {"coastal-cluster", "network-day"}
    assert set(found("Küstencluster OR Netzwerktag", "de")) == {"coastal-cluster", "network-day"}
    assert set(found("nadmorskiego or sieci", "pl")) == {"coastal-cluster", "network-day"}
    assert set(found("nadmorskiego lub sieci", "pl")) == {"coastal-cluster", "network-day"}
    assert set(found("Küstencluster oder Netzwerktag", "de")) == {"coastal-cluster", "network-day"}
    assert set(found("coastal | network", "en")) == {"coastal-cluster", "network-day"}
    # AND binds the other words: (coffee) and (coastal or network).
    assert found("coffee coastal or network", "en") == ["coastal-cluster"]


def test_each_word_may_match_through_a_typo_or_an_inflected_form(benches):
    assert set(found("smarrt benchs", "en")) == {"smart-benches", "smart-city-office"}
    assert found("klaster warszawa", "pl") == ["warsaw-cluster"]
    assert found("lawki solarne", "pl") == ["smart-benches"]


def test_stop_words_do_not_restrict_a_search(benches):
    assert found("the coastal cluster", "en") == ["coastal-cluster"]
    assert found("der Netzwerktag", "de") == ["network-day"]


def test_title_matches_come_before_summary_matches_before_body_matches():
    MeasureFactory(
        slug="in-body",
        title_en="Regional advice",
        summary_en="Help for companies.",
        description_en="<p>The advisers run a data platform.</p>",
    )
    MeasureFactory(slug="in-summary", title_en="Open data", summary_en="A platform for all.")
    MeasureFactory(
        slug="in-title",
        title_en="Platform for regional data",
        summary_en="It helps.",
        description_en="<p>platform platform platform</p>",
    )
    assert found("platform", "en") == ["in-title", "in-summary", "in-body"]


def test_other_stakeholders_and_organisation_names_are_found():
    from tests.partners.factories import OrganisationFactory

    witeno = OrganisationFactory(name_en="WITENO GmbH", acronym="WITENO", slug="witeno")
    ict = OrganisationFactory(name_en="West Pomeranian ICT Cluster", slug="ict")
    measure = MeasureFactory(
        slug="accelerator",
        organisation=witeno,
        title_en="Start-up accelerator",
        other_stakeholders="AccelPoint, Technology park",
    )
    MeasureFactory(slug="other", title_en="Start-up day")
    assert found("accelpoint", "en") == ["accelerator"]
    assert found("witeno", "pl") == ["accelerator"]
    assert found("witeno maßnahme", "de") == ["accelerator"]
    # Partner organisations involved are found once published ...
    measure.stakeholders.add(ict)
    assert found("pomeranian", "en") == ["accelerator"]
    # ... and a renamed organisation under its new name.
    witeno.name_en = "Technology Centre Greifswald"
    witeno.acronym = ""
    witeno.save()
    assert found("greifswald", "en") == ["accelerator"]
    measure.stakeholders.remove(ict)
    assert found("pomeranian", "en") == []
