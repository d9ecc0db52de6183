"""The event evaluation harness (bilateral.evaluate) on hand-made system events, and the shape
of the gold files and test articles in tests/fixtures/events/."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, SEEDS

from bilateral.evaluate import (
    GoldError,
    check_gold,
    date_agrees,
    doc_stem,
    evaluate,
    format_report,
    load_gold,
    matches,
    run_evaluate,
)

EVENTS = FIXTURES / "events"
ARTICLES = EVENTS / "articles"


def gold_event(gid: str = "g1", docs: tuple[str, ...] = ("doc_a",), types=("CONSULT",),
               date: str | None = "2024-03-11", core: bool = True, **extra) -> dict:
    return {"id": gid, "docs": list(docs), "types": list(types), "date": date,
            "dyad": ["AZE", "KAZ"], "what": "test", "core": core, **extra}


def sys_event(type_: str = "CONSULT", date: str | None = "2024-03-11", actor: str = "KAZ",
              recipient: str = "AZE", uris: tuple[str, ...] = ("/corpus/doc_a.txt",),
              eid: str = "e") -> dict:
    return {"id": eid, "type": type_, "mode": None, "date": date,
            "actor": {"country": actor, "entity": None},
            "recipient": {"country": recipient, "entity": None},
            "location": None, "summary": f"{type_} {date}",
            "sources": [{"uri": u, "lang": "en", "text": "...", "start": 0, "end": 3}
                        for u in uris],
            "confidence": 0.9}


# -- matching rule ----------------------------------------------------------------------------

def test_exact_match_counts_for_recall_and_precision():
    report = evaluate([sys_event()], [gold_event()])
    assert (report.core_found, report.core_total) == (1, 1)
    assert (report.system_correct, report.system_total) == (1, 1)
    assert report.recall == report.precision == 1.0
    assert report.duplicates == 0 and not report.misses and not report.false_positives


def test_type_must_be_one_of_the_accepted_types():
    gold = [gold_event(types=("SUPPORT", "AGREE"))]
    assert evaluate([sys_event("AGREE")], gold).core_found == 1
    report = evaluate([sys_event("CONSULT")], gold)
    assert report.core_found == 0 and report.precision == 0.0
    assert [g["id"] for g in report.misses] == ["g1"]
    assert len(report.false_positives) == 1


def test_dyad_in_either_order_but_not_another_pair():
    gold = [gold_event()]
    assert matches(sys_event(actor="KAZ", recipient="AZE"), gold[0])
    assert matches(sys_event(actor="AZE", recipient="KAZ"), gold[0])
    assert not matches(sys_event(actor="AZE", recipient="TUR"), gold[0])
    assert not matches(sys_event(actor="AZE", recipient="AZE"), gold[0])
    other = sys_event(actor="aze", recipient=None)
    assert not matches(other, gold[0])


@pytest.mark.parametrize("gold_date, system_date, agrees", [
    (None, None, True),
    (None, "1999-01-01", True),
    ("2024", "2024", True),
    ("2024", "2024-03", True),
    ("2024", "2024-03-11", True),
    ("2024", "2023-12-31", False),
    ("2024", None, False),
    ("2024-03", "2024-03-11", True),
    ("2024-03", "2024-03", True),
    ("2024-03", "2024", False),  # coarser than the gold: not shown to agree
    ("2024-03", "2024-04-01", False),
    ("2024-03-11", "2024-03-11", True),
    ("2024-03-11", "2024-03-11T18:40:00+04:00", True),
    ("2024-03-11", "2024-03-12", False),
    ("2024-03-11", "2024-03", False),
    ("2024-03-11", None, False),
    ("02-20", "2014-02-20", True),
    ("02-20", "1999-02-20", True),
    ("02-20", "--02-20", True),
    ("--02-20", "--02-20", True),
    ("02-20", "2014-02-21", False),
    ("02-20", "2014-02", False),
    ("02-20", None, False),
])
def test_date_agrees_at_the_gold_precision(gold_date, system_date, agrees):
    assert date_agrees(gold_date, system_date) is agrees


def test_source_must_be_one_of_the_gold_documents():
    gold = [gold_event(docs=("000_8b0641e4a998522a", "004_98c77a1089da4eb1"))]
    for uri in ("/work/shared/corpus/seeds/004_98c77a1089da4eb1.txt",
                "004_98c77a1089da4eb1.txt", "https://example.org/x/004_98c77a1089da4eb1.html?a=1",
                "C:\\corpus\\004_98c77a1089da4eb1.txt"):
        assert matches(sys_event(uris=(uri,)), gold[0]), uri
    assert not matches(sys_event(uris=("/x/001_bb7f003dcc879811.txt",)), gold[0])
    # one matching source among several is enough
    assert matches(sys_event(uris=("/x/zzz.txt", "/x/000_8b0641e4a998522a.txt")), gold[0])


def test_doc_stem():
    assert doc_stem("/a/b/000_8b06.txt") == "000_8b06"
    assert doc_stem("records.jsonl#3") == "records"
    assert doc_stem("https://news.example/2024/03/tokayev-baku.html#top") == "tokayev-baku"
    assert doc_stem("kk-latn_01_aliyev_astana_council") == "kk-latn_01_aliyev_astana_council"


# -- counting ---------------------------------------------------------------------------------

def test_duplicates_are_counted_once_merging_fails():
    gold = [gold_event(docs=("doc_a", "doc_b"))]
    merged = sys_event(uris=("/c/doc_a.txt", "/c/doc_b.txt"))
    assert evaluate([merged], gold).duplicates == 0
    split = [sys_event(uris=("/c/doc_a.txt",), eid="1"), sys_event(uris=("/c/doc_b.txt",),
                                                                       eid="2")]
    report = evaluate(split, gold)
    assert report.duplicates == 1
    assert [e["id"] for e in report.duplicated["g1"]] == ["2"]
    # a duplicate is still a correct event: precision does not suffer, the count shows it
    assert report.precision == 1.0 and report.core_found == 1


def test_visit_and_council_reported_apart_are_not_duplicates():
    gold = [gold_event("visit"), gold_event("council", may_merge_with="visit")]
    visit, council = sys_event(eid="v"), sys_event(eid="c")
    report = evaluate([visit, council], gold)
    assert report.duplicates == 0 and report.core_found == 2
    third = sys_event(eid="again", uris=("/c/doc_a.html",))
    assert evaluate([visit, council, third], gold).duplicates == 1


def test_may_merge_with_credits_the_partner_for_recall():
    # the council (no date in the gold) matched through the visit it was merged into
    gold = [gold_event("visit", types=("CONSULT",)),
            gold_event("centre", types=("AID",), date="2024-03-12", may_merge_with="visit")]
    report = evaluate([sys_event("CONSULT")], gold)
    assert report.core_found == 2 and not report.misses
    report = evaluate([sys_event("SUPPORT")], gold)
    assert report.core_found == 0


def test_non_core_events_count_for_precision_not_recall():
    gold = [gold_event("core1"), gold_event("extra", types=("SUPPORT",), core=False)]
    report = evaluate([sys_event("SUPPORT")], gold)
    assert (report.core_found, report.core_total) == (0, 1)
    assert (report.system_correct, report.system_total) == (1, 1)
    assert [g["id"] for g in report.misses] == ["core1"]


def test_precision_counts_only_events_of_the_gold_dyads():
    gold = [gold_event()]
    events = [sys_event(eid="ok"), sys_event("COOPERATE", eid="fp"),
              sys_event(actor="AZE", recipient="TUR", eid="other dyad"),
              sys_event(actor="KAZ", recipient=None, eid="one side")]
    report = evaluate(events, gold)
    assert (report.system_correct, report.system_total) == (1, 2)
    assert report.out_of_scope == 2
    assert [e["id"] for e in report.false_positives] == ["fp"]


def test_docs_restrict_system_and_gold_events():
    gold = [gold_event("a", docs=("doc_a",)), gold_event("b", docs=("doc_b",), date="2025")]
    events = [sys_event(uris=("/c/doc_a.txt",), eid="in a"),
              sys_event(uris=("/c/doc_b.txt",), eid="in b, wrong date"),
              sys_event(uris=("/c/negative.txt",), eid="in a negative"),
              sys_event(uris=("/c/elsewhere.txt",), eid="not evaluated")]
    report = evaluate(events, gold)  # default: the gold's documents
    assert (report.core_total, report.system_total, report.system_correct) == (2, 2, 1)
    report = evaluate(events, gold, docs={"doc_a", "negative"})
    assert report.core_total == 1 and report.core_found == 1
    assert (report.system_total, report.system_correct) == (2, 1)
    assert [e["id"] for e in report.false_positives] == ["in a negative"]


def test_empty_inputs_do_not_divide_by_zero():
    report = evaluate([], [gold_event()])
    assert report.recall == 0.0 and report.precision is None and report.f1 is None
    assert "n/a" in format_report(report)
    report = evaluate([sys_event()], [])
    assert report.recall is None and report.system_total == 0


def test_format_report_lists_misses_false_positives_and_duplicates():
    gold = [gold_event("visit"), gold_event("missed", types=("AID",), date="2024-03-12")]
    events = [sys_event(eid="1"), sys_event(eid="2", uris=("/c/doc_a.html",)),
              sys_event("ACCUSE", eid="3")]
    text = format_report(evaluate(events, gold))
    assert "recall (core):  1/2 = 0.500" in text
    assert "precision:      2/3 = 0.667" in text
    assert "duplicates:     1 " in text
    assert "missed core events (1):\n  missed AID 2024-03-12" in text
    assert "false positives (1):\n  ACCUSE 2024-03-11 KAZ->AZE [doc_a]" in text
    assert "  visit: 1 more" in text


# -- gold files -------------------------------------------------------------------------------

def test_bad_gold_is_refused_with_a_reason(tmp_path: Path):
    with pytest.raises(GoldError, match="types"):
        check_gold([gold_event(types=("VISIT",))])
    with pytest.raises(GoldError, match="date"):
        check_gold([gold_event(date="11.03.2024")])
    with pytest.raises(GoldError, match="duplicate id"):
        check_gold([gold_event(), gold_event()])
    with pytest.raises(GoldError, match="may_merge_with"):
        check_gold([gold_event(may_merge_with="nope")])
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(gold_event()) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"bad.jsonl:2"):
        load_gold(bad)


def test_run_evaluate_reads_the_docs_file_beside_the_gold(tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(gold_event()) + "\n", encoding="utf-8")
    fp = sys_event(uris=("/c/negative.txt",))
    text, report = run_evaluate(gold, [sys_event(), fp])
    assert report.system_total == 1 and "precision:      1/1" in text
    (tmp_path / "gold.docs.txt").write_text("# negatives\nnegative\n", encoding="utf-8")
    text, report = run_evaluate(gold, [sys_event(), fp])
    assert report.system_total == 2 and report.false_positives == [fp]


def _stems(folder: Path) -> set[str]:
    return {p.stem for p in folder.glob("*.txt")}


def test_article_gold_is_well_formed_and_names_existing_articles():
    gold = load_gold(EVENTS / "gold_articles.jsonl")
    stems = _stems(ARTICLES)
    named = {d for g in gold for d in g["docs"]}
    assert named <= stems
    listed = {line for line in (EVENTS / "gold_articles.docs.txt").read_text(
        encoding="utf-8").splitlines() if line and not line.startswith("#")}
    assert listed == stems
    negatives = stems - named
    assert len(negatives) >= 5  # passing mentions, a negated and a hypothetical event
    assert all(g["dyad"] == ["AZE", "KAZ"] for g in gold)


def test_articles_cover_every_language_and_have_title_dateline_body():
    stems = _stems(ARTICLES)
    for lang in ("az", "kk", "kk-latn", "ru", "tr", "en"):
        assert sum(1 for s in stems if s.split("_")[0] == lang) >= 3, lang
    for path in ARTICLES.glob("*.txt"):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].strip() and re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", lines[1]), path.name
        words = len(" ".join(lines[2:]).split())
        assert 120 <= words <= 250, (path.name, words)
    latin = " ".join(p.read_text(encoding="utf-8") for p in ARTICLES.glob("kk-latn_*.txt"))
    for word in ("Qazaqstan", "Ázerbaıjan", "Toqaev", "Prezıdent", "saparmen", "kelissózder",
                 "qol qoıyldy"):
        assert word in latin, word
    assert not re.search(r"[\u0400-\u04FF]", latin)


def test_same_story_is_told_in_several_languages():
    gold = {g["id"]: g for g in load_gold(EVENTS / "gold_articles.jsonl")}
    for gid in ("a01", "b01"):
        langs = {d.split("_")[0] for d in gold[gid]["docs"]}
        assert len(langs) >= 3, gid


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed corpus not found")
def test_seed_gold_is_well_formed_and_names_the_seeds():
    gold = load_gold(SEEDS / "gold" / "events_000_004.jsonl",
                     EVENTS / "gold_seeds_001_002_003.jsonl")
    seeds = _stems(SEEDS)
    assert {d for g in gold for d in g["docs"]} == seeds
    mine = load_gold(EVENTS / "gold_seeds_001_002_003.jsonl")
    assert {d for g in mine for d in g["docs"]} == {s for s in seeds if s[:3] in
                                                     {"001", "002", "003"}}


@pytest.mark.parametrize("files", [
    [EVENTS / "gold_articles.jsonl"],
    [EVENTS / "gold_seeds_001_002_003.jsonl"],
    [SEEDS / "gold" / "events_000_004.jsonl", EVENTS / "gold_seeds_001_002_003.jsonl"],
], ids=["articles", "seeds_001_002_003", "all_seeds"])
def test_gold_scores_itself_perfectly(files: list[Path]):
    """Each gold event turned into the system event it describes scores recall 1, precision 1,
    no duplicates: the harness and the gold agree with each other."""
    if not all(f.is_file() for f in files):
        pytest.skip("seed gold not found")
    gold = load_gold(*files)
    events = []
    for g in gold:
        date = g["date"]
        if date and re.fullmatch(r"\d{2}-\d{2}", date):
            date = "--" + date
        events.append(sys_event(g["types"][0], date, *g["dyad"],
                                uris=tuple(f"/a/{d}.txt" for d in g["docs"]), eid=g["id"]))
    report = evaluate(events, gold)
    assert report.recall == 1.0 and report.precision == 1.0 and report.duplicates == 0
