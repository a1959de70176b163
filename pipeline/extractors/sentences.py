"""Split notice text into sentences, with offsets.

Every line (paragraph) ends a sentence; inside a line a sentence ends at ". ", "! "
or "? " before a capital letter, a quote or an opening parenthesis, except after
an abbreviation such as "TP." or "H." ("UBND TP. Rạch Giá"). A sentence longer than
``max_sentence_chars`` (limits.yaml) is cut at the last space before that length, so no
later step reads an unbounded sentence; ``long_sentence_warnings`` reports the cuts.
"""

from __future__ import annotations

import functools
import re

from pipeline.lexicons import limits

# ". Sở", "? (2)", '." Tiếp', "./." is a closing mark, not a break inside a line
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“(\[]?[A-ZĐÀ-Ỹ0-9(])")
# The word before a full stop that is an abbreviation: "TP.", "Tp.", "TX.", "H.", "ThS."
ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-ZĐ][A-Za-zđĐ]{0,3}|[a-zđ]{1,2})\.$")
ABBREVIATION_CHARS = 6  # the longest text ABBREVIATION can match: " ThS." plus one
# A section label is not a sentence: "2.1. Sở Tài chính", "II. NHIỆM VỤ", "(1). Về"
# (matched from the start of the text before the break, so no "^")
LABEL_ONLY = re.compile(r"\s*\(?(?:[IVXLC]+|\d{1,2}(?:\.\d{1,2})*|[a-zđA-ZĐ])\)?\.$")


@functools.cache
def max_chars() -> int:
    """The longest sentence ``split_sentences`` returns (limits.yaml)."""
    return int(limits()["max_sentence_chars"])


def split_sentences(
    text: str, start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """``(start, end)`` spans of the sentences of ``text[start:end]``, stripped.

    >>> t = "UBND TP. Rạch Giá họp. Sở Y tế báo cáo.\\nHai"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['UBND TP. Rạch Giá họp.', 'Sở Y tế báo cáo.', 'Hai']
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = start
    for line in text[start:end].split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        _split_line(text, line, line_start, spans)
    return spans


def long_sentence_warnings(text: str) -> list[str]:
    """One warning when sentences of ``text`` were cut at ``max_chars()``; else none."""
    cuts = 0
    pos = 0
    for line in text.split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        if len(line) > max_chars():
            cuts += _split_line(text, line, line_start, [])
    if not cuts:
        return []
    return [f"{cuts} sentence(s) longer than {max_chars()} characters were cut"]


def _split_line(text: str, line: str, line_start: int, spans: list) -> int:
    """Append the sentences of one line to ``spans``; returns how many cuts the length
    limit forced."""
    cut = 0
    forced = 0
    for m in SENTENCE_END.finditer(line):
        if _no_break(line, cut, m.start()):
            continue
        forced += _add(spans, text, line_start + cut, line_start + m.start())
        cut = m.end()
    return forced + _add(spans, text, line_start + cut, line_start + len(line))


def _no_break(line: str, cut: int, at: int) -> bool:
    """The full stop at ``at`` ends an abbreviation or a lone label, not a sentence."""
    if at - cut <= ABBREVIATION_CHARS:
        if ABBREVIATION.search(line[cut:at]):
            return True
    elif ABBREVIATION.search(line, at - ABBREVIATION_CHARS, at):
        return True  # only the end is read: "^" never matches inside the window
    return bool(LABEL_ONLY.match(line, cut, at))


def _add(spans: list[tuple[int, int]], text: str, s: int, e: int) -> int:
    """Append the stripped span, in pieces of at most ``max_chars()``; returns the
    number of cuts."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    cuts = 0
    while e - s > max_chars():
        space = text.rfind(" ", s + 1, s + max_chars() + 1)
        piece_end = space if space > s else s + max_chars()
        while piece_end > s + 1 and text[piece_end - 1].isspace():
            piece_end -= 1
        spans.append((s, piece_end))
        cuts += 1
        s = piece_end
        while s < e and text[s].isspace():
            s += 1
    if e > s:
        spans.append((s, e))
    return cuts
