"""Speed of the reference registry, of entity matching, and of the whole extraction.

    python benchmarks/mentions_speed.py

Registry load (YAML parse and validation), alias-index build, and entity/role/person
matching over a 5,000-word article (the bundled demo corpus's bodies, in six languages and
scripts, repeated), median of 20 runs; then the whole per-document extraction on the same
article: mentions, dates, sentences, events, figures and pledges (issue 5: under 100 ms).
"""

from __future__ import annotations

import statistics
import sys
import time


def article(n_words: int = 5000) -> str:
    """The bundled demo corpus's clean bodies (six languages and scripts), repeated."""
    from bilateral.clean import clean
    from bilateral.cli import demo_corpus
    from bilateral.model import Document
    from bilateral.read import read_paths

    bodies = [clean(d).text for d in read_paths([str(demo_corpus())])
              if isinstance(d, Document)]
    words = " ".join(bodies).split()
    return " ".join((words * (n_words // len(words) + 1))[:n_words])


def main() -> int:
    from bilateral.extract.entities import build_index, find_entity_mentions
    from bilateral.registry import _build, _package_sources

    t0 = time.perf_counter()
    registry = _build(_package_sources())
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    build_index(registry)
    index = time.perf_counter() - t0
    text = article()
    times = []
    for _ in range(20):
        t0 = time.perf_counter()
        mentions = find_entity_mentions(text, "2024-03-11", registry=registry, lang="az")
        times.append(time.perf_counter() - t0)
    print(f"registry: {len(registry)} entities, load {load * 1000:.0f} ms; "
          f"alias index build {index * 1000:.0f} ms")
    print(f"matching {len(text.split())} words: median {statistics.median(times) * 1000:.1f} ms,"
          f" {len(mentions)} mentions")

    from dataclasses import replace

    from bilateral.model import Document
    from bilateral.pipeline import extract_events, extract_mentions

    doc = Document(uri="bench", source_format="txt", text=text, published="2024-03-11",
                   lang="az", script="Latn")
    extract_events(extract_mentions(doc))  # warm: lexicons load once per process
    from bilateral.extract.events import _clause_contexts

    times = []
    for _ in range(20):
        # The article repeats the demo corpus: clear the per-clause cache so that repeated
        # clauses cost what new ones would.
        _clause_contexts.cache_clear()
        t0 = time.perf_counter()
        done = extract_events(extract_mentions(replace(doc)))
        times.append(time.perf_counter() - t0)
    print(f"extraction (mentions, dates, events, figures) of {len(text.split())} words: "
          f"median {statistics.median(times) * 1000:.1f} ms, {len(done.mentions)} mentions, "
          f"{len(done.events)} event candidates, {len(done.figures)} figures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
