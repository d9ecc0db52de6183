"""The package's YAML data files read the same with libyaml and with pure-Python PyYAML, and
lists of words hold only strings."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from bilateral.datafiles import load_yaml

DATA = Path(str(resources.files("bilateral") / "data"))
FILES = sorted(DATA.rglob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_both_loaders_agree(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert load_yaml(text) == yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506


def _lists(value: object):
    if isinstance(value, dict):
        for v in value.values():
            yield from _lists(v)
    elif isinstance(value, list):
        yield value
        for v in value:
            yield from _lists(v)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_word_lists_hold_only_words(path: Path) -> None:
    # YAML 1.1 reads an unquoted 'on', 'no' or 'yes' as a boolean and 'müəllif:' in a flow
    # list as a one-key mapping: a list of words must hold strings only.
    for items in _lists(load_yaml(path.read_text(encoding="utf-8"))):
        if any(isinstance(i, str) for i in items):
            assert all(isinstance(i, str) for i in items), items
