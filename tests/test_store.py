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
    assert store.db.execute("SELECT COUNT(*) FROM simhash_keys WHERE document_id != 1"
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


# -- which copy is the original does not depend on the order of ingest ------------------

def _fingerprints_by_text(table: dict[str, int]):
    """A stand-in for fingerprint.fingerprints: the SimHash each test text is given."""
    return lambda text: (f"hash-{text}", table[text])


def _originals(store: Store) -> dict[str, str | None]:
    rows = store.db.execute("SELECT d.uri, o.uri FROM documents d LEFT JOIN documents o"
                            " ON o.id = d.duplicate_of").fetchall()
    return {uri: original for uri, original in rows}


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0), (2, 0, 1)])
def test_the_original_is_the_first_published_whatever_the_order(
        tmp_path: Path, order: tuple[int, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    # Three near copies (a few bits apart); the one published first is the original.
    monkeypatch.setattr("bilateral.store_rows.fingerprints",
                        _fingerprints_by_text({"x": 0b1010_0000, "y": 0b1010_0011, "z": 0b1}))
    docs = [replace(doc("https://late.example/1", text="x"), published="2024-03-13"),
            replace(doc("https://early.example/2", text="y"), published="2024-03-11"),
            replace(doc("https://undated.example/3", text="z"), published=None)]
    store = Store(tmp_path / "t.db")
    with store.batch() as batch:
        for i in order:
            batch.add(docs[i])
    assert _originals(store) == {"https://early.example/2": None,
                                 "https://late.example/1": "https://early.example/2",
                                 "https://undated.example/3": "https://early.example/2"}


def test_a_chain_of_near_copies_is_one_group_in_any_order(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a~b and b~c (5 bits each) but a and c are 10 bits apart: stored a, c, then b, the
    # two groups become one when b arrives.
    a, b, c = 0, 0b11111, 0b1111111111
    monkeypatch.setattr("bilateral.store_rows.fingerprints",
                        _fingerprints_by_text({"a": a, "b": b, "c": c}))
    store = Store(tmp_path / "t.db")
    with store.batch() as batch:
        assert batch.add(doc("u/c", text="c")).status == "new"
        assert batch.add(doc("u/a", text="a")).status == "new"
        assert batch.add(doc("u/b", text="b")).status == "duplicate"
    assert _originals(store) == {"u/a": None, "u/b": "u/a", "u/c": "u/a"}


def test_a_new_original_sends_the_old_ones_events_back_to_merging(tmp_path: Path) -> None:
    from bilateral.pipeline import process

    store = Store(tmp_path / "t.db")
    later = process(replace(doc("https://b.example/later"), published="2024-03-12"))
    earlier = process(replace(doc("https://a.example/earlier"), published="2024-03-11"))
    assert isinstance(later, Document) and later.events
    with store.batch() as batch:
        batch.add(later)
    store.merge()
    with store.batch() as batch:
        assert batch.add(earlier).status == "new"
    assert _originals(store) == {"https://a.example/earlier": None,
                                 "https://b.example/later": "https://a.example/earlier"}
    unmerged = {r[0] for r in store.db.execute(
        "SELECT DISTINCT d.uri FROM candidates c JOIN documents d ON d.id = c.document_id"
        " WHERE c.merged = 0")}
    assert unmerged == {"https://a.example/earlier", "https://b.example/later"}
    store.merge()
    # Each event tells the article once (the copy is not a second source).
    assert {r[0] for r in store.db.execute("SELECT n_sources FROM events")} == {1}


def test_migration_6_keys_pairs_of_bands_as_python_does(tmp_path: Path) -> None:
    """A database of schema 5 (SimHash bands) migrates to pairs of bands computed in SQL,
    equal to fingerprint.band_pairs, including for a hash stored as a negative integer."""
    from bilateral.fingerprint import band_pairs, bands, to_signed
    from bilateral.store import MIGRATIONS, _split_sql

    path = tmp_path / "five.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)")
    for version in range(5):
        for statement in _split_sql(MIGRATIONS[version]):
            db.execute(statement)
        db.execute("INSERT INTO schema_version VALUES (?, 'then')", (version + 1,))
    value = 0xF0E1_D2C3_B4A5_9687  # above 2**63: stored negative
    db.execute("INSERT INTO documents (id, uri, source_format, text, content_hash, simhash,"
               " ingested_at) VALUES (1, 'u', 'txt', 't', 'h', ?, 'then')", (to_signed(value),))
    db.executemany("INSERT INTO simhash_bands VALUES (?, ?, 1)", enumerate(bands(value)))
    db.close()
    store = Store(path)
    assert store.schema_version() == SCHEMA_VERSION
    got = sorted(r[0] for r in store.db.execute("SELECT key FROM simhash_keys"))
    assert got == sorted(band_pairs(value))
    # Schema 7: each key row carries the document's hash, as stored (signed).
    assert {r[0] for r in store.db.execute("SELECT simhash FROM simhash_keys")} == {
        to_signed(value)}
    assert not store.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'simhash_bands'"
                                ).fetchone()


def test_a_batch_gives_its_big_page_cache_back(tmp_path: Path) -> None:
    """The writer's 64 MiB cache is for the bulk load; the merge after it gets the memory.
    Its documents' savepoints journal in memory (temp_store 2), not in a file in /var/tmp,
    and the connection's own setting comes back after it."""
    store = Store(tmp_path / "b.db")
    before = store.db.execute("PRAGMA cache_size").fetchone()[0]
    temp_before = store.db.execute("PRAGMA temp_store").fetchone()[0]
    with store.batch(10) as batch:
        assert store.db.execute("PRAGMA cache_size").fetchone()[0] == -64 * 1024
        assert store.db.execute("PRAGMA temp_store").fetchone()[0] == 2
        batch.add(doc("a.txt", ARTICLE_EN))
    assert store.db.execute("PRAGMA cache_size").fetchone()[0] == before
    assert store.db.execute("PRAGMA temp_store").fetchone()[0] == temp_before != 2
    with pytest.raises(RuntimeError), store.batch(10):
        raise RuntimeError("an ingest that fails half way")
    assert store.db.execute("PRAGMA cache_size").fetchone()[0] == before
    assert store.db.execute("PRAGMA temp_store").fetchone()[0] == temp_before
    assert store.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_ingested_at_is_the_current_utc_second(tmp_path: Path) -> None:
    """The time a document was stored, in UTC to the second (formatted once a second, so it
    must still follow the clock)."""
    from datetime import UTC, datetime, timedelta

    from bilateral.store import _now

    before = datetime.now(UTC).replace(microsecond=0)
    stamp = datetime.strptime(_now(), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    after = datetime.now(UTC)
    assert before <= stamp <= after
    store = Store(tmp_path / "t.db")
    with store.batch() as batch:
        batch.add(Document(uri="u", source_format="txt", text="Baku and Astana signed it."))
    (stored,) = store.db.execute("SELECT ingested_at FROM documents").fetchone()
    assert abs(datetime.strptime(stored, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
               - datetime.now(UTC)) < timedelta(seconds=5)


def test_merging_again_leaves_a_candidate_that_did_not_happen_out_of_every_event(
        tmp_path: Path) -> None:
    from bilateral.pipeline import process

    store = Store(tmp_path / "t.db")
    article = process(replace(doc("https://a.example/visit"), published="2024-03-11"))
    assert isinstance(article, Document) and len(article.events) > 1
    with store.batch() as batch:
        batch.add(article)
    store.merge()
    rows = store.db.execute("SELECT id, event_id, merged FROM candidates ORDER BY id").fetchall()
    assert all(event_id is not None and merged == 1 for _, event_id, merged in rows)
    # The first candidate turns out to be denied ('... did not sign'): merged again, it
    # belongs to no event, and the others keep theirs.
    first = rows[0][0]
    store.db.execute("UPDATE candidates SET context = '[\"negation\"]' WHERE id = ?", (first,))
    store.db.execute("UPDATE candidates SET merged = 0")
    store.merge()
    after = store.db.execute("SELECT id, event_id, merged FROM candidates ORDER BY id").fetchall()
    assert tuple(after[0]) == (first, None, 1)
    assert all(event_id is not None and merged == 1 for _, event_id, merged in after[1:])
    events = {r[0] for r in store.db.execute("SELECT id FROM events")}
    assert {event_id for _, event_id, _ in after[1:]} <= events
