"""Measure bilateral's date grammar against dateparser on tests/data/dates/*.yaml.

Run:  python benchmarks/dates.py        (from the repository root; dateparser must be installed)

For each language set: sentences fully right (every expected date found with its value at
the text's precision, nothing else found), for our grammar and for dateparser.search_dates
with the language and the publication date as RELATIVE_BASE; sentences dateparser gets right
that the grammar misses (what it would add); ms per sentence. Then the time to extract dates
from a 5,000-word article built from the seed articles. Results: benchmarks/DATES.md.
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # so the script runs without installing the package

from bilateral.extract.dates import find_dates  # noqa: E402
from bilateral.textutil import normalize  # noqa: E402

DATA = ROOT / "tests" / "data" / "dates"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
SETS = {"az": "az", "kk_cyrl": "kk", "kk_latn": "kk", "ru": "ru", "tr": "tr", "en": "en"}
REPEATS = 5


def grammar_values(item: dict[str, Any], lang: str) -> list[str | None]:
    return [m.value for m in find_dates(item["text"], item.get("published"), lang)]


def dateparser_values(item: dict[str, Any], lang: str) -> list[str | None]:
    from dateparser.search import search_dates

    settings: dict[str, Any] = {}
    if item.get("published"):
        settings["RELATIVE_BASE"] = datetime.fromisoformat(item["published"])
    try:
        found = search_dates(item["text"], languages=[lang], settings=settings) or []
    except Exception:  # noqa: BLE001 - a crash counts as nothing found
        found = []
    return [dt.date().isoformat() for _, dt in found]


def agrees(expected: str | None, got: str | None) -> bool:
    """dateparser always answers with a full day: it agrees when the day starts with the
    expected value ('2023' for 'last year'); a partial '--03-11' or None cannot be matched
    by an invented year."""
    if expected is None or got is None:
        return expected is got
    if expected.startswith("--"):
        return False
    return got.startswith(expected)


def right(expected: list[str | None], got: list[str | None]) -> bool:
    return len(expected) == len(got) and all(map(agrees, expected, got))


def timed(fn: Any, items: list[dict[str, Any]], lang: str) -> tuple[list[Any], float]:
    results = [fn(item, lang) for item in items]  # warm-up (dateparser loads its locales)
    runs = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        for item in items:
            fn(item, lang)
        runs.append((time.perf_counter() - t0) / len(items) * 1000)
    return results, statistics.median(runs)


def article_5000_words() -> str:
    texts = [normalize(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    words = "\n".join(texts).split(" ")
    while len(words) < 5000:
        words += words
    return " ".join(words[:5000])


def main() -> None:
    warnings.simplefilter("ignore")
    print("| set | sentences | grammar right | dateparser right | dateparser adds "
          "| grammar ms/sentence | dateparser ms/sentence |")
    print("|---|---|---|---|---|---|---|")
    totals = [0, 0, 0, 0]
    for stem, lang in SETS.items():
        items = yaml.safe_load((DATA / f"{stem}.yaml").read_text("utf-8"))
        expected = [[d["value"] for d in item["dates"]] for item in items]
        ours, ours_ms = timed(grammar_values, items, lang)
        theirs, theirs_ms = timed(dateparser_values, items, lang)
        ours_ok = [e == g for e, g in zip(expected, ours, strict=True)]  # exact, partials too
        theirs_ok = [right(e, g) for e, g in zip(expected, theirs, strict=True)]
        adds = sum(t and not o for o, t in zip(ours_ok, theirs_ok, strict=True))
        print(f"| {stem} | {len(items)} | {sum(ours_ok)} | {sum(theirs_ok)} | {adds} "
              f"| {ours_ms:.3f} | {theirs_ms:.1f} |")
        for total, n in zip(range(4), (len(items), sum(ours_ok), sum(theirs_ok), adds),
                            strict=True):
            totals[total] += n
        for item, ok, got in zip(items, theirs_ok, theirs, strict=True):
            if "-v" in sys.argv and not ok:
                print(f"    dateparser: {item['text']!r} -> {got}")
    print(f"| all | {totals[0]} | {totals[1]} | {totals[2]} | {totals[3]} | | |")

    if SEEDS.is_dir():
        doc = article_5000_words()
        find_dates(doc, "2024-03-14")
        runs = []
        for _ in range(20):
            t0 = time.perf_counter()
            found = find_dates(doc, "2024-03-14")
            runs.append((time.perf_counter() - t0) * 1000)
        print(f"\n5,000-word article ({len(doc)} chars, {len(found)} dates): "
              f"median {statistics.median(runs):.1f} ms, max {max(runs):.1f} ms over 20 runs")
        find_dates(doc, "2024-03-14", "az")
        runs = []
        for _ in range(20):
            t0 = time.perf_counter()
            find_dates(doc, "2024-03-14", "az")
            runs.append((time.perf_counter() - t0) * 1000)
        print(f"same with lang='az': median {statistics.median(runs):.1f} ms")


if __name__ == "__main__":
    main()
