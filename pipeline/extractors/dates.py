"""Calendar arithmetic shared by the legal-reference and deadline extractors."""

from __future__ import annotations

import calendar
import datetime as dt

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def make_date(year: int | None, month: int, day: int) -> dt.date | None:
    """A real calendar date, or None ("31/2", a missing year)."""
    if year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_iso(value: str | None) -> dt.date | None:
    """``"2021-07-07"`` -> date; None or a malformed string -> None."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


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


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clamped to the month's end (31/1 + 1 -> 28/2)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_working_days(day: dt.date, count: int) -> dt.date:
    """``count`` working days after ``day``, skipping Saturdays and Sundays (CONTRACT)."""
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def week_day(reference: dt.date, weekday: int, weeks_ahead: int = 0) -> dt.date:
    """The given weekday (0 = Monday) of the reference's week, or of a later week.

    A reference on a weekend already past that day gives the next week's.
    """
    monday = reference - dt.timedelta(days=reference.weekday())
    due = monday + dt.timedelta(days=weekday + 7 * weeks_ahead)
    return due + dt.timedelta(days=7) if due < reference else due
