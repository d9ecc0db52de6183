"""Bytes to text: byte-order marks first, then strict UTF-8, then a measured guess.

The encodings this press is saved in are few (UTF-8, UTF-16, Windows-1251, KOI8-R,
Windows-1254, and the Latin ones); the file extension never says which, so the bytes do.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from charset_normalizer import from_bytes

# Single-byte encodings worth trying for Cyrillic and Turkic text, most likely first.
CANDIDATE_ENCODINGS = [
    "cp1251",
    "koi8_r",
    "cp1254",
    "cp1252",
    "iso8859_9",
    "iso8859_5",
    "cp866",
    "mac_cyrillic",
    "koi8_u",
]

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


_WESTERN = {"cp1252", "latin_1", "iso8859_1", "iso8859_15", "windows-1252", "cp1250",
            "iso8859_2"}
_TURKISH_IN_WESTERN = re.compile("[ðþýÐÞÝđţĐŢ]")


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we recognise."""


def _utf16_without_bom(data: bytes) -> str | None:
    # ASCII-heavy UTF-16 has a NUL in every other byte; Cyrillic UTF-16 has 0x04 there.
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for high, enc in ((odd, "utf-16-le"), (even, "utf-16-be")):
        zeros = high.count(0x00) + high.count(0x04)
        if zeros / len(high) > 0.6:
            try:
                # A file cut after an odd number of bytes lost half a character, not its text.
                text = data[: len(data) - len(data) % 2].decode(enc)
            except UnicodeDecodeError:
                return None
            # Binary data can have the same rhythm (b"\x00\x01" repeated is U+0001 over and
            # over): text is what decodes to few control characters.
            head = text[:2048]
            if len(_CONTROL_CHARS.findall(head)) > 0.05 * len(head):
                return None
            return text
    return None


# Control characters that do not occur in text (tab, newlines, form feed and escape do).
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f-\x9f]")


def looks_binary(data: bytes) -> bool:
    """True for bytes that are no text in any encoding (images, archives, executables)."""
    sample = data[:8192]
    if not sample:
        return False
    if any(sample.startswith(bom) for bom, _ in _BOMS) or _utf16_without_bom(sample):
        return False
    if b"\x00" in sample:
        # Text then only zeros to the end of the sample is a text file with padding (a
        # download cut short in the space set aside for it, a sparse file): judged on its text.
        sample = sample.rstrip(b"\x00")
        if not sample or b"\x00" in sample:
            return True
    controls = len(sample.translate(None, _NOT_CONTROL))  # counted in C, not per byte
    return controls / len(sample) > 0.05


# Every byte but the control characters that do not occur in text (tab, newline, form feed,
# carriage return and escape do).
_NOT_CONTROL = bytes([9, 10, 12, 13, 27, *range(32, 256)])


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding name). `declared` is a charset a header claims; it is tried
    first but not trusted when it fails."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    if declared:
        try:
            return data.decode(declared), declared.lower()
        except (UnicodeDecodeError, LookupError):
            pass
    # Before UTF-8: UTF-16 whose characters are all below U+0800 (ASCII, Cyrillic) is also
    # valid UTF-8, a NUL or a control character between every two letters.
    text16 = _utf16_without_bom(data)
    if text16 is not None:
        return text16, "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        # A file cut in the middle of a multi-byte character is still UTF-8.
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return data.decode("utf-8", errors="ignore"), "utf-8"
    if looks_binary(data):
        raise UndecodableError("binary data, not text")
    best = from_bytes(data[:200_000], cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None:
        raise UndecodableError("not text in any supported encoding")
    encoding = best.encoding
    text = data.decode(encoding, errors="replace")
    if encoding in _WESTERN and _TURKISH_IN_WESTERN.search(text):
        # Windows-1254 differs from Windows-1252 in six letters: where 1252 reads Icelandic
        # ð þ ý Ð Þ Ý (and 1250 đ ţ ý Đ Ţ Ý), 1254 reads Turkish ğ ş ı Ğ Ş İ. In the press
        # this tool reads, those bytes are Turkish.
        encoding = "cp1254"
        text = data.decode(encoding, errors="replace")
    return text, encoding


# A file's head is decoded to sniff its format, and a short file (an article) is all head:
# the text reader then asks for the same bytes again. The last answer is kept for it.
SMALL_BYTES = 65536


@lru_cache(maxsize=1)
def _decode_small(data: bytes) -> tuple[str, str]:
    return decode_bytes(data)


def decode_file_bytes(data: bytes) -> tuple[str, str]:
    """`decode_bytes(data)`; for data of at most SMALL_BYTES (a file's head, or a whole short
    file), the last answer is remembered, so sniffing then reading a file decodes it once."""
    if len(data) <= SMALL_BYTES:
        return _decode_small(data)
    return decode_bytes(data)

