"""The data version as this process knows it, kept in memory so that "has anything changed?" costs no query.

Every open page and wall asks once a second; with 50 walls that was 50 reads a second of a one-row table, queued
behind the writes. Now a write through `Store.write()` tells this process the version it committed, and:

- on DuckDB nothing else can write (one process owns the file), so memory is the truth after one read at start;
- on PostgreSQL other processes write too (gunicorn workers, `cockpit import`, `cockpit simulate`). Each bump
  sends `NOTIFY cockpit_data_version, '<version>'` in its own transaction (delivered on commit), and one thread per
  process LISTENs on its own connection. A notification is lost only while that connection is down, so the thread
  reads the version again whenever it (re)connects, and also every `RECHECK_S` seconds in case: one small query per
  process every few seconds, however many screens ask.

The time of the newest write travels with its version (in the notification's payload, `<version> <ISO time>`), so
that the answer to "has anything changed?" — the version and when it last changed — is all in memory.

Writes that change no figure (people, tokens, settings: `Store.write(bump_version=False)`) are counted too, as
"quiet" writes (notified with the payload `QUIET`): whoever remembers who a session is (cockpit/web/gate.py) forgets
it when one happens, so that a revoked wall link or a disabled account is refused at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

CHANNEL = "cockpit_data_version"
QUIET = "quiet"
RECHECK_S = 5.0
RECONNECT_S = 2.0
READ_VERSION = "SELECT version, updated_at FROM data_version WHERE id = 1"
Versioned = tuple[int, dt.datetime | None]


class KnownVersion:
    """The newest data version this process has seen; it never goes back."""

    def __init__(self, read: Callable[[], Versioned], listen_to: str | None = None):
        """`read` asks the store for its version and the time it was written (once, or when nothing else can
        tell); `listen_to` is a libpq conninfo of the PostgreSQL store whose notifications to follow (None on
        DuckDB)."""
        self._read = read
        self._conninfo = listen_to
        self._value: int | None = None
        self._at: dt.datetime | None = None
        self._quiet_writes = 0
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._stop = threading.Event()

    def current(self) -> int:
        """No query, except the first time in a process (after a fork, the listener starts again)."""
        if self._pid != os.getpid():
            self._start()
        if self._value is None:
            self.saw(*self._read())
        return self._value

    def updated_at(self) -> dt.datetime | None:
        """When the newest version this process knows of was written (no query, as `current`)."""
        self.current()
        return self._at

    def saw(self, version: int, at: dt.datetime | None = None) -> None:
        """A version committed by a write in this process, a notification or a read, and when it was written."""
        with self._lock:
            if self._value is None or version > self._value:
                self._value = version
                self._at = at

    def saw_quiet_write(self) -> None:
        with self._lock:
            self._quiet_writes += 1

    def quiet_writes(self) -> int:
        """How many writes that change no figure this process has seen (or heard of) so far."""
        if self._pid != os.getpid():
            self._start()
        return self._quiet_writes

    def stop(self) -> None:
        self._stop.set()

    def _start(self) -> None:
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._stop = threading.Event()
        if self._conninfo is not None:
            name = f"cockpit-version-listener-{self._pid}"
            threading.Thread(target=self._listen, args=(self._stop,), name=name, daemon=True).start()

    def _listen(self, stop: threading.Event) -> None:
        import psycopg

        while not stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    while not stop.is_set():
                        # After LISTEN, so that a write committed in between is either read here or notified.
                        self.saw(*conn.execute(READ_VERSION).fetchone())
                        deadline = time.monotonic() + RECHECK_S
                        while not stop.is_set() and (left := deadline - time.monotonic()) > 0:
                            for note in conn.notifies(timeout=left, stop_after=1):
                                if note.payload == QUIET:
                                    self.saw_quiet_write()
                                else:
                                    self.saw(*parse_payload(note.payload))
            except Exception as error:  # the store restarting, a network cut: try again, memory stays as it was
                if stop.is_set():
                    return
                self.saw_quiet_write()  # a revocation may have gone unheard
                first_line = (str(error) or type(error).__name__).splitlines()[0]
                log.warning("data version listener: %s; trying again in %.0f s", first_line, RECONNECT_S)
                stop.wait(RECONNECT_S)


def payload(version: int, at: dt.datetime) -> str:
    """What a bump notifies: the version and when it was written."""
    return f"{version} {at.isoformat()}"


def parse_payload(text: str) -> Versioned:
    """A bump's notification; a bare version (from an older release still running beside) has no time."""
    version, _, at = text.partition(" ")
    return int(version), dt.datetime.fromisoformat(at) if at else None
