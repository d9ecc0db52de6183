"""The writer's fast insert path stores exactly what the model objects hold.

`Store._insert` encodes JSON columns without `dataclasses.asdict` (event parties field by
field, one shared encoder) and `Batch` writes full-text rows once per batch rather than
once per document. These tests pin both to the plain definitions: every stored column of
documents analysed by the real pipeline equals what `asdict` of the model gives, byte for
byte in the encoding `json.dumps(..., ensure_ascii=False, default=str)` always produced,
and every document is committed with its full-text row, whatever interrupts the batch."""

from __future__ import annotations

import json
import sqlite3
from collections import OrderedDict
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bilateral.fingerprint import band_pairs, fingerprints, to_signed
from bilateral.merge import dyad_key
from bilateral.model import Document, Party
from bilateral.pipeline import process
from bilateral.store import Store
from bilateral.store_rows import json_text as _json
from bilateral.store_rows import party_json as _party_json
from bilateral.textutil import fold

# Short reports written for these tests, one per language: a visit with a named leader and
# a place, an agreement, and a trade figure (the English one a pledge too).
TEXTS = {
    "en": "Kazakh President Kassym-Jomart Tokayev arrived in Baku on 11 March 2024 for a state "
          "visit. He and President Ilham Aliyev signed an agreement on the Middle Corridor. "
          "Trade between Azerbaijan and Kazakhstan reached $630 million in 2023, and the two "
          "leaders pledged to bring it to $1 billion by 2026.",
    "ru": "Президент Казахстана Касым-Жомарт Токаев 11 марта 2024 года прибыл в Баку с "
          "государственным визитом. Токаев и Ильхам Алиев подписали соглашение о Среднем "
          "коридоре. Товарооборот между Азербайджаном и Казахстаном в 2023 году составил "
          "630 миллионов долларов.",
    "az": "Qazaxıstan Prezidenti Qasım-Jomart Tokayev martın 11-də Bakıya dövlət səfəri ilə "
          "gəlib. Prezidentlər İlham Əliyev və Tokayev Orta Dəhliz üzrə saziş imzalayıblar. "
          "Azərbaycan ilə Qazaxıstan arasında ticarət dövriyyəsi 2023-cü ildə 630 milyon "
          "dollar təşkil edib.",
    "kk": "Қазақстан Президенті Қасым-Жомарт Тоқаев 2024 жылғы 11 наурызда Бакуге "
          "мемлекеттік сапармен барды. Тоқаев пен Ильхам Әлиев Орта дәлез бойынша келісімге "
          "қол қойды. Қазақстан мен Әзербайжан арасындағы тауар айналымы 2023 жылы 630 "
          "миллион долларды құрады.",
}


def dumps(value: Any) -> str:
    """How the store encoded every JSON column before the fast path."""
    return json.dumps(value, ensure_ascii=False, default=str)


@pytest.fixture(scope="module")
def analysed() -> list[Document]:
    docs = []
    for lang, text in TEXTS.items():
        doc = process(Document(uri=f"test://{lang}", source_format="txt", text=text,
                               title=f"İki ölkə — {lang.upper()}", published="2024-03-11",
                               meta={"site": "Xəbər", "when": date(2024, 3, 11)}),
                      clean_text=False)
        assert isinstance(doc, Document)
        docs.append(doc)
    # The texts exercise what the fast path encodes: parties with and without a person,
    # places, dates' meta, contexts, figures with evidence, mentions with meta.
    events = [e for d in docs for e in d.events]
    assert any(e.actor.entity_id for e in events) and any(not e.recipient.entity for e in events)
    assert any(e.location for e in events) and any(e.context for e in events)
    assert all(d.mentions and d.events and d.figures for d in docs)
    assert any(m.meta for d in docs for m in d.mentions)
    assert any(fingerprints(d.text)[1] is not None for d in docs)  # SimHash keys stored
    return docs


def stored(store: Store, sql: str, doc_id: int) -> list[tuple]:
    return [tuple(r) for r in store.db.execute(sql, (doc_id,))]


def test_every_stored_column_is_what_asdict_of_the_model_gives(
        analysed: list[Document], tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    docs = [*analysed, replace(analysed[0], uri="test://en-copy")]  # and a copy of one
    with store.batch() as batch:
        results = [batch.add(doc) for doc in docs]
    assert [r.duplicate_of for r in results] == [None] * len(analysed) + [results[0].id]
    for result, doc in zip(results, docs, strict=True):
        doc_id, model = result.id, asdict(doc)
        content_hash, simhash = fingerprints(doc.text)
        assert stored(store, "SELECT uri, source_format, title, published, author, lang,"
                             " script, text, content_hash, simhash, duplicate_of, meta"
                             " FROM documents WHERE id = ?", doc_id) == [(
            model["uri"], model["source_format"], model["title"], model["published"],
            model["author"], model["lang"], model["script"], model["text"], content_hash,
            None if simhash is None else to_signed(simhash), result.duplicate_of,
            dumps(model["meta"]))]
        assert stored(store, 'SELECT idx, start, "end", lang, script FROM paragraphs'
                             " WHERE document_id = ? ORDER BY idx", doc_id) == [
            (i, p["start"], p["end"], p["lang"], p["script"])
            for i, p in enumerate(model["paragraphs"])]
        assert stored(store, 'SELECT idx, kind, start, "end", text, value, entity_id,'
                             " entity_name, entity_country, meta FROM mentions"
                             " WHERE document_id = ? ORDER BY idx", doc_id) == [
            (i, m["kind"], m["start"], m["end"], m["text"], m["value"],
             *((m["entity"]["id"], m["entity"]["name"], m["entity"]["country"])
               if m["entity"] else (None, None, None)), dumps(m["meta"]))
            for i, m in enumerate(model["mentions"])]
        candidates = stored(store, "SELECT idx, dyad, type, mode, kind, actor, recipient, date,"
                                   " date_meta, location, context, trigger, summary,"
                                   " confidence, evidence_text, evidence_start, evidence_end"
                                   " FROM candidates WHERE document_id = ? ORDER BY idx",
                            doc_id)
        assert candidates == [
            (i, dyad_key(e["actor"]["country"], e["recipient"]["country"]), e["type"],
             e["mode"], e["kind"], dumps(e["actor"]), dumps(e["recipient"]), e["date"],
             dumps(e["date_meta"]), dumps(e["location"]) if e["location"] else None,
             dumps(e["context"]), e["trigger"], e["summary"], e["confidence"],
             e["evidence"]["text"], e["evidence"]["start"], e["evidence"]["end"])
            for i, e in enumerate(model["events"])]
        # Decoded, the parties are asdict's dicts exactly (keys, order and values).
        for row, event in zip(candidates, model["events"], strict=True):
            assert list(json.loads(row[5]).items()) == list(event["actor"].items())
            assert list(json.loads(row[6]).items()) == list(event["recipient"].items())
            assert json.loads(row[8]) == event["date_meta"]
        assert stored(store, 'SELECT idx, kind, subject, value, unit, text, start, "end",'
                             " date, deadline, countries, evidence_text, evidence_start,"
                             " evidence_end, meta FROM figures WHERE document_id = ?"
                             " ORDER BY idx", doc_id) == [
            (i, f["kind"], f["subject"], f["value"], f["unit"], f["text"], f["start"],
             f["end"], f["date"], f["deadline"], dumps(f["countries"]),
             *((f["evidence"]["text"], f["evidence"]["start"], f["evidence"]["end"])
               if f["evidence"] else (None, None, None)), dumps(f["meta"]))
            for i, f in enumerate(model["figures"])]
        keys = [] if simhash is None else band_pairs(simhash)
        assert sorted(stored(store, "SELECT key FROM simhash_keys WHERE document_id = ?",
                             doc_id)) == sorted((k,) for k in keys)
        assert stored(store, "SELECT title, text FROM documents_fts WHERE rowid = ?",
                      doc_id) == [(fold(doc.title or ""), fold(doc.text))]
    for doc in docs:
        assert doc.uri in {r["uri"] for r in store.search(doc.title or "")}


@pytest.mark.parametrize("party", [
    Party("KAZ"), Party(None), Party("AZE", "Ilham Aliyev", "person/ilham-aliyev"),
    Party("KAZ", "Қасым-Жомарт Тоқаев", None), Party("AZE", 'say "İlham"\n', "x")])
def test_party_json_is_json_of_asdict(party: Party, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _party_json(party) == dumps(asdict(party))
    assert _party_json(Party(party.country, party.entity, party.entity_id)) == \
        dumps(asdict(party))  # an equal party from the cache
    monkeypatch.setattr("bilateral.store_rows._PARTY_JSON_CAP", 1)
    for other in (Party("TUR"), party, Party("RUS")):
        assert _party_json(other) == dumps(asdict(other))


@pytest.mark.parametrize("value", [
    {}, OrderedDict(), {"a": None}, [], (), ("future", "negation"), "Qazaxıstan",
    {"name": "Bakı", "country": "AZE", "id": None}, {"when": date(2024, 3, 11)},
    {"value": 1e9, "n": 3, "flag": False, "nested": {"list": [1, "ə", None]}}, None])
def test_json_helper_writes_what_json_dumps_wrote(value: Any) -> None:
    assert _json(value) == dumps(value)


# -- full-text rows are written per batch, never without their document ------------------

def _consistent(store: Store) -> list[int]:
    ids = [r[0] for r in store.db.execute("SELECT id FROM documents ORDER BY id")]
    assert ids == [r[0] for r in store.db.execute("SELECT rowid FROM documents_fts"
                                                  " ORDER BY rowid")]
    return ids


def test_rows_written_early_for_a_huge_batch_store_the_same(
        analysed: list[Document], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """watch and harvest open batches of a million documents: their queued full-text rows
    are written once they hold enough text, and the index then says the same."""
    usual = Store(tmp_path / "usual.db")
    with usual.batch() as batch:
        for doc in analysed:
            batch.add(doc)
    monkeypatch.setattr("bilateral.store._FTS_QUEUE_CHARS", 1)
    early = Store(tmp_path / "early.db")
    with early.batch(1_000_000) as batch:
        for doc in analysed:
            batch.add(doc)
            assert not batch._fts_rows  # written at once
    assert len(_consistent(early)) == len(analysed)
    index = "SELECT rowid, title, text FROM documents_fts ORDER BY rowid"
    assert early.db.execute(index).fetchall() == usual.db.execute(index).fetchall()
    for query in ("Tokayev", "Токаев", "qazaxıstan", "Бакуге", "corridor"):
        assert [r["uri"] for r in early.search(query)] == \
            [r["uri"] for r in usual.search(query)], query


def test_interrupted_batch_commits_whole_documents_with_their_rows(
        analysed: list[Document], tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    with pytest.raises(KeyboardInterrupt), store.batch(100) as batch:
        batch.add(analysed[0])
        batch.add(analysed[1])
        raise KeyboardInterrupt
    assert len(_consistent(store)) == 2
    assert [r["uri"] for r in store.search("Токаев")] == ["test://ru"]


class _InterruptAfterFullText:
    """A connection that raises KeyboardInterrupt once, just after the full-text rows were
    written (where a SIGTERM lands between two statements)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db, self.armed = db, True

    def __getattr__(self, name: str) -> Any:
        return getattr(self.db, name)

    def execute(self, *args: Any) -> sqlite3.Cursor:
        return self.db.execute(*args)

    def executemany(self, sql: str, rows: Any) -> sqlite3.Cursor:
        cursor = self.db.executemany(sql, rows)
        if self.armed and "documents_fts" in sql:
            self.armed = False
            raise KeyboardInterrupt
        return cursor


def test_interrupt_while_writing_rows_keeps_them_queued_and_exit_commits(
        analysed: list[Document], tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    proxy = _InterruptAfterFullText(store.db)
    store.db = proxy  # type: ignore[assignment]
    with pytest.raises(KeyboardInterrupt), store.batch(2) as batch:
        for doc in analysed:  # the commit after the second document is interrupted
            batch.add(doc)
    assert not proxy.armed
    store.db = proxy.db
    assert len(_consistent(store)) == 2


def test_rows_that_cannot_be_written_roll_the_batch_back(
        analysed: list[Document], tmp_path: Path) -> None:
    """Documents are never committed without their full-text rows: when the rows cannot be
    written the batch is lost, as in a crash, and the database stays consistent."""
    store = Store(tmp_path / "t.db")
    with store.batch() as batch:
        batch.add(analysed[0])
    # A stray index row where the next document's row must go makes the write fail.
    store.db.execute("INSERT INTO documents_fts (rowid, title, text) VALUES (3, 'x', 'y')")
    with pytest.raises(sqlite3.DatabaseError), store.batch() as batch:
        batch.add(analysed[1])
        batch.add(analysed[2])
    assert [r[0] for r in store.db.execute("SELECT id FROM documents")] == [1]
    assert not store.db.in_transaction
    store.db.execute("DELETE FROM documents_fts WHERE rowid = 3")
    with store.batch() as batch:
        assert [batch.add(d).status for d in analysed[1:]] == ["new"] * 3
    assert len(_consistent(store)) == len(analysed)


def test_a_document_rolled_back_leaves_no_queued_row(
        analysed: list[Document], tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    store.db.execute("CREATE TRIGGER fail BEFORE INSERT ON figures "
                     "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END")
    with store.batch() as batch:
        with pytest.raises(sqlite3.IntegrityError):
            batch.add(analysed[0])
        assert batch._fts_rows == [] and batch._fts_chars == 0
        store.db.execute("DROP TRIGGER fail")
        batch.add(analysed[1])
    assert _consistent(store) == [1]
