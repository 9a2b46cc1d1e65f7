"""Reference data: complete, consistent, and every bad file refused with a clear line before any write."""

import json
import shutil

import pytest

from cockpit import config
from cockpit.bootstrap import prepare_store
from cockpit.catalogue.reference import load_reference
from cockpit.errors import ReferenceDataError

# Names checked by hand against official sources; spelling of Thai names matters to the people reading them.
KNOWN = {
    "TH-10": ("กรุงเทพมหานคร", "Bangkok"),
    "TH-14": ("พระนครศรีอยุธยา", "Phra Nakhon Si Ayutthaya"),
    "TH-38": ("บึงกาฬ", "Bueng Kan"),
    "TH-50": ("เชียงใหม่", "Chiang Mai"),
    "TH-67": ("เพชรบูรณ์", "Phetchabun"),
    "TH-71": ("กาญจนบุรี", "Kanchanaburi"),
    "TH-73": ("นครปฐม", "Nakhon Pathom"),
    "TH-96": ("นราธิวาส", "Narathiwat"),
}


def test_77_provinces_with_iso_codes_and_both_names():
    ref = load_reference()
    assert len(ref.provinces) == 77
    by_code = {p["code"]: p for p in ref.provinces}
    for code, (name_th, name_en) in KNOWN.items():
        assert (by_code[code]["name_th"], by_code[code]["name_en"]) == (name_th, name_en)


@pytest.mark.parametrize(("scheme", "regions"), [("moe18", 18), ("geo6", 6)])
def test_each_province_in_exactly_one_region_of_each_scheme(scheme, regions):
    ref = load_reference()
    members = [r for r in ref.region_provinces if r["scheme_code"] == scheme]
    assert len(members) == 77
    assert len({m["province_code"] for m in members}) == 77
    assert len({m["region_code"] for m in members}) == regions


def test_geo6_counts_match_the_geographic_scheme():
    ref = load_reference()
    counts = {}
    for r in ref.region_provinces:
        if r["scheme_code"] == "geo6":
            counts[r["region_code"]] = counts.get(r["region_code"], 0) + 1
    assert counts == {"N": 9, "NE": 20, "C": 22, "E": 7, "W": 5, "S": 14}


def test_moe18_is_the_default_scheme_and_states_its_source():
    ref = load_reference()
    assert ref.default_scheme == "moe18"
    moe = next(s for s in ref.schemes if s["code"] == "moe18")
    assert moe["source"] and moe["as_of"]


def test_a_polygon_for_every_province_and_a_small_file():
    path = config.GEO_DIR / "th_provinces.geojson"
    assert path.stat().st_size <= 200 * 1024
    geo = json.loads(path.read_text(encoding="utf-8"))
    codes = sorted(f["id"] for f in geo["features"])
    assert codes == sorted(p["code"] for p in load_reference().provinces)
    for feature in geo["features"]:
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert feature["properties"]["code"] == feature["id"]


@pytest.fixture
def reference_copy(tmp_path, monkeypatch):
    target = tmp_path / "reference"
    shutil.copytree(config.REFERENCE_DIR, target)
    monkeypatch.setattr(config, "REFERENCE_DIR", target)
    return target


def _assert_refused_without_a_store(tmp_path, match):
    path = tmp_path / "store.duckdb"
    with pytest.raises(ReferenceDataError, match=match) as caught:
        prepare_store(f"duckdb:///{path}", demo=False)
    assert "\n" not in str(caught.value)
    assert not path.exists()


def test_missing_reference_file(reference_copy, tmp_path):
    (reference_copy / "provinces.csv").unlink()
    _assert_refused_without_a_store(tmp_path, r"provinces.csv is missing; restore it")


def test_truncated_province_file(reference_copy, tmp_path):
    lines = (reference_copy / "provinces.csv").read_text(encoding="utf-8").splitlines()
    (reference_copy / "provinces.csv").write_text("\n".join(lines[:40]) + "\n", encoding="utf-8")
    _assert_refused_without_a_store(tmp_path, "lists 39 distinct provinces, expected 77")


def test_binary_garbage_in_a_reference_file(reference_copy, tmp_path):
    (reference_copy / "regions_moe18.csv").write_bytes(b"\xff\xfe\x00garbage\x81")
    _assert_refused_without_a_store(tmp_path, "regions_moe18.csv is not UTF-8|regions_moe18.csv lacks")


def test_province_in_two_regions(reference_copy, tmp_path):
    path = reference_copy / "regions_moe18.csv"
    text = path.read_text(encoding="utf-8")
    first_row = text.splitlines()[1]
    code = first_row.rsplit(",", 1)[1]
    moved = first_row.replace("REO", "XREO", 1)
    path.write_text(text + moved + "\n", encoding="utf-8")
    _assert_refused_without_a_store(tmp_path, f"province {code} is in both")


def test_province_in_no_region(reference_copy, tmp_path):
    path = reference_copy / "regions_geo6.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    _assert_refused_without_a_store(tmp_path, r"1 province\(s\) are in no region")
