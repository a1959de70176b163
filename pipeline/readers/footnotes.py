"""Footnotes that a PDF conversion dropped into the body: lift them out, find markers.

A footnote line starts with superscript digits ("¹ Phó Chủ tịch ...") or a bracketed
number ("[4] Báo cáo số ..."); the lines right below it, up to a blank line, the next
footnote or a line that starts a new sentence after a finished one, continue it. Its marker is the same number written after a word in the body
("Thành viên¹", "68/NQ-CP⁸", "Báo cáo[4]").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")
_TO_SUPER = str.maketrans("0123456789", SUPERSCRIPTS)

# "¹ Phó Chủ tịch UBND tỉnh ...", "⁴Báo cáo số 236/BC-UBND ..."
# (at most four digits: a longer run of superscripts is no footnote number)
FOOTNOTE_SUPER = re.compile(rf"^([{SUPERSCRIPTS}]{{1,4}})(?![{SUPERSCRIPTS}])\s*(\S.*)$")
# "[4] Báo cáo số 236/BC-UBND ..."
FOOTNOTE_BRACKET = re.compile(r"^\[(\d{1,3})\]\s*(\S.*)$")
# "Thành viên¹", "68/NQ-CP⁸", "năm 2021.³" (not "10²"; "m²", "km³" are skipped in code)
MARKER_SUPER = re.compile(
    rf"(?<=[^\s\d{SUPERSCRIPTS}])([{SUPERSCRIPTS}]{{1,4}})(?![{SUPERSCRIPTS}])"
)
# "Báo cáo[4]"
MARKER_BRACKET = re.compile(r"(?<=\S)\[(\d{1,3})\]")


@dataclass
class Note:
    """A lifted footnote: its number, text, and whether it was written "[n]"."""

    number: int
    text: str
    bracket: bool = False


def to_superscript(number: int) -> str:
    """4 -> "⁴", 12 -> "¹²"."""
    return str(number).translate(_TO_SUPER)


def lift(lines: list[str]) -> tuple[list[str], list[Note]]:
    """Split stripped lines into body lines and footnotes (in order of appearance).

    A footnote's place in the body becomes a blank line, so the sentence it
    interrupted is rejoined like any sentence cut by a blank line.
    """
    body: list[str] = []
    notes: list[Note] = []
    current: Note | None = None
    for line in lines:
        note = _parse(line)
        if note is not None:
            notes.append(note)
            current = note
            body.append("")
        elif current is not None and line and _continues(current.text, line):
            current.text += " " + line
        else:
            current = None
            body.append(line)
    return body, notes


def _unfinished(note: str) -> bool:
    return note.rstrip()[-1:] not in ".;:!?"


def _continues(note: str, line: str) -> bool:
    """Whether ``line``, right below a footnote, carries it on: the footnote did not end
    its sentence, or the line starts in lower case. A file without blank lines (a .docx,
    a PDF text layer) goes on with "Nơi nhận:" or the next paragraph right after it; a
    blank line ends a footnote (a PDF conversion drops them mid-sentence, and the body
    goes on below)."""
    return _unfinished(note) or line[:1].islower()


def _parse(line: str) -> Note | None:
    if m := FOOTNOTE_SUPER.match(line):
        return Note(int(m.group(1).translate(_TO_DIGITS)), m.group(2).strip())
    if m := FOOTNOTE_BRACKET.match(line):
        return Note(int(m.group(1)), m.group(2).strip(), bracket=True)
    return None


def find_markers(body: str, bracket: bool) -> dict[int, int]:
    """Map each marker number to the offset of its first occurrence in ``body``."""
    found: dict[int, int] = {}
    for m in MARKER_SUPER.finditer(body):
        if body[m.start() - 1] == "m" and m.group(1) in ("²", "³"):  # m², km³
            continue
        found.setdefault(int(m.group(1).translate(_TO_DIGITS)), m.start())
    if bracket:
        for m in MARKER_BRACKET.finditer(body):
            found.setdefault(int(m.group(1)), m.start())
    return found


def link(body: str, notes: list[Note]) -> tuple[list[Note], dict[int, int], list[str]]:
    """The footnotes in number order, marker offsets by number, and warnings."""
    notes = sorted(notes, key=lambda n: n.number)
    markers = find_markers(body, any(n.bracket for n in notes))
    numbers = [n.number for n in notes]
    warnings = [
        f"footnote {n} appears more than once"
        for n in sorted(set(numbers))
        if numbers.count(n) > 1
    ]
    warnings += [
        f"footnote {n} has no marker in the text"
        for n in sorted(set(numbers))
        if n not in markers
    ]
    warnings += [
        f"marker {to_superscript(n)} has no footnote"
        for n in sorted(markers)
        if n not in numbers
    ]
    return notes, markers, warnings
