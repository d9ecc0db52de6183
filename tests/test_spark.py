"""The Spark job in local mode on a tiny corpus, and its Parquet loaded into the store: the
store must hold what `bilateral ingest` stores from the same input."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from bilateral.model import Document
from bilateral.pipeline import process
from bilateral.read import read_file
from bilateral.spark.serial import from_row, to_row

DEMO = Path(str(resources.files("bilateral") / "data" / "demo"))


def _demo_docs() -> list[Document]:
    docs = []
    for path in sorted(DEMO.iterdir()):
        docs += [d for d in read_file(path) if isinstance(d, Document)]
    return docs


def test_rows_round_trip() -> None:
    for doc in _demo_docs():
        done = process(doc)
        assert isinstance(done, Document)
        row = json.loads(json.dumps(to_row(done, "demo", 0)))  # plain data only
        assert from_row(row) == done


# --- Spark ---------------------------------------------------------------------------------

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed "
                              "(pip install 'bilateral[spark]')")
if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    pytest.skip("Java is not installed (pyspark needs a JDK 17+)", allow_module_level=True)

from bilateral.spark import job  # noqa: E402
from bilateral.spark.load import LoadError, load_parquet  # noqa: E402
from bilateral.store import Store  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    session = job.session("local[1]", app_name="bilateral-test", driver_memory="512m")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo articles as JSON Lines (with one bad line), as a WARC, and as Parquet."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    root = tmp_path_factory.mktemp("spark-corpus")
    docs = _demo_docs()
    records = [{"url": f"https://news.example/{i}", "title": d.title, "published": d.published,
                "text": d.text} for i, d in enumerate(docs)]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(3, "{not json")
    (root / "jsonl").mkdir()
    (root / "jsonl" / "demo.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    (root / "warc").mkdir()
    with open(root / "warc" / "demo.warc.gz", "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for r in records[:4]:
            paragraphs = "".join(f"<p>{p}</p>" for p in r["text"].split("\n") if p.strip())
            page = (f"<html><head><title>{r['title'] or ''}</title></head><body><article>"
                    f"<h1>{r['title'] or ''}</h1>{paragraphs}</article></body></html>")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                r["url"], "response", payload=io.BytesIO(page.encode("utf-8")),
                http_headers=headers))

    import pyarrow as pa
    import pyarrow.parquet as pq

    (root / "parquet").mkdir()
    pq.write_table(pa.Table.from_pylist(records[:3]), root / "parquet" / "demo.parquet")
    return root


def _reference_db(inputs: list[Path], db: Path) -> None:
    """`bilateral ingest` in a child with PYTHONHASHSEED=0, the seed Spark gives its Python
    workers (set iteration order may still leak into what the extractors pick)."""
    code = ("import sys; from bilateral.ingest import ingest; from bilateral.store import "
            "Store; ingest(sys.argv[2:], Store(sys.argv[1]), jobs=1)")
    subprocess.run([sys.executable, "-c", code, str(db), *map(str, inputs)], check=True,
                   env={**os.environ, "PYTHONHASHSEED": "0"})


def _contents(db: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(db)
    try:
        return {
            "documents": con.execute(
                "SELECT uri, source_format, title, published, author, lang, script, text,"
                " content_hash, simhash, duplicate_of, meta FROM documents ORDER BY id"
            ).fetchall(),
            "paragraphs": con.execute("SELECT * FROM paragraphs ORDER BY 1, 2").fetchall(),
            "mentions": con.execute("SELECT * FROM mentions ORDER BY 1, 2").fetchall(),
            "candidates": con.execute(
                "SELECT document_id, idx, dyad, type, mode, kind, actor, recipient, date,"
                " date_meta, location, context, trigger, summary, confidence, evidence_text,"
                " evidence_start, evidence_end, merged, event_id FROM candidates ORDER BY id"
            ).fetchall(),
            "figures": con.execute("SELECT * FROM figures ORDER BY 1, 2").fetchall(),
            "events": con.execute("SELECT * FROM events ORDER BY id").fetchall(),
            "fts": con.execute("SELECT rowid, title, text FROM documents_fts ORDER BY rowid"
                               ).fetchall(),
        }
    finally:
        con.close()


def test_jsonl_job_stores_what_ingest_stores(spark, corpus: Path, tmp_path: Path) -> None:
    src = corpus / "jsonl" / "demo.jsonl"
    summary = job.run(spark, [str(src)], "jsonl", str(tmp_path / "out"))
    n_docs = len(_demo_docs())
    assert summary.documents == n_docs
    assert dict(summary.problems) == {"invalid JSON": 1}

    store = Store(tmp_path / "spark.db")
    report = load_parquet(str(tmp_path / "out"), store)
    assert report.stored == n_docs and report.events > 0
    assert [p.uri for p in report.problems] == [f"{src}#4"]
    store.close()
    _reference_db([src], tmp_path / "ingest.db")
    got, want = _contents(tmp_path / "spark.db"), _contents(tmp_path / "ingest.db")
    for table in want:
        assert got[table] == want[table], table

    again = Store(tmp_path / "spark.db")  # loading twice stores nothing new
    second = load_parquet(str(tmp_path / "out"), again)
    assert (second.new, second.existing) == (0, n_docs)
    again.close()


def test_warc_and_parquet_inputs(spark, corpus: Path, tmp_path: Path) -> None:
    warc = corpus / "warc"
    summary = job.run(spark, [str(warc)], "warc", str(tmp_path / "w"), partitions=2)
    assert (summary.documents, sum(summary.problems.values())) == (4, 0)
    store = Store(tmp_path / "w.db")
    assert load_parquet(str(tmp_path / "w"), store).stored == 4
    store.close()
    _reference_db([warc], tmp_path / "ingest.db")
    got, want = _contents(tmp_path / "w.db"), _contents(tmp_path / "ingest.db")
    assert got["documents"] == want["documents"]
    assert got["candidates"] == want["candidates"]

    summary = job.run(spark, [str(corpus / "parquet")], "parquet", str(tmp_path / "p"))
    assert summary.documents == 3
    store = Store(tmp_path / "p.db")
    assert load_parquet(str(tmp_path / "p"), store).stored == 3
    rows = store.db.execute("SELECT uri, source_format FROM documents ORDER BY uri").fetchall()
    assert [tuple(r) for r in rows] == [(f"https://news.example/{i}", "parquet")
                                        for i in range(3)]
    store.close()


def test_errors_are_one_line(spark, tmp_path: Path) -> None:
    with pytest.raises(job.JobError, match="no such file"):
        job.run(spark, [str(tmp_path / "missing")], "warc", str(tmp_path / "o"))
    (tmp_path / "o").mkdir()
    with pytest.raises(job.JobError, match="already exists"):
        job.run(spark, [str(tmp_path)], "warc", str(tmp_path / "o"))
    with pytest.raises(LoadError, match="not the output"):
        load_parquet(str(tmp_path / "o"), Store(tmp_path / "x.db"))
