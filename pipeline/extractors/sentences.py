"""Split notice text into sentences, with offsets.

Every line (paragraph) ends a sentence; inside a line a sentence ends at ". ", "! "
or "? " before a capital letter, a quote or an opening parenthesis, except after
an abbreviation such as "TP." or "H." ("UBND TP. Rạch Giá").
"""

from __future__ import annotations

import re

# ". Sở", "? (2)", '." Tiếp', "./." is a closing mark, not a break inside a line
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“(\[]?[A-ZĐÀ-Ỹ0-9(])")
# The word before a full stop that is an abbreviation: "TP.", "Tp.", "TX.", "H.", "ThS."
ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-ZĐ][A-Za-zđĐ]{0,3}|[a-zđ]{1,2})\.$")
# A section label is not a sentence: "2.1. Sở Tài chính", "II. NHIỆM VỤ", "(1). Về"
LABEL_ONLY = re.compile(r"^\s*\(?(?:[IVXLC]+|\d{1,2}(?:\.\d{1,2})*|[a-zđA-ZĐ])\)?\.$")


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
        cut = 0
        for m in SENTENCE_END.finditer(line):
            before = line[cut : m.start()]
            if ABBREVIATION.search(before) or LABEL_ONLY.match(before):
                continue
            _add(spans, text, line_start + cut, line_start + m.start())
            cut = m.end()
        _add(spans, text, line_start + cut, line_start + len(line))
    return spans


def _add(spans: list[tuple[int, int]], text: str, s: int, e: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))
