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
