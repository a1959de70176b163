"""Score the follow-up suggestions on written notice pairs (corpus/followup/pairs.jsonl):
an earlier notice and a later one of the same issuer that reports which earlier
directives were done and repeats those that were not. Precision and recall of the
"done" and "repeated" suggestions, dev and test apart."""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path

import pandas as pd

from pipeline import tracking
from pipeline.core import logs, params, tables, text
from pipeline.stages import extract, ingest, segment
from pipeline.stages import tasks as tasks_stage

log = logging.getLogger(__name__)
OUTCOMES = ("done", "repeated")


def load_pairs(manifest: Path) -> list[dict]:
    """The pairs' manifest lines."""
    return [
        json.loads(line)
        for line in manifest.read_text("utf-8").splitlines()
        if line.strip()
    ]


def run_pairs(pairs: list[dict], folder: Path, p: tracking.FollowupParams):
    """Every notice of ``pairs`` through ingest, segment, extract and tasks together (as
    a corpus), then the suggestions. Returns (documents, tasks, best suggestion per task)."""
    files = [folder / pr[k] for pr in pairs for k in ("earlier", "later")]
    documents, report = ingest.run(files, params.load("ingest", ingest.IngestParams))
    unread = [f["source"] for f in report["files"] if f.get("status") != "processed"]
    if unread:
        raise ValueError(f"pairs not read: {unread}")
    sections, sentences = segment.run(documents, segment.SegmentParams(words=False))
    found = extract.run(documents, sections)
    tp = params.load("tasks", tasks_stage.TasksParams)
    tasks, assignees = tasks_stage.run(
        documents,
        sections,
        found["mentions"],
        found["deadlines"],
        found["legal_refs"],
        tp,
    )
    suggestions = tracking.suggest(
        documents, sentences, found["mentions"], tasks, assignees, p
    )
    return documents, tasks, tracking.best_suggestion(suggestions)


def score(pairs: list[dict], documents, tasks, best) -> tuple[dict, list[dict]]:
    """Precision / recall per outcome over the earlier notices' tasks, and every error.

    A gold directive is the earlier task whose span holds its key; a suggestion on an
    earlier task that is no annotated directive counts as a false hit."""
    by_source = {
        Path(s).name: d
        for s, d in zip(documents["source"], documents["doc_id"], strict=True)
    }
    doc_text = dict(zip(documents["doc_id"], documents["text"], strict=True))
    suggested = (
        dict(zip(best["task_id"], best["suggested"], strict=True)) if len(best) else {}
    )
    counts = {o: {"tp": 0, "fp": 0, "fn": 0} for o in OUTCOMES}
    errors = []
    for pr in pairs:
        doc_id = by_source[pr["earlier"]]
        own = tasks[tasks["doc_id"] == doc_id]
        body = text.normalize(doc_text[doc_id])
        gold_of: dict[str, str] = {}  # task id -> gold outcome
        for d in pr["directives"]:
            at = body.find(text.normalize(d["key"]))
            hit = (
                own[(own["start"] <= at) & (own["end"] > at)]
                if at >= 0
                else own.iloc[:0]
            )
            task_id = hit["task_id"].iat[0] if len(hit) else None
            if task_id is not None:
                gold_of[task_id] = d["outcome"]
            got = suggested.get(task_id)
            for o in OUTCOMES:
                if d["outcome"] == o and got != o:
                    counts[o]["fn"] += 1
                    errors.append(
                        {
                            "pair": pr["pair"],
                            "error": "miss",
                            "outcome": o,
                            "key": d["key"],
                            "found_task": task_id is not None,
                            "suggested": got,
                        }
                    )
        for task_id in own["task_id"]:
            got = suggested.get(task_id)
            if got not in OUTCOMES:
                continue
            if gold_of.get(task_id) == got:
                counts[got]["tp"] += 1
            else:
                counts[got]["fp"] += 1
                errors.append(
                    {
                        "pair": pr["pair"],
                        "error": "false",
                        "outcome": got,
                        "key": own.set_index("task_id").at[task_id, "action"][:80],
                        "gold": gold_of.get(task_id),
                    }
                )
    metrics = {}
    for o, c in counts.items():
        pr_ = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        rc = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        metrics[o] = {
            **c,
            "precision": round(pr_, 4),
            "recall": round(rc, 4),
            "gold": c["tp"] + c["fn"],
        }
    return metrics, errors


def evaluate(
    manifest: Path, folder: Path, p: tracking.FollowupParams
) -> tuple[dict, list]:
    """{"dev": ..., "test": ...} metrics and the errors of both splits."""
    pairs = load_pairs(manifest)
    out, errors = {}, []
    for split in ("dev", "test"):
        chosen = [pr for pr in pairs if pr["split"] == split]
        documents, tasks, best = run_pairs(chosen, folder, p)
        out[split], errs = score(chosen, documents, tasks, best)
        out[split]["pairs"] = len(chosen)
        errors += [{"split": split, **e} for e in errs]
    return out, errors


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.stages.evaluate_followup PAIRS.jsonl FOLDER METRICS ERRORS``."""
    ap = argparse.ArgumentParser(description=__doc__)
    for name in ("manifest", "folder", "metrics", "errors"):
        ap.add_argument(name, type=Path)
    args = ap.parse_args(argv)
    logs.setup()
    started = time.perf_counter()
    p = params.load("followup", tracking.FollowupParams)
    metrics, errors = evaluate(args.manifest, args.folder, p)
    tables.write_text(json.dumps(metrics, ensure_ascii=False, indent=1), args.metrics)
    tables.write_csv(pd.DataFrame(errors), args.errors)
    for split, m in metrics.items():
        log.info(
            "%s (%d pairs): done P %.3f R %.3f; repeated P %.3f R %.3f",
            split,
            m["pairs"],
            m["done"]["precision"],
            m["done"]["recall"],
            m["repeated"]["precision"],
            m["repeated"]["recall"],
        )
    log.info("follow-up suggestions scored in %.1f s", time.perf_counter() - started)


if __name__ == "__main__":
    main()
