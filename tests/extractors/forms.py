"""What the rule rounds' table tests read off a sentence (shared by test_real_forms_r14.py
and test_real_forms_r15.py)."""

from __future__ import annotations

from pipeline.extractors.agencies import extract_agencies
from pipeline.extractors.deadlines import extract_deadlines
from pipeline.extractors.legal_refs import extract_legal_refs
from pipeline.extractors.sections import extract_sections
from pipeline.extractors.tasks import extract_tasks


def names(text, jurisdiction=None):
    """Canonical names of the bodies (agencies and pattern names) in ``text``."""
    return [
        m.canonical
        for m in extract_agencies(text, jurisdiction)
        if m.kind in ("agency", "pattern")
    ]


def pairs_of(text: str) -> list[list[tuple[str, str]]]:
    """(agency, role) pairs of each task, in a Bắc Giang notice of 2024-03-10."""
    tasks = extract_tasks(text, extract_sections(text), extract_agencies(text, "Bắc Giang"),
                          extract_deadlines(text, "2024-03-10"), extract_legal_refs(text, []))
    return [[(a.agency, a.role) for a in t.assignees] for t in tasks]
