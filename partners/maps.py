"""The map of Europe on the list, region and country pages: inline SVG, drawn on the server.

Countries are coloured by how many measures (or partner organisations) they have, in a few
classes with a legend (a choropleth); the portal's regions are circles sized by their count, at
the position stored on each region (`Region.latitude`, `Region.longitude`). Every country and
circle with a count is a link with an accessible name ("Polska: 12 measures"), and the same
figures follow the map as a table, so nothing depends on colour, on a pointer or on JavaScript.

The boundaries are Natural Earth's (public domain) from the npm package world-atlas (ISC),
projected, clipped and simplified once by `tools/build_map.py` (`make map`) into
`partners/mapdata/europe.json`, which each process reads once. `map_figure` turns counts into
a `MapFigure`, and `templates/includes/map.html` writes it out. It runs no query; the builders
below (one per page type) take what their page has already read, and read at most one thing
more (the positions of the regions once per content version; the measures by country on a
region's or country's page).
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries as country_registry

from core.facets import query_string
from core.text import sort_key

DATA_FILE = Path(__file__).resolve().parent / "mapdata" / "europe.json"

# Share of a view's width: the smallest and largest circle's radius, the size of the figures.
MARKER_RADIUS = (0.014, 0.032)
TEXT_SIZE = 0.021
# The view is the counted countries' box with this margin, at least this share of the frame
# wide, and between these ratios of width to height.
VIEW_MARGIN = 0.06
VIEW_MIN_WIDTH = 0.22
VIEW_RATIOS = (1.0, 1.45)
CLASS_COUNT = 4  # colour classes of the choropleth, at most; the stylesheet has four shades

MEASURES, ORGANISATIONS = "measures", "organisations"


# --- Boundaries ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryShape:
    code: str
    d: str  # SVG path data in the frame's units
    bbox: tuple[int, int, int, int]  # left, top, right, bottom (without far-off islets)
    label: tuple[int, int]  # a point well inside it, for its figure


@dataclass(frozen=True)
class Geometry:
    view_box: tuple[int, int, int, int]
    countries: dict[str, CountryShape]
    land: tuple[str, ...]  # shapes without an ISO code (drawn as land only)
    lon0: float
    lat0: float
    radius_km: float
    frame_km: tuple[float, float, float, float]  # west, south, east, north
    units_per_km: float
    source: str

    def project(self, latitude: float, longitude: float) -> tuple[float, float] | None:
        """A position in the frame's units, as tools/build_map.py projects the boundaries
        (Lambert azimuthal equal-area); None outside the frame."""
        lam = math.radians(longitude - self.lon0)
        phi, phi0 = math.radians(latitude), math.radians(self.lat0)
        cos_c = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)
        if cos_c <= -1.0 + 1e-9:
            return None  # the antipode
        k = math.sqrt(2.0 / (1.0 + cos_c))
        x = self.radius_km * k * math.cos(phi) * math.sin(lam)
        y = (
            self.radius_km
            * k
            * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
        )
        west, south, east, north = self.frame_km
        if not (west <= x <= east and south <= y <= north):
            return None
        return ((x - west) * self.units_per_km, (north - y) * self.units_per_km)


@cache
def geometry() -> Geometry:
    """The boundaries, read once per process."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    projection = data["projection"]
    return Geometry(
        view_box=tuple(data["view_box"]),
        countries={
            code: CountryShape(code, item["d"], tuple(item["bbox"]), tuple(item["label"]))
            for code, item in data["countries"].items()
        },
        land=tuple(item["d"] for item in data["land"]),
        lon0=projection["lon0"],
        lat0=projection["lat0"],
        radius_km=projection["radius_km"],
        frame_km=tuple(projection["frame_km"]),
        units_per_km=projection["units_per_km"],
        source=data["source"],
    )


# --- The figure ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A region the map may show: its code, name and position (None: no marker)."""

    code: str
    name: str
    country: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class MapArea:
    """A country with a count: a link, coloured by its class."""

    code: str
    name: str
    d: str
    count: int
    level: int  # its class's shade, 1 (lightest) … CLASS_COUNT
    url: str
    label: str  # accessible name: "Polska: 12 measures"
    label_x: int
    label_y: float
    selected: bool


@dataclass(frozen=True)
class MapMarker:
    code: str
    name: str
    x: float
    y: float
    r: float
    count: int
    url: str
    label: str
    selected: bool


@dataclass(frozen=True)
class LegendClass:
    level: int
    text: str  # "10–99"


@dataclass(frozen=True)
class TableRow:
    """A line of the figures' table: a country (region empty) or a region of it."""

    country: str
    region: str
    code: str
    count: int
    url: str
    is_country: bool
    has_marker: bool = False


@dataclass(frozen=True)
class MapFigure:
    key: str  # makes the ids of the figure's elements unique on the page
    caption: str
    note: str
    count_heading: str  # the table's heading of the figures: "Measures"
    legend_heading: str
    view_box: str
    text_size: float
    stroke: float
    background: tuple[str, ...]  # path data of land without a count
    areas: tuple[MapArea, ...]
    markers: tuple[MapMarker, ...]
    legend: tuple[LegendClass, ...]
    rows: tuple[TableRow, ...]
    marker_note: str  # what a circle stands for; "" without circles

    @property
    def is_empty(self) -> bool:
        return not self.rows


def class_bounds(maximum: int, classes: int = CLASS_COUNT) -> list[tuple[int, int]]:
    """The choropleth's classes for counts from 1 to `maximum`: one per value while there are
    few, else steps growing geometrically at round numbers (1, 2, 5, 10, 20, 50, …)."""
    if maximum <= 0:
        return []
    if maximum <= classes:
        return [(n, n) for n in range(1, maximum + 1)]
    lows = [1]
    for i in range(1, classes):
        low = _round_number(maximum ** (i / classes))
        if lows[-1] < low <= maximum:
            lows.append(low)
    return [(low, lows[i + 1] - 1 if i + 1 < len(lows) else maximum) for i, low in enumerate(lows)]


def _round_number(value: float) -> int:
    """The number of the 1–2–5 series nearest to `value` on a logarithmic scale."""
    exponent = math.floor(math.log10(value))
    candidates = [m * 10**e for e in (exponent, exponent + 1) for m in (1, 2, 5)]
    return min(candidates, key=lambda c: abs(math.log(c) - math.log(value)))


def _shade(number: int, classes: int) -> int:
    """The shade (1 … CLASS_COUNT) of class `number` (1 … classes): spread over the range,
    so that two classes are told apart as well as four."""
    if classes <= 1:
        return CLASS_COUNT // 2 + 1
    return 1 + round((number - 1) * (CLASS_COUNT - 1) / (classes - 1))


def _level(count: int, bounds: list[tuple[int, int]]) -> int:
    number = len(bounds)
    for index, (low, high) in enumerate(bounds, start=1):
        if low <= count <= high:
            number = index
            break
    return _shade(number, len(bounds))


def _place_label(kind: str, name: str, count: int) -> str:
    if kind == ORGANISATIONS:
        text = ngettext(
            "%(place)s: %(count)s partner organisation",
            "%(place)s: %(count)s partner organisations",
            count,
        )
    else:
        text = ngettext("%(place)s: %(count)s measure", "%(place)s: %(count)s measures", count)
    return text % {"place": name, "count": count}


def _view(
    shapes: Geometry, boxes: list[tuple[float, float, float, float]]
) -> tuple[float, float, float, float]:
    """x, y, width, height: the boxes with a margin, wide enough and not too narrow or flat,
    inside the frame; the whole frame without boxes."""
    frame_x, frame_y, frame_w, frame_h = shapes.view_box
    if not boxes:
        return (frame_x, frame_y, frame_w, frame_h)
    left = min(b[0] for b in boxes)
    top = min(b[1] for b in boxes)
    right = max(b[2] for b in boxes)
    bottom = max(b[3] for b in boxes)
    width, height = right - left, bottom - top
    margin = VIEW_MARGIN * max(width, height)
    width, height = width + 2 * margin, height + 2 * margin
    width = max(width, VIEW_MIN_WIDTH * frame_w)
    low, high = VIEW_RATIOS
    if width < low * height:
        width = low * height
    if width > high * height:
        height = width / high
    width, height = min(width, frame_w), min(height, frame_h)
    centre_x, centre_y = (left + right) / 2, (top + bottom) / 2
    x = min(max(centre_x - width / 2, frame_x), frame_x + frame_w - width)
    y = min(max(centre_y - height / 2, frame_y), frame_y + frame_h - height)
    return (x, y, width, height)


def _meets(box: tuple[float, ...], view: tuple[float, float, float, float]) -> bool:
    x, y, width, height = view
    return box[0] < x + width and box[2] > x and box[1] < y + height and box[3] > y


def map_figure(
    *,
    kind: str,
    counts_by_country: Mapping[str, int],
    counts_by_region: Mapping[str, int],
    places: Iterable[Place],
    link_for_country: Callable[[str], str | None],
    link_for_region: Callable[[str], str | None],
    language: str,
    caption: str,
    note: str = "",
    focus: str | None = None,
    selected: Iterable[str] = (),
    key: str = "map",
) -> MapFigure:
    """The map of the counts: countries by `counts_by_country` (ISO code → count), circles for
    the `places` (regions) with a position and a count in `counts_by_region` (NUTS code →
    count). Links come from the two functions (None: no link). The view frames the counted
    countries and circles, or the country `focus`. Names are in `language`."""
    shapes = geometry()
    chosen = set(selected)
    with translation.override(language):
        country_names = {
            code: str(country_registry.name(code))
            for code, count in counts_by_country.items()
            if count > 0
        }
        counted = {code: n for code, n in counts_by_country.items() if n > 0}
        bounds = class_bounds(max(counted.values(), default=0))

        markers_wanted: list[tuple[Place, int, tuple[float, float]]] = []
        places_by_country: dict[str, list[tuple[Place, int]]] = {}
        for place in places:
            count = counts_by_region.get(place.code, 0)
            if count <= 0:
                continue
            places_by_country.setdefault(place.country, []).append((place, count))
            if place.latitude is not None and place.longitude is not None:
                point = shapes.project(place.latitude, place.longitude)
                if point is not None:
                    markers_wanted.append((place, count, point))

        if focus and focus in shapes.countries:
            boxes = [shapes.countries[focus].bbox]
        else:
            boxes = [shapes.countries[code].bbox for code in counted if code in shapes.countries]
            boxes += [(x, y, x, y) for _place, _count, (x, y) in markers_wanted]
        view = _view(shapes, boxes)
        width = view[2]

        largest = max((count for _p, count, _pt in markers_wanted), default=1)
        small, big = (share * width for share in MARKER_RADIUS)
        markers = []
        # The biggest first, so that smaller circles lie on top of them.
        for place, count, (x, y) in sorted(markers_wanted, key=lambda item: -item[1]):
            url = link_for_region(place.code)
            if not url:
                continue
            markers.append(
                MapMarker(
                    code=place.code,
                    name=place.name,
                    x=round(x, 1),
                    y=round(y, 1),
                    r=round(small + (big - small) * math.sqrt(count / largest), 1),
                    count=count,
                    url=url,
                    label=_place_label(kind, place.name, count),
                    selected=place.code in chosen,
                )
            )
        areas, background = [], list(shapes.land)
        for code, shape in shapes.countries.items():
            if not _meets(shape.bbox, view) and code not in counted:
                continue
            count = counted.get(code, 0)
            url = link_for_country(code) if count else None
            if not count or not url:
                background.append(shape.d)
                continue
            name = country_names[code]
            areas.append(
                MapArea(
                    code=code,
                    name=name,
                    d=shape.d,
                    count=count,
                    level=_level(count, bounds),
                    url=url,
                    label=_place_label(kind, name, count),
                    label_x=shape.label[0],
                    label_y=_clear_of(shape.label, markers, TEXT_SIZE * width),
                    selected=code in chosen or code == focus,
                )
            )

        with_marker = {marker.code for marker in markers}

        rows = []
        for code in sorted(counted, key=lambda c: sort_key(country_names[c], language)):
            rows.append(
                TableRow(
                    country=country_names[code],
                    region="",
                    code=code,
                    count=counted[code],
                    url=link_for_country(code) or "",
                    is_country=True,
                )
            )
            for place, count in sorted(places_by_country.pop(code, []), key=lambda p: p[0].code):
                rows.append(_region_row(place, count, country_names[code], link_for_region))
        # Regions of countries without a count of their own (not expected, but shown).
        for code, items in sorted(places_by_country.items()):
            name = str(country_registry.name(code))
            for place, count in sorted(items, key=lambda p: p[0].code):
                rows.append(_region_row(place, count, name, link_for_region))
        rows = [
            row if row.is_country else _with_marker(row, row.code in with_marker) for row in rows
        ]

        legend = tuple(
            LegendClass(_shade(number, len(bounds)), str(low) if low == high else f"{low}–{high}")
            for number, (low, high) in enumerate(bounds, start=1)
        )
        if kind == ORGANISATIONS:
            count_heading = _("Partner organisations")
            legend_heading = _("Partner organisations per country")
            marker_note = _("Circles: regions, sized by their number of partner organisations.")
        else:
            count_heading = _("Measures")
            legend_heading = _("Measures per country")
            marker_note = _("Circles: regions, sized by their number of measures.")
    return MapFigure(
        key=key,
        caption=caption,
        note=note,
        count_heading=count_heading,
        legend_heading=legend_heading,
        view_box=" ".join(f"{value:g}" for value in (round(v, 1) for v in view)),
        text_size=round(TEXT_SIZE * width, 1),
        stroke=round(width / 1000, 2),
        background=tuple(background),
        areas=tuple(areas),
        markers=tuple(markers),
        legend=legend,
        rows=tuple(rows),
        marker_note=marker_note if markers else "",
    )


def _clear_of(point: tuple[int, int], markers: list[MapMarker], size: float) -> float:
    """The height of a country's figure: at its label point, or just below a circle that
    would cover it."""
    x, y = point
    for marker in markers:
        if math.hypot(marker.x - x, marker.y - y) < marker.r + size:
            return round(marker.y + marker.r + 0.8 * size, 1)
    return y


def _region_row(place: Place, count: int, country: str, link) -> TableRow:
    return TableRow(
        country=country,
        region=place.name,
        code=place.code,
        count=count,
        url=link(place.code) or "",
        is_country=False,
    )


def _with_marker(row: TableRow, has_marker: bool) -> TableRow:
    return TableRow(**{**row.__dict__, "has_marker": has_marker})


# --- Region positions ------------------------------------------------------------------------

_positions_lock = threading.Lock()
_positions: tuple[int, dict[str, tuple[str, float | None, float | None]]] | None = None


def region_positions(*, version: int) -> dict[str, tuple[str, float | None, float | None]]:
    """NUTS code → (country, latitude, longitude) of every region, read once per content
    version (a change of a region raises it) and kept in the process: one query after a
    change, none otherwise."""
    global _positions
    current = _positions
    if current is not None and current[0] == version:
        return current[1]
    from partners.models import Region

    positions = {
        code: (str(country), latitude, longitude)
        for code, country, latitude, longitude in Region.objects.values_list(
            "nuts_code", "country", "latitude", "longitude"
        )
    }
    with _positions_lock:
        _positions = (version, positions)
    return positions


# --- The pages --------------------------------------------------------------------------------


def _facet_values(facets, name: str) -> list:
    for facet in facets:
        if facet.name == name:
            return list(facet.values)
    return []


def measure_list_map(*, listing, data, language: str) -> MapFigure:
    """The measure list's map: the country and region facets' counts (under the list's other
    filters), links to the list with that country or region instead of the chosen ones and
    every other filter kept. No query while the content is unchanged."""
    countries = _facet_values(listing.facets, "country")
    regions = _facet_values(listing.facets, "region")
    positions = region_positions(version=listing.version) if regions else {}
    places = []
    for value in regions:
        # NUTS codes begin with the country's code, but for Greece (EL): the region's own.
        country, latitude, longitude = positions.get(value.value, (value.value[:2], None, None))
        places.append(Place(value.value, value.label, country, latitude, longitude))
    base = reverse("measures:index")
    return map_figure(
        kind=MEASURES,
        counts_by_country={value.value: value.count for value in countries},
        counts_by_region={value.value: value.count for value in regions},
        places=places,
        link_for_country=lambda code: base + query_string(data, country=[code]),
        link_for_region=lambda code: base + query_string(data, region=[code]),
        language=language,
        caption=_("Measures by country and region"),
        note=_(
            "The figures follow the filters above, except the place: each country or circle "
            "leads to the list of its measures, with the other filters kept."
        ),
        selected=[value.value for value in (*countries, *regions) if value.selected],
    )


def organisation_list_map(*, listing, data, language: str) -> MapFigure:
    """The partner list's map: partner organisations per country (the country facet, under the
    list's other filters) and per region (the organisations listed); countries lead to the
    list filtered to them, other filters kept, regions to their pages."""
    countries = _facet_values(listing.facets, "country")
    by_region: dict[str, int] = {}
    places: dict[str, Place] = {}
    for _country, cards in listing.groups:
        for card in cards:
            if not card.region_code:
                continue
            by_region[card.region_code] = by_region.get(card.region_code, 0) + 1
            places[card.region_code] = Place(
                code=card.region_code,
                name=card.region_name or card.region_code,
                country=card.region_country or card.country,
                latitude=card.region_latitude,
                longitude=card.region_longitude,
            )
    base = reverse("partners:index")
    return map_figure(
        kind=ORGANISATIONS,
        counts_by_country={value.value: value.count for value in countries},
        counts_by_region=by_region,
        places=places.values(),
        link_for_country=lambda code: base + query_string(data, country=[code]),
        link_for_region=_region_url,
        language=language,
        caption=_("Partner organisations by country and region"),
        note=_(
            "The figures follow the filters above, except the country: each country leads to "
            "the list of its organisations, with the other filters kept; each circle to the "
            "region's page."
        ),
        selected=[value.value for value in countries if value.selected],
    )


def _region_url(code: str) -> str:
    return reverse("regions:detail", kwargs={"code": code})


def _place_of(region) -> Place:
    return Place(
        code=region.nuts_code,
        name=region.name,
        country=str(region.country),
        latitude=region.latitude,
        longitude=region.longitude,
    )


def region_overview_map(*, countries, language: str) -> MapFigure:
    """The regions page's map: measures per country and per region (with the regions within
    it), each leading to its page."""
    places, by_region = [], {}
    for country in countries:
        for item in country.regions:
            places.append(_place_of(item.region))
            by_region[item.region.nuts_code] = item.measures
    with_page = {country.code for country in countries}
    return map_figure(
        kind=MEASURES,
        counts_by_country={country.code: country.measures for country in countries},
        counts_by_region=by_region,
        places=places,
        link_for_country=lambda code: _region_url(code) if code in with_page else None,
        link_for_region=_region_url,
        language=language,
        caption=_("Measures by country and region"),
        note=_("Each country or circle leads to its page."),
    )


def place_map(*, place, language: str) -> MapFigure:
    """A region's or country's page: its country in view, measures per country (one query)
    and per region of that country, the place itself marked."""
    from partners.selectors import measures_by_country

    places = [_place_of(item.region) for item in place.country_regions]
    by_region = {item.region.nuts_code: item.measures for item in place.country_regions}
    code = place.country.code
    return map_figure(
        kind=MEASURES,
        counts_by_country=measures_by_country(),
        counts_by_region=by_region,
        places=places,
        link_for_country=_region_url,
        link_for_region=_region_url,
        language=language,
        caption=_("Measures by country and region"),
        note=_("Each country or circle leads to its page."),
        focus=code,
        selected=[place.code],
    )
