"""Sentences of a clean body, as offsets: the unit events and figures are read from.

Rules, not a model: a sentence ends at . ! ? … followed by space and a capital letter, an
opening quote or a dash, or at a paragraph break; not after an abbreviation or an initial
('X. Xələfov', 'т.е.', 'Dr.'), nor inside a number ('1.5').
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_END = re.compile(r"[.!?…]+[»”\"')\]]*(?=\s+[«“\"'(\[–—-]?\s*[A-ZÀ-ÞĀ-ſƏА-ЯЁӘҒҚҢӨҰҮҺІ\d])")
_BREAK = re.compile(r"\n\s*\n|\n(?=\s*[–—-]\s)")
# Words after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset("""
dr mr mrs ms prof gen col st no vs etc jan feb mar apr jun jul aug sep sept oct nov dec
inc ltd co corp jr sr
т г гг им ул см др проф акад млн млрд тыс руб долл
mln mlrd min mil
b.m.t
""".split())


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def _is_abbreviation(text: str, dot: int) -> bool:
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].lower().strip(".")
    # An initial: one capital letter before the dot ('X. Xələfov', 'Н. Назарбаев').
    return len(word) == 1 or word in _ABBREVIATIONS


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    for block in _blocks(text):
        start = block[0]
        for m in _END.finditer(text, block[0], block[1]):
            if m.group().startswith(".") and _is_abbreviation(text, m.start()):
                continue
            out.append(_make(text, start, m.end()))
            start = m.end()
        out.append(_make(text, start, block[1]))
    return [s for s in out if s.text]


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraphs (and lines of dialogue): no sentence runs across them."""
    spans, start = [], 0
    for m in _BREAK.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _make(text: str, start: int, end: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, text[start:end])
