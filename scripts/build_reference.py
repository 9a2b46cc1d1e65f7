#!/usr/bin/env python3
"""Build the project's reference tables in ``data/reference/``.

Outputs
-------
- ``provinces.csv``      code,name_th,name_en,abbr_th  (77 rows, ISO 3166-2:TH codes)
- ``regions_moe18.csv``  region_code,region_name_th,region_name_en,province_code
- ``regions_geo6.csv``   same header, the six-region geographic scheme
- ``region_schemes.csv`` scheme_code,name_th,name_en,is_default,file,source,as_of

Sources
-------
- Thai name and abbreviation: PyThaiNLP's corpus file
  ``pythainlp/corpus/thailand_provinces_th.csv`` (Apache-2.0), read from the
  installed package.
- ISO 3166-2:TH codes: pycountry (LGPL-2.1).  TH-S (Pattaya, a special city) is
  not a province and is ignored.
- The two are joined on the English name after normalisation, with a small,
  explicit alias map for the spellings that differ.
- ``regions_moe18.csv`` is data, not code: it is (re)written only when
  ``--moe-source PATH`` is given (a CSV with the columns ``moe_region_no`` and
  ``province_iso_code``); otherwise the committed file is kept and validated.
- ``regions_geo6.csv``: the National Geographical Committee's six regions
  (1977), listed below in ``GEO6``.

Usage
-----
    python scripts/build_reference.py
    python scripts/build_reference.py --check /path/to/provinces.csv
    python scripts/build_reference.py --moe-source /path/to/moe_mapping.csv

``--check`` compares code, Thai and English names (and the 6-region scheme,
when the check file has a ``region6_th`` or ``region6_en`` column) with an
independent table and exits non-zero on any difference.  The build itself
never reads the check file's values into the outputs.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "data" / "reference"

# --------------------------------------------------------------------------
# Join aliases: pycountry English name -> PyThaiNLP English name, for the
# names that do not match even after normalisation (case, spaces, hyphens,
# accents are already ignored by ``norm``).
JOIN_ALIASES = {
    # pycountry uses the Thai ceremonial short name; PyThaiNLP uses "Bangkok".
    "Krung Thep Maha Nakhon": "Bangkok",
}

# English names to publish when both registry sources disagree with the
# spelling the project uses (decided against an independent, cross-checked
# province table; encoded here so the build does not need that table).
NAME_EN_OVERRIDES = {
    # PyThaiNLP and pycountry both spell "Lop Buri"; the province's own and
    # the ministry's usage, and the project's check table, is "Lopburi".
    "TH-16": "Lopburi",
}

# --------------------------------------------------------------------------
# Six-region geographic scheme (National Geographical Committee, 1977).
# Order of the tuple = order of the regions in the output file.
GEO6 = [
    ("N", "ภาคเหนือ", "North", ["TH-50", "TH-51", "TH-52", "TH-53", "TH-54", "TH-55", "TH-56", "TH-57", "TH-58"]),
    (
        "NE",
        "ภาคตะวันออกเฉียงเหนือ",
        "Northeast",
        [
            "TH-30",
            "TH-31",
            "TH-32",
            "TH-33",
            "TH-34",
            "TH-35",
            "TH-36",
            "TH-37",
            "TH-38",
            "TH-39",
            "TH-40",
            "TH-41",
            "TH-42",
            "TH-43",
            "TH-44",
            "TH-45",
            "TH-46",
            "TH-47",
            "TH-48",
            "TH-49",
        ],
    ),
    (
        "C",
        "ภาคกลาง",
        "Central",
        [
            "TH-10",
            "TH-11",
            "TH-12",
            "TH-13",
            "TH-14",
            "TH-15",
            "TH-16",
            "TH-17",
            "TH-18",
            "TH-19",
            "TH-26",
            "TH-60",
            "TH-61",
            "TH-62",
            "TH-64",
            "TH-65",
            "TH-66",
            "TH-67",
            "TH-72",
            "TH-73",
            "TH-74",
            "TH-75",
        ],
    ),
    ("E", "ภาคตะวันออก", "East", ["TH-20", "TH-21", "TH-22", "TH-23", "TH-24", "TH-25", "TH-27"]),
    ("W", "ภาคตะวันตก", "West", ["TH-63", "TH-70", "TH-71", "TH-76", "TH-77"]),
    (
        "S",
        "ภาคใต้",
        "South",
        [
            "TH-80",
            "TH-81",
            "TH-82",
            "TH-83",
            "TH-84",
            "TH-85",
            "TH-86",
            "TH-90",
            "TH-91",
            "TH-92",
            "TH-93",
            "TH-94",
            "TH-95",
            "TH-96",
        ],
    ),
]
GEO6_COUNTS = {"N": 9, "NE": 20, "C": 22, "E": 7, "W": 5, "S": 14}

MOE18_COUNT = 18

REGION_HEADER = ["region_code", "region_name_th", "region_name_en", "province_code"]
PROVINCE_HEADER = ["code", "name_th", "name_en", "abbr_th"]
SCHEME_HEADER = ["scheme_code", "name_th", "name_en", "is_default", "file", "source", "as_of"]

SCHEMES = [
    {
        "scheme_code": "moe18",
        "name_th": "สำนักงานศึกษาธิการภาค 18 ภาค",
        "name_en": "Ministry of Education regional offices (18)",
        "is_default": "1",
        "file": "regions_moe18.csv",
        "source": (
            "Province-to-office mapping from a 2023 public database dump; only regions 5, 7, "
            "11, 13 and 15 were confirmed against official pages (the numbering changed "
            "around 2017-2018). Best available default; an administrator may replace the file."
        ),
        "as_of": "2023",
    },
    {
        "scheme_code": "geo6",
        "name_th": "การแบ่งภูมิภาค 6 ภาค",
        "name_en": "Six geographic regions",
        "is_default": "0",
        "file": "regions_geo6.csv",
        "source": "National Geographical Committee (คณะกรรมการภูมิศาสตร์แห่งชาติ) six-region scheme, 1977",
        "as_of": "1977",
    },
]

CODE_RE = re.compile(r"^TH-\d{2}$")


def norm(name: str) -> str:
    """Normalise an English place name for joining."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", s.lower())


def pythainlp_provinces_path() -> Path:
    import pythainlp

    path = Path(pythainlp.__file__).resolve().parent / "corpus" / "thailand_provinces_th.csv"
    if not path.is_file():
        sys.exit(f"PyThaiNLP corpus file not found: {path}")
    return path


def read_pythainlp() -> list[dict]:
    """Rows of (name_th, abbr_th, name_en, abbr_en); the file has no header."""
    rows = []
    with pythainlp_provinces_path().open(encoding="utf-8", newline="") as fh:
        for rec in csv.reader(fh):
            if not rec or not rec[0].strip():
                continue
            if rec[0].strip().lower() in {"name_th", "province", "name"}:  # tolerate a header
                continue
            name_th, abbr_th, name_en = (unicodedata.normalize("NFC", x.strip()) for x in rec[:3])
            rows.append({"name_th": name_th, "abbr_th": abbr_th, "name_en": name_en})
    return rows


def read_pycountry() -> list[dict]:
    import pycountry

    out = []
    for sub in pycountry.subdivisions.get(country_code="TH"):
        if not CODE_RE.match(sub.code):  # drops TH-S (Pattaya)
            continue
        out.append({"code": sub.code, "name_en": sub.name})
    return out


def build_provinces() -> list[dict]:
    thai = read_pythainlp()
    iso = read_pycountry()
    by_norm: dict[str, dict] = {}
    for r in thai:
        key = norm(r["name_en"])
        assert key not in by_norm, f"duplicate PyThaiNLP name {r['name_en']!r}"
        by_norm[key] = r

    provinces, unmatched = [], []
    used = set()
    for s in iso:
        key = norm(JOIN_ALIASES.get(s["name_en"], s["name_en"]))
        t = by_norm.get(key)
        if t is None:
            unmatched.append(f"pycountry {s['code']} {s['name_en']!r}")
            continue
        used.add(key)
        provinces.append(
            {
                "code": s["code"],
                "name_th": t["name_th"],
                "name_en": NAME_EN_OVERRIDES.get(s["code"], t["name_en"]),
                "abbr_th": t["abbr_th"],
            }
        )
    unmatched += [f"PyThaiNLP {r['name_en']!r}" for k, r in by_norm.items() if k not in used]
    if unmatched:
        sys.exit("unmatched names (add them to JOIN_ALIASES):\n  " + "\n  ".join(unmatched))

    provinces.sort(key=lambda p: p["code"])
    assert len(provinces) == 77, f"expected 77 provinces, got {len(provinces)}"
    codes = [p["code"] for p in provinces]
    assert len(set(codes)) == 77, "duplicate province codes"
    assert all(CODE_RE.match(c) for c in codes), "bad province code"
    for p in provinces:
        for f in PROVINCE_HEADER:
            assert p[f], f"empty {f} for {p['code']}"
    assert len({p["name_th"] for p in provinces}) == 77, "duplicate Thai names"
    assert len({p["name_en"] for p in provinces}) == 77, "duplicate English names"
    return provinces


def geo6_rows() -> list[dict]:
    rows = []
    for code, th, en, members in GEO6:
        assert len(members) == GEO6_COUNTS[code], f"geo6 {code}: {len(members)} provinces"
        for pc in sorted(members):
            rows.append({"region_code": code, "region_name_th": th, "region_name_en": en, "province_code": pc})
    return rows


def moe18_from_source(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for rec in csv.DictReader(fh):
            n = int(rec["moe_region_no"])
            assert 1 <= n <= MOE18_COUNT, f"bad region number {n}"
            rows.append(
                {
                    "region_code": f"REO{n:02d}",
                    "region_name_th": f"สำนักงานศึกษาธิการภาค {n}",
                    "region_name_en": f"Regional Education Office {n}",
                    "province_code": rec["province_iso_code"].strip(),
                }
            )
    rows.sort(key=lambda r: (r["region_code"], r["province_code"]))
    return rows


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: Path, header: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: r[k] for k in header})
    shown = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
    print(f"wrote {shown} ({len(rows)} rows)")


def validate_regions(name: str, rows: list[dict], codes: set[str], n_regions: int) -> None:
    seen: dict[str, str] = {}
    for r in rows:
        for f in REGION_HEADER:
            assert r.get(f), f"{name}: empty {f} in {r}"
        pc = r["province_code"]
        assert pc in codes, f"{name}: unknown province {pc}"
        assert pc not in seen, f"{name}: {pc} in {seen[pc]} and {r['region_code']}"
        seen[pc] = r["region_code"]
    missing = codes - set(seen)
    assert not missing, f"{name}: provinces without a region: {sorted(missing)}"
    regions = {r["region_code"] for r in rows}
    assert len(regions) == n_regions, f"{name}: {len(regions)} regions, expected {n_regions}"
    names = {(r["region_code"], r["region_name_th"], r["region_name_en"]) for r in rows}
    assert len(names) == n_regions, f"{name}: inconsistent region names"


def check_against(path: Path, provinces: list[dict], geo6: list[dict]) -> int:
    """Compare with an independent province table; return the number of differences."""
    ref = read_csv(path)
    code_col = "code" if "code" in ref[0] else "iso_code"
    ref_by = {r[code_col]: r for r in ref}
    ours = {p["code"]: p for p in provinces}
    diffs = []
    for code in sorted(set(ref_by) | set(ours)):
        a, b = ours.get(code), ref_by.get(code)
        if a is None or b is None:
            diffs.append(f"{code}: only in {'check file' if a is None else 'build'}")
            continue
        for f in ("name_th", "name_en"):
            if f in b and a[f] != b[f].strip():
                diffs.append(f"{code} {f}: build {a[f]!r} != check {b[f].strip()!r}")
    geo_by = {r["province_code"]: r for r in geo6}
    for col, ours_col in (("region6_th", "region_name_th"), ("region6_en", "region_name_en")):
        if col not in ref[0]:
            continue
        for code, b in ref_by.items():
            g = geo_by.get(code)
            if g and g[ours_col] != b[col].strip():
                diffs.append(f"{code} {col}: build {g[ours_col]!r} != check {b[col].strip()!r}")
    for d in diffs:
        print("MISMATCH", d)
    print(f"check against {path}: {len(ref)} rows, {len(diffs)} difference(s)")
    return len(diffs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", type=Path, help="independent provinces CSV to compare against")
    ap.add_argument(
        "--moe-source", type=Path, help="CSV (moe_region_no, province_iso_code) to (re)write regions_moe18.csv"
    )
    ap.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = ap.parse_args(argv)
    out = args.out_dir.resolve()

    provinces = build_provinces()
    codes = {p["code"] for p in provinces}

    geo6 = geo6_rows()
    validate_regions("geo6", geo6, codes, 6)

    moe_path = out / "regions_moe18.csv"
    if args.moe_source:
        moe = moe18_from_source(args.moe_source)
    elif moe_path.is_file():
        moe = read_csv(moe_path)
        print(f"keeping committed {moe_path.name} (pass --moe-source to replace it)")
    else:
        sys.exit(f"{moe_path} does not exist; pass --moe-source PATH")
    validate_regions("moe18", moe, codes, MOE18_COUNT)
    for r in moe:
        assert re.fullmatch(r"REO(0[1-9]|1[0-8])", r["region_code"]), r

    n_diff = check_against(args.check, provinces, geo6) if args.check else 0

    write_csv(out / "provinces.csv", PROVINCE_HEADER, provinces)
    write_csv(out / "regions_geo6.csv", REGION_HEADER, geo6)
    if args.moe_source:
        write_csv(moe_path, REGION_HEADER, moe)
    write_csv(out / "region_schemes.csv", SCHEME_HEADER, SCHEMES)
    return 1 if n_diff else 0


if __name__ == "__main__":
    sys.exit(main())
