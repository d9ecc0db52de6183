"""What each page and API answer shows, put together from the queries: the same data feeds
the HTML and the JSON."""

from __future__ import annotations

import sqlite3
from collections import Counter
from itertools import combinations
from typing import Any

from bilateral.registry import load_registry
from bilateral.web import highlight, queries, svg
from bilateral.web.db import TTLCache
from bilateral.web.params import resolve
from bilateral.web.queries import EventFilter


class NotFound(LookupError):
    """An id that names nothing in the database or the registry."""


# How many of an entity's latest events feed its strip, its ties and the graph.
RECENT = 500
GRAPH_EVENTS = 2000


def label_of(entity_id: str, fallback: str | None = None) -> str:
    entity = load_registry().get(entity_id)
    if entity is not None:
        return entity.name
    return fallback or entity_id.split("/", 1)[-1]


def kind_of(entity_id: str) -> str:
    entity = load_registry().get(entity_id)
    if entity is not None:
        return entity.kind
    prefix = entity_id.split("/", 1)[0]
    return {"org": "organisation"}.get(prefix, prefix)


def _labels_from_event(event: dict[str, Any], out: dict[str, str]) -> None:
    for side in (event["actor"], event["recipient"]):
        if side.get("entity_id") and side.get("entity"):
            out.setdefault(side["entity_id"], side["entity"])
    loc = event.get("location") or {}
    if loc.get("id") and loc.get("name"):
        out.setdefault(loc["id"], loc["name"])


# -- timeline ----------------------------------------------------------------------------

def timeline(conn: sqlite3.Connection, flt: EventFilter, limit: int, offset: int,
             newest_first: bool = True, cache: TTLCache | None = None) -> dict[str, Any]:
    events, total = queries.list_events(conn, flt, limit, offset, newest_first, cache)
    return {"events": events, "total": total, "limit": limit, "offset": offset}


def chart(conn: sqlite3.Connection, flt: EventFilter, cache: TTLCache | None = None
          ) -> tuple[list[tuple[str, str, int]], str]:
    """Counts per month and type, or per year when months would be too many to see. They
    scan every event the filter keeps: kept in `cache` for a while."""
    if cache is not None:
        return cache.get(("chart", flt), lambda: chart(conn, flt))
    counts = queries.period_counts(conn, flt, "month")
    if counts:
        months = len(svg.periods(counts[0][0], counts[-1][0], "month"))
        if months > 240:
            return queries.period_counts(conn, flt, "year"), "year"
    return counts, "month"


# -- one event ---------------------------------------------------------------------------

def event_detail(conn: sqlite3.Connection, key: str) -> dict[str, Any]:
    event = queries.get_event(conn, key)
    if event is None:
        raise NotFound(f"no event {key!r}")
    sources = queries.event_sources(conn, event["rowid"])
    by_candidate: dict[int, dict[str, Any]] = {}
    for source in sources:
        spans = [(ev["start"], ev["end"]) for ev in source["evidence"]]
        source["windows"] = [
            highlight.blocks(source["text"], lo, hi, marks=spans)
            for lo, hi in highlight.windows(source["text"], spans)]
        best = source["evidence"][0]
        source["link"] = f"/documents/{source['document_id']}?evidence={best['candidate']}"
        for ev in source["evidence"]:
            by_candidate[ev["candidate"]] = source
        for copy in source["copies"]:
            copy["link"] = f"/documents/{copy['document_id']}"
        del source["text"]
    event["sources"] = sources

    def cite(cid: int | None) -> dict[str, Any] | None:
        s = by_candidate.get(cid) if cid is not None else None
        return {"outlet": s["outlet"], "lang": s["lang"], "uri": s["uri"],
                "link": f"/documents/{s['document_id']}?evidence={cid}"} if s else None

    event["date_cited"] = cite(event["date_source"])
    event["location_cited"] = cite(event["location_source"])
    event["dates_cited"] = {}
    for date, ids in sorted(event["dates_seen"].items()):
        cites: dict[str, dict[str, Any]] = {}
        for cid in ids:
            c = cite(int(cid))
            if c is not None:  # one citation per document
                cites.setdefault(c["uri"], c)
        event["dates_cited"][date] = list(cites.values())
    return event


def event_record(event: dict[str, Any]) -> dict[str, Any]:
    """DESIGN.md's event record (bilateral.export's shape): one source per document, its
    best evidence sentence; plus where each source is shown."""
    loc = event.get("location")
    return {
        "id": event["key"], "type": event["type"], "mode": event["mode"],
        "date": event["date"], "actor": _party(event["actor"]),
        "recipient": _party(event["recipient"]),
        "location": {"name": loc.get("name"), "country": loc.get("country"),
                     "id": loc.get("id")} if loc else None,
        "summary": event["summary"], "confidence": event["confidence"],
        "context": event["context"], "n_sources": event["n_sources"], "langs": event["langs"],
        "sources": [_source_record(s) for s in event.get("sources", [])],
        "date_source": (event.get("date_cited") or {}).get("uri"),
        "dates_seen": {d: [c["uri"] for c in cs]
                       for d, cs in event.get("dates_cited", {}).items()},
        "url": f"/events/{event['key']}",
    }


def _party(p: dict[str, Any]) -> dict[str, Any]:
    return {"country": p.get("country"), "entity": p.get("entity"),
            "entity_id": p.get("entity_id")}


def _source_record(s: dict[str, Any]) -> dict[str, Any]:
    best = max(s["evidence"], key=lambda ev: ev.get("confidence", 0))
    return {"uri": s["uri"], "lang": s["lang"], "text": best["text"], "start": best["start"],
            "end": best["end"], "outlet": s["outlet"], "published": s["published"],
            "document_id": s["document_id"], "url": s["link"]}


def event_summary(event: dict[str, Any]) -> dict[str, Any]:
    """An event of a list: no sources, where to see them."""
    loc = event.get("location")
    return {"id": event["key"], "type": event["type"], "mode": event["mode"],
            "date": event["date"], "actor": _party(event["actor"]),
            "recipient": _party(event["recipient"]),
            "location": {"name": loc.get("name"), "country": loc.get("country"),
                         "id": loc.get("id")} if loc else None,
            "summary": event["summary"], "confidence": event["confidence"],
            "context": event["context"], "n_sources": event["n_sources"],
            "langs": event["langs"], "url": f"/events/{event['key']}"}


# -- one document ------------------------------------------------------------------------

def document_detail(conn: sqlite3.Connection, doc_id: int, evidence: int | None
                    ) -> dict[str, Any]:
    doc = queries.get_document(conn, doc_id)
    if doc is None:
        raise NotFound(f"no document {doc_id}")
    doc["mentions"] = queries.document_mentions(conn, doc_id)
    marks = []
    if evidence is not None:
        span = queries.candidate_span(conn, evidence, doc_id)
        if span is None:
            raise NotFound(f"document {doc_id} has no event evidence {evidence}")
        marks.append(span)
    doc["blocks"] = highlight.blocks(doc["text"], 0, len(doc["text"]), doc["mentions"],
                                     marks, anchor="evidence")
    doc["duplicates"] = queries.document_duplicates(conn, doc)
    doc["events"] = queries.document_events(conn, doc_id)
    kinds = Counter(m["kind"] for m in doc["mentions"])
    doc["mention_kinds"] = [(k, kinds[k]) for k in highlight.MENTION_KINDS if kinds[k]]
    return doc


def document_record(doc: dict[str, Any], full: bool = False) -> dict[str, Any]:
    out = {"id": doc["id"], "uri": doc["uri"], "outlet": doc["outlet"], "title": doc["title"],
           "lang": doc["lang"], "script": doc["script"], "published": doc["published"],
           "author": doc["author"], "duplicate_of": doc["duplicate_of"],
           "url": f"/documents/{doc['id']}"}
    if full:
        out["text"] = doc["text"]
        out["mentions"] = [
            {"kind": m["kind"], "text": m["text"], "start": m["start"], "end": m["end"],
             "value": m["value"], "entity_id": m["entity_id"]} for m in doc["mentions"]]
        out["events"] = [{"id": e["key"], "type": e["type"], "date": e["date"],
                          "summary": e["summary"], "url": f"/events/{e['key']}"}
                         for e in doc["events"]]
        out["duplicates"] = [{"id": d["id"], "uri": d["uri"], "original": d["original"]}
                             for d in doc["duplicates"]]
    return out


# -- entities ----------------------------------------------------------------------------

def ties(events: list[dict[str, Any]], entity_ids: list[str]
         ) -> tuple[Counter[str], Counter[tuple[str, str]], dict[str, str]]:
    """Shared events: per participant (the chosen entities left out), and per pair."""
    nodes: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    labels: dict[str, str] = {}
    for event in events:
        _labels_from_event(event, labels)
        who = sorted(queries.participants(event))
        for node in who:
            if node not in entity_ids:
                nodes[node] += 1
        for a, b in combinations(who, 2):
            pairs[(a, b)] += 1
    return nodes, pairs, labels


def entity_detail(conn: sqlite3.Connection, entity_id: str, limit: int, offset: int,
                  cache: TTLCache | None = None) -> dict[str, Any]:
    """An entity's names, offices, ties and a page of its events. The names and the latest
    events (both scans for a country) are kept in `cache` for a while."""
    registered = load_registry().get(entity_id)

    def names() -> tuple:
        return queries.entity_aliases(conn, entity_id)

    aliases, n_mentions, name, kind = cache.get(("aliases", entity_id), names) if cache \
        else names()
    if registered is None and not n_mentions:
        raise NotFound(f"no entity {entity_id!r}")
    flt = EventFilter(entities=(entity_id,))

    def latest() -> tuple[list[dict[str, Any]], int]:
        return queries.list_events(conn, flt, RECENT, 0)

    recent, total = cache.get(("recent", entity_id), latest) if cache else latest()
    if offset + limit <= len(recent) or total <= RECENT:
        events = recent[offset : offset + limit]
    else:
        events, total = queries.list_events(conn, flt, limit, offset, cache=cache)
    counts, _, labels = ties(recent, [entity_id])
    tied = [{"id": eid, "label": label_of(eid, labels.get(eid)), "kind": kind_of(eid),
             "events": n} for eid, n in counts.most_common(15)]
    offices = []
    if registered is not None:
        for office in registered.offices:
            offices.append({"role": office.role, "country": office.country,
                            "org": office.org, "from": office.start, "to": office.end,
                            "accredited_to": office.accredited_to})
    return {
        "id": entity_id, "name": registered.name if registered else (name or entity_id),
        "kind": registered.kind if registered else (kind or kind_of(entity_id)),
        "country": registered.country if registered else None,
        "registered": registered is not None,
        "registry_aliases": {lang: list(names) for lang, names in
                             (registered.aliases.items() if registered else [])},
        "aliases": aliases, "mentions": n_mentions, "offices": offices,
        "events": events, "total": total, "limit": limit, "offset": offset,
        "recent": recent, "ties": tied,
    }


# -- graph -------------------------------------------------------------------------------

def graph(conn: sqlite3.Connection, centres: list[str], max_nodes: int = 25
          ) -> dict[str, Any]:
    """The network around `centres` (one entity or a pair): the entities of the events they
    take part in (all of them for a pair), weighted by shared events."""
    flt = EventFilter(entities=tuple(centres))
    events, total = queries.list_events(conn, flt, GRAPH_EVENTS, 0)
    counts, pairs, labels = ties(events, centres)
    keep = list(centres) + [eid for eid, _ in counts.most_common(max_nodes - len(centres))]
    weight = {c: len(events) for c in centres} | dict(counts)
    nodes = [svg.Node(eid, label_of(eid, labels.get(eid)), kind_of(eid), weight.get(eid, 0),
                      href=f"/entities/{eid}", centre=eid in centres) for eid in keep]
    kept = set(keep)
    edges = [svg.Edge(a, b, n, title=f"{label_of(a, labels.get(a))} – "
                      f"{label_of(b, labels.get(b))}: {n} shared events")
             for (a, b), n in sorted(pairs.items()) if a in kept and b in kept]
    svg.force_layout(nodes, edges)
    return {"centres": centres, "nodes": nodes, "edges": edges, "events": len(events),
            "total": total}


# -- search ------------------------------------------------------------------------------

def search(conn: sqlite3.Connection, q: str, limit: int, offset: int,
           cache: TTLCache | None = None) -> dict[str, Any]:
    """Entities the query names (by the alias matcher, in any language and script), then the
    documents that mention them, then full-text hits that are not among those."""
    groups, rest = resolve(q)
    match_all = queries.fts_match(q)
    leftover = queries.fts_match(" ".join(rest)) if rest else None
    entities = []
    for group in groups:
        for eid in group:
            entities.append({"id": eid, "name": label_of(eid), "kind": kind_of(eid),
                             "country": (load_registry().get(eid).country
                                         if load_registry().get(eid) else None)})
    ids: list[int] = []
    n_entity_docs = 0
    if groups:
        ids, n_entity_docs = queries.entity_documents(conn, groups, leftover, limit, offset,
                                                      cache)
    fts_ids: list[int] = []
    has_more = n_entity_docs > offset + limit
    if match_all and len(ids) < limit:
        want = limit - len(ids)
        fts_offset = max(0, offset - n_entity_docs)
        fts_ids = queries.fts_documents(conn, match_all, groups, want + 1, fts_offset)
        has_more = len(fts_ids) > want
        fts_ids = fts_ids[:want]
    elif match_all and not has_more:
        has_more = bool(queries.fts_documents(conn, match_all, groups, 1, 0))
    docs = queries.documents_by_id(conn, ids + fts_ids)
    flat = [eid for group in groups for eid in group]
    terms = [t.strip('"*') for t in (match_all or "").split()]
    results = []
    for doc_id, how in [(i, "entity") for i in ids] + [(i, "text") for i in fts_ids]:
        doc = docs.get(doc_id)
        if doc is None:
            continue
        text = doc.pop("text")
        span = queries.first_mention(conn, doc_id, flat) if how == "entity" else None
        if span is not None:
            lo, hi = highlight.context_window(text, span[0], span[1], 90)
            marks = [span]
        else:
            lo, hi, marks = highlight.snippet_range(text, terms)
        doc["snippet"] = highlight.blocks(text, lo, hi, marks=marks)
        doc["snippet_cut"] = (lo > 0, hi < len(text))
        doc["found_by"] = how
        results.append(doc)
    return {"query": q, "entities": entities, "results": results, "limit": limit,
            "offset": offset, "has_more": has_more, "entity_documents": n_entity_docs}


def snippet_text(blocks: list[highlight.Block]) -> str:
    """A snippet as plain text, the highlighted words in [brackets] (for the JSON API)."""
    out = []
    for block in blocks:
        text = "".join(p.text for p in block.parts)
        out.append(f"[{text}]" if block.mark else text)
    return " ".join("".join(out).split())


# -- figures and pledges -----------------------------------------------------------------

def pledges(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Each pledge with the figures later reported on its subject for the same countries
    (figures that name no country count for every pledge of their subject)."""
    rows = queries.figures(conn)
    reported = [r for r in rows if r["kind"] != "pledge"]
    out = []
    for pledge in (r for r in rows if r["kind"] == "pledge"):
        countries = set(pledge["countries"])
        later = [f for f in reported if f["subject"] == pledge["subject"]
                 and (not countries or not f["countries"] or countries & set(f["countries"]))
                 and (not pledge["when"] or not f["when"] or f["when"] >= pledge["when"])]
        out.append({"pledge": pledge, "reported": later})
    return out
