"""Forms of real conclusion reports found in rule round 15 (issue 15). Every sentence is
written for these tests, names invented."""

from __future__ import annotations

import pytest

from tests.extractors.forms import names, pairs_of

# fmt: off
AGENCY_CASES = [
    # a bare district or city party committee listed before that level's people's committee
    # shares its place
    ("Tỉnh yêu cầu Huyện ủy, UBND huyện Sơn Hà rà soát quỹ đất.",
     ["Huyện ủy Sơn Hà", "Ủy ban nhân dân huyện Sơn Hà"], "district-committee-shares-place"),
    ("Đoàn công tác làm việc với Thành ủy, UBND TP. Long Xuyên.",
     ["Thành ủy Long Xuyên", "Ủy ban nhân dân thành phố Long Xuyên"], "city-committee-shares-place"),
    ("Đoàn công tác làm việc với Huyện ủy, HĐND, UBND huyện Sơn Hà.",
     ["Huyện ủy Sơn Hà", "Hội đồng nhân dân huyện Sơn Hà", "Ủy ban nhân dân huyện Sơn Hà"],
     "shares-place-over-a-council"),
    # a different unit, or a verb between them, shares nothing
    ("Huyện ủy, UBND thành phố Long Xuyên cùng dự.",
     ["Huyện ủy", "Ủy ban nhân dân thành phố Long Xuyên"], "other-unit-shares-nothing"),
    ("Huyện ủy chỉ đạo, UBND huyện Sơn Hà thực hiện.",
     ["Huyện ủy", "Ủy ban nhân dân huyện Sơn Hà"], "a-verb-between-shares-nothing"),
]


@pytest.mark.parametrize("text, expected", [c[:2] for c in AGENCY_CASES],
                         ids=[c[2] for c in AGENCY_CASES])
def test_agency_forms(text, expected):
    assert names(text, "Quảng Ngãi") == expected


TASK_CASES = [
    # "VN" for "Việt Nam" in a national department's name belongs to the name, so a list of
    # such departments sharing one verb stays one list
    ("Thứ trưởng Lê Văn Tám giao Cục Hàng không VN, Cục Đường sắt VN kiểm tra việc "
     "bốc xếp tại các ga.",
     [[("Cục Hàng không Việt Nam", "implement"), ("Cục Đường sắt Việt Nam", "implement")]],
     "vn-abbreviation-in-a-comma-list"),
    ("Bộ Xây dựng đề nghị Cục Đường bộ VN và Cục Đường sắt VN rà soát các điểm giao cắt.",
     [[("Cục Đường bộ Việt Nam", "implement"), ("Cục Đường sắt Việt Nam", "implement")]],
     "vn-abbreviation-in-a-va-list"),
    # a body's head shared by a list of places after "đề nghị"/"yêu cầu" hands each place's
    # body the task, whatever its verb
    ("Thành phố đề nghị Đảng ủy các phường Hòa Bình, Tân Lập đưa chỉ tiêu cây xanh vào nghị "
     "quyết đại hội.",
     [[("Đảng ủy phường Hòa Bình", "implement"), ("Đảng ủy phường Tân Lập", "implement")]],
     "shared-party-head-after-de-nghi"),
    ("UBND tỉnh yêu cầu UBND các xã Hòa Bình, Tân Lập đưa chỉ tiêu cây xanh vào kế hoạch năm.",
     [[("Ủy ban nhân dân xã Hòa Bình", "implement"), ("Ủy ban nhân dân xã Tân Lập", "implement")]],
     "shared-committee-head-after-yeu-cau"),
    # land or records transferred to the communes is no task of theirs
    ("Hồ sơ do Ban Bồi thường huyện cũ lưu giữ đã được chuyển giao cho UBND các xã Hòa Bình, "
     "Tân Lập.", [], "transferred-to-a-list-is-no-task"),
    # "kiên quyết" (resolutely) is an adverb before the verb; "không để" (not let it happen)
    # is a directive to prevent
    ("Bên cạnh đó, UBND xã Tân Lập phải kiên quyết không để tái lấn chiếm hành lang đê.",
     [[("Ủy ban nhân dân xã Tân Lập", "implement")]], "kien-quyet-khong-de"),
    ("Sở Y tế kiên quyết xử lý các phòng khám không phép.", [[("Sở Y tế", "implement")]],
     "kien-quyet-before-an-action"),
    ("Năm qua, Sở Y tế đã kiên quyết không để phát sinh phòng khám không phép.", [],
     "past-prevention-is-an-event"),
    ("Thường trực Tỉnh ủy đề nghị Huyện ủy, UBND huyện Sơn Hà rà soát quỹ đất.",
     [[("Huyện ủy Sơn Hà", "implement"), ("Ủy ban nhân dân huyện Sơn Hà", "implement")]],
     "committees-sharing-a-place-share-the-task"),
    # a paragraph of running prose that opens with a role and names partners of its own goes
    # on with the body of the directive's paragraph before it, as after a semicolon
    ("Cụ thể, Bộ Nội vụ chủ trì cùng các bộ, ngành rà soát chỉ tiêu biên chế năm tới."
     "\n\nChủ trì, phối hợp với Bộ Quốc phòng, Bộ Khoa học và Công nghệ hoàn thiện đề án.",
     [[("Bộ Nội vụ", "lead")],
      [("Bộ Nội vụ", "lead"), ("Bộ Quốc phòng", "coordinate"),
       ("Bộ Khoa học và Công nghệ", "coordinate")]],
     "role-opening-paragraph-keeps-the-subject"),
    # a report of an event (a dated clause) that hands work down with "chỉ đạo" to a body with
    # a role of its own gives that body the task; a past directive ("đã chỉ đạo") or a body
    # with no role of its own does not
    ("Ngày 3/9, Thứ trưởng Bộ Công Thương Phan Văn Hòa có văn bản chỉ đạo Cục Điện lực chủ "
     "trì kiểm tra các hợp đồng mua bán điện.", [[("Cục Điện lực", "lead")]],
     "dated-report-hands-down-with-chi-dao"),
    ("Ngày 3/9, Bộ Công Thương đã chỉ đạo Cục Điện lực kiểm tra các hợp đồng mua bán điện.",
     [], "past-chi-dao-is-an-event"),
    ("Ngày 3/9, Bộ Công Thương chỉ đạo Cục Điện lực về việc kiểm tra các hợp đồng.", [],
     "chi-dao-with-no-role-is-an-event"),
    # a body handed work "phối hợp với" partners takes the role of its own verb after them:
    # "tham mưu" is advise (GUIDELINE), any other action implement
    ("Chủ tịch tỉnh giao Sở Nội vụ phối hợp với Sở Tư pháp sớm tham mưu sửa đổi quy chế làm việc.",
     [[("Sở Nội vụ", "advise"), ("Sở Tư pháp", "coordinate")]], "partners-then-tham-muu-advise"),
    ("Chủ tịch tỉnh giao Sở Nội vụ phối hợp với Sở Tư pháp sửa đổi quy chế làm việc.",
     [[("Sở Nội vụ", "implement"), ("Sở Tư pháp", "coordinate")]], "partners-then-action-implement"),
]
# fmt: on


@pytest.mark.parametrize("text, expected", [c[:2] for c in TASK_CASES],
                         ids=[c[2] for c in TASK_CASES])
def test_task_forms(text, expected):
    assert pairs_of(text) == expected
