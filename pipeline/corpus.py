"""What is in a corpus folder: the files to read, and a report entry for every other path.

Shared by the scan stage (a manifest that DVC hashes in place of the folder, so that a
FIFO, a device or a 25 GB file in the folder never reaches DVC's own hashing) and the
ingest stage (which reads the files).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

from pipeline.core import paths as core_paths
from pipeline.readers import FORMATS
from pipeline.readers.base import MAX_BYTES

# Files that operating systems and office suites leave in folders; never notices.
LITTER = {"thumbs.db", ".ds_store", "desktop.ini"}


def source_name(path: Path) -> str:
    """``path`` relative to the repository root when inside it, else as given; printable
    on one line (``printable``)."""
    try:
        name = Path(os.path.abspath(path)).relative_to(core_paths.ROOT).as_posix()
    except ValueError:
        name = str(path)
    return printable(name)


def printable(name: str) -> str:
    """A file name as one printable line: bytes that are not UTF-8 as ``\\xNN``, line
    breaks and other control or invisible characters as ``\\n``, ``\\x1b``, ``\\u200b``."""
    text = os.fsencode(name).decode("utf-8", "backslashreplace")
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
        for c in text
    )


def file_key(path: Path, digests: Digests | None = None) -> str:
    """Cache key of a file: its name in the project and its bytes (their digest, from
    ``digests`` when the scan stage already took it); for anything that is not a
    regular file of a readable size, its name and metadata (never read)."""
    h = hashlib.sha256(os.fsencode(os.path.abspath(path)) + b"\0")
    h.update((digests.of(path) if digests else content_digest(path)).encode())
    return h.hexdigest()


class Digests:
    """Content digests remembered by each file's size, mtime and inode, in a JSON file
    (``.ketluan-cache/scan.json``): the scan stage takes them, the ingest stage's cache
    keys reuse them, and an unchanged file is read by neither."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.memo = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.memo = {}
        self.seen: dict[str, list] = {}  # the files asked about in this run

    def of(self, path: Path) -> str:
        """The digest of ``path`` (``content_digest``), read only if it changed."""
        key = printable(os.path.abspath(path))
        try:
            info = Path(path).stat()
            now = [info.st_size, info.st_mtime_ns, info.st_ino]
        except OSError:
            return content_digest(path)
        old = self.memo.get(key)
        digest = old[3] if old is not None and old[:3] == now else content_digest(path)
        self.seen[key] = [*now, digest]
        return digest

    def save(self) -> None:
        """Keep the files asked about in this run (those gone from the folder leave)."""
        from pipeline.core import tables

        tables.write_json(self.seen, self.path)


def content_digest(path: Path) -> str:
    """SHA-256 of a regular file's bytes (read in blocks); for anything else, or a file
    past MAX_BYTES, its kind and size (never read): a FIFO or a device cannot hang it."""
    h = hashlib.sha256()
    try:
        info = Path(path).stat()
        if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_BYTES:
            with open(path, "rb") as f:
                while chunk := f.read(1 << 20):
                    h.update(chunk)
        else:
            h.update(f"{stat.S_IFMT(info.st_mode)}:{info.st_size}".encode())
    except OSError as err:  # unreadable: key on the error, the reader rejects it
        h.update(repr(err).encode())
    return h.hexdigest()


def entry(path: Path, status: str, reason: str | None = None) -> dict:
    return {
        "source": source_name(path),
        "status": status,
        "doc_id": None,
        "format": FORMATS.get(Path(path).suffix.lower())
        if status != "ignored"
        else None,
        "encoding": None,
        "reason": reason,
        "duplicate_of": None,
    }


def list_files(folder: Path) -> list[Path]:
    """The files under ``folder`` that ``scan`` would read."""
    return scan(folder)[0]


def scan(folder: Path) -> tuple[list[Path], list[dict]]:
    """Walk ``folder``: the files to read, and a report entry for everything else.

    Ignored (listed, not read): hidden files and folders, Office lock files (``~$*``)
    and the files operating systems leave (Thumbs.db, .DS_Store, desktop.ini).
    Rejected: symlinks to folders, symlinks that lead outside ``folder``, folders
    named like a notice file, folders that cannot be listed. Other special files
    (FIFOs, devices, broken links) are left to the reader, which rejects them by
    their metadata without opening them.
    """
    root = Path(folder).resolve()
    files: list[Path] = []
    skipped: list[dict] = []

    def unreadable(err: OSError) -> None:
        name = Path(err.filename) if err.filename else Path(folder)
        reason = f"cannot list folder ({err.strerror or type(err).__name__})"
        skipped.append(entry(name, "rejected", reason))

    for top, dirs, names in os.walk(folder, onerror=unreadable):
        keep = []
        for d in sorted(dirs):
            path = Path(top) / d
            if d.startswith("."):
                skipped.append(entry(path, "ignored", "hidden folder"))
            elif path.is_symlink():
                skipped.append(
                    entry(path, "rejected", "symlink to a folder (not followed)")
                )
            elif Path(d).suffix.lower() in FORMATS:
                skipped.append(
                    entry(
                        path, "rejected", "a folder named like a notice file (not read)"
                    )
                )
            else:
                keep.append(d)
        dirs[:] = keep
        for name in sorted(names):
            path = Path(top) / name
            reason = _ignored(name) or _outside(path, root)
            if reason is None:
                files.append(path)
            else:
                status = "rejected" if reason.startswith("symlink") else "ignored"
                skipped.append(entry(path, status, reason))
    return sorted(files, key=str), skipped


def _ignored(name: str) -> str | None:
    if name.startswith("~$"):
        return "Office lock file"
    if name.lower() in LITTER:
        return "operating system file"
    if name.startswith("."):
        return "hidden file"
    return None


def _outside(path: Path, root: Path) -> str | None:
    """A reason when ``path`` is a symlink to something outside ``root``."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None  # broken or looping: the reader says so
    if target != root and root not in target.parents:
        return "symlink to a file outside the corpus folder (not followed)"
    return None
