"""`bilateral merge-parquet DIR`: store what `bilateral.spark.job` wrote, then merge.

Reads DIR/documents (and DIR/problems) with pyarrow, part file by part file in name order
(the job writes them sorted into input order), a few hundred rows at a time, so memory stays
flat whatever the corpus size. Each row becomes the `Document` it was made from and goes
through `Store.batch().add`, as in `bilateral ingest`: the same content hashes and near-
duplicate check, the same savepoint per document, the same FTS index. Loading the same
output twice stores nothing new.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from bilateral.ingest import IngestReport
from bilateral.model import ReadProblem
from bilateral.spark.serial import from_row, problem_from_row
from bilateral.store import Store

__all__ = ["load_parquet", "LoadError"]

_ROWS_PER_READ = 256


class LoadError(Exception):
    """DIR is not the output of the Spark job (one line for the user)."""


def _parts(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.parquet")
                  if not any(part.startswith((".", "_")) for part in p.relative_to(folder).parts))


def _rows(files: list[Path]) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    for file in files:
        reader = pq.ParquetFile(file)
        for batch in reader.iter_batches(batch_size=_ROWS_PER_READ):
            yield from batch.to_pylist()


class _Terminated(KeyboardInterrupt):
    pass


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise _Terminated()


def load_parquet(dir: str, store: Store, *, batch_size: int = 1000,
                 warn: Callable[[str], None] | None = None) -> IngestReport:
    """Store the documents (with their mentions, candidates and figures) of the job's
    output in DIR, then merge the candidates into events. The report counts new,
    duplicate and already stored documents, and the job's problems as skipped."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise LoadError("reading Parquet needs pyarrow: pip install 'bilateral[parquet]'"
                        ) from None
    base = Path(dir)
    docs_dir = base / "documents"
    if not base.is_dir():
        raise LoadError(f"{dir}: no such folder")
    if not docs_dir.is_dir():
        raise LoadError(f"{dir}: not the output of bilateral.spark.job "
                        "(no documents/ folder in it)")
    files = _parts(docs_dir)
    if not files and not (docs_dir / "_SUCCESS").exists():
        raise LoadError(f"{dir}: documents/ holds no Parquet files")
    report = IngestReport()
    problems_dir = base / "problems"
    if problems_dir.is_dir():
        for row in _rows(_parts(problems_dir)):
            problem = problem_from_row(row)
            report.problems.append(problem)
            if warn is not None and len(report.problems) <= 20:
                warn(f"skipped {problem}")
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        with store.batch(batch_size) as batch:
            for row in _rows(files):
                try:
                    doc = from_row(row)
                except (KeyError, TypeError, ValueError) as exc:
                    report.problems.append(ReadProblem(
                        str(row.get("uri") or dir), f"unreadable row ({exc})"))
                    continue
                report.count(batch.add(doc))
        report.events = store.merge()
    except KeyboardInterrupt:
        report.interrupted = True
    except OSError as exc:
        raise LoadError(f"{dir}: cannot read Parquet ({exc})") from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    return report
