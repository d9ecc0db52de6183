"""Text cut into plain pieces for highlighting: the templates escape every piece and wrap it
in markup of their own, so no HTML from the data ever reaches a page unescaped."""

from __future__ import annotations

from dataclasses import dataclass, field

from bilateral.textutil import fold

MENTION_KINDS = ("person", "country", "place", "organisation", "project", "date", "role")


@dataclass
class Part:
    text: str
    kind: str | None = None  # a mention kind of MENTION_KINDS, or None for plain text
    entity_id: str | None = None
    title: str | None = None


@dataclass
class Block:
    """A run of parts inside (mark=True) or outside one highlighted range."""

    mark: bool
    parts: list[Part] = field(default_factory=list)
    anchor: str | None = None


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def blocks(text: str, start: int, end: int, mentions: list[dict] | None = None,
           marks: list[tuple[int, int]] | None = None, anchor: str | None = None
           ) -> list[Block]:
    """text[start:end] cut at the edges of `mentions` ({kind, start, end, entity_id,
    entity_name}) and of the highlighted `marks` (offsets into `text`). The first marked
    block gets `anchor` as its id."""
    start, end = max(0, start), min(len(text), end)
    spans: list[dict] = []
    last = start
    for m in sorted(mentions or [], key=lambda m: (m["start"], -m["end"])):
        if m["start"] < last or m["end"] > end or m["end"] <= m["start"]:
            continue  # overlapping or outside: the first one wins
        spans.append(m)
        last = m["end"]
    ranges = [(max(s, start), min(e, end)) for s, e in _merge(marks or []) if e > start
              and s < end]
    cuts = {start, end}
    for m in spans:
        cuts.update((m["start"], m["end"]))
    for s, e in ranges:
        cuts.update((s, e))
    edges = sorted(c for c in cuts if start <= c <= end)
    out: list[Block] = []
    si = ri = 0
    for a, b in zip(edges, edges[1:], strict=False):
        while si < len(spans) and spans[si]["end"] <= a:
            si += 1
        while ri < len(ranges) and ranges[ri][1] <= a:
            ri += 1
        in_mark = ri < len(ranges) and ranges[ri][0] <= a < ranges[ri][1]
        span = spans[si] if si < len(spans) and spans[si]["start"] <= a else None
        kind = None
        if span is not None:
            kind = span["kind"] if span["kind"] in MENTION_KINDS else "other"
        part = Part(text[a:b], kind, span.get("entity_id") if span else None,
                    (span.get("entity_name") or span["kind"]) if span else None)
        if not out or out[-1].mark != in_mark or (in_mark and _new_range(ranges, ri, a)):
            out.append(Block(in_mark))
        out[-1].parts.append(part)
    if anchor:
        for block in out:
            if block.mark:
                block.anchor = anchor
                break
    return out


def _new_range(ranges: list[tuple[int, int]], ri: int, at: int) -> bool:
    return ranges[ri][0] == at


def context_window(text: str, start: int, end: int, width: int = 400) -> tuple[int, int]:
    """The paragraph around text[start:end], cut to `width` characters either side (at a
    space) when the paragraph is longer."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    lo, hi = max(para_start, start - width), min(para_end, end + width)
    if lo > para_start:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < para_end:
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    return lo, hi


def windows(text: str, spans: list[tuple[int, int]], width: int = 400
            ) -> list[tuple[int, int]]:
    """Merged context windows around each span."""
    return _merge([context_window(text, s, e, width) for s, e in spans])


def snippet_range(text: str, terms: list[str], width: int = 90
                  ) -> tuple[int, int, list[tuple[int, int]]]:
    """Where the first folded term hits text: a window (start, end) around it and the hit
    ranges inside the window (each extended to the end of its word). Without a hit: the
    start of the text."""
    folded = fold(text)
    if len(folded) != len(text):  # folding changed lengths: find hits word by word instead
        return _snippet_by_words(text, terms, width)
    hits = sorted((folded.find(t), t) for t in terms if t and folded.find(t) >= 0)
    if not hits:
        return 0, min(len(text), 2 * width), []
    at, _ = hits[0]
    lo, hi = max(0, at - width), min(len(text), at + width * 2)
    if lo > 0:  # start and end on word boundaries
        space = text.find(" ", lo, at)
        lo = space + 1 if space >= 0 else lo
    if hi < len(text):
        space = text.rfind(" ", at, hi)
        hi = space if space > at else hi
    marks = []
    for term in terms:
        pos = folded.find(term, lo)
        while 0 <= pos < hi:
            stop = pos + len(term)
            while stop < len(text) and text[stop].isalnum():
                stop += 1
            marks.append((pos, min(stop, hi)))
            pos = folded.find(term, stop)
    return lo, hi, _merge(marks)


def _snippet_by_words(text: str, terms: list[str], width: int
                      ) -> tuple[int, int, list[tuple[int, int]]]:
    import re

    marks = []
    for m in re.finditer(r"\w+", text):
        word = fold(m.group())
        if any(word.startswith(t) for t in terms):
            marks.append((m.start(), m.end()))
    if not marks:
        return 0, min(len(text), 2 * width), []
    at = marks[0][0]
    lo, hi = max(0, at - width), min(len(text), at + 2 * width)
    return lo, hi, [(s, e) for s, e in marks if s >= lo and e <= hi]
