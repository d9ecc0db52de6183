"""The package's YAML data files read the same with libyaml and with pure-Python PyYAML, and
lists of words hold only strings."""

from __future__ import annotations

from datetime import date
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


# The parsed data files are kept in the user's cache folder (see bilateral.datafiles).

@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _cached(cache_home: Path) -> list[Path]:
    return sorted(cache_home.rglob("*.marshal"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_a_cached_file_loads_as_it_parses(path: Path, cache_home: Path) -> None:
    from bilateral.registry import _Loader

    # Read with the loader the package reads it with (the registry's keeps dates as text).
    loader = _Loader if path.parent.name == "registry" else yaml.SafeLoader
    text = path.read_text(encoding="utf-8")
    expected = yaml.load(text, Loader=loader)  # noqa: S506
    assert load_yaml(text, loader) == expected  # parsed, then kept
    assert len(_cached(cache_home)) == 1
    again = load_yaml(text, loader)  # read back
    assert again == expected and type(again) is type(expected)


def test_the_cache_answers_without_parsing(cache_home: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    text = "capital: Astana\nwords: [səfər, визит, 3, 2.5, true, null]\n"
    assert load_yaml(text) == {"capital": "Astana",
                               "words": ["səfər", "визит", 3, 2.5, True, None]}

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(yaml, "load", no_parsing)
    assert load_yaml(text)["words"][4] is True
    with pytest.raises(AssertionError):  # another text is parsed
        load_yaml(text + "more: 1\n")


def test_each_loader_has_its_own_entry(cache_home: Path) -> None:
    from bilateral.registry import _Loader

    text = "since: 2024-03-11\n"
    assert load_yaml(text, _Loader) == {"since": "2024-03-11"}  # dates stay strings
    assert load_yaml(text) == {"since": date(2024, 3, 11)}  # marshal cannot keep a date
    assert load_yaml(text, _Loader) == {"since": "2024-03-11"}
    assert load_yaml(text) == {"since": date(2024, 3, 11)}
    assert len(_cached(cache_home)) == 1  # the registry loader's; the date is not kept


def test_a_broken_entry_is_parsed_again_and_replaced(cache_home: Path) -> None:
    text = "a: [1, 2]\n"
    load_yaml(text)
    (entry,) = _cached(cache_home)
    entry.write_bytes(b"\x00garbage")
    assert load_yaml(text) == {"a": [1, 2]}
    assert load_yaml(text) == {"a": [1, 2]}
    entry.write_bytes(b"")
    assert load_yaml(text) == {"a": [1, 2]}


def test_no_cache_folder_costs_only_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert load_yaml("a: 1\n") == {"a": 1}
    assert load_yaml("a: 1\n") == {"a": 1}


def test_the_cache_keeps_the_newest_entries(cache_home: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bilateral.datafiles._MAX_CACHED_FILES", 3)
    for i in range(6):
        load_yaml(f"version: {i}\n")
    assert len(_cached(cache_home)) == 3
