"""Lexicons are data files; each is loaded by one function here."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def path(name: str) -> Path:
    """Absolute path of a lexicon file shipped in this package."""
    return HERE / name
