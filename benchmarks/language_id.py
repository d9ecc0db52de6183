"""Measure language-identification backends on tests/data/language/paragraphs.yaml.

Run:  python benchmarks/language_id.py        (from the repository root)

For each candidate backend alone and for bilateral.language.identify, prints accuracy per
language/script set, the confusion pairs (gold -> predicted), and ms per paragraph.
Backends that are not installed (lingua is measured only, never a dependency) are skipped.
Results and the choice they led to: benchmarks/LANGUAGE.md.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # so the script runs without installing the package

DATA = ROOT / "tests" / "data" / "language" / "paragraphs.yaml"
TARGETS = ["az", "kk", "ky", "ru", "tr", "en", "uz"]
REPEATS = 5

Predictor = Callable[[str], str]


def load_items() -> list[dict[str, str]]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def py3langid_backend(restrict: bool) -> Predictor:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if restrict:
        ident.set_languages(TARGETS)
    return lambda text: ident.classify(text)[0]


def pycld2_backend() -> Predictor:
    import pycld2

    def predict(text: str) -> str:
        try:
            reliable, _, details = pycld2.detect(text)
        except pycld2.error:
            return "und"
        code = details[0][1]
        return "und" if code == "un" else code

    return predict


def lingua_backend() -> Predictor:
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().build()

    def predict(text: str) -> str:
        lang = detector.detect_language_of(text)
        return "und" if lang is None else lang.iso_code_639_1.name.lower()

    return predict


def bilateral_backend() -> Predictor:
    from bilateral.language import identify

    return lambda text: identify(text).lang


CANDIDATES: dict[str, Callable[[], Predictor]] = {
    "py3langid (all 140 labels)": lambda: py3langid_backend(restrict=False),
    "py3langid (restricted to az,kk,ky,ru,tr,en,uz)": lambda: py3langid_backend(restrict=True),
    "pycld2": pycld2_backend,
    "lingua (all languages, high accuracy)": lingua_backend,
    "bilateral.language.identify (final)": bilateral_backend,
}


def measure(name: str, factory: Callable[[], Predictor], items: list[dict[str, str]]) -> None:
    try:
        t0 = time.perf_counter()
        predict = factory()
        predict("warm up: load any lazy model before timing")
        load_s = time.perf_counter() - t0
    except ImportError as exc:
        print(f"\n## {name}\n\nskipped: {exc}")
        return

    per_set: dict[str, list[bool]] = defaultdict(list)
    holdout: list[bool] = []
    confusions: Counter[tuple[str, str]] = Counter()
    for item in items:
        pred = predict(item["text"])
        key = f"{item['lang']}-{item['script']}"
        per_set[key].append(pred == item["lang"])
        if item.get("holdout"):
            holdout.append(pred == item["lang"])
        if pred != item["lang"]:
            confusions[(key, pred)] += 1

    timings = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        for item in items:
            predict(item["text"])
        timings.append((time.perf_counter() - t0) / len(items) * 1000)

    total = sum(len(v) for v in per_set.values())
    right = sum(sum(v) for v in per_set.values())
    print(f"\n## {name}\n")
    print(
        f"overall {right}/{total} = {right / total:.3f}; load+first call {load_s:.2f} s; "
        f"{statistics.median(timings):.3f} ms/paragraph (median of {REPEATS} passes)"
    )
    if holdout:
        print(
            f"held-out batch only: {sum(holdout)}/{len(holdout)} = "
            f"{sum(holdout) / len(holdout):.3f}"
        )
    print()
    print("| set | accuracy | n |")
    print("|---|---|---|")
    for key in sorted(per_set):
        v = per_set[key]
        print(f"| {key} | {sum(v) / len(v):.2f} | {len(v)} |")
    if confusions:
        pairs = ", ".join(f"{g}->{p} x{n}" for (g, p), n in confusions.most_common())
        print(f"\nconfusions: {pairs}")
    else:
        print("\nconfusions: none")


def main() -> None:
    items = load_items()
    print(f"{len(items)} paragraphs from {DATA.relative_to(ROOT)}")
    for name, factory in CANDIDATES.items():
        measure(name, factory, items)


if __name__ == "__main__":
    main()
