"""A short text file is decoded once, though its format is sniffed from the same bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilateral.read import decode, read_file

RU_CP1251 = ("Президент Казахстана прибыл в Баку с государственным визитом. "
             "Стороны подписали соглашение о Среднем коридоре.\n").encode("cp1251")


@pytest.mark.parametrize("size", [1, 200])  # a short file, and one past the sniffed head
def test_decoded_once_when_short(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 size: int) -> None:
    calls: list[int] = []
    real = decode.decode_bytes

    def counting(data: bytes, declared: str | None = None) -> tuple[str, str]:
        calls.append(len(data))
        return real(data, declared)

    monkeypatch.setattr(decode, "decode_bytes", counting)
    decode._decode_small.cache_clear()
    path = tmp_path / "article.txt"
    path.write_bytes(RU_CP1251 * size)
    [doc] = list(read_file(path))
    assert doc.text.startswith("Президент Казахстана")
    assert doc.meta["encoding"] == "cp1251"
    if len(RU_CP1251) * size <= decode.SMALL_BYTES:
        assert calls == [len(RU_CP1251) * size]
    else:  # the head for the sniff, then the whole file
        assert calls == [decode.SMALL_BYTES, len(RU_CP1251) * size]


def test_same_answer_as_decode_bytes() -> None:
    for data in (RU_CP1251, "Qazaqstan Prezıdenti".encode(), b"plain ascii"):
        assert decode.decode_file_bytes(data) == decode.decode_bytes(data)
    with pytest.raises(decode.UndecodableError):
        decode.decode_file_bytes(b"\xff\x00\xfe" * 100)  # not text in any encoding
