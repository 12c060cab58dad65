"""The map on the measure list, the partner list and the region and country pages: counts that
follow the filters, links that keep them, languages, queries, nothing from other sites."""

import re
from html import unescape

import pytest
from django.db import IntegrityError, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from partners import views as partner_views
from tests.measures.factories import MeasureFactory, ThemeFactory
from tests.partners.factories import OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def places():
    """Measures in West Pomerania and Podlaskie (no position) and in Mecklenburg-Vorpommern."""
    energy = ThemeFactory(slug="energy", name_en="Energy")
    health = ThemeFactory(slug="health", name_en="Health")
    west = RegionFactory(
        nuts_code="PL42", country="PL", name_en="West Pomerania", latitude=53.6, longitude=15.6
    )
    podlaskie = RegionFactory(nuts_code="PL84", country="PL", name_en="Podlaskie")
    mv = RegionFactory(
        nuts_code="DE80",
        country="DE",
        name_en="Mecklenburg-Vorpommern",
        latitude=53.8,
        longitude=12.6,
    )
    szczecin = OrganisationFactory(slug="szczecin", country="PL", region=west)
    bialystok = OrganisationFactory(
        slug="bialystok", country="PL", region=podlaskie, kind="it_cluster"
    )
    witeno = OrganisationFactory(slug="witeno", country="DE", region=mv)
    for themes in ([energy], [energy], [health]):
        MeasureFactory(organisation=szczecin, themes=themes)
    MeasureFactory(organisation=bialystok, themes=[energy])
    MeasureFactory(organisation=witeno, themes=[health])
    return {"west": west, "podlaskie": podlaskie, "mv": mv}


def figure_html(response) -> str:
    content = response.content.decode()
    match = re.search(r'<figure class="map".*?</figure>', content, re.S)
    assert match, "the page has no map"
    return match.group(0)


def area_labels(html: str) -> dict[str, str]:
    """Accessible name → link of every country and circle of the map."""
    svg = html[html.index("<svg") : html.index("</svg>")]
    return {
        unescape(label): unescape(href)
        for href, label in re.findall(
            r'<a href="([^"]+)" class="map__[^"]+" aria-label="([^"]+)"', svg
        )
    }


def table_rows(html: str) -> list[tuple[str, str]]:
    table = html[html.index("<tbody>") : html.index("</tbody>")]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        rows.append((re.sub(r"\s+", " ", unescape(cells[0])), cells[1]))
    return rows


def test_the_measure_list_maps_its_counts(client, places):
    html = figure_html(client.get(url("measures:index")))
    labels = area_labels(html)
    assert labels["Poland: 4 measures"] == "/en/measures/?country=PL"
    assert labels["Germany: 1 measure"] == "/en/measures/?country=DE"
    assert labels["West Pomerania: 3 measures"] == "/en/measures/?region=PL42"
    assert labels["Mecklenburg-Vorpommern: 1 measure"] == "/en/measures/?region=DE80"
    # Podlaskie has no position: no circle, but its line in the table.
    assert not any(label.startswith("Podlaskie") for label in labels)
    assert table_rows(html) == [
        ("Germany", "1"),
        ("Mecklenburg-Vorpommern DE80, Germany", "1"),
        ("Poland", "4"),
        ("West Pomerania PL42, Poland", "3"),
        ("Podlaskie PL84, Poland (no position on the map)", "1"),
    ]


def test_the_map_follows_the_list_s_filters(client, places):
    html = figure_html(client.get(url("measures:index"), {"theme": "energy"}))
    labels = area_labels(html)
    assert "Poland: 3 measures" in labels
    assert "West Pomerania: 2 measures" in labels
    assert not any(label.startswith(("Germany", "Mecklenburg")) for label in labels)
    assert table_rows(html) == [
        ("Poland", "3"),
        ("West Pomerania PL42, Poland", "2"),
        ("Podlaskie PL84, Poland (no position on the map)", "1"),
    ]


def test_links_keep_the_other_filters(client, places):
    response = client.get(
        url("measures:index"), {"theme": "health", "sort": "title", "country": "DE", "page": "1"}
    )
    labels = area_labels(figure_html(response))
    # The country facet counts under the other filters: Poland's health measure is still there.
    assert labels["Poland: 1 measure"] == "/en/measures/?theme=health&sort=title&country=PL"
    assert labels["Germany: 1 measure"] == "/en/measures/?theme=health&sort=title&country=DE"
    assert (
        labels["Mecklenburg-Vorpommern: 1 measure"]
        == "/en/measures/?theme=health&sort=title&country=DE&region=DE80"
    )
    # The chosen country is outlined.
    assert '<g class="map__selected" aria-hidden="true"><path' in figure_html(response)


def test_the_partner_list_maps_its_organisations(client, places):
    html = figure_html(client.get(url("partners:index"), {"kind": "regional_authority"}))
    labels = area_labels(html)
    assert labels["Poland: 1 partner organisation"] == (
        "/en/partners/?kind=regional_authority&country=PL"
    )
    assert labels["Germany: 1 partner organisation"] == (
        "/en/partners/?kind=regional_authority&country=DE"
    )
    assert labels["West Pomerania: 1 partner organisation"] == "/en/regions/PL42/"
    html = figure_html(client.get(url("partners:index")))
    assert "Poland: 2 partner organisations" in area_labels(html)


def test_region_pages_map_measures_and_lead_to_places(client, places):
    labels = area_labels(figure_html(client.get(url("regions:index"))))
    assert labels["Poland: 4 measures"] == "/en/regions/PL/"
    assert labels["West Pomerania: 3 measures"] == "/en/regions/PL42/"
    html = figure_html(client.get(url("regions:detail", code="PL42")))
    labels = area_labels(html)
    assert labels["Germany: 1 measure"] == "/en/regions/DE/"
    assert "West Pomerania: 3 measures" in labels
    assert "map__marker--selected" in html
    html = figure_html(client.get(url("regions:detail", code="DE")))
    assert "Mecklenburg-Vorpommern: 1 measure" in area_labels(html)


@pytest.mark.parametrize(
    ("language", "poland", "germany"), [("de", "Polen", "Deutschland"), ("pl", "Polska", "Niemcy")]
)
def test_the_map_speaks_the_page_s_language(client, places, language, poland, germany):
    html = figure_html(client.get(url("measures:index", language)))
    names = {label.split(":")[0] for label in area_labels(html)}
    assert {poland, germany} <= names
    assert f"/{language}/measures/?country=PL" in area_labels(html).values()
    rows = dict(table_rows(html))
    assert rows[poland] == "4"


@pytest.mark.parametrize(
    "page", ["measures:index", "partners:index", "regions:index", "regions:detail"]
)
def test_nothing_comes_from_another_site_and_nothing_needs_javascript(client, places, page):
    kwargs = {"code": "PL42"} if page == "regions:detail" else {}
    html = figure_html(client.get(url(page, **kwargs)))
    assert "http" not in html and "//" not in html
    assert "<script" not in html and not re.search(r"\son[a-z]+=", html)
    assert "style=" not in html  # the content security policy allows no inline styles
    # Links inside the drawing and in the table, written by the server.
    assert html.count("<a href=") >= 4 and "<table" in html


def _queries(client, path, params=None) -> int:
    with CaptureQueriesContext(transaction.get_connection()) as captured:
        assert client.get(path, params or {}).status_code == 200
    return len(captured)


def _without_map(monkeypatch):
    from measures import views as measure_views

    for module in (measure_views, partner_views):
        for name in (
            "measure_list_map",
            "organisation_list_map",
            "region_overview_map",
            "place_map",
        ):
            if hasattr(module.maps, name):
                monkeypatch.setattr(module.maps, name, lambda **kwargs: None)


@pytest.mark.parametrize(
    ("name", "kwargs", "params", "extra"),
    [
        ("measures:index", {}, {"theme": "energy"}, 0),
        ("partners:index", {}, {"kind": "regional_authority"}, 0),
        ("regions:index", {}, {}, 0),
        ("regions:detail", {"code": "PL42"}, {}, 1),
        ("regions:detail", {"code": "PL"}, {}, 1),
    ],
)
def test_the_map_costs_at_most_one_query(
    client, places, monkeypatch, django_assert_max_num_queries, name, kwargs, params, extra
):
    path = url(name, **kwargs)
    _queries(client, path, params)  # the facet index and the region positions are read
    with_map = _queries(client, path, params)
    with monkeypatch.context() as patched:
        _without_map(patched)
        without = _queries(client, path, params)
    assert with_map == without + extra
    # And it does not grow with the number of places.
    for number in range(5):
        region = RegionFactory(
            nuts_code=f"PL{number + 1}", country="PL", latitude=52.0, longitude=18.0 + number
        )
        MeasureFactory(organisation=OrganisationFactory(country="PL", region=region))
    _queries(client, path, params)
    with django_assert_max_num_queries(with_map):
        client.get(path, params)


def test_the_measure_list_reads_positions_once_per_content_version(client, places):
    path = url("measures:index")
    first = _queries(client, path)
    assert _queries(client, path) == 2  # the content version and the page's cards
    places["podlaskie"].latitude, places["podlaskie"].longitude = 53.3, 22.9
    places["podlaskie"].save()
    assert _queries(client, path) <= first
    labels = area_labels(figure_html(client.get(path)))
    assert "Podlaskie: 1 measure" in labels


def test_positions_are_checked_by_the_database(places):
    region = places["podlaskie"]
    for latitude, longitude in ((95.0, 10.0), (50.0, -181.0), (50.0, None)):
        region.latitude, region.longitude = latitude, longitude
        with pytest.raises(IntegrityError), transaction.atomic():
            region.save()


def test_the_region_admin_shows_the_position(admin_client, places):
    with translation.override("en"):
        path = reverse("admin:partners_region_change", args=[places["west"].pk])
    content = admin_client.get(path).content.decode()
    assert 'name="latitude"' in content and 'name="longitude"' in content
    assert "Position on the map" in content
