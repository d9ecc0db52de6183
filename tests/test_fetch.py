"""The HTTP client and `ingest URL...`, against a local server on 127.0.0.1 (no other traffic).

`Site` is a small ThreadingHTTPServer whose routes a test sets and changes; test_watch.py
uses it too."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bilateral.fetch import (
    FetchConfig,
    Fetcher,
    FetchError,
    Refused,
    ingest_urls,
    is_http_url,
    parse_interval,
    parse_sources,
    read_sources,
)
from bilateral.fetch.sources import Source, SourcesError
from bilateral.store import Store

# Fast and bounded: no waiting between requests, short timeouts, tiny backoff.
FAST = FetchConfig(host_interval=0.0, backoff=0.01, retries=2, connect_timeout=2.0,
                   read_timeout=0.5, total_timeout=5.0, allowed_networks=("127.0.0.1/32",))


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None
    delay: float = 0.0  # seconds before the headers
    fail_first: int = 0  # answer 503 this many times first
    send_length: bool = True  # False: no Content-Length, the body ends when the socket closes
    headers: dict[str, str] = field(default_factory=dict)


class Site:
    """A local web server: `routes` maps a path to a Route; `requests` logs each request as
    (path, headers)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._served: dict[str, int] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                site.requests.append((self.path, dict(self.headers)))
                route = site.routes.get(self.path)
                if route is None:
                    self._send(404, b"not found", "text/plain")
                    return
                if route.delay:
                    time.sleep(route.delay)
                served = site._served.get(self.path, 0)
                site._served[self.path] = served + 1
                if served < route.fail_first:
                    self._send(503, b"busy", "text/plain")
                    return
                if route.etag and self.headers.get("If-None-Match") == route.etag or (
                        route.last_modified
                        and self.headers.get("If-Modified-Since") == route.last_modified):
                    self._send(304, b"", None, route)
                    return
                self._send(route.status, route.body, route.content_type, route)

            def _send(self, status: int, body: bytes, content_type: str | None,
                      route: Route | None = None) -> None:
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                if route is not None:
                    for key, value in (("ETag", route.etag), ("Last-Modified",
                                       route.last_modified), ("Location", route.location),
                                       *route.headers.items()):
                        if value:
                            self.send_header(key, value)
                if route is None or route.send_length:
                    self.send_header("Content-Length", str(len(body) if status != 304 else 0))
                self.end_headers()
                if status != 304:
                    try:
                        self.wfile.write(body)
                    except (BrokenPipeError, ConnectionResetError):
                        pass  # the client stopped reading: what a size limit does

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    s = Site()
    yield s
    s.close()


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "t.db")
    yield s
    s.close()


def page(title: str, body: str, published: str, charset: str | None = "utf-8",
         nav: tuple[str, str] = ("Ana səhifə", "Dünya")) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f"<html><head>{meta}<title>{title}</title>"
            f'<meta property="article:published_time" content="{published}T10:00:00+04:00">'
            f"</head><body><nav><a href='/'>{nav[0]}</a> <a href='/w'>{nav[1]}</a></nav>"
            f"<article><h1>{title}</h1>{paragraphs}</article>"
            f"<footer>© outlet</footer></body></html>")


# Original short articles about a real event: Kassym-Jomart Tokayev's state visit to Baku and
# the first session of the Azerbaijan–Kazakhstan Supreme Interstate Council, 11 March 2024.
AZ_VISIT = (
    "Bakı, 11 mart 2024. Qazaxıstan Prezidenti Qasım-Jomart Tokayev bu gün Azərbaycana dövlət "
    "səfəri ilə gəlib. Prezident İlham Əliyev qonağı Bakıda rəsmi mərasimlə qarşılayıb, sonra "
    "dövlət başçıları təkbətək danışıqlar aparıblar.\n\n"
    "Danışıqlardan sonra Azərbaycan–Qazaxıstan Ali Dövlətlərarası Şurasının birinci iclası "
    "keçirilib. İclasda nəqliyyat, enerji və ticarət sahələrində birgə layihələr müzakirə "
    "olunub.")
RU_VISIT = (
    "Баку, 11 марта 2024 года. Президент Казахстана Касым-Жомарт Токаев прибыл в Азербайджан "
    "с государственным визитом. В Баку его встретил президент Ильхам Алиев, главы государств "
    "провели переговоры в узком составе.\n\n"
    "Затем состоялось первое заседание Высшего межгосударственного совета Азербайджана и "
    "Казахстана. Стороны обсудили транзит по Среднему коридору, энергетику и торговлю.")
# The next day: the Kurmangazy Children's Creativity Centre in Fuzuli, 12 March 2024.
AZ_FUZULI = (
    "Füzuli, 12 mart 2024. Prezident İlham Əliyev və Qazaxıstan Prezidenti Qasım-Jomart "
    "Tokayev martın 12-də Füzulidə Kurmanqazı adına Uşaq Yaradıcılıq Mərkəzinin açılışında "
    "iştirak ediblər. Mərkəz Qazaxıstanın hədiyyəsi olaraq tikilib.\n\n"
    "Dövlət başçıları mərkəzin sinif otaqları ilə tanış olublar və uşaqlarla görüşüblər.")
RU_FUZULI = (
    "Физули, 12 марта 2024 года. Президенты Ильхам Алиев и Касым-Жомарт Токаев 12 марта "
    "открыли в Физули Центр детского творчества имени Курмангазы. Центр построен Казахстаном "
    "в дар азербайджанскому народу.\n\n"
    "Главы государств осмотрели классы центра и пообщались с детьми.")


def rss(items: list[tuple[str, str, str]], lang: str = "az") -> bytes:
    """RSS 2.0 with (link, title, summary) items."""
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>Mon, 11 Mar 2024 18:00:00 +0400</pubDate>"
        f"<description>{s}</description></item>" for link, t, s in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Outlet</title><link>http://outlet/</link><language>{lang}</language>"
            f"{body}</channel></rss>").encode()


def atom(items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(
        f'<entry><title>{t}</title><link href="{link}"/><id>{link}</id>'
        f"<updated>2024-03-11T19:00:00+04:00</updated><summary>{s}</summary></entry>"
        for link, t, s in items)
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Каспий</title><id>urn:x</id><updated>2024-03-11T19:00:00Z</updated>"
            f"{entries}</feed>").encode()


def fetcher(**changes: object) -> Fetcher:
    from dataclasses import replace
    return Fetcher(replace(FAST, **changes))


# -- the client ----------------------------------------------------------------------------

def test_get_sends_user_agent_and_reads_validators(site):
    site.routes["/a"] = Route(b"<html><body><p>hello</p></body></html>", etag='"v1"',
                              last_modified="Mon, 11 Mar 2024 18:00:00 GMT")
    with fetcher() as f:
        result = f.get(site.url("/a"))
        assert result.status == 200 and result.etag == '"v1"' and result.charset == "utf-8"
        assert result.final_url == site.url("/a") and result.fetched.endswith("Z")
        again = f.get(site.url("/a"), etag='"v1"')
        assert again.not_modified and again.content == b""
    agents = {h.get("User-Agent") for p, h in site.requests if p == "/a"}
    assert agents == {"bilateral/0.1 (+https://example.invalid/bilateral)"}
    assert site.hits("/robots.txt") == 1  # asked once, then cached


def test_loopback_refused_without_allow_private(site):
    site.routes["/a"] = Route(b"<p>x</p>")
    with Fetcher(FetchConfig(host_interval=0)) as f, pytest.raises(Refused) as err:
        f.get(site.url("/a"))
    assert "loopback" in err.value.reason and "--allow-private" in err.value.reason
    assert site.requests == []  # not even robots.txt


@pytest.mark.parametrize("address", ["10.1.2.3", "192.168.0.7", "169.254.169.254", "::1",
                                     "::ffff:127.0.0.1", "100.64.0.1", "0.0.0.0", "fe80::1"])
def test_private_addresses_refused_before_connecting(address):
    host = f"[{address}]" if ":" in address else address
    with Fetcher(FetchConfig(host_interval=0)) as f, pytest.raises(Refused):
        f.get(f"http://{host}/latest")


def test_every_resolved_address_is_checked():
    # A public name that also resolves to a private address is refused: the connection
    # could go to either. No traffic: the refusal comes before any connection.
    def resolver(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "10.0.0.8"]

    with Fetcher(FetchConfig(host_interval=0), resolver=resolver) as f, \
            pytest.raises(Refused, match="private"):
        f.get("http://news.example/feed")


def test_allow_private_fetches_local(site):
    site.routes["/a"] = Route(b"<p>ok</p>")
    with Fetcher(FetchConfig(host_interval=0, allow_private=True)) as f:
        assert f.get(site.url("/a")).content == b"<p>ok</p>"


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/pub/x",
                                    "gopher://127.0.0.1/"])
def test_redirect_to_other_scheme_refused(site, target):
    site.routes["/r"] = Route(status=302, location=target)
    with fetcher() as f, pytest.raises(Refused, match="redirect to a"):
        f.get(site.url("/r"))


def test_only_http_and_https():
    with fetcher() as f, pytest.raises(Refused, match="only http and https"):
        f.get("file:///etc/passwd")


def test_redirect_to_private_address_refused(site):
    # 127.0.0.1 is allowed (the test server); the redirect's 169.254/16 and 10/8 are not.
    site.routes["/meta"] = Route(status=301, location="http://169.254.169.254/latest/meta-data")
    site.routes["/lan"] = Route(status=302, location="http://10.0.0.1/admin")
    with fetcher() as f:
        with pytest.raises(Refused, match="link-local"):
            f.get(site.url("/meta"))
        with pytest.raises(Refused, match="private"):
            f.get(site.url("/lan"))


def test_redirect_hop_is_resolved_and_checked_again(site):
    # news.example resolves to the test server; the redirect names a host that resolves
    # to a private address: the check runs on the hop's own resolution.
    port = site.server.server_address[1]
    site.routes["/go"] = Route(status=302, location=f"http://intranet.example:{port}/x")
    site.routes["/x"] = Route(b"<p>secret</p>")
    names = {"news.example": ["127.0.0.1"], "intranet.example": ["192.168.1.10"]}
    with Fetcher(FAST, resolver=lambda host, port: names[host]) as f, \
            pytest.raises(Refused, match=r"intranet.example \(192.168.1.10\) is a private"):
        f.get(f"http://news.example:{port}/go")
    assert site.hits("/x") == 0


def test_redirects_followed_and_final_url_kept(site):
    site.routes["/old"] = Route(status=301, location="/mid")
    site.routes["/mid"] = Route(status=307, location=site.url("/new"))
    site.routes["/new"] = Route(b"<p>here</p>")
    site.routes["/loop"] = Route(status=302, location="/loop")
    with fetcher() as f:
        result = f.get(site.url("/old"))
        assert result.final_url == site.url("/new") and result.url == site.url("/old")
        with pytest.raises(FetchError, match="redirects"):
            f.get(site.url("/loop"))


def test_404_is_not_retried_and_500_is_retried_with_backoff(site):
    site.routes["/gone"] = Route(b"no", status=404)
    site.routes["/broken"] = Route(b"err", status=500)
    waits: list[float] = []
    with Fetcher(FAST, sleep=waits.append) as f:
        with pytest.raises(FetchError, match="HTTP 404"):
            f.get(site.url("/gone"))
        assert site.hits("/gone") == 1 and waits == []
        with pytest.raises(FetchError, match="HTTP 500"):
            f.get(site.url("/broken"))
    assert site.hits("/broken") == 3  # the first try and two retries
    assert waits == [0.01, 0.02]  # exponential


def test_transient_503_then_success(site):
    site.routes["/flaky"] = Route(b"<p>fine</p>", fail_first=2)
    with fetcher() as f:
        assert f.get(site.url("/flaky")).content == b"<p>fine</p>"


def test_slow_response_times_out(site):
    site.routes["/slow"] = Route(b"<p>late</p>", delay=1.5)
    started = time.monotonic()
    with fetcher(retries=0) as f, pytest.raises(FetchError, match="timed out"):
        f.get(site.url("/slow"))
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize("send_length", [True, False])
def test_oversized_body_is_cut(site, send_length):
    site.routes["/big"] = Route(b"<p>" + b"x" * 300_000 + b"</p>", send_length=send_length)
    with fetcher(max_bytes=100_000) as f, pytest.raises(FetchError, match="too large"):
        f.get(site.url("/big"))


def test_robots_txt_is_obeyed_and_cached(site):
    site.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n",
                                       content_type="text/plain")
    site.routes["/private/a"] = Route(b"<p>no</p>")
    site.routes["/public/a"] = Route(b"<p>yes</p>")
    with fetcher() as f:
        with pytest.raises(Refused, match="robots.txt"):
            f.get(site.url("/private/a"))
        assert f.get(site.url("/public/a")).content == b"<p>yes</p>"
        f.get(site.url("/public/a"))
    assert site.hits("/private/a") == 0 and site.hits("/robots.txt") == 1


def test_robots_txt_unreachable_means_disallow(site):
    site.routes["/robots.txt"] = Route(b"down", status=500)
    site.routes["/a"] = Route(b"<p>x</p>")
    with fetcher(retries=0) as f, pytest.raises(Refused, match="robots.txt"):
        f.get(site.url("/a"))


def test_per_host_rate_limit_with_injected_clock(site):
    site.routes["/a"] = Route(b"<p>x</p>")
    now = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    with Fetcher(FetchConfig(host_interval=2.0, allowed_networks=("127.0.0.1/32",)),
                 sleep=sleep, clock=lambda: now[0]) as f:
        for _ in range(3):
            f.get(site.url("/a"))
    # robots.txt, then three pages: each start 2 s after the one before.
    assert waits == [2.0, 2.0, 2.0]


def test_per_host_concurrency_limit(site):
    site.routes["/slow"] = Route(b"<p>x</p>", delay=0.2)
    active, peak = [0], [0]
    lock = threading.Lock()
    original = site.server.RequestHandlerClass.do_GET

    def counting(handler):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        try:
            original(handler)
        finally:
            with lock:
                active[0] -= 1

    site.server.RequestHandlerClass.do_GET = counting
    with fetcher(host_concurrency=2) as f:
        f.get(site.url("/slow"))  # robots.txt out of the way
        threads = [threading.Thread(target=f.get, args=(site.url("/slow"),))
                   for _ in range(5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert peak[0] == 2


# -- ingest URL... -------------------------------------------------------------------------

def test_ingest_article_page_records_url_and_fetch_time(site, store):
    site.routes["/az/tokayev"] = Route(page("Tokayev Bakıda", AZ_VISIT, "2024-03-11").encode())
    report = ingest_urls([site.url("/az/tokayev")], store, config=FAST)
    assert report.new == 1 and not report.problems
    doc = next(store.iter_documents())
    assert doc["uri"] == site.url("/az/tokayev") and doc["lang"] == "az"
    meta = store.db.execute("SELECT meta FROM documents").fetchone()[0]
    assert '"fetched"' in meta and '"final_url"' in meta
    # Again: nothing new.
    again = ingest_urls([site.url("/az/tokayev")], store, config=FAST)
    assert again.new == 0 and again.existing == 1


def test_ingest_without_allow_private_says_why(site, store):
    site.routes["/a"] = Route(page("x", AZ_VISIT, "2024-03-11").encode())
    warned: list[str] = []
    report = ingest_urls([site.url("/a")], store, warn=warned.append)
    assert report.failed and "loopback" in warned[0] and "--allow-private" in warned[0]
    assert site.requests == []


def test_ingest_feed_follows_entries_to_pages(site, store):
    # A Russian page in Windows-1251 that says so only in its HTTP header.
    site.routes["/ru/visit"] = Route(
        page("Токаев в Баку", RU_VISIT, "2024-03-11", charset=None,
             nav=("Главная", "Мир")).encode("cp1251"),
        content_type="text/html; charset=windows-1251")
    site.routes["/feed.xml"] = Route(atom([
        (site.url("/ru/visit"), "Токаев в Баку", "Коротко."),
        (site.url("/ru/missing"), "Токаев и Алиев открыли центр в Физули", RU_FUZULI),
    ]), content_type="application/atom+xml")
    warned: list[str] = []
    report = ingest_urls([site.url("/feed.xml")], store, config=FAST, warn=warned.append)
    assert report.new == 2 and not report.problems, warned
    docs = {d["uri"]: d for d in store.iter_documents()}
    assert "Касым-Жомарт Токаев" in docs[site.url("/ru/visit")]["text"]  # decoded right
    assert docs[site.url("/ru/visit")]["source_format"] == "html"
    # The 404 page: the entry's own content stands in.
    assert docs[site.url("/ru/missing")]["source_format"] == "feed"
    assert report.events >= 1


def test_ingest_malformed_feed_and_errors_do_not_stop(site, store):
    site.routes["/bad.xml"] = Route(b"<?xml version='1.0'?><rss><channel><item><title>x",
                                    content_type="application/rss+xml")
    site.routes["/ok"] = Route(page("Tokayev Bakıda", AZ_VISIT, "2024-03-11").encode())
    site.routes["/blob"] = Route(b"\x89PNG\r\n\x1a\n" + bytes(200), content_type="image/png")
    report = ingest_urls([site.url("/bad.xml"), site.url("/nope"), site.url("/blob"),
                          site.url("/ok")], store, config=FAST)
    assert report.new == 1
    reasons = sorted(p.reason for p in report.problems)
    assert len(reasons) == 3, reasons
    assert any("HTTP 404" in r for r in reasons)
    assert any("feed" in r for r in reasons)
    assert any("not an article page" in r for r in reasons), reasons


# -- sources and intervals -----------------------------------------------------------------

def test_parse_sources():
    text = ("# outlets\n"
            "https://a.example/rss   Xəzər Xəbər   az\n"
            "\n"
            "https://b.example/atom.xml  Каспий-Инфо lang=ru   # Russian\n"
            "https://c.example/feed#top\n"
            "https://d.example/x  kk-Latn\n"
            "https://a.example/rss  again\n")
    assert parse_sources(text) == [
        Source("https://a.example/rss", "Xəzər Xəbər", "az"),
        Source("https://b.example/atom.xml", "Каспий-Инфо", "ru"),
        Source("https://c.example/feed#top", None, None),
        Source("https://d.example/x", None, "kk-Latn"),
    ]
    with pytest.raises(SourcesError, match=":2: not an http"):
        parse_sources("https://a.example/\nftp://b.example/\n")


def test_read_sources_errors(tmp_path):
    with pytest.raises(SourcesError, match="no such file"):
        read_sources(tmp_path / "none.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n")
    with pytest.raises(SourcesError, match="lists no sources"):
        read_sources(empty)


@pytest.mark.parametrize("text,seconds", [("15m", 900), ("1h", 3600), ("30s", 30),
                                          ("1h30m", 5400), ("90", 90), ("2d", 172800),
                                          ("0.5s", 0.5)])
def test_parse_interval(text, seconds):
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "15x", "0m", "-5m", "m"])
def test_parse_interval_rejects(text):
    with pytest.raises(ValueError):
        parse_interval(text)


def test_is_http_url():
    assert is_http_url("https://a.example/") and is_http_url("HTTP://a.example/")
    assert not is_http_url("corpus/a.html") and not is_http_url("file:///a")
