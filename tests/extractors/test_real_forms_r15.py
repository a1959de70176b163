"""Forms of real conclusion reports found in rule round 15 (issue 15). Every sentence is
written for these tests, names invented."""

from __future__ import annotations

import pytest

from pipeline.extractors.agencies import extract_agencies
from pipeline.extractors.deadlines import extract_deadlines
from pipeline.extractors.legal_refs import extract_legal_refs
from pipeline.extractors.sections import extract_sections
from pipeline.extractors.tasks import extract_tasks


def pairs_of(text: str) -> list[list[tuple[str, str]]]:
    tasks = extract_tasks(text, extract_sections(text), extract_agencies(text, "Bắc Giang"),
                          extract_deadlines(text, "2024-03-10"), extract_legal_refs(text, []))
    return [[(a.agency, a.role) for a in t.assignees] for t in tasks]


# fmt: off
TASK_CASES = [
    # "VN" for "Việt Nam" in a national department's name belongs to the name, so a list of
    # such departments sharing one verb stays one list
    ("Thứ trưởng Lê Văn Tám yêu cầu Cục Hàng hải VN, Cục Đường thủy nội địa VN kiểm tra việc "
     "bốc xếp tại các bến.",
     [[("Cục Hàng hải Việt Nam", "implement"), ("Cục Đường thủy nội địa Việt Nam", "implement")]],
     "vn-abbreviation-in-a-comma-list"),
    ("Bộ Xây dựng yêu cầu Cục Hàng hải VN và Cục Đường thủy nội địa VN rà soát các luồng tàu.",
     [[("Cục Hàng hải Việt Nam", "implement"), ("Cục Đường thủy nội địa Việt Nam", "implement")]],
     "vn-abbreviation-in-a-va-list"),
]
# fmt: on


@pytest.mark.parametrize("text, expected", [c[:2] for c in TASK_CASES],
                         ids=[c[2] for c in TASK_CASES])
def test_task_forms(text, expected):
    assert pairs_of(text) == expected
