"""Read .html notices: trafilatura's main text, else all text through lxml."""

from __future__ import annotations

import logging
from pathlib import Path

import lxml.html
import trafilatura

from pipeline.readers.base import (
    MAX_BYTES,
    RawText,
    ReadError,
    check_text,
    read_bounded,
    strip_controls,
)

logger = logging.getLogger(__name__)


def read_html(path: Path) -> RawText:
    """Extract the main text of a web page (tables included).

    Raises:
        ReadError: "binary file (NUL bytes)", "no text in HTML".
    """
    data = read_bounded(path, MAX_BYTES)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("binary file (NUL bytes)")
    warnings: list[str] = []
    text = trafilatura.extract(data, include_tables=True, favor_recall=True)
    if not text or not text.strip():
        text = _lxml_text(data)
        warnings.append("main text not found; all page text kept")
    if not text or not text.strip():
        raise ReadError("no text in HTML")
    return RawText(
        text=check_text(strip_controls(text)),
        format="html",
        encoding="html",
        warnings=warnings,
    )


def _lxml_text(data: bytes) -> str:
    """All visible text of the page, scripts and styles removed."""
    try:
        root = lxml.html.fromstring(data)
    except Exception as err:  # lxml raises ParserError or XMLSyntaxError
        raise ReadError(f"unreadable HTML ({type(err).__name__})") from err
    for node in root.xpath("//script|//style|//noscript"):
        node.drop_tree()
    lines = (line.strip() for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)
