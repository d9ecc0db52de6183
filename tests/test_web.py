"""The web app (bilateral.web): every page and API endpoint, paging, filters, bad parameters,
escaping of untrusted article text, safety headers, read-only access."""

from __future__ import annotations

import html
import json
import re
import sqlite3
from pathlib import Path

import pytest
from conftest import FIXTURES, SEEDS
from markupsafe import escape

pytest.importorskip("fastapi", reason="the web app needs fastapi (pip install fastapi)")
pytest.importorskip("httpx", reason="FastAPI's TestClient needs httpx")

from fastapi.testclient import TestClient  # noqa: E402

from bilateral.cli import main  # noqa: E402
from bilateral.web.app import SECURITY_HEADERS, create_app  # noqa: E402

ARTICLES = FIXTURES / "events" / "articles"
XSS = "<script>alert(1)</script>"
EVIL = {
    "url": "https://evil.example.org/news/1?a=<b>",
    "title": f"{XSS} Tokayev in Baku",
    "published": "2024-05-02",
    "text": ("Kazakh President Kassym-Jomart Tokayev arrived in Baku on 2 May 2024 for a state "
             f"visit and held talks with President Ilham Aliyev {XSS} about transport.\n\n"
             "The two presidents signed an agreement on the Middle Corridor "
             "<img src=x onerror=alert(2)>."),
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    evil = folder / "evil.jsonl"
    evil.write_text(json.dumps(EVIL) + "\n", encoding="utf-8")
    path = folder / "web.db"
    assert main(["ingest", str(ARTICLES), str(evil), "--db", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(str(db)))


def _evil_doc(client: TestClient) -> dict:
    docs = client.get("/api/documents", params={"limit": 200}).json()["items"]
    return next(d for d in docs if d["uri"].startswith("https://evil.example.org"))


# -- pages -----------------------------------------------------------------------------

PAGES = ["/", "/?pair=AZE-KAZ", "/?type=CONSULT&lang=kk", "/?since=2024&until=2024-12",
         "/?entity=Tokayev", "/?order=oldest", "/entities", "/entities?kind=person",
         "/entities/person/kassym-jomart-tokayev", "/entities/country/KAZ",
         "/entities/place/baku", "/graph", "/graph?entity=Tokayev",
         "/graph?entity=person/ilham-aliyev&entity=person/kassym-jomart-tokayev",
         "/search", "/search?q=Tokayev", "/figures", "/api"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_render(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert "<title>" in response.text and "</html>" in response.text


def test_event_and_document_pages(client: TestClient) -> None:
    events = client.get("/api/events", params={"limit": 200}).json()["items"]
    assert events
    for item in events[:10]:
        page = client.get(item["url"])
        assert page.status_code == 200
        assert str(escape(item["summary"])) in page.text
        record = client.get(f"/api/events/{item['id']}").json()
        for source in record["sources"]:
            assert client.get(source["url"]).status_code == 200
            doc = client.get(f"/api/documents/{source['document_id']}").json()
            assert doc["text"][source["start"]:source["end"]] == source["text"]


def test_assets_are_local(client: TestClient) -> None:
    page = client.get("/").text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/app.js").status_code == 200


def test_security_headers_everywhere(client: TestClient) -> None:
    for url in ["/", "/api/events", "/static/style.css", "/nope", "/api/events?limit=0",
                "/events/ev-000000000000"]:
        response = client.get(url)
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (url, name)
    assert "default-src 'self'" in SECURITY_HEADERS["content-security-policy"]


# -- API ---------------------------------------------------------------------------------

def test_openapi_documents_the_api(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    for path in ["/api/events", "/api/events/{key}", "/api/documents", "/api/documents/{doc_id}",
                 "/api/entities", "/api/entities/{entity_id}", "/api/search", "/api/timeline",
                 "/api/graph"]:
        assert path in schema["paths"], path
    names = {p["name"] for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert {"pair", "type", "since", "until", "lang", "entity", "limit", "offset"} <= names
    assert "EventPage" in schema["components"]["schemas"]


def test_events_paging(client: TestClient) -> None:
    everything = client.get("/api/events", params={"limit": 200}).json()
    total = everything["total"]
    assert total == len(everything["items"]) > 6
    first = client.get("/api/events", params={"limit": 3}).json()
    second = client.get("/api/events", params={"limit": 3, "offset": 3}).json()
    assert first["total"] == second["total"] == total
    assert [e["id"] for e in first["items"] + second["items"]] == \
        [e["id"] for e in everything["items"][:6]]
    beyond = client.get("/api/events", params={"offset": total + 10}).json()
    assert beyond["items"] == [] and beyond["total"] == total
    dates = [e["date"] for e in everything["items"] if e["date"] and e["date"][0].isdigit()]
    assert dates == sorted(dates, reverse=True)  # newest first
    oldest = client.get("/api/events", params={"limit": 200, "order": "oldest"}).json()
    assert [e["id"] for e in oldest["items"]][0] != everything["items"][0]["id"]


def test_event_filters(client: TestClient) -> None:
    def ids(**params: str) -> list[dict]:
        return client.get("/api/events", params={"limit": 200, **params}).json()["items"]

    assert {e["type"] for e in ids(type="CONSULT")} == {"CONSULT"}
    assert {e["type"] for e in ids(type="consult,support")} == {"CONSULT", "SUPPORT"}
    assert all("kk" in e["langs"] for e in ids(lang="kk"))
    assert all(e["date"] >= "2024-03" for e in ids(since="2024-03"))
    assert all(e["date"][:4] <= "2024" for e in ids(until="2024"))
    pair = ids(pair="kaz-aze")
    assert pair and all({e["actor"]["country"], e["recipient"]["country"]} == {"AZE", "KAZ"}
                        for e in pair)
    assert len(ids(pair="KAZ-CHN")) < len(ids())
    tokayev = ids(entity="Тоқаев")  # a name in any script resolves to the entity
    assert tokayev == ids(entity="person/kassym-jomart-tokayev")
    assert tokayev and all("person/kassym-jomart-tokayev" in (
        e["actor"]["entity_id"], e["recipient"]["entity_id"]) for e in tokayev)
    baku = ids(entity="place/baku")
    assert baku and all(e["location"]["id"] == "place/baku" for e in baku)


def test_documents_api(client: TestClient) -> None:
    page = client.get("/api/documents", params={"limit": 5}).json()
    assert len(page["items"]) == 5 and page["total"] > 5
    kk = client.get("/api/documents", params={"lang": "kk", "limit": 200}).json()["items"]
    assert kk and {d["lang"] for d in kk} == {"kk"}
    doc = client.get(page["items"][0]["url"].replace("/documents", "/api/documents")).json()
    assert doc["text"] and all(doc["text"][m["start"]:m["end"]] == m["text"]
                               for m in doc["mentions"])


def test_entities_api(client: TestClient) -> None:
    page = client.get("/api/entities", params={"limit": 10}).json()
    assert page["items"] and page["total"] >= len(page["items"])
    people = client.get("/api/entities", params={"kind": "person"}).json()["items"]
    assert {e["kind"] for e in people} == {"person"}
    tokayev = client.get("/api/entities/person/kassym-jomart-tokayev").json()
    forms = {form["text"] for forms in tokayev["aliases"].values() for form in forms}
    for spelling in ("Тоқаев", "Токаев", "Toqaev", "Tokayev"):  # kk, ru, kk-Latn, az/en
        assert any(spelling in form for form in forms), spelling
    assert "Президент" not in forms and "President" not in forms  # titles are not names
    assert any(o["role"] == "president" and o["country"] == "KAZ" for o in tokayev["offices"])
    assert any(t["id"] == "person/ilham-aliyev" for t in tokayev["ties"])
    assert tokayev["events"]["total"] >= len(tokayev["events"]["items"]) > 0


def test_search_across_scripts(client: TestClient) -> None:
    found = {}
    for q in ["Tokayev", "Toqaev", "Тоқаев", "Токаев", "tokayev"]:
        result = client.get("/api/search", params={"q": q, "limit": 200}).json()
        assert result["entities"][0]["id"] == "person/kassym-jomart-tokayev", q
        found[q] = {r["id"] for r in result["results"]}
    assert len({frozenset(v) for v in found.values()}) == 1  # the same documents every time
    langs = {r["lang"] for r in client.get("/api/search", params={"q": "Tokayev", "limit": 200}
                                           ).json()["results"]}
    assert {"az", "kk", "ru", "tr", "en"} <= langs
    kaz = client.get("/api/search", params={"q": "Qazaxıstan", "limit": 200}).json()
    assert kaz["entities"][0]["id"] == "country/KAZ"
    found_ids = {r["id"] for r in kaz["results"]}
    inflected = [d for d in client.get("/api/documents", params={"lang": "az", "limit": 200}
                                       ).json()["items"]
                 if re.search(r"Qazaxıstan(ın|la|a|da|dan)\b",
                              client.get(f"/api/documents/{d['id']}").json()["text"])]
    assert inflected and {d["id"] for d in inflected} <= found_ids
    assert "[Qazaxıstan" in " ".join(r["snippet"] for r in kaz["results"])
    text_only = client.get("/api/search", params={"q": "ferry"}).json()
    assert all(r["found_by"] == "text" for r in text_only["results"])


def test_search_paging(client: TestClient) -> None:
    whole = client.get("/api/search", params={"q": "Tokayev", "limit": 200}).json()["results"]
    pages = []
    for offset in range(0, len(whole), 4):
        part = client.get("/api/search", params={"q": "Tokayev", "limit": 4, "offset": offset})
        pages += part.json()["results"]
    assert [r["id"] for r in pages] == [r["id"] for r in whole]


def test_search_page_highlights(client: TestClient) -> None:
    page = client.get("/search", params={"q": "Токаев"}).text
    assert '<a href="/entities/person/kassym-jomart-tokayev">' in page
    assert re.search(r'<mark class="evidence">(Тоқаев|Токаев|Tokayev|Toqaev)', page)


def test_timeline_and_graph_api(client: TestClient) -> None:
    timeline = client.get("/api/timeline", params={"pair": "AZE-KAZ"}).json()
    assert timeline["granularity"] == "month" and timeline["buckets"]
    dated = client.get("/api/events", params={"pair": "AZE-KAZ", "limit": 200}).json()["items"]
    monthly = sum(1 for e in dated if e["date"] and re.match(r"^\d{4}-\d{2}", e["date"]))
    assert sum(b["count"] for b in timeline["buckets"]) == monthly
    graph = client.get("/api/graph", params={"entity": "Tokayev"}).json()
    ids = {n["id"] for n in graph["nodes"]}
    assert "person/kassym-jomart-tokayev" in ids and "person/ilham-aliyev" in ids
    assert all(e["source"] in ids and e["target"] in ids for e in graph["edges"])
    again = client.get("/api/graph", params={"entity": "Tokayev"}).json()
    assert again == graph  # the layout is deterministic
    pair = client.get("/api/graph", params={"entity": ["Tokayev", "Ilham Aliyev"]}).json()
    assert pair["centres"] == ["person/kassym-jomart-tokayev", "person/ilham-aliyev"]


def test_graph_page_links_nodes(client: TestClient) -> None:
    page = client.get("/graph", params={"entity": "country/KAZ"}).text
    assert "<svg" in page and '<a href="/entities/country/KAZ">' in page


def test_figures_page_pairs_pledges(client: TestClient) -> None:
    page = client.get("/figures").text
    assert "Pledge" in page and "Reported later" in page


# -- bad parameters and unknown ids ------------------------------------------------------

@pytest.mark.parametrize(("url", "status", "words"), [
    ("/api/events?limit=0", 422, "limit"),
    ("/api/events?limit=100000", 422, "limit"),
    ("/api/events?offset=-1", 422, "offset"),
    ("/api/events?limit=abc", 422, "limit"),
    ("/api/events?since=2024-13-01", 422, "since"),
    ("/api/events?since=yesterday", 422, "since"),
    ("/api/events?since=2025&until=2024", 422, "since"),
    ("/api/events?type=HUG", 422, "type"),
    ("/api/events?pair=AZERBAIJAN", 422, "pair"),
    ("/api/events?lang=Azerbaijani", 422, "lang"),
    ("/api/events?entity=Nobody+Atall", 422, "entity"),
    ("/api/events?entity=person/<x>", 422, "entity"),
    ("/api/events?order=random", 422, "order"),
    ("/api/entities?kind=animal", 422, "kind"),
    ("/api/search", 422, "q"),
    ("/api/search?q=" + "x" * 300, 422, "q"),
    ("/api/graph", 422, "entity"),
    ("/api/graph?entity=a&entity=b&entity=c", 422, "entity"),
    ("/api/documents/abc", 422, "doc_id"),
    ("/api/events/ev-000000000000", 404, "no event"),
    ("/api/documents/999999", 404, "no document"),
    ("/api/entities/person/nobody-at-all", 404, "no entity"),
    ("/api/nothing-here", 404, "nothing"),
])
def test_bad_api_parameters(client: TestClient, url: str, status: int, words: str) -> None:
    response = client.get(url)
    assert response.status_code == status, (url, response.text)
    assert words in response.json()["detail"]


@pytest.mark.parametrize(("url", "status"), [
    ("/?limit=0", 422), ("/?since=2024-02-30", 422), ("/?type=HUG", 422),
    ("/?entity=Nobody+Atall", 422), ("/events/ev-000000000000", 404),
    ("/documents/999999", 404), ("/documents/1?evidence=999999", 404),
    ("/documents/abc", 422), ("/entities/person/nobody-at-all", 404),
    ("/entities/<script>", 404), ("/entities/../../etc/passwd", 404),
    ("/graph?size=1000", 422), ("/nowhere", 404),
])
def test_bad_page_parameters(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status, url
    assert response.headers["content-type"].startswith("text/html")
    assert 'class="error"' in response.text
    assert "<script>" not in response.text.split("</head>", 1)[1]


@pytest.mark.parametrize("q", ['"', '""*', "AND OR NOT (", "NEAR(a b)", "*", "x'--", "\x00",
                               "col:val", "^start", "Qazaxıstan \"Baku"])
def test_search_never_breaks(client: TestClient, q: str) -> None:
    assert client.get("/api/search", params={"q": q}).status_code == 200
    assert client.get("/search", params={"q": q}).status_code == 200


# -- untrusted text ----------------------------------------------------------------------

def test_script_in_article_is_escaped(client: TestClient) -> None:
    doc = _evil_doc(client)
    pages = [client.get(f"/documents/{doc['id']}").text]
    events = client.get(f"/api/documents/{doc['id']}").json()["events"]
    assert events, "the evil document should give an event"
    for event in events:
        pages.append(client.get(event["url"]).text)
    pages.append(client.get("/search", params={"q": "alert"}).text)
    pages.append(client.get("/search", params={"q": "Tokayev", "limit": 200}).text)
    for page in pages:
        body = page.split("</head>", 1)[1]
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert client.get(f"/api/documents/{doc['id']}").json()["title"] == EVIL["title"]


def test_evidence_highlighted_in_document(client: TestClient) -> None:
    doc = _evil_doc(client)
    event = client.get(f"/api/documents/{doc['id']}").json()["events"][0]
    source = client.get(f"/api/events/{event['id']}").json()["sources"][0]
    page = client.get(source["url"]).text
    marked = re.search(r'<mark class="evidence" id="evidence">(.*?)</mark>', page, re.S)
    assert marked
    assert html.unescape(re.sub(r"<[^>]+>", "", marked.group(1))) == source["text"]
    assert 'class="m m-person"' in page and 'class="m m-place"' in page


def test_database_is_opened_read_only(db: Path, client: TestClient) -> None:
    conn = client.app.state.pool  # type: ignore[attr-defined]
    with conn.connection() as c, pytest.raises(sqlite3.OperationalError):
        c.execute("DELETE FROM events")
    assert client.get("/api/events").json()["total"] > 0


def test_missing_database(tmp_path: Path) -> None:
    from bilateral.store import StoreError

    with pytest.raises(StoreError):
        create_app(str(tmp_path / "none.db"))


def test_serve_reports_a_missing_database(tmp_path: Path, capsys: pytest.CaptureFixture
                                          ) -> None:
    from bilateral.web import serve

    assert serve(str(tmp_path / "none.db")) == 1
    assert "no database" in capsys.readouterr().err


# -- the seeds ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    if not SEEDS.is_dir():
        pytest.skip(f"seed corpus not found at {SEEDS} (shared/ is not beside the repo)")
    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    assert main(["ingest", str(SEEDS), "--db", str(path)]) in (0, 1)
    return TestClient(create_app(str(path)))


def test_seed_visit_once_with_az_and_kk_sources(seeds: TestClient) -> None:
    march = seeds.get("/api/events", params={"pair": "AZE-KAZ", "since": "2024-03",
                                              "until": "2024-03", "limit": 200}).json()
    visits = [e for e in march["items"] if e["type"] == "CONSULT" and e["mode"] == "visit"
              and e["actor"]["country"] == "KAZ"]
    assert len(visits) == 1, visits
    visit = visits[0]
    assert visit["date"] == "2024-03-11" and {"az", "kk"} <= set(visit["langs"])
    timeline = seeds.get("/", params={"since": "2024-03", "until": "2024-03"}).text
    assert timeline.count(f'href="/events/{visit["id"]}"') == 1
    record = seeds.get(f"/api/events/{visit['id']}").json()
    page = seeds.get(f"/events/{visit['id']}").text
    marks = [html.unescape(m) for m in re.findall(r'<mark class="evidence">(.*?)</mark>', page,
                                                  re.S)]
    by_lang = {}
    for source in record["sources"]:
        by_lang.setdefault(source["lang"], []).append(source)
    assert {"az", "kk"} <= set(by_lang)
    for lang in ("az", "kk"):
        for source in by_lang[lang]:
            assert source["text"] in marks, (lang, source["text"])
            assert f'href="{escape(source["url"])}#evidence"' in page
