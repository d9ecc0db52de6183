"""Event candidates per sentence, coded in PLOVER, each tied to the sentence that says so.

    find_events(text, sentences, mentions, published, uri, lang) -> [Event]

A sentence yields an event when it holds a trigger (data/lexicon/events.yaml) and names two
countries, directly or through the people, places, organisations and projects it mentions
(a registry entry knows its country; a bilateral council its two members). The trigger's
`roles` say who is the actor: the visitor of a visit (the host is the destination: a dative
or 'to X'), the guest of a reception, the giver of thanks or aid; otherwise the first side
named. The date is the sentence's own, else the one the preceding sentence of the same
passage gives when it told of the same happening; context words (future, negation,
hypothetical) and a date after publication put the event in PLOVER's contexts.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from bilateral.datafiles import load_yaml
from bilateral.extract.sentences import Sentence
from bilateral.language.translit import kk_to_latin
from bilateral.model import Event, Evidence, Figure, Mention, Party
from bilateral.registry import Registry, load_registry
from bilateral.textutil import fold, fold_aligned

_COOPERATIVE = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "AGREE"}
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Trigger:
    kind: str
    type: str | None  # None: the sentence yields no event (an invitation)
    mode: str | None
    roles: str
    priority: int
    pattern: re.Pattern[str]
    exclusive: bool = False
    implied: bool = False
    suppresses: tuple[str, ...] = ()
    speech: bool = False
    # The first three letters of each phrase's first word: a sentence with none of them
    # among its words cannot hold the trigger, and the regex is not run (5x faster).
    prefixes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicon:
    triggers: tuple[Trigger, ...]
    context: dict[str, tuple[re.Pattern[str] | None, tuple[str, ...]]]  # phrases, endings
    pair_words: re.Pattern[str]
    destination: dict[str, tuple[frozenset[str], frozenset[str]]]  # lang: endings, before
    location: dict[str, tuple[frozenset[str], frozenset[str]]]
    # Head (Trigger.prefixes) -> indices of the triggers that have it, ascending.
    heads: dict[str, tuple[int, ...]] = field(default_factory=dict)


_WORD_START = r"(?<!\w)"


def _phrase(phrase: str) -> str:
    """A phrase of the lexicon as a regex on folded text: each word a stem, '=' exact."""
    out = _WORD_START
    first = True
    for word in fold(phrase).split():
        if word == "~":  # up to three words of any kind: 'accepted ~ invitation'
            out += r"(?:[\s\-]+[\w'’]+){0,3}?"
            continue
        out += "" if first else r"[\s\-]+"
        first = False
        out += re.escape(word[:-1]) + r"(?!\w)" if word.endswith("=") else re.escape(word) + r"\w*"
    return out


def _alternation(pieces: list[str], raw: Iterable[str] = ()) -> re.Pattern[str]:
    """One regex for the phrases (each made by `_phrase`) and raw regexes (`re:` entries):
    the word-start test every phrase begins with is made once per position, not once per
    phrase (15x faster in a search); the phrases keep their order, longest first."""
    ordered = sorted(set(pieces), key=len, reverse=True)
    branches = [_WORD_START + "(?:" + "|".join(p[len(_WORD_START):] for p in ordered) + ")"
                ] if ordered else []
    return re.compile("|".join(branches + sorted(set(raw), key=len, reverse=True)))


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    data = load_yaml((resources.files("bilateral") / "data" / "lexicon" / "events.yaml")
                          .read_text(encoding="utf-8"))
    triggers = []
    def forms(per_lang: dict[str, list[str]]) -> list[str]:
        # Kazakh is written in two scripts: every Cyrillic phrase also in the Latin one.
        out = [p for words in per_lang.values() for p in words]
        out += [kk_to_latin(p) for p in per_lang.get("kk", [])]
        return out

    for t in data["triggers"]:
        raw = forms(t["words"])
        phrases = [_phrase(p) for p in raw]
        prefixes = frozenset(fold(p).split()[0].rstrip("=")[:3] for p in raw)
        triggers.append(Trigger(t["kind"], t.get("type"), t.get("mode"), t["roles"],
                                int(t.get("priority", 1)), _alternation(phrases),
                                bool(t.get("exclusive")), bool(t.get("implied")),
                                tuple(t.get("suppresses", ())), bool(t.get("speech")),
                                prefixes))
    context = {}
    for name, per_lang in data["context"].items():
        entries = forms(per_lang)
        phrases = [_phrase(e) for e in entries if not e.startswith(("-", "re:"))]
        # Only searched for (is any there?), so the raw regexes may follow the phrases.
        raw = [e[3:] for e in entries if e.startswith("re:")]
        endings = tuple(sorted({fold(e[1:]) for e in entries if e.startswith("-")}))
        context[name] = (_alternation(phrases, raw) if phrases or raw else None, endings)

    def marks(section: str) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
        return {lang: (frozenset(fold(w) for w in spec.get("endings", [])),
                       frozenset(fold(w) for w in spec.get("before", [])))
                for lang, spec in data[section].items()}

    pair_words = _alternation([_phrase(p) for p in forms(data["pair_words"])])
    heads: dict[str, list[int]] = {}
    for i, t in enumerate(triggers):
        for head in t.prefixes:
            heads.setdefault(head, []).append(i)
    return Lexicon(tuple(triggers), context, pair_words, marks("destination"),
                   marks("location"), {h: tuple(ix) for h, ix in heads.items()})


def _marks(table: dict[str, tuple[frozenset[str], frozenset[str]]], lang: str | None
           ) -> tuple[frozenset[str], frozenset[str]]:
    """The endings and preceding words of one language; of all, when it is unknown."""
    if lang and lang.split("-")[0] in table:
        return table[lang.split("-")[0]]
    endings = frozenset().union(*(e for e, _ in table.values()))
    before = frozenset().union(*(b for _, b in table.values()))
    return endings, before


@dataclass
class _Side:
    country: str
    mention: Mention | None
    position: int
    person: bool


def _mention_countries(m: Mention, registry: Registry) -> list[str]:
    """The countries a mention stands for: its own, or a bilateral body's members, or the
    countries a project joins."""
    if m.kind == "date":
        return []
    if m.kind == "role":
        holder = m.entity.country if m.entity else None
        return [c for c in (m.meta.get("country") or holder,) if c]
    if m.entity is None:
        return []
    entity = registry.get(m.entity.id)
    if entity is not None:
        joined = entity.extra.get("members") if entity.kind == "organisation" else \
            entity.extra.get("countries") if entity.kind == "project" else None
        if joined and len(joined) == 2:
            return list(joined)
    return [m.entity.country] if m.entity.country else []


@lru_cache(maxsize=4096)
def _bases(entity_id: str, registry: Registry) -> tuple[str, ...]:
    """Folded last words of every name of an entity: what a case ending is cut from."""
    entity = registry.get(entity_id)
    if entity is None:
        return ()
    out = set()
    for forms in entity.aliases.values():
        for form in forms:
            words = re.findall(r"\w+", fold(form))
            if words:
                out.add(words[-1])
    return tuple(sorted(out, key=lambda b: (-len(b), b)))


def _ending(text: str, m: Mention, registry: Registry) -> str:
    """The case ending a mention carries ('Bakıya' -> 'ya'; "Bakü'ye" -> 'ye')."""
    after = re.match(r"['’ʻ-](\w+)", text[m.end : m.end + 12])
    if after:
        return fold(after.group(1))
    if m.entity is None:
        return ""
    last = fold(re.findall(r"\w+", m.text)[-1]) if re.findall(r"\w+", m.text) else ""
    for base in _bases(m.entity.id, registry):
        if last.startswith(base):
            return last[len(base):]
        if len(base) > 3 and last.startswith(base[:-1]):  # Астана -> Астану
            return last[len(base) - 1:]
    return ""


def _word_before(text: str, m: Mention) -> str:
    words = re.findall(r"\w+", text[max(0, m.start - 20) : m.start])
    return fold(words[-1]) if words else ""


def _is_marked(text: str, m: Mention, registry: Registry, endings: frozenset[str],
               before: frozenset[str]) -> bool:
    if _ending(text, m, registry) in endings or _word_before(text, m) in before:
        return True
    if m.meta.get("form"):
        # An adjective takes no case; the noun after it does ('әзербайжан тарапына').
        nxt = re.match(r"\s+(\w+)", text[m.end : m.end + 40])
        if nxt:
            word = fold(nxt.group(1))
            return any(word.endswith(e) for e in endings if len(e) >= 2)
    return False


def _contexts(sentence: str, lex: Lexicon, trigger_at: int) -> set[str]:
    return set(_clause_contexts(*_clause(sentence, trigger_at)))


def _clause(sentence: str, trigger_at: int) -> tuple[str]:
    folded = fold_aligned(sentence)
    start = max(folded.rfind(";", 0, trigger_at), folded.rfind(" – ", 0, trigger_at)) + 1
    ends = [i for i in (folded.find(";", trigger_at), folded.find(" – ", trigger_at)) if i >= 0]
    return (folded[start : min(ends) if ends else len(folded)],)


@lru_cache(maxsize=256)
def _clause_contexts(clause: str) -> frozenset[str]:
    lex = load_lexicon()
    finals = [w.split()[-1] for w in re.split(r"[,.!?:]", clause) if w.split()]
    found = set()
    for name, (phrases, endings) in lex.context.items():
        if (phrases is not None and phrases.search(clause)) or any(
                w.endswith(e) and len(w) > len(e) + 1 for w in finals for e in endings):
            found.add(name)
    return frozenset(found)


def _focal_pair(mentions: list[Mention], registry: Registry) -> tuple[str, ...]:
    counts: Counter[str] = Counter()
    for m in mentions:
        for c in _mention_countries(m, registry):
            counts[c] += 1
    return tuple(c for c, _ in counts.most_common(2))


def find_events(text: str, sentences: list[Sentence], mentions: list[Mention],
                published: str | None = None, uri: str = "", lang: str | None = None,
                registry: Registry | None = None) -> list[Event]:
    registry = registry or load_registry()
    lex = load_lexicon()
    focal = _focal_pair(mentions, registry)
    events: list[Event] = []
    # The last event of each kind in the current paragraph: a later sentence about 'the
    # session' or 'the visit' takes its date and direction from it.
    passage: dict[str, Event] = {}
    last_end = 0
    # Paragraphs that name a date, found once (a sentence asks in O(log n)).
    breaks = [m.start() for m in re.finditer(r"\n\n", text)]
    dated = {_paragraph_of(breaks, m.start) for m in mentions if m.kind == "date" and m.value}
    ordered = sorted(mentions, key=lambda m: m.start)
    cursor = 0
    for sentence in sentences:
        if "\n" in text[last_end : sentence.start]:
            # A new paragraph: what it tells is dated afresh, but the meeting the article is
            # about goes on ('at the end of the talks, documents were signed').
            passage = {k: v for k, v in passage.items() if k == "@CONSULT"}
        last_end = sentence.end
        while cursor < len(ordered) and ordered[cursor].end <= sentence.start:
            cursor += 1
        inside = []
        j = cursor
        while j < len(ordered) and ordered[j].start < sentence.end:
            inside.append(ordered[j])
            j += 1
        found = _sentence_events(text, sentence, inside, focal, published, uri, lang, registry,
                                 lex, passage, _paragraph_of(breaks, sentence.start) in dated)
        events.extend(found)
        for event in found:
            passage[event.kind] = event
            if event.type == "CONSULT" and event.date:
                passage["@CONSULT"] = event
    return events


def _sentence_events(text: str, sentence: Sentence, mentions: list[Mention],
                     focal: tuple[str, ...], published: str | None, uri: str,
                     lang: str | None, registry: Registry, lex: Lexicon,
                     passage: dict[str, Event], paragraph_dated: bool = False) -> list[Event]:
    folded = fold_aligned(sentence.text)
    found = []
    starts = _head_starts(folded, lex.heads)
    # Only the triggers one of the sentence's words can begin, in the lexicon's order.
    for i in sorted({i for head in starts for i in lex.heads[head]}):
        t = lex.triggers[i]
        m = _first_match(t, folded, starts)
        if m:
            found.append((t, m))
    suppressed = {k for t, _ in found for k in t.suppresses}
    found = [(t, m) for t, m in found if t.kind not in suppressed]
    exclusive = [h for h in found if h[0].exclusive]
    if exclusive:
        found = [max(exclusive, key=lambda h: h[0].priority)]
    hits: dict[str, tuple[Trigger, re.Match[str]]] = {}
    for trigger, m in found:
        if trigger.type is None:
            continue
        # One event of a type per sentence: 'the state visit and the talks held during it'.
        current = hits.get(trigger.type)
        if current is None or trigger.priority > current[0].priority:
            hits[trigger.type] = (trigger, m)
    if not hits:
        return []
    sides = _sides(mentions, registry)
    pair = _pair(sides, focal)
    implied_side = None
    if pair is None and len(focal) == 2 and lex.pair_words.search(folded):
        # 'İki ölkə arasında diplomatik əlaqələrin əsası qoyulub': the two are named at once.
        pair = focal[0], focal[1]
    if pair is None and len(focal) == 2 and any(t.implied for t, _ in hits.values()):
        # 'Bir sıra sənədlər imzalandı' in an article about the two: the other side is
        # implied. Only for acts that take two sides, and only for the document's pair.
        named = {s.country for s in sides}
        if len(named) == 1 and named <= set(focal):
            (only,) = named
            implied_side = focal[1] if only == focal[0] else focal[0]
            pair = only, implied_side  # the side named acts: 'Qazaxıstan Prezidentinin səfəri'
            hits = {k: v for k, v in hits.items() if v[0].implied}

    meeting = passage.get("@CONSULT")
    if pair is None and meeting is not None and any(t.implied for t, _ in hits.values()) \
            and not sides:
        # 'Danışıqların yekununda bir sıra sənədlər imzalanıb': the talks the passage told
        # of are between the two sides that met.
        pair = meeting.actor.country, meeting.recipient.country
        implied_side = pair[1]
        hits = {k: v for k, v in hits.items() if v[0].implied}
    if pair is None:
        return []
    dates = [m for m in mentions if m.kind == "date" and m.value]
    # 'ертең' with no publication date: no value yet, but the shift is kept for merging,
    # which can date the document from the events it shares with others.
    unresolved = [m for m in mentions if m.kind == "date" and not m.value
                  and m.meta.get("relative") and m.meta.get("shift")]
    out = []
    for trigger, match in sorted(hits.values(), key=lambda h: -h[0].priority):
        if implied_side is not None:
            actor, recipient, roles_from = (_party(pair[0], sides), _party(implied_side, sides),
                                            "implied")
        else:
            actor, recipient, roles_from = _roles(trigger, pair, sides, text, registry, lex,
                                                  passage.get(trigger.kind), lang)
        contexts = _contexts(sentence.text, lex, match.start())
        # A document signed or a centre opened 'within the visit' takes the visit's date.
        earlier = passage.get(trigger.kind) or (
            passage.get("@CONSULT") if trigger.kind in ("sign", "agree", "open") else None)
        if trigger.speech:
            # A statement is made when it is reported: the report's date, or the meeting's
            # the passage tells of, not the date of what it is about.
            meeting = passage.get("@CONSULT")
            if published:
                date, date_meta = published, {"source": "published"}
            elif meeting is not None and meeting.date:
                date, date_meta = meeting.date, {"source": "passage"}
            else:
                date, date_meta = None, {}
        else:
            date, date_meta = _date(dates, earlier, sentence.start + match.start())
            if date is None and published and not paragraph_dated:
                # A report of the day: what its passage does not date happened when it was
                # published.
                date, date_meta = published, {"source": "published"}
        if date is None and unresolved:
            date_meta = {"source": "relative", "text": unresolved[0].text,
                         "shift": unresolved[0].meta["shift"], "relative": True}
        if date and published and date[:10] > published[:10] and not date.startswith("--"):
            contexts.add("future")
        if date and published and len(date) >= 4 and date[:4].isdigit() and \
                int(date[:4]) < int(published[:4]) - 1:
            contexts.add("historical")
        etype, mode = trigger.type, trigger.mode
        # A promise or plan is an agreement (DESIGN.md); an act with its own day in the
        # future ('tomorrow the centre opens') is that act, scheduled.
        scheduled = date is not None and len(date) >= 10 and not date.startswith("--")
        if "future" in contexts and etype in _COOPERATIVE and not scheduled and \
                not contexts & {"negation", "hypothetical"}:
            etype, mode = "AGREE", None
        evidence = Evidence(uri, lang, sentence.text, sentence.start, sentence.end)
        location = _location(text, mentions, registry, lex, trigger, recipient, lang)
        date_meta = {**date_meta, "roles": roles_from}
        trigger_text = sentence.text[match.start() : match.end()]
        confidence = 0.5 + 0.15 * bool(date) + 0.1 * bool(location) + \
            0.1 * bool(actor.entity and recipient.entity)
        event = Event(type=etype, mode=mode, actor=actor, recipient=recipient,
                      evidence=evidence, trigger=trigger_text, date=date, date_meta=date_meta,
                      location=location, context=tuple(sorted(contexts)),
                      confidence=round(min(confidence, 0.95), 2), kind=trigger.kind)
        out.append(_with_summary(event, trigger.kind, registry))
    return out


def _head_starts(folded: str, heads: dict[str, tuple[int, ...]]) -> dict[str, list[int]]:
    """Where each word of the sentence that begins as some trigger does begins: the head
    (first three letters) -> offsets, ascending."""
    starts: dict[str, list[int]] = {}
    for w in _WORD.finditer(folded):
        head = w.group()[:3]
        if head in heads:
            starts.setdefault(head, []).append(w.start())
    return starts


def _first_match(trigger: Trigger, folded: str, starts: dict[str, list[int]]
                 ) -> re.Match[str] | None:
    """The trigger's match at the earliest word that begins as one of its phrases does."""
    lists = [starts[head] for head in trigger.prefixes if head in starts]
    # Each list is ascending (words in text order) and no two heads share a word.
    positions = lists[0] if len(lists) == 1 else sorted(p for ps in lists for p in ps)
    for pos in positions:
        m = trigger.pattern.match(folded, pos)
        if m:
            return m
    return None


def _paragraph_of(breaks: list[int], offset: int) -> int:
    """Index of the paragraph (blank-line separated) that holds `offset`."""
    return bisect.bisect_right(breaks, offset)


def _sides(mentions: list[Mention], registry: Registry) -> list[_Side]:
    sides = []
    for m in mentions:
        for country in _mention_countries(m, registry):
            sides.append(_Side(country, m, m.start, m.kind in ("person", "role")))
    return sides


def _pair(sides: list[_Side], focal: tuple[str, ...]) -> tuple[str, str] | None:
    countries = list(dict.fromkeys(s.country for s in sides))
    if len(countries) < 2:
        return None
    if len(focal) == 2 and set(focal) <= set(countries):
        a, b = sorted(focal, key=countries.index)
        return a, b
    return countries[0], countries[1]


def _party(country: str, sides: list[_Side]) -> Party:
    """The country, and the person (or failing that the organisation) that acts for it."""
    people = [s.mention for s in sides if s.country == country and s.person and s.mention
              and s.mention.entity]
    if people:
        entity = people[0].entity
        return Party(country, entity.name, entity.id)
    return Party(country)


def _roles(trigger: Trigger, pair: tuple[str, str], sides: list[_Side], text: str,
           registry: Registry, lex: Lexicon, previous: Event | None, lang: str | None
           ) -> tuple[Party, Party, str]:
    """Actor and recipient, and how they were told apart: 'marked' (a destination or a
    dative), 'subject' (who receives), 'passage' (the visit told before), 'order'."""
    a, b = pair
    if trigger.roles == "visit":
        hosts = [s.country for s in sides if s.mention is not None and s.country in pair
                 and s.mention.kind in ("country", "place")
                 and (_is_marked(text, s.mention, registry, *_marks(lex.destination, lang))
                      or _is_marked(text, s.mention, registry, *_marks(lex.location, lang)))]
        if hosts:
            host = hosts[0]
            guest = b if host == a else a
            return _party(guest, sides), _party(host, sides), "marked"
        if previous is not None and previous.mode == "visit" and \
                {previous.actor.country, previous.recipient.country} == set(pair):
            # 'Səfər zamanı ...': the visit the passage is telling, same direction.
            return (_party(previous.actor.country, sides),
                    _party(previous.recipient.country, sides), "passage")
    elif trigger.roles == "receive":
        # The subject receives: the first person named hosts, the other side is the guest.
        people = [s for s in sides if s.person and s.country in pair]
        if people:
            host = people[0].country
            guest = b if host == a else a
            return _party(guest, sides), _party(host, sides), "subject"
    elif trigger.roles == "credentials":
        envoys = [s.country for s in sides if s.country in pair and _is_ambassador(s, registry)]
        if envoys:
            envoy = envoys[0]
            return _party(envoy, sides), _party(b if envoy == a else a, sides), "subject"
    elif trigger.roles == "give":
        receivers = [s.country for s in sides if s.country in pair and s.mention is not None
                     and _is_marked(text, s.mention, registry,
                                    *_marks(lex.destination, lang))]
        if receivers:
            receiver = receivers[0]
            return _party(b if receiver == a else a, sides), _party(receiver, sides), "marked"
    return _party(a, sides), _party(b, sides), "order"


def _is_ambassador(side: _Side, registry: Registry) -> bool:
    m = side.mention
    if m is None:
        return False
    if m.kind == "role":
        return m.meta.get("role") == "ambassador"
    entity = registry.get(m.entity.id) if m.entity else None
    return bool(entity and any(o.role == "ambassador" for o in entity.offices))


def _date(dates: list[Mention], earlier: Event | None, at: int) -> tuple[str | None, dict]:
    if dates:
        # The date nearest the trigger: 'the visit, which followed the declaration signed in
        # Baku on 24 August 2022, began on 11 March' is dated by 11 March. Years alone ('in
        # 2024', '20 illik') yield to a day or month when both stand in the sentence.
        def distance(d: Mention) -> int:
            return max(d.start - at, at - d.end, 0)

        precise = [d for d in dates if len(d.value or "") > 4] or dates
        best = min(precise, key=lambda d: (distance(d), -len(d.value or "")))
        meta = {"source": "sentence", "text": best.text}
        if best.meta.get("relative"):
            meta["relative"] = True
            meta["anchor"] = best.meta.get("anchor")
            meta["shift"] = best.meta.get("shift")
        return best.value, meta
    # 'Səfər zamanı ... danışıqlar keçirilib': a sentence that goes on with the happening an
    # earlier sentence of the passage dated.
    if earlier is not None and earlier.date:
        return earlier.date, {"source": "passage", "text": earlier.date_meta.get("text")}
    return None, {}


def _location(text: str, mentions: list[Mention], registry: Registry, lex: Lexicon,
              trigger: Trigger, recipient: Party, lang: str | None
              ) -> dict[str, str | None] | None:
    places = [m for m in mentions if m.kind == "place" and m.entity]
    if not places:
        return None
    marked = [m for m in places if _is_marked(text, m, registry, *_marks(lex.location, lang))
              or _is_marked(text, m, registry, *_marks(lex.destination, lang))]
    chosen = (marked or places)[0]
    if trigger.roles == "visit" and recipient.country and chosen.entity.country not in (
            recipient.country, None):
        return None
    return {"name": chosen.entity.name, "country": chosen.entity.country, "id": chosen.entity.id}


_VERBS = {
    "visit": "visits", "talks": "holds talks with", "council": "meets in council with",
    "summit": "meets at a summit with", "phone": "speaks by phone with",
    "receive": "is received by", "credentials": "presents credentials to",
    "sign": "signs a document with", "relations": "establishes diplomatic relations with",
    "embassy": "opens a mission in", "congratulate": "congratulates", "thank": "thanks",
    "support": "supports", "accept-invitation": "accepts an invitation from",
    "agree": "agrees with", "open": "opens a joint project with",
    "cooperate": "cooperates with", "aid": "gives aid to",
}


def _with_summary(event: Event, kind: str, registry: Registry) -> Event:
    from dataclasses import replace

    def name(party: Party) -> str:
        country = registry.get(f"country/{party.country}")
        country_name = country.name if country else (party.country or "?")
        return f"{country_name} ({party.entity})" if party.entity else country_name

    verb = _VERBS.get(kind, "acts towards")
    if event.type == "AGREE" and kind not in ("agree", "accept-invitation"):
        verb = f"agrees to {kind.replace('-', ' ')} with"
    where = f" in {event.location['name']}" if event.location else ""
    prefix = "" if not event.context else f"[{', '.join(event.context)}] "
    return replace(event, summary=f"{prefix}{name(event.actor)} {verb} "
                                  f"{name(event.recipient)}{where}")


def pledge_events(text: str, figures: list[Figure], events: list[Event],
                  mentions: list[Mention], published: str | None = None, uri: str = "",
                  lang: str | None = None, registry: Registry | None = None) -> list[Event]:
    """A pledge between two countries ('turnover will be doubled to 1 billion dollars') is an
    agreement (DESIGN.md: AGREE), one per pledged subject. Its sides are the countries the
    pledge names, or the document's two main countries when it names one of them or none;
    its date is the meeting's the passage tells of (where it was announced), else the day
    of publication."""
    registry = registry or load_registry()
    focal = _focal_pair(mentions, registry)
    out: list[Event] = []
    seen: set[tuple[int, str]] = set()
    for figure in figures:
        if figure.kind != "pledge" or figure.evidence is None:
            continue
        countries = list(dict.fromkeys(figure.countries))
        if len(countries) >= 2:
            pair = (countries[0], countries[1])
            if len(focal) == 2 and set(focal) <= set(countries):
                pair = (focal[0], focal[1])
        elif len(focal) == 2 and set(countries) <= set(focal):
            pair = (focal[0], focal[1])
        else:
            continue
        key = (figure.evidence.start, figure.subject)
        if key in seen:
            continue
        if _contexts(figure.evidence.text, load_lexicon(),
                     max(0, figure.start - figure.evidence.start)) & {"negation",
                                                                        "hypothetical"}:
            continue
        seen.add(key)
        meeting = max((e for e in events if e.type == "CONSULT" and e.date
                       and e.evidence.start <= figure.start), key=lambda e: e.evidence.start,
                      default=None)
        date, date_meta = (meeting.date, {"source": "passage"}) if meeting else (
            (published, {"source": "published"}) if published else (None, {}))
        if figure.deadline:
            date_meta["deadline"] = figure.deadline
        names = {c: registry.get(f"country/{c}") for c in pair}
        what = figure.subject.replace("-", " ")
        summary = (f"{names[pair[0]].name if names[pair[0]] else pair[0]} and "
                   f"{names[pair[1]].name if names[pair[1]] else pair[1]} pledge: {what}")
        out.append(Event(
            type="AGREE", mode=None, actor=Party(pair[0]), recipient=Party(pair[1]),
            evidence=figure.evidence, trigger=figure.text, date=date,
            date_meta={**date_meta, "roles": "order", "pledge": figure.subject,
                       "value": figure.value, "unit": figure.unit},
            context=("future",), summary=summary, confidence=0.6,
            kind=f"pledge:{figure.subject}"))
    return out
