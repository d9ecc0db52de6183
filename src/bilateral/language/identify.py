"""Language identification for news paragraphs.

Two layers, chosen by measurement (benchmarks/LANGUAGE.md):

1. py3langid's naive-Bayes model, loaded once, with the labels that only ever stole our texts
   taken out (backend.yaml).  It separates az/tr/ru/en/uz/ky/kk-Cyrillic well on paragraphs.
2. Orthographic rules from the data files (overrides.yaml, decisive.yaml): letters that a
   language's neighbours never write, plus a few function words.  They supply what the model
   lacks (Kazakh in the Latin alphabet) and guard the pairs that must not be confused
   (az/tr, kk/ru, kk/ky).

Texts with fewer than ``min_letters`` letters get 'und' unless a decisive letter settles them.
identify_many() gives the same answers for many texts (a document's paragraphs) in one pass
of the model.
"""

from __future__ import annotations

import array
import contextlib
import hashlib
import json
import logging
import math
import os
import re
import shutil
import tempfile
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np

from bilateral.datafiles import cache_folder, load_yaml
from bilateral.language.script import UNDETERMINED_SCRIPT, dominant_script, letter_profile

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
    scorer: _BatchScorer | None  # the backend's classify() for many texts; None: one by one
    min_letters: int
    max_chars: int
    undetermined: frozenset[str]
    overrides: tuple[_Rule, ...]
    decisive: tuple[_Rule, ...]
    # The overrides that can apply to a (script, backend label), in order, found the first
    # time the pair is met: the other rules are not asked again for every text.
    override_index: dict[tuple[str, str], tuple[_Rule, ...]] = field(default_factory=dict)


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
    # decompress, ~0.05 s once cached) is read on the first identify() call and never
    # again.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    cfg = _load_yaml("backend.yaml")
    groups = _load_yaml("letters.yaml")
    words = _load_yaml("function_words.yaml")

    excluded = sorted(set(cfg.get("exclude", [])))
    model = _cached_model(excluded)
    if model is None:
        full = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        keep = [i for i, lab in enumerate(full.nb_classes) if lab not in excluded]
        # Not full.set_languages(): its column slice leaves the (100k x 140) table in Fortran
        # order, which makes every per-text row gather ~5x slower (measured 0.57 vs 0.15
        # ms/paragraph). Slicing here and asking for C order keeps the model's speed.
        # float32, not the shipped float16: py3langid's matmul casts the gathered rows to
        # float32 on every call (20 of its 80 us a paragraph); the cast is exact, so the
        # scores are the same bit for bit. Costs 28 MB more, shared by forked workers.
        model = _Model(np.ascontiguousarray(full.nb_ptc[:, keep], dtype=np.float32),
                       np.ascontiguousarray(full.nb_pc[keep]),
                       [full.nb_classes[i] for i in keep], full.tk_nextmove, full.tk_output,
                       full.tk_row, _dfa_window(full.tk_nextmove, full.tk_row, full.tk_output))
        _save_model(excluded, model)
    backend = LanguageIdentifier(model.ptc, model.pc, model.classes, model.nextmove,
                                 model.output, norm_probs=True, tk_row=model.row)

    return _Engine(
        backend=backend,
        scorer=_BatchScorer(model) if model.window else None,
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
    window: int  # _dfa_window(); 0: texts are scored one by one by py3langid itself


# The model ships LZMA-compressed: decompressing it is most of a process's start-up (0.4 s
# of ~1 s). The sliced arrays are kept uncompressed in the user's cache folder (~96 MB), one
# .npy file per array, and read from there after the first time (0.19 s from the single
# .npz of format 2, which zip reads and checksums; ~0.05 s from plain .npy files). Any
# problem with that folder only costs the time.
def _cache_dir(excluded: list[str]) -> Path | None:
    try:
        from py3langid.langid import MODEL_DIR, MODEL_FILE

        source = Path(MODEL_DIR) / MODEL_FILE
        stat = source.stat()
        key = hashlib.sha1(json.dumps([str(source), stat.st_size, stat.st_mtime_ns, excluded,
                                       _MODEL_CACHE_FORMAT]).encode()).hexdigest()[:16]
        base = cache_folder()
        return base / f"langid-{key}" if base is not None else None
    except (OSError, RuntimeError, ImportError):
        return None


# 2: float32 table, and the automaton's window (one .npz); 3: the same arrays, one .npy
# file each
_MODEL_CACHE_FORMAT = 3
_CACHED_ARRAYS = ("ptc", "pc", "classes", "nextmove", "output", "row", "window")


def _cached_model(excluded: list[str]) -> _Model | None:
    folder = _cache_dir(excluded)
    if folder is None or not folder.is_dir():
        return None
    try:
        # The table is read into this process's memory (one read, no zip to inflate or
        # checksum): workers forked from it share it without a page fault. A mapping of the
        # file would cost each worker its faults the first time it scores (the first pass
        # over 300 real pages took 0.44 s with a mapped table, 0.28 s with one in memory).
        # The rest is mapped and copied once into the shapes py3langid wants.
        z = {name: np.load(folder / f"{name}.npy", mmap_mode=None if name == "ptc" else "r",
                           allow_pickle=False)
             for name in _CACHED_ARRAYS}
        ptc = z["ptc"]
        if ptc.dtype != np.float32 or ptc.ndim != 2 or not ptc.flags.c_contiguous:
            return None
        # py3langid's own byte loop (short texts) indexes the automaton one byte at a time:
        # an array.array answers that several times faster than a mapped numpy array.
        # numpy's one-letter codes for its integer types are the array module's.
        nextmove = array.array(z["nextmove"].dtype.char)
        nextmove.frombytes(memoryview(z["nextmove"]).cast("B"))
        row = array.array(z["row"].dtype.char)
        row.frombytes(memoryview(z["row"]).cast("B"))
        return _Model(ptc, np.array(z["pc"]), [str(c) for c in z["classes"]], nextmove,
                      z["output"].tolist(), row, int(z["window"]))
    except (OSError, ValueError, KeyError, EOFError, TypeError):
        return None


def _save_model(excluded: list[str], model: _Model) -> None:
    folder = _cache_dir(excluded)
    if folder is None:
        return
    arrays = {"ptc": model.ptc, "pc": model.pc, "classes": np.array(model.classes),
              "nextmove": np.frombuffer(model.nextmove, dtype=model.nextmove.typecode),
              "output": np.array(model.output, dtype=np.int64),
              "row": np.frombuffer(model.row, dtype=model.row.typecode),
              "window": np.array(model.window)}
    tmp = None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, suffix=".tmp"))
        for name, values in arrays.items():
            np.save(tmp / f"{name}.npy", values, allow_pickle=False)
        # The folder appears whole or not at all. One already there is either another
        # process's fresh copy (as good as this one) or a broken one, which is replaced.
        if folder.exists() and _cached_model(excluded) is None:
            shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(OSError):  # lost the race to another writer: theirs stays
            os.rename(tmp, folder)
        # Formats 1 and 2 were single .npz files (68-96 MB) that nothing reads any more.
        for stale in folder.parent.glob("langid-*.npz"):
            stale.unlink(missing_ok=True)
    except OSError:
        LOGGER.debug("language model cache not written", exc_info=True)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


# Joins texts for the batched walk: 0xFF never occurs in UTF-8, so no n-gram holds it, and it
# takes the automaton from any state back to the start (checked by _dfa_window).
_SEPARATOR = b"\xff"


def _dfa_window(nextmove: array.array, row: array.array, output: list[int]) -> int:
    """How many trailing bytes decide the state of py3langid's n-gram automaton; 0 when the
    batched walk can't be used on it.

    The automaton is Aho-Corasick over the model's byte n-grams: after any input, its state
    stands for the longest suffix of the input that begins an n-gram, so the state depends
    only on the last `window` bytes, the length of the longest string a state stands for
    (tests/test_language_batch.py checks this of every transition). That length is a state's
    distance from the start, found breadth-first.
    """
    nm = np.frombuffer(nextmove, dtype=nextmove.typecode)
    rowbase = np.asarray(row, dtype=np.intp) << 8
    n_states = len(output)
    if output[0] >= 0 or np.any(nm[rowbase + _SEPARATOR[0]] != 0):
        return 0  # a separator would not start each text afresh
    seen = np.zeros(n_states, dtype=bool)
    seen[0] = True
    frontier = np.zeros(1, dtype=np.intp)
    every_byte = np.arange(256)
    depth = 0
    while True:
        reached = np.zeros(n_states, dtype=bool)
        reached[nm[(rowbase[frontier, None] + every_byte).ravel()]] = True
        reached &= ~seen
        frontier = np.flatnonzero(reached)
        if not len(frontier):
            return depth
        seen |= reached
        depth += 1


def _py3langid_encode(text: str) -> bytes:
    # What LanguageIdentifier._encode does to a str, which the scores depend on.
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")


class _BatchScorer:
    """py3langid's LanguageIdentifier.classify (norm_probs=True) for many texts in one numpy
    pass: the same (label, confidence) for each text, bit for bit.

    py3langid walks its automaton byte by byte in Python and then makes ~15 numpy calls per
    text; on a ~150-character paragraph those fixed costs are most of the ~80 us. Here the
    walk is vectorised over every byte of every text at once, and the calls are made once per
    batch. What makes the numbers identical: each text's features are summed in the order
    py3langid sums them (first occurrence, a Counter's order) by one matrix-vector product
    over the same float32 operands, and the temperature, softmax and alias folding are
    py3langid's own operations done row by row.
    """

    # Texts scored together at most: bounds the arrays, and keeps the int64 sort keys of
    # _score far from overflowing (texts reach the scorer cut to backend.yaml:max_chars).
    _CHUNK = 256

    def __init__(self, model: _Model) -> None:
        self._table = model.ptc
        self._prior = model.pc
        self._classes = model.classes
        self._nextmove = np.frombuffer(model.nextmove, dtype=model.nextmove.typecode)
        self._rowbase = np.asarray(model.row, dtype=np.intp) << 8
        self._output = np.asarray(model.output, dtype=np.intp)
        self._window = model.window
        self._padding = _SEPARATOR * (model.window - 1)
        # A label the model has twice (a script alias) has its second column folded into
        # the first, as LanguageIdentifier._set_alias_pairs arranges.
        first: dict[str, int] = {}
        self._alias_pairs: list[tuple[int, int]] = []
        for i, label in enumerate(model.classes):
            if label in first:
                self._alias_pairs.append((first[label], i))
            else:
                first[label] = i

    def classify_many(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        answers: list[tuple[str, float]] = []
        for lo in range(0, len(texts), self._CHUNK):
            encoded = [_py3langid_encode(t) for t in texts[lo : lo + self._CHUNK]]
            scores = self._score(encoded)
            top = scores.argmax(axis=1)
            confidence = scores[np.arange(len(encoded)), top]
            answers += [(self._classes[i], c)
                        for i, c in zip(top.tolist(), confidence.tolist(), strict=True)]
        return answers

    def _score(self, encoded: list[bytes]) -> np.ndarray:
        """Probabilities, one row per text, as LanguageIdentifier._decide returns them."""
        m, window, n_features = len(encoded), self._window, self._table.shape[0]
        # One position per byte of each text and per separator after it.
        data = np.frombuffer(self._padding + _SEPARATOR.join(encoded) + _SEPARATOR,
                             dtype=np.uint8)
        n = len(data) - (window - 1)
        lengths = [len(e) for e in encoded]
        starts = np.fromiter(accumulate(lengths[:-1], lambda s, k: s + k + 1, initial=0),
                             dtype=np.intp, count=m)  # each text's first position

        # The automaton's state at each position, from the window of bytes ending there
        # (see _dfa_window): `window` vectorised steps instead of a Python loop per byte.
        rowbase, nextmove = self._rowbase, self._nextmove
        index = data[:n].astype(np.intp)
        index += rowbase[0]
        state = nextmove.take(index)
        for j in range(1, window):
            rowbase.take(state, out=index)
            index += data[j : j + n]
            nextmove.take(index, out=state)
        features = self._output.take(state)  # -1 where no n-gram ends (and at separators)

        # Count each (text, feature); a sort groups the occurrences, earliest first.
        pos = np.flatnonzero(features >= 0)
        text_of = np.searchsorted(starts, pos, side="right") - 1
        code = np.sort((text_of * n_features + features[pos]) * n + pos)
        key = code // n
        bound = np.ones(len(key) + 1, dtype=bool)  # where a group starts, and the end
        np.not_equal(key[1:], key[:-1], out=bound[1:-1])
        bound_at = np.flatnonzero(bound)
        group, counts = bound_at[:-1], bound_at[1:] - bound_at[:-1]
        first_pos = code[group] - key[group] * n
        # py3langid sums a text's features in order of first occurrence; so do we, so
        # that the float32 sums round the same way.
        code = np.sort(first_pos * (n + 1) + counts)
        first_pos = code // (n + 1)
        counts = code - first_pos * (n + 1)
        weights = np.log1p(counts.astype(np.float32))
        rows = self._table.take(features[first_pos], axis=0)
        bounds = np.searchsorted(first_pos, starts).tolist() + [len(first_pos)]

        scores = np.zeros((m, len(self._prior)), dtype=np.float32)
        for r in range(m):
            a, z = bounds[r], bounds[r + 1]
            if a < z:  # no feature at all: scores stay 0, py3langid's uniform answer
                np.matmul(weights[a:z], rows[a:z], out=scores[r])
                scores[r] += self._prior
        # Temperature sqrt(bytes), softmax and alias folding, as in _decide.
        scores *= np.array([1.0 / math.sqrt(k or 1) for k in lengths],
                           dtype=np.float32)[:, None]
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        for i, j in self._alias_pairs:
            scores[:, i] += scores[:, j]
            scores[:, j] = 0.0
        return scores


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

    def __init__(self, lowered: str, letters: dict[str, int], n_letters: int) -> None:
        self.lowered = lowered
        self.letters = letters  # lowercase letter -> count
        self.n_letters = n_letters
        self._tokens: list[str] | None = None

    def count(self, group: frozenset[str]) -> int:
        get = self.letters.get
        return sum(get(c, 0) for c in group)

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
    return identify_many([text])[0]


def identify_many(texts: Sequence[str]) -> list[LanguageGuess]:
    """identify() of each text, the same answers, with the model run once over them all.

    For the paragraphs of a document: much of the model's cost is per call, not per byte, so
    a batch is cheaper (~60 vs ~100 us a news paragraph, benchmarks/LANGUAGE.md).
    """
    eng = _engine()
    guesses: list[LanguageGuess] = []
    pending: list[tuple[int, str, str, _Evidence]] = []  # (index, cleaned text, script, ...)
    for text in texts:
        if not isinstance(text, str):
            guesses.append(LanguageGuess(UNDETERMINED, UNDETERMINED_SCRIPT, 0.0))
            continue
        cleaned = _clean(_sample(text, eng.max_chars))
        # Script from the text as written (what detect_script sees); the rules read
        # lowercase letters, counted in the same pass.
        per_script, lowered_letters, n_letters = letter_profile(cleaned)
        script = dominant_script(per_script)
        ev = _Evidence(cleaned.lower(), lowered_letters, n_letters)
        if n_letters < eng.min_letters:
            guesses.append(_short_text_guess(eng, script, ev))
        else:
            pending.append((len(guesses), cleaned, script, ev))
            guesses.append(_PENDING)  # scored below, with the others
    if pending:
        answers = _classify_many(eng, [cleaned for _, cleaned, _, _ in pending])
        for (i, _, script, ev), answer in zip(pending, answers, strict=True):
            guesses[i] = (LanguageGuess(UNDETERMINED, script, 0.0) if answer is None
                          else _model_guess(eng, script, ev, *answer))
    return guesses


_PENDING = LanguageGuess(UNDETERMINED, UNDETERMINED_SCRIPT, 0.0)


def _short_text_guess(eng: _Engine, script: str, ev: _Evidence) -> LanguageGuess:
    found = {r.lang: r for r in eng.decisive if _matches(r, script, None, ev)}
    if len(found) == 1:
        rule = next(iter(found.values()))
        return LanguageGuess(rule.lang, script, rule.confidence)
    return LanguageGuess(UNDETERMINED, script, 0.0)


# Below this many characters in all, a batch is scored text by text (see _classify_many).
_BATCH_MIN_CHARS = 160


def _classify_many(eng: _Engine, texts: list[str]) -> list[tuple[str, float] | None]:
    """The backend's (label, confidence) for each text; None where it failed."""
    # The batched pass has a fixed cost (~50 us) that py3langid's byte loop only exceeds on
    # a few hundred bytes; below that, one by one is cheaper. Both give the same numbers.
    if eng.scorer is not None and sum(map(len, texts)) >= _BATCH_MIN_CHARS:
        try:
            return list(eng.scorer.classify_many(texts))
        except Exception:  # numpy on arbitrary input: fall back to py3langid, text by text
            LOGGER.debug("batched language scoring failed", exc_info=True)
    answers: list[tuple[str, float] | None] = []
    for text in texts:
        try:
            answers.append(eng.backend.classify(text))
        except Exception:  # third-party code on arbitrary input: degrade, never propagate
            LOGGER.debug("py3langid failed on input", exc_info=True)
            answers.append(None)
    return answers


def _model_guess(eng: _Engine, script: str, ev: _Evidence, top: str, confidence: float
                 ) -> LanguageGuess:
    if top in eng.undetermined:
        return LanguageGuess(UNDETERMINED, script, 0.0)
    rules = eng.override_index.get((script, top))
    if rules is None:
        rules = tuple(r for r in eng.overrides
                      if r.script == script and (r.backend is None or top in r.backend))
        eng.override_index[(script, top)] = rules
    for rule in rules:
        if _matches(rule, script, top, ev):
            return LanguageGuess(rule.lang, script, rule.confidence)
    return LanguageGuess(str(top), script, max(0.0, min(1.0, float(confidence))))
