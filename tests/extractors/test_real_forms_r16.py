"""Forms of real conclusion reports found in rule round 16 (issue 15): deadlines. Every
sentence is written for these tests, names invented."""

from __future__ import annotations

import pytest

from pipeline.extractors.deadlines import extract_deadlines

# fmt: off
DEADLINE_CASES = [
    # minutes marked with a prime after a clock time before the date
    ("Các xã gửi số liệu qua thư điện tử chậm nhất 9h30' ngày 14/5/2021.",
     "2021-04-30", [("chậm nhất 9h30' ngày 14/5/2021", "2021-05-14")], "clock-prime-minutes"),
    ("Phòng Kinh tế nộp danh sách trước 16h00’ ngày 03/6/2022.",
     "2022-05-20", [("trước 16h00’ ngày 03/6/2022", "2022-06-03")], "clock-curly-prime"),
    ("Trường Tân Lập nộp hồ sơ trước 8 giờ 15 phút ngày 2/10/2023.",
     "2023-09-25", [("trước 8 giờ 15 phút ngày 2/10/2023", "2023-10-02")], "clock-words-unchanged"),
    # a tense word in an earlier verb phrase of a comma series does not make the last
    # phrase, a directive, narrated
    ("Giao Sở Công Thương kiểm tra các hạng mục đã thi công đến nay, báo cáo UBND tỉnh "
     "trước ngày 18-9-2019.",
     "2019-09-10", [("trước ngày 18-9-2019", "2019-09-18")], "comma-series-directive"),
    ("Sở Nội vụ tổng hợp các kiến nghị đã nhận, trình Chủ tịch UBND tỉnh trước ngày 5.11.2020.",
     "2020-10-28", [("trước ngày 5.11.2020", "2020-11-05")], "comma-series-dotted-date"),
    # still narrated: the phrase carrying the date has its own tense word
    ("Huyện Phù Lãng đã kiểm tra các cơ sở và báo cáo tỉnh trước ngày 20-12-2018.",
     "2018-12-10", [], "narrated-no-comma-unchanged"),
    # a single day after "trước" / "chậm nhất" and a submit verb is due even when past on
    # the page's date: a report printed later relays the directive (a reviewed period is a
    # span, not a day)
    ("Sở Tư pháp thẩm định dự thảo, trình UBND tỉnh trước ngày 14/10.",
     "2025-12-01", [("trước ngày 14/10", "2025-10-14")], "past-day-still-due"),
    ("Các phường nộp hồ sơ về Sở Nội vụ chậm nhất ngày 12-9-2024.",
     "2024-11-20", [("chậm nhất ngày 12-9-2024", "2024-09-12")], "past-day-latest"),
    ("Các phường rà soát hồ sơ chậm nhất ngày 12-9-2024.",
     "2024-11-20", [], "past-day-no-submit-verb-dropped"),
    # a span of years is due at the end of its last year
    ("Huyện Tam Khê hoàn thành giải phóng mặt bằng trong năm 2022 - 2023.",
     "2022-02-14", [("trong năm 2022 - 2023", "2023-12-31")], "year-span-spaced"),
    ("Công ty Điện lực Hòa Vang hoàn thành lưới điện trong năm 2024–2025.",
     "2024-01-08", [("trong năm 2024–2025", "2025-12-31")], "year-span-en-dash"),
    ("Công ty Điện lực Hòa Vang hoàn thành lưới điện trong năm 2024-2022.",
     "2024-01-08", [("trong năm 2024", "2024-12-31")], "year-span-backwards-is-first-year"),
    # praise or a report's findings open the review part: the period after them is reviewed
    ("Phó Chủ tịch tỉnh biểu dương Sở Văn hóa vì các kết quả đạt được trong năm 2022.",
     "2022-12-20", [], "review-praise-year"),
    ("Theo báo cáo của Ban Dân tộc, trong quý III/2023, toàn tỉnh có 12 lớp tập huấn.",
     "2023-10-05", [], "review-report-quarter"),
    # a directive word after the praise gives a due date again
    ("Hội nghị ghi nhận cố gắng của Cục Hải quan Sông Lam, đồng thời yêu cầu hoàn thành "
     "đề án trong năm 2023.",
     "2022-12-20", [("trong năm 2023", "2023-12-31")], "review-then-directive"),
    # a single day is never a reviewed period
    ("Đoàn kiểm tra ghi nhận báo cáo của Sở Y tế, gửi trước ngày 09/01/2023.",
     "2022-12-20", [("trước ngày 09/01/2023", "2023-01-09")], "review-cue-day-kept"),
    # a past span stays out: the months under review
    ("Ban Quản lý Khu kinh tế Đông Hà hoàn thành báo cáo trong tháng 8/2020.",
     "2020-12-10", [], "past-month-dropped"),
    ("Trong tháng 3/2021, Sở Giao thông đã hoàn thành sửa chữa cầu Bến Mới.",
     "2021-04-15", [], "opening-narrated-unchanged"),
]
# fmt: on


@pytest.mark.parametrize(
    "text, ref, expected", [c[:3] for c in DEADLINE_CASES], ids=[c[3] for c in DEADLINE_CASES]
)
def test_deadline_forms(text, ref, expected):
    assert [(d.surface, d.due_on) for d in extract_deadlines(text, ref)] == expected
