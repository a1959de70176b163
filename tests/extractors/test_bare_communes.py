"""Since 1 July 2025 a commune, ward or special zone named bare as a body is its People's
Committee (agency_cues.yaml: bare_commune_openers, bare_commune_units), when the name is a
unit of that kind in the notice's province (communes_2025.csv). A place after "tại" stays a
place. Sentences written for these tests."""

from __future__ import annotations

import pytest

from pipeline.extractors.agencies import extract_agencies
from pipeline.extractors.deadlines import extract_deadlines
from pipeline.extractors.legal_refs import extract_legal_refs
from pipeline.extractors.sections import extract_sections
from pipeline.extractors.tasks import extract_tasks

DAY = "2026-03-02"


def names(text, province="An Giang", day=DAY):
    return [m.canonical for m in extract_agencies(text, province, day) if m.kind == "agency"]


def pairs_of(text, province="An Giang"):
    agencies = extract_agencies(text, province, DAY)
    tasks = extract_tasks(text, extract_sections(text), agencies, extract_deadlines(text, DAY),
                          extract_legal_refs(text, []))
    return [sorted((a.agency, a.role) for a in t.assignees) for t in tasks]


# fmt: off
CASES = [
    ("Giao phường Vĩnh Tế lập danh sách hộ nghèo cần hỗ trợ.",
     ["Ủy ban nhân dân phường Vĩnh Tế"], "after-giao"),
    ("Sở Y tế phối hợp với xã Thạnh Đông khám sàng lọc cho người cao tuổi.",
     ["Sở Y tế", "Ủy ban nhân dân xã Thạnh Đông"], "after-phoi-hop-voi"),
    ("Đề nghị đặc khu Phú Quốc và phường Châu Đốc gửi số liệu về Sở Tài chính.",
     ["Ủy ban nhân dân đặc khu Phú Quốc", "Ủy ban nhân dân phường Châu Đốc", "Sở Tài chính"],
     "two-units-joined-by-va"),
    ("- Các phường: Châu Đốc, Vĩnh Tế và xã Thạnh Đông sửa chữa các tuyến kênh nội đồng.",
     ["Ủy ban nhân dân phường Châu Đốc", "Ủy ban nhân dân phường Vĩnh Tế",
      "Ủy ban nhân dân xã Thạnh Đông"], "plural-head-opening-an-item"),
    ("Sở Xây dựng kiểm tra nhà ở tại phường Vĩnh Tế.", ["Sở Xây dựng"], "venue-after-tai-is-a-place"),
    ("Giao xã Vĩnh Tế lập danh sách hộ nghèo.", [], "wrong-kind-is-not-the-unit"),
    ("Giao phường Hòa Bình Xanh lập danh sách hộ nghèo.", [], "unknown-name-in-the-province"),
]
# fmt: on


@pytest.mark.parametrize("text, expected, _id", CASES, ids=[c[2] for c in CASES])
def test_bare_commune_is_its_committee(text, expected, _id):
    assert names(text) == expected


def test_before_the_reform_a_bare_commune_stays_a_place():
    assert names("Giao phường Vĩnh Tế lập danh sách hộ nghèo.", "An Giang", "2023-05-10") == []


def test_bare_communes_take_their_roles():
    text = ("III. NHIỆM VỤ THỜI GIAN TỚI\n"
            "1. Giao phường Vĩnh Tế chủ trì, phối hợp với xã Thạnh Đông nạo vét kênh trước mùa lũ.\n"
            "2. Các phường: Châu Đốc, Vĩnh Tế chủ động bố trí kinh phí sửa đường.\n")
    assert pairs_of(text) == [
        [("Ủy ban nhân dân phường Vĩnh Tế", "lead"), ("Ủy ban nhân dân xã Thạnh Đông", "coordinate")],
        [("Ủy ban nhân dân phường Châu Đốc", "implement"), ("Ủy ban nhân dân phường Vĩnh Tế", "implement")],
    ]
