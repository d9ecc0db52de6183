"""Language identification for news paragraphs.

Two layers, chosen by measurement (benchmarks/LANGUAGE.md):

1. py3langid's naive-Bayes model, loaded once, with the labels that only ever stole our texts
   taken out (backend.yaml).  It separates az/tr/ru/en/uz/ky/kk-Cyrillic well on paragraphs.
2. Orthographic rules from the data files (overrides.yaml, decisive.yaml): letters that a
   language's neighbours never write, plus a few function words.  They supply what the model
   lacks (Kazakh in the Latin alphabet) and guard the pairs that must not be confused
   (az/tr, kk/ru, kk/ky).

Texts with fewer than ``min_letters`` letters get 'und' unless a decisive letter settles them.
"""

from __future__ import annotations

import array
import contextlib
import hashlib
import json
import logging
import os
import re
import tempfile
import threading
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from bilateral.datafiles import load_yaml
from bilateral.language.script import (
    UNDETERMINED_SCRIPT,
    dominant_script,
    letter_counts,
    script_counts,
)

LOGGER = logging.getLogger(__name__)

UNDETERMINED = "und"


@dataclass(frozen=True)
class LanguageGuess:
    """Result of identify(): ISO 639-1 language (or 'und'), ISO 15924 script, confidence 0..1."""

    lang: str
    script: str
    confidence: float


# Control characters become spaces (so words on either side stay apart); format characters
# (zero-width, bidi marks, BOM, soft hyphen) and lone surrogates are dropped, because they sit
# inside words and would split n-grams.  Tab, LF and CR are ordinary whitespace and kept.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INVISIBLE_RE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ud800-\udfff]"
)
# Uzbek writes oʻ/gʻ with U+02BB; the press also uses ’ ‘ ` ʼ or ASCII '.  One form for matching.
_APOSTROPHES = str.maketrans({"ʻ": "'", "’": "'", "‘": "'", "`": "'", "ʼ": "'"})
_TOKEN_RE = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")


@dataclass(frozen=True)
class _Rule:
    """One entry of overrides.yaml / decisive.yaml, compiled."""

    rule_id: str
    lang: str
    script: str
    confidence: float
    backend: frozenset[str] | None = None
    min_letters: int = 0
    present: tuple[tuple[frozenset[str], float], ...] = ()
    absent: tuple[frozenset[str], ...] = ()
    function_words: tuple[tuple[frozenset[str], int], ...] = ()
    needs: tuple[frozenset[str], ...] = ()
    pattern: re.Pattern[str] | None = None


@dataclass(frozen=True)
class _Engine:
    backend: Any  # py3langid LanguageIdentifier (untyped third-party class)
    min_letters: int
    max_chars: int
    undetermined: frozenset[str]
    overrides: tuple[_Rule, ...]
    decisive: tuple[_Rule, ...]


_ENGINE: _Engine | None = None
_ENGINE_LOCK = threading.Lock()


def _load_yaml(name: str) -> Any:
    path = resources.files("bilateral").joinpath("data", "language", name)
    return load_yaml(path.read_text(encoding="utf-8"))


def _compile_rules(
    raw: list[Mapping[str, Any]],
    groups: Mapping[str, Mapping[str, str]],
    words: Mapping[str, list[str]],
    default_confidence: float,
) -> tuple[_Rule, ...]:
    rules = []
    for i, item in enumerate(raw):
        script = item["script"]
        letters = groups[script]

        def group(name: str, letters: Mapping[str, str] = letters) -> frozenset[str]:
            return frozenset(letters[name])

        pattern = item.get("pattern")
        rules.append(
            _Rule(
                rule_id=item.get("id", f"rule{i}"),
                lang=item.get("then", item.get("lang")),
                script=script,
                confidence=float(item.get("confidence", default_confidence)),
                backend=frozenset(item["backend"]) if "backend" in item else None,
                min_letters=int(item.get("min_letters", 0)),
                present=tuple((group(g), float(s)) for g, s in item.get("present", {}).items()),
                absent=tuple(group(g) for g in item.get("absent", []) + item.get("none", [])),
                function_words=tuple(
                    (frozenset(w.lower().translate(_APOSTROPHES) for w in words[name]), int(n))
                    for name, n in item.get("function_words", {}).items()
                ),
                needs=tuple(group(g) for g in item.get("needs", [])),
                pattern=re.compile(pattern) if pattern else None,
            )
        )
    return tuple(rules)


def _build_engine() -> _Engine:
    # Imported here so that importing bilateral.language stays cheap; the model (~0.7 s to
    # decompress) is read on the first identify() call and never again.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    cfg = _load_yaml("backend.yaml")
    groups = _load_yaml("letters.yaml")
    words = _load_yaml("function_words.yaml")

    excluded = sorted(set(cfg.get("exclude", [])))
    model = _cached_model(excluded)
    if model is None:
        full = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        keep = [i for i, lab in enumerate(full.nb_classes) if lab not in excluded]
        # Not full.set_languages(): its column slice leaves the (100k x 140, float16) table
        # in Fortran order, which makes every per-text row gather ~5x slower (measured 0.57
        # vs 0.15 ms/paragraph). Slicing here and asking for C order keeps the model's speed.
        model = _Model(np.ascontiguousarray(full.nb_ptc[:, keep]),
                       np.ascontiguousarray(full.nb_pc[keep]),
                       [full.nb_classes[i] for i in keep], full.tk_nextmove, full.tk_output,
                       full.tk_row)
        _save_model(excluded, model)
    backend = LanguageIdentifier(model.ptc, model.pc, model.classes, model.nextmove,
                                 model.output, norm_probs=True, tk_row=model.row)

    return _Engine(
        backend=backend,
        min_letters=int(cfg["min_letters"]),
        max_chars=int(cfg["max_chars"]),
        undetermined=frozenset(cfg.get("undetermined", [])),
        overrides=_compile_rules(_load_yaml("overrides.yaml"), groups, words, 0.8),
        decisive=_compile_rules(_load_yaml("decisive.yaml"), groups, words, 0.6),
    )


@dataclass(frozen=True)
class _Model:
    """py3langid's model with our labels taken out: what LanguageIdentifier takes."""

    ptc: np.ndarray
    pc: np.ndarray
    classes: list[str]
    nextmove: array.array
    output: list[int]
    row: array.array


# The model ships LZMA-compressed: decompressing it is most of a process's start-up (0.4 s
# of ~1 s). The sliced arrays are kept uncompressed in the user's cache folder (~70 MB) and
# read from there after the first time; any problem with that folder only costs the time.
def _cache_file(excluded: list[str]) -> Path | None:
    try:
        from py3langid.langid import MODEL_DIR, MODEL_FILE

        source = Path(MODEL_DIR) / MODEL_FILE
        stat = source.stat()
        key = hashlib.sha1(json.dumps([str(source), stat.st_size, stat.st_mtime_ns, excluded,
                                       _MODEL_CACHE_FORMAT]).encode()).hexdigest()[:16]
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        return base / "bilateral" / f"langid-{key}.npz"
    except (OSError, RuntimeError, ImportError):
        return None


_MODEL_CACHE_FORMAT = 1


def _cached_model(excluded: list[str]) -> _Model | None:
    path = _cache_file(excluded)
    if path is None or not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as z:
            return _Model(z["ptc"], z["pc"], [str(c) for c in z["classes"]],
                          array.array(str(z["nextmove_type"]), z["nextmove"].tobytes()),
                          z["output"].tolist(),
                          array.array(str(z["row_type"]), z["row"].tobytes()))
    except (OSError, ValueError, KeyError, EOFError):
        return None


def _save_model(excluded: list[str], model: _Model) -> None:
    path = _cache_file(excluded)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as tmp:
            np.savez(tmp, ptc=model.ptc, pc=model.pc, classes=np.array(model.classes),
                     nextmove=np.frombuffer(model.nextmove, dtype=model.nextmove.typecode),
                     nextmove_type=np.array(model.nextmove.typecode),
                     output=np.array(model.output, dtype=np.int64),
                     row=np.frombuffer(model.row, dtype=model.row.typecode),
                     row_type=np.array(model.row.typecode))
        os.replace(tmp.name, path)  # whole or not at all, whoever else writes it
    except OSError:
        LOGGER.debug("language model cache not written", exc_info=True)
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp.name)


def _engine() -> _Engine:
    global _ENGINE
    if _ENGINE is None:
        with _ENGINE_LOCK:  # two threads racing on the first call must not load it twice
            if _ENGINE is None:
                _ENGINE = _build_engine()
    return _ENGINE


def _sample(text: str, max_chars: int) -> str:
    """Head, middle and tail windows of a long text: bounded cost, and a page whose start is
    boilerplate in another language still shows its body."""
    if len(text) <= max_chars:
        return text
    third = max_chars // 3
    mid = (len(text) - third) // 2
    return " ".join((text[:third], text[mid : mid + third], text[-third:]))


def _clean(text: str) -> str:
    text = _INVISIBLE_RE.sub("", _CONTROL_RE.sub(" ", text))
    # NFC so that 'a' + U+0301 counts as the letter 'á' the rules and the model expect.
    return unicodedata.normalize("NFC", text)


class _Evidence:
    """Letter counts and (lazily) tokens of one text, shared by all rules."""

    __slots__ = ("letters", "n_letters", "lowered", "_tokens")

    def __init__(self, lowered: str, letters: Counter[str], n_letters: int) -> None:
        self.lowered = lowered
        self.letters = letters
        self.n_letters = n_letters
        self._tokens: list[str] | None = None

    def count(self, group: frozenset[str]) -> int:
        return sum(self.letters[c] for c in group)

    def tokens(self) -> list[str]:
        # Tokenising is the costliest step, and only the Kazakh-Latin rules need it.
        if self._tokens is None:
            self._tokens = _TOKEN_RE.findall(self.lowered.translate(_APOSTROPHES))
        return self._tokens


def _matches(rule: _Rule, script: str, top: str | None, ev: _Evidence) -> bool:
    if rule.script != script or ev.n_letters < rule.min_letters:
        return False
    if rule.backend is not None and top not in rule.backend:
        return False
    n = ev.n_letters or 1
    if any(ev.count(g) / n < share for g, share in rule.present):
        return False
    if any(ev.count(g) for g in rule.absent):
        return False
    if any(not ev.count(g) for g in rule.needs):
        return False
    if rule.pattern is not None and not rule.pattern.search(ev.lowered):
        return False
    for wordset, minimum in rule.function_words:
        if sum(1 for tok in ev.tokens() if tok in wordset) < minimum:
            return False
    return True


def identify(text: str) -> LanguageGuess:
    """Guess the language and script of a text (a paragraph or more is best).

    Never raises; answers 'und' for text with fewer than ~20 letters unless a letter that no
    neighbouring language writes settles it (e.g. 'ə' -> az).
    """
    if not isinstance(text, str):
        return LanguageGuess(UNDETERMINED, UNDETERMINED_SCRIPT, 0.0)
    eng = _engine()
    cleaned = _clean(_sample(text, eng.max_chars))
    # Script from the text as written (what detect_script sees); the rules read lowercase
    # letters, folded from the distinct letters rather than by a second pass over the text.
    letters = letter_counts(cleaned)
    per_script = script_counts(letters)
    script = dominant_script(per_script)
    n_letters = sum(per_script.values())
    lowered_letters: Counter[str] = Counter()
    for char, n in letters.items():
        lowered_letters[char.lower()] += n
    ev = _Evidence(cleaned.lower(), lowered_letters, n_letters)

    if n_letters < eng.min_letters:
        found = {r.lang: r for r in eng.decisive if _matches(r, script, None, ev)}
        if len(found) == 1:
            rule = next(iter(found.values()))
            return LanguageGuess(rule.lang, script, rule.confidence)
        return LanguageGuess(UNDETERMINED, script, 0.0)

    try:
        top, confidence = eng.backend.classify(cleaned)
    except Exception:  # third-party code on arbitrary input: degrade, never propagate
        LOGGER.debug("py3langid failed on input", exc_info=True)
        return LanguageGuess(UNDETERMINED, script, 0.0)
    if top in eng.undetermined:
        return LanguageGuess(UNDETERMINED, script, 0.0)

    for rule in eng.overrides:
        if _matches(rule, script, top, ev):
            return LanguageGuess(rule.lang, script, rule.confidence)
    return LanguageGuess(str(top), script, max(0.0, min(1.0, float(confidence))))
