"""Mentions of registry entities and office titles, and of people the registry does not know.

    find_entity_mentions(text, published) -> [Mention]

Registry aliases (in every language and script, Kazakh Cyrillic ones also in their Latin
transliteration) and office titles (data/lexicon/roles.yaml) go into one alias index. A
title then takes its country from the country named next to it ('Qazaxıstan Prezidenti',
'Президент Казахстана', 'the Kazakh ambassador') and its holder from the name that follows
it or, failing that, from the registry's offices on the document's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bilateral.datafiles import load_yaml
from bilateral.extract.matcher import AliasIndex, Match, Token, tokenize
from bilateral.extract.morph import load_morphology
from bilateral.language.translit import kk_to_latin
from bilateral.model import EntityRef, Mention
from bilateral.registry import Entity, Registry, load_registry
from bilateral.textutil import fold

_KINDS = {"country": "country", "person": "person", "organisation": "organisation",
          "place": "place", "project": "project"}
# What may stand between a title and the country or name it goes with.
_TIGHT = re.compile(r"^[\s,]*$")
_OF = re.compile(r"^\s+(of(\s+the)?|of)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class Role:
    role: str


@lru_cache(maxsize=1)
def _roles() -> dict[str, dict[str, list[str]]]:
    return load_yaml((resources.files("bilateral") / "data" / "lexicon" / "roles.yaml")
                          .read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _names() -> dict:
    return load_yaml((resources.files("bilateral") / "data" / "language" / "names.yaml")
                          .read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def build_index(registry: Registry) -> AliasIndex:
    index = AliasIndex(load_morphology())
    # Names, and the adjectives and demonyms that also point at a country ('Kazakh',
    # 'казахстанский', 'azərbaycanlı'): 'the Kazakh President' has a country to resolve.
    # A name is a name in any language of the text (a Kazakh article quotes Russian names);
    # an adjective is a common word, and only in its own language ('Türk' is Turkey's in
    # Turkish, 'Turkic' in Azerbaijani).
    for field, lang, alias, entity in registry.all_forms():
        only = None if field == "aliases" else lang.split("-")[0]
        tag = None if field == "aliases" else field.rstrip("s")
        index.add(alias, entity, only, tag)
        if lang == "kk":
            index.add(kk_to_latin(alias), entity, only, tag)
    for role, per_lang in _roles().items():
        for lang, phrases in per_lang.items():
            for phrase in phrases:
                index.add(phrase, Role(role))
                if lang == "kk":
                    index.add(kk_to_latin(phrase), Role(role))
    return index


def _ref(entity: Entity) -> EntityRef:
    return EntityRef(entity.id, entity.name, entity.country)


def _country_of(entity: Entity) -> str | None:
    return entity.country if entity.kind in ("country", "person", "place", "organisation") \
        else None


def _choose(targets: list[Entity], known: dict[str, Entity], registry: Registry,
            published: str | None) -> Entity | None:
    """One entity for a span that several aliases share ('Əliyev': Heydar or Ilham)."""
    if len({t.id for t in targets}) == 1:
        return targets[0]
    seen = [t for t in targets if t.id in known]
    if len(seen) == 1:
        return seen[0]
    if published:
        serving = [t for t in targets if any(
            _in_office(o.start, o.end, published) for o in t.offices)]
        if len(serving) == 1:
            return serving[0]
    kinds = {t.kind for t in targets}
    if kinds == {"country", "place"} or kinds == {"country", "organisation"}:
        return next(t for t in targets if t.kind == "country")
    return None


def _in_office(start: str | None, end: str | None, on: str) -> bool:
    return (start is None or start[: len(on)] <= on) and (end is None or on[: len(end)] <= end)


def find_entity_mentions(text: str, published: str | None = None,
                         registry: Registry | None = None,
                         tokens: list[Token] | None = None,
                         lang: str | None = None) -> list[Mention]:
    """Entity, role and unknown-person mentions in `text`. `published` (ISO date) resolves
    titles to office holders; `lang` limits adjectives to the text's language."""
    registry = registry or load_registry()
    index = build_index(registry)
    tokens = tokenize(text, index.morph) if tokens is None else tokens
    matches = index.find(text, tokens, lang.split("-")[0] if lang else None)
    known: dict[str, Entity] = {}
    resolved: list[tuple[Match, Entity | Role | None]] = []
    # Full names first, so that a later bare surname goes to the person already named.
    for match in sorted(matches, key=lambda m: -(m.end - m.start)):
        entities = [t for t in match.targets if isinstance(t, Entity)]
        roles = [t for t in match.targets if isinstance(t, Role)]
        if roles and not entities:
            resolved.append((match, roles[0]))
            continue
        chosen = _choose(entities, known, registry, published)
        if chosen is not None and len(entities) == 1:
            known[chosen.id] = chosen
        resolved.append((match, chosen if chosen else _Ambiguous(tuple(entities))))
    resolved.sort(key=lambda mt: mt[0].start)
    mentions = [_mention(text, m, t) for m, t in resolved]
    mentions = _resolve_roles(text, mentions, registry, published)
    mentions += _unknown_people(text, tokens, mentions)
    mentions.sort(key=lambda m: m.start)
    return mentions


@dataclass(frozen=True)
class _Ambiguous:
    candidates: tuple[Entity, ...]


def _mention(text: str, match: Match, target: Entity | Role | _Ambiguous | None) -> Mention:
    span = text[match.start : match.end]
    if isinstance(target, Role):
        return Mention("role", span, match.start, match.end, meta={"role": target.role})
    if isinstance(target, _Ambiguous):
        kind = _KINDS.get(target.candidates[0].kind, "person")
        return Mention(kind, span, match.start, match.end,
                       meta={"candidates": [c.id for c in target.candidates]})
    assert target is not None
    # 'Kazakh', 'қазақстандық': the country named by an adjective or a demonym.
    tag = match.tags[match.targets.index(target)] if target in match.targets and match.tags \
        else None
    return Mention(_KINDS[target.kind], span, match.start, match.end, entity=_ref(target),
                   meta={"form": tag} if tag else {})


def _resolve_roles(text: str, mentions: list[Mention], registry: Registry,  # noqa: C901
                   published: str | None) -> list[Mention]:
    out = list(mentions)
    for i, m in enumerate(out):
        if m.kind != "role":
            continue
        before = out[i - 1] if i > 0 else None
        after = out[i + 1] if i + 1 < len(out) else None
        country = None
        # 'Qazaxıstan Prezidenti', 'Қазақстан Президенті', 'the Kazakh ambassador'
        if before and before.entity and before.kind == "country" and \
                _TIGHT.match(text[before.end : m.start]):
            country = before.entity.country
        # 'Президент Казахстана', 'President of Kazakhstan'
        elif after and after.entity and after.kind == "country" and (
                _TIGHT.match(text[m.end : after.start]) or _OF.match(text[m.end : after.start])):
            country = after.entity.country
        holder = None
        person = after if after and after.kind == "person" and \
            _TIGHT.match(text[m.end : after.start]) else None
        if person is None and after and after.kind == "country":
            nxt = out[i + 2] if i + 2 < len(out) else None
            if nxt and nxt.kind == "person" and _TIGHT.match(text[after.end : nxt.start]):
                person = nxt
        if person is not None and person.entity is not None:
            holder = person.entity
            if country is None and holder.country:
                country = holder.country
        elif country and published:
            holders = registry.holders(m.meta["role"], country, published)
            if len(holders) == 1:
                holder = _ref(holders[0])
        meta = {**m.meta, "country": country}
        out[i] = Mention("role", m.text, m.start, m.end, entity=holder, meta=meta)
        if person is not None and person.entity is not None and not person.entity.country \
                and country:
            j = out.index(person)
            out[j] = Mention(person.kind, person.text, person.start, person.end,
                             entity=EntityRef(person.entity.id, person.entity.name, country),
                             meta=person.meta)
    return out


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """Folded keys of the given names, in both Kazakh scripts."""
    data = load_yaml((resources.files("bilateral") / "data" / "language" /
                           "first_names.yaml").read_text(encoding="utf-8"))
    morph = load_morphology()
    keys: set[str] = set()
    for lang, names in data.items():
        for name in names:
            keys |= morph.base_keys(name)
            if lang == "kk":
                keys |= morph.base_keys(kk_to_latin(name))
    return frozenset(keys)


@lru_cache(maxsize=1)
def _surname_endings() -> dict[str, tuple[str, ...]]:
    return {script: tuple(fold(e) for e in endings)
            for script, endings in _names()["surname_endings"].items()}


def _has_shape(word: str, keys: frozenset[str]) -> bool:
    script = "Cyrl" if re.search("[\u0400-\u04ff]", word) else "Latn"
    endings = _surname_endings()[script]
    return any(len(k) >= 5 and k.endswith(endings) for k in keys)


@lru_cache(maxsize=1)
def _patronymics() -> tuple[frozenset[str], tuple[str, ...]]:
    """Folded patronymic words ('оғлы', 'qızı') and patronymic endings ('ович', 'ovna')."""
    return (frozenset(fold(w) for w in _names()["patronymic_words"]),
            tuple(fold(w) for w in _names()["patronymic_endings"]))


def _unknown_people(text: str, tokens: list[Token], mentions: list[Mention]) -> list[Mention]:
    """Capitalised two- or three-word names with a surname or patronymic shape."""
    # Which tokens a mention already covers: one pass over both sorted lists.
    taken = [False] * len(tokens)
    spans = sorted((m.start, m.end) for m in mentions)
    j = 0
    for i, token in enumerate(tokens):
        while j < len(spans) and spans[j][1] <= token.start:
            j += 1
        taken[i] = j < len(spans) and spans[j][0] < token.end
    patronymics, middle_names = _patronymics()
    # The tests below run cheapest first: most capitalised words of a text (every noun in
    # German) fail on the next word's capital or on the space between them.
    capital = [text[t.start].isupper() for t in tokens]
    n_tokens = len(tokens)

    def joined(k: int) -> bool:  # token k and k + 1 are one name's words
        return text[tokens[k].end : tokens[k + 1].start] in (" ", "-")

    found: list[Mention] = []
    i = 0
    while i < n_tokens:
        if taken[i] or not capital[i]:
            i += 1
            continue
        best = 0
        # Three words only with a patronymic ('Ильхам Гейдар оғлы', 'Ерлан Бахытович
        # Жумабаев'): otherwise the first is as likely a capitalised title or noun.
        if (i + 3 <= n_tokens and capital[i + 1] and not taken[i + 1] and not taken[i + 2]
                and joined(i) and joined(i + 1)):
            last = text[tokens[i + 2].start : tokens[i + 2].end]
            folded_last = fold(last)
            if folded_last in patronymics or \
                    fold(text[tokens[i + 1].start : tokens[i + 1].end]).endswith(middle_names):
                if (capital[i + 2] and _has_shape(last, tokens[i + 2].keys)) \
                        or folded_last in patronymics:
                    best = 3
        if not best and i + 2 <= n_tokens and capital[i + 1] and not taken[i + 1] \
                and joined(i):
            last = text[tokens[i + 1].start : tokens[i + 1].end]
            if not tokens[i].keys.isdisjoint(_first_names()) \
                    or _has_shape(last, tokens[i + 1].keys):
                best = 2
        if best:
            start, end = tokens[i].start, tokens[i + best - 1].end
            found.append(Mention("person", text[start:end], start, end,
                                 entity=None, meta={"registered": False}))
            i += best
        else:
            i += 1
    return found
