"""Train the task filter (``models/task_filter/model.joblib``, pipeline/extractors/task_filter.py).

``python -m pipeline.extractors.task_filter train`` (needs ``$KETLUAN_REAL_DIR``):

- candidates: every (agency, role) pair the task rules give a named body, on the real-text
  items of batches 1-10 (corpus/real/manifest.jsonl; batch 11 and later are held out and
  never read) and on the written notices of corpus/gold/dev (corpus/gold/test is never read);
- label: whether the scorer counts the pair as a true positive (pipeline/real.py's name
  matching for real items, pipeline/stages/evaluate.py's for written ones); pairs the
  annotators marked ambiguous are left out;
- model: class-weighted logistic regression over hashed features (no vocabulary is stored);
- threshold: leave-one-batch-out over real batches 1-10, written dev notices always in
  training; each held-out batch's threshold is chosen by an inner leave-one-batch-out over the
  other nine (nested), and the committed threshold by the outer out-of-fold scores.

The card (``models/task_filter/card.json``) holds the data counts, the per-fold task F1 of
the rules alone and of rules + filter, the date, the commit and the feature groups.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import logging
import os
import subprocess
import time
from pathlib import Path

import numpy as np

from pipeline.core import logs, paths
from pipeline.extractors import task_filter as tf

log = logging.getLogger(__name__)
DEV_BATCHES = tuple(range(1, 11))  # batch 11 is the held-out test batch
# the rules as each batch found them on arrival, before any rule round read it (git log of
# corpus/real/manifest.jsonl and README): their false hits are the kind an unseen batch meets
PAST_RULES = {
    "26ad728": (1, 2, 3, 4),
    "61b633d": (5,),
    "6aa5637": (6,),
    "52b9fe7": (7,),
    "b88f32b": (8,),
    "68f3152": (9,),
    "aa54a28": (10,),
}
# run with an old checkout first on sys.path: its rules' tasks of the given items, as JSON
_EXPORT = """
import json, math, sys
from pathlib import Path
from pipeline.core import params
from pipeline.stages import ingest
from pipeline.stages.extract import extract_all
from pipeline.stages.segment import segment_notice
from pipeline.stages.tasks import _tasks
files = [Path(f) for f in sys.argv[2:]]
docs, _ = ingest.ingest_paths(files, params.load("ingest", ingest.IngestParams))
out = {}
for d in docs.to_dict("records"):
    d = {k: None if v is None or (isinstance(v, float) and math.isnan(v)) else v for k, v in d.items()}
    secs, _ = segment_notice(d["doc_id"], d["text"], int(d["body_end"]), with_words=False)
    found = extract_all(d, secs)
    keys = ("path", "parent", "label", "heading", "kind", "depth", "start", "end")
    out[Path(d["source"]).stem] = {
        "sections": [{k: s[k] for k in keys} for s in secs],
        "agencies": [[m.start, m.end, m.surface, m.canonical, m.level, m.jurisdiction, m.kind]
                     for m in found["agencies"]],
        "tasks": [{"start": t.start, "end": t.end, "surface": t.surface, "action": t.action,
                   "assignees": [[a.agency, a.role, a.collective] for a in t.assignees],
                   "deadline": t.deadline, "recurrence": t.recurrence,
                   "legal_basis": list(t.legal_basis), "section": t.section}
                  for t in _tasks(d, secs, found)],
        "text": d["text"],
    }
Path(sys.argv[1]).write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
"""
C = 0.1  # inverse L2 strength; 0.1 and 1.0 tried (CV in the card)
THRESHOLDS = tuple(round(x, 1) for x in np.arange(0.1, 0.91, 0.1))


# --- candidates ----------------------------------------------------------------------------


def _raw_tasks(doc: dict):
    """Sections, agency mentions and the rules' tasks (unfiltered) of one documents row."""
    from pipeline.notice import _missing
    from pipeline.stages.extract import extract_all
    from pipeline.stages.segment import segment_notice
    from pipeline.stages.tasks import _sections, rule_tasks

    doc = {k: None if _missing(v) else v for k, v in doc.items()}
    section_rows, _ = segment_notice(
        doc["doc_id"], doc["text"], int(doc["body_end"]), with_words=False
    )
    found = extract_all(doc, section_rows)
    sections = _sections(section_rows)
    tasks = rule_tasks(doc, sections, found)
    return doc["text"], sections, found["agencies"], tasks


def _fix_real(home, name: str) -> str:
    from pipeline import real

    return real.drop_home(name, home).casefold()


def _same(name: str) -> str:
    return name


def real_notices(real_dir: Path) -> list[dict]:
    """Notices of real batches 1-10: text, sections, mentions, tasks, a name folder and the
    gold view the real-text scorer compares with."""
    from pipeline import real
    from pipeline.core import params
    from pipeline.stages import ingest

    items = [i for i in real.load() if i.batch in DEV_BATCHES]
    assert items and all(1 <= i.batch <= 10 for i in items), "only dev batches 1-10"
    paths_ = [i.text_path(real_dir) for i in items]
    assert not any(p.name.startswith("r11-") for p in paths_)
    docs, _report = ingest.ingest_paths(
        paths_, params.load("ingest", ingest.IngestParams)
    )
    by_stem = {Path(d["source"]).stem: d for d in docs.to_dict("records")}
    out = []
    for i in items:
        if i.id not in by_stem:
            log.warning("real item %s not read", i.id)
            continue
        text, sections, agencies, tasks = _raw_tasks(by_stem[i.id])
        out.append(
            {
                "id": i.id,
                "group": i.batch,
                "text": text,
                "sections": sections,
                "agencies": agencies,
                "tasks": tasks,
                "fix": functools.partial(_fix_real, i.home),
                "gold": real._gold_view(i),
            }
        )
    return out


def past_notices(real_dir: Path, plan: dict = PAST_RULES) -> list[dict]:
    """Notices of real batches 1-10 as the rules of ``plan`` (commit -> batches) read them:
    each commit checked out in a temporary git worktree, its own code run on its batches."""
    import sys
    import tempfile

    from pipeline import real
    from pipeline.extractors.models import AgencyMention
    from pipeline.extractors.sections import Section
    from pipeline.extractors.tasks import Assignee, Task

    items = {i.id: i for i in real.load() if i.batch in DEV_BATCHES}
    out = []
    for commit, batches in plan.items():
        assert all(b in DEV_BATCHES for b in batches), "only dev batches 1-10"
        files = [
            str(i.text_path(real_dir)) for i in items.values() if i.batch in batches
        ]
        with tempfile.TemporaryDirectory() as tmp:
            tree, dump = Path(tmp) / "tree", Path(tmp) / "tasks.json"
            git = ["git", "-C", str(paths.ROOT), "worktree"]
            subprocess.run(
                [*git, "add", "--detach", str(tree), commit],
                check=True,
                capture_output=True,
            )
            try:
                subprocess.run(
                    [sys.executable, "-c", _EXPORT, str(dump), *files],
                    cwd=tree,
                    env={**os.environ, "PYTHONPATH": str(tree)},
                    check=True,
                    capture_output=True,
                )
                found = json.loads(dump.read_text(encoding="utf-8"))
            finally:
                subprocess.run(
                    [*git, "remove", "--force", str(tree)], capture_output=True
                )
        for id_, o in sorted(found.items()):
            i = items[id_]
            out.append(
                {
                    "id": id_,
                    "group": i.batch,
                    "past": True,
                    "text": o["text"],
                    "sections": [Section(**x) for x in o["sections"]],
                    "agencies": [AgencyMention(*a) for a in o["agencies"]],
                    "tasks": [
                        Task(
                            t["start"],
                            t["end"],
                            t["surface"],
                            t["action"],
                            tuple(Assignee(*a) for a in t["assignees"]),
                            t["deadline"],
                            t["recurrence"],
                            tuple(t["legal_basis"]),
                            t["section"],
                        )
                        for t in o["tasks"]
                    ],
                    "fix": functools.partial(_fix_real, i.home),
                    "gold": real._gold_view(i),
                }
            )
        log.info("rules at %s: %d notices of batches %s", commit, len(found), batches)
    return out


def written_notices(documents: Path) -> list[dict]:
    """Notices of corpus/gold/dev (the test split is never read), as ``real_notices``."""
    from pipeline.core import tables

    golds = {}
    for path in sorted((paths.GOLD / "dev").glob("*.gold.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        golds[g["file"]] = g
    rows = tables.read(documents, "documents").to_dict("records")
    out = []
    for doc in rows:
        if doc["source"] not in golds:
            continue
        text, sections, agencies, tasks = _raw_tasks(doc)
        out.append(
            {
                "id": doc["source"],
                "group": 0,
                "text": text,
                "sections": sections,
                "agencies": agencies,
                "tasks": tasks,
                "fix": _same,
                "gold": golds[doc["source"]],
            }
        )
    return out


def _pred(n: dict, tasks) -> dict:
    return {
        "tasks": [
            {
                "assignees": [
                    {
                        "agency": n["fix"](a.agency),
                        "role": a.role,
                        **({"collective": True} if a.collective else {}),
                    }
                    for a in t.assignees
                ]
            }
            for t in tasks
        ]
    }


def counts(n: dict, tasks) -> tuple[int, int, int]:
    """(tp, fp, fn) of task pairs as the scorer counts them."""
    from pipeline.stages.evaluate import _counts, _task_pairs

    gold, pred, ignore = _task_pairs(_pred(n, tasks), n["gold"])
    tp, fp, fn, _, _ = _counts(gold, pred, ignore)
    return tp, fp, fn


def label(n: dict) -> list[tuple[int, int, dict, int | None]]:
    """Candidates of one notice with their labels (1 true, 0 false, None ambiguous)."""
    from pipeline.stages.evaluate import _task_pairs

    gold, _, ignore = _task_pairs(_pred(n, []), n["gold"])
    alt = {}
    for t in n["gold"]["tasks"]:
        for a in t["assignees"]:
            if a.get("role_alt"):
                alt[(a["agency"], a["role_alt"])] = (a["agency"], a["role"])
    out = []
    for i, j, f in tf.candidates(n["tasks"], n["text"], n["sections"], n["agencies"]):
        a = n["tasks"][i].assignees[j]
        pair = (n["fix"](a.agency), a.role)
        pair = pair if pair in gold else alt.get(pair, pair)
        y = 1 if pair in gold else (None if pair in ignore else 0)
        out.append((i, j, f, y))
    return out


# --- fitting and cross-validation ----------------------------------------------------------


def fit(rows: list[tuple]):
    from sklearn.linear_model import LogisticRegression

    x = tf.hasher().transform([r[2] for r in rows])
    y = np.array([r[3] for r in rows])
    clf = LogisticRegression(
        C=C, class_weight="balanced", max_iter=2000, solver="liblinear", random_state=0
    )
    return clf.fit(x, y)


def _probs(clf, notices_rows) -> list[dict]:
    out = []
    for rows in notices_rows:
        p = (
            clf.predict_proba(tf.hasher().transform([r[2] for r in rows]))[:, 1]
            if rows
            else []
        )
        out.append({(r[0], r[1]): float(q) for r, q in zip(rows, p, strict=True)})
    return out


def _filtered(n: dict, probs: dict, cut: float):
    from dataclasses import replace

    out = []
    for i, t in enumerate(n["tasks"]):
        kept = tuple(
            a for j, a in enumerate(t.assignees) if probs.get((i, j), 1.0) >= cut
        )
        if kept:
            out.append(replace(t, assignees=kept))
    return out


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def _total(ns, probs, cut) -> tuple[int, int, int]:
    t = np.zeros(3, dtype=int)
    for n, p in zip(ns, probs, strict=True):
        t += counts(n, n["tasks"] if cut is None else _filtered(n, p, cut))
    return tuple(int(v) for v in t)


def _f1(c) -> float:
    return prf(*c)["f1"]


def _train_rows(notices, rows, groups) -> list[tuple]:
    return [
        r
        for n, rs in zip(notices, rows, strict=True)
        if n["group"] in groups
        for r in rs
        if r[3] is not None
    ]


def _best_cut(ns, probs) -> float:
    """The threshold with the best pooled F1 (ties: the lowest, which drops least)."""
    best = max(THRESHOLDS, key=lambda c: (_f1(_total(ns, probs, c)), -c))
    return float(best)


def cross_validate(notices, rows) -> dict:
    """Leave-one-batch-out over real batches 1-10, written dev notices always in training.

    Each held-out batch is scored twice, rules alone vs rules + filter: on the current rules'
    tasks ("current") and on the tasks of the rules as they were when the batch arrived
    unseen ("unseen", notices with ``past``), when those were read. The threshold of a fold
    comes from an inner leave-one-batch-out over its nine training batches (nested)."""
    batches = sorted({n["group"] for n in notices if n["group"]})

    def train(groups):
        return fit(_train_rows(notices, rows, groups))

    def held(b, past):
        ks = [
            k
            for k, n in enumerate(notices)
            if n["group"] == b and n.get("past", False) == past
        ]
        return [notices[k] for k in ks], [rows[k] for k in ks]

    folds, pooled = {}, {}
    for b in batches:
        groups = {0, *batches} - {b}
        clf = train(groups)
        inner_ns, inner_p = [], []
        for b2 in sorted(groups - {0}):
            clf2 = train(groups - {b2})
            ks = [k for k, n in enumerate(notices) if n["group"] == b2]
            inner_ns += [notices[k] for k in ks]
            inner_p += _probs(clf2, [rows[k] for k in ks])
        cut = _best_cut(inner_ns, inner_p)
        fold = {"threshold": cut}
        for name, past in (("current", False), ("unseen", True)):
            ns, rs = held(b, past)
            if not ns:
                continue
            p = _probs(clf, rs)
            for kind, c in (
                ("rules", _total(ns, p, None)),
                ("filter", _total(ns, p, cut)),
            ):
                fold[f"{name}_{kind}"] = prf(*c)
                acc = pooled.setdefault(f"{name}_{kind}", [0, 0, 0])
                for k in range(3):
                    acc[k] += c[k]
        folds[str(b)] = fold
        log.info(
            "batch %s (cut %.2f): %s",
            b,
            cut,
            ", ".join(
                f"{k} {v['f1']:.3f}" for k, v in fold.items() if isinstance(v, dict)
            ),
        )
    # the committed threshold: the median of the folds' nested thresholds
    cut = float(np.median([f["threshold"] for f in folds.values()]))
    return {
        "folds": folds,
        "all": {k: prf(*v) for k, v in pooled.items()},
        "threshold": cut,
    }


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=paths.ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


FEATURE_GROUPS = [
    "role; section kind (tasks/recommendations/results/shortcomings/other/unsectioned) and "
    "role x kind",
    "bodies in the clause, assignees of the task, deadline present, clause near the top, "
    "clause opens a line / with a list marker, clause length",
    "where the body stands: outside the clause (heading), offset in the clause, first body, "
    "in a list; its mention's kind (gazetteer or pattern) and level",
    "cue groups of lexicons/task_filter_cues.yaml in the 60 characters before the body, the "
    "20 just before, the 30 just after, the whole clause",
    "the same pair in another task; the body in a directive section elsewhere",
    "document: directive sections present, number of sections, Noi nhan, ket luan/thong bao "
    "in the head, news-page words early, length",
    f"hashed word uni/bigrams ({tf.NGRAM_WORDS} words either side of the body, first "
    f"{tf.OPENING_WORDS} of the clause; 0: off, they lowered CV F1); every feature is hashed "
    f"(FeatureHasher, {tf.N_FEATURES} columns): no vocabulary is stored",
]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m pipeline.extractors.task_filter train")
    ap.add_argument("--out", type=Path, default=tf.MODEL_DIR)
    ap.add_argument(
        "--no-past-rules",
        action="store_true",
        help="train on the current rules' tasks only (no old checkouts)",
    )
    ap.add_argument(
        "--documents",
        type=Path,
        default=paths.OUTPUTS / "gold_documents.parquet",
        help="documents table holding the corpus/gold/dev notices",
    )
    args = ap.parse_args(argv)
    logs.setup()
    if not os.environ.get("KETLUAN_REAL_DIR"):
        raise SystemExit(
            "set KETLUAN_REAL_DIR to the folder holding texts/ of the real-text set"
        )
    from pipeline import real

    started = time.perf_counter()
    notices = real_notices(real.real_dir()) + written_notices(args.documents)
    if not args.no_past_rules:
        notices += past_notices(real.real_dir())
    rows = [label(n) for n in notices]
    log.info(
        "%d notices, %d candidates in %.0f s",
        len(notices),
        sum(map(len, rows)),
        time.perf_counter() - started,
    )
    cv = cross_validate(notices, rows)
    clf = fit(_train_rows(notices, rows, {n["group"] for n in notices}))
    import joblib

    args.out.mkdir(parents=True, exist_ok=True)
    joblib.dump(
        {"classifier": clf, "threshold": cv["threshold"]}, args.out / "model.joblib"
    )
    labelled = [r[3] for rs in rows for r in rs]
    card = {
        "model": f"LogisticRegression(C={C}, class_weight=balanced, liblinear), hashed",
        "threshold": cv["threshold"],
        "trained": dt.date.today().isoformat(),
        "commit": _commit(),
        "data": {
            "real_notices_batches_1_10": sum(
                1 for n in notices if n["group"] and not n.get("past")
            ),
            "real_notices_past_rules": sum(1 for n in notices if n.get("past")),
            "past_rules": {c: list(b) for c, b in PAST_RULES.items()}
            if not args.no_past_rules
            else {},
            "written_dev_notices": sum(1 for n in notices if not n["group"]),
            "candidates": len(labelled),
            "true": labelled.count(1),
            "false": labelled.count(0),
            "ambiguous": labelled.count(None),
            "held_out": "real batch 11 and corpus/gold/test never read",
        },
        "cv": cv,
        "features": FEATURE_GROUPS,
    }
    (args.out / "card.json").write_text(
        json.dumps(card, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    log.info(
        "%s; threshold %.2f",
        ", ".join(f"{k} {v['f1']:.3f}" for k, v in cv["all"].items()),
        cv["threshold"],
    )
