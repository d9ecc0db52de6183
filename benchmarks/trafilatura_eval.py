"""Snippet precision/recall/F1 on trafilatura's own evaluation set, bilateral vs bare trafilatura.

The set (990 pages, see /work/shared/external/trafilatura-eval/SOURCE.md) gives, per page, text
snippets that must appear in the extracted main text (`with`) and boilerplate snippets that must
not (`without`). Scoring follows trafilatura's tests/comparison.py (`evaluate_result`): plain
substring tests, a `with` snippet found is a true positive, missing a false negative; a
`without` snippet found is a false positive, missing a true negative; an extractor that returns
nothing gets every `with` as false negative and every `without` as true negative.

Extractors compared:
  (a) trafilatura.extract(html)                          all defaults
  (b) trafilatura.extract(html, include_comments=False)
  (c) bilateral: extract_html(html, url) then clean(doc); output = doc.text (the clean body)
  (c') the same document, output = title + "\\n" + body (trafilatura's output keeps a title line
       when it lies inside the main text, so (c) alone is penalised for headline snippets)

Pages where bilateral loses a `with` snippet that (a) keeps are listed, each with the stage that
lost it: 'extract' (not in extract_html's text: trafilatura settings or byte decoding) or
'clean' (in extract_html's text, gone after clean()).

    python benchmarks/trafilatura_eval.py [--limit N] [--examples 10] [--data DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA = Path("/work/shared/external/trafilatura-eval")


@dataclass
class Score:
    name: str
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    seconds: float = 0.0
    pages: int = 0
    empty: int = 0
    errors: int = 0
    first_error: str | None = None
    timed: bool = True

    def add(self, item: dict, result: str | None) -> tuple[int, int, int, int]:
        """comparison.py's evaluate_result: plain substring tests."""
        tp = fn = fp = tn = 0
        for snippet in item["with"]:
            if result is not None and snippet in result:
                tp += 1
            else:
                fn += 1
        for snippet in item["without"]:
            if result is not None and snippet in result:
                fp += 1
            else:
                tn += 1
        self.tp += tp
        self.fn += fn
        self.fp += fp
        self.tn += tn
        return tp, fn, fp, tn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        denom = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denom if denom else 0.0


@dataclass
class Loss:
    file: str
    snippet: str
    stage: str  # 'clean', 'comments' (b loses it too) or 'extract'


@dataclass
class Report:
    scores: dict[str, Score]
    losses: list[Loss] = field(default_factory=list)
    loss_pages: int = 0
    gain_pages: int = 0
    pages: int = 0
    # Pages whose bytes bilateral decodes to other text than trafilatura does (a BOM aside).
    decoding: list[tuple[str, str]] = field(default_factory=list)


def run_timed(score: Score, fn: Callable[[], str | None]) -> str | None:
    start = time.perf_counter()
    try:
        result = fn()
    except Exception:  # noqa: BLE001 - a crash counts as an empty result, like comparison.py
        score.errors += 1
        if score.first_error is None:
            score.first_error = traceback.format_exc(limit=6)
        result = None
    score.seconds += time.perf_counter() - start
    score.pages += 1
    if not result:
        score.empty += 1
    return result


def evaluate(data_dir: Path, limit: int | None, progress: bool = True) -> Report:
    import trafilatura
    from trafilatura.utils import decode_file

    from bilateral.clean import clean
    from bilateral.model import Document
    from bilateral.read.decode import UndecodableError, decode_bytes
    from bilateral.read.html import extract_html

    # bilateral.read.html silences trafilatura's per-page warnings; do the same for (a)/(b).
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)

    evaldata = json.loads((data_dir / "evaldata_with_paths.json").read_text(encoding="utf-8"))
    items = list(evaldata.items())[: limit or None]
    scores = {
        "a": Score("(a) trafilatura.extract, defaults"),
        "b": Score("(b) trafilatura.extract, include_comments=False"),
        "c": Score("(c) bilateral extract_html+clean, body"),
        "c2": Score("(c') bilateral, title + body", timed=False),
    }
    report = Report(scores)

    # Warm-up: imports, lazy tables and compiled phrase lists are not per-page cost.
    warm = b"<html><body><article><p>" + b"Warm up sentence here. " * 20 + b"</p></article>"
    trafilatura.extract(warm)
    doc = extract_html(warm, "warmup.html")
    if isinstance(doc, Document):
        clean(doc)

    for n, (url, item) in enumerate(items, 1):
        path = data_dir / item["path"]
        with gzip.open(path, "rb") as stream:
            page = stream.read()

        out_a = run_timed(scores["a"], lambda page=page: trafilatura.extract(page))
        out_b = run_timed(
            scores["b"], lambda page=page: trafilatura.extract(page, include_comments=False))

        raw: dict[str, str | None] = {"text": None}

        def bilateral(page: bytes = page, url: str = url, raw: dict = raw) -> Document | None:
            doc = extract_html(page, url)
            if not isinstance(doc, Document):  # ReadProblem: nothing extracted
                return None
            raw["text"] = doc.text
            return clean(doc)

        holder: dict[str, Document | None] = {}

        def run_c(holder: dict = holder, bilateral: Callable = bilateral) -> str | None:
            holder["doc"] = bilateral()
            return holder["doc"].text if holder["doc"] is not None else None

        out_c = run_timed(scores["c"], run_c)
        doc_c = holder.get("doc")
        if doc_c is not None:
            out_c2 = (doc_c.title + "\n" + doc_c.text) if doc_c.title else doc_c.text
        else:
            out_c2 = None
        scores["c2"].pages += 1
        if not out_c2:
            scores["c2"].empty += 1

        scores["a"].add(item, out_a)
        scores["b"].add(item, out_b)
        scores["c"].add(item, out_c)
        scores["c2"].add(item, out_c2)

        # Snippets trafilatura's default keeps and bilateral (title + body) loses.
        lost = [s for s in item["with"]
                if out_a is not None and s in out_a and (out_c2 is None or s not in out_c2)]
        gained = [s for s in item["with"]
                  if out_c2 is not None and s in out_c2 and (out_a is None or s not in out_a)]
        if gained:
            report.gain_pages += 1
        if lost:
            report.loss_pages += 1
            for snippet in lost:
                if raw["text"] is not None and snippet in raw["text"]:
                    stage = "clean"
                elif out_b is None or snippet not in out_b:
                    stage = "comments"
                else:
                    stage = "extract"
                report.losses.append(Loss(item["path"], snippet, stage))
        try:
            ours, encoding = decode_bytes(page)
        except UndecodableError:
            ours, encoding = None, "undecodable"
        if ours is None or ours.lstrip("\ufeff") != decode_file(page).lstrip("\ufeff"):
            report.decoding.append((item["path"], encoding))
        report.pages += 1
        if progress and n % 100 == 0:
            print(f"  {n}/{len(items)} pages", file=sys.stderr, flush=True)
    return report


def print_report(report: Report, examples: int) -> None:
    print(f"\ntrafilatura evaluation set: {report.pages} pages")
    header = (f"{'extractor':<50} {'precision':>9} {'recall':>7} {'F1':>6} "
              f"{'pages/s':>8} {'empty':>6} {'errors':>6}")
    print(header)
    print("-" * len(header))
    for score in report.scores.values():
        rate = f"{score.pages / score.seconds:8.1f}" if score.timed and score.seconds else \
            f"{'(=c)':>8}"
        print(f"{score.name:<50} {score.precision:9.3f} {score.recall:7.3f} {score.f1:6.3f} "
              f"{rate} {score.empty:6d} {score.errors:6d}")
    print("(tp/fn/fp/tn: " + "; ".join(
        f"{key} {s.tp}/{s.fn}/{s.fp}/{s.tn}" for key, s in report.scores.items()) + ")")

    a, c, c2 = report.scores["a"], report.scores["c"], report.scores["c2"]
    print(f"\nF1 bilateral body - trafilatura default:         {c.f1 - a.f1:+.3f}")
    print(f"F1 bilateral title+body - trafilatura default:   {c2.f1 - a.f1:+.3f}")
    by_stage: dict[str, int] = {}
    for loss in report.losses:
        by_stage[loss.stage] = by_stage.get(loss.stage, 0) + 1
    print(f"\nPages where bilateral (title + body) loses a `with` snippet trafilatura default "
          f"keeps: {report.loss_pages} ({len(report.losses)} snippets; "
          + ", ".join(f"lost in {k}: {v}" for k, v in sorted(by_stage.items())) + ")")
    print(f"Pages where bilateral keeps a `with` snippet trafilatura default loses: "
          f"{report.gain_pages}")
    # Clean-stage losses first: those are the ones the cleaning can fix; 'comments' are
    # reader comments bilateral drops on purpose (include_comments=False).
    order = {"clean": 0, "extract": 1, "comments": 2}
    shown = sorted(report.losses, key=lambda loss: order[loss.stage])[:examples]
    for loss in shown:
        snippet = loss.snippet if len(loss.snippet) <= 90 else loss.snippet[:87] + "..."
        print(f"  [{loss.stage:8}] {loss.file}: {snippet!r}")
    # extract_html hands bytes to trafilatura (which reads <meta charset>) unless HTTP headers
    # declare a charset; decode_bytes is what the text-dump reader and that case use.
    print(f"\nPages bilateral.read.decode.decode_bytes (txt reader, WARC with a declared "
          f"charset) decodes to other text than trafilatura's decode_file (BOM aside): "
          f"{len(report.decoding)}")
    for path, encoding in report.decoding[:examples]:
        print(f"  {encoding:12} {path}")
    for score in report.scores.values():
        if score.first_error:
            print(f"\nfirst error in {score.name} ({score.errors} in all):\n{score.first_error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--examples", type=int, default=10, help="lost snippets to print")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="evaluation set folder")
    args = parser.parse_args(argv)
    if not (args.data / "evaldata_with_paths.json").is_file():
        print(f"SKIP: trafilatura evaluation set not found at {args.data} "
              "(needs evaldata_with_paths.json and html/); nothing measured.")
        return 0
    print_report(evaluate(args.data, args.limit), args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
