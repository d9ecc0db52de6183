"""Read-only SQL the pages need beyond store.py: paged and filtered events, one event with
its sources, documents with their mentions, entities, the pieces of search.

Every function takes an open connection and returns plain dicts; none writes."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bilateral.store import date_range
from bilateral.textutil import fold


@dataclass(frozen=True)
class EventFilter:
    dyad: str | None = None  # 'AZE|KAZ' (dyad_key order)
    types: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    lang: str | None = None
    # registry ids ('person/...', 'country/KAZ', 'place/baku'): events with all of them
    entities: tuple[str, ...] = ()

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        if self.dyad:
            clauses.append("e.dyad = ?")
            args.append(self.dyad)
        if self.types:
            clauses.append(f"e.type IN ({','.join('?' * len(self.types))})")
            args += list(self.types)
        dated, more = date_range("e.date", self.since, self.until)
        clauses += dated
        args += more
        if self.lang:
            clauses.append("instr(e.langs, ?) > 0")  # langs is a JSON list of codes
            args.append(f'"{self.lang}"')
        for entity_id in self.entities:
            sql, more = entity_clause(entity_id)
            clauses.append(sql)
            args += more
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


def entity_clause(entity_id: str) -> tuple[str, list[Any]]:
    """SQL (over alias `e` of events) for the events an entity takes part in."""
    if entity_id.startswith("country/"):
        code = entity_id.split("/", 1)[1]
        return "(substr(e.dyad, 1, 3) = ? OR substr(e.dyad, 5, 3) = ?)", [code, code]
    if entity_id.startswith("place/"):
        return ("json_extract(e.location, '$.id') = ?", [entity_id])
    return ("(json_extract(e.actor, '$.entity_id') = ? OR "
            "json_extract(e.recipient, '$.entity_id') = ?)", [entity_id, entity_id])


EVENT_COLUMNS = ("e.id, e.key, e.dyad, e.type, e.mode, e.actor, e.recipient, e.date,"
                 " e.date_source, e.dates_seen, e.location, e.location_source, e.context,"
                 " e.summary, e.confidence, e.n_sources, e.langs")


def _event_row(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "rowid": row["id"], "key": row["key"], "dyad": row["dyad"], "type": row["type"],
        "mode": row["mode"], "actor": json.loads(row["actor"]),
        "recipient": json.loads(row["recipient"]), "date": row["date"],
        "date_source": row["date_source"], "dates_seen": json.loads(row["dates_seen"]),
        "location": json.loads(row["location"]) if row["location"] else None,
        "location_source": row["location_source"], "context": json.loads(row["context"]),
        "summary": row["summary"], "confidence": row["confidence"],
        "n_sources": row["n_sources"], "langs": json.loads(row["langs"]),
    }


def list_events(conn: sqlite3.Connection, flt: EventFilter, limit: int, offset: int,
                newest_first: bool = True, cache: Any = None
                ) -> tuple[list[dict[str, Any]], int]:
    """A page of events and the number of events the filter matches. Newest first (undated
    last), or oldest first. `cache` (a TTLCache) keeps the count, a scan, for a while."""
    where, args = flt.where()
    order = (" ORDER BY e.date DESC, e.id DESC" if newest_first
             else " ORDER BY e.date IS NULL, e.date, e.id")
    rows = conn.execute(f"SELECT {EVENT_COLUMNS} FROM events e{where}{order} LIMIT ? OFFSET ?",
                        [*args, limit, offset]).fetchall()
    if not rows and offset == 0:
        total = 0
    elif len(rows) < limit and (rows or offset == 0):
        total = offset + len(rows)
    else:
        def count() -> int:
            return int(conn.execute(f"SELECT COUNT(*) FROM events e{where}",
                                    args).fetchone()[0])

        total = cache.get(("count", flt), count) if cache is not None else count()
    return [_event_row(r) for r in rows], total


def period_counts(conn: sqlite3.Connection, flt: EventFilter, by: str = "month"
                  ) -> list[tuple[str, str, int]]:
    """(period, type, count) of dated events; `by` is 'month' or 'year'."""
    where, args = flt.where()
    width = 7 if by == "month" else 4
    dated = "e.date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'" if by == "month" else \
        "e.date GLOB '[0-9][0-9][0-9][0-9]*'"
    where = (where + " AND " if where else " WHERE ") + dated
    rows = conn.execute(
        f"SELECT substr(e.date, 1, {width}) AS p, e.type, COUNT(*) FROM events e{where}"
        " GROUP BY p, e.type ORDER BY p, e.type", args).fetchall()
    return [(r[0], r[1], int(r[2])) for r in rows]


def dyads(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT dyad FROM events ORDER BY dyad")]


def get_event(conn: sqlite3.Connection, key: str) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT {EVENT_COLUMNS} FROM events e WHERE e.key = ?",
                       (key,)).fetchone()
    return _event_row(row) if row else None


def outlet(uri: str) -> str:
    """Host of a URL ('www.' dropped), else the file name; '#LINE' of a JSONL record kept."""
    parts = urlsplit(uri)
    if parts.scheme in ("http", "https") and parts.hostname:
        host = parts.hostname
        return host[4:] if host.startswith("www.") else host
    name = uri.replace("\\", "/").rsplit("/", 1)[-1]
    return name or uri


def event_candidates(conn: sqlite3.Connection, event_rowid: int) -> list[dict[str, Any]]:
    """Every candidate merged into the event, with its document (text included)."""
    rows = conn.execute(
        "SELECT c.id, c.document_id, c.type, c.mode, c.date, c.trigger, c.confidence,"
        " c.evidence_text, c.evidence_start, c.evidence_end, d.uri, d.lang, d.published,"
        " d.title, d.duplicate_of, d.text FROM candidates c"
        " JOIN documents d ON d.id = c.document_id WHERE c.event_id = ?"
        " ORDER BY c.document_id, c.evidence_start", (event_rowid,)).fetchall()
    return [dict(r) for r in rows]


def event_sources(conn: sqlite3.Connection, event_rowid: int) -> list[dict[str, Any]]:
    """One source per document (a copy of a document already cited is listed under it),
    each with its evidence spans: {document_id, uri, outlet, lang, published, title,
    text, evidence: [{candidate, start, end, text}], copies: [{document_id, uri, outlet}]}."""
    by_doc: dict[int, dict[str, Any]] = {}
    copies: dict[int, list[dict[str, Any]]] = {}
    for c in event_candidates(conn, event_rowid):
        doc = by_doc.get(c["document_id"])
        if doc is None:
            doc = by_doc[c["document_id"]] = {
                "document_id": c["document_id"], "uri": c["uri"], "outlet": outlet(c["uri"]),
                "lang": c["lang"], "published": c["published"], "title": c["title"],
                "text": c["text"], "duplicate_of": c["duplicate_of"], "evidence": [],
                "copies": [], "confidence": 0.0}
        doc["evidence"].append({"candidate": c["id"], "start": c["evidence_start"],
                                "end": c["evidence_end"], "text": c["evidence_text"],
                                "trigger": c["trigger"], "date": c["date"],
                                "confidence": c["confidence"]})
        doc["confidence"] = max(doc["confidence"], c["confidence"])
    sources = []
    for doc in by_doc.values():
        root = doc["duplicate_of"]
        if root is not None and root in by_doc:
            copies.setdefault(root, []).append(doc)
        else:
            sources.append(doc)
    for doc in sources:
        doc["copies"] = [{"document_id": c["document_id"], "uri": c["uri"],
                          "outlet": c["outlet"]} for c in copies.get(doc["document_id"], [])]
    sources.sort(key=lambda s: (s["published"] or "9999", s["uri"]))
    return sources


# -- documents ---------------------------------------------------------------------------

DOC_COLUMNS = "d.id, d.uri, d.source_format, d.title, d.published, d.author, d.lang, " \
    "d.script, d.duplicate_of"


def get_document(conn: sqlite3.Connection, doc_id: int) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT {DOC_COLUMNS}, d.text FROM documents d WHERE d.id = ?",
                       (doc_id,)).fetchone()
    if not row:
        return None
    doc = dict(row)
    doc["outlet"] = outlet(doc["uri"])
    return doc


def list_documents(conn: sqlite3.Connection, lang: str | None, since: str | None,
                   until: str | None, limit: int, offset: int
                   ) -> tuple[list[dict[str, Any]], int]:
    clauses, args = [], []
    if lang:
        clauses.append("d.lang = ?")
        args.append(lang)
    dated, more = date_range("d.published", since, until)
    clauses += dated
    args += more
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = conn.execute(f"SELECT {DOC_COLUMNS} FROM documents d{where}"
                        " ORDER BY d.published DESC, d.id DESC LIMIT ? OFFSET ?",
                        [*args, limit, offset]).fetchall()
    total = int(conn.execute(f"SELECT COUNT(*) FROM documents d{where}", args).fetchone()[0])
    docs = [dict(r) | {"outlet": outlet(r["uri"])} for r in rows]
    return docs, total


def document_mentions(conn: sqlite3.Connection, doc_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        'SELECT idx, kind, start, "end", text, value, entity_id, entity_name, entity_country'
        " FROM mentions WHERE document_id = ? ORDER BY start, idx", (doc_id,)).fetchall()
    return [dict(r) for r in rows]


def document_duplicates(conn: sqlite3.Connection, doc: dict[str, Any]
                        ) -> list[dict[str, Any]]:
    """Other copies of the same article: its original and the original's other copies."""
    root = doc["duplicate_of"] or doc["id"]
    rows = conn.execute(
        "SELECT d.id, d.uri, d.lang, d.published FROM documents d"
        " WHERE (d.id = ? OR d.duplicate_of = ?) AND d.id != ? ORDER BY d.id",
        (root, root, doc["id"])).fetchall()
    return [dict(r) | {"outlet": outlet(r["uri"]), "original": r["id"] == root}
            for r in rows]


def document_events(conn: sqlite3.Connection, doc_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT DISTINCT e.key, e.type, e.mode, e.date, e.summary, e.n_sources, e.langs,"
        " c.id AS candidate FROM candidates c JOIN events e ON e.id = c.event_id"
        " WHERE c.document_id = ? ORDER BY c.evidence_start", (doc_id,)).fetchall()
    seen: dict[str, dict[str, Any]] = {}
    for r in rows:
        item = seen.setdefault(r["key"], dict(r) | {"langs": json.loads(r["langs"]),
                                                    "candidates": []})
        item["candidates"].append(r["candidate"])
    return list(seen.values())


def candidate_span(conn: sqlite3.Connection, candidate_id: int, doc_id: int
                   ) -> tuple[int, int] | None:
    row = conn.execute("SELECT evidence_start, evidence_end FROM candidates"
                       " WHERE id = ? AND document_id = ?", (candidate_id, doc_id)).fetchone()
    return (int(row[0]), int(row[1])) if row else None


# -- entities ----------------------------------------------------------------------------

# How many of an entity's mentions the page reads to list the names it goes by: enough to
# see every spelling, bounded for the countries every document names.
ALIAS_SAMPLE = 20000


def entity_aliases(conn: sqlite3.Connection, entity_id: str
                   ) -> tuple[dict[str, list[tuple[str, int]]], int, str | None, str | None]:
    """Surface forms per language of the documents ({lang: [(form, count)]}), the number of
    mentions, and the name and kind the mentions give."""
    rows = conn.execute(
        "SELECT m.text, d.lang, m.entity_name, m.kind FROM"
        " (SELECT document_id, text, entity_name, kind FROM mentions WHERE entity_id = ?"
        "  AND kind != 'role' LIMIT ?) m JOIN documents d ON d.id = m.document_id",
        (entity_id, ALIAS_SAMPLE)).fetchall()
    forms: dict[str, dict[str, int]] = {}
    name = kind = None
    for text, lang, entity_name, mkind in rows:
        bucket = forms.setdefault(lang or "?", {})
        bucket[text] = bucket.get(text, 0) + 1
        name, kind = name or entity_name, kind or mkind
    total = len(rows)
    if total == ALIAS_SAMPLE:
        total = int(conn.execute("SELECT COUNT(*) FROM mentions WHERE entity_id = ?"
                                 " AND kind != 'role'", (entity_id,)).fetchone()[0])
    out = {lang: sorted(b.items(), key=lambda kv: (-kv[1], kv[0]))
           for lang, b in sorted(forms.items())}
    return out, total, name, kind


def list_entities(conn: sqlite3.Connection, kind: str | None, limit: int, offset: int
                  ) -> tuple[list[dict[str, Any]], int]:
    clauses = ["entity_id IS NOT NULL"]
    args: list[Any] = []
    if kind:
        clauses.append("kind = ?")
        args.append(kind)
    where = " WHERE " + " AND ".join(clauses)
    rows = conn.execute(
        "SELECT entity_id, MAX(entity_name) AS name, MAX(kind) AS kind,"
        " MAX(entity_country) AS country, COUNT(*) AS mentions,"
        f" COUNT(DISTINCT document_id) AS documents FROM mentions{where}"
        " GROUP BY entity_id ORDER BY mentions DESC, entity_id LIMIT ? OFFSET ?",
        [*args, limit, offset]).fetchall()
    total = int(conn.execute(f"SELECT COUNT(DISTINCT entity_id) FROM mentions{where}",
                             args).fetchone()[0])
    return [dict(r) for r in rows], total


def participants(event: dict[str, Any]) -> set[str]:
    """Registry ids taking part in an event: entities and countries of both sides, and the
    place."""
    out: set[str] = set()
    for side in (event["actor"], event["recipient"]):
        if side.get("entity_id"):
            out.add(side["entity_id"])
        if side.get("country"):
            out.add(f"country/{side['country']}")
    loc = event.get("location") or {}
    if loc.get("id"):
        out.add(loc["id"])
    return out


# -- search ------------------------------------------------------------------------------

def fts_match(query: str) -> str | None:
    """An FTS5 expression from free text: each folded word, quoted, also as a prefix."""
    terms = [t for t in fold(query).replace('"', " ").split() if any(c.isalnum() for c in t)]
    return " ".join(f'"{t}"*' for t in terms) if terms else None


def entity_documents(conn: sqlite3.Connection, groups: list[list[str]], also: str | None,
                     limit: int, offset: int, cache: Any = None) -> tuple[list[int], int]:
    """Ids of documents that mention, for every group, one of its entities (newest
    ingested first), and their number. `also`: an FTS expression they must match too."""
    parts, args = [], []
    for group in groups:
        parts.append("SELECT DISTINCT document_id FROM mentions WHERE entity_id IN "
                     f"({','.join('?' * len(group))})")
        args += group
    sql = " INTERSECT ".join(parts)
    if also:
        sql = (f"SELECT document_id FROM ({sql}) WHERE document_id IN"
               " (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
        args.append(also)
    ids = [r[0] for r in conn.execute(
        f"SELECT document_id FROM ({sql}) ORDER BY document_id DESC LIMIT ? OFFSET ?",
        [*args, limit, offset])]
    if len(ids) < limit and (ids or offset == 0):
        return ids, offset + len(ids)
    def count() -> int:
        return int(conn.execute(f"SELECT COUNT(*) FROM ({sql})", args).fetchone()[0])

    key = ("entity-docs", tuple(map(tuple, groups)), also)
    return ids, cache.get(key, count) if cache is not None else count()


def fts_documents(conn: sqlite3.Connection, match: str, exclude: list[list[str]],
                  limit: int, offset: int) -> list[int]:
    """Ids of documents the full-text index finds (best first), leaving out those that
    mention every group of `exclude` (already listed)."""
    args: list[Any] = [match]
    skip = ""
    if exclude:
        parts = []
        for group in exclude:
            parts.append("SELECT DISTINCT document_id FROM mentions WHERE entity_id IN "
                         f"({','.join('?' * len(group))})")
            args += group
        skip = f" AND rowid NOT IN ({' INTERSECT '.join(parts)})"
    rows = conn.execute(
        f"SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?{skip}"
        " ORDER BY rank, rowid LIMIT ? OFFSET ?", [*args, limit, offset]).fetchall()
    return [r[0] for r in rows]


def documents_by_id(conn: sqlite3.Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    rows = conn.execute(f"SELECT {DOC_COLUMNS}, d.text FROM documents d WHERE d.id IN"
                        f" ({','.join('?' * len(ids))})", ids).fetchall()
    return {r["id"]: dict(r) | {"outlet": outlet(r["uri"])} for r in rows}


def first_mention(conn: sqlite3.Connection, doc_id: int, entity_ids: list[str]
                  ) -> tuple[int, int] | None:
    row = conn.execute(
        f'SELECT start, "end" FROM mentions WHERE document_id = ? AND entity_id IN'
        f" ({','.join('?' * len(entity_ids))}) ORDER BY kind = 'role', start LIMIT 1",
        [doc_id, *entity_ids]).fetchone()
    return (int(row[0]), int(row[1])) if row else None


# -- figures -----------------------------------------------------------------------------

def figures(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT f.document_id, f.idx, f.kind, f.subject, f.value, f.unit, f.text, f.date,"
        " f.deadline, f.countries, f.meta, f.evidence_text, f.evidence_start, f.evidence_end,"
        " d.uri, d.lang, d.published FROM figures f JOIN documents d ON d.id = f.document_id"
        " WHERE d.duplicate_of IS NULL ORDER BY f.subject, COALESCE(f.date, d.published),"
        " d.uri, f.start").fetchall()
    return [dict(r) | {"countries": json.loads(r["countries"]), "meta": json.loads(r["meta"]),
                       "outlet": outlet(r["uri"]), "when": r["date"] or r["published"]}
            for r in rows]
