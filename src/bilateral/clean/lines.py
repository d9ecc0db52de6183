"""Line classification for text dumps: each line of a dump is prose, a short line, or one
kind of page furniture. The classes are decided from structure (length, punctuation, dates,
repetition) and from the phrase lists in data/boilerplate/."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from bilateral.clean.dateline import DateMatch, find_date_folded, has_time
from bilateral.clean.phrases import FurniturePhrases, load_phrases
from bilateral.textutil import content_key, fold, words


class Kind(Enum):
    BLANK = "blank"
    GOOD = "good"  # a prose paragraph
    SHORT = "short"  # a short line: a headline, an intertitle, a quote, a list item
    FURNITURE = "furniture"  # share/print/follow prompts, counters, menus, source lines
    DATELINE = "dateline"  # a line that is only a date, a time and their labels
    LIST_HEADING = "list_heading"  # 'most read', 'news feed': other articles follow
    LIST_ITEM = "list_item"  # a bare timestamp of a list of other articles
    REPEAT = "repeat"  # a paragraph already seen higher up (a body printed twice)
    TITLE = "title"
    BYLINE = "byline"


# The longest line that is still judged as a whole to be furniture: a share prompt is short,
# a paragraph that happens to say 'share' is not.
MAX_FURNITURE_WORDS = 15
# A paragraph: a sentence of at least this many words that ends like a sentence, or a line
# long enough to be prose whatever its ending.
MIN_SENTENCE_WORDS = 6
MIN_PROSE_WORDS = 15
_SENTENCE_END = re.compile(r"[.!?;:…»”\"')\]]\s*$")
_TEASER_END = re.compile(r"(\.\.\.|…)\s*$")
_NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-ÞĀ-ſƏА-ЯЁӘҒҚҢӨҰҮҺІ][\w'’ʻ-]+|[A-ZА-Я]\.)[,]?$")


@dataclass
class Line:
    text: str
    kind: Kind
    n_words: int
    date: DateMatch | None = None


def _is_dateline(text: str, folded: str, date: DateMatch, phrases: FurniturePhrases) -> bool:
    rest = folded[: date.start] + " " + folded[date.end :]
    leftover = [w for w in words(rest) if w not in phrases.dateline_labels and not w.isdigit()]
    return len(leftover) <= 2


_MENU_SPLIT = re.compile(r"\s*[|•·>»/]\s*|\s{2,}")
# Where _MENU_SPLIT would cut; a line without one is a single item, so it is no row of items.
_MENU_SEPARATOR = re.compile(r"[|•·>»/]|\s{2}")


def _is_menu(text: str, folded: str, phrases: FurniturePhrases) -> bool:
    """A navigation line: a known menu word alone, or a row of short items ('Politics |
    Business | Energy', 'Главная > Политика', 'QAZ  RUS  ENG') with no sentence in it."""
    stripped = folded.strip(" |•·/-–—:>»«")
    if stripped in phrases.menu:
        return True
    if _MENU_SEPARATOR.search(text) is None:
        return False
    parts = [p for p in _MENU_SPLIT.split(text.strip()) if p.strip()]
    if len(parts) < 2 or _SENTENCE_END.search(text):
        return False
    if all(fold(p) in phrases.menu for p in parts):
        return True
    separated = len(parts) >= 3 or bool(re.search(r"[|>»]", text))
    return separated and all(len(words(p)) <= 3 for p in parts)


# Lines repeat across the pages of a site (share prompts, menus, 'most read' headings,
# a body printed twice): their classes and content keys are kept, a few thousand lines'
# worth, so that a stream of pages from the same sites judges each such line once.
CACHE_LINES = 8192


def classify_line(text: str, phrases: FurniturePhrases | None = None) -> Line:
    stripped = text.strip()
    if not stripped:
        return Line(text, Kind.BLANK, 0)
    if phrases is None or phrases is load_phrases():
        kind, n, date = _classify_default(stripped)
    else:
        kind, n, date = _classify_stripped(stripped, phrases)
    return Line(text, kind, n, date)


@lru_cache(maxsize=CACHE_LINES)
def _classify_default(stripped: str) -> tuple[Kind, int, DateMatch | None]:
    """`_classify_stripped` with the phrase lists of data/boilerplate/ (a pure function of
    the line; DateMatch is frozen, so a cached one may be shared)."""
    return _classify_stripped(stripped, load_phrases())


def _classify_stripped(stripped: str, phrases: FurniturePhrases
                       ) -> tuple[Kind, int, DateMatch | None]:
    """Kind, word count and date of a non-blank line without its surrounding spaces."""
    folded = fold(stripped)
    n = len(words(stripped))
    date = find_date_folded(folded) if n <= MAX_FURNITURE_WORDS else None
    # Before the menu test: '25.08.2022 | 11:05' is a row of short items too.
    if date is not None and _is_dateline(stripped, folded, date, phrases):
        return Kind.DATELINE, n, date
    if _is_menu(stripped, folded, phrases):
        return Kind.FURNITURE, n, date
    if n <= MAX_FURNITURE_WORDS and phrases.furniture.search(folded):
        return Kind.FURNITURE, n, date
    if n <= 8 and phrases.list_headings.search(folded):
        return Kind.LIST_HEADING, n, date
    if n <= 3 and has_time(stripped):
        return Kind.LIST_ITEM, n, date
    if n == 0:  # punctuation, bullets, emoji: nothing to read
        return Kind.FURNITURE, n, date
    prose = n >= MIN_PROSE_WORDS or (
        n >= MIN_SENTENCE_WORDS and _SENTENCE_END.search(stripped)
        and not _TEASER_END.search(stripped))
    return (Kind.GOOD if prose else Kind.SHORT), n, date


@lru_cache(maxsize=CACHE_LINES)
def line_key(text: str) -> str:
    """`content_key` of a line, remembered: the repeat test, the title search and the light
    clean all ask for the keys of the same lines."""
    return content_key(text)


def looks_like_name(text: str) -> bool:
    """'Gülər Sultanzadə,', 'İlqar İlyasov', 'X. Xələfov', 'Айгүл Сәрсенова': 2-4 capitalised
    words and nothing else."""
    tokens = text.strip().split()
    if not 2 <= len(tokens) <= 4 or len(text.strip()) > 48:
        return False
    return all(_NAME_TOKEN.match(t) for t in tokens) and not any(c.isdigit() for c in text)


def classify(raw_lines: list[str]) -> list[Line]:
    phrases = load_phrases()
    lines = [classify_line(t, phrases) for t in raw_lines]
    seen: set[str] = set()
    for line in lines:
        if line.kind in (Kind.GOOD, Kind.SHORT) and line.n_words >= 4:
            key = line_key(line.text)
            if key in seen:
                line.kind = Kind.REPEAT
            seen.add(key)
    return lines
