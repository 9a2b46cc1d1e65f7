"""Province polygons (Natural Earth, simplified; see data/geo/README.md) and a label point per province."""

from __future__ import annotations

import hashlib
import json
from functools import cache

from cockpit import config

GEOJSON_PATH = config.GEO_DIR / "th_provinces.geojson"
GEOJSON_ROUTE = "/api/v1/geo/provinces"


@cache
def geojson_fingerprint() -> str:
    """A digest of the polygons file: its URL changes when the file does, so browsers may keep it for a year."""
    return hashlib.sha256(GEOJSON_PATH.read_bytes()).hexdigest()[:16]


def geojson_url() -> str:
    """The polygons' fingerprinted URL, the one every map figure names."""
    return f"{GEOJSON_ROUTE}.{geojson_fingerprint()}.geojson"


def _ring_area_and_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return area / 2, cx / (3 * area), cy / (3 * area)


@cache
def label_points() -> dict[str, tuple[float, float]]:
    """(lon, lat) of the centroid of each province's largest polygon, where its status symbol is drawn."""
    geo = json.loads(GEOJSON_PATH.read_text(encoding="utf-8"))
    points = {}
    for feature in geo["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        best = max((_ring_area_and_centroid(polygon[0]) for polygon in polygons), key=lambda item: abs(item[0]))
        points[feature["id"]] = (round(best[1], 4), round(best[2], 4))
    return points
