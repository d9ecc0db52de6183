"""Shared helpers: run the CLI in-process and build small inputs on the fly."""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from bilateral.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
FORMATS = FIXTURES / "formats"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"


# File stem of a sentence set -> the language hint the pipeline gives for it.
SENTENCE_SETS = {"az": "az", "kk_cyrl": "kk", "kk_latn": "kk", "ru": "ru", "tr": "tr",
                 "en": "en"}


def sentence_sets(folder: Path) -> list[tuple[str, int, dict]]:
    """(stem, index, item) of the team's test sentences in `folder`/<stem>.yaml."""
    import yaml

    out = []
    for stem in SENTENCE_SETS:
        for i, item in enumerate(yaml.safe_load((folder / f"{stem}.yaml").read_text("utf-8"))):
            out.append((stem, i, item))
    return out


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Call `bilateral ARGS...` in-process; returns exit code, stdout and stderr."""

    def run(*args: str) -> Run:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


ARTICLE_EN = (
    "Kazakh President Kassym-Jomart Tokayev arrived in Baku on Monday for a state visit, "
    "the first since the two countries upgraded their ties to an alliance. He and President "
    "Ilham Aliyev held talks in a narrow format and then chaired the first session of the "
    "Supreme Interstate Council, where ministers reported on transport and energy projects."
)


def html_page(title: str, body: str, published: str = "2024-03-11") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f"<html><head><title>{title}</title>"
            f'<meta property="article:published_time" content="{published}T10:00:00+04:00">'
            f"</head><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
            f"<article><h1>{title}</h1>{paragraphs}</article>"
            f"<footer>© Example outlet</footer></body></html>")


def warc_bytes(pages: list[tuple[str, str]], gz: bool = True) -> bytes:
    """A WARC with one HTML response record per (url, html) pair."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for url, page in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(page.encode()),
                                           http_headers=headers)
        writer.write_record(record)
    return buffer.getvalue()


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data)
