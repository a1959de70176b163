"""Read .txt and .md notices: decode bytes, drop Markdown heading hashes and bold."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.readers.base import MAX_BYTES, RawText, check_text, read_bounded
from pipeline.readers.decode import decode_bytes

# "## 1. Đánh giá chung" -> "1. Đánh giá chung"
_HEADING_HASHES = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.MULTILINE)
# "**Sở Y tế**", "__Sở Y tế__" -> "Sở Y tế"; a rule of underscores under a header
# ("________", as offices type it) is no bold mark and stays whole
_BOLD = re.compile(r"\*\*|(?<![\w_])__(?!_)|(?<!_)__(?![\w_])")


def read_plain(path: Path, fmt: str) -> RawText:
    """Decode a plain-text or Markdown file.

    Args:
        path: the file.
        fmt: "txt" or "md".

    Raises:
        ReadError: binary, undecodable or empty content.
    """
    text, encoding, warnings = decode_bytes(read_bounded(path, MAX_BYTES))
    text = check_text(text)
    text = _BOLD.sub("", _HEADING_HASHES.sub("", text))
    legacy = encoding in ("tcvn3", "vni")  # the whole file was decoded from its bytes
    return RawText(text=text, format=fmt, encoding=encoding, warnings=warnings,
                   legacy_checked=legacy)
