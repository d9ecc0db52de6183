"""The text-dump cleaner on pages the team wrote, one per furniture pattern and language
(tests/fixtures/dumps/expected.yaml says what each page must give)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bilateral.clean import clean
from bilateral.model import Document
from bilateral.read.decode import decode_bytes

DUMPS = Path(__file__).parent / "fixtures" / "dumps"
EXPECTED = yaml.safe_load((DUMPS / "expected.yaml").read_text(encoding="utf-8"))


def cleaned(name: str) -> Document:
    text, _ = decode_bytes((DUMPS / name).read_bytes())
    return clean(Document(uri=name, source_format="txt", text=text))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_dump_is_cleaned_as_expected(name: str) -> None:
    want = EXPECTED[name]
    doc = cleaned(name)
    assert doc.title == want["title"]
    published = f"{doc.published}T{doc.meta['published_time']}" if (
        doc.published and "published_time" in doc.meta) else doc.published
    if want["published"] and "T" not in str(want["published"]):
        published = doc.published
    assert published == (str(want["published"]) if want["published"] else None)
    assert doc.author == want["author"]
    assert doc.text.startswith(want["body_first"]), doc.text[:200]
    assert doc.text.rstrip().endswith(want["body_last"]), doc.text[-200:]
    for keep in want.get("must_keep") or []:
        assert keep in doc.text, f"lost: {keep!r}"
    for drop in want.get("must_drop") or []:
        assert drop not in doc.text, f"furniture left: {drop!r}"
    if want.get("body_once"):
        assert doc.text.count(want["body_once"]) == 1


def test_every_pattern_is_covered_in_three_languages() -> None:
    languages: dict[str, set[str]] = {}
    for name, want in EXPECTED.items():
        languages.setdefault(name.split("_")[0], set()).add(want["lang"])
    for pattern in "abcdefg":
        assert len(languages.get(pattern, set())) >= 3, pattern
