"""Train the shortcoming classifier: labels -> models/shortcomings + metrics.

Both classifiers (lexicon baseline, scikit-learn) are cross-validated on the same
folds, grouped by notice; the one with the better macro F1 is the one classify uses.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import time
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from pipeline.core import logs, params, tables
from pipeline.shortcoming_model import TrainParams, codes, fit, lexicon_predict, save
from pipeline.words import as_words

log = logging.getLogger(__name__)


def read_labels(path: Path) -> list[dict]:
    """Labelled items ({"source", "section", "text", "codes"}); the parts folder beside
    ``path`` when the merged file is not there yet."""
    files = [path] if path.exists() else sorted((path.parent / "parts").glob("*.jsonl"))
    rows = []
    for f in files:
        rows += [
            json.loads(line)
            for line in f.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
    return rows


def run(rows: list[dict], p: TrainParams) -> tuple:
    """Cross-validate both classifiers, then fit the model on every row.

    Returns:
        (model, chosen classifier name, metrics dict, predictions per classifier).
    """
    labels = codes()
    texts = [r["text"] for r in rows]
    words = [as_words(t) for t in texts]
    groups = [r["source"] for r in rows]
    y = np.array([[int(c in r["codes"]) for c in labels] for r in rows])
    preds = {
        "lexicon": [lexicon_predict(t)["codes"] for t in texts],
        "sklearn": [[] for _ in rows],
    }
    k = min(p.folds, len(set(groups)))
    for tr, te in GroupKFold(n_splits=k, shuffle=True, random_state=p.seed).split(
        texts, y, groups
    ):
        model = fit(
            [texts[i] for i in tr],
            [words[i] for i in tr],
            y[tr],
            [groups[i] for i in tr],
            p,
        )
        out = model.predict([texts[i] for i in te], [words[i] for i in te])
        for i, o in zip(te, out, strict=True):
            preds["sklearn"][i] = o["codes"]
    gold = [r["codes"] for r in rows]
    support = Counter(c for g in gold for c in g)
    scored = {
        name: score(gold, pr, labels, support, p.min_examples)
        for name, pr in preds.items()
    }
    chosen = max(scored, key=lambda n: (scored[n]["macro_f1"], n == "sklearn"))
    metrics = {
        "items": len(rows),
        "notices": len(set(groups)),
        "folds": k,
        "grouped_by": "notice",
        "support": dict(support),
        "macro_codes": sorted(c for c in labels if support[c] >= p.min_examples),
        "classifiers": scored,
        "chosen": chosen,
    }
    return fit(texts, words, y, groups, p), chosen, metrics, preds


def score(
    gold: list[list[str]],
    pred: list[list[str]],
    labels: list[str],
    support: Counter,
    min_examples: int,
) -> dict:
    """Micro and macro F1, exact match and per-code P/R/F1."""
    per_code, tot = {}, [0, 0, 0]
    for c in labels:
        tp = sum(c in g and c in q for g, q in zip(gold, pred, strict=True))
        fp = sum(c not in g and c in q for g, q in zip(gold, pred, strict=True))
        fn = sum(c in g and c not in q for g, q in zip(gold, pred, strict=True))
        per_code[c] = {**prf(tp, fp, fn), "support": support[c]}
        tot = [tot[0] + tp, tot[1] + fp, tot[2] + fn]
    macro = [per_code[c]["f1"] for c in labels if support[c] >= min_examples]
    return {
        "micro": prf(*tot),
        "macro_f1": round(float(np.mean(macro)), 4) if macro else 0.0,
        "exact_match": round(
            float(np.mean([set(g) == set(q) for g, q in zip(gold, pred, strict=True)])),
            4,
        ),
        "per_code": per_code,
    }


def prf(tp: int, fp: int, fn: int, empty: float = 0.0) -> dict:
    """Precision, recall, F1 and the counts; ``empty`` is the precision (recall) when
    nothing was predicted (nothing was there to find)."""
    p = tp / (tp + fp) if tp + fp else empty
    r = tp / (tp + fn) if tp + fn else empty
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def plot_rows(metrics: dict, gold: list[list[str]], pred: list[list[str]]) -> tuple:
    """Rows of per_code_f1.csv (code, classifier, f1) and confusion.csv (code,
    predicted, count) for the chosen classifier; "none" marks a miss or a false code."""
    f1 = [
        (c, name, m["per_code"][c]["f1"])
        for name, m in metrics["classifiers"].items()
        for c in m["per_code"]
    ]
    pairs: Counter = Counter()
    for g, q in zip(gold, pred, strict=True):
        wrong = [c for c in q if c not in g]
        for c in g:
            pairs.update(
                [(c, c)] if c in q else [(c, w) for w in wrong] or [(c, "none")]
            )
        if all(c in q for c in g):
            pairs.update(("none", w) for w in wrong)
    return f1, sorted((a, b, n) for (a, b), n in pairs.items())


def _csv(header: list[str], rows: list) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *rows])
    return buf.getvalue()


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.stages.train LABELS MODEL_DIR METRICS [PLOTS_DIR]``."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("labels", type=Path)
    ap.add_argument("model", type=Path)
    ap.add_argument("metrics", type=Path)
    ap.add_argument(
        "plots", type=Path, nargs="?", help="default: METRICS' folder/plots"
    )
    args = ap.parse_args(argv)
    logs.setup()
    p = params.load("train", TrainParams)
    started = time.perf_counter()
    rows = read_labels(args.labels)
    log.info(
        "read %d labelled items of %d notices",
        len(rows),
        len({r["source"] for r in rows}),
    )
    model, chosen, metrics, preds = run(rows, p)
    save(model, args.model, chosen)
    tables.write_json(metrics, args.metrics)
    f1_rows, confusion = plot_rows(metrics, [r["codes"] for r in rows], preds[chosen])
    plots = args.plots or args.metrics.parent / "plots"
    tables.write_text(
        _csv(["code", "classifier", "f1"], f1_rows), plots / "per_code_f1.csv"
    )
    tables.write_text(
        _csv(["code", "predicted", "count"], confusion), plots / "confusion.csv"
    )
    for name, m in metrics["classifiers"].items():
        log.info(
            "%s: micro F1 %.3f, macro F1 %.3f, exact match %.3f",
            name,
            m["micro"]["f1"],
            m["macro_f1"],
            m["exact_match"],
        )
    log.info(
        "chose %s; wrote %s in %.1f s",
        chosen,
        args.model,
        time.perf_counter() - started,
    )


if __name__ == "__main__":
    main()
