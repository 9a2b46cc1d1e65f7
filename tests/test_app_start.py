"""`python app.py` on an empty store: creates it, shows progress, answers on the port; bad input exits clearly."""

import base64
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from cockpit import config


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_app(env_url: str, port: int, admin_password: str | None = "test-admin-password") -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "COCKPIT_ADMIN_PASSWORD"} | {config.DATABASE_URL_ENV: env_url}
    if admin_password:
        env["COCKPIT_ADMIN_PASSWORD"] = admin_password
    return subprocess.Popen(
        [sys.executable, "app.py", "--port", str(port)],
        cwd=config.ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for_health(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("the app did not answer within a minute")


def get_status(url: str, headers: dict | None = None) -> tuple[int, object]:
    request = urllib.request.Request(url, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, json.load(response) if "json" in response.headers.get("Content-Type", "") else None
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_app_starts_on_an_empty_store_and_serves_the_api(tmp_path):
    """First start: schema, demo, and the administrator's password printed once; nothing is readable without
    signing in; with that password the API answers."""
    url, port = f"duckdb:///{tmp_path / 'cockpit.duckdb'}", free_port()
    process = run_app(url, port, admin_password=None)
    try:
        wait_for_health(port, process)
        assert get_status(f"http://127.0.0.1:{port}/api/v1/provinces")[0] == 401
        status, location = get_status(f"http://127.0.0.1:{port}/region/REO08")
        assert (status, location) == (302, "/login?next=%2Fregion%2FREO08")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as response:
            assert response.headers["Server"] == "cockpit"  # no Werkzeug or Python version
            assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
    assert "Empty store" in output
    assert "Loading demo data" in output and "%" in output
    assert f"Serving on http://127.0.0.1:{port}" in output
    password = re.search(r"Administrator 'admin' created with the password (\S+)", output).group(1)

    process = run_app(url, port, admin_password=None)
    try:
        wait_for_health(port, process)
        basic = base64.b64encode(f"admin:{password}".encode()).decode()
        status, body = get_status(f"http://127.0.0.1:{port}/api/v1/provinces", {"Authorization": f"Basic {basic}"})
        assert status == 200 and len(body) == 77
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
    assert "Administrator" not in output, "the password is shown on the first start only"


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
                urllib.request.urlopen(f"http://127.0.0.1:{first_port}/api/v1/health", timeout=2)
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
