"""Read .docx notices with python-docx: paragraphs and tables in document order."""

from __future__ import annotations

import logging
import zipfile
import zlib
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
_BODY = "word/document.xml"
# A notice's document.xml is well under a megabyte; a few hundred pages stay far below.
MAX_UNZIPPED = 256_000_000
MAX_PARAGRAPHS = 100_000


def read_docx(path: Path) -> RawText:
    """Read a Word document; each table cell's paragraphs become lines of their own.

    Raises:
        ReadError: "corrupt .docx (...)" when python-docx cannot open it, "no text".
    """
    _check_container(path)
    try:
        document = docx.Document(str(path))
        pairs = list(_lines(document))
    except Exception as err:  # python-docx raises zip, XML and key errors alike
        raise ReadError(f"corrupt .docx ({type(err).__name__})") from err
    text = check_text(strip_controls("\n".join(line for line, _ in pairs)))
    legacy = sorted({enc for _, enc in pairs if enc})
    warnings = [f"converted runs in {enc} fonts" for enc in legacy]
    return RawText(text=text, format="docx", encoding="docx", warnings=warnings)


def _check_container(path: Path) -> None:
    """Refuse, before any XML is parsed, what would cost unbounded memory or time: members
    that inflate past MAX_UNZIPPED (declared sizes are not trusted: the body is inflated
    as a stream and counted), a DTD (Word writes none; entity expansion lives there) and
    more than MAX_PARAGRAPHS paragraphs. Member names are never used as paths.

    Raises:
        ReadError: "corrupt .docx (...)", "zip bomb (...)", "DTD in .docx XML (refused)",
            "too many paragraphs (...)".
    """
    try:
        with zipfile.ZipFile(path) as archive:
            declared = sum(info.file_size for info in archive.infolist())
            if declared > MAX_UNZIPPED:
                raise ReadError(f"zip bomb (members inflate to {declared:,} bytes)")
            if _BODY not in archive.namelist():
                raise ReadError("corrupt .docx (no word/document.xml)")
            with archive.open(_BODY) as body:
                _scan_body(body)
    except ReadError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError, RuntimeError, zlib.error) as err:
        raise ReadError(f"corrupt .docx ({type(err).__name__})") from err


def _scan_body(body) -> None:
    inflated = paragraphs = 0
    tail = b""
    while chunk := body.read(1 << 20):
        inflated += len(chunk)
        if inflated > MAX_UNZIPPED:
            raise ReadError(f"zip bomb (word/document.xml inflates past {MAX_UNZIPPED:,} bytes)")
        window = tail + chunk
        if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
            raise ReadError("DTD in .docx XML (refused)")
        paragraphs += window.count(b"<w:p>") + window.count(b"<w:p ") + window.count(b"<w:p/>")
        paragraphs -= tail.count(b"<w:p>") + tail.count(b"<w:p ") + tail.count(b"<w:p/>")
        if paragraphs > MAX_PARAGRAPHS:
            raise ReadError(f"too many paragraphs (more than {MAX_PARAGRAPHS:,})")
        tail = window[-16:]


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
