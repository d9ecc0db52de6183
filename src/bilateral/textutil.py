"""Small text helpers shared by every stage: folding for matching, words, hashing."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Turkic languages have a dotted and a dotless i; str.lower() maps 'I' to 'i' and 'İ' to
# 'i̇' (i + combining dot), so 'QAZAXISTAN' and 'Qazaxıstan' would never meet. For matching
# we fold all four letters onto plain 'i': it loses nothing a phrase list needs.
_I_FOLD = str.maketrans({"İ": "i", "I": "i", "ı": "i", "\u0307": None})

WORD_RE = re.compile(r"\w+(?:[-'’ʻ]\w+)*", re.UNICODE)
# Zero-width and directional marks that scraped text carries and that break matching.
_INVISIBLE_RE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")


def fold(text: str) -> str:
    """Lower-case for matching across Turkic i's and letter case."""
    return fold_i(text).casefold()


def fold_aligned(text: str) -> str:
    """`fold` with one character out for each character in, so that offsets found in the
    folded text are offsets into the original (str.replace, not translate: five times
    faster on a long article). The few letters that grow under lower() are kept as they
    are."""
    text_i = text.replace("İ", "i").replace("I", "i").replace("ı", "i")
    folded = text_i.lower()
    if len(folded) == len(text):  # lower() never shortens a string: equal length is aligned
        return folded
    return "".join(low if len(low := c.lower()) == 1 else c for c in text_i)


def fold_i(text: str) -> str:
    """Only the Turkic i letters folded onto 'i' (for patterns already in lower case).
    What `text.translate(_I_FOLD)` gives, about eight times faster: str.translate with a
    mapping looks every character up in Python, str.replace runs in C, and no replacement
    makes a character a later one would change."""
    return (text.replace("İ", "i").replace("I", "i").replace("ı", "i")
            .replace("\u0307", ""))


def normalize(text: str) -> str:
    """NFC, Unix newlines, no invisible marks, no trailing spaces: the form every stage sees."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = _INVISIBLE_RE.sub("", text)
    # Lone surrogates (from broken decoders) cannot be stored or printed as UTF-8.
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = text.replace("\u00a0", " ").replace("\t", " ")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_key(text: str) -> str:
    """Hash of the text with case, punctuation and spacing folded away: equal for the same article
    body however it was re-wrapped or re-punctuated."""
    return content_key_of_words(words(fold(text)))


def content_key_of_words(folded_words: list[str]) -> str:
    """`content_key` of a text whose folded words (`words(fold(text))`) are at hand."""
    return sha256(" ".join(folded_words))
