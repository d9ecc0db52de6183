"""Fingerprints that find the same article again: an exact key and a 64-bit SimHash.

The exact key (case, punctuation and spacing folded away) catches a re-ingested or
re-published body. SimHash (Charikar 2002) over word 3-shingles catches the same body with
leftover furniture or small edits: near-identical texts differ in a few bits only.
"""

from __future__ import annotations

import hashlib

import numpy as np

from bilateral.textutil import content_key_of_words, fold, words

SIMHASH_BITS = 64
# Texts within this many differing bits are the same article. Measured on news bodies of
# 120-150 words: cutting 1, 3, 5, 10 words moved 1-2, 2, 4, 6-8 bits; unrelated articles of
# the demo corpus on the same events were 24 or more bits apart. With 8 bands of 8 bits,
# two hashes within 7 bits share at least one band exactly (pigeonhole), so a band lookup
# finds every candidate.
NEAR_DUPLICATE_BITS = 6
BANDS = 8
# Below this many words a SimHash says little; such texts are matched exactly only.
MIN_WORDS_FOR_SIMHASH = 40


# Shingle hashes are counted per bit with numpy, a block of shingles at a time (memory stays
# bounded for a 20 MB text): 0.28 -> 0.1 ms for a 120-word article, measured.
_BLOCK = 65536
# At most this many shingles count (the cap of the earlier big-integer lanes: kept so that
# SimHashes already stored stay comparable).
_MAX_SHINGLES = (1 << 24) - 1


def simhash(text: str) -> int:
    return _simhash_of(words(fold(text)))


def _simhash_of(tokens: list[str]) -> int:
    """The SimHash of a text's folded words."""
    n = min(max(1, len(tokens) - 2), _MAX_SHINGLES)
    ones = np.zeros(SIMHASH_BITS, dtype=np.int64)
    for start in range(0, n, _BLOCK):
        digests = b"".join(
            hashlib.blake2b(" ".join(tokens[i : i + 3]).encode("utf-8"), digest_size=8).digest()
            for i in range(start, min(n, start + _BLOCK)))
        # Byte k of a little-endian digest holds bits 8k..8k+7: unpacked little-endian,
        # column j is bit j of the 64-bit hash.
        bits = np.unpackbits(np.frombuffer(digests, dtype=np.uint8).reshape(-1, 8), axis=1,
                             bitorder="little")
        ones += bits.sum(axis=0, dtype=np.int64)
    # A bit is set where more than half of the shingles have it set.
    return sum(1 << bit for bit in range(SIMHASH_BITS) if 2 * int(ones[bit]) > n)


def bands(value: int) -> list[int]:
    width = SIMHASH_BITS // BANDS
    return [(value >> (i * width)) & ((1 << width) - 1) for i in range(BANDS)]


_PAIRS = [(i, j) for i in range(BANDS) for j in range(i + 1, BANDS)]


def band_pairs(value: int) -> list[int]:
    """A key for each pair of bands (28 of 16 bits, each tagged with its pair's number):
    two hashes within NEAR_DUPLICATE_BITS share at least two bands, so at least one key,
    and a key is shared by about 1/65,536 of unrelated documents (a band by 1/256)."""
    b = bands(value)
    return [(n << 16) | (b[i] << 8) | b[j] for n, (i, j) in enumerate(_PAIRS)]


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


# Popcount of each byte, for numpy without bitwise_count (before 2.0).
_BYTE_BITS = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def within_bits(value: int, stored: list[int], bits: int = NEAR_DUPLICATE_BITS) -> list[bool]:
    """For each stored (signed, as SQLite keeps them) SimHash, whether it is within `bits`
    of `value`: one numpy pass, for the hundreds of candidates a big archive of similar
    stories gives a look-up."""
    hashes = np.array(stored, dtype=np.int64).view(np.uint64) ^ np.uint64(to_unsigned(value))
    if hasattr(np, "bitwise_count"):
        counts = np.bitwise_count(hashes)
    else:
        counts = _BYTE_BITS[hashes.view(np.uint8)].reshape(-1, 8).sum(axis=1)
    return (counts <= bits).tolist()


def to_signed(value: int) -> int:
    """SQLite integers are signed 64-bit."""
    return value - (1 << 64) if value >= 1 << 63 else value


def to_unsigned(value: int) -> int:
    return value + (1 << 64) if value < 0 else value


def fingerprints(text: str) -> tuple[str, int | None]:
    """(exact key, SimHash or None when the text is too short for one): what
    `content_key(text)` and `simhash(text)` give, from one pass that folds the text and
    finds its words (each of the two did both, and the length test a third time). A text
    is long enough when it has MIN_WORDS_FOR_SIMHASH words once folded, the words the
    SimHash is made of."""
    tokens = words(fold(text))
    simhash_value = _simhash_of(tokens) if len(tokens) >= MIN_WORDS_FOR_SIMHASH else None
    return content_key_of_words(tokens), simhash_value
