"""Soak test of `bilateral serve` (issue 9): N clients for S seconds on 127.0.0.1 against a
database, optionally while an ingest writes into it. Zero errors is the bar: every response
200 (or 404 for an event re-keyed by a merge), no 'database is locked', no 500.

    python benchmarks/web_soak.py --db bilateral.db --clients 8 --seconds 60
    python benchmarks/web_soak.py --clients 8 --seconds 60 --ingest-while DIR   # a fresh db

Prints one summary line (requests, errors, requests/s, p50/p99 latency) per run.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

URLS = ["/", "/api/events?limit=50", "/api/documents?limit=50", "/search?q=Tokayev",
        "/api/search?q=Baku", "/entities", "/graph", "/figures", "/api/timeline",
        "/entities/person/kassym-jomart-tokayev", "/?pair=AZE-KAZ&order=oldest",
        "/api/events?type=CONSULT", "/static/style.css"]
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
ARTICLES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "events" / "articles"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "bilateral.cli", *args]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="database to serve (default: one made from the tests' "
                                     "articles)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--ingest-while", metavar="DIR",
                        help="ingest DIR into the database while the clients read")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bilateral-soak-"))
    db = Path(args.db) if args.db else tmp / "soak.db"
    if not db.exists():
        first = [str(ARTICLES)] + ([str(SEEDS)] if SEEDS.is_dir() else [])
        subprocess.run(cli("ingest", *first, "--db", str(db)), check=True,
                       capture_output=True)
    port = free_port()
    server = subprocess.Popen(cli("serve", "--db", str(db), "--port", str(port)),
                              stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(base + "/api/events?limit=1", timeout=2)
            break
        except httpx.HTTPError:
            time.sleep(0.1)

    writer = None
    if args.ingest_while:
        writer = subprocess.Popen(cli("ingest", args.ingest_while, "--db", str(db)),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    stop = time.monotonic() + args.seconds
    latencies: list[float] = []
    errors: list[tuple[str, object]] = []
    lock = threading.Lock()

    def client(i: int) -> None:
        mine, bad = [], []
        with httpx.Client(base_url=base, timeout=60) as c:
            k = i
            while time.monotonic() < stop:
                url = URLS[k % len(URLS)]
                k += 1
                t = time.perf_counter()
                try:
                    r = c.get(url)
                    if r.status_code != 200:
                        bad.append((url, r.status_code))
                except httpx.HTTPError as exc:
                    bad.append((url, repr(exc)))
                mine.append(time.perf_counter() - t)
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    writer_status = None
    if writer:
        writer_err = writer.communicate()[1].decode(errors="replace")
        writer_status = f"ingest exit {writer.returncode}"
        if "locked" in writer_err:
            errors.append(("ingest", "database is locked"))
    server.terminate()
    server_err = server.communicate(timeout=10)[1].decode(errors="replace")
    if "Traceback" in server_err or "locked" in server_err:
        errors.append(("server log", server_err.strip().splitlines()[-1]))
    lat = sorted(latencies)
    p50 = statistics.median(lat) * 1000 if lat else 0
    p99 = lat[int(len(lat) * 0.99) - 1] * 1000 if lat else 0
    print(f"{args.clients} clients, {elapsed:.0f} s: {len(lat)} requests, {len(errors)} errors, "
          f"{len(lat) / elapsed:.0f} req/s, p50 {p50:.0f} ms, p99 {p99:.0f} ms"
          + (f"; {writer_status}" if writer_status else ""))
    for e in errors[:10]:
        print("  error:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
