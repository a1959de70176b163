"""Forms of real conclusion reports found in rule round 18 (issue 15). Every sentence is
written for these tests, names invented."""

from __future__ import annotations

import pytest

from tests.extractors.forms import names, pairs_of

# fmt: off
AGENCY_CASES = [
    # an adverb of addition, frequency or stage after a body ends its name: the body is not
    # named with it
    ("Các thành viên Ban Chỉ đạo du lịch cũng góp ý vào dự thảo.",
     ["Ban Chỉ đạo du lịch"], "adverb-cung-ends-the-name"),
    ("Tỉnh muốn nhóm Ban Chỉ đạo phát triển nông thôn định kỳ hằng quý.",
     ["Ban Chỉ đạo phát triển nông thôn"], "adverb-dinh-ky-ends-the-name"),
    ("Các phòng gửi Ban Quản lý khu công nghiệp bước đầu số liệu kiểm kê.",
     ["Ban Quản lý khu công nghiệp"], "adverb-buoc-dau-ends-the-name"),
    ("Thành viên Ban Chỉ đạo giảm nghèo thảo luận phương án vay vốn.",
     ["Ban Chỉ đạo giảm nghèo"], "verb-thao-luan-ends-the-name"),
    # the province's party committee: listed bare before the province's people's committee
    # it shares the place, as a district's does; printed with the unit word before the
    # province it keeps the province
    ("Văn bản gửi Tỉnh ủy, UBND tỉnh Gia Lai để phối hợp.",
     ["Tỉnh ủy Gia Lai", "Ủy ban nhân dân tỉnh Gia Lai"], "tinh-uy-shares-the-place"),
    ("Bộ đã nhận công văn của Tỉnh ủy tỉnh Gia Lai về khu cách ly.",
     ["Tỉnh ủy Gia Lai"], "tinh-uy-unit-word-before-the-province"),
    ("Tỉnh ủy tỉnh này đã chỉ đạo rà soát.",
     ["Tỉnh ủy"], "tinh-uy-unit-word-no-province"),
    # the party committee of the province's elected bodies (since 2025), printed with its
    # abbreviations: one body, not the council inside it
    ("Đảng ủy Đoàn ĐBQH và HĐND tỉnh Gia Lai góp ý dự thảo quy chế.",
     ["Đảng ủy Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh Gia Lai"],
     "party-committee-of-the-elected-bodies"),
]


@pytest.mark.parametrize("text, expected", [c[:2] for c in AGENCY_CASES],
                         ids=[c[2] for c in AGENCY_CASES])
def test_agency_forms(text, expected):
    assert names(text, "Bến Tre") == expected


TASK_CASES = [
    # a person surnamed Đặng named right after a body is no tense word: folded, "Đặng" and
    # "đang" (in progress) are one word, and the body read as narrated
    ("Sở Công Thương Đặng Quốc Khánh chủ trì kiểm tra thị trường xăng dầu.",
     [[("Sở Công Thương", "lead")]], "surname-dang-after-a-body"),
    # ... while "đang" itself still tells an action under way
    ("Sở Công Thương đang kiểm tra thị trường xăng dầu.",
     [], "tense-word-dang-after-a-body"),
]


@pytest.mark.parametrize("text, expected", [c[:2] for c in TASK_CASES],
                         ids=[c[2] for c in TASK_CASES])
def test_task_forms(text, expected):
    assert pairs_of(text) == expected


def deadlines_of(text: str) -> list[tuple[str, str | None, str | None]]:
    from pipeline.extractors.deadlines import extract_deadlines

    return [(d.surface, d.due_on, d.recurrence) for d in extract_deadlines(text, "2024-03-10")]


DEADLINE_CASES = [
    # a weekday with its opener or clock time before "hằng tuần" is one weekly duty
    ("Các xã gửi số liệu về Sở Nội vụ trước 10 giờ thứ Ba hằng tuần.",
     [("trước 10 giờ thứ Ba hằng tuần", None, "weekly")], "clock-time-and-weekday"),
    ("Phòng Kinh tế nộp bảng tiến độ định kỳ vào thứ Hai hằng tuần.",
     [("định kỳ vào thứ Hai hằng tuần", None, "weekly")], "periodically-on-a-weekday"),
    ("Văn phòng định kỳ thứ Tư hằng tuần tổng hợp số hộ đã di dời.",
     [("định kỳ thứ Tư hằng tuần", None, "weekly")], "periodically-weekday-no-vao"),
    ("Đội quản lý thị trường báo cáo chậm nhất vào thứ Sáu hằng tuần.",
     [("chậm nhất vào thứ Sáu hằng tuần", None, "weekly")], "at-the-latest-on-a-weekday"),
    # ... but days a place opens are a schedule, no duty
    ("Nhà trưng bày đón khách từ thứ Tư đến Chủ nhật hằng tuần.",
     [], "opening-days-no-duty"),    # a report handed to whom it goes to keeps its day in a page printed after it, as after
    # "trình"; a bare "báo cáo trước ngày" told after the day does not
    ("Tháng 11, báo đưa tin: trước đó Phó Thủ tướng yêu cầu Bộ Xây dựng rà soát, báo cáo "
     "Chính phủ số liệu đã kiểm tra trước ngày 15-2-2024.",
     [("trước ngày 15-2-2024", "2024-02-15", None)], "report-to-the-prime-minister-past-day"),
    ("Sở Y tế rà soát số giường bệnh, báo cáo trước ngày 15-2-2024.",
     [], "bare-report-past-day"),
]


@pytest.mark.parametrize("text, expected", [c[:2] for c in DEADLINE_CASES],
                         ids=[c[2] for c in DEADLINE_CASES])
def test_deadline_forms(text, expected):
    assert deadlines_of(text) == expected
