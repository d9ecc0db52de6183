"""Readers: every input format becomes the same `Document`.

`read_paths` walks files and folders, tells each file's format from its bytes, and yields
documents and `ReadProblem`s (one per thing that could not be read) in a stable order.
"""

from __future__ import annotations

import gzip
import io
import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bilateral.model import Document, ReadProblem
from bilateral.read.decode import SMALL_BYTES
from bilateral.read.feed import read_feed
from bilateral.read.html import HTMLPage, extracted
from bilateral.read.jsonl import read_jsonl
from bilateral.read.sniff import sniff
from bilateral.read.text import read_text
from bilateral.read.warc import iter_warc

__all__ = ["read_paths", "read_file", "read_items", "list_inputs", "InputFile", "HTMLPage",
           "MAX_DOCUMENT_BYTES"]

# A single article is never this large; a file that is must be a dump of many (use JSONL or
# WARC, which are streamed) or not an article at all.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
_HEAD_BYTES = SMALL_BYTES  # a short file is read whole by the sniff, and decoded once


# Inside a folder, only files that can hold articles are read (a README or a spreadsheet
# beside the articles is not one); a file named on the command line is always read.
ARTICLE_SUFFIXES = frozenset({
    ".txt", ".text", ".html", ".htm", ".xhtml", ".shtml", ".jsonl", ".ndjson", ".json",
    ".warc", ".xml", ".rss", ".atom", ".gz", "",
})


@dataclass(frozen=True)
class InputFile:
    path: Path
    size: int


def list_inputs(paths: Iterable[str]) -> Iterator[InputFile | ReadProblem]:
    """Files under the given paths, recursively and in sorted order; hidden files skipped."""
    for arg in paths:
        path = Path(arg)
        if not path.exists():
            yield ReadProblem(arg, "no such file or directory")
            continue
        if path.is_dir():
            found = False
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or Path(name).suffix.lower() not in ARTICLE_SUFFIXES:
                        continue
                    file = Path(root) / name
                    try:
                        yield InputFile(file, file.stat().st_size)
                        found = True
                    except OSError as exc:
                        yield ReadProblem(str(file), f"cannot read ({exc.strerror})")
            if not found:
                yield ReadProblem(arg, "folder holds no files to ingest")
        elif path.is_file():
            yield InputFile(path, path.stat().st_size)
        else:
            yield ReadProblem(arg, "not a regular file")


def read_file(path: Path) -> Iterator[Document | ReadProblem]:
    """Every document in one file, whatever its format."""
    return extracted(read_items(path))


def read_items(path: Path, progress: Callable[[int], None] | None = None
               ) -> Iterator[Document | ReadProblem | HTMLPage]:
    """`read_file`, but HTML pages (a page, or a WARC's responses) come as HTMLPage, to be
    extracted where the caller likes (ingest: in its worker processes). `progress` is told,
    after each item, how many bytes of the file have been read (of a gzip file: compressed
    bytes), so that a single 10 GB WARC can show how far along it is."""
    name = str(path)
    try:
        with open(path, "rb") as stream:
            head = stream.read(_HEAD_BYTES)
            kind = sniff(head, name)
            if kind == "gzip":
                items = _read_gzip(stream, name)
            else:
                stream.seek(0)
                items = _read_stream(kind, stream, name, path.stat().st_size)
            for item in items:
                yield item
                if progress is not None:
                    progress(stream.tell())
    except PermissionError:
        yield ReadProblem(name, "permission denied")
    except IsADirectoryError:
        yield ReadProblem(name, "is a folder")
    except OSError as exc:
        yield ReadProblem(name, f"cannot read ({exc.strerror or exc})")


def _read_gzip(stream: io.BufferedReader, name: str
               ) -> Iterator[Document | ReadProblem | HTMLPage]:
    stream.seek(0)
    try:
        inner = gzip.GzipFile(fileobj=stream)
        head = inner.peek(_HEAD_BYTES)[:_HEAD_BYTES]
    except (OSError, EOFError, zlib.error) as exc:
        yield ReadProblem(name, f"corrupt gzip ({exc})")
        return
    kind = sniff(head, name.removesuffix(".gz"))
    if kind == "warc":
        stream.seek(0)  # warcio reads gzip members itself, record by record
        yield from iter_warc(stream, name)
        return
    try:
        yield from _read_stream(kind, inner, name, None)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield ReadProblem(name, f"truncated or corrupt gzip ({exc or type(exc).__name__})")


def _read_stream(kind: str, stream, name: str, size: int | None
                 ) -> Iterator[Document | ReadProblem | HTMLPage]:
    if kind == "empty":
        yield ReadProblem(name, "empty file")
    elif kind == "binary":
        yield ReadProblem(name, "binary file, not text, HTML, JSONL, WARC or a feed")
    elif kind == "warc":
        yield from iter_warc(stream, name)
    elif kind == "jsonl":
        yield from read_jsonl(stream, name)
    else:
        if size is not None and size > MAX_DOCUMENT_BYTES:
            yield ReadProblem(name, _too_large(size))
            return
        data = stream.read(MAX_DOCUMENT_BYTES + 1)
        if len(data) > MAX_DOCUMENT_BYTES:
            yield ReadProblem(name, _too_large(None))
            return
        if kind == "feed":
            yield from read_feed(data, name)
        elif kind == "html":
            yield HTMLPage(data, name)
        else:
            yield read_text(data, name)


def _too_large(size: int | None) -> str:
    got = f"{size / 1_048_576:.0f} MB" if size else "more than 20 MB"
    return (f"file too large for one article ({got}, limit 20 MB); "
            "put many articles in JSONL or WARC, which are read as streams")


def read_paths(paths: Iterable[str]) -> Iterator[Document | ReadProblem]:
    for item in list_inputs(paths):
        if isinstance(item, ReadProblem):
            yield item
        else:
            yield from read_file(item.path)
