"""Repairs that OCR'd text needs and typed text does not.

Tesseract reads a Vietnamese scan well but makes the same few kinds of mistake, each
with a safe repair:

- "Ð" (U+00D0, Icelandic eth) or "Ɖ" (U+0189) for "Đ", "ð" for "đ": the glyphs are one;
- a tone mark read as a character of its own, after a space ("tha ̀nh") or as a spacing
  accent ("Ha` Nội"), which then does not compose with its vowel;
- letters that look like digits inside a number ("2O21", "l5/6", "Số: 1O3/TB-UBND"):
  inside a run of digits, "O"/"o" is 0 and "l"/"I" is 1. A run that has no digit
  ("II", "lo") is a word, and is left alone;
- a space inside a document number ("03- CT/TU", "12 /TB-UBND");
- specks read as marks: a lone "_", "|" or quote, a line of dots and dashes;
- footnote numbers read as plain digits or look-alikes ("¹" as "!"):
  ``superscript_footnotes``, over the whole document.
"""

from __future__ import annotations

import re
import unicodedata

_LETTERS = str.maketrans({"\u00d0": "\u0110", "\u0189": "\u0110", "\u00f0": "\u0111"})
# a combining mark cut off its letter by spaces: "tha ̀nh"
_LOOSE_MARK = re.compile(r"[ \t]+([\u0300-\u036f])")
# a spacing accent right after a vowel: "Ha` Nội", "ca´c"
_VOWELS = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
_SPACING = {"`": "\u0300", "´": "\u0301", "˜": "\u0303", "ˋ": "\u0300", "ˊ": "\u0301"}
_SPACING_MARK = re.compile(f"([{_VOWELS}])([{''.join(_SPACING)}])")
# a run of digits and digit look-alikes, not part of a word: "2O21", "l5", "1O3"
_NUMBERISH = re.compile(r"(?<![^\W\d_])[0-9OoIl]*[0-9][0-9OoIl]*(?![^\W\d_])")
_DIGITS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})
# specks read as marks: a lone "_", "|", "ˆ", a stray quote between spaces
_SPECK = re.compile(r"(?<!\S)[_|ˆ˜'‘’\"“”›‹~`´•]+(?!\S)[ \t]?")
# a space read after the hyphen of a document number: "03- CT/TU", "12 /TB-UBND"
_ID_SPACE = re.compile(r"(?<=\d)(?:-[ \t]+(?=[A-ZĐ]{1,8}/)|[ \t]+(?=/[A-ZĐ]{1,8}[-/]))")


def repair_ocr(text: str) -> str:
    """Undo OCR's typical mistakes in ``text`` (then NFC).

    >>> repair_ocr("Ðà Nẵng, ngày l5 tháng O6 năm 2O21")
    'Đà Nẵng, ngày 15 tháng 06 năm 2021'
    """
    text = text.translate(_LETTERS)
    text = _LOOSE_MARK.sub(r"\1", text)
    text = _SPACING_MARK.sub(lambda m: m.group(1) + _SPACING[m.group(2)], text)
    text = _NUMBERISH.sub(lambda m: m.group(0).translate(_DIGITS), text)
    text = _ID_SPACE.sub(lambda m: "-" if m.group(0).startswith("-") else "", text)
    text = _SPECK.sub("", text)
    # a line with no letter or digit is specks too (".", "-_", ": -")
    lines = [ln for ln in text.split("\n") if not ln.strip() or any(c.isalnum() for c in ln)]
    return unicodedata.normalize("NFC", "\n".join(lines))


# Footnotes. OCR reads a raised footnote number as a plain digit or as a look-alike
# ("¹" as "!", "²" as "?"), so neither the footnote line nor its marker is recognised.
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_LOOKALIKES = {1: "!", 2: "?"}
# a footnote line: its number (or look-alike), a space, then a capital ("2 Vắng: ...")
_NOTE_LINE = re.compile(r"^(\d{1,2}|[!?])[ \t]+(?=[A-ZÀ-Ỹ\u0110])", re.MULTILINE)
# after a letter or a closing bracket, before punctuation or a space: "năm!", "CP8;"
_MARK_AFTER = r"(?<=[^\W\d_)])"
_MARK_BEFORE = r"(?=[.,;:)]*(?:\s|$))"
# an area or volume unit, whose "2"/"3" is an exponent: "m2", "km3", "ha2" is not one
_UNITS = re.compile(r"(?:^|[^\w])(?:m|km|cm|dm|mm)$")


def superscript_footnotes(text: str) -> str:
    """Write OCR'd footnote numbers as superscripts again, so the footnote repair lifts
    them: a line "1 Báo cáo số ..." or "! Báo cáo ..." numbered in sequence from 1 and
    whose marker is found before it ("năm1", "năm!"), or whose number is a look-alike.

    >>> superscript_footnotes("Theo Báo cáo!.\\n! Báo cáo số 14-BC/BCSĐ.")
    'Theo Báo cáo¹.\\n¹ Báo cáo số 14-BC/BCSĐ.'
    """
    edits: list[tuple[int, int, str]] = []  # (start, end, superscript number)
    expected, search_from = 1, 0  # markers are looked for after the previous one
    for m in _NOTE_LINE.finditer(text):
        glyph = m.group(1)
        number = int(glyph) if glyph.isdigit() else next(
            n for n, g in _LOOKALIKES.items() if g == glyph
        )
        if number != expected:
            continue
        marks = [re.escape(str(number))] + (
            [re.escape(_LOOKALIKES[number])] if number in _LOOKALIKES else []
        )
        pattern = re.compile(f"{_MARK_AFTER}(?:{'|'.join(marks)}){_MARK_BEFORE}")
        taken = [(a, b) for a, b, _ in edits]
        marker = next(
            (
                mk for mk in pattern.finditer(text, search_from, m.start())
                if not _UNITS.search(text[max(0, mk.start() - 3):mk.start()])
                and not any(a <= mk.start() < b for a, b in taken)
            ),
            None,
        )
        if marker is None and glyph.isdigit():
            continue  # a sentence that starts with a figure ("15 xã đạt ...")
        superscript = str(number).translate(_SUPERSCRIPT)
        if marker is not None:
            edits.append((marker.start(), marker.end(), superscript))
            search_from = marker.end()
        edits.append((m.start(), m.end(), superscript + " "))
        expected += 1
    for begin, end, replacement in sorted(edits, reverse=True):
        text = text[:begin] + replacement + text[end:]
    return text
