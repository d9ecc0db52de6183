"""Issue 9, concurrency: `bilateral serve` answers while an ingest writes (no half-written
document or event, no 'database is locked', never a 500), and two ingests at once on one
database end as one ingest of the union."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from test_trust_crash import check_consistent, exported, ingest_cmd, make_corpus

pytest.importorskip("uvicorn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`bilateral serve` in a child process on 127.0.0.1, two worker processes (each with
    its own connections: every one must see whole documents only)."""

    def __init__(self, db: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bilateral.cli", "serve", "--db", str(db), "--port",
             str(self.port), "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/api/events?limit=1", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise AssertionError("bilateral serve did not start")

    def stop(self) -> str:
        self.proc.terminate()
        try:
            _, err = self.proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        return err.decode(errors="replace")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple]:
    root = tmp_path_factory.mktemp("conc")
    folder = make_corpus(root / "corpus", 48)
    db = root / "reference.db"
    run = subprocess.run(ingest_cmd(folder, db), capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return folder, exported(db)


def ingest_files(db: Path, files: list) -> list[str]:
    return [sys.executable, "-m", "bilateral.cli", "ingest", "--db", str(db), "--batch-size",
            "4", "--jobs", "1", *map(str, files)]


def _reader(base: str, stop: threading.Event, problems: list[str], counts: dict) -> None:
    """Browse like a user, checking that what is shown is whole."""
    with httpx.Client(base_url=base, timeout=60) as client:
        while not stop.is_set():
            try:
                for url in ("/", "/api/events?limit=200", "/search?q=Tokayev",
                            "/api/search?q=Baku", "/entities", "/figures"):
                    r = client.get(url)
                    counts["requests"] += 1
                    if r.status_code != 200:
                        problems.append(f"{url}: {r.status_code} {r.text[:200]}")
                docs = client.get("/api/documents?limit=200").json()["items"]
                for d in docs[-3:]:
                    full = client.get(f"/api/documents/{d['id']}")
                    counts["requests"] += 1
                    if full.status_code != 200:
                        problems.append(f"document {d['id']}: {full.status_code}")
                        continue
                    doc = full.json()
                    if not doc["mentions"]:
                        problems.append(f"document {d['id']} shown without its mentions")
                    page = client.get(f"/documents/{d['id']}")
                    if page.status_code != 200:
                        problems.append(f"/documents/{d['id']}: {page.status_code}")
                for e in client.get("/api/events?limit=20").json()["items"]:
                    r = client.get(f"/api/events/{e['id']}")
                    counts["requests"] += 1
                    if r.status_code == 404:
                        counts["gone"] += 1  # re-merged meanwhile: a new key, not an error
                        continue
                    if r.status_code != 200:
                        problems.append(f"event {e['id']}: {r.status_code} {r.text[:200]}")
                    elif not r.json()["sources"]:
                        problems.append(f"event {e['id']} shown with no sources")
            except httpx.HTTPError as exc:
                problems.append(f"{type(exc).__name__}: {exc}")


HALF_EVENT_BUG = ("services.event_detail reads an event and then its sources in two "
                  "statements with no read transaction around them: a merge committed "
                  "between them shows the event with no sources")


def test_serve_while_ingesting(corpus, tmp_path: Path) -> None:
    folder, expected = corpus
    files = sorted(folder.iterdir())
    db = tmp_path / "live.db"
    first = subprocess.run(ingest_cmd(files[0], db), capture_output=True, timeout=120)
    assert first.returncode == 0
    server = Server(db)
    stop, problems, counts = threading.Event(), [], {"requests": 0, "gone": 0}
    readers = [threading.Thread(target=_reader, args=(server.url, stop, problems, counts))
               for _ in range(3)]
    try:
        for t in readers:
            t.start()
        for chunk in (files[1:24], files[24:]):  # two more ingests, two more merges
            run = subprocess.run(ingest_files(db, chunk), capture_output=True, text=True,
                                 timeout=120)
            assert run.returncode == 0, run.stderr
        time.sleep(0.5)
    finally:
        stop.set()
        for t in readers:
            t.join(timeout=60)
        err = server.stop()
    assert "database is locked" not in err and "Traceback" not in err, err[-2000:]
    assert counts["requests"] > 50
    check_consistent(db)
    assert exported(db) == expected
    half = [p for p in problems if "no sources" in p]
    assert [p for p in problems if p not in half] == []
    if half:
        pytest.fail(f"{HALF_EVENT_BUG}: {half[0]}")


def _wait_for_documents(db: Path, n: int, timeout: float = 60) -> None:
    import sqlite3

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            con = sqlite3.connect(db, timeout=1)
            try:
                if con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] >= n:
                    return
            finally:
                con.close()
        except sqlite3.Error:
            pass
        time.sleep(0.05)
    raise AssertionError(f"{db}: fewer than {n} documents after {timeout} s")


def test_two_ingests_at_once_equal_one_of_the_union(corpus, tmp_path: Path) -> None:
    """Overlapping halves at once, the later half first: both end well (one waits for the
    other's batches, or is refused with one clear line and run again), nothing is half
    written, and the database equals one ingest of the whole."""
    folder, expected = corpus
    files = sorted(str(p) for p in folder.iterdir())
    db = tmp_path / "two.db"
    b = subprocess.Popen(ingest_files(db, files[20:]), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    _wait_for_documents(db, 4)
    a = subprocess.Popen(ingest_files(db, files[:30]), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    _, err_b = b.communicate(timeout=120)
    _, err_a = a.communicate(timeout=120)
    for proc, err, part in ((a, err_a, files[:30]), (b, err_b, files[20:])):
        assert "locked" not in err and "Traceback" not in err, err
        if proc.returncode == 1:  # refused: one clear line; then it runs on its own
            assert len([ln for ln in err.splitlines() if ln.startswith("bilateral:")]) == 1
            again = subprocess.run(ingest_files(db, part), capture_output=True, text=True,
                                   timeout=120)
            assert again.returncode == 0, again.stderr
        else:
            assert proc.returncode == 0, err
    check_consistent(db)
    got = exported(db)
    assert got == expected


def test_the_order_of_ingests_does_not_change_the_archive(corpus, tmp_path: Path) -> None:
    """The second half, then the first: copies point at the same originals (the first
    published, then by uri), and the events count the same sources."""
    folder, expected = corpus
    files = sorted(str(p) for p in folder.iterdir())
    db = tmp_path / "rev.db"
    for part in (files[24:], files[:24]):
        run = subprocess.run(ingest_files(db, part), capture_output=True, text=True,
                             timeout=120)
        assert run.returncode == 0, run.stderr
    assert exported(db) == expected
