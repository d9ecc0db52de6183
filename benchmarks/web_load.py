"""Load test of the web app on a large synthetic database.

    python benchmarks/web_load.py [--events 100000] [--documents 50000] [--duration 40]
                                  [--clients 8] [--db FILE] [--indexes] [--keep]

1. Generates a database of N events and M documents by inserting rows straight into the
   schema (executemany; a few seconds), with mentions, candidates and FTS rows, the names
   spelt in az, kk (both scripts), ru, tr and en.
2. Serves it with uvicorn in a subprocess on 127.0.0.1 (never anything else), and runs
   `--clients` threads of httpx for `--duration` seconds over the timeline (with and without
   filters), event, entity and search pages.
3. Prints p50/p95/max latency and errors per page (markdown table for benchmarks/WEB.md).

`--indexes` adds the indexes proposed for store.py to the generated database first, to
measure what they buy.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from bilateral.store import Store
from bilateral.textutil import fold

PROPOSED_INDEXES = [
    "CREATE INDEX IF NOT EXISTS candidates_document ON candidates(document_id)",
    "CREATE INDEX IF NOT EXISTS documents_duplicate_of ON documents(duplicate_of)"
    " WHERE duplicate_of IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS events_actor_entity ON events(json_extract(actor, '$.entity_id'))",
    "CREATE INDEX IF NOT EXISTS events_recipient_entity"
    " ON events(json_extract(recipient, '$.entity_id'))",
    "CREATE INDEX IF NOT EXISTS events_place ON events(json_extract(location, '$.id'))",
]

PEOPLE = [  # id, country, spellings (az, kk, kk-Latn, ru, tr, en)
    ("person/kassym-jomart-tokayev", "KAZ", "Kassym-Jomart Tokayev",
     ["Qasım-Jomart Tokayev", "Қасым-Жомарт Тоқаев", "Qasym-Jomart Toqaev",
      "Касым-Жомарт Токаев", "Kasım Cömert Tokayev", "Kassym-Jomart Tokayev"]),
    ("person/ilham-aliyev", "AZE", "Ilham Aliyev",
     ["İlham Əliyev", "Ильхам Әлиев", "Ilham Álıev", "Ильхам Алиев", "İlham Aliyev",
      "Ilham Aliyev"]),
    ("person/recep-tayyip-erdogan", "TUR", "Recep Tayyip Erdoğan",
     ["Rəcəb Tayyib Ərdoğan", "Режеп Тайып Ердоған", "Rejep Taiyp Erdoǵan",
      "Реджеп Тайип Эрдоган", "Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"]),
    ("person/xi-jinping", "CHN", "Xi Jinping",
     ["Si Cinpin", "Си Цзиньпин", "Si Szinpin", "Си Цзиньпин", "Şi Cinping", "Xi Jinping"]),
]
COUNTRIES = {"AZE": ["Azərbaycan", "Әзербайжан", "Ázerbaıjan", "Азербайджан", "Azerbaycan",
                     "Azerbaijan"],
             "KAZ": ["Qazaxıstan", "Қазақстан", "Qazaqstan", "Казахстан", "Kazakistan",
                     "Kazakhstan"],
             "TUR": ["Türkiyə", "Түркия", "Túrkıa", "Турция", "Türkiye", "Türkiye"],
             "CHN": ["Çin", "Қытай", "Qytaı", "Китай", "Çin", "China"]}
PLACES = [("place/baku", "AZE", "Baku", ["Bakı", "Баку", "Baký", "Баку", "Bakü", "Baku"]),
          ("place/astana", "KAZ", "Astana", ["Astana", "Астана", "Astana", "Астана", "Astana",
                                             "Astana"]),
          ("place/aktau", "KAZ", "Aktau", ["Aktau", "Ақтау", "Aqtaý", "Актау", "Aktav",
                                           "Aktau"])]
LANGS = [("az", "Latn"), ("kk", "Cyrl"), ("kk", "Latn"), ("ru", "Cyrl"), ("tr", "Latn"),
         ("en", "Latn")]
FILLER = {"az": "rəsmi səfər çərçivəsində danışıqlar aparılıb və sənədlər imzalanıb",
          "kk": "ресми сапар аясында келіссөздер өтіп, құжаттарға қол қойылды",
          "ru": "в ходе официального визита прошли переговоры и подписаны документы",
          "tr": "resmi ziyaret kapsamında görüşmeler yapıldı ve belgeler imzalandı",
          "en": "talks were held during the official visit and documents were signed"}
TYPES = ["CONSULT", "SUPPORT", "AGREE", "COOPERATE", "AID"]
DYADS = [("AZE", "KAZ")] * 6 + [("AZE", "TUR"), ("CHN", "KAZ"), ("KAZ", "TUR")]


def _date(rng: random.Random) -> str:
    return f"{rng.randint(1995, 2025):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _document(i: int, rng: random.Random) -> tuple[tuple, list[tuple]]:
    k = i % len(LANGS)
    lang, script = LANGS[k]
    person = PEOPLE[rng.randrange(len(PEOPLE))]
    other = PEOPLE[rng.randrange(len(PEOPLE))]
    place = PLACES[rng.randrange(len(PLACES))]
    pieces: list[tuple[str, str | None, str | None]] = []  # (text, kind, entity id)

    def add(text: str, kind: str | None = None, eid: str | None = None) -> None:
        pieces.append((text, kind, eid))

    for sentence in range(rng.randint(3, 6)):
        add(COUNTRIES[person[1]][k], "country", f"country/{person[1]}")
        add(" ")
        add(person[3][k], "person", person[0])
        add(" ")
        add(place[3][k], "place", place[0])
        add(f" {FILLER[lang]} ")
        add(other[3][k], "person", other[0])
        add(f" ({sentence + 1}). ")
    text, mentions, at = "", [], 0
    for piece, kind, eid in pieces:
        if kind:
            name = {"person": person, "place": place}.get(kind, person)
            mentions.append((i, len(mentions), kind, at, at + len(piece), piece, None, eid,
                             name[2] if kind != "country" else eid.split("/")[1],
                             eid.split("/")[1] if kind == "country" else name[1], "{}"))
        text += piece
        at += len(piece)
    title = f"{person[3][k]} — {place[3][k]} ({i})"
    published = _date(rng)
    row = (i, f"https://outlet{i % 40}.example.org/{lang}/{published}/{i}", "html", title,
           published, None, lang, script, text, f"hash{i}", None, None, "{}",
           "2025-01-01T00:00:00Z")
    return row, mentions


def generate(path: Path, n_events: int, n_docs: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    Store(path).close()  # the schema, at its current version
    store = Store(path)
    db = store.db
    db.execute("PRAGMA synchronous = OFF")
    db.execute("BEGIN")
    doc_rows, mention_rows, fts_rows = [], [], []
    lengths = {}
    for i in range(1, n_docs + 1):
        row, mentions = _document(i, rng)
        doc_rows.append(row)
        mention_rows += mentions
        fts_rows.append((i, fold(row[3]), fold(row[8])))
        lengths[i] = (len(row[8]), row[6])
    db.executemany("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", doc_rows)
    db.executemany("INSERT INTO mentions VALUES (?,?,?,?,?,?,?,?,?,?,?)", mention_rows)
    db.executemany("INSERT INTO documents_fts (rowid, title, text) VALUES (?,?,?)", fts_rows)
    event_rows, candidate_rows = [], []
    cid = 0
    for e in range(1, n_events + 1):
        a, b = DYADS[rng.randrange(len(DYADS))]
        actor_p = next((p for p in PEOPLE if p[1] == a), None)
        recip_p = next((p for p in PEOPLE if p[1] == b), None)
        actor = {"country": a, "entity": actor_p[2] if actor_p and rng.random() < .7 else None}
        actor["entity_id"] = actor_p[0] if actor["entity"] else None
        recipient = {"country": b, "entity": recip_p[2] if recip_p and rng.random() < .5
                     else None}
        recipient["entity_id"] = recip_p[0] if recipient["entity"] else None
        place = PLACES[rng.randrange(len(PLACES))] if rng.random() < .6 else None
        location = {"name": place[2], "country": place[1], "id": place[0]} if place else None
        type_ = TYPES[rng.randrange(len(TYPES))]
        date = _date(rng) if rng.random() < .95 else None
        docs = rng.sample(range(1, n_docs + 1), rng.randint(1, 3))
        langs = sorted({lengths[d][1] for d in docs})
        first_cid = cid + 1
        for d in docs:
            cid += 1
            size = lengths[d][0]
            start = rng.randrange(0, max(1, size - 120))
            candidate_rows.append((
                cid, d, 0, f"{a}|{b}", type_, None, "", json.dumps(actor), json.dumps(recipient),
                date, "{}", json.dumps(location) if location else None, "[]", "visit",
                "summary", 0.8, "evidence", start, min(size, start + 100), 1, e))
        event_rows.append((
            e, f"ev-{e:012x}", f"{a}|{b}", type_, "visit" if type_ == "CONSULT" else None,
            json.dumps(actor), json.dumps(recipient), date, first_cid,
            json.dumps({date: [first_cid]} if date else {}),
            json.dumps(location) if location else None, first_cid if location else None, "[]",
            f"{actor['entity'] or a} and {recipient['entity'] or b}: {type_.lower()} #{e}",
            0.8, len(docs), json.dumps(langs)))
    db.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", event_rows)
    db.executemany("INSERT INTO candidates VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                   candidate_rows)
    db.execute("COMMIT")
    db.execute("ANALYZE")
    store.close()


def add_indexes(path: Path) -> None:
    store = Store(path)
    for sql in PROPOSED_INDEXES:
        store.db.execute(sql)
    store.db.execute("ANALYZE")
    store.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(db: Path, port: int, workers: int) -> subprocess.Popen:
    # What `bilateral serve --workers N` runs.
    return subprocess.Popen([sys.executable, "-m", "bilateral", "serve", "--db", str(db),
                             "--port", str(port), "--workers", str(workers)])


def _targets(n_events: int, rng: random.Random) -> dict[str, list[str]]:
    return {
        "timeline": ["/", "/?pair=AZE-KAZ", "/?type=CONSULT&since=2010", "/?lang=kk",
                     "/?pair=AZE-KAZ&type=SUPPORT&since=2020&until=2022"] +
                    [f"/?offset={rng.randrange(0, 5000) * 50}" for _ in range(5)],
        "timeline-entity": ["/?entity=person/ilham-aliyev", "/?entity=Tokayev",
                            "/?entity=place/baku&since=2015"],
        "event": [f"/events/ev-{rng.randint(1, n_events):012x}" for _ in range(200)],
        "entity": ["/entities/person/kassym-jomart-tokayev", "/entities/person/ilham-aliyev",
                   "/entities/country/KAZ", "/entities/place/baku", "/entities/person/xi-jinping"],
        "search": ["/search?q=Tokayev", "/search?q=Токаев", "/search?q=Qazaxıstan",
                   "/search?q=Baku", "/search?q=documents+signed", "/search?q=Erdoğan+Astana"],
    }


def load(base: str, targets: dict[str, list[str]], clients: int, duration: float
         ) -> dict[str, dict]:
    results: dict[str, list[float]] = {k: [] for k in targets}
    errors: dict[str, int] = {k: 0 for k in targets}
    lock = threading.Lock()
    stop = time.monotonic() + duration
    kinds = list(targets)

    def worker(n: int) -> None:
        rng = random.Random(n)
        with httpx.Client(base_url=base, timeout=30) as client:
            while time.monotonic() < stop:
                kind = kinds[rng.randrange(len(kinds))]
                url = targets[kind][rng.randrange(len(targets[kind]))]
                t0 = time.perf_counter()
                try:
                    ok = client.get(url).status_code == 200
                except httpx.HTTPError:
                    ok = False
                took = (time.perf_counter() - t0) * 1000
                with lock:
                    results[kind].append(took)
                    errors[kind] += 0 if ok else 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out = {}
    for kind, times in results.items():
        times.sort()
        out[kind] = {"n": len(times), "errors": errors[kind],
                     "p50": statistics.median(times) if times else 0.0,
                     "p95": times[int(0.95 * (len(times) - 1))] if times else 0.0,
                     "max": times[-1] if times else 0.0}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--documents", type=int, default=50_000)
    ap.add_argument("--duration", type=float, default=40.0)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--db", help="reuse or write the generated database here")
    ap.add_argument("--indexes", action="store_true", help="add the proposed indexes first")
    ap.add_argument("--workers", type=int, default=1, help="server processes (serve --workers)")
    ap.add_argument("--keep", action="store_true", help="keep the generated database")
    args = ap.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="web-load-"))
    db = Path(args.db) if args.db else folder / "load.db"
    if not db.exists():
        t0 = time.perf_counter()
        generate(db, args.events, args.documents)
        print(f"generated {args.events} events, {args.documents} documents in "
              f"{time.perf_counter() - t0:.1f} s ({db.stat().st_size / 1e6:.0f} MB)")
    if args.indexes:
        add_indexes(db)
        print("added proposed indexes")
    port = _free_port()
    server = _serve(db, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/api/events?limit=1", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                print("server did not start", file=sys.stderr)
                return 1
            time.sleep(0.2)
        targets = _targets(args.events, random.Random(1))
        load(base, targets, args.clients, 3.0)  # warm the page cache
        stats = load(base, targets, args.clients, args.duration)
    finally:
        server.terminate()
        server.wait(timeout=10)
        if not args.keep and not args.db:
            for f in folder.iterdir():
                f.unlink()
            folder.rmdir()
    total = sum(s["n"] for s in stats.values())
    print(f"\n{args.clients} clients, {args.duration:.0f} s, {total} requests "
          f"({total / args.duration:.0f}/s)\n")
    print("| page | requests | errors | p50 ms | p95 ms | max ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for kind, s in stats.items():
        print(f"| {kind} | {s['n']} | {s['errors']} | {s['p50']:.1f} | {s['p95']:.1f} | "
              f"{s['max']:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
