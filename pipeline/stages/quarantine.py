"""Gather the notices each per-notice stage quarantined into outputs/quarantine.json.

A per-notice stage catches an exception raised for one notice at the notice boundary
(``engine.Quarantine``), goes on with the others and lists the notice in
``outputs/quarantine/<stage>.json``. This stage joins those lists, one entry per notice
and stage, so that an analyst has one file to read and ``make run`` one count to print.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections import Counter
from pathlib import Path

from pipeline.core import logs, tables

log = logging.getLogger(__name__)
WRITES = ()  # no table: a JSON report


def gather(files: list[Path]) -> dict:
    """``{"count", "by_stage", "notices": [...]}`` from per-stage quarantine files (a
    missing file counts as an empty list: the stage quarantined nothing or never ran)."""
    notices = []
    for path in files:
        if path.exists():
            notices += json.loads(path.read_text(encoding="utf-8")).get("notices", [])
    notices.sort(key=lambda n: (n.get("source") or "", n.get("stage") or ""))
    return {
        "count": len(notices),
        "by_stage": dict(Counter(n["stage"] for n in notices)),
        "notices": notices,
    }


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.stages.quarantine STAGE_FILE... OUT``."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("stage_files", type=Path, nargs="+")
    ap.add_argument("out", type=Path)
    args = ap.parse_args(argv)
    logs.setup()
    report = gather(args.stage_files)
    tables.write_json(report, args.out)
    if report["count"]:
        log.warning(
            "%d notices quarantined (%s): see %s",
            report["count"],
            ", ".join(f"{s} {n}" for s, n in report["by_stage"].items()),
            args.out,
        )
    else:
        log.info("no notice quarantined")


if __name__ == "__main__":
    main()
