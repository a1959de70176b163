"""Readers: one notice file in, decoded and repaired text out.

``read_file`` checks the path and picks a reader by extension; ``repair`` cleans any
reader's text (NFC, tone marks, page-break debris, footnotes).
"""

from __future__ import annotations

import functools
import logging
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.readers.base import MAX_BYTES, RawText, ReadError
from pipeline.readers.isolate import Limits, read_isolated
from pipeline.readers.repair import Repaired, repair

__all__ = ["FORMATS", "Limits", "RawText", "ReadError", "Repaired", "read_file", "repair"]

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
    limits: Limits | None = None,
) -> RawText:
    """Read one notice file with the reader its extension names.

    Plain text is decoded here; containers parsed by native code (.docx, .pdf, .html)
    are read in a child process under ``limits`` (``isolate.read_isolated``).

    Args:
        path: the file.
        max_bytes: larger files are rejected unread.
        extensions: accepted extensions ("txt" or ".txt"); default all of FORMATS.
        limits: time and memory per file of an isolated reader (default ``Limits()``).

    Raises:
        ReadError: with a one-line reason (missing, directory, not a regular file,
            broken symlink, unknown extension, empty, too large, binary, corrupt, no
            text, reader crashed or timed out).
    """
    path = Path(path)
    fmt = _check(path, max_bytes, extensions)
    try:
        if fmt in ("txt", "md"):
            raw = _reader(fmt)(path)
        else:
            raw = read_isolated(_reader(fmt), path, limits or Limits())
    except OSError as err:
        raise ReadError(f"cannot read file ({err.strerror or err})") from err
    logger.debug("read %s as %s (%s)", path, fmt, raw.encoding)
    return raw


_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _check(path: Path, max_bytes: int, extensions: Iterable[str] | None) -> str:
    """Validate ``path`` by its metadata, before any reader opens it; return its format."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            info = path.stat()
    except FileNotFoundError:
        raise ReadError("broken symlink" if path.is_symlink() else "file not found") from None
    except OSError as err:  # a symlink loop, a name too long, no permission
        raise ReadError(f"cannot read file ({err.strerror or err})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError("is a directory")
    if not stat.S_ISREG(info.st_mode):
        kind = next((k for test, k in _KINDS if test(info.st_mode)), "a special file")
        raise ReadError(f"not a regular file ({kind})")
    suffix = path.suffix.lower()
    allowed = {"." + e.lower().lstrip(".") for e in extensions or FORMATS}
    if suffix not in FORMATS or suffix not in allowed:
        raise ReadError(f"unknown extension {suffix or '(none)'!r}")
    if info.st_size == 0:
        raise ReadError("empty file")
    if info.st_size > min(max_bytes, MAX_BYTES):
        raise ReadError(
            f"file too large ({info.st_size:,} bytes > {min(max_bytes, MAX_BYTES):,})"
        )
    return FORMATS[suffix]


def _reader(fmt: str) -> Callable[[Path], RawText]:
    """The reader function for a format (imported lazily: some load large modules)."""
    if fmt in ("txt", "md"):
        from pipeline.readers.plain import read_plain

        return functools.partial(read_plain, fmt=fmt)
    if fmt == "docx":
        from pipeline.readers.word import read_docx

        return read_docx
    if fmt == "pdf":
        from pipeline.readers.pdf import read_pdf

        return read_pdf
    from pipeline.readers.web import read_html

    return read_html
