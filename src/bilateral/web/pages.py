"""The HTML pages: timeline, event, document, entity, graph, search, figures."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse

from bilateral.web import params, queries, services, svg
from bilateral.web.api import centre_ids
from bilateral.web.deps import Limit, Offset, connection, event_filter
from bilateral.web.queries import EventFilter
from bilateral.web.render import render

router = APIRouter(include_in_schema=False)
Conn = Annotated[sqlite3.Connection, Depends(connection)]
LANGS = ("az", "kk", "ru", "tr", "en")


@router.get("/", response_class=HTMLResponse)
def timeline(request: Request, conn: Conn, flt: Annotated[EventFilter, Depends(event_filter)],
             limit: Limit = 50, offset: Offset = 0,
             order: Annotated[str, Query(pattern="^(newest|oldest)$")] = "newest"
             ) -> HTMLResponse:
    page = services.timeline(conn, flt, limit, offset, order == "newest",
                             request.app.state.cache)
    counts, by = services.chart(conn, flt, request.app.state.cache)
    dyads = request.app.state.cache.get("dyads", lambda: queries.dyads(conn))
    entity_label = services.label_of(flt.entities[0]) if flt.entities else None
    return render(request, "timeline.html", page=page, chart=svg.bar_chart(counts, by),
                  flt=flt, dyads=dyads, types=params.PLOVER_TYPES, langs=LANGS,
                  entity_label=entity_label, order=order)


@router.get("/events/{key}", response_class=HTMLResponse)
def event(request: Request, conn: Conn, key: str) -> HTMLResponse:
    return render(request, "event.html", event=services.event_detail(conn, key))


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(request: Request, conn: Conn, doc_id: int,
             evidence: Annotated[int | None, Query(description="a candidate id")] = None
             ) -> HTMLResponse:
    return render(request, "document.html", doc=services.document_detail(conn, doc_id,
                                                                         evidence))


@router.get("/entities", response_class=HTMLResponse)
def entities(request: Request, conn: Conn, kind: str | None = None, limit: Limit = 100,
             offset: Offset = 0) -> HTMLResponse:
    kind = params.kind(kind)
    rows, total = queries.list_entities(conn, kind, limit, offset)
    return render(request, "entities.html", rows=rows, total=total, limit=limit,
                  offset=offset, kind=kind, kinds=params.ENTITY_KINDS)


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
def entity(request: Request, conn: Conn, entity_id: str, limit: Limit = 50,
           offset: Offset = 0) -> HTMLResponse:
    if not params.ENTITY_ID.match(entity_id):
        raise services.NotFound(f"no entity {entity_id!r}")
    e = services.entity_detail(conn, entity_id, limit, offset, request.app.state.cache)
    dots, labels = svg.strip(e["recent"])
    return render(request, "entity.html", e=e, dots=dots, strip_labels=labels)


@router.get("/graph", response_class=HTMLResponse)
def graph(request: Request, conn: Conn,
          entity: Annotated[list[str] | None, Query()] = None,
          size: Annotated[int, Query(ge=2, le=60)] = 25) -> HTMLResponse:
    values = [v for v in (entity or []) if v.strip()]
    if not values:  # the pair with the most events
        top = conn.execute("SELECT dyad FROM events GROUP BY dyad ORDER BY COUNT(*) DESC"
                           " LIMIT 1").fetchone()
        values = [f"country/{c}" for c in top[0].split("|")] if top else []
    centres = centre_ids(values) if values else []
    g = services.graph(conn, centres, size) if centres else None
    labels = [services.label_of(c) for c in centres]
    return render(request, "graph.html", g=g, centres=centres, labels=labels, size=size)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, conn: Conn,
           q: Annotated[str | None, Query(max_length=200)] = None,
           limit: Limit = 20, offset: Offset = 0) -> HTMLResponse:
    q = params.blank(q)
    found = services.search(conn, q, limit, offset, request.app.state.cache) if q else None
    return render(request, "search.html", q=q or "", found=found)


@router.get("/figures", response_class=HTMLResponse)
def figures(request: Request, conn: Conn) -> HTMLResponse:
    return render(request, "figures.html", items=services.pledges(conn))


@router.get("/api", response_class=HTMLResponse)
def api_index(request: Request) -> HTMLResponse:
    routes = [(r.path, r.summary or "") for r in request.app.routes  # type: ignore[attr-defined]
              if getattr(r, "path", "").startswith("/api/") and getattr(r, "summary", None)]
    return render(request, "api.html", routes=routes)


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(Path(__file__).parent / "static" / "favicon.svg",
                        media_type="image/svg+xml")
