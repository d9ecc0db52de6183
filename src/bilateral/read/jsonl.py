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


def _lines(stream: IO[bytes]) -> Iterator[tuple[bytes, bool]]:
    """Lines, each read at most MAX_LINE_BYTES at a time (a gzip'd 1 GB line never sits in
    memory): (the line or its head, whether it was too long)."""
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while True:  # skip the rest of the line
                rest = stream.readline(MAX_LINE_BYTES)
                if not rest or rest.endswith(b"\n"):
                    break
            yield raw[:64], True
        else:
            yield raw, False


def _clean(value: object) -> object:
    """JSON may escape lone surrogates ('\\ud800'); no UTF-8 store can hold them."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def read_jsonl(stream: IO[bytes], name: str) -> Iterator[Document | ReadProblem]:
    for lineno, (raw, too_long) in enumerate(_lines(stream), 1):
        where = f"{name}#{lineno}"
        if too_long:
            yield ReadProblem(where, "record too large (over 20 MB)")
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
        yield from _record_document(_clean(record), where)


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
