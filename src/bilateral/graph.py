"""The graph of who is tied to whom: entities as nodes, their ties as weighted, dated edges.

Nodes are registry entities: every person, organisation and country a merged event involves
(its actor and recipient), and every organisation, place and project the stored documents
mention. People and countries a document only mentions, and people the registry does not know
(no registry id), are left out.

Edges come from two sources.

Merged events (table ``events``), at two levels: between the countries of actor and recipient,
and between their entities (people, organisations) when both sides name a registered one.
The relation is read from the PLOVER type, the mode and the kind of trigger most of the
event's candidates share:

==================  ==========================================================  =========
relation            events                                                      direction
==================  ==========================================================  =========
visited             CONSULT, mode ``visit`` (the visitor is the source)         directed
met                 any other CONSULT (talks, councils, calls, summits)         tie
signed with         SUPPORT/AGREE accords and pledges (sign, agree, relations,  tie
                    embassy, accepted invitations, ``pledge:*``)
supported           SUPPORT/AGREE statements (thanks, congratulations,          tie
                    condolences, support)
cooperated with     COOPERATE, AID                                              tie
==================  ==========================================================  =========

Other PLOVER types (none of the bundled lexicon's triggers give one yet) keep their type,
lower-cased, as a directed relation ('accuse'). Negated and hypothetical events never became
events (merge leaves them out) and are skipped here too. Edges aggregate per (source, target,
relation): ``weight`` is the number of events, ``first``/``last`` the earliest and latest of
their dates compared as ISO strings at whatever precision they have ('2024' < '2024-03' <
'2024-03-11'); undated events and dates without a year ('--03-11') count in the weight, not
in the dates. ``events`` lists the event keys (by date; year-less, then undated ones last),
``n_sources`` sums the events' sources.

The registry, between nodes the graph already has:

- ``holds office in``: person -> country of each office (an office of an organisation alone:
  -> that organisation), with the terms in ``offices`` (role, from, to, org, accredited_to),
  ``weight`` = number of terms, ``first`` = earliest start, ``last`` = latest end, or null
  while a term is open;
- ``member of``: country -> organisation, for organisations with ``members``;
- ``part of project``: country -> project, for projects with ``countries``.

A tie (``directed`` false) is stored once, source and target in id order. GraphML has one
``edgedefault`` for the whole graph, so the file declares ``directed`` and every edge says in
its own ``directed`` attribute whether its direction means anything.

Output is sorted (nodes by id; edges by source, target, relation) and the same for the same
database. The events table is read with one cursor, row by row; what is kept is the graph.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any, TextIO

from bilateral.merge import NOT_HAPPENED
from bilateral.registry import Entity, Registry, load_registry
from bilateral.store import Store

__all__ = ["RELATIONS", "Graph", "build_graph", "relation_of", "write_graphml", "write_json"]

RELATIONS = ("visited", "met", "signed with", "supported", "cooperated with",
             "holds office in", "member of", "part of project")
# Kinds of SUPPORT/AGREE trigger that make a statement, not an accord.
STATEMENT_KINDS = frozenset({"thank", "congratulate", "condolences", "support"})
_KIND_OF_PREFIX = {"country": "country", "person": "person", "org": "organisation",
                   "place": "place", "project": "project"}
# Kinds of entity a mention alone makes a node of.
_MENTIONED_KINDS = ("organisation", "place", "project")


@dataclass
class Graph:
    """Nodes ``{id, label, kind, country, mentions}`` and edges ``{id, source, target,
    relation, directed, weight, first, last, n_sources, events, offices}``."""

    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)


def relation_of(type_: str, mode: str | None, kind: str | None) -> tuple[str, bool]:
    """(relation, directed) of a merged event of PLOVER `type_` and `mode` whose candidates
    mostly have trigger `kind`."""
    if type_ == "CONSULT":
        return ("visited", True) if mode == "visit" else ("met", False)
    if type_ in ("SUPPORT", "AGREE"):
        return ("supported" if kind in STATEMENT_KINDS else "signed with"), False
    if type_ in ("COOPERATE", "AID"):
        return "cooperated with", False
    return type_.lower(), True


def _date_rank(date: str) -> int:
    """Dated events first, then days without a year ('--03-11'), then undated ones."""
    return 2 if not date else 1 if date.startswith("--") else 0


class _Edge:
    __slots__ = ("source", "target", "relation", "directed", "weight", "first", "last",
                 "n_sources", "events", "offices")

    def __init__(self, source: str, target: str, relation: str, directed: bool) -> None:
        self.source, self.target, self.relation, self.directed = (
            source, target, relation, directed)
        self.weight = 0
        self.n_sources = 0
        self.first: str | None = None
        self.last: str | None = None
        self.events: list[tuple[str, str]] = []  # (date or '', key)
        self.offices: list[dict[str, Any]] = []

    def add_event(self, key: str, date: str | None, n_sources: int) -> None:
        self.weight += 1
        self.n_sources += n_sources
        self.events.append((date or "", key))
        if date and not date.startswith("--"):
            if self.first is None or date < self.first:
                self.first = date
            if self.last is None or date > self.last:
                self.last = date

    def record(self) -> dict[str, Any]:
        events = sorted(self.events, key=lambda e: (_date_rank(e[0]), e[0], e[1]))
        return {"source": self.source, "target": self.target, "relation": self.relation,
                "directed": self.directed, "weight": self.weight, "first": self.first,
                "last": self.last, "n_sources": self.n_sources,
                "events": [key for _date, key in events], "offices": self.offices}


class _Builder:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, str, str], _Edge] = {}
        self.mentions: dict[str, tuple[int, str | None, str | None, str | None]] = {}

    def node(self, entity_id: str, name: str | None = None, kind: str | None = None,
             country: str | None = None) -> None:
        if entity_id in self.nodes:
            return
        entity: Entity | None = self.registry.get(entity_id)
        count, m_kind, m_name, m_country = self.mentions.get(entity_id, (0, None, None, None))
        prefix = entity_id.split("/", 1)[0]
        if entity is not None:
            label, kind, country = entity.name, entity.kind, entity.country
        else:
            label = name or m_name or entity_id
            kind = _KIND_OF_PREFIX.get(prefix) or kind or m_kind or "unknown"
            country = country or m_country
        if kind == "country" and country is None and prefix == "country":
            country = entity_id.split("/", 1)[1]
        self.nodes[entity_id] = {"id": entity_id, "label": label, "kind": kind,
                                 "country": country, "mentions": count}

    def edge(self, source: str, target: str, relation: str, directed: bool) -> _Edge:
        if not directed and target < source:
            source, target = target, source
        key = (source, target, relation)
        edge = self.edges.get(key)
        if edge is None:
            edge = self.edges[key] = _Edge(source, target, relation, directed)
        return edge


_EVENTS_SQL = (
    "SELECT e.key, e.type, e.mode, e.actor, e.recipient, e.date, e.context, e.n_sources,"
    " (SELECT c.kind FROM candidates c WHERE c.event_id = e.id GROUP BY c.kind"
    "  ORDER BY COUNT(*) DESC, c.kind LIMIT 1)"
    " FROM events e ORDER BY e.id")
_MENTIONS_SQL = (
    "SELECT entity_id, COUNT(*), MIN(kind), MIN(entity_name), MIN(entity_country)"
    " FROM mentions WHERE entity_id IS NOT NULL AND kind NOT IN ('role', 'date')"
    " GROUP BY entity_id")


def build_graph(store: Store, registry: Registry | None = None) -> Graph:
    """The graph of the events and mentions in `store` (see the module's docstring).
    `registry` defaults to the bundled one."""
    registry = registry if registry is not None else load_registry()
    b = _Builder(registry)
    for entity_id, count, kind, name, country in store.db.execute(_MENTIONS_SQL):
        b.mentions[entity_id] = (int(count), kind, name, country)
    for entity_id in sorted(b.mentions):
        entity = registry.get(entity_id)
        kind = entity.kind if entity is not None else (
            _KIND_OF_PREFIX.get(entity_id.split("/", 1)[0]) or b.mentions[entity_id][1])
        if kind in _MENTIONED_KINDS:
            b.node(entity_id)

    for key, type_, mode, actor_json, recipient_json, date, context, n_sources, kind in \
            store.db.execute(_EVENTS_SQL):
        if set(json.loads(context or "[]")) & NOT_HAPPENED:
            continue
        actor, recipient = json.loads(actor_json), json.loads(recipient_json)
        relation, directed = relation_of(type_, mode, kind)
        pairs = []
        a_country, r_country = actor.get("country"), recipient.get("country")
        if a_country and r_country and "?" not in (a_country, r_country) \
                and a_country != r_country:
            pairs.append(((f"country/{a_country}", None, "country", a_country),
                          (f"country/{r_country}", None, "country", r_country)))
        a_id, r_id = actor.get("entity_id"), recipient.get("entity_id")
        if a_id and r_id and a_id != r_id:
            pairs.append(((a_id, actor.get("entity"), None, a_country),
                          (r_id, recipient.get("entity"), None, r_country)))
        for (s_id, s_name, s_kind, s_country), (t_id, t_name, t_kind, t_country) in pairs:
            b.node(s_id, s_name, s_kind, s_country)
            b.node(t_id, t_name, t_kind, t_country)
            b.edge(s_id, t_id, relation, directed).add_event(key, date, int(n_sources or 0))

    _registry_edges(b)
    nodes = [b.nodes[k] for k in sorted(b.nodes)]
    edges = []
    for i, k in enumerate(sorted(b.edges)):
        record = b.edges[k].record()
        edges.append({"id": f"e{i}", **record})
    return Graph(nodes=nodes, edges=edges)


def _registry_edges(b: _Builder) -> None:
    present = set(b.nodes)
    for node_id in sorted(present):
        entity = b.registry.get(node_id)
        if entity is None:
            continue
        if entity.kind == "person":
            terms: dict[str, list[dict[str, Any]]] = {}
            for office in entity.offices:
                target = f"country/{office.country}" if office.country else office.org
                if target is None or target not in present:
                    continue
                terms.setdefault(target, []).append(
                    {"role": office.role, "from": office.start, "to": office.end,
                     "org": office.org, "accredited_to": office.accredited_to})
            for target, offices in terms.items():
                offices.sort(key=lambda o: (o["from"] or "", o["role"], o["to"] or ""))
                edge = b.edge(node_id, target, "holds office in", True)
                edge.offices = offices
                edge.weight = len(offices)
                starts = [o["from"] for o in offices if o["from"]]
                edge.first = min(starts) if starts else None
                ends = [o["to"] for o in offices]
                edge.last = None if (not ends or None in ends) else max(ends)
        elif entity.kind in ("organisation", "project"):
            codes = entity.extra.get("members" if entity.kind == "organisation" else "countries")
            relation = "member of" if entity.kind == "organisation" else "part of project"
            for code in sorted(set(codes or ())):
                country_id = f"country/{code}"
                if country_id in present:
                    b.edge(country_id, node_id, relation, True).weight = 1


# ------------------------------------------------------------------------------- writers

def write_json(graph: Graph, out: TextIO) -> None:
    """``{"nodes": [...], "edges": [...]}``, one node or edge per line."""
    out.write('{"nodes": [')
    for i, node in enumerate(graph.nodes):
        out.write(("," if i else "") + "\n  " + json.dumps(node, ensure_ascii=False))
    out.write("\n], \"edges\": [" if graph.nodes else "], \"edges\": [")
    for i, edge in enumerate(graph.edges):
        out.write(("," if i else "") + "\n  " + json.dumps(edge, ensure_ascii=False))
    out.write("\n]}\n" if graph.edges else "]}\n")


GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
# (key id, for, attr.name, attr.type)
_NODE_KEYS = [("n_registry_id", "registry_id", "string"), ("n_label", "label", "string"),
              ("n_kind", "kind", "string"), ("n_country", "country", "string"),
              ("n_mentions", "mentions", "int")]
_EDGE_KEYS = [("e_relation", "relation", "string"), ("e_label", "label", "string"),
              ("e_directed", "directed", "boolean"), ("e_weight", "weight", "int"),
              ("e_first", "first", "string"), ("e_last", "last", "string"),
              ("e_n_sources", "n_sources", "int"), ("e_events", "events", "string"),
              ("e_offices", "offices", "string")]
_NMTOKEN_BAD = re.compile(r"[^\w.:-]")


def graphml_id(entity_id: str) -> str:
    """A registry id as a GraphML node id (an XML NMTOKEN: '/' is not allowed, so
    'country/AZE' becomes 'country:AZE'); the registry id itself is the node's
    ``registry_id``."""
    return _NMTOKEN_BAD.sub("_", entity_id.replace("/", ":"))


def _offices_text(offices: list[dict[str, Any]]) -> str:
    """Terms as 'role [org] from/to', ISO 8601 intervals with '..' for an open end."""
    parts = []
    for o in offices:
        org = f" {o['org']}" if o.get("org") else ""
        acc = f" to {o['accredited_to']}" if o.get("accredited_to") else ""
        parts.append(f"{o['role']}{org}{acc} {o['from'] or '..'}/{o['to'] or '..'}")
    return "; ".join(parts)


def _data(parent: ET.Element, key: str, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = str(value)
    ET.SubElement(parent, "data", key=key).text = text


def write_graphml(graph: Graph, out: TextIO) -> None:
    """GraphML 1.0 with a declared <key> for every attribute. Lists become strings: event
    keys separated by spaces, office terms by '; '. Missing values (a node with no country,
    an edge with no dates) have no <data> element."""
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<graphml xmlns="{GRAPHML_NS}" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              f'xsi:schemaLocation="{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd">\n')
    for domain, keys in (("node", _NODE_KEYS), ("edge", _EDGE_KEYS)):
        for key_id, name, type_ in keys:
            element = ET.Element("key", {"id": key_id, "for": domain, "attr.name": name,
                                         "attr.type": type_})
            out.write("  " + ET.tostring(element, encoding="unicode") + "\n")
    out.write('  <graph id="bilateral" edgedefault="directed">\n')
    for node in graph.nodes:
        element = ET.Element("node", id=graphml_id(node["id"]))
        _data(element, "n_registry_id", node["id"])
        _data(element, "n_label", node["label"])
        _data(element, "n_kind", node["kind"])
        _data(element, "n_country", node["country"])
        _data(element, "n_mentions", node["mentions"])
        out.write("    " + ET.tostring(element, encoding="unicode") + "\n")
    for edge in graph.edges:
        element = ET.Element("edge", id=edge["id"], source=graphml_id(edge["source"]),
                             target=graphml_id(edge["target"]))
        _data(element, "e_relation", edge["relation"])
        _data(element, "e_label", edge["relation"])
        _data(element, "e_directed", edge["directed"])
        _data(element, "e_weight", edge["weight"])
        _data(element, "e_first", edge["first"])
        _data(element, "e_last", edge["last"])
        _data(element, "e_n_sources", edge["n_sources"])
        _data(element, "e_events", " ".join(edge["events"]) or None)
        _data(element, "e_offices", _offices_text(edge["offices"]) or None)
        out.write("    " + ET.tostring(element, encoding="unicode") + "\n")
    out.write("  </graph>\n</graphml>\n")

