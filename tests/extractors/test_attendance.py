"""Absences and delegations: footnoted lists, inline lists, delegation sentences."""

from __future__ import annotations

import pytest

from pipeline.core.paths import ROOT
from pipeline.extractors.attendance import extract_attendance, summarise_attendance

SEED = ROOT / "corpus/raw/kien-giang/2021-07-07-kiem-diem-6-thang-2021.txt"  # the seed


def notes(text):
    return [(n.status, n.who, n.delegate, n.reason) for n in extract_attendance(text)]


# fmt: off
CASES = [
    ("Các sở đều có mặt. Sở Công Thương vắng mặt không có lý do.",
     [("absent", "Sở Công Thương", None, "không có lý do")], "bare-absent-no-paren"),
    ("Giám đốc Sở Xây dựng vắng (họp tại Bộ), ủy quyền bà Lê Thu Hà, Phó Giám đốc dự thay.",
     [("absent", "Giám đốc Sở Xây dựng", None, "họp tại Bộ"),
      ("delegated", "Sở Xây dựng", "Lê Thu Hà", None)], "away-and-delegated"),
    ("Tình trạng vắng mặt tại nơi làm việc còn xảy ra.", [], "vang-mat-as-a-topic"),
    ("Dự họp có thành viên UBND tỉnh, vắng: Giám đốc Sở Y tế (đi công tác).",
     [("absent", "Giám đốc Sở Y tế", None, "đi công tác")], "inline-absent"),
    ("Vắng mặt: Giám đốc Công an tỉnh (không có lý do); Giám đốc Sở Xây dựng (nghỉ phép).",
     [("absent", "Giám đốc Công an tỉnh", None, "không có lý do"),
      ("absent", "Giám đốc Sở Xây dựng", None, "nghỉ phép")], "inline-two"),
    ("Vắng: Sở Nội vụ (cử ông Lê Văn Bảy, không có lý do).",
     [("delegated", "Sở Nội vụ", "Lê Văn Bảy", "không có lý do")], "inline-delegated-paren"),
    ("(vắng: Giám đốc Sở Tư pháp do đi học; Sở Công Thương cử ông Vũ Văn Tám, Phó Giám đốc dự thay).",
     [("absent", "Giám đốc Sở Tư pháp", None, "đi học"),
      ("delegated", "Sở Công Thương", "Vũ Văn Tám", None)], "inline-in-brackets"),
    ("Dự họp có thành viên UBND tỉnh, vắng 02 thành viên¹.\n\n"
     "¹ Phó Chủ tịch UBND tỉnh Hồ Thanh Sơn (dự hội nghị tại Hà Nội); Giám đốc Sở Tài chính (ốm).",
     [("absent", "Phó Chủ tịch Ủy ban nhân dân tỉnh Hồ Thanh Sơn", None, "dự hội nghị tại Hà Nội"),
      ("absent", "Giám đốc Sở Tài chính", None, "ốm")], "footnote-absent"),
    ("Có 02 thành viên cử cấp phó tham dự².\n\n"
     "² Sở Y tế (cử bà Đỗ Thị Hoa, Phó Giám đốc); Sở Xây dựng (cử cấp phó dự thay).",
     [("delegated", "Sở Y tế", "Đỗ Thị Hoa", "Phó Giám đốc"),
      ("delegated", "Sở Xây dựng", "cấp phó", None)], "footnote-delegated"),
    ("Giám đốc Sở Tài chính cử Phó Giám đốc Kha Văn Mến dự thay.",
     [("delegated", "Giám đốc Sở Tài chính", "Kha Văn Mến", None)], "sentence-delegation"),
    ("Chủ tịch UBND huyện An Minh vắng, ủy quyền Phó Chủ tịch Lý Văn Ba dự họp.",
     [("delegated", "Chủ tịch Ủy ban nhân dân huyện An Minh", "Lý Văn Ba", None)], "sentence-uy-quyen"),
    ("Giám đốc Sở Y tế vắng (đi công tác), Phó Giám đốc Sở Y tế Lâm Thị Nga dự thay.",
     [("absent", "Giám đốc Sở Y tế", None, "đi công tác"),
      ("delegated", "Sở Y tế", "Lâm Thị Nga", None)], "absent-then-standin"),
    ("Vắng Giám đốc Sở Công Thương (họp tại Bộ); Sở Tư pháp cử ông Võ Văn Chín, Phó Giám đốc dự thay.",
     [("absent", "Giám đốc Sở Công Thương", None, "họp tại Bộ"),
      ("delegated", "Sở Tư pháp", "Võ Văn Chín", None)], "vang-before-who"),
    ("Sở Tư pháp cử bà Tô Thị Lan, Phó Giám đốc dự thay Giám đốc Sở.",
     [("delegated", "Sở Tư pháp", "Tô Thị Lan", None)], "object-not-reason"),
    ("Vắng đồng chí Trần Văn Tư, Ủy viên Ban Thường vụ, Trưởng Ban Dân vận Tỉnh ủy (đi học).",
     [("absent", "Trần Văn Tư, Trưởng Ban Dân vận Tỉnh ủy", None,
       "đi học")], "vang-person-with-titles"),
    ("Vắng mặt: bà Hồ Thị Nhung, Phó Chủ tịch UBND huyện (dự lớp bồi dưỡng). Giám đốc Sở Xây dựng "
     "bận tiếp đoàn công tác, ủy quyền ông Mai Văn Tâm, Phó Giám đốc dự thay.",
     [("absent", "Hồ Thị Nhung, Phó Chủ tịch Ủy ban nhân dân huyện", None, "dự lớp bồi dưỡng"),
      ("delegated", "Sở Xây dựng", "Mai Văn Tâm", "Giám đốc bận tiếp đoàn công tác")],
     "honorific-dropped-and-head-away-delegates"),
    ("Vắng: Phó Chủ tịch UBND huyện Cờ Đỏ (ốm) và Chủ tịch UBND huyện Thới Lai (không có lý do). "
     "Sở GD&ĐT tỉnh Hậu Giang cử ông Lê Văn Tư, Phó Giám đốc dự thay.",
     [("absent", "Phó Chủ tịch Ủy ban nhân dân huyện Cờ Đỏ", None, "ốm"),
      ("absent", "Chủ tịch Ủy ban nhân dân huyện Thới Lai", None, "không có lý do"),
      ("delegated", "Sở Giáo dục và Đào tạo tỉnh Hậu Giang", "Lê Văn Tư", None)],
     "va-joins-items-and-bodies-spelled-out"),
    ("Vắng đại diện Bộ Quốc phòng (bận công tác).", [("absent", "Bộ Quốc phòng", None, "bận công tác")],
     "envoy-of-a-body"),
    ("Sở Giáo dục và Đào tạo không cử người tham dự.",
     [("absent", "Sở Giáo dục và Đào tạo", None, None)], "sent-nobody"),
    ("Đồng chí Giám đốc Sở Nội vụ vắng mặt có lý do.",
     [("absent", "Giám đốc Sở Nội vụ", None, "có lý do")], "honorific-dropped"),
    # negatives and near misses
    ("Dự họp có đầy đủ thành viên UBND tỉnh.", [], "no-absence"),
    ("Tránh tình trạng vắng mặt không lý do tại các cuộc họp.", [], "vang-in-prose"),
    ("Lãnh đạo UBND cấp huyện tham dự³.\n\n³ Rạch Giá, Hà Tiên không có lãnh đạo tham dự (do tiếp xúc cử tri).",
     [], "footnote-without-cue"),
    # an empty item between two separators used to lose the offsets of the items after it
    ("Vắng: Giám đốc Sở Nội vụ (đi công tác);; Giám đốc Sở Xây dựng (ốm).",
     [("absent", "Giám đốc Sở Nội vụ", None, "đi công tác"),
      ("absent", "Giám đốc Sở Xây dựng", None, "ốm")], "empty-item-between-separators"),
    # a run of superscripts too long for a footnote number (int() refuses 4,300 digits)
    ("Tránh vắng mặt" + "⁹" * 5000 + " tại các cuộc họp.\n\n" + "⁹" * 5000 + " Ghi chú.",
     [], "superscript-flood"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "expected", "case_id"), CASES, ids=[c[2] for c in CASES]
)
def test_attendance_cases(text, expected, case_id):
    found = extract_attendance(text)
    assert [(n.status, n.who, n.delegate, n.reason) for n in found] == expected
    for n in found:
        assert text[n.start : n.end] == n.surface


def test_attendance_seed_summary():
    summary = summarise_attendance(extract_attendance(SEED.read_text(encoding="utf-8")))
    assert summary == {
        "absent": [
            {
                "who": "Phó Chủ tịch Ủy ban nhân dân tỉnh Nguyễn Thanh Nhân",
                "reason": "công tác Hà Nội",
            },
            {"who": "Giám đốc Công an tỉnh", "reason": "không có lý do"},
            {
                "who": "Giám đốc Sở Giáo dục và Đào tạo",
                "reason": "có xin phép để chỉ đạo kỳ thi tốt nghiệp THPT",
            },
        ],
        "delegated": [
            {
                "who": "Sở Kế hoạch và Đầu tư",
                "delegate": "Huỳnh Xuân Vũ",
                "reason": "Giám đốc có xin phép đi công tác Hà Nội",
            },
            {
                "who": "Sở Nội vụ",
                "delegate": "Đinh Xuân Phương",
                "reason": "không có lý do",
            },
        ],
    }


def test_summarise_attendance_empty():
    assert summarise_attendance([]) == {"absent": [], "delegated": []}
