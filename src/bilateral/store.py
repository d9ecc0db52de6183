"""SQLite storage: one file, WAL, FTS5, a schema version and forward migrations.

A document is stored whole or not at all (a SAVEPOINT per document inside a batch
transaction); batches commit every `batch_size` documents, so an interrupted ingest loses
at most the uncommitted batch and never leaves half a document.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bilateral.fingerprint import (
    band_pairs,
    within_bits,
)
from bilateral.merge import Candidate, cluster_candidates, dyad_key, resolve
from bilateral.model import Document
from bilateral.store_rows import DocumentRows, rows_of
from bilateral.store_rows import json_text as _json
from bilateral.textutil import fold

DEFAULT_DB = "bilateral.db"

# Each entry migrates from version i to i+1. Never edit a released entry: add one.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        uri TEXT NOT NULL,
        source_format TEXT NOT NULL,
        title TEXT,
        published TEXT,
        author TEXT,
        lang TEXT,
        script TEXT,
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        simhash INTEGER,
        duplicate_of INTEGER REFERENCES documents(id),
        meta TEXT NOT NULL DEFAULT '{}',
        ingested_at TEXT NOT NULL,
        UNIQUE (uri, content_hash)
    );
    CREATE INDEX documents_content_hash ON documents(content_hash);
    CREATE INDEX documents_published ON documents(published);
    CREATE TABLE paragraphs (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        lang TEXT NOT NULL,
        script TEXT NOT NULL,
        PRIMARY KEY (document_id, idx)
    ) WITHOUT ROWID;
    CREATE TABLE simhash_bands (
        band INTEGER NOT NULL,
        value INTEGER NOT NULL,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        PRIMARY KEY (band, value, document_id)
    ) WITHOUT ROWID;
    -- Indexed text is folded (bilateral.textutil.fold) so that 'QAZAXISTAN', 'Qazaxıstan'
    -- and 'qazaxistan' meet; unicode61 alone folds I to i, not to ı.
    CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, tokenize = 'unicode61 remove_diacritics 2'
    );
    """,
    # 2: mentions of entities, roles and dates. Documents stored under schema 1 have none
    # until they are analysed again (re-ingesting their files does that).
    """
    CREATE TABLE mentions (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        kind TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        value TEXT,
        entity_id TEXT,
        entity_name TEXT,
        entity_country TEXT,
        meta TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (document_id, idx)
    ) WITHOUT ROWID;
    CREATE INDEX mentions_entity ON mentions(entity_id);
    CREATE INDEX mentions_kind ON mentions(kind);
    """,
    # 3: event candidates of each document, and the events merged from them.
    """
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        dyad TEXT NOT NULL,
        type TEXT NOT NULL,
        mode TEXT,
        actor TEXT NOT NULL,
        recipient TEXT NOT NULL,
        date TEXT,
        date_source INTEGER,
        dates_seen TEXT NOT NULL DEFAULT '{}',
        location TEXT,
        location_source INTEGER,
        context TEXT NOT NULL DEFAULT '[]',
        summary TEXT NOT NULL DEFAULT '',
        confidence REAL NOT NULL,
        n_sources INTEGER NOT NULL,
        langs TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX events_dyad ON events(dyad);
    CREATE INDEX events_date ON events(date);
    CREATE TABLE candidates (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        dyad TEXT NOT NULL,
        type TEXT NOT NULL,
        mode TEXT,
        kind TEXT NOT NULL DEFAULT '',
        actor TEXT NOT NULL,
        recipient TEXT NOT NULL,
        date TEXT,
        date_meta TEXT NOT NULL DEFAULT '{}',
        location TEXT,
        context TEXT NOT NULL DEFAULT '[]',
        trigger TEXT NOT NULL,
        summary TEXT NOT NULL,
        confidence REAL NOT NULL,
        evidence_text TEXT NOT NULL,
        evidence_start INTEGER NOT NULL,
        evidence_end INTEGER NOT NULL,
        merged INTEGER NOT NULL DEFAULT 0,
        event_id INTEGER REFERENCES events(id) ON DELETE SET NULL
    );
    CREATE INDEX candidates_dyad ON candidates(dyad);
    CREATE INDEX candidates_event ON candidates(event_id);
    CREATE INDEX candidates_unmerged ON candidates(merged) WHERE merged = 0;
    CREATE TABLE figures (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        value REAL,
        unit TEXT,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        date TEXT,
        deadline TEXT,
        countries TEXT NOT NULL DEFAULT '[]',
        evidence_text TEXT,
        evidence_start INTEGER,
        evidence_end INTEGER,
        meta TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (document_id, idx)
    ) WITHOUT ROWID;
    CREATE INDEX figures_subject ON figures(subject, kind);
    """,
    # 4: indexes the web app's pages need on a large database (benchmarks/WEB.md).
    """
    CREATE INDEX candidates_document ON candidates(document_id);
    CREATE INDEX documents_duplicate ON documents(duplicate_of) WHERE duplicate_of IS NOT NULL;
    CREATE INDEX events_actor_entity ON events(json_extract(actor, '$.entity_id'));
    CREATE INDEX events_recipient_entity ON events(json_extract(recipient, '$.entity_id'));
    CREATE INDEX events_location ON events(json_extract(location, '$.id'));
    CREATE INDEX events_date_type ON events(date, type);
    """,
    # 5: SimHash bands of copies too (fingerprint.bands: 8 bands of 8 bits; SQLite's >> of
    # a negative integer extends the sign, and the mask keeps the same 8 bits as Python's).
    """
    INSERT OR IGNORE INTO simhash_bands (band, value, document_id)
        SELECT b.band, (d.simhash >> (8 * b.band)) & 255, d.id
        FROM documents d, (SELECT 0 AS band UNION ALL SELECT 1 UNION ALL SELECT 2
                           UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5
                           UNION ALL SELECT 6 UNION ALL SELECT 7) b
        WHERE d.simhash IS NOT NULL AND d.duplicate_of IS NOT NULL;
    """,    # 6: near copies are found by pairs of bands (28 keys of 16 bits a document, see
    # fingerprint.band_pairs): a look-up reads a handful of rows however large the archive
    # (one band of 8 bits is shared by 1/256 of all documents). The keys are computed here
    # as fingerprint.band_pairs does: pair n of bands i < j is n << 16 | band i << 8 | band j.
    """
    CREATE TABLE simhash_keys (
        key INTEGER NOT NULL,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        PRIMARY KEY (key, document_id)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO simhash_keys (key, document_id)
        WITH pairs(n, i, j) AS (VALUES
            (0,0,1),(1,0,2),(2,0,3),(3,0,4),(4,0,5),(5,0,6),(6,0,7),
            (7,1,2),(8,1,3),(9,1,4),(10,1,5),(11,1,6),(12,1,7),(13,2,3),
            (14,2,4),(15,2,5),(16,2,6),(17,2,7),(18,3,4),(19,3,5),(20,3,6),
            (21,3,7),(22,4,5),(23,4,6),(24,4,7),(25,5,6),(26,5,7),(27,6,7))
        SELECT (p.n << 16) | (((d.simhash >> (8 * p.i)) & 255) << 8)
               | ((d.simhash >> (8 * p.j)) & 255), d.id
        FROM documents d, pairs p WHERE d.simhash IS NOT NULL;
    DROP TABLE simhash_bands;
    """,
    # 7: each key's rows carry their document's SimHash. A look-up then reads the hashes
    # from the keys' own index ranges instead of one document row per candidate, which at
    # 100,000 similar news texts (about 200 candidates a document) made storing a document
    # cost in proportion to the archive.
    """
    CREATE TABLE simhash_keys_7 (
        key INTEGER NOT NULL,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        simhash INTEGER NOT NULL,
        PRIMARY KEY (key, document_id)
    ) WITHOUT ROWID;
    INSERT INTO simhash_keys_7 (key, document_id, simhash)
        SELECT k.key, k.document_id, d.simhash
        FROM simhash_keys k JOIN documents d ON d.id = k.document_id
        WHERE d.simhash IS NOT NULL;
    DROP TABLE simhash_keys;
    ALTER TABLE simhash_keys_7 RENAME TO simhash_keys;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def date_range(column: str, since: str | None, until: str | None
               ) -> tuple[list[str], list[str]]:
    """SQL conditions (and their arguments) for dates in `column` from `since` to `until`,
    each YYYY, YYYY-MM or YYYY-MM-DD. ISO dates compare as strings, and a date that begins
    with `until` is within it: 'until 2024-03' keeps 2024-03-31. One rule for the timeline,
    the exports and the web app's filters."""
    clauses: list[str] = []
    args: list[str] = []
    if since:
        clauses.append(f"{column} >= ?")
        args.append(since)
    if until:
        clauses.append(f"({column} <= ? OR substr({column}, 1, length(?)) = ?)")
        args += [until, until, until]
    return clauses, args


class StoreError(Exception):
    """A database problem the user can act on (one line)."""


@dataclass(frozen=True)
class AddResult:
    status: str  # new | duplicate | exists
    id: int
    duplicate_of: int | None = None


# The last second formatted, and its text: a bulk load stores hundreds of documents a second,
# and formatting the time for each was ~1 % of the writer's profile.
_NOW: tuple[int, str] = (-1, "")


def _now() -> str:
    """The current UTC time to the second ('2026-12-04T16:20:00Z')."""
    global _NOW
    second = int(time.time())
    if second != _NOW[0]:
        _NOW = (second, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(second)))
    return _NOW[1]


class Store:
    def __init__(self, path: str | Path = DEFAULT_DB, *, readonly: bool = False) -> None:
        self.path = str(path)
        if readonly and not Path(self.path).exists():
            raise StoreError(f"no database at {self.path} (run 'bilateral ingest' first)")
        try:
            uri = f"file:{Path(self.path).resolve()}?mode=ro" if readonly else self.path
            self.db = sqlite3.connect(uri, uri=readonly, isolation_level=None, timeout=30)
            if readonly and not os.access(Path(self.path).resolve().parent, os.W_OK):
                # A WAL database in a folder this process cannot write to cannot make its
                # -shm file: read it as an immutable snapshot instead.
                self.db.close()
                self.db = sqlite3.connect(f"{uri}&immutable=1", uri=True,
                                          isolation_level=None, timeout=30)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA busy_timeout = 30000")
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate(readonly)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open database ({exc})") from None

    # -- schema -------------------------------------------------------------------------
    def schema_version(self) -> int:
        has_table = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_version'").fetchone()
        if not has_table:
            return 0
        row = self.db.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def _migrate(self, readonly: bool) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was made by a newer bilateral (schema {current}; this one knows "
                f"up to {SCHEMA_VERSION}); upgrade bilateral to open it")
        if current == SCHEMA_VERSION:
            return
        if readonly:
            raise StoreError(f"{self.path} needs a schema upgrade; open it once for writing")
        self.db.execute("BEGIN IMMEDIATE")
        # Another process may have migrated while this one waited for the write lock.
        current = self.schema_version()
        if current >= SCHEMA_VERSION:
            self.db.execute("COMMIT")
            return
        try:
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, "
                "applied_at TEXT NOT NULL)")
            for version in range(current, SCHEMA_VERSION):
                for statement in _split_sql(MIGRATIONS[version]):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO schema_version VALUES (?, ?)", (version + 1, _now()))
            self.db.execute("COMMIT")
        except BaseException:
            # After SQLITE_FULL, SQLite may have rolled back already.
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.db.close()

    # -- writing ------------------------------------------------------------------------
    def batch(self, batch_size: int = 200) -> Batch:
        return Batch(self, batch_size)

    def _near_copies(self, content_hash: str, simhash: int | None,
                     keys: Sequence[int] | None = None) -> set[int]:
        """Stored documents with this text, or within NEAR_DUPLICATE_BITS of its SimHash.
        `keys` is `band_pairs(simhash)` when the caller has it already."""
        found = {int(r[0]) for r in self.db.execute(
            "SELECT id FROM documents WHERE content_hash = ?", (content_hash,))}
        if simhash is None:
            return found
        # Within NEAR_DUPLICATE_BITS (6) of 64 bits in 8 bands, two hashes share at least two
        # bands exactly (pigeonhole), so at least one of the 28 pairs of bands: the pairs'
        # keys find every near copy and few others.
        if keys is None:
            keys = band_pairs(simhash)
        rows = self.db.execute(
            "SELECT document_id, simhash FROM simhash_keys"
            f" WHERE key IN ({','.join('?' * len(keys))})", keys).fetchall()
        if rows:
            near = within_bits(simhash, [other for _, other in rows])
            found.update(int(doc_id) for (doc_id, _), ok in zip(rows, near, strict=True) if ok)
        return found

    def _regroup_copies(self, doc_id: int, copies: set[int]) -> int | None:
        """Make `doc_id` and every group of copies it joins one group whose original is the
        member published first (then by uri, then by text), whatever order they were stored
        in; re-point the others at it. Returns what `doc_id` is now a copy of (None: it is
        the original). Candidates of documents whose original changed are marked for
        re-merging: an event counts an article and its copies as one source."""
        roots = {int(r[0] or r[1]) for r in self.db.execute(
            f"SELECT duplicate_of, id FROM documents WHERE id IN ({','.join('?' * len(copies))})",
            sorted(copies))}
        marks = ",".join("?" * len(roots))
        members = self.db.execute(
            "SELECT id, duplicate_of, published, uri, content_hash FROM documents"
            f" WHERE id = ? OR id IN ({marks}) OR duplicate_of IN ({marks})",
            [doc_id, *sorted(roots), *sorted(roots)]).fetchall()
        original = min(members, key=lambda r: (r[2] is None, r[2] or "", r[3], r[4]))[0]
        changed = [r[0] for r in members
                   if r[0] != doc_id and r[1] != (None if r[0] == original else original)]
        self.db.executemany(
            "UPDATE documents SET duplicate_of = ? WHERE id = ?",
            [(None if i == original else original, i) for i in changed])
        if changed:
            self.db.execute(
                f"UPDATE candidates SET merged = 0 WHERE document_id IN "
                f"({','.join('?' * len(changed))})", changed)
        return None if original == doc_id else original

    def _insert(self, rows: DocumentRows) -> AddResult:
        """Store a document's rows in every table but the full-text index (Batch.add queues
        that row): the caller holds a savepoint around it."""
        existing = self.db.execute(
            "SELECT id, duplicate_of FROM documents WHERE uri = ? AND content_hash = ?",
            (rows.uri, rows.content_hash)).fetchone()
        if existing:
            return AddResult("exists", int(existing[0]), existing[1])
        copies = self._near_copies(rows.content_hash, rows.simhash, rows.simhash_keys)
        cur = self.db.execute(
            "INSERT INTO documents (uri, source_format, title, published, author, lang, script,"
            " text, content_hash, simhash, meta, ingested_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", (*rows.document, _now()))
        doc_id = int(cur.lastrowid)
        # Copies point at the original, never at another copy.
        duplicate_of = self._regroup_copies(doc_id, copies) if copies else None
        if duplicate_of is not None:
            self.db.execute("UPDATE documents SET duplicate_of = ? WHERE id = ?",
                            (duplicate_of, doc_id))
        # Empty lists are skipped: an executemany costs a statement even with no rows.
        if rows.paragraphs:
            self.db.executemany(
                'INSERT INTO paragraphs (document_id, idx, start, "end", lang, script)'
                " VALUES (?,?,?,?,?,?)", [(doc_id, *r) for r in rows.paragraphs])
        if rows.mentions:
            self.db.executemany(
                'INSERT INTO mentions (document_id, idx, kind, start, "end", text, value,'
                " entity_id, entity_name, entity_country, meta) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [(doc_id, *r) for r in rows.mentions])
        if rows.candidates:
            self.db.executemany(
                "INSERT INTO candidates (document_id, idx, dyad, type, mode, kind, actor,"
                " recipient, date, date_meta, location, context, trigger, summary, confidence,"
                " evidence_text, evidence_start, evidence_end)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(doc_id, *r) for r in rows.candidates])
        if rows.figures:
            self.db.executemany(
                "INSERT INTO figures (document_id, idx, kind, subject, value, unit, text, start,"
                ' "end", date, deadline, countries, evidence_text, evidence_start, evidence_end,'
                " meta) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(doc_id, *r) for r in rows.figures])
        keys = rows.simhash_keys
        if keys:
            # Copies are indexed too: a chain of near copies is one group, found from any
            # member, in whichever order they arrive. One statement of 28 rows, not 28
            # executions of one row: these rows are narrow, so binding them one by one
            # cost more than storing them (the SQL text is always the same: cached).
            signed = rows.document[9]
            self.db.execute(
                "INSERT OR IGNORE INTO simhash_keys (key, document_id, simhash) VALUES "
                + ",".join(["(?,?,?)"] * len(keys)),
                [value for key in keys for value in (key, doc_id, signed)])
        return AddResult("duplicate" if duplicate_of else "new", doc_id, duplicate_of)

    # -- merging ------------------------------------------------------------------------
    def merge(self, dyads: Iterable[str] | None = None) -> int:
        """Re-cluster the candidates of the given dyads (default: every dyad with candidates
        not merged yet) into events, in one transaction. Returns the number of events of
        those dyads. Only the dyads touched are recomputed, and the result depends on the
        candidates alone, not on the order they came in."""
        if dyads is None:
            dyads = [r[0] for r in self.db.execute(
                "SELECT DISTINCT dyad FROM candidates WHERE merged = 0")]
        dyads = sorted(set(dyads))
        if not dyads:
            return 0
        from bilateral.summary import summarize  # English one-liners from structured events

        total = 0
        own_transaction = not self.db.in_transaction
        if own_transaction:
            self.db.execute("BEGIN IMMEDIATE")
        try:
            for dyad in dyads:
                candidates = self._load_candidates(dyad)
                docs = {c.document_id for c in candidates}
                entities = self._document_entities(docs)
                self.db.execute("DELETE FROM events WHERE dyad = ?", (dyad,))
                # Candidate id << 64 | event id (SQLite ids are below 2**63): one int each,
                # not a tuple (memory).
                assigned: list[int] = []
                for cluster in cluster_candidates(candidates, entities):
                    event = resolve(cluster)
                    sources = event.sources()
                    langs = sorted({s.lang for s in sources if s.lang})
                    cur = self.db.execute(
                        "INSERT INTO events (key, dyad, type, mode, actor, recipient, date,"
                        " date_source, dates_seen, location, location_source, context,"
                        " summary, confidence, n_sources, langs)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (event.key, event.dyad, event.type, event.mode, _json(event.actor),
                         _json(event.recipient), event.date, event.date_source,
                         _json(event.dates_seen),
                         _json(event.location) if event.location else None,
                         event.location_source, _json(list(event.context)),
                         summarize(event, self._country_names()), event.confidence,
                         len(sources), _json(langs)))
                    event_id = int(cur.lastrowid)
                    assigned.extend(m.id << 64 | event_id for m in event.members)
                    total += 1
                # Every candidate of the dyad gets its event, or none (event id 0 here: ids
                # start at 1), and is marked merged: one write of each row. In the
                # candidates' own order: one pass over the table's pages, where event by
                # event the updates jumped about it.
                members = {a >> 64 for a in assigned}
                assigned.extend(c.id << 64 for c in candidates if c.id not in members)
                assigned.sort()
                self.db.executemany(
                    "UPDATE candidates SET event_id = ?, merged = 1 WHERE id = ?",
                    ((a & _LOW_64 or None, a >> 64) for a in assigned))
            if own_transaction:
                self.db.execute("COMMIT")
        except BaseException:
            if own_transaction:
                self.db.execute("ROLLBACK")
            raise
        return total

    def _country_names(self) -> dict[str, str]:
        if not hasattr(self, "_names_cache"):
            from bilateral.registry import load_registry

            self._names_cache = {e.country: e.name for e in load_registry().by_kind("country")
                                 if e.country}
        return self._names_cache

    def _load_candidates(self, dyad: str) -> list[Candidate]:
        """The dyad's candidates as merge reads them. Equal JSON texts (the same party, place
        or context in many candidates) decode to one shared object and a document's uri is
        one string: merge only reads them, and a dyad of 500,000 candidates then takes a
        fraction of the memory. The evidence sentence stays in the database."""
        shared: dict[str, Any] = {}

        def decoded(text: str) -> Any:
            value = shared.get(text)
            if value is None:
                value = shared[text] = json.loads(text)
            return value

        contexts: dict[str, tuple[str, ...]] = {}

        def context(text: str) -> tuple[str, ...]:
            value = contexts.get(text)
            if value is None:
                value = contexts[text] = tuple(json.loads(text))
            return value

        rows = self.db.execute(
            "SELECT c.id, c.document_id, d.uri, d.lang, d.duplicate_of, c.type, c.mode, c.kind,"
            " c.actor, c.recipient, c.date, c.location, c.context, c.confidence,"
            " c.evidence_start, c.evidence_end, c.date_meta, d.published"
            " FROM candidates c JOIN documents d ON d.id = c.document_id WHERE c.dyad = ?",
            (dyad,))
        return [Candidate(
            id=r[0], document_id=r[1], uri=sys.intern(r[2]), lang=r[3], duplicate_of=r[4],
            type=r[5], mode=r[6], kind=r[7], actor=decoded(r[8]), recipient=decoded(r[9]),
            date=r[10], location=decoded(r[11]) if r[11] else None, context=context(r[12]),
            confidence=r[13], evidence={"start": r[14], "end": r[15]}, start=r[14],
            date_meta=decoded(r[16]), published=r[17])
            for r in rows]

    def _document_entities(self, docs: set[int]) -> dict[int, frozenset[str]]:
        out: dict[int, set[str]] = {d: set() for d in docs}
        ids = sorted(docs)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            for doc_id, entity_id in self.db.execute(
                    "SELECT document_id, entity_id FROM mentions WHERE entity_id IS NOT NULL"
                    " AND kind IN ('person', 'place', 'organisation', 'project')"
                    f" AND document_id IN ({','.join('?' * len(chunk))})", chunk):
                out[doc_id].add(entity_id)
        return {d: frozenset(v) for d, v in out.items()}

    # -- reading ------------------------------------------------------------------------
    def count_documents(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def iter_documents(self) -> Iterator[dict]:
        """Stored documents in the order stored; `original_uri` is the uri of the document
        this one is a copy of."""
        for row in self.db.execute(
                "SELECT d.id, d.uri, d.source_format, d.title, d.published, d.author, d.lang,"
                " d.script, d.text, d.duplicate_of, d.meta, o.uri AS original_uri"
                " FROM documents d LEFT JOIN documents o ON o.id = d.duplicate_of"
                " ORDER BY d.id"):
            yield dict(row)

    def iter_entities(self) -> Iterator[dict]:
        """Each entity the stored documents mention: registry entities by id, people the
        registry does not know by their folded name; with counts, languages and every
        surface form seen."""
        rows = self.db.execute(
            "SELECT COALESCE(m.entity_id, 'unregistered:' || m.kind || ':' || lower(m.text))"
            " AS key, m.entity_id, m.kind, m.entity_name, m.entity_country, m.text, d.lang"
            " FROM mentions m JOIN documents d ON d.id = m.document_id"
            " WHERE m.kind NOT IN ('role', 'date')"
            " AND (m.entity_id IS NOT NULL OR m.meta LIKE '%\"registered\": false%')"
            " ORDER BY key")
        current: dict | None = None
        for key, entity_id, kind, name, country, text, lang in rows:
            if current is None or current["key"] != key:
                if current is not None:
                    yield _finish_entity(current)
                current = {"key": key, "id": entity_id, "kind": kind, "name": name or text,
                           "country": country, "mentions": 0, "langs": set(), "aliases": set()}
            current["mentions"] += 1
            current["aliases"].add(text)
            if lang:
                current["langs"].add(lang)
        if current is not None:
            yield _finish_entity(current)

    def iter_events(self, between: tuple[str, str] | None = None, since: str | None = None,
                    until: str | None = None, types: list[str] | None = None
                    ) -> Iterator[dict]:
        """Merged events in date order (undated last), each with one source per document."""
        where, args = [], []
        if between:
            where.append("e.dyad = ?")
            args.append(dyad_key(*between))
        clauses, more = date_range("e.date", since, until)
        where += clauses
        args += more
        if types:
            where.append(f"e.type IN ({','.join('?' * len(types))})")
            args += [t.upper() for t in types]
        sql = ("SELECT e.id, e.key, e.type, e.mode, e.actor, e.recipient, e.date, e.date_source,"
               " e.dates_seen, e.location, e.context, e.summary, e.confidence, e.n_sources,"
               " e.langs FROM events e" + (" WHERE " + " AND ".join(where) if where else "") +
               " ORDER BY e.date IS NULL, e.date, e.id")
        for row in self.db.execute(sql, args).fetchall():
            event = {
                "key": row[1], "type": row[2], "mode": row[3], "actor": json.loads(row[4]),
                "recipient": json.loads(row[5]), "date": row[6],
                "dates_seen": json.loads(row[8]),
                "location": json.loads(row[9]) if row[9] else None,
                "context": json.loads(row[10]), "summary": row[11], "confidence": row[12],
                "n_sources": row[13], "langs": json.loads(row[14]),
            }
            sources, uris, docs = [], {}, set()
            # One source per document; a copy of a document already cited is no new source.
            for cid, doc_id, uri, lang, text, start, end, dup in self.db.execute(
                    "SELECT c.id, d.id, d.uri, d.lang, c.evidence_text, c.evidence_start,"
                    " c.evidence_end, d.duplicate_of FROM candidates c"
                    " JOIN documents d ON d.id = c.document_id WHERE c.event_id = ?"
                    " ORDER BY d.duplicate_of IS NOT NULL, c.confidence DESC, d.uri,"
                    " c.evidence_start", (row[0],)):
                uris[cid] = uri
                if (dup or doc_id) in docs:
                    continue
                docs.add(dup or doc_id)
                sources.append({"uri": uri, "lang": lang, "text": text, "start": start,
                                "end": end})
            event["sources"] = sorted(sources, key=lambda s: s["uri"])
            event["date_source"] = uris.get(row[7])
            event["dates_seen"] = {d: sorted({uris.get(i, "?") for i in ids})
                                   for d, ids in event["dates_seen"].items()}
            yield event

    def iter_figures(self) -> Iterator[dict]:
        """Figures and pledges, pledges first, each subject in date order, with its source."""
        for row in self.db.execute(
                "SELECT f.kind, f.subject, f.value, f.unit, f.text, f.date, f.deadline,"
                " f.countries, f.meta, d.uri, d.lang, d.published, f.evidence_text,"
                " f.evidence_start, f.evidence_end FROM figures f"
                " JOIN documents d ON d.id = f.document_id WHERE d.duplicate_of IS NULL"
                " ORDER BY f.subject, f.kind DESC, COALESCE(f.date, d.published), d.uri,"
                " f.start"):
            yield {"kind": row[0], "subject": row[1], "value": row[2], "unit": row[3],
                   "text": row[4], "date": row[5], "deadline": row[6],
                   "countries": json.loads(row[7]), "meta": json.loads(row[8]),
                   "source": {"uri": row[9], "lang": row[10], "published": row[11],
                              "text": row[12], "start": row[13], "end": row[14]}}

    def search(self, query: str, limit: int = 20) -> list[dict]:
        """Full-text search; each word also matches as a prefix, so a stem finds its case
        endings ('Qazaxıstan' finds 'Qazaxıstanın')."""
        terms = [t for t in fold(query).replace('"', " ").split() if t]
        if not terms:
            return []
        match = " ".join(f'"{t}"*' for t in terms)
        rows = self.db.execute(
            "SELECT d.id, d.uri, d.title, d.lang, d.published, d.duplicate_of, d.text"
            " FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid"
            " WHERE documents_fts MATCH ? ORDER BY bm25(documents_fts), d.id LIMIT ?",
            (match, limit))
        results = []
        for row in rows:
            item = dict(row)
            item["snippet"] = snippet(item.pop("text"), terms)
            results.append(item)
        return results


def _finish_entity(item: dict) -> dict:
    item.pop("key")
    item["langs"] = sorted(item["langs"])
    item["aliases"] = sorted(item["aliases"])
    return item


def snippet(text: str, terms: list[str], width: int = 80) -> str:
    """Some words of `text` around the first hit of a folded term, the hit in [brackets]."""
    folded = fold(text)
    if len(folded) != len(text):  # folding changed lengths (rare letters): show folded text
        text = folded
    hits = [(folded.find(t), t) for t in terms if folded.find(t) >= 0]
    if not hits:
        return " ".join(text[: 2 * width].split())
    at, term = min(hits)
    start, end = max(0, at - width), min(len(text), at + len(term) + width)
    while end < len(text) and text[end].isalnum():
        end += 1  # finish the word the hit is a prefix of
    hit_end = at + len(term)
    while hit_end < len(text) and text[hit_end].isalnum():
        hit_end += 1
    piece = text[start:at] + "[" + text[at:hit_end] + "]" + text[hit_end:end]
    return ("… " if start else "") + " ".join(piece.split()) + (" …" if end < len(text) else "")


_LOW_64 = (1 << 64) - 1

# The writer's page cache during a batch (SQLite's default is 2 MiB), given back when the
# batch ends. Measured on a 10,000-document ingest: 16 MiB cut the writer's store time by
# about 8 %, 64 MiB little more. At 100,000 documents the SimHash keys' index (28 rows a
# document, at random places) outgrows 16 MiB and each batch rewrites pages scattered over
# it: in a simulation of that index alone, batches of 1,000 documents with 64 MiB cost half
# of batches of 200 with 16 MiB at the 100,000th document. Memory only: what is durable,
# and when, does not change.
_WRITER_CACHE_KIB = 64 * 1024

# The WAL is copied back into the database when it passes this many pages (SQLite's
# default: 1,000, which one batch passes many times over). A bulk load rewrites the same
# index pages batch after batch; with a longer WAL each is copied back once per checkpoint,
# not once per batch. What is durable, and when, does not change: commits are in the WAL.
_WRITER_CHECKPOINT_PAGES = 8192

# Full-text rows waiting for their batch's commit are written earlier once they hold this
# many characters, so a batch of a million documents (watch, harvest) stays small in memory.
_FTS_QUEUE_CHARS = 8_000_000


class Batch:
    """Documents added in one transaction that commits every `size` documents.

    Each document's full-text row is written at the end of its batch, in the same
    transaction, not inside the document's savepoint: FTS5 writes its pending index data to
    disk at every savepoint of a transaction it has written in, so a row per savepoint made
    a new index segment per document, and merges of them (RELEASE was 11 % of the writer's
    time storing 2,000 documents). One write per batch makes one segment. A document's row
    is queued inside its savepoint and dropped if the savepoint is rolled back, and nothing
    commits while rows are still queued: no document is committed without its row, nor a
    row without its document. `Store.search` on the same connection finds a batch's
    documents once their rows are written (at the latest when the batch commits)."""

    def __init__(self, store: Store, size: int) -> None:
        self.store, self.size, self.pending = store, max(1, size), 0
        self._fts_rows: list[tuple[int, str, str]] = []  # (document id, title, text) folded
        self._fts_chars = 0

    def __enter__(self) -> Batch:
        self._cache_size = self.store.db.execute("PRAGMA cache_size").fetchone()[0]
        self._temp_store = self.store.db.execute("PRAGMA temp_store").fetchone()[0]
        self.store.db.execute(f"PRAGMA cache_size = -{_WRITER_CACHE_KIB}")
        # Each document's savepoint keeps the original of every page it changes, to roll
        # back to: a sub-journal, which SQLite writes to a temporary file once it passes
        # 64 KiB. A document changes ~70 pages (its rows, the indexes, 28 SimHash keys), so
        # that was ~70 writes to /var/tmp a document, ~0.2 ms of system time. In memory it
        # is at most one document's pages at a time.
        self.store.db.execute("PRAGMA temp_store = MEMORY")
        self.store.db.execute(f"PRAGMA wal_autocheckpoint = {_WRITER_CHECKPOINT_PAGES}")
        self.store.db.execute("BEGIN IMMEDIATE")
        return self

    def add(self, doc: Document | DocumentRows,
            fingerprint: tuple[str, int | None] | None = None) -> AddResult:
        """Store `doc` (whole or not at all): a Document, or its rows made already
        (`store_rows.rows_of`: ingest's workers make them, off the writer's back).
        `fingerprint` is `fingerprints(doc.text)` when the caller computed it already."""
        rows = doc if isinstance(doc, DocumentRows) else rows_of(doc, fingerprint)
        db = self.store.db
        queued, chars = len(self._fts_rows), self._fts_chars
        db.execute("SAVEPOINT doc")
        try:
            result = self.store._insert(rows)
            if result.status != "exists":
                title, text = rows.fts_title, rows.fts_text
                self._fts_rows.append((result.id, title, text))
                self._fts_chars += len(title) + len(text)
        except BaseException:
            del self._fts_rows[queued:]
            self._fts_chars = chars
            db.execute("ROLLBACK TO doc")
            db.execute("RELEASE doc")
            raise
        db.execute("RELEASE doc")
        if result.status != "exists":
            self.pending += 1
        if self.pending >= self.size:
            self.commit()
        elif self._fts_chars >= _FTS_QUEUE_CHARS:
            self._write_fts()
        return result

    def _write_fts(self) -> None:
        """Write the queued full-text rows (in one savepoint: all of them or, when it fails,
        none, and they stay queued)."""
        rows, chars = self._fts_rows, self._fts_chars
        if not rows:
            return
        db = self.store.db
        db.execute("SAVEPOINT fts")
        try:
            db.executemany("INSERT INTO documents_fts (rowid, title, text) VALUES (?,?,?)",
                           rows)
            self._fts_rows, self._fts_chars = [], 0
        except BaseException:
            self._fts_rows, self._fts_chars = rows, chars
            if db.in_transaction:  # after SQLITE_FULL SQLite may have rolled back already
                db.execute("ROLLBACK TO fts")
                db.execute("RELEASE fts")
            raise
        db.execute("RELEASE fts")

    def commit(self) -> None:
        # When the rows cannot be written they stay queued and nothing is committed; the
        # exception reaches the caller, and __exit__ tries once more.
        self._write_fts()
        self.store.db.execute("COMMIT")
        self.store.db.execute("BEGIN IMMEDIATE")
        self.pending = 0

    def __exit__(self, *exc_info: object) -> None:
        try:
            self._finish()
        finally:
            # The big cache was for the bulk load: what comes next (the merge) needs the
            # memory more.
            for pragma, value in (("cache_size", self._cache_size),
                                  ("temp_store", self._temp_store)):
                with contextlib.suppress(sqlite3.Error):
                    self.store.db.execute(f"PRAGMA {pragma} = {int(value)}")

    def _finish(self) -> None:
        # Whole documents added so far are kept even when the ingest is interrupted: each one
        # was completed inside its own savepoint, and its full-text row is written here.
        db = self.store.db
        if not db.in_transaction:
            return
        try:
            self._write_fts()
        except BaseException:
            # Never commit documents without their full-text rows: the batch is lost, as it
            # would be in a crash.
            if db.in_transaction:
                db.execute("ROLLBACK")
            self._fts_rows, self._fts_chars = [], 0
            raise
        db.execute("COMMIT")


def _split_sql(script: str) -> list[str]:
    """Statements of a migration script, each complete as SQLite judges it."""
    out: list[str] = []
    current: list[str] = []
    for line in script.splitlines():
        current.append(line)
        chunk = "\n".join(current)
        if sqlite3.complete_statement(chunk):
            out.append(chunk)
            current = []
    return out
