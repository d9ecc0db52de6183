"""JSON Lines: one record per line with url/uri, title, published/date, and text or html.

Read as a stream, line by line, so a file of any size never sits in memory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO

from bilateral.model import Document, ReadProblem
from bilateral.read.html import extract_html

MAX_LINE_BYTES = 20 * 1024 * 1024


def _first_str(record: dict, *keys: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def read_jsonl(stream: IO[bytes], name: str) -> Iterator[Document | ReadProblem]:
    for lineno, raw in enumerate(stream, 1):
        where = f"{name}#{lineno}"
        if len(raw) > MAX_LINE_BYTES:
            yield ReadProblem(where, f"record too large ({len(raw) // 1_048_576} MB)")
            continue
        if not raw.strip():
            continue
        try:
            record = json.loads(raw.decode("utf-8-sig" if lineno == 1 else "utf-8"))
        except UnicodeDecodeError:
            yield ReadProblem(where, "line is not UTF-8 (JSON Lines must be UTF-8)")
            continue
        except ValueError as exc:
            yield ReadProblem(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield ReadProblem(where, "a JSON object was expected on this line")
            continue
        yield from _record_document(record, where)


def _record_document(record: dict, where: str) -> Iterator[Document | ReadProblem]:
    uri = _first_str(record, "url", "uri") or where
    title = _first_str(record, "title")
    published = _first_str(record, "published", "date")
    text = _first_str(record, "text")
    page = _first_str(record, "html")
    meta = {"record": where}
    lang = _first_str(record, "lang", "language")
    if lang:
        meta["declared_lang"] = lang
    if text is not None:
        yield Document(uri=uri, source_format="jsonl", text=text, title=title,
                       published=published, author=_first_str(record, "author"),
                       raw_dump=True, meta=meta)
        return
    if page is not None:
        doc = extract_html(page, uri, source_format="jsonl")
        if isinstance(doc, ReadProblem):
            yield ReadProblem(where, doc.reason)
            return
        yield Document(uri=uri, source_format="jsonl", text=doc.text,
                       title=title or doc.title, published=published or doc.published,
                       author=_first_str(record, "author") or doc.author, raw_dump=False,
                       meta={**doc.meta, **meta})
        return
    yield ReadProblem(where, "record has neither 'text' nor 'html'")
