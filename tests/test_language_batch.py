"""identify_many() and the batched scorer behind it: the same answers as identify() text by
text and as py3langid itself (bit for bit), on every language we read and on hostile input;
and annotate_language(), which now scores a document's paragraphs in one batch.
"""

from __future__ import annotations

import importlib
import threading
from pathlib import Path

import numpy as np
import pytest
import yaml

import bilateral.pipeline as pipeline
from bilateral.language import LanguageGuess, identify, identify_many
from bilateral.model import Document, Paragraph

# (bilateral.language.identify is also the name of the function the package exports)
ident = importlib.import_module("bilateral.language.identify")

PARAGRAPHS = [item["text"] for item in yaml.safe_load(
    (Path(__file__).parent / "data" / "language" / "paragraphs.yaml").read_text("utf-8"))]

# One sentence per language and script, the same news in each, and the label it must get.
SENTENCES = {
    ("az", "Latn"): "Azərbaycan və Qazaxıstan arasında ticarət dövriyyəsi ötən il əhəmiyyətli "
                    "dərəcədə artıb, tərəflər yeni nəqliyyat dəhlizinin açılmasını müzakirə "
                    "ediblər.",
    ("kk", "Cyrl"): "Қазақстан мен Әзербайжан арасындағы сауда көлемі былтыр айтарлықтай "
                    "өсті, тараптар жаңа көлік дәлізін ашу мәселесін талқылады.",
    ("kk", "Latn"): "Qazaqstan men Ázerbaıjan arasyndaǵy saýda kólemi byltyr aıtarlyqtaı "
                    "ósti, taraptar jańa kólik dálizin ashý máselesin talqylady.",
    ("ru", "Cyrl"): "Товарооборот между Казахстаном и Азербайджаном в прошлом году заметно "
                    "вырос, стороны обсудили открытие нового транспортного коридора.",
    ("tr", "Latn"): "Kazakistan ile Azerbaycan arasındaki ticaret hacmi geçen yıl önemli "
                    "ölçüde arttı, taraflar yeni bir ulaşım koridorunun açılmasını görüştü.",
    ("en", "Latn"): "Trade between Kazakhstan and Azerbaijan grew markedly last year, and the "
                    "two sides discussed opening a new transport corridor across the Caspian.",
    ("uz", "Latn"): "Qozogʻiston va Ozarbayjon oʻrtasidagi savdo hajmi oʻtgan yili sezilarli "
                    "darajada oshdi, tomonlar yangi transport yoʻlagini ochishni muhokama "
                    "qildi.",
    ("uz", "Cyrl"): "Қозоғистон ва Озарбайжон ўртасидаги савдо ҳажми ўтган йили сезиларли "
                    "даражада ошди, томонлар янги транспорт йўлагини очишни муҳокама қилди.",
    ("ky", "Cyrl"): "Казакстан менен Азербайжандын ортосундагы соода көлөмү өткөн жылы "
                    "байкаларлык өстү, тараптар жаңы транспорт коридорун ачууну талкуулашты.",
}

HOSTILE = [
    "",
    " ",
    "\n\t\r",
    "1234567890",
    "12.03.2024 15:00 — 100 000 ₸, +7 (727) 555-01-02",
    "\x00\x01\x02\x1f\x7f\x9f",
    "\ud800\udfff lone surrogates \udc00",
    "\u200b\u200f\u202e\ufeff\u00ad",
    "🙂" * 60,
    "ə",
    "Ұлттық банк",
    "Oʻzbekiston",
    "ПРЕЗИДЕНТ КАЗАХСТАНА ПРИБЫЛ В БАКУ С ГОСУДАРСТВЕННЫМ ВИЗИТОМ",  # all capitals
    "Азербайджан\x00и\x07Казахстан\x1fподписали\x0bсоглашение о торговле и транспорте.",
    "Bakı\u200b şəhərində\u00ad keçirilən görüşdə\ufeff tərəflər razılığa gəliblər.",
    "qwrtp zxcvb mnbvc lkjhg pstrk " * 5,  # letter soup
    "a\u0301b\u0301c\u0301 " * 20,  # combining marks, NFC-composed on the way
    "ﷺ ﷻ ﬁ ﬂ Ⅻ ⅻ ǅ İstanbul K Å",  # compatibility and odd-case letters
    "\xff\xfe non-ASCII Latin-1 ÿ þ ð",
]


def huge(text: str, size: int) -> str:
    return (text + " ") * (size // (len(text) + 1) + 1)


def test_each_language_is_identified_the_same_alone_and_in_a_batch() -> None:
    texts = list(SENTENCES.values())
    batch = identify_many(texts)
    assert batch == [identify(t) for t in texts]
    assert [(g.lang, g.script) for g in batch] == list(SENTENCES)
    for text in texts:
        assert identify_many([text]) == [identify(text)]


def test_hostile_input_is_identified_the_same_alone_and_in_a_batch() -> None:
    assert identify_many(HOSTILE) == [identify(t) for t in HOSTILE]
    assert identify_many([]) == []
    for text in HOSTILE:
        assert identify_many([text, SENTENCES[("ru", "Cyrl")]]) == [
            identify(text), identify(SENTENCES[("ru", "Cyrl")])]


def test_non_str_items_are_und_and_do_not_disturb_the_others() -> None:
    text = SENTENCES[("az", "Latn")]
    out = identify_many([None, text, 42, b"bytes"])  # type: ignore[list-item]
    assert out[0] == out[2] == out[3] == LanguageGuess("und", "Zyyy", 0.0)
    assert out[1] == identify(text)


def test_huge_texts_in_a_batch() -> None:
    texts = [huge(SENTENCES[("kk", "Cyrl")], 300_000), SENTENCES[("en", "Latn")],
             huge(SENTENCES[("tr", "Latn")] + " " + SENTENCES[("ru", "Cyrl")], 50_000),
             huge("x", 20_000)]
    assert identify_many(texts) == [identify(t) for t in texts]


def test_a_mix_in_any_order_gets_the_same_answers() -> None:
    texts = PARAGRAPHS + list(SENTENCES.values()) + HOSTILE
    expected = [identify(t) for t in texts]
    assert identify_many(texts) == expected
    assert identify_many(texts[::-1]) == expected[::-1]
    # a document's worth at a time, as annotate_language() calls it
    for lo in range(0, len(texts), 7):
        assert identify_many(texts[lo : lo + 7]) == expected[lo : lo + 7]
    assert identify_many(texts + texts) == expected + expected


def test_many_threads_get_the_same_answers() -> None:
    texts = PARAGRAPHS[:40]
    expected = identify_many(texts)
    results: list[list[LanguageGuess]] = []

    def work() -> None:
        for _ in range(3):
            results.append(identify_many(texts))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 12 and all(r == expected for r in results)


# -- the batched scorer against py3langid -------------------------------------------------

@pytest.fixture(scope="module")
def py3langid_as_shipped():  # type: ignore[no-untyped-def]
    """Our identifier as py3langid builds it, with the float16 table it ships (the engine
    holds a float32 copy; float16 -> float32 -> float16 is exact)."""
    from py3langid.langid import LanguageIdentifier

    b = ident._engine().backend
    return LanguageIdentifier(b.nb_ptc.astype(np.float16), b.nb_pc, b.nb_classes,
                              b.tk_nextmove, b.tk_output, norm_probs=True, tk_row=b.tk_row)


def scorer_inputs() -> list[str]:
    # What reaches the scorer is cleaned text of 20+ letters, but it must be right on any str.
    return (PARAGRAPHS + list(SENTENCES.values()) + HOSTILE
            + [huge(SENTENCES[("uz", "Cyrl")], 6000), "", "\x00", "   ", "0" * 500])


def test_the_scorer_gives_py3langids_numbers_bit_for_bit(py3langid_as_shipped) -> None:  # type: ignore[no-untyped-def]
    scorer = ident._engine().scorer
    assert scorer is not None
    texts = scorer_inputs()
    expected = [py3langid_as_shipped.classify(t) for t in texts]
    assert scorer.classify_many(texts) == expected
    assert [scorer.classify_many([t])[0] for t in texts] == expected
    # the one-by-one path for short batches (py3langid on the float32 table) as well
    assert [ident._engine().backend.classify(t) for t in texts] == expected


def test_the_scorer_cuts_long_batches_into_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    scorer = ident._engine().scorer
    texts = scorer_inputs()
    whole = scorer.classify_many(texts)
    monkeypatch.setattr(ident._BatchScorer, "_CHUNK", 3)
    assert scorer.classify_many(texts) == whole


def test_a_failing_scorer_falls_back_to_py3langid(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = list(SENTENCES.values())
    expected = identify_many(texts)

    def broken(self: object, texts: list[str]) -> list[tuple[str, float]]:
        raise MemoryError("no room for the batch")

    monkeypatch.setattr(ident._BatchScorer, "classify_many", broken)
    assert identify_many(texts) == expected


def test_the_automaton_state_depends_only_on_the_last_window_bytes() -> None:
    """What the batched walk relies on, proved for every transition of the model's
    automaton: it is Aho-Corasick (after any input, the state is the one whose label is the
    longest suffix of the input among the labels), so the state after a byte depends only on
    the last `window` bytes, and 0xFF sends every state back to the start.

    Labels are the breadth-first paths; then, by induction on the length of the input, it
    suffices that each non-tree transition from q on c goes where the transition on c from
    fail(q) goes (fail(q): the state reached from the start on q's label without its first
    byte), and from the start, back to the start.
    """
    b = ident._engine().backend
    nm = np.frombuffer(b.tk_nextmove, dtype=b.tk_nextmove.typecode)
    rowbase = np.asarray(b.tk_row, dtype=np.int64) << 8
    n_states = len(b.tk_output)
    every_byte = np.arange(256)

    parent = np.full(n_states, -1, dtype=np.int64)
    via = np.zeros(n_states, dtype=np.int64)  # last byte of the label
    depth = np.full(n_states, -1, dtype=np.int64)
    depth[0] = 0
    frontier = np.zeros(1, dtype=np.int64)
    while len(frontier):
        src = np.repeat(frontier, 256)
        byte = np.tile(every_byte, len(frontier))
        dst = nm[rowbase[src] + byte].astype(np.int64)
        fresh = depth[dst] < 0
        dst, first = np.unique(dst[fresh], return_index=True)
        parent[dst], via[dst] = src[fresh][first], byte[fresh][first]
        depth[dst] = depth[src[fresh][first]] + 1
        frontier = dst
    assert (depth >= 0).all()
    window = int(depth.max())
    assert ident._engine().scorer._window == window

    # labels as a byte matrix (row: state), a parent's label and one more byte
    labels = np.zeros((n_states, window), dtype=np.int64)
    for d in range(1, window + 1):
        at = depth == d
        labels[at] = labels[parent[at]]
        labels[at, d - 1] = via[at]

    fail = np.zeros(n_states, dtype=np.int64)  # walk each label without its first byte
    for d in range(1, window):
        on = depth > d
        fail[on] = nm[rowbase[fail[on]] + labels[on, d]]
    for lo in range(0, n_states, 8192):
        q = np.arange(lo, min(lo + 8192, n_states))
        goes = nm[rowbase[q][:, None] + every_byte].astype(np.int64)
        tree = (parent[goes] == q[:, None]) & (via[goes] == every_byte)
        via_fail = nm[rowbase[fail[q]][:, None] + every_byte].astype(np.int64)
        via_fail[q == 0] = 0  # from the start, a byte that begins no label stays there
        assert (goes[~tree] == via_fail[~tree]).all()
    assert (nm[rowbase + 0xFF] == 0).all() and b.tk_output[0] < 0


# -- annotate_language --------------------------------------------------------------------

def documents() -> list[Document]:
    s = SENTENCES
    bodies = [
        "\n\n".join([s[("az", "Latn")], s[("az", "Latn")].upper(), s[("az", "Latn")]]),
        "\n\n".join([s[("az", "Latn")], s[("ru", "Cyrl")], s[("az", "Latn")],
                     s[("ru", "Cyrl")]]),
        "\n\n".join([s[("kk", "Latn")], "12.03.2024", s[("en", "Latn")], "Bakı",
                     s[("kk", "Cyrl")]]),
        "\n\n".join(s.values()),
        s[("ky", "Cyrl")],
        "Ұлттық банк",
        "\n\n  \n\n" + s[("uz", "Latn")] + "\n\n\n" + s[("uz", "Cyrl")] + "\n\n",
        "\n\n".join([s[("tr", "Latn")]] * 40),
    ]
    return [Document(uri=f"doc{i}", source_format="txt", text=body)
            for i, body in enumerate(bodies)]


def paragraph_by_paragraph(doc: Document) -> tuple[Paragraph, ...]:
    """What annotate_language() gave before it batched: identify() on each paragraph."""
    out = []
    for start, end in pipeline.split_paragraphs(doc.text):
        guess = identify(doc.text[start:end])
        out.append(Paragraph(start, end, guess.lang, guess.script))
    return tuple(out)


@pytest.mark.parametrize("doc", documents(), ids=lambda d: d.uri)
def test_annotate_language_gives_the_same_paragraphs_as_one_by_one(doc: Document) -> None:
    out = pipeline.annotate_language(doc)
    assert out.paragraphs == paragraph_by_paragraph(doc)


def test_annotate_language_labels() -> None:
    docs = {d.uri: pipeline.annotate_language(d) for d in documents()}
    assert [p.lang for p in docs["doc1"].paragraphs] == ["az", "ru", "az", "ru"]
    assert [(p.lang, p.script) for p in docs["doc2"].paragraphs] == [
        ("kk", "Latn"), ("und", "Zyyy"), ("en", "Latn"), ("und", "Latn"), ("kk", "Cyrl")]
    assert [(p.lang, p.script) for p in docs["doc3"].paragraphs] == list(SENTENCES)
    assert (docs["doc0"].lang, docs["doc0"].script) == ("az", "Latn")
    assert (docs["doc4"].lang, docs["doc4"].script) == ("ky", "Cyrl")
    assert docs["doc5"].lang == "kk"
    assert [p.lang for p in docs["doc6"].paragraphs] == ["uz", "uz"]


def test_a_document_is_one_batch_and_a_whole_text_pass_only_when_mixed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    batches: list[int] = []
    wholes: list[int] = []
    real_many, real_one = pipeline.identify_many, pipeline.identify

    def counting_many(texts: list[str]) -> list[LanguageGuess]:
        batches.append(len(texts))
        return real_many(texts)

    def counting_one(text: str) -> LanguageGuess:
        wholes.append(len(text))
        return real_one(text)

    monkeypatch.setattr(pipeline, "identify_many", counting_many)
    monkeypatch.setattr(pipeline, "identify", counting_one)
    mixed, agreeing = documents()[1], documents()[0]
    out = pipeline.annotate_language(mixed)
    assert [p.lang for p in out.paragraphs] == ["az", "ru", "az", "ru"]
    assert batches == [4] and wholes == [len(mixed.text)]  # the paragraphs, then the whole
    assert out.lang in ("az", "ru")
    batches.clear()
    wholes.clear()
    pipeline.annotate_language(agreeing)
    assert batches == [3] and wholes == []  # the paragraphs agree: no whole-text pass


# -- the model cache ----------------------------------------------------------------------

def test_the_cache_keeps_the_float32_table_and_the_window(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    shipped = ident._build_engine()  # no cache yet: decompressed, then written
    cached = ident._build_engine()
    assert cached.backend.nb_ptc.dtype == np.float32
    assert cached.scorer is not None and shipped.scorer is not None
    assert cached.scorer._window == shipped.scorer._window > 0
    texts = scorer_inputs()
    assert cached.scorer.classify_many(texts) == shipped.scorer.classify_many(texts)
