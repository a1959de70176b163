"""Forms of real conclusion reports found in rule round 17 (issue 15). Every sentence is
written for these tests, names invented."""

from __future__ import annotations

import pytest

from tests.extractors.forms import names, pairs_of

# fmt: off
AGENCY_CASES = [
    # a body of the city's party committee printed with the city's short name: the name
    # belongs to the body's span, as after a bare "Thành ủy"
    ("Thường trực Thành ủy TP.HCM nhắc việc giải phóng mặt bằng.",
     ["Thường trực Thành ủy Thành phố Hồ Chí Minh"], "standing-body-of-thanh-uy-tp-hcm"),
    ("Văn phòng Thành ủy TP HCM gửi lịch họp quý.",
     ["Văn phòng Thành ủy Thành phố Hồ Chí Minh"], "office-of-thanh-uy-tp-hcm"),
    ("Ban Thường vụ Thành ủy Tp. Hồ Chí Minh họp định kỳ.",
     ["Ban Thường vụ Thành ủy Thành phố Hồ Chí Minh"], "standing-committee-of-thanh-uy-hcm"),
    ("Ban Thường vụ Thành ủy Cần Thơ họp định kỳ.",
     ["Ban Thường vụ Thành ủy Cần Thơ"], "another-city-unchanged"),
    # the party organisation inside a body, named by its committee or cell word right before
    # the body: one mention of the organisation
    ("Đảng ủy Bộ đội Biên phòng tỉnh tổng kết công tác dân vận.",
     ["Đảng ủy Bộ Chỉ huy Bộ đội Biên phòng tỉnh"], "party-committee-of-a-body"),
    ("Đoàn kiểm tra làm việc với Chi bộ Sở Tư pháp về sinh hoạt chuyên đề.",
     ["Chi bộ Sở Tư pháp"], "party-cell-of-a-department"),
    # "DA" (dự án) and "HCM" (Hồ Chí Minh) spelled out in a board's name
    ("Tỉnh giao BQL DA các công trình thủy lợi kiểm tra đê.",
     ["Ban Quản lý dự án các công trình thủy lợi"], "board-da-abbreviation"),
    ("Bộ trưởng làm việc với Ban QLDA Đường HCM về đoạn tuyến phía Bắc.",
     ["Ban Quản lý dự án Đường Hồ Chí Minh"], "board-hcm-abbreviation"),
    # the sending office's own units on its line of the distribution list are no mentions;
    # the office itself and the other lines are
    ("Nơi nhận:\n- Như trên;\n- Bộ Tài chính;\n- VPCP: BTCN, các PCN, Vụ NCTH, Vụ KGVX;\n- Lưu: VT.",
     ["Bộ Tài chính", "Văn phòng Chính phủ"], "office-own-units-line"),
    # a list or a commune's unit is not one body's organisation
    ("Đảng ủy, UBND xã Hòa Sơn rà soát quỹ đất.",
     ["Đảng ủy xã Hòa Sơn", "Ủy ban nhân dân xã Hòa Sơn"], "committee-listed-before-a-body"),
]


@pytest.mark.parametrize("text, expected", [c[:2] for c in AGENCY_CASES],
                         ids=[c[2] for c in AGENCY_CASES])
def test_agency_forms(text, expected):
    assert names(text, "Bến Tre") == expected


TASK_CASES = [
    # a chain that ends on a body with a role of its own gives that body its role, and the
    # bodies before it, told to lead and direct the work, keep the task (implement)
    ("Thường trực Huyện ủy giao Đảng ủy UBND huyện, lãnh đạo UBND huyện chỉ đạo Phòng Nội vụ "
     "chủ trì, phối hợp với Phòng Tư pháp soạn lại quy chế tiếp dân.",
     [[("Phòng Nội vụ", "lead"), ("Phòng Tư pháp", "coordinate"),
       ("Đảng ủy Ủy ban nhân dân huyện", "implement"), ("Ủy ban nhân dân huyện", "implement")]],
     "chain-links-keep-the-task-beside-a-lead"),
    ("Huyện ủy lãnh đạo UBND huyện chỉ đạo Phòng Y tế tham mưu đề án trạm y tế xã.",
     [[("Phòng Y tế", "advise"), ("Huyện ủy", "implement"), ("Ủy ban nhân dân huyện", "implement")]],
     "chain-links-keep-the-task-beside-an-adviser"),
    # a lone "lãnh đạo" link with no role after the body keeps the task with the party body
    ("Đề nghị Đảng đoàn HĐND tỉnh lãnh đạo HĐND tỉnh rà soát chính sách học phí.",
     [[("Đảng đoàn Hội đồng nhân dân tỉnh", "implement")]], "lone-lead-link-unchanged"),
    # the cell of a body, handed the directive, is the assignee
    ("Đoàn giám sát đề nghị Chi bộ UBND phường rà soát hồ sơ đảng viên trước quý IV.",
     [[("Chi bộ Ủy ban nhân dân phường", "implement")]], "party-cell-handed-a-directive"),
    # the body a letter is sent to, with the letter's request right after it, is the one
    # asked; the sender is not
    ("Ngày 4/6, UBND xã Hòa Sơn có công văn gửi Ban Quản lý dự án nông nghiệp tỉnh đề "
     "nghị đôn đốc nhà thầu lát lại vỉa hè.",
     [[("Ban Quản lý dự án nông nghiệp tỉnh", "monitor")]], "letter-recipient-then-request"),
    ("Sở Tài chính có văn bản gửi Sở Xây dựng về định mức chi phí.", [],
     "letter-recipient-then-topic-no-task"),
    # a body inside a person's title, the name right after it: the person speaks, the body
    # gets no task; handed the task, the body takes it
    ("Thứ trưởng Bộ Tư pháp Phan Quốc Khánh phát biểu chỉ đạo tại buổi tổng kết.", [],
     "titled-person-speaks-no-task"),
    ("UBND tỉnh giao Giám đốc Sở Xây dựng Phan Hữu Lộc kiểm tra các chung cư cũ.",
     [[("Sở Xây dựng", "implement")]], "titled-person-handed-the-task"),
    ("Giám đốc Sở Y tế chủ trì rà soát giường bệnh tuyến xã.", [[("Sở Y tế", "lead")]],
     "title-without-a-name-unchanged"),
    # after a connective, "Sở này" (this department) is the subject of the directive before,
    # not its partner named last; a head that does not begin the subject's name names none
    ("UBND tỉnh giao Sở Y tế chủ trì, phối hợp với Sở Tài chính kiểm kê trang thiết bị. "
     "Ngoài ra, Sở này lập danh mục thuốc thiết yếu.",
     [[("Sở Y tế", "lead"), ("Sở Tài chính", "coordinate")], [("Sở Y tế", "implement")]],
     "demonstrative-names-the-subject-again"),
    ("UBND tỉnh giao Sở Y tế chủ trì kiểm kê trang thiết bị. Ngoài ra, Bộ này lập danh mục thuốc.",
     [[("Sở Y tế", "lead")]], "demonstrative-with-another-head"),
    # a body of the city's party committee that remarks ("lưu ý, ...") is the
    # speaker, not an assignee, once its place is part of its name
    ("Ban Thường vụ Thành ủy TP.HCM lưu ý, quy chế mới phải lấy ý kiến nhân dân.", [],
     "remarking-standing-body-no-task"),
]
# fmt: on


@pytest.mark.parametrize("text, expected", [c[:2] for c in TASK_CASES],
                         ids=[c[2] for c in TASK_CASES])
def test_task_forms(text, expected):
    assert pairs_of(text) == expected
