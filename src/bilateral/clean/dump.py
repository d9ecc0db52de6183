"""Cleaning of text dumps: keep the title, byline and dateline as metadata and the article
body exactly once; drop the page furniture around it.

The body is found as the run of lines with the most prose in it: every line gets a score
(prose earns its word count, furniture and short lines cost), and the body is the
contiguous stretch with the highest total (the maximum-subarray idea of Finn et al.'s Body
Text Extraction, on lines instead of tags). Menus and headers before it and 'most read'
lists after it score below zero, so they fall outside; a short real line inside the body
(a quote, an intertitle, an item of a list of agreements) costs little and stays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from bilateral.clean.lines import CACHE_LINES, Kind, Line, classify, line_key, looks_like_name
from bilateral.clean.phrases import load_phrases
from bilateral.textutil import content_key, fold

_SCORES = {
    Kind.BLANK: 0.0,
    Kind.SHORT: -1.0,
    Kind.FURNITURE: -5.0,
    Kind.DATELINE: -5.0,
    Kind.LIST_ITEM: -5.0,
    Kind.LIST_HEADING: -25.0,
    Kind.REPEAT: -3.0,
    Kind.TITLE: -5.0,
    Kind.BYLINE: -5.0,
}
_MAX_TITLE_WORDS = 30
_MAX_POSITION_WORDS = 12


@dataclass
class CleanDump:
    body: list[str]
    title: str | None = None
    published: str | None = None  # ISO date, possibly with THH:MM
    author: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


def _score(line: Line) -> float:
    return float(line.n_words) if line.kind is Kind.GOOD else _SCORES[line.kind]


def _best_span(lines: list[Line]) -> tuple[int, int] | None:
    """Start and end (inclusive) of the highest-scoring run of lines (Kadane)."""
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for i, line in enumerate(lines):
        if total <= 0:
            total, start = 0.0, i
        total += _score(line)
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def _next_content(lines: list[Line], i: int) -> int | None:
    for j in range(i + 1, len(lines)):
        if lines[j].kind is not Kind.BLANK:
            return j
    return None


def _headline_over_dateline(lines: list[Line], i: int) -> bool:
    """A long headline reads like prose by its length; it is told by the dateline under it
    and the missing full stop."""
    line = lines[i]
    if line.kind is not Kind.GOOD or line.n_words > _MAX_TITLE_WORDS:
        return False
    if line.text.rstrip().endswith((".", "!", "?", "…")):
        return False
    nxt = _next_content(lines, i)
    return nxt is not None and lines[nxt].kind is Kind.DATELINE


def _mark_title(lines: list[Line], known_title: str | None) -> str | None:
    if known_title:
        key = content_key(known_title)
        for line in lines:
            if line.kind in (Kind.SHORT, Kind.GOOD, Kind.REPEAT) and line_key(line.text) == key:
                line.kind = Kind.TITLE
        return known_title
    first_good = next((i for i, ln in enumerate(lines)
                       if ln.kind is Kind.GOOD and not _headline_over_dateline(lines, i)),
                      len(lines))
    head = [i for i in range(first_good) if lines[i].kind in (Kind.SHORT, Kind.REPEAT)
            or _headline_over_dateline(lines, i)]
    # A headline the page prints twice (as a link and as the heading) is the title.
    keys = [line_key(lines[i].text) for i in head]
    repeated = [i for i, k in zip(head, keys, strict=True) if keys.count(k) > 1]
    candidates = [i for i in head if lines[i].n_words <= _MAX_TITLE_WORDS
                  and not looks_like_name(lines[i].text)]
    # A site name ('Kaspi-Info', 'ŞimalPost', 'Steppe and Sea News') also stands above the
    # headline; the headline is the line right above the dateline when there is one.
    headline_like = [i for i in candidates if lines[i].n_words >= 3]
    dateline = next((i for i in range(first_good) if lines[i].kind is Kind.DATELINE), None)
    above_dateline = [i for i in headline_like if dateline is not None and i < dateline][-1:]
    chosen = (repeated or above_dateline or headline_like or candidates or [None])[0]
    if chosen is None and first_good < len(lines):
        # A headline that ends with a full stop reads as prose; it is the title when it is
        # short and the next line is not prose.
        first = lines[first_good]
        nxt = _next_content(lines, first_good)
        if first.n_words <= 20 and nxt is not None and lines[nxt].kind is not Kind.GOOD:
            chosen = first_good
    if chosen is None:
        return None
    title = lines[chosen].text.strip()
    key = content_key(title)
    for line in lines:
        if line.kind in (Kind.SHORT, Kind.GOOD, Kind.REPEAT) and line_key(line.text) == key:
            line.kind = Kind.TITLE
    return title


@lru_cache(maxsize=CACHE_LINES)
def _byline_name(text: str) -> str | None:
    """The name on a byline ('Müəllif: Gülər Sultanzadə', 'İlqar İlyasov'), else None;
    remembered, as the lines around a body (lists of other articles) recur page after page."""
    labelled = load_phrases().byline_labels.match(fold(text))
    name = text[labelled.end():].strip() if labelled else text
    return name if looks_like_name(name) else None


def _mark_bylines(lines: list[Line]) -> tuple[str | None, str | None]:
    """Author and position from a name line before the first paragraph or after the last one."""
    # Only paragraphs longer than a position line ('YAP Yasamal rayon təşkilatının fəal üzvü.')
    # bound the body here.
    good = [i for i, ln in enumerate(lines)
            if ln.kind is Kind.GOOD and ln.n_words > _MAX_POSITION_WORDS]
    first_good, last_good = (good[0], good[-1]) if good else (len(lines), -1)
    author = position = None
    # Above the title stand site names, which look like personal names; a byline follows it.
    title_at = next((i for i, ln in enumerate(lines) if ln.kind is Kind.TITLE), -1)
    for i, line in enumerate(lines):
        if (line.kind not in (Kind.SHORT, Kind.GOOD) or first_good <= i <= last_good
                or i < title_at):
            continue
        name = _byline_name(line.text.strip())
        if name is None:
            continue
        line.kind = Kind.BYLINE
        nxt = _next_content(lines, i)
        if (nxt is not None and lines[nxt].kind in (Kind.SHORT, Kind.GOOD, Kind.REPEAT)
                and lines[nxt].n_words <= _MAX_POSITION_WORDS):
            lines[nxt].kind = Kind.BYLINE
            position = position or lines[nxt].text.strip().rstrip(".")
        author = author or name.rstrip(",;")
        break
    return author, position


def clean_dump(text: str, known_title: str | None = None) -> CleanDump:
    lines = classify(text.split("\n"))
    title = _mark_title(lines, known_title)
    author, position = _mark_bylines(lines)
    span = _best_span(lines)
    if span is None:
        return CleanDump(body=[], title=title, author=author)
    start, end = span
    phrases = load_phrases()
    published = None
    # The dateline sits in the header; dates in the lists after the body are other articles'.
    for line in lines[:start]:
        if line.kind is Kind.DATELINE and line.date and line.date.has_year:
            published = line.date.value
            break
    if published is None:
        for line in lines:
            if line.date and line.date.has_year and phrases.archived.search(fold(line.text)):
                published = line.date.value
                break
    # Short header lines that no list names are a subtitle or a section name or the site's
    # name: none is reliably the article's, so none goes into the body. A line of several
    # words right under the title is kept aside as the subtitle.
    meta = {"author_position": position} if position else {}
    title_at = next((i for i, ln in enumerate(lines) if ln.kind is Kind.TITLE), None)
    if title_at is not None:
        nxt = _next_content(lines, title_at)
        if nxt is not None and nxt < start and lines[nxt].kind is Kind.SHORT \
                and lines[nxt].n_words >= 3:
            meta["subtitle"] = lines[nxt].text.strip()
    body = [ln.text.strip() for ln in lines[start : end + 1]
            if ln.kind in (Kind.GOOD, Kind.SHORT)]
    return CleanDump(body=body, title=title, published=published, author=author, meta=meta)
