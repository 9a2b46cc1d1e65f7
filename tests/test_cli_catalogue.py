"""`cockpit init --catalogue`, `cockpit catalogue export/import` as an administrator runs them: on a stopped
store, and through the running app (which holds a DuckDB store) with a national token; then results for a new
indicator with `cockpit import` by Thai province names, summed up by region and nation."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time

import requests

from cockpit import config
from cockpit.bootstrap import prepare_store
from cockpit.read import queries
from cockpit.write import audit
from tests.test_cli_import import free_port, run_cli


def _start_app(port: int, store_url: str) -> subprocess.Popen:
    env = os.environ | {config.DATABASE_URL_ENV: store_url}
    app = subprocess.Popen(
        [sys.executable, "app.py", "--port", str(port)],
        cwd=config.ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 90
    while True:
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).ok:
                return app
        except requests.RequestException:
            pass
        assert app.poll() is None, f"the app stopped: {app.stderr.read()}"
        assert time.monotonic() < deadline, "the app did not answer within 90 s"
        time.sleep(0.3)


def test_a_new_count_indicator_from_an_exported_folder_then_its_results_by_thai_names(tmp_path):
    url = f"duckdb:///{tmp_path / 'cockpit.duckdb'}"
    unused = f"http://127.0.0.1:{free_port()}"
    made = run_cli("init", "--no-demo", "--catalogue", "demo", url=url)
    assert made.returncode == 0, made.stderr
    assert "indicators: 30 added" in made.stdout
    folder = tmp_path / "catalogue"
    exported = run_cli("catalogue", "export", str(folder), "--url", unused, url=url)
    assert exported.returncode == 0, exported.stderr
    with (folder / "indicators.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    count = next(row for row in rows if row["unit"] == "count" and row["accumulates"] == "0")
    new = count | {"code": "M6GRAD", "name_th": "ผู้สำเร็จการศึกษา ม.6", "name_en": "Grade 12 graduates"}
    new["sort_order"] = "900"
    with (folder / "indicators.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, list(rows[0]), lineterminator="\n").writerow(new)
    with (folder / "targets.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write("M6GRAD,TH,2569,350000,,\n")
    checked = run_cli("catalogue", "import", str(folder), "--dry-run", "--url", unused, url=url)
    assert checked.returncode == 0, checked.stderr
    assert "indicators: 1 added" in checked.stdout and "Dry run: nothing was written." in checked.stdout
    imported = run_cli("catalogue", "import", str(folder), "--url", unused, url=url)
    assert imported.returncode == 0, imported.stderr

    figures = tmp_path / "m6.csv"
    given = {"เชียงใหม่": ("TH-50", 12000), "ลำพูน": ("TH-51", 2500), "นครราชสีมา": ("TH-30", 30000)}
    figures.write_text(
        "indicator,area,fiscal_year_be,period_no,value\n"
        + "".join(f"M6GRAD,{name},2569,1,{value}\n" for name, (_, value) in given.items()),
        encoding="utf-8",
    )
    sent = run_cli("import", str(figures), "--url", unused, url=url)
    assert sent.returncode == 0, sent.stderr
    store = prepare_store(url)
    try:
        with store.read() as conn:
            nation = queries.results_table(conn, "nation", 2569, indicator_codes=["M6GRAD"])["M6GRAD"][0]
            regions = queries.results_table(conn, "region", 2569, indicator_codes=["M6GRAD"])["M6GRAD"]
            members = {region["code"]: region["provinces"] for region in queries.regions(conn)}
            recorded = audit.entries(conn, actor="cli:")
    finally:
        store.dispose()
    assert nation["value"] == 12000 + 2500 + 30000
    # Straight to the store, each change is in the audit trail under the account that ran the command.
    assert [(e["action"], e["subject"]) for e in reversed(recorded)] == [
        ("catalogue_import", "demo"),
        ("catalogue_import", "catalogue"),
        ("results_import", "m6.csv"),
    ]
    assert recorded[1]["detail"]["codes"]["indicators"] == {"added": ["M6GRAD"]}
    assert set(recorded[0]["areas"]) == {"TH-50", "TH-51", "TH-30"}
    by_code = {code: value for code, value in given.values()}
    for row in regions:
        reported = [by_code[code] for code in members[row["area"]] if code in by_code]
        assert row["value"] == (sum(reported) if reported else None)


def test_with_the_app_running_the_catalogue_goes_through_it(tmp_path):
    url = f"duckdb:///{tmp_path / 'cockpit.duckdb'}"
    port = free_port()
    app_url = f"http://127.0.0.1:{port}"
    assert run_cli("init", "--no-demo", url=url).returncode == 0
    admin = run_cli("token", "create", "--name", "ผู้ดูแลระบบ", "--scope", "national", "--url", app_url, url=url)
    national = admin.stdout.strip().split()[-1]
    office = run_cli("token", "create", "--name", "ศธภ.8", "--scope", "region:REO08", "--url", app_url, url=url)
    regional = office.stdout.strip().split()[-1]
    starter = str(config.DATA_DIR / "catalogues" / "starter")
    app = _start_app(port, url)
    try:
        no_token = run_cli("catalogue", "import", starter, "--url", app_url, url=url)
        assert no_token.returncode == 2 and "pass --token" in no_token.stderr
        refused = run_cli("catalogue", "import", starter, "--url", app_url, "--token", regional, url=url)
        assert refused.returncode == 2 and "403" in refused.stderr and "Traceback" not in refused.stderr
        version = requests.get(
            f"{app_url}/api/v1/version", headers={"Authorization": f"Bearer {national}"}, timeout=5
        ).json()["version"]
        sent = run_cli("catalogue", "import", starter, "--url", app_url, "--token", national, url=url)
        assert sent.returncode == 0, sent.stderr
        assert "through the running app" in sent.stdout and "indicators: 18 added" in sent.stdout
        assert (
            requests.get(
                f"{app_url}/api/v1/version", headers={"Authorization": f"Bearer {national}"}, timeout=5
            ).json()["version"]
            > version
        )
        bad = tmp_path / "bad.xlsx"
        bad.write_bytes(b"not a workbook")
        rejected = run_cli("catalogue", "import", str(bad), "--url", app_url, "--token", national, url=url)
        assert rejected.returncode == 1
        assert "not a readable Excel workbook" in rejected.stderr and "Traceback" not in rejected.stderr
        workbook = tmp_path / "out.xlsx"
        exported = run_cli("catalogue", "export", str(workbook), "--url", app_url, "--token", national, url=url)
        assert exported.returncode == 0 and workbook.stat().st_size > 0
    finally:
        app.terminate()
        app.wait(timeout=30)
