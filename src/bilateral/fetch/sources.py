"""SOURCES_FILE: the feeds and pages `bilateral watch` polls.

One source a line: a URL, then optionally the outlet's name, then optionally its language.

    # Azerbaijani outlets
    https://xezerxeber.example.az/rss        Xəzər Xəbər   az
    https://kaspiy.example.ru/atom.xml       Каспий-Инфо   lang=ru
    https://steppesea.example.kz/feed                         # name and language unknown

The language is the last word when it is an ISO 639-1 code, optionally with a script or
region ('kk-Latn'), or written `lang=xx`. It is only a hint: the text's own language wins
(it is used when the text cannot tell). `#` at the start of a line or after a space starts
a comment (a `#` inside a URL is part of the URL).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

_LANG = re.compile(r"^(?:lang=)?([a-z]{2,3}(?:-[A-Za-z]{2,4})?)$")
_COMMENT = re.compile(r"(?:^|\s)#.*$")


class SourcesError(Exception):
    """A SOURCES_FILE that cannot be used, with the one line the user is shown."""


@dataclass(frozen=True)
class Source:
    url: str
    name: str | None = None
    lang: str | None = None


def parse_sources(text: str, origin: str = "SOURCES_FILE") -> list[Source]:
    """The sources listed in `text`; a repeated URL is kept once (its first line)."""
    sources: dict[str, Source] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = _COMMENT.sub("", line).strip()
        if not line:
            continue
        url, *rest = line.split()
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise SourcesError(f"{origin}:{number}: not an http(s) URL: {url}")
        lang = None
        if rest:
            match = _LANG.match(rest[-1])
            if match:
                lang = match.group(1)
                rest = rest[:-1]
        if url not in sources:
            sources[url] = Source(url, " ".join(rest) or None, lang)
    return list(sources.values())


def read_sources(path: str | Path) -> list[Source]:
    """Parse a SOURCES_FILE; SourcesError for a missing, unreadable or empty one."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SourcesError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise SourcesError(f"{path}: not a UTF-8 text file") from None
    except OSError as exc:
        raise SourcesError(f"{path}: cannot read ({exc.strerror or exc})") from None
    sources = parse_sources(text, str(path))
    if not sources:
        raise SourcesError(f"{path}: lists no sources (one URL a line)")
    return sources
