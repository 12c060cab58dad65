"""The boundary data of the map (partners/mapdata/europe.json) and its projection."""

import json
import re

import pytest

from partners import maps
from partners.demo import REGION_POSITIONS, REGIONS
from tools import build_map

PATH = re.compile(r"^(M-?\d+ -?\d+l(?: ?-?\d+)+z)+$")


@pytest.fixture(scope="module")
def shapes():
    return maps.geometry()


def test_the_data_file_names_its_source_and_licence():
    data = json.loads(maps.DATA_FILE.read_text(encoding="utf-8"))
    assert "Natural Earth" in data["source"] and "world-atlas" in data["source"]
    assert "public domain" in data["licence"] and "ISC" in data["licence"]
    assert data["projection"]["lon0"] == 10.0 and data["projection"]["lat0"] == 52.0


def test_europe_s_countries_are_there_with_valid_paths(shapes):
    expected = {"AT", "BE", "CH", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR", "HR"}
    expected |= {"HU", "IE", "IS", "IT", "LT", "LU", "LV", "NL", "NO", "PL", "PT", "RO", "SE"}
    expected |= {"SI", "SK", "UA", "BY", "CY", "MT", "BG", "RS", "AL", "MK", "BA", "ME", "MD"}
    assert expected <= set(shapes.countries)
    x0, y0, width, height = shapes.view_box
    for code, shape in shapes.countries.items():
        assert PATH.match(shape.d), code
        left, top, right, bottom = shape.bbox
        assert x0 <= left < right <= x0 + width, code
        assert y0 <= top < bottom <= y0 + height, code
        assert left <= shape.label[0] <= right and top <= shape.label[1] <= bottom, code
    # Shapes without an ISO code (Kosovo) are land, not a country of the portal.
    assert shapes.land and all(PATH.match(d) for d in shapes.land)


def test_the_data_is_loaded_once_per_process():
    assert maps.geometry() is maps.geometry()


def test_regions_are_projected_inside_the_view_and_their_country(shapes):
    """Each demo region's position lies in the box of its own country."""
    x0, y0, width, height = shapes.view_box
    for code, (latitude, longitude) in REGION_POSITIONS.items():
        x, y = shapes.project(latitude, longitude)
        assert x0 < x < x0 + width and y0 < y < y0 + height
        left, top, right, bottom = shapes.countries[REGIONS[code][0]].bbox
        assert left <= x <= right and top <= y <= bottom, code
    assert set(REGION_POSITIONS) <= set(REGIONS)
    # Far away: no place on the map.
    assert shapes.project(-33.9, 151.2) is None
    assert shapes.project(40.7, -74.0) is None


def test_run_time_projection_is_the_build_s(shapes):
    for latitude, longitude in ((52.0, 10.0), (60.17, 24.94), (38.72, -9.14), (35.17, 33.36)):
        expected = build_map.to_units(build_map.project(longitude, latitude))
        x, y = shapes.project(latitude, longitude)
        assert (round(x), round(y)) == expected
    # The centre of the projection lies where the frame puts 0 km, 0 km.
    west, _south, _east, north = shapes.frame_km
    assert shapes.project(52.0, 10.0) == pytest.approx((-west * 0.5, north * 0.5))


def test_topojson_arcs_are_decoded_and_joined():
    topology = {
        "transform": {"scale": [0.5, 0.25], "translate": [10, 50]},
        "arcs": [[[0, 0], [2, 0], [0, 4]], [[2, 4], [-2, 0], [0, -4]]],
    }
    arcs = build_map.decode_arcs(topology)
    assert arcs[0] == [(10.0, 50.0), (11.0, 50.0), (11.0, 51.0)]
    assert arcs[1] == [(11.0, 51.0), (10.0, 51.0), (10.0, 50.0)]
    ring = build_map.ring_points([0, 1], arcs)
    assert ring == [(10.0, 50.0), (11.0, 50.0), (11.0, 51.0), (10.0, 51.0), (10.0, 50.0)]
    # ~0 is arc 0 reversed.
    assert build_map.ring_points([~0], arcs) == arcs[0][::-1]


def test_clipping_and_simplifying():
    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    cut = build_map.clip(square, (5.0, -1.0, 20.0, 20.0))
    assert abs(build_map.area(cut)) == pytest.approx(50.0)
    line = [(0.0, 0.0), (1.0, 0.1), (2.0, -0.1), (3.0, 5.0), (4.0, 0.0)]
    assert build_map.simplify(line, 0.5) == [(0.0, 0.0), (2.0, -0.1), (3.0, 5.0), (4.0, 0.0)]
    assert build_map.path_data([[(-2900.0, 2400.0), (-2880.0, 2400.0), (-2880.0, 2380.0)]]) == (
        "M0 0l10 0 0 10z"
    )
