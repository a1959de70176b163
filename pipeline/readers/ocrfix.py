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
  ``superscript_footnotes``, over the whole document;
- Roman numerals of headings and items read with a stroke too few ("III." as "II.",
  "(i)" as "(¡)"): ``roman_numbering``, by their sequence;
- place names after a unit word, tone marks guessed wrong ("huyện Nghỉ Lộc"):
  ``place_names``, by the gazetteer.
"""

from __future__ import annotations

import functools
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
    them: a line "1 Báo cáo số ..." or "! Báo cáo ..." numbered in sequence from 1,
    whose marker is found before it ("năm1", "năm!") or whose number is a look-alike; the
    footnotes after the first need no marker (they continue the sequence: a marker read
    as "?" or lost to a speck is common).

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
        # in sequence; a footnote after the first may follow a lost one or two
        if not (number == expected or (expected > 1 and glyph.isdigit()
                                       and expected < number <= expected + 2)):
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
        if marker is None and glyph.isdigit() and number == 1:
            continue  # a sentence that starts with a figure ("1 xã đạt ...")
        superscript = str(number).translate(_SUPERSCRIPT)
        if marker is not None:
            edits.append((marker.start(), marker.end(), superscript))
            search_from = marker.end()
        edits.append((m.start(), m.end(), superscript + " "))
        expected = number + 1
    for begin, end, replacement in sorted(edits, reverse=True):
        text = text[:begin] + replacement + text[end:]
    return text


# Roman numerals of headings and items. Serif capitals run together in a scan: "III"
# is read "II" or "H", "(i)" is read "(¡)", "(ii)" "(i1)". A heading's numeral is
# expected to follow the one before it, which makes the repair safe: it changes a
# numeral only into the expected one, and only when they differ by one stroke.
_ROMAN = {"I": 1, "V": 5, "X": 10}
_HEADING = re.compile(r"(?m)^(?P<num>[IVXH]{1,6})\.(?=[ \t])")
# a part heading in capitals after a numeral that lost its dot or gained specks:
# "IL KHÓ KHĂN, VƯỚNG MẮC", "-_ HIL NHIỆM VỤ" (II, III)
_CAPS_HEADING = re.compile(
    r"(?m)^(?P<num>[-_–. \t]*[IVXHLl|]{1,6}[.,:]?)[ \t]+(?=[A-ZĐÀ-Ỹ]{2,}[ \t,]+[A-ZĐÀ-Ỹ]{2,})"
)
_ITEM = re.compile(r"(?m)^\((?P<num>[ivx¡l1]{1,6})\)")
_STROKES = str.maketrans({"H": "II", "l": "I", "1": "I", "¡": "i"})


def _roman_value(numeral: str) -> int | None:
    numeral = numeral.upper()
    if not numeral or any(c not in _ROMAN for c in numeral):
        return None
    total = 0
    for c, following in zip(numeral, numeral[1:] + " ", strict=True):
        value = _ROMAN[c]
        total += -value if following in _ROMAN and _ROMAN[following] > value else value
    return total


def _to_roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _one_stroke(read: str, expected: str) -> bool:
    """Whether ``read`` is ``expected`` with one I too many or too few, or with look-alike
    strokes ("H" for "II", "l" or "1" for "I")."""
    read = read.translate(_STROKES).upper()
    if read == expected:
        return True
    longer, shorter = (read, expected) if len(read) > len(expected) else (expected, read)
    return len(longer) == len(shorter) + 1 and any(
        longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)) if longer[i] == "I"
    )


def roman_numbering(text: str) -> str:
    """Put back the Roman numerals of headings ("III. NHIỆM VỤ" read "II.") and of items
    ("(iii)" read "(ii)", "(i)" read "(¡)") where they break the sequence by one stroke.

    >>> roman_numbering("I. KẾT QUẢ\\nII. HẠN CHẾ\\nII. NHIỆM VỤ")
    'I. KẾT QUẢ\\nII. HẠN CHẾ\\nIII. NHIỆM VỤ'
    """
    text = _caps_headings(text)
    text = _renumber(text, _HEADING, upper=True)
    return _renumber(text, _ITEM, upper=False)


def _caps_headings(text: str) -> str:
    """Part headings in capitals numbered I, II, III ...: a numeral read as "IL" or "HIL",
    with specks or without its dot, becomes the one the sequence expects."""
    edits: list[tuple[int, int, str]] = []
    previous = 0
    for m in _CAPS_HEADING.finditer(text):
        read = m.group("num").strip(" \t-_–")
        value = _roman_value(read.rstrip(".,:"))
        if value is not None and read.endswith(".") and value > previous:
            previous = value  # a clean numeral: in sequence, or a jump
            continue
        if previous == 0 and value != 1:
            continue  # no sequence to go by yet
        previous += 1
        edits.append((m.start("num"), m.end("num"), _to_roman(previous) + "."))
    for begin, end, numeral in reversed(edits):
        text = text[:begin] + numeral + text[end:]
    return text


def _renumber(text: str, pattern: re.Pattern, upper: bool) -> str:
    edits: list[tuple[int, int, str]] = []
    previous = 0
    for m in pattern.finditer(text):
        read = m.group("num")
        value = _roman_value(read.translate(_STROKES))
        if not upper and value == 1:  # "(i)" starts a new list of items
            previous = 0
        expected = _to_roman(previous + 1)
        clean = read.translate(_STROKES) == read
        if value is not None and clean and value > previous:  # in sequence, or a jump
            previous = value
            continue
        # a repeat or a step back ("II" after "II"), or no numeral at all ("H", "(i1)")
        if _one_stroke(read, expected):
            numeral = expected if upper else expected.lower()
            edits.append((m.start("num"), m.end("num"), numeral))
            previous += 1
        elif value is not None:
            previous = value
    for begin, end, numeral in reversed(edits):
        text = text[:begin] + numeral + text[end:]
    return text


# Place names. Tesseract's Vietnamese model guesses tone marks from its own language
# model and gets rare names wrong ("huyện Nghỉ Lộc" for Nghi Lộc, "TĨNH NGHỆ AN"). After
# an administrative unit, a name that matches exactly one place of the gazetteer
# (pipeline/lexicons/places.csv) once tone marks are set aside is written as the
# gazetteer writes it; so is the unit word itself. Any other name is left as read.
_UNITS_FOLDED = {
    ("tinh",): "tỉnh", ("huyen",): "huyện", ("quan",): "quận", ("thi", "xa"): "thị xã",
    ("thanh", "pho"): "thành phố",
}
_TOKEN = re.compile(r"[^\W\d_]+")


@functools.cache
def _gazetteer() -> dict[str, str]:
    """Folded place name -> its one spelling (names spelled two ways are left out)."""
    from pipeline.core.text import fold
    from pipeline.lexicons import load_places

    spellings: dict[str, set[str]] = {}
    for row in load_places():
        spellings.setdefault(fold(row["name"]), set()).add(row["name"])
    return {k: next(iter(v)) for k, v in spellings.items() if len(v) == 1}


def place_names(text: str) -> str:
    """Write place names after a unit word as the gazetteer does.

    >>> place_names("UBND huyện Nghỉ Lộc và TĨNH NGHỆ AN")
    'UBND huyện Nghi Lộc và TỈNH NGHỆ AN'
    """
    from pipeline.core.text import fold

    places = _gazetteer()
    tokens = list(_TOKEN.finditer(text))
    edits: list[tuple[int, int, str]] = []
    i = 0
    while i < len(tokens):
        unit = None
        for words, spelled in _UNITS_FOLDED.items():
            span = tokens[i:i + len(words)]
            if len(span) == len(words) and tuple(fold(t.group(0)) for t in span) == words:
                unit = (span, spelled)
                break
        if unit is None:
            i += 1
            continue
        span, spelled = unit
        after = i + len(span)
        for n in (3, 2, 1):
            name_tokens = tokens[after:after + n]
            if len(name_tokens) < n or not name_tokens[0].group(0)[0].isupper():
                continue
            if any(text[a.end():b.start()] != " " for a, b in zip(name_tokens, name_tokens[1:])):
                continue
            read = " ".join(t.group(0) for t in name_tokens)
            name = places.get(fold(read))
            if name is None:
                continue
            upper = read.isupper()
            for token, word in zip(span, spelled.split(), strict=True):
                word = word.upper() if token.group(0).isupper() else (
                    word.capitalize() if token.group(0)[0].isupper() else word)
                if token.group(0) != word:
                    edits.append((token.start(), token.end(), word))
            wanted = name.upper() if upper else name
            if read != wanted:
                edits.append((name_tokens[0].start(), name_tokens[-1].end(), wanted))
            after += n
            break
        i = after
    for begin, end, word in reversed(edits):
        text = text[:begin] + word + text[end:]
    return text
