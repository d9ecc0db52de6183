"""Issue 9, the archive never loses or corrupts what it holds: `bilateral ingest` killed at
random points, on a full disk, on a read-only database; old schemas migrate, newer ones are
refused."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ARTICLE_EN, html_page

from bilateral.store import MIGRATIONS, SCHEMA_VERSION, Store

OTHER = [
    "Azerbaijani President Ilham Aliyev met Kazakh President Kassym-Jomart Tokayev in Astana "
    "on 12 March 2024; the two signed an agreement on the Middle Corridor and pledged $2 "
    "billion of trade by 2026.",
    "Президент Казахстана Касым-Жомарт Токаев прибыл в Баку 11 марта 2024 года с "
    "государственным визитом и провел переговоры с Ильхамом Алиевым.",
    "Qazaxıstan Prezidenti Qasım-Jomart Tokayev martın 11-də Bakıya dövlət səfəri ilə gəlib. "
    "Prezidentlər nəqliyyat və enerji sahəsində sənədlər imzalayıblar.",
]


def make_corpus(folder: Path, n: int) -> Path:
    """`n` pages, some of them copies of others (duplicates must resolve the same way)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = f"{ARTICLE_EN}\n\n{OTHER[i % 3]}\n\nItem {i}: report number {i * 7919}."
        if i % 10 == 9:  # the same article again under another name
            body = f"{ARTICLE_EN}\n\n{OTHER[(i - 1) % 3]}\n\nItem {i - 1}: report number " \
                   f"{(i - 1) * 7919}."
        (folder / f"{i:03d}.html").write_text(html_page(f"Page {i}", body), encoding="utf-8")
    return folder


def cli(*args: str | Path, preexec=None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bilateral.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, preexec_fn=preexec)


def ingest_cmd(corpus: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "bilateral.cli", "ingest", str(corpus), "--db", str(db),
            "--batch-size", "4", "--jobs", "1", *extra]


def exported(db: Path) -> tuple[list[dict], list[dict]]:
    """Documents (without the time they were stored) and events, as the CLI exports them."""
    docs = cli("export", "documents", "--db", db)
    events = cli("export", "events", "--db", db)
    assert docs.returncode == 0 and events.returncode == 0, docs.stderr + events.stderr
    documents = [json.loads(line) for line in docs.stdout.splitlines()]
    for d in documents:
        d.pop("ingested_at", None)
        d.pop("id", None)
    return (sorted(documents, key=lambda d: d["uri"]),
            sorted((json.loads(line) for line in events.stdout.splitlines()),
                   key=lambda e: json.dumps(e, sort_keys=True)))


def check_consistent(db: Path) -> int:
    """integrity_check, foreign keys, and no partial document. Returns the documents."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        ids = {r[0] for r in con.execute("SELECT id FROM documents")}
        fts = {r[0] for r in con.execute("SELECT rowid FROM documents_fts")}
        assert ids == fts, "every document has exactly its FTS row"
        for table in ("paragraphs", "mentions", "candidates", "figures", "simhash_keys"):
            orphans = con.execute(f"SELECT COUNT(*) FROM {table} WHERE document_id NOT IN "
                                  "(SELECT id FROM documents)").fetchone()[0]
            assert orphans == 0, table
        no_paragraphs = con.execute("SELECT COUNT(*) FROM documents WHERE id NOT IN "
                                    "(SELECT document_id FROM paragraphs)").fetchone()[0]
        assert no_paragraphs == 0
        dangling = con.execute("SELECT COUNT(*) FROM candidates WHERE event_id IS NOT NULL AND "
                               "event_id NOT IN (SELECT id FROM events)").fetchone()[0]
        assert dangling == 0
        bad_dup = con.execute("SELECT COUNT(*) FROM documents WHERE duplicate_of IS NOT NULL "
                              "AND duplicate_of NOT IN (SELECT id FROM documents)").fetchone()[0]
        assert bad_dup == 0
        # every merged candidate belongs to an event; an event has its candidates
        assert con.execute("SELECT COUNT(*) FROM events WHERE id NOT IN (SELECT event_id FROM "
                           "candidates WHERE event_id IS NOT NULL)").fetchone()[0] == 0
        return len(ids)
    finally:
        con.close()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple]:
    """The corpus and what one uninterrupted ingest of it stores."""
    root = tmp_path_factory.mktemp("crash")
    corpus = make_corpus(root / "corpus", 48)
    db = root / "reference.db"
    run = subprocess.run(ingest_cmd(corpus, db), capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    check_consistent(db)
    return corpus, exported(db)


@pytest.fixture(scope="module")
def long_reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple, float]:
    """A corpus of 400 pages, what one uninterrupted ingest stores, and how long it took
    (every later run takes about as long: it analyses each document again before the store
    finds it stored)."""
    root = tmp_path_factory.mktemp("crash-long")
    corpus = make_corpus(root / "corpus", 400)
    db = root / "reference.db"
    started = time.monotonic()
    run = subprocess.run(ingest_cmd(corpus, db), capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return corpus, exported(db), time.monotonic() - started


def test_sigkill_at_random_points_loses_nothing(long_reference, tmp_path: Path) -> None:
    """15 SIGKILLs at random moments (start-up, reading, mid-batch, merging), a consistent
    database after each, and a final run that ends with what an uninterrupted one stores."""
    corpus, expected, duration = long_reference
    db = tmp_path / "k.db"
    rng = random.Random(9)
    started = time.monotonic()
    kills = 0
    for _ in range(15):
        proc = subprocess.Popen(ingest_cmd(corpus, db), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        # From start-up to merging, on a machine of any speed.
        begun = time.monotonic()
        kill_at = begun + rng.uniform(0.1, 0.95) * duration
        while proc.poll() is None and time.monotonic() < kill_at:
            time.sleep(0.01)
        if proc.poll() is None:
            proc.kill()
            kills += 1
        else:
            # It ended before its kill: runs take less time now than the reference did (a
            # run after a complete one finds every document stored and writes nothing, and
            # a shared machine's speed drifts). Later kills are aimed within this run's time.
            duration = time.monotonic() - begun
        proc.wait(timeout=30)
        if db.exists() and db.stat().st_size:
            con = sqlite3.connect(db)
            has_schema = con.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = "
                                     "'schema_version'").fetchone()[0]
            con.close()
            if has_schema:
                check_consistent(db)
    assert kills >= 10, "most runs should have been killed mid-way"
    final = subprocess.run(ingest_cmd(corpus, db), capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stderr
    check_consistent(db)
    assert exported(db) == expected
    assert time.monotonic() - started < 90


def _mount_tmpfs(where: Path, size: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    where.mkdir()
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True).returncode == 0


DB_ERROR_BUG = ("cli.main has no except for sqlite3.Error: a database that cannot be "
                "written once opened says '{}' and exits 2, not one clear line and exit 1")
DISK_FULL_BUG = DB_ERROR_BUG.format("internal error: OperationalError: database or disk is "
                                    "full")


def test_full_disk_keeps_whole_documents_then_resumes(reference, tmp_path: Path) -> None:
    """The database on a 384 KB tmpfs: the ingest stops with one line; what is stored is
    whole; moved to a roomy disk, the same command completes it."""
    corpus, expected = reference
    small = tmp_path / "small"
    if not _mount_tmpfs(small, "384k"):
        pytest.skip("needs root and tmpfs to make a small disk")
    try:
        db = small / "b.db"
        run = subprocess.run(ingest_cmd(corpus, db), capture_output=True, text=True,
                             timeout=120)
        lines = [ln for ln in run.stderr.splitlines() if ln.startswith("bilateral:")]
        assert "Traceback" not in run.stderr
        assert run.returncode != 0 and lines, run.stderr
        assert any("full" in ln for ln in lines), run.stderr
        stored = check_consistent(db)
        moved = tmp_path / "b.db"
        con = sqlite3.connect(db)
        con.execute(f"VACUUM INTO '{moved}'")  # what a user does: copy it somewhere roomy
        con.close()
        outcome = (run.returncode, stored)
    finally:
        subprocess.run(["umount", str(small)], check=False)
    final = subprocess.run(ingest_cmd(corpus, moved), capture_output=True, text=True,
                           timeout=120)
    assert final.returncode == 0, final.stderr
    check_consistent(moved)
    assert exported(moved) == expected
    if outcome[0] == 2:
        pytest.fail(DISK_FULL_BUG)
    assert outcome[0] == 1


def test_full_disk_while_creating_the_schema(tmp_path: Path) -> None:
    """No room even for the schema: one line, exit 1, and the real reason (disk full), not
    what a failed ROLLBACK says afterwards."""
    small = tmp_path / "small"
    if not _mount_tmpfs(small, "12k"):
        pytest.skip("needs root and tmpfs to make a small disk")
    try:
        run = cli("ingest", tmp_path, "--db", small / "b.db", "--jobs", "1")
    finally:
        subprocess.run(["umount", str(small)], check=False)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.count("bilateral: error") == 1, run.stderr
    if "cannot rollback" in run.stderr:
        pytest.fail("Store._migrate: after SQLITE_FULL, SQLite has already rolled back; "
                     "the unconditional ROLLBACK raises 'cannot rollback - no transaction is "
                     "active', which hides 'database or disk is full'")
    assert "full" in run.stderr or "disk" in run.stderr, run.stderr


def _without_root_powers() -> list[str]:
    """A command prefix under which root obeys file modes (CAP_DAC_OVERRIDE dropped)."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() == 0 and not setpriv:
        pytest.skip("root ignores file modes and setpriv is missing")
    if os.geteuid() != 0:
        return []
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--inh-caps", "-all"]


def powerless(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([*_without_root_powers(), sys.executable, "-m", "bilateral.cli",
                           *map(str, args)], capture_output=True, text=True, timeout=120)


def test_read_only_database_file(reference, tmp_path: Path) -> None:
    corpus, expected = reference
    db = tmp_path / "b.db"
    assert subprocess.run(ingest_cmd(corpus, db), capture_output=True).returncode == 0
    extra = tmp_path / "extra.html"
    extra.write_text(html_page("Extra", ARTICLE_EN + " More."))
    db.chmod(0o444)
    before = db.read_bytes()
    run = powerless("ingest", extra, "--db", db, "--jobs", "1")
    assert "Traceback" not in run.stderr and run.stderr.count("\n") == 1, run.stderr
    assert "read" in run.stderr.lower() or "permission" in run.stderr.lower(), run.stderr
    assert db.read_bytes() == before
    # Reading still works.
    reading = powerless("timeline", "--db", db)
    assert reading.returncode == 0, reading.stderr
    db.chmod(0o644)
    assert exported(db) == expected
    if run.returncode == 2 and "internal error: OperationalError" in run.stderr:
        pytest.fail(DB_ERROR_BUG.format(run.stderr.strip()))
    assert run.returncode == 1, run.stderr


def test_read_only_folder(reference, tmp_path: Path) -> None:
    """The database file is writable but its folder is not (no -wal, -shm can be made)."""
    corpus, expected = reference
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "b.db"
    assert subprocess.run(ingest_cmd(corpus, db), capture_output=True).returncode == 0
    extra = tmp_path / "x.html"
    extra.write_text(html_page("X", ARTICLE_EN + " Extra."))
    before = db.read_bytes()
    folder.chmod(0o555)
    try:
        run = powerless("ingest", extra, "--db", db, "--jobs", "1")
        assert run.returncode == 1, run.stderr
        assert "Traceback" not in run.stderr and run.stderr.count("\n") == 1, run.stderr
        assert db.read_bytes() == before
        readable = powerless("timeline", "--db", db)
    finally:
        folder.chmod(0o755)
    assert exported(db) == expected
    if readable.returncode != 0:
        pytest.fail("a WAL database in a read-only folder cannot even be read: "
                     f"{readable.stderr.strip()} (Store(readonly=True) could fall back to "
                     "'?mode=ro&immutable=1' when the -shm file cannot be made)")


# -- schema migrations -------------------------------------------------------------------

def _v1_database(path: Path) -> None:
    """A database as the first release made it: MIGRATIONS[0] and schema_version 1."""
    from bilateral.store import _split_sql

    con = sqlite3.connect(path, isolation_level=None)
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TEXT NOT "
                "NULL)")
    for statement in _split_sql(MIGRATIONS[0]):
        con.execute(statement)
    con.execute("INSERT INTO schema_version VALUES (1, '2024-01-01T00:00:00Z')")
    con.execute("INSERT INTO documents (id, uri, source_format, title, text, content_hash, "
                "ingested_at, lang) VALUES (1, 'https://old.example/1', 'html', 'Old one', ?, "
                "'abc', '2024-01-01T00:00:00Z', 'en')", (ARTICLE_EN,))
    con.execute("INSERT INTO paragraphs VALUES (1, 0, 0, ?, 'en', 'Latn')", (len(ARTICLE_EN),))
    con.execute("INSERT INTO documents_fts (rowid, title, text) VALUES (1, 'old one', ?)",
                (ARTICLE_EN.lower(),))
    con.close()


def test_v1_database_migrates_and_keeps_its_documents(tmp_path: Path) -> None:
    db = tmp_path / "v1.db"
    _v1_database(db)
    store = Store(db)
    try:
        assert store.schema_version() == SCHEMA_VERSION
        [doc] = list(store.iter_documents())
        assert doc["uri"] == "https://old.example/1" and doc["text"] == ARTICLE_EN
        assert [r["uri"] for r in store.search("Tokayev")] == ["https://old.example/1"]
        versions = [r[0] for r in store.db.execute("SELECT version FROM schema_version")]
        assert versions == list(range(1, SCHEMA_VERSION + 1))
    finally:
        store.close()
    check_consistent(db)
    # and through the CLI: new documents go in beside it
    page = tmp_path / "new.html"
    page.write_text(html_page("New", ARTICLE_EN + " A new one."))
    run = cli("ingest", page, "--db", db, "--jobs", "1")
    assert run.returncode == 0, run.stderr
    docs, _ = exported(db)
    assert {d["uri"] for d in docs} == {"https://old.example/1", str(page)}


def test_every_intermediate_version_migrates(tmp_path: Path) -> None:
    from bilateral.store import _split_sql

    for version in range(1, SCHEMA_VERSION):
        db = tmp_path / f"v{version}.db"
        con = sqlite3.connect(db, isolation_level=None)

        con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TEXT)")
        for v in range(version):
            for statement in _split_sql(MIGRATIONS[v]):
                con.execute(statement)
            con.execute("INSERT INTO schema_version VALUES (?, 'then')", (v + 1,))
        con.close()
        store = Store(db)
        assert store.schema_version() == SCHEMA_VERSION
        store.close()


@pytest.mark.parametrize("command", [["ingest", "{page}"], ["timeline"], ["search", "x"],
                                     ["export", "documents"], ["serve", "--port", "1"]])
def test_newer_schema_is_refused_through_the_cli(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "new.db"
    Store(db).close()
    con = sqlite3.connect(db)
    con.execute("INSERT INTO schema_version VALUES (?, 'future')", (SCHEMA_VERSION + 5,))
    con.commit()
    con.close()
    before = db.read_bytes()
    page = tmp_path / "p.html"
    page.write_text(html_page("P", ARTICLE_EN))
    args = [a.format(page=page) for a in command]
    run = cli(*args, "--db", db, timeout=60)
    assert run.returncode == 1, run.stderr
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr, run.stderr
    assert "newer bilateral" in run.stderr and "upgrade" in run.stderr
    assert db.read_bytes() == before
