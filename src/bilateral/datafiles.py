"""The package's YAML data files, read with libyaml's C loader when PyYAML was built with it:
about ten times faster than the pure-Python loader, and every ingest worker reads some
twenty files when it starts."""

from __future__ import annotations

from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML without libyaml: same results, slower
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


def load_yaml(text: str) -> Any:
    """What `yaml.safe_load(text)` returns."""
    return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a safe loader
