"""Speed, memory and quality of cross-document merging (issue 6: 100,000 candidates in under
a minute, memory bounded).

    python benchmarks/merge_speed.py                          # 100,000 candidates, in memory
    python benchmarks/merge_speed.py --count 20000 --mode store
    python benchmarks/merge_speed.py --count 100000 --profile  # cProfile, top functions

Synthetic candidates: "occasions" (a state visit with its talks, council session and signed
accords; a phone call; a summit; a pledge; an opened centre; congratulations) between a few
dyads over 2005-2024, each true event told by 1-10 documents in az/kk/ru/tr/en, each telling
with its own date precision (day, month, year, a day without its year, none, or only the day
of publication), place, direction, trigger kind and a document entity set (the occasion's
people, places, organisations and projects, a few dropped, a few unrelated ones added).
Seeded: the same --count and --seed give the same candidates.

Modes:
- memory: `cluster_candidates` + `resolve` per dyad, on Candidate objects;
- store: the same candidates written into a fresh SQLite database (documents, mentions,
  candidates rows via executemany) and `Store.merge()` timed end to end (load, cluster,
  resolve, summaries, event rows and candidate updates, one transaction).

Reported: wall time, peak RSS (getrusage; the generator's share shown separately), clusters,
and quality against the generator's truth: purity (share of candidates in a cluster whose
majority true event is theirs), completeness (share of a true event's candidates in its
largest cluster), events split (told by more than one cluster) and clusters that wrongly
merge two or more true events.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from pathlib import Path

from bilateral.merge import NOT_HAPPENED, Candidate, cluster_candidates, resolve

DYADS = [("AZE", "KAZ"), ("AZE", "TUR"), ("KAZ", "UZB"), ("AZE", "UZB"), ("KAZ", "TUR")]
LEADERS = {"AZE": "person/ilham-aliyev", "KAZ": "person/kassym-jomart-tokayev",
           "TUR": "person/recep-tayyip-erdogan", "UZB": "person/shavkat-mirziyoyev"}
NAMES = {"person/ilham-aliyev": "Ilham Aliyev",
         "person/kassym-jomart-tokayev": "Kassym-Jomart Tokayev",
         "person/recep-tayyip-erdogan": "Recep Tayyip Erdoğan",
         "person/shavkat-mirziyoyev": "Shavkat Mirziyoyev"}
CITIES = {"AZE": ["baku", "ganja", "shusha", "fuzuli"], "KAZ": ["astana", "almaty", "aktau"],
          "TUR": ["ankara", "istanbul"], "UZB": ["tashkent", "samarkand", "khiva"]}
LANGS = ["az", "kk", "ru", "tr", "en"]
# Entities documents name besides the leaders: ministers, organisations, projects.
POOL = [f"person/minister-{i}" for i in range(60)] + [f"org/org-{i}" for i in range(30)] + \
    [f"project/project-{i}" for i in range(20)]
START, DAYS = Date(2005, 1, 1), 20 * 365

# Occasion templates: the true events of an occasion as (family tag, [(kind, type, mode)])
# alternatives a telling picks from. A meeting is told as a visit, talks, a council session.
MEETING = ("meeting", [("visit", "CONSULT", "visit"), ("talks", "CONSULT", None),
                       ("council", "CONSULT", None), ("receive", "CONSULT", "visit")])
PHONE = ("phone", [("phone", "CONSULT", "phone")])
SUMMIT = ("summit", [("summit", "CONSULT", "multilateral")])
ACCORD = ("accord", [("sign", "SUPPORT", None), ("agree", "AGREE", None),
                     ("relations", "SUPPORT", None)])
PLEDGE = ("pledge", [("pledge:trade-turnover", "AGREE", None)])
MATERIAL = ("material", [("open", "COOPERATE", None), ("cooperate", "COOPERATE", None),
                         ("aid", "AID", None)])
THANK = ("thank", [("thank", "SUPPORT", None)])
CONGRATULATE = ("congratulate", [("congratulate", "SUPPORT", None)])
OCCASIONS = [
    (0.35, [MEETING, ACCORD, PLEDGE]), (0.15, [MEETING, ACCORD]), (0.10, [MEETING]),
    (0.12, [PHONE]), (0.05, [SUMMIT]), (0.08, [MATERIAL]), (0.05, [CONGRATULATE]),
    (0.05, [THANK]), (0.05, [MEETING, MATERIAL]),
]


@dataclass
class Corpus:
    candidates: list[Candidate]
    truth: dict[int, int]  # candidate id -> true event id
    doc_entities: dict[int, frozenset[str]]
    documents: list[dict]
    n_events: int


def generate(count: int, seed: int) -> Corpus:
    rng = random.Random(seed)
    candidates: list[Candidate] = []
    truth: dict[int, int] = {}
    doc_entities: dict[int, frozenset[str]] = {}
    documents: list[dict] = []
    weights = [w for w, _ in OCCASIONS]
    used_days: set[tuple[str, str, int]] = set()  # (dyad, family, day): one event each
    n_events = 0
    while len(candidates) < count:
        a, b = rng.choice(DYADS)
        host, guest = (a, b) if rng.random() < 0.5 else (b, a)
        template = rng.choices([t for _, t in OCCASIONS], weights)[0]
        day_n = rng.randrange(DAYS)
        if any((f"{a}|{b}", tag, day_n) in used_days for tag, _ in template):
            continue
        for tag, _ in template:
            used_days.add((f"{a}|{b}", tag, day_n))
        day = START + timedelta(days=day_n)
        city = rng.choice(CITIES[host])
        place = {"id": f"place/{city}", "name": city.title(), "country": host}
        entities = {LEADERS[host], LEADERS[guest], place["id"], *rng.sample(POOL, 4)}
        events = []
        for tag, alternatives in template:
            events.append((n_events, tag, alternatives))
            n_events += 1
        for _ in range(rng.randint(1, 10)):
            doc_id = len(documents) + 1
            lang = rng.choice(LANGS)
            published = day + timedelta(days=rng.choice([0, 0, 0, 1, 1, 2, 5, 30]))
            duplicate_of = None
            if documents and rng.random() < 0.03 and documents[-1]["occasion_day"] == day:
                duplicate_of = documents[-1]["id"]
            told = [e for e in events if rng.random() < 0.8] or [events[0]]
            own = {e for e in sorted(entities) if rng.random() < 0.8} | set(rng.sample(POOL, 2))
            doc_entities[doc_id] = frozenset(own)
            documents.append({"id": doc_id, "uri": f"https://outlet{doc_id % 97}.example/"
                              f"{doc_id}", "lang": lang, "published": published.isoformat(),
                              "duplicate_of": duplicate_of, "occasion_day": day,
                              "entities": sorted(own)})
            start = 0
            for event_id, tag, alternatives in told:
                for _ in range(1 if tag != "meeting" else rng.choice([1, 1, 2, 3])):
                    kind, type_, mode = rng.choice(alternatives)
                    candidates.append(_telling(rng, len(candidates) + 1, doc_id, documents[-1],
                                               kind, type_, mode, guest, host, day, place,
                                               tag, start))
                    truth[candidates[-1].id] = event_id
                    start += rng.randint(80, 400)
                    if len(candidates) >= count:
                        break
                if len(candidates) >= count:
                    break
            if len(candidates) >= count:
                break
    return Corpus(candidates, truth, doc_entities, documents, n_events)


def _date(rng: random.Random, day: Date, published: str) -> tuple[str | None, dict]:
    r = rng.random()
    if r < 0.55:
        return day.isoformat(), {"source": "text"}
    if r < 0.65:
        return day.isoformat()[:7], {"source": "text"}
    if r < 0.70:
        return day.isoformat()[:4], {"source": "text"}
    if r < 0.75:
        return "--" + day.isoformat()[5:], {"source": "text"}
    if r < 0.83:
        return published, {"source": "published"}
    return None, {}


def _telling(rng: random.Random, cid: int, doc_id: int, doc: dict, kind: str, type_: str,
             mode: str | None, guest: str, host: str, day: Date, place: dict, tag: str,
             start: int) -> Candidate:
    actor, recipient = (guest, host) if rng.random() < 0.9 else (host, guest)
    date, meta = _date(rng, day, doc["published"])
    if rng.random() < 0.5:
        meta["roles"] = rng.choice(["marked", "subject", "order"])
    context: tuple[str, ...] = ("future",) if tag == "pledge" else ()
    if rng.random() < 0.03:
        context = ("negation",)
    located = rng.random() < 0.3
    return Candidate(
        id=cid, document_id=doc_id, uri=doc["uri"], lang=doc["lang"],
        duplicate_of=doc["duplicate_of"], type=type_, mode=mode, kind=kind,
        actor={"country": actor, "entity": NAMES[LEADERS[actor]],
               "entity_id": LEADERS[actor]},
        recipient={"country": recipient, "entity": NAMES[LEADERS[recipient]]
                   if rng.random() < 0.7 else None,
                   "entity_id": LEADERS[recipient]},
        date=date, location=place if located else None, context=context,
        confidence=round(rng.uniform(0.5, 0.95), 2),
        evidence={"text": f"{kind} sentence {cid}", "start": start, "end": start + 60},
        start=start, date_meta=meta, published=doc["published"])


# -------------------------------------------------------------------------------- quality

def date_form(c: Candidate) -> str:
    if not c.date:
        return "undated"
    if c.date_meta.get("source") == "published":
        return "published"
    if c.date.startswith("--"):
        return "yearless"
    return {4: "year", 7: "month"}.get(len(c.date), "day")


def quality(clusters: list[list[int]], truth: dict[int, int], forms: dict[int, str]
            ) -> dict[str, object]:
    """Purity, completeness, split events and wrongly merged clusters, over the candidates
    the clusters hold (negated ones never reach a cluster); and the candidates outside
    their true event's main cluster, by the form of their date."""
    placed = sum(len(c) for c in clusters)
    majority = 0
    wrong = 0
    where: dict[int, Counter[int]] = defaultdict(Counter)
    for i, members in enumerate(clusters):
        events = Counter(truth[m] for m in members)
        majority += events.most_common(1)[0][1]
        if len(events) > 1:
            wrong += 1
        for event, n in events.items():
            where[event][i] += n
    complete = sum(c.most_common(1)[0][1] for c in where.values())
    home = {event: c.most_common(1)[0][0] for event, c in where.items()}
    misplaced: Counter[str] = Counter()
    for i, members in enumerate(clusters):
        for m in members:
            if home[truth[m]] != i:
                misplaced[forms.get(m, "?")] += 1
    return {"clusters": len(clusters), "true_events": len(where),
            "purity": majority / placed if placed else 1.0,
            "completeness": complete / placed if placed else 1.0,
            "split_events": sum(1 for c in where.values() if len(c) > 1),
            "wrong_clusters": wrong, "misplaced": dict(misplaced.most_common())}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


# ---------------------------------------------------------------------------------- modes

def run_memory(corpus: Corpus) -> tuple[float, list[list[int]]]:
    by_dyad: dict[str, list[Candidate]] = defaultdict(list)
    for c in corpus.candidates:
        by_dyad[c.dyad].append(c)
    clusters: list[list[int]] = []
    t0 = time.perf_counter()
    for dyad in sorted(by_dyad):
        cands = by_dyad[dyad]
        docs = {c.document_id for c in cands}
        entities = {d: corpus.doc_entities[d] for d in docs}
        for cluster in cluster_candidates(cands, entities):
            event = resolve(cluster)
            clusters.append([m.id for m in event.members])
    return time.perf_counter() - t0, clusters


def fill_store(corpus: Corpus, path: Path) -> None:
    from bilateral.merge import dyad_key
    from bilateral.store import Store

    store = Store(path)
    db = store.db
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO documents (id, uri, source_format, title, published, lang, script, text,"
        " content_hash, duplicate_of, meta, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(d["id"], d["uri"], "txt", f"title {d['id']}", d["published"], d["lang"], "Latn",
          f"text {d['id']}", f"hash{d['id']}", d["duplicate_of"], "{}", "2024-01-01T00:00:00Z")
         for d in corpus.documents])
    db.executemany(
        'INSERT INTO mentions (document_id, idx, kind, start, "end", text, entity_id,'
        " entity_name, entity_country) VALUES (?,?,?,?,?,?,?,?,?)",
        [(d["id"], i, _mention_kind(e), i * 10, i * 10 + 5, e, e, e, None)
         for d in corpus.documents for i, e in enumerate(d["entities"])])

    def j(v: object) -> str:
        return json.dumps(v, ensure_ascii=False)

    db.executemany(
        "INSERT INTO candidates (id, document_id, idx, dyad, type, mode, kind, actor,"
        " recipient, date, date_meta, location, context, trigger, summary, confidence,"
        " evidence_text, evidence_start, evidence_end)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(c.id, c.document_id, c.id, dyad_key(c.actor["country"], c.recipient["country"]),
          c.type, c.mode, c.kind, j(c.actor), j(c.recipient), c.date, j(c.date_meta),
          j(c.location) if c.location else None, j(list(c.context)), c.kind, "",
          c.confidence, c.evidence["text"], c.evidence["start"], c.evidence["end"])
         for c in corpus.candidates])
    db.execute("COMMIT")
    store.close()


def _mention_kind(entity_id: str) -> str:
    return {"person": "person", "org": "organisation", "place": "place",
            "project": "project"}[entity_id.split("/", 1)[0]]


def run_store(corpus: Corpus, path: Path) -> tuple[float, list[list[int]], int]:
    from bilateral.store import Store

    t0 = time.perf_counter()
    fill_store(corpus, path)
    fill = time.perf_counter() - t0
    store = Store(path)
    store._country_names()  # the registry loads once per process: not the merge's cost
    t0 = time.perf_counter()
    n = store.merge()
    elapsed = time.perf_counter() - t0
    groups: dict[int, list[int]] = defaultdict(list)
    for cid, event_id in store.db.execute(
            "SELECT id, event_id FROM candidates WHERE event_id IS NOT NULL"):
        groups[event_id].append(cid)
    store.close()
    print(f"  filled the database in {fill:.1f} s; Store.merge() wrote {n} events")
    return elapsed, list(groups.values()), n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mode", choices=["memory", "store"], default="memory")
    parser.add_argument("--profile", action="store_true", help="cProfile the merge")
    parser.add_argument("--top", type=int, default=25, help="functions shown with --profile")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    corpus = generate(args.count, args.seed)
    gen = time.perf_counter() - t0
    rss_gen = peak_rss_mb()
    dropped = sum(1 for c in corpus.candidates if set(c.context) & NOT_HAPPENED)
    dyads = Counter(c.dyad for c in corpus.candidates)
    print(f"generated {len(corpus.candidates):,} candidates of {corpus.n_events:,} true events "
          f"in {len(corpus.documents):,} documents, {len(dyads)} dyads "
          f"(largest {max(dyads.values()):,}); {dropped:,} negated; {gen:.1f} s, "
          f"peak RSS {rss_gen:.0f} MB")
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    with tempfile.TemporaryDirectory() as tmp:
        if args.mode == "memory":
            elapsed, clusters = run_memory(corpus)
        else:
            elapsed, clusters, _n = run_store(corpus, Path(tmp) / "merge.db")
    if profiler:
        profiler.disable()
    rss = peak_rss_mb()
    q = quality(clusters, corpus.truth, {c.id: date_form(c) for c in corpus.candidates})
    print(f"mode {args.mode}: {elapsed:.2f} s for {len(corpus.candidates):,} candidates "
          f"({len(corpus.candidates) / elapsed:,.0f}/s); peak RSS {rss:.0f} MB "
          f"(+{rss - rss_gen:.0f} MB over the generated corpus)")
    print(f"clusters {q['clusters']:,} for {q['true_events']:,} true events; "
          f"purity {q['purity']:.3f}, completeness {q['completeness']:.3f}; "
          f"{q['split_events']:,} events split, {q['wrong_clusters']:,} clusters "
          f"merge two or more events")
    forms = Counter(date_form(c) for c in corpus.candidates)
    print("misplaced candidates by date form: " + ", ".join(
        f"{form} {n:,}/{forms[form]:,}" for form, n in q["misplaced"].items()))
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
        print(out.getvalue())
    if os.environ.get("MERGE_SPEED_JSON"):
        print(json.dumps({"count": len(corpus.candidates), "mode": args.mode,
                          "seconds": round(elapsed, 2), "peak_rss_mb": round(rss), **q}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
