"""Server-side time of each page on the demo data: the view's queries alone, and queries plus layout.

    python bench/page_times.py [--url DATABASE_URL] [--repeat 20]

Builds a fresh demo store in a temporary DuckDB file unless --url names one (which is created if empty),
warms each page once, then prints median and 95th percentile over the repeats.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from callbacks.routing import ROUTES, _routes, render_path
from cockpit.bootstrap import prepare_store
from cockpit.read import views

PAGES = [
    ("/", "", lambda c: views.nation_view(c)),
    ("/region/REO08", "", lambda c: views.region_view(c, "REO08")),
    ("/province/TH-50", "", lambda c: views.province_view(c, "TH-50")),
    ("/chain", "?node=120101", lambda c: views.chain_view(c, None, "120101")),
    ("/indicator/JI01", "", lambda c: views.indicator_view(c, "JI01")),
    ("/crisis", "", lambda c: views.crisis_view(c)),
]


def measure(action, repeat: int) -> tuple[float, float]:
    action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="store URL (default: a new demo DuckDB file in a temp folder)")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    url = args.url or f"duckdb:///{Path(tempfile.mkdtemp()) / 'bench.duckdb'}"
    store = prepare_store(url, demo=True)
    ROUTES[:] = _routes()
    print(f"store: {store.description}; {args.repeat} repeats after one warm-up; times in ms")
    print(f"{'page':<28}{'data median':>12}{'data p95':>10}{'page median':>13}{'page p95':>10}")
    for path, search, view in PAGES:

        def data_only(view=view):
            with store.read() as conn:
                view(conn)

        data = measure(data_only, args.repeat)
        page = measure(lambda path=path, search=search: render_path(store, path, search), args.repeat)
        print(f"{path + search:<28}{data[0]:>12.1f}{data[1]:>10.1f}{page[0]:>13.1f}{page[1]:>10.1f}")
    store.dispose()


if __name__ == "__main__":
    main()
