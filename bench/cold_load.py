"""What a cold load of a page costs on the wire: requests, and bytes as sent (encoded) and as used (decoded).

    python bench/cold_load.py [--path /] [--url duckdb:///path/or/postgresql://...]

Starts the app in-process (bench/_room.py: a demo store in a temp dir unless --url is given), signs an
administrator in, opens --path in a new Chromium context (empty cache) and waits until the network is idle and the
page is drawn. Counts every response through the DevTools protocol: `encodedDataLength` of each finished request
(headers and body as they crossed the wire) and the decoded body bytes. Then loads the page again in the same
context, to show what the browser's cache saves. Prints the largest responses and the totals; the target of issue
#11 is at most 1.5 MB encoded for a cold load of `/`."""

from __future__ import annotations

import argparse
from collections import defaultdict

from _room import chromium, served_room, signed_in_context

MB = 1024 * 1024


def load(page, session, url: str) -> dict:
    """One page load: per request its URL, status, encoded and decoded bytes."""
    seen: dict[str, dict] = defaultdict(lambda: {"url": "", "status": 0, "encoded": 0, "decoded": 0, "cached": False})

    def on_response(event):
        item = seen[event["requestId"]]
        item["url"], item["status"] = event["response"]["url"], event["response"]["status"]
        item["cached"] = event["response"].get("fromDiskCache", False) or event["response"].get("fromMemoryCache")

    def on_data(event):
        seen[event["requestId"]]["decoded"] += event["dataLength"]

    def on_finished(event):
        seen[event["requestId"]]["encoded"] = event["encodedDataLength"]

    session.on("Network.responseReceived", on_response)
    session.on("Network.dataReceived", on_data)
    session.on("Network.loadingFinished", on_finished)
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector("#page > *", timeout=60_000)
    page.wait_for_load_state("networkidle")
    session.remove_listener("Network.responseReceived", on_response)
    session.remove_listener("Network.dataReceived", on_data)
    session.remove_listener("Network.loadingFinished", on_finished)
    return {key: value for key, value in seen.items() if value["url"]}


def report(title: str, responses: dict, top: int) -> None:
    items = sorted(responses.values(), key=lambda item: item["encoded"], reverse=True)
    encoded, decoded = sum(i["encoded"] for i in items), sum(i["decoded"] for i in items)
    print(f"{title}: {len(items)} requests, {encoded / MB:.2f} MB encoded, {decoded / MB:.2f} MB decoded")
    for item in items[:top]:
        path = item["url"].split("://", 1)[-1].split("/", 1)[-1][:90]
        print(f"  {item['encoded'] / 1024:8.1f} KB  {item['decoded'] / 1024:8.1f} KB  {item['status']}  /{path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default="/")
    parser.add_argument("--url", help="an existing store (default: a fresh demo DuckDB store in a temp dir)")
    parser.add_argument("--top", type=int, default=12, help="list this many of the largest responses")
    parser.add_argument(
        "--gzip", action="store_true", help="offer gzip only, as Chromium does over plain http to a host not local"
    )
    args = parser.parse_args(argv)
    with served_room("cold-load", args.url) as room, chromium() as browser:
        context = signed_in_context(browser, room)
        if args.gzip:
            context.set_extra_http_headers({"Accept-Encoding": "gzip, deflate"})
        page = context.new_page()
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        report(f"cold load of {args.path}", load(page, session, f"{room.url}{args.path}"), args.top)
        report(f"second load of {args.path}", load(page, session, f"{room.url}{args.path}"), 5)
        context.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
