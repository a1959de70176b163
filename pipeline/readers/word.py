"""Read .docx notices with python-docx: paragraphs and tables in document order."""

from __future__ import annotations

import itertools
import logging
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.table import Table
from docx.text.hyperlink import Hyperlink

from pipeline.readers.base import RawText, ReadError, check_text, strip_controls
from pipeline.readers.legacy import convert_lines, convert_text, font_encoding

logger = logging.getLogger(__name__)

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
    fonts = sorted({enc for _, encodings in pairs for enc in encodings})
    lines, found = _convert_unnamed([line for line, _ in pairs], [e for _, e in pairs])
    text = check_text(strip_controls("\n".join(lines)))
    warnings = [f"converted runs in {enc} fonts" for enc in fonts]
    warnings += [f"converted lines from {enc}" for enc in found]
    return RawText(
        text=text, format="docx", encoding="docx", warnings=warnings, legacy_checked=True
    )


def _convert_unnamed(
    lines: list[str], encodings: list[tuple[str, ...]]
) -> tuple[list[str], list[str]]:
    """Convert legacy text in runs whose font name was lost, judged by content.

    Paragraphs already converted by font are left out: "Chính sách" from a .VnTime run
    reads like TCVN3 once more. Soft hyphens are still there (TCVN3 ư).
    """
    open_lines = [i for i, found in enumerate(encodings) if not found]
    text, found = convert_lines("\n".join(lines[i] for i in open_lines))
    if not found:
        return lines, []
    converted = iter(text.split("\n"))
    out = list(lines)
    for i in open_lines:
        out[i] = "\n".join(next(converted) for _ in range(lines[i].count("\n") + 1))
    return out, found


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


def _lines(container) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Yield (line, legacy encodings of its runs) per paragraph; tables cell by cell."""
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            yield from _table_lines(block)
        else:
            yield _paragraph_text(block)


def _table_lines(table: Table) -> Iterator[tuple[str, tuple[str, ...]]]:
    seen: set = set()  # the XML elements themselves: proxy ids get reused
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:  # a merged cell repeats across its span
                continue
            seen.add(cell._tc)
            yield from _lines(cell)
        yield "", ()


def _paragraph_text(paragraph) -> tuple[str, tuple[str, ...]]:
    """The paragraph's text, its legacy-font runs converted run by run."""
    default = _style_font(paragraph.style)
    runs = [
        run
        for item in paragraph.iter_inner_content()
        for run in (item.runs if isinstance(item, Hyperlink) else [item])
    ]
    fonts = [font_encoding(run.font.name or default) for run in runs]
    if not any(fonts):
        return paragraph.text, ()
    pieces, found = [], set()
    # neighbouring runs in one font convert together: a VNI "aù" may straddle two
    for font, group in itertools.groupby(zip(fonts, runs, strict=True), lambda p: p[0]):
        text = "".join(run.text for _, run in group)
        if font and text.strip():
            encoding, upper = font
            text = convert_text(text, encoding, upper=upper)
            found.add(encoding)
        pieces.append(text)
    return "".join(pieces), tuple(sorted(found))


def _style_font(style) -> str | None:
    """The font a paragraph style (or the style it is based on) sets, if any."""
    while style is not None:
        if style.font.name:
            return style.font.name
        style = style.base_style
    return None
