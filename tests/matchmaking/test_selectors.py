"""The directory against an oracle: every combination of filters (countries, types of
organisation, languages, themes, search words) shows exactly the participants a plain reading
of their data picks, and every facet count says what choosing that value would give."""

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matchmaking.selectors import DirectoryFilters, directory
from measures.models import Theme
from tests.events.factories import manage_token
from tests.matchmaking.factories import matchmaking_event, participant

pytestmark = pytest.mark.django_db

# (country, type, languages, theme indexes, offer) of the others; the viewer comes first.
PEOPLE = [
    ("PL", "it_company", ["pl", "en"], [0], "Cloud hosting for clinics"),
    ("DE", "company", ["de"], [1], "Telemedicine platform"),
    ("DE", "research", ["de", "en"], [0, 1], "Data analysis"),
    ("PL", "business_support", ["pl"], [], "Cluster coffee meetings"),
    ("CZ", "it_company", ["cs", "en"], [2], "Cybersecurity audits"),
    ("PL", "research", [], [1, 2], "Cloud training"),
    ("DE", "it_company", ["de", "pl"], [2], "Hosting and data"),
]
COUNTRIES = ["PL", "DE", "CZ", "AT"]
TYPES = ["it_company", "company", "research", "business_support", "public_authority"]
LANGUAGES = ["pl", "de", "en", "cs", "fr"]
WORDS = ["cloud", "data", "hosting", "CLOUD", "zz", "telemedicine platform"]


@pytest.fixture
def population():
    event = matchmaking_event()
    themes = [
        Theme.objects.create(slug=f"theme-{n}", name_en=f"Theme {n}", name_pl=f"Temat {n}")
        for n in range(3)
    ]
    viewer = participant(event, first_name="Viewer", country="AT", languages=["en"])
    others = []
    for n, (country, kind, languages, theme_indexes, offer) in enumerate(PEOPLE):
        person = participant(
            event,
            first_name=f"Person{n}",
            country=country,
            organisation_type=kind,
            languages=languages,
            offer=offer,
        )
        person.matchmaking_profile.themes.set([themes[i] for i in theme_indexes])
        others.append((person, country, kind, set(languages), set(theme_indexes), offer))
    # Not shown to anyone: not opted in.
    participant(event, opted_in=False, country="PL")
    return viewer, others, themes


def oracle(others, themes, filters: DirectoryFilters, skip: str = ""):
    theme_ids = {theme.pk: index for index, theme in enumerate(themes)}
    chosen_themes = {theme_ids[pk] for pk in filters.themes}
    words = filters.query.casefold().split()
    picked = []
    for person, country, kind, languages, theme_indexes, offer in others:
        text = " ".join(
            [person.first_name, person.last_name, person.organisation, offer]
            + [themes[i].name_en for i in theme_indexes]
        ).casefold()
        if skip != "country" and filters.countries and country not in filters.countries:
            continue
        if skip != "type" and filters.organisation_types and kind not in filters.organisation_types:
            continue
        if skip != "language" and filters.languages and not languages & set(filters.languages):
            continue
        if skip != "theme" and chosen_themes and not theme_indexes & chosen_themes:
            continue
        if not all(word in text for word in words):
            continue
        picked.append((person, country, kind, languages, theme_indexes))
    return picked


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    countries=st.sets(st.sampled_from(COUNTRIES)),
    types=st.sets(st.sampled_from(TYPES)),
    languages=st.sets(st.sampled_from(LANGUAGES)),
    theme_indexes=st.sets(st.integers(0, 2)),
    words=st.lists(st.sampled_from(WORDS), max_size=2),
    language=st.sampled_from(["de", "en", "pl"]),
)
def test_every_combination_of_filters_matches_the_oracle(
    client, population, countries, types, languages, theme_indexes, words, language
):
    viewer, others, themes = population
    filters = DirectoryFilters(
        query=" ".join(words),
        countries=tuple(sorted(countries)),
        organisation_types=tuple(sorted(types)),
        languages=tuple(sorted(languages)),
        themes=tuple(themes[i].pk for i in sorted(theme_indexes)),
    )
    result = directory(registration=viewer, filters=filters)

    expected = oracle(others, themes, filters)
    assert sorted(card.pk for card in result.cards) == sorted(p.pk for p, *_ in expected)
    assert viewer.pk not in {card.pk for card in result.cards}
    assert result.total == len(others)
    # Each facet counts over the others as filtered by every other facet.
    for facet, skip, values in (
        ("country", "country", lambda row: [row[1]]),
        ("organisation_type", "type", lambda row: [row[2]]),
        ("language", "language", lambda row: sorted(row[3])),
        ("theme", "theme", lambda row: [themes[i].pk for i in row[4]]),
    ):
        counted = {}
        for row in oracle(others, themes, filters, skip=skip):
            for value in values(row):
                counted[value] = counted.get(value, 0) + 1
        assert dict(result.facets[facet]) == counted, facet

    # The page with the same choices in its address lists the same people, in any language.
    query = urlencode(
        [("q", filters.query)]
        + [("country", code) for code in filters.countries]
        + [("organisation_type", kind) for kind in filters.organisation_types]
        + [("language", code) for code in filters.languages]
        + [("theme", pk) for pk in filters.themes]
    )
    with translation.override(language):
        url = reverse("matchmaking:directory", kwargs={"token": manage_token(viewer)})
    response = client.get(f"{url}?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    listed = html.split('id="results-heading"', 1)[1]
    shown = {int(pk) for pk in re.findall(r'id="participant-(\d+)"', listed)}
    assert shown == {p.pk for p, *_ in expected}
