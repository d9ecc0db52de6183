"""The SQLite store: duplicates, idempotence, atomic documents, migrations, search."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ARTICLE_EN

from bilateral.model import Document, Paragraph
from bilateral.store import SCHEMA_VERSION, Store, StoreError

OTHER = ("Azerbaijan and Kazakhstan agreed to lay a fibre-optic cable across the Caspian Sea, "
         "the digital development ministry said, adding that the feasibility study would be "
         "ready by the end of the year and that both operators had committed funds.")


def doc(uri: str, text: str = ARTICLE_EN, title: str | None = "Tokayev in Baku") -> Document:
    return Document(uri=uri, source_format="txt", text=text, title=title, lang="en",
                    script="Latn")


def test_same_input_twice_adds_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    with store.batch() as batch:
        assert batch.add(doc("a.txt")).status == "new"
    with store.batch() as batch:
        assert batch.add(doc("a.txt")).status == "exists"
    assert store.count_documents() == 1


def test_same_article_elsewhere_points_at_the_first(tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    with store.batch() as batch:
        first = batch.add(doc("https://one.example/a"))
        second = batch.add(doc("https://two.example/b", text=ARTICLE_EN.upper()))
        third = batch.add(doc("https://three.example/c"))
    assert second.status == "duplicate" and second.duplicate_of == first.id
    assert third.duplicate_of == first.id


def test_near_duplicate_with_leftover_furniture(tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    long_text = " ".join([ARTICLE_EN, OTHER, ARTICLE_EN.replace("Monday", "Tuesday")])
    with store.batch() as batch:
        first = batch.add(doc("a", text=long_text))
        near = batch.add(doc("b", text=long_text + " Share this story."))
        other = batch.add(doc("c", text=" ".join([OTHER] * 3)))
    assert near.duplicate_of == first.id
    assert other.status == "new"


def test_a_failing_document_leaves_nothing_behind(tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    # Make the last write of a document fail: its earlier rows must go with it.
    store.db.execute("CREATE TRIGGER fail BEFORE INSERT ON paragraphs "
                     "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END")
    with store.batch() as batch:
        batch.add(doc("a"))
        bad = replace(doc("b", text=OTHER), paragraphs=(Paragraph(0, 5, "en", "Latn"),))
        with pytest.raises(sqlite3.IntegrityError):
            batch.add(bad)
    rows = store.db.execute("SELECT uri FROM documents").fetchall()
    assert [r[0] for r in rows] == ["a"]
    assert store.db.execute("SELECT COUNT(*) FROM documents_fts").fetchone()[0] == 1
    assert store.db.execute("SELECT COUNT(*) FROM simhash_bands WHERE document_id != 1"
                            ).fetchone()[0] == 0


def test_search_folds_turkic_i_and_finds_case_endings(tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    with store.batch() as batch:
        batch.add(doc("az", text="Qazaxıstanın Prezidenti Bakıya gəlib. " * 5, title="Səfər"))
    for query in ("QAZAXISTAN", "qazaxıstan", "Qazaxistanın", "bakı"):
        results = store.search(query)
        assert [r["uri"] for r in results] == ["az"], query
    assert "[Qazaxıstanın]" in store.search("Qazaxıstan")[0]["snippet"]


def test_schema_is_versioned_and_newer_databases_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    store = Store(path)
    assert store.schema_version() == SCHEMA_VERSION
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.db.execute("INSERT INTO schema_version VALUES (?, 'later')", (SCHEMA_VERSION + 1,))
    store.close()
    with pytest.raises(StoreError, match="newer bilateral"):
        Store(path)


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        Store(path)
