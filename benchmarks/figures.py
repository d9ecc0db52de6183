"""Time bilateral's figure and pledge extractor on a 5,000-word article.

Run:  python benchmarks/figures.py        (from the repository root)

The article: the five seed articles, repeated to 5,000 words (as benchmarks/dates.py builds
it), and a second one from the team's own figure sentences (tests/data/figures/*.yaml)
repeated to 5,000 words, which is far denser in numbers than real news. Sentences and
mentions are computed once outside the timing, as the pipeline hands them over; the time is
find_figures alone, median and max of 20 runs after one warm-up. Target: well under 20 ms.
Results: benchmarks/FIGURES.md.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # so the script runs without installing the package

from bilateral.extract.dates import find_dates  # noqa: E402
from bilateral.extract.entities import find_entity_mentions  # noqa: E402
from bilateral.extract.figures import find_figures  # noqa: E402
from bilateral.extract.sentences import split_sentences  # noqa: E402
from bilateral.textutil import normalize  # noqa: E402

SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
DATA = ROOT / "tests" / "data" / "figures"
RUNS = 20


def to_5000_words(texts: list[str], sep: str) -> str:
    words = sep.join(texts).split(" ")
    while len(words) < 5000:
        words += words
    return " ".join(words[:5000])


def measure(name: str, doc: str, lang: str | None) -> None:
    sentences = split_sentences(doc)
    mentions = find_entity_mentions(doc, "2024-03-14", lang=lang) + \
        find_dates(doc, "2024-03-14", lang)
    found = find_figures(doc, sentences, mentions, "2024-03-14", "bench", lang)
    runs = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        find_figures(doc, sentences, mentions, "2024-03-14", "bench", lang)
        runs.append((time.perf_counter() - t0) * 1000)
    kinds = {k: sum(1 for f in found if f.kind == k) for k in ("figure", "pledge")}
    print(f"{name} ({len(doc)} chars, {len(sentences)} sentences, lang={lang}): "
          f"{kinds['figure']} figures, {kinds['pledge']} pledges; "
          f"median {statistics.median(runs):.2f} ms, max {max(runs):.2f} ms over {RUNS} runs")


def main() -> None:
    t0 = time.perf_counter()
    find_figures("1 milyard dollar", [], [])
    load_ms = (time.perf_counter() - t0) * 1000
    print(f"first call (loads and compiles the lexicon): {load_ms:.0f} ms")
    if SEEDS.is_dir():
        texts = [normalize(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
        doc = to_5000_words(texts, "\n")
        measure("seeds, 5,000 words", doc, None)
        measure("seeds, 5,000 words", doc, "az")
    else:
        print("SKIP seeds: not found")
    if DATA.is_dir():
        items = [item["text"] for p in sorted(DATA.glob("*.yaml"))
                 for item in yaml.safe_load(p.read_text("utf-8"))]
        measure("figure test sentences, 5,000 words", to_5000_words(items, "\n\n"), None)


if __name__ == "__main__":
    main()
