"""Regular expressions of persons' names and titles, shared by the people and
attendance extractors (both below this module, so neither imports the other for it)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline import lexicons
from pipeline.extractors import patterns as P


@dataclass(frozen=True)
class Rx:
    name: re.Pattern
    title_before: re.Pattern
    title_after: re.Pattern
    title_word: re.Pattern  # a title at the start of a string
    titles: dict[str, str]


@cache
def rx() -> Rx:
    titles = lexicons.load_titles()
    sur = "|".join(
        sorted(map(re.escape, lexicons.load_surnames()), key=len, reverse=True)
    )
    syl = rf"[{P.UPPER}][{P.LOWER}]*"
    tit = "|".join(sorted((re.escape(t) for t in titles), key=len, reverse=True))
    return Rx(
        re.compile(rf"(?<![\w])(?:{sur})(?:[ \t]+{syl}){{1,4}}(?![\w])"),
        # "Chủ tịch Ủy ban nhân dân tỉnh ", "Phó Chủ tịch UBND ", "Giám đốc Sở Nội vụ "
        re.compile(
            rf"(?<![\w])(?P<title>(?i:{tit}))(?![\w])(?P<org>[^,;:.()\n]{{0,70}}?)"
            rf"(?:[ \t]*:)?[ \t]+$"  # "các Phó Chủ tịch UBND quận: Đỗ Thị Hằng, Trần Văn An"
        ),
        # ", Giám đốc Sở Nội vụ" (or " - Giám đốc ...", " (Giám đốc ...)") after a name
        re.compile(
            rf"(?:\s*,\s*|[ \t]+[-–][ \t]+|[ \t]*\([ \t]*)(?P<title>(?i:{tit}))(?![\w])"
        ),
        re.compile(rf"(?i:{tit})(?![\w])"),
        titles,
    )
