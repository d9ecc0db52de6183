"""`bilateral analyze` and `bilateral export entities`, as a user calls them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEEDS

KK = ("Қасым-Жомарт Тоқаев Бакуге барды. Тоқаевтың сапары кезінде Ильхам Әлиевпен "
      "кездесу өтті, екі ел басшылары Жоғары мемлекетаралық кеңестің отырысын өткізді.")
AZ = ("Qasım-Jomart Tokayev Bakıya gəlib. Tokayevin səfəri zamanı İlham Əliyevlə görüş "
      "keçirilib, Ali Dövlətlərarası Şuranın iclası olub.")


def test_analyze_prints_mentions_with_offsets(cli, tmp_path: Path) -> None:
    path = tmp_path / "kk.txt"
    path.write_text(KK + " Ертең орталық ашылады.", encoding="utf-8")
    run = cli("analyze", path, "--no-clean", "--published", "2024-03-11")
    assert run.code == 0, run.err
    result = json.loads(run.out)
    assert result["lang"] == "kk" and result["published"] == "2024-03-11"
    visits = [e for e in result["events"] if e["type"] == "CONSULT"]
    assert visits and visits[0]["actor"]["country"] == "KAZ"
    assert visits[0]["recipient"]["country"] == "AZE"
    for event in result["events"]:
        source = event["sources"][0]
        assert result["text"][source["start"]:source["end"]] == source["text"]
        assert event["trigger"] in source["text"]
    for m in result["mentions"]:
        assert result["text"][m["start"]:m["end"]] == m["text"]
    ids = {m["entity"]["id"] for m in result["mentions"] if m["entity"]}
    assert {"person/kassym-jomart-tokayev", "person/ilham-aliyev", "place/baku"} <= ids
    [tomorrow] = [m for m in result["mentions"] if m["kind"] == "date"]
    assert tomorrow["value"] == "2024-03-12"


def test_analyze_reads_standard_input(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(AZ.encode("utf-8"))))
    run = cli("analyze", "-", "--no-clean")
    assert run.code == 0, run.err
    assert json.loads(run.out)["lang"] == "az"


def test_analyze_bad_input(cli, tmp_path: Path) -> None:
    run = cli("analyze", tmp_path / "missing.txt")
    assert run.code == 1 and "no such file" in run.err
    (tmp_path / "e.txt").write_bytes(b"")
    run = cli("analyze", tmp_path / "e.txt")
    assert run.code == 1 and "empty file" in run.err
    (tmp_path / "a.txt").write_text(AZ, encoding="utf-8")
    run = cli("analyze", tmp_path / "a.txt", "--published", "yesterday-ish")
    assert run.code == 1 and "not a date" in run.err


def test_export_entities_joins_spellings_across_languages(cli, tmp_path: Path) -> None:
    (tmp_path / "kk.txt").write_text("Тоқаев Бакуде\n\n" + KK, encoding="utf-8")
    (tmp_path / "az.txt").write_text("Tokayev Bakıda\n\n" + AZ, encoding="utf-8")
    db = tmp_path / "b.db"
    assert cli("ingest", tmp_path, "--db", db).code == 0
    run = cli("export", "entities", "--db", db)
    entities = {e["id"]: e for e in map(json.loads, run.out.splitlines())}
    tokayev = entities["person/kassym-jomart-tokayev"]
    assert tokayev["langs"] == ["az", "kk"] and tokayev["country"] == "KAZ"
    assert {"Қасым-Жомарт Тоқаев", "Qasım-Jomart Tokayev", "Tokayevin"} <= set(tokayev["aliases"])
    assert entities["place/baku"]["mentions"] >= 2
    csv_run = cli("export", "entities", "--format", "csv", "--db", db)
    assert csv_run.out.startswith("id,kind,name,country,mentions,langs,aliases")


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed corpus not found at {SEEDS}")
def test_seed_entities_in_azerbaijani_and_kazakh_are_one(cli, tmp_path: Path) -> None:
    db = tmp_path / "seeds.db"
    cli("ingest", SEEDS, "--db", db)
    entities = {e["id"]: e for e in map(json.loads,
                                          cli("export", "entities", "--db", db).out.splitlines())}
    for entity_id, az_form, kk_form in [
        ("person/kassym-jomart-tokayev", "Kasım-Jomart Tokayev", "Қасым-Жомарт Тоқаев"),
        ("person/ilham-aliyev", "İlham Əliyev", "Ильхам Әлиев"),
        ("country/KAZ", "Qazaxıstan", "Қазақстан"),
        ("place/fuzuli", "Füzuli", "Физули"),
        ("org/aze-kaz-supreme-interstate-council", "Ali Dövlətlərarası Şuranın",
         "Жоғары мемлекетаралық кеңестің"),
        ("project/kurmangazy-childrens-creativity-center",
         "Kurmanqazı adına Uşaq Yaradıcılıq Mərkəzinin",
         "Құрманғазы атындағы Балалар шығармашылығы орталығы"),
    ]:
        entity = entities[entity_id]
        assert entity["langs"] == ["az", "kk"], entity_id
        assert az_form in entity["aliases"] and kk_form in entity["aliases"], entity_id
    people = {e["name"] for e in entities.values() if e["kind"] == "person"}
    # Everyone the seeds name is a registry entry, none an unknown.
    assert all(e["id"] for e in entities.values() if e["kind"] == "person"), people
    for person in ["Beybit Isabayev", "Nursultan Nazarbayev", "Heydar Aliyev", "Nurlan Nigmatulin",
                   "Serik Akhmetov", "Khalaf Khalafov", "Samat Ordabayev", "Ali Abbasov"]:
        assert person in people


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed corpus not found at {SEEDS}")
def test_export_figures_and_pledges(cli, tmp_path: Path) -> None:
    db = tmp_path / "seeds.db"
    cli("ingest", SEEDS, "--db", db)
    rows = [json.loads(ln) for ln in cli("export", "figures", "--db", db).out.splitlines()]
    pledge = [r for r in rows if r["kind"] == "pledge" and r["subject"] == "trade-turnover"]
    assert pledge and pledge[0]["value"] == 1e9 and pledge[0]["unit"] == "USD"
    assert pledge[0]["source"]["text"].find(pledge[0]["text"]) >= 0
    growth = [r for r in rows if r["kind"] == "figure" and r["unit"] == "times"]
    assert growth and growth[0]["value"] == 5.0 and growth[0]["source"]["lang"] == "kk"
