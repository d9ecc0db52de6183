"""The graph of entities and their ties, built from a small database ingested here."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bilateral.cli import main
from bilateral.graph import Graph, build_graph, graphml_id, relation_of, write_graphml, write_json
from bilateral.store import Store

AZ = """Tokayev Bakıya dövlət səfərinə gəlib
11.03.2024
Qazaxıstan Prezidenti Qasım-Jomart Tokayev martın 11-də Bakıya dövlət səfəri ilə gəlib. \
Azərbaycan Prezidenti İlham Əliyev Qasım-Jomart Tokayevi rəsmi qarşılayıb. Prezidentlər Ali \
Dövlətlərarası Şuranın birinci iclasında iştirak ediblər və Orta Dəhliz layihəsi üzrə sənədlər \
imzalayıblar.
"""
RU = """Токаев прибыл в Баку с государственным визитом
11.03.2024
Президент Казахстана Касым-Жомарт Токаев 11 марта прибыл с государственным визитом в Баку. \
Президент Азербайджана Ильхам Алиев и Касым-Жомарт Токаев провели переговоры и подписали \
соглашение о сотрудничестве.
"""
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
TOKAYEV, ALIYEV = "person/kassym-jomart-tokayev", "person/ilham-aliyev"


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    folder = tmp_path_factory.mktemp("graph")
    (folder / "in").mkdir()
    (folder / "in" / "az.txt").write_text(AZ, encoding="utf-8")
    (folder / "in" / "ru.txt").write_text(RU, encoding="utf-8")
    db = folder / "t.db"
    assert main(["ingest", str(folder / "in"), "--db", str(db)]) == 0
    store = Store(db, readonly=True)
    try:
        return build_graph(store)
    finally:
        store.close()


def edges(graph: Graph, relation: str) -> dict[tuple[str, str], dict]:
    return {(e["source"], e["target"]): e for e in graph.edges if e["relation"] == relation}


def test_the_visit_is_a_directed_tie_of_countries_and_people(graph: Graph) -> None:
    visited = edges(graph, "visited")
    assert set(visited) == {("country/KAZ", "country/AZE"), (TOKAYEV, ALIYEV)}
    for edge in visited.values():
        assert edge["directed"] is True
        assert edge["weight"] == 1
        assert edge["first"] == edge["last"] == "2024-03-11"
        assert edge["n_sources"] == 2  # told in Azerbaijani and in Russian: one event
        assert len(edge["events"]) == 1
    # The same event key on both levels.
    assert visited[("country/KAZ", "country/AZE")]["events"] == visited[(TOKAYEV, ALIYEV)][
        "events"]


def test_signing_is_an_undirected_tie_in_id_order(graph: Graph) -> None:
    signed = edges(graph, "signed with")
    assert ("country/AZE", "country/KAZ") in signed
    assert (ALIYEV, TOKAYEV) in signed
    assert all(e["directed"] is False and e["source"] < e["target"] for e in signed.values())


def test_nodes_carry_registry_names_kinds_and_counts(graph: Graph) -> None:
    nodes = {n["id"]: n for n in graph.nodes}
    assert nodes[TOKAYEV]["label"] == "Kassym-Jomart Tokayev"
    assert nodes[TOKAYEV]["kind"] == "person" and nodes[TOKAYEV]["country"] == "KAZ"
    assert nodes[TOKAYEV]["mentions"] >= 2
    assert nodes["country/AZE"]["kind"] == "country"
    assert nodes["place/baku"]["kind"] == "place"  # mentioned, in no event
    # Every edge joins two nodes of the graph.
    assert all(e["source"] in nodes and e["target"] in nodes for e in graph.edges)


def test_registry_ties(graph: Graph) -> None:
    office = edges(graph, "holds office in")[(TOKAYEV, "country/KAZ")]
    roles = {o["role"] for o in office["offices"]}
    assert {"president", "prime-minister", "foreign-minister"} <= roles
    president = next(o for o in office["offices"] if o["role"] == "president")
    assert president["from"] == "2019-03-20" and president["to"] is None
    assert office["weight"] == len(office["offices"])
    assert office["last"] is None  # still in office
    nodes = {n["id"]: n for n in graph.nodes}
    for (source, target) in edges(graph, "member of"):
        assert nodes[source]["kind"] == "country" and nodes[target]["kind"] == "organisation"
    for (source, target) in edges(graph, "part of project"):
        assert nodes[source]["kind"] == "country" and nodes[target]["kind"] == "project"


def test_output_is_sorted(graph: Graph) -> None:
    assert [n["id"] for n in graph.nodes] == sorted(n["id"] for n in graph.nodes)
    keys = [(e["source"], e["target"], e["relation"]) for e in graph.edges]
    assert keys == sorted(keys)
    assert [e["id"] for e in graph.edges] == [f"e{i}" for i in range(len(graph.edges))]


def test_json_round_trips(graph: Graph) -> None:
    out = io.StringIO()
    write_json(graph, out)
    data = json.loads(out.getvalue())
    assert data == {"nodes": graph.nodes, "edges": graph.edges}


def test_graphml_parses_with_declared_keys(graph: Graph) -> None:
    out = io.StringIO()
    write_graphml(graph, out)
    root = ET.fromstring(out.getvalue().encode("utf-8"))
    assert root.tag == GRAPHML + "graphml"
    keys = {k.get("id"): (k.get("for"), k.get("attr.name"), k.get("attr.type"))
            for k in root.iter(GRAPHML + "key")}
    used = {d.get("key") for d in root.iter(GRAPHML + "data")}
    assert used <= set(keys)
    names = {(f, name) for f, name, _t in keys.values()}
    for name in ("label", "kind", "country", "mentions"):
        assert ("node", name) in names
    for name in ("relation", "directed", "weight", "first", "last", "events"):
        assert ("edge", name) in names
    node_ids = {n.get("id") for n in root.iter(GRAPHML + "node")}
    assert node_ids == {graphml_id(n["id"]) for n in graph.nodes}
    assert all("/" not in n for n in node_ids)  # NMTOKEN
    found = root.iter(GRAPHML + "edge")
    assert all(e.get("source") in node_ids and e.get("target") in node_ids for e in found)
    visit = next(e for e in root.iter(GRAPHML + "edge")
                 if e.get("source") == "country:KAZ" and e.get("target") == "country:AZE"
                 and any(d.text == "visited" for d in e))
    data = {keys[d.get("key")][1]: d.text for d in visit}
    assert data["weight"] == "1" and data["first"] == "2024-03-11"


def test_graphml_reads_into_networkx(graph: Graph) -> None:
    nx = pytest.importorskip("networkx")
    out = io.StringIO()
    write_graphml(graph, out)
    g = nx.read_graphml(io.StringIO(out.getvalue()))
    assert g.number_of_nodes() == len(graph.nodes)
    assert g.number_of_edges() == len(graph.edges)
    assert g.nodes["person:kassym-jomart-tokayev"]["label"] == "Kassym-Jomart Tokayev"


def test_empty_database_gives_an_empty_graph(tmp_path: Path) -> None:
    store = Store(tmp_path / "empty.db")
    graph = build_graph(store)
    store.close()
    assert graph.nodes == [] and graph.edges == []
    out = io.StringIO()
    write_json(graph, out)
    assert json.loads(out.getvalue()) == {"nodes": [], "edges": []}
    out = io.StringIO()
    write_graphml(graph, out)
    root = ET.fromstring(out.getvalue().encode("utf-8"))
    assert list(root.iter(GRAPHML + "node")) == []


def test_relations_by_type_mode_and_kind() -> None:
    assert relation_of("CONSULT", "visit", "visit") == ("visited", True)
    assert relation_of("CONSULT", "phone", "phone") == ("met", False)
    assert relation_of("SUPPORT", None, "sign") == ("signed with", False)
    assert relation_of("AGREE", None, "pledge:trade-turnover") == ("signed with", False)
    assert relation_of("SUPPORT", None, "congratulate") == ("supported", False)
    assert relation_of("AID", None, "aid") == ("cooperated with", False)


def test_weights_and_dates_aggregate_over_events(tmp_path: Path) -> None:
    store = Store(tmp_path / "events.db")
    kaz, aze = {"country": "KAZ"}, {"country": "AZE"}
    rows = [("a", "CONSULT", "visit", kaz, aze, "2024-03-11"),
            ("b", "CONSULT", "visit", kaz, aze, "2022"),
            ("c", "CONSULT", "visit", kaz, aze, None),
            ("d", "CONSULT", "visit", kaz, aze, "--05-01"),
            ("e", "CONSULT", "talks", aze, kaz, "2023-06")]
    store.db.executemany(
        "INSERT INTO events (key, dyad, type, mode, actor, recipient, date, confidence,"
        " n_sources) VALUES (?, 'AZE|KAZ', ?, ?, ?, ?, ?, 0.9, 1)",
        [(k, t, m, json.dumps(a), json.dumps(r), d) for k, t, m, a, r, d in rows])
    graph = build_graph(store)
    store.close()
    visited = edges(graph, "visited")[("country/KAZ", "country/AZE")]
    assert visited["weight"] == 4
    assert (visited["first"], visited["last"]) == ("2022", "2024-03-11")
    # Dated by date, then a day without a year, then undated.
    assert visited["events"] == ["b", "a", "d", "c"]
    met = edges(graph, "met")[("country/AZE", "country/KAZ")]
    assert met["weight"] == 1 and met["first"] == "2023-06" and met["directed"] is False
