"""Read .html notices: trafilatura's main text, else all text through lxml."""

from __future__ import annotations

import logging
import re
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
from pipeline.readers.decode import decode_bytes, has_bom

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
    page = _SOFT_HYPHEN.sub(_KEEP_SOFT_HYPHEN, _decode(data))
    text = trafilatura.extract(page, include_tables=True, favor_recall=True)
    if not text or not text.strip():
        text = _lxml_text(page)
        warnings.append("main text not found; all page text kept")
    if not text or not text.strip():
        raise ReadError("no text in HTML")
    # legacy-font lines are converted by read_file, after every reader
    text = text.replace(_KEEP_SOFT_HYPHEN, "\xad")
    return RawText(
        text=check_text(strip_controls(text)),
        format="html",
        encoding="html",
        warnings=warnings,
    )


# A soft hyphen is the letter ư in TCVN3 ("n\xadíc" is nước), but trafilatura drops
# it (and every unprintable character): it travels through as a printable symbol no
# notice carries, U+1D9AD (a SignWriting movement).
_SOFT_HYPHEN = re.compile(r"\xad|&shy;|&#0*173;|&#x0*ad;", re.I)
_KEEP_SOFT_HYPHEN = "\U0001d9ad"
# <meta charset="utf-8">, <meta http-equiv="Content-Type" content="text/html; charset=...">
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _decode(data: bytes) -> str:
    """The page as text, decoded here rather than guessed by the parsers (which read a
    page that declares no charset as Latin-1: "Ủy" became "á»¦y"): the charset the page
    declares, unless a BOM says otherwise; else as any text file (``decode_bytes``:
    BOM, UTF-8, the legacy Vietnamese encodings)."""
    declared = _CHARSET.search(data[:4096])
    if declared and not has_bom(data):
        try:
            return _XML_DECLARATION.sub(
                "", data.decode(declared.group(1).decode("ascii"), errors="replace")
            )
        except LookupError:  # a charset Python does not know: decide from the bytes
            pass
    return _XML_DECLARATION.sub("", decode_bytes(data)[0])


def _lxml_text(data: str) -> str:
    """All visible text of the page, scripts and styles removed."""
    try:
        root = lxml.html.fromstring(data)
    except Exception as err:  # lxml raises ParserError or XMLSyntaxError
        raise ReadError(f"unreadable HTML ({type(err).__name__})") from err
    for node in root.xpath("//script|//style|//noscript"):
        node.drop_tree()
    lines = (line.strip() for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)
