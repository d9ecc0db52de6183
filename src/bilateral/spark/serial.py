"""Documents as plain rows for Parquet, and back.

One row per analysed document, nested: the document's own fields, then its paragraphs,
mentions, event candidates and figures as lists of plain dicts (Parquet lists of structs).
Free-form dicts (`meta`, `date_meta`, `location`) travel as JSON strings, as the store
keeps them. `to_row` and `from_row` are inverse for everything `Store._insert` reads, so a
document that went through Parquet is stored exactly as if `bilateral ingest` had stored
it. No Spark or pyarrow import here: the same dicts are what Spark writes and what pyarrow's
`to_pylist()` reads back.

Beside the document, a row carries `source` (the input file) and `ordinal` (its position in
that file): output sorted on them stores documents in the order `bilateral ingest` would,
so the same copy of a repeated article is kept as the original.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import Any

from bilateral.model import (
    Document,
    EntityRef,
    Event,
    Evidence,
    Figure,
    Mention,
    Paragraph,
    Party,
    ReadProblem,
)

__all__ = ["to_row", "from_row", "problem_row", "problem_from_row", "document_key",
           "FORMAT_VERSION"]

# Written into each row; a loader refuses rows of a format it does not know.
FORMAT_VERSION = 1


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _loads(value: str | None) -> Any:
    return json.loads(value) if value else None


def document_key(uri: str, text: str) -> str:
    """A stable id for a processed document: what a flat view of mentions or candidates
    joins on (uri and clean text, as the store tells documents apart)."""
    digest = hashlib.sha1(uri.encode("utf-8") + b"\0" + text.encode("utf-8"),
                          usedforsecurity=False)
    return digest.hexdigest()[:24]


def _party(p: Party) -> dict[str, Any]:
    return {"country": p.country, "entity": p.entity, "entity_id": p.entity_id}


def _evidence(e: Evidence | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {"uri": e.uri, "lang": e.lang, "text": e.text, "start": e.start, "end": e.end}


def _mention(m: Mention) -> dict[str, Any]:
    return {"kind": m.kind, "text": m.text, "start": m.start, "end": m.end, "value": m.value,
            "entity_id": m.entity.id if m.entity else None,
            "entity_name": m.entity.name if m.entity else None,
            "entity_country": m.entity.country if m.entity else None,
            "meta": _dumps(m.meta)}


def _event(e: Event) -> dict[str, Any]:
    return {"type": e.type, "mode": e.mode, "actor": _party(e.actor),
            "recipient": _party(e.recipient), "evidence": _evidence(e.evidence),
            "trigger": e.trigger, "date": e.date, "date_meta": _dumps(e.date_meta),
            "location": _dumps(e.location) if e.location is not None else None,
            "context": list(e.context), "summary": e.summary,
            "confidence": float(e.confidence), "kind": e.kind}


def _figure(f: Figure) -> dict[str, Any]:
    return {"kind": f.kind, "subject": f.subject,
            "value": float(f.value) if f.value is not None else None, "unit": f.unit,
            "text": f.text, "start": f.start, "end": f.end, "evidence": _evidence(f.evidence),
            "date": f.date, "deadline": f.deadline, "countries": list(f.countries),
            "meta": _dumps(f.meta)}


def to_row(doc: Document, source: str, ordinal: int) -> dict[str, Any]:
    """A processed document as one nested row."""
    return {
        "format_version": FORMAT_VERSION,
        "doc_key": document_key(doc.uri, doc.text),
        "source": source,
        "ordinal": ordinal,
        "uri": doc.uri,
        "source_format": doc.source_format,
        "title": doc.title,
        "published": doc.published,
        "author": doc.author,
        "raw_dump": doc.raw_dump,
        "lang": doc.lang,
        "script": doc.script,
        "text": doc.text,
        "meta": _dumps(doc.meta),
        "paragraphs": [asdict(p) for p in doc.paragraphs],
        "mentions": [_mention(m) for m in doc.mentions],
        "events": [_event(e) for e in doc.events],
        "figures": [_figure(f) for f in doc.figures],
    }


def _party_back(d: dict[str, Any]) -> Party:
    return Party(d.get("country"), d.get("entity"), d.get("entity_id"))


def _evidence_back(d: dict[str, Any] | None) -> Evidence | None:
    if d is None:
        return None
    return Evidence(d["uri"], d.get("lang"), d["text"], int(d["start"]), int(d["end"]))


def _mention_back(d: dict[str, Any]) -> Mention:
    entity = (EntityRef(d["entity_id"], d.get("entity_name") or "", d.get("entity_country"))
              if d.get("entity_id") else None)
    return Mention(d["kind"], d["text"], int(d["start"]), int(d["end"]), d.get("value"),
                   entity, _loads(d.get("meta")) or {})


def _event_back(d: dict[str, Any]) -> Event:
    evidence = _evidence_back(d["evidence"])
    assert evidence is not None  # an event always has its sentence
    return Event(type=d["type"], mode=d.get("mode"), actor=_party_back(d["actor"]),
                 recipient=_party_back(d["recipient"]), evidence=evidence,
                 trigger=d["trigger"], date=d.get("date"),
                 date_meta=_loads(d.get("date_meta")) or {},
                 location=_loads(d.get("location")), context=tuple(d.get("context") or ()),
                 summary=d.get("summary") or "", confidence=float(d["confidence"]),
                 kind=d.get("kind") or "")


def _figure_back(d: dict[str, Any]) -> Figure:
    return Figure(kind=d["kind"], subject=d["subject"], value=d.get("value"),
                  unit=d.get("unit"), text=d["text"], start=int(d["start"]),
                  end=int(d["end"]), evidence=_evidence_back(d.get("evidence")),
                  date=d.get("date"), deadline=d.get("deadline"),
                  countries=tuple(d.get("countries") or ()), meta=_loads(d.get("meta")) or {})


def from_row(row: dict[str, Any]) -> Document:
    """The document `to_row` made the row from."""
    version = row.get("format_version")
    if version != FORMAT_VERSION:
        raise ValueError(f"rows of format version {version!r}; this bilateral reads "
                         f"version {FORMAT_VERSION}")
    return Document(
        uri=row["uri"], source_format=row["source_format"], text=row["text"],
        title=row.get("title"), published=row.get("published"), author=row.get("author"),
        raw_dump=bool(row.get("raw_dump")), lang=row.get("lang"), script=row.get("script"),
        paragraphs=tuple(Paragraph(int(p["start"]), int(p["end"]), p["lang"], p["script"])
                         for p in row.get("paragraphs") or ()),
        mentions=tuple(_mention_back(m) for m in row.get("mentions") or ()),
        events=tuple(_event_back(e) for e in row.get("events") or ()),
        figures=tuple(_figure_back(f) for f in row.get("figures") or ()),
        meta=_loads(row.get("meta")) or {},
    )


def problem_row(problem: ReadProblem, source: str, ordinal: int) -> dict[str, Any]:
    return {"source": source, "ordinal": ordinal, "uri": problem.uri, "reason": problem.reason}


def problem_from_row(row: dict[str, Any]) -> ReadProblem:
    return ReadProblem(row["uri"], row["reason"])
