"""How `bilateral ingest` grows with the corpus: time and peak memory at 1k, 10k, 100k docs.

For each size a corpus is generated with benchmarks/generate_corpus.py (reused from --workdir
when one of that size, format and seed is already there) and `bilateral ingest DIR --db
tmp.db --jobs J` runs on it in a child process, measured as in ingest_throughput.py (wall
time, CPU time of the process and its workers, and the peak RSS of the largest single
process: with --jobs > 1 the writer and each worker are counted apart, not summed).

Linear growth means docs/s stays flat and time(n) / time(smallest) stays near
n / smallest; both are printed. `--jobs` takes several values to compare worker counts on
one size (`--jobs-size`). `--profile N` also profiles one in-process ingest of the N-document
corpus with pyinstrument (or cProfile when pyinstrument is not installed) and prints the hot
spots.

    python benchmarks/scaling.py [--sizes 1000 10000 100000] [--format txt]
                                 [--jobs 1 2] [--jobs-size 10000] [--profile 2000]
                                 [--workdir DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from ingest_throughput import bilateral_command, corpus, measured  # noqa: E402


@dataclass
class Point:
    size: int
    jobs: int
    wall: float
    cpu: float
    maxrss_mb: float
    stored: int
    rc: int
    summary: str

    @property
    def rate(self) -> float:
        return self.size / self.wall if self.wall else 0.0


def _stored(db: Path) -> int:
    import sqlite3

    if not db.exists():
        return 0
    con = sqlite3.connect(db)
    try:
        return int(con.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    finally:
        con.close()


def run(folder: Path, size: int, jobs: int) -> Point:
    with tempfile.TemporaryDirectory(prefix="bilateral-scaling-") as tmp:
        db = Path(tmp) / "tmp.db"
        res = measured([*bilateral_command(), "ingest", str(folder), "--db", str(db),
                        "--jobs", str(jobs)])
        stored = _stored(db)
    lines = [ln for ln in res["stderr"].splitlines() if ln.startswith("ingested ")]
    return Point(size, jobs, res["wall"], res["cpu"], res["maxrss_kb"] / 1024, stored,
                 res["rc"], lines[-1] if lines else res["stderr"].strip()[-300:])


_PROFILE = r"""
import sys, tempfile, os
from pathlib import Path
from bilateral.ingest import ingest
from bilateral.store import Store
folder, out = sys.argv[1], sys.argv[2]
db = Path(tempfile.mkdtemp()) / "profile.db"
try:
    from pyinstrument import Profiler
except ImportError:
    Profiler = None
if Profiler is not None:
    profiler = Profiler(interval=0.002)
    profiler.start()
    ingest([folder], Store(db), jobs=1)
    profiler.stop()
    Path(out).write_text(profiler.output_text(unicode=True, show_all=False))
    print("pyinstrument")
else:
    import cProfile, pstats, io
    prof = cProfile.Profile()
    prof.enable()
    ingest([folder], Store(db), jobs=1)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(60)
    Path(out).write_text(buf.getvalue())
    print("cProfile")
"""


def profile(folder: Path, out: Path) -> str:
    proc = subprocess.run([sys.executable, "-c", _PROFILE, str(folder), str(out)],
                          capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def table(points: list[Point]) -> str:
    base = points[0]
    rows = ["| docs | jobs | wall s | CPU s | docs/s | time ratio | size ratio | "
            "peak RSS MB | stored |", "|---|---|---|---|---|---|---|---|---|"]
    for p in points:
        rows.append(f"| {p.size} | {p.jobs} | {p.wall:.1f} | {p.cpu:.1f} | {p.rate:.1f} | "
                    f"{p.wall / base.wall:.2f} | {p.size / base.size:.0f} | "
                    f"{p.maxrss_mb:.0f} | {p.stored} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--format", default="txt", choices=["txt", "html", "warc", "jsonl"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size-jobs", type=int, default=1,
                        help="worker processes for the size series (default 1)")
    parser.add_argument("--jobs", type=int, nargs="*", default=[],
                        help="worker counts to compare on --jobs-size documents")
    parser.add_argument("--jobs-size", type=int, default=10000)
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="profile one in-process ingest of N documents")
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "bilateral-bench")
    parser.add_argument("--json", type=Path, default=None, help="also write the points here")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)

    points: list[Point] = []
    for size in sorted(args.sizes):
        folder, _ = corpus(args.workdir, args.format, size, args.seed)
        print(f"ingesting {size} {args.format} documents, --jobs {args.size_jobs} ...",
              file=sys.stderr, flush=True)
        point = run(folder, size, args.size_jobs)
        points.append(point)
        print(f"  {point.wall:.1f} s, {point.rate:.1f} docs/s, {point.maxrss_mb:.0f} MB, "
              f"{point.summary}", file=sys.stderr, flush=True)
    if points:
        print(f"\nsize series ({args.format}, --jobs {args.size_jobs})\n{table(points)}")

    job_points: list[Point] = []
    for jobs in args.jobs:
        folder, _ = corpus(args.workdir, args.format, args.jobs_size, args.seed)
        print(f"ingesting {args.jobs_size} documents, --jobs {jobs} ...", file=sys.stderr,
              flush=True)
        job_points.append(run(folder, args.jobs_size, jobs))
    if job_points:
        print(f"\nworkers ({args.format}, {args.jobs_size} documents)\n{table(job_points)}")

    if args.profile:
        folder, _ = corpus(args.workdir, args.format, args.profile, args.seed)
        out = args.workdir / f"profile-{args.format}-{args.profile}.txt"
        tool = profile(folder, out)
        print(f"\n{tool} profile of {args.profile} documents: {out}")
    if args.json:
        args.json.write_text(json.dumps(
            {"sizes": [asdict(p) | {"rate": p.rate} for p in points],
             "jobs": [asdict(p) | {"rate": p.rate} for p in job_points]}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
