"""Time a person waits in the browser when drilling down: client-side navigation between the pages, in real
Chromium, on the demo data (server render plus Dash's rendering in the browser).

    python bench/navigation_times.py [--repeat 3]

As a signed-in administrator (bench/_room.py), at 1920×1080.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _room import chromium, served_room, signed_in_context

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
    times: dict[str, list[float]] = {path: [] for path in PATHS}
    nodes: dict[str, int] = {}
    with served_room("navigation") as room, chromium() as browser:
        page = signed_in_context(browser, room).new_page()
        page.goto(room.url + "/", wait_until="networkidle")
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
    print(f"client-side navigation in Chromium, 1920x1080, {args.repeat} rounds; ms")
    print(f"{'to':<24}{'median':>10}{'max':>10}{'DOM nodes':>12}")
    for path in PATHS:
        print(f"{path:<24}{statistics.median(times[path]):>10.0f}{max(times[path]):>10.0f}{nodes[path]:>12}")


if __name__ == "__main__":
    main()
