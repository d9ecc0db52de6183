"""Instructions one document costs: bilateral's ingest and bare trafilatura, counted by
valgrind, a figure that does not drift with the machine.

The wall-clock figures of ingest_throughput.py move by a quarter within an hour on these
shared machines (SCALING.md), so a change of 5 % cannot be seen in them. The number of
instructions a process executes can: with PYTHONHASHSEED fixed it is the same from one run
to the next. Each side runs twice under valgrind's callgrind, on no document and on --count
documents, after the same start-up; the difference divided by --count is what one document
costs, start-up excluded.

- bilateral: `ingest(folder, store, jobs=1)` in one process: reading, extraction (HTML),
  cleaning, language, mentions, dates, events, figures, fingerprints, the store, the merge.
- bare trafilatura: `trafilatura.extract(page)` for each HTML page, as ingest_throughput.py
  times it.

Instructions are not time: cache misses and mispredicted branches cost cycles that are not
counted, so the ratio of instructions is the ratio of one core's CPU time only as far as
both sides run as many instructions a cycle. It is the yardstick for a before and after
(`--src` runs another checkout's source, e.g. a `git worktree` of an older commit); the
targets of issue 8 are wall-clock figures and are measured by ingest_throughput.py.

Needs valgrind (`apt-get install valgrind`); prints SKIP without it. About a minute a run
under valgrind, the runs two at a time.

    python benchmarks/instruction_counts.py [--count 100] [--formats txt html]
                                            [--src DIR] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from ingest_throughput import corpus  # noqa: E402

# Run under valgrind: the same start-up whatever the count (everything a first document
# would load is loaded first), then `count` documents of the folder.
_CHILD = r"""
import logging, os, sys, tempfile
side, folder, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = []
for root, dirs, names in os.walk(folder):
    dirs.sort()
    files += [os.path.join(root, n) for n in sorted(names) if not n.startswith(".")]
files = files[:count]
import trafilatura
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
if side == "bare":
    for path in files:
        with open(path, "rb") as f:
            trafilatura.extract(f.read())
else:
    import bilateral.summary
    from bilateral.ingest import ingest
    from bilateral.pipeline import warm
    from bilateral.read.html import _extractor
    from bilateral.store import Store
    warm()
    _extractor()
    with tempfile.TemporaryDirectory() as tmp:
        inputs = os.path.join(tmp, "in")
        os.mkdir(inputs)
        for i, path in enumerate(files):
            os.symlink(path, os.path.join(inputs, f"{i:06d}-{os.path.basename(path)}"))
        store = Store(os.path.join(tmp, "db.sqlite"))
        report = ingest([inputs], store, jobs=1, progress=False)
        store.close()
        # Every document stored (an empty folder is one problem: nothing to read).
        assert report.stored == len(files), (report.stored, report.problems[:3])
"""

_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def instructions(side: str, folder: Path, count: int, src: Path | None) -> int:
    """Instructions executed by the child on `count` documents of `folder`."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src),
                                                          env.get("PYTHONPATH", "")]))
    proc = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, "-c", _CHILD, side, str(folder), str(count)],
        capture_output=True, text=True, env=env, check=False)
    found = _COLLECTED.findall(proc.stderr)
    if proc.returncode != 0 or not found:
        tail = proc.stderr.strip().splitlines()[-5:]
        raise RuntimeError(f"{side} on {count} documents failed: " + " | ".join(tail))
    return int(found[-1])


def per_document(side: str, folder: Path, count: int, src: Path | None,
                 pool: ThreadPoolExecutor) -> float:
    none, some = pool.map(lambda n: instructions(side, folder, n, src), (0, count))
    return (some - none) / count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100, help="documents per format")
    parser.add_argument("--formats", nargs="+", default=["txt", "html"],
                        choices=["txt", "html", "warc", "jsonl"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--src", type=Path, default=None,
                        help="run bilateral from this source folder (a checkout's src/)")
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "bilateral-bench",
                        help="where corpora are generated and reused")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("SKIP: valgrind is not installed (apt-get install valgrind)")
        return 0
    args.workdir.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, float]] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for fmt in args.formats:
            folder, _ = corpus(args.workdir, fmt, args.count, args.seed)
            print(f"counting bilateral on {folder} ...", file=sys.stderr, flush=True)
            rows.append((fmt, "bilateral ingest (one process)",
                         per_document("bilateral", folder, args.count, args.src, pool)))
            if fmt == "html":
                print(f"counting bare trafilatura on {folder} ...", file=sys.stderr,
                      flush=True)
                rows.append((fmt, "bare trafilatura.extract",
                             per_document("bare", folder, args.count, None, pool)))
    print(f"\n{'format':7s} {'side':32s} {'instructions a document':>24s}")
    for fmt, side, value in rows:
        print(f"{fmt:7s} {side:32s} {value / 1e6:21.2f} M")
    costs = {(fmt, side.split()[0]): value for fmt, side, value in rows}
    if ("html", "bare") in costs:
        ratio = costs[("html", "bilateral")] / costs[("html", "bare")]
        print(f"\nHTML: bilateral / bare trafilatura = {ratio:.2f}x the instructions "
              f"({args.count} documents{'' if args.src is None else f', {args.src}'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
