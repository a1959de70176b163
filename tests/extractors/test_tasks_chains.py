"""A directive relayed down a chain of bodies: "X chỉ đạo Z <action>" gives Z the task and
X keeps it; "X lãnh đạo Y <action>" and "X chỉ đạo các đơn vị ..." keep it with X
(task_cues.yaml: chain_verbs, chain_handover). Sentences written for these tests."""

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
    return [sorted((a.agency, a.role) for a in t.assignees) for t in tasks]


# fmt: off
CASES = [
    ("UBND tỉnh giao Sở Tài chính chỉ đạo Kho bạc Nhà nước tỉnh rà soát các khoản tạm ứng.",
     [[("Kho bạc Nhà nước tỉnh", "implement"), ("Sở Tài chính", "implement")]],
     "handover-to-a-named-body"),
    ("Giao Ban Thường vụ Tỉnh ủy lãnh đạo Ban cán sự đảng UBND tỉnh chỉ đạo UBND tỉnh "
     "hoàn thiện đề án trước ngày 30/4.",
     [[("Ban Thường vụ Tỉnh ủy", "implement"), ("Ban cán sự đảng Ủy ban nhân dân tỉnh", "implement"),
       ("Ủy ban nhân dân tỉnh", "implement")]],
     "two-links-then-handover"),
    ("Sở Y tế chỉ đạo các bệnh viện tuyến huyện chuẩn bị đủ giường bệnh.",
     [[("Sở Y tế", "implement")]], "handover-to-a-collective-stays"),
    ("Đề nghị Đảng đoàn HĐND tỉnh lãnh đạo HĐND tỉnh xem xét chính sách hỗ trợ nông dân.",
     [[("Đảng đoàn Hội đồng nhân dân tỉnh", "implement")]], "lead-link-alone-stays-with-party-body"),
    ("Ban cán sự đảng UBND tỉnh lãnh đạo UBND tỉnh chỉ đạo Sở Nội vụ chủ trì sắp xếp bộ máy.",
     [[("Ban cán sự đảng Ủy ban nhân dân tỉnh", "implement"), ("Sở Nội vụ", "lead"),
       ("Ủy ban nhân dân tỉnh", "implement")]],
     "own-role-cue-at-the-end-and-the-links-keep-it"),
]
# fmt: on


@pytest.mark.parametrize("text, expected, _id", CASES, ids=[c[2] for c in CASES])
def test_chain_handover(text, expected, _id):
    assert pairs_of(text) == expected


# fmt: off
CHAIRS = [
    ("UBND tỉnh yêu cầu Chủ tịch UBND huyện Lục Ngạn khẩn trương kiểm tra vụ việc.",
     [[("Ủy ban nhân dân huyện Lục Ngạn", "implement")]], "chair-handed-the-task"),
    ("Chủ tịch UBND huyện Lục Ngạn cho biết sẽ kiểm tra vụ việc.", [], "chair-speaking-is-no-task"),
]
# fmt: on


@pytest.mark.parametrize("text, expected, _id", CHAIRS, ids=[c[2] for c in CHAIRS])
def test_chair_handed_a_task_names_the_body(text, expected, _id):
    assert pairs_of(text) == expected


# fmt: off
HANDED = [
    ("Chủ tịch UBND huyện giao trách nhiệm Phòng Tài chính - Kế hoạch tham mưu văn bản trả lời.",
     [[("Phòng Tài chính - Kế hoạch", "advise")]], "giao-trach-nhiem"),
    ("- Giao Sở Xây dựng chủ trì làm việc với các hộ dân để thông báo phương án và ghi nhận ý kiến.",
     [[("Sở Xây dựng", "lead")]], "handed-task-that-records-opinions"),
    ("Hội nghị ghi nhận Sở Xây dựng đã hoàn thành việc rà soát.", [], "praise-is-no-directive"),
]
# fmt: on


@pytest.mark.parametrize("text, expected, _id", HANDED, ids=[c[2] for c in HANDED])
def test_handed_tasks(text, expected, _id):
    assert pairs_of(text) == expected


# fmt: off
MONITOR = [
    ("Ủy ban Kiểm tra Tỉnh ủy kiểm tra, giám sát việc giải quyết đơn thư tại các xã.",
     [[("Ủy ban Kiểm tra Tỉnh ủy", "monitor")]], "kiem-tra-giam-sat-is-monitoring"),
    ("Thanh tra tỉnh kiểm tra, xử lý các sai phạm trong cấp phép xây dựng.",
     [[("Thanh tra tỉnh", "implement")]], "kiem-tra-with-an-action-is-doing"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), [c[:2] for c in MONITOR],
                         ids=[c[2] for c in MONITOR])
def test_checking_and_supervising_is_monitoring(text, expected):
    assert pairs_of(text) == expected


# A heading that is only bodies and a chain verb before its colon: its body joins the task of
# each lettered item under it (implement), and the items keep their own bodies and roles.
DIRECTING_HEADING = (
    "III. NHIỆM VỤ THỜI GIAN TỚI\n"
    "2.1. Ban cán sự đảng UBND tỉnh lãnh đạo, chỉ đạo:\n"
    "a) Sở Xây dựng chủ trì, phối hợp với Sở Tài chính lập quy hoạch khu tái định cư.\n"
    "b) UBND huyện Lục Nam hoàn thành giải phóng mặt bằng trước ngày 30/6/2024.\n"
    "2.2. Ban Tuyên giáo Tỉnh ủy định hướng công tác tuyên truyền.\n"
)


def test_directing_heading_joins_each_item():
    assert pairs_of(DIRECTING_HEADING) == [
        [("Ban cán sự đảng Ủy ban nhân dân tỉnh", "implement"), ("Sở Tài chính", "coordinate"),
         ("Sở Xây dựng", "lead")],
        [("Ban cán sự đảng Ủy ban nhân dân tỉnh", "implement"),
         ("Ủy ban nhân dân huyện Lục Nam", "implement")],
        [("Ban Tuyên giáo Tỉnh ủy", "implement")],
    ]


# Two party committees listed before "lãnh đạo" keep the task; "Đảng ủy" after a comma is the
# next body of the list, not the tense word "đang" it folds to.
def test_two_committees_before_a_lead_link():
    text = ("II. NHIỆM VỤ THỜI GIAN TỚI\n"
            "1. Đảng ủy xã Lục Sơn, Đảng ủy xã Bình Sơn lãnh đạo UBND xã rà soát diện tích rừng trồng.\n")
    assert pairs_of(text) == [[("Đảng ủy xã Bình Sơn", "implement"), ("Đảng ủy xã Lục Sơn", "implement")]]


# An item under a heading that opens with an action whose object is a request to another body
# is the heading's task; an item that directs a named body keeps that body.
def test_item_that_requests_another_body_is_the_headings():
    text = ("III. NHIỆM VỤ\n"
            "1. Sở Xây dựng:\n"
            "- Lập hồ sơ đề nghị Bộ Xây dựng hỗ trợ vốn sửa chữa cầu treo.\n"
            "- Chỉ đạo Trung tâm Kiểm định chất lượng công trình kiểm tra cầu trước mùa mưa.\n")
    assert pairs_of(text) == [
        [("Sở Xây dựng", "implement")],
        [("Trung tâm Kiểm định chất lượng công trình", "implement")],
    ]


# The bodies that hand the heading on go before the bodies it directs ("Ban Thường vụ Tỉnh ủy
# giao Đảng ủy UBND tỉnh lãnh đạo, chỉ đạo:"): the directed body takes each item, lettered or
# dashed; the body that hands it on is no assignee, as in a one-sentence directive.
HANDED_HEADING = (
    "II. NHIỆM VỤ TRỌNG TÂM\n"
    "1. Ban Thường vụ Tỉnh ủy giao Ban cán sự đảng UBND tỉnh lãnh đạo, chỉ đạo:\n"
    "{0} Lập phương án di dời các hộ dân ven sông.\n"
    "{1} Sở Tài chính cân đối nguồn vốn cho dự án kè.\n"
    "2. Ban Dân vận Tỉnh ủy nắm tình hình dư luận.\n"
)


@pytest.mark.parametrize("marks", [("a)", "b)"), ("-", "-")], ids=["lettered", "dashed"])
def test_heading_handed_to_a_directing_body(marks):
    assert pairs_of(HANDED_HEADING.format(*marks)) == [
        [("Ban cán sự đảng Ủy ban nhân dân tỉnh", "implement")],
        [("Ban cán sự đảng Ủy ban nhân dân tỉnh", "implement"), ("Sở Tài chính", "implement")],
        [("Ban Dân vận Tỉnh ủy", "implement")],
    ]


# A directing line with no number before dashed items ("Đảng ủy UBND tỉnh lãnh đạo, chỉ
# đạo:" then "- ..."): its bodies take each item; the line itself is no task (issue 17).
UNNUMBERED_HEADING = (
    "Thường trực Tỉnh ủy kết luận như sau:\n"
    "Đảng ủy UBND tỉnh chỉ đạo:\n"
    "- Hoàn thành bàn giao trụ sở dôi dư cho các xã mới.\n"
    "- Sở Tài chính lập phương án thanh lý tài sản công.\n"
    "Sở Y tế chỉ đạo:\n"
    "- Tổ chức tiêm vắc xin sởi cho trẻ vùng cao.\n"
)


def test_unnumbered_directing_line_before_dashed_items():
    assert pairs_of(UNNUMBERED_HEADING) == [
        [("Đảng ủy Ủy ban nhân dân tỉnh", "implement")],
        [("Sở Tài chính", "implement"), ("Đảng ủy Ủy ban nhân dân tỉnh", "implement")],
        [("Sở Y tế", "implement")],
    ]
