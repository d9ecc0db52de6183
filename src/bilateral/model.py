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
