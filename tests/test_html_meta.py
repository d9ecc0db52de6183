"""page_metadata() gives what trafilatura's extract_metadata gives, for the fields we keep.

The oracle is trafilatura itself: every page below is run through both. The pages are the
team's own, one per way a page can state (or not state) its title, date and author."""

from __future__ import annotations

import re

import pytest
from trafilatura import load_html
from trafilatura.metadata import AUTHOR_XPATHS, extract_metadata

from bilateral.read.html import extract_html
from bilateral.read.html_meta import _AUTHOR_HINT, _may_name_author, page_metadata

BODY = ("<p>Azerbaijan and Kazakhstan signed an agreement on the Middle Corridor in Baku on "
        "Tuesday, the ministries said in a joint statement after the talks.</p>"
        "<p>The two sides also discussed freight volumes across the Caspian Sea and the "
        "modernisation of the port of Aktau, which handles most of the traffic.</p>")


def page(head: str = "", before: str = "", after: str = "") -> str:
    return (f"<html><head>{head}</head><body><nav><a href='/'>Home</a></nav>"
            f"<article>{before}{BODY}{after}</article><footer>© Caspian Ledger</footer>"
            "</body></html>")


PAGES = {
    "bare": page("<title>Middle Corridor deal | Caspian Ledger</title>"),
    "meta author": page("<title>Deal</title><meta name='author' content='Aida Karimova'>"
                        "<meta property='article:published_time' content='2024-03-12'>"),
    "one-word meta author": page("<title>Deal</title><meta name='author' content='desk'>"),
    "og": page("<meta property='og:title' content='Baku and Astana sign corridor deal'>"
               "<meta property='og:site_name' content='caspianledger'>"
               "<meta property='og:url' content='https://ledger.example.az/2024/03/12/deal'>"),
    "json-ld": page("<script type='application/ld+json'>{\"@context\": \"https://schema.org\","
                    " \"@type\": \"NewsArticle\", \"headline\": \"Corridor deal\","
                    " \"datePublished\": \"2024-03-12T10:00:00+04:00\", \"author\": {\"@type\":"
                    " \"Person\", \"name\": \"Nurlan Seitkali\"}}</script>"),
    "byline class": page("<title>Deal</title>",
                         before="<p class='byline'>By Leyla Hasanova</p>"),
    "author span": page("<title>Deal</title>",
                        before="<span class='article-author'>Dana Omarova</span>"),
    "itemprop": page("<title>Deal</title>",
                     before="<div itemprop='author'><span>Rauf Mammadov</span></div>"),
    "author element": page("<title>Deal</title>", before="<author>Aigerim Bekova</author>"),
    "rel author": page("<title>Deal</title>",
                       before="<a rel='author' href='/people/elvin'>Elvin Aliyev</a>"),
    "date in url only": page("<title>Deal</title>"),
    "time element": page("<title>Deal</title>",
                         before="<time datetime='2024-03-12T09:30'>12 March 2024</time>"),
    "no title": page(),
}
URLS = {"date in url only": "https://news.example.kz/2024/03/12/corridor-deal.html"}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_same_fields_as_trafilatura(name: str) -> None:
    url = URLS.get(name, "https://ledger.example.az/news/1")
    ours = page_metadata(load_html(PAGES[name]), url)
    theirs = extract_metadata(load_html(PAGES[name]), url)
    assert (ours.title, ours.date, ours.author, ours.sitename, ours.hostname) == (
        theirs.title, theirs.date, theirs.author, theirs.sitename, theirs.hostname)


def test_bylines_are_found_where_pages_have_them() -> None:
    # Not vacuous: the pages with a byline do give an author, through the skipped search.
    for name in ("byline class", "author span", "itemprop", "author element", "rel author"):
        tree = load_html(PAGES[name])
        assert _may_name_author(tree), name
        assert page_metadata(tree, None).author, name
    assert not _may_name_author(load_html(PAGES["bare"]))


def test_extract_html_uses_the_metadata() -> None:
    doc = extract_html(PAGES["json-ld"].encode(), "https://ledger.example.az/news/1")
    assert doc.title == "Corridor deal"
    assert doc.published == "2024-03-12"
    assert doc.author == "Nurlan Seitkali"
    assert doc.meta["hostname"] == "example.az"  # the registered domain, as trafilatura gives it
    assert "Middle Corridor" in doc.text


def _alternatives(literal: str) -> list[str]:
    """The strings a quoted literal of an XPath can require: each branch of a regex, with
    a character class like [Aa] taken both ways and optional characters left out."""
    out = []
    for branch in literal.strip("^$").split("|"):
        branch = re.sub(r".\?", "", branch)
        forms = [branch]
        for cls in re.findall(r"\[(\w+)\]", branch):
            forms = [f.replace(f"[{cls}]", c, 1) for f in forms for c in cls]
        out += forms
    return out


def test_hint_covers_every_literal_of_trafilaturas_author_xpaths() -> None:
    # If a trafilatura upgrade adds a condition ('contributor', say), this fails: the skip
    # in page_metadata would hide bylines that trafilatura finds.
    literals = [lit for xp in AUTHOR_XPATHS for lit in re.findall(r"'([^']*)'", xp.path)]
    assert len(literals) > 10
    for lit in literals:
        for form in _alternatives(lit):
            if form == "me":  # `rel='me'`: a child element named rel, which the hint checks
                continue
            assert _AUTHOR_HINT.search(form), form
    elements = {m for xp in AUTHOR_XPATHS for m in re.findall(r"//(\w+)\b(?!\()", xp.path)}
    assert elements <= {"author", "a", "address", "div", "link", "p", "span", "strong", "h3",
                        "h4", "section"}, elements
