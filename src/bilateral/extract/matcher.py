"""Find names in text: an index over the token sequences of every alias, matched word by
word with their inflected forms (extract.morph), longest match first.

One dictionary look-up per candidate key of each word: the cost grows with the text, not
with the size of the registry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from bilateral.extract.morph import TOKEN_RE, Morphology, load_morphology
from bilateral.textutil import fold

# Between the words of one name only spaces, hyphens, dashes, apostrophes and dots may stand
# ('Kasım-Jomart', 'Bakı–Tbilisi–Ceyhan', "Kazakistan'ın", 'X. Xələfov').
_JOINERS = frozenset(" \u00a0-‐‑–—'’ʻ.")
# Distinct words whose keys and candidate patterns are remembered across documents.
_MAX_CACHED = 1 << 16


@dataclass(frozen=True)
class Pattern:
    """One alias: the keys each of its words may match, and what it names."""

    words: tuple[frozenset[str], ...]
    target: object  # an Entity, a role id ... whatever the caller indexed
    exact_last: bool  # short words (abbreviations) match only whole
    capitalised: bool  # a name written with a capital matches only a capitalised word
    abbreviation: bool  # 'BMT', 'ООН' match only in capitals
    only_lang: str | None = None  # a word that names this only in one language
    tag: str | None = None  # what kind of word names it ('adjective', 'demonym' ...)


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    targets: tuple[object, ...]  # every target whose alias matched this span (ambiguity kept)
    tags: tuple[str | None, ...] = ()  # the tag of each target's pattern


# Not frozen: one is made per word of every text, and a frozen dataclass's __init__ costs
# three times as much (0.52 against 0.15 µs). Nothing changes a token once made.
@dataclass(slots=True)
class Token:
    start: int
    end: int
    keys: frozenset[str]
    exact: str


# Keys and folded form of each word, per morphology: the same words recur from one article
# to the next, so they are kept across documents (bounded: cleared when full). A plain dict
# read inline, because tokenizing is a look-up per word of every text.
_WORDS: WeakKeyDictionary[Morphology, dict[str, tuple[frozenset[str], str]]] = \
    WeakKeyDictionary()


def tokenize(text: str, morph: Morphology | None = None) -> list[Token]:
    morph = morph or load_morphology()
    table = _WORDS.get(morph)
    if table is None:
        table = _WORDS[morph] = {}
    tokens = []
    for m in TOKEN_RE.finditer(text):
        word = m.group()
        info = table.get(word)
        if info is None:
            if len(table) >= _MAX_CACHED:
                table.clear()
            info = table[word] = (morph.text_keys(word), fold(word))
        tokens.append(Token(m.start(), m.end(), info[0], info[1]))
    return tokens


class AliasIndex:
    def __init__(self, morph: Morphology | None = None) -> None:
        self.morph = morph or load_morphology()
        self._by_first: dict[str, list[Pattern]] = defaultdict(list)
        # A token's keys -> the patterns they can start, in the order `find` tries them.
        self._candidates: dict[frozenset[str], tuple[Pattern, ...]] = {}

    def add(self, alias: str, target: object, only_lang: str | None = None,
            tag: str | None = None) -> None:
        words = TOKEN_RE.findall(alias)
        if not words:
            return
        exact = len(fold(words[-1])) <= 3 or alias.isupper()
        keys = tuple(frozenset({fold(w)}) if (exact and i == len(words) - 1)
                     else self.morph.base_keys(w) for i, w in enumerate(words))
        pattern = Pattern(keys, target, exact, alias[:1].isupper(),
                          len(alias) > 1 and alias.isupper(), only_lang, tag)
        for key in keys[0]:
            self._by_first[key].append(pattern)
        self._candidates.clear()

    def add_all(self, items: Iterable[tuple[str, object]]) -> None:
        for alias, target in items:
            self.add(alias, target)

    def find(self, text: str, tokens: list[Token] | None = None,
             lang: str | None = None) -> list[Match]:
        """Non-overlapping matches, the longest at each position, left to right. With `lang`,
        patterns meant for another language only are passed over."""
        tokens = tokenize(text, self.morph) if tokens is None else tokens
        out: list[Match] = []
        i = 0
        while i < len(tokens):
            best_len, best_targets, best_tags = 0, [], []
            for pattern in self._patterns_for(tokens[i].keys):
                if pattern.only_lang and lang and pattern.only_lang != lang:
                    continue
                n = len(pattern.words)
                if n < best_len or not self._matches(text, tokens, i, pattern):
                    continue
                if n > best_len:
                    best_len, best_targets, best_tags = n, [pattern.target], [pattern.tag]
                elif pattern.target not in best_targets:
                    best_targets.append(pattern.target)
                    best_tags.append(pattern.tag)
            if best_len:
                out.append(Match(tokens[i].start, tokens[i + best_len - 1].end,
                                 tuple(best_targets), tuple(best_tags)))
                i += best_len
            else:
                i += 1
        return out

    def _patterns_for(self, keys: frozenset[str]) -> tuple[Pattern, ...]:
        """The patterns whose first word one of `keys` can be, each once, computed once per
        distinct set of keys (words recur)."""
        known = self._candidates.get(keys)
        if known is None:
            seen: set[int] = set()
            ordered = []
            # Sorted: which of two equal patterns wins must not depend on hash order.
            for key in sorted(keys):
                for pattern in self._by_first.get(key, ()):
                    if id(pattern) not in seen:
                        seen.add(id(pattern))
                        ordered.append(pattern)
            if len(self._candidates) >= _MAX_CACHED:  # bounded over a long ingest
                self._candidates.clear()
            known = self._candidates[keys] = tuple(ordered)
        return known

    @staticmethod
    def _matches(text: str, tokens: list[Token], i: int, pattern: Pattern) -> bool:
        n = len(pattern.words)
        if i + n > len(tokens):
            return False
        for j in range(n):
            token = tokens[i + j]
            if j and not _JOINERS.issuperset(text[tokens[i + j - 1].end : token.start]):
                return False
            allowed = pattern.words[j]
            if pattern.exact_last and j == n - 1:
                if token.exact not in allowed:
                    return False
            elif token.keys.isdisjoint(allowed):
                return False
            # 'Oral' the city is not 'oral'; an adjective alias written in lower case
            # ('azərbaycanlı', 'казахстанский') matches either way.
            word = text[token.start : token.end]
            if pattern.abbreviation and not word.isupper():
                return False
            if pattern.capitalised and j == 0 and not word[:1].isupper():
                return False
        return True
