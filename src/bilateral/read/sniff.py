"""Which reader a file needs, told from its first bytes (the extension is only a tie-breaker)."""

from __future__ import annotations

import json
import re

from bilateral.read.decode import UndecodableError, decode_file_bytes, looks_binary

GZIP_MAGIC = b"\x1f\x8b"
_FEED_RE = re.compile(r"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_RE = re.compile(r"<(!doctype\s+html|html|head|body|article|div|p)[\s>]", re.IGNORECASE)
_UTF8_BOM = b"\xef\xbb\xbf"


def _markup_kind(head: bytes) -> str | None:
    """'feed' or 'html' for a head in an ASCII-compatible encoding that starts with markup,
    told without decoding it: tags are ASCII in all of them, and a page's own charset (a
    <meta> tag, read by the HTML reader) may be one the text decoder does not guess, such
    as GB2312 or Shift_JIS. Decoding was also the sniff's largest cost on a Cyrillic page."""
    start = head.removeprefix(_UTF8_BOM).lstrip()
    if not start.startswith(b"<"):
        return None
    # Latin-1 maps each byte to one character: the same ASCII tags, never an error.
    text = start.decode("latin-1")
    if _FEED_RE.search(text[:2048]):
        return "feed"
    if _HTML_RE.search(text[:65536]):
        return "html"
    return None


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
    markup = _markup_kind(head)
    if markup is not None:
        return markup
    try:
        text, _ = decode_file_bytes(head)
    except UndecodableError:
        return "binary"
    start = text.lstrip()[:2048]
    if start.startswith("<"):  # markup in UTF-16 or UTF-32, whose bytes are not ASCII
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
