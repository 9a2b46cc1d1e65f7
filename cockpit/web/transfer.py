"""What goes over the wire: compressed answers, and cache lifetimes that let a browser keep what cannot change.

A cold load of a page is mostly JavaScript (Plotly alone is 4.8 MB); compressed once and kept by the browser for a
year it costs nothing the second time. So:

- an answer whose URL carries a fingerprint (Dash's component suites, `/assets/…?m=`, the province polygons) is
  `public, max-age=31536000, immutable`, compressed once at a high level and kept compressed in memory (bounded);
- a page or an API answer is `no-store`: figures change with every write, and they are the viewer's own;
- text (HTML, JSON, GeoJSON, JS, CSS, SVG) of at least `MIN_BYTES` is compressed with brotli when the client accepts
  it, else gzip (browsers offer brotli on https only). Small answers, answers that are not text and streamed answers
  (an export written while it is read) go as they are.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict

import brotli
from dash.fingerprint import check_fingerprint
from flask import Flask, Response, request

IMMUTABLE = "public, max-age=31536000, immutable"
NOT_STORED = "no-store"
MIN_BYTES = 1024
COMPRESSIBLE = {
    "text/html",
    "text/css",
    "text/plain",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/geo+json",
    "image/svg+xml",
}
# Levels: an answer made per request must not cost more time than it saves; a fingerprinted file is compressed
# once per process, so it gets a high level (brotli 11 would take ~10 s for Plotly on this machine; 9 takes < 1 s).
DYNAMIC_LEVEL = {"br": 4, "gzip": 6}
STATIC_LEVEL = {"br": 9, "gzip": 9}
STATIC_CACHE_BYTES = 32 * 1024 * 1024
STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/")


def is_fingerprinted(path: str, args) -> bool:
    """Whether the URL changes when the file does, so that the file behind it never changes."""
    if path.startswith("/_dash-component-suites/"):
        return check_fingerprint(path)[1]
    if path.startswith("/assets/"):
        return "m" in args  # Dash adds ?m=<modification time> to every asset it links
    return path.startswith("/api/v1/geo/") and path.count(".") >= 2  # provinces.<fingerprint>.geojson


def chosen_encoding() -> str | None:
    accepted = request.accept_encodings
    if accepted["br"]:
        return "br"
    if accepted["gzip"]:
        return "gzip"
    return None


def compress(data: bytes, encoding: str, level: int) -> bytes:
    if encoding == "br":
        return brotli.compress(data, quality=level)
    return gzip.compress(data, compresslevel=level, mtime=0)


class CompressedFiles:
    """Fingerprinted files kept compressed, least recently used dropped first, at most `limit` bytes in all."""

    def __init__(self, limit: int = STATIC_CACHE_BYTES):
        self.limit = limit
        self.size = 0
        self._items: OrderedDict[tuple[str, ...], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...], make) -> bytes:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            if key not in self._items and len(value) <= self.limit:
                self._items[key] = value
                self.size += len(value)
                while self.size > self.limit:
                    _, dropped = self._items.popitem(last=False)
                    self.size -= len(dropped)
        return value


def install_transfer(server: Flask) -> CompressedFiles:
    """Register the cache and compression rules; call it first, so that it runs after every other after_request
    hook (Flask runs them in reverse) and compresses the final body."""
    files = CompressedFiles()

    @server.after_request
    def cache_and_compress(response: Response) -> Response:
        fingerprinted = response.status_code == 200 and is_fingerprinted(request.path, request.args)
        # A file without a fingerprint (the topojson Plotly asks for) is still one file, known by its ETag.
        etag = response.headers.get("ETag") if request.path.startswith(STATIC_PREFIXES) else None
        if fingerprinted:
            response.headers["Cache-Control"] = IMMUTABLE
        elif etag:
            response.headers["Cache-Control"] = "no-cache"  # kept, but asked again: a 304 while it is unchanged
        elif "Cache-Control" not in response.headers and response.mimetype in ("text/html", "application/json"):
            response.headers["Cache-Control"] = NOT_STORED
        if response.status_code != 200 or response.mimetype not in COMPRESSIBLE:
            return response
        if "Content-Encoding" in response.headers:
            return response
        if response.is_streamed and not (fingerprinted or etag):
            return response  # written while it is read; a file (fingerprint or ETag) is read whole below
        if response.content_length is not None and response.content_length < MIN_BYTES:
            return response
        response.vary.add("Accept-Encoding")
        encoding = chosen_encoding()
        if encoding is None or request.method == "HEAD":
            return response
        response.direct_passthrough = False
        if fingerprinted or etag:
            key = (request.full_path, etag or "", encoding)
            body = files.get(key, lambda: compress(response.get_data(), encoding, STATIC_LEVEL[encoding]))
        else:
            data = response.get_data()
            if len(data) < MIN_BYTES:
                return response
            body = compress(data, encoding, DYNAMIC_LEVEL[encoding])
        response.set_data(body)
        response.headers["Content-Encoding"] = encoding
        response.headers.pop("Accept-Ranges", None)  # byte ranges would count in the file, not in what is sent
        return response

    return files
