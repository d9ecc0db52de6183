"""Readers: every input format and encoding becomes the same Document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ARTICLE_EN, FORMATS, gzip_bytes, html_page, warc_bytes

from bilateral.model import Document, ReadProblem
from bilateral.read import read_file, read_paths
from bilateral.read.decode import decode_bytes


def docs_of(path: Path) -> list[Document | ReadProblem]:
    return list(read_file(path))


@pytest.mark.parametrize(("name", "encoding", "word"), [
    ("ru_cp1251.txt", "cp1251", "Казахстан"),
    ("ru_koi8r.txt", "koi8_r", "Казахстан"),
    ("tr_cp1254.txt", "cp1254", "ğ"),
    ("az_utf8_bom.txt", "utf-8-sig", "Qazaxıstan"),
    ("kk_utf16.txt", "utf-16", "Қазақстан"),
    ("kk_utf16le_nobom.txt", "utf-16", "Қазақстан"),
])
def test_text_encodings_are_detected_from_the_bytes(name: str, encoding: str, word: str) -> None:
    [doc] = docs_of(FORMATS / name)
    assert isinstance(doc, Document)
    assert doc.meta["encoding"] == encoding
    assert word in doc.text
    assert "\ufeff" not in doc.text


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "utf-16", "utf-8"])
def test_russian_sentence_survives_each_encoding(encoding: str) -> None:
    text = ("Президент Казахстана Касым-Жомарт Токаев прибыл в Баку с государственным визитом. "
            "Стороны обсудили торговлю, транспорт и энергетику, а также подписали соглашения.")
    decoded, _ = decode_bytes(text.encode(encoding))
    assert decoded == text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [
    "Президент Казахстана прибыл в Баку; стороны подписали пять документов.",
    "Kazakhstan's president arrived in Baku, and the two sides signed five documents.",
])
def test_utf16_without_a_bom_is_not_taken_for_utf8(encoding: str, text: str) -> None:
    # Both are valid UTF-8 too (every other byte a NUL or a control character): the
    # rhythm of the bytes decides, as for Kazakh, whose letters are not valid UTF-8.
    decoded, found = decode_bytes(text.encode(encoding))
    assert decoded == text and found == "utf-16"
    cut, _ = decode_bytes(text.encode(encoding)[:-1])  # a file cut after an odd byte
    assert cut == text[:-1]


def test_bytes_with_the_rhythm_of_utf16_but_no_text_are_binary(tmp_path: Path) -> None:
    for name, data in (("a.txt", b"\x00\x01" * 500), ("b.txt", b"\x01\x00" * 500),
                       ("c.html", b"\x00\x07\x00\x02" * 300)):
        (tmp_path / name).write_bytes(data)
        [problem] = docs_of(tmp_path / name)
        assert isinstance(problem, ReadProblem) and "binary" in problem.reason


def test_text_padded_with_zeros_is_text(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    path.write_bytes(ARTICLE_EN.encode() + b"\x00" * 20_000)  # a download stopped short
    [doc] = docs_of(path)
    assert isinstance(doc, Document) and "Baku" in doc.text
    path.write_bytes(b"\x00" * 5 + ARTICLE_EN.encode() + b"\x00" * 20_000)
    [problem] = docs_of(path)
    assert isinstance(problem, ReadProblem) and "binary" in problem.reason


def test_turkish_windows_1254_is_not_read_as_western() -> None:
    text = ("Kazakistan Cumhurbaşkanı Tokayev, Bakü'de Azerbaycan Cumhurbaşkanı İlham Aliyev ile "
            "görüştü. İki ülke ticaret hacmini artırmak için yeni bir yol haritası imzaladı; "
            "Orta Koridor üzerinden taşımacılık ağırlıklı olarak ele alındı.")
    decoded, encoding = decode_bytes(text.encode("cp1254"))
    assert decoded == text and encoding == "cp1254"


def test_html_gives_main_text_title_date_and_author() -> None:
    [doc] = docs_of(FORMATS / "en_article.html")
    assert isinstance(doc, Document) and doc.source_format == "html"
    assert doc.published and doc.published.startswith("2024-03-12")
    assert doc.author == "Sara Whitfield"
    assert "Fuzuli" in doc.text
    assert "Most read" not in doc.text
    assert not doc.raw_dump


# Pages in an encoding the text decoder does not guess: the page's <meta> names it, and the
# reader must hand the bytes to the HTML extractor rather than call them binary.
_ZH = ("阿塞拜疆总统阿利耶夫在巴库会见了哈萨克斯坦总统托卡耶夫。两国元首讨论了中间走廊的运输、"
       "能源合作以及双边贸易的发展，并签署了多项合作文件。")
_JA = ("カザフスタンのトカエフ大統領はバクーでアゼルバイジャンのアリエフ大統領と会談した。"
       "両首脳は中央回廊を通じた輸送とエネルギー協力について話し合い、複数の文書に署名した。")


@pytest.mark.parametrize(("encoding", "sentence"), [("gb2312", _ZH), ("shift_jis", _JA),
                                                    ("euc_kr", None)],
                         ids=["gb2312", "shift_jis", "euc_kr"])
def test_html_in_an_encoding_only_its_meta_tag_names(tmp_path: Path, encoding: str,
                                                     sentence: str | None) -> None:
    sentence = sentence or ("아제르바이잔 알리예프 대통령은 바쿠에서 카자흐스탄 토카예프 대통령과 "
                            "회담하고 중간 회랑을 통한 운송과 에너지 협력에 관한 문서에 서명했다.")
    page = html_page("Baku", "\n\n".join([sentence] * 3)).replace(
        "<head>", f'<head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">')
    path = tmp_path / "page.html"
    path.write_bytes(page.encode(encoding, errors="xmlcharrefreplace"))  # the footer's ©
    [doc] = docs_of(path)
    assert isinstance(doc, Document), doc
    assert doc.source_format == "html"
    assert sentence[:20] in doc.text


def test_markup_is_sniffed_without_decoding_and_text_still_is() -> None:
    from bilateral.read.sniff import sniff

    ru = "Президент Казахстана прибыл в Баку с государственным визитом."
    assert sniff(f"<html><body><p>{ru}</p></body></html>".encode("cp1251"), "x") == "html"
    assert sniff(b"\xef\xbb\xbf  <rss version='2.0'><channel></channel></rss>", "x") == "feed"
    assert sniff("<p>".encode("utf-16") + ru.encode("utf-16-le"), "x.html") in {"html", "txt"}
    assert sniff(ru.encode("cp1251"), "x.html") == "txt"
    assert sniff(b"<notes> not markup we know " + ru.encode("koi8_r"), "x") == "txt"


def test_htm_page_with_div_layout() -> None:
    [doc] = docs_of(FORMATS / "az_article.htm")
    assert isinstance(doc, Document)
    assert "COP29" in doc.text
    assert doc.published and doc.published.startswith("2024-03-11")


def test_html_without_article_is_a_problem() -> None:
    # trafilatura hands back a few navigation words; the pipeline says there is no article.
    from bilateral.pipeline import process

    items = [i if isinstance(i, ReadProblem) else process(i)
             for i in docs_of(FORMATS / "no_text.html")]
    assert len(items) == 1 and isinstance(items[0], ReadProblem)
    assert "no article text" in items[0].reason


def test_jsonl_records_uris_and_bad_lines() -> None:
    items = docs_of(FORMATS / "records.jsonl")
    docs = [d for d in items if isinstance(d, Document)]
    problems = [p for p in items if isinstance(p, ReadProblem)]
    assert len(docs) == 3 and len(problems) == 1
    assert docs[0].uri.startswith("https://steppeledger.example.com/")
    assert docs[1].uri.startswith("https://kavkaz-obozrevatel.example.ru/")
    assert not docs[1].raw_dump  # came as HTML, extracted by trafilatura
    assert docs[2].uri == f"{FORMATS / 'records.jsonl'}#3"
    assert docs[2].published == "2025-10-21"
    assert problems[0].uri.endswith("#4") and "invalid JSON" in problems[0].reason


def test_rss_and_atom_feeds_give_one_document_per_entry() -> None:
    rss = [d for d in docs_of(FORMATS / "feed_rss.xml") if isinstance(d, Document)]
    atom = [d for d in docs_of(FORMATS / "feed_atom.xml") if isinstance(d, Document)]
    assert len(rss) == 2 and len(atom) == 2
    assert all(d.source_format == "feed" and d.title and d.published for d in rss + atom)
    assert all("<p>" not in d.text for d in rss + atom)
    assert rss[0].published == "2024-03-11"


def test_warc_response_records_are_streamed(tmp_path: Path) -> None:
    pages = [(f"https://news.example.az/{i}", html_page(f"Visit {i}", ARTICLE_EN))
             for i in range(3)]
    for gz in (True, False):
        path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
        path.write_bytes(warc_bytes(pages, gz=gz))
        docs = docs_of(path)
        assert [d.uri for d in docs] == [u for u, _ in pages]
        assert all(isinstance(d, Document) and d.source_format == "warc" for d in docs)
        assert all(d.meta.get("fetched") for d in docs)


def test_reading_reports_how_far_into_the_file_it_is(tmp_path: Path) -> None:
    import random

    from bilateral.read import read_items

    # Each page carries words of its own, so that gzip cannot shrink the crawl to one buffer.
    rng = random.Random(7)
    pages = [(f"https://news.example.az/{i}", html_page(
        f"Visit {i}", ARTICLE_EN + " " + " ".join(f"{rng.getrandbits(40):x}" for _ in range(400))))
        for i in range(30)]
    for gz in (True, False):
        path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
        path.write_bytes(warc_bytes(pages, gz=gz))
        seen: list[int] = []
        items = list(read_items(path, seen.append))
        assert len(items) == len(seen) == 30  # once after each record
        assert seen == sorted(seen) and seen[-1] <= path.stat().st_size
        assert len(set(seen)) > 3  # a stream read in steps, not all at once
        assert seen[0] < path.stat().st_size / 2


def test_truncated_warc_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    pages = [(f"https://news.example.az/{i}", html_page(f"Visit {i}", ARTICLE_EN))
             for i in range(4)]
    data = warc_bytes(pages)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: int(len(data) * 0.7)])
    items = docs_of(path)
    assert any(isinstance(i, Document) for i in items)
    assert isinstance(items[-1], ReadProblem) and "truncated" in items[-1].reason


def test_gzipped_jsonl_and_truncated_gzip(tmp_path: Path) -> None:
    record = json.dumps({"url": "https://x.example/1", "title": "T", "text": ARTICLE_EN}) + "\n"
    good = tmp_path / "records.jsonl.gz"
    good.write_bytes(gzip_bytes(record.encode() * 2))
    assert sum(isinstance(d, Document) for d in docs_of(good)) == 2
    cut = tmp_path / "cut.txt.gz"
    cut.write_bytes(gzip_bytes(ARTICLE_EN.encode() * 50)[:60])
    [problem] = docs_of(cut)
    assert isinstance(problem, ReadProblem) and "gzip" in problem.reason


@pytest.mark.parametrize(("name", "reason"), [
    ("empty.txt", "empty file"),
    ("binary.bin", "binary file"),
])
def test_empty_and_binary_files(name: str, reason: str) -> None:
    [problem] = docs_of(FORMATS / name)
    assert isinstance(problem, ReadProblem) and reason in problem.reason


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.write(ARTICLE_EN.encode())
        f.seek(200 * 1024 * 1024)
        f.write(b".")
    [problem] = docs_of(path)
    assert isinstance(problem, ReadProblem) and "too large" in problem.reason


def test_folders_are_walked_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text(ARTICLE_EN, encoding="utf-8")
    (tmp_path / "b" / "c.html").write_text(html_page("C", ARTICLE_EN), encoding="utf-8")
    (tmp_path / "b" / "notes.md").write_text("# not an article", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ARTICLE_EN, encoding="utf-8")
    uris = [d.uri for d in read_paths([str(tmp_path)])]
    assert uris == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "c.html")]


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    items = list(read_paths([str(tmp_path / "nope"), str(tmp_path / "empty")]))
    assert [type(i) for i in items] == [ReadProblem, ReadProblem]
    assert "no such file" in items[0].reason and "no files" in items[1].reason


def test_html_and_feed_libraries_load_on_the_first_page(tmp_path: Path) -> None:
    """Every command imports the readers; trafilatura and feedparser (0.14 s) load only when
    an HTML page or a feed is read, and a page read in ingest's writer loads trafilatura
    before the workers are forked."""
    import subprocess
    import sys

    page = tmp_path / "page.html"
    page.write_text(html_page("Baku", ARTICLE_EN), encoding="utf-8")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "import bilateral.cli\n"
        "from bilateral.read import read_items\n"
        "heavy = ('trafilatura', 'feedparser', 'htmldate')\n"
        "assert not [m for m in heavy if m in sys.modules], sys.modules.keys()\n"
        f"[page] = read_items(Path({str(page)!r}))\n"
        "assert type(page).__name__ == 'HTMLPage'\n"
        "assert 'trafilatura' in sys.modules and 'htmldate' in sys.modules\n"
        "assert 'feedparser' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
