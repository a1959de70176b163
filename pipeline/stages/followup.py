"""Attach the statuses analysts recorded (corpus/followup/status.csv) to this run's tasks,
list those that could not be attached, and suggest statuses from later notices."""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path

import pandas as pd

from pipeline import lineage
from pipeline import tracking as followup
from pipeline.core import logs, params, tables
from pipeline.lineage import LineageParams
from pipeline.stages.graph import GraphParams, as_of_date

log = logging.getLogger(__name__)
WRITES = ("followup",)  # the table this stage writes (tests/test_layout.py)


def build(
    documents, sentences, mentions, tasks, assignees, status, p: followup.FollowupParams,
    clauses=None, view=None,
):
    """(per-task follow-up rows, every suggestion, orphans). ``clauses`` (the completion
    clauses of the sentences, found batch by batch) replaces ``sentences``; ``view``
    (lineage) names the series suggestions look within."""
    attached, orphans = followup.attach(status, tasks, p.reattach_similarity)
    suggestions = followup.suggest(
        documents, sentences, mentions, tasks, assignees, p, clauses=clauses, view=view
    )
    recorded = attached[
        ["task_id", "status", "done_on", "note", "evidence", "recorded_by",
         "recorded_at", "attach", "attach_from"]
    ].assign(recorded=lambda d: d["status"].map(followup.RECORDED))
    best = followup.best_suggestion(suggestions)
    best = best[["task_id", "suggested", "doc_id", "section", "text", "score"]].rename(
        columns={"doc_id": "suggested_doc_id", "section": "suggested_section",
                 "text": "suggested_text", "score": "suggested_score"}
    )
    numbers = documents.set_index("doc_id")["number"]
    rows = (
        tasks[["task_id", "doc_id"]]
        .merge(recorded.drop(columns="status"), on="task_id", how="left")
        .merge(best, on="task_id", how="left")
        .assign(suggested_number=lambda d: d["suggested_doc_id"].map(numbers))
    )
    rows = rows.astype(object).where(rows.notna(), None)
    table = rows[list(tables.SPECS["followup"])]
    return table, suggestions, orphans


def read_clauses(path: Path, batch: int = 65536) -> pd.DataFrame:
    """The completion clauses of every sentence, read ``batch`` rows at a time (a
    national corpus's sentences do not fit in memory at once: issue 18)."""
    import pyarrow.parquet as pq

    cues = followup.load_cues()
    columns = ["doc_id", "section", "kind", "start", "end", "text"]
    parts = [
        followup.completion_clauses(b.to_pandas(), cues)
        for b in pq.ParquetFile(path).iter_batches(batch_size=batch, columns=columns)
    ]
    return pd.concat(parts, ignore_index=True) if parts else (
        followup.completion_clauses(pd.DataFrame(columns=columns), cues))


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
    clauses = read_clauses(args.sentences)
    mentions = args.extract_dir / "mentions.parquet"  # joined by DuckDB, not loaded
    # the columns follow-up reads (a national corpus's whole tables do not fit: issue 18)
    tasks = tables.read_columns(args.tasks, ["task_id", "doc_id", "section", "action"])
    assignees = tables.read_columns(
        args.assignees, ["task_id", "agency", "collective", "jurisdiction"]
    )
    # series in the lineage view the trends use (one series across the 2025 merger)
    view = lineage.view_of(
        params.load("lineage", LineageParams),
        as_of_date(params.load("graph", GraphParams)),
    )
    table, suggestions, orphans = build(
        documents, None, mentions, tasks, assignees, status, p, clauses, view
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
