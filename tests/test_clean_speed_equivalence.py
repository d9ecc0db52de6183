"""The cleaner's shortcuts (line caches, a digit and month pre-test for dates, a separator
pre-test for menus) answer exactly as the full tests they stand in for."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bilateral.clean import dateline
from bilateral.clean.lines import classify_line
from bilateral.clean.phrases import load_phrases, phrase_lists
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
    """The phrases are joined into one flat alternation (faster to search than each phrase in
    its own group): it finds a line exactly when one of the phrases, on its own, does."""
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
