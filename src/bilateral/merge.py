"""Corpus-level merging: event candidates from all documents become events, each told by one
or more sources.

Rules (DESIGN.md, issue 6):
- Only candidates of the same dyad (the two countries, in either order) and the same PLOVER
  type merge. CONSULT candidates of one dyad on one day are one event whatever their mode
  (a state visit and the talks and council session held during it are the same happening
  to a reader of a timeline; a phone call never merges with a visit).
- Dates must agree at the precision of the less precise one ('2024-03' and '2024-03-11'
  agree; '--03-11', a day whose year the text left open, agrees with any March 11).
- A candidate with no date joins the dated event it most resembles: same dyad and type, and
  a source document naming the same people, places, organisations and projects (Jaccard
  similarity of the documents' entity sets, at least MIN_SIMILARITY); if none is close
  enough it stays an event of its own.
- Places must agree when both sides give one.
Clustering runs over a dyad's candidates in a canonical order (most precise date first, then
date, document, position), so the result does not depend on the order documents came in.
A merged event takes the most precise date and the place its sources give, says which
source gave them, and keeps every date its sources gave.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date as Date
from datetime import timedelta

# How alike two documents' named entities must be for an undated candidate of one to join an
# event dated by the other.
MIN_SIMILARITY = 0.25
# Contexts that keep a candidate from counting as something that happened.
NOT_HAPPENED = frozenset({"negation", "hypothetical"})


@dataclass(slots=True)
class Candidate:
    id: int
    document_id: int
    uri: str
    lang: str | None
    duplicate_of: int | None
    type: str
    mode: str | None
    kind: str
    actor: dict
    recipient: dict
    date: str | None
    location: dict | None
    context: tuple[str, ...]
    confidence: float
    evidence: dict  # start, end (and text, where the caller has it)
    start: int = 0
    date_meta: dict = field(default_factory=dict)
    published: str | None = None  # the document's publication date

    @property
    def dyad(self) -> str:
        return dyad_key(self.actor.get("country"), self.recipient.get("country"))


def dyad_key(a: str | None, b: str | None) -> str:
    return "|".join(sorted([a or "?", b or "?"]))


def _precision(date: str | None) -> int:
    if not date:
        return 0
    if date.startswith("--"):
        return 2 if len(date) > 4 else 1
    return {4: 3, 7: 4, 10: 5}.get(len(date), 3)


def dates_agree(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    if a.startswith("--") or b.startswith("--"):
        return a[-5:] == b[-5:] if len(a) >= 5 and len(b) >= 5 else a[-2:] == b[-2:]
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def places_agree(a: dict | None, b: dict | None) -> bool:
    """Two places of one happening: the same place, or places of one country (a source
    says 'in Karabakh', another 'in Fuzuli'). Places in two countries never agree."""
    if not a or not b:
        return True
    if a.get("id") == b.get("id") or a.get("name") == b.get("name"):
        return True
    return bool(a.get("country")) and a.get("country") == b.get("country")


def _canonical(c: Candidate) -> tuple:
    return (-_precision(c.date), c.date or "", c.uri, c.start, c.id)


# Which candidates may tell one happening, by the kind of their trigger (issue 6 asks for
# the rule): the meeting (a visit, its talks, its council session, a reception); the accord
# (documents signed, an agreement reached, relations established); material help and
# cooperation on one object (a centre built as a gift and opened together is both AID and
# COOPERATE); each pledge by its subject; each kind of statement on its own (thanks and
# congratulations on one day are two acts).
_FAMILIES = {
    "visit": "meeting", "talks": "meeting", "council": "meeting", "receive": "meeting",
    "credentials": "meeting", "sign": "accord", "agree": "accord", "relations": "accord",
    "open": "material", "aid": "material", "cooperate": "material",
}


def family(c: Candidate) -> str:
    # Asked millions of times merging a big archive, of a few dozen (kind, type) pairs.
    key = (c.kind, c.type)
    known = _FAMILY_OF.get(key)
    if known is None:
        known = _FAMILY_OF[key] = (
            c.kind if c.kind.startswith("pledge:") else
            _FAMILIES.get(c.kind, f"{c.type}:{c.kind}"))
    return known


_FAMILY_OF: dict[tuple[str, str], str] = {}  # bounded: kinds and types come from the lexicon


@dataclass(eq=False)
class Cluster:
    """Candidates told of one happening, with what they agree on kept up to date as
    candidates join (a cluster's date is the most precise one its members give)."""

    members: list[Candidate] = field(default_factory=list)
    date: str | None = None
    location: dict | None = None
    docs: set[int] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    order: int = 0  # creation order: ties are broken by it, never by hashing

    @property
    def first(self) -> Candidate:
        return self.members[0]

    def add(self, c: Candidate) -> None:
        self.members.append(c)
        self.docs.add(c.document_id)
        self.kinds.add(c.kind)
        if c.date and _precision(c.date) > _precision(self.date):
            self.date = c.date
        if self.location is None and c.location:
            self.location = c.location

    def documents(self) -> set[int]:
        return self.docs


def _compatible(cluster: Cluster, c: Candidate) -> bool:
    first = cluster.first
    if family(first) != family(c):
        return False
    if c.type == "CONSULT" and ("phone" in (first.mode, c.mode)) and first.mode != c.mode:
        return False
    return places_agree(cluster.location, c.location)


class _Index:
    """Clusters by family, by family and year, by document and by named entity: each
    candidate is compared with the few clusters it could join, not with all of them, so a
    dyad of 100,000 candidates merges in linear time."""

    def __init__(self, doc_entities: dict[int, frozenset[str]]) -> None:
        self.clusters: list[Cluster] = []
        self.doc_entities = doc_entities
        # Entities that most documents of the pair name (its two presidents) tell no event
        # from another: clusters are looked up by the rarer ones only.
        df: Counter[str] = Counter(e for ents in doc_entities.values() for e in ents)
        limit = max(5, len(doc_entities) // 5)
        self.telling = {d: sorted(e for e in ents if df[e] <= limit)
                        for d, ents in doc_entities.items()}
        self.by_family: dict[str, list[Cluster]] = {}
        self.by_year: dict[tuple[str, str], list[Cluster]] = {}
        self.by_doc: dict[tuple[str, int], list[Cluster]] = {}
        # Clusters by a day their own sources give (not the day of publication standing in).
        self.by_day: dict[tuple[str, str], list[Cluster]] = {}
        self.by_entity: dict[tuple[str, str], list[Cluster]] = {}
        # The same by the month the cluster happened in, once dates are settled (see
        # by_month_from_now).
        self.by_entity_month: dict[tuple[str, str, str | None], list[Cluster]] | None = None
        # The clusters of by_year again, by their date now and by its month, each with its
        # place in by_year: `first_dated` then reads a few short lists instead of a year's.
        self._stamp: dict[int, int] = {}  # cluster.order -> place in by_year's list
        self.by_date: dict[tuple[str, str], list[Cluster]] = {}
        self.by_month: dict[tuple[str, str], list[Cluster]] = {}
        # Per cluster (by order), the entity sets of its documents, counted: wire copies and
        # follow-ups name the same entities, so an undated telling is scored against each
        # distinct set once rather than against every document (same best score).
        self.entity_sets: dict[int, Counter[frozenset[str]]] = {}

    def new(self, c: Candidate) -> Cluster:
        cluster = Cluster(order=len(self.clusters))
        self.clusters.append(cluster)
        self.by_family.setdefault(family(c), []).append(cluster)
        self.add(cluster, c)
        return cluster

    def add(self, cluster: Cluster, c: Candidate) -> None:
        fam = family(c)
        had_date = cluster.date
        had_year = cluster.date[:4] if cluster.date and not cluster.date.startswith("--") \
            else None
        new_doc = c.document_id not in cluster.docs
        cluster.add(c)
        year = cluster.date[:4] if cluster.date and not cluster.date.startswith("--") else None
        if year and year != had_year:
            listed = self.by_year.setdefault((fam, year), [])
            self._stamp[cluster.order] = len(listed)
            listed.append(cluster)
        if year and cluster.date != had_date:
            self._index_date(fam, cluster)
        if c.date and len(c.date) == 10 and not c.date.startswith("--") and \
                c.date_meta.get("source") != "published":
            days = self.by_day.setdefault((fam, c.date), [])
            if not days or days[-1] is not cluster:
                days.append(cluster)
        if new_doc:
            self.entity_sets.setdefault(cluster.order, Counter())[
                self.doc_entities.get(c.document_id, frozenset())] += 1
            self.by_doc.setdefault((fam, c.document_id), []).append(cluster)
            for entity in self.telling.get(c.document_id, ()):
                self.by_entity.setdefault((fam, entity), []).append(cluster)
                if self.by_entity_month is not None:
                    self._index_month(fam, entity, cluster)

    def _index_date(self, fam: str, cluster: Cluster) -> None:
        # Entries left under a cluster's earlier, coarser date are harmless: every lookup
        # checks the date it finds.
        date = cluster.date or ""
        key = date if len(date) in (4, 7, 10) else date[:4] + "?"
        self.by_date.setdefault((fam, key), []).append(cluster)
        if len(date) >= 7:
            self.by_month.setdefault((fam, date[:7]), []).append(cluster)

    def dated(self, c: Candidate) -> list[Cluster]:
        if c.date and not c.date.startswith("--"):
            return self.by_year.get((family(c), c.date[:4]), [])
        return self.by_family.get(family(c), [])

    def first_dated(self, c: Candidate, fits: Callable[[Cluster], bool]) -> Cluster | None:
        """`next(k for k in self.dated(c) if fits(k))` for a `fits` that demands dates
        agreeing with c's: only clusters whose date is c's, or a prefix of it, or (c being
        a month) a day in it can, and they are looked up by date."""
        date = c.date or ""
        if date.startswith("--") or len(date) not in (7, 10):
            return next((k for k in self.dated(c) if fits(k)), None)
        fam = family(c)
        lists = [self.by_date.get((fam, date[:4]), ()), self.by_date.get((fam, date[:7]), ()),
                 self.by_date.get((fam, date[:4] + "?"), ())]
        lists.append(self.by_date.get((fam, date), ()) if len(date) == 10
                     else self.by_month.get((fam, date), ()))
        best: Cluster | None = None
        for listed in lists:
            for k in listed:
                if (best is None or self._stamp[k.order] < self._stamp[best.order]) \
                        and dates_agree(k.date, c.date) and fits(k):
                    best = k
        return best

    def by_month_from_now(self) -> None:
        """Index the clusters by entity and month from here on (cluster dates no longer
        change once every dated candidate has joined one)."""
        self.by_entity_month = {}
        for (fam, entity), clusters in self.by_entity.items():
            for cluster in clusters:
                self._index_month(fam, entity, cluster)

    def _index_month(self, fam: str, entity: str, cluster: Cluster) -> None:
        assert self.by_entity_month is not None
        self.by_entity_month.setdefault((fam, entity, _month_of(cluster)), []).append(cluster)

    def sharing(self, c: Candidate) -> list[Cluster]:
        """Clusters with a source naming one of the entities c's document names; for a
        candidate of a dated document, only those of the month before, of and after its
        publication (an undated telling is of an event near the day it was published), so
        that the look-up stays short however long the archive."""
        fam = family(c)
        month = (c.published or "")[:7]
        months = (*_around(month), None) if len(month) == 7 else None
        seen: dict[int, Cluster] = {}
        for entity in self.telling.get(c.document_id, ()):
            if months is None:
                lists = [self.by_entity.get((fam, entity), ())]
            else:
                by_month = self.by_entity_month or {}
                lists = [by_month.get((fam, entity, m), ()) for m in months]
            for listed in lists:
                for cluster in listed:
                    seen.setdefault(cluster.order, cluster)
        return [seen[k] for k in sorted(seen)]


def _month_of(cluster: Cluster) -> str | None:
    """The month a cluster happened in: its date's, else when its first source appeared."""
    date = cluster.date or ""
    if len(date) >= 7 and not date.startswith("--"):
        return date[:7]
    published = cluster.first.published or ""
    return published[:7] if len(published) >= 7 else None


def _around(month: str) -> tuple[str, str, str]:
    year, mon = int(month[:4]), int(month[5:7])
    before = f"{year - 1:04d}-12" if mon == 1 else f"{year:04d}-{mon - 1:02d}"
    after = f"{year + 1:04d}-01" if mon == 12 else f"{year:04d}-{mon + 1:02d}"
    return before, month, after


def cluster_candidates(candidates: Iterable[Candidate],
                       doc_entities: dict[int, frozenset[str]]) -> list[Cluster]:
    """Clusters of one dyad's candidates (see the module's rules)."""
    ordered = sorted((c for c in candidates if not set(c.context) & NOT_HAPPENED),
                     key=_canonical)
    index = _Index(doc_entities)
    # Dates that only the day of publication gives ('a report of the day') are soft: such a
    # candidate joins an event of the week before publication that other sources date.
    soft = [c for c in ordered if c.date and c.date_meta.get("source") == "published"]
    hard = [c for c in ordered if c.date and c.date_meta.get("source") != "published"]
    undated = [c for c in ordered if not c.date]
    for c in hard:
        # Two exact days must be the same day; a month joins the first day in it.
        best = index.first_dated(c, lambda k, c=c: _compatible(k, c)
                                 and dates_agree(k.date, c.date))
        if best is None:
            index.new(c)
        else:
            index.add(best, c)
    soft_days: dict[tuple[str, str], list[Cluster]] = {}
    for c in soft:
        target = _week_before(index, c) or next(
            (k for k in soft_days.get((family(c), c.date), ()) if _compatible(k, c)), None)
        if target is None:
            soft_days.setdefault((family(c), c.date), []).append(index.new(c))
        else:
            index.add(target, c)
    relative = [c for c in undated if c.date_meta.get("shift") and not c.published]
    undated = [c for c in undated if not (c.date_meta.get("shift") and not c.published)]
    joined: dict[int, list[Cluster]] = {}
    index.by_month_from_now()
    for c in undated:
        best = _same_document_cluster(index.by_doc.get((family(c), c.document_id), ()), c)
        if best is None:
            best_score = 0.0
            own = doc_entities.get(c.document_id, frozenset())
            for cluster in index.sharing(c):
                if not _compatible(cluster, c) or not _kinds_agree(cluster, c):
                    continue
                score = _best_jaccard(own, index.entity_sets[cluster.order],
                                      c.document_id in cluster.docs, best_score)
                if score > best_score:
                    best, best_score = cluster, score
                    if best_score >= 1.0:  # no later cluster can score more (ties keep the first)
                        break
            if best_score < MIN_SIMILARITY:
                best = None
        if best is None:
            best = index.new(c)
        else:
            index.add(best, c)
        joined.setdefault(c.document_id, []).append(best)
    # A document with no date of its own says 'tomorrow the centre opens': once its other
    # candidates have joined events that other documents date, the document is dated by
    # them (the day of its main meeting), and its relative dates resolve against that.
    for c in relative:
        anchor = _document_anchor(joined.get(c.document_id, []))
        resolved = _shift(anchor, c.date_meta["shift"]) if anchor else None
        target = None
        if resolved:
            c = replace(c, date=resolved,
                        date_meta={**c.date_meta, "anchor": anchor, "source": "merge"})
            target = index.first_dated(
                c, lambda k, c=c: _compatible(k, c) and bool(k.date)
                and dates_agree(k.date, c.date) and _precision(k.date) >= _precision(c.date))
        if target is None:
            index.new(c)
        else:
            index.add(target, c)
    return index.clusters


_SOFT_DAYS = 7


def _week_before(index: _Index, c: Candidate) -> Cluster | None:
    """The event, dated by its own sources, that happened in the week up to the publication
    day that dated `c`; the latest such (eight look-ups, whatever the corpus size)."""
    try:
        day = Date.fromisoformat(c.date[:10])
    except (TypeError, ValueError):
        return None
    for back in range(_SOFT_DAYS + 1):
        when = (day - timedelta(days=back)).isoformat()
        for cluster in index.by_day.get((family(c), when), ()):
            if _compatible(cluster, c):
                return cluster
    return None


def _document_anchor(clusters: list[Cluster]) -> str | None:
    """The day of the meeting a document's undated candidates were found to tell."""
    days = Counter(k.date for k in clusters
                   if k.date and len(k.date) == 10 and not k.date.startswith("--")
                   and k.first.type == "CONSULT")
    return days.most_common(1)[0][0] if days else None


_SHIFT = re.compile(r"^([+-]\d+)([DMY])$")


def _shift(anchor: str, shift: str) -> str | None:
    m = _SHIFT.match(shift or "")
    if not m:
        return None
    n, unit = int(m.group(1)), m.group(2)
    day = Date.fromisoformat(anchor)
    if unit == "D":
        return (day + timedelta(days=n)).isoformat()
    if unit == "Y":
        return f"{day.year + n:04d}"
    month = day.month - 1 + n
    return f"{day.year + month // 12:04d}-{month % 12 + 1:02d}"


# Kinds of CONSULT that tell one meeting: the visit, the talks, the council session held
# during it, the reception. A phone call or a summit is a different happening.
_MEETING = frozenset({"visit", "talks", "council", "receive", "credentials"})

def _kinds_agree(cluster: Cluster, c: Candidate) -> bool:
    kinds = cluster.kinds
    return c.kind in kinds or (c.kind in _MEETING and bool(kinds & _MEETING))


def _same_document_cluster(clusters: Iterable[Cluster], c: Candidate) -> Cluster | None:
    """The dated event its own document tells nearest before it ('the session' after 'the
    session of 21 October'), else nearest after it."""
    best, best_key = None, None
    for cluster in clusters:
        if not _compatible(cluster, c) or not _kinds_agree(cluster, c):
            continue
        for m in cluster.members:
            if m.document_id == c.document_id and m.date:
                gap = c.start - m.start
                key = (gap < 0, abs(gap))
                if best_key is None or key < best_key:
                    best, best_key = cluster, key
    return best


def _best_jaccard(own: frozenset[str], sets: Counter[frozenset[str]], own_doc_in: bool,
                  floor: float = 0.0) -> float:
    """The best _jaccard of `own` with the entity sets of a cluster's other documents:
    `sets` counts each distinct set once per document; when the telling's own document is
    in the cluster, its set (`own`) counts once less. When no set scores more than `floor`,
    the answer is `floor` (the caller only wants a score that beats it): a set too much
    larger or smaller than `own` to beat the best so far is not compared at all."""
    best = floor
    if not own:
        return best
    size = len(own)
    for ents, n in sets.items():
        if own_doc_in and n == 1 and ents == own:
            continue
        # Jaccard is at most the smaller size over the larger.
        other = len(ents)
        if (other / size if other < size else size / other) <= best:
            continue
        # _jaccard inline, the union counted rather than built (the same division).
        shared = len(own & ents)
        score = shared / (size + other - shared)
        if score > best:
            best = score
            if best >= 1.0:  # the most there is
                break
    return best


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass
class MergedEvent:
    key: str
    dyad: str
    type: str
    mode: str | None
    actor: dict
    recipient: dict
    date: str | None
    date_source: int | None  # candidate id
    dates_seen: dict[str, list[int]]  # date -> candidate ids
    location: dict | None
    location_source: int | None
    context: tuple[str, ...]
    confidence: float
    members: list[Candidate]

    def sources(self) -> list[Candidate]:
        """One evidence per document, copies of a document left out (a republished article
        is not a second source)."""
        best: dict[int, Candidate] = {}
        for m in self.members:
            doc = m.duplicate_of or m.document_id
            if doc not in best or m.confidence > best[doc].confidence:
                best[doc] = m
        return sorted(best.values(), key=lambda m: (m.uri, m.start))


def resolve(cluster: Cluster) -> MergedEvent:
    members = cluster.members
    first = members[0]
    dated = [m for m in members if m.date]
    # A date the text gives outranks the day of publication standing in for one.
    date_from = max(dated, key=lambda m: (m.date_meta.get("source") != "published",
                                          _precision(m.date), m.confidence)) if dated else None
    dates_seen: dict[str, list[int]] = {}
    for m in dated:
        dates_seen.setdefault(m.date, []).append(m.id)
    located = [m for m in members if m.location]
    place_from = max(located, key=lambda m: m.confidence) if located else None
    # Mode from the telling that dated it; who acted from most of the tellings that say
    # who travelled (a visit), else from most of all (one misread source is outvoted).
    lead = date_from or max(members, key=lambda m: (m.mode == "visit", m.confidence, -m.id))
    # Tellings that read the direction from the words (a dative, a destination, who
    # received whom) outvote those that only guessed it from the order of names.
    told = [m for m in members if m.date_meta.get("roles") in ("marked", "subject", "passage")]
    voters = [m for m in told if m.mode == "visit"] or told or \
        [m for m in members if m.mode == "visit"] or members
    votes = Counter((m.actor.get("country"), m.recipient.get("country")) for m in voters)
    direction = max(votes, key=lambda k: (votes[k], k == (lead.actor.get("country"),
                                                          lead.recipient.get("country"))))
    if direction != (lead.actor.get("country"), lead.recipient.get("country")):
        lead = next(m for m in voters
                    if (m.actor.get("country"), m.recipient.get("country")) == direction)
    named = {}
    for side in ("actor", "recipient"):
        party = dict(getattr(lead, side))
        if not party.get("entity"):
            country = party.get("country")
            for m in members:
                for other in (m.actor, m.recipient):
                    if other.get("country") == country and other.get("entity"):
                        party = dict(other)
                        break
                if party.get("entity"):
                    break
        named[side] = party
    contexts = set.intersection(*(set(m.context) for m in members)) if members else set()
    n_docs = len({m.duplicate_of or m.document_id for m in members})
    confidence = min(0.99, max(m.confidence for m in members) + 0.05 * (n_docs - 1))
    key = "ev-" + hashlib.sha1(
        f"{first.uri}#{first.start}#{first.type}#{first.kind}".encode()).hexdigest()[:12]
    # A meeting that any source tells as a visit, with the direction read from the words,
    # is a visit.
    mode = "visit" if any(m.mode == "visit" and m.date_meta.get("roles") == "marked"
                          for m in members) else (date_from or lead).mode
    # The type most of its tellings give; the first in canonical order on a tie.
    types = Counter(m.type for m in members)
    etype = max(types, key=lambda t: (types[t], t == first.type))
    return MergedEvent(
        key=key, dyad=first.dyad, type=etype, mode=mode if etype == "CONSULT" else None,
        actor=named["actor"], recipient=named["recipient"],
        date=date_from.date if date_from else None,
        date_source=date_from.id if date_from else None, dates_seen=dates_seen,
        location=place_from.location if place_from else None,
        location_source=place_from.id if place_from else None,
        context=tuple(sorted(contexts)), confidence=round(confidence, 2), members=members)
