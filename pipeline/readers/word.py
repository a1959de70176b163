"""Read .docx notices with python-docx: paragraphs and tables in document order."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.table import Table

from pipeline.readers.base import RawText, ReadError, check_text, strip_controls
from pipeline.readers.decode import fix_legacy

logger = logging.getLogger(__name__)

# Font families that mean a legacy encoding (research/ecosystem.md §2.1): ".VnTime",
# ".VnArial" are TCVN3; "VNI-Times" is VNI.
_LEGACY_FONTS = ((".vn", "tcvn3"), ("vni", "vni"))


def read_docx(path: Path) -> RawText:
    """Read a Word document; each table cell's paragraphs become lines of their own.

    Raises:
        ReadError: "corrupt .docx (...)" when python-docx cannot open it, "no text".
    """
    try:
        document = docx.Document(str(path))
        pairs = list(_lines(document))
    except Exception as err:  # python-docx raises zip, XML and key errors alike
        raise ReadError(f"corrupt .docx ({type(err).__name__})") from err
    text = check_text(strip_controls("\n".join(line for line, _ in pairs)))
    legacy = sorted({enc for _, enc in pairs if enc})
    warnings = [f"converted runs in {enc} fonts" for enc in legacy]
    return RawText(text=text, format="docx", encoding="docx", warnings=warnings)


def _lines(container) -> Iterator[tuple[str, str | None]]:
    """Yield (line, legacy encoding or None) per paragraph; tables cell by cell."""
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            yield from _table_lines(block)
        else:
            yield _paragraph_text(block)


def _table_lines(table: Table) -> Iterator[tuple[str, str | None]]:
    seen: set = set()  # the XML elements themselves: proxy ids get reused
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:  # a merged cell repeats across its span
                continue
            seen.add(cell._tc)
            yield from _lines(cell)
        yield "", None


def _paragraph_text(paragraph) -> tuple[str, str | None]:
    """The paragraph's text, converted when its runs use a legacy Vietnamese font."""
    text = paragraph.text
    for run in paragraph.runs:
        font = (run.font.name or "").lower()
        for prefix, encoding in _LEGACY_FONTS:
            if font.startswith(prefix) and text.strip():
                return fix_legacy(text, encoding), encoding
    return text, None
