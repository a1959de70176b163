"""Frozen dataclasses the extractors return.

Every item carries ``start``/``end`` character offsets into the normalised notice text
and ``surface == text[start:end]``. Dates are ISO strings ("2021-07-31") or None.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class AgencyMention:
    """One mention of an agency (or a collective such as "các sở, ban, ngành")."""

    start: int
    end: int
    surface: str
    canonical: str  # CONTRACT canonical name, e.g. "Sở Kế hoạch và Đầu tư"
    level: str  # central | province | district | commune | party | other
    jurisdiction: str | None = None  # province/city, None when unknown
    kind: str = "agency"  # agency | collective | pattern (not in any gazetteer)


@dataclass(frozen=True)
class PersonMention:
    """A named person, with the title printed next to the name."""

    start: int
    end: int
    surface: str
    name: str
    title: str | None = None
    role: str = "other"  # chair | signer | presenter | absent | delegate | other


@dataclass(frozen=True)
class LegalRef:
    """A cited legal or administrative document."""

    start: int
    end: int
    surface: str
    doc_type: str  # "Nghị quyết", "Nghị định", "Chương trình hành động" ...
    number: str | None  # "63"
    code: str | None  # "NQ-CP"
    ref_id: str | None  # "63/NQ-CP"; None when the reference has no number
    issued_on: str | None = None
    issuer: str | None = None
    footnote: int | None = None  # number of the footnote that states it
    resolved: bool = False  # a short mention resolved to an earlier full citation


@dataclass(frozen=True)
class Deadline:
    """A deadline ("trước ngày 15/8/2021") or standing duty ("hằng quý")."""

    start: int
    end: int
    surface: str
    due_on: str | None
    recurrence: str | None = None  # monthly | quarterly | half-yearly | yearly
    note: str | None = None  # why due_on is None when it should not be


@dataclass(frozen=True)
class Target:
    """A figure with its indicator and unit ("tăng trưởng kinh tế là 6,01%")."""

    start: int
    end: int
    surface: str
    indicator: str | None
    value: float
    unit: str | None
    total: float | None = None  # "11/24 chỉ tiêu": 24
    basis: str | None = (
        None  # what a percentage is of: "kế hoạch", "dự toán", "cùng kỳ"
    )


@dataclass(frozen=True)
class AttendanceNote:
    """Who was absent, or who sent a delegate, with the reason when one is given."""

    start: int
    end: int
    surface: str
    status: str  # absent | delegated
    who: str
    delegate: str | None = None
    reason: str | None = None


def as_row(item) -> dict:
    """A flat dataclass (scalar and tuple fields, as every model here) as a dict.

    ``dataclasses.asdict`` deep-copies each value and recurses; for the extractors'
    flat results that copying was a tenth of the extract stage's time.
    """
    return {name: getattr(item, name) for name in _field_names(type(item))}


@functools.cache
def _field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))
