"""The per-document stages in order: clean, language, mentions. A pure function of one
document (and the package's reference data), so it can run in any worker process."""

from __future__ import annotations

import bisect
import itertools
import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from bilateral.clean import clean
from bilateral.extract.dates import find_dates
from bilateral.extract.entities import find_entity_mentions
from bilateral.extract.events import find_events, pledge_events
from bilateral.extract.figures import find_figures
from bilateral.extract.sentences import split_sentences
from bilateral.language import identify, identify_many
from bilateral.model import Document, Mention, Paragraph, ReadProblem
from bilateral.textutil import WORD_RE, normalize

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Language is judged on the first stretch of the body: enough for a confident answer, and a
# 20 MB document costs no more than a short one.
_LANGUAGE_SAMPLE_CHARS = 5000


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        if text[start : brk.start()].strip():
            spans.append((start, brk.start()))
        start = brk.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def annotate_language(doc: Document) -> Document:
    """Language and script of the document and of each of its paragraphs."""
    paragraphs = []
    weights: Counter[tuple[str, str]] = Counter()
    spans = split_paragraphs(doc.text)
    # All paragraphs in one model pass: the model's cost per call is mostly fixed.
    guesses = identify_many([doc.text[start:end] for start, end in spans])
    for (start, end), guess in zip(spans, guesses, strict=True):
        paragraphs.append(Paragraph(start, end, guess.lang, guess.script))
        if guess.lang != "und":
            weights[(guess.lang, guess.script)] += end - start
    lang, script = _document_language(doc.text, weights)
    if lang == "und" and doc.meta.get("declared_lang"):
        # A feed or record that states its language is believed only when the text can't say.
        lang = str(doc.meta["declared_lang"]).split("-")[0].lower()
    return replace(doc, lang=lang, script=script, paragraphs=tuple(paragraphs))


def _document_language(text: str, weights: Counter[tuple[str, str]]) -> tuple[str, str]:
    """The paragraphs' verdict when it is clear (one language for nearly all of enough
    text: a second pass of the model over the same text would say the same); otherwise the
    model on the first stretch of the whole text, then the paragraphs' majority."""
    total = sum(weights.values())
    if weights:
        (lang, script), chars = weights.most_common(1)[0]
        if total >= _CLEAR_VERDICT_CHARS and chars >= _CLEAR_VERDICT_SHARE * total:
            return lang, script
    whole = identify(text[:_LANGUAGE_SAMPLE_CHARS])
    if whole.lang == "und" and weights:
        return weights.most_common(1)[0][0]
    return whole.lang, whole.script


# A document whose paragraphs agree on one language for 90 % of at least 400 characters
# takes that language without a whole-text pass (measured in benchmarks/LANGUAGE.md).
_CLEAR_VERDICT_CHARS = 400
_CLEAR_VERDICT_SHARE = 0.9


def extract_mentions(doc: Document) -> Document:
    """Entities, roles and dates named in the body, sorted by position, never overlapping
    (a name wins over a date that overlaps it: 'Mart' is also a month)."""
    names = sorted(find_entity_mentions(doc.text, doc.published, lang=doc.lang),
                   key=lambda m: m.start)
    dates = find_dates(doc.text, doc.published, doc.lang)
    # Names do not overlap one another: the one starting last before a date's end is the
    # only one that can overlap it (a binary search, not a scan per date).
    starts = [m.start for m in names]
    merged: list[Mention] = list(names)
    for d in dates:
        i = bisect.bisect_left(starts, d.end) - 1
        if i < 0 or names[i].end <= d.start:
            merged.append(d)
    merged.sort(key=lambda m: (m.start, m.end))
    return replace(doc, mentions=tuple(merged))


def extract_events(doc: Document) -> Document:
    """PLOVER event candidates of each sentence, with the sentence as evidence, and the
    figures and pledges; a pledge between the two sides is also an AGREE event."""
    sentences = split_sentences(doc.text)
    mentions = list(doc.mentions)
    events = find_events(doc.text, sentences, mentions, doc.published, doc.uri, doc.lang)
    figures = find_figures(doc.text, sentences, mentions, doc.published, doc.uri, doc.lang)
    events += pledge_events(doc.text, figures, events, mentions, doc.published, doc.uri,
                            doc.lang)
    events.sort(key=lambda e: (e.evidence.start, e.type))
    return replace(doc, events=tuple(events), figures=tuple(figures))


# Fewer words than this after cleaning is a page of navigation, not an article.
MIN_ARTICLE_WORDS = 12


def process(doc: Document, *, clean_text: bool = True) -> Document | ReadProblem:
    """Clean, identify and annotate one document; a document with no text left is a
    problem. `clean_text=False` takes the text as an already clean body."""
    result: Document | ReadProblem = doc
    for stage in _stages(clean_text):
        result = stage(result)
        if isinstance(result, ReadProblem):
            break
    return result


# Documents analysed together by process_many, where a caller groups them (ingest's
# workers, the Spark job): stage by stage, 16 took 20 % less CPU than one by one, 4 took 16 %
# less (benchmarks/SCALING.md).
DOCUMENTS_PER_STEP = 16


def process_many(docs: Sequence[Document | ReadProblem], *, catch: bool = False
                 ) -> list[Document | ReadProblem]:
    """process() over several documents, stage by stage: every document is cleaned, then
    every one identified, and so on. The results are process()'s, for ~20 % less CPU than
    document by document: one stage's code and data stay in the processor's caches while it
    runs over all of them (measured in benchmarks/SCALING.md). With `catch`, an exception
    in one document's stage makes that document a ReadProblem and the others go on. A
    ReadProblem among `docs` keeps its place in the list, untouched."""
    out: list[Document | ReadProblem] = list(docs)
    for stage in _stages(True):
        for i, doc in enumerate(out):
            if isinstance(doc, ReadProblem):
                continue
            try:
                out[i] = stage(doc)
            except Exception as exc:
                if not catch:
                    raise
                out[i] = analysis_problem(doc.uri, exc)
    return out


def analysis_problem(uri: str, exc: Exception) -> ReadProblem:
    """A document one of whose stages raised: reported and skipped, not fatal."""
    return ReadProblem(uri, f"could not be analysed ({type(exc).__name__}: {exc})")


def _stages(clean_text: bool) -> tuple[Callable[[Document], Document | ReadProblem], ...]:
    first = clean if clean_text else _as_clean
    # Text given as clean (sentence lists, `analyze --no-clean`) may be one short sentence.
    enough = _article_words if clean_text else _any_words
    return (first, enough, annotate_language, extract_mentions, extract_events)


def _as_clean(doc: Document) -> Document:
    return replace(doc, text=normalize(doc.text))


def _article_words(doc: Document) -> Document | ReadProblem:
    return _enough_words(doc, MIN_ARTICLE_WORDS)


def _any_words(doc: Document) -> Document | ReadProblem:
    return _enough_words(doc, 1)


def _enough_words(doc: Document, minimum: int) -> Document | ReadProblem:
    # Counted up to `minimum` only: the whole text's words were ~2 % of a document's cost.
    n_words = sum(1 for _ in itertools.islice(WORD_RE.finditer(doc.text), minimum))
    if n_words < minimum:
        return ReadProblem(doc.uri, f"no article text found ({n_words} words left after "
                                    "removing page furniture)")
    return doc


_warm = False  # this process has run warm()


def warm() -> None:
    """Pay the start-up cost once per process: registry, alias index, lexicons, the
    language model, and the grammars of every supported language (built on first use)."""
    global _warm
    if _warm:
        return
    # Decompressing the language model releases the GIL: it loads in a thread while this
    # one compiles the grammars (about 0.3 s of the second saved).
    model = threading.Thread(target=identify, args=("warm-up",), daemon=True)
    model.start()
    docs = [Document(uri="warm-up", source_format="txt", text=text, published="2024-03-11",
                     lang=lang) for lang, text in _WARM_UP_TEXTS]
    for doc in docs:
        clean(doc)
        extract_events(extract_mentions(doc))
    model.join()
    for doc in docs:
        annotate_language(doc)
    _warm = True


_WARM_UP_TEXTS = (
    ("az", "Qazaxıstan Prezidenti Qasım-Jomart Tokayev martın 11-də Bakıya dövlət səfəri ilə "
           "gəlib və 5 sənəd imzalanıb."),
    ("kk", "Қазақстан Президенті Қасым-Жомарт Тоқаев 11 наурызда Бакуге мемлекеттік сапармен "
           "барды, 5 құжатқа қол қойылды."),
    ("kk", "Qazaqstan Prezıdenti Qasym-Jomart Toqaev 11 naýryzda Bakýge memlekettik saparmen "
           "bardy."),
    ("ru", "Президент Казахстана 11 марта прибыл в Баку с государственным визитом; подписано "
           "5 документов на 100 млн долларов."),
    ("tr", "Kazakistan Cumhurbaşkanı 11 Mart'ta Bakü'ye resmi ziyarette bulundu ve 5 belge "
           "imzalandı."),
    ("en", "Kazakh President Kassym-Jomart Tokayev arrived in Baku on 11 March for a state "
           "visit; five documents worth $100 million were signed."),
)
