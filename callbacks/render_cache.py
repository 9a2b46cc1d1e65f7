"""Renderings shared by every screen that asks for the same page, at most one per page at a time, bounded in bytes.

Fifty walls ask for the same page within a second of each data change. The first asker renders it; the others
wait for that rendering instead of rendering the same page again (one flight per page). Under a stream of writes
the version moves many times a second, and rendering every page for every version would take more CPU than the
machine has, so a rendering younger than `fresh_for` seconds is served for a newer version too — together with
the version it was made at, which the page keeps as its rendered version, so that it asks again at its next tick
and shows the newer figures within `fresh_for` seconds. A page is never left showing an older version as if it
were the newest. Each page keeps only its latest rendering; the least recently used go first once their
serialised size passes the byte budget.

The answer Dash sends for a rendering is kept with it too (plain and compressed), so that a request the kept
rendering would serve is answered those bytes before Dash is asked at all: a wall's render then costs a lookup, not
a serialisation and a compression of the whole page for each of the fifty walls.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from plotly.io.json import to_json_plotly

BUDGET_ENV = "COCKPIT_RENDER_CACHE_MB"
DEFAULT_BUDGET_MB = 64
FRESH_ENV = "COCKPIT_RENDER_FRESH_SECONDS"
DEFAULT_FRESH_SECONDS = 1.0


def budget_bytes() -> int:
    raw = os.environ.get(BUDGET_ENV)
    try:
        return int(float(raw) * 1024 * 1024) if raw else DEFAULT_BUDGET_MB * 1024 * 1024
    except ValueError:
        return DEFAULT_BUDGET_MB * 1024 * 1024


def fresh_seconds() -> float:
    raw = os.environ.get(FRESH_ENV)
    try:
        return max(0.0, float(raw)) if raw else DEFAULT_FRESH_SECONDS
    except ValueError:
        return DEFAULT_FRESH_SECONDS


def serialised_size(value: Any) -> int:
    """What the rendering weighs as JSON (the form Dash sends it in): a stable measure of what it holds."""
    return len(to_json_plotly(value))


@dataclass
class _Entry:
    value: Any
    version: int
    size: int
    made_at: float
    # The rendering as answered to a browser: Dash's JSON (form None) and its compressed forms ("br", "gzip"), kept
    # so that fifty walls asking for the same page are answered the same bytes without serialising it again.
    answers: dict[str | None, bytes] = field(default_factory=dict)


class _Flight:
    def __init__(self, version: int, started: float) -> None:
        self.version = version
        self.started = started
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None


class RenderCache:
    def __init__(
        self,
        max_bytes: int | None = None,
        size_of: Callable[[Any], int] = serialised_size,
        fresh_for: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.max_bytes = budget_bytes() if max_bytes is None else max_bytes
        self.fresh_for = fresh_seconds() if fresh_for is None else fresh_for
        self._size_of = size_of
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._flights: dict[Hashable, _Flight] = {}
        self._bytes = 0
        self.renders = 0

    @property
    def bytes(self) -> int:
        with self._lock:
            return self._bytes

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def _serves(self, made_version: int, made_at: float, version: int, now: float) -> bool:
        return made_version >= version or now - made_at < self.fresh_for

    def answer(self, version: int, key: Hashable, form: str | None, make: Callable[[bytes], bytes]) -> bytes | None:
        """The kept answer of the rendering a request for `key` at `version` would be served now, in `form` (made
        from the plain answer by `make` the first time); None when the page would be rendered anew or its plain
        answer is not kept yet. Renders nothing."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or not self._serves(entry.version, entry.made_at, version, self._clock()):
                return None
            plain = entry.answers.get(None)
            found = entry.answers.get(form)
        if plain is None or found is not None:
            return found
        made = make(plain)
        with self._lock:
            if self._entries.get(key) is entry and form not in entry.answers:
                entry.answers[form] = made
                entry.size += len(made)
                self._bytes += len(made)
        return made

    def keep_answer(self, key: Hashable, version: int, plain: bytes) -> None:
        """Keep the plain answer of the rendering of `key` made at `version`, if it is still the one kept."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry.version != version or None in entry.answers:
                return
            entry.answers[None] = plain
            entry.size += len(plain)
            self._bytes += len(plain)
            while self._bytes > self.max_bytes and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= dropped.size

    def get(self, version: int, key: Hashable, render: Callable[[], Any]) -> tuple[Any, int]:
        """The page for `key` at `version` or, within the freshness window, at a slightly older one: (rendering,
        the version it was made at)."""
        now = self._clock()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and self._serves(entry.version, entry.made_at, version, now):
                self._entries.move_to_end(key)
                return entry.value, entry.version
            flight = self._flights.get(key)
            leader = flight is None or not self._serves(flight.version, flight.started, version, now)
            if leader:
                flight = _Flight(version, now)
                self._flights[key] = flight
        if not leader:
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
            return flight.value, flight.version
        try:
            value = render()
        except BaseException as error:
            flight.error = error
            with self._lock:
                if self._flights.get(key) is flight:
                    del self._flights[key]
            flight.done.set()
            raise
        flight.value = value
        size = self._size_of(value)
        with self._lock:
            self.renders += 1
            if self._flights.get(key) is flight:
                del self._flights[key]
            kept = self._entries.get(key)
            if size <= self.max_bytes and (kept is None or kept.version <= version):
                if kept is not None:
                    self._bytes -= kept.size
                self._entries[key] = _Entry(value, version, size, flight.started)
                self._entries.move_to_end(key)
                self._bytes += size
                while self._bytes > self.max_bytes:
                    _, dropped = self._entries.popitem(last=False)
                    self._bytes -= dropped.size
        flight.done.set()
        return value, version
