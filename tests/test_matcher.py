"""The alias matcher: one name in every case ending and script it takes in this press."""

from __future__ import annotations

import pytest

from bilateral.extract.matcher import AliasIndex
from bilateral.language.translit import kk_to_latin

ALIASES = {
    "KAZ": ["Qazaxıstan", "Qazaxıstan Respublikası", "Қазақстан", "Казахстан", "Kazakistan",
            "Kazakhstan", "Qazaqstan"],
    "AZE": ["Azərbaycan", "Әзербайжан", "Азербайджан", "Azerbaycan", "Azerbaijan", "Ázerbaıjan"],
    "tokayev": ["Kasım-Jomart Tokayev", "Qasım-Jomart Tokayev", "Tokayev", "Қасым-Жомарт Тоқаев",
                "Тоқаев", "Касым-Жомарт Токаев", "Токаев", "Toqaev", "Kassym-Jomart Tokayev"],
    "aliyev": ["İlham Əliyev", "Ильхам Әлиев", "Ильхам Алиев", "Ilham Álıev", "Ilham Aliyev",
               "İlham Aliyev"],
    "astana": ["Astana", "Астана"],
    "baku": ["Bakı", "Баку", "Bakü", "Baku", "Baký"],
    "un": ["BMT", "ООН", "UN"],
    "btc": ["Bakı–Tbilisi–Ceyhan", "Baku–Tbilisi–Ceyhan"],
    "kazakh-adj": ["казахстанский"],
}


@pytest.fixture(scope="module")
def index() -> AliasIndex:
    ix = AliasIndex()
    for target, aliases in ALIASES.items():
        for alias in aliases:
            ix.add(alias, target)
    return ix


def found(index: AliasIndex, text: str) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.targets[0]) for m in index.find(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # Azerbaijani: genitive, dative, instrumental, locative, possessive + case
    ("Qazaxıstanın paytaxtı", [("Qazaxıstanın", "KAZ")]),
    ("Qazaxıstana səfər", [("Qazaxıstana", "KAZ")]),
    ("Qazaxıstanla əməkdaşlıq", [("Qazaxıstanla", "KAZ")]),
    ("Qazaxıstan Respublikasının Prezidenti", [("Qazaxıstan Respublikasının", "KAZ")]),
    ("Kasım-Jomart Tokayevin Azərbaycana səfəri",
     [("Kasım-Jomart Tokayevin", "tokayev"), ("Azərbaycana", "AZE")]),
    ("Bakıda və Bakıya", [("Bakıda", "baku"), ("Bakıya", "baku")]),
    # Kazakh Cyrillic
    ("Қазақстанның Әзербайжанмен байланысы",
     [("Қазақстанның", "KAZ"), ("Әзербайжанмен", "AZE")]),
    ("Тоқаевтың сапары Астанада", [("Тоқаевтың", "tokayev"), ("Астанада", "astana")]),
    # Kazakh Latin
    ("Qazaqstannyń Ázerbaıjanmen qatynasy", [("Qazaqstannyń", "KAZ"),
                                             ("Ázerbaıjanmen", "AZE")]),
    ("Toqaevtyń Baký sapary", [("Toqaevtyń", "tokayev"), ("Baký", "baku")]),
    # Russian: endings that replace the last vowel, and names declined in every word
    ("визит Касым-Жомарта Токаева в Астану", [("Касым-Жомарта Токаева", "tokayev"),
                                             ("Астану", "astana")]),
    ("встреча с Ильхамом Алиевым в Астане", [("Ильхамом Алиевым", "aliyev"),
                                            ("Астане", "astana")]),
    ("из Казахстана в Азербайджан", [("Казахстана", "KAZ"), ("Азербайджан", "AZE")]),
    ("казахстанская сторона", [("казахстанская", "kazakh-adj")]),
    # Turkish: endings after an apostrophe
    ("Kazakistan'ın ve Azerbaycan'ın", [("Kazakistan", "KAZ"), ("Azerbaycan", "AZE")]),
    # English possessive; abbreviation with a hyphenated ending
    ("Kazakhstan's president and BMT-nin", [("Kazakhstan", "KAZ"), ("BMT", "un")]),
    # Dashes of any kind join the parts of a route
    ("Bakı-Tbilisi-Ceyhan kəməri", [("Bakı-Tbilisi-Ceyhan", "btc")]),
])
def test_case_endings_and_scripts(index: AliasIndex, text: str, expected) -> None:
    assert found(index, text) == expected


@pytest.mark.parametrize("text", [
    "bmt sözü kiçik hərflə",  # an abbreviation only in capitals
    "он сказал, что астана",  # a capitalised name only as a capitalised word
    "Qazax rayonu",  # a different place, not a form of Qazaxıstan
    "Tokayevsky",  # not an ending of the language
])
def test_no_false_matches(index: AliasIndex, text: str) -> None:
    assert found(index, text) == []


def test_kazakh_latin_from_cyrillic() -> None:
    assert kk_to_latin("Қасым-Жомарт Тоқаев") == "Qasym-Jomart Toqaev"
    assert kk_to_latin("Әзербайжан") == "Ázerbaıjan"
    assert kk_to_latin("Ильхам Әлиев") == "Ilham Álıev"
    assert kk_to_latin("Баку") == "Baký"
