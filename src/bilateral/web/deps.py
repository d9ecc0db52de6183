"""Dependencies shared by the pages and the API: a pooled read-only connection, the event
filters and paging."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Annotated

from fastapi import Query, Request

from bilateral.web import params
from bilateral.web.queries import EventFilter

MAX_LIMIT = 200
MAX_OFFSET = 1_000_000


def connection(request: Request) -> Iterator[sqlite3.Connection]:
    with request.app.state.pool.connection() as conn:
        yield conn


def event_filter(
    pair: Annotated[str | None, Query(description="two ISO 3166 alpha-3 codes: AZE-KAZ")] = None,
    type: Annotated[list[str] | None, Query(
        description="PLOVER types (repeat or comma-separate): CONSULT, SUPPORT ...")] = None,
    since: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    lang: Annotated[str | None, Query(description="a source language: az, kk, ru ...")] = None,
    entity: Annotated[str | None, Query(
        description="an entity id (person/ilham-aliyev) or a name in any language")] = None,
) -> EventFilter:
    since_, until_ = params.date("since", since), params.date("until", until)
    if since_ and until_ and since_[: len(until_)] > until_:
        raise params.BadParam("since", f"{since_} is after until {until_}")
    entity_id = params.entity("entity", entity)
    return EventFilter(dyad=params.pair(pair), types=params.types(type), since=since_,
                       until=until_, lang=params.lang(lang),
                       entities=(entity_id,) if entity_id else ())


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"1 to {MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
