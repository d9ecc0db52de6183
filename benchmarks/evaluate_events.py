"""Event extraction quality: recall, precision and duplicates against hand-coded gold events.

Run:  python benchmarks/evaluate_events.py [--only seeds|articles] [--keep DIR]

For each set it ingests the articles into a fresh temporary database with `bilateral ingest`,
exports the events with `bilateral export events --format jsonl`, and scores them with
`bilateral.evaluate` (matching rule: shared/corpus/seeds/gold/README.md):

- seeds: the five real scraped articles in ../shared/corpus/seeds/*.txt against
  seeds/gold/events_000_004.jsonl + tests/fixtures/events/gold_seeds_001_002_003.jsonl
  (skipped when the shared folder is absent);
- articles: the team's own test articles, tests/fixtures/events/articles/*.txt, against
  tests/fixtures/events/gold_articles.jsonl; every article is evaluated, so events found in
  the negatives (passing mentions, a negated and a hypothetical visit) count against precision.

Until `export events` exists the script says so and exits 0. `--keep DIR` keeps the databases
and the exported events there.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # so the script runs without installing the package

from bilateral.evaluate import evaluate, format_report, load_gold  # noqa: E402

SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
EVENTS = ROOT / "tests" / "fixtures" / "events"
CLI = [sys.executable, "-c", "import sys; from bilateral.cli import main; sys.exit(main())"]


def sets() -> dict[str, tuple[list[Path], list[Path]]]:
    """name -> (article files, gold files)."""
    return {
        "seeds": (sorted(SEEDS.glob("*.txt")),
                  [SEEDS / "gold" / "events_000_004.jsonl",
                   EVENTS / "gold_seeds_001_002_003.jsonl"]),
        "articles": (sorted((EVENTS / "articles").glob("*.txt")),
                     [EVENTS / "gold_articles.jsonl"]),
    }


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=ROOT)


def export_events(files: list[Path], workdir: Path) -> list[dict] | None:
    """Ingest the files into workdir/events.db and export its events; None when the installed
    bilateral has no `export events` yet."""
    db = workdir / "events.db"
    out = workdir / "events.jsonl"
    ingest = run("ingest", *map(str, files), "--db", str(db))
    if ingest.returncode != 0:
        raise SystemExit(f"ingest failed ({ingest.returncode}): {ingest.stderr.strip()}")
    exported = run("export", "events", "--format", "jsonl", "--db", str(db), "-o", str(out))
    if exported.returncode != 0:
        if "invalid choice" in exported.stderr or "events" not in run("export", "--help").stdout:
            return None
        raise SystemExit(f"export events failed ({exported.returncode}): "
                         f"{exported.stderr.strip()}")
    text = out.read_text(encoding="utf-8") if out.exists() else exported.stdout
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["seeds", "articles"])
    parser.add_argument("--keep", type=Path, help="keep databases and exports in this folder")
    args = parser.parse_args()

    for name, (files, gold_files) in sets().items():
        if args.only and name != args.only:
            continue
        print(f"== {name}")
        if not files or not all(p.is_file() for p in gold_files):
            print(f"SKIP: articles or gold missing ({SEEDS if name == 'seeds' else EVENTS})\n")
            continue
        gold = load_gold(*gold_files)
        if args.keep:
            workdir = args.keep / name
            workdir.mkdir(parents=True, exist_ok=True)
            (workdir / "events.db").unlink(missing_ok=True)
            events = export_events(files, workdir)
        else:
            with tempfile.TemporaryDirectory(prefix=f"bilateral-eval-{name}-") as tmp:
                events = export_events(files, Path(tmp))
        if events is None:
            print("`bilateral export events` does not exist yet: nothing to score.")
            return 0
        report = evaluate(events, gold, docs={p.stem for p in files})
        print(f"{len(files)} articles, {len(events)} events exported")
        print(format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
