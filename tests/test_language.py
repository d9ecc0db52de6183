"""Tests for bilateral.language: accuracy on our own paragraphs, the confusions that must
never happen, short and hostile input, and speed.

Figures seen when written (benchmarks/LANGUAGE.md): 136/136 paragraphs right, i.e. 1.00 on
every language/script set, including 27/27 on the held-out batch; ~0.14 ms a paragraph.
"""

from __future__ import annotations

import dataclasses
import time
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilateral.language import LanguageGuess, detect_script, identify

DATA = Path(__file__).parent / "data" / "language" / "paragraphs.yaml"
ITEMS: list[dict] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
SETS: dict[str, list[dict]] = defaultdict(list)
for _item in ITEMS:
    SETS[f"{_item['lang']}-{_item['script']}"].append(_item)

REQUIRED_SETS = [
    "az-Latn",
    "kk-Cyrl",
    "kk-Latn",
    "ru-Cyrl",
    "tr-Latn",
    "en-Latn",
    "uz-Latn",
    "uz-Cyrl",
    "ky-Cyrl",
]


def test_every_required_set_has_ten_paragraphs_with_short_and_mixed_ones() -> None:
    for key in REQUIRED_SETS:
        assert len(SETS[key]) >= 10, key
        assert any(i["kind"] == "short" for i in SETS[key]), key
    assert sum(i["kind"] == "mixed" for i in ITEMS) >= 9


@pytest.mark.parametrize("key", REQUIRED_SETS)
def test_accuracy_per_language_and_script(key: str) -> None:
    # Every paragraph here is at least one sentence; 1.00 on each set was observed.
    items = SETS[key]
    wrong = [
        (i["text"][:60], identify(i["text"]).lang)
        for i in items
        if identify(i["text"]).lang != i["lang"]
    ]
    accuracy = 1 - len(wrong) / len(items)
    assert accuracy >= 0.9, wrong


def test_azerbaijani_is_never_turkish() -> None:
    assert all(identify(i["text"]).lang != "tr" for i in SETS["az-Latn"])


def test_kazakh_is_never_russian_or_kyrgyz() -> None:
    for item in SETS["kk-Cyrl"] + SETS["kk-Latn"]:
        assert identify(item["text"]).lang not in {"ru", "ky"}, item["text"]


def test_kyrgyz_and_turkish_are_not_taken_for_kazakh_or_azerbaijani() -> None:
    assert all(identify(i["text"]).lang != "kk" for i in SETS["ky-Cyrl"])
    assert all(identify(i["text"]).lang != "az" for i in SETS["tr-Latn"])


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: f"{i['lang']}-{i['script']}")
def test_script_is_right(item: dict) -> None:
    assert detect_script(item["text"]) == item["script"]
    assert identify(item["text"]).script == item["script"]


@pytest.mark.parametrize(
    "text",
    [
        "Qazaqstan Prezıdenti Toqaev bıyl 20-21 qazan kúnderi Ázerbaıjanǵa barady.",
        "Qazaqstannyń syrtqy saıasatynda Ázerbaıjanmen yntymaqtastyq mańyzdy oryn alady.",
        "Qazaqstan men Äzerbaijan arasyndağy saudanyñ kölemi ösip keledi dep atap ötti.",
    ],
)
def test_kazakh_latin_both_alphabets(text: str) -> None:
    assert identify(text).lang == "kk"
    assert identify(text).script == "Latn"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ə", "az"),
        ("Əliyev", "az"),
        ("Oʻzbekiston", "uz"),
        ("Ўзбекистон", "uz"),
        ("Mańǵystaý", "kk"),
        ("Ұлттық банк", "kk"),
    ],
)
def test_short_text_settled_by_a_distinctive_letter(text: str, lang: str) -> None:
    assert identify(text).lang == lang


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\t",
        "12345 678",
        "!!!???",
        "Hello",
        "Bakı",
        "Türkiye",
        "Привет",
        "Астана",
        "Қазақстан",
        "O'Brien",
        "\x00\x01\x02",
        "\ud800\udfff",
        "\u200f\u202e\u200b\ufeff",
        "🙂🙂🙂",
        "ab\u200bcd",
        "\u0301\u0301",
        "https://example.org/a?b=1",
    ],
)
def test_short_empty_and_garbage_input_is_und(text: str) -> None:
    guess = identify(text)
    assert guess.lang == "und"
    assert guess.confidence == 0.0


def test_no_letters_is_script_zyyy() -> None:
    assert detect_script("") == "Zyyy"
    assert detect_script("2024-10-21 12:00 !!!") == "Zyyy"
    assert identify("2024-10-21").script == "Zyyy"


def test_other_scripts() -> None:
    assert detect_script("رئیس جمهور قزاقستان با همتای آذربایجانی خود دیدار کرد") == "Arab"
    assert detect_script("ლიდერებმა ხელი მოაწერეს") == "Geor"
    assert detect_script("哈萨克斯坦总统访问巴库") == "Hani"
    # Majority decides: a Russian sentence with one Latin acronym is Cyrillic.
    assert detect_script("Конференция COP29 прошла в Баку") == "Cyrl"


def test_neighbours_are_not_hijacked_by_the_rules() -> None:
    # Letters shared with Kazakh (і, ә, ý, á) must not pull these to 'kk'.
    uk = "Президент України провів зустріч з делегацією Казахстану та обговорив співпрацю."
    be = "Прэзідэнт Беларусі сустрэўся з дэлегацыяй Казахстана і абмеркаваў пытанні гандлю."
    cs = "Předseda vlády České republiky jednal s kazašským prezidentem o dodávkách ropy."
    tk = "Türkmenistanyň Prezidenti Gazagystanyň wekiliýeti bilen duşuşyk geçirdi."
    assert identify(uk).lang == "uk"
    assert identify(be).lang == "be"
    assert identify(cs).lang == "cs"
    assert identify(tk).lang == "tk"


def test_guess_is_frozen_and_confidence_bounded() -> None:
    guess = identify(ITEMS[0]["text"])
    assert isinstance(guess, LanguageGuess)
    with pytest.raises(dataclasses.FrozenInstanceError):
        guess.lang = "xx"  # type: ignore[misc]
    assert 0.0 <= guess.confidence <= 1.0


def test_huge_input_is_fast_and_fine() -> None:
    text = SETS["az-Latn"][1]["text"] * 5000  # ~1.5 MB
    start = time.perf_counter()
    guess = identify(text)
    assert time.perf_counter() - start < 0.5
    assert guess.lang == "az"
    assert detect_script(text) == "Latn"


def test_non_str_input_does_not_raise() -> None:
    assert identify(None).lang == "und"  # type: ignore[arg-type]
    assert detect_script(b"bytes") == "Zyyy"  # type: ignore[arg-type]


# Every code point, surrogates and unassigned ones included: the contract is "never raises".
ANY_CHAR = st.characters(codec=None, exclude_categories=())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=ANY_CHAR, max_size=400))
def test_identify_never_raises(text: str) -> None:
    guess = identify(text)
    assert isinstance(guess.lang, str) and guess.lang
    assert len(guess.script) == 4
    assert 0.0 <= guess.confidence <= 1.0
    assert detect_script(text) == guess.script or len(text) > 6000


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from([i["text"] for i in ITEMS]), min_size=1, max_size=3),
    st.text(alphabet=ANY_CHAR, max_size=30),
)
def test_paragraphs_with_noise_never_raise(paragraphs: list[str], noise: str) -> None:
    guess = identify(noise.join(paragraphs))
    assert 0.0 <= guess.confidence <= 1.0


# -- the document's language from its paragraphs -----------------------------------------

AZ_PARAGRAPH = ("Azərbaycan Prezidenti İlham Əliyev Qazaxıstan Prezidenti ilə görüşüb. "
                "Görüşdə iki ölkə arasında nəqliyyat və enerji sahəsində əməkdaşlıq "
                "məsələləri müzakirə olunub, yeni layihələrin icrası vurğulanıb.")
RU_PARAGRAPH = ("Президент Казахстана заявил журналистам, что торговля между двумя странами "
                "за год выросла почти на треть, и пообещал продолжить работу над новыми "
                "маршрутами через Каспийское море.")


def test_a_document_whose_paragraphs_agree_takes_their_language() -> None:
    from bilateral.model import Document
    from bilateral.pipeline import annotate_language

    doc = Document(uri="u", source_format="txt", text="\n\n".join([AZ_PARAGRAPH] * 3))
    out = annotate_language(doc)
    assert (out.lang, out.script) == ("az", "Latn")
    assert [p.lang for p in out.paragraphs] == ["az", "az", "az"]


def test_a_mixed_document_is_judged_on_its_whole_text(monkeypatch: pytest.MonkeyPatch
                                                      ) -> None:
    import bilateral.pipeline as pipeline
    from bilateral.model import Document

    seen: list[int] = []
    real, real_many = pipeline.identify, pipeline.identify_many

    def counting(text: str) -> LanguageGuess:
        seen.append(len(text))
        return real(text)

    def counting_many(texts: list[str]) -> list[LanguageGuess]:
        seen.extend(len(t) for t in texts)
        return real_many(texts)

    monkeypatch.setattr(pipeline, "identify", counting)
    monkeypatch.setattr(pipeline, "identify_many", counting_many)
    text = "\n\n".join([AZ_PARAGRAPH, RU_PARAGRAPH, AZ_PARAGRAPH, RU_PARAGRAPH])
    out = pipeline.annotate_language(Document(uri="u", source_format="txt", text=text))
    assert [p.lang for p in out.paragraphs] == ["az", "ru", "az", "ru"]
    assert len(seen) == 5 and seen[-1] == len(text)  # four paragraphs, then the whole
    assert out.lang in ("az", "ru")
    seen.clear()
    pipeline.annotate_language(Document(uri="u", source_format="txt",
                                        text="\n\n".join([AZ_PARAGRAPH] * 4)))
    assert len(seen) == 4  # the paragraphs agree: no whole-text pass


# -- the model cache ----------------------------------------------------------------------

def test_the_cached_model_classifies_as_the_shipped_one(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    # (bilateral.language.identify is also the name of the function the package exports)
    module = importlib.import_module("bilateral.language.identify")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache = tmp_path / "bilateral"
    cache.mkdir()
    (cache / "langid-0123456789abcdef.npz").write_bytes(b"an older format's file")
    shipped = module._build_engine()  # no cache yet: decompressed, then written
    # (the data files' cache, bilateral.datafiles, shares the folder)
    written = [p for p in cache.iterdir() if p.name.startswith("langid-")]
    assert len(written) == 1 and written[0].is_dir()  # the old format's file is gone
    assert sorted(p.name for p in written[0].iterdir()) == sorted(
        f"{name}.npy" for name in module._CACHED_ARRAYS)
    cached = module._build_engine()  # read back from the cache
    texts = (AZ_PARAGRAPH, RU_PARAGRAPH, "Qazaqstan Prezıdenti Toqaev Bakýge bardy.")
    for text in texts:
        assert cached.backend.classify(text) == shipped.backend.classify(text)
    assert cached.backend.nb_classes == shipped.backend.nb_classes
    assert cached.scorer is not None and shipped.scorer is not None
    assert cached.scorer.classify_many(texts) == shipped.scorer.classify_many(texts)

    # A broken cache costs time, not answers, and is written anew.
    (written[0] / "ptc.npy").write_bytes(b"not a model")
    again = module._build_engine()
    assert again.backend.classify(AZ_PARAGRAPH) == shipped.backend.classify(AZ_PARAGRAPH)
    assert module._cached_model(sorted(set(module._load_yaml("backend.yaml")
                                             .get("exclude", [])))) is not None
