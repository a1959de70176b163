"""Decode the bytes of a text file: BOM, UTF-8, legacy Vietnamese fonts, cp1258.

The order follows research/ecosystem.md §3.2: detectors mistake TCVN3 for iso8859_10
and VNI for cp1250, so viparse sees the lossless latin-1 decoding before
charset_normalizer is asked.
"""

from __future__ import annotations

import logging
import unicodedata

import charset_normalizer
import viparse

from pipeline.readers.base import ReadError
from pipeline.readers.legacy import restore_caps

logger = logging.getLogger(__name__)

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# A UTF-8 file with a few damaged bytes is still UTF-8: at most this share of
# replacement characters (and at most _MAX_REPLACED of them) is tolerated.
_REPLACED_SHARE = 0.001
_MAX_REPLACED = 10


def has_bom(data: bytes) -> bool:
    """Whether ``data`` starts with a UTF-8 or UTF-16 byte order mark."""
    return data.startswith(tuple(bom for bom, _ in _BOMS))


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode ``data`` to text; return (text, encoding name, warnings).

    Raises:
        ReadError: "binary file (NUL bytes)" or "unknown encoding".
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), codec, []
    if b"\x00" in data:
        raise ReadError("binary file (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    if replaced <= min(_MAX_REPLACED, max(1.0, _REPLACED_SHARE * len(text))):
        return text, "utf-8", [f"{replaced} undecodable byte(s) replaced"]
    return _decode_legacy(data)


def _decode_legacy(data: bytes) -> tuple[str, str, list[str]]:
    latin = data.decode("latin-1")
    legacy = viparse.detect_text_encoding(latin)
    if legacy:
        return fix_legacy(latin, legacy), legacy, [f"converted from {legacy}"]
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ReadError("unknown encoding")
    text = unicodedata.normalize("NFC", str(best))  # cp1258 decodes to NFD
    return text, best.encoding, [f"decoded as {best.encoding}"]


def fix_legacy(text: str, encoding: str) -> str:
    """Convert TCVN3/VNI text line by line (``viparse.fix`` collapses line breaks)."""
    lines = [
        viparse.fix(line, encoding=encoding) if line.strip() else line
        for line in text.split("\n")
    ]
    fixed = "\n".join(lines)
    return restore_caps(fixed) if encoding == "tcvn3" else fixed
