"""Lexicons are data files; each is loaded by one function here."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from pipeline.core.params import parse_yaml

HERE = Path(__file__).resolve().parent


def path(name: str) -> Path:
    """Absolute path of a lexicon file shipped in this package."""
    return HERE / name


# ---------------------------------------------------------------- agencies, people, attendance


def _csv_rows(name: str) -> list[dict]:
    """Rows of a CSV lexicon, skipping leading ``#`` comment lines."""
    import csv

    with path(name).open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines))


def load_agencies() -> list[dict]:
    """Agency gazetteer rows (agencies.csv), aliases split into a list."""
    rows = _csv_rows("agencies.csv")
    for row in rows:
        row["aliases"] = [a for a in row["aliases"].split("|") if a]
    return rows


def load_places() -> list[dict]:
    """Provinces, centrally-run cities and district-level units (places.csv)."""
    return _csv_rows("places.csv")


def load_communes() -> list[dict]:
    """Communes, wards and special zones from 01/07/2025 (communes_2025.csv)."""
    return _csv_rows("communes_2025.csv")


def load_titles() -> dict[str, str]:
    """Title form (lower case) -> canonical title, from titles.csv."""
    out: dict[str, str] = {}
    for row in _csv_rows("titles.csv"):
        for form in [row["title"], *row["aliases"].split("|")]:
            if form:
                out[form.lower()] = row["title"]
    return out


def load_surnames() -> list[str]:
    """Vietnamese family names (surnames.txt)."""
    text = path("surnames.txt").read_text(encoding="utf-8")
    return [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]


def load_yaml(name: str) -> dict:
    """A YAML lexicon (collectives.yaml, agency_cues.yaml)."""
    from pipeline.core.params import parse_yaml

    return parse_yaml(path(name).read_text(encoding="utf-8"))


# ---------------------------------------------------------------- legal refs, deadlines, targets


@functools.cache
def legal_doc_types() -> tuple[dict[str, str], ...]:
    """Rows of legal_doc_types.csv (type_name, state_code, party_code, aliases, ...)."""
    return _table("legal_doc_types.csv")


@functools.cache
def issuer_codes() -> tuple[dict[str, str], ...]:
    """Rows of issuer_codes.csv (code, canonical, aliases, source)."""
    return _table("issuer_codes.csv")


@functools.cache
def cues(name: str) -> dict:
    """One cue file: ``cues("time")`` reads time_cues.yaml (also "legal", "target")."""
    with path(f"{name}_cues.yaml").open(encoding="utf-8") as fh:
        return parse_yaml(fh)


def _table(name: str) -> tuple[dict[str, str], ...]:
    with path(name).open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


@functools.cache
def limits() -> dict:
    """Bounds the extractors hold to (limits.yaml): date years, figure digits, sentence
    length."""
    with path("limits.yaml").open(encoding="utf-8") as fh:
        return parse_yaml(fh)
