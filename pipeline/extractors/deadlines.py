"""Deadlines and standing duties: trigger word + date expression -> due date (CONTRACT).

Pipeline: a trigger ("trước", "trong", "chậm nhất", "đến", "vào") -> the date expression
right after it (``timeexpr.match_expression``) -> filters that drop periods, ranges, horizons
and past dates -> ``Deadline``. Standing duties ("hằng quý", "định kỳ 6 tháng") are a second
pass with due_on None and a recurrence. A date with no trigger is never a deadline: that
keeps out issue dates of cited documents, the meeting date and anniversaries.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from pipeline.extractors import patterns as P
from pipeline.extractors.dates import iso, out_of_range_note, parse_iso
from pipeline.extractors.models import Deadline
from pipeline.extractors.timeexpr import Expression, due_date, match_expression
from pipeline.lexicons import cues

# a deadline may not fall more than this before the reference date (meeting vs notice date)
PAST_SLACK = dt.timedelta(days=3)


def extract_deadlines(text: str, reference_date: str | None = None) -> list[Deadline]:
    """Deadlines and standing duties of a notice, in text order.

    Args:
        text: the normalised notice text.
        reference_date: ISO date of the notice, else of the meeting: gives the year of
            "trước ngày 15/8" and the start of "trong 30 ngày làm việc".

    Returns:
        ``Deadline`` items; ``surface`` starts at the trigger word ("trong tháng 7/2021").
    """
    ref = parse_iso(reference_date)
    found: list[Deadline] = []
    for match in _cues()["trigger"].finditer(text):
        if found and match.start() < found[-1].end:
            continue
        expr = match_expression(text, match.end(), ref)
        trigger = match.group("trig").lower()
        if expr and _is_deadline(text, match, trigger, expr, ref):
            found.append(_deadline(text, match.start(), trigger, expr))
    standing = [d for d in _standing(text) if not any(_overlap(d, f) for f in found)]
    return _unrepeated(text, sorted(found + standing, key=lambda d: d.start))


# the end of a line that closes a sentence: a headline or a caption has none
_LINE_CLOSED = re.compile(r"[.;:!?…)\]\"”]\s*$")
_LINE_KEY_END = re.compile(r"[\W_]+$")


def _unrepeated(text: str, found: list[Deadline]) -> list[Deadline]:
    """A web page prints its headline again as the lead, under a photo and in the body: a
    deadline in a line that restates (a headline with no closing stop, or a line that
    repeats an earlier one) is dropped when the same deadline, same words and date, is
    printed in a line that does not; when every one restates, the first is kept."""
    if len(found) < 2 or "\n" not in text:
        return found
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    keys = [_LINE_KEY_END.sub("", text[a:b].casefold()).strip() for a, b in lines]

    def restates(pos: int) -> bool:
        i = next((k for k, (a, b) in enumerate(lines) if a <= pos < b), None)
        if i is None or not keys[i]:
            return False
        a, b = lines[i]
        if not _LINE_CLOSED.search(text[a:b]) and len(keys[i].split()) <= 30:
            return True  # a headline or a caption
        return any(k and (k.startswith(keys[i]) or keys[i].startswith(k)) for k in keys[:i])

    groups: dict[tuple, list[Deadline]] = {}
    for d in found:
        words = re.sub(r"^xong\s+", "", d.surface.casefold())  # "(xong) trước ngày 20/10"
        groups.setdefault((words, d.due_on, d.recurrence), []).append(d)
    dropped: set[int] = set()
    for group in groups.values():
        if len(group) < 2:
            continue
        told = [d for d in group if restates(d.start)]
        kept = [d for d in group if d not in told]
        dropped |= {d.start for d in (told if kept else told[1:])}
    return [d for d in found if d.start not in dropped]


def parse_date_expression(expr: str, reference_date: str | None) -> str | None:
    """Due date (ISO) of one expression, with or without its trigger word.

    >>> parse_date_expression("trước tháng 9/2021", None)
    '2021-08-31'
    """
    ref = parse_iso(reference_date)
    expr = re.sub(r"\s+", " ", expr.strip())
    match = _cues()["trigger"].match(expr)
    trigger = match.group("trig").lower() if match else ""
    found = match_expression(expr, match.end() if match else 0, ref)
    return iso(due_date(trigger, found)) if found else None


def _deadline(text: str, start: int, trigger: str, expr: Expression) -> Deadline:
    due = None if expr.recurrence else due_date(trigger, expr)
    note = expr.note
    if due is None and expr.due is not None:  # "trước tháng 1/1945": the day before
        note = out_of_range_note(text[start : expr.end])
    return Deadline(
        start=start,
        end=expr.end,
        surface=text[start : expr.end],
        due_on=iso(due),
        recurrence=expr.recurrence,
        note=note,
    )


def _is_deadline(
    text: str, match: re.Match, trigger: str, expr: Expression, ref
) -> bool:
    """Filters, numbered as in the module docstring of timeexpr (kinds of expression)."""
    before = _clause_before(text, match.start())
    if expr.recurrence:  # 1. "trước ngày 20 hằng tháng": always a duty
        return True
    if (
        trigger == "vào"
        and not expr.part
        and not _has_any(before, cues("time")["completion_verbs"] + cues("time")["submit_verbs"])
    ):  # 2. "vào ngày 07/7" is an event, "vào cuối năm" and "trình ... vào ngày 24/4" are not
        return False
    if trigger.startswith("đến") and _opens_range(
        before
    ):  # 3. "từ nay đến cuối năm", "tính đến"
        return False
    if (
        trigger == "đến" and expr.kind == "year" and not expr.part
    ):  # 4. horizon "đến năm 2030"
        return False
    if expr.kind == "half" and not _has_any(before, cues("time")["completion_verbs"]):
        return False  # 5. "trong 06 tháng cuối năm" is a working period
    if expr.kind in ("relative", "week") and not trigger.startswith(
        ("trong", "chậm", "muộn")
    ):
        return False  # 6. "trước 30 ngày" is not "within 30 days"
    if (
        expr.kind == "relative"
        and re.match(r"\s*\d+\s+tháng", text[match.end() : expr.end])
        and not _has_any(
            before, cues("time")["completion_verbs"] + cues("time")["duty_verbs"]
        )
    ):
        return False  # 6b. "trong 9 tháng xảy ra 03 vụ ...": the months under review
    if _has_any(before, cues("time")["forecast_cues"]):
        return False  # 9. "đỉnh lũ có khả năng xuất hiện vào cuối tháng 10": a forecast
    if trigger.startswith("đến") and (
        _status_after(text, expr.end) or _status_opening(text, before, expr.end)
    ):
        return False  # 8. "đến ngày 31/01/2024 ước đạt 92,3%": the date of a figure
    if _names_period(text, expr.end) or _narrated(text, match.start(), before, expr.end):
        return False  # 10. "nổi bật trong tuần (từ ngày ...)", "Trong năm 2023, Sở A đã ..."
    if expr.kind in ("month", "quarter", "half", "year") and _reviewed(before):
        return False  # 11. "biểu dương kết quả đạt được của Sở A trong năm 2020"
    due = due_date(trigger, expr)
    if (
        expr.kind == "day"
        and trigger.startswith(tuple(cues("time")["due_day_triggers"]))
        and _has_any(before, cues("time")["submit_verbs"])
    ):
        return True  # 7a. "trình UBND tỉnh trước ngày 14/10" in a report printed later
    return not (
        ref and due and due < ref - PAST_SLACK and not _set_on_dated_day(text, match.start(), ref, due)
    )  # 7. a period already over: reviewed, unless a dated sentence set it ("Ngày 25/10,
    # UBND tỉnh có công văn yêu cầu ... báo cáo trước ngày 5/11": a report tells an earlier
    # directive, whose deadline was ahead of it on the day it was given)


# a sentence that opens with its own day: "Ngày 25/10, ...", "Chiều 3-9, ..."
_DATED_OPENING = re.compile(
    r"(?:(?i:ngày|sáng|chiều|tối|trưa)[ \t]+(?:(?i:ngày)[ \t]+)?)"
    r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})(?:[/.-](?P<y>(?:19|20)\d\d))?[ \t]*,"
)


def _set_on_dated_day(text: str, pos: int, ref: dt.date, due: dt.date) -> bool:
    """The deadline's sentence opens with a day of its own, on or before the due date
    and before the reference date."""
    start = max(text.rfind(c, 0, pos) for c in ".\n!?") + 1
    while start < pos and text[start].isspace():
        start += 1
    m = _DATED_OPENING.match(text, start)
    if not m:
        return False
    year = int(m["y"]) if m["y"] else ref.year - (int(m["m"]) > ref.month)
    try:
        day = dt.date(year, int(m["m"]), int(m["d"]))
    except ValueError:
        return False
    return day <= due and day <= ref


def _names_period(text: str, end: int) -> bool:
    """Brackets with the period's dates, a genitive or a measuring verb right after it."""
    after = " ".join(text[end : end + 20].split()).lower()
    return any(
        after.startswith(w) and not after[len(w) : len(w) + 1].isalnum()
        for w in _period_followers()
    )


@functools.cache
def _period_followers() -> tuple[str, ...]:
    return tuple(cues("time")["period_followers"])


def _narrated(text: str, start: int, before: str, end: int) -> bool:
    """The clause tells what was done: its first verb is in a past tense ("Sở A đã ...",
    "Trong năm 2023, Sở A đã ..." when the expression opens the sentence); a tense word after
    a directive verb is a relative clause ("rà soát các hồ sơ đã nộp trong tháng 8")."""
    # a capitalised trigger inside a line opens a sentence whose full stop the page lost
    # ("... của Văn phòng UBND tỉnh Trong tuần, Văn phòng đã tham mưu ...")
    opening = not before.strip(" ,-–(\"“”'") or text[start : start + 1].isupper()
    clause = _clause_after(text, end) if opening else before
    tense, directive = _narration_regexes()
    low = clause.lower()
    # the comma-separated phrase that carries the expression, when it has a directive word
    # and no tense word, is the verb it bounds: "rà soát các việc đã làm, báo cáo Sở A
    # trước ngày 5-8" (a series of verb phrases; the tense word belongs to an earlier one)
    last = low.rsplit(",", 1)[-1] if not opening else ""
    if directive.search(last) and not tense.search(last):
        return False
    found = list(tense.finditer(low))
    # a word said twice is a correlative, not a tense: "vừa phòng dịch vừa ứng phó lũ"
    past = next((m for m in found if sum(f[0] == m[0] for f in found) == 1), None)
    if past is None:
        return False
    asked = directive.search(low)
    return asked is None or past.start() < asked.start()


@functools.cache
def _narration_regexes() -> tuple[re.Pattern, re.Pattern]:
    """Past-tense words (time_cues.yaml: narrated_tense); directive words (the task
    lexicon's action verbs and role cues, and time_cues.yaml: obligation_words)."""
    task = cues("task")
    directive = (
        task["actions"]
        + [c for v in task["roles"].values() for c in v]
        + cues("time")["obligation_words"]
    )

    def word(phrases) -> re.Pattern:
        alt = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alt})(?!\w)")

    return word(cues("time")["narrated_tense"]), word(directive)


def _reviewed(before: str) -> bool:
    """A period whose clause opens with praise or a report's findings (time_cues.yaml:
    review_cues) and gives no directive after them: the period under review."""
    low = before.lower()
    cue = _review_regex().search(low)
    if cue is None:
        return False
    _, directive = _narration_regexes()
    return directive.search(low, cue.end()) is None


@functools.cache
def _review_regex() -> re.Pattern:
    alt = "|".join(
        re.escape(p) for p in sorted(cues("time")["review_cues"], key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)")


def _status_after(text: str, end: int) -> bool:
    """A figure's status verb right after the date: "đến ngày 30/6 đạt", "... ước đạt"."""
    after = " ".join(text[end : end + 30].lstrip(" ,").split()).lower()
    return any(
        after == v or after.startswith(v + " ") for v in cues("time")["status_verbs"]
    )


# a sentence's end; a point between digits is a thousands mark ("5.238 tỷ đồng")
_SENTENCE_END = re.compile(r"[;!?\n]|\.(?!\d)")


def _status_opening(text: str, before: str, end: int) -> bool:
    """A sentence opened by "Đến ..., " whose own clause reports a figure ("Đến hết tháng
    4, tổng thu ngân sách đạt 50,59% dự toán"): an as-of date, not a due date."""
    if before.strip(" ,-–(\"“”'") or not text.startswith(",", end):
        return False
    clause = _SENTENCE_END.split(text[end + 1 : end + 160], maxsplit=1)[0]
    status, figure = _status_figure_regex()
    verb = status.search(clause.lower())
    return bool(verb and figure.match(clause, verb.end()))


@functools.cache
def _status_figure_regex() -> tuple[re.Pattern, re.Pattern]:
    verbs = sorted(cues("time")["status_verbs"], key=len, reverse=True)
    alt = "|".join(re.escape(v) for v in verbs)
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)"), re.compile(r"[^\w]*(?:\w+[ \t]+){0,2}\d")


def _standing(text: str) -> list[Deadline]:
    """ "Định kỳ hằng quý báo cáo", "hàng tháng tổng hợp": duties with no due date."""
    out = []
    verbs = cues("time")["duty_verbs"]
    for m in P.RECURRENCE_REGEX.finditer(text):
        clause = _clause_before(text, m.start()) + " " + _clause_after(text, m.end())
        day, set_by_day = _weekday_before(text, m.start(), (m.group("u1") or "").lower())
        if not (
            set_by_day
            or m.group("dk")
            or m.group("u2")
            or m.group("half1")
            or m.group("half2")
            or _has_any(clause, verbs)
        ):
            continue
        unit = m.group("u1") or m.group("u2")
        recurrence = cues("time")["recurrence_units"][unit.lower()] if unit else None
        start = m.start() if day is None else day
        out.append(
            Deadline(
                start=start,
                end=m.end(),
                surface=text[start : m.end()],
                due_on=None,
                recurrence=recurrence or cues("time")["half_year"],
            )
        )
    return out


@functools.lru_cache(maxsize=1)
def _weekday_regex() -> re.Pattern:
    """An opener, a clock time and a weekday (time_cues.yaml: weekdays) that end right where
    "hằng tuần" begins: "trước 16 giờ thứ Sáu |hằng tuần", "định kỳ vào thứ Hai |hằng tuần"."""
    c = cues("time")
    days = "|".join(re.escape(d) for d in c["weekdays"])
    openers = "|".join(re.escape(o) for o in sorted(c["weekday_openers"], key=len, reverse=True))
    return re.compile(
        rf"(?<!\w)(?i:(?:(?P<opener>{openers})[ \t]+)?(?P<clock>\d{{1,2}}[ \t]*(?:giờ|h)(?:[ \t]*"
        rf"\d{{1,2}}(?:[ \t]*phút|')?)?[ \t]+)?(?:vào[ \t]+)?(?:{days}))[ \t]+$"
    )


def _weekday_before(text: str, pos: int, unit: str) -> tuple[int | None, bool]:
    """Where the weekday phrase right before ``pos`` (a "hằng tuần") starts, or None; and
    whether it sets a duty by itself (an opener or a clock time: "trước 16 giờ thứ Sáu"),
    where a bare weekday does not ("mở cửa từ thứ Ba đến Chủ nhật hằng tuần": opening days)."""
    if unit != "tuần":
        return None, False
    lo = max(0, pos - 40)
    m = _weekday_regex().search(text[lo:pos])
    if m is None:
        return None, False
    return lo + m.start(), bool(m.group("opener") or m.group("clock"))


def _clause_before(text: str, pos: int, width: int = 80) -> str:
    window = text[max(0, pos - width) : pos]
    ends = list(P.CLAUSE_END_REGEX.finditer(window))
    return window[ends[-1].end() :] if ends else window


def _clause_after(text: str, pos: int, width: int = 80) -> str:
    window = text[pos : pos + width]
    end = P.CLAUSE_END_REGEX.search(window)
    return window[: end.start()] if end else window


def _opens_range(before: str) -> bool:
    words = re.findall(r"\w+", before.lower())
    return any(w in cues("time")["range_openers"] for w in words[-6:])


def _has_any(window: str, phrases) -> bool:
    low = window.lower()
    return any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", low) for p in phrases)


def _overlap(a: Deadline, b: Deadline) -> bool:
    return a.start < b.end and b.start < a.end


@functools.cache
def _cues() -> dict:
    return {"trigger": P.trigger_regex(cues("time")["triggers"])}
