"""WARC crawls (.warc, .warc.gz): the HTML responses, streamed record by record."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from bilateral.model import Document, ReadProblem
from bilateral.read.html import HTMLPage, extracted

MAX_RECORD_BYTES = 20 * 1024 * 1024
_CHARSET_RE = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)


class _CappedLines:
    """warcio reads a header line whole, joining its chunks: a 1 GB line (a gzip bomb) would
    take 1 GB and quadratic time. Lines longer than `cap` are refused."""

    def __init__(self, reader, cap: int) -> None:
        self._reader, self._cap = reader, cap

    def readline(self, length: int | None = None) -> bytes:
        limit = min(length or self._cap, self._cap)
        line = self._reader.readline(limit)
        if len(line) >= self._cap and not line.endswith(b"\n"):
            raise ValueError(f"a WARC header line is longer than {self._cap} bytes")
        return line

    def close_decompressor(self) -> None:
        # warcio drops its gzip decompressor when the file ends: whether the last gzip member
        # was whole is known only then (a file cut inside a member just ends).
        decompressor = getattr(self._reader, "decompressor", None)
        eof = getattr(decompressor, "eof", True)
        self._reader.close_decompressor()
        if not eof:
            raise EOFError("the file ends inside a gzip member")

    def __getattr__(self, name: str):
        return getattr(self._reader, name)


MAX_HEADER_LINE = 1 << 20


def _check_whole(record, archive: ArchiveIterator) -> None:
    """warcio ends a cut file quietly, handing over a short last record: what is left of
    its declared length tells (checked once the record has been read to its end); and it
    only warns of a record not followed by the blank lines its Content-Length puts there."""
    if archive.err_count:
        raise ValueError("a record's Content-Length does not match its content")
    if record is None:
        return
    headers = record.rec_headers
    # A file cut inside a record's WARC headers comes out as a record without the headers
    # every WARC record has (WARC/1.1 section 5).
    length = (headers.get_header("Content-Length") or "").strip()
    if not record.rec_type or not headers.get_header("WARC-Record-ID") or not length.isdigit():
        raise EOFError("a record without WARC-Type, WARC-Record-ID or Content-Length "
                       "(cut in its headers?)")
    if getattr(record.raw_stream, "limit", 0):
        uri = headers.get_header("WARC-Target-URI") or "a record"
        raise EOFError(f"the record of {uri} is cut short")


def read_warc(stream: IO[bytes], name: str) -> Iterator[Document | ReadProblem]:
    """The HTML responses of a WARC, each extracted to a Document."""
    return extracted(iter_warc(stream, name))


def iter_warc(stream: IO[bytes], name: str) -> Iterator[HTMLPage | ReadProblem]:
    """The HTML responses of a WARC as pages still to extract, streamed record by record.
    A page is handed on once warcio has read past its record: only then does it tell a
    record whose Content-Length does not match what follows it."""
    count = 0  # pages handed on
    records = 0  # HTML records met (names a record without a target URI)
    previous = None
    held: HTMLPage | None = None
    try:
        archive = ArchiveIterator(stream)
        archive.reader = _CappedLines(archive.reader, MAX_HEADER_LINE)
        archive.INC_RECORD = ""  # warcio prints a three-line warning itself; we count it
        for record in archive:
            _check_whole(previous, archive)
            if held is not None:
                count += 1
                yield held
                held = None
            previous = record
            if record.rec_type not in ("response", "resource"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"{name}#{records}"
            if record.http_headers is not None:
                status = record.http_headers.get_statuscode()
                ctype = record.http_headers.get_header("Content-Type") or ""
                if status != "200":
                    continue
            else:
                ctype = record.rec_headers.get_header("Content-Type") or ""
            if "html" not in ctype.lower():
                continue
            body = record.content_stream().read(MAX_RECORD_BYTES + 1)
            if len(body) > MAX_RECORD_BYTES:
                yield ReadProblem(uri, "response larger than 20 MB, skipped")
                continue
            _check_whole(record, archive)
            records += 1
            match = _CHARSET_RE.search(ctype)
            held = HTMLPage(body, uri, source_format="warc",
                            charset=match.group(1) if match else None,
                            meta={"fetched": record.rec_headers.get_header("WARC-Date")})
        _check_whole(previous, archive)
        # warcio also ends quietly on a file cut inside a record's WARC headers: it stops
        # where the last whole record (and the blank lines after it) ended.
        if archive.fh.tell() > archive.offset:
            raise EOFError(f"{archive.fh.tell() - archive.offset} bytes after the last whole"
                           " record: a record cut in its headers")
        if held is not None:
            count += 1
            yield held
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError, AttributeError,
            KeyError, IndexError, TypeError) as exc:
        # warcio raises more than its own errors on malformed records (a response with no
        # target URI is an AttributeError): any of them ends this file with one problem.
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        # The message may quote the bytes it choked on: one printable line of them.
        detail = "".join(ch if ch.isprintable() else "?" for ch in detail)[:80]
        yield ReadProblem(name, f"truncated or corrupt WARC after {count} pages ({detail})")
