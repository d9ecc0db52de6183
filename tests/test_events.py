"""Event candidates from sentences the team wrote, in every language and script."""

from __future__ import annotations

import pytest

from bilateral.model import Document
from bilateral.pipeline import process


def events(text: str, published: str | None = "2024-03-11") -> list:
    doc = process(Document(uri="t", source_format="txt", text=text, published=published),
                  clean_text=False)
    return [e for e in doc.events if not set(e.context) & {"negation", "hypothetical"}]


def one(text: str, published: str | None = "2024-03-11"):
    found = events(text, published)
    assert found, text
    return found[0]


@pytest.mark.parametrize("text", [
    "Qazaxıstan Prezidenti Qasım-Jomart Tokayev martın 11-də Bakıya dövlət səfəri ilə gəlib.",
    "Қазақстан Президенті Қасым-Жомарт Тоқаев 11 наурызда Бакуге мемлекеттік сапармен барды.",
    "Qazaqstan Prezıdenti Qasym-Jomart Toqaev 11 naýryzda Bakýge memlekettik saparmen bardy.",
    "Президент Казахстана Касым-Жомарт Токаев 11 марта прибыл в Баку с государственным визитом.",
    "Kazakistan Cumhurbaşkanı Kasım Cömert Tokayev 11 Mart'ta Bakü'ye resmi ziyarette bulundu.",
    "Kazakh President Kassym-Jomart Tokayev arrived in Baku on March 11 for a state visit.",
])
def test_the_visitor_is_the_actor_in_every_language(text: str) -> None:
    event = one(text)
    assert (event.type, event.mode) == ("CONSULT", "visit")
    assert (event.actor.country, event.recipient.country) == ("KAZ", "AZE")
    assert event.date == "2024-03-11"
    assert event.location and event.location["name"] == "Baku"
    assert event.trigger in event.evidence.text


def test_a_nominal_visit_is_a_visit() -> None:
    event = one("Tokayevin Azərbaycana etdiyi rəsmi dövlət səfəri mühüm addım oldu.")
    assert (event.type, event.actor.country, event.recipient.country) == ("CONSULT", "KAZ", "AZE")


def test_the_host_who_receives_is_the_recipient() -> None:
    event = one("Prezident İlham Əliyev 2014-cü il aprelin 21-də Qazaxıstanın müdafiə naziri "
                "Serik Axmetovu qəbul edib.")
    assert (event.actor.country, event.recipient.country) == ("KAZ", "AZE")
    assert event.actor.entity == "Serik Akhmetov" and event.date == "2014-04-21"


@pytest.mark.parametrize(("text", "etype"), [
    ("Tərəflər Bakıda Azərbaycan ilə Qazaxıstan arasında müttəfiqlik haqqında Bəyannamə "
     "imzalayıblar.", "SUPPORT"),
    ("Тоқаев Әлиевті сайлаудағы жеңісімен құттықтады.", "SUPPORT"),
    ("Алиев поблагодарил Казахстан за помощь в восстановлении Карабаха.", "SUPPORT"),
    ("Azerbaijan and Kazakhstan will double their trade turnover to one billion dollars.",
     "AGREE"),
    ("Tokayev accepted Aliyev's invitation to attend COP29 in Baku.", "AGREE"),
    ("Kazakhstan shipped 1.2 million tonnes of oil through Azerbaijan in 2024.", "COOPERATE"),
])
def test_types(text: str, etype: str) -> None:
    assert one(text).type == etype


def test_thanks_go_to_the_dative() -> None:
    event = one("İlham Əliyev Qazaxıstana göstərdiyi dəstəyə görə təşəkkür edib.")
    assert (event.actor.country, event.recipient.country) == ("AZE", "KAZ")


@pytest.mark.parametrize("text", [
    "Визит президента Казахстана в Азербайджан не состоялся.",
    "Tokayev's visit to Azerbaijan was postponed.",
    "Tokayevin Azərbaycana səfəri reallaşsa, yeni sazişlər imzalana bilər.",
    "If Tokayev visits Baku, new agreements could follow.",
])
def test_negated_and_hypothetical_events_are_not_reported_as_happened(text: str) -> None:
    assert events(text) == []


@pytest.mark.parametrize("text", [
    # Other pairs: a visit between Azerbaijan and Turkey, Kazakhstan and China.
    "Türkiyə Prezidenti Rəcəb Tayyib Ərdoğan Bakıya səfər edib.",
    "Си Цзиньпин прибыл в Астану с государственным визитом.",
])
def test_events_of_other_pairs_are_not_aze_kaz(text: str) -> None:
    for event in events(text):
        assert {event.actor.country, event.recipient.country} != {"AZE", "KAZ"}


def test_a_passing_mention_yields_no_event() -> None:
    text = ("Sabah Bakıda güclü külək gözlənilir. Qazaxıstanda isə havanın temperaturu "
            "aşağı düşəcək. Sürücülərə ehtiyatlı olmaq tövsiyə edilir.")
    assert events(text) == []


def test_a_statement_is_dated_by_its_report() -> None:
    event = one("Tokayev congratulated Aliyev on his re-election in February 2024.",
                published="2024-03-11")
    assert event.type == "SUPPORT" and event.date == "2024-03-11"
