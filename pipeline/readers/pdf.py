"""Read .pdf notices page by page: the text layer where it is usable, OCR where it is not.

A signed notice is often a text PDF with a scanned page (the signature page, an
appendix), or a scan throughout. Each page keeps its own text layer unless that layer is
missing or unusable (too few letters, or mostly symbols: a font without a Unicode map);
such a page is rendered and read by Tesseract (``ocr``), within the time the isolated
reader is granted page by page.
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import re
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.readers import layout
from pipeline.readers import ocr as tesseract
from pipeline.readers.base import RawText, ReadError, check_text, strip_controls
from pipeline.readers.isolate import more_time
from pipeline.readers.legacy import convert_text, font_encoding
from pipeline.readers.ocrfix import (
    place_names,
    repair_ocr,
    roman_numbering,
    superscript_footnotes,
)

logger = logging.getLogger(__name__)

MAX_PAGES = 2_000
# A line that is only a page number: "12", "- 12 -", "Trang 3", "3/12"
PAGE_NUMBER = re.compile(
    r"^[ \t]*(?:[-–—][ \t]*)?(?:[Tt]rang[ \t]+)?\d{1,4}(?:[ \t]*/[ \t]*\d{1,4})?"
    r"(?:[ \t]*[-–—])?[ \t]*$"
)
# A text layer with fewer letters than this on a page is no text layer (a scan with a
# stamped number, a signature image with a caption).
MIN_PAGE_LETTERS = 20
# ... or one whose letters are fewer than this share of its visible characters (a font
# without a Unicode map gives symbols, private-use or replacement characters).
MIN_LETTER_SHARE = 0.5
# A page rendered for OCR has at most this many pixels (an A4 page at 300 dpi has 8.7 M;
# a poster-sized page is rendered at a lower resolution instead).
MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class OcrParams:
    """params.yaml [ingest] ocr_*: how pages without a usable text layer are read."""

    enabled: bool = True
    dpi: int = 300
    max_pages: int = 60  # pages OCR'd per file; the rest are listed in a warning
    page_seconds: float = 60.0  # one page's OCR
    seconds: float = 200.0  # all OCR of one file


def read_pdf(path: Path, ocr: OcrParams | None = None) -> RawText:
    """Read every page; pages are separated by a blank line.

    Raises:
        ReadError: "corrupt PDF (...)", "encrypted PDF", "too many pages",
            "scanned PDF not read: Tesseract not installed (apt-get install ...)",
            "no text layer (scanned PDF; OCR turned off)".
    """
    ocr = ocr or OcrParams()
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as err:
        reason = "encrypted PDF" if "password" in str(err).lower() else "corrupt PDF"
        raise ReadError(f"{reason} ({err})") from err
    try:
        if len(pdf) > MAX_PAGES:
            raise ReadError(f"too many pages ({len(pdf):,} > {MAX_PAGES:,})")
        fonts: set[str] = set()  # legacy encodings converted by font name
        lines = [_page_lines(pdf, i, fonts) for i in range(len(pdf))]
        right = layout.right_edge([ln for page in lines for ln in page])
        pages = [_page_text(page, right) for page in lines]
        blank = [i for i, text in enumerate(pages) if _needs_ocr(pdf, i, text)]
        warnings = [f"converted runs in {enc} fonts" for enc in sorted(fonts)]
        stats = _Stats()
        if blank:
            _ocr_pages(pdf, blank, pages, ocr, stats, warnings)
    except pdfium.PdfiumError as err:
        raise ReadError(f"corrupt PDF ({err})") from err
    finally:
        pdf.close()
    text = "\n\n".join(
        p for i, p in enumerate(pages) if i in stats.read or (i not in blank and p.strip())
    )
    if not text.strip():
        raise ReadError("no text (no text layer and no scanned page)")
    if stats.pages:  # repairs that need the whole document
        text = place_names(roman_numbering(superscript_footnotes(text)))
    return RawText(
        text=check_text(text),
        format="pdf+ocr" if stats.pages else "pdf",
        encoding="pdf",
        warnings=warnings,
        pages=len(pages),
        ocr_pages=stats.pages,
        ocr_confidence=stats.confidence,
        ocr_seconds=round(stats.seconds, 2),
        legacy_checked=bool(fonts),  # font names said which runs are legacy
    )


def usable(text: str) -> bool:
    """Whether a page's text layer can be trusted: enough letters, and letters the
    greater part of what is visible."""
    return _letters(text) >= MIN_PAGE_LETTERS and not garbage(text)


def garbage(text: str) -> bool:
    """A text layer that is mostly not letters: symbols, private-use glyphs or
    replacement characters (a font without a Unicode map)."""
    visible = [c for c in text if not c.isspace()]
    if len(visible) < MIN_PAGE_LETTERS:
        return False
    letters = sum(1 for c in visible if c.isalpha())
    junk = sum(1 for c in visible if c == "\ufffd" or unicodedata.category(c) == "Co")
    return letters < MIN_LETTER_SHARE * len(visible) or junk >= 0.05 * len(visible)


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


def _needs_ocr(pdf, index: int, text: str) -> bool:
    """A page is read by OCR when its text layer is garbage, or when it has almost no
    text and an image (a scan); a short typed page (a last line, a signature) is not."""
    if garbage(text):
        return True
    if _letters(text) >= MIN_PAGE_LETTERS:
        return False
    page = pdf[index]
    try:
        return any(True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3))
    finally:
        page.close()


class _Stats:
    """What OCR did to one file."""

    def __init__(self) -> None:
        self.pages = 0
        self.words = 0
        self.weighted = 0.0
        self.seconds = 0.0
        self.read: set[int] = set()  # page indexes

    def add(self, index: int, page: tesseract.PageText, seconds: float) -> None:
        self.read.add(index)
        self.pages += 1
        self.words += page.words
        self.weighted += page.confidence * page.words
        self.seconds += seconds

    @property
    def confidence(self) -> float | None:
        return round(self.weighted / self.words, 1) if self.words else None


def _ocr_pages(
    pdf, blank: list[int], pages: list[str], ocr: OcrParams, stats: _Stats,
    warnings: list[str],
) -> None:
    """Replace the text of the ``blank`` pages by OCR, within the limits of ``ocr``."""
    missing = None if ocr.enabled else "OCR turned off (ingest.ocr)"
    missing = missing or tesseract.available()
    if missing:
        if len(blank) == len(pages):
            raise ReadError(f"scanned PDF not read: {missing}")
        warnings.append(f"{len(blank)} page(s) without a text layer not read: {missing}")
        return
    started, skipped, read = time.monotonic(), [], {}
    for n, i in enumerate(blank):
        if n >= ocr.max_pages or time.monotonic() - started > ocr.seconds:
            skipped.append(i + 1)
            continue
        more_time(ocr.page_seconds + 10)  # rendering and the page's OCR
        begin = time.monotonic()
        page = pdf[i]
        try:
            image, dpi = _render(page, ocr.dpi)
        finally:
            page.close()
        try:
            result = tesseract.read_page(image, dpi, ocr.page_seconds)
        except (TimeoutError, RuntimeError) as err:
            warnings.append(f"page {i + 1} not read by OCR ({err})")
            continue
        read[i] = result
        stats.add(i, result, time.monotonic() - begin)
    right = layout.right_edge([ln for r in read.values() for ln in r.lines])
    for i, result in read.items():  # laid out against the scan's right edge, then repaired
        text = layout.paragraphs(list(result.lines), right) if result.lines else result.text
        pages[i] = _drop_page_numbers(repair_ocr(text), keep_blank=True)
    if skipped:
        warnings.append(
            f"pages {_ranges(skipped)} not read by OCR (ingest.ocr_max_pages "
            f"{ocr.max_pages}, ingest.ocr_seconds {ocr.seconds:g})"
        )
    if stats.pages:
        warnings.append(
            f"OCR: {stats.pages} of {len(pages)} page(s) read by Tesseract "
            f"(mean word confidence {stats.confidence or 0:.0f}%)"
        )
        if (stats.confidence or 0) < 60:
            warnings.append("OCR confidence low: check names and numbers against the scan")


def _render(page, dpi: int):
    """The page as a PIL image, and the dpi it was rendered at: ``dpi``, or lower for a
    page too large to hold."""
    width, height = page.get_size()  # points
    scale = dpi / 72
    pixels = width * height * scale * scale
    if pixels > MAX_PIXELS:
        scale *= (MAX_PIXELS / pixels) ** 0.5
    bitmap = page.render(scale=scale)
    try:
        return bitmap.to_pil().copy(), round(scale * 72)
    finally:
        bitmap.close()


def _page_text(lines: list[layout.Line], right: float | None) -> str:
    """One page's text: wrapped lines joined by where they end against the document's
    right edge (``layout``), without a page number on its first or last line."""
    return _drop_page_numbers(strip_controls(layout.paragraphs(lines, right)))


def _page_lines(pdf, index: int, fonts: set[str]) -> list[layout.Line]:
    """One page's text layer as lines with their positions; runs in legacy fonts
    (.VnTime, .VnTimeH, VNI-Times) converted by their font's name (their encodings are
    added to ``fonts``)."""
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        return _textpage_lines(textpage, _legacy_fonts_on(page), fonts)
    finally:
        textpage.close()
        page.close()


def _legacy_fonts_on(page) -> bool:
    """Whether any text object of the page is set in a legacy font (a few objects per
    page: the characters' own fonts are looked up only when one is)."""
    buffer = ctypes.create_string_buffer(128)
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,), max_depth=3):
        font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
        if font and pdfium_c.FPDFFont_GetBaseFontName(font, buffer, 128):
            if font_encoding(buffer.value.decode("latin-1")):
                return True
    return False


def _textpage_lines(textpage, legacy: bool, fonts: set[str]) -> list[layout.Line]:
    """The page's lines with their positions.

    A PDF printed from a document typed in .VnTime keeps the font's name with each
    character: the name says the encoding, and ".VnTimeH" that the letters are capitals
    (TCVN3 has no upper-case toned letters; the H font draws the lower-case codes as
    capitals), which the characters alone cannot say. On a page with such a font
    (``legacy``) each character's font is looked up; a line's position takes three
    character boxes (its first and last visible characters, the end of its first word).
    """
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count:  # a character outside the BMP: keep indexes and text aligned
        text = "".join(textpage.get_text_range(i, 1) for i in range(count))
    lines: list[layout.Line] = []
    start = 0
    for i, char in enumerate(text):
        # pdfium marks a soft hyphen at the end of a line (in TCVN3 clothing, the letter
        # "ư") with U+FFFE and joins the next line to it: the line ends after it
        if char in "\r\n":
            _add_line(textpage, text, start, i, legacy, fonts, lines)
            start = i + 1
        elif char == "\ufffe":
            _add_line(textpage, text, start, i + 1, legacy, fonts, lines)
            start = i + 1
    _add_line(textpage, text, start, len(text), legacy, fonts, lines)
    return lines


def _add_line(
    textpage, text: str, start: int, end: int, legacy: bool, fonts: set[str],
    lines: list[layout.Line],
) -> None:
    """Append the line ``text[start:end]`` (character indexes of ``textpage``)."""
    chars = text[start:end].replace("\ufffe", "\xad")
    visible = [start + k for k, c in enumerate(chars) if not c.isspace()]
    if not visible:
        return
    if legacy:
        chars = "".join(
            _convert(name, "".join(c for _, c in run), fonts)
            for name, run in itertools.groupby(
                zip(_char_fonts(textpage, start, end), chars, strict=True),
                key=lambda pair: pair[0],
            )
        )
    first_word_end = next(
        (k - 1 for k in visible if k > visible[0] and text[k - 1].isspace()), visible[-1]
    )
    left = textpage.get_charbox(visible[0])[0]
    right = max(textpage.get_charbox(visible[-1])[2], left)
    first = textpage.get_charbox(first_word_end)[2] - left
    lines.append(layout.Line(chars.strip(), left, right, first))


def _char_fonts(textpage, start: int, end: int) -> list[str | None]:
    """Each character's font name; a character pdfium generated (a space it inferred)
    takes the font before it."""
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    names: list[str | None] = []
    for i in range(start, end):
        size = pdfium_c.FPDFText_GetFontInfo(textpage.raw, i, buffer, 128, ctypes.byref(flags))
        names.append(buffer.value.decode("latin-1") if size else (names[-1] if names else None))
    return names


def _convert(font: str | None, text: str, fonts: set[str]) -> str:
    """A run's text, converted when its font is a legacy one."""
    legacy = font_encoding(font)
    if legacy is None:
        return text
    fonts.add(legacy[0])
    return convert_text(text, legacy[0], upper=legacy[1])


def _drop_page_numbers(text: str, keep_blank: bool = False) -> str:
    """The page without a page number on its first or last line, and without blank
    lines unless ``keep_blank`` (OCR marks its text blocks with them)."""
    lines = [line.rstrip() for line in text.split("\n")]
    lines = lines if keep_blank else [line for line in lines if line.strip()]
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and PAGE_NUMBER.match(lines[-1]):
        lines.pop()
    if lines and PAGE_NUMBER.match(lines[0]):
        lines.pop(0)
    return "\n".join(lines).strip("\n")


def _ranges(numbers: list[int]) -> str:
    """[3, 4, 5, 9] -> "3-5, 9"."""
    out: list[str] = []
    for n in numbers:
        if out and out[-1].split("-")[-1] == str(n - 1):
            out[-1] = f"{out[-1].split('-')[0]}-{n}"
        else:
            out.append(str(n))
    return ", ".join(out)
