"""End-to-end ingest throughput: `bilateral ingest DIR --db tmp.db` on generated corpora.

For each format (txt, html, warc by default) a corpus of --count documents is generated with
benchmarks/generate_corpus.py (or reused from --workdir when one of that size and seed is
already there), then `bilateral ingest` runs on it in a child process, started from a fresh
wrapper process so that `resource.getrusage(RUSAGE_CHILDREN).ru_maxrss` is the peak RSS of
that one run. Reported: documents/s (expected documents / wall time, start-up included), CPU
seconds, peak RSS, the summary line, warnings, and a check of what was stored against the
generator's manifest (language, title, date, first and last paragraph kept, furniture gone).

--bare-trafilatura also times bare `trafilatura.extract` over the same HTML pages (same
wrapper, one process) and prints bilateral's full ingest time over it. --real-pages does the
same side by side on real web pages: the 990 pages of trafilatura's evaluation set
(../shared/external/trafilatura-eval, decompressed once into the workdir; skipped with a
message where the set is absent). The generated pages are small (median 3.8 KB of HTML, where
the real ones have 94 KB), so trafilatura has little to do on them and the analysis of the
text weighs more: both figures are printed, neither stands for the other. --pairs N times
each side-by-side N times, alternating, and prints the median ratio.

Before timing anything, bilateral is put in the state an installed copy is in after first
use (its bytecode compiled, the language model's cache written): see _prepare().

    python benchmarks/ingest_throughput.py [--count 2000] [--formats txt html warc]
                                           [--jobs 1 2] [--bare-trafilatura] [--real-pages]
                                           [--pairs N] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import compileall
import functools
import gzip
import json
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_corpus import write_corpus  # noqa: E402

# Runs a command and prints wall time, CPU time and the peak RSS of that child alone: this
# wrapper is itself a fresh process, so RUSAGE_CHILDREN covers nothing else.
_WRAPPER = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                  "maxrss_kb": usage.ru_maxrss, "rc": proc.returncode,
                  "stdout": proc.stdout.decode("utf-8", "replace")[-4000:],
                  "stderr": proc.stderr.decode("utf-8", "replace")[-20000:]}))
"""

# Bare trafilatura over every file of a folder, as `bilateral ingest` would find them.
_BARE = r"""
import logging, os, sys, trafilatura
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
n = empty = 0
for root, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(files):
        if name.startswith("."):
            continue
        with open(os.path.join(root, name), "rb") as f:
            out = trafilatura.extract(f.read())
        n += 1
        empty += not out
print(n, empty)
"""

_WORD = re.compile(r"\w+")


def _key(text: str | None) -> str:
    """Words only, lower case, ё as е (KOI8-R pages were written without ё and «»)."""
    return " ".join(_WORD.findall((text or "").lower().replace("ё", "е")))


@dataclass
class Run:
    label: str
    docs: int
    wall: float
    cpu: float
    maxrss_mb: float
    rc: int
    stderr: str
    stdout: str = ""
    quality: dict = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.docs / self.wall if self.wall else 0.0


def measured(cmd: list[str]) -> dict:
    out = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout)


@functools.lru_cache(maxsize=1)
def bilateral_command() -> list[str]:
    exe = shutil.which("bilateral") or str(Path(sys.executable).with_name("bilateral"))
    command = [exe] if Path(exe).exists() else [
        sys.executable, "-c", "import sys; from bilateral.cli import main; sys.exit(main())"]
    _prepare(command)
    return command


def _prepare(command: list[str]) -> None:
    """Put bilateral in the state an installed copy is in after its first use, so that no
    timed run pays a one-off cost: its modules compiled to bytecode (pip does that for a
    wheel; an editable install under PYTHONDONTWRITEBYTECODE, as on these machines, would
    compile them again in every process, ~0.13 s, while trafilatura's are compiled), and
    the language model's cache written (~0.7 s, once per machine)."""
    import bilateral

    compileall.compile_dir(Path(bilateral.__file__).parent, quiet=1)
    subprocess.run([*command, "analyze", "-"], input=b"Warm-up text for the cache.",
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def corpus(workdir: Path, fmt: str, count: int, seed: int) -> tuple[Path, Path]:
    folder = workdir / f"{fmt}-{count}-s{seed}"
    manifest = workdir / f"{fmt}-{count}-s{seed}.manifest.jsonl"
    done = folder / ".complete"  # hidden: bilateral ingest skips it
    if not done.exists():
        if folder.exists():
            shutil.rmtree(folder)
        print(f"generating {count} {fmt} documents in {folder}", file=sys.stderr)
        write_corpus(fmt, folder, count, seed, manifest)
        done.write_text("ok\n")
    return folder, manifest


# trafilatura's evaluation set (see its SOURCE.md): real pages, mostly German and English.
REAL_PAGES = Path("/work/shared/external/trafilatura-eval")


def real_pages(workdir: Path, source: Path) -> Path | None:
    """The evaluation set's pages as plain .html files in one folder (made once), or None
    when the set is not on this machine."""
    pages = sorted((source / "html").rglob("*.html.gz")) if source.is_dir() else []
    if not pages:
        return None
    folder = workdir / "real-pages"
    done = folder / ".complete"
    if not done.exists():
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for i, page in enumerate(pages):
            # Numbered: the two sub-folders of the set hold a few pages of the same name.
            target = folder / f"{i:04d}-{page.name.removesuffix('.gz')}"
            target.write_bytes(gzip.decompress(page.read_bytes()))
        done.write_text("ok\n")
    return folder


def check_quality(db: Path, manifest: Path) -> dict:
    """What was stored against what the generator put in."""
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    rows = {r["uri"]: r for r in con.execute(
        "SELECT uri, title, published, lang, script, text, duplicate_of FROM documents")}
    q = {"expected": 0, "stored": 0, "lang": 0, "script": 0, "title": 0, "date": 0,
         "first": 0, "last": 0, "furniture_leaks": 0, "duplicate_of": 0}
    examples: dict[str, list[str]] = {}
    langs_wrong: dict[str, int] = {}

    def miss(kind: str, text: str) -> None:
        if len(examples.setdefault(kind, [])) < 3:
            examples[kind].append(text)

    with open(manifest, encoding="utf-8") as stream:
        for line in stream:
            exp = json.loads(line)
            q["expected"] += 1
            row = rows.get(exp["location"]) or rows.get(exp["url"])
            if row is None:
                miss("missing", exp["location"])
                continue
            q["stored"] += 1
            body = _key(row["text"])
            if row["lang"] == exp["lang"]:
                q["lang"] += 1
            else:
                pair = f"{exp['variant']}->{row['lang']}"
                langs_wrong[pair] = langs_wrong.get(pair, 0) + 1
            q["script"] += row["script"] == exp["script"]
            if _key(row["title"]) == _key(exp["title"]):
                q["title"] += 1
            else:
                miss("title", f"{exp['location']}: {row['title']!r} != {exp['title']!r}")
            if (row["published"] or "")[:10] == exp["published"]:
                q["date"] += 1
            else:
                miss("date", f"{exp['location']}: {row['published']!r} != {exp['published']}")
            if _key(exp["first"]) in body:
                q["first"] += 1
            else:
                miss("first paragraph", f"{exp['location']}: {exp['first'][:80]!r}")
            if _key(exp["last"]) in body:
                q["last"] += 1
            else:
                miss("last paragraph", f"{exp['location']}: {exp['last'][:80]!r}")
            leaked = [f for f in exp["furniture"] if _key(f) and _key(f) in body]
            if leaked:
                q["furniture_leaks"] += 1
                miss("furniture", f"{exp['location']}: {leaked}")
            q["duplicate_of"] += row["duplicate_of"] is not None
    con.close()
    q["examples"] = examples
    q["lang_confusions"] = langs_wrong
    return q


def run_ingest(fmt: str, folder: Path, manifest: Path | None, count: int,
               jobs: int | None = None) -> Run:
    """One `bilateral ingest` of the folder, with `jobs` workers (None: its default, every
    core)."""
    with tempfile.TemporaryDirectory(prefix="bilateral-bench-") as tmp:
        db = Path(tmp) / "tmp.db"
        extra = [] if jobs is None else ["--jobs", str(jobs)]
        res = measured([*bilateral_command(), "ingest", str(folder), "--db", str(db), *extra])
        quality = check_quality(db, manifest) if db.exists() and manifest else {}
    label = f"bilateral ingest {fmt}" + ("" if jobs is None else f" --jobs {jobs}")
    return Run(label, count, res["wall"], res["cpu"],
               res["maxrss_kb"] / 1024, res["rc"], res["stderr"], res["stdout"], quality)


def run_bare(folder: Path, count: int, label: str = "html") -> Run:
    res = measured([sys.executable, "-c", _BARE, str(folder)])
    return Run(f"bare trafilatura.extract {label}", count, res["wall"], res["cpu"],
               res["maxrss_kb"] / 1024, res["rc"], res["stderr"], res["stdout"])


def _summary_line(stderr: str) -> str:
    lines = [ln for ln in stderr.strip().splitlines() if ln.strip()]
    summary = [ln for ln in lines if ln.startswith("ingested ")]
    return summary[-1] if summary else (lines[-1] if lines else "(no output)")


def report(runs: list[Run]) -> None:
    print(f"\n{'run':<34} {'docs':>6} {'wall s':>7} {'cpu s':>7} {'docs/s':>7} "
          f"{'peak RSS MB':>11} {'rc':>3}")
    for r in runs:
        print(f"{r.label:<34} {r.docs:6d} {r.wall:7.1f} {r.cpu:7.1f} {r.rate:7.1f} "
              f"{r.maxrss_mb:11.0f} {r.rc:3d}")
    for r in runs:
        if not r.label.startswith("bilateral"):
            continue
        print(f"\n{r.label}: {_summary_line(r.stderr)}")
        tracebacks = r.stderr.count("Traceback (most recent call last)")
        warnings = [ln for ln in r.stderr.splitlines() if ln.startswith("bilateral:")]
        if tracebacks:
            print(f"  {tracebacks} traceback(s) on stderr; last lines:")
            print("    " + "\n    ".join(r.stderr.strip().splitlines()[-8:]))
        if warnings:
            print(f"  {len(warnings)} warning line(s), first: {warnings[:3]}")
        q = r.quality
        if not q:
            print("  no manifest to check against" if r.rc == 0 else "  no database to check")
            continue
        n = q["stored"] or 1
        print(f"  stored {q['stored']}/{q['expected']}; lang right {q['lang'] / n:.1%}, "
              f"script {q['script'] / n:.1%}, title {q['title'] / n:.1%}, "
              f"date {q['date'] / n:.1%}; first paragraph kept {q['first'] / n:.1%}, "
              f"last {q['last'] / n:.1%}; furniture leaked in {q['furniture_leaks']}; "
              f"marked duplicate_of: {q['duplicate_of']}")
        if q["lang_confusions"]:
            print(f"  language confusions: {q['lang_confusions']}")
        for kind, items in q["examples"].items():
            for item in items:
                print(f"  [{kind}] {item}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=2000, help="documents per format")
    parser.add_argument("--formats", nargs="+", default=["txt", "html", "warc"],
                        choices=["txt", "html", "warc", "jsonl"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "bilateral-bench",
                        help="where corpora are generated and reused")
    parser.add_argument("--bare-trafilatura", action="store_true",
                        help="also time bare trafilatura.extract on the HTML corpus")
    parser.add_argument("--real-pages", nargs="?", type=Path, const=REAL_PAGES, default=None,
                        metavar="EVAL_SET",
                        help="also compare full ingest and bare trafilatura on the real pages "
                             f"of trafilatura's evaluation set (default {REAL_PAGES})")
    parser.add_argument("--jobs", type=int, nargs="+", metavar="N",
                        help="ingest each format with each of these worker counts, e.g. "
                             "--jobs 1 2 (default: once, with ingest's default, every core); "
                             "the last is the one compared with bare trafilatura")
    parser.add_argument("--pairs", type=int, default=1, metavar="N",
                        help="time each side-by-side N times, bilateral and bare trafilatura "
                             "alternating, and report every pair's ratio and the median (the "
                             "speed of these shared machines drifts by a third within minutes; "
                             "runs far apart in time do not compare)")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    formats = list(args.formats)
    if args.bare_trafilatura and "html" not in formats:
        formats.append("html")
    runs: list[Run] = []
    by_format: dict[str, Run] = {}
    for fmt in formats:
        folder, manifest = corpus(args.workdir, fmt, args.count, args.seed)
        print(f"ingesting {folder} ...", file=sys.stderr, flush=True)
        for jobs in args.jobs or [None]:
            run = run_ingest(fmt, folder, manifest, args.count, jobs)
            runs.append(run)
        by_format[fmt] = run  # the last: the one compared with bare trafilatura
    if args.bare_trafilatura:
        html_folder, _ = corpus(args.workdir, "html", args.count, args.seed)
        print(f"bare trafilatura on {html_folder} ...", file=sys.stderr, flush=True)
        bare = run_bare(html_folder, args.count)
        runs.append(bare)
    real: tuple[Run, Run] | None = None
    if args.real_pages is not None:
        real_folder = folder = real_pages(args.workdir, args.real_pages)
        if folder is None:
            print(f"SKIP real pages: no *.html.gz under {args.real_pages / 'html'}",
                  file=sys.stderr)
        else:
            n = sum(1 for f in folder.iterdir() if not f.name.startswith("."))
            print(f"ingesting {folder} ...", file=sys.stderr, flush=True)
            real = (run_ingest("real pages", folder, None, n),
                    run_bare(folder, n, "real pages"))
            runs.extend(real)
    report(runs)
    if args.bare_trafilatura:
        _ratio("generated HTML", _pairs((by_format["html"], bare), html_folder, args.count,
                                        args.pairs))
    if real is not None:
        _ratio("real pages", _pairs(real, real_folder, real[0].docs, args.pairs))
    return 0


def _pairs(first: tuple[Run, Run], folder: Path, count: int, pairs: int
           ) -> list[tuple[Run, Run]]:
    """The first (full, bare) pair and pairs-1 more, run back to back; every other pair
    starts with the bare run, so that a machine speeding up or slowing down favours
    neither side."""
    done = [first]
    for i in range(1, pairs):
        print(f"pair {i + 1}/{pairs} on {folder} ...", file=sys.stderr, flush=True)
        if i % 2:
            bare = run_bare(folder, count)
            full = run_ingest("html", folder, None, count)
        else:
            full = run_ingest("html", folder, None, count)
            bare = run_bare(folder, count)
        done.append((full, bare))
    return done


def _ratio(label: str, pairs: list[tuple[Run, Run]]) -> None:
    full, bare = pairs[0]
    print(f"\n{label}: bare trafilatura {bare.wall:.1f} s ({bare.stdout.strip()} = files, "
          f"empty); bilateral ingest {full.wall:.1f} s; ratio bilateral/bare = "
          f"{full.wall / bare.wall:.2f}x wall, {full.cpu / bare.cpu:.2f}x CPU")
    if len(pairs) > 1:
        walls = [f.wall / b.wall for f, b in pairs]
        cpus = [f.cpu / b.cpu for f, b in pairs]
        print(f"  {len(pairs)} pairs, wall ratio each: "
              + " ".join(f"{r:.2f}" for r in walls)
              + f"; median {statistics.median(walls):.2f}x wall, "
              f"{statistics.median(cpus):.2f}x CPU (bare {min(b.wall for _, b in pairs):.1f}-"
              f"{max(b.wall for _, b in pairs):.1f} s, bilateral "
              f"{min(f.wall for f, _ in pairs):.1f}-{max(f.wall for f, _ in pairs):.1f} s)")


if __name__ == "__main__":
    sys.exit(main())
