"""`cockpit import FILE` as an office runs it: straight into the store when no app answers at --url, through
the app (with a token) when it runs. All or nothing, every bad line named, progress on big files."""

from __future__ import annotations

import csv
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from cockpit import config
from cockpit.bootstrap import prepare_store
from cockpit.read import queries
from cockpit.store import schema
from cockpit.store.database import open_store
from cockpit.write import audit

CLI = [sys.executable, "-c", "from cockpit.cli import main; main()"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> tuple[Path, dict[str, str], list[str]]:
    """A demo DuckDB store built once (copied per test), each indicator's aggregation, the province codes."""
    path = tmp_path_factory.mktemp("cli-import") / "demo.duckdb"
    store = prepare_store(f"duckdb:///{path}", demo=True)
    with store.read() as conn:
        kinds = {i["code"]: i["aggregation"] for i in queries.indicators(conn)}
        provinces = [p["code"] for p in queries.provinces(conn)]
    store.dispose()
    return path, kinds, provinces


@pytest.fixture
def store_url(demo_file, tmp_path) -> str:
    copy = tmp_path / "cockpit.duckdb"
    shutil.copy(demo_file[0], copy)
    return f"duckdb:///{copy}"


def run_cli(*args: str, url: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = os.environ | {config.DATABASE_URL_ENV: url}
    env.pop("COCKPIT_TOKEN", None)
    return subprocess.run([*CLI, *args], cwd=config.ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def results(url: str) -> list[tuple]:
    store = open_store(url)
    try:
        r = schema.indicator_result
        with store.read() as conn:
            query = sa.select(
                r.c.indicator_code,
                r.c.province_code,
                r.c.fiscal_year_be,
                r.c.period_no,
                r.c.numerator,
                r.c.denominator,
                r.c.value,
            ).order_by(*r.primary_key)
            return [tuple(row) for row in conn.execute(query)]
    finally:
        store.dispose()


def write_csv(path: Path, rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(
            [["indicator", "area", "fiscal_year_be", "period_no", "value", "numerator", "denominator"], *rows]
        )
    return path


GOOD = [
    ["JI29", "TH-50", 2570, 1, 14, "", ""],
    ["JI29", "ลำพูน", 2570, 1, 3, "", ""],
    ["JI24", "TH-50", 2570, 1, "", 31, 1000],
    ["JI24", "TH-51", 2570, 1, "", "", ""],  # not reported yet: skipped, not an error
]


def test_without_an_app_the_file_goes_straight_into_the_store(store_url, tmp_path):
    unused = f"http://127.0.0.1:{free_port()}"
    before = len(results(store_url))
    result = run_cli("import", str(write_csv(tmp_path / "good.csv", GOOD)), "--url", unused, url=store_url)
    assert result.returncode == 0, result.stderr
    assert f"No app answers at {unused}: writing to the store directly" in result.stdout
    assert "Imported good.csv: 3 new, 0 updated, 0 unchanged, 1 rows without figures skipped" in result.stdout
    stored = results(store_url)
    assert len(stored) == before + 3
    assert ("JI24", "TH-50", 2570, 1, 31, 1000, pytest.approx(3.1)) in stored

    again = run_cli("import", str(tmp_path / "good.csv"), "--url", unused, url=store_url)
    assert again.returncode == 0 and "0 new, 0 updated, 3 unchanged" in again.stdout
    store = open_store(store_url)
    try:
        with store.read() as conn:
            entry = audit.entries(conn, action="results_import", limit=2)[-1]
    finally:
        store.dispose()
    assert entry["actor"].startswith("cli:") and entry["subject"] == "good.csv"
    assert entry["detail"]["results"] == {"inserted": 3, "updated": 0, "unchanged": 0}
    assert entry["areas"] == ["TH-50", "TH-51"] and len(entry["detail"]["rows"]) == 3


def test_a_bad_last_row_writes_nothing_and_every_bad_line_is_named(store_url, tmp_path):
    unused = f"http://127.0.0.1:{free_port()}"
    rows = [*GOOD[:2], ["JI24", "Atlantis", 2570, 1, "", 5, 100], *GOOD[2:], ["JI24", "TH-52", 2570, 1, "", "x", 100]]
    before = results(store_url)
    result = run_cli("import", str(write_csv(tmp_path / "bad.csv", rows)), "--url", unused, url=store_url)
    assert result.returncode == 1, result.stdout + result.stderr
    errors = result.stderr.strip().splitlines()
    assert errors[0] == "cockpit: error: 2 bad line(s) in bad.csv; nothing was written"
    assert errors[1].strip().startswith("line 4: area: 'Atlantis' is not a province")
    assert errors[2].strip().startswith("line 7: numerator:")
    assert len(errors) == 3 and "Traceback" not in result.stderr
    assert results(store_url) == before


def test_a_large_file_shows_progress(demo_file, store_url, tmp_path):
    _, kinds, provinces = demo_file
    rows = [
        [code, province, year, 1, *(["", 40 + i % 50, 100] if kind == "ratio" else [i % 90, "", ""])]
        for year in range(2570, 2583)
        for code, kind in sorted(kinds.items())
        for i, province in enumerate(provinces)
    ]
    assert len(rows) == 30_030
    result = run_cli(
        "import", str(write_csv(tmp_path / "big.csv", rows)), "--url", f"http://127.0.0.1:{free_port()}", url=store_url
    )
    assert result.returncode == 0, result.stderr
    progress = (
        "Read 30,030 rows from big.csv",
        "Checked 10,000/30,030 rows (33%)",
        "Checked 30,000/30,030 rows (99%)",
        "All 30,030 rows are valid; writing",
        "Imported big.csv: 30,030 new",
    )
    for line in progress:
        assert line in result.stdout


def test_with_the_app_running_the_file_goes_through_it(store_url, tmp_path):
    port = free_port()
    app_url = f"http://127.0.0.1:{port}"
    created = run_cli(
        "token", "create", "--name", "ศธจ.เชียงใหม่", "--scope", "province:TH-50", "--url", app_url, url=store_url
    )
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip().split()[-1]
    admin = run_cli("token", "create", "--name", "ผู้ดูแลระบบ", "--scope", "national", "--url", app_url, url=store_url)
    national = admin.stdout.strip().split()[-1]
    env = os.environ | {config.DATABASE_URL_ENV: store_url}
    app = subprocess.Popen(
        [sys.executable, "app.py", "--port", str(port)],
        cwd=config.ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if requests.get(f"{app_url}/api/v1/health", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            assert app.poll() is None, f"the app stopped: {app.stderr.read()}"
            assert time.monotonic() < deadline, "the app did not answer within 90 s"
            time.sleep(0.3)
        version = requests.get(
            f"{app_url}/api/v1/version", headers={"Authorization": f"Bearer {token}"}, timeout=5
        ).json()["version"]
        mine = write_csv(tmp_path / "chiang-mai.csv", [GOOD[0], GOOD[2]])

        no_token = run_cli("import", str(mine), "--url", app_url, url=store_url)
        assert no_token.returncode == 2
        assert no_token.stderr.strip().splitlines() == [
            f"cockpit: error: the app is running at {app_url} and holds the store: pass --token (or COCKPIT_TOKEN) "
            "to send the file through it"
        ]

        sent = run_cli("import", str(mine), "--url", app_url, "--token", token, url=store_url)
        assert sent.returncode == 0, sent.stderr
        size = mine.stat().st_size
        assert f"Sending chiang-mai.csv ({size:,} bytes) through the running app at {app_url}" in sent.stdout
        assert "Imported chiang-mai.csv: 2 new, 0 updated, 0 unchanged, 0 rows without figures skipped" in sent.stdout
        assert (
            requests.get(f"{app_url}/api/v1/version", headers={"Authorization": f"Bearer {token}"}, timeout=5).json()[
                "version"
            ]
            == version + 1
        )
        figures = requests.get(
            f"{app_url}/api/v1/results?indicator=JI29&level=province&fy=2570",
            headers={"Authorization": f"Bearer {token}"},
            timeout=5,
        ).json()
        assert {a["area"]: a["value"] for a in figures if a["value"] is not None} == {"TH-50": 14}

        outside = run_cli(
            "import", str(write_csv(tmp_path / "good.csv", GOOD)), "--url", app_url, "--token", token, url=store_url
        )
        assert outside.returncode == 1
        assert "403" in outside.stderr and "TH-51" in outside.stderr and "Traceback" not in outside.stderr

        # While the app holds the store, new tokens are made through it by an administrator or a national token.
        args = ("token", "create", "--name", "ศธจ.ลำพูน", "--scope", "province:TH-51", "--url", app_url)
        refused = run_cli(*args, url=store_url)
        assert refused.returncode == 2 and "pass --as <administrator>" in refused.stderr
        not_national = run_cli(*args, "--token", token, url=store_url)
        assert not_national.returncode == 2 and "or a national token manages people, tokens" in not_national.stderr
        made = run_cli(*args, "--token", national, url=store_url)
        assert made.returncode == 0, made.stderr
        lamphun = made.stdout.strip().split()[-1]
        sent = run_cli(
            "import",
            str(write_csv(tmp_path / "lamphun.csv", [GOOD[1]])),
            "--url",
            app_url,
            "--token",
            lamphun,
            url=store_url,
        )
        assert sent.returncode == 0, sent.stderr
    finally:
        app.terminate()
        try:
            app.wait(timeout=20)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait(timeout=10)
