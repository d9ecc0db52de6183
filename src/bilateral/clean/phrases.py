"""Furniture phrase lists (data/boilerplate/*.yaml), loaded once and compiled."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bilateral.datafiles import load_yaml
from bilateral.textutil import fold, fold_i


class AnyPhrase:
    """Finds a line holding any of a list of regular expressions (callers ask whether a
    line does, never where: `search` returns a match of one of them, or None).

    Python's regex engine tries the alternatives of an alternation one after the other at
    every place in the line, and passes over a place at once only when it knows which
    characters can begin a match. So the alternatives are grouped by how they begin, each
    group written so that it can tell: those that begin with a plain character, under their
    first characters ('p(?:aylaş|rint this)|...': a test a place for each first character,
    not for each alternative); those anchored at the start ('^(?:photo:|source:)'); those
    at a word boundary ('\\b(?:share$|views?...)'); any other on its own
    ('\\d+\\s+comments?', where the engine looks only at digits). On the lines of 300
    generated pages (134 characters on average) the furniture list was searched in ~115 us
    a line as one alternation of groups, and is in ~30 us so.
    """

    def __init__(self, patterns: list[str]) -> None:
        by_first: dict[str, list[str]] = {}
        at_start: list[str] = []
        at_boundary: list[str] = []
        others: list[str] = []
        for pattern in patterns:
            # Only the i letters are folded: casefolding a regex would turn \\W into \\w.
            for alternative in top_level_alternatives(fold_i(pattern)):
                if _begins_plainly(alternative):
                    by_first.setdefault(alternative[0], []).append(alternative[1:])
                elif alternative.startswith("^"):
                    at_start.append(alternative[1:])
                elif alternative.startswith("\\b") and alternative[2:3] not in _QUANTIFIERS:
                    at_boundary.append(alternative[2:])
                else:
                    others.append(alternative)
        sources = []
        if by_first:
            sources.append("|".join(re.escape(first) + "(?:" + "|".join(rests) + ")"
                                    for first, rests in by_first.items()))
        if at_start:
            sources.append("^(?:" + "|".join(at_start) + ")")
        if at_boundary:
            sources.append("\\b(?:" + "|".join(at_boundary) + ")")
        self.patterns = tuple(re.compile(source) for source in sources + others)

    def search(self, text: str) -> re.Match[str] | None:
        for pattern in self.patterns:
            found = pattern.search(text)
            if found:
                return found
        return None


# Characters with a meaning in a regular expression, and the quantifiers that make the one
# before them optional.
_SPECIAL = frozenset("\\^$.|?*+()[]{}")
_QUANTIFIERS = frozenset("?*+{")


def _begins_plainly(alternative: str) -> bool:
    """Whether every match of `alternative` begins with its first character (a letter, a
    digit, a space: anything without a meaning in a regular expression)."""
    return bool(alternative) and alternative[0] not in _SPECIAL and (
        len(alternative) == 1 or alternative[1] not in _QUANTIFIERS)


def top_level_alternatives(pattern: str) -> list[str]:
    """'a|b(c|d)|[|]' -> ['a', 'b(c|d)', '[|]']: the pattern split at each '|' that is not
    escaped, in a group or in a character class. Together they match what it matches."""
    parts: list[str] = []
    start = depth = 0
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":  # a class ends at the first ']' not first in it, nor escaped
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


@dataclass(frozen=True)
class FurniturePhrases:
    furniture: AnyPhrase
    list_headings: AnyPhrase
    archived: AnyPhrase
    dateline_labels: frozenset[str]
    byline_labels: re.Pattern[str]
    menu: frozenset[str]


def phrase_lists() -> dict[str, list[str]]:
    """Every list of data/boilerplate/*.yaml, the files' lists of one name joined."""
    merged: dict[str, list[str]] = {}
    folder = resources.files("bilateral") / "data" / "boilerplate"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        data = load_yaml(entry.read_text(encoding="utf-8")) or {}
        for key, values in data.items():
            merged.setdefault(key, []).extend(str(v) for v in values or [])
    return merged


@lru_cache(maxsize=1)
def load_phrases() -> FurniturePhrases:
    merged = phrase_lists()
    labels = sorted({fold(v) for v in merged.get("byline_labels", [])}, key=len, reverse=True)
    return FurniturePhrases(
        furniture=AnyPhrase(merged.get("furniture", [])),
        list_headings=AnyPhrase(merged.get("list_headings", [])),
        archived=AnyPhrase(merged.get("archived", [])),
        dateline_labels=frozenset(fold(v) for v in merged.get("dateline_labels", [])),
        byline_labels=re.compile(
            r"^\s*(?:" + "|".join(re.escape(v) for v in labels) + r")\s*[:\-–—]?\s+"
        ) if labels else re.compile(r"(?!x)x"),
        menu=frozenset(fold(v) for v in merged.get("menu", [])),
    )
