"""The web app in a real browser: headless Chromium (Debian's package) driven by Playwright,
against uvicorn on 127.0.0.1. Skipped where either is missing; `.ci/run` installs both."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install playwright)")
uvicorn = pytest.importorskip("uvicorn", reason="uvicorn is not installed")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")

EVIL = {"url": "https://evil.example.org/x", "title": "<script>alert(1)</script> Tokayev",
        "published": "2024-05-02",
        "text": "Kazakh President Kassym-Jomart Tokayev arrived in Baku on 2 May 2024 for a "
                "state visit and held talks with President Ilham Aliyev <script>alert(1)</script>."}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from bilateral.cli import main
    from bilateral.web.app import create_app

    folder = tmp_path_factory.mktemp("browser")
    evil = folder / "evil.jsonl"
    evil.write_text(json.dumps(EVIL) + "\n", encoding="utf-8")
    db = folder / "web.db"
    assert main(["ingest", str(FIXTURES / "events" / "articles"), str(evil),
                 "--db", str(db)]) == 0
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, base_url: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    page.errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


def test_timeline_filter_event_document(page, base_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/")
    assert page.locator("ol.events li.event").count() > 5
    assert page.locator("figure.chart svg rect").count() > 0
    page.screenshot(path=str(tmp_path / "timeline.png"), full_page=True)
    # Filter: type and language (the select submits the form itself; the button too).
    page.select_option("select[name=type]", "CONSULT")
    page.wait_for_url("**type=CONSULT**")
    page.select_option("select[name=lang]", "kk")
    page.wait_for_url("**lang=kk**")
    types = page.locator("ol.events .type").all_inner_texts()
    assert types and all(t.startswith("CONSULT") for t in types)
    page.screenshot(path=str(tmp_path / "filtered.png"), full_page=True)
    # Open an event, then follow a source to its document.
    page.locator("ol.events a.summary").first.click()
    page.wait_for_url("**/events/ev-*")
    assert page.locator("li.source").count() >= 1
    assert page.locator("li.source mark.evidence").count() >= 1
    page.screenshot(path=str(tmp_path / "event.png"), full_page=True)
    evidence = page.locator("li.source mark.evidence").first.inner_text()
    page.locator("li.source a.outlet").first.click()
    page.wait_for_url("**/documents/*")
    mark = page.locator("mark#evidence")
    assert mark.count() == 1 and mark.is_visible()
    assert " ".join(mark.inner_text().split()) == " ".join(evidence.split())
    assert page.locator(".doc-text .m-person").count() > 0
    page.screenshot(path=str(tmp_path / "document.png"), full_page=True)
    assert not page.errors  # type: ignore[attr-defined]


def test_search_in_another_script(page, base_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/")
    page.fill("header input[name=q]", "Токаев")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    assert "Kassym-Jomart Tokayev" in page.locator("section.found-entities").inner_text()
    langs = set(page.locator("ol.results .lang").all_inner_texts())
    assert {"AZ", "KK", "TR", "EN"} <= {x.upper() for x in langs}
    assert page.locator("ol.results mark").count() > 0
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)
    assert not page.errors  # type: ignore[attr-defined]


def test_graph_and_entity(page, base_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/graph?entity=Tokayev")
    nodes = page.locator("svg.graph circle")
    assert nodes.count() >= 3
    page.screenshot(path=str(tmp_path / "graph.png"), full_page=True)
    page.locator('svg.graph a[href="/entities/person/ilham-aliyev"]').first.click()
    page.wait_for_url("**/entities/person/ilham-aliyev")
    assert "Ilham Aliyev" in page.locator("h1").inner_text()
    assert page.locator("svg.strip circle").count() > 0
    page.screenshot(path=str(tmp_path / "entity.png"), full_page=True)
    assert not page.errors  # type: ignore[attr-defined]


def test_script_in_article_never_runs(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/search?q=alert")
    link = page.locator("ol.results a.title").first
    assert "<script>alert(1)</script>" in link.inner_text()  # shown as text
    link.click()
    page.wait_for_url("**/documents/*")
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
    assert not page.errors  # type: ignore[attr-defined]  # no alert dialog, no CSP error
