"""Calendar arithmetic shared by the legal-reference and deadline extractors."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

from pipeline.lexicons import limits

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


@functools.cache
def year_bounds() -> tuple[int, int]:
    """First and last year of a notice, a meeting or a deadline (limits.yaml)."""
    first, last = limits()["date_years"]
    return int(first), int(last)


def in_range(day: dt.date | None) -> bool:
    """True for a date inside ``year_bounds()``; False for None."""
    first, last = year_bounds()
    return day is not None and first <= day.year <= last


def out_of_range_note(what: str) -> str:
    """The warning for a date outside ``year_bounds()``: "date out of range (1945-2100):
    31/12/9999"."""
    first, last = year_bounds()
    return f"date out of range ({first}-{last}): {what}"


def make_date(year: int | None, month: int, day: int) -> dt.date | None:
    """A real calendar date inside ``year_bounds()``, or None ("31/2", a missing year,
    year 9999)."""
    if year is None:
        return None
    try:
        made = dt.date(year, month, day)
    except (ValueError, OverflowError):
        return None
    return made if in_range(made) else None


def parse_iso(value: str | None) -> dt.date | None:
    """``"2021-07-07"`` -> date; None, a malformed string or a date outside
    ``year_bounds()`` -> None."""
    try:
        day = dt.date.fromisoformat(value) if value else None
    except (ValueError, TypeError):
        return None
    return day if in_range(day) else None


def shift(day: dt.date, days: int) -> dt.date | None:
    """``day`` plus ``days`` calendar days; None past ``year_bounds()`` or the
    calendar."""
    try:
        moved = day + dt.timedelta(days=days)
    except OverflowError:
        return None
    return moved if in_range(moved) else None


def iso(day: dt.date | None) -> str | None:
    """date -> ``"2021-07-31"``; None stays None."""
    return day.isoformat() if day else None


def month_end(year: int, month: int) -> dt.date:
    """Last day of a month: (2021, 2) -> 2021-02-28."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> dt.date:
    """Last day of a quarter: (2021, 3) -> 2021-09-30."""
    return month_end(year, quarter * 3)


def quarter_number(token: str) -> int:
    """ "III" or "3" -> 3."""
    return ROMAN.get(token.upper()) or int(token)


def add_months(day: dt.date, months: int) -> dt.date | None:
    """Same day ``months`` later, clamped to the month's end (31/1 + 1 -> 28/2); None
    past ``year_bounds()``."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if not year_bounds()[0] <= year <= year_bounds()[1]:
        return None
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_working_days(day: dt.date, count: int) -> dt.date | None:
    """``count`` working days after ``day``, skipping Saturdays and Sundays (CONTRACT);
    None past ``year_bounds()``. Whole weeks are skipped at once (5 working days in any
    7 days), so the time does not grow with ``count``."""
    weeks = max(0, (count - 1) // 5)
    moved = shift(day, 7 * weeks)
    if moved is None:
        return None
    day, count = moved, count - 5 * weeks
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day if in_range(day) else None


def week_day(reference: dt.date, weekday: int, weeks_ahead: int = 0) -> dt.date | None:
    """The given weekday (0 = Monday) of the reference's week, or of a later week.

    A reference on a weekend already past that day gives the next week's; None past
    ``year_bounds()``.
    """
    due = shift(reference, weekday + 7 * weeks_ahead - reference.weekday())
    if due is not None and due < reference:
        due = shift(due, 7)
    return due


# a full date as a report's dateline prints it: "23/03/2021", "5-9-2023", "2025-11-21",
# "ngày 12 tháng 3 năm 2024"
_FULL_DATE = re.compile(
    r"(?<![\d/.-])(?:(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>(?:19|20)\d\d)"
    r"|(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d)"
    r"|(?i:ngày)\s+(?P<wd>\d{1,2})\s+(?i:tháng)\s+(?P<wm>\d{1,2})\s+(?i:năm)\s+(?P<wy>(?:19|20)\d\d))"
    r"(?![\d/])"
)
# a month of a year: "tháng 7/2022", "tháng 7-2022", "tháng 7 năm 2022"
_MONTH_YEAR = re.compile(
    r"(?<!\w)(?i:tháng)\s+(?:(?P<m>\d{1,2})[/-](?P<y>(?:19|20)\d\d)"
    r"|(?P<wm>\d{1,2})\s+(?i:năm)\s+(?P<wy>(?:19|20)\d\d))(?![\d/])"
)
# a saved web page's date field to the month, before its text: "date 2023-11 Bình Định: ..."
_MONTH_HEADER = re.compile(r"\s*date[ \t]+(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)(?![\d-])")
# the report's dateline without its year: "Ngày 8-11, ông A ...", "Ngày 23.12, ..."
_DAY_LINE = re.compile(r"(?<!\w)(?i:ngày|sáng|chiều|tối)[ \t]+(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})(?![\d/.-])")


def _header_day(text: str, header: re.Match) -> str | None:
    """The day of a month header: the dateline's day when it names the same month
    ("date 2023-11 ... Ngày 8-11, ..."), else the first of the month."""
    year, month = int(header["y"]), int(header["m"])
    line = _DAY_LINE.search(text, header.end(), header.end() + 400)
    day = line and int(line["m"]) == month and make_date(year, month, int(line["d"]))
    day = day or make_date(year, month, 1)
    return day.isoformat() if day and in_range(day) else None


# a date that belongs to a cited document: "số 1345/UBND-KT ngày 20/3/2021"
_CITED = re.compile(r"(?i:số)\s*\S*\d+\s*[/-]\s*\S+\s+(?i:ngày)\s+$")


def text_date(text: str, within: int = 1500) -> str | None:
    """The first full date in the opening of ``text`` that is not a cited document's:
    the dateline of a web report or a letter that has no notice header (the year a
    deadline such as "trước ngày 15-6" falls in); else the latest cited document's date."""
    if header := _MONTH_HEADER.match(text):
        return _header_day(text, header)
    cited = []
    for m in _FULL_DATE.finditer(text, 0, min(len(text), within)):
        y, mo, d = (
            (m["y"], m["m"], m["d"]) if m["y"]
            else (m["iy"], m["im"], m["id"]) if m["iy"]
            else (m["wy"], m["wm"], m["wd"])
        )
        day = make_date(int(y), int(mo), int(d))
        if day is None or not in_range(day):
            continue
        if _CITED.search(text, max(0, m.start() - 60), m.start()):
            cited.append(day)
            continue
        return day.isoformat()
    # a dateline without its year ("Ngày 22-4, ...") reports on what it cites: the
    # latest cited document is the nearest date the text gives
    if cited:
        return max(cited).isoformat()
    # a report that names only its period ("phiên họp thường kỳ tháng 7/2022"): the first
    # day of the latest month it names gives the year of "trong tháng 8"
    months = [
        make_date(int(m["y"] or m["wy"]), int(m["m"] or m["wm"]), 1)
        for m in _MONTH_YEAR.finditer(text, 0, min(len(text), within))
    ]
    months = [d for d in months if d is not None and in_range(d)]
    return max(months).isoformat() if months else None
