"""RSS and Atom feeds (feedparser): one document per entry, with the entry's content."""

from __future__ import annotations

import time
from collections.abc import Iterator

from bilateral.model import Document, ReadProblem
from bilateral.read.html import fragment_to_text


def _iso_date(parsed: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def read_feed(data: bytes, name: str) -> Iterator[Document | ReadProblem]:
    import feedparser  # on the first feed: most commands and ingests never read one

    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # noqa: BLE001 - feedparser's loose parser raises on bad refs
        yield ReadProblem(name, f"malformed feed ({type(exc).__name__})")
        return
    if not parsed.entries:
        reason = "feed has no entries"
        if parsed.bozo:
            reason = f"malformed feed ({str(parsed.get('bozo_exception', '')).strip()[:100]})"
        yield ReadProblem(name, reason)
        return
    feed_lang = parsed.feed.get("language")
    for index, entry in enumerate(parsed.entries, 1):
        uri = entry.get("link") or entry.get("id") or f"{name}#entry-{index}"
        contents = entry.get("content") or []
        body = max((c.get("value", "") for c in contents), key=len, default="")
        summary = entry.get("summary") or ""  # the loose parser may leave it None
        if len(body or "") < len(summary):
            body = summary
        text = fragment_to_text(body)
        if not text.strip():
            yield ReadProblem(uri, "feed entry has no content")
            continue
        meta = {"feed": name}
        if feed_lang:
            meta["declared_lang"] = feed_lang
        yield Document(
            uri=uri,
            source_format="feed",
            text=text,
            title=entry.get("title") or None,
            published=_iso_date(entry.get("published_parsed") or entry.get("updated_parsed")),
            author=entry.get("author") or None,
            raw_dump=True,
            meta=meta,
        )
