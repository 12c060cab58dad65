"""Prepare the boundary data of the portal's map, `partners/mapdata/europe.json`.

The map (`partners.maps`) draws Europe's countries as inline SVG paths. They come from Natural
Earth's 1:50m admin-0 countries (public domain) as the npm package `world-atlas` publishes them
in TopoJSON (ISC licence), installed under `tools/map/` (`npm ci --prefix tools/map`). This
script

1. decodes the TopoJSON arcs (delta-encoded, quantised: `transform` gives scale and offset),
2. keeps the countries that reach into Europe's frame and names them by their ISO 3166-1
   alpha-2 code (world-atlas keys them by the numeric code; django-countries maps one to the
   other),
3. projects every arc with a spherical Lambert azimuthal equal-area projection centred on
   10° E, 52° N (the centre of EPSG:3035, the projection of Eurostat's maps of Europe),
4. simplifies each arc once (Douglas–Peucker), so that neighbours keep one common border,
5. assembles the rings, clips them to the frame and drops specks,
6. writes per country one SVG path (`d`, relative commands, whole units), the box that frames
   it (without far-off islets) and a point inside it for its label, with the viewBox, the
   projection's parameters (so that the positions of regions are projected at run time the
   same way) and the data's source and licence.

Run it through `make map` after updating `tools/map/package.json` and commit the result:

    .venv/bin/python -m tools.build_map
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tools" / "map" / "node_modules" / "world-atlas" / "countries-50m.json"
OUTPUT = ROOT / "partners" / "mapdata" / "europe.json"

# The projection (spherical: the difference to the ellipsoid is far below a pixel here).
LON0, LAT0 = 10.0, 52.0
RADIUS_KM = 6371.0088
# The frame in projected kilometres (x east, y north of the centre): Iceland and Portugal to
# the Urals' foothills, the North Cape to Crete and Cyprus.
FRAME_KM = (-2900.0, -2250.0, 2550.0, 2400.0)  # west, south, east, north
UNITS_PER_KM = 0.5  # viewBox units per kilometre: the frame is 2725 × 2325 units
SIMPLIFY_KM = 3.0  # Douglas–Peucker tolerance
MIN_AREA_KM2 = 150.0  # rings smaller than this (islets) are left out
# Rings are clipped to the frame widened by this much, so that the cut edges lie outside it.
CLIP_MARGIN_KM = 40.0
# Countries are looked at when their geographic bounding box meets this window (lon, lat).
WINDOW = (-40.0, 25.0, 70.0, 85.0)

# Shapes world-atlas gives no ISO number: drawn as land, never as a country of the portal.
UNCODED = {"Kosovo", "N. Cyprus"}

SOURCE_NOTE = (
    "Natural Earth 1:50m Cultural Vectors, Admin 0 – Countries (public domain, "
    "naturalearthdata.com), through the npm package world-atlas {version} by Mike Bostock "
    "(ISC licence). Projected, clipped and simplified by tools/build_map.py."
)


def country_codes() -> dict[int, str]:
    """ISO 3166-1 numeric → alpha-2, from django-countries."""
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=False)
    from django_countries import countries
    from django_countries.data import COUNTRIES

    return {countries.numeric(code): code for code in COUNTRIES}


# --- TopoJSON ---------------------------------------------------------------------------------


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs as lists of (lon, lat): positions are delta-encoded and quantised."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def polygons_of(geometry: dict) -> list[list[list[int]]]:
    """A geometry's polygons, each a list of rings, each a list of arc indexes."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list:
    """The points of a ring: its arcs joined (a negative index ~i is arc i reversed), each
    arc's first point left out after the first arc (it repeats the previous arc's last)."""
    points: list = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


# --- Geometry ---------------------------------------------------------------------------------


def project(lon: float, lat: float) -> tuple[float, float]:
    """Lambert azimuthal equal-area, spherical: kilometres east and north of the centre."""
    lam, phi = math.radians(lon - LON0), math.radians(lat)
    phi0 = math.radians(LAT0)
    cos_c = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)
    k = math.sqrt(2.0 / (1.0 + cos_c))
    x = RADIUS_KM * k * math.cos(phi) * math.sin(lam)
    y = (
        RADIUS_KM
        * k
        * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    )
    return x, y


def simplify(points: list, tolerance: float) -> list:
    """Douglas–Peucker, keeping both ends (iterative)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        worst, worst_distance = -1, tolerance
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = math.hypot(px - ax, py - ay)
            else:
                distance = abs(dy * (px - ax) - dx * (py - ay)) / length
            if distance > worst_distance:
                worst, worst_distance = i, distance
        if worst >= 0:
            keep[worst] = True
            stack.extend(((first, worst), (worst, last)))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def clip(ring: list, box: tuple[float, float, float, float]) -> list:
    """Sutherland–Hodgman: the ring cut to an axis-parallel box (west, south, east, north)."""
    west, south, east, north = box
    edges = (
        (lambda p: p[0] >= west, lambda p, q: _cross_x(p, q, west)),
        (lambda p: p[0] <= east, lambda p, q: _cross_x(p, q, east)),
        (lambda p: p[1] >= south, lambda p, q: _cross_y(p, q, south)),
        (lambda p: p[1] <= north, lambda p, q: _cross_y(p, q, north)),
    )
    output = ring
    for inside, cross in edges:
        if not output:
            break
        points, output = output, []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    output.append(cross(previous, point))
                output.append(point)
            elif inside(previous):
                output.append(cross(previous, point))
            previous = point
    return output


def _cross_x(p, q, x):
    t = (x - p[0]) / (q[0] - p[0])
    return (x, p[1] + t * (q[1] - p[1]))


def _cross_y(p, q, y):
    t = (y - p[1]) / (q[1] - p[1])
    return (p[0] + t * (q[0] - p[0]), y)


def area(ring: list) -> float:
    """Signed area (shoelace)."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return total / 2.0


def inside_ring(x: float, y: float, ring: list) -> bool:
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def distance_to_ring(x: float, y: float, ring: list) -> float:
    best = math.inf
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        dx, dy = x2 - x1, y2 - y1
        length = dx * dx + dy * dy
        t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / length))
        best = min(best, math.hypot(x - x1 - t * dx, y - y1 - t * dy))
    return best


def label_point(rings: list[list]) -> tuple[float, float]:
    """A point well inside the largest outer ring, away from its edges (and its holes): the
    best point of a grid over its bounding box (a coarse "pole of inaccessibility")."""
    outer = max(rings, key=lambda ring: abs(area(ring)))
    xs, ys = [p[0] for p in outer], [p[1] for p in outer]
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    best, best_distance = ((west + east) / 2, (south + north) / 2), -1.0
    steps = 24
    for i in range(steps + 1):
        for j in range(steps + 1):
            x = west + (east - west) * i / steps
            y = south + (north - south) * j / steps
            if not inside_ring(x, y, outer):
                continue
            distance = min(distance_to_ring(x, y, ring) for ring in rings)
            if distance > best_distance:
                best, best_distance = (x, y), distance
    return best


# --- Output -----------------------------------------------------------------------------------


def to_units(point: tuple[float, float]) -> tuple[int, int]:
    """Projected kilometres → whole viewBox units (y down)."""
    west, _south, _east, north = FRAME_KM
    return (round((point[0] - west) * UNITS_PER_KM), round((north - point[1]) * UNITS_PER_KM))


def path_data(rings: list[list]) -> str:
    """SVG path data of rings in whole units, with relative line commands."""
    parts = []
    for ring in rings:
        points = [to_units(point) for point in ring]
        deduplicated = [points[0]]
        for point in points[1:]:
            if point != deduplicated[-1]:
                deduplicated.append(point)
        if len(deduplicated) < 3:
            continue
        (x, y), steps = deduplicated[0], []
        for px, py in deduplicated[1:]:
            steps.append(_pair(px - x, py - y))
            x, y = px, py
        start = deduplicated[0]
        parts.append(f"M{start[0]} {start[1]}l" + "".join(steps).lstrip() + "z")
    return "".join(parts)


def _pair(dx: int, dy: int) -> str:
    """A relative step: numbers apart by a space, or by the minus sign that starts one."""
    return (str(dx) if dx < 0 else f" {dx}") + (str(dy) if dy < 0 else f" {dy}")


def build() -> dict:
    topology = json.loads(SOURCE.read_text(encoding="utf-8"))
    version = json.loads((SOURCE.parent / "package.json").read_text(encoding="utf-8"))["version"]
    arcs = decode_arcs(topology)
    codes = country_codes()
    west, south, east, north = WINDOW

    # The countries near the frame, and the arcs they use.
    chosen: list[tuple[str, str, list]] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        numeric = int(geometry["id"]) if "id" in geometry else None
        code = codes.get(numeric) if numeric is not None else None
        if code is None and name not in UNCODED:
            continue
        polygons = []
        for polygon in polygons_of(geometry):
            outer = ring_points(polygon[0], arcs)
            lons, lats = [p[0] for p in outer], [p[1] for p in outer]
            if max(lons) < west or min(lons) > east or max(lats) < south or min(lats) > north:
                continue
            polygons.append(polygon)
        if polygons:
            chosen.append((code or "", name, polygons))
    used = {
        index if index >= 0 else ~index
        for _code, _name, polygons in chosen
        for polygon in polygons
        for ring in polygon
        for index in ring
    }
    projected = {}
    for index in used:
        points = [project(lon, lat) for lon, lat in arcs[index]]
        projected[index] = simplify(points, SIMPLIFY_KM)

    frame = FRAME_KM
    box = (
        frame[0] - CLIP_MARGIN_KM,
        frame[1] - CLIP_MARGIN_KM,
        frame[2] + CLIP_MARGIN_KM,
        frame[3] + CLIP_MARGIN_KM,
    )
    countries: dict[str, dict] = {}
    land: list[dict] = []
    for code, name, polygons in chosen:
        rings, outer_rings = [], []
        for polygon in polygons:
            for number, ring in enumerate(polygon):
                points = ring_points(ring, projected)
                if len(points) > 1 and points[0] == points[-1]:
                    points = points[:-1]
                cut = clip(points, box)
                if len(cut) < 3 or abs(area(cut)) < MIN_AREA_KM2:
                    continue
                rings.append(cut)
                if number == 0:
                    outer_rings.append(cut)
        if not rings:
            continue
        d = path_data(rings)
        if not d:
            continue
        if not code:
            land.append({"name": name, "d": d})
            continue
        # The box that frames the country leaves out far-off islets (Jan Mayen for Norway).
        largest = max(abs(area(ring)) for ring in outer_rings or rings)
        framing = [ring for ring in outer_rings or rings if abs(area(ring)) >= 0.02 * largest]
        units = [to_units(point) for ring in framing for point in ring]
        xs, ys = [p[0] for p in units], [p[1] for p in units]
        view = to_units((frame[0], frame[3])), to_units((frame[2], frame[1]))
        bbox = [
            max(min(xs), view[0][0]),
            max(min(ys), view[0][1]),
            min(max(xs), view[1][0]),
            min(max(ys), view[1][1]),
        ]
        if bbox[0] >= bbox[2] or bbox[1] >= bbox[3]:
            continue  # only its cut edge lies in the margin
        # The label goes into the largest part of the country inside the frame itself.
        visible = [clip(ring, frame) for ring in outer_rings or rings]
        main = max((ring for ring in visible if len(ring) >= 3), key=lambda r: abs(area(r)))
        holes = [ring for ring in rings if ring not in outer_rings and _within(ring, main)]
        label = to_units(label_point([main, *holes]))
        countries[code] = {"name": name, "d": d, "bbox": bbox, "label": list(label)}

    width, height = to_units((frame[2], frame[1]))
    return {
        "source": SOURCE_NOTE.format(version=version),
        "licence": "Natural Earth: public domain; world-atlas: ISC",
        "generated_by": "tools/build_map.py (make map)",
        "projection": {
            "name": "Lambert azimuthal equal-area (spherical)",
            "lon0": LON0,
            "lat0": LAT0,
            "radius_km": RADIUS_KM,
            "frame_km": list(frame),
            "units_per_km": UNITS_PER_KM,
        },
        "view_box": [0, 0, width, height],
        "countries": dict(sorted(countries.items())),
        "land": land,
    }


def _within(ring: list, outer: list) -> bool:
    x, y = ring[0]
    return inside_ring(x, y, outer)


def main() -> int:
    if not SOURCE.exists():
        print(f"{SOURCE} is missing: run `npm ci --prefix tools/map` first.", file=sys.stderr)
        return 1
    data = build()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    # One country per line keeps the diff of a rebuild readable.
    countries = ",\n".join(
        f"{json.dumps(code)}:{json.dumps(value, ensure_ascii=False, separators=(',', ':'))}"
        for code, value in data["countries"].items()
    )
    head = {key: value for key, value in data.items() if key not in ("countries", "land")}
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    land = json.dumps(data["land"], ensure_ascii=False, separators=(",", ":"))
    text += f',\n "land": {land},\n "countries": {{\n{countries}\n}}\n}}\n'
    OUTPUT.write_text(text, encoding="utf-8")
    size = OUTPUT.stat().st_size
    print(f"Wrote {OUTPUT.relative_to(ROOT)}: {len(data['countries'])} countries, {size:,} bytes.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
