"""Repair a reader's text: line ends, Unicode, bold marks, page-break debris, footnotes.

The result is the body, then (when there are footnotes) a blank line and one line per
footnote "⁴ <text>" in number order; every offset points into that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.core.text import normalize, squeeze_spaces
from pipeline.readers import footnotes
from pipeline.readers.pdf import PAGE_NUMBER

# A line ending with one of these ends a sentence (or introduces a list).
SENTENCE_END = ".:;!?"
# A lower-case list label: "a) ...", "đ. ...", "(ii) ...", "iv) ..."
LIST_ITEM = re.compile(r"^(?:\(?[a-zđ]{1,4}\)|[a-zđ]\.)\s")


@dataclass
class Repaired:
    """Clean text, where its body ends, its footnotes, and what looked wrong.

    ``footnotes`` holds {"number", "start", "end", "marker"}: ``text[start:end]`` is
    the footnote's text without its number; ``marker`` is the offset of the number
    in the body, or None.
    """

    text: str
    body_end: int
    footnotes: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def repair(text: str) -> Repaired:
    """Clean ``text`` (any reader's output) in the order the brief fixes.

    >>> repair("Sở Y tế khẩn\\n\\n¹ Ghi chú.\\n\\ntrương báo cáo¹.").text
    'Sở Y tế khẩn trương báo cáo¹.\\n\\n¹ Ghi chú.'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = normalize(text).replace("**", "")
    lines = [squeeze_spaces(line).strip() for line in text.split("\n")]
    # A page number marks a page break: keep it as a blank line.
    lines = ["" if PAGE_NUMBER.match(line) else line for line in lines]
    lines, notes = footnotes.lift(lines)
    body = "\n\n".join("\n".join(p) for p in rejoin(paragraphs(lines)))
    notes, markers, warnings = footnotes.link(body, notes)
    return _assemble(body, notes, markers, warnings)


def paragraphs(lines: list[str]) -> list[list[str]]:
    """Group lines into paragraphs separated by blank lines."""
    groups: list[list[str]] = [[]]
    for line in lines:
        if line:
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


def continues(previous: str, line: str) -> bool:
    """True when ``line`` carries on the sentence ``previous`` left unfinished."""
    return (
        bool(previous)
        and bool(line)
        and previous[-1] not in SENTENCE_END
        and not previous.isupper()  # "THÔNG BÁO" / "kết luận của ..." stay apart
        and line[0].islower()
        and not LIST_ITEM.match(line)
    )


def rejoin(groups: list[list[str]]) -> list[list[str]]:
    """Join hard-wrapped lines, and paragraphs cut by a page break, with one space."""
    out: list[list[str]] = []
    for group in groups:
        if out and continues(out[-1][-1], group[0]):
            out[-1][-1] += " " + group[0]
            group = group[1:]
        else:
            out.append([])
        for line in group:
            if out[-1] and continues(out[-1][-1], line):
                out[-1][-1] += " " + line
            else:
                out[-1].append(line)
    return [g for g in out if g]


def _assemble(
    body: str, notes: list[footnotes.Note], markers: dict[int, int], warnings: list[str]
) -> Repaired:
    """Append one line per footnote to the body and record the offsets."""
    if not notes:
        return Repaired(body, len(body), [], warnings)
    text, spans = body + "\n", []
    for note in notes:
        text += "\n" + footnotes.to_superscript(note.number) + " "
        spans.append(
            {
                "number": note.number,
                "start": len(text),
                "end": len(text) + len(note.text),
                "marker": markers.get(note.number),
            }
        )
        text += note.text
    return Repaired(text, len(body), spans, warnings)
