"""Dates as datelines write them: '14-03-2024 | 12:41', '27.10.2025 [14:37]',
'23 Oktyabr 2025 09:32', '11 марта 2024', 'March 12, 2024', '2024-03-11T10:00'.

This is the small grammar the cleaner needs to find a page's publication date; month
names live in data/lexicon/months.yaml, shared with the date extractor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from bilateral.datafiles import load_yaml
from bilateral.textutil import fold


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    value: str  # ISO: YYYY-MM-DD, or YYYY-MM-DDTHH:MM when the line gives a time
    has_year: bool = True


@lru_cache(maxsize=1)
def _months() -> tuple[re.Pattern[str], dict[str, int], list[tuple[str, int]]]:
    data = load_yaml(
        (resources.files("bilateral") / "data" / "lexicon" / "months.yaml").read_text("utf-8"))
    exact: dict[str, int] = {}
    stems: list[tuple[str, int]] = []
    for table in data.values():
        for month, forms in table.items():
            for form in forms:
                form = fold(str(form))
                if form.endswith("*"):
                    stems.append((form[:-1], int(month)))
                else:
                    exact[form] = int(month)
    pieces = [re.escape(s) + r"\w*" for s, _ in stems] + [re.escape(e) for e in exact]
    pieces.sort(key=len, reverse=True)
    stems.sort(key=lambda s: len(s[0]), reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(pieces) + r")(?!\w)"), exact, stems


def month_number(word: str) -> int | None:
    _, exact, stems = _months()
    word = fold(word)
    if word in exact:
        return exact[word]
    for stem, month in stems:
        if word.startswith(stem):
            return month
    return None


_TIME = r"(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)"
_SUFFIX = r"(?:-?(?:ci|cı|cu|cü|ші|шы|inci|ıncı|nci|üncü|uncu|th|st|nd|rd|го|е|ое))?"
_NUMERIC_PATTERNS = [
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)"
               r"(?:[Tt ]" + _TIME + r")?"),
    re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)[./-](?P<m>[01]?\d)[./-](?P<y>(?:19|20)\d\d)(?!\d)"),
]


def _named_patterns() -> list[re.Pattern[str]]:
    month = _months()[0].pattern
    return [
        # 23 Oktyabr 2025, 11 марта 2024 года, 12 Mart 2024'te, 21 qazan 2025
        re.compile(r"(?<!\d)(?P<d>[0-3]?\d)" + _SUFFIX + r"\s+(?P<mon>" + month + r")[,\s]+"
                   r"(?P<y>(?:19|20)\d\d)"),
        # March 12, 2024
        re.compile(r"(?P<mon>" + month + r")\s+(?P<d>[0-3]?\d)" + _SUFFIX + r",?\s+"
                   r"(?P<y>(?:19|20)\d\d)"),
        # 2024 жылғы 12 наурыз, 2022-ci il avqustun 24-də
        re.compile(r"(?P<y>(?:19|20)\d\d)\S*\s+(?:\w+\s+){0,2}?(?P<d>[0-3]?\d)\s+"
                   r"(?P<mon>" + month + r")"),
        re.compile(r"(?P<y>(?:19|20)\d\d)\S*\s+(?:\w+\s+){0,2}?(?P<mon>" + month + r")\s+"
                   r"(?P<d>[0-3]?\d)(?!\d)"),
        # 21 Yanvar 11:29 (no year: list items and some datelines)
        re.compile(r"(?<!\d)(?P<d>[0-3]?\d)\s+(?P<mon>" + month + r")(?!\s+(?:19|20)\d\d)"),
    ]


@lru_cache(maxsize=1)
def _patterns() -> list[re.Pattern[str]]:
    return _NUMERIC_PATTERNS + _named_patterns()


_TIME_RE = re.compile(r"(?<![\d:])" + _TIME + r"(?![\d:])")


# Every date pattern needs a digit, and folding neither adds nor removes one: a line
# without a digit (most lines of a page) is answered without folding it or running the
# seven patterns.
_DIGIT = re.compile(r"\d")


def find_date(line: str) -> DateMatch | None:
    """The first full calendar date in a line (with its time, if one follows), else None."""
    if _DIGIT.search(line) is None:
        return None
    return find_date_folded(fold(line))


def find_date_folded(folded: str) -> DateMatch | None:
    """`find_date` for a line the caller has already folded (offsets are the folded line's)."""
    if _DIGIT.search(folded) is None:
        return None
    for pattern in _candidate_patterns(folded):
        for m in pattern.finditer(folded):
            found = _date_match(m, folded)
            if found is not None:
                return found
    return None


def _candidate_patterns(folded: str) -> list[re.Pattern[str]]:
    """The patterns in their order of precedence, less the named-month ones when no month
    name is in the line: each of those holds the whole month pattern, lookarounds and all,
    so none can match where it finds nothing."""
    patterns = _patterns()
    if _months()[0].search(folded) is None:
        return patterns[: len(_NUMERIC_PATTERNS)]
    return patterns


def _date_match(m: re.Match[str], folded: str) -> DateMatch | None:
    """The DateMatch of one pattern match, or None when it is no calendar date (31.02)."""
    groups = m.groupdict()
    month = month_number(groups["mon"]) if groups.get("mon") else int(groups["m"])
    day = int(groups["d"])
    year = int(groups["y"]) if groups.get("y") else None
    try:
        date(year or 2000, month or 0, day)
    except (ValueError, TypeError):
        return None
    start, end = m.span()
    value = f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
    hour = groups.get("h")
    minute = groups.get("mi")
    if hour is None:
        t = _TIME_RE.search(folded, end, min(len(folded), end + 20))
        if t:
            hour, minute, end = t.group("h"), t.group("mi"), t.end()
    if hour is not None and year:
        value += f"T{int(hour):02d}:{minute}"
    return DateMatch(start, end, value, has_year=year is not None)


def has_time(line: str) -> bool:
    return _TIME_RE.search(line) is not None
