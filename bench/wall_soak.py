"""Soak the wall kiosk: /wall?rotate=5 open in Chromium while updates arrive, watching the JS heap and the DOM.

    python bench/wall_soak.py [--minutes 10] [--every 4]

Starts the app in-process (bench/_room.py: demo DuckDB store in a temp dir, a national token), opens /wall?rotate=5
by its device link at 1920×1080 and, for --minutes, posts an update every --every seconds: new crisis reports (POST
/api/v1/crises) alternating with flight-deck changes (POST /api/v1/deck) that put the walls and every kind of
subject wall on the screen (a meeting is started first, so the "since" wall has something to compare). Each change
bumps the data version, so the wall re-renders in place. The JS heap (after a forced GC, through CDP) and the number
of DOM elements are sampled at the start, every minute and at the end. Prints a table and the growth; exits 1 on any
console error or page error, or if the wall stopped following."""

from __future__ import annotations

import argparse
import itertools
import sys
import time

import requests
from _room import REPORT, chromium, served_room, wall_context

DECK_SHOWS = [
    "/wall/red",
    None,
    "/province/TH-50",
    "/region/REO08",
    "/indicator/JI01",
    None,
    "/wall/blue",
    "/crisis",
    "/chain?node=120101",
    "/since",
    None,
]


def sample(page, cdp, label: str, started: float) -> dict:
    cdp.send("HeapProfiler.collectGarbage")
    heap = cdp.send("Runtime.getHeapUsage")
    nodes = page.evaluate("document.getElementsByTagName('*').length")
    return {
        "label": label,
        "t": time.monotonic() - started,
        "heap_mb": heap["usedSize"] / 1e6,
        "nodes": nodes,
        "wall": page.evaluate("document.documentElement.dataset.wall || ''"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--every", type=float, default=4.0, help="seconds between updates (default 4)")
    args = parser.parse_args(argv)

    problems: list[str] = []
    samples: list[dict] = []
    posts = {"crises": 0, "deck": 0, "failed": 0}
    with served_room("wall-soak") as room, chromium() as browser:
        url, headers = room.url, room.headers
        context = wall_context(browser)
        page = context.new_page()
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        requests.post(f"{url}/api/v1/meetings", headers=headers, timeout=30, json={"title": "soak"}).raise_for_status()
        page.goto(f"{url}{room.screen_path}?rotate=5", wait_until="networkidle")
        page.wait_for_selector("#wall-room", timeout=20_000)
        page.wait_for_timeout(3000)
        cdp = context.new_cdp_session(page)
        started = time.monotonic()
        samples.append(sample(page, cdp, "start", started))
        print(f"soak: {args.minutes} min, an update every {args.every} s, {url}/wall?rotate=5", flush=True)
        duration = args.minutes * 60
        shows = itertools.cycle(DECK_SHOWS)
        next_minute, step = 60.0, 0
        while time.monotonic() - started < duration:
            try:
                if step % 2 == 0:
                    response = requests.post(
                        f"{url}/api/v1/crises",
                        headers=headers,
                        timeout=10,
                        json=REPORT | {"title": f"ทดสอบต่อเนื่อง {step}"},
                    )
                    posts["crises"] += 1
                else:
                    response = requests.post(
                        f"{url}/api/v1/deck", headers=headers, timeout=10, json={"show": next(shows)}
                    )
                    posts["deck"] += 1
                if response.status_code >= 300:
                    posts["failed"] += 1
                    problems.append(f"POST answered {response.status_code}: {response.text[:200]}")
            except requests.RequestException as error:
                posts["failed"] += 1
                problems.append(f"POST failed: {error}")
            step += 1
            wait_until = min(started + duration, time.monotonic() + args.every)
            while time.monotonic() < wait_until:
                page.wait_for_timeout(min(500, max(1, (wait_until - time.monotonic()) * 1000)))
                if time.monotonic() - started >= next_minute:
                    samples.append(sample(page, cdp, f"{int(next_minute // 60)} min", started))
                    print(
                        f"  {samples[-1]['label']}: heap {samples[-1]['heap_mb']:.1f} MB, {samples[-1]['nodes']} nodes",
                        flush=True,
                    )
                    next_minute += 60
        requests.post(f"{url}/api/v1/deck", headers=headers, timeout=10, json={"show": None, "paused": False})
        page.wait_for_timeout(4000)
        samples.append(sample(page, cdp, "end", started))
        if page.evaluate("!document.getElementById('wall-room')"):
            problems.append("the wall is gone from the page")
        if "connection-stale" in (page.get_attribute("#connection", "class") or ""):
            problems.append("the wall shows the stale marker at the end")
        context.close()

    print(f"\n{'sample':>8} {'time s':>8} {'JS heap MB':>11} {'DOM nodes':>10}  wall")
    for row in samples:
        print(f"{row['label']:>8} {row['t']:8.0f} {row['heap_mb']:11.2f} {row['nodes']:10d}  {row['wall']}")
    first, last = samples[0], samples[-1]
    print(f"\nposts: {posts['crises']} crisis reports, {posts['deck']} deck changes, {posts['failed']} failed")
    growth = last["heap_mb"] - first["heap_mb"]
    print(f"heap: start {first['heap_mb']:.2f} MB, end {last['heap_mb']:.2f} MB, growth {growth:+.2f} MB")
    print(f"DOM nodes: start {first['nodes']}, end {last['nodes']}, growth {last['nodes'] - first['nodes']:+d}")
    if problems:
        print(f"\n{len(problems)} problem(s):", *problems[:20], sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
