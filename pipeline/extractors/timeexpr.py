"""Vietnamese date expressions after a trigger word, resolved to CONTRACT due dates.

Kinds, tried in this order at one position:
  1. recurring  "ngày 20 hằng tháng"                 -> no date, recurrence monthly
  2. day        "ngày 29 tháng 6 năm 2021", "15/8/2021", "15-8", "14 giờ, ngày 05/12/2017"
  3. half       "6 tháng cuối năm 2022"              -> 2022-12-31
  4. quarter    "quý III/2022", "đầu quý II/2020"    -> 2022-09-30, 2020-04-30
  5. month      "tháng 7/2021", "tháng 9.2020", "cuối tháng 10"
  6. year       "năm 2023", "cuối năm 2021", "cuối năm"
  7. week       "tuần", "tuần sau"                   -> Friday of that week
  8. relative   "30 ngày làm việc", "15 ngày"        -> counted from the reference date
  9. holiday    "Tết Nguyên đán", "Tết Nguyên đán Nhâm Dần", "Quốc khánh"
A missing year is the reference's (CONTRACT), except that a January-March date in a notice
of October-December is the next year's ("trước ngày 15/1" written in December).
A date outside ``dates.year_bounds()`` ("ngày 31 tháng 12 năm 9999", 999 days after a
notice of 2100) resolves to no date, with a note that becomes a warning.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, replace

from pipeline.extractors import patterns as P
from pipeline.extractors.dates import (
    add_months,
    add_working_days,
    in_range,
    make_date,
    month_end,
    out_of_range_note,
    quarter_end,
    quarter_number,
    shift,
    week_day,
    year_bounds,
)
from pipeline.lexicons import cues

NO_YEAR = "no year and no reference date"
NO_REFERENCE = "relative to an unknown reference date"


@dataclass(frozen=True)
class Expression:
    """A resolved date expression ending at ``end``."""

    kind: str
    end: int
    due: dt.date | None  # the last day of the period, or the day itself
    start: dt.date | None = None  # first day of a whole period, for "trước tháng 9"
    part: str | None = None  # đầu | giữa | cuối | hết
    recurrence: str | None = None
    note: str | None = None


def match_expression(text: str, pos: int, ref: dt.date | None) -> Expression | None:
    """The first kind of expression that matches at ``pos`` and resolves, else None."""
    for regex, resolve in _kinds():
        m = regex.match(text, pos)
        if not m:
            continue
        if resolve in _CALENDAR and (stray := _stray_year(text, m.end())):
            # "ngày 31 tháng 12| năm 9999": the year the regex left out is impossible
            note = out_of_range_note(text[pos:stray])
            return Expression("day", stray, None, note=note)
        try:
            found = resolve(m, ref)
        except (ValueError, OverflowError):  # calendar arithmetic past its range
            found = Expression("day", m.end(), None, note=out_of_range_note(m[0]))
        if found is not None:
            return _bounded(found, text[pos : found.end])
    return None


def _stray_year(text: str, end: int) -> int | None:
    """End of an out-of-range year right after a date expression, else None."""
    m = P.STRAY_YEAR_REGEX.match(text, end)
    if not m:
        return None
    digits = m.group("y").lstrip("0")
    first, last = year_bounds()
    inside = len(digits) <= 4 and first <= int(digits or 0) <= last
    return None if inside else m.end()


def _bounded(expr: Expression, surface: str) -> Expression:
    """``expr`` without its dates when one falls outside ``dates.year_bounds()``."""
    outside = any(d is not None and not in_range(d) for d in (expr.due, expr.start))
    unresolved = expr.due is None and expr.note is None and expr.recurrence is None
    if outside or unresolved:  # unresolved: date arithmetic left the range
        return replace(expr, due=None, start=None, note=out_of_range_note(surface))
    return expr


def due_date(trigger: str, expr: Expression) -> dt.date | None:
    """Due date under CONTRACT: "trước tháng 9/2021" -> 2021-08-31, else the period's end."""
    if expr.recurrence:
        return None
    whole = expr.kind in ("month", "quarter", "year", "holiday") and not expr.part
    if trigger.endswith("trước") and whole and expr.start:
        return shift(expr.start, -1)
    return expr.due


def _year(m: re.Match, ref: dt.date | None, month: int, *groups: str) -> int | None:
    for name in groups:
        if m.group(name):
            return int(m.group(name))
    if ref is None:
        return None
    late_notice, early_month = ref.month >= 10, month <= 3
    return ref.year + 1 if late_notice and early_month else ref.year


def _recurring(m: re.Match, ref) -> Expression:
    unit = cues("time")["recurrence_units"][m.group("unit") or m.group("quarter")]
    return Expression("recurring", m.end(), None, recurrence=unit)


def _day(m: re.Match, ref) -> Expression | None:
    sep = m.groupdict().get("sep")
    if sep in (".", "-") and not (m.group("y") or m.groupdict().get("ngay")):
        return None  # "2-3 tháng", "2.5": no "ngày" and no year, not a date
    day, month = int(m.group("d")), int(m.group("m"))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    suffix = (
        P.RECURRING_SUFFIX_REGEX.match(m.string, m.end()) if not m.group("y") else None
    )
    if suffix:  # "ngày 31/12 hằng năm"
        unit = cues("time")["recurrence_units"][suffix.group("unit")]
        return Expression("recurring", suffix.end(), None, recurrence=unit)
    year = _year(m, ref, month, "y")
    note = NO_YEAR if year is None else None
    due = make_date(year, month, day)
    if year is not None and due is None:
        return None
    return Expression("day", m.end(), due, due, note=note)


def _month(m: re.Match, ref) -> Expression | None:
    if m.group("rel"):
        if ref is None:
            return Expression("month", m.end(), None, note=NO_REFERENCE)
        first = add_months(ref.replace(day=1), 0 if m.group("rel") == "này" else 1)
        if first is None:
            return Expression("month", m.end(), None)  # past the range: _bounded notes
        month, year = first.month, first.year
    else:
        month = int(m.group("m"))
        year = _year(m, ref, month, "y", "y2") if 1 <= month <= 12 else None
    if not 1 <= month <= 12:
        return None
    if year is None:
        return Expression("month", m.end(), None, part=m.group("part"), note=NO_YEAR)
    part_day = cues("time")["month_parts"].get(m.group("part"), "end")
    due = (
        month_end(year, month) if part_day == "end" else dt.date(year, month, part_day)
    )
    return Expression(
        "month", m.end(), due, dt.date(year, month, 1), part=m.group("part")
    )


def _quarter(m: re.Match, ref) -> Expression:
    quarter = quarter_number(m.group("q"))
    first_month = quarter * 3 - 2
    year = _year(m, ref, first_month, "y", "y2")
    if year is None:
        return Expression("quarter", m.end(), None, part=m.group("part"), note=NO_YEAR)
    offset = cues("time")["quarter_parts"].get(m.group("part"), 3)
    due = (
        quarter_end(year, quarter)
        if offset == 3
        else month_end(year, first_month + offset - 1)
    )
    return Expression(
        "quarter", m.end(), due, dt.date(year, first_month, 1), part=m.group("part")
    )


def _half(m: re.Match, ref) -> Expression:
    year = int(m.group("y")) if m.group("y") else (ref.year if ref else None)
    if year is None:
        return Expression("half", m.end(), None, note=NO_YEAR)
    due = dt.date(year, 6, 30) if m.group("half") == "đầu" else dt.date(year, 12, 31)
    return Expression("half", m.end(), due)


def _year_expr(m: re.Match, ref) -> Expression | None:
    part, rel = m.group("part"), m.group("rel")
    if not (m.group("y") or rel or part):
        return None  # a bare "năm" ("trong năm học") is no date
    if m.group("y"):
        year = int(m.group("y"))
    elif ref is None:
        return Expression("year", m.end(), None, part=part, note=NO_YEAR)
    else:
        year = ref.year + (rel in ("sau", "tới"))
    last = int(m.group("y_end")) if m.group("y_end") else year
    if last <= year:  # "năm 2022-2020" is no span: the first year alone
        last, end = year, m.end("y") if m.group("y") else m.end()
    else:
        end = m.end()
    due = month_end(last, cues("time")["year_parts"].get(part, 12))
    return Expression("year", end, due, dt.date(year, 1, 1), part=part)


def _week(m: re.Match, ref) -> Expression:
    if ref is None:
        return Expression("week", m.end(), None, note=NO_REFERENCE)
    ahead = 1 if m.group("rel") in ("sau", "tới") else 0
    return Expression(
        "week", m.end(), week_day(ref, cues("time")["week_due_weekday"], ahead)
    )


def _relative(m: re.Match, ref) -> Expression:
    if ref is None:
        return Expression("relative", m.end(), None, note=NO_REFERENCE)
    n, unit = int(m.group("n")), re.sub(r"\s+", " ", m.group("unit"))
    due = {
        "ngày làm việc": lambda: add_working_days(ref, n),
        "ngày": lambda: shift(ref, n),
        "tuần": lambda: shift(ref, 7 * n),
        "tháng": lambda: add_months(ref, n),
    }[unit]()
    return Expression("relative", m.end(), due)


def _holiday(m: re.Match, ref) -> Expression:
    data = cues("time")
    name = re.sub(r"\s+", " ", m.group("name"))
    year = int(m.group("y")) if m.group("y") else None
    if m.group("canchi"):
        year = data["can_chi"][re.sub(r"\s+", " ", m.group("canchi"))]
    if name in data["fixed_holidays"]:
        month, day = data["fixed_holidays"][name]
        year = year or (ref.year if ref else None)
        day_of = make_date(year, month, day)
    else:
        tet = {y: dt.date.fromisoformat(str(d)) for y, d in data["tet"].items()}
        day_of = (
            tet.get(year)
            if year
            else next((d for d in tet.values() if ref and d >= ref), None)
        )
    note = None if day_of else "tet year unknown"
    return Expression("holiday", m.end(), day_of, day_of, note=note)


@functools.cache
def _kinds() -> tuple:
    """(regex, resolver) of each kind, in the order of the module docstring."""
    data = cues("time")
    holiday = P.holiday_regex(data["can_chi"], data["fixed_holidays"])
    return (
        (P.DAY_RECURRING_REGEX, _recurring),
        (P.DAY_WORDS_REGEX, _day),
        (P.DAY_NUMERIC_REGEX, _day),
        (P.HALF_REGEX, _half),
        (P.QUARTER_REGEX, _quarter),
        (P.MONTH_REGEX, _month),
        (P.YEAR_REGEX, _year_expr),
        (P.WEEK_REGEX, _week),
        (P.RELATIVE_REGEX, _relative),
        (holiday, _holiday),
    )


# kinds whose regex may stop short of a year it cannot read ("tháng 12| năm 9999")
_CALENDAR = (_day, _half, _quarter, _month)
