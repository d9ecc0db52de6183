"""Documents are analysed a chunk at a time, stage by stage (every document cleaned, then every
one identified, ...), because that costs less CPU than one document through every stage. These
tests say that the order of work changes nothing: the same documents, the same problems, in
the same places, as `process` one document at a time."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from bilateral import ingest as ingest_module
from bilateral import pipeline
from bilateral.fingerprint import fingerprints
from bilateral.model import Document, ReadProblem
from bilateral.pipeline import process, process_many
from bilateral.read import HTMLPage, read_items
from bilateral.store_rows import rows_of

DEMO = Path(str(resources.files("bilateral") / "data" / "demo"))


def demo_items() -> list[Document | HTMLPage | ReadProblem]:
    """The bundled corpus as the readers give it: text documents and unextracted pages."""
    items = [item for path in sorted(DEMO.iterdir()) for item in read_items(path)]
    assert any(isinstance(i, HTMLPage) for i in items)
    return items


def doc(uri: str, text: str) -> Document:
    return Document(uri=uri, source_format="txt", text=text, published="2024-06-04")


SHORT = doc("test://short", "Menyu\nAxtarış\n")  # furniture only: a problem, not an article
ARTICLE = doc("test://article",
              "Astana, 4 iyun. Qazaxıstan Prezidenti Qasım-Jomart Tokayev Azərbaycan "
              "Prezidenti İlham Əliyevi qarşıladı. Tərəflər iki ölkə arasında ticarətin "
              "artırılmasını müzakirə etdilər və üç sənəd imzaladılar.\n")


def test_process_many_gives_what_process_gives_one_by_one() -> None:
    docs = [i.extract() if isinstance(i, HTMLPage) else i for i in demo_items()]
    docs += [SHORT, ARTICLE]
    assert len(docs) > 10
    one_by_one = [process(d) if isinstance(d, Document) else d for d in docs]
    assert process_many(docs) == one_by_one
    assert isinstance(one_by_one[-2], ReadProblem)  # the furniture-only page
    assert isinstance(one_by_one[-1], Document) and one_by_one[-1].events


def test_a_problem_keeps_its_place_and_is_not_analysed() -> None:
    problem = ReadProblem("test://broken", "not UTF-8")
    out = process_many([ARTICLE, problem, SHORT, ARTICLE])
    assert out[1] is problem
    assert isinstance(out[2], ReadProblem) and "no article text" in out[2].reason
    assert out[0] == out[3] == process(ARTICLE)


def test_one_document_that_breaks_a_stage_does_not_stop_the_others(
        monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.extract_mentions

    def fragile(d: Document) -> Document:
        if d.uri == "test://bad":
            raise ValueError("a stage failed")
        return real(d)

    monkeypatch.setattr(pipeline, "extract_mentions", fragile)
    bad = doc("test://bad", ARTICLE.text)
    out = process_many([ARTICLE, bad, ARTICLE], catch=True)
    assert out[1] == ReadProblem("test://bad", "could not be analysed (ValueError: a stage "
                                               "failed)")
    assert out[0] == out[2] == process(ARTICLE)
    with pytest.raises(ValueError):
        process_many([ARTICLE, bad])


def test_a_chunk_is_what_each_document_would_be_alone() -> None:
    items = demo_items() + [ReadProblem("test://x", "could not be read"), SHORT]
    alone = []
    for item in items:
        d = item.extract() if isinstance(item, HTMLPage) else item
        d = process(d) if isinstance(d, Document) else d
        alone.append(rows_of(d, fingerprints(d.text)) if isinstance(d, Document) else d)
    assert ingest_module._process_chunk(items) == alone


def test_chunks_keep_order_and_stay_small(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_module, "_CHUNK", 3)
    monkeypatch.setattr(ingest_module, "_CHUNK_CHARS", 1000)
    monkeypatch.setattr(ingest_module, "_CHUNK_ITEMS", 5)
    small = [doc(f"test://{i}", "word " * 10) for i in range(7)]
    chunks = list(ingest_module._chunks(small))
    assert [len(c) for c in chunks] == [3, 3, 1]  # by number of documents
    big = [doc(f"test://big{i}", "x" * 600) for i in range(3)]
    assert [len(c) for c in ingest_module._chunks(big)] == [2, 1]  # by size of input
    problems = [ReadProblem(f"test://p{i}", "bad") for i in range(12)]
    assert [len(c) for c in ingest_module._chunks(problems)] == [5, 5, 2]  # by items
    mixed = small[:2] + problems[:4] + big + small[2:]
    assert [x for c in ingest_module._chunks(mixed) for x in c] == mixed


def test_ingest_stores_the_same_with_one_process_and_with_workers(tmp_path: Path) -> None:
    from bilateral.store import Store

    stored = []
    for jobs in (1, 2):
        store = Store(tmp_path / f"{jobs}.db")
        report = ingest_module.ingest([str(DEMO)], store, jobs=jobs, progress=False)
        assert report.new > 10 and not report.failed
        stored.append(store.db.execute(
            "SELECT uri, lang, content_hash, (SELECT count(*) FROM candidates c"
            " WHERE c.document_id = d.id) FROM documents d ORDER BY id").fetchall())
        store.close()
    assert stored[0] == stored[1]


@pytest.mark.parametrize("text, left", [("", 0), ("Menyu Axtarış", 2),
                                         ("Главная | Новости | Контакты", 3),
                                         (" ".join(["söz"] * 11), 11)])
def test_fewer_than_twelve_words_left_is_a_problem_that_says_how_many(
        text: str, left: int) -> None:
    problem = pipeline._article_words(doc("test://menu", text))
    assert problem == ReadProblem("test://menu", f"no article text found ({left} words left "
                                                 "after removing page furniture)")


def test_twelve_words_are_an_article() -> None:
    words = ("Qazaxıstan və Azərbaycan nümayəndə heyətləri Bakıda ticarət və nəqliyyat"
             " məsələlərini müzakirə etdilər.")
    assert len(words.split()) == pipeline.MIN_ARTICLE_WORDS == 12
    twelve = doc("test://twelve", words)
    assert pipeline._article_words(twelve) is twelve
    assert isinstance(process(twelve), Document)
    assert isinstance(process(doc("test://eleven", words.removesuffix(" etdilər."))),
                      ReadProblem)


def _page(uri: str, body: str, title: str = "Xəbər") -> HTMLPage:
    return HTMLPage(f"<html><head><title>{title}</title></head><body><nav>Menyu</nav>"
                    f"<article>{body}</article></body></html>".encode(), uri)


ARTICLE_HTML = "".join(f"<p>{s}</p>" for s in ARTICLE.text.split(". "))


def test_pages_extracted_together_are_what_each_gives_alone() -> None:
    from bilateral.read.html import extract_html, extract_pages

    pages = [p for p in demo_items() if isinstance(p, HTMLPage)]
    pages += [_page("https://a.example/1", ARTICLE_HTML),
              HTMLPage(b"\x00\x01\x02" * 200, "https://a.example/binary"),
              HTMLPage(b"", "https://a.example/empty"),
              _page("https://a.example/menu", "<p>Menyu</p>"),
              HTMLPage(ARTICLE_HTML.encode("cp1251", "replace"), "https://a.example/cp",
                       charset="utf-16"),
              HTMLPage("<html><body><p>" + ARTICLE.text + "</p></body></html>",
                       "https://a.example/str")]
    together = extract_pages(pages)
    alone = [extract_html(p.data, p.uri, p.source_format, p.charset) for p in pages]
    assert together == alone
    # The article, binary data, an empty page, a page of one word (a Document until the
    # cleaner sees it), bytes the declared charset cannot read, a page given as text.
    assert [type(d).__name__ for d in together[-6:]] == [
        "Document", "ReadProblem", "ReadProblem", "Document", "ReadProblem", "Document"]


def test_a_page_whose_metadata_fails_fails_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from bilateral.read import html as html_module

    traf, size, page_metadata = html_module._extractor()

    def fragile(tree, url):  # noqa: ANN001, ANN202 - page_metadata's signature
        if url and url.endswith("/bad"):
            raise KeyError("broken markup")
        return page_metadata(tree, url)

    monkeypatch.setattr(html_module, "_extractor", lambda: (traf, size, fragile))
    good, bad = _page("https://a.example/good", ARTICLE_HTML), \
        _page("https://a.example/bad", ARTICLE_HTML)
    out = html_module.extract_pages([good, bad, good])
    assert out[1] == ReadProblem("https://a.example/bad", "could not parse HTML (KeyError)")
    assert isinstance(out[0], Document) and out[0] == out[2]


@pytest.mark.parametrize("url", [None, "https://a.example/1?x=y", "http://\udcff.example/"])
def test_one_extractor_serves_every_page_as_a_new_one_would(url: str | None) -> None:
    # _main_text builds trafilatura's options once and sets the page's url on a copy;
    # every option must be what bare_extraction builds from the same arguments itself.
    from bilateral.read import html as html_module

    traf = html_module._extractor()[0]
    fresh = traf.settings.Extractor(url=url, output_format="python", with_metadata=False,
                                    comments=False, tables=True)
    seen: list = []
    real = traf.bare_extraction

    def spy(tree, options):  # noqa: ANN001, ANN202 - bare_extraction's signature
        seen.append(options)
        return real(tree, options=options)

    tree = traf.load_html(_page(url or "x", ARTICLE_HTML).data)
    try:
        traf.bare_extraction = spy
        got = html_module._main_text(tree, url)
    finally:
        traf.bare_extraction = real
    assert {k: getattr(seen[0], k) for k in traf.settings.Extractor.__slots__} == \
        {k: getattr(fresh, k) for k in traf.settings.Extractor.__slots__}
    expected = real(traf.load_html(_page(url or "x", ARTICLE_HTML).data), url=url,
                    with_metadata=False, include_comments=False, include_tables=True)
    assert got.text == expected.text and got.text
    # The shared options are not the page's: the next page starts from a clean copy.
    shared = html_module._main_text_options(html_module.date.today())
    assert shared.url is None and shared.source is None
