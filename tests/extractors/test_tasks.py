"""Directives: compound directives split, roles, collectives, heading assignees."""

from __future__ import annotations

import pytest

from pipeline.extractors.agencies import extract_agencies
from pipeline.extractors.deadlines import extract_deadlines
from pipeline.extractors.legal_refs import extract_legal_refs
from pipeline.extractors.sections import extract_sections
from pipeline.extractors.tasks import extract_tasks

HEAD = "Chủ tịch UBND tỉnh kết luận như sau:\n"


def tasks_of(body: str, reference: str = "2023-07-10"):
    text = HEAD + body
    return extract_tasks(text, extract_sections(text), extract_agencies(text, "Bắc Giang"),
                         extract_deadlines(text, reference), extract_legal_refs(text, []))


def pairs(tasks) -> list[list[tuple[str, str]]]:
    return [[(a.agency, a.role) for a in t.assignees] for t in tasks]


# fmt: off
CASES = [
    ("1. Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng và Sở Giao thông vận tải rà soát nguồn vốn.",
     [[("Sở Tài chính", "lead"), ("Sở Xây dựng", "coordinate"), ("Sở Giao thông vận tải", "coordinate")]],
     "giao-chu-tri-phoi-hop"),
    ("1. Sở Kế hoạch và Đầu tư khẩn trương tham mưu UBND tỉnh phân bổ vốn.",
     [[("Sở Kế hoạch và Đầu tư", "advise")]], "tham-muu-object-not-assignee"),
    ("1. Văn phòng UBND tỉnh theo dõi, đôn đốc các đơn vị thực hiện.",
     [[("Văn phòng Ủy ban nhân dân tỉnh", "monitor")]], "monitor"),
    ("1. Sở Y tế phối hợp với Sở Tài chính thực hiện mua sắm vật tư.",
     [[("Sở Y tế", "implement"), ("Sở Tài chính", "coordinate")]], "phoi-hop-without-chu-tri"),
    ("1. Sở Nội vụ chủ trì, tham mưu UBND tỉnh sắp xếp bộ máy.",
     [[("Sở Nội vụ", "lead")]], "chu-tri-wins-over-tham-muu"),
    ("1. Sở Công Thương triển khai chương trình kích cầu; Sở Du lịch xây dựng sản phẩm mới.",
     [[("Sở Công Thương", "implement")], [("Sở Du lịch", "implement")]], "compound-split-on-semicolon"),
    ("1. Các sở, ban, ngành và địa phương đẩy mạnh cải cách hành chính.",
     [[("các sở, ban, ngành và địa phương", "implement")]], "collective-kept"),
    ("2. Nhiệm vụ\n2.1. Sở Tài chính:\n- Chủ trì, phối hợp với Cục Thuế tỉnh chống thất thu.\n- Đôn đốc các chủ đầu tư quyết toán.\n",
     [[("Sở Tài chính", "lead"), ("Cục Thuế tỉnh", "coordinate")], [("Sở Tài chính", "monitor")]],
     "heading-names-assignee"),
    ("1. Văn phòng Ủy ban nhân dân tỉnh thông báo ý kiến kết luận đến các sở, ngành biết, thực hiện./.",
     [], "closing-formula-is-not-a-task"),
    ("1. Tăng cường tuyên truyền phòng chống dịch trong nhân dân.", [], "no-assignee-no-task"),
    ("1. Về kiến nghị của UBND huyện Lục Nam, giao Sở Tài chính xem xét, tham mưu giải quyết.",
     [[("Sở Tài chính", "advise")]], "dispatched-mid-clause"),
    ("1. Chủ tịch UBND tỉnh yêu cầu Công an tỉnh tăng cường tuần tra.",
     [[("Công an tỉnh", "implement")]], "chair-body-is-not-an-assignee"),
    ("1. Sở Y tế chủ trì, phối hợp với Công an tỉnh và UBND các huyện Lục Nam, Yên Thế kiểm tra.",
     [[("Sở Y tế", "lead"), ("Công an tỉnh", "coordinate"),
       ("Ủy ban nhân dân huyện Lục Nam", "coordinate"), ("Ủy ban nhân dân huyện Yên Thế", "coordinate")]],
     "coordinators-across-a-list-head"),
    ("3. Nhiệm vụ\n3.1. Sở Công Thương:\n- Phối hợp với Sở Tài chính, Cục Thuế tỉnh kiểm tra giá.\n",
     [[("Sở Công Thương", "implement"), ("Sở Tài chính", "coordinate"), ("Cục Thuế tỉnh", "coordinate")]],
     "heading-assignee-with-an-elided-subject"),
    ("3. Nhiệm vụ\n3.1. Sở Xây dựng chủ trì, phối hợp với Sở Tài chính:\na) Tham mưu điều chỉnh giá vật liệu.\n"
     "b) Hướng dẫn các chủ đầu tư lập dự toán.\n",
     [[("Sở Xây dựng", "lead"), ("Sở Tài chính", "coordinate")],
      [("Sở Xây dựng", "lead"), ("Sở Tài chính", "coordinate")]],
     "heading-with-roles-gives-them-to-each-item"),
    ("3. Nhiệm vụ\n3.1. Ủy ban nhân dân các tỉnh Sơn La, Điện Biên:\na) Đẩy nhanh tái định cư.\n"
     "b) Chỉ đạo các Ban Quản lý dự án bàn giao mặt bằng.\n",
     [[("Ủy ban nhân dân tỉnh Sơn La", "implement"), ("Ủy ban nhân dân tỉnh Điện Biên", "implement")],
      [("Ủy ban nhân dân tỉnh Sơn La", "implement"), ("Ủy ban nhân dân tỉnh Điện Biên", "implement")]],
     "heading-lists-provinces-and-directs-its-boards"),
    # chains in party notices: the body with a role cue of its own takes the task; the
    # bodies that lead and direct it keep it too (implement; round 17)
    ("1. Ban cán sự đảng UBND tỉnh lãnh đạo UBND tỉnh chỉ đạo Sở Nội vụ chủ trì, phối hợp "
     "với Sở Tài chính rà soát biên chế.",
     [[("Sở Nội vụ", "lead"), ("Sở Tài chính", "coordinate"),
       ("Ban cán sự đảng Ủy ban nhân dân tỉnh", "implement"), ("Ủy ban nhân dân tỉnh", "implement")]],
     "chain-to-a-lead"),
    ("1. Đảng đoàn HĐND tỉnh lãnh đạo HĐND tỉnh xem xét ban hành chính sách hỗ trợ.",
     [[("Đảng đoàn Hội đồng nhân dân tỉnh", "implement")]], "led-body-is-not-an-assignee"),
]
# fmt: on


@pytest.mark.parametrize(("body", "expected", "case"), CASES, ids=[c[2] for c in CASES])
def test_tasks_roles(body, expected, case):
    got = pairs(tasks_of(body))
    if case == "collective-kept":
        assert len(got) == 1 and got[0][0][1] == "implement"
        assert tasks_of(body)[0].assignees[0].collective
    else:
        assert got == expected


def test_tasks_deadline_and_basis_stay_with_their_task():
    body = ("1. Sở Lao động - Thương binh và Xã hội khẩn trương tham mưu triển khai Nghị quyết số "
            "68/NQ-CP ngày 01/7/2021 của Chính phủ. Việc hỗ trợ phải đúng đối tượng, phấn đấu "
            "hoàn thành trong tháng 7/2021.\n"
            "2. Sở Y tế hoàn thành tiêm chủng trước ngày 15/8/2021.\n")
    first, second = tasks_of(body, "2021-07-12")
    assert (first.deadline, first.legal_basis) == ("2021-07-31", ("68/NQ-CP",))
    assert (second.deadline, second.legal_basis) == ("2021-08-15", ())
