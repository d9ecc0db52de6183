"""Writing-system (ISO 15924) detection by Unicode block.

Only letters count: digits, punctuation, marks and symbols say nothing about the script a
text is written in, and a paragraph of numbers must come out as 'Zyyy' (undetermined).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping

UNDETERMINED_SCRIPT = "Zyyy"

# (first, last, script) for the letter-bearing blocks, sorted by first code point.  Blocks
# are coarse on purpose: only letters reach this table (see _LETTER_RE), so a block that
# also holds punctuation (e.g. Arabic) is still counted right.
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, "Latn"),
    (0x0061, 0x007A, "Latn"),
    (0x00AA, 0x00AA, "Latn"),
    (0x00BA, 0x00BA, "Latn"),
    (0x00C0, 0x024F, "Latn"),
    (0x0250, 0x02AF, "Latn"),  # IPA extensions: holds U+0259 'ə', the Azerbaijani schwa
    (0x0370, 0x03FF, "Grek"),
    (0x0400, 0x052F, "Cyrl"),
    (0x0530, 0x058F, "Armn"),
    (0x0590, 0x05FF, "Hebr"),
    (0x0600, 0x06FF, "Arab"),
    (0x0700, 0x074F, "Syrc"),
    (0x0750, 0x077F, "Arab"),
    (0x0780, 0x07BF, "Thaa"),
    (0x0860, 0x086F, "Syrc"),
    (0x0870, 0x08FF, "Arab"),
    (0x0900, 0x097F, "Deva"),
    (0x0980, 0x09FF, "Beng"),
    (0x0A00, 0x0A7F, "Guru"),
    (0x0A80, 0x0AFF, "Gujr"),
    (0x0B00, 0x0B7F, "Orya"),
    (0x0B80, 0x0BFF, "Taml"),
    (0x0C00, 0x0C7F, "Telu"),
    (0x0C80, 0x0CFF, "Knda"),
    (0x0D00, 0x0D7F, "Mlym"),
    (0x0D80, 0x0DFF, "Sinh"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x0E80, 0x0EFF, "Laoo"),
    (0x0F00, 0x0FFF, "Tibt"),
    (0x1000, 0x109F, "Mymr"),
    (0x10A0, 0x10FF, "Geor"),
    (0x1100, 0x11FF, "Hang"),
    (0x1200, 0x139F, "Ethi"),
    (0x13A0, 0x13FF, "Cher"),
    (0x1780, 0x17FF, "Khmr"),
    (0x1800, 0x18AF, "Mong"),
    (0x1C80, 0x1C8F, "Cyrl"),
    (0x1C90, 0x1CBF, "Geor"),
    (0x1D00, 0x1DBF, "Latn"),
    (0x1E00, 0x1EFF, "Latn"),
    (0x1F00, 0x1FFF, "Grek"),
    (0x2C00, 0x2C5F, "Glag"),
    (0x2C60, 0x2C7F, "Latn"),
    (0x2D00, 0x2D2F, "Geor"),
    (0x2DE0, 0x2DFF, "Cyrl"),
    (0x3040, 0x309F, "Hira"),
    (0x30A0, 0x30FF, "Kana"),
    (0x3100, 0x312F, "Bopo"),
    (0x3130, 0x318F, "Hang"),
    (0x31F0, 0x31FF, "Kana"),
    (0x3400, 0x4DBF, "Hani"),
    (0x4E00, 0x9FFF, "Hani"),
    (0xA640, 0xA69F, "Cyrl"),
    (0xA720, 0xA7FF, "Latn"),
    (0xAB30, 0xAB6F, "Latn"),
    (0xAB70, 0xABBF, "Cher"),  # Cherokee small letters
    (0xAC00, 0xD7AF, "Hang"),
    (0xF900, 0xFAFF, "Hani"),
    (0xFB00, 0xFB06, "Latn"),
    (0xFB1D, 0xFB4F, "Hebr"),
    (0xFB50, 0xFDFF, "Arab"),
    (0xFE70, 0xFEFF, "Arab"),
    (0xFF21, 0xFF3A, "Latn"),
    (0xFF41, 0xFF5A, "Latn"),
    (0xFF66, 0xFF9F, "Kana"),
    (0xFFA0, 0xFFDC, "Hang"),
    (0x20000, 0x2FA1F, "Hani"),
)
_STARTS = [r[0] for r in _RANGES]

# A "letter" is a word character that is neither a digit nor '_' (asked once per distinct
# character: see _CHAR_INFO).
_LETTER_RE = re.compile(r"[^\W\d_]")

# Scanning the whole of a huge string buys nothing: the dominant script of a document is
# settled long before 100k characters, and the call must stay fast on any input.
_MAX_SCAN = 100_000


def script_of(char: str) -> str | None:
    """Script of one character, or None when it lies outside the letter blocks we know."""
    cp = ord(char)
    i = bisect_right(_STARTS, cp) - 1
    if i >= 0 and cp <= _RANGES[i][1]:
        return _RANGES[i][2]
    return None


# What the per-text loops ask of each distinct character, remembered: news uses a few hundred
# distinct characters, and a dict lookup costs a tenth of the regex match, bisect and lower()
# it replaces (measured in benchmarks/LANGUAGE.md).  None: not a letter; otherwise the letter's
# script (None outside the blocks we know) and its lowercase.  Bounded, because a text may be
# made of any of the million code points.
_CHAR_INFO: dict[str, tuple[str | None, str] | None] = {}
_CHAR_INFO_MAX = 20_000
_UNSEEN = ("", "")  # a sentinel no character maps to


def _char_info(char: str) -> tuple[str | None, str] | None:
    info = (script_of(char), char.lower()) if _LETTER_RE.match(char) else None
    if len(_CHAR_INFO) < _CHAR_INFO_MAX:
        _CHAR_INFO[char] = info  # one atomic store: safe if threads race on the same char
    return info


def letter_profile(text: str) -> tuple[dict[str, int], dict[str, int], int]:
    """(letters per script, count of each letter lowercased, letters with a known script).

    One pass: Counter() counts every character in C, then only the distinct ones (tens)
    are looked at, each once per process (_CHAR_INFO).
    """
    per_script: dict[str, int] = {}
    lowered: dict[str, int] = {}
    get = _CHAR_INFO.get
    for char, n in Counter(text).items():
        info = get(char, _UNSEEN)
        if info is _UNSEEN:
            info = _char_info(char)
        if info is None:  # not a letter
            continue
        script, lower = info
        lowered[lower] = lowered.get(lower, 0) + n
        if script is not None:
            per_script[script] = per_script.get(script, 0) + n
    return per_script, lowered, sum(per_script.values())


def dominant_script(per_script: Mapping[str, int]) -> str:
    """The script with most letters, 'Zyyy' when there are none."""
    if not per_script:
        return UNDETERMINED_SCRIPT
    # max() keeps the first of equal counts; sorting the keys makes ties deterministic.
    return max(sorted(per_script), key=per_script.__getitem__)


def detect_script(text: str) -> str:
    """Dominant ISO 15924 script of the letters in text; 'Zyyy' when it has no letters."""
    if not isinstance(text, str):  # the API promises str, but never raising is the contract
        return UNDETERMINED_SCRIPT
    if len(text) > _MAX_SCAN:
        text = text[:_MAX_SCAN]
    # NFC as identify() does, so both report the same script for the same text (NFC maps
    # e.g. the Ohm sign to Greek Omega and a + U+0301 to one Latin letter).
    per_script, _, _ = letter_profile(unicodedata.normalize("NFC", text))
    return dominant_script(per_script)
