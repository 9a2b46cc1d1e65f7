"""One writer at a time, in the order the writes arrived, each waiting a bounded time.

DuckDB takes one writing transaction at a time in a process (concurrent updates of one row conflict), so the
store's writes queue here. A plain lock would let a late writer overtake earlier ones and let a request hang
until the client gives up — and a write the client gave up on could still commit, so the client cannot tell
whether it was stored. Here a write that cannot start within the wait limit is refused before it begins
(StoreBusyError: HTTP 503 with Retry-After): a client either gets the answer of a committed write or knows
that nothing was written.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections import deque
from collections.abc import Iterator

from cockpit.errors import StoreBusyError


class WriteQueue:
    """A first-come, first-served lock with a wait limit, and the recent write durations to say when to retry."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._waiting: deque[object] = deque()
        self._busy = False
        self._durations: deque[float] = deque(maxlen=50)

    @contextlib.contextmanager
    def turn(self, wait_seconds: float) -> Iterator[None]:
        ticket = object()
        deadline = time.monotonic() + wait_seconds
        with self._condition:
            self._waiting.append(ticket)
            while self._busy or self._waiting[0] is not ticket:
                left = deadline - time.monotonic()
                if left <= 0:
                    self._waiting.remove(ticket)
                    self._condition.notify_all()
                    raise StoreBusyError(
                        f"the store is busy: {len(self._waiting)} writes queued before this one did not finish "
                        f"within {wait_seconds:g} s; nothing was written, send it again",
                        self.retry_after(),
                    )
                self._condition.wait(left)
            self._waiting.popleft()
            self._busy = True
        started = time.monotonic()
        try:
            yield
        finally:
            with self._condition:
                self._busy = False
                self._durations.append(time.monotonic() - started)
                self._condition.notify_all()

    def queued(self) -> int:
        with self._condition:
            return len(self._waiting) + (1 if self._busy else 0)

    def retry_after(self) -> int:
        """Whole seconds for the queue as it stands to drain at the recent pace (at least 1)."""
        per_write = sorted(self._durations)[len(self._durations) // 2] if self._durations else 0.1
        return max(1, math.ceil(per_write * (len(self._waiting) + 1)))
