"""Read-only SQLite connections for the web app: a small pool shared by the request threads."""

from __future__ import annotations

import queue
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from threading import Lock
from typing import Any

from bilateral.store import Store


def connect(path: str) -> sqlite3.Connection:
    """A read-only connection (mode=ro: the app can never write), usable from any thread."""
    uri = f"file:{Path(path).resolve()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=30)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA query_only = ON")
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA cache_size = -32000")  # 32 MB of page cache per connection
    return conn


class Pool:
    """At most `size` idle connections kept; a request takes one and gives it back."""

    def __init__(self, path: str, size: int = 8) -> None:
        Store(path, readonly=True).close()  # a missing or too new database fails here, once
        self.path = path
        self._idle: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue(maxsize=size)

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        try:
            conn = self._idle.get_nowait()
        except queue.Empty:
            conn = connect(self.path)
        try:
            # One read transaction per request: every query of a page sees the same snapshot,
            # so an ingest committing meanwhile never shows an event without its sources.
            conn.execute("BEGIN")
            yield conn
        finally:
            if conn.in_transaction:
                conn.rollback()
            try:
                self._idle.put_nowait(conn)
            except queue.Full:
                conn.close()

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


class TTLCache:
    """Small answers that scan a table (the list of dyads) kept for `ttl` seconds: another
    process may still be ingesting into the database."""

    def __init__(self, ttl: float = 30.0) -> None:
        self.ttl = ttl
        self._data: dict[Any, tuple[float, Any]] = {}
        self._lock = Lock()

    def get(self, key: Any, compute: Callable[[], Any]) -> Any:
        now = time.monotonic()
        with self._lock:
            hit = self._data.get(key)
            if hit and now - hit[0] < self.ttl:
                return hit[1]
        value = compute()
        with self._lock:
            if len(self._data) > 256:
                self._data.clear()
            self._data[key] = (now, value)
        return value
