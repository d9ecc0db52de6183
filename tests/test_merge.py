"""Merging across documents and languages: one event, many sources; order does not matter."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from bilateral.merge import Candidate, dates_agree

ARTICLES = Path(__file__).parent / "fixtures" / "events" / "articles"


def ingest(cli, paths: list[Path], db: Path) -> None:
    for path in paths:
        run = cli("ingest", path, "--db", db)
        assert run.code == 0, run.err


def exported(cli, db: Path) -> list[dict]:
    run = cli("export", "events", "--db", db)
    assert run.code == 0, run.err
    return [json.loads(line) for line in run.out.splitlines()]


def comparable(events: list[dict]) -> list[tuple]:
    return sorted((e["id"], e["type"], e["date"], e["actor"]["country"],
                   e["recipient"]["country"], tuple(s["uri"] for s in e["sources"]))
                  for e in events)


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("2024-03", "2024-03-11", True), ("2024-03-11", "2024-03-12", False),
    ("--03-11", "2024-03-11", True), ("--03-11", "2023-03-12", False),
    ("2024", "2024-10-21", True), (None, "2024-03-11", True),
])
def test_dates_agree_at_their_precision(a, b, expected) -> None:
    assert dates_agree(a, b) is expected


def test_results_do_not_depend_on_ingest_order(cli, tmp_path: Path) -> None:
    files = sorted(ARTICLES.glob("*_0[12]_*.txt"))
    assert len(files) >= 6
    forward, backward = tmp_path / "f.db", tmp_path / "b.db"
    ingest(cli, files, forward)
    ingest(cli, list(reversed(files)), backward)
    assert comparable(exported(cli, forward)) == comparable(exported(cli, backward))


def test_one_event_many_sources_across_languages(cli, tmp_path: Path) -> None:
    stories = sorted(ARTICLES.glob("*_01_tokayev_baku_visit.txt"))
    assert {p.name.split("_")[0] for p in stories} >= {"az", "kk", "ru", "en"}
    db = tmp_path / "e.db"
    ingest(cli, [ARTICLES], db)
    visit = [e for e in exported(cli, db) if e["type"] == "CONSULT" and e["date"] == "2024-03-11"]
    assert len(visit) == 1
    event = visit[0]
    assert (event["actor"]["country"], event["recipient"]["country"]) == ("KAZ", "AZE")
    uris = {Path(s["uri"]).name for s in event["sources"]}
    assert {p.name for p in stories} <= uris
    assert {"az", "kk", "ru", "en"} <= set(event["langs"])
    assert event["n_sources"] == len(event["sources"])
    for source in event["sources"]:
        assert source["text"]


def test_a_republished_copy_is_not_a_second_source(cli, tmp_path: Path) -> None:
    story = ARTICLES / "az_01_tokayev_baku_visit.txt"
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(story, folder / "site_a.txt")
    (folder / "site_b.txt").write_text("Başqa Sayt\nXəbər lenti | Siyasət\n" +
                                       story.read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "e.db"
    ingest(cli, [folder], db)
    for event in exported(cli, db):
        assert event["n_sources"] == 1


def test_timeline_formats(cli, tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    ingest(cli, [ARTICLES], db)
    text = cli("timeline", "--between", "AZE", "KAZ", "--db", db)
    assert text.code == 0 and "2024-03-11" in text.out and "sources:" in text.out
    dates = [ln.split()[0] for ln in text.out.splitlines() if ln[:4].isdigit()]
    assert dates == sorted(dates)
    md = cli("timeline", "--format", "md", "--since", "2025", "--db", db)
    assert md.out.startswith("| date |") and "2024-03-11" not in md.out
    only = cli("timeline", "--type", "AGREE", "--format", "jsonl", "--db", db)
    assert {json.loads(ln)["type"] for ln in only.out.splitlines()} == {"AGREE"}
    csv_run = cli("timeline", "--format", "csv", "--until", "2024-12", "--db", db)
    assert csv_run.out.startswith("id,date,type")


def test_plover_export(cli, tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    ingest(cli, [ARTICLES], db)
    records = [json.loads(ln) for ln in cli("export", "events", "--format", "plover",
                                             "--db", db).out.splitlines()]
    assert records
    for r in records:
        assert set(r) >= {"id", "date", "event", "mode", "context", "actor", "recipient",
                          "event_loc", "event_text", "cite_info"}
        assert r["actor"][0]["code"] and r["cite_info"][0]["url"]


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed corpus not found at {SEEDS}")
def test_seed_events_cite_both_documents_and_share_dates(cli, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    files = sorted(SEEDS.glob("*.txt"))
    ingest(cli, files, db)
    events = exported(cli, db)

    def citing(*stems: str) -> list[dict]:
        return [e for e in events
                if {Path(s["uri"]).stem[:3] for s in e["sources"]} >= set(stems)]

    march = [e for e in citing("000", "004") if e["type"] == "CONSULT"]
    assert [e["date"] for e in march] == ["2024-03-11"]
    opening = [e for e in citing("000", "004") if e["date"] == "2024-03-12"]
    assert opening, "the Fuzuli centre: seed 004's 'tomorrow' dated by seed 000"
    october = [e for e in citing("002", "003") if e["type"] == "CONSULT"]
    assert [e["date"] for e in october] == ["2025-10-21"]


def test_no_two_events_are_one_happening_on_the_test_articles(tmp_path: Path, cli) -> None:
    from bilateral.evaluate import run_evaluate

    db = tmp_path / "e.db"
    ingest(cli, [ARTICLES], db)
    report_text, report = run_evaluate(ARTICLES.parent / "gold_articles.jsonl",
                                       exported(cli, db))
    assert report.duplicates == 0, report_text
    assert report.recall >= 0.85 and report.precision >= 0.85, report_text


def test_parquet_export(cli, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    db = tmp_path / "e.db"
    ingest(cli, [ARTICLES], db)
    out = tmp_path / "events.parquet"
    assert cli("export", "events", "--format", "parquet", "-o", out, "--db", db).code == 0
    table = pq.read_table(out)
    assert table.num_rows == len(exported(cli, db))
    assert {"id", "type", "date", "actor", "recipient", "sources"} <= set(table.schema.names)
    run = cli("export", "events", "--format", "parquet", "--db", db)
    assert run.code == 1 and "-o FILE" in run.err


def test_graph_export_from_the_cli(cli, tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    ingest(cli, [ARTICLES], db)
    graph = json.loads(cli("export", "graph", "--db", db).out)
    visited = [e for e in graph["edges"] if e["relation"] == "visited"
               and e["source"] == "country/KAZ" and e["target"] == "country/AZE"]
    assert visited and visited[0]["weight"] >= 1
    assert cli("export", "graph", "--format", "graphml", "--db", db).out.startswith("<?xml")
    assert cli("export", "graph", "--format", "csv", "--db", db).code == 1


def test_parallel_ingest_gives_the_same_record(cli, tmp_path: Path) -> None:
    serial, parallel = tmp_path / "one.db", tmp_path / "two.db"
    assert cli("ingest", ARTICLES, "--db", serial, "--jobs", "1").code == 0
    assert cli("ingest", ARTICLES, "--db", parallel, "--jobs", "2").code == 0
    assert comparable(exported(cli, serial)) == comparable(exported(cli, parallel))
    docs = [cli("export", "documents", "--db", db).out for db in (serial, parallel)]
    assert docs[0] == docs[1]
    assert cli("ingest", ARTICLES, "--db", serial, "--jobs", "0").code != 0


def test_analysis_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    for f in sorted(ARTICLES.glob("*_0[12]_*.txt"))[:6]:
        (folder / f.name).write_bytes(f.read_bytes())
    outputs = set()
    for seed in ("1", "2"):
        db = tmp_path / f"{seed}.db"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "bilateral.cli", "ingest", str(folder), "--db",
                        str(db), "--jobs", "1"], capture_output=True, check=True, env=env)
        run = subprocess.run([sys.executable, "-m", "bilateral.cli", "export", "events",
                              "--db", str(db)], capture_output=True, text=True, check=True,
                             env=env)
        outputs.add(run.stdout)
    assert len(outputs) == 1


# -- an undated telling joins an event of its own time -----------------------------------

def _candidate(cid: int, doc: int, date: str | None, published: str) -> Candidate:
    return Candidate(
        id=cid, document_id=doc, uri=f"https://news.example/{doc}", lang="en",
        duplicate_of=None, type="CONSULT", mode="visit", kind="visit",
        actor={"country": "KAZ", "entity": None}, recipient={"country": "AZE", "entity": None},
        date=date, location=None, context=(), confidence=0.8,
        evidence={"start": 0, "end": 10}, date_meta={}, published=published)


def test_an_undated_telling_joins_the_event_of_its_months_not_an_older_one() -> None:
    from bilateral.merge import cluster_candidates

    # Two visits dated by their own articles, fourteen months apart; a third article of
    # June 2024 tells 'the visit' without a date and names what both earlier ones named.
    old = _candidate(1, 1, "2023-04-20", "2023-04-20")
    recent = _candidate(2, 2, "2024-06-03", "2024-06-03")
    undated = _candidate(3, 3, None, "2024-06-05")
    same = frozenset({"place/aktau", "project/middle-corridor"})
    entities = {1: same, 2: same, 3: same, **{d: frozenset() for d in range(4, 20)}}
    clusters = cluster_candidates([old, recent, undated], entities)
    together = next(k for k in clusters if undated in k.members)
    assert recent in together.members and old not in together.members

    # A year later the same telling would not join June 2024's visit.
    late = _candidate(4, 4, None, "2025-07-01")
    clusters = cluster_candidates([old, recent, late], {**entities, 4: same})
    assert [len(k.members) for k in clusters] == [1, 1, 1]


@settings(max_examples=300)
@given(st.dictionaries(st.integers(0, 12), st.frozensets(st.sampled_from("ABCDEF"), max_size=4),
                       max_size=10),
       st.integers(0, 12), st.frozensets(st.sampled_from("ABCDEF"), max_size=4),
       st.sampled_from([0.0, 0.2, 0.25, 1 / 3, 0.5, 2 / 3, 0.75, 0.8, 1.0]))
def test_best_jaccard_over_distinct_sets_is_the_best_over_other_documents(
        docs: dict[int, frozenset[str]], own_doc: int, own_extra: frozenset[str],
        floor: float) -> None:
    """Scoring an undated telling against each distinct entity set of a cluster gives the
    score of comparing it with every other document of the cluster; with a floor (the best
    score of the clusters before), whichever is more, though sets whose sizes cannot beat
    it are skipped (the floors include exact size ratios: 1/3, 2/3, 0.75, 0.8)."""
    from collections import Counter

    from bilateral.merge import _best_jaccard, _jaccard

    own = docs.get(own_doc, own_extra)
    sets = Counter(docs.values())
    naive = max((_jaccard(own, ents) for d, ents in docs.items() if d != own_doc), default=0.0)
    assert _best_jaccard(own, sets, own_doc in docs) == naive
    assert _best_jaccard(own, sets, own_doc in docs, floor) == max(floor, naive)
