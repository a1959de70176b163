"""Attach the statuses analysts recorded (corpus/followup/status.csv) to this run's tasks,
list those that could not be attached, and suggest statuses from later notices."""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path

import pandas as pd

from pipeline import tracking as followup
from pipeline.core import logs, params, tables

log = logging.getLogger(__name__)
WRITES = ("followup",)  # the table this stage writes (tests/test_layout.py)


def build(
    documents, sentences, mentions, tasks, assignees, status, p: followup.FollowupParams
):
    """(per-task follow-up rows, every suggestion, orphans)."""
    attached, orphans = followup.attach(status, tasks, p.reattach_similarity)
    suggestions = followup.suggest(documents, sentences, mentions, tasks, assignees, p)
    best = followup.best_suggestion(suggestions).set_index("task_id")
    rec = attached.set_index("task_id")
    numbers = documents.set_index("doc_id")["number"]
    rows = []
    for t in tasks[["task_id", "doc_id"]].itertuples(index=False):
        r = rec.loc[t.task_id] if t.task_id in rec.index else None
        s = best.loc[t.task_id] if t.task_id in best.index else None
        rows.append(
            {
                "task_id": t.task_id,
                "doc_id": t.doc_id,
                "recorded": None if r is None else followup.RECORDED[r["status"]],
                "done_on": None if r is None else r["done_on"],
                "note": None if r is None else r["note"],
                "evidence": None if r is None else r["evidence"],
                "recorded_by": None if r is None else r["recorded_by"],
                "recorded_at": None if r is None else r["recorded_at"],
                "attach": None if r is None else r["attach"],
                "attach_from": None if r is None else r["attach_from"],
                "suggested": None if s is None else s["suggested"],
                "suggested_doc_id": None if s is None else s["doc_id"],
                "suggested_number": None
                if s is None
                else _str(numbers.get(s["doc_id"])),
                "suggested_section": None if s is None else _str(s["section"]),
                "suggested_text": None if s is None else s["text"],
                "suggested_score": None if s is None else float(s["score"]),
            }
        )
    table = pd.DataFrame(rows, columns=list(tables.SPECS["followup"]))
    return table, suggestions, orphans


def _str(value):
    return None if value is None or pd.isna(value) else str(value)


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.stages.followup DOCUMENTS SENTENCES EXTRACT_DIR TASKS ASSIGNEES STATUS OUTDIR``."""
    ap = argparse.ArgumentParser(description=__doc__)
    for name in (
        "documents",
        "sentences",
        "extract_dir",
        "tasks",
        "assignees",
        "status",
        "outdir",
    ):
        ap.add_argument(name, type=Path)
    args = ap.parse_args(argv)
    logs.setup()
    started = time.perf_counter()
    p = params.load("followup", followup.FollowupParams)
    status, errors = followup.read_status(args.status)
    for line in errors:
        log.warning("%s", line)  # one line each; the other rows still count
    documents = tables.read_columns(
        args.documents,
        ["doc_id", "number", "issued_on", "meeting_date", "issuer", "jurisdiction"],
    )
    sentences = tables.read_columns(
        args.sentences, ["doc_id", "section", "kind", "start", "end", "text"]
    )
    mentions = tables.read_columns(
        args.extract_dir / "mentions.parquet",
        ["doc_id", "start", "end", "surface", "label", "canonical"],
    )
    tasks = tables.read(args.tasks, "tasks")
    assignees = tables.read(args.assignees, "task_assignees")
    table, suggestions, orphans = build(
        documents, sentences, mentions, tasks, assignees, status, p
    )
    args.outdir.mkdir(parents=True, exist_ok=True)
    tables.write(table, "followup", args.outdir / "tasks.parquet")
    with tables.atomic_path(args.outdir / "suggestions.parquet") as tmp:
        suggestions.assign(on=suggestions["on"].astype(str)).to_parquet(
            tmp, index=False
        )
    tables.write_csv(orphans, args.outdir / "orphans.csv")
    summary = {
        "recorded": len(status),
        "attached_exact": int((table["attach"] == "exact").sum()),
        "reattached": int((table["attach"] == "reattached").sum()),
        "orphans": len(orphans),
        "status_errors": errors,
        "tasks": len(table),
        "tasks_without_status": int(table["recorded"].isna().sum()),
        "suggested_done": int((table["suggested"] == "done").sum()),
        "suggested_repeated": int((table["suggested"] == "repeated").sum()),
    }
    tables.write_text(
        json.dumps(summary, ensure_ascii=False, indent=1), args.outdir / "summary.json"
    )
    log.info(
        "follow-up: %d statuses recorded, %d attached (%d re-attached), %d orphans, "
        "%d malformed rows; suggestions: %d done, %d repeated; %.1f s",
        len(status),
        summary["attached_exact"] + summary["reattached"],
        summary["reattached"],
        len(orphans),
        len(errors),
        summary["suggested_done"],
        summary["suggested_repeated"],
        time.perf_counter() - started,
    )


if __name__ == "__main__":
    main()
