"""The room under load: many walls and a stream of writes against the production server, on either store.

    python bench/room_load.py [--walls 50] [--writes-per-second 20] [--minutes 10] [--store duckdb|postgres]
                              [--workers 3] [--postgres-admin-url postgresql+psycopg://postgres@127.0.0.1:5432/test]

Serves a fresh demo store as people run it: `python app.py` (waitress, one process) on DuckDB, or
`gunicorn -w N --threads 8 "app:create_server()"` on PostgreSQL (a new database, dropped at the end). Then:
- one real wall in Chromium, opened by its own device link (as every screen has), whose network is watched;
- the other walls as HTTP clients that do what that wall does: ask /api/v1/version every second and, when the
  version moved, send the same Dash render requests the real wall sent for a version change (recorded from it);
- writers posting one province result each at the asked rate (POST /api/v1/results, a national token, an
  Idempotency-Key per write, a 30 s client timeout), every write with its own numerator so that it can be found.
At the end every write is looked up in the store (current values and their history): a write answered 2xx must be
there ("lost" otherwise); a write that timed out or failed on the client side and is there anyway is "ambiguous".
Prints requests, errors, p50/p95 of version checks, renders and writes, and write → visible on the real wall (from
a write's answer to the end of the first render the wall asked for after it), and the server's memory (RSS) before
and after.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _room import WALL_SIZE, percentile  # noqa: E402

from cockpit.bootstrap import prepare_store  # noqa: E402
from cockpit.people.devices import DEVICE_PREFIX, create_device_link  # noqa: E402
from cockpit.people.tokens import create_token  # noqa: E402
from cockpit.store import schema  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS  # noqa: E402

INDICATOR, FISCAL_YEAR = "JI24", 2568
DENOMINATOR = 1_000_000.0
BASE_NUMERATOR = 300_000
REPLAYED_HEADERS = ("content-type", "x-csrftoken", "origin", "referer")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (gunicorn's workers), in MB."""
    total = 0
    pids = [pid] + [
        int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    ]
    for one in pids:
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


class Tally:
    """Latencies and outcomes per kind of request, shared by every client thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def note(self, kind: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            if error:
                self.errors[kind][error] += 1


def prepare(store_url: str, walls: int) -> tuple[str, list[str]]:
    """A national token for the writers and one screen link per wall, as a room gives each screen its own."""
    store = prepare_store(store_url, demo=True)
    with store.write(bump_version=False) as conn:
        token = create_token(conn, "ศูนย์ปฏิบัติการ (room load)", "national")
        links = [DEVICE_PREFIX + create_device_link(conn, f"จอทดสอบ {n} (room load)", "bench")[1] for n in range(walls)]
    store.dispose()
    return token, links


def serve(store_url: str, port: int, kind: str, workers: int, log: Path) -> subprocess.Popen:
    env = os.environ | {"COCKPIT_DATABASE_URL": store_url, "PYTHONPATH": str(ROOT)}
    if kind == "duckdb":
        command = [sys.executable, "app.py", "--port", str(port)]
    else:
        command = [
            sys.executable, "-m", "gunicorn", "-w", str(workers), "--threads", "8", "-b", f"127.0.0.1:{port}",
            "--timeout", "120", "app:create_server()",
        ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).ok:
                return process
        except requests.RequestException:
            time.sleep(0.5)
    process.kill()
    raise SystemExit(f"the app did not answer within 180 s; see {log}")


def record_wall(page, url: str, headers: dict) -> list[dict]:
    """The Dash render requests the real wall sends when the data version moves."""
    seen: list[dict] = []

    def on_request(request):
        if request.method == "POST" and "/_dash-update-component" in request.url:
            seen.append({"url": request.url, "body": request.post_data, "headers": request.headers})

    page.on("request", on_request)
    page.wait_for_timeout(2000)
    seen.clear()
    write_one(url, headers, 0, "TH-10", Tally())
    page.wait_for_timeout(4000)
    page.remove_listener("request", on_request)
    return seen


def write_one(url: str, headers: dict, n: int, province: str, tally: Tally) -> dict:
    body = {
        "results": [
            {
                "indicator": INDICATOR,
                "area": province,
                "fiscal_year_be": FISCAL_YEAR,
                "numerator": float(BASE_NUMERATOR + n),
                "denominator": DENOMINATOR,
            }
        ]
    }
    started = time.time()
    outcome = {"n": n, "province": province, "sent": started}
    try:
        answer = requests.post(
            f"{url}/api/v1/results",
            json=body,
            headers=headers | {"Idempotency-Key": str(uuid.uuid4())},
            timeout=30,
        )
        outcome |= {"status": answer.status_code, "answered": time.time()}
        error = None if answer.ok else str(answer.status_code)
    except requests.RequestException as exc:
        outcome |= {"status": None, "answered": time.time(), "exception": type(exc).__name__}
        error = type(exc).__name__
    tally.note("write", outcome["answered"] - started, error)
    return outcome


def synthetic_wall(url: str, link: str, renders: list[dict], stop: threading.Event, tally: Tally):
    session = requests.Session()
    session.get(f"{url}{link}", timeout=30)  # its own screen link: the session cookie of that screen
    known = None
    while not stop.is_set():
        tick = time.monotonic()
        started = time.time()
        try:
            answer = session.get(f"{url}/api/v1/version", timeout=2.5)
            tally.note("version check", time.time() - started, None if answer.ok else str(answer.status_code))
            version = answer.json().get("version") if answer.ok else None
        except requests.RequestException as exc:
            tally.note("version check", time.time() - started, type(exc).__name__)
            version = None
        if version is not None and known is not None and version != known:
            for render in renders:
                started = time.time()
                try:
                    headers = {k: v for k, v in render["headers"].items() if k.lower() in REPLAYED_HEADERS}
                    headers["Origin"] = url  # as the browser sends it (Playwright does not list it)
                    answer = session.post(render["url"], data=render["body"], headers=headers, timeout=30)
                    tally.note("render", time.time() - started, None if answer.ok else str(answer.status_code))
                except requests.RequestException as exc:
                    tally.note("render", time.time() - started, type(exc).__name__)
        known = version if version is not None else known
        stop.wait(max(0.0, 1.0 - (time.monotonic() - tick)))


def look_up(store_url: str, writes: list[dict]) -> dict[str, int]:
    """Each write's numerator among the stored values (current and replaced) of its province."""
    engine = sa.create_engine(store_url)
    r, rev = schema.indicator_result, schema.indicator_result_revision
    with engine.connect() as conn:
        where = lambda t: sa.and_(t.c.indicator_code == INDICATOR, t.c.fiscal_year_be == FISCAL_YEAR)  # noqa: E731
        stored = {
            (row.province_code, round(row.numerator))
            for t in (r, rev)
            for row in conn.execute(sa.select(t.c.province_code, t.c.numerator).where(where(t)))
            if row.numerator is not None
        }
    engine.dispose()
    counts = {"answered 2xx": 0, "refused 503": 0, "other answers": 0, "client errors": 0, "lost": 0, "ambiguous": 0}
    for write in writes:
        there = (write["province"], BASE_NUMERATOR + write["n"]) in stored
        status = write.get("status")
        if status is not None and 200 <= status < 300:
            counts["answered 2xx"] += 1
            counts["lost"] += not there
        elif status == 503:
            counts["refused 503"] += 1
            counts["ambiguous"] += there
        elif status is None:
            counts["client errors"] += 1
            counts["ambiguous"] += there
        else:
            counts["other answers"] += 1
            counts["ambiguous"] += there
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--walls", type=int, default=50)
    parser.add_argument("--writes-per-second", type=float, default=20)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--store", choices=("duckdb", "postgres"), default="duckdb")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (PostgreSQL only)")
    parser.add_argument("--postgres-admin-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="room-load-"))
    admin = None
    if args.store == "duckdb":
        store_url = f"duckdb:///{workdir / 'cockpit.duckdb'}"
    else:
        database = f"room_load_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(args.postgres_admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{database}"'))
        store_url = sa.engine.make_url(args.postgres_admin_url).set(database=database).render_as_string(False)
    print(f"[room-load] preparing a demo store ({args.store})", flush=True)
    token, links = prepare(store_url, args.walls)
    headers = {"Authorization": f"Bearer {token}"}
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = serve(store_url, port, args.store, args.workers, workdir / "server.log")
    rss_before = rss_mb(server.pid)
    tally = Tally()
    writes: list[dict] = []
    renders_seen: list[tuple[float, float]] = []
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
    try:
        context = browser.new_context(viewport=WALL_SIZE, locale="th-TH", timezone_id="Asia/Bangkok")
        wall = context.new_page()
        wall.goto(f"{url}{links[0]}", wait_until="networkidle")
        renders = record_wall(wall, url, headers)
        print(f"[room-load] the real wall sends {len(renders)} render request(s) per version change", flush=True)

        def on_finished(request):
            if request.method == "POST" and "/_dash-update-component" in request.url:
                timing = request.timing
                renders_seen.append((timing["startTime"] / 1000, (timing["startTime"] + timing["responseEnd"]) / 1000))

        wall.on("requestfinished", on_finished)
        stop = threading.Event()
        walls = [
            threading.Thread(target=synthetic_wall, args=(url, link, renders, stop, tally), daemon=True)
            for link in links[1:]
        ]
        for thread in walls:
            thread.start()
        # Provinces whose figures are reported directly (the demo sums Chiang Mai, Lamphun and Lampang from schools).
        provinces = [f"TH-{code}" for code in (10, 11, 12, 13, 20, 30, 40, 53, 57, 65, 80, 90)]
        pending: list[threading.Thread] = []
        lock = threading.Lock()

        def fire(n: int):
            outcome = write_one(url, headers, n, provinces[n % len(provinces)], tally)
            with lock:
                writes.append(outcome)

        started = time.monotonic()
        ends = started + args.minutes * 60
        n = 0
        next_minute = started + 60
        while time.monotonic() < ends:
            n += 1
            thread = threading.Thread(target=fire, args=(n,), daemon=True)
            thread.start()
            pending.append(thread)
            due = started + n / args.writes_per_second
            while time.monotonic() < due:
                wall.wait_for_timeout(max(1, int((due - time.monotonic()) * 1000)))
            if time.monotonic() >= next_minute:
                next_minute += 60
                print(
                    f"[room-load] {int((time.monotonic() - started) / 60)} min: {len(writes)} writes answered",
                    flush=True,
                )
        stop.set()
        for thread in pending:
            thread.join(60)
        for thread in walls:
            thread.join(10)
        wall.wait_for_timeout(3000)
        rss_after = rss_mb(server.pid)
    finally:
        browser.close()
        playwright.stop()
        server.send_signal(signal.SIGTERM)
        server.wait(30)

    outcomes = look_up(store_url, writes)
    visible = []
    for write in writes:
        if write.get("status") and 200 <= write["status"] < 300:
            later = [end for begin, end in renders_seen if begin >= write["answered"]]
            if later:
                visible.append(min(later) - write["answered"])
    total = sum(len(v) for v in tally.latency.values())
    errors = sum(sum(e.values()) for e in tally.errors.values())
    print(f"\n[room-load] {args.store}: {args.walls} walls, {args.writes_per_second:g} writes/s, {args.minutes:g} min")
    print(f"requests {total:,}, errors {errors:,}")
    print(f"{'kind':<16} {'n':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  errors")
    for kind, values in sorted(tally.latency.items()):
        print(
            f"{kind:<16} {len(values):7,d} {percentile(values, 0.5) * 1000:8.0f} "
            f"{percentile(values, 0.95) * 1000:8.0f} {max(values) * 1000:8.0f}  {dict(tally.errors[kind]) or '-'}"
        )
    if visible:
        print(
            f"{'write → visible':<16} {len(visible):7,d} {percentile(visible, 0.5) * 1000:8.0f} "
            f"{percentile(visible, 0.95) * 1000:8.0f} {max(visible) * 1000:8.0f}  (the real wall in Chromium)"
        )
    print("writes: " + ", ".join(f"{k} {v:,}" for k, v in outcomes.items()))
    print(f"server memory (RSS, with workers): {rss_before:.0f} MB before, {rss_after:.0f} MB after")
    if admin is not None:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()
    shutil.rmtree(workdir, ignore_errors=True)
    return 0 if outcomes["lost"] == 0 and outcomes["ambiguous"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
