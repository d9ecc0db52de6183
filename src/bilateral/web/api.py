"""The JSON API under /api/: events, documents, entities, search, timeline, graph."""

from __future__ import annotations

import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from bilateral.web import models, params, queries, services
from bilateral.web.deps import Limit, Offset, connection, event_filter
from bilateral.web.queries import EventFilter

router = APIRouter(prefix="/api", tags=["api"],
                   responses={404: {"model": models.Error}, 422: {"model": models.Error}})
Conn = Annotated[sqlite3.Connection, Depends(connection)]
Filter = Annotated[EventFilter, Depends(event_filter)]


@router.get("/events", response_model=models.EventPage, summary="Events, filtered and paged")
def events(request: Request, conn: Conn, flt: Filter, limit: Limit = 50, offset: Offset = 0,
           order: Annotated[str, Query(pattern="^(newest|oldest)$")] = "newest"
           ) -> dict[str, Any]:
    page = services.timeline(conn, flt, limit, offset, order == "newest",
                             request.app.state.cache)
    return {"total": page["total"], "limit": limit, "offset": offset,
            "items": [services.event_summary(e) for e in page["events"]]}


@router.get("/events/{key}", response_model=models.Event, summary="One event with its sources")
def event(conn: Conn, key: str) -> dict[str, Any]:
    return services.event_record(services.event_detail(conn, key))


@router.get("/documents", response_model=models.DocumentPage, summary="Documents, newest first")
def documents(conn: Conn, lang: str | None = None, since: str | None = None,
              until: str | None = None, limit: Limit = 50, offset: Offset = 0
              ) -> dict[str, Any]:
    docs, total = queries.list_documents(
        conn, params.lang(lang), params.date("since", since), params.date("until", until),
        limit, offset)
    return {"total": total, "limit": limit, "offset": offset,
            "items": [services.document_record(d) for d in docs]}


@router.get("/documents/{doc_id}", response_model=models.Document,
            summary="One document: clean text, mentions, events, duplicates")
def document(conn: Conn, doc_id: int) -> dict[str, Any]:
    return services.document_record(services.document_detail(conn, doc_id, None), full=True)


@router.get("/entities", response_model=models.EntityPage,
            summary="Entities the documents mention, most mentioned first")
def entities(conn: Conn, kind: str | None = None, limit: Limit = 50, offset: Offset = 0
             ) -> dict[str, Any]:
    rows, total = queries.list_entities(conn, params.kind(kind), limit, offset)
    items = [{"id": r["entity_id"], "name": r["name"], "kind": r["kind"],
              "country": r["country"], "mentions": r["mentions"], "documents": r["documents"],
              "url": f"/entities/{r['entity_id']}"} for r in rows]
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/entities/{entity_id:path}", response_model=models.Entity,
            summary="One entity: names, offices, ties and its events")
def entity(request: Request, conn: Conn, entity_id: str, limit: Limit = 50,
           offset: Offset = 0) -> dict[str, Any]:
    if not params.ENTITY_ID.match(entity_id):
        raise services.NotFound(f"no entity {entity_id!r}")
    e = services.entity_detail(conn, entity_id, limit, offset, request.app.state.cache)
    return {
        "id": e["id"], "name": e["name"], "kind": e["kind"], "country": e["country"],
        "registered": e["registered"], "mentions": e["mentions"],
        "aliases": {lang: [{"text": t, "count": n} for t, n in forms]
                    for lang, forms in e["aliases"].items()},
        "registry_aliases": e["registry_aliases"],
        "offices": [{"role": o["role"], "country": o["country"], "org": o["org"],
                     "start": o["from"], "end": o["to"], "accredited_to": o["accredited_to"]}
                    for o in e["offices"]],
        "ties": e["ties"],
        "events": {"total": e["total"], "limit": limit, "offset": offset,
                   "items": [services.event_summary(ev) for ev in e["events"]]},
    }


@router.get("/search", response_model=models.SearchResult,
            summary="Search across languages and scripts")
def search(request: Request, conn: Conn,
           q: Annotated[str, Query(min_length=1, max_length=200)],
           limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    found = services.search(conn, q, limit, offset, request.app.state.cache)
    found["entities"] = [e | {"url": f"/entities/{e['id']}"} for e in found["entities"]]
    found["results"] = [services.document_record(d) | {
        "snippet": services.snippet_text(d["snippet"]), "found_by": d["found_by"]}
        for d in found["results"]]
    return found


@router.get("/timeline", response_model=models.Timeline,
            summary="Events per month (or year) and type")
def timeline(request: Request, conn: Conn, flt: Filter) -> dict[str, Any]:
    counts, by = services.chart(conn, flt, request.app.state.cache)
    return {"granularity": by,
            "buckets": [{"period": p, "type": t, "count": n} for p, t, n in counts]}


@router.get("/graph", response_model=models.Graph,
            summary="The entity network around one entity or a pair")
def graph(conn: Conn, entity: Annotated[list[str], Query(
        description="one or two entity ids or names")],
          size: Annotated[int, Query(ge=2, le=60)] = 25) -> dict[str, Any]:
    centres = centre_ids(entity)
    g = services.graph(conn, centres, size)
    return {"centres": centres, "events": g["events"],
            "nodes": [{"id": n.id, "label": n.label, "kind": n.kind, "weight": n.weight,
                       "x": n.x, "y": n.y, "url": n.href} for n in g["nodes"]],
            "edges": [{"source": e.source, "target": e.target, "weight": e.weight}
                      for e in g["edges"]]}


def centre_ids(values: list[str]) -> list[str]:
    values = [v for v in values if v.strip()]
    if not 1 <= len(values) <= 2:
        raise params.BadParam("entity", "give one entity, or two for a pair")
    out = [params.entity("entity", v) for v in values]
    return list(dict.fromkeys(e for e in out if e))
