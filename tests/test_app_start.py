"""`python app.py` on an empty store: creates it, shows progress, answers on the port; bad input exits clearly."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from cockpit import config


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_app(env_url: str, port: int) -> subprocess.Popen:
    env = os.environ | {config.DATABASE_URL_ENV: env_url}
    return subprocess.Popen(
        [sys.executable, "app.py", "--port", str(port)],
        cwd=config.ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_app_starts_on_an_empty_store_and_serves_the_api(tmp_path):
    port = free_port()
    process = run_app(f"duckdb:///{tmp_path / 'cockpit.duckdb'}", port)
    try:
        deadline = time.monotonic() + 60
        body = None
        while time.monotonic() < deadline and body is None:
            assert process.poll() is None, process.stdout.read()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/provinces", timeout=2) as response:
                    body = json.load(response)
            except OSError:
                time.sleep(0.5)
        assert body is not None, "the app did not answer within a minute"
        assert len(body) == 77
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert response.status == 200
            assert response.headers["Server"] == "cockpit"  # no Werkzeug or Python version
            assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
    assert "Empty store" in output
    assert "Loading demo data" in output and "%" in output
    assert f"Serving on http://127.0.0.1:{port}" in output


def test_a_malformed_database_url_exits_with_one_line(tmp_path):
    process = run_app("duckdb//missing-colon", free_port())
    output = process.communicate(timeout=60)[0]
    assert process.returncode != 0
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines == [lines[0]] and lines[0].startswith("cockpit: error: COCKPIT_DATABASE_URL")
    assert "Traceback" not in output


def test_a_second_process_on_the_same_duckdb_file_is_told_what_to_do(tmp_path):
    url = f"duckdb:///{tmp_path / 'cockpit.duckdb'}"
    first_port, second_port = free_port(), free_port()
    first = run_app(url, first_port)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{first_port}/api/v1/version", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        second = run_app(url, second_port)
        output = second.communicate(timeout=60)[0]
        assert second.returncode != 0
        assert "is in use by another process" in output and "Traceback" not in output
    finally:
        first.terminate()
        first.communicate(timeout=20)
