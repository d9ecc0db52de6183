"""Date mentions in Azerbaijani, Kazakh (Cyrillic and Latin), Russian, Turkish and English.

`find_dates(text, published, lang)` returns `Mention(kind='date')` spans with an ISO value at
the precision the text gives ('2024', '2024-03', '2024-03-11'), ranges ('end'), open ranges
('since'), and year-less or relative forms resolved against the nearest explicit year of the
same passage or against the publication date, or left partial ('--09-16') when nothing
anchors them.

A small grammar of our own does the work: the press writes '2022-ci il avqustun 24-də',
'2023 жылғы 10 сәуірде' or "21 Ağustos 2015'te", which dateparser does not read, and a
grammar is far faster (benchmarks/DATES.md has the measurement that ruled dateparser out).
Words live in data/lexicon/months.yaml and dates.yaml; this module only composes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from bilateral.datafiles import load_yaml
from bilateral.model import Mention
from bilateral.textutil import fold_aligned

_fold = fold_aligned


# ---------------------------------------------------------------------------------------------
# Lexicon


@dataclass(frozen=True)
class _Lexicon:
    months: dict[str, dict[int, list[str]]]  # table -> month -> folded forms ('*' = stem)
    year_words: dict[str, list[str]]
    month_words: dict[str, list[str]]
    day_words: dict[str, list[str]]
    rel_before: dict[str, dict[str, int]]  # table -> folded phrase -> year offset
    rel_after: dict[str, dict[str, int]]
    rel_days: dict[str, dict[str, int]]
    since_before: dict[str, list[str]]
    since_after: dict[str, list[str]]
    range_open: list[str]
    range_close: list[str]
    year_preps: frozenset[str]
    conjunctions: frozenset[str]
    units: list[str]
    month_locative: frozenset[str]
    months_for_lang: dict[str, list[str]]
    capitalised_in_en: frozenset[str]


def _read_yaml(name: str) -> Any:
    path = resources.files("bilateral") / "data" / "lexicon" / name
    return load_yaml(path.read_text("utf-8"))


def _f(form: Any) -> str:
    return " ".join(_fold(str(form)).split())


def _flat(table: dict[str, list[Any]] | None) -> dict[str, list[str]]:
    return {key: [_f(x) for x in forms or []] for key, forms in (table or {}).items()}


def _offsets(table: dict[Any, list[Any]] | None) -> dict[str, int]:
    return {_f(form): int(offset) for offset, forms in (table or {}).items() for form in forms}


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    months_raw = _read_yaml("months.yaml")
    data = _read_yaml("dates.yaml")
    rel_years = data.get("relative_years") or {}
    return _Lexicon(
        months={table: {int(m): [_f(x) for x in forms] for m, forms in rows.items()}
                for table, rows in months_raw.items()},
        year_words=_flat(data.get("year_words")),
        month_words=_flat(data.get("month_words")),
        day_words=_flat(data.get("day_words")),
        rel_before={t: _offsets(v.get("before")) for t, v in rel_years.items()},
        rel_after={t: _offsets(v.get("after")) for t, v in rel_years.items()},
        rel_days={t: _offsets(v) for t, v in (data.get("relative_days") or {}).items()},
        since_before=_flat(data.get("since_before")),
        since_after=_flat(data.get("since_after")),
        range_open=[_f(x) for x in data["range_words"]["open"]],
        range_close=[_f(x) for x in data["range_words"]["close"]],
        year_preps=frozenset(_f(x) for forms in data["year_prepositions"].values()
                             for x in forms),
        conjunctions=frozenset(_f(x) for x in data.get("conjunctions") or []),
        units=[_f(x) for x in data.get("units") or []],
        month_locative=frozenset(_f(x) for x in data.get("month_locative") or []),
        months_for_lang={k: list(v) for k, v in (data.get("months_for_lang") or {}).items()},
        capitalised_in_en=frozenset(_f(x) for x in data.get("capitalised_in_en") or []),
    )


def _alt(forms: list[str] | set[str]) -> str:
    """A regex alternation of folded forms: 'stem*' takes any ending, words split on spaces
    match any run of spaces. Longest first so that 'bu ilin' is tried before 'bu il'."""
    pieces = []
    for form in sorted(set(forms), key=len, reverse=True):
        stem = form.endswith("*")
        words = (form[:-1] if stem else form).split()
        if not words:
            continue
        pieces.append(r"\s+".join(map(re.escape, words)) + (r"\w*" if stem else ""))
    return "(?:" + "|".join(pieces) + ")" if pieces else "(?!)"


def _tables(table: dict[str, Any], lang: str | None) -> list[Any]:
    """The values of a per-language table for a hint: 'kk' reads kk_cyrl and kk_latn."""
    if lang:
        chosen = [v for k, v in table.items() if k == lang or k.startswith(lang + "_")]
        if chosen:
            return chosen
    return list(table.values())


# ---------------------------------------------------------------------------------------------
# Grammar

_L = r"(?<!\w)"
_R = r"(?!\w)"
# A case ending written after a hyphen or apostrophe: '24-də', '2004-cü', "2015'te", '11-го'.
_SUF = r"(?:[-'’ʼ][^\W\d_]{1,9})?"
_ORD = r"(?:st|nd|rd|th)?"
_DAY_N = r"(?:[12]\d|3[01]|0?[1-9])"
_YEAR_N = r"(?:1[89]\d\d|20\d\d)"
# Not after a digit group ('2 000', phone numbers) nor inside a word ('COP29') or a number.
_NUM_L = r"(?<![\w.,/:])(?<!\d\s)"
_NUM_R = r"(?!\d)(?![.,:/]\d)(?!\s\d{3}(?!\d))"


@dataclass(frozen=True)
class _Grammar:
    patterns: dict[str, tuple[tuple[str, re.Pattern[str]], ...]]
    month_prefixes: frozenset[str]  # first three letters of every month form
    rel_first: frozenset[str]  # first word of every relative-year phrase
    day_words: frozenset[str]  # relative day words
    month_exact: dict[str, int]
    month_stems: tuple[tuple[str, int], ...]
    rel_years: dict[str, int]
    rel_days: dict[str, int]
    since_before: re.Pattern[str]
    since_after: re.Pattern[str]
    range_open: re.Pattern[str]
    range_close: re.Pattern[str]
    unit_after: re.Pattern[str]
    prev_word: re.Pattern[str]
    # word -> the kinds of date it can open (see _anchors); filled as words are met.
    anchor_kinds: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)


def _norm_lang(lang: str | None) -> str | None:
    if not lang or not isinstance(lang, str):
        return None
    return re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0] or None


@lru_cache(maxsize=16)
def _grammar(lang: str | None) -> _Grammar:
    lex = _lexicon()
    tables = lex.months_for_lang.get(lang or "", list(lex.months))
    month_exact: dict[str, int] = {}
    stems: dict[str, int] = {}
    for table in tables:
        for month, forms in lex.months.get(table, {}).items():
            for form in forms:
                if form.endswith("*"):
                    stems.setdefault(form[:-1], month)
                else:
                    month_exact.setdefault(form, month)
    month_forms = [s + "*" for s in stems] + list(month_exact)

    def words(table: dict[str, list[str]]) -> list[str]:
        return [w for forms in _tables(table, lang) for w in forms]

    rel_before = {k: v for t in _tables(lex.rel_before, lang) for k, v in t.items()}
    rel_after = {k: v for t in _tables(lex.rel_after, lang) for k, v in t.items()}
    rel_days = {k: v for t in _tables(lex.rel_days, lang) for k, v in t.items()}

    suf_year = _NUM_L + r"(?P<y>" + _YEAR_N + r")" + _NUM_R + r"(?P<ysuf>" + _SUF + r")"
    year_word = r"(?P<yw>\s+" + _alt(words(lex.year_words)) + _R + r")?"
    year = suf_year + year_word
    mon = (_L + r"(?P<mon>" + _alt(month_forms) + r")" + _R + _SUF
           + r"(?:\s+" + _alt(words(lex.month_words)) + _R + r")?")
    day = (_NUM_L + r"(?P<d>" + _DAY_N + r")(?:\s?[-–—]\s?(?P<d2>" + _DAY_N + r"))?"
           + _NUM_R + _ORD + _SUF)
    day_word = r"(?:\s+" + _alt(words(lex.day_words)) + _R + r")?"
    before = _L + r"(?P<rel>" + _alt(list(rel_before)) + r")" + _R + r"\s+"
    filler = r"(?:(?:on|in|в|во|the)\s+)?"
    after = r"\s+(?P<rel>" + _alt(list(rel_after)) + r")" + _R
    dm = day + r"\s+" + mon + day_word
    md = mon + r"\s+" + day + day_word
    # Each pattern is tried only where its first token is: a number ('d'), a month name ('m'),
    # the first word of a relative phrase ('r') or a relative day word ('x'). Scanning the
    # whole text with twenty regexes took 30 ms per 5,000 words; this takes a few.
    specs = [
        ("y", "iso", _NUM_L + r"(?P<y>" + _YEAR_N + r")-(?P<m>0[1-9]|1[0-2])"
         r"-(?P<d>0[1-9]|[12]\d|3[01])(?!\d)(?:T\d\d:\d\d(?::\d\d)?)?"),
        ("d", "num", r"(?<![\w.,:/-])(?<!\d\s)(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)"
         r"(?P<y>" + _YEAR_N + r")(?!\d)(?![.,/-]\d)(?P<ysuf>" + _SUF + r")" + year_word),
        ("y", "full", year + r"\s+" + mon + r"\s+" + day + day_word),
        ("y", "full", year + r"\s+" + day + r"\s+" + mon + day_word),
        ("d", "full", day + r"\s+" + mon + r"[\s,]+" + year),
        ("m", "full", mon + r"\s+" + day + r",?\s+" + year),
        ("y", "ym", year + r"\s+" + mon),
        ("m", "ym", mon + r",?\s+" + year),
        ("d", "md", dm),
        ("m", "md", md),
        ("y", "yr", suf_year.replace("(?P<ysuf>", "(?P<ysuf0>") + r"\s?[-–—]\s?(?P<y2>"
         + _YEAR_N + r")(?!\d)(?P<ysuf>" + _SUF + r")" + year_word),
        ("y", "y", year),
        ("m", "m", mon),
        ("r", "rel", before + filler + dm),
        ("r", "rel", before + filler + md),
        ("r", "rel", before + filler + mon),
        ("d", "rel", dm + after),
        ("m", "rel", md + after),
        ("m", "rel", mon + after),
        ("r", "rely", _L + r"(?P<rel>" + _alt(list(rel_before) + list(rel_after)) + r")" + _R),
        ("x", "reld", _L + r"(?P<reld>" + _alt(list(rel_days)) + r")" + _R),
    ]
    by_anchor: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for anchor, kind, pattern in specs:
        by_anchor.setdefault(anchor, []).append((kind, re.compile(pattern)))
    rel_words = list(rel_before) + list(rel_after)
    return _Grammar(
        patterns={k: tuple(v) for k, v in by_anchor.items()},
        month_prefixes=frozenset(form[:3] for form in month_forms),
        rel_first=frozenset(w.split()[0] for w in rel_words),
        day_words=frozenset(w.split()[0] for w in rel_days),
        month_exact=month_exact,
        month_stems=tuple(sorted(stems.items(), key=lambda s: len(s[0]), reverse=True)),
        rel_years={**rel_before, **rel_after},
        rel_days=rel_days,
        since_before=re.compile(_L + _alt(words(lex.since_before)) + r"\s+\Z"),
        since_after=re.compile(r"\s*" + _alt(words(lex.since_after)) + _R),
        range_open=re.compile(_L + _alt(lex.range_open) + r"\s+\Z"),
        range_close=re.compile(r"\s+" + _alt(lex.range_close) + r"\s+\Z"),
        unit_after=re.compile(r"\s*(?:%|" + _alt(lex.units) + _R + ")"),
        prev_word=re.compile(r"(\w+)\s+\Z"),
    )


# ---------------------------------------------------------------------------------------------
# Candidates


@dataclass
class _Cand:
    start: int
    end: int
    kind: str
    y: int | None = None
    m: int | None = None
    d: int | None = None
    y2: int | None = None
    d2: int | None = None
    rel_years: int | None = None
    rel_days: int | None = None


def _month(g: _Grammar, form: str) -> int | None:
    if form in g.month_exact:
        return g.month_exact[form]
    for stem, month in g.month_stems:
        if form.startswith(stem):
            return month
    return None


def _valid(y: int | None, m: int | None, d: int | None) -> bool:
    if m is None:
        return True
    if not 1 <= m <= 12:
        return False
    if d is None:
        return True
    try:
        date(y if y is not None else 2000, m, d)  # 2000 is a leap year: '--02-29' is fine
    except ValueError:
        return False
    return True


def _candidate(kind: str, match: re.Match[str], g: _Grammar, f: str, text: str,
               lang: str | None) -> _Cand | None:
    gd = match.groupdict()
    start, end = match.span()
    c = _Cand(start, end, kind)
    if gd.get("y"):
        c.y = int(gd["y"])
    if gd.get("y2"):
        c.y2 = int(gd["y2"])
        if not (c.y or 0) < c.y2 <= (c.y or 0) + 100:
            return None
    if gd.get("d"):
        c.d = int(gd["d"])
    if gd.get("d2"):
        c.d2 = int(gd["d2"])
        if c.d2 <= (c.d or 0):
            return None
    if gd.get("m"):
        c.m = int(gd["m"])
    if kind == "num":
        a, b = int(gd["a"]), int(gd["b"])
        # Day first everywhere in this press; month first only when the day cannot be first
        # ('03/14/2024' in English copy).
        c.d, c.m = (b, a) if a <= 12 < b and gd["sep"] == "/" else (a, b)
    if gd.get("mon"):
        mon_form = gd["mon"]
        c.m = _month(g, mon_form)
        if c.m is None:
            return None
        if lang == "en" and mon_form in _lexicon().capitalised_in_en:
            if not text[match.start("mon")].isupper():
                return None
    if gd.get("rel"):
        c.rel_years = g.rel_years.get(" ".join(gd["rel"].split()))
        if c.rel_years is None:
            return None
    if gd.get("reld"):
        c.rel_days = g.rel_days.get(" ".join(gd["reld"].split()))
        if c.rel_days is None:
            return None
    if not _valid(c.y, c.m, c.d) or (c.d2 is not None and not _valid(c.y, c.m, c.d2)):
        return None
    if kind in ("y", "yr") and not _year_in_context(gd, match, g, f):
        return None
    if kind == "m" and not _month_in_context(match, g, f):
        return None
    if kind in ("md", "rel") and g.unit_after.match(f, end):  # 'may 5 times', 'mart 3 ton'
        return None
    return c


def _prev_word(g: _Grammar, f: str, pos: int) -> str | None:
    m = g.prev_word.search(f, max(0, pos - 30), pos)
    return m.group(1) if m else None


def _year_in_context(gd: dict[str, Any], match: re.Match[str], g: _Grammar, f: str) -> bool:
    """A bare four-digit number is a year only when something says so: a year word
    ('2020 жылы'), a preposition ('in 2020', 'с 2020'), a case ending ('2004-cü', "2015'te"),
    or 'since' after it ('2020-dən bəri'); and never when an amount's unit follows it."""
    if gd.get("yw"):
        return True
    if g.unit_after.match(f, match.end()):
        return False
    if gd.get("ysuf") or gd.get("y2"):  # '2004-cü', '2020–2024'
        return True
        return True
    prev = _prev_word(g, f, match.start())
    if prev in _lexicon().year_preps or prev in _lexicon().conjunctions:
        return True
    return bool(g.since_after.match(f, match.end()))


def _month_in_context(match: re.Match[str], g: _Grammar, f: str) -> bool:
    """A month name alone is a date with 'ay' after it ('mart ayında'), a preposition before
    it ('in March', 'в марте') or a locative ending ('martda', 'наурызда', "Mart'ta"); a
    hyphen alone is not enough ('Kasım-Jomart' is a name)."""
    form = match.group("mon")
    tail = f[match.end("mon"):match.end()]
    if tail.split() and not tail.lstrip("-'’ʼ").isalpha():  # a 'month' word followed
        return True
    if _prev_word(g, f, match.start()) in _lexicon().year_preps:
        return True
    locative = _lexicon().month_locative
    if tail and tail.lstrip("-'’ʼ") in locative and tail[0] != "-":
        return True
    for stem, _ in g.month_stems:
        if form.startswith(stem):
            return form[len(stem):] in locative
    return False


_TOKEN = re.compile(r"\d+|[^\W\d_]+")
_MAX_CACHED_WORDS = 1 << 16


def _anchors(f: str, g: _Grammar) -> list[tuple[str, int]]:
    """Where a date can start: numbers, month names, relative words."""
    out: list[tuple[str, int]] = []
    # What a word can open depends on the word alone: judged once per word and grammar.
    known = g.anchor_kinds
    for token in _TOKEN.finditer(f):
        word = token.group()
        kinds = known.get(word)
        if kinds is None:
            if len(known) >= _MAX_CACHED_WORDS:  # bounded over a long ingest
                known.clear()
            kinds = known[word] = _anchor_kinds(word, g)
        for kind in kinds:
            out.append((kind, token.start()))
    return out


def _anchor_kinds(word: str, g: _Grammar) -> tuple[str, ...]:
    if word[0].isdigit():
        # A day opens day-first patterns, a year year-first ones; other numbers nothing.
        if len(word) <= 2:
            return ("d",)
        if len(word) == 4 and word[:2] in ("18", "19", "20"):
            return ("y",)
        return ()
    kinds = ("m",) if word[:3] in g.month_prefixes else ()
    if word in g.rel_first:
        kinds += ("r",)
    if word in g.day_words:
        kinds += ("x",)
    return kinds


def _candidates(f: str, text: str, g: _Grammar, lang: str | None) -> list[_Cand]:
    found: list[_Cand] = []
    for anchor, pos in _anchors(f, g):
        for kind, pattern in g.patterns.get(anchor, ()):
            match = pattern.match(f, pos)
            if match is not None:
                c = _candidate(kind, match, g, f, text, lang)
                if c is not None:
                    found.append(c)
    # Leftmost, then longest: '2022-ci il avqustun 24-də' beats '2022-ci il' inside it, and in
    # '1 mart 2004-cü ildə, 19 oktyabr 1994-cü ilə' the year closes the date before it rather
    # than opening the one after it.
    found.sort(key=lambda c: (c.start, c.start - c.end))
    taken: list[_Cand] = []
    reach = -1
    for c in found:  # sorted by start: a candidate overlaps only if it starts before `reach`
        if c.start < reach:
            continue
        taken.append(c)
        reach = c.end
    return taken


# ---------------------------------------------------------------------------------------------
# Values


def _iso(y: int | None, m: int | None = None, d: int | None = None) -> str | None:
    if y is None:
        if m is None:
            return None
        return f"--{m:02d}" + (f"-{d:02d}" if d is not None else "")
    out = f"{y:04d}"
    if m is not None:
        out += f"-{m:02d}"
        if d is not None:
            out += f"-{d:02d}"
    return out


def _published(published: str | None) -> tuple[date | None, int | None]:
    """The publication day (when the string gives one) and year, or Nones for anything else."""
    if not isinstance(published, str):
        return None, None
    m = re.match(r"\s*(\d{4})(?:-(\d{2})-(\d{2}))?", published)
    if not m:
        return None, None
    year = int(m.group(1))
    if m.group(2):
        try:
            return date(year, int(m.group(2)), int(m.group(3))), year
        except ValueError:
            return None, year
    return None, year


def _nearest_year(month: int, day: int | None, pub: date) -> int:
    """The year that puts a year-less 'on March 11' closest to the publication day: a page
    from early January saying 'December 28' means the December just past."""
    best, best_gap = pub.year, None
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            when = date(year, month, day or 15)
        except ValueError:
            continue
        gap = abs((when - pub).days)
        if best_gap is None or gap < best_gap:
            best, best_gap = year, gap
    return best


def _meta(relative: bool = False, anchor: str | None = None, anchor_kind: str | None = None,
          end: str | None = None, since: bool = False, **extra: Any) -> dict[str, Any]:
    return {"relative": relative, "anchor": anchor, "anchor_kind": anchor_kind, "end": end,
            "since": since, **extra}


def _shift(n: int, unit: str) -> str:
    return f"{n:+d}{unit}"


def _resolve(c: _Cand, pub_day: date | None, pub_year: int | None, pub_iso: str | None,
             passage_year: int | None) -> tuple[str | None, dict[str, Any]]:
    if c.kind == "reld":
        assert c.rel_days is not None
        extra = {"shift": _shift(c.rel_days, "D")}
        if pub_day is None:
            return None, _meta(True, **extra)
        when = pub_day + timedelta(days=c.rel_days)
        return when.isoformat(), _meta(True, pub_iso, "published", **extra)
    if c.rel_years is not None:
        extra = {"shift": _shift(c.rel_years, "Y")}
        if pub_year is None:
            value = _iso(None, c.m, c.d)
            end = _iso(None, c.m, c.d2) if c.d2 else None
            return value, _meta(True, end=end, **extra)
        year = pub_year + c.rel_years
        end = _iso(year, c.m, c.d2) if c.d2 else None
        return _iso(year, c.m, c.d), _meta(True, pub_iso, "published", end, **extra)
    if c.y is not None:  # the text states the year
        end = _iso(c.y2, None) if c.y2 else (_iso(c.y, c.m, c.d2) if c.d2 else None)
        return _iso(c.y, c.m, c.d), _meta(end=end)
    # Month and day, or month alone, with no year: the passage's year, else the publication's.
    if passage_year is not None:
        year: int | None = passage_year
        meta = _meta(True, str(passage_year), "passage")
    elif pub_day is not None and c.m is not None:
        year = _nearest_year(c.m, c.d, pub_day)
        meta = _meta(True, pub_iso, "published")
    elif pub_year is not None:
        year = pub_year
        meta = _meta(True, pub_iso, "published")
    else:
        year = None
        meta = _meta(True)
    if c.d2:
        meta["end"] = _iso(year, c.m, c.d2)
    return _iso(year, c.m, c.d), meta


# ---------------------------------------------------------------------------------------------
# Public


def find_dates(text: str, published: str | None = None, lang: str | None = None) -> list[Mention]:
    """Date mentions in `text`, sorted by start and not overlapping.

    `published` ('YYYY-MM-DD') anchors relative and year-less forms; `lang` is a hint that
    narrows the word lists ('az', 'kk', 'ru', 'tr', 'en'); without it every table is read.
    Never raises on a str: anything unexpected gives an empty list.
    """
    if not isinstance(text, str) or not text:
        return []
    try:
        return _find(text, published, _norm_lang(lang))
    except Exception:  # noqa: BLE001 - a date extractor must not stop a pipeline
        return []


def _find(text: str, published: str | None, lang: str | None) -> list[Mention]:
    g = _grammar(lang)
    f = _fold(text)
    pub_day, pub_year = _published(published)
    pub_iso = pub_day.isoformat() if pub_day else (str(pub_year) if pub_year else None)
    cands = _candidates(f, text, g, lang)
    cands = _ranges(cands, f, g)

    out: list[Mention] = []
    passage_year: int | None = None
    last = 0
    for c in cands:
        if "\n" in text[last:c.start]:  # a new passage: its year is not this one's
            passage_year = None
        last = c.end
        since = False
        start, end = c.start, c.end
        if c.kind != "range":
            before = g.since_before.search(f, max(0, start - 30), start)
            after = g.since_after.match(f, end)
            if before:
                start, since = before.start(), True
            elif after and c.kind not in ("reld",):
                end, since = after.end(), True
        value, meta = _resolve(c, pub_day, pub_year, pub_iso, passage_year)
        if since:
            meta["since"] = True
        if c.y is not None and c.rel_years is None:
            passage_year = c.y2 or c.y
        out.append(Mention(kind="date", text=text[start:end], start=start, end=end,
                           value=value, meta=meta))
    return out


def _ranges(cands: list[_Cand], f: str, g: _Grammar) -> list[_Cand]:
    """'from 2020 to 2024', 'с 2020 по 2024 год', 'between 2020 and 2024': one mention."""
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        if (nxt is not None and c.y is not None and nxt.y is not None and c.m is None
                and nxt.m is None and c.y2 is None and c.y < nxt.y):
            opener = g.range_open.search(f, max(0, c.start - 20), c.start)
            closer = g.range_close.match(f, c.end, nxt.start) if nxt.start - c.end < 20 else None
            if opener and closer and closer.end() == nxt.start:
                out.append(_Cand(opener.start(), nxt.end, "range", y=c.y, y2=nxt.y))
                i += 2
                continue
        out.append(c)
        i += 1
    return out
