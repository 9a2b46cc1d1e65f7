"""Renderings shared by every screen that asks for the same page at the same data version, bounded in bytes.

Fifty walls ask for the same page within a second of each data change. Rendering it once and handing that one
result to all of them is what keeps the room responsive under load: the first asker renders, the others wait for
its result instead of rendering the same page again (one flight per page). A rendering of an older data version is
never asked for again (the router always asks with the version it knows), so a new version drops them all; within
a version, the least recently used renderings go first once their serialised size passes the byte budget.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from plotly.io.json import to_json_plotly

BUDGET_ENV = "COCKPIT_RENDER_CACHE_MB"
DEFAULT_BUDGET_MB = 64


def budget_bytes() -> int:
    raw = os.environ.get(BUDGET_ENV)
    try:
        return int(float(raw) * 1024 * 1024) if raw else DEFAULT_BUDGET_MB * 1024 * 1024
    except ValueError:
        return DEFAULT_BUDGET_MB * 1024 * 1024


def serialised_size(value: Any) -> int:
    """What the rendering weighs as JSON (the form Dash sends it in): a stable measure of what it holds."""
    return len(to_json_plotly(value))


class _Flight:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None


class RenderCache:
    def __init__(self, max_bytes: int | None = None, size_of: Callable[[Any], int] = serialised_size):
        self.max_bytes = budget_bytes() if max_bytes is None else max_bytes
        self._size_of = size_of
        self._lock = threading.Lock()
        self._version: int | None = None
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
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

    def get(self, version: int, key: Hashable, render: Callable[[], Any]) -> Any:
        with self._lock:
            if self._version is None or version > self._version:
                self._version = version
                self._entries.clear()
                self._flights.clear()
                self._bytes = 0
            current = version == self._version
            if current and key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key][0]
            flight = self._flights.get(key) if current else None
            leader = flight is None
            if leader:
                flight = _Flight()
                if current:
                    self._flights[key] = flight
        if not leader:
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
            return flight.value
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
            if version == self._version and size <= self.max_bytes and key not in self._entries:
                self._entries[key] = (value, size)
                self._bytes += size
                while self._bytes > self.max_bytes:
                    _, (_, dropped) = self._entries.popitem(last=False)
                    self._bytes -= dropped
        flight.done.set()
        return value
