"""Read .pdf notices through pypdfium2's text layer, page by page."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pypdfium2 as pdfium

from pipeline.readers.base import RawText, ReadError, check_text, strip_controls

logger = logging.getLogger(__name__)

MAX_PAGES = 2_000
# A line that is only a page number: "12", "- 12 -", "Trang 3", "3/12"
PAGE_NUMBER = re.compile(
    r"^[ \t]*(?:[-–—][ \t]*)?(?:[Tt]rang[ \t]+)?\d{1,4}(?:[ \t]*/[ \t]*\d{1,4})?"
    r"(?:[ \t]*[-–—])?[ \t]*$"
)


def read_pdf(path: Path) -> RawText:
    """Read the text layer; pages are separated by a blank line.

    Raises:
        ReadError: "corrupt PDF (...)", "encrypted PDF" or
            "no text layer (scanned PDF?)".
    """
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as err:
        reason = "encrypted PDF" if "password" in str(err).lower() else "corrupt PDF"
        raise ReadError(f"{reason} ({err})") from err
    try:
        if len(pdf) > MAX_PAGES:
            raise ReadError(f"too many pages ({len(pdf):,} > {MAX_PAGES:,})")
        pages = [_page_text(pdf[i]) for i in range(len(pdf))]
    except pdfium.PdfiumError as err:
        raise ReadError(f"corrupt PDF ({err})") from err
    finally:
        pdf.close()
    text = "\n\n".join(p for p in pages if p.strip())
    if not text.strip():
        raise ReadError("no text layer (scanned PDF?)")
    return RawText(text=check_text(text), format="pdf", encoding="pdf")


def _page_text(page) -> str:
    """One page's text, without a page number on its first or last line."""
    textpage = page.get_textpage()
    try:
        raw = textpage.get_text_bounded()
    finally:
        textpage.close()
        page.close()
    lines = strip_controls(raw.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    lines = [line for line in lines if line.strip()]
    if lines and PAGE_NUMBER.match(lines[-1]):
        lines.pop()
    if lines and PAGE_NUMBER.match(lines[0]):
        lines.pop(0)
    return "\n".join(lines)
