"""Deadlines: trigger + date expression -> CONTRACT due dates; standing duties; negatives."""

from __future__ import annotations

import pytest

from pipeline.extractors.deadlines import extract_deadlines, parse_date_expression


def due(surface, date=None, recurrence=None):
    """Expected deadline: its surface, due date and recurrence."""
    return (surface, date, recurrence)


REF = "2021-07-12"  # a Monday

# fmt: off
CASES = [
    # --- days, every written form
    ("Sở Tài chính báo cáo trước ngày 15/8/2021.", REF, [due("trước ngày 15/8/2021", "2021-08-15")], "slash"),
    ("Hoàn thiện hồ sơ trước ngày 15-8-2021.", REF, [due("trước ngày 15-8-2021", "2021-08-15")], "hyphen"),
    ("Trình UBND tỉnh trước ngày 20.7.2021.", REF, [due("trước ngày 20.7.2021", "2021-07-20")], "dots"),
    ("Gửi báo cáo trước 30/9 để tổng hợp.", REF, [due("trước 30/9", "2021-09-30")], "no-ngay-no-year"),
    ("Cho phép gia hạn đến 31 tháng 10 năm 2021; sau đó thu hồi.", REF,
     [due("đến 31 tháng 10 năm 2021", "2021-10-31")], "words-without-ngay-with-year"),
    ("Buổi tiếp công dân định kỳ tháng 9/2021 do Chủ tịch chủ trì.", REF, [], "periodic-session-of-one-month"),
    ("Phòng họp giao ban định kỳ quý III năm 2021.", REF, [], "periodic-meeting-of-one-quarter"),
    ("Nộp kế hoạch trước ngày 10-4 năm sau.", "2021-03-01", [due("trước ngày 10-4", "2021-04-10")], "day-month-hyphen"),
    ("Các đơn vị gửi đăng ký trước 14 giờ, ngày 05/12/2017.", "2017-12-01",
     [due("trước 14 giờ, ngày 05/12/2017", "2017-12-05")], "time-of-day"),
    ("Báo cáo kết quả chậm nhất ngày 30-10-2021.", REF, [due("chậm nhất ngày 30-10-2021", "2021-10-30")], "at-the-latest"),
    ("Hoàn thành chậm nhất là ngày 25 tháng 8 năm 2021.", REF,
     [due("chậm nhất là ngày 25 tháng 8 năm 2021", "2021-08-25")], "day-in-words"),
    ("Bàn giao mặt bằng đến ngày 31/8/2021.", REF, [due("đến ngày 31/8/2021", "2021-08-31")], "by-day"),
    ("Tổng hợp xong trước 15/8 để trình.", REF, [due("xong trước 15/8", "2021-08-15")], "finished-before"),
    # --- months, quarters, halves, years
    ("Triển khai hộ chiếu vắc-xin trong tháng 8/2021.", "2021-07-07", [due("trong tháng 8/2021", "2021-08-31")], "month"),
    ("Phấn đấu hoàn thành hỗ trợ trong tháng 7/2021.", "2021-07-07", [due("trong tháng 7/2021", "2021-07-31")], "month-seed"),
    ("Giải ngân đến trước tháng 9.2021 phải đạt 60%.", REF, [due("đến trước tháng 9.2021", "2021-08-31")], "before-month"),
    ("Hoàn thành việc rà soát trong tháng 7.", REF, [due("trong tháng 7", "2021-07-31")], "month-no-year"),
    ("Tổ chức hội nghị đầu tháng 8 và báo cáo vào đầu tháng 8.", REF, [due("vào đầu tháng 8", "2021-08-10")], "early-month"),
    ("Kết thúc thanh tra chậm nhất là cuối tháng 10.", REF, [due("chậm nhất là cuối tháng 10", "2021-10-31")], "end-of-month"),
    ("Trình thẩm định trong quý III/2022.", REF, [due("trong quý III/2022", "2022-09-30")], "quarter"),
    ("Hoàn thành trước quý IV/2021.", REF, [due("trước quý IV/2021", "2021-09-30")], "before-quarter"),
    ("Đưa vào vận hành trong đầu quý II/2022.", REF, [due("trong đầu quý II/2022", "2022-04-30")], "early-quarter"),
    ("Dự án phải hoàn thành trong 6 tháng cuối năm 2022.", REF,
     [due("trong 6 tháng cuối năm 2022", "2022-12-31")], "half-after-completion"),
    ("Xử lý dứt điểm các tồn đọng trong năm 2023.", REF, [due("trong năm 2023", "2023-12-31")], "year"),
    ("Đưa công trình vào sử dụng chậm nhất cuối năm 2021.", REF, [due("chậm nhất cuối năm 2021", "2021-12-31")], "end-of-year"),
    ("Giải ngân hết vốn vào cuối năm.", REF, [due("vào cuối năm", "2021-12-31")], "end-of-year-no-year"),
    ("Một tháng cuối năm, ký hợp đồng trước tháng 1/2022.", "2021-11-20", [due("trước tháng 1/2022", "2021-12-31")], "before-january"),
    ("Báo cáo trước ngày 15/1 năm tới.", "2021-12-10", [due("trước ngày 15/1", "2022-01-15")], "rollover-into-next-year"),
    # --- relative, week, holiday
    ("Trình UBND tỉnh trong 15 ngày làm việc.", REF, [due("trong 15 ngày làm việc", "2021-08-02")], "working-days"),
    ("Khắc phục trong thời hạn 30 ngày.", REF, [due("trong thời hạn 30 ngày", "2021-08-11")], "calendar-days"),
    ("Gửi báo cáo trong tuần để tổng hợp.", REF, [due("trong tuần", "2021-07-16")], "within-the-week"),
    ("Chi trả xong trước Tết Nguyên đán Nhâm Dần 2022.", REF,
     [due("xong trước Tết Nguyên đán Nhâm Dần 2022", "2022-01-31")], "before-tet"),
    ("Cấp phát gạo trước Tết Nguyên đán cho hộ nghèo.", "2021-11-02", [due("trước Tết Nguyên đán", "2022-01-31")], "tet-next"),
    # --- standing duties
    ("Cục Thuế báo cáo kết quả thu nợ trước ngày 20 hằng tháng.", REF,
     [due("trước ngày 20 hằng tháng", recurrence="monthly")], "monthly-day"),
    ("Công an tỉnh báo cáo trước ngày 05 của tháng đầu quý.", REF,
     [due("trước ngày 05 của tháng đầu quý", recurrence="quarterly")], "quarterly-day-of-first-month"),
    ("Định kỳ hằng quý báo cáo kết quả về Sở Xây dựng.", REF, [due("Định kỳ hằng quý", recurrence="quarterly")], "quarterly"),
    ("Các huyện tổng hợp, báo cáo hàng tháng về Văn phòng.", REF, [due("hàng tháng", recurrence="monthly")], "monthly"),
    ("Văn phòng theo dõi, định kỳ 6 tháng báo cáo UBND tỉnh.", REF, [due("định kỳ 6 tháng", recurrence="half-yearly")], "half-yearly"),
    ("Tổ chức kiểm tra hằng năm đối với các cơ sở.", REF, [due("hằng năm", recurrence="yearly")], "yearly"),
    ("Nộp số liệu từ ngày 1 đến ngày 5 hằng tháng.", REF, [due("đến ngày 5 hằng tháng", recurrence="monthly")], "monthly-range"),
    # --- negatives: no trigger, urgency, documents, periods, ranges, horizons, past
    ("Sở Y tế khẩn trương triển khai ngay, kịp thời báo cáo.", REF, [], "urgency-only"),
    ("Thực hiện Nghị quyết số 63/NQ-CP ngày 29/6/2021 của Chính phủ.", REF, [], "document-date"),
    ("Ngày 07 tháng 7 năm 2021, UBND tỉnh tổ chức hội nghị.", REF, [], "meeting-date"),
    ("Kỷ niệm 74 năm ngày Thương binh - Liệt sĩ (27/7/1947 - 27/7/2021).", REF, [], "anniversary"),
    ("Kết quả 6 tháng đầu năm 2021 và quý I/2022 còn thấp.", REF, [], "periods-without-trigger"),
    ("Dự báo tình hình từ nay đến cuối năm còn nhiều khó khăn.", REF, [], "forecast-range"),
    ("Chuẩn bị nội dung trình kỳ họp HĐND tỉnh giữa năm 2021.", REF, [], "mid-year-session"),
    ("Quyết tâm chuyển biến mạnh trong 06 tháng cuối năm.", REF, [], "half-without-completion"),
    ("Lập quy hoạch sử dụng đất đến năm 2030.", REF, [], "horizon"),
    ("Trong quý II/2021, kinh tế tăng trưởng khá.", REF, [], "reviewed-quarter"),
    ("Tính đến ngày 30/6/2021, giải ngân đạt 28%.", REF, [], "as-of-date"),
    ("Thu nội địa đến ngày 15/12/2021 ước đạt 96% dự toán.", REF, [], "status-date-before-a-figure"),
    ("Mưa lớn có khả năng xuất hiện vào cuối tháng 9.", REF, [], "forecast-not-due"),
    ("Điều chuyển vốn sang các dự án có khả năng giải ngân tốt, trình trước ngày 31/7/2021.", REF,
     [due("trước ngày 31/7/2021", "2021-07-31")], "able-to-is-not-a-forecast"),
    ("Trong 6 tháng xảy ra 12 vụ cháy rừng.", REF, [], "months-under-review"),
    ("Sở Nội vụ rà soát, báo cáo trong 2 tháng.", REF, [due("trong 2 tháng", "2021-09-12")], "within-two-months"),
    ("Phấn đấu đến ngày 31/12/2021 giải ngân đạt 100% kế hoạch.", REF,
     [due("đến ngày 31/12/2021", "2021-12-31")], "goal-date-before-an-action"),
    ("Các dự án phê duyệt trước năm 2015 phải rà soát.", REF, [], "past-condition"),
    ("Lập kế hoạch vốn hằng năm theo quy định.", REF, [], "annual-budget-not-duty"),
    ("Mất việc làm trong 2-3 tháng qua.", REF, [], "range-of-months"),
    # --- a deadline bounds a directive: events, reviewed and named periods are not
    ("Trong năm 2020, Huyện ủy đã lãnh đạo hoàn thành nhiều chỉ tiêu.", REF, [], "fronted-period-of-a-past-event"),
    ("Mô hình điểm đã được công nhận và tiếp tục nhân rộng trong năm 2021.", REF, [], "past-tense-clause"),
    ("Bản tin điểm lại các chỉ đạo nổi bật trong tuần (từ ngày 5-9/7/2021).", REF, [], "week-named-by-its-dates"),
    ("Tỉnh chuyển cấp độ khi số ca mắc trong 7 ngày vượt ngưỡng cho phép.", REF, [], "measuring-window"),
    ("Mục tiêu tăng trưởng trong năm 2021 của huyện là 7%.", REF, [], "period-of-a-target"),
    ("Sở Y tế rà soát các hồ sơ đã nộp, xong trong tuần.", REF,
     [due("trong tuần", "2021-07-16")], "tense-in-a-relative-clause-keeps-the-deadline"),
    ("Lập phương án vừa chống dịch vừa sản xuất, hoàn thành trước ngày 20/8/2021.", REF,
     [due("trước ngày 20/8/2021", "2021-08-20")], "correlative-vua-is-no-tense"),
    ("Bộ Xây dựng trình Chính phủ ban hành trong Quý IV năm 2021.", REF,
     [due("trong Quý IV năm 2021", "2021-12-31")], "capitalised-quarter"),
    ("Các sở hoàn thành kiểm kê trong Tháng 9/2021.", REF,
     [due("trong Tháng 9/2021", "2021-09-30")], "capitalised-month"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "ref", "expected"), [c[:3] for c in CASES], ids=[c[3] for c in CASES]
)
def test_deadlines_table(text, ref, expected):
    found = extract_deadlines(text, ref)
    assert [(d.surface, d.due_on, d.recurrence) for d in found] == expected
    assert all(text[d.start : d.end] == d.surface for d in found)


# fmt: off
EXPRESSIONS = [
    ("trước tháng 9/2021", None, "2021-08-31"),
    ("trước quý IV/2021", None, "2021-09-30"),
    ("quý III/2021", None, "2021-09-30"),
    ("trong tháng 7/2021", None, "2021-07-31"),
    ("tháng 2/2024", None, "2024-02-29"),
    ("cuối năm 2021", None, "2021-12-31"),
    ("trong năm 2023", None, "2023-12-31"),
    ("chậm nhất ngày 15/8/2021", None, "2021-08-15"),
    ("trước ngày 15/8", "2021-07-07", "2021-08-15"),
    ("ngày 29 tháng 6 năm 2021", None, "2021-06-29"),
    ("trước Tết Dương lịch 2022", None, "2021-12-31"),
    ("trong 30 ngày làm việc", "2021-07-07", "2021-08-18"),
    ("trong 03 tháng", "2021-01-31", "2021-04-30"),
    ("trước ngày 15/8", None, None),          # no year and no reference date
    ("trước Tết Nguyên đán", None, None),     # the year of Tết is unknown
    ("ngày 20 hằng tháng", None, None),       # a standing duty has no date
    ("khẩn trương", "2021-07-07", None),
]
# fmt: on


@pytest.mark.parametrize(
    ("expr", "ref", "expected"), EXPRESSIONS, ids=[e[0] for e in EXPRESSIONS]
)
def test_parse_date_expression(expr, ref, expected):
    assert parse_date_expression(expr, ref) == expected


def test_deadlines_unknown_year_is_noted():
    (found,) = extract_deadlines("Cấp phát trước Tết Nguyên đán.", None)
    assert (found.due_on, found.note) == (None, "tet year unknown")


OUT = "date out of range (1945-2100)"

# fmt: off
OUT_OF_RANGE = [
    # (text, reference date, surface of the dateless deadline, id)
    ("Hoàn thành trong vòng 15 ngày.", "2100-12-25", "trong vòng 15 ngày", "relative-past-2100"),
    ("Trình hồ sơ trong 30 ngày làm việc.", "2100-12-01", "trong 30 ngày làm việc", "working-days-past-2100"),
    ("Báo cáo trước ngày 31 tháng 12 năm 9999.", REF, "trước ngày 31 tháng 12 năm 9999", "year-9999-in-words"),
    ("Báo cáo trước ngày 31 tháng 12 năm 10000.", REF, "trước ngày 31 tháng 12 năm 10000", "year-10000"),
    ("Nộp báo cáo trong quý IV/99999.", REF, "trong quý IV/99999", "quarter-of-a-giant-year"),
    ("Gửi kết quả trong tháng 9.1800.", REF, "trong tháng 9.1800", "month-of-1800"),
    ("Rà soát xong trước năm 1900.", None, "xong trước năm 1900", "year-before-1945"),
    ("Trình đề án trước tháng 1/1945.", None, "trước tháng 1/1945", "day-before-falls-in-1944"),
    ("Tổ chức kiểm tra trong tuần sau.", "2100-12-30", "trong tuần sau", "next-week-past-2100"),
    ("Giải ngân hết vào cuối năm sau.", "2100-12-30", "vào cuối năm sau", "next-year-past-2100"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "ref", "surface"),
    [c[:3] for c in OUT_OF_RANGE],
    ids=[c[3] for c in OUT_OF_RANGE],
)
def test_deadlines_out_of_range_have_no_date_and_a_note(text, ref, surface):
    (found,) = extract_deadlines(text, ref)
    assert (found.surface, found.due_on) == (surface, None)
    assert found.note.startswith(OUT)


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("Hoàn thành trong vòng 15 ngày.", "9999-12-31"),
        ("Hoàn thành trong vòng 99999999 ngày.", "2021-07-12"),
        ("Hoàn thành trong 999 ngày làm việc.", "10000-01-01"),
    ],
    ids=["reference-9999", "count-too-long-for-a-span", "reference-10000"],
)
def test_deadlines_absurd_reference_is_no_reference(text, ref):
    """A notice dated 9999 gives no date to count from (and no error)."""
    assert all(d.due_on is None for d in extract_deadlines(text, ref))

