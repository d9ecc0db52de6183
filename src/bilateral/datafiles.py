"""The package's YAML data files, read with libyaml's C loader when PyYAML was built with it:
about ten times faster than the pure-Python loader, and every ingest worker reads some
twenty files when it starts.

What a text loads to is also kept in the user's cache folder, in `marshal` format, under a
hash of the text and the loader: the ~30 files a process reads at start-up took 0.18 s to
parse and take 0.003 s to read back, and the start-up of an ingest is paid before any work
is shared between cores. A changed text has another hash, so it is parsed again; a value
marshal cannot write (a date) is simply not kept; any problem with the folder only costs
the time.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML without libyaml: same results, slower
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

LOGGER = logging.getLogger(__name__)

# Entries kept at most; past it, the oldest go (edited registries leave old versions).
_MAX_CACHED_FILES = 200


def load_yaml(text: str, loader: type | None = None) -> Any:
    """What `yaml.load(text, Loader=loader)` returns (default: `yaml.safe_load(text)`).
    `loader` must be a safe loader; its module and name are part of the cache key."""
    loader = loader or _SafeLoader
    path = _cache_path(text, loader)
    if path is not None:
        try:
            return marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            pass  # not cached yet, or unreadable: parse
    data = yaml.load(text, Loader=loader)  # noqa: S506 - callers pass safe loaders
    if path is not None:
        _save(path, data)
    return data


def cache_folder() -> Path | None:
    """The user's cache folder for bilateral ($XDG_CACHE_HOME/bilateral or
    ~/.cache/bilateral); None without a home folder. Shared with the language model's cache."""
    try:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "bilateral"
    except RuntimeError:  # no home folder
        return None


def _cache_path(text: str, loader: type) -> Path | None:
    base = cache_folder()
    if base is None:
        return None
    # marshal's format may change between Python versions: one folder per version.
    folder = base / f"yaml-py{sys.version_info[0]}{sys.version_info[1]}"
    key = hashlib.sha256(f"{loader.__module__}.{loader.__qualname__}\n{text}".encode(
        "utf-8", "surrogatepass")).hexdigest()[:32]
    return folder / f"{key}.marshal"


def _save(path: Path, data: Any) -> None:
    try:
        blob = marshal.dumps(data)
    except ValueError:  # a type marshal cannot write (a date): parsed each time
        return
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole under another name, then renamed: a process reading it never sees
        # half a file, and of two processes writing it the last one's copy (the same) stays.
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(blob)
        os.replace(tmp, path)
        tmp = None
        _prune(path.parent)
    except OSError:
        LOGGER.debug("YAML cache not written", exc_info=True)
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _prune(folder: Path) -> None:
    entries = list(folder.glob("*.marshal"))
    if len(entries) <= _MAX_CACHED_FILES:
        return
    by_age = sorted(entries, key=lambda p: p.stat().st_mtime)
    for old in by_age[: len(entries) - _MAX_CACHED_FILES]:
        with contextlib.suppress(OSError):
            old.unlink()
