"""Calendar arithmetic: every result inside the years a notice can have, never an error."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extractors.dates import (
    add_months,
    add_working_days,
    make_date,
    parse_iso,
    shift,
    text_date,
    week_day,
)

D = dt.date

# fmt: off
CASES = [
    # (call, expected, id)
    (lambda: make_date(2021, 7, 31), D(2021, 7, 31), "real-date"),
    (lambda: make_date(2021, 2, 31), None, "impossible-day"),
    (lambda: make_date(9999, 12, 31), None, "year-9999"),
    (lambda: make_date(10000, 1, 1), None, "year-10000-is-no-python-date"),
    (lambda: make_date(1930, 5, 1), None, "before-1945"),
    (lambda: make_date(None, 5, 1), None, "no-year"),
    (lambda: parse_iso("2021-07-12"), D(2021, 7, 12), "iso"),
    (lambda: parse_iso("9999-12-31"), None, "iso-out-of-range"),
    (lambda: parse_iso("not a date"), None, "iso-malformed"),
    (lambda: shift(D(2021, 7, 12), 30), D(2021, 8, 11), "thirty-days"),
    (lambda: shift(D(2100, 12, 25), 15), None, "past-2100"),
    (lambda: shift(D(2100, 12, 25), 10**12), None, "past-the-calendar"),
    (lambda: add_months(D(2021, 1, 31), 1), D(2021, 2, 28), "month-end-clamped"),
    (lambda: add_months(D(2100, 11, 30), 3), None, "months-past-2100"),
    (lambda: add_working_days(D(2021, 7, 12), 15), D(2021, 8, 2), "working-days"),
    (lambda: add_working_days(D(2021, 7, 10), 1), D(2021, 7, 12), "from-a-saturday"),
    (lambda: add_working_days(D(2021, 7, 12), 99_999_999), None, "huge-count-is-instant"),
    (lambda: week_day(D(2021, 7, 12), 4), D(2021, 7, 16), "friday-of-the-week"),
    (lambda: week_day(D(2100, 12, 30), 4, 1), None, "next-week-past-2100"),
]
# fmt: on


@pytest.mark.parametrize(
    ("call", "expected"), [c[:2] for c in CASES], ids=[c[2] for c in CASES]
)
def test_dates_bounded(call, expected):
    assert call() == expected


def test_dates_working_days_match_day_by_day_count():
    """Skipping whole weeks gives the day a day-by-day count gives."""
    for start in range(14):
        day = D(2021, 7, 1) + dt.timedelta(days=start)
        for count in range(40):
            walk, left = day, count
            while left > 0:
                walk += dt.timedelta(days=1)
                left -= walk.weekday() < 5
            assert add_working_days(day, count) == walk


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thời sự - 09:40, 14/05/2022\nChủ tịch tỉnh yêu cầu ...", "2022-05-14"),
        ("Ngày đăng: 03-11-2019\nBài viết", "2019-11-03"),
        ("date 2025-11-21 Ngày 21/11, ông A ký công điện", "2025-11-21"),
        ("Hôm nay, ngày 7 tháng 8 năm 2023, tại trụ sở", "2023-08-07"),
        # a cited document's date is not the text's own
        ("Thực hiện Công văn số 12/UBND-KT ngày 02/01/2020, sáng 15/3/2021 đoàn công tác", "2021-03-15"),
        ("Ngày 3-9, Thành ủy ban hành Nghị quyết số 12-NQ/TU ngày 01-9-2023 và Kế hoạch số 40/KH-UBND ngày 2-6-2022.", "2023-09-01"),
        ("Tin không có ngày tháng nào cả.", None),
        ("Ngày 31/02/2021 là ngày không có thật.", None),
        # a report that names only its period: the first day of the latest month named
        ("Sáng 12/9, Ủy ban họp phiên tháng 9/2023 và so sánh với tháng 8 năm 2022.", "2023-09-01"),
        ("Cuộc họp giao ban tháng 3-2021 kết luận như sau.", "2021-03-01"),
        ("Chỉ tiêu của năm 2024 cơ bản hoàn thành.", None),
        # a saved page's date field to the month: the dateline's day when it names that month
        (" date 2021-04 Hà Tĩnh: sửa kè\n\nNgày 9-4, ông B cho biết", "2021-04-09"),
        ("date 2019-12 Chiều 30.12, Sở Y tế", "2019-12-30"),
        (" date 2016-05 Nam Định: nạo vét kênh. Ngày 2/6, ông C", "2016-05-01"),
    ],
)
def test_text_date(text, expected):
    assert text_date(text) == expected
