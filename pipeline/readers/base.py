"""Types shared by the readers: the text a reader returns and the error it raises."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

# Most bytes any reader reads of one file, whatever ingest.max_bytes says (it narrows it).
MAX_BYTES = 200_000_000
# Share of control characters (besides newline, tab, form feed) above which a decoded
# file is treated as binary rather than text.
MAX_CONTROL_SHARE = 0.01


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, reading no more than ``max_bytes`` + 1 whatever the file is.

    Raises:
        ReadError: "file too large" when there is more.
    """
    with open(path, "rb") as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ReadError(f"file too large (> {max_bytes:,} bytes)")
    return data


class ReadError(Exception):
    """A file cannot be read as a notice; ``reason`` is one line for the report."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class RawText:
    """What a reader got out of a file, before repair.

    Attributes:
        text: the decoded text (line breaks kept).
        format: "txt", "md", "docx", "doc", "rtf", "odt", "pdf", "pdf+ocr" (some pages
            read by OCR) or "html".
        encoding: the byte encoding detected ("utf-8", "tcvn3", "cp1258"...), or the
            container format's own ("docx", "pdf") when the file is not plain bytes.
        warnings: what the reader noticed but could work around.
        pages: pages in the file (PDF), else None.
        ocr_pages: pages read by OCR; ocr_confidence their mean word confidence (0-100)
            and ocr_seconds the time OCR took.
        legacy_checked: the reader converted legacy-font text itself (by font name, or
            the whole file's bytes), so ``read_file`` does not judge its lines again: a
            converted line such as "Chính sách" would read as TCVN3 a second time.
    """

    text: str
    format: str
    encoding: str
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None
    ocr_pages: int = 0
    ocr_confidence: float | None = None
    ocr_seconds: float = 0.0
    legacy_checked: bool = False


def check_text(text: str) -> str:
    """Reject text that is empty or mostly control characters; return it unchanged.

    Raises:
        ReadError: "no text" or "binary file (control characters)".
    """
    if not text.strip():
        raise ReadError("no text")
    controls = sum(
        1 for c in text if c not in "\n\r\t\f" and unicodedata.category(c) == "Cc"
    )
    if controls > MAX_CONTROL_SHARE * len(text):
        raise ReadError("binary file (control characters)")
    return text


def strip_controls(text: str) -> str:
    """Drop control characters other than line breaks and tabs (PDF and DOCX debris).
    The soft hyphen stays: in TCVN3 clothing it is the letter "ư" (``read_file`` drops
    the ones left after legacy conversion)."""
    return "".join(
        c
        for c in text
        if c in "\n\r\t\xad" or unicodedata.category(c) not in ("Cc", "Cf")
    )
