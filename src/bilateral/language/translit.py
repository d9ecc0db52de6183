"""Transliteration between the scripts Kazakh is written in (data/language/translit.yaml)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from bilateral.datafiles import load_yaml


@lru_cache(maxsize=1)
def _kk_table() -> dict[int, str]:
    data = load_yaml((resources.files("bilateral") / "data" / "language" /
                      "translit.yaml").read_text(encoding="utf-8"))
    table: dict[int, str] = {}
    for cyr, lat in data["kk_cyrl_to_latn"].items():
        table[ord(cyr)] = lat
        upper = lat[:1].upper() + lat[1:] if lat else ""
        table[ord(cyr.upper())] = upper
    return table


def kk_to_latin(text: str) -> str:
    """'Қасым-Жомарт Тоқаев' -> 'Qasym-Jomart Toqaev' (2018 Kazakh Latin alphabet)."""
    return text.translate(_kk_table())
