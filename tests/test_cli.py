"""The `cockpit` command as a person types it."""

import os
import subprocess
import sys

from cockpit import config


def run_cli(*args: str, url: str) -> subprocess.CompletedProcess:
    env = os.environ | {config.DATABASE_URL_ENV: url}
    return subprocess.run(
        [sys.executable, "-c", "from cockpit.cli import main; main()", *args],
        cwd=config.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_init_creates_an_empty_live_store(tmp_path):
    result = run_cli("init", "--no-demo", url=f"duckdb:///{tmp_path / 'live.duckdb'}")
    assert result.returncode == 0, result.stderr
    assert "Store ready" in result.stdout and "dataset live" in result.stdout


def test_init_reports_an_unreachable_server_in_one_line():
    result = run_cli("init", url="postgresql+psycopg://postgres@127.0.0.1:1/cockpit")
    assert result.returncode == 2
    assert result.stderr.strip().startswith("cockpit: error: Cannot reach PostgreSQL at 127.0.0.1:1/cockpit")
    assert len(result.stderr.strip().splitlines()) == 1
