"""Load one section of params.yaml into a frozen dataclass; unknown keys are errors."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, TypeVar

import yaml

from pipeline.core import paths

T = TypeVar("T")


class ParamsError(ValueError):
    """params.yaml is missing a section or has a key the code does not know."""


def parse_yaml(stream) -> Any:
    """``yaml.safe_load`` through libyaml's C parser when PyYAML was built with it:
    the same objects (checked on every lexicon and params.yaml), about ten times
    faster, which every stage process and worker pays when it reads the lexicons."""
    return yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def read_all(path: Path | None = None) -> dict[str, Any]:
    """Return the whole params.yaml as a dict ({} when the file is absent)."""
    path = path or paths.PARAMS_FILE
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        return parse_yaml(fh) or {}


def load(section: str, cls: type[T], path: Path | None = None) -> T:
    """Build ``cls`` from ``params.yaml[section]``; defaults fill missing keys.

    Raises:
        ParamsError: when the section holds a key that ``cls`` does not declare.
    """
    values = read_all(path).get(section) or {}
    known = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(values) - known)
    if unknown:
        raise ParamsError(f"params.yaml [{section}]: unknown key(s) {', '.join(unknown)}")
    return cls(**values)
