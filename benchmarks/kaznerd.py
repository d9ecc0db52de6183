"""Entity mentions on KazNERD's validation split: precision and recall per type.

    python benchmarks/kaznerd.py [--limit N]

KazNERD (Yeshpanov, Khassanov and Varol, LREC 2022; CC BY 4.0) tags Kazakh TV-news
sentences in IOB2. Its PERSON, GPE (countries, cities), LOCATION, ORGANISATION and DATE are
compared with bilateral's person, country/place, place, organisation and date mentions.
A system mention counts as right when it has the gold type and its span is the gold span
("exact") or shares a token with it ("overlap": case endings and titles make exact borders
a matter of convention). Read from ../shared/external/kaznerd/; skipped when absent.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from bilateral.extract.dates import find_dates
from bilateral.extract.entities import find_entity_mentions

DATA = Path(__file__).resolve().parents[2] / "shared" / "external" / "kaznerd" / "IOB2_valid.txt"
# bilateral kind -> KazNERD type
TYPES = {"person": "PERSON", "country": "GPE", "place": "GPE", "organisation": "ORGANISATION",
         "date": "DATE"}
GOLD_TYPES = {"PERSON", "GPE", "ORGANISATION", "DATE"}


def sentences(path: Path):
    tokens: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if tokens:
                yield tokens
            tokens = []
            continue
        word, _, tag = line.rpartition(" ")
        tokens.append((word, tag))
    if tokens:
        yield tokens


def gold_spans(tokens: list[tuple[str, str]]) -> tuple[str, list[tuple[int, int, str]]]:
    """Sentence text (tokens joined by spaces) and its gold (start, end, type) spans."""
    text, spans, offsets = "", [], []
    for word, _ in tokens:
        if text:
            text += " "
        offsets.append((len(text), len(text) + len(word)))
        text += word
    current = None
    for (start, end), (_, tag) in zip(offsets, tokens, strict=True):
        if tag.startswith("B-"):
            if current:
                spans.append(tuple(current))
            current = [start, end, tag[2:]]
        elif tag.startswith("I-") and current and current[2] == tag[2:]:
            current[1] = end
        else:
            if current:
                spans.append(tuple(current))
            current = None
    if current:
        spans.append(tuple(current))
    # GPE and LOCATION both hold places; count a place found as GPE against either.
    return text, [(s, e, "GPE" if t == "LOCATION" else t) for s, e, t in spans]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--skip", type=int, default=0,
                        help="leave out the first N sentences (those looked at while tuning)")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"SKIP: KazNERD not found at {DATA}")
        return 0
    tp_exact, tp_overlap, n_gold, n_system = Counter(), Counter(), Counter(), Counter()
    found_exact, found_overlap = Counter(), Counter()  # gold entities a system mention hit
    n_sentences, elapsed, chars = 0, 0.0, 0
    for tokens in sentences(DATA):
        if args.limit and n_sentences >= args.limit:
            break
        n_sentences += 1
        if n_sentences <= args.skip:
            continue
        text, gold = gold_spans(tokens)
        gold = [g for g in gold if g[2] in GOLD_TYPES]
        t0 = time.perf_counter()
        mentions = find_entity_mentions(text) + find_dates(text, None, "kk")
        elapsed += time.perf_counter() - t0
        chars += len(text)
        # A country named by its adjective or demonym is KazNERD's NORP, not a GPE.
        system = [(m.start, m.end, TYPES[m.kind]) for m in mentions
                  if m.kind in TYPES and not m.meta.get("form")]
        for gs, ge, gt in gold:
            n_gold[gt] += 1
            if any(s == gs and e == ge and t == gt for s, e, t in system):
                found_exact[gt] += 1
            if any(s < ge and gs < e and t == gt for s, e, t in system):
                found_overlap[gt] += 1
        for s, e, t in system:
            n_system[t] += 1
            if any(gs == s and ge == e and gt == t for gs, ge, gt in gold):
                tp_exact[t] += 1
            if any(gs < e and s < ge and gt == t for gs, ge, gt in gold):
                tp_overlap[t] += 1
    n_sentences -= min(args.skip, n_sentences)
    print(f"KazNERD validation: {n_sentences} sentences, {sum(n_gold.values())} gold entities "
          f"of the compared types; {1000 * elapsed / max(1, n_sentences):.2f} ms/sentence "
          f"({chars / max(elapsed, 1e-9) / 1e6:.2f} M chars/s)\n")
    print(f"{'type':14} {'gold':>6} {'found':>6}   {'P exact':>7} {'R exact':>7}   "
          f"{'P overlap':>9} {'R overlap':>9}")
    for t in sorted(GOLD_TYPES):
        g, s = n_gold[t], n_system[t]
        pe, re_ = tp_exact[t] / s if s else 0, found_exact[t] / g if g else 0
        po, ro = tp_overlap[t] / s if s else 0, found_overlap[t] / g if g else 0
        print(f"{t:14} {g:6} {s:6}   {pe:7.3f} {re_:7.3f}   {po:9.3f} {ro:9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
