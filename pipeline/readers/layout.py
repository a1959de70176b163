"""Lines of a page back into paragraphs, by where the lines end on the page.

A typeset page wraps a paragraph wherever the next word does not fit. A reader that
has each line's position (OCR's word boxes, a PDF's character boxes) can tell a wrapped
line from a line that ended on purpose: the first word of the next line would not have
fitted before the right edge of the text. Such lines are joined with a space unless
the line ended a sentence or the next is a list item of its own ("a) ", "- ", "2. "; a
colon or semicolon at the right edge does not stop the join: the list after it has its
own marks); the rest keep their line break. A line cut at a hyphen inside a word or a
document number ("63/NQ-" / "CP") is joined without a space. The text repair joins
lines only by their first letter ("continues"), which misses a wrapped line that starts
with a capital or a digit ("Sở", "42/2019/NĐ-CP").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# a line that is a list item or a heading of its own: "a) ", "2. ", "II. ", "(3) "
ITEM = re.compile(r"^(?:\(?[a-zđ0-9]{1,3}[).]\s|[IVX]{1,5}\.\s)")
# a dash or plus item: a new item only after a line that closed the previous one (";",
# ":"); after an unfinished line it is a spaced hyphen ("kinh tế\n- xã hội")
BULLET = re.compile(r"^[-+•–]\s")
# a wrapped line that ends with one of these still ends its sentence ("... tháng 6.")
SENTENCE_END = ".!?"
# a line that ends inside a hyphenated word or document number: "63/NQ-", "Covid-"
HYPHENATED = re.compile(r"[^\W_]-$")


@dataclass
class Line:
    """A line of text on a page: its text, where it starts and ends (any unit, x grows
    to the right), the width of its first word, and the block it belongs to."""

    text: str
    left: float
    right: float
    first: float
    block: int = 0


def paragraphs(lines: list[Line], right: float | None = None) -> str:
    """The lines as text: wrapped lines joined with a space, other lines apart by a line
    break, blocks apart by a blank line. ``right`` is the right edge of the text; by
    default the page's (``right_edge``), but a page of short lines (the signature page)
    has no line at the edge: give the document's."""
    if not lines:
        return ""
    right = right_edge(lines) if right is None else right
    out: list[str] = []
    for i, line in enumerate(lines):
        previous = lines[i - 1] if i else None
        if previous is not None and previous.block != line.block:
            out.append("")  # a new block
        elif (
            previous is not None
            and out[-1]
            and wrapped(previous, line, right)
            and out[-1][-1:] not in SENTENCE_END
            and not ITEM.match(line.text)
            and not (BULLET.match(line.text) and out[-1][-1:] in ":;")
        ):
            # a word or number cut at its hyphen ("63/NQ-" + "CP", "Covid-" + "19") is
            # joined whole; a spaced dash ("kinh tế -" + "xã hội") with a space
            out[-1] += ("" if HYPHENATED.search(out[-1]) else " ") + line.text
            continue
        out.append(line.text)
    return "\n".join(out)


def right_edge(lines: list[Line]) -> float | None:
    """The right edge of the text: where the longest lines end, not counting the few that
    run past it (an unbreakable number, a table row): the 95th percentile of line ends."""
    ends = sorted(line.right for line in lines)
    return ends[min(len(ends) - 1, int(0.95 * len(ends)))] if ends else None


def wrapped(previous: Line, line: Line, right: float) -> bool:
    """Whether ``line`` starts where ``previous`` had no room left: its first word (and
    a space) would not have fitted before the right edge of the text."""
    space = line.first / 6
    return previous.right + space + line.first > right
