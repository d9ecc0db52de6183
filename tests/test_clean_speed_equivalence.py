"""The cleaner's shortcuts (line caches, a digit and month pre-test for dates, a separator
pre-test for menus) answer exactly as the full tests they stand in for."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bilateral.clean import dateline
from bilateral.clean.lines import classify_line
from bilateral.clean.phrases import AnyPhrase, load_phrases, phrase_lists, top_level_alternatives
from bilateral.textutil import fold

LINES = [
    "", "   ", "Paylaş", "Версия для печати", "Politics | Business | Energy",
    "Главная > Политика", "QAZ  RUS  ENG", "25.08.2022 | 11:05", "27.10.2025 [14:37]",
    "23 Oktyabr 2025 09:32", "11 марта 2024 года", "March 12, 2024", "2024-03-11T10:00",
    "2024 жылғы 12 наурыз", "21 Yanvar 11:29", "Tarix: 14-03-2024 | 12:41", "12:41",
    "31.02.2024", "Room 101 was booked for 3 days", "Самое читаемое",
    "Trade between Azerbaijan and Kazakhstan reached 500 million dollars this year.",
    "Gülər Sultanzadə,", "İLHAM ƏLİYEV QAZAXISTANDA", "★ ★ ★",
]


def _full_find_date(line: str) -> dateline.DateMatch | None:
    """find_date without its pre-tests: every pattern over the folded line."""
    folded = fold(line)
    for pattern in dateline._patterns():
        for m in pattern.finditer(folded):
            found = dateline._date_match(m, folded)
            if found is not None:
                return found
    return None


@pytest.mark.parametrize("line", LINES)
def test_find_date_pre_tests_change_nothing(line: str) -> None:
    assert dateline.find_date(line) == _full_find_date(line)


@pytest.mark.parametrize("line", LINES)
def test_cached_classification_equals_uncached(line: str) -> None:
    # An equal but distinct phrase object takes the uncached path.
    other = replace(load_phrases())
    assert other is not load_phrases()
    for _ in range(2):  # the second call is answered from the cache
        cached, uncached = classify_line(line), classify_line(line, other)
        assert (cached.text, cached.kind, cached.n_words, cached.date) == (
            uncached.text, uncached.kind, uncached.n_words, uncached.date)


def test_cached_lines_are_not_shared() -> None:
    # Later stages re-mark a line (REPEAT, TITLE, BYLINE): each call gets its own Line.
    assert classify_line("Paylaş") is not classify_line("Paylaş")


# Lines for the phrase lists: prose, furniture in each language, and pieces that come close.
PHRASE_LINES = LINES + [
    "Baxış sayı: 1204", "Şərh yaz", "Paylaş: Facebook Twitter", "Oxunub: 57",
    "Просмотров: 310", "Комментарии (3)", "Поделиться", "Okunma sayısı: 88", "5 yorum",
    "Read 42 times", "Share this story", "share", "print this page", "www.apa.az",
    "https://kun.uz/news/1", "Source: Trend", "Photo: AP", "Ən çox oxunanlar", "Читайте также",
    "Also read", "Most read", "Copyright 2024 Report.az", "Kazakistan ile anlaşma imzalandı",
    "Посол Казахстана вручил верительные грамоты", "Qazaqstan men Ázerbaıjan kelisimge keldi",
]


@pytest.mark.parametrize("key", ["furniture", "list_headings", "archived"])
def test_phrase_lists_find_the_lines_each_phrase_finds(key: str) -> None:
    """The phrases are regrouped for speed (AnyPhrase): a list finds a line exactly when one
    of its phrases, on its own, does."""
    import re

    from bilateral.textutil import fold_i

    joined = getattr(load_phrases(), key)
    each = [re.compile(fold_i(p)) for p in phrase_lists()[key]]
    assert each, f"no {key} phrases"
    found = 0
    for line in PHRASE_LINES:
        folded = fold(line)
        expected = any(p.search(folded) for p in each)
        assert bool(joined.search(folded)) == expected, (key, line)
        found += expected
    if key != "archived":  # the lines above hold furniture and headings, not archive notes
        assert found > 0


@pytest.mark.parametrize(("pattern", "parts"), [
    ("a|b(c|d)|[|]", ["a", "b(c|d)", "[|]"]),
    (r"x\|y|z", [r"x\|y", "z"]),
    ("[]|]|q", ["[]|]", "q"]),
    ("[^]|]x|(?:a|(b|c))|", ["[^]|]x", "(?:a|(b|c))", ""]),
    (r"[\]|]|w", [r"[\]|]", "w"]),
    ("plain", ["plain"]),
])
def test_top_level_alternatives(pattern: str, parts: list[str]) -> None:
    assert top_level_alternatives(pattern) == parts


ANY_PHRASE_CASES = [
    r"\bpaylaş", r"^photo\s*:", "şərh yaz|daxil olun", r"\d+\s+comments?\b", "a?bc",
    r"(?:most|top) read", r"[|•]\s*print", "x{2}y", r"\bviews?\b", "^$", "kez okundu",
    r"share$|^share\b", "ok\\.ru",
]
ANY_PHRASE_LINES = [
    "paylaş", "bunu paylaşın", "apaylaş", "photo: ap", "a photo: x", "şərh yaz", "daxil olun",
    "5 comments", "comments", "bc", "abc", "most read", "top read today", "| print",
    "xxy", "xy", "12 views", "reviews", "", "read 5 kez okundu", "please share",
    "share it", "ok.ru", "okru", "Kazakhstan and Azerbaijan signed a road map on transit.",
]


def test_any_phrase_finds_a_line_when_one_expression_does() -> None:
    """However the alternatives are regrouped for speed (by first letter, anchored, at a
    word boundary, the rest), a line is found exactly when one expression on its own finds
    it; no expressions find nothing."""
    import re

    every = AnyPhrase(ANY_PHRASE_CASES)
    assert len(every.patterns) >= 4  # the cases above fall in every kind of group
    for line in ANY_PHRASE_LINES:
        expected = any(re.search(p, line) for p in ANY_PHRASE_CASES)
        assert bool(every.search(line)) == expected, line
    assert AnyPhrase([]).search("anything") is None
