"""Query parameters checked by hand: an HTML form sends empty strings for fields left
blank, and a user deserves a message naming the parameter, not a 500."""

from __future__ import annotations

import datetime as _dt
import re

from bilateral.extract.entities import build_index
from bilateral.merge import dyad_key
from bilateral.registry import Entity, load_registry

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                "COERCE", "ASSAULT")
ENTITY_KINDS = ("country", "person", "organisation", "place", "project")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_PAIR = re.compile(r"^([A-Za-z]{3})\s*[-|,:/ ]\s*([A-Za-z]{3})$")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{4})?$")
ENTITY_ID = re.compile(r"^(country|person|org|place|project)/[A-Za-z0-9][A-Za-z0-9._-]*$")


class BadParam(ValueError):
    """A query parameter that cannot be used; the message names it and says why."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name


def blank(value: str | None) -> str | None:
    value = value.strip() if value is not None else None
    return value or None


def date(name: str, value: str | None) -> str | None:
    value = blank(value)
    if value is None:
        return None
    m = _DATE.match(value)
    if not m:
        raise BadParam(name, f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    try:
        _dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        raise BadParam(name, f"{value!r} is not a day of the calendar") from None
    return value


def pair(value: str | None) -> str | None:
    """'AZE-KAZ', 'kaz|aze', 'AZE,KAZ' -> the dyad key 'AZE|KAZ'."""
    value = blank(value)
    if value is None:
        return None
    m = _PAIR.match(value)
    if not m:
        raise BadParam("pair", f"{value!r} is not two ISO 3166 alpha-3 codes like AZE-KAZ")
    return dyad_key(m.group(1).upper(), m.group(2).upper())


def types(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for value in values or []:
        for item in value.split(","):
            item = item.strip().upper()
            if not item:
                continue
            if item not in PLOVER_TYPES:
                raise BadParam("type", f"{item!r} is not a PLOVER type (one of "
                               f"{', '.join(PLOVER_TYPES)})")
            if item not in out:
                out.append(item)
    return tuple(out)


def lang(value: str | None) -> str | None:
    value = blank(value)
    if value is None:
        return None
    if not _LANG.match(value):
        raise BadParam("lang", f"{value!r} is not an ISO 639-1 language code like az or kk")
    return value


def kind(value: str | None) -> str | None:
    value = blank(value)
    if value is not None and value not in ENTITY_KINDS:
        raise BadParam("kind", f"{value!r} is not one of {', '.join(ENTITY_KINDS)}")
    return value


def entity(name: str, value: str | None) -> str | None:
    """An entity id ('person/kassym-jomart-tokayev') or a name in any language and script
    ('Токаев', 'Qazaxıstan') resolved by the registry's alias matcher."""
    value = blank(value)
    if value is None:
        return None
    if "/" in value:
        if not ENTITY_ID.match(value):
            raise BadParam(name, f"{value!r} is not an entity id like person/ilham-aliyev")
        return value
    groups, _ = resolve(value)
    if len(groups) != 1 or len(groups[0]) != 1:
        what = "names no entity" if not groups else "is ambiguous; give an id"
        raise BadParam(name, f"{value!r} {what}")
    return groups[0][0]


def resolve(query: str) -> tuple[list[list[str]], list[str]]:
    """Entity ids the registry's alias matcher finds in `query` (one group per span: an
    ambiguous span keeps every candidate) and the words it did not place."""
    index = build_index(load_registry())
    best: tuple[list[list[str]], list[str]] = ([], query.split())
    capitalised = " ".join(w[:1].upper() + w[1:] for w in query.split())
    for text in dict.fromkeys((query, capitalised)):
        groups, rest, last = [], [], 0
        for match in index.find(text):
            ids = [t.id for t in match.targets if isinstance(t, Entity)]
            if not ids:
                continue
            groups.append(sorted(dict.fromkeys(ids)))
            rest += text[last:match.start].split()
            last = match.end
        rest += text[last:].split()
        if len(groups) > len(best[0]):
            best = (groups, rest)
    return best
