"""Repairs that OCR'd text needs and typed text does not.

Tesseract reads a Vietnamese scan well but makes the same few kinds of mistake, each
with a safe repair:

- "Ð" (U+00D0, Icelandic eth) or "Ɖ" (U+0189) for "Đ", "ð" for "đ": the glyphs are one;
- a tone mark read as a character of its own, after a space ("tha ̀nh") or as a spacing
  accent ("Ha` Nội"), which then does not compose with its vowel;
- letters that look like digits inside a number ("2O21", "l5/6", "Số: 1O3/TB-UBND"):
  inside a run of digits, "O"/"o" is 0 and "l"/"I" is 1. A run that has no digit
  ("II", "lo") is a word, and is left alone;
- a space inside a document number ("03- CT/TU", "12 /TB-UBND").
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
    return unicodedata.normalize("NFC", text)
