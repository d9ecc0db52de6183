"""From fetched bytes to documents: an article page is extracted like a local HTML file, a
feed's entries are followed to their pages (the entry's own content when the page cannot be
had), and every document records where and when it was fetched (`meta['fetched']`,
`meta['final_url']`).

`ingest_urls` is `bilateral ingest URL...`; `bilateral watch` (watch.py) reuses the pieces.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from bilateral.fetch.client import FetchConfig, Fetcher, FetchError, FetchResult
from bilateral.ingest import IngestReport
from bilateral.model import Document, ReadProblem
from bilateral.pipeline import process
from bilateral.read.feed import read_feed
from bilateral.read.html import extract_html
from bilateral.read.sniff import sniff
from bilateral.read.text import read_text
from bilateral.store import Batch, Store

# Fetches in flight at once over all hosts; each host has its own, smaller limit.
WORKERS = 8
_HEAD = 65536
_NOT_TEXT = ("image/", "audio/", "video/", "font/")
_NOT_TEXT_TYPES = frozenset({"application/pdf", "application/zip", "application/gzip",
                             "application/x-gzip",
                             "application/vnd.ms-excel", "application/msword"})


@dataclass
class Item:
    """One thing to store: a document, or the reason there is none. `url` is the key the
    watch remembers it by (the article's URL as the feed or the user gave it)."""

    url: str
    doc: Document | None = None
    problem: ReadProblem | None = None


@dataclass
class Harvest:
    """What one fetched URL (a page or a feed) yields."""

    url: str
    result: FetchResult | None = None
    error: FetchError | None = None
    kind: str = ""  # feed | page | unsupported
    items: list[Item] = field(default_factory=list)
    problem: ReadProblem | None = None  # a feed that cannot be read at all


def kind_of(result: FetchResult, exact: bool = False) -> str:
    """feed, page (HTML or text; with `exact`, html or txt) or what else the response is.
    A media type that is never text (an image, a PDF, an archive) is believed over the bytes,
    which could pass for UTF-16."""
    media = (result.content_type or "").split(";")[0].strip().lower()
    if media.startswith(_NOT_TEXT) or media in _NOT_TEXT_TYPES:
        return "binary"
    kind = sniff(result.content[:_HEAD], result.final_url)
    if kind in ("html", "txt") and not exact:
        return "page"
    return kind


def page_document(result: FetchResult, uri: str, meta: dict[str, Any] | None = None
                  ) -> Document | ReadProblem:
    """The article of a fetched page, read as a local file of the same kind would be."""
    kind = kind_of(result, exact=True)
    if kind == "html":
        found = extract_html(result.content, uri, charset=result.charset)
    elif kind == "txt":
        found = read_text(result.content, uri)
    elif kind == "empty":
        return ReadProblem(uri, "empty response")
    else:
        what = (result.content_type or kind).split(";")[0]
        return ReadProblem(uri, f"not an article page or a feed ({what})")
    if isinstance(found, ReadProblem):
        return found
    return _with_fetch_meta(found, result, meta)


def _with_fetch_meta(doc: Document, result: FetchResult,
                     meta: dict[str, Any] | None) -> Document:
    extra = {"fetched": result.fetched, "final_url": result.final_url, **(meta or {})}
    return replace(doc, meta={**doc.meta, **extra})


def feed_entries(result: FetchResult, source_url: str, meta: dict[str, Any] | None = None
                 ) -> tuple[list[Document | ReadProblem], ReadProblem | None]:
    """A fetched feed's entries (each with the feed's fetch metadata), or the problem when
    it has none to offer: no entries, or only entries with neither content nor link (what
    feedparser makes of a malformed feed)."""
    entries = list(read_feed(result.content, source_url))
    synthetic = source_url + "#entry-"  # read_feed's uri for an entry without a link
    usable = [e for e in entries
              if isinstance(e, Document) or not e.uri.startswith(synthetic)]
    if not usable:
        first = entries[0] if entries else ReadProblem(source_url, "feed has no entries")
        reason = (first.reason if first.uri == source_url
                  else f"no usable entries ({first.reason})")
        return [], ReadProblem(source_url, reason)
    out: list[Document | ReadProblem] = []
    for entry in usable:
        if isinstance(entry, Document):
            entry = _with_fetch_meta(entry, result, meta)
        out.append(entry)
    return out, None


def follow_entries(entries: Sequence[Document | ReadProblem], fetcher: Fetcher,
                   pool: ThreadPoolExecutor, meta: dict[str, Any] | None = None
                   ) -> list[Future[Item]]:
    """Fetch each entry's article page (concurrently); the entry's content stands in when
    the page cannot be fetched or holds no article."""
    return [pool.submit(_follow, entry, fetcher, meta) for entry in entries]


def entry_feed(entry: Document | ReadProblem) -> str | None:
    return entry.meta.get("feed") if isinstance(entry, Document) else None


def _follow(entry: Document | ReadProblem, fetcher: Fetcher,
            meta: dict[str, Any] | None) -> Item:
    link = entry.uri
    if not link.lower().startswith(("http://", "https://")) or (
            "#entry-" in link and link.split("#entry-")[0] == entry_feed(entry)):
        # No page to follow: the entry has no link of its own.
        return Item(link, entry) if isinstance(entry, Document) else Item(link, problem=entry)
    try:
        page = fetcher.get(link)
        found = page_document(page, link, meta)
        reason = found.reason if isinstance(found, ReadProblem) else None
    except FetchError as exc:
        found, reason = None, exc.reason
    if isinstance(found, Document):
        if isinstance(entry, Document):  # what the page does not say, the entry may
            found = replace(found, title=found.title or entry.title,
                            published=found.published or entry.published,
                            author=found.author or entry.author,
                            # the page's fetch time and final URL over the feed's
                            meta={**entry.meta, **found.meta})
        return Item(link, found)
    if isinstance(entry, Document):
        return Item(link, replace(entry, meta={**entry.meta, "page_error": reason}))
    return Item(link, problem=ReadProblem(link, f"{entry.reason}; page: {reason}"))


def store_item(batch: Batch, item: Item, report: IngestReport,
               on_done: Callable[[Item, ReadProblem | None], None] | None = None
               ) -> ReadProblem | None:
    """Process and store one item whole (with what `on_stored` writes, e.g. the seen
    mark) or not at all. Returns the problem when there is one."""
    db = batch.store.db
    db.execute("SAVEPOINT fetch_item")
    try:
        found: Document | ReadProblem | None = item.problem
        if item.doc is not None:
            found = process(item.doc)
        if isinstance(found, Document):
            report.count(batch.add(found))
            problem = None
        else:
            problem = found or ReadProblem(item.url, "nothing to store")
            report.problems.append(problem)
        if on_done is not None:
            on_done(item, problem)
    except BaseException:
        db.execute("ROLLBACK TO fetch_item")
        db.execute("RELEASE fetch_item")
        raise
    db.execute("RELEASE fetch_item")
    return problem


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise _Terminated()


def install_sigterm() -> Any:
    """Make SIGTERM stop like Ctrl-C; returns the previous handler (None off the main
    thread, where signals cannot be handled)."""
    try:
        return signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:
        return None


def restore_sigterm(previous: Any) -> None:
    if previous is not None:
        signal.signal(signal.SIGTERM, previous)


def ingest_urls(urls: Iterable[str], store: Store, *, allow_private: bool = False,
                warn: Callable[[str], None] | None = None,
                config: FetchConfig | None = None,
                fetcher: Fetcher | None = None) -> IngestReport:
    """`bilateral ingest URL...`: fetch each URL; an article page is extracted like a local
    HTML file, a feed's entries are followed to their pages. Events are merged at the end.
    `config` or `fetcher` replace the defaults (tests)."""
    report = IngestReport()
    own = fetcher is None
    if fetcher is None:
        config = replace(config or FetchConfig(), allow_private=allow_private)
        fetcher = Fetcher(config)

    def problem(p: ReadProblem) -> None:
        report.problems.append(p)
        if warn is not None:
            warn(f"skipped {p}")

    previous = install_sigterm()
    pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="bilateral-fetch")
    try:
        urls = list(dict.fromkeys(urls))
        fetched = [pool.submit(get_or_error, fetcher, url) for url in urls]
        for url, future in zip(urls, fetched, strict=True):
            result = future.result()
            if isinstance(result, FetchError):
                problem(ReadProblem(url, result.reason))
                continue
            items: list[Item]
            if kind_of(result) == "feed":
                entries, bad = feed_entries(result, url)
                if bad is not None:
                    problem(bad)
                    continue
                items = [f.result() for f in follow_entries(entries, fetcher, pool)]
            else:
                found = page_document(result, url)
                items = [Item(url, found) if isinstance(found, Document)
                         else Item(url, problem=found)]
            with store.batch(1_000_000) as batch:
                for item in items:
                    before = len(report.problems)
                    store_item(batch, item, report)
                    if warn is not None and len(report.problems) > before:
                        warn(f"skipped {report.problems[-1]}")
        report.events = store.merge()
    except KeyboardInterrupt:
        report.interrupted = True
        fetcher.cancel()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        restore_sigterm(previous)
        if own:
            fetcher.close()
    return report


def get_or_error(fetcher: Fetcher, url: str, **validators: str | None
                 ) -> FetchResult | FetchError:
    """The fetch's result or its error, so a pool's futures never raise."""
    try:
        return fetcher.get(url, **validators)
    except FetchError as exc:
        return exc
