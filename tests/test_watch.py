"""`bilateral watch` over two local outlets publishing between polls (127.0.0.1 only; the
interval is injected, nothing really sleeps)."""

from __future__ import annotations

import os
import signal

import pytest
from test_fetch import (
    AZ_FUZULI,
    AZ_VISIT,
    FAST,
    RU_FUZULI,
    RU_VISIT,
    Route,
    Site,
    atom,
    page,
    rss,
)

import bilateral.fetch.harvest as harvest
from bilateral.fetch import FetchConfig, watch
from bilateral.store import Store


@pytest.fixture
def outlets():
    """Outlet A (Azerbaijani, RSS with ETag) and outlet B (Russian, Atom with Last-Modified,
    pages in Windows-1251), each on its own port, i.e. its own host; plus broken sources."""
    a, b = Site(), Site()
    a.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /drafts/\n",
                                    content_type="text/plain")
    a.routes["/az/visit"] = Route(page("Tokayev Bakıda: Ali Şuranın ilk iclası", AZ_VISIT,
                                       "2024-03-11").encode())
    a.routes["/az/fuzuli"] = Route(page("Füzulidə Kurmanqazı adına mərkəz açılıb", AZ_FUZULI,
                                        "2024-03-12").encode())
    a.routes["/drafts/fuzuli"] = Route(b"<p>never fetched</p>")
    a.routes["/down.xml"] = Route(b"oops", status=500)
    b.routes["/ru/visit"] = Route(
        page("Токаев в Баку: первое заседание Высшего совета", RU_VISIT, "2024-03-11",
             charset=None, nav=("Главная", "Мир")).encode("cp1251"),
        content_type="text/html; charset=windows-1251")
    b.routes["/ru/fuzuli"] = Route(
        page("В Физули открыли центр имени Курмангазы", RU_FUZULI, "2024-03-12",
             charset=None, nav=("Главная", "Мир")).encode("cp1251"),
        content_type="text/html; charset=windows-1251")
    b.routes["/bad.xml"] = Route(b"<?xml version='1.0'?><rss><channel><item><title>",
                                 content_type="application/rss+xml")
    b.routes["/moved.xml"] = Route(status=302, location="ftp://127.0.0.1/feed.xml")
    publish(a, b, day=1)
    yield a, b
    a.close()
    b.close()


def publish(a: Site, b: Site, day: int) -> None:
    """Day 1: each outlet reports the visit. Day 2: each adds the Fuzuli opening (outlet A's
    entry points to a page robots.txt forbids: its feed content is stored instead)."""
    a_items = [(a.url("/az/visit"), "Tokayev Bakıda", "Tokayev Bakıya gəlib.")]
    b_items = [(b.url("/ru/visit"), "Токаев в Баку", "Токаев прибыл в Баку.")]
    if day >= 2:
        a_items.insert(0, (a.url("/drafts/fuzuli"), "Füzulidə mərkəz açılıb", AZ_FUZULI))
        b_items.insert(0, (b.url("/ru/fuzuli"), "Центр в Физули", "Открыт центр."))
    a.routes["/rss.xml"] = Route(rss(a_items), content_type="application/rss+xml",
                                 etag=f'"a-{day}"')
    b.routes["/atom.xml"] = Route(atom(b_items), content_type="application/atom+xml",
                                  last_modified=f"Mon, 1{day} Mar 2024 18:00:00 GMT")


def sources_file(tmp_path, a: Site, b: Site) -> str:
    path = tmp_path / "sources.txt"
    path.write_text(
        "# two outlets and what can go wrong\n"
        f"{a.url('/rss.xml')}   Xəzər Günü   az\n"
        f"{b.url('/atom.xml')}  Каспий-Инфо  lang=ru\n"
        f"{a.url('/down.xml')}  Always down\n"
        f"{b.url('/bad.xml')}   # malformed feed\n"
        f"{b.url('/moved.xml')} # redirects to ftp:\n", encoding="utf-8")
    return str(path)


def run(src: str, db: str, hook=None, **kwargs) -> tuple[int, list[str]]:
    lines: list[str] = []
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds
        if hook is not None:
            hook()

    kwargs.setdefault("allow_private", True)
    kwargs.setdefault("config", FAST)
    code = watch(src, db, every=900, sleep=sleep, clock=lambda: now[0], log=lines.append,
                 **kwargs)
    return code, lines


def polls(lines: list[str]) -> list[str]:
    return [line for line in lines if " poll " in line and "source" in line]


def test_watch_two_outlets_ingests_each_article_once_and_merges(tmp_path, outlets):
    a, b = outlets
    src, db = sources_file(tmp_path, a, b), str(tmp_path / "w.db")
    calls = [0]

    def between_polls() -> None:
        calls[0] += 1
        if calls[0] == 1:
            publish(a, b, day=2)
        elif calls[0] == 3:
            raise KeyboardInterrupt  # Ctrl-C while waiting for the fourth poll

    code, lines = run(src, db, between_polls)
    assert code == 0
    log = polls(lines)
    assert len(log) == 3, lines
    assert "poll 1: 5 of 5 sources polled" in log[0] and "2 new documents" in log[0]
    assert "2 new documents" in log[1]
    assert "poll 3: 2 of 5 sources polled (2 unchanged, 3 backed off)" in log[2]
    assert "0 new documents" in log[2] and "0 errors" in log[2]
    assert "3 errors" in log[0]  # down, malformed, redirected to ftp:
    assert any("watch stopped" in line for line in lines)

    # Each article page fetched once; the forbidden one never.
    for site, path in ((a, "/az/visit"), (b, "/ru/visit"), (b, "/ru/fuzuli")):
        assert site.hits(path) == 1, path
    assert a.hits("/drafts/fuzuli") == 0
    # The failing source: three tries on polls 1 and 2, then left alone on poll 3.
    assert a.hits("/down.xml") == 6
    # Conditional requests: ETag for A, Last-Modified for B.
    assert [h.get("If-None-Match") for p, h in a.requests if p == "/rss.xml"] == \
        [None, '"a-1"', '"a-2"']
    assert [h.get("If-Modified-Since") for p, h in b.requests if p == "/atom.xml"][-1] == \
        "Mon, 12 Mar 2024 18:00:00 GMT"

    store = Store(db, readonly=True)
    try:
        docs = {d["uri"]: d for d in store.iter_documents()}
        assert len(docs) == 4
        assert docs[a.url("/drafts/fuzuli")]["source_format"] == "feed"  # robots: entry text
        assert docs[b.url("/ru/fuzuli")]["lang"] == "ru"
        events = list(store.iter_events(between=("AZE", "KAZ")))
        visits = [e for e in events if e["type"] == "CONSULT"]
        assert len(visits) == 1 and visits[0]["date"] == "2024-03-11"
        hosts = {s["uri"].rsplit("/", 2)[0] for s in visits[0]["sources"]}
        assert hosts == {a.base, b.base}
        fuzuli = [e for e in events if e["date"] == "2024-03-12"]
        assert len(fuzuli) == 1
        assert {s["uri"].rsplit("/", 2)[0] for s in fuzuli[0]["sources"]} == {a.base, b.base}
    finally:
        store.close()

    # Resumes where it left off: the poll count goes on, nothing is fetched again.
    before = len(b.requests)
    code, lines = run(src, db, once=True)
    assert code == 0
    assert "poll 4:" in polls(lines)[0] and "0 new documents" in polls(lines)[0]
    assert b.hits("/ru/visit") == 1 and len(b.requests) > before


def test_interrupted_poll_keeps_whole_documents_and_resumes(tmp_path, outlets, monkeypatch):
    a, b = outlets
    publish(a, b, day=2)
    src = tmp_path / "one.txt"
    src.write_text(f"{b.url('/atom.xml')} Каспий-Инфо ru\n", encoding="utf-8")
    db = str(tmp_path / "w.db")
    real = harvest.process
    seen = [0]

    def flaky(doc):
        seen[0] += 1
        if seen[0] == 2:
            raise KeyboardInterrupt  # Ctrl-C in the middle of the second document
        return real(doc)

    monkeypatch.setattr(harvest, "process", flaky)
    code, lines = run(str(src), db, once=True)
    assert code == 0 and any("watch stopped" in line for line in lines)
    store = Store(db, readonly=True)
    try:
        assert store.count_documents() == 1
        assert store.db.execute("SELECT COUNT(*) FROM fetch_seen").fetchone()[0] == 1
        # The feed's validators were not kept: the next poll reads it whole again.
        row = store.db.execute("SELECT last_modified FROM fetch_sources").fetchone()
        assert row is None or row[0] is None
    finally:
        store.close()

    monkeypatch.setattr(harvest, "process", real)
    code, lines = run(str(src), db, once=True)
    assert code == 0 and "1 new document," in polls(lines)[0]
    store = Store(db, readonly=True)
    try:
        assert store.count_documents() == 2
    finally:
        store.close()
    assert b.hits("/ru/fuzuli") + b.hits("/ru/visit") == 3  # only the lost one again


def test_sigterm_stops_cleanly(tmp_path, outlets):
    a, b = outlets
    src, db = sources_file(tmp_path, a, b), str(tmp_path / "w.db")
    before = signal.getsignal(signal.SIGTERM)
    code, lines = run(src, db, lambda: os.kill(os.getpid(), signal.SIGTERM))
    assert code == 0 and len(polls(lines)) == 1
    assert any("watch stopped" in line for line in lines)
    assert signal.getsignal(signal.SIGTERM) == before  # handler given back
    store = Store(db, readonly=True)  # closed and consistent
    try:
        assert store.count_documents() == 2
    finally:
        store.close()


def test_watch_refuses_loopback_without_allow_private(tmp_path, outlets):
    a, b = outlets
    src, db = sources_file(tmp_path, a, b), str(tmp_path / "w.db")
    code, lines = run(src, db, once=True, allow_private=False,
                      config=FetchConfig(host_interval=0))
    assert code == 0
    assert "5 errors" in polls(lines)[0]
    assert any("loopback" in line and "--allow-private" in line for line in lines)
    assert a.requests == [] and b.requests == []


def test_watch_bad_sources_file(tmp_path):
    code, lines = run(str(tmp_path / "missing.txt"), str(tmp_path / "w.db"), once=True)
    assert code == 1 and "no such file" in lines[0]
    bad = tmp_path / "bad.txt"
    bad.write_text("file:///etc/passwd\n")
    code, lines = run(str(bad), str(tmp_path / "w.db"), once=True)
    assert code == 1 and "bad.txt:1: not an http(s) URL" in lines[0]
    assert not (tmp_path / "w.db").exists()


def test_backoff_grows_and_resets(tmp_path, outlets):
    a, b = outlets
    src = tmp_path / "down.txt"
    src.write_text(f"{a.url('/down.xml')}\n", encoding="utf-8")
    db = str(tmp_path / "w.db")
    config = FetchConfig(host_interval=0, retries=0, allowed_networks=("127.0.0.1/32",))
    waited = [0]

    def mend_after_poll_8() -> None:
        waited[0] += 1
        if waited[0] == 8:
            a.routes["/down.xml"] = Route(rss([(a.url("/az/visit"), "t", "s")]),
                                          content_type="application/rss+xml")

    code, lines = run(str(src), db, mend_after_poll_8, max_polls=16, config=config)
    asked = [" 1 of 1 source polled" in line for line in polls(lines)]
    # Failures on polls 1, 2, 4 and 8, each followed by 0, 1, 3 and 7 polls left out; on
    # poll 16 it works again and its failures are forgotten.
    assert asked == [True, True, False, True, False, False, False, True] + [False] * 7 + [True]
    assert "0 errors" in polls(lines)[-1] and "1 new document" in polls(lines)[-1]
    store = Store(db, readonly=True)
    try:
        assert store.db.execute("SELECT failures FROM fetch_sources").fetchone()[0] == 0
    finally:
        store.close()


def test_restart_tries_a_backed_off_source_at_once(tmp_path, outlets):
    a, b = outlets
    src = tmp_path / "down.txt"
    src.write_text(f"{a.url('/down.xml')}\n", encoding="utf-8")
    db = str(tmp_path / "w.db")
    config = FetchConfig(host_interval=0, retries=0, allowed_networks=("127.0.0.1/32",))
    code, lines = run(str(src), db, max_polls=2, config=config)
    assert a.hits("/down.xml") == 2  # now left out of poll 3
    code, lines = run(str(src), db, once=True, config=config)
    assert a.hits("/down.xml") == 3 and "poll 3: 1 of 1 source polled" in polls(lines)[0]
