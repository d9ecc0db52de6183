"""Figures and pledges: our sentences per language (tests/data/figures/*.yaml), the seed
articles, and the contract (offsets, evidence, order, never raising)."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import SEEDS, SENTENCE_SETS, sentence_sets

from bilateral.extract.dates import find_dates
from bilateral.extract.entities import find_entity_mentions
from bilateral.extract.figures import find_figures
from bilateral.extract.sentences import split_sentences
from bilateral.model import EntityRef, Figure, Mention
from bilateral.textutil import normalize

DATA = Path(__file__).parent / "data" / "figures"
LANGS = SENTENCE_SETS
ITEMS = sentence_sets(DATA)


def _mentions(text: str, published: str | None, lang: str | None) -> list[Mention]:
    """The document's mentions as the pipeline builds them: names win over dates they touch."""
    names = find_entity_mentions(text, published, lang=lang)
    dates = [d for d in find_dates(text, published, lang)
             if not any(d.start < n.end and n.start < d.end for n in names)]
    return sorted(names + dates, key=lambda m: (m.start, m.end))


def _run(text: str, published: str | None = None, lang: str | None = None,
         uri: str = "test") -> list[Figure]:
    return find_figures(text, split_sentences(text), _mentions(text, published, lang),
                        published, uri, lang)


def _check(found: list[Figure], expected: list[dict[str, Any]], text: str) -> None:
    got = [(f.kind, f.subject, f.value, f.unit, f.text) for f in found]
    want = [(e["kind"], e["subject"], None if e["value"] is None else float(e["value"]),
             e["unit"], e["text"]) for e in expected]
    assert got == want, text
    for fig, exp in zip(found, expected, strict=True):
        for key in ("date", "deadline"):
            if key in exp:
                assert getattr(fig, key) == exp[key], f"{text!r}: {fig.text!r} {key}"
        if "countries" in exp:
            assert list(fig.countries) == exp["countries"], f"{text!r}: {fig.text!r} countries"
        for key, value in (exp.get("meta") or {}).items():
            assert fig.meta.get(key) == value, f"{text!r}: {fig.text!r} meta {key}"


def test_enough_sentences_per_language() -> None:
    for stem in LANGS:
        items = [item for s, _, item in ITEMS if s == stem]
        assert sum(1 for item in items if item["figures"]) >= 8, stem
        assert sum(1 for item in items if not item["figures"]) >= 3, stem  # not figures
        kinds = {f["kind"] for item in items for f in item["figures"]}
        assert kinds == {"figure", "pledge"}, stem
        assert any(f["value"] is None for item in items for f in item["figures"]), stem


@pytest.mark.parametrize(("stem", "i", "item"), ITEMS, ids=[f"{s}-{i}" for s, i, _ in ITEMS])
def test_sentence(stem: str, i: int, item: dict[str, Any]) -> None:
    found = _run(item["text"], item.get("published"), item.get("lang", LANGS[stem]))
    _check(found, item["figures"], item["text"])


@pytest.mark.parametrize(("stem", "i", "item"), ITEMS, ids=[f"{s}-{i}" for s, i, _ in ITEMS])
def test_sentence_without_language_hint(stem: str, i: int, item: dict[str, Any]) -> None:
    found = _run(item["text"], item.get("published"), None)
    _check(found, item["figures"], item["text"])


# ---------------------------------------------------------------------------------------------
# The contract


def test_offsets_evidence_and_order() -> None:
    text = ("Trade between Azerbaijan and Kazakhstan reached $458.3 million in 2024.\n\n"
            "The sides aim to raise trade to $1 billion by 2030. A fibre-optic cable will be "
            "laid across the Caspian Sea.")
    found = _run(text, "2025-01-10", "en", uri="doc://1")
    assert [f.kind for f in found] == ["figure", "pledge", "pledge"]
    assert [f.start for f in found] == sorted(f.start for f in found)
    for fig in found:
        assert text[fig.start:fig.end] == fig.text
        ev = fig.evidence
        assert ev is not None and ev.uri == "doc://1" and ev.lang == "en"
        assert text[ev.start:ev.end] == ev.text
        assert ev.start <= fig.start and fig.end <= ev.end


def test_countries_from_people_and_places_not_from_the_currency() -> None:
    text = "Tokayev and Aliyev said trade reached 1 billion US dollars."
    fake = [Mention("person", "Tokayev", 0, 7, entity=EntityRef("p/t", "Tokayev", "KAZ")),
            Mention("person", "Aliyev", 12, 18, entity=EntityRef("p/a", "Aliyev", "AZE")),
            Mention("country", "US", 49, 51, entity=EntityRef("country/USA", "USA", "USA"))]
    found = find_figures(text, split_sentences(text), fake, None, "u", "en")
    assert [(f.value, f.unit, f.countries) for f in found] == [(1e9, "USD", ("KAZ", "AZE"))]


def test_dates_found_when_the_caller_gives_none() -> None:
    text = "Ticarət dövriyyəsi 2030-cu ilə qədər 1 milyard dollara çatdırılacaq."
    found = find_figures(text, split_sentences(text), [], None, "u", "az")
    assert [(f.kind, f.value, f.deadline) for f in found] == [("pledge", 1e9, "2030")]
    assert find_figures("2024-cü ildə 2025 ton", [], []) != []  # sentences made if missing
    assert find_figures("2024 2025 2026", [], []) == []


def test_numbers() -> None:
    cases = {
        "Trade reached 2 000 tonnes.": (2000.0, "tonnes"),
        "Ticarət 1.500 ton olub.": (1500.0, "tonnes"),
        "Ticarət dövriyyəsi 1,5 milyard dollar olub.": (1.5e9, "USD"),
        "Товарооборот составил 1 234 567,5 долл.": (1234567.5, "USD"),
        "Trade reached $2bn.": (2e9, "USD"),
        "Trade reached 1,234.5 million euros.": (1234.5e6, "EUR"),
        "Товарооборот составил 150 тыс. тонн.": (150000.0, "tonnes"),
        "Ticarət dövriyyəsi bir milyard dollar olub.": (1e9, "USD"),
    }
    for text, want in cases.items():
        found = _run(text)
        assert [(f.value, f.unit) for f in found] == [want], text


def test_not_figures() -> None:
    for text in ["COP29 was held in Baku.", "Ticarət 5G şəbəkəsi.", "2nd session, 3rd day.",
                 "Tel: 8 (7172) 74-56-12, +994 50 123 45 67.", "Saat 11:29-da başladı.",
                 "The 2022-2024 plan will be discussed.", "Page 12 of 40."]:
        assert _run(text) == [], text


@pytest.mark.parametrize("seed", range(30))
def test_never_raises(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = ("0123456789 ,.-+%$€₸'’:;()\n\tabcəıİIişğüöçжқңәөұүһі milyard млрд есе dəfə "
                "faiz % будет acaq ecek will до 2030 qədər дейін kadar by kabel нефть")
    text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
    words = text.split(" ")
    text = " ".join(rng.sample(words, len(words)))
    mentions = [Mention("date", "x", rng.randint(-5, 500), rng.randint(-5, 500), value="2030"),
                Mention("country", "y", 3, 1, entity=None),
                Mention("role", "z", 0, 2, meta={"country": None})]
    sentences = split_sentences(text) if seed % 2 else []
    for lang in (None, "az", "kk-Latn", "xx", 5):
        result = find_figures(text, sentences, mentions, "garbage", "u", lang)  # type: ignore[arg-type]
        for fig in result:
            assert text[fig.start:fig.end] == fig.text
    assert find_figures("", [], []) == []
    assert find_figures(None, [], []) == []  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# The seed articles

seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed corpus not found at {SEEDS}")


def _seed(prefix: str, lang: str) -> list[Figure]:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return _run(normalize(path.read_text(encoding="utf-8")), None, lang, uri=path.name)


@seeds
def test_seed_003_pledges() -> None:
    found = _seed("003", "az")
    trade = [f for f in found if f.subject == "trade-turnover"]
    assert len(trade) == 1
    assert (trade[0].kind, trade[0].value, trade[0].unit, trade[0].meta.get("change")) == \
        ("pledge", 1e9, "USD", "double")
    assert "1 milyard dollara" in trade[0].text
    assert "KAZ" in trade[0].countries
    projects = {f.subject: f for f in found if f.value is None}
    assert {"oil-transport", "cable"} <= set(projects)
    assert all(f.kind == "pledge" for f in projects.values())
    assert "daşınacaq" in projects["oil-transport"].text
    assert "kabel çəkiləcək" in projects["cable"].text


@seeds
def test_seed_004_turnover_fivefold() -> None:
    found = _seed("004", "kk")
    assert [(f.kind, f.subject, f.value, f.unit, f.meta.get("change"), f.meta.get("since"))
            for f in found] == [("figure", "trade-turnover", 5.0, "times", "increase", "2020")]
    assert set(found[0].countries) == {"KAZ", "AZE"}


@seeds
def test_seed_001_documents() -> None:
    found = [f for f in _seed("001", "az") if f.subject == "documents"]
    assert [(f.kind, f.value, f.unit, f.meta.get("qualifier")) for f in found] == [
        ("figure", 6.0, "documents", None), ("figure", 100.0, "documents", "more-than")]


@seeds
def test_seeds_have_no_figure_from_a_year_or_a_date() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = normalize(path.read_text(encoding="utf-8"))
        lang = "kk" if path.name.startswith("004") else "az"
        for fig in _run(text, None, lang):
            assert fig.value is None or fig.unit is not None, fig
            assert not (fig.unit is None and 1900 <= (fig.value or 0) <= 2100), fig


def test_a_scan_names_a_match_the_same_from_its_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    from bilateral.extract import figures as figures_module

    scan = figures_module._Scan([("trade", ["ticarət*", "товарооборот*"]),
                                 ("investment", ["investisiya*", "инвестиц*"])])
    texts = ["ticarət", "ticarətin", "товарооборота", "investisiyalar", "инвестиций", "söz"]
    first = [scan.ident(t) for t in texts]
    assert first == ["trade", "trade", "trade", "investment", "investment", None]
    assert [scan.ident(t) for t in texts] == first  # answered from the cache
    monkeypatch.setattr(figures_module, "_SCAN_CACHE_CAP", 2)
    small = figures_module._Scan([("trade", ["ticarət*", "товарооборот*"]),
                                  ("investment", ["investisiya*", "инвестиц*"])])
    for _ in range(2):  # a full cache starts over, and answers the same
        assert [small.ident(t) for t in texts] == first
        assert len(small._known) <= 2


# The anchors' scan (where a quantity can begin) is two scans merged, each written so that the
# regex engine skips ahead; it must find what one alternation of the plain patterns finds.

_PIECES = ["1", "12", "2024", "1 000", "1.000.000", "3,5", "1.2.3", "100%", "2x", " ", "  ",
           ".", ",", "-", "'", "iki", "ikiqat", "beş", "bir", "yüz", "milyon", "два",
           "дважды", "пять", "bes", "eki", "екі", "бес", "жүз", "есе", "iki katı", "beş",
           "twice", "five", "fivefold", "ten", "x", "ö", "ə",
           "\u00a0", "\n", "$", "€"]


def _plain_anchors(lang: str | None, text: str) -> list[tuple[int, int, str | None, str]]:
    """The anchors as one alternation of _NUMBER and _alt's trie of the words finds them."""
    from bilateral.extract import figures as fm

    key = fm._lang_key(lang)
    g = fm._grammar(key)
    doubling = fm._flat(fm._per_lang(fm._data().get("doubling"), key))
    forms = doubling + list(g.multipliers) + list(g.number_words)
    plain = re.compile(f"(?P<num>{fm._NUMBER.pattern})|(?P<w>{fm._alt(forms)})")
    return [(m.start(), m.end(), m.lastgroup, m.group()) for m in plain.finditer(text)]


@pytest.mark.parametrize("lang", ["az", "kk", "ru", "tr", "en", None])
def test_the_anchor_scan_finds_what_one_alternation_finds(lang: str | None) -> None:
    from bilateral.extract import figures as figures_module

    g = figures_module._grammar(figures_module._lang_key(lang))
    rng = random.Random(8)
    kinds: set[str | None] = set()
    for _ in range(400):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 30)))
        found = [(m.start(), m.end(), m.lastgroup, m.group()) for m in g.anchors.finditer(text)]
        assert found == _plain_anchors(lang, text), text
        kinds.update(kind for _, _, kind, _ in found)
    assert kinds == {"num", "w"}  # both scans were exercised
