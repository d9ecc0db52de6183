"""Synthetic Azerbaijan-Kazakhstan news corpus for the ingest benchmarks.

Documents in az, kk (Cyrillic), kk (Latin, 2018 alphabet), ru, tr and en about visits, talks,
signed agreements, trade figures and pledges, built from the project's own sentence templates
(benchmarks/corpus_templates.py) and wrapped in page furniture: site name and menu lines
before the title, a dateline, share/follow lines and a 'most read' list with timestamps after
the body. Every choice comes from a generator seeded with (seed, document number), so document
N is the same whatever the format and the count.

    python benchmarks/generate_corpus.py --count 2000 --format txt --out /tmp/corpus_txt --seed 1

Formats:
  txt    one .txt per document (ru partly in Windows-1251/KOI8-R, tr partly in Windows-1254,
         a few with a UTF-8 BOM or CRLF line ends), in folders of 1000
  html   one .html per document: nav, article, aside, footer, article:published_time;
         some ru/tr pages in Windows-1251/1254 declared by <meta charset>
  warc   one corpus.warc.gz: warcinfo, the pages as response records (WARCWriter), plus a
         few request records, redirects and non-HTML responses that are not documents
  jsonl  one corpus.jsonl: url, title, published, text (the scraped dump, furniture and all)

Written as a stream: nothing but the current document is held in memory, so 100k is fine.
`--manifest FILE` also writes, per document, what a reader should find (language, title,
date, first and last paragraph, furniture lines that must not survive), for quality checks.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_templates import EVENTS, LANGS, az_year_suffix  # noqa: E402

FORMATS = ("txt", "html", "warc", "jsonl")
LANG_KEYS = ("az", "kk", "kk-latn", "ru", "tr", "en")
SCRIPTS = {"az": "Latn", "kk": "Cyrl", "kk-latn": "Latn", "ru": "Cyrl", "tr": "Latn",
           "en": "Latn"}
HTML_LANG = {"az": "az", "kk": "kk", "kk-latn": "kk-Latn", "ru": "ru", "tr": "tr", "en": "en"}
# Characters a legacy code page lacks, and what a 1990s site would have typed instead.
_LEGACY_FALLBACK = str.maketrans({"«": '"', "»": '"', "\u201c": '"', "\u201d": '"',
                                  "\u2014": "-", "\u2013": "-", "\u00a9": "(c)", "ё": "е",
                                  "\u00a0": " ", "â": "a"})
START = datetime(2022, 1, 1)
SPAN_MINUTES = 4 * 365 * 24 * 60


@dataclass
class Article:
    number: int
    lang: str  # key of LANGS
    site: str
    domain: str
    url: str
    title: str
    published: datetime
    dateline: str
    paragraphs: list[str]
    menu: list[str]
    switcher: str
    share: list[str]
    views: str
    most_read: str
    others: list[tuple[str, str]]  # (HH:MM, headline)
    footer: str
    event: str
    extra: dict = field(default_factory=dict)

    @property
    def code(self) -> str:
        return LANGS[self.lang]["code"]


def _cap(text: str, lang: str) -> str:
    """Upper-case the first letter (Turkic dotted İ where the language has it)."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            up = "İ" if ch == "i" and lang in ("az", "tr") else ch.upper()
            return text[:i] + up + text[i + 1:]
    return text


def _money(lang: dict, millions: float) -> str:
    if millions >= 1000:
        value = f"{millions / 1000:.1f}".rstrip("0").rstrip(".").replace(".", lang["decimal"])
        return lang["money"]["billion"].format(x=value)
    return lang["money"]["million"].format(x=f"{millions:.0f}")


def make_article(seed: int, number: int) -> Article:
    rng = random.Random(f"{seed}:{number}")
    key = rng.choice(LANG_KEYS)
    lang = LANGS[key]
    event = rng.choice(EVENTS)
    published = START + timedelta(minutes=rng.randrange(SPAN_MINUTES))
    y = published.year
    a, b = rng.choice(lang["actors"])
    host = rng.choice(("az", "kz"))
    city_nom, city_loc = rng.choice(lang["cities"][host])
    city2_nom, city2_loc = rng.choice(
        [c for side in lang["cities"].values() for c in side if c[0] != city_nom])
    sector, sector2 = rng.sample(lang["sectors"], 2)
    yt = y + rng.randint(2, 6)
    yn = y + 1
    month_next = lang["months"][(published.month + rng.randint(1, 5)) % 12]
    period = rng.choice(lang["periods"]).format(
        y=y, yp=y - 1, ysfx=az_year_suffix(y), ypsfx=az_year_suffix(y - 1))
    values = {
        "a": a, "b": b,
        "visitor": a if host == "kz" else b, "to_host": lang["to_host"][host],
        "city_loc": city_loc, "city2_loc": city2_loc, "city2_nom": city2_nom,
        "sector": sector, "sector2": sector2,
        "n": rng.randint(5, 14), "n2": rng.randrange(120, 460, 10), "n3": rng.randrange(40, 220, 5),
        "amount": _money(lang, rng.randrange(180, 980)),
        "amount2": _money(lang, rng.randrange(50, 500, 10)),
        "target": _money(lang, rng.choice((1000, 1500, 2000, 3000))),
        "pct": rng.randint(4, 45), "pct2": rng.randint(5, 60), "tonnes": rng.randrange(80, 950, 5),
        "period": period, "yt": yt, "yn": yn, "ytsfx": az_year_suffix(yt),
        "ynsfx": az_year_suffix(yn), "month_next": month_next,
    }

    def fill(template: str) -> str:
        return _cap(template.format(speaker=rng.choice((a, b)), **values), key)

    title = fill(rng.choice(lang["titles"][event]))
    sentences = [fill(lang["leads"][event])]
    body = rng.sample(lang["body"], rng.randint(4, 8))
    quotes = rng.sample(lang["quotes"], rng.randint(1, 2))
    for quote in quotes:
        body.insert(rng.randrange(len(body) + 1), quote)
    sentences += [fill(s) for s in body]
    sentences.append(fill(rng.choice(lang["closing"])))
    paragraphs = [sentences[0]]
    rest = sentences[1:]
    while rest:
        take = rng.randint(1, 3)
        paragraphs.append(" ".join(rest[:take]))
        rest = rest[take:]

    site = rng.choice(lang["sites"])
    domain = "".join(ch for ch in site.lower().encode("ascii", "ignore").decode()
                     if ch.isalnum()) or "site"
    domain = f"{domain}-{key}.example"
    url = f"https://{domain}/news/{published:%Y/%m/%d}/{number:06d}"
    dateline = rng.choice(lang["datelines"]).format(
        d=published.day, dd=f"{published.day:02d}", mm=f"{published.month:02d}", y=y,
        hh=f"{published.hour:02d}", mi=f"{published.minute:02d}",
        Month=lang["months"][published.month - 1].capitalize(),
        month=lang["months"][published.month - 1],
        month_gen=lang.get("months_gen", lang["months"])[published.month - 1])
    others = []
    clock = published
    for headline in rng.sample(lang["other"], rng.randint(4, 6)):
        clock -= timedelta(minutes=rng.randint(7, 95))
        others.append((f"{clock:%H:%M}", headline))
    return Article(
        number=number, lang=key, site=site, domain=domain, url=url, title=title,
        published=published, dateline=dateline, paragraphs=paragraphs,
        menu=rng.sample(lang["menu"], rng.randint(1, len(lang["menu"]))),
        switcher=lang["switcher"], share=lang["share"],
        views=lang["views"].format(v=rng.randint(120, 25000)),
        most_read=lang["most_read"], others=others,
        footer=lang["footer"].format(y=y, site=site), event=event,
        extra={"rng": rng.random()},
    )


# --- renderings ---------------------------------------------------------------------------

def render_txt(art: Article) -> str:
    """A page saved as text: header furniture, title, dateline, body, footer furniture."""
    lines = [art.site, *art.menu]
    if art.extra["rng"] < 0.5:
        lines.append(art.switcher)
    lines += ["", art.title, art.dateline, ""]
    for para in art.paragraphs:
        lines += [para, ""]
    lines += [*art.share, art.views, "", art.most_read]
    for clock, headline in art.others:
        if art.extra["rng"] < 0.6:
            lines += [clock, headline]
        else:
            lines.append(f"{clock} {headline}")
    lines += ["", art.footer]
    return "\n".join(lines) + "\n"


def txt_encoding(art: Article) -> str:
    r = art.extra["rng"]
    if art.lang == "ru":
        return "cp1251" if r < 0.35 else "koi8_r" if r < 0.5 else "utf-8"
    if art.lang == "tr":
        return "cp1254" if r < 0.4 else "utf-8"
    return "utf-8-sig" if r > 0.95 else "utf-8"


def encode(text: str, encoding: str) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.translate(_LEGACY_FALLBACK).encode(encoding, errors="replace")


def html_encoding(art: Article) -> str:
    r = art.extra["rng"]
    if art.lang == "ru" and r < 0.25:
        return "windows-1251"
    if art.lang == "tr" and r < 0.25:
        return "windows-1254"
    return "utf-8"


def render_html(art: Article, charset: str = "utf-8") -> str:
    e = html.escape
    iso = art.published.strftime("%Y-%m-%dT%H:%M:00+05:00" if art.lang.startswith("kk")
                                 else "%Y-%m-%dT%H:%M:00+04:00")
    menu_items = [item.strip() for line in art.menu for item in line.split("|")]
    nav = "\n".join(f'      <li><a href="/section/{i}">{e(item)}</a></li>'
                    for i, item in enumerate(menu_items))
    body = "\n".join(f"      <p>{e(p)}</p>" for p in art.paragraphs)
    share = " ".join(f'<a class="share-btn" href="#share-{i}">{e(s)}</a>'
                     for i, s in enumerate(art.share[:2]))
    aside = "\n".join(
        f'      <li><span class="time">{c}</span> <a href="/news/{art.number}-{i}">{e(h)}</a></li>'
        for i, (c, h) in enumerate(art.others))
    return f"""<!DOCTYPE html>
<html lang="{HTML_LANG[art.lang]}">
<head>
  <meta charset="{charset}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{e(art.title)} | {e(art.site)}</title>
  <meta property="og:title" content="{e(art.title)}">
  <meta property="og:site_name" content="{e(art.site)}">
  <meta property="article:published_time" content="{iso}">
  <link rel="canonical" href="{art.url}">
  <link rel="stylesheet" href="/static/site.css">
  <script>window.dataLayer = window.dataLayer || [];</script>
</head>
<body class="article-page">
  <header class="site-header">
    <div class="logo"><a href="/">{e(art.site)}</a></div>
    <nav class="main-menu"><ul>
{nav}
    </ul></nav>
    <div class="lang-switch">{e(art.switcher)}</div>
  </header>
  <main class="container">
    <article class="post">
      <h1 class="entry-title">{e(art.title)}</h1>
      <div class="post-meta"><time datetime="{iso}">{e(art.dateline)}</time>
        <span class="views">{e(art.views)}</span></div>
      <div class="entry-content">
{body}
      </div>
      <div class="share">{share}</div>
      <p class="follow">{e(art.share[-1])}</p>
    </article>
    <aside class="sidebar most-read">
      <h3>{e(art.most_read)}</h3>
      <ul>
{aside}
      </ul>
    </aside>
  </main>
  <footer class="site-footer"><p>{e(art.footer)}</p></footer>
</body>
</html>
"""


def jsonl_record(art: Article) -> dict:
    """A scraper's record: the dump without the header furniture, title and date apart."""
    dump = "\n\n".join(art.paragraphs) + "\n\n" + "\n".join(art.share) + "\n" + art.views
    dump += "\n\n" + art.most_read + "\n" + "\n".join(f"{c} {h}" for c, h in art.others)
    record = {"url": art.url, "title": art.title,
              "published": art.published.strftime("%Y-%m-%d %H:%M"), "text": dump}
    if art.extra["rng"] < 0.5:
        record["language"] = art.code
    return record


def manifest_record(art: Article, location: str) -> dict:
    return {
        "n": art.number, "location": location, "url": art.url, "lang": art.code,
        "variant": art.lang, "script": SCRIPTS[art.lang], "title": art.title,
        "published": art.published.strftime("%Y-%m-%d"), "event": art.event,
        "first": art.paragraphs[0], "last": art.paragraphs[-1],
        "n_paragraphs": len(art.paragraphs),
        "furniture": [art.most_read, art.others[0][1], art.share[0], art.views],
    }


# --- writers ------------------------------------------------------------------------------

def _shard_path(out: Path, art: Article, suffix: str) -> Path:
    folder = out / f"{art.number // 1000:03d}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{art.number:06d}-{art.lang}{suffix}"


def articles(seed: int, count: int) -> Iterator[Article]:
    for number in range(count):
        yield make_article(seed, number)


def write_corpus(fmt: str, out: Path, count: int, seed: int,
                 manifest: Path | None = None) -> int:
    """Write `count` documents; returns the bytes written."""
    out.mkdir(parents=True, exist_ok=True)
    man = open(manifest, "w", encoding="utf-8") if manifest else None
    total = 0
    try:
        if fmt in ("txt", "html"):
            for art in articles(seed, count):
                if fmt == "txt":
                    text = render_txt(art)
                    if art.extra["rng"] > 0.9:
                        text = text.replace("\n", "\r\n")
                    data = encode(text, txt_encoding(art))
                    path = _shard_path(out, art, ".txt")
                else:
                    charset = html_encoding(art)
                    data = encode(render_html(art, charset), charset)
                    path = _shard_path(out, art, ".html")
                path.write_bytes(data)
                total += len(data)
                if man:
                    man.write(json.dumps(manifest_record(art, str(path)),
                                         ensure_ascii=False) + "\n")
        elif fmt == "jsonl":
            path = out / "corpus.jsonl"
            with open(path, "w", encoding="utf-8") as stream:
                for art in articles(seed, count):
                    line = json.dumps(jsonl_record(art), ensure_ascii=False) + "\n"
                    stream.write(line)
                    total += len(line.encode("utf-8"))
                    if man:
                        man.write(json.dumps(manifest_record(art, art.url),
                                             ensure_ascii=False) + "\n")
        elif fmt == "warc":
            total = _write_warc(out / "corpus.warc.gz", seed, count, man)
        else:
            raise ValueError(f"unknown format {fmt!r}")
    finally:
        if man:
            man.close()
    return total


def _write_warc(path: Path, seed: int, count: int, man) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        writer.write_record(writer.create_warcinfo_record(
            path.name, {"software": "bilateral benchmarks/generate_corpus.py",
                        "description": f"synthetic corpus, seed {seed}, {count} pages"}))
        for art in articles(seed, count):
            charset = html_encoding(art)
            payload = encode(render_html(art, charset), charset)
            when = (art.published + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
            if art.number % 50 == 0:  # the crawler's request, as real crawls have
                req = StatusAndHeaders(f"GET /news/{art.number} HTTP/1.1",
                                       [("Host", art.domain), ("User-Agent", "bench/1.0")],
                                       is_http_request=True)
                writer.write_record(writer.create_warc_record(
                    art.url, "request", payload=io.BytesIO(b""), http_headers=req,
                    warc_headers_dict={"WARC-Date": when}))
            if art.number % 100 == 7:  # a redirect and a stylesheet: not documents
                redirect = StatusAndHeaders("301 Moved Permanently",
                                            [("Location", art.url),
                                             ("Content-Type", "text/html")],
                                            protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    art.url.replace("https://", "http://"), "response",
                    payload=io.BytesIO(b"<html><body>Moved</body></html>"),
                    http_headers=redirect, warc_headers_dict={"WARC-Date": when}))
                css = StatusAndHeaders("200 OK", [("Content-Type", "text/css")],
                                       protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    f"https://{art.domain}/static/site.css", "response",
                    payload=io.BytesIO(b"body{margin:0}\n" * 20), http_headers=css,
                    warc_headers_dict={"WARC-Date": when}))
            headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", f"text/html; charset={charset}"),
                 ("Content-Length", str(len(payload))), ("Server", "nginx")],
                protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                art.url, "response", payload=io.BytesIO(payload), http_headers=headers,
                warc_headers_dict={"WARC-Date": when}))
            if man:
                man.write(json.dumps(manifest_record(art, art.url), ensure_ascii=False) + "\n")
    return path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--format", choices=FORMATS, default="txt")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--manifest", type=Path, default=None,
                        help="also write what each document should yield (JSON Lines); "
                             "keep it outside --out, or ingest will read it")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    size = write_corpus(args.format, args.out, args.count, args.seed, args.manifest)
    print(f"{args.count} documents, {args.format}, {size / 1e6:.1f} MB in {args.out} "
          f"({time.perf_counter() - start:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
