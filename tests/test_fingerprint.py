"""SimHash: the numpy bit count gives the values the first (big-integer) version stored, so
databases made before stay comparable; near copies are a few bits apart."""

from __future__ import annotations

import hashlib

from conftest import ARTICLE_EN
from hypothesis import given, settings
from hypothesis import strategies as st

from bilateral.fingerprint import (
    MIN_WORDS_FOR_SIMHASH,
    NEAR_DUPLICATE_BITS,
    band_pairs,
    fingerprints,
    hamming,
    simhash,
)
from bilateral.textutil import content_key, fold, words


def reference_simhash(text: str) -> int:
    """Charikar's SimHash written plainly: per bit, a majority vote of the 3-shingles."""
    tokens = words(fold(text))
    n = max(1, len(tokens) - 2)
    votes = [0] * 64
    for i in range(n):
        h = int.from_bytes(hashlib.blake2b(" ".join(tokens[i : i + 3]).encode("utf-8"),
                                           digest_size=8).digest(), "little")
        for bit in range(64):
            votes[bit] += (h >> bit) & 1
    return sum(1 << bit for bit in range(64) if 2 * votes[bit] > n)


@settings(max_examples=200)
@given(st.lists(st.sampled_from(["Tokayev", "Baku", "Aliyev", "visit", "the", "ə", "İ", "1"]),
                max_size=60).map(" ".join))
def test_simhash_is_the_plain_vote(text: str) -> None:
    assert simhash(text) == reference_simhash(text)


@settings(max_examples=200)
@given(st.lists(st.sampled_from(["Tokayev", "BAKI", "Bakı", "İlham", "visit,", "—", "ə", "1"]),
                max_size=2 * MIN_WORDS_FOR_SIMHASH).map(" ".join))
def test_fingerprints_are_the_content_key_and_the_simhash(text: str) -> None:
    """One pass over the folded words gives what the two functions give on their own; a
    text of fewer words than a SimHash needs gets none."""
    long_enough = len(words(fold(text))) >= MIN_WORDS_FOR_SIMHASH
    assert fingerprints(text) == (content_key(text), simhash(text) if long_enough else None)


def test_fingerprints_of_a_short_text_have_no_simhash() -> None:
    short = " ".join(["word"] * (MIN_WORDS_FOR_SIMHASH - 1))
    assert fingerprints(short)[1] is None
    assert fingerprints(short + " more")[1] == simhash(short + " more")


def test_simhash_of_an_article_and_its_near_copy() -> None:
    article = " ".join([ARTICLE_EN, ARTICLE_EN.replace("Monday", "Tuesday")])  # 120 words
    assert simhash(article) == reference_simhash(article)
    near = article + " Share this story."
    assert hamming(simhash(article), simhash(near)) <= NEAR_DUPLICATE_BITS


@settings(max_examples=300)
@given(st.integers(0, (1 << 64) - 1), st.sets(st.integers(0, 63), max_size=NEAR_DUPLICATE_BITS))
def test_near_hashes_share_a_pair_of_bands(value: int, flipped: set[int]) -> None:
    other = value
    for bit in flipped:
        other ^= 1 << bit
    assert set(band_pairs(value)) & set(band_pairs(other))


@settings(max_examples=300)
@given(st.integers(0, (1 << 64) - 1),
       st.lists(st.integers(0, (1 << 64) - 1), max_size=40),
       st.integers(0, 64))
def test_within_bits_is_hamming_on_signed_stored_values(value: int, others: list[int],
                                                         bits: int) -> None:
    from bilateral.fingerprint import to_signed, within_bits

    # Some others a few bits from value, so that both answers occur.
    others = others + [value ^ (1 << (i % 64)) ^ (1 << ((3 * i) % 64)) for i in range(5)]
    got = within_bits(value, [to_signed(o) for o in others], bits)
    assert got == [hamming(value, o) <= bits for o in others]


def test_within_bits_without_numpy_bitwise_count(monkeypatch) -> None:
    import numpy as np

    from bilateral.fingerprint import to_signed, within_bits

    value = 0xF0E1_D2C3_B4A5_9687
    others = [value, value ^ 0b111111, value ^ 0b1111111, ~value & ((1 << 64) - 1), 0]
    expected = [hamming(value, o) <= NEAR_DUPLICATE_BITS for o in others]
    assert expected == [True, True, False, False, False]
    monkeypatch.delattr(np, "bitwise_count", raising=False)
    assert within_bits(value, [to_signed(o) for o in others]) == expected
