"""Response models of the JSON API: what /api/openapi.json documents."""

from __future__ import annotations

from pydantic import BaseModel


class Party(BaseModel):
    country: str | None
    entity: str | None
    entity_id: str | None


class Location(BaseModel):
    name: str | None
    country: str | None
    id: str | None = None


class Source(BaseModel):
    uri: str
    lang: str | None
    text: str
    start: int
    end: int
    outlet: str
    published: str | None
    document_id: int
    url: str


class EventSummary(BaseModel):
    id: str
    type: str
    mode: str | None
    date: str | None
    actor: Party
    recipient: Party
    location: Location | None
    summary: str
    confidence: float
    context: list[str]
    n_sources: int
    langs: list[str]
    url: str


class Event(EventSummary):
    sources: list[Source]
    date_source: str | None
    dates_seen: dict[str, list[str]]


class Page(BaseModel):
    total: int
    limit: int
    offset: int


class EventPage(Page):
    items: list[EventSummary]


class Mention(BaseModel):
    kind: str
    text: str
    start: int
    end: int
    value: str | None
    entity_id: str | None


class EventRef(BaseModel):
    id: str
    type: str
    date: str | None
    summary: str
    url: str


class Duplicate(BaseModel):
    id: int
    uri: str
    original: bool


class DocumentSummary(BaseModel):
    id: int
    uri: str
    outlet: str
    title: str | None
    lang: str | None
    script: str | None
    published: str | None
    author: str | None
    duplicate_of: int | None
    url: str


class Document(DocumentSummary):
    text: str
    mentions: list[Mention]
    events: list[EventRef]
    duplicates: list[Duplicate]


class DocumentPage(Page):
    items: list[DocumentSummary]


class EntitySummary(BaseModel):
    id: str
    name: str | None
    kind: str | None
    country: str | None
    mentions: int
    documents: int
    url: str


class EntityPage(Page):
    items: list[EntitySummary]


class Office(BaseModel):
    role: str
    country: str | None
    org: str | None
    start: str | None
    end: str | None
    accredited_to: str | None


class Alias(BaseModel):
    text: str
    count: int


class Tie(BaseModel):
    id: str
    label: str
    kind: str
    events: int


class Entity(BaseModel):
    id: str
    name: str
    kind: str
    country: str | None
    registered: bool
    mentions: int
    aliases: dict[str, list[Alias]]
    registry_aliases: dict[str, list[str]]
    offices: list[Office]
    ties: list[Tie]
    events: EventPage


class SearchEntity(BaseModel):
    id: str
    name: str
    kind: str
    country: str | None
    url: str


class SearchHit(DocumentSummary):
    snippet: str
    found_by: str


class SearchResult(BaseModel):
    query: str
    entities: list[SearchEntity]
    entity_documents: int
    results: list[SearchHit]
    limit: int
    offset: int
    has_more: bool


class Bucket(BaseModel):
    period: str
    type: str
    count: int


class Timeline(BaseModel):
    granularity: str
    buckets: list[Bucket]


class GraphNode(BaseModel):
    id: str
    label: str
    kind: str
    weight: int
    x: float
    y: float
    url: str


class GraphEdge(BaseModel):
    source: str
    target: str
    weight: int


class Graph(BaseModel):
    centres: list[str]
    events: int
    nodes: list[GraphNode]
    edges: list[GraphEdge]


class Error(BaseModel):
    detail: str
