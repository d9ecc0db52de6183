"""Events as other tools read them: DESIGN.md's JSON records, flat CSV rows, and the PLOVER
interchange layout of the POLECAT dataset."""

from __future__ import annotations

from typing import Any

from bilateral.model import Event

CSV_FIELDS = ["id", "date", "type", "mode", "actor_country", "actor_entity",
              "recipient_country", "recipient_entity", "location", "location_country",
              "summary", "n_sources", "langs", "confidence", "context", "uris"]


def _party(p: dict[str, Any]) -> dict[str, Any]:
    return {"country": p.get("country"), "entity": p.get("entity"),
            "entity_id": p.get("entity_id")}


def event_record(event: dict[str, Any]) -> dict[str, Any]:
    """DESIGN.md's `export events --format jsonl` object (with a few extra keys: context,
    dates_seen, date_source, n_sources, langs)."""
    loc = event.get("location")
    return {
        "id": event["key"],
        "type": event["type"],
        "mode": event["mode"],
        "date": event["date"],
        "actor": _party(event["actor"]),
        "recipient": _party(event["recipient"]),
        "location": {"name": loc.get("name"), "country": loc.get("country")} if loc else None,
        "summary": event["summary"],
        "sources": [{"uri": s["uri"], "lang": s["lang"], "text": s["text"],
                     "start": s["start"], "end": s["end"]} for s in event["sources"]],
        "confidence": event["confidence"],
        "context": event.get("context", []),
        "date_source": event.get("date_source"),
        "dates_seen": event.get("dates_seen", {}),
        "n_sources": event.get("n_sources", len(event["sources"])),
        "langs": event.get("langs", []),
    }


def candidate_record(event: Event, index: int) -> dict[str, Any]:
    """One document's event candidate in the same shape (for `bilateral analyze`)."""
    return {
        "id": f"{event.evidence.uri}#e{index}",
        "type": event.type,
        "mode": event.mode,
        "date": event.date,
        "actor": {"country": event.actor.country, "entity": event.actor.entity,
                  "entity_id": event.actor.entity_id},
        "recipient": {"country": event.recipient.country, "entity": event.recipient.entity,
                      "entity_id": event.recipient.entity_id},
        "location": ({"name": event.location.get("name"),
                      "country": event.location.get("country")} if event.location else None),
        "summary": event.summary,
        "sources": [{"uri": event.evidence.uri, "lang": event.evidence.lang,
                     "text": event.evidence.text, "start": event.evidence.start,
                     "end": event.evidence.end}],
        "confidence": event.confidence,
        "context": list(event.context),
        "trigger": event.trigger,
        "date_meta": event.date_meta,
    }


def csv_row(record: dict[str, Any]) -> dict[str, Any]:
    loc = record.get("location") or {}
    return {
        "id": record["id"], "date": record["date"] or "", "type": record["type"],
        "mode": record["mode"] or "",
        "actor_country": record["actor"]["country"] or "",
        "actor_entity": record["actor"]["entity"] or "",
        "recipient_country": record["recipient"]["country"] or "",
        "recipient_entity": record["recipient"]["entity"] or "",
        "location": loc.get("name") or "", "location_country": loc.get("country") or "",
        "summary": record["summary"], "n_sources": record.get("n_sources", 0),
        "langs": " ".join(record.get("langs", [])), "confidence": record["confidence"],
        "context": " ".join(record.get("context", [])),
        "uris": " ".join(s["uri"] for s in record["sources"]),
    }


def plover_record(record: dict[str, Any]) -> dict[str, Any]:
    """The PLOVER/POLECAT interchange layout: actors and recipients as lists of entities
    with their code (ISO alpha-3), text and identifier, the event, mode and context, the
    location, a text, and where it was read."""

    def side(p: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"code": p.get("country"), "entity_text": p.get("entity") or p.get("country"),
                 "identifier_id": p.get("entity_id")}]

    loc = record.get("location")
    return {
        "id": record["id"],
        "date": record["date"],
        "event": record["type"],
        "mode": record["mode"] or "",
        "context": ",".join(record.get("context", [])),
        "actor": side(record["actor"]),
        "recipient": side(record["recipient"]),
        "event_loc": ({"name": loc["name"], "country": loc["country"]} if loc else {}),
        "event_text": record["summary"],
        "cite_info": [{"url": s["uri"], "language": s["lang"], "text": s["text"]}
                      for s in record["sources"]],
    }
