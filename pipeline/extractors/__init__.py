"""Extractors: plain strings in, frozen dataclasses out (no I/O, no pandas).

>>> from pipeline.extractors import extract_legal_refs
>>> [r.ref_id for r in extract_legal_refs("theo Nghị quyết số 63/NQ-CP ngày 29/6/2021")]
['63/NQ-CP']
"""

from pipeline.extractors.agencies import extract_agencies
from pipeline.extractors.attendance import extract_attendance
from pipeline.extractors.deadlines import extract_deadlines
from pipeline.extractors.header import extract_header
from pipeline.extractors.legal_refs import extract_legal_refs
from pipeline.extractors.people import extract_people
from pipeline.extractors.sections import extract_sections
from pipeline.extractors.targets import extract_targets
from pipeline.extractors.tasks import extract_tasks

__all__ = [
    "extract_agencies",
    "extract_attendance",
    "extract_deadlines",
    "extract_header",
    "extract_legal_refs",
    "extract_people",
    "extract_sections",
    "extract_targets",
    "extract_tasks",
]
