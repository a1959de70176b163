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
import logging
import time
from pathlib import Path

from pipeline.core import logs, tables
from pipeline.corpus import Digests, scan, source_name
from pipeline.engine import cache_dir

log = logging.getLogger(__name__)
WRITES = ()  # no table: a JSON manifest


def manifest(folder: Path, digests: Digests) -> dict:
    """``{"files": [{source, digest}], "not_read": [{source, status, reason}]}``."""
    files, skipped = scan(folder)
    return {
        "files": [{"source": source_name(p), "digest": digests.of(p)} for p in files],
        "not_read": [
            {k: e[k] for k in ("source", "status", "reason")} for e in skipped
        ],
    }


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.stages.scan FOLDER MANIFEST.json``."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("folder", type=Path)
    ap.add_argument("out", type=Path)
    args = ap.parse_args(argv)
    logs.setup()
    started = time.perf_counter()
    digests = Digests(cache_dir() / "scan.json")
    result = manifest(args.folder, digests)
    digests.save()
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
