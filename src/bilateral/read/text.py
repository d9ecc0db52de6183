"""Plain-text dumps: one file, one article, page furniture and all."""

from __future__ import annotations

from bilateral.model import Document, ReadProblem
from bilateral.read.decode import UndecodableError, decode_file_bytes


def read_text(data: bytes, uri: str) -> Document | ReadProblem:
    try:
        text, encoding = decode_file_bytes(data)  # decoded once when sniffed
    except UndecodableError as exc:
        return ReadProblem(uri, str(exc))
    if not text.strip():
        return ReadProblem(uri, "no text in file")
    return Document(uri=uri, source_format="txt", text=text, raw_dump=True,
                    meta={"encoding": encoding})
