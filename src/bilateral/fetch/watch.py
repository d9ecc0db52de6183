"""`bilateral watch SOURCES_FILE`: poll feeds and pages on a schedule and ingest what is new.

Each poll: the sources due (not backed off) are fetched with conditional requests (ETag,
Last-Modified) in parallel; feed entries not seen before are followed to their pages; each
source's documents are stored in one transaction together with the seen marks and the
source's new validators, so a poll cut short resumes where it stopped; then events are
merged and one line is logged. A source that fails is reported and counted and never stops
the watch; one that keeps failing is skipped for 1, 3, 7 ... polls.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime

from bilateral.fetch.client import FetchConfig, Fetcher, FetchError, FetchResult, Resolver
from bilateral.fetch.harvest import (
    WORKERS,
    Item,
    feed_entries,
    follow_entries,
    get_or_error,
    install_sigterm,
    kind_of,
    page_document,
    restore_sigterm,
    store_item,
)
from bilateral.fetch.seen import SeenStore
from bilateral.fetch.sources import Source, SourcesError, read_sources
from bilateral.ingest import IngestReport
from bilateral.model import Document, ReadProblem
from bilateral.store import Store, StoreError

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_INTERVAL = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)", re.IGNORECASE)


def parse_interval(text: str) -> float:
    """Seconds in '15m', '1h', '30s', '2d', '1h30m' or a bare number of seconds."""
    cleaned = text.strip().replace(" ", "")
    pos, total = 0, 0.0
    while pos < len(cleaned):
        match = _INTERVAL.match(cleaned, pos)
        if not match or not match.group(0):
            raise ValueError(f"not an interval: {text!r} (say 30s, 15m, 1h or 1h30m)")
        total += float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]
        pos = match.end()
    if not cleaned or total <= 0:
        raise ValueError(f"not an interval: {text!r} (say 30s, 15m, 1h or 1h30m)")
    return total


@dataclass
class PollReport:
    number: int
    started: str
    sources: int = 0  # listed
    polled: int = 0  # asked this poll
    unchanged: int = 0  # answered 304 Not Modified
    backed_off: int = 0  # skipped: failing lately
    ingest: IngestReport = field(default_factory=IngestReport)
    errors: list[str] = field(default_factory=list)  # one line each, sources and articles

    def line(self) -> str:
        n = self.ingest.new
        parts = [f"{self.started} poll {self.number}: {self.polled} of {self.sources} "
                 f"source{'s' if self.sources != 1 else ''} polled"]
        extra = []
        if self.unchanged:
            extra.append(f"{self.unchanged} unchanged")
        if self.backed_off:
            extra.append(f"{self.backed_off} backed off")
        if extra:
            parts[0] += f" ({', '.join(extra)})"
        parts.append(f"{n} new document{'s' if n != 1 else ''}")
        if self.ingest.existing:
            parts.append(f"{self.ingest.existing} already stored")
        if self.ingest.duplicates:
            parts.append(f"{self.ingest.duplicates} duplicate"
                         f"{'s' if self.ingest.duplicates != 1 else ''}")
        parts.append(f"{len(self.errors)} error{'s' if len(self.errors) != 1 else ''}")
        if self.ingest.events:
            e = self.ingest.events
            parts.append(f"{e} event{'s' if e != 1 else ''} in the country pairs touched")
        return ", ".join(parts)


def _source_meta(source: Source) -> dict[str, str]:
    meta = {"source": source.url}
    if source.name:
        meta["outlet"] = source.name
    if source.lang:
        meta["declared_lang"] = source.lang
    return meta


def _marker(seen: SeenStore, source_url: str, error: Callable[[str], None]
            ) -> Callable[[Item, ReadProblem | None], None]:
    def done(item: Item, problem: ReadProblem | None) -> None:
        if problem is not None:
            error(str(problem))
        seen.mark(item.url, source_url, "stored" if problem is None else "failed",
                  None if problem is None else problem.reason)
    return done


def poll_once(sources: list[Source], store: Store, seen: SeenStore, fetcher: Fetcher,
              pool: ThreadPoolExecutor, *, warn: Callable[[str], None] | None = None
              ) -> PollReport:
    """One poll over `sources`; see the module's docstring."""
    number = seen.next_poll()
    report = PollReport(number, datetime.now().astimezone().isoformat(timespec="seconds"),
                        sources=len(sources))

    def error(line: str) -> None:
        report.errors.append(line)
        if warn is not None:
            warn(line)

    # 1. The sources due, fetched concurrently (each host keeps to its own limits).
    due: list[tuple[Source, Future[FetchResult | FetchError]]] = []
    for source in sources:
        state = seen.source(source.url)
        if state.skip_until > number:
            report.backed_off += 1
            continue
        due.append((source, pool.submit(get_or_error, fetcher, source.url,
                                        etag=state.etag, last_modified=state.last_modified)))
    report.polled = len(due)

    # 2. Feeds read; the entries not seen before are followed to their pages, all sources'
    #    pages at once.
    pending: list[tuple[Source, FetchResult, list[Future[Item]] | list[Item]]] = []
    taken: set[str] = set()  # one link in two feeds is fetched once
    for source, future in due:
        result = future.result()
        if isinstance(result, FetchError):
            skip = seen.source_failed(source.url, number, result.reason)
            error(f"{source.url}: {result.reason}"
                  + (f" (skipped for the next {skip} poll{'s' if skip != 1 else ''})"
                     if skip else ""))
            continue
        if result.not_modified:
            report.unchanged += 1
            seen.source_ok(source.url, None, None, keep_validators=True)
            continue
        meta = _source_meta(source)
        kind = kind_of(result)
        if kind == "feed":
            entries, bad = feed_entries(result, source.url, meta)
            if bad is not None:
                skip = seen.source_failed(source.url, number, bad.reason)
                error(f"{bad}" + (f" (skipped for the next {skip} poll"
                                  f"{'s' if skip != 1 else ''})" if skip else ""))
                continue
            fresh = []
            for entry in entries:
                if entry.uri in taken or seen.is_seen(entry.uri):
                    continue
                taken.add(entry.uri)
                fresh.append(entry)
            pending.append((source, result, follow_entries(fresh, fetcher, pool, meta)))
        else:  # an article page as a source: the store tells a changed page from the same
            found = page_document(result, source.url, meta)
            item = (Item(source.url, found) if isinstance(found, Document)
                    else Item(source.url, problem=found))
            pending.append((source, result, [item]))

    # 3. Stored source by source, each in one transaction with its seen marks and validators.
    for source, result, entries in pending:
        # Pages are all fetched before the transaction opens: no write lock held on the network.
        items = [e.result() if isinstance(e, Future) else e for e in entries]
        done = _marker(seen, source.url, error)
        with store.batch(1_000_000) as batch:
            for item in items:
                if item.doc is not None and item.doc.meta.get("page_error") and warn:
                    # Stored from the feed's own content: worth a line, not an error.
                    warn(f"{item.url}: page not fetched ({item.doc.meta['page_error']}); "
                         "stored the feed entry's content")
                store_item(batch, item, report.ingest, done)
            seen.source_ok(source.url, result.etag, result.last_modified)
    report.ingest.events = store.merge()
    return report


def run_watch(sources_file: str, store: Store, fetcher: Fetcher, *, every: float = 900,
              once: bool = False, max_polls: int | None = None,
              sleep: Callable[[float], object] = time.sleep,
              clock: Callable[[], float] = time.monotonic,
              log: Callable[[str], None] | None = None,
              warn: Callable[[str], None] | None = None) -> list[PollReport]:
    """Poll until interrupted (or once, or `max_polls` times). The sources file is read again
    before each poll, so an edit takes effect without a restart. Raises SourcesError when
    the file cannot be used at the start; later, the last good list is kept."""
    sources = read_sources(sources_file)
    seen = SeenStore(store.db)
    seen.retry_now()
    reports: list[PollReport] = []
    pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="bilateral-fetch")
    try:
        while True:
            started = clock()
            if reports:
                try:
                    sources = read_sources(sources_file)
                except SourcesError as exc:
                    if warn is not None:
                        warn(f"{exc}; polling the sources read before")
            report = poll_once(sources, store, seen, fetcher, pool, warn=warn)
            reports.append(report)
            if log is not None:
                log(report.line())
            if once or (max_polls is not None and len(reports) >= max_polls):
                return reports
            # The schedule counts from each poll's start, so polls do not drift later.
            wait = every - (clock() - started)
            if wait > 0:
                sleep(wait)
    except BaseException:
        fetcher.cancel()  # fetches in flight give up instead of holding the exit
        raise
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def watch(sources_file: str, db: str, *, every: float = 900, once: bool = False,
          allow_private: bool = False, config: FetchConfig | None = None,
          resolver: Resolver | None = None, max_polls: int | None = None,
          sleep: Callable[[float], object] = time.sleep,
          clock: Callable[[], float] = time.monotonic,
          log: Callable[[str], None] = _stderr) -> int:
    """`bilateral watch`: returns the exit status. 0 when stopped by Ctrl-C or SIGTERM (the
    normal end of a watch) or after `once`; 1 for an unusable sources file or database, with
    one line on stderr. `config`, `resolver`, `max_polls`, `sleep`, `clock` and `log` are for
    tests."""
    if every <= 0:
        log("bilateral: error: the interval must be positive")
        return 1
    try:
        read_sources(sources_file)  # a bad file is reported before the database is touched
        store = Store(db)
    except (SourcesError, StoreError) as exc:
        log(f"bilateral: error: {exc}")
        return 1
    config = replace(config or FetchConfig(), allow_private=allow_private)
    fetcher = Fetcher(config, **({"resolver": resolver} if resolver else {}))
    previous = install_sigterm()

    def warn(line: str) -> None:
        log(f"bilateral: {line}")

    try:
        run_watch(sources_file, store, fetcher, every=every, once=once, max_polls=max_polls,
                  sleep=sleep, clock=clock, log=log, warn=warn)
    except SourcesError as exc:
        log(f"bilateral: error: {exc}")
        return 1
    except KeyboardInterrupt:
        # The document being stored was rolled back to its savepoint and those before it
        # committed (the batch's exit); the next start goes on from there.
        fetcher.cancel()
        log("bilateral: watch stopped; state kept in the database, run again to resume")
    finally:
        restore_sigterm(previous)
        fetcher.close()
        store.close()
    return 0
