"""`bilateral ingest`: read, process and store, with progress and one summary line."""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from types import FrameType

from tqdm import tqdm

from bilateral.fingerprint import fingerprints
from bilateral.model import Document, ReadProblem
from bilateral.pipeline import DOCUMENTS_PER_STEP, analysis_problem, process_many, warm
from bilateral.read import HTMLPage, list_inputs, read_items
from bilateral.read.html import extract_pages
from bilateral.store import AddResult, Store
from bilateral.store_rows import DocumentRows, rows_of

# After this many problems of one kind in one file, the rest are counted, not printed.
_PRINTED_PER_FILE_AND_REASON = 3


@dataclass
class IngestReport:
    new: int = 0
    duplicates: int = 0
    existing: int = 0
    problems: list[ReadProblem] = field(default_factory=list)
    interrupted: bool = False
    events: int = 0  # events of the dyads this ingest touched

    def count(self, result: AddResult) -> None:
        """Count one document the store took (new, a copy of another, or already there)."""
        if result.status == "new":
            self.new += 1
        elif result.status == "duplicate":
            self.duplicates += 1
        else:
            self.existing += 1

    @property
    def stored(self) -> int:
        return self.new + self.duplicates

    def summary(self) -> str:
        parts = [f"ingested {self.stored} document{'s' if self.stored != 1 else ''}"
                 f" ({self.new} new, {self.duplicates} duplicate"
                 f"{'s' if self.duplicates != 1 else ''})"]
        if self.existing:
            parts.append(f"{self.existing} already stored")
        if self.problems:
            reasons = Counter(_reason_kind(p.reason) for p in self.problems)
            detail = ", ".join(f"{n} {reason}" for reason, n in reasons.most_common())
            parts.append(f"skipped {len(self.problems)}: {detail}")
        return "; ".join(parts)

    @property
    def failed(self) -> bool:
        """Nothing could be ingested and something went wrong: exit status 1."""
        return self.stored == 0 and self.existing == 0 and bool(self.problems)


def _reason_kind(reason: str) -> str:
    return reason.split(" (")[0].split(";")[0]


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: finish the current document's rollback and stop."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise _Terminated()


def _read_all(inputs: list, advance: Callable[[int], object]
              ) -> Iterator[Document | HTMLPage | ReadProblem]:
    """Every document of every input, read as a stream in input order; `advance(n)` is
    told of each n bytes read, so progress and its ETA hold inside one big file too."""
    for item in inputs:
        if isinstance(item, ReadProblem):
            yield item
            continue
        counted = 0

        def read_up_to(position: int) -> None:
            nonlocal counted
            if position > counted:
                advance(position - counted)
                counted = position

        yield from read_items(item.path, read_up_to)
        read_up_to(item.size)  # the tail after the last document, and a file read as one


def _die_with_parent() -> None:
    """A worker whose writer was killed (even by SIGKILL) must not live on: on Linux the
    kernel sends it SIGKILL when the parent dies; elsewhere a thread watches the parent."""
    parent = os.getppid()
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        if libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0:  # PR_SET_PDEATHSIG
            if os.getppid() != parent:  # the parent died before prctl took effect
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _start_worker() -> None:
    """A worker process: dies with its writer, leaves Ctrl-C to it, and has the reference
    data loaded (forked from a warm writer it has it already)."""
    _die_with_parent()
    # The writer must not queue behind its own workers: it blocks on every read and commit,
    # and with as many workers as cores it waited a time slice to run again each time (on
    # 100,000 documents it became the bottleneck while the workers idled a third of the
    # time). A worker yields to it, and still takes every core the writer leaves idle.
    with contextlib.suppress(OSError, AttributeError):
        os.nice(_WORKER_NICENESS)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    warm()


Item = Document | HTMLPage | ReadProblem


def _process_chunk(items: list[Item]) -> list[DocumentRows | ReadProblem]:
    """The per-document stages of a few documents, their fingerprints and the rows the
    store will write: all of it here, in the worker, rather than in the one writer. Stage
    by stage over the chunk (HTML extraction, then pipeline.process_many, then the rows),
    which costs ~20 % less CPU than taking each document through every stage in turn; a
    problem keeps its place."""
    return [_stored_rows(d) for d in process_many(_extracted(items), catch=True)]


def _extracted(items: list[Item]) -> list[Document | ReadProblem]:
    """The items with their HTML pages extracted, all pages at once (extract_pages)."""
    pages = [i for i in items if isinstance(i, HTMLPage)]
    if not pages:  # trafilatura is not even imported for text
        return [i for i in items if not isinstance(i, HTMLPage)]
    try:
        done = iter(extract_pages(pages))
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop an archive
        return [analysis_problem(i.uri, exc) if isinstance(i, HTMLPage) else i for i in items]
    return [next(done) if isinstance(i, HTMLPage) else i for i in items]


def _stored_rows(doc: Document | ReadProblem) -> DocumentRows | ReadProblem:
    if isinstance(doc, ReadProblem):
        return doc
    try:
        return rows_of(doc, fingerprints(doc.text))
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop an archive
        return analysis_problem(doc.uri, exc)


def _chunks(items: Iterable[Item]) -> Iterator[list[Item]]:
    """Items in input order, in chunks of at most _CHUNK documents or about _CHUNK_CHARS
    of input, whichever comes first (so a run of huge records stays a few in memory)."""
    chunk: list[Item] = []
    n_docs = size = 0
    for item in items:
        chunk.append(item)
        if isinstance(item, HTMLPage):
            n_docs, size = n_docs + 1, size + len(item.data)
        elif isinstance(item, Document):
            n_docs, size = n_docs + 1, size + len(item.text)
        if n_docs >= _CHUNK or size >= _CHUNK_CHARS or len(chunk) >= _CHUNK_ITEMS:
            yield chunk
            chunk, n_docs, size = [], 0, 0
    if chunk:
        yield chunk


def _analysed(items: Iterator[Document | HTMLPage | ReadProblem], jobs: int
              ) -> Iterator[DocumentRows | ReadProblem]:
    """The per-document stages, in this process or in `jobs` worker processes; results come
    back in input order, and at most a few batches are in flight, so memory is bounded by
    the window, not by the corpus."""
    if jobs <= 1:
        for chunk in _chunks(items):
            yield from _process_chunk(chunk)
        return
    # Nothing is warmed and no worker started before there is a document to analyse: an
    # input that holds none (an empty folder, a file that cannot be read) is answered in
    # the time it takes to read it, not in a second of start-up.
    for item in items:
        if isinstance(item, (Document, HTMLPage)):
            items = itertools.chain((item,), items)
            break
        yield item
    else:
        return
    window: deque[Future] = deque()
    limit = jobs * _CHUNKS_IN_FLIGHT_PER_WORKER
    # Warm once here and fork: the workers start with everything loaded (1-2 s of CPU
    # each otherwise). Where fork is not available they warm themselves.
    context = None
    if "fork" in multiprocessing.get_all_start_methods():
        warm()
        context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker)
    try:
        # Items go to the workers in chunks (the problems between documents ride along, so
        # order is kept): one task per chunk, not per document, halves the cost of handing
        # work over, and a chunk is analysed stage by stage.
        for chunk in _chunks(items):
            window.append(pool.submit(_process_chunk, chunk))
            while len(window) > limit:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# Documents per task, and tasks handed to each worker ahead of the writer: enough to keep
# it busy, few enough that a 10 GB crawl never sits in memory (at most 3 chunks of 16
# documents or ~2 MB of input per worker in flight). A chunk is analysed stage by stage
# (pipeline.DOCUMENTS_PER_STEP says why that many).
_CHUNK = DOCUMENTS_PER_STEP
_CHUNK_CHARS = 2_000_000
_CHUNK_ITEMS = 4 * _CHUNK  # problems too: a file of bad records is not held whole
_WORKER_NICENESS = 5
_CHUNKS_IN_FLIGHT_PER_WORKER = 3


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def ingest(paths: Iterable[str], store: Store, *, batch_size: int = 1000,
           warn: Callable[[str], None] | None = None,
           progress: bool | None = None, jobs: int = 1) -> IngestReport:
    """Ingest every document under `paths` into `store`. `progress=None` shows a bar only
    on a terminal. `jobs` > 1 analyses documents in that many worker processes; one writer
    (this process) stores them in batches."""
    report = IngestReport()
    printed: Counter[tuple[str, str]] = Counter()
    inputs = list(list_inputs(paths))
    files = [i for i in inputs if not isinstance(i, ReadProblem)]
    # Progress counts bytes read, not files: one 10 GB WARC gets an ETA as well as a folder
    # of articles does. Documents and documents/s ride along in the postfix.
    bar = tqdm(total=sum(f.size for f in files), unit="B", unit_scale=True,
               unit_divisor=1024, file=sys.stderr, dynamic_ncols=True,
               disable=(not sys.stderr.isatty()) if progress is None else not progress,
               leave=False)
    started = time.monotonic()

    def say(line: str) -> None:
        if warn is None:
            return
        if bar.disable:
            warn(line)
        else:  # print above the bar, not through it
            bar.write(line, file=sys.stderr)

    def problem(p: ReadProblem) -> None:
        report.problems.append(p)
        source = p.uri.split("#")[0]
        key = (source, _reason_kind(p.reason))
        printed[key] += 1
        if printed[key] <= _PRINTED_PER_FILE_AND_REASON:
            say(f"skipped {p}")
        elif printed[key] == _PRINTED_PER_FILE_AND_REASON + 1:
            say(f"skipped more of {source}: {key[1]} (counted in the summary)")

    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        with store.batch(batch_size) as batch:
            for item in _analysed(_read_all(inputs, bar.update), jobs):
                if isinstance(item, ReadProblem):
                    problem(item)
                    continue
                report.count(batch.add(item))
                done = report.stored + report.existing
                rate = done / max(time.monotonic() - started, 1e-6)
                bar.set_postfix(docs=done, per_s=f"{rate:.0f}", refresh=False)
        # Events are merged once the documents are in: only the dyads with new candidates.
        report.events = store.merge()
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        signal.signal(signal.SIGTERM, previous)
        bar.close()
    return report
