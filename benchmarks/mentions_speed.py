"""Speed of the reference registry and of entity matching.

    python benchmarks/mentions_speed.py

Registry load (YAML parse and validation), alias-index build, and entity/role/person
matching over a 5,000-word article (the bundled demo corpus's bodies, in six languages and
scripts, repeated), median of 20 runs.
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
