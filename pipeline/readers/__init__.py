"""Readers: one notice file in, decoded and repaired text out.

``read_file`` checks the path and picks a reader by extension; text in legacy fonts
(TCVN3, VNI) is converted after any reader; ``repair`` cleans any reader's text (NFC,
tone marks, page-break debris, footnotes).
"""

from __future__ import annotations

import functools
import logging
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.readers.base import MAX_BYTES, RawText, ReadError
from pipeline.readers.isolate import Limits, read_isolated
from pipeline.readers.legacy import convert_lines
from pipeline.readers.pdf import OcrParams
from pipeline.readers.repair import Repaired, repair

__all__ = [
    "FORMATS", "Limits", "OcrParams", "RawText", "ReadError", "Repaired", "read_file",
    "repair",
]

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20_000_000
# extension -> format name
FORMATS = {
    ".txt": "txt",
    ".md": "md",
    ".docx": "docx",
    ".doc": "doc",
    ".rtf": "rtf",
    ".odt": "odt",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
}


def read_file(
    path: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    extensions: Iterable[str] | None = None,
    limits: Limits | None = None,
    ocr: OcrParams | None = None,
) -> RawText:
    """Read one notice file with the reader its extension names.

    Plain text is decoded here; containers parsed by native code or by other programs
    (.docx, .doc, .rtf, .odt, .pdf, .html) are read in a child process under ``limits``
    (``isolate.read_isolated``). A PDF's pages without a usable text layer are read by
    OCR as ``ocr`` says. Lines in legacy-font clothing are converted afterwards.

    Args:
        path: the file.
        max_bytes: larger files are rejected unread.
        extensions: accepted extensions ("txt" or ".txt"); default all of FORMATS.
        limits: time and memory per file of an isolated reader (default ``Limits()``).
        ocr: how a PDF's pages without text are read (default ``OcrParams()``).

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
            raw = read_isolated(_reader(fmt, ocr), path, limits or Limits())
    except OSError as err:
        raise ReadError(f"cannot read file ({err.strerror or err})") from err
    if not raw.legacy_checked:
        raw.text, converted = convert_lines(raw.text)
        raw.warnings += [
            w for w in (f"converted lines from {enc}" for enc in converted)
            if w not in raw.warnings
        ]
    # a soft hyphen left after conversion is Unicode's invisible hyphenation hint
    # (in TCVN3 clothing it was "ư", which the readers keep for convert_lines)
    raw.text = raw.text.replace("\xad", "")
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


def _reader(fmt: str, ocr: OcrParams | None = None) -> Callable[[Path], RawText]:
    """The reader function for a format (imported lazily: some load large modules)."""
    if fmt in ("txt", "md"):
        from pipeline.readers.plain import read_plain

        return functools.partial(read_plain, fmt=fmt)
    if fmt == "docx":
        from pipeline.readers.word import read_docx

        return read_docx
    if fmt == "pdf":
        from pipeline.readers.pdf import read_pdf

        return functools.partial(read_pdf, ocr=ocr)
    if fmt == "doc":
        from pipeline.readers.office import read_doc

        return read_doc
    if fmt in ("rtf", "odt"):
        from pipeline.readers.office import read_office

        return functools.partial(read_office, fmt=fmt)
    from pipeline.readers.web import read_html

    return read_html
