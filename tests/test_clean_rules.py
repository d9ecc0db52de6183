"""Single cleaning rules on pages written for the rule."""

from __future__ import annotations

import pytest

from bilateral.clean import clean
from bilateral.model import Document

BODY_EN = ("Trade between Azerbaijan and Kazakhstan reached 500 million dollars in the first "
           "half of the year, the statistics committee said on Monday.\n\n"
           "Officials expect the figure to double once the new ferry line opens in Aktau.")
BODY_RU = ("Товарооборот между Азербайджаном и Казахстаном за полгода достиг 500 миллионов "
           "долларов, сообщил в понедельник комитет по статистике.\n\n"
           "Чиновники ожидают, что после запуска новой паромной линии показатель удвоится.")


@pytest.mark.parametrize(("page", "title", "published"), [
    # A long headline that reads like prose by its length, over its dateline, under a
    # site name of several words.
    ("Steppe and Caspian Daily News\nSearch\nAZ | RU | EN\n\n"
     "Trade between Azerbaijan and Kazakhstan grows by a third in the first half of 2024 "
     "as ferries fill up\nPublished: July 16, 2024 04:46\n\n" + BODY_EN,
     "Trade between Azerbaijan and Kazakhstan grows by a third in the first half of 2024 as "
     "ferries fill up", "2024-07-16"),
    ("Новости Каспийского Региона Сегодня\nГлавная > Экономика\n"
     "Товарооборот Азербайджана и Казахстана вырос на треть\n16 июля 2024, 09:10\n\n"
     + BODY_RU, "Товарооборот Азербайджана и Казахстана вырос на треть", "2024-07-16"),
])
def test_headline_is_the_line_over_the_dateline(page: str, title: str, published: str) -> None:
    doc = clean(Document(uri="x", source_format="txt", text=page))
    assert doc.title == title
    assert doc.published == published
    assert doc.text.startswith(BODY_EN[:20] if "Trade" in page else BODY_RU[:20])
