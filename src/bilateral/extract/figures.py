"""Figures and pledges: numbers with their unit and subject, and what was promised.

    find_figures(text, sentences, mentions, published=None, uri="", lang=None) -> [Figure]

A figure is what a text reports as measured ('тауар айналымы 2020 жылдан бері 5 есе артты',
'100-dən artıq sənəd imzalanıb'); a pledge is a stated target or promise ('ticarət dövriyyəsi
iki dəfə artırılaraq 1 milyard dollara çatdırılacaq'), with its deadline when the text gives
one, or a promised cooperative project without a number ('Xəzər dənizi üzərindən fiber-optik
kabel çəkiləcək'). How a sentence is read:

1. Quantities. A number (digits with space, dot or comma thousand separators and decimal
   commas; a number word; a doubling word like 'удвоить'), its case ending ('100-dən'), a
   qualifier ('artıq', 'more than'), a scale ('milyard', 'млн') and a unit ('dollara', '%',
   'есе', 'sənəd'), or a unit in front ('$', 'yüzde'). A number a date mention covers, an
   ordinal ('2-ci iclas'), a phone number or a code ('COP29') is none; a bare number with no
   unit is none either: it says nothing a user could compare.
2. The clause (the sentence cut at ', ', ';', ':' and spaced dashes) decides the rest: a
   promise word or a future ending in it makes a pledge; a change word makes a multiplier
   ('5 есе', 'iki dəfə') a figure of its own, or the change of the amount it leads to
   ('iki dəfə artırılaraq 1 milyard dollara' is one pledge of 1e9 USD, change 'double').
3. The subject is the unit's own (documents, cargo) or the subject word nearest to the number,
   in its clause first, then in its sentence. Dates of the sentence give `date`, 'since' and,
   for pledges, `deadline`; entity mentions of the sentence give `countries`.

Every word is data (data/lexicon/figures.yaml): this module names no word of any language.
Matching runs on a folded copy of the text with one character per character of the original,
so offsets found in it are offsets into `text`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from bilateral.extract.sentences import Sentence, split_sentences
from bilateral.language.translit import kk_to_latin
from bilateral.model import Evidence, Figure, Mention

_LANGS = ("az", "tr", "ru", "kk_cyrl", "kk_latn", "en")
# Kinds of mention whose entity's country a figure's sentence is about.
_COUNTRY_KINDS = frozenset({"country", "person", "place", "organisation"})
# A word's stem must be this long before a future ending counts ('ol-acaq' is 'will be').
_MIN_STEM = 2
_SPACES = " \t\u00a0\u202f\u2009"
_WS = re.compile(f"[{_SPACES}]*")
_WORD = re.compile(r"[^\W\d_]+")
# Digits with space, dot or comma thousand separators and a decimal part. What may not stand
# before a number (a letter: 'COP29'; a sign, slash or dash: '+994', '2020-2024'; another
# number and a space: '555 55 55') is checked in code (_free): a regex lookbehind in front of
# every position made the scan several times slower.
_NUMBER = re.compile(
    rf"(?:\d{{1,3}}(?:(?P<sep>[{_SPACES}.,])\d{{3}}(?!\d))(?:(?P=sep)\d{{3}}(?!\d))*|\d+)"
    r"(?:[.,]\d+)?(?![.,]?\d)")
_NOT_BEFORE_NUMBER = frozenset(".,/+-–—_")
# A case ending written after a hyphen or an apostrophe: '100-dən', "100'den", '100-ден'.
_SUFFIX = re.compile(r"[-'’ʼ]([^\W\d_]{1,10})(?!\w)")
_LETTERS = re.compile(r"[^\W\d_]{1,10}(?!\w)")
# Where a sentence splits into clauses. A comma without a space is a decimal comma.
_CLAUSE = re.compile(rf"[,;:][{_SPACES}\n]+|[{_SPACES}]+[–—-][{_SPACES}]+")
_TRAILING = ".!?…;:,"
# How far before a number or a date to look for a sign, a qualifier or a deadline word: the
# longest listed ('по меньшей мере', 'yaklaşık olarak', 'by the end of') is 15 characters.
_LOOK_BACK = 30


# Same folding as bilateral.textutil.fold (Turkic i's onto 'i', lower case) but one character
# in, one character out, so that offsets into the folded text are offsets into the original.
def _fold(text: str) -> str:
    text_i = text.replace("İ", "i").replace("I", "i").replace("ı", "i")
    folded = text_i.lower()
    if len(folded) == len(text):
        return folded
    return "".join(low if len(low := c.lower()) == 1 else c for c in text_i)


def _f(form: Any) -> str:
    return " ".join(_fold(str(form)).split())


# ---------------------------------------------------------------------------------------------
# Lexicon


def _alt(forms: Any) -> str:
    """A regex for folded forms, built as a character trie: 'stem*' takes any ending (a '*' may
    end any word of a multi-word form), spaces match any run of spaces, word boundaries only
    where a form begins or ends with a letter ('$', '-fold', '%'). A trie, not a flat
    alternation: Python's re tries every branch of an alternation at every position, which
    made one scan of a 5,000-word article cost 60-90 ms; the trie costs one or two."""
    word: dict[Any, Any] = {}
    symbol: dict[Any, Any] = {}
    for form in set(forms):
        tokens = [" " if c.isspace() else c for c in " ".join(str(form).split())]
        if not tokens or tokens == ["*"]:
            continue
        node = word if re.match(r"\w", tokens[0]) else symbol
        for t in tokens:
            node = node.setdefault(t, {})
        node[None] = True
    parts = ([r"(?<!\w)" + _emit(word, None)] if word else []) + \
        ([_emit(symbol, None)] if symbol else [])
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


def _emit(node: dict[Any, Any], last: str | None) -> str:
    branches = []
    # Letters before '*' and ' ': a longer exact form is tried before a stem's open ending.
    for key in sorted((k for k in node if k is not None), key=lambda k: (k in " *", k)):
        piece = r"\s+" if key == " " else r"\w*" if key == "*" else re.escape(key)
        branches.append(piece + _emit(node[key], key))
    if None in node:
        branches.append(r"(?!\w)" if last and re.match(r"\w", last) else "")
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


class _Scan:
    """Forms of several ids in one trie, for scanning text; `ident` says whose a match is."""

    def __init__(self, named: list[tuple[str, list[str]]]):
        self.pattern = re.compile(_alt([f for _, forms in named for f in forms]))
        self._ids = [(i, re.compile(_alt(forms))) for i, forms in named if forms]

    def ident(self, matched: str) -> str | None:
        return next((i for i, p in self._ids if p.fullmatch(matched)), None)


def _groups(named: list[tuple[str, list[str]]]) -> re.Pattern[str]:
    """One alternation with a named group per entry ('g0', 'g1', ...): m.lastgroup says which."""
    parts = [f"(?P<g{i}>{_alt(forms)})" for i, (_, forms) in enumerate(named)]
    return re.compile("|".join(parts) if parts else "(?!)")


def _read() -> dict[str, Any]:
    path = resources.files("bilateral") / "data" / "lexicon"
    data: dict[str, Any] = {}
    # figures.yaml first, then any figures_*.yaml a user adds: lists are extended, tables merged.
    files = sorted(p for p in path.iterdir() if p.name.startswith("figures_")
                   and p.name.endswith(".yaml"))
    for file in [path / "figures.yaml", *files]:
        _merge(data, yaml.safe_load(file.read_text("utf-8")) or {})
    return data


def _merge(into: dict[str, Any], new: dict[str, Any]) -> None:
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        elif isinstance(value, list) and isinstance(into.get(key), list):
            into[key] = into[key] + value
        else:
            into[key] = value


def _lang_key(lang: str | None) -> str | None:
    if not isinstance(lang, str):
        return None
    base = re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0]
    return base if any(k == base or k.startswith(base + "_") for k in _LANGS) else None


def _per_lang(table: dict[str, Any] | None, lang: str | None) -> list[Any]:
    """The values of a per-language table for a hint ('kk' reads kk_cyrl and kk_latn; no hint
    or an unknown one reads all). Kazakh Cyrillic forms come with their Latin spelling."""
    out: list[Any] = []
    for key, value in (table or {}).items():
        if lang and not (key == lang or key.startswith(lang + "_")):
            continue
        out.append(value)
        if key == "kk_cyrl":
            out.append(_translit(value))
    return out


def _translit(value: Any) -> Any:
    if isinstance(value, dict):
        return {kk_to_latin(str(k)): v for k, v in value.items()}
    if isinstance(value, list):
        return [kk_to_latin(str(v)) for v in value]
    return value


def _flat(values: list[Any]) -> list[str]:
    return [_f(x) for v in values for x in (v or [])]


@dataclass(frozen=True)
class _Unit:
    unit: str
    subject: str | None
    gap: int
    needs_change: bool


@dataclass(frozen=True)
class _Grammar:
    anchors: re.Pattern[str]  # numbers, number words, doubling words
    anchor_kinds: _Scan
    number_words: dict[str, float]
    multipliers: dict[str, float]
    needs_scale: frozenset[str]
    doubling_stop: re.Pattern[str]
    ordinals: frozenset[str]
    scales: re.Pattern[str]
    scales_loose: re.Pattern[str]  # without one-letter forms, which must touch the number
    scale_values: tuple[float, ...]
    units: re.Pattern[str]
    unit_info: tuple[_Unit, ...]
    units_before: re.Pattern[str]
    units_before_info: tuple[_Unit, ...]
    qual_after: re.Pattern[str]
    qual_after_ids: tuple[str, ...]
    qual_before: re.Pattern[str]
    qual_before_ids: tuple[str, ...]
    subjects: _Scan
    count_subjects: frozenset[str]
    change: _Scan
    promise_words: re.Pattern[str]
    endings: tuple[str, ...]
    weak_endings: tuple[str, ...]
    not_promise: re.Pattern[str]
    complementisers: frozenset[str]
    deadline_before: re.Pattern[str]
    deadline_after: re.Pattern[str]
    deadline_suffixes: tuple[str, ...]
    project_gate: re.Pattern[str]
    projects: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    max_gap: int


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return _read()


def _ending(forms: list[str]) -> re.Pattern[str]:
    """Forms that must stand right before position `endpos` (searched with endpos)."""
    return re.compile(_alt(forms) + rf"[{_SPACES}]*\Z")


@lru_cache(maxsize=16)
def _grammar(lang: str | None) -> _Grammar:  # noqa: C901 - one pass over the lexicon
    d = _data()
    number_words: dict[str, float] = {}
    for table in _per_lang(d.get("number_words"), lang):
        for word, value in (table or {}).items():
            number_words.setdefault(_f(word), float(value))
    doubling = _flat(_per_lang(d.get("doubling"), lang))
    multipliers: dict[str, float] = {}
    for table in _per_lang(d.get("multiplier_words"), lang):
        for word, value in (table or {}).items():
            multipliers.setdefault(_f(word), float(value))
    words = _alt(doubling + list(multipliers) + list(number_words))
    anchors = re.compile(f"(?P<num>{_NUMBER.pattern})|(?P<w>{words})")
    # Which kind a word anchor is: a doubling, a multiplier or a number word, in that order.
    anchor_kinds = _Scan([("dbl", doubling), ("mult", list(multipliers)),
                          ("word", list(number_words))])

    scale_forms = [(str(value), [_f(x) for x in forms])
                   for value, forms in (d.get("scales") or {}).items()]
    unit_named, unit_info, before_named, before_info = [], [], [], []
    for entry in d.get("units") or []:
        info = _Unit(str(entry["unit"]), entry.get("subject"), int(entry.get("gap", 0)),
                     bool(entry.get("needs_change")))
        unit_named.append((info.unit, [_f(x) for x in entry.get("forms") or []]))
        unit_info.append(info)
        if entry.get("before"):
            before_named.append((info.unit, [_f(x) for x in entry["before"]]))
            before_info.append(info)
    quals = d.get("qualifiers") or {}
    # Any language's subjects, change words and units: they are distinct words, and a Kazakh
    # article quotes Russian figures. Number words and promise markers follow the hint: a
    # Turkish infinitive ends like a Kazakh intention in Latin letters.
    subjects = [(sid, _flat(_per_lang(table, None))) for sid, table in
                (d.get("subjects") or {}).items()]
    changes = [(cid, _flat(_per_lang(table, None))) for cid, table in
               (d.get("change") or {}).items()]
    promise = _per_lang(d.get("promise"), lang)
    words = [_f(w) for p in promise for w in (p or {}).get("words") or []]
    endings = tuple({_f(w) for p in promise for w in (p or {}).get("endings") or []})
    weak = tuple({_f(w) for p in promise for w in (p or {}).get("weak_endings") or []})
    dl = d.get("deadline") or {}
    end_words = _alt([_f(x) for x in dl.get("end_words") or []])
    projects = []
    gate: list[str] = []
    for entry in d.get("projects") or []:
        groups = [[_f(x) for x in group] for group in entry.get("all") or []]
        projects.append((str(entry["id"]), tuple(re.compile(_alt(g)) for g in groups)))
        gate += [x for g in groups for x in g]
    return _Grammar(
        anchors=anchors,
        anchor_kinds=anchor_kinds,
        number_words=number_words,
        multipliers=multipliers,
        needs_scale=frozenset(_f(x) for x in d.get("needs_scale") or []),
        doubling_stop=re.compile(rf"[{_SPACES}]+" + _alt(
            [_f(x) for x in d.get("doubling_not_before") or []])),
        ordinals=frozenset(_f(x) for x in d.get("ordinal_suffixes") or []),
        scales=_groups(scale_forms),
        scales_loose=_groups([(v, [x for x in fs if len(x.strip("*")) > 1])
                              for v, fs in scale_forms]),
        scale_values=tuple(float(v) for v, _ in scale_forms),
        units=_groups(unit_named),
        unit_info=tuple(unit_info),
        units_before=re.compile("|".join(
            f"(?P<g{i}>{_alt(fs)})[{_SPACES}]*\\Z" for i, (_, fs) in enumerate(before_named))
            or "(?!)"),
        units_before_info=tuple(before_info),
        qual_after=_groups([(q, [_f(x) for x in v.get("after") or []])
                            for q, v in quals.items()]),
        qual_after_ids=tuple(quals),
        qual_before=re.compile("|".join(
            f"(?P<g{i}>{_alt([_f(x) for x in v.get('before') or []])})[{_SPACES}]*\\Z"
            for i, v in enumerate(quals.values())) or "(?!)"),
        qual_before_ids=tuple(quals),
        subjects=_Scan(subjects),
        count_subjects=frozenset(d.get("count_subjects") or []),
        change=_Scan(changes),
        promise_words=re.compile(_alt(words)),
        endings=endings,
        weak_endings=weak,
        not_promise=re.compile(_alt([_f(x) for x in d.get("not_promise") or []]) + r"\Z"),
        complementisers=frozenset(_f(x) for x in d.get("complementisers") or []),
        deadline_before=_ending([_f(x) for x in dl.get("before") or []]),
        deadline_after=re.compile(rf"[{_SPACES}]*(?:{end_words}[{_SPACES}]+)?"
                                  + _alt([_f(x) for x in dl.get("after") or []])),
        deadline_suffixes=tuple(_f(x) for x in dl.get("suffixes") or []),
        project_gate=re.compile(_alt(gate)),
        projects=tuple(projects),
        max_gap=max((u.gap for u in unit_info), default=0),
    )


# ---------------------------------------------------------------------------------------------
# Quantities


@dataclass
class _Quantity:
    start: int
    end: int
    value: float
    unit: _Unit | None
    scaled: bool = False
    qualifier: str | None = None
    change: str | None = None  # set by a doubling word
    factor: float | None = None  # a multiplier merged into this amount
    spans: list[tuple[int, int]] = field(default_factory=list)


def _parse_number(s: str) -> float | None:
    s = "".join(c for c in s if c not in _SPACES)
    dots, commas = s.count("."), s.count(",")
    if dots and commas:  # the last separator is the decimal one: '1,234.5', '1.234,5'
        dec = max(s.rfind("."), s.rfind(","))
        s = s[:dec].replace(".", "").replace(",", "") + "." + s[dec + 1:]
    elif dots + commas > 1:  # '1.234.567': thousands
        s = s.replace(".", "").replace(",", "")
    elif dots + commas == 1:
        sep = "." if dots else ","
        before, after = s.split(sep)
        # '1.500 ton' and '1,500 million' are thousands, '1,5 milyard' and '$1.25 billion'
        # decimals: three digits after one separator are thousands in every language here (a
        # decimal with exactly three places is rare in news copy).
        s = before + after if len(after) == 3 else before + "." + after
    try:
        return float(s)
    except ValueError:
        return None


def _quantity(g: _Grammar, f: str, m: re.Match[str]) -> _Quantity | None:  # noqa: C901
    """The quantity an anchor starts: its scale, unit and qualifiers, or None."""
    start, pos = m.span()
    kind = "num" if m.lastgroup == "num" else g.anchor_kinds.ident(m.group())
    if kind == "num" and not _free(f, start):
        return None
    if kind == "dbl":
        if g.doubling_stop.match(f, pos):
            return None
        times = next((u for u in g.unit_info if u.needs_change), None)
        return _Quantity(start, pos, 2.0, times, change="double")
    if kind == "mult":  # 'fivefold', 'пятикратно': a multiplier that needs a change word
        times = next((u for u in g.unit_info if u.needs_change), None)
        return _Quantity(start, pos, g.multipliers.get(_f(m.group()), 0.0), times)
    qualifier = None
    # Attached first: '15%', '5-fold', '5km', '$2bn'; else an ordinal or a case ending.
    unit = g.units.match(f, pos)
    scale = None if unit else g.scales.match(f, pos)
    if unit or scale:
        pos = (unit or scale).end()  # type: ignore[union-attr]
    else:
        suffix = _SUFFIX.match(f, pos)
        if suffix:
            if suffix.group(1) in g.ordinals:
                return None
            pos = suffix.end()
        elif _LETTERS.match(f, pos):
            return None  # '2nd', '5G': an ordinal or a code
    if not unit:
        at = _WS.match(f, pos).end()
        if not scale:
            qual = g.qual_after.match(f, at)  # '100-dən artıq sənəd'
            if qual:
                qualifier = g.qual_after_ids[int(qual.lastgroup[1:])]
                pos = qual.end()
                at = _WS.match(f, pos).end()
            scale = g.scales_loose.match(f, at)
            if scale:
                pos = scale.end()
        if scale:
            at = _WS.match(f, pos + (f[pos:pos + 1] == ".")).end()  # 'млрд. долларов'
        unit = g.units.match(f, at)
        if not unit and kind == "num" and not scale:
            unit = _gap_unit(g, f, at)
        if unit:
            pos = unit.end()
    if qualifier is None:  # '2 milyard dollara yaxın', '100 milyondan çox'
        qual = g.qual_after.match(f, _WS.match(f, pos).end())
        if qual and (unit or scale):
            qualifier = g.qual_after_ids[int(qual.lastgroup[1:])]
            pos = qual.end()
    info = g.unit_info[int(unit.lastgroup[1:])] if unit else None
    # In front: a currency or percent sign ('$1 billion', 'yüzde 15'), then a qualifier.
    before = g.units_before.search(f, max(0, start - _LOOK_BACK), start)
    if before:
        front = g.units_before_info[int(before.lastgroup[1:])]
        if info is None or info == front:
            info, start = front, before.start()
    if info is None and scale is None:
        return None  # a bare number: a count of nothing named, a time, a house number
    if qualifier is None:
        qual = g.qual_before.search(f, max(0, start - _LOOK_BACK), start)
        if qual:
            qualifier = g.qual_before_ids[int(qual.lastgroup[1:])]
            start = qual.start()
    if kind == "word":
        word = " ".join(m.group().split())
        if word in g.needs_scale and not scale:
            return None
        value: float | None = g.number_words.get(word)
    else:
        value = _parse_number(m.group())
    if value is None or (info is None and scale is None):
        return None
    if scale is not None:
        value *= g.scale_values[int(scale.lastgroup[1:])]
    return _Quantity(start, pos, value, info, scaled=scale is not None, qualifier=qualifier)


def _free(f: str, start: int) -> bool:
    """Whether a number at `start` stands on its own (see _NUMBER)."""
    if start == 0:
        return True
    prev = f[start - 1]
    if prev.isalnum() or prev in _NOT_BEFORE_NUMBER:
        return False
    return not (prev in _SPACES and start > 1 and f[start - 2].isdigit())


def _gap_unit(g: _Grammar, f: str, at: int) -> re.Match[str] | None:
    """A counted unit after a few words: '6 hökumətlərarası sənəd', '15 intergovernmental
    documents'. Only units that allow it, and only after digits (a number word before a noun
    is 'iki ölkə arasında', the two countries)."""
    pos = at
    for words in range(1, g.max_gap + 1):
        word = _WORD.match(f, pos)
        if not word:
            return None
        pos = _WS.match(f, word.end()).end()
        if pos == word.end():
            return None  # punctuation after the word: the phrase has ended
        unit = g.units.match(f, pos)
        if unit:
            return unit if g.unit_info[int(unit.lastgroup[1:])].gap >= words else None
    return None


# ---------------------------------------------------------------------------------------------
# Sentences


@dataclass
class _Clause:
    start: int
    end: int
    quantities: list[_Quantity] = field(default_factory=list)


def _clauses(f: str, start: int, end: int) -> list[_Clause]:
    out, at = [], start
    for m in _CLAUSE.finditer(f, start, end):
        out.append(_Clause(at, m.start()))
        at = m.end()
    out.append(_Clause(at, end))
    return out


def _promise(g: _Grammar, text: str, f: str, start: int, end: int) -> tuple[bool, bool]:
    """(strong, weak): a promise word or future ending in the span; a future participle."""
    strong = g.promise_words.search(f, start, end) is not None
    weak = False
    if strong or not (g.endings or g.weak_endings):
        return strong, weak
    for w in _WORD.finditer(f, start, end):
        # Endings only on lower-case words: a capitalised 'Нұрбек' is a name, not a verb.
        if text[w.start()].isupper():
            continue
        word = w.group()
        if g.endings and word.endswith(g.endings) and _stem_ok(word, g.endings) \
                and not g.not_promise.match(word):
            return True, weak
        if g.weak_endings and word.endswith(g.weak_endings) \
                and _stem_ok(word, g.weak_endings) and not g.not_promise.match(word):
            weak = True
    return strong, weak


def _stem_ok(word: str, endings: tuple[str, ...]) -> bool:
    return any(word.endswith(e) and len(word) - len(e) >= _MIN_STEM for e in endings)


def _nearest(hits: list[tuple[int, int, str]], q: _Quantity, lo: int, hi: int,
             skip: frozenset[str] = frozenset()) -> str | None:
    """The hit nearest before the quantity within [lo, hi), else the nearest after it."""
    before = [h for h in hits if lo <= h[0] and h[1] <= q.start and h[2] not in skip]
    if before:
        return before[-1][2]
    after = [h for h in hits if q.end <= h[0] and h[1] <= hi and h[2] not in skip]
    return after[0][2] if after else None


def _date_info(g: _Grammar, f: str, dates: list[Mention]) -> list[tuple[Mention, str]]:
    """Each date of a sentence with its role: 'since', 'deadline' or 'date'."""
    out = []
    for m in dates:
        if m.meta.get("since"):
            role = "since"
        elif g.deadline_before.search(f, max(0, m.start - _LOOK_BACK), m.start) or \
                g.deadline_after.match(f, m.end) or \
                _f(m.text).endswith(g.deadline_suffixes):
            role = "deadline"
        else:
            role = "date"
        out.append((m, role))
    return out


def _iso(m: Mention) -> str | None:
    """A date's value; a range ('January-September 2024') as the precision both ends share."""
    value, end = m.value, m.meta.get("end")
    if not value or not end or not isinstance(end, str):
        return value
    parts = []
    for a, b in zip(value.split("-"), end.split("-"), strict=False):
        if a != b:
            break
        parts.append(a)
    return "-".join(parts) or value


def _year(value: str | None) -> int | None:
    return int(value[:4]) if value and value[:4].isdigit() else None


# ---------------------------------------------------------------------------------------------
# API


def find_figures(text: str, sentences: list[Sentence], mentions: list[Mention],
                 published: str | None = None, uri: str = "",
                 lang: str | None = None) -> list[Figure]:
    """Figures and pledges of one document, in text order. `sentences` come from
    split_sentences(text), `mentions` are the document's mentions (entities and dates)."""
    if not isinstance(text, str) or not text:
        return []
    g = _grammar(_lang_key(lang))
    f = _fold(text)
    if not sentences:
        sentences = split_sentences(text)
    sentences = [s for s in sentences if 0 <= s.start < s.end <= len(text)]
    starts = [s.start for s in sentences]
    # Two scans of the whole text say which sentences need a closer look: those with a number
    # (or number word) and those with a project noun.
    by_sentence: dict[int, tuple[list[re.Match[str]], list[int]]] = {}
    for m in g.anchors.finditer(f):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and m.end() <= sentences[i].end:
            by_sentence.setdefault(i, ([], []))[0].append(m)
    for m in g.project_gate.finditer(f):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and m.end() <= sentences[i].end:
            by_sentence.setdefault(i, ([], []))[1].append(m.start())
    if not by_sentence:
        return []
    mentions = sorted((m for m in mentions or [] if isinstance(m, Mention)),
                      key=lambda m: m.start)
    have_dates = any(m.kind == "date" for m in mentions)
    mention_starts = [m.start for m in mentions]
    out: list[Figure] = []
    for i in sorted(by_sentence):
        s = sentences[i]
        lo = bisect.bisect_left(mention_starts, s.start)
        hi = bisect.bisect_left(mention_starts, s.end)
        local = [m for m in mentions[lo:hi] if m.end <= s.end]
        if not have_dates:
            local += _dates_of(s, published, lang)
        anchors, projects = by_sentence[i]
        out += _sentence(g, text, f, s, anchors, projects, local, published, uri, lang)
    return out


def _dates_of(s: Sentence, published: str | None, lang: str | None) -> list[Mention]:
    """Dates of one sentence when the caller passed none: years must not become figures and
    deadlines must be found even then."""
    from bilateral.extract.dates import find_dates

    return [Mention(m.kind, m.text, m.start + s.start, m.end + s.start, m.value, m.entity,
                    m.meta) for m in find_dates(s.text, published, lang)]


def _sentence(g: _Grammar, text: str, f: str, s: Sentence,  # noqa: C901
              anchors: list[re.Match[str]], projects: list[int], mentions: list[Mention],
              published: str | None, uri: str, lang: str | None) -> list[Figure]:
    dates = [m for m in mentions if m.kind == "date"]
    date_starts = [d.start for d in dates]  # sorted, and dates do not overlap
    quantities = []
    for a in anchors:
        j = bisect.bisect_left(date_starts, a.end()) - 1
        if j >= 0 and dates[j].end > a.start():
            continue  # a year or a date, not an amount
        q = _quantity(g, f, a)
        if q is not None and q.start >= s.start and q.end <= s.end:
            q.spans = [(q.start, q.end)]
            quantities.append(q)
    if not quantities and not projects:
        return []
    clauses = _clauses(f, s.start, s.end)
    clause_starts = [c.start for c in clauses]
    for q in quantities:
        clauses[max(0, bisect.bisect_right(clause_starts, q.start) - 1)].quantities.append(q)
    subjects = [(m.start(), m.end(), g.subjects.ident(m.group()) or "other")
                for m in g.subjects.pattern.finditer(f, s.start, s.end)]
    changes = [(m.start(), m.end(), g.change.ident(m.group()) or "increase")
               for m in g.change.pattern.finditer(f, s.start, s.end)
               if not any(q.start <= m.start() < q.end for q in quantities)]
    date_roles = _date_info(g, f, dates)
    evidence = Evidence(uri, lang, s.text, s.start, s.end)
    out: list[Figure] = []
    for ci, clause in enumerate(clauses):
        if not clause.quantities and not any(clause.start <= p < clause.end for p in projects):
            continue
        strong, weak = _promise(g, text, f, clause.start, clause.end)
        if not strong and ci > 0:
            prev = clauses[ci - 1]
            last = _WORD.findall(f, prev.start, prev.end)[-1:]
            if last and last[0] in g.complementisers:
                strong = _promise(g, text, f, prev.start, prev.end)[0]
        made = _clause_figures(g, text, clause, subjects, changes, s)
        for q, subject, change in made:
            kind = "pledge" if strong else "figure"
            meta: dict[str, Any] = {}
            if change:
                meta["change"] = change
            if q.factor is not None and change != "double":
                meta["factor"] = q.factor
            if q.qualifier:
                meta["qualifier"] = q.qualifier
            date, deadline, since = _dates_for(date_roles, clause, kind, published)
            if since:
                meta["since"] = since
            start, end = min(a for a, _ in q.spans), max(b for _, b in q.spans)
            out.append(Figure(kind, subject, q.value, q.unit.unit if q.unit else None,
                              text[start:end], start, end, evidence, date, deadline,
                              _countries(mentions, q.spans), meta))
        if not made and (strong or weak):
            project = _project(g, f, clause)
            if project:
                start, end = clause.start, clause.end
                while end > start and (text[end - 1] in _TRAILING or text[end - 1].isspace()):
                    end -= 1
                date, deadline, _ = _dates_for(date_roles, clause, "pledge", published)
                out.append(Figure("pledge", project, None, None, text[start:end], start, end,
                                  evidence, date, deadline, _countries(mentions, []), {}))
    return out


def _clause_figures(g: _Grammar, text: str, clause: _Clause,  # noqa: C901
                    subjects: list[tuple[int, int, str]],
                    changes: list[tuple[int, int, str]],
                    s: Sentence) -> list[tuple[_Quantity, str, str | None]]:
    """The quantities of a clause that are figures, with subject and change: multipliers
    merged into the amount they lead to, amounts with a scale but no unit kept only when the
    sentence says what they measure."""
    qs = clause.quantities
    if not qs:
        return []
    change_hits = [c for c in changes if clause.start <= c[0] and c[1] <= clause.end]

    def change_of(q: _Quantity) -> str | None:
        if q.change:
            return q.change
        if not change_hits:
            return None
        return min(change_hits, key=lambda c: abs(c[0] - q.start))[2]

    amounts = [q for q in qs if not (q.unit and q.unit.needs_change)]
    out: list[tuple[_Quantity, str, str | None]] = []
    for m in [q for q in qs if q.unit and q.unit.needs_change]:
        change = change_of(m)
        if change is None:
            continue  # 'sonuncu dəfə', 'три раза встречались': an occasion, not a change
        # The amount the multiplier leads to: 'iki dəfə artırılaraq 1 milyard dollara'.
        targets = [a for a in amounts if a.unit is None or a.unit.unit != "percent"]
        target = min(targets, key=lambda a: (a.start < m.start, abs(a.start - m.start)),
                     default=None)
        if target is not None:
            target.factor = m.value
            target.change = "double" if m.value == 2 and change in ("increase", "double") \
                else change
            target.spans.append((m.start, m.end))
            continue
        if m.value == 2 and change == "increase":
            change = "double"
        subject = _subject(g, m, subjects, clause, s)
        out.append((m, subject or "other", change))
    for a in amounts:
        subject = _subject(g, a, subjects, clause, s)
        if a.unit is None and subject is None:
            continue  # '5 min' with nothing measured: not enough to report
        out.append((a, subject or "other", change_of(a)))
    out.sort(key=lambda t: min(x for x, _ in t[0].spans))
    return out


def _subject(g: _Grammar, q: _Quantity, subjects: list[tuple[int, int, str]],
             clause: _Clause, s: Sentence) -> str | None:
    if q.unit and q.unit.subject:
        return q.unit.subject
    # Money and percentages are never 'of documents' or 'of companies': skip counted subjects.
    skip = g.count_subjects if q.unit is None or q.unit.subject is None else frozenset()
    return _nearest(subjects, q, clause.start, clause.end, skip) or \
        _nearest(subjects, q, s.start, s.end, skip)


def _dates_for(roles: list[tuple[Mention, str]], clause: _Clause, kind: str,
               published: str | None) -> tuple[str | None, str | None, str | None]:
    """(date, deadline, since) of a figure from the dates of its sentence, its clause first."""
    def pick(role: str) -> Mention | None:
        inside = [m for m, r in roles if r == role and clause.start <= m.start < clause.end]
        anywhere = [m for m, r in roles if r == role]
        return (inside or anywhere or [None])[0]

    since = pick("since")
    deadline = pick("deadline") if kind == "pledge" else None
    date = pick("date")
    if kind == "pledge" and deadline is None and date is not None:
        # 'в 2030 году товарооборот составит...': a year after publication is a deadline.
        year, now = _year(date.value), _year(published)
        if year and now and year > now and clause.start <= date.start < clause.end:
            deadline, date = date, None
    return (_iso(date) if date else None, _iso(deadline) if deadline else None,
            since.value if since else None)


def _countries(mentions: list[Mention], spans: list[tuple[int, int]]) -> tuple[str, ...]:
    """Countries the sentence names, in order; not those inside the figure's own words ('ABŞ
    dolları', 'долларов США' name a currency, not a party)."""
    seen: list[str] = []
    for m in mentions:
        if any(a < m.end and m.start < b for a, b in spans):
            continue
        country = None
        if m.kind in _COUNTRY_KINDS and m.entity is not None:
            country = m.entity.country
        elif m.kind == "role":
            country = m.meta.get("country")
        if isinstance(country, str) and country and country not in seen:
            seen.append(country)
    return tuple(seen)


def _project(g: _Grammar, f: str, clause: _Clause) -> str | None:
    for pid, groups in g.projects:
        if groups and all(p.search(f, clause.start, clause.end) for p in groups):
            return pid
    return None
