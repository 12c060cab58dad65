"""map_figure: classes, links, names and the table, without the database."""

import pytest

from partners import maps


def test_classes_grow_at_round_numbers():
    assert maps.class_bounds(0) == []
    assert maps.class_bounds(3) == [(1, 1), (2, 2), (3, 3)]
    assert maps.class_bounds(10) == [(1, 1), (2, 4), (5, 10)]
    assert maps.class_bounds(10_000) == [(1, 9), (10, 99), (100, 999), (1000, 10_000)]
    assert maps.class_bounds(3000) == [(1, 9), (10, 49), (50, 499), (500, 3000)]
    for maximum in (1, 2, 5, 7, 12, 99, 101, 1234, 100_000):
        bounds = maps.class_bounds(maximum)
        assert bounds[0][0] == 1 and bounds[-1][1] == maximum
        assert all(high + 1 == low for (_, high), (low, _) in zip(bounds, bounds[1:], strict=False))


def figure(language="en", **changes):
    arguments = {
        "kind": maps.MEASURES,
        "counts_by_country": {"PL": 12, "DE": 1, "US": 4},
        "counts_by_region": {"PL42": 7, "PL84": 2, "DE80": 1},
        "places": [
            maps.Place("PL42", "Zachodniopomorskie", "PL", 53.6, 15.6),
            maps.Place("PL84", "Podlaskie", "PL"),  # no position: no circle
            maps.Place("DE80", "Mecklenburg-Vorpommern", "DE", 53.8, 12.6),
        ],
        "link_for_country": lambda code: f"/list/?country={code}",
        "link_for_region": lambda code: f"/list/?region={code}",
        "language": language,
        "caption": "Measures",
    }
    arguments.update(changes)
    return maps.map_figure(**arguments)


def test_counted_countries_are_links_with_names_and_shades():
    result = figure()
    areas = {area.code: area for area in result.areas}
    assert set(areas) == {"PL", "DE"}  # the US lies outside the map
    assert areas["PL"].url == "/list/?country=PL"
    assert areas["PL"].label == "Poland: 12 measures"
    assert areas["DE"].label == "Germany: 1 measure"
    assert areas["PL"].level > areas["DE"].level
    assert {entry.text for entry in result.legend} >= {"1"}
    # Every other country in view is plain land.
    assert len(result.background) > 5


def test_regions_with_a_position_get_a_circle_sized_by_count():
    result = figure()
    markers = {marker.code: marker for marker in result.markers}
    assert set(markers) == {"PL42", "DE80"}
    assert markers["PL42"].r > markers["DE80"].r
    assert markers["PL42"].label == "Zachodniopomorskie: 7 measures"
    assert markers["PL42"].url == "/list/?region=PL42"
    x, y, width, height = (float(v) for v in result.view_box.split())
    for marker in result.markers:
        assert x < marker.x < x + width and y < marker.y < y + height


def test_the_table_holds_every_figure_also_without_a_circle():
    rows = [(r.country, r.region, r.count, r.has_marker) for r in figure().rows]
    assert rows == [
        ("Germany", "", 1, False),
        ("Germany", "Mecklenburg-Vorpommern", 1, True),
        ("Poland", "", 12, False),
        ("Poland", "Zachodniopomorskie", 7, True),
        ("Poland", "Podlaskie", 2, False),
        ("United States of America", "", 4, False),
    ]


@pytest.mark.parametrize(
    ("language", "poland", "one"),
    [
        ("de", "Polen: 12 Maßnahmen", "Deutschland: 1 Maßnahme"),
        ("pl", "Polska: 12 działań", "Niemcy: 1 działanie"),
    ],
)
def test_names_and_labels_in_the_page_s_language(language, poland, one):
    from django.utils import translation

    translated = translation.override(language)
    with translated:
        result = figure(language=language)
    labels = {area.code: area.label for area in result.areas}
    assert labels["PL"] == poland
    assert labels["DE"] == one


def test_partner_organisations_are_counted_in_their_own_words():
    result = figure(kind=maps.ORGANISATIONS)
    assert {area.label for area in result.areas} == {
        "Poland: 12 partner organisations",
        "Germany: 1 partner organisation",
    }
    assert result.count_heading == "Partner organisations"


def test_the_view_frames_the_counted_places_or_the_focus():
    whole = figure(counts_by_country={}, counts_by_region={})
    assert whole.is_empty and whole.view_box == "0 0 2725 2325"
    framed = [float(v) for v in figure().view_box.split()]
    assert framed[2] < 2725 / 2
    focused = [float(v) for v in figure(focus="DE").view_box.split()]
    assert focused[2] < framed[2]
    assert [area.code for area in figure(focus="DE").areas if area.selected] == ["DE"]


def test_no_link_no_area():
    result = figure(link_for_country=lambda code: None if code == "DE" else f"/{code}/")
    assert [area.code for area in result.areas] == ["PL"]
