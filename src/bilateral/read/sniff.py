"""Which reader a file needs, told from its first bytes (the extension is only a tie-breaker)."""

from __future__ import annotations

import json
import re

from bilateral.read.decode import UndecodableError, decode_file_bytes, looks_binary

GZIP_MAGIC = b"\x1f\x8b"
_FEED_RE = re.compile(r"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_RE = re.compile(r"<(!doctype\s+html|html|head|body|article|div|p)[\s>]", re.IGNORECASE)


def sniff(head: bytes, name: str) -> str:
    """Return one of: empty, gzip, warc, feed, html, jsonl, txt, binary."""
    if not head.strip():
        return "empty"
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.lstrip().startswith(b"WARC/"):
        return "warc"
    if looks_binary(head):
        return "binary"
    try:
        text, _ = decode_file_bytes(head)
    except UndecodableError:
        return "binary"
    start = text.lstrip()[:2048]
    if start.startswith("<"):
        if _FEED_RE.search(start):
            return "feed"
        if _HTML_RE.search(text[:65536]):
            return "html"
    lowered = name.lower()
    if start.startswith("{"):
        first = start.split("\n", 1)[0]
        if lowered.endswith((".jsonl", ".ndjson", ".json")):
            return "jsonl"
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except ValueError:
            pass
    if lowered.endswith((".html", ".htm", ".xhtml")) and _HTML_RE.search(text[:65536]):
        return "html"
    return "txt"
