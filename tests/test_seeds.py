"""Acceptance on the five real scraped seed articles in ../shared/corpus/seeds/ (read from
there, never copied into the repo). Skipped where that folder is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEEDS

pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"seed corpus not found at {SEEDS} (shared/ is not beside the repo)")

# Page furniture seen on these sites: none of it may reach a clean body.
FURNITURE = ["çapa göndər", "Bölmə", "Xəbəri paylaş", "Digər xəbərlər", "Facebook səhifəmizi",
             "Baxış sayı", "Mənbə:", "arxivləşdirilmişdir", "Şərh", "şərh yazmaq",
             "İlk cavab verən", "Günün ən çox oxunanları", "Son xəbərlər", "Xəbər lenti",
             "Hamısına bax", "Icma.az saytını izləyin", "Tarix:", "Saat:", "Lotereyada",
             "21 Yanvar", "YAP Yasamal rayon", "YAP Laçın rayon"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    from bilateral.cli import main

    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    out = db.with_suffix(".jsonl")
    assert main(["ingest", str(SEEDS), "--db", str(db)]) == 0
    assert main(["export", "documents", "--db", str(db), "-o", str(out)]) == 0
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {Path(d["uri"]).stem: d for d in docs}


def test_five_documents_in_their_languages(exported: dict[str, dict]) -> None:
    assert len(exported) == 5
    assert sorted(d["lang"] for d in exported.values()) == ["az"] * 4 + ["kk"]


def test_titles_are_the_articles_own(exported: dict[str, dict]) -> None:
    for stem, doc in exported.items():
        raw = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
        assert doc["title"] and doc["title"] in raw
        assert doc["title"] not in doc["text"]
        assert len(doc["title"].split()) >= 5, doc["title"]


def test_published_where_the_page_states_it(exported: dict[str, dict]) -> None:
    stated = {stem: d["published"] for stem, d in exported.items() if d["published"]}
    assert len(stated) == 3
    # Datelines and the archive line; never the later dates of the 'most read' lists.
    assert sorted(stated.values()) == ["2024-03-14", "2025-10-23", "2025-10-27"]


def test_each_body_once_and_no_furniture(exported: dict[str, dict]) -> None:
    from bilateral.textutil import normalize

    for stem, doc in exported.items():
        raw = normalize((SEEDS / f"{stem}.txt").read_text(encoding="utf-8"))
        paragraphs = doc["text"].split("\n\n")
        assert len(paragraphs) == len(set(paragraphs)), stem
        for paragraph in paragraphs:
            assert paragraph in raw
        for phrase in FURNITURE:
            assert phrase not in doc["text"], (stem, phrase)
        # The body is most of the article's prose: nothing long was dropped.
        long_lines = {ln.strip() for ln in raw.splitlines() if len(ln.split()) >= 25}
        assert long_lines <= set(paragraphs), stem
