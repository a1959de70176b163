"""Readers: one notice file in, decoded and repaired text out.

``read_file`` checks the path and picks a reader by extension; ``repair`` cleans any
reader's text (NFC, tone marks, page-break debris, footnotes).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.readers.base import RawText, ReadError
from pipeline.readers.repair import Repaired, repair

__all__ = ["FORMATS", "RawText", "ReadError", "Repaired", "read_file", "repair"]

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20_000_000
# extension -> format name
FORMATS = {
    ".txt": "txt",
    ".md": "md",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
}


def read_file(
    path: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    extensions: Iterable[str] | None = None,
) -> RawText:
    """Read one notice file with the reader its extension names.

    Args:
        path: the file.
        max_bytes: larger files are rejected unread.
        extensions: accepted extensions ("txt" or ".txt"); default all of FORMATS.

    Raises:
        ReadError: with a one-line reason (missing, directory, broken symlink,
            unknown extension, empty, too large, binary, corrupt, no text).
    """
    path = Path(path)
    fmt = _check(path, max_bytes, extensions)
    try:
        raw = _reader(fmt)(path)
    except OSError as err:
        raise ReadError(f"cannot read file ({err.strerror or err})") from err
    logger.debug("read %s as %s (%s)", path, fmt, raw.encoding)
    return raw


def _check(path: Path, max_bytes: int, extensions: Iterable[str] | None) -> str:
    """Validate ``path`` before any reader opens it; return its format name."""
    if path.is_symlink() and not path.exists():
        raise ReadError("broken symlink")
    if path.is_dir():
        raise ReadError("is a directory")
    if not path.exists():
        raise ReadError("file not found")
    suffix = path.suffix.lower()
    allowed = {"." + e.lower().lstrip(".") for e in extensions or FORMATS}
    if suffix not in FORMATS or suffix not in allowed:
        raise ReadError(f"unknown extension {suffix or '(none)'!r}")
    size = path.stat().st_size
    if size == 0:
        raise ReadError("empty file")
    if size > max_bytes:
        raise ReadError(f"file too large ({size:,} bytes > {max_bytes:,})")
    return FORMATS[suffix]


def _reader(fmt: str) -> Callable[[Path], RawText]:
    """The reader function for a format (imported lazily: some load large modules)."""
    if fmt in ("txt", "md"):
        from pipeline.readers.plain import read_plain

        return lambda p: read_plain(p, fmt)
    if fmt == "docx":
        from pipeline.readers.word import read_docx

        return read_docx
    if fmt == "pdf":
        from pipeline.readers.pdf import read_pdf

        return read_pdf
    from pipeline.readers.web import read_html

    return read_html
