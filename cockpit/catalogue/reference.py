"""Reference data: provinces, agencies and region schemes, read from the data files under data/reference/.

The files are data, not code, so an administrator can replace the province-to-regional-office mapping
(it has changed over time) without a release. Every problem with a file is one ReferenceDataError line
naming the file and what to do, and is found before anything is written.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Connection

from cockpit import config
from cockpit.errors import ReferenceDataError
from cockpit.store import schema

PROVINCE_COUNT = 77
_ISO = re.compile(r"^TH-\d{2}$")
_REBUILD = "restore it with `git checkout -- data/reference` or rebuild it with `python scripts/build_reference.py`"


@dataclass(frozen=True)
class ReferenceData:
    provinces: list[dict]
    agencies: list[dict]
    schemes: list[dict]
    regions: list[dict]
    region_provinces: list[dict]

    def region_of(self, scheme_code: str) -> dict[str, str]:
        return {r["province_code"]: r["region_code"] for r in self.region_provinces if r["scheme_code"] == scheme_code}

    @property
    def default_scheme(self) -> str:
        return next(s["code"] for s in self.schemes if s["is_default"])


def _read_csv(path: Path, columns: tuple[str, ...]) -> list[dict]:
    if not path.is_file():
        raise ReferenceDataError(f"Reference data file {path} is missing; {_REBUILD}.")
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header = tuple(reader.fieldnames or ())
            missing = [c for c in columns if c not in header]
            if missing:
                raise ReferenceDataError(
                    f"Reference data file {path} lacks the column(s) {', '.join(missing)}; {_REBUILD}."
                )
            rows = []
            for line_no, row in enumerate(reader, start=2):
                if None in row or any(row[c] is None for c in columns):
                    raise ReferenceDataError(f"{path} line {line_no} has the wrong number of fields; {_REBUILD}.")
                rows.append({c: row[c].strip() for c in columns})
            return rows
    except UnicodeDecodeError:
        raise ReferenceDataError(f"Reference data file {path} is not UTF-8 text; {_REBUILD}.") from None
    except csv.Error as exc:
        raise ReferenceDataError(f"Reference data file {path} is not valid CSV ({exc}); {_REBUILD}.") from None


def _fail(path: Path, why: str) -> ReferenceDataError:
    return ReferenceDataError(f"Reference data file {path} is wrong: {why}; {_REBUILD}.")


def load_reference(directory: Path | None = None) -> ReferenceData:
    """Read and check every reference file; raise one ReferenceDataError line on the first problem."""
    directory = directory or config.REFERENCE_DIR
    province_path = directory / "provinces.csv"
    provinces = _read_csv(province_path, ("code", "name_th", "name_en", "abbr_th"))
    codes = [p["code"] for p in provinces]
    if len(provinces) != PROVINCE_COUNT or len(set(codes)) != PROVINCE_COUNT:
        raise _fail(province_path, f"it lists {len(set(codes))} distinct provinces, expected {PROVINCE_COUNT}")
    for p in provinces:
        if not _ISO.match(p["code"]) or not p["name_th"] or not p["name_en"]:
            raise _fail(province_path, f"the row for {p['code']!r} needs an ISO code TH-nn and both names")
        p["abbr_th"] = p["abbr_th"] or None

    agencies = _read_csv(directory / "agencies.csv", ("code", "abbr_th", "name_th", "name_en"))

    scheme_path = directory / "region_schemes.csv"
    scheme_rows = _read_csv(scheme_path, ("scheme_code", "name_th", "name_en", "is_default", "file", "source", "as_of"))
    if [s["is_default"] for s in scheme_rows].count("1") != 1:
        raise _fail(scheme_path, "exactly one scheme must have is_default = 1")
    schemes, regions, region_provinces = [], [], []
    known = set(codes)
    for s in scheme_rows:
        schemes.append(
            {
                "code": s["scheme_code"],
                "name_th": s["name_th"],
                "name_en": s["name_en"],
                "is_default": s["is_default"] == "1",
                "source": s["source"],
                "as_of": s["as_of"],
            }
        )
        mapping_path = directory / s["file"]
        rows = _read_csv(mapping_path, ("region_code", "region_name_th", "region_name_en", "province_code"))
        seen: dict[str, str] = {}
        for row in rows:
            code = row["province_code"]
            if code not in known:
                raise _fail(mapping_path, f"province {code!r} is not in provinces.csv")
            if code in seen:
                raise _fail(mapping_path, f"province {code} is in both {seen[code]} and {row['region_code']}")
            seen[code] = row["region_code"]
            if not any(r["scheme_code"] == s["scheme_code"] and r["code"] == row["region_code"] for r in regions):
                regions.append(
                    {
                        "scheme_code": s["scheme_code"],
                        "code": row["region_code"],
                        "name_th": row["region_name_th"],
                        "name_en": row["region_name_en"],
                        "sort_order": len([r for r in regions if r["scheme_code"] == s["scheme_code"]]) + 1,
                    }
                )
            region_provinces.append(
                {"scheme_code": s["scheme_code"], "province_code": code, "region_code": row["region_code"]}
            )
        absent = sorted(known - set(seen))
        if absent:
            raise _fail(mapping_path, f"{len(absent)} province(s) are in no region: {', '.join(absent)}")
    regions.sort(key=lambda r: (r["scheme_code"], r["code"]))
    for scheme_code in {r["scheme_code"] for r in regions}:
        for order, r in enumerate((r for r in regions if r["scheme_code"] == scheme_code), start=1):
            r["sort_order"] = order
    return ReferenceData(provinces, agencies, schemes, regions, region_provinces)


def write_reference(conn: Connection, ref: ReferenceData) -> None:
    conn.execute(schema.province.insert(), ref.provinces)
    conn.execute(schema.agency.insert(), ref.agencies)
    conn.execute(schema.region_scheme.insert(), ref.schemes)
    conn.execute(schema.region.insert(), ref.regions)
    conn.execute(schema.region_province.insert(), ref.region_provinces)
