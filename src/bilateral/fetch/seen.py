"""What `bilateral watch` remembers between polls, in the same SQLite file as the documents.

- `fetch_sources`: per source URL, the validators of its last good response (ETag,
  Last-Modified) for conditional requests, and its run of failures with the poll number
  before which it is skipped (exponential backoff counted in polls).
- `fetch_seen`: article URLs already handled, so an entry that stays in a feed for days is
  fetched once. A URL that failed is tried again on later polls, up to `MAX_ATTEMPTS`.
- `fetch_state`: the poll counter.

The tables are created here with IF NOT EXISTS rather than by a store migration, so the
watch can evolve without a schema version; they are only read and written by this module.
Writes go through the store's connection, so marking an article seen commits in the same
transaction as the article itself: an interrupted poll never remembers an article it did not
store, nor stores one it will fetch again.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

MAX_ATTEMPTS = 3  # polls on which a failing article URL is tried before it is given up
MAX_SKIP_POLLS = 63  # the longest a failing source is left alone, in polls

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS fetch_sources (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        last_polled TEXT,
        last_ok TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        skip_until INTEGER NOT NULL DEFAULT 0,  -- poll number before which it is skipped
        last_error TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS fetch_seen (
        url TEXT PRIMARY KEY,
        source TEXT,
        status TEXT NOT NULL,  -- stored | failed
        attempts INTEGER NOT NULL DEFAULT 1,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        reason TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS fetch_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
]


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class SourceState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    skip_until: int = 0
    last_error: str | None = None


class SeenStore:
    """The watch's state over an open SQLite connection (the Store's)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        own = not db.in_transaction
        if own:
            db.execute("BEGIN IMMEDIATE")
        try:
            for statement in SCHEMA:
                db.execute(statement)
            if own:
                db.execute("COMMIT")
        except BaseException:
            if own:
                db.execute("ROLLBACK")
            raise

    # -- polls ----------------------------------------------------------------------------
    def next_poll(self) -> int:
        """Count a new poll and return its number (1, 2, ...), kept across restarts."""
        row = self.db.execute("SELECT value FROM fetch_state WHERE key = 'polls'").fetchone()
        number = int(row[0]) + 1 if row else 1
        self.db.execute("INSERT OR REPLACE INTO fetch_state VALUES ('polls', ?)", (str(number),))
        return number

    # -- sources --------------------------------------------------------------------------
    def source(self, url: str) -> SourceState:
        row = self.db.execute(
            "SELECT etag, last_modified, failures, skip_until, last_error FROM fetch_sources"
            " WHERE url = ?", (url,)).fetchone()
        if row is None:
            return SourceState(url)
        return SourceState(url, row[0], row[1], int(row[2]), int(row[3]), row[4])

    def source_ok(self, url: str, etag: str | None, last_modified: str | None,
                  *, keep_validators: bool = False) -> None:
        """A successful poll: remember the validators and clear the failures.
        `keep_validators` for a 304, which need not repeat them."""
        now = _now()
        if keep_validators:
            self.db.execute(
                "INSERT INTO fetch_sources (url, last_polled, last_ok) VALUES (?,?,?)"
                " ON CONFLICT(url) DO UPDATE SET last_polled = excluded.last_polled,"
                " last_ok = excluded.last_ok, failures = 0, skip_until = 0, last_error = NULL",
                (url, now, now))
            return
        self.db.execute(
            "INSERT INTO fetch_sources (url, etag, last_modified, last_polled, last_ok)"
            " VALUES (?,?,?,?,?) ON CONFLICT(url) DO UPDATE SET etag = excluded.etag,"
            " last_modified = excluded.last_modified, last_polled = excluded.last_polled,"
            " last_ok = excluded.last_ok, failures = 0, skip_until = 0, last_error = NULL",
            (url, etag, last_modified, now, now))

    def source_failed(self, url: str, poll: int, reason: str) -> int:
        """Count a failure; the source is skipped for 2**(failures-1) - 1 polls (0, 1, 3, 7
        ...): one bad poll is retried at once, a source that stays down is asked less and
        less often. Returns the number of polls it will be skipped."""
        failures = self.source(url).failures + 1
        skip = min(2 ** (failures - 1) - 1, MAX_SKIP_POLLS)
        self.db.execute(
            "INSERT INTO fetch_sources (url, last_polled, failures, skip_until, last_error)"
            " VALUES (?,?,?,?,?) ON CONFLICT(url) DO UPDATE SET"
            " last_polled = excluded.last_polled, failures = excluded.failures,"
            " skip_until = excluded.skip_until, last_error = excluded.last_error",
            (url, _now(), failures, poll + skip + 1, reason))
        return skip

    def retry_now(self) -> None:
        """Lift every source's wait, keeping its failure count: a restart (perhaps with
        --allow-private, or after fixing a URL) tries each source once at once, and one that
        still fails is left alone longer than before."""
        self.db.execute("UPDATE fetch_sources SET skip_until = 0 WHERE skip_until > 0")

    # -- articles -------------------------------------------------------------------------
    def is_seen(self, url: str) -> bool:
        """True when `url` needs no fetching: stored, or failed too often."""
        row = self.db.execute("SELECT status, attempts FROM fetch_seen WHERE url = ?",
                              (url,)).fetchone()
        return row is not None and (row[0] == "stored" or int(row[1]) >= MAX_ATTEMPTS)

    def mark(self, url: str, source: str | None, status: str, reason: str | None = None) -> None:
        now = _now()
        self.db.execute(
            "INSERT INTO fetch_seen (url, source, status, attempts, first_seen, last_seen,"
            " reason) VALUES (?,?,?,1,?,?,?) ON CONFLICT(url) DO UPDATE SET"
            " status = excluded.status, attempts = fetch_seen.attempts + 1,"
            " last_seen = excluded.last_seen, reason = excluded.reason",
            (url, source, status, now, now, reason))

    def count_seen(self) -> int:
        return int(self.db.execute(
            "SELECT COUNT(*) FROM fetch_seen WHERE status = 'stored'").fetchone()[0])
