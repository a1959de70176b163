"""Lists of communes and wards in post-reform notices (issue 17, item 2): the committees of a
list of places after "phối hợp với UBND các xã" each coordinate. Sentences written for these
tests; the places are units of the province in communes_2025.csv, the work invented."""

from __future__ import annotations

import pytest

from pipeline.extractors.agencies import extract_agencies
from pipeline.extractors.deadlines import extract_deadlines
from pipeline.extractors.legal_refs import extract_legal_refs
from pipeline.extractors.sections import extract_sections
from pipeline.extractors.tasks import extract_tasks


def pairs_of(text, province, day="2026-01-20"):
    agencies = extract_agencies(text, province, day)
    tasks = extract_tasks(text, extract_sections(text), agencies, extract_deadlines(text, day),
                          extract_legal_refs(text, []))
    return [sorted((a.agency, a.role) for a in t.assignees) for t in tasks]


# fmt: off
PARTNER_LISTS = [
    ("2. Chi cục Kiểm lâm làm đầu mối, phối hợp với UBND các xã Nhân Cơ, Kiến Đức "
     "đo vẽ lại mảnh rừng bị lấn chiếm.", "Lâm Đồng",
     [[("Chi cục Kiểm lâm", "lead"), ("Ủy ban nhân dân xã Kiến Đức", "coordinate"),
       ("Ủy ban nhân dân xã Nhân Cơ", "coordinate")]]),
    # the same head over districts in an older notice
    ("3. Ban Dân tộc làm đầu mối, phối hợp với UBND các huyện Lục Ngạn, Sơn Động tính "
     "chi phí lợp lại mái nhà văn hóa thôn.", "Bắc Giang",
     [[("Ban Dân tộc tỉnh", "lead"), ("Ủy ban nhân dân huyện Lục Ngạn", "coordinate"),
       ("Ủy ban nhân dân huyện Sơn Động", "coordinate")]]),
    # one committee after the partner words is unchanged
    ("4. Sở Y tế làm đầu mối, phối hợp với UBND xã Nhân Cơ đưa thuốc tới từng bản.", "Lâm Đồng",
     [[("Sở Y tế", "lead"), ("Ủy ban nhân dân xã Nhân Cơ", "coordinate")]]),
]
# fmt: on


@pytest.mark.parametrize(("text", "province", "expected"), PARTNER_LISTS)
def test_a_list_of_committees_after_phoi_hop_voi_coordinates(text, province, expected):
    day = "2026-01-20" if province == "Lâm Đồng" else "2023-05-10"
    assert pairs_of(text, province, day) == expected
