"""A document as the store writes it: the values of its rows, made where it was analysed.

`rows_of(doc)` is a pure function of the document, so ingest's workers make the rows and
the one writer process only binds them. The writer was the busiest process of a parallel
ingest: unpickling a Document with its mentions, events and figures cost it more than
unpickling these plain tuples, and encoding the JSON columns and folding the text for the
full-text index were its own work too. What depends on the database (the document's id,
whether it is a copy, when it was stored) is left to `Store`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields

from bilateral.fingerprint import band_pairs, fingerprints, to_signed
from bilateral.merge import dyad_key
from bilateral.model import Document, Party
from bilateral.textutil import fold

Row = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class DocumentRows:
    """Column values in the order of `Store`'s INSERT statements. Child rows lack the
    document's id, which the writer puts first; `idx` is each row's place in the
    document."""

    uri: str
    content_hash: str
    simhash: int | None  # unsigned 64 bits, or None: too short to compare
    simhash_keys: tuple[int, ...]  # band_pairs(simhash)
    document: Row  # uri .. content_hash, simhash (signed) and meta: see Store._insert
    paragraphs: tuple[Row, ...]
    mentions: tuple[Row, ...]
    candidates: tuple[Row, ...]
    figures: tuple[Row, ...]
    fts_title: str  # folded, for the full-text index
    fts_text: str


def rows_of(doc: Document, fingerprint: tuple[str, int | None] | None = None
            ) -> DocumentRows:
    """The rows of `doc`. `fingerprint` is `fingerprints(doc.text)` when already made."""
    content_hash, simhash = fingerprint or fingerprints(doc.text)
    return DocumentRows(
        uri=doc.uri,
        content_hash=content_hash,
        simhash=simhash,
        simhash_keys=tuple(band_pairs(simhash)) if simhash is not None else (),
        document=(doc.uri, doc.source_format, doc.title, doc.published, doc.author, doc.lang,
                  doc.script, doc.text, content_hash,
                  to_signed(simhash) if simhash is not None else None, json_text(doc.meta)),
        paragraphs=tuple((i, p.start, p.end, p.lang, p.script)
                         for i, p in enumerate(doc.paragraphs)),
        mentions=tuple((i, m.kind, m.start, m.end, m.text, m.value,
                        m.entity.id if m.entity else None, m.entity.name if m.entity else None,
                        m.entity.country if m.entity else None, json_text(m.meta))
                       for i, m in enumerate(doc.mentions)),
        candidates=tuple((i, dyad_key(e.actor.country, e.recipient.country), e.type, e.mode,
                          e.kind, party_json(e.actor), party_json(e.recipient), e.date,
                          json_text(e.date_meta),
                          json_text(e.location) if e.location else None,
                          json_text(list(e.context)), e.trigger, e.summary, e.confidence,
                          e.evidence.text, e.evidence.start, e.evidence.end)
                         for i, e in enumerate(doc.events)),
        figures=tuple((i, f.kind, f.subject, f.value, f.unit, f.text, f.start, f.end,
                       f.date, f.deadline, json_text(list(f.countries)),
                       f.evidence.text if f.evidence else None,
                       f.evidence.start if f.evidence else None,
                       f.evidence.end if f.evidence else None, json_text(f.meta))
                      for i, f in enumerate(doc.figures)),
        fts_title=fold(doc.title or ""),
        fts_text=fold(doc.text),
    )


# One encoder for every JSON column. json.dumps with options builds a new JSONEncoder at
# each call, which costs as much as encoding a small dict; `encode` gives the same text.
_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)


def json_text(value: object) -> str:
    """`json.dumps(value, ensure_ascii=False, default=str)`, without building an encoder
    per call. Most mentions' meta is an empty dict: that one is answered at once."""
    if type(value) is dict and not value:
        return "{}"
    return _ENCODER.encode(value)


# The JSON of each event party stored, by party: a corpus names a few hundred parties
# (countries and the registry's people and organisations) thousands of times. Party is a
# frozen dataclass of strings, so equal parties have equal JSON. The cap only guards memory.
_PARTY_JSON: dict[Party, str] = {}
_PARTY_JSON_CAP = 10_000
_PARTY_FIELDS = tuple(f.name for f in fields(Party))


def party_json(party: Party) -> str:
    """What `json_text(dataclasses.asdict(party))` gives (asdict deep-copies every field:
    several times slower), read field by field in the dataclass's order."""
    text = _PARTY_JSON.get(party)
    if text is None:
        if len(_PARTY_JSON) >= _PARTY_JSON_CAP:
            _PARTY_JSON.clear()
        text = _PARTY_JSON[party] = json_text({name: getattr(party, name)
                                               for name in _PARTY_FIELDS})
    return text
