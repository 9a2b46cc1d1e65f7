"""Time a person waits in the browser when drilling down: client-side navigation between the pages, in real
Chromium, on the demo data (server render plus Dash's rendering in the browser).

    python bench/navigation_times.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

import app as cockpit_app  # noqa: E402
from cockpit.bootstrap import prepare_store  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS  # noqa: E402  (the same launch flags as the browser tests)

PATHS = [
    "/region/REO08",
    "/province/TH-50",
    "/indicator/JI01",
    "/chain?node=120101",
    "/crisis",
    "/crisis?closed=1",
    "/",
]
SETTLED = "() => !document.querySelector('[data-dash-is-loading=\"true\"], ._dash-loading-callback')"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    store = prepare_store(f"duckdb:///{Path(tempfile.mkdtemp()) / 'bench.duckdb'}", demo=True)
    server = make_server("127.0.0.1", 0, cockpit_app.create_app(store).server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    times: dict[str, list[float]] = {path: [] for path in PATHS}
    nodes: dict[str, int] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(base + "/", wait_until="networkidle")
        page.wait_for_function(SETTLED)
        for _ in range(args.repeat):
            for path in PATHS:
                started = time.perf_counter()
                page.evaluate(
                    "path => { window.history.pushState({}, '', path);"
                    " window.dispatchEvent(new CustomEvent('_dashprivate_pushstate')); }",
                    path,
                )
                page.wait_for_timeout(20)
                page.wait_for_function(SETTLED, timeout=120_000)
                times[path].append((time.perf_counter() - started) * 1000)
                nodes[path] = page.evaluate("document.getElementsByTagName('*').length")
        browser.close()
    server.shutdown()
    print(f"client-side navigation in Chromium, 1920x1080, {args.repeat} rounds; ms")
    print(f"{'to':<24}{'median':>10}{'max':>10}{'DOM nodes':>12}")
    for path in PATHS:
        print(f"{path:<24}{statistics.median(times[path]):>10.0f}{max(times[path]):>10.0f}{nodes[path]:>12}")


if __name__ == "__main__":
    main()
