"""Every combination of filter families on the measure list, checked against a plain model.

Hypothesis draws any subset of all families (each with real values from the database, one or
several per multi-value family), the year bounds and a search word, and compares the results
and every facet count with what a straightforward Python filter over the same rows gives.
Regions nest (PL4 holds PL42, which holds PL424): a chosen region lets through and counts the
measures of the regions within it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.http import QueryDict
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.workflow import Status
from measures import selectors
from measures.models import MeasureKind
from tests.measures.factories import MeasureFactory, TargetGroupFactory, ThemeFactory
from tests.measures.ordering import database_order
from tests.partners.factories import OrganisationFactory, ProjectFactory, RegionFactory

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


@dataclass(frozen=True)
class Row:
    slug: str
    themes: frozenset[str]
    targets: frozenset[str]
    kind: str
    country: str
    region: str | None
    organisation: str
    project: str | None
    start_year: int
    end_year: int | None
    languages: frozenset[str]
    words: frozenset[str]

    def value(self, family: str):
        """The row's values of one family, as the list's URL parameters name them."""
        return {
            "theme": self.themes,
            "target": self.targets,
            "kind": {self.kind},
            "country": {self.country},
            "region": {self.region} - {None},
            "organisation": {self.organisation},
            "project": {self.project} - {None},
            "state": {
                "ongoing" if self.end_year is None or self.end_year >= THIS_YEAR else "completed"
            },
            "lang": self.languages,
        }[family]


MULTI = ("theme", "target", "kind", "country", "region", "organisation", "project")
SINGLE = ("state", "lang")
FAMILIES = MULTI + SINGLE


@pytest.fixture
def catalogue() -> dict:
    """Measures spread over every family, with a draft that must never count."""
    themes = [ThemeFactory(slug=slug) for slug in ("energy", "health", "skills")]
    groups = [TargetGroupFactory(slug=slug) for slug in ("smes", "councils")]
    regions = {
        code: RegionFactory(nuts_code=code, country=code[:2])
        for code in ("DE80", "PL4", "PL42", "PL424", "PL91")
    }
    organisations = {
        "witeno": OrganisationFactory(slug="witeno", country="DE", region=regions["DE80"]),
        "ict": OrganisationFactory(slug="ict", country="PL", region=regions["PL42"]),
        "szczecin": OrganisationFactory(slug="szczecin", country="PL", region=regions["PL424"]),
        "mazovia": OrganisationFactory(slug="mazovia", country="PL", region=regions["PL91"]),
    }
    projects = {"next2met": ProjectFactory(slug="next2met"), "blues": ProjectFactory(slug="blues")}
    specs = [
        # slug, organisation, themes, groups, kind, project, years, only_english, word
        ("a", "witeno", [0], [0], MeasureKind.SERVICE, "next2met", (2019, None), False, "cluster"),
        (
            "b",
            "witeno",
            [0, 1],
            [],
            MeasureKind.NETWORK,
            "next2met",
            (2015, 2018),
            False,
            "cluster",
        ),
        ("c", "ict", [1], [0, 1], MeasureKind.SERVICE, "blues", (2021, None), True, "portal"),
        ("d", "szczecin", [2], [1], MeasureKind.ADVICE, None, (2010, 2012), False, "portal"),
        (
            "e",
            "mazovia",
            [0, 2],
            [0],
            MeasureKind.SERVICE,
            "next2met",
            (2020, 2099),
            False,
            "cluster",
        ),
        ("f", "mazovia", [1, 2], [], MeasureKind.TRAINING, None, (2022, None), True, "bench"),
        ("g", "witeno", [2], [0], MeasureKind.SERVICE, "blues", (2016, None), False, "bench"),
    ]
    rows = []
    for slug, org, theme_idx, group_idx, kind, project, years, only_english, word in specs:
        organisation = organisations[org]
        texts = {
            "title_en": f"Measure {slug} about the {word}",
            "summary_en": f"A {word} in the region.",
            "description_en": f"<p>The {word} works.</p>",
        }
        if only_english:
            texts.update(title_de="", summary_de="", description_de="")
            texts.update(title_pl="", summary_pl="", description_pl="")
        MeasureFactory(
            slug=slug,
            organisation=organisation,
            themes=[themes[i] for i in theme_idx],
            target_groups=[groups[i] for i in group_idx],
            kind=kind,
            source_project=projects[project] if project else None,
            start_year=years[0],
            end_year=years[1],
            **texts,
        )
        rows.append(
            Row(
                slug=slug,
                themes=frozenset(themes[i].slug for i in theme_idx),
                targets=frozenset(groups[i].slug for i in group_idx),
                kind=kind,
                country=organisation.country.code,
                region=organisation.region.nuts_code,
                organisation=org,
                project=project,
                start_year=years[0],
                end_year=years[1],
                languages=frozenset({"en"} if only_english else {"de", "en", "pl"}),
                words=frozenset({word}),
            )
        )
    MeasureFactory(
        slug="draft", organisation=organisations["witeno"], themes=themes, status=Status.DRAFT
    )
    values = {
        family: sorted(set().union(*(row.value(family) for row in rows))) for family in FAMILIES
    }
    values["region"] = sorted(regions)  # PL4 too, which holds measures only through PL42
    return {"rows": rows, "values": values}


def _within(row: Row, code: str) -> bool:
    """Whether the row's region is the region with this NUTS code or lies within it."""
    return row.region is not None and row.region.startswith(code)


def _matches(row: Row, chosen: dict, *, without: str | None = None) -> bool:
    for family, wanted in chosen.items():
        if family == without:
            continue
        if family == "sort":
            continue
        if family == "region":
            if not any(_within(row, code) for code in wanted):
                return False
        elif family in FAMILIES:
            if not row.value(family) & set(wanted):
                return False
        elif family == "year_from" and row.start_year < wanted:
            return False
        elif family == "year_to" and row.start_year > wanted:
            return False
        elif family == "q" and wanted not in row.words:
            return False
    return True


@st.composite
def filter_states(draw, values: dict) -> dict:
    """Any subset of the families, each with real values (several for multi-value ones)."""
    chosen: dict = {}
    # One coin per family (rather than a drawn set): all-families states come up often.
    for family in [name for name in FAMILIES if draw(st.booleans())]:
        if family in MULTI:
            chosen[family] = draw(
                st.lists(st.sampled_from(values[family]), min_size=1, max_size=3, unique=True)
            )
        else:
            chosen[family] = [draw(st.sampled_from(values[family]))]
    if draw(st.booleans()):
        chosen["year_from"] = draw(st.integers(2009, 2023))
    if draw(st.booleans()):
        chosen["year_to"] = draw(st.integers(2009, 2023))
    if draw(st.booleans()):
        chosen["q"] = draw(st.sampled_from(["cluster", "portal", "bench"]))
    sorts = ["newest", "title"] + (["relevance"] if "q" in chosen else [])
    chosen["sort"] = draw(st.sampled_from(sorts))
    return chosen


def _query(chosen: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, wanted in chosen.items():
        data.setlist(
            name, [str(item) for item in wanted] if isinstance(wanted, list) else [str(wanted)]
        )
    return data


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_combination_of_filters_counts_like_a_plain_filter(catalogue, data):
    chosen = data.draw(filter_states(catalogue["values"]))
    rows = catalogue["rows"]
    listing = selectors.measure_list(data=_query(chosen), language="en")

    expected = sorted(row.slug for row in rows if _matches(row, chosen))
    assert listing.total == len(expected), chosen
    assert sorted(measure.slug for measure in listing.measures) == expected, chosen
    # In the order the chosen sort promises, as the database sorts the same filters.
    ordered = database_order(
        "en", chosen["sort"], chosen.get("q", ""), queryset=listing.filterset.qs
    )
    assert [measure.slug for measure in listing.measures] == ordered, chosen

    shown = {facet.name: {value.value: value for value in facet.values} for facet in listing.facets}
    for family in FAMILIES:
        base = [row for row in rows if _matches(row, chosen, without=family)]
        counts: dict[str, int] = {}
        for row in base:
            for value in row.value(family):
                counts[value] = counts.get(value, 0) + 1
        selected = set(chosen.get(family, []))
        offered = {value: count for value, count in counts.items() if count} | {
            value: counts.get(value, 0) for value in selected
        }
        if family == "region":
            # A chosen region counts what lies within it; the others count their own.
            offered |= {code: sum(_within(row, code) for row in base) for code in selected}
        got = {value: item.count for value, item in shown.get(family, {}).items()}
        assert got == offered, (family, chosen)
        assert {v for v, item in shown.get(family, {}).items() if item.selected} == selected


def test_all_single_value_families_without_a_multi_value_family_answer(client, catalogue):
    """Every scalar family set at once, theme and target group not: a valid page."""
    response = client.get(
        "/en/measures/",
        {
            "kind": "service",
            "country": "DE",
            "region": "DE80",
            "organisation": "witeno",
            "project": "next2met",
            "state": "ongoing",
        },
    )
    assert response.status_code == 200
    assert [m.slug for m in response.context["listing"].measures] == ["a"]
