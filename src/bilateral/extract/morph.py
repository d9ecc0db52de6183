"""Word forms: which base forms a word in running text can be an inflection of.

'Qazaxıstanın' can be Qazaxıstan + ın; 'Тоқаевтың' Тоқаев + тың; 'Астане' Астан(а) + е.
The endings are data (data/language/suffixes.yaml), merged per script: a document's language
is known only approximately, and a Kazakh article quotes Russian names.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from bilateral.datafiles import load_yaml
from bilateral.textutil import fold

# A base form shorter than this is not trusted after an ending is cut: 'Bakı' -> 'Bak' is
# fine, but 'BMT' must match only whole.
MIN_STEM = 3
TOKEN_RE = re.compile(r"\w+", re.UNICODE)
_CYRILLIC = re.compile("[\u0400-\u04ff]")


class Morphology:
    def __init__(self, endings: dict[str, frozenset[str]], truncate: dict[str, tuple[str, ...]]):
        self.endings = endings  # script -> endings
        self.truncate = truncate  # script -> final letters a base form may lose
        self._max_len = {s: max((len(e) for e in es), default=0) for s, es in endings.items()}

    @staticmethod
    def script_of(word: str) -> str:
        return "Cyrl" if _CYRILLIC.search(word) else "Latn"

    def base_keys(self, word: str) -> frozenset[str]:
        """Keys under which a registry word is indexed: the folded word and, for scripts that
        decline by replacing the last vowel, the word less that vowel."""
        key = fold(word)
        keys = {key}
        for cut in self.truncate.get(self.script_of(key), ()):
            if key.endswith(cut) and len(key) - len(cut) >= MIN_STEM:
                keys.add(key[: -len(cut)])
        return frozenset(keys)

    def text_keys(self, word: str) -> frozenset[str]:
        """Keys a word of running text may match: itself and itself less any one ending."""
        key = fold(word)
        keys = {key}
        script = self.script_of(key)
        endings = self.endings.get(script, frozenset())
        for n in range(1, min(self._max_len.get(script, 0), len(key) - MIN_STEM) + 1):
            if key[-n:] in endings:
                keys.add(key[:-n])
        return frozenset(keys)


@lru_cache(maxsize=1)
def load_morphology() -> Morphology:
    data = load_yaml((resources.files("bilateral") / "data" / "language" /
                           "suffixes.yaml").read_text(encoding="utf-8"))
    endings: dict[str, set[str]] = {"Latn": set(), "Cyrl": set()}
    truncate: dict[str, set[str]] = {"Latn": set(), "Cyrl": set()}
    for table in data.values():
        for ending in table.get("endings", []):
            e = fold(str(ending))
            endings[Morphology.script_of(e)].add(e)
        for cut in table.get("truncate", []):
            c = fold(str(cut))
            truncate[Morphology.script_of(c)].add(c)
    return Morphology({k: frozenset(v) for k, v in endings.items()},
                      {k: tuple(sorted(v, key=len, reverse=True)) for k, v in truncate.items()})
