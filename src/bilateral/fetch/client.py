"""A polite and careful HTTP client for news pages and feeds (httpx).

Polite: a User-Agent that names the tool, robots.txt obeyed (fetched once per host and
cached), at most `host_concurrency` requests at a time and at least `host_interval` seconds
between requests to one host, retries with exponential backoff only for what may pass
(timeouts, connection errors, 429 and 5xx), and a bound on all of it.

Careful: only http and https, a redirect to any other scheme is refused, every response is
streamed and cut at `max_bytes`, and no private, loopback, link-local or otherwise
non-public address is contacted unless allowed. The host is resolved by us, every address
it resolves to is checked, and the connection goes to the checked address (the host name
travels in the Host header and TLS SNI), so a DNS answer that changes between the check and
the connection cannot smuggle a request into the local network. The same check runs again
on each redirect hop.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

USER_AGENT = "bilateral/0.1 (+https://example.invalid/bilateral)"
# The product token robots.txt rules are matched against.
ROBOTS_AGENT = "bilateral"
MAX_BYTES = 10 * 1024 * 1024

_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})

Resolver = Callable[[str, int], list[str]]


class FetchError(Exception):
    """A URL that could not be fetched, with the one line the user is shown."""

    def __init__(self, url: str, reason: str, *, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url, self.reason, self.status = url, reason, status


class Refused(FetchError):
    """A request bilateral will not make: scheme, address or robots.txt. Never retried."""


@dataclass(frozen=True)
class FetchConfig:
    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # between two bytes of a response
    total_timeout: float = 60.0  # a whole response, so a server dribbling bytes is cut off
    max_bytes: int = MAX_BYTES
    retries: int = 3  # further attempts after the first, for timeouts, 429 and 5xx
    backoff: float = 1.0  # first retry waits this long, each further one twice as long
    max_backoff: float = 60.0
    host_interval: float = 1.0  # seconds between the starts of two requests to one host
    host_concurrency: int = 2
    max_redirects: int = 5
    respect_robots: bool = True
    robots_ttl: float = 24 * 3600.0
    allow_private: bool = False
    # Networks allowed even when private (e.g. '127.0.0.1/32' for a test server), so that a
    # test can show the refusal of every other private address.
    allowed_networks: tuple[str, ...] = ()


@dataclass(frozen=True)
class FetchResult:
    url: str  # as asked for
    final_url: str  # after redirects
    status: int  # 200, or 304 when a conditional request found nothing new
    content: bytes
    content_type: str | None
    charset: str | None
    etag: str | None
    last_modified: str | None
    fetched: str  # ISO 8601 UTC time of the response

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class _Host:
    """Per-host politeness state."""

    slots: threading.Semaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = 0.0


def system_resolver(host: str, port: int) -> list[str]:
    """Every address `host` resolves to."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address is not on the public internet, or None when it is."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    for attr, what in (("is_loopback", "a loopback"), ("is_link_local", "a link-local"),
                       ("is_multicast", "a multicast"), ("is_unspecified", "an unspecified"),
                       ("is_private", "a private"), ("is_reserved", "a reserved")):
        if getattr(ip, attr):
            return f"{what} address"
    if not ip.is_global:  # shared address space (100.64/10) and the like
        return "a non-public address"
    return None


def _charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class Fetcher:
    """Fetch URLs politely and safely. Thread-safe: one instance serves a pool of workers.

    `sleep`, `clock` and `resolver` are injectable so tests run without real waiting and
    without real DNS; `transport` lets a test stand in for the network entirely."""

    def __init__(self, config: FetchConfig | None = None, *,
                 sleep: Callable[[float], object] | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 resolver: Resolver = system_resolver,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.config = config or FetchConfig()
        self._cancelled = threading.Event()
        # By default a wait between retries ends at once when the fetcher is cancelled.
        self.sleep = sleep or self._cancelled.wait
        self.clock, self.resolver = clock, resolver
        self._allowed = [ipaddress.ip_network(n, strict=False)
                         for n in self.config.allowed_networks]
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser]] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        c = self.config
        self.client = httpx.Client(
            timeout=httpx.Timeout(c.read_timeout, connect=c.connect_timeout),
            follow_redirects=False,  # each hop is checked here
            # Proxies from the environment would make the address check meaningless.
            trust_env=False,
            transport=transport,
            headers={"User-Agent": c.user_agent,
                     "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
                               "application/atom+xml,application/xml;q=0.9,*/*;q=0.5"},
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    def cancel(self) -> None:
        """Make requests in flight and waiting retries give up soon (Ctrl-C)."""
        self._cancelled.set()

    # -- public ---------------------------------------------------------------------------
    def get(self, url: str, *, etag: str | None = None,
            last_modified: str | None = None) -> FetchResult:
        """GET `url`, following redirects that pass the checks. With `etag` or
        `last_modified`, a conditional request: a 304 comes back as `not_modified`.
        Raises FetchError (Refused for what is never retried)."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _hop in range(self.config.max_redirects + 1):
            self._check_scheme(current, url)
            self._addresses(current)  # refuse a private address before asking its robots.txt
            if self.config.respect_robots and not self._robots_allow(current):
                raise Refused(current, "disallowed by robots.txt")
            response = self._request(current, headers)
            if isinstance(response, str):  # a redirect's target
                current = response
                continue
            return FetchResult(url=url, final_url=current, **response)
        raise FetchError(url, f"more than {self.config.max_redirects} redirects")

    # -- checks ---------------------------------------------------------------------------
    def _check_scheme(self, url: str, original: str) -> None:
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            if url == original:
                raise Refused(url, f"only http and https URLs are fetched, not {scheme or '?'}:")
            raise Refused(original, f"redirect to a {scheme or '?'}: URL refused ({url})")
        if not urlsplit(url).hostname:
            raise Refused(url, "URL has no host")

    def _addresses(self, url: str) -> list[str]:
        """The checked addresses of the URL's host, in the resolver's order."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            ipaddress.ip_address(host)
            addresses = [host]
        except ValueError:
            try:
                addresses = self.resolver(host, port)
            except (OSError, UnicodeError) as exc:
                raise FetchError(url, f"cannot resolve {host} ({exc})") from None
        if not addresses:
            raise FetchError(url, f"cannot resolve {host}")
        if self.config.allow_private:
            return addresses
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            problem = _address_problem(ip)
            if problem and not any(ip in net for net in self._allowed):
                # Every address is checked: a host that also resolves to a private one is
                # refused, since the connection could go to either.
                named = host if address == host else f"{host} ({address})"
                raise Refused(url, f"{named} is {problem}; private and local addresses are "
                                   "refused (use --allow-private to allow them)")
        return addresses

    # -- politeness -----------------------------------------------------------------------
    def _host(self, url: str) -> tuple[str, _Host]:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc.lower()}"
        with self._hosts_lock:
            if key not in self._hosts:
                self._hosts[key] = _Host(threading.Semaphore(max(1, self.config.host_concurrency)))
            return key, self._hosts[key]

    def _wait_turn(self, host: _Host) -> None:
        """Space request starts to one host by `host_interval`."""
        with host.lock:
            now = self.clock()
            start = max(now, host.next_start)
            host.next_start = start + self.config.host_interval
        if start > now:
            self.sleep(start - now)

    def _robots_allow(self, url: str) -> bool:
        key, _ = self._host(url)
        with self._hosts_lock:
            lock = self._robots_locks.setdefault(key, threading.Lock())
        with lock:  # one fetch of a host's robots.txt, however many workers ask
            cached = self._robots.get(key)
            if cached is None or cached[0] <= self.clock():
                cached = self._load_robots(key)
                self._robots[key] = cached
        return cached[1].can_fetch(ROBOTS_AGENT, url)

    def _load_robots(self, origin: str) -> tuple[float, urllib.robotparser.RobotFileParser]:
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        ttl = self.config.robots_ttl
        current = origin + "/robots.txt"
        try:
            for _hop in range(self.config.max_redirects + 1):
                self._check_scheme(current, origin + "/robots.txt")
                response = self._request(current, {}, retries=1)
                if not isinstance(response, str):
                    break
                current = response
            else:
                raise FetchError(origin, "robots.txt redirects too often")
            text = response["content"].decode("utf-8", errors="replace")
            parser.parse(text.splitlines())
        except Refused:
            raise
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                parser.allow_all = True  # no robots.txt: no rules (RFC 9309 2.3.1.3)
            else:
                # Unreachable (5xx, network): assume complete disallow (RFC 9309 2.3.1.4), and
                # ask again soon rather than in a day.
                parser.disallow_all = True
                ttl = min(ttl, 600.0)
        return self.clock() + ttl, parser

    # -- one request ----------------------------------------------------------------------
    def _request(self, url: str, headers: dict[str, str],
                 retries: int | None = None) -> dict | str:
        """One hop: the response's fields, or the absolute URL a redirect points to."""
        retries = self.config.retries if retries is None else retries
        attempt = 0
        while True:
            if self._cancelled.is_set():
                raise FetchError(url, "cancelled")
            try:
                return self._attempt(url, headers)
            except FetchError as exc:
                retryable = not isinstance(exc, Refused) and (
                    exc.status is None or exc.status in _RETRY_STATUS)
                if not retryable or attempt >= retries:
                    raise
                wait = min(self.config.backoff * 2 ** attempt, self.config.max_backoff)
                asked = getattr(exc, "retry_after", None)
                if asked is not None:  # a server's Retry-After, within our own bound
                    wait = min(max(wait, asked), self.config.max_backoff)
                attempt += 1
                self.sleep(wait)

    def _attempt(self, url: str, headers: dict[str, str]) -> dict | str:
        addresses = self._addresses(url)
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        host_header = (f"[{host}]" if ":" in host else host) + port
        extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
        _, slot = self._host(url)
        with slot.slots:
            self._wait_turn(slot)
            started = self.clock()
            # Connect to a checked address, the next one when it refuses (IPv6 and IPv4).
            for index, ip in enumerate(addresses):
                netloc = (f"[{ip}]" if ":" in ip else ip) + port
                pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
                request = self.client.build_request(
                    "GET", pinned, headers={**headers, "Host": host_header},
                    extensions=extensions)
                try:
                    response = self.client.send(request, stream=True)
                    break
                except httpx.ConnectError as exc:
                    if index + 1 < len(addresses):
                        continue
                    raise FetchError(url, f"connection failed ({str(exc)[:120]})") from None
                except httpx.TimeoutException:
                    raise FetchError(url, "timed out") from None
                except httpx.HTTPError as exc:
                    raise FetchError(url, f"connection failed ({type(exc).__name__}: "
                                          f"{str(exc)[:120]})") from None
            try:
                return self._read(url, response, started)
            finally:
                response.close()

    def _read(self, url: str, response: httpx.Response, started: float) -> dict | str:
        status = response.status_code
        if status in _REDIRECT_STATUS:
            location = response.headers.get("location")
            if not location:
                raise FetchError(url, f"HTTP {status} without a Location", status=status)
            return urljoin(url, location.strip())
        if status == 304:
            return self._fields(response, b"")
        if not 200 <= status < 300 or status == 204:
            error = FetchError(url, f"HTTP {status}", status=status)
            error.retry_after = _retry_after(  # type: ignore[attr-defined]
                response.headers.get("retry-after"))
            raise error
        limit = self.config.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"response too large ({int(declared) / 1_048_576:.1f} MB, "
                                  f"limit {limit / 1_048_576:.0f} MB)", status=413)
        chunks, size = [], 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:  # counted after decompression: a gzip bomb stops here too
                    raise FetchError(url, f"response too large (more than "
                                          f"{limit / 1_048_576:.0f} MB)", status=413)
                if self._cancelled.is_set():
                    raise FetchError(url, "cancelled")
                if self.clock() - started > self.config.total_timeout:
                    raise FetchError(url, f"timed out (response not complete after "
                                          f"{self.config.total_timeout:.0f} s)")
                chunks.append(chunk)
        except httpx.TimeoutException:
            raise FetchError(url, "timed out while reading the response") from None
        except httpx.HTTPError as exc:
            raise FetchError(url, f"response cut off ({type(exc).__name__})") from None
        return self._fields(response, b"".join(chunks))

    @staticmethod
    def _fields(response: httpx.Response, content: bytes) -> dict:
        content_type = response.headers.get("content-type")
        return {"status": response.status_code, "content": content,
                "content_type": content_type, "charset": _charset(content_type),
                "etag": response.headers.get("etag"),
                "last_modified": response.headers.get("last-modified"),
                "fetched": _now_iso()}


def is_http_url(text: str) -> bool:
    """True for what `bilateral ingest` should fetch rather than open as a file."""
    return text.lower().startswith(("http://", "https://"))
