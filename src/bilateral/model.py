"""The plain data passed between pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Document:
    """One article as a reader found it, and later as the cleaner and language stage leave it.

    `text` is the raw text on the way in (a text dump with its page furniture, or the main text
    trafilatura drew from HTML) and the clean body once `clean` has run. `published` is ISO at
    the precision the source gives ('YYYY', 'YYYY-MM' or 'YYYY-MM-DD').
    """

    uri: str
    source_format: str  # txt | html | jsonl | warc | feed
    text: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    # True when `text` still carries page furniture (text dumps); False when an extractor
    # made for the job (trafilatura) already separated the main text.
    raw_dump: bool = True
    lang: str | None = None
    script: str | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    figures: tuple[Figure, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a clean body: offsets into `Document.text` and its own language."""

    start: int
    end: int
    lang: str
    script: str


@dataclass(frozen=True)
class ReadProblem:
    """Input that could not be read, with the one line the user is shown."""

    uri: str
    reason: str

    def __str__(self) -> str:
        return f"{self.uri}: {self.reason}"


@dataclass(frozen=True)
class EntityRef:
    """The registry entry a mention is linked to."""

    id: str  # registry id, e.g. 'person/kassym-jomart-tokayev', 'country/KAZ'
    name: str  # canonical English name
    country: str | None = None  # ISO 3166 alpha-3


@dataclass(frozen=True)
class Mention:
    """A span of `Document.text` that names something: a person, country, place,
    organisation, project, role or date.

    For dates `value` is ISO at the precision the text gives ('2024', '2024-03',
    '2024-03-11', or '--03-11' when the year is unknown) and `meta` says whether it was
    resolved from a relative expression and against what ('relative': True,
    'anchor': '2024-03-14'), and a range's end ('end': '2024-10-21')."""

    kind: str  # person | country | place | organisation | project | role | date
    text: str
    start: int
    end: int
    value: str | None = None
    entity: EntityRef | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Party:
    """One side of an event: a country (ISO 3166 alpha-3) and, where known, the person or
    organisation acting for it."""

    country: str | None
    entity: str | None = None  # canonical name
    entity_id: str | None = None  # registry id


@dataclass(frozen=True)
class Evidence:
    """The sentence that supports an event, as offsets into the clean text of `uri`."""

    uri: str
    lang: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Event:
    """An event candidate of one document, coded in PLOVER (see DESIGN.md).

    `context` holds PLOVER's contexts ('historical', 'future', 'hypothetical', 'negation');
    a negated or hypothetical event is kept for the record but not exported as happened."""

    type: str  # AGREE | CONSULT | SUPPORT | COOPERATE | AID | ... (PLOVER)
    mode: str | None
    actor: Party
    recipient: Party
    evidence: Evidence
    trigger: str  # the words that named the event, as written
    date: str | None = None  # ISO at its precision
    date_meta: dict[str, Any] = field(default_factory=dict)  # where the date came from
    location: dict[str, str | None] | None = None  # {"name", "country", "id"}
    context: tuple[str, ...] = ()
    summary: str = ""
    confidence: float = 0.5
    kind: str = ""  # the trigger's kind in the lexicon: visit, talks, council, sign ...


@dataclass(frozen=True)
class Figure:
    """A number the text reports (kind 'figure': what was measured) or promises (kind
    'pledge': a stated target, with its deadline if given)."""

    kind: str  # figure | pledge
    subject: str  # what is counted: trade-turnover, investment, documents, ... (lexicon id)
    value: float | None
    unit: str | None  # USD, EUR, tonnes, percent, times, documents, ...
    text: str  # the words that state it
    start: int
    end: int
    evidence: Evidence | None = None
    date: str | None = None  # when it was measured (a year, a period)
    deadline: str | None = None  # for pledges: by when
    countries: tuple[str, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
