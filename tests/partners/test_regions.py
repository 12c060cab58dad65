"""Region and country pages: what the portal holds of a place, rolled up through NUTS levels."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.workflow import Status
from events.models import EventStatus
from tests.events.factories import EventFactory
from tests.measures.factories import MeasureFactory
from tests.partners.factories import MetropolisFactory, OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


def url(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def ruhr():
    """Düsseldorf (DEA) holds the Ruhr's NUTS-2 region DEA1 and its district DEA11."""
    dea = RegionFactory(nuts_code="DEA", country="DE", name_en="North Rhine-Westphalia")
    dea1 = RegionFactory(nuts_code="DEA1", country="DE", name_en="Düsseldorf")
    dea11 = RegionFactory(nuts_code="DEA11", country="DE", name_en="Düsseldorf, city")
    dea1.metropolises.add(MetropolisFactory(name_en="Cologne"))
    pl = RegionFactory(nuts_code="PL42", country="PL", name_en="West Pomerania")
    agency = OrganisationFactory(name_en="Ruhr agency", country="DE", region=dea11)
    OrganisationFactory(name_en="Hidden agency", country="DE", region=dea1, status=Status.DRAFT)
    MeasureFactory(title_en="District hub", organisation=agency, country="DE", region=dea11)
    MeasureFactory(title_en="Regional hub", organisation=agency, country="DE", region=dea1)
    MeasureFactory(title_en="Draft hub", organisation=agency, region=dea1, status=Status.DRAFT)
    MeasureFactory(title_en="Baltic hub", country="PL", region=pl)
    EventFactory(title_en="Ruhr meeting", organiser=agency)
    EventFactory(title_en="Ruhr draft", organiser=agency, status=EventStatus.DRAFT)
    return dea, dea1, dea11, pl


def test_a_region_counts_the_regions_within_it(client, ruhr):
    response = client.get(url("en", "regions:detail", code="DEA"))
    place = response.context["place"]
    assert place.measure_count == 2
    assert [o.name for o in place.organisations] == ["Ruhr agency"]
    assert [m.title for m in place.measures] == ["Regional hub", "District hub"]
    assert [e.title for e in place.events] == ["Ruhr meeting"]
    assert [part.region.nuts_code for part in place.parts] == ["DEA1"]
    html = response.content.decode()
    assert "Draft hub" not in html and "Hidden agency" not in html and "Ruhr draft" not in html


def test_a_region_page_names_its_level_metropolises_and_the_regions_around_it(client, ruhr):
    html = client.get(url("de", "regions:detail", code="DEA1")).content.decode()
    assert '<html lang="de"' in html
    assert "Cologne" in html or "Köln" in html
    assert url("de", "regions:detail", code="DEA") in html  # the region it lies in
    assert url("de", "regions:detail", code="DEA11") in html  # the region within it
    assert url("de", "regions:detail", code="DE") in html  # its country
    assert 'hreflang="pl"' in html


def test_the_link_to_the_measure_list_finds_the_same_measures(client, ruhr):
    place = client.get(url("en", "regions:detail", code="DEA")).context["place"]
    listing = client.get(place.measures_url).context["listing"]
    assert listing.total == place.measure_count == 2


def test_a_country_page_holds_its_regions_and_measures_without_a_region(client, ruhr):
    MeasureFactory(title_en="Nationwide", country="DE", region=None)
    place = client.get(url("pl", "regions:detail", code="DE")).context["place"]
    assert place.measure_count == 3
    codes = [part.region.nuts_code for part in place.parts]
    assert [code for code in codes if code.startswith("DEA")] == ["DEA", "DEA1", "DEA11"]
    assert place.name == "Niemcy"
    listing = client.get(place.measures_url).context["listing"]
    assert listing.total == 3


def test_the_overview_lists_countries_by_name_in_the_language(client, ruhr):
    countries = client.get(url("pl", "regions:index")).context["countries"]
    assert [country.name for country in countries] == ["Niemcy", "Polska"]
    germany = countries[0]
    counts = {
        item.region.nuts_code: (item.measures, item.organisations)
        for item in germany.regions
        if item.region.nuts_code.startswith("DEA")
    }
    assert counts == {"DEA": (2, 1), "DEA1": (2, 1), "DEA11": (1, 1)}


@pytest.mark.parametrize("code", ["XX", "DE999", "ZZ1", "AQ"])
def test_unknown_places_are_not_found(client, ruhr, code):
    assert client.get(url("en", "regions:detail", code=code)).status_code == 404


@pytest.mark.parametrize("path", ["/en/regions/dea/", "/en/regions/DEA1234/", "/en/regions/%00/"])
def test_malformed_codes_are_not_found(client, ruhr, path):
    assert client.get(path).status_code == 404


def test_pages_take_a_fixed_number_of_queries(client, ruhr, django_assert_max_num_queries):
    dea = ruhr[0]
    pages = [
        url("en", "regions:index"),
        url("en", "regions:detail", code="DEA"),
        url("en", "regions:detail", code="DE"),
    ]
    counts = []
    for page in pages:
        with django_assert_max_num_queries(12) as queries:
            assert client.get(page).status_code == 200
        counts.append(len(queries))
    for number in range(6):
        region = RegionFactory(nuts_code=f"DEA{number + 2}", country="DE")
        organisation = OrganisationFactory(country="DE", region=region)
        MeasureFactory(organisation=organisation, country="DE", region=region)
        EventFactory(organiser=organisation)
    assert dea.nuts_code == "DEA"
    for page, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(page).status_code == 200


def test_regions_are_in_the_sitemap(client, ruhr):
    xml = client.get("/sitemap-regions.xml").content.decode()
    assert url("pl", "regions:detail", code="DEA1") in xml


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    code=st.one_of(
        st.from_regex(r"[A-Z]{2}[0-9A-Z]{0,3}", fullmatch=True),
        st.sampled_from(["DEA", "DEA1", "DEA11", "DE", "PL", "PL42"]),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
    ),
    language=st.sampled_from(["de", "en", "pl"]),
)
def test_any_place_address_answers_a_page_or_not_found(client, ruhr, code, language):
    response = client.get(f"/{language}/regions/{quote(code, safe='')}/")
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert response.context["place"].code == code
