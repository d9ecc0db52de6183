"""`bilateral ingest`: read, process and store, with progress and one summary line."""

from __future__ import annotations

import signal
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import FrameType

from tqdm import tqdm

from bilateral.model import Document, ReadProblem
from bilateral.pipeline import process
from bilateral.read import list_inputs, read_file
from bilateral.store import Store

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


def ingest(paths: Iterable[str], store: Store, *, batch_size: int = 200,
           warn: Callable[[str], None] | None = None,
           progress: bool | None = None) -> IngestReport:
    """Ingest every document under `paths` into `store`. `progress=None` shows a bar only
    on a terminal."""
    report = IngestReport()
    printed: Counter[tuple[str, str]] = Counter()
    inputs = list(list_inputs(paths))
    files = [i for i in inputs if not isinstance(i, ReadProblem)]
    bar = tqdm(total=len(files), unit="file", file=sys.stderr, dynamic_ncols=True,
               disable=(not sys.stderr.isatty()) if progress is None else not progress,
               leave=False)

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
            for item in inputs:
                if isinstance(item, ReadProblem):
                    problem(item)
                    continue
                for doc in read_file(item.path):
                    if isinstance(doc, Document):
                        doc = process(doc)
                    if isinstance(doc, ReadProblem):
                        problem(doc)
                        continue
                    result = batch.add(doc)
                    if result.status == "new":
                        report.new += 1
                    elif result.status == "duplicate":
                        report.duplicates += 1
                    else:
                        report.existing += 1
                    bar.set_postfix(docs=report.stored + report.existing, refresh=False)
                bar.update(1)
        # Events are merged once the documents are in: only the dyads with new candidates.
        report.events = store.merge()
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        signal.signal(signal.SIGTERM, previous)
        bar.close()
    return report
