"""The reference registry: it loads, it validates with clear messages, it answers."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from bilateral.registry import (
    KINDS,
    LANGUAGES,
    ROLES,
    Entity,
    Registry,
    RegistryError,
    load_registry,
)

CYRILLIC = re.compile("[\u0400-\u04ff]")
LATIN_KEYS = ("en", "az", "tr", "kk-Latn")


@pytest.fixture(scope="module")
def reg() -> Registry:
    return load_registry()


def names(entities: list[Entity]) -> list[str]:
    return [e.name for e in entities]


# ------------------------------------------------------------------ the bundled data

def test_loads_every_kind(reg: Registry) -> None:
    for kind in KINDS:
        assert reg.by_kind(kind), kind
    assert len(reg.by_kind("country")) >= 249
    assert reg.get("country/KAZ").name == "Kazakhstan"
    assert reg.get("nope/x") is None
    assert load_registry() is reg  # the default call is cached


def test_loads_fast() -> None:
    from bilateral import registry as module

    module._default_registry.cache_clear()
    start = time.perf_counter()
    load_registry()
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize(("role", "country", "on", "expected"), [
    ("president", "KAZ", "2005-05-24", ["Nursultan Nazarbayev"]),
    ("president", "KAZ", "2024-03-11", ["Kassym-Jomart Tokayev"]),
    ("president", "AZE", "1996-09-16", ["Heydar Aliyev"]),
    ("president", "AZE", "2024-03-11", ["Ilham Aliyev"]),
    ("president", "KAZ", "2019", ["Nursultan Nazarbayev", "Kassym-Jomart Tokayev"]),
    ("president", "KAZ", "2019-03", ["Nursultan Nazarbayev", "Kassym-Jomart Tokayev"]),
    ("president", "KAZ", "2019-04", ["Kassym-Jomart Tokayev"]),
    ("defence-minister", "KAZ", "2014-04-21", ["Serik Akhmetov"]),
    ("prime-minister", "KAZ", "2000-06-01", ["Kassym-Jomart Tokayev"]),
    ("foreign-minister", "AZE", "2010-01-01", ["Elmar Mammadyarov"]),
    ("president", "RUS", "2010-01-01", ["Dmitry Medvedev"]),
    ("president", "KAZ", "1985-01-01", []),
])
def test_holders(reg: Registry, role: str, country: str, on: str, expected: list[str]) -> None:
    assert names(reg.holders(role, country, on)) == expected


def test_holders_filters_by_org_and_receiving_country(reg: Registry) -> None:
    mazhilis = reg.holders("speaker", "KAZ", "2013-02-20", org="org/mazhilis")
    assert names(mazhilis) == ["Nurlan Nigmatulin"]
    assert "Kairat Mami" in names(reg.holders("speaker", "KAZ", "2013-02-20"))
    envoys = reg.holders("ambassador", "KAZ", None, accredited_to="AZE")
    assert "Beybit Isabayev" in names(envoys)
    # an undated term is not claimed for any date
    assert reg.holders("ambassador", "KAZ", "2015-01-01", accredited_to="AZE") == []
    with pytest.raises(ValueError):
        reg.holders("president", "KAZ", "24.05.2005")


def test_open_term_ends_where_the_next_begins(tmp_path: Path) -> None:
    path = tmp_path / "pair.yaml"
    path.write_text(
        "entities:\n"
        "  - {id: person/a, kind: person, name: A, country: NRU,\n"
        "     offices: [{role: foreign-minister, country: NRU, from: 2001}]}\n"
        "  - {id: person/b, kind: person, name: B, country: NRU,\n"
        "     offices: [{role: foreign-minister, country: NRU, from: 2005-06-01}]}\n",
        encoding="utf-8")
    reg = load_registry([path])
    assert names(reg.holders("foreign-minister", "NRU", "2003")) == ["A"]
    assert names(reg.holders("foreign-minister", "NRU", "2007")) == ["B"]


def test_astana_has_its_former_names(reg: Registry) -> None:
    astana = reg.get("place/astana")
    assert astana is not None and astana.extra["place_type"] == "city"
    former = {f["name"]: f for f in astana.extra["former_names"]}
    assert {"Akmolinsk", "Tselinograd", "Akmola", "Nur-Sultan"} <= set(former)
    assert former["Nur-Sultan"]["from"] == "2019-03-23"
    assert former["Nur-Sultan"]["to"] == "2022-09-17"
    assert "Нұр-Сұлтан" in astana.aliases["kk"]  # former names are matchable aliases
    assert "Astana" in astana.aliases["kk-Latn"]
    assert reg.get("country/KAZ").extra["capital"] == "place/astana"


def test_every_country_has_names_in_all_six_languages(reg: Registry) -> None:
    for country in reg.by_kind("country"):
        missing = [lang for lang in LANGUAGES if not country.aliases.get(lang)]
        assert not missing, (country.id, missing)
        capital = country.extra.get("capital")
        assert capital is None or reg.get(capital).kind == "place"


def test_key_country_names(reg: Registry) -> None:
    aze, kaz = reg.get("country/AZE"), reg.get("country/KAZ")
    assert {"Әзербайжан", "Әзірбайжан"} <= set(aze.aliases["kk"])
    assert "Ázerbaıjan" in aze.aliases["kk-Latn"]
    assert "Qazaxıstan" in kaz.aliases["az"] and "Qazaqstan" in kaz.aliases["kk-Latn"]
    assert "qazaxıstanlı" in kaz.forms("demonyms")["az"]
    assert "казахстанский" in kaz.forms("adjectives")["ru"]
    assert "әзербайжандық" in aze.forms("adjectives")["kk"]


def test_seed_names_are_known(reg: Registry) -> None:
    index: dict[str, set[str]] = {}
    for _lang, alias, entity in reg.all_aliases():
        index.setdefault(alias, set()).add(entity.id)
    for alias, entity_id in [
        ("Kasım-Jomart Tokayev", "person/kassym-jomart-tokayev"),
        ("Қасым-Жомарт Тоқаев", "person/kassym-jomart-tokayev"),
        ("Nursultan Nazarbəyev", "person/nursultan-nazarbayev"),
        ("Ильхам Әлиев", "person/ilham-aliyev"),
        ("Beybit İsabəyev", "person/beybit-isabayev"),
        ("Xələf Xələfov", "person/khalaf-khalafov"),
        ("Türk Dövlətləri Təşkilatı", "org/organization-of-turkic-states"),
        ("BMT", "org/united-nations"),
        ("Füzuli", "place/fuzuli"),
        ("Физули", "place/fuzuli"),
        ("Bakı–Tbilisi–Qars dəmir yolu", "project/baku-tbilisi-kars"),
        ("Орта дәліз", "project/middle-corridor"),
        ("TASİM", "project/tasim"),
    ]:
        assert entity_id in index.get(alias, set()), alias


def test_aliases_are_in_the_script_of_their_language(reg: Registry) -> None:
    for lang, alias, entity in reg.all_aliases():
        if lang in LATIN_KEYS:
            assert not CYRILLIC.search(alias), (entity.id, lang, alias)
        assert alias == alias.strip() and "  " not in alias, (entity.id, alias)


def test_offices_use_the_vocabulary_and_people_have_names(reg: Registry) -> None:
    for person in reg.by_kind("person"):
        assert person.aliases.get("en"), person.id
        for office in person.offices:
            assert office.role in ROLES


# ------------------------------------------------------------------ validation

GOOD_PERSON = """\
  - id: person/test-person
    kind: person
    name: Test Person
    country: KAZ
    aliases: {en: [Test Person]}
"""

BAD_FILES = {
    "unknown kind": ("entities:\n  - {id: person/x, kind: human, name: X}\n", "unknown kind"),
    "duplicate id": ("entities:\n" + GOOD_PERSON + GOOD_PERSON, "duplicate id"),
    "bundled duplicate": (
        "entities:\n  - {id: person/ilham-aliyev, kind: person, name: X}\n", "duplicate id"),
    "language key": (
        "entities:\n  - {id: person/x, kind: person, name: X, aliases: {kk_latn: [X]}}\n",
        "unknown language key 'kk_latn'"),
    "country code": (
        "entities:\n  - {id: person/x, kind: person, name: X, country: ZZZ}\n",
        "'ZZZ' is not in the country list"),
    "not alpha-3": (
        "entities:\n  - {id: person/x, kind: person, name: X, country: KZ}\n",
        "not an ISO 3166 alpha-3"),
    "date format": (
        "entities:\n  - {id: person/x, kind: person, name: X,\n"
        "     offices: [{role: president, country: KAZ, from: 24.05.2005}]}\n",
        "not ISO"),
    "impossible date": (
        "entities:\n  - {id: person/x, kind: person, name: X,\n"
        "     offices: [{role: president, country: KAZ, from: 2005-02-30}]}\n",
        "does not exist"),
    "end before start": (
        "entities:\n  - {id: person/x, kind: person, name: X,\n"
        "     offices: [{role: president, country: KAZ, from: 2005, to: 2001-01-01}]}\n",
        "before 'from'"),
    "unknown role": (
        "entities:\n  - {id: person/x, kind: person, name: X,\n"
        "     offices: [{role: king, country: KAZ, from: 2005}]}\n",
        "unknown role 'king'"),
    "capital reference": (
        "entities:\n  - {id: place/x, kind: place, place_type: city, name: X,\n"
        "     capital: place/nowhere}\n",
        "capital 'place/nowhere' is not the id of any entity"),
    "org reference": (
        "entities:\n  - {id: person/x, kind: person, name: X,\n"
        "     offices: [{role: speaker, country: KAZ, org: org/nothing, from: 2005}]}\n",
        "org 'org/nothing'"),
    "accredited_to reference": (
        "entities:\n  - {id: person/x, kind: person, name: X,\n"
        "     offices: [{role: ambassador, country: KAZ, accredited_to: QQQ, from: 2005}]}\n",
        "accredited_to 'QQQ'"),
    "ambassador without receiving country": (
        "entities:\n  - {id: person/x, kind: person, name: X,\n"
        "     offices: [{role: ambassador, country: KAZ, from: 2005}]}\n",
        "needs 'accredited_to'"),
    "project countries": (
        "entities:\n  - {id: project/x, kind: project, name: X, countries: [AZE, QQQ]}\n",
        "countries: 'QQQ'"),
    "id prefix": (
        "entities:\n  - {id: place/x, kind: person, name: X}\n", "must start with 'person/'"),
    "unknown field": (
        "entities:\n  - {id: person/x, kind: person, name: X, alias: {en: [X]}}\n",
        "unknown field(s) alias"),
    "missing name": ("entities:\n  - {id: person/x, kind: person}\n", "name must be"),
    "place type": (
        "entities:\n  - {id: place/x, kind: place, name: X, place_type: town}\n",
        "place_type 'town'"),
    "not a registry file": ("- just a list\n", "mapping with an 'entities' list"),
    "broken yaml": ("entities:\n  - {id: person/x, kind: [\n", "invalid YAML"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_gives_one_clear_line(tmp_path: Path, case: str) -> None:
    text, expected = BAD_FILES[case]
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError) as info:
        load_registry([path])
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path)), message
    assert expected in message, message


def test_error_names_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("entities:\n" + GOOD_PERSON + "  - {id: person/y, kind: persn, name: Y}\n",
                    encoding="utf-8")
    with pytest.raises(RegistryError, match=r"bad\.yaml: person/y: unknown kind 'persn'"):
        load_registry([path])


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="cannot read"):
        load_registry([tmp_path / "absent.yaml"])


# ------------------------------------------------------------------ user files

USER_PAIR = """\
format: 1
languages: [uz, ky]
entities:
  - id: person/test-uzbek-minister
    kind: person
    name: Test Uzbek Minister
    country: UZB
    aliases:
      en: [Test Uzbek Minister]
      uz: [Test Oʻzbek Vazir]
      ru: [Тест Узбекский Министр]
    offices:
      - {role: foreign-minister, country: UZB, from: 2030-01-01, to: null}
  - id: org/test-uz-kg-commission
    kind: organisation
    org_type: bilateral
    name: Test Uzbekistan–Kyrgyzstan Commission
    country: null
    members: [UZB, KGZ]
    aliases:
      ky: [Тест комиссиясы]
  - id: person/test-kyrgyz-envoy
    kind: person
    name: Test Kyrgyz Envoy
    country: KGZ
    aliases: {en: [Test Kyrgyz Envoy]}
    offices:
      - {role: ambassador, country: KGZ, accredited_to: UZB, from: 2030-02, to: 2031}
    x-source: https://example.org/envoy
"""


def test_user_file_for_a_new_pair_loads_alongside(tmp_path: Path) -> None:
    folder = tmp_path / "my-registry"
    folder.mkdir()
    (folder / "uz-kg.yaml").write_text(USER_PAIR, encoding="utf-8")
    reg = load_registry([folder])
    assert reg.get("person/ilham-aliyev") is not None  # bundled data still there
    minister = reg.get("person/test-uzbek-minister")
    assert minister.aliases["uz"] == ("Test Oʻzbek Vazir",)
    assert names(reg.holders("foreign-minister", "UZB", "2030-06-01")) == ["Test Uzbek Minister"]
    envoy = reg.holders("ambassador", "KGZ", "2030-03-15", accredited_to="UZB")
    assert names(envoy) == ["Test Kyrgyz Envoy"]
    assert reg.get("person/test-kyrgyz-envoy").extra["x-source"].startswith("https://")
    assert {"uz", "ky"} <= set(reg.languages)
    assert ("ky", "Тест комиссиясы") in {(lang, a) for lang, a, _e in reg.all_aliases()}
    # the cached default registry is untouched by user files
    assert load_registry().get("person/test-uzbek-minister") is None
