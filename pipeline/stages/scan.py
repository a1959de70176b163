"""List the corpus folder for DVC: ``outputs/corpus_manifest.json``.

DVC reruns a stage when a dependency's hash changes, and to hash a folder it reads every
file in it: a FIFO or a link to /dev/zero in corpus/raw would hang ``dvc repro`` before
any of our code runs, and a 25 GB file would be read whole. So the ingest stage depends
on this manifest instead of the folder. This stage runs on every ``dvc repro``
(``always_changed``); it lists every path as ``corpus.scan`` does and gives each file
to read the SHA-256 of its bytes (special and oversized files: their kind and size,
never read). Digests of unchanged files (same size, mtime and inode) come from
``.ketluan-cache/scan.json``, so a run over an unchanged corpus reads no file. The
manifest is byte-identical when nothing changed, and DVC then skips the ingest stage.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import time
from pathlib import Path

from pipeline.core import logs, tables
from pipeline.corpus import content_digest, printable, scan, source_name
from pipeline.engine import cache_dir

log = logging.getLogger(__name__)
WRITES = ()  # no table: a JSON manifest


def manifest(folder: Path, memo: dict[str, list]) -> tuple[dict, dict[str, list]]:
    """``{"files": [{source, digest}], "not_read": [{source, status, reason}]}``, and
    the memo of this folder's files (path -> [size, mtime_ns, inode, digest]) given
    the last one."""
    files, skipped = scan(folder)
    listed, fresh = [], {}
    for path in files:
        key = printable(os.path.abspath(path))
        try:
            info = path.stat()
            seen = [info.st_size, info.st_mtime_ns, info.st_ino]
        except OSError:
            seen = None
        old = memo.get(key)
        if seen is not None and old is not None and old[:3] == seen:
            digest = old[3]
        else:
            digest = content_digest(path)
        if seen is not None:
            fresh[key] = [*seen, digest]
        listed.append({"source": source_name(path), "digest": digest})
    return {
        "files": listed,
        "not_read": [
            {k: e[k] for k in ("source", "status", "reason")} for e in skipped
        ],
    }, fresh


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.stages.scan FOLDER MANIFEST.json``."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("folder", type=Path)
    ap.add_argument("out", type=Path)
    args = ap.parse_args(argv)
    logs.setup()
    started = time.perf_counter()
    memo_path = cache_dir() / "scan.json"
    try:
        memo = json.loads(memo_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        memo = {}
    result, memo = manifest(args.folder, memo)
    tables.write_json(memo, memo_path)
    tables.write_json(result, args.out)
    log.info(
        "scan: %d files to read, %d other paths under %s in %.1f s",
        len(result["files"]),
        len(result["not_read"]),
        args.folder,
        time.perf_counter() - started,
    )


if __name__ == "__main__":
    main()
