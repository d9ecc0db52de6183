"""Folding for matching: the four Turkic i's meet, letter case goes, offsets can be kept."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bilateral.textutil import _I_FOLD, fold, fold_aligned, fold_i

I_HEAVY = st.text(alphabet=st.sampled_from(list("İIıi\u0307aAzZəƏ QXx")) | st.characters())


def test_the_turkic_is_meet() -> None:
    assert fold("QAZAXISTAN") == fold("Qazaxıstan") == fold("QAZAXİSTAN") == "qazaxistan"
    assert fold("İlham Əliyev") == "ilham əliyev"


@settings(max_examples=500)
@given(I_HEAVY)
def test_fold_i_is_the_translation_table(text: str) -> None:
    # fold_i chains str.replace for speed; the table says what it must do.
    assert fold_i(text) == text.translate(_I_FOLD)


@settings(max_examples=500)
@given(I_HEAVY)
def test_fold_aligned_keeps_offsets(text: str) -> None:
    assert len(fold_aligned(text)) == len(text)
