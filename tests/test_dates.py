"""Date extraction: our sentences per language (tests/data/dates/*.yaml), the seed articles,
and the contract (offsets, order, no overlap, never raising)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import SEEDS, SENTENCE_SETS, sentence_sets

from bilateral.extract.dates import find_dates
from bilateral.model import Mention

DATA = Path(__file__).parent / "data" / "dates"
LANGS = SENTENCE_SETS
ITEMS = sentence_sets(DATA)


def _check(found: list[Mention], expected: list[dict[str, Any]], text: str) -> None:
    got = [(m.text, m.value) for m in found]
    assert got == [(e["text"], e["value"]) for e in expected], text
    for mention, exp in zip(found, expected, strict=True):
        for key, want in exp.items():
            if key in ("text", "value"):
                continue
            assert mention.meta.get(key) == want, f"{text!r}: {mention.text!r} {key}"


def test_enough_sentences_per_language() -> None:
    for stem in LANGS:
        items = [item for s, _, item in ITEMS if s == stem]
        assert len(items) >= 15, stem
        assert sum(1 for item in items if not item["dates"]) >= 4, stem  # not-date numbers


@pytest.mark.parametrize(("stem", "i", "item"), ITEMS, ids=[f"{s}-{i}" for s, i, _ in ITEMS])
def test_sentence(stem: str, i: int, item: dict[str, Any]) -> None:
    found = find_dates(item["text"], item.get("published"), LANGS[stem])
    _check(found, item["dates"], item["text"])


@pytest.mark.parametrize(("stem", "i", "item"), ITEMS, ids=[f"{s}-{i}" for s, i, _ in ITEMS])
def test_sentence_without_language_hint(stem: str, i: int, item: dict[str, Any]) -> None:
    found = find_dates(item["text"], item.get("published"))
    _check(found, item["dates"], item["text"])


def test_contract_offsets_order_meta() -> None:
    text = ("Tarix: 14-03-2024\nBelə ki, 2022-ci il avqustun 24-də imzalanıb. "
            "Martın 11-də iclas olub, ertəsi gün — mart ayının 12-də açılış.")
    found = find_dates(text, "2024-03-14", "az")
    assert [m.value for m in found] == ["2024-03-14", "2022-08-24", "2022-03-11", "2022-03-12"]
    last_end = -1
    for m in found:
        assert m.kind == "date"
        assert text[m.start:m.end] == m.text
        assert m.start >= last_end
        last_end = m.end
        assert set(m.meta) >= {"relative", "anchor", "anchor_kind", "end", "since"}


def test_offsets_survive_letters_that_grow_when_lower_cased() -> None:
    # 'İ' decomposed and 'ẞ' change length under lower(): offsets must stay on the original.
    text = "İ\u0307ẞ ДАТА: 11 МАРТА 2024 ГОДА, İLHAM ƏLİYEV 1 MART 2004-CÜ İLDƏ"
    for m in find_dates(text):
        assert text[m.start:m.end] == m.text
    assert [m.value for m in find_dates(text)] == ["2024-03-11", "2004-03-01"]


@pytest.mark.parametrize("bad", ["", " ", "\x00\ud800", "2024-13-45", "31.02.2024", "99999999",
                                 "-" * 10_000, "1" * 5000, "mart " * 2000, "В " * 3000])
def test_never_raises(bad: str) -> None:
    for published in (None, "2024-03-14", "garbage", "2024", "2024-02-30"):
        find_dates(bad, published, "xx")
        find_dates(bad, published)


def test_invalid_calendar_dates_are_dropped() -> None:
    assert find_dates("31.02.2024 və fevralın 30-da") == []


# --- the seed articles -----------------------------------------------------------------------

seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed corpus not found at {SEEDS}")


def _seed(prefix: str) -> str:
    from bilateral.textutil import normalize

    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return normalize(path.read_text(encoding="utf-8"))


def _by_text(found: list[Mention]) -> dict[str, Mention]:
    return {m.text: m for m in found}


@seeds
def test_seed_000_published_2024_03_14() -> None:
    found = _by_text(find_dates(_seed("000"), "2024-03-14", "az"))
    assert found["14-03-2024"].value == "2024-03-14"
    assert found["2022-ci il avqustun 24-də"].value == "2022-08-24"
    assert found["2023-cü il aprel ayının 10-da"].value == "2023-04-10"
    assert found["bu ilin mart ayının 11-də"].value == "2024-03-11"
    march_11 = found["martın 11-də"]
    assert march_11.value == "2024-03-11"
    assert march_11.meta["relative"] and march_11.meta["anchor"] == "2024-03-14"
    assert found["mart ayının 12-də"].value == "2024-03-12"


@seeds
def test_seed_001_no_publication_date() -> None:
    found = _by_text(find_dates(_seed("001"), None, "az"))
    expected = {
        "30 avqust 1992-ci il": "1992-08-30",
        "9 yanvar 1993-cü ildə": "1993-01-09",
        "1 mart 2004-cü ildə": "2004-03-01",
        "6 sentyabr 2008-ci il tarixindən": "2008-09-06",
        "19 oktyabr 1994-cü ilə": "1994-10-19",
        "1996-cı il mayın 14-də": "1996-05-14",
        "1996-cı il sentyabrın 16-da": "1996-09-16",
        "2004-cü ilin martında": "2004-03",
        "2005-ci il mayın 24-də": "2005-05-24",
        "ötən il fevralın 20-də": "--02-20",
    }
    assert {t: found[t].value for t in expected if t in found} == expected
    last_year = found["ötən il fevralın 20-də"]
    assert last_year.meta["relative"] is True and last_year.meta["anchor"] is None
    assert last_year.meta["shift"] == "-1Y"
    assert found["6 sentyabr 2008-ci il tarixindən"].meta["since"] is True


@seeds
def test_seed_003_published_2025_10_27() -> None:
    found = _by_text(find_dates(_seed("003"), "2025-10-27", "az"))
    assert found["27.10.2025"].value == "2025-10-27"
    assert found["2025-ci il oktyabrın 21-də"].value == "2025-10-21"
    assert not any("20 illik" in t or "milyard" in t for t in found)


@seeds
def test_seed_004_kazakh_relative_without_publication_date() -> None:
    found = find_dates(_seed("004"), None, "kk")
    by_text = _by_text(found)
    assert by_text["2020 жылдан бері"].value == "2020"
    assert by_text["2020 жылдан бері"].meta["since"] is True
    for word in ("ертең", "Ертең", "Былтыр"):
        m = by_text[word]
        assert m.value is None and m.meta["relative"] is True and m.meta["anchor"] is None
    assert not any("есе" in m.text for m in found)
    # With the date merge later learns (the visit of 2024-03-11), 'ертең' is the 12th.
    tomorrow = _by_text(find_dates(_seed("004"), "2024-03-11", "kk"))["ертең"]
    assert tomorrow.value == "2024-03-12"
