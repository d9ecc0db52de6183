"""Which reader a file needs, told from its first bytes (the extension is only a tie-breaker)."""

from __future__ import annotations

import json
import re

from bilateral.read.decode import UndecodableError, decode_file_bytes, looks_binary

GZIP_MAGIC = b"\x1f\x8b"
_FEED_RE = re.compile(r"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_RE = re.compile(r"<(!doctype\s+html|html|head|body|article|div|p)[\s>]", re.IGNORECASE)
_UTF8_BOM = b"\xef\xbb\xbf"


def _markup(text: str) -> str | None:
    """'feed' or 'html' for text that starts with the tags of one, else None."""
    start = text.lstrip()
    if not start.startswith("<"):
        return None
    if _FEED_RE.search(start[:2048]):
        return "feed"
    if _HTML_RE.search(start[:65536]):
        return "html"
    return None


def _markup_kind(head: bytes) -> str | None:
    """`_markup` of a head in an ASCII-compatible encoding, told without decoding it: tags
    are ASCII in all of them, and a page's own charset (a <meta> tag, read by the HTML
    reader) may be one the text decoder does not guess, such as GB2312 or Shift_JIS.
    Decoding was also the sniff's largest cost on a Cyrillic page."""
    head = head.removeprefix(_UTF8_BOM)
    if not head.lstrip().startswith(b"<"):
        return None
    # Latin-1 maps each byte to one character: the same ASCII tags, never an error.
    return _markup(head.decode("latin-1"))


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
    markup = _markup(text)  # markup in UTF-16 or UTF-32, whose bytes are not ASCII
    if markup is not None:
        return markup
    start = text.lstrip()[:2048]
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
