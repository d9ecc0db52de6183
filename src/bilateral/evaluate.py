"""Score exported events against hand-coded gold events.

    evaluate(system_events, gold, docs=None) -> Report
    format_report(report) -> str
    run_evaluate(gold_path, events, docs=None) -> (text, Report)   # for `bilateral evaluate`

System events are dicts in the shape `bilateral export events --format jsonl` writes (`type`,
`date`, `actor.country`, `recipient.country`, `sources[].uri` ...). Gold events follow
`shared/corpus/seeds/gold/README.md`: `id`, `docs` (file stems), `types`, `date`, `dyad`, `what`,
`core`, optional `may_merge_with`.

A system event matches a gold event when
- its `type` is one of the gold's `types`;
- one of its sources' uri has a stem (file name without extension, no query or fragment) among
  the gold's `docs` (and among the evaluated documents);
- its actor and recipient countries are the gold's `dyad`, in either order;
- its date agrees at the gold's precision: gold `YYYY` agrees with any date in that year, gold
  `YYYY-MM` with that month or a day in it, gold `YYYY-MM-DD` with that day only, gold `MM-DD`
  (the year hangs on an unknown publication date) with that month-day in any year or a
  `--MM-DD` value, gold null with anything. A system date coarser than the gold's, or null
  where the gold has a date, does not agree.

Scores:
- recall: core gold events found / core gold events. A core gold event counts as found when a
  system event matches it, or matches the gold event named in its `may_merge_with` (or one that
  names it): a system that reports the state visit and the council session held during it as one
  event has found both.
- precision: in-scope system events that match any gold event (core or not) / in-scope system
  events. In scope: the event's two countries are a dyad of the gold, and one of its sources is
  an evaluated document (`docs`; by default the documents the gold names).
- duplicates: core gold events reported more than once. System events are paired one-to-one with
  the gold events they match (a maximum bipartite matching, so a visit and its council session
  reported as two events are both used); a matching system event left over is surplus, charged
  to the first core gold event it matches. Must be 0 once cross-document merging works.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

PLOVER_TYPES = frozenset({
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})

_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH_DAY = re.compile(r"^(?:--)?(\d{2}-\d{2})$")


class GoldError(ValueError):
    """A gold file that does not follow the format; the message names file and line."""


@dataclass
class Report:
    """What `evaluate` found. Events are the dicts given; gold events the gold dicts."""

    docs: set[str]
    gold_total: int
    core_total: int
    core_found: int
    system_total: int  # in-scope system events
    system_correct: int  # in-scope system events that match a gold event
    misses: list[dict] = field(default_factory=list)  # core gold events not found
    false_positives: list[dict] = field(default_factory=list)  # in-scope events matching nothing
    duplicated: dict[str, list[dict]] = field(default_factory=dict)  # core gold id -> surplus
    matched_by: dict[str, list[dict]] = field(default_factory=dict)  # gold id -> system events
    out_of_scope: int = 0  # system events left out (other dyad, or no evaluated source)

    @property
    def recall(self) -> float | None:
        return self.core_found / self.core_total if self.core_total else None

    @property
    def precision(self) -> float | None:
        return self.system_correct / self.system_total if self.system_total else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None
        return 2 * p * r / (p + r)

    @property
    def duplicates(self) -> int:
        return len(self.duplicated)


# -- matching ---------------------------------------------------------------------------------

def doc_stem(uri: str) -> str:
    """'/data/seeds/000_8b06.txt' -> '000_8b06'; 'https://x.example/a/b.html?p=1#2' -> 'b';
    'records.jsonl#3' -> 'records'. Only the last extension goes ('x.warc.gz' -> 'x.warc')."""
    uri = uri.strip()
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", uri):
        path = unquote(urlsplit(uri).path)
    else:
        path = uri.split("#", 1)[0]
    name = PurePosixPath(path.replace("\\", "/").rstrip("/")).name
    return PurePosixPath(name).stem if "." in name.lstrip(".") else name


def normalise_date(value: object) -> str | None:
    """The date part of an ISO value: '2024-03-11T10:00:00+04:00' -> '2024-03-11'; '' -> None."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if text.startswith("--"):
        return text
    return text[:10] if len(text) > 10 and text[10] in "T " else text


def date_agrees(gold: str | None, system: object) -> bool:
    """Whether a system date agrees with a gold date at the gold's precision (module doc)."""
    gold = normalise_date(gold)
    if gold is None:
        return True
    sys_date = normalise_date(system)
    if sys_date is None:
        return False
    month_day = _MONTH_DAY.match(gold)
    if month_day:
        md = month_day.group(1)
        if _DAY.match(sys_date):
            return sys_date[5:] == md
        other = _MONTH_DAY.match(sys_date)
        return bool(other) and other.group(1) == md
    if _YEAR.match(gold):
        return bool(re.match(r"^\d{4}(?:-\d{2}){0,2}$", sys_date)) and sys_date[:4] == gold
    if _MONTH.match(gold):
        return bool(_MONTH.match(sys_date) or _DAY.match(sys_date)) and sys_date[:7] == gold
    return sys_date == gold


def _country(event: Mapping, role: str) -> str | None:
    party = event.get(role)
    if isinstance(party, Mapping):
        value = party.get("country")
        return str(value).upper() if value else None
    return None


def event_dyad(event: Mapping) -> frozenset[str] | None:
    """The two countries of an exported event, or None when one is missing or they coincide."""
    actor, recipient = _country(event, "actor"), _country(event, "recipient")
    if not actor or not recipient or actor == recipient:
        return None
    return frozenset((actor, recipient))


def event_stems(event: Mapping) -> set[str]:
    stems = set()
    for source in event.get("sources") or []:
        uri = source.get("uri") if isinstance(source, Mapping) else source
        if uri:
            stems.add(doc_stem(str(uri)))
    return stems


def matches(event: Mapping, gold: Mapping, docs: set[str] | None = None) -> bool:
    """Whether one system event matches one gold event (module doc); `docs` narrows the
    gold's documents to the evaluated ones."""
    if event.get("type") not in gold["types"]:
        return False
    gold_docs = set(gold["docs"]) if docs is None else set(gold["docs"]) & docs
    if not event_stems(event) & gold_docs:
        return False
    if event_dyad(event) != frozenset(gold["dyad"]):
        return False
    return date_agrees(gold.get("date"), event.get("date"))


# -- gold -------------------------------------------------------------------------------------

def check_gold(gold: Iterable[Mapping], where: str = "gold") -> list[dict]:
    """Validate gold events; returns them as a list. Raises GoldError naming the event."""
    out: list[dict] = []
    ids: set[str] = set()
    for n, item in enumerate(gold, 1):
        label = f"{where}: event {n}"
        if not isinstance(item, Mapping):
            raise GoldError(f"{label}: not a JSON object")
        missing = [k for k in ("id", "docs", "types", "dyad", "core") if k not in item]
        if missing:
            raise GoldError(f"{label}: missing {', '.join(missing)}")
        gid = str(item["id"])
        label = f"{where}: {gid}"
        if gid in ids:
            raise GoldError(f"{label}: duplicate id")
        ids.add(gid)
        if not isinstance(item["docs"], list) or not item["docs"]:
            raise GoldError(f"{label}: docs must be a non-empty list of file stems")
        types = item["types"]
        if not isinstance(types, list) or not types or set(types) - PLOVER_TYPES:
            raise GoldError(f"{label}: types must be PLOVER types, got {types!r}")
        dyad = item["dyad"]
        if (not isinstance(dyad, list) or len(dyad) != 2 or len(set(dyad)) != 2
                or not all(isinstance(c, str) and re.fullmatch(r"[A-Z]{3}", c) for c in dyad)):
            raise GoldError(f"{label}: dyad must be two ISO alpha-3 codes, got {dyad!r}")
        date = item.get("date")
        if date is not None and not any(p.match(str(date)) for p in
                                        (_YEAR, _MONTH, _DAY, _MONTH_DAY)):
            raise GoldError(f"{label}: date {date!r} is not YYYY, YYYY-MM, YYYY-MM-DD or MM-DD")
        if not isinstance(item["core"], bool):
            raise GoldError(f"{label}: core must be true or false")
        out.append(dict(item))
    for item in out:
        partner = item.get("may_merge_with")
        if partner is not None and partner not in ids:
            raise GoldError(f"{where}: {item['id']}: may_merge_with names unknown {partner!r}")
    return out


def load_gold(*paths: Path | str) -> list[dict]:
    """Read one or more gold JSONL files (blank lines and '#' lines skipped), validated."""
    events: list[dict] = []
    for path in paths:
        path = Path(path)
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                events.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise GoldError(f"{path}:{lineno}: not JSON: {exc.msg}") from None
    return check_gold(events, where=", ".join(str(p) for p in paths))


def docs_file(gold_path: Path | str) -> Path:
    """The optional list of evaluated documents beside a gold file: `X.jsonl` -> `X.docs.txt`,
    one stem a line. It names the documents that hold no gold event (negatives), so that
    events a system finds in them count against precision."""
    return Path(gold_path).with_suffix(".docs.txt")


def load_docs(path: Path | str) -> set[str]:
    stems = set()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            stems.add(doc_stem(line))
    return stems


# -- scoring ----------------------------------------------------------------------------------

def _assign(edges: list[list[int]], n_gold: int) -> list[int | None]:
    """Maximum bipartite matching (Kuhn): for each system event, the gold index it is paired
    with, or None."""
    gold_owner: list[int | None] = [None] * n_gold

    def augment(s: int, seen: set[int]) -> bool:
        for g in edges[s]:
            if g in seen:
                continue
            seen.add(g)
            owner = gold_owner[g]
            if owner is None or augment(owner, seen):
                gold_owner[g] = s
                return True
        return False

    for s in range(len(edges)):
        if edges[s]:
            augment(s, set())
    paired: list[int | None] = [None] * len(edges)
    for g, s in enumerate(gold_owner):
        if s is not None:
            paired[s] = g
    return paired


def evaluate(system_events: Iterable[dict], gold: list[dict],
             docs: set[str] | None = None) -> Report:
    """Score system events against gold events (module doc). `docs`: the evaluated documents'
    stems; default the documents the gold names. Gold events with none of their documents
    evaluated are left out."""
    gold = check_gold(gold)
    if docs is None:
        docs = {d for g in gold for d in g["docs"]}
    docs = {doc_stem(d) for d in docs}
    gold = [g for g in gold if set(g["docs"]) & docs]
    dyads = {frozenset(g["dyad"]) for g in gold}

    in_scope: list[dict] = []
    out_of_scope = 0
    for event in system_events:
        if event_dyad(event) in dyads and event_stems(event) & docs:
            in_scope.append(event)
        else:
            out_of_scope += 1

    edges = [[gi for gi, g in enumerate(gold) if matches(e, g, docs)] for e in in_scope]
    matched_by: dict[str, list[dict]] = {g["id"]: [] for g in gold}
    for e, gis in zip(in_scope, edges, strict=True):
        for gi in gis:
            matched_by[gold[gi]["id"]].append(e)

    partners: dict[str, set[str]] = {g["id"]: set() for g in gold}
    for g in gold:
        p = g.get("may_merge_with")
        if p in partners:
            partners[g["id"]].add(p)
            partners[p].add(g["id"])

    core = [g for g in gold if g["core"]]
    found = [g for g in core
             if matched_by[g["id"]] or any(matched_by[p] for p in partners[g["id"]])]
    found_ids = {g["id"] for g in found}
    misses = [g for g in core if g["id"] not in found_ids]

    paired = _assign(edges, len(gold))
    duplicated: dict[str, list[dict]] = {}
    for e, gis, pair in zip(in_scope, edges, paired, strict=True):
        if not gis or pair is not None:
            continue
        core_hits = [gi for gi in gis if gold[gi]["core"]]
        if core_hits:
            duplicated.setdefault(gold[core_hits[0]]["id"], []).append(e)

    return Report(
        docs=docs, gold_total=len(gold), core_total=len(core), core_found=len(found),
        system_total=len(in_scope), system_correct=sum(1 for gis in edges if gis),
        misses=misses,
        false_positives=[e for e, gis in zip(in_scope, edges, strict=True) if not gis],
        duplicated=duplicated, matched_by={k: v for k, v in matched_by.items() if v},
        out_of_scope=out_of_scope)


# -- printing ---------------------------------------------------------------------------------

def _ratio(num: int, den: int, value: float | None) -> str:
    return f"{num}/{den} = {value:.3f}" if value is not None else f"{num}/{den} = n/a"


def _describe(event: Mapping) -> str:
    actor, recipient = _country(event, "actor") or "?", _country(event, "recipient") or "?"
    mode = f"/{event['mode']}" if event.get("mode") else ""
    stems = ", ".join(sorted(event_stems(event)))
    summary = event.get("summary") or ""
    if not summary:
        texts = [s.get("text", "") for s in event.get("sources") or [] if isinstance(s, Mapping)]
        summary = next((t for t in texts if t), "")
    summary = " ".join(str(summary).split())
    if len(summary) > 90:
        summary = summary[:87] + "..."
    return (f"{event.get('type')}{mode} {event.get('date') or 'null'} {actor}->{recipient} "
            f"[{stems}] {summary}").rstrip()


def format_report(report: Report) -> str:
    """The report as text: scores first, then the lists to look at."""
    lines = [
        f"documents evaluated: {len(report.docs)}; gold events: {report.gold_total} "
        f"({report.core_total} core)",
        f"recall (core):  {_ratio(report.core_found, report.core_total, report.recall)}",
        f"precision:      {_ratio(report.system_correct, report.system_total, report.precision)}"
        f"  (system events of the gold's dyads with a source among the evaluated documents;"
        f" {report.out_of_scope} others left out)",
        f"F1:             {report.f1:.3f}" if report.f1 is not None else "F1:             n/a",
        f"duplicates:     {report.duplicates} core gold events reported more than once",
    ]
    if report.misses:
        lines.append("")
        lines.append(f"missed core events ({len(report.misses)}):")
        for g in report.misses:
            lines.append(f"  {g['id']} {'|'.join(g['types'])} {g.get('date') or 'null'} "
                         f"{'-'.join(g['dyad'])} [{', '.join(g['docs'])}] {g.get('what', '')}"
                         .rstrip())
    if report.false_positives:
        lines.append("")
        lines.append(f"false positives ({len(report.false_positives)}):")
        for e in report.false_positives:
            lines.append(f"  {_describe(e)}")
    if report.duplicated:
        lines.append("")
        lines.append("duplicates (surplus system events):")
        for gid, events in report.duplicated.items():
            lines.append(f"  {gid}: {len(events)} more")
            for e in events:
                lines.append(f"    {_describe(e)}")
    return "\n".join(lines) + "\n"


def run_evaluate(gold_path: Path, events: Iterable[dict],
                 docs: set[str] | None = None) -> tuple[str, Report]:
    """For `bilateral evaluate GOLD.jsonl [--db FILE]`: load the gold (GoldError when it is
    malformed), take the evaluated documents from `docs`, else from `GOLD.docs.txt` beside it
    plus the gold's own, and return the printed report with the Report."""
    gold_path = Path(gold_path)
    gold = load_gold(gold_path)
    if docs is None:
        docs = {d for g in gold for d in g["docs"]}
        extra = docs_file(gold_path)
        if extra.is_file():
            docs |= load_docs(extra)
    report = evaluate(events, gold, docs)
    return format_report(report), report
