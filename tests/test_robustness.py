"""Any bytes in, a document or one problem out: never an exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilateral.clean import clean
from bilateral.model import Document, ReadProblem
from bilateral.pipeline import process
from bilateral.read import read_file

LINES = st.lists(st.one_of(
    st.text(max_size=200),
    st.sampled_from(["Tarix: 14-03-2024 | Saat: 12:41", "Ən çox oxunanlar", "Поделиться",
                     "21 Yanvar 11:29", "Gündəm", "İlqar İlyasov", "RU | EN | AZ", ""]),
), max_size=40)


@settings(max_examples=200, deadline=None)
@given(LINES)
def test_cleaner_takes_any_text(lines: list[str]) -> None:
    doc = clean(Document(uri="x", source_format="txt", text="\n".join(lines)))
    assert isinstance(doc.text, str)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000), st.sampled_from(["a.txt", "a.html", "a.jsonl", "a.xml",
                                                  "a.warc", "a.gz"]))
def test_readers_take_any_bytes(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        for item in read_file(path):
            assert isinstance(item, Document | ReadProblem)
            if isinstance(item, Document):
                assert isinstance(process(item), Document | ReadProblem)
