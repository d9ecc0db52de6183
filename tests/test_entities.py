"""Entity, role and person mentions on sentences the team wrote, in every language and script
(facts are real; the sentences are ours)."""

from __future__ import annotations

import pytest

from bilateral.extract.entities import find_entity_mentions


def linked(text: str, published: str | None = None, lang: str | None = None
           ) -> list[tuple[str, str, str | None]]:
    return [(m.kind, m.text, m.entity.id if m.entity else None)
            for m in find_entity_mentions(text, published, lang=lang)]


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Qazaxıstanın Prezidenti Qasım-Jomart Tokayev Bakıya gəlib.", "az", [
        ("country", "Qazaxıstanın", "country/KAZ"),
        ("role", "Prezidenti", "person/kassym-jomart-tokayev"),
        ("person", "Qasım-Jomart Tokayev", "person/kassym-jomart-tokayev"),
        ("place", "Bakıya", "place/baku")]),
    ("Ильхам Әлиев Астанаға келді, Тоқаевпен кездесті.", "kk", [
        ("person", "Ильхам Әлиев", "person/ilham-aliyev"),
        ("place", "Астанаға", "place/astana"),
        ("person", "Тоқаевпен", "person/kassym-jomart-tokayev")]),
    ("Ilham Álıev Astanaǵa keldi, Toqaevpen kezdesti.", "kk", [
        ("person", "Ilham Álıev", "person/ilham-aliyev"),
        ("place", "Astanaǵa", "place/astana"),
        ("person", "Toqaevpen", "person/kassym-jomart-tokayev")]),
    ("Президент Казахстана провёл переговоры с Ильхамом Алиевым в Баку.", "ru", [
        ("role", "Президент", None),  # no date given: no holder
        ("country", "Казахстана", "country/KAZ"),
        ("person", "Ильхамом Алиевым", "person/ilham-aliyev"),
        ("place", "Баку", "place/baku")]),
    ("Kazakistan'ın Bakü Büyükelçiliği ve BM'nin raporu", "tr", [
        ("country", "Kazakistan", "country/KAZ"),
        ("place", "Bakü", "place/baku")]),
])
def test_names_in_every_language(text: str, lang: str, expected) -> None:
    got = linked(text, lang=lang)
    for item in expected:
        assert item in got, (item, got)


@pytest.mark.parametrize(("text", "published", "holder"), [
    ("Qazaxıstan Prezidenti Bakıya rəsmi səfərə gəlib.", "2005-05-24",
     "person/nursultan-nazarbayev"),
    ("Qazaxıstan Prezidenti Bakıya rəsmi səfərə gəlib.", "2024-03-11",
     "person/kassym-jomart-tokayev"),
    ("Президент Казахстана прибыл в Баку.", "2024-03-11", "person/kassym-jomart-tokayev"),
    ("The President of Kazakhstan arrived in Baku.", "2005-05-24", "person/nursultan-nazarbayev"),
    ("Azərbaycan Prezidenti Astanaya gəlib.", "1996-09-16", "person/heydar-aliyev"),
    ("Әзербайжан Президенті Астанаға келді.", "2025-10-21", "person/ilham-aliyev"),
])
def test_a_title_resolves_to_its_holder_on_the_date(text: str, published: str,
                                                     holder: str) -> None:
    roles = [m for m in find_entity_mentions(text, published) if m.kind == "role"]
    assert roles and roles[0].entity and roles[0].entity.id == holder


def test_a_surname_alone_goes_to_the_person_named_before() -> None:
    text = ("Heydər Əliyev 1996-cı ildə Nursultan Nazarbayevlə görüşüb. "
            "Görüşdə Əliyev iqtisadi əlaqələrdən danışıb.")
    people = [m for m in find_entity_mentions(text, "2024-01-01") if m.kind == "person"]
    assert [p.entity.id for p in people if p.text.startswith("Əliyev")] == \
        ["person/heydar-aliyev"]


@pytest.mark.parametrize(("text", "name", "country"), [
    ("Qazaxıstanın səfiri Marat Kenjebayev çıxış edib.", "Marat Kenjebayev", "KAZ"),
    ("Посол Казахстана Ерлан Жумабаев вручил верительные грамоты.", "Ерлан Жумабаев", None),
    ("Jurnalist Aygün Məmmədzadə xəbəri yazıb.", "Aygün Məmmədzadə", None),
    ("Шарада Тимур Асқар ұлы сөз сөйледі.", "Тимур Асқар ұлы", None),
    ("Выступил Ерлан Бахытович Жумабаев.", "Ерлан Бахытович Жумабаев", None),
])
def test_people_the_registry_does_not_know(text: str, name: str, country: str | None) -> None:
    people = [m for m in find_entity_mentions(text) if m.kind == "person"]
    assert [p.text for p in people] == [name]
    assert people[0].meta.get("registered") is False


def test_capitalised_phrases_are_not_people() -> None:
    text = ("Rəqəmsal İnkişaf və Nəqliyyat Nazirliyinin nümayəndələri Türkdilli Dövlətlərin "
            "toplantısında iştirak ediblər.")
    assert [m for m in find_entity_mentions(text) if m.kind == "person"] == []
