"""The command line, as a user meets it: ingest, export, search, demo, and bad input."""

from __future__ import annotations

import csv
import io
import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ARTICLE_EN, FORMATS, html_page

ARTICLES = [
    ("Токаев прибыл в Баку с государственным визитом. Президенты Казахстана и Азербайджана "
     "провели переговоры в узком и расширенном составе и подписали ряд документов о "
     "сотрудничестве в транспорте, энергетике и торговле."),
    ("Qazaxıstan Prezidenti Qasım-Jomart Tokayev dövlət səfəri ilə Bakıya gəlib. Prezidentlər "
     "təkbətək görüşdən sonra geniş tərkibdə danışıqlar aparıb, nəqliyyat və enerji sahəsində "
     "sənədlər imzalayıblar."),
    ("Президент Тоқаев Бакуге мемлекеттік сапармен барды. Екі ел басшылары сауда, көлік және "
     "энергетика салаларындағы ынтымақтастықты талқылап, бірқатар құжаттарға қол қойды."),
]


def write_corpus(folder: Path, n: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = ARTICLES[i % len(ARTICLES)] + f" Это сообщение номер {i}." * (1 + i // 3)
        (folder / f"{i:03d}.txt").write_text(
            f"Новости | Политика | Экономика\nЗаголовок статьи номер {i}\n"
            f"11.03.2024 | 12:{i % 60:02d}\n\n{body}\n\nПоделиться\nЧитайте также\n"
            f"Другая новость дня\n12.03.2024 10:00\n", encoding="utf-8")
    return folder


def exported(cli, db: Path) -> list[dict]:
    run = cli("export", "documents", "--db", db)
    assert run.code == 0, run.err
    return [json.loads(line) for line in run.out.splitlines()]


def test_ingest_then_export_documents(cli, tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    run = cli("ingest", write_corpus(tmp_path / "c"), FORMATS / "en_article.html", "--db", db)
    assert run.code == 0, run.err
    assert run.err.strip().splitlines()[-1].startswith("ingested 4 documents (4 new")
    docs = exported(cli, db)
    assert [set(d) >= {"uri", "title", "lang", "published", "text", "duplicate_of"}
            for d in docs] == [True] * 4
    first = docs[0]
    assert first["title"] == "Заголовок статьи номер 0"
    assert first["published"] == "2024-03-11"
    assert first["lang"] == "ru"
    assert "Поделиться" not in first["text"] and "Другая новость" not in first["text"]
    assert {d["lang"] for d in docs} == {"ru", "az", "kk", "en"}


def test_export_csv(cli, tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    cli("ingest", write_corpus(tmp_path / "c"), "--db", db)
    run = cli("export", "documents", "--format", "csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert len(rows) == 3 and rows[0]["lang"] == "ru"


def test_reingest_adds_nothing_and_copies_are_marked(cli, tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    corpus = write_corpus(tmp_path / "c")
    cli("ingest", corpus, "--db", db)
    before = exported(cli, db)
    run = cli("ingest", corpus, "--db", db)
    assert run.code == 0 and "3 already stored" in run.err
    assert exported(cli, db) == before
    # The same article saved by another site, with other furniture.
    copy = tmp_path / "copy.txt"
    original = (corpus / "001.txt").read_text(encoding="utf-8")
    copy.write_text("Другой сайт\n" + original.replace("Поделиться", "Подписывайтесь на нас"),
                    encoding="utf-8")
    run = cli("ingest", copy, "--db", db)
    assert "1 duplicate)" in run.err
    docs = exported(cli, db)
    assert docs[-1]["duplicate_of"] == str(corpus / "001.txt")


def test_parallel_ingest_starts_workers_only_for_documents(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    from bilateral import ingest as ingest_module
    from bilateral.store import Store

    started: list[str] = []
    monkeypatch.setattr(ingest_module, "warm", lambda: started.append("warm"))
    real_pool = ingest_module.ProcessPoolExecutor

    def pool(*args, **kwargs):
        started.append("pool")
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(ingest_module, "ProcessPoolExecutor", pool)
    empty, unreadable = tmp_path / "empty", put(tmp_path / "scan.bin", b"\x00\x01" * 500)
    empty.mkdir()
    report = ingest_module.ingest([str(empty), str(unreadable)], Store(tmp_path / "b.db"),
                                  jobs=2, progress=False)
    assert report.failed and len(report.problems) == 2
    assert started == []  # nothing to analyse: no warm-up, no worker
    corpus = write_corpus(tmp_path / "c")
    report = ingest_module.ingest([str(unreadable), str(corpus)], Store(tmp_path / "b.db"),
                                  jobs=2, progress=False)
    assert report.new == 3 and len(report.problems) == 1
    assert started == ["warm", "pool"]


def test_ingest_progress_counts_the_bytes_of_every_file(tmp_path: Path) -> None:
    from bilateral.ingest import _read_all
    from bilateral.read import list_inputs

    corpus = write_corpus(tmp_path / "c")
    put(tmp_path / "c" / "scan.txt", b"\x00\x01" * 500)  # refused, and still read
    inputs = list(list_inputs([str(corpus), str(tmp_path / "missing")]))
    steps: list[int] = []
    items = list(_read_all(inputs, steps.append))
    assert len(items) == 5  # three documents, the binary file, the missing path
    assert all(n > 0 for n in steps)
    assert sum(steps) == sum(f.stat().st_size for f in corpus.iterdir())


def test_search_across_scripts_of_case(cli, tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    cli("ingest", write_corpus(tmp_path / "c"), "--db", db)
    run = cli("search", "QAZAXISTAN", "--db", db)
    assert run.code == 0 and "Qazaxıstan" in run.out
    run = cli("search", "Токаев", "--json", "--db", db)
    assert json.loads(run.out.splitlines()[0])["lang"] == "ru"


def put(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def folder(path: Path) -> Path:
    path.mkdir()
    return path


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p / "missing.txt", "no such file or directory"),
    (lambda p: folder(p / "empty_dir"), "folder holds no files"),
    (lambda p: put(p / "e.txt", b""), "empty file"),
    (lambda p: put(p / "b.bin", bytes(range(256)) * 8), "binary"),
    (lambda p: put(p / "t.txt.gz", b"\x1f\x8b\x08\x00" + b"x" * 30), "gzip"),
    (lambda p: put(p / "n.html", "<html><body><nav>Home</nav></body></html>"),
     "no article text"),
    (lambda p: put(p / "bad.jsonl", '{"title": "x", "text": "unterminated\n'), "invalid JSON"),
])
def test_bad_input_gets_one_line_and_status_1(cli, tmp_path: Path, make, message) -> None:
    path = make(tmp_path)
    run = cli("ingest", path, "--db", tmp_path / "b.db")
    assert run.code == 1
    assert message in run.err
    assert "Traceback" not in run.err
    assert len([ln for ln in run.err.splitlines() if ln.startswith("bilateral:")]) == 1


def test_bad_files_do_not_stop_the_rest(cli, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c", 2)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "x.jsonl").write_text('{"text": "' + ARTICLE_EN + '"}\nnot json\n')
    run = cli("ingest", corpus, tmp_path / "missing", "--db", tmp_path / "b.db")
    assert run.code == 0
    assert "ingested 3 documents" in run.err and "skipped 3" in run.err


def test_database_errors_are_one_line(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 1000)
    run = cli("ingest", FORMATS / "en_article.html", "--db", bad)
    assert run.code == 1 and run.err.count("\n") == 1 and "cannot open database" in run.err
    run = cli("export", "documents", "--db", tmp_path / "none.db")
    assert run.code == 1 and "no database" in run.err


def test_demo_ingests_the_bundled_corpus(cli) -> None:
    run = cli("demo")
    assert run.code == 0, run.err
    assert "documents in" in run.out
    for lang in ("az", "kk", "ru", "tr", "en"):
        assert f" {lang}-" in run.out
    assert "same article as" in run.out


def _ingest_process(paths: list[Path], db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bilateral.cli", "ingest", *map(str, paths),
                             "--db", str(db), "--batch-size", "5"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_interrupted_ingest_keeps_whole_documents_and_resumes(tmp_path: Path, sig) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(150):
        (corpus / f"{i:03d}.html").write_text(
            html_page(f"Page {i}", f"{ARTICLE_EN} Item {i} of the series."), encoding="utf-8")
    db = tmp_path / "b.db"
    proc = _ingest_process([corpus], db)
    deadline = time.time() + 30
    while time.time() < deadline:  # wait until some documents are committed
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as con:
                    if con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] >= 10:
                        break
            except sqlite3.OperationalError:
                pass
    proc.send_signal(sig)
    proc.communicate(timeout=60)
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n_docs = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        n_fts = con.execute("SELECT COUNT(*) FROM documents_fts").fetchone()[0]
        orphans = con.execute("SELECT COUNT(*) FROM paragraphs WHERE document_id NOT IN "
                              "(SELECT id FROM documents)").fetchone()[0]
    assert 0 < n_docs == n_fts and orphans == 0
    rerun = _ingest_process([corpus], db)
    _, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    with sqlite3.connect(db) as con:
        uris = [r[0] for r in con.execute("SELECT uri FROM documents ORDER BY uri")]
    assert uris == sorted(str(p) for p in corpus.iterdir())
