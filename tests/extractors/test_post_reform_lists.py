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


def agency_names(text, province, day="2026-01-20"):
    return [m.canonical for m in extract_agencies(text, province, day) if m.kind != "collective"]


# fmt: off
BORDER_POSTS = [
    # a border post named by its place is a body (agency_cues.yaml: heads), and "và" before
    # a second post ends the first one's name (and_blockers)
    ("Xã Bản Mồ cùng Đồn Biên phòng Hữu Nghị và Đồn Biên phòng Bảo Lâm lập chốt kiểm soát dịch.",
     "Lạng Sơn", ["Đồn Biên phòng Hữu Nghị", "Đồn Biên phòng Bảo Lâm"]),
    # its name ends at its last capitalised word, the verb after it is no part of it
    ("1. Đồn Biên phòng Cô Tô tăng cường tuần tra vùng lộng trong mùa mưa bão.", "Quảng Ninh",
     ["Đồn Biên phòng Cô Tô"]),
]
# fmt: on


@pytest.mark.parametrize(("text", "province", "expected"), BORDER_POSTS)
def test_a_border_post_is_a_body(text, province, expected):
    assert agency_names(text, province) == expected


# fmt: off
HEADED_LISTS = [
    # the head before the plural, the places after its colon, the work in dashed items below
    ("3. UBND các xã: Nhân Cơ, Kiến Đức:\n- Lập sổ theo dõi diện tích đã nhận bàn giao;\n"
     "- Niêm yết công khai danh sách hộ nhận tiền tại nhà văn hóa.\n", "Lâm Đồng",
     [[("Ủy ban nhân dân xã Kiến Đức", "implement"), ("Ủy ban nhân dân xã Nhân Cơ", "implement")],
      [("Ủy ban nhân dân xã Kiến Đức", "implement"), ("Ủy ban nhân dân xã Nhân Cơ", "implement")]]),
]
# fmt: on


@pytest.mark.parametrize(("text", "province", "expected"), HEADED_LISTS)
def test_a_heading_of_committees_with_the_head_before_the_plural(text, province, expected):
    assert pairs_of(text, province) == expected


# fmt: off
AFTER_SEMICOLON = [
    # a plural of communes opening the clause after a semicolon, with no colon: each one's
    # committee; a ward whose name starts with a former city's keeps its whole name
    ("2. Sở Giáo dục và Đào tạo rà soát phòng học xuống cấp; các phường Quy Nhơn Đông, Pleiku "
     "gửi danh sách trước ngày 10/4/2026.", "Gia Lai",
     ["Sở Giáo dục và Đào tạo", "Ủy ban nhân dân phường Quy Nhơn Đông",
      "Ủy ban nhân dân phường Pleiku"]),
    # the same words after "tại" are where the work is, not bodies
    ("2. Sở Giáo dục và Đào tạo rà soát phòng học xuống cấp tại các phường Quy Nhơn Đông, Pleiku.",
     "Gia Lai", ["Sở Giáo dục và Đào tạo"]),
]
# fmt: on


@pytest.mark.parametrize(("text", "province", "expected"), AFTER_SEMICOLON)
def test_a_plural_of_communes_after_a_semicolon(text, province, expected):
    assert agency_names(text, province, "2026-03-20") == expected


# fmt: off
JOINING_A_LEAD = [
    # "phối hợp" with no partner after a semicolon in a sentence with a lead: coordinate
    ("5. Chi cục Thủy lợi chủ trì nâng cấp kè sông; các xã Bến Lức, "
     "Cần Giuộc phối hợp, vận động hộ dân di dời.", "Tây Ninh",
     [[("Chi cục Thủy lợi", "lead")],
      [("Ủy ban nhân dân xã Bến Lức", "coordinate"), ("Ủy ban nhân dân xã Cần Giuộc", "coordinate")]]),
    # with no lead before it, the body that "phối hợp" alone does the work (unchanged)
    ("5. Sở Y tế rà soát trạm y tế xuống cấp; các xã Bến Lức, Cần Giuộc phối hợp, vận động hộ "
     "dân di dời.", "Tây Ninh",
     [[("Sở Y tế", "implement")],
      [("Ủy ban nhân dân xã Bến Lức", "implement"), ("Ủy ban nhân dân xã Cần Giuộc", "implement")]]),
]
# fmt: on


@pytest.mark.parametrize(("text", "province", "expected"), JOINING_A_LEAD)
def test_a_bare_phoi_hop_after_a_semicolon_joins_the_lead(text, province, expected):
    assert pairs_of(text, province, "2026-03-20") == expected


# fmt: off
NAMED_AREAS = [
    # a land registry branch named by its area after 2025 (here by its short form): the area
    # is part of its name
    ("Phòng Kinh tế cùng Chi nhánh VPĐKĐĐ khu vực Gò Công cấp đổi sổ đỏ.",
     "Đồng Tháp", ["Phòng Kinh tế", "Chi nhánh Văn phòng Đăng ký đất đai khu vực Gò Công"]),
    # a lower-case word after "khu vực" is where, not a name
    ("Chi nhánh VPĐKĐĐ khu vực trung tâm đo đạc lại ranh thửa.",
     "Đồng Tháp", ["Chi nhánh Văn phòng Đăng ký đất đai"]),
]
# fmt: on


@pytest.mark.parametrize(("text", "province", "expected"), NAMED_AREAS)
def test_a_branch_named_by_its_area(text, province, expected):
    assert agency_names(text, province, "2026-03-20") == expected


# fmt: off
MERGED_BOARDS = [
    # a project board whose sectors were joined in 2025 keeps "và nông nghiệp" in its name
    ("Đề nghị " "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông và nông nghiệp tỉnh"
     " lập lại kế hoạch vốn.", "Gia Lai",
     ["Ban Quản lý dự án đầu tư xây dựng các công trình giao thông và nông nghiệp tỉnh"]),
]
# fmt: on


@pytest.mark.parametrize(("text", "province", "expected"), MERGED_BOARDS)
def test_a_merged_project_board_keeps_its_whole_name(text, province, expected):
    assert agency_names(text, province, "2026-03-20") == expected
