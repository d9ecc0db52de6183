"""HTML pages: main text, title, date and author through trafilatura."""

from __future__ import annotations

import copy
import functools
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from types import ModuleType
from typing import TYPE_CHECKING, Any

from lxml import html as lxml_html

from bilateral.model import Document, ReadProblem
from bilateral.read.decode import UndecodableError, decode_bytes, looks_binary

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from bilateral.read.html_meta import PageMetadata

# trafilatura logs every page it finds too short at WARNING; a reader reports that itself.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


@functools.lru_cache(maxsize=1)
def _extractor() -> tuple[ModuleType, int, Callable[..., PageMetadata]]:
    """trafilatura, imported when the first HTML page is read (0.1 s that a command or an
    ingest without HTML never pays), the size limit it applies to a page it parses, and
    page_metadata (htmldate and trafilatura's metadata)."""
    import trafilatura

    from bilateral.read.html_meta import page_metadata

    size = trafilatura.settings.DEFAULT_CONFIG.getint("DEFAULT", "MAX_FILE_SIZE")
    return trafilatura, size, page_metadata

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
               "tr", "section", "article", "pre", "ul", "ol", "table", "figcaption"}


def extract_html(page: str | bytes, uri: str, source_format: str = "html",
                 charset: str | None = None) -> Document | ReadProblem:
    """The article in one HTML page, or the reason there is none."""
    return extract_pages([HTMLPage(page, uri, source_format, charset)])[0]


def extract_pages(pages: Sequence[HTMLPage]) -> list[Document | ReadProblem]:
    """extract_html() of several pages, step by step: every page parsed, then the metadata
    of every one, then every main text. The same results for ~6 % less CPU than page by
    page: each step's code stays in the processor's caches across the pages."""
    trafilatura, max_file_size, page_metadata = _extractor()
    # One parse serves both the metadata and the main text: trafilatura copies a tree it is
    # given before pruning it, as it does when it parses the page itself.
    trees = [_parse(trafilatura, max_file_size, page) for page in pages]
    urls = [_url(page.uri) for page in pages]
    metas = [_guarded(page_metadata, tree, url) for tree, url in zip(trees, urls, strict=True)]
    texts = [_guarded(_main_text, tree, url) for tree, url in zip(trees, urls, strict=True)]
    return [_document(page, tree, meta, text)
            for page, tree, meta, text in zip(pages, trees, metas, texts, strict=True)]


class _Failed(Exception):
    """What a step raised, carried to the end of the pages' steps."""


def _url(uri: str) -> str | None:
    return uri if uri.startswith(("http://", "https://")) else None


def _parse(trafilatura: ModuleType, max_file_size: int, page: HTMLPage
           ) -> HtmlElement | ReadProblem | _Failed | None:
    data: str | bytes = page.data
    if isinstance(data, bytes):
        if looks_binary(data):
            return ReadProblem(page.uri, "binary data, not HTML")
        if page.charset:  # a charset the HTTP headers declare; otherwise the page's meta tag
            try:
                data, _ = decode_bytes(data, declared=page.charset)
            except UndecodableError as exc:
                return ReadProblem(page.uri, str(exc))
    try:
        return trafilatura.load_html(data, max_file_size)
    except Exception as exc:  # noqa: BLE001 - lxml raises many types on bad markup
        return _Failed(exc)


def _guarded(step: Callable[[HtmlElement, str | None], Any], tree: Any, url: str | None
             ) -> Any:
    """`step(tree, url)` for a page whose tree was made; a failure is kept, not raised."""
    if tree is None or isinstance(tree, (ReadProblem, _Failed)):
        return None
    try:
        return step(tree, url)
    except Exception as exc:  # noqa: BLE001 - trafilatura raises many types on bad markup
        return _Failed(exc)


def _main_text(tree: HtmlElement, url: str | None) -> Any:
    options = copy.copy(_main_text_options(date.today()))
    # What Extractor(url=url) sets, and all it sets from the url (trafilatura's own command
    # line reuses one Extractor across files the same way).
    options.url = url
    options.source = url and url.encode("utf-8", "replace").decode("utf-8")
    return _extractor()[0].bare_extraction(tree, options=options)


@functools.lru_cache(maxsize=2)
def _main_text_options(today: date) -> Any:
    """The options bare_extraction(url=..., with_metadata=False, include_comments=False,
    include_tables=True) builds on every call, built once: an Extractor reads its whole
    config and the local time (~0.07 ms, 2.5 % of a worker's time on small pages).
    bare_extraction copies the Extractor before it changes any of it. Keyed by the day, as
    its date limit is, for a long-running watcher."""
    return _extractor()[0].settings.Extractor(
        output_format="python",
        with_metadata=False,  # page_metadata(): the fields we keep, for less
        comments=False,  # reader comments are not the outlet's report
        tables=True,
    )


def _document(page: HTMLPage, tree: Any, meta: Any, result: Any) -> Document | ReadProblem:
    if isinstance(tree, ReadProblem):
        return tree
    failed = next((x for x in (tree, meta, result) if isinstance(x, _Failed)), None)
    if failed is not None:
        return ReadProblem(page.uri, f"could not parse HTML ({type(failed.args[0]).__name__})")
    if tree is None or result is None or not (result.text or "").strip():
        return ReadProblem(page.uri, "no article text found in HTML")
    doc = Document(
        uri=page.uri,
        source_format=page.source_format,
        text=result.text,
        title=(meta.title or None),
        published=meta.date or None,
        author=meta.author or None,
        raw_dump=False,
        meta={k: v for k, v in (("sitename", meta.sitename), ("hostname", meta.hostname))
              if v},
    )
    if page.meta:
        doc = replace(doc, meta={**doc.meta, **page.meta})
    return doc


@dataclass(frozen=True)
class HTMLPage:
    """An HTML page read but not yet extracted. Extraction (trafilatura) is the costliest
    part of reading: ingest hands pages like this to its worker processes, so that the one
    process reading the input does not do it for all of them."""

    data: bytes | str
    uri: str
    source_format: str = "html"
    charset: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # added to the document's meta

    def __post_init__(self) -> None:
        # Imported where the page is read: ingest's worker processes, forked once the first
        # pages are read, then find trafilatura loaded instead of importing it each.
        _extractor()

    def extract(self) -> Document | ReadProblem:
        return extract_pages([self])[0]


def extracted(items: Iterable[Document | ReadProblem | HTMLPage]
              ) -> Iterator[Document | ReadProblem]:
    """The items with every HTMLPage extracted, in order."""
    for item in items:
        yield item.extract() if isinstance(item, HTMLPage) else item


def fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed entry's content) with one line per block element.

    trafilatura wants a whole page and rejects short fragments; a feed entry's content is
    already the article, so all of its text is kept."""
    if "<" not in fragment:
        return fragment
    # lxml accepts only XML characters in a tree: control characters other than tab and
    # newlines are no text anyway.
    fragment = _CONTROL.sub(" ", fragment)
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # noqa: BLE001 - malformed markup: fall back to the raw string
        return fragment
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    # Mark block boundaries with newlines, then take the text in document order.
    for node in root.iter():
        if isinstance(node.tag, str) and node.tag in _BLOCK_TAGS:
            # A character reference (&#x1b;) decodes to a control character lxml will not
            # take back.
            node.tail = "\n" + _CONTROL.sub(" ", node.tail or "")
            node.text = "\n" + _CONTROL.sub(" ", node.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)
