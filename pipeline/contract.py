"""The per-notice JSON of CONTRACT.md, built from one notice's rows."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import pandas as pd

from pipeline.extractors.dates import iso, parse_iso
from pipeline.extractors.header import date_warnings
from pipeline.extractors.sentences import long_sentence_warnings

SCHEMA_VERSION = 1
EMPTY_ATTENDANCE = {"absent": [], "delegated": []}


def _iso(value: Any) -> str | None:
    """ISO date of a date, a timestamp or an ISO string; None for a missing value."""
    if value is None or pd.isna(value):
        return None
    # a date outside the years a notice can have (a documents table of old) is None
    return iso(parse_iso(str(value)[:10]))


def strict(value: Any) -> Any:
    """``value`` as plain JSON: no NaN or infinity (null instead), dates as ISO strings,
    numpy scalars as Python numbers, tuples as lists; so that ``json.dumps(value,
    allow_nan=False)`` never fails."""
    if isinstance(value, dict):
        return {str(k): strict(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [strict(v) for v in value]
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalar
        return strict(value.item())
    return str(value)


def _text_warnings(doc: dict) -> list[str]:
    """What the extractors left out of a notice's text: impossible header dates, cut
    sentences."""
    text = doc.get("text")
    if not isinstance(text, str):
        return []
    body_end = doc.get("body_end")
    body_end = len(text) if body_end is None or pd.isna(body_end) else int(body_end)
    return date_warnings(text, body_end) + long_sentence_warnings(text)


def _person(name: Any, title: Any) -> dict | None:
    if not isinstance(name, str) or not name:
        return None
    return {"name": name, "title": title if isinstance(title, str) else None}


def notice_header(doc: dict) -> dict:
    """CONTRACT ``notice`` object from a documents row."""
    return {
        "number": doc.get("number") or None,
        "date": _iso(doc.get("issued_on")),
        "issuer": doc.get("issuer") or None,
        "title": doc.get("title") or None,
        "meeting_date": _iso(doc.get("meeting_date")),
        "chair": _person(doc.get("chair_name"), doc.get("chair_title")),
        "signer": _person(doc.get("signer_name"), doc.get("signer_title")),
    }


def build(doc: dict, sections: list[dict], facts: dict | None = None) -> dict:
    """The CONTRACT.md object for one notice.

    Args:
        doc: a documents row (dict).
        sections: its sections rows.
        facts: extracted fields (agencies, people, legal_refs, deadlines, tasks,
            shortcomings, targets, attendance, warnings); missing ones are empty.
    """
    facts = facts or {}
    warnings = (
        list(json.loads(doc.get("warnings") or "[]"))
        + _text_warnings(doc)
        + list(facts.get("warnings", []))
    )
    return strict(
        {
            "schema_version": SCHEMA_VERSION,
            "doc_id": doc["doc_id"],
            "source": doc["source"],
            "notice": notice_header(doc),
            "sections": [
                {"path": s["path"], "heading": s["heading"], "kind": s["kind"]}
                for s in sections
            ],
            "agencies": facts.get("agencies", []),
            "people": facts.get("people", []),
            "legal_refs": facts.get("legal_refs", []),
            "deadlines": facts.get("deadlines", []),
            "tasks": facts.get("tasks", []),
            "shortcomings": facts.get("shortcomings", []),
            "targets": facts.get("targets", []),
            "attendance": facts.get("attendance", EMPTY_ATTENDANCE),
            "warnings": warnings,
        }
    )
