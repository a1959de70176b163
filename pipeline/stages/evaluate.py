"""Score the extraction against corpus/gold: precision, recall and F1 per field, dev and test
apart, with a table of misses and false hits."""

from __future__ import annotations

import argparse
import json
import logging
import re
import time
from collections import Counter
from pathlib import Path

import pandas as pd

from pipeline import contract, engine
from pipeline.core import logs, tables
from pipeline.core.text import fold
from pipeline.extractors.patterns import FIGURE_REGEX
from pipeline.extractors.targets import parse_number
from pipeline.notice import process
from pipeline.stages.train import prf

log = logging.getLogger(__name__)
NOTICE_FIELDS = (
    "number",
    "date",
    "issuer",
    "meeting_date",
    "chair_name",
    "signer_name",
)


def _norm(s) -> str:
    return " ".join(str(s).replace("**", "").split()).strip(" .,;:").casefold()


def _counts(gold: Counter, pred: Counter, ignore: set = frozenset()) -> tuple:
    pred = Counter({k: v for k, v in pred.items() if k not in ignore or k in gold})
    tp = sum((gold & pred).values())
    return (
        tp,
        sum(pred.values()) - tp,
        sum(gold.values()) - tp,
        gold - pred,
        pred - gold,
    )


def field_items(obj: dict, gold: dict) -> dict[str, tuple[Counter, Counter, set]]:
    """(gold items, predicted items, ignorable predictions) per scored field."""
    amb = gold.get("_ambiguous", {})
    out = {
        "agencies": (
            Counter(set(gold["agencies"])),
            Counter({a["name"] for a in obj["agencies"]}),
            set(amb.get("agencies", [])),
        ),
        "legal_refs": _legal_ids(obj, gold),
        "deadlines": _deadlines(obj, gold),
        "people": (
            Counter({p["name"] for p in gold.get("people", [])}),
            Counter({p["name"] for p in obj["people"]}),
            set(),
        ),
        "targets": _targets(obj, gold),
    }
    out["attendance"] = _attendance(obj, gold)
    out["tasks"] = _task_pairs(obj, gold)
    out["shortcoming_items"] = _items(obj, gold)
    return out


def _legal_ids(obj, gold):
    """Reference ids, case-insensitive; an id the annotation accepts as an alternative
    (``_ambiguous.legal_refs`` with ``field: id``) counts as the gold id."""
    alt = {}
    for a in gold.get("_ambiguous", {}).get("legal_refs", []):
        if a.get("field") == "id" and a.get("id"):
            alt |= {str(x).casefold(): a["id"].casefold() for x in a.get("accept", [])}
    g = Counter({r["id"].casefold() for r in gold["legal_refs"] if r["id"]})
    p = Counter(
        {
            alt.get(r["id"].casefold(), r["id"].casefold())
            for r in obj["legal_refs"]
            if r.get("id")
        }
    )
    return g, p, set()


def _deadlines(obj, gold):
    """(text, date) pairs; a prediction on a text the annotation calls ambiguous is ignored.
    A standing duty matches with or without its "định kỳ" ("định kỳ hằng quý" = "hằng
    quý"), a deadline with or without "xong" ("xong trước ngày 15/02" = "trước ngày
    15/02"): annotators differ on where the expression starts."""
    amb = {_when(d["text"]) for d in gold.get("_ambiguous", {}).get("deadlines", [])}
    g = Counter((_when(d["text"]), d["date"]) for d in gold["deadlines"])
    p = Counter((_when(d["text"]), d["date"]) for d in obj["deadlines"])
    ignore = {k for k in p if k[0] in amb}
    return g, p, ignore


def _when(text: str) -> str:
    return re.sub(r"^(?:định kỳ (?=hằng |hàng )|xong (?=trước ))", "", _norm(text))


def _accepted(gold: dict, field: str) -> list:
    """The gold value of a notice field, and the alternatives ``_ambiguous.notice`` accepts
    ("Văn phòng Bộ X" or "Bộ X" when the number carries the ministry's code)."""
    alts = [
        a.get("accept", [])
        for a in gold.get("_ambiguous", {}).get("notice", [])
        if isinstance(a, dict) and a.get("field") == field
    ]
    return [gold["notice"].get(field), *(v for vs in alts for v in vs)]


def _targets(obj, gold):
    """Targets match on value and unit; a unit may carry the counted noun or not
    ("triệu lượt" = "triệu lượt khách", "ca" = "ca/ngày"). A predicted figure printed in
    a text the annotation calls ambiguous (``_ambiguous.targets``) is neither rewarded
    nor penalised."""
    golds = [
        (float(t["value"]), _norm(t["unit"] or "")) for t in gold.get("targets", [])
    ]
    undecided = [  # (value, what follows it) of each figure in an ambiguous text
        (parse_number(m.group("num")), _norm(text[m.end() :]))
        for a in gold.get("_ambiguous", {}).get("targets", [])
        for text in [a.get("text") or ""]
        for m in FIGURE_REGEX.finditer(text)
    ]
    preds = []
    for t in obj["targets"]:
        value, unit = float(t["value"]), _norm(t["unit"] or "")
        same = [g for g in golds if g[0] == value and _unit_match(g[1], unit)]
        preds.append(same[0] if same else (value, unit))
    ignore = {
        p
        for p in preds
        for v, after in undecided
        if p[0] == v and after.startswith(p[1])
    }
    return Counter(golds), Counter(preds), ignore


def _unit_match(a: str, b: str) -> bool:
    a, b = a.replace("/", " "), b.replace("/", " ")
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


def _who(text: str) -> frozenset[str]:
    """Words of a "who", abbreviations expanded, order and punctuation ignored, and an
    envoy word before a body too ("lãnh đạo UBND huyện Cô Tô" = "UBND huyện Cô Tô":
    annotators differ)."""
    text = (
        fold(text)
        .replace("ubnd", "uy ban nhan dan")
        .replace("hdnd", "hoi dong nhan dan")
    )
    text = re.sub(r"^\s*(?:lanh dao|dai dien)\s+", "", text)
    return frozenset(re.findall(r"\w+", text))


def _attendance(obj, gold):
    g, p = gold.get("attendance") or {}, obj["attendance"]
    key = lambda e, k: (k, _who(e["who"]))  # noqa: E731
    return (
        Counter(key(e, k) for k in ("absent", "delegated") for e in g.get(k, [])),
        Counter(key(e, k) for k in ("absent", "delegated") for e in p.get(k, [])),
        set(),
    )


def _task_pairs(obj, gold):
    gold_pairs, alt = Counter(), {}
    for t in gold["tasks"]:
        for a in t["assignees"]:
            gold_pairs[(a["agency"], a["role"])] += 1
            if a.get("role_alt"):
                alt[(a["agency"], a["role_alt"])] = (a["agency"], a["role"])
    pred = Counter()
    for t in obj["tasks"]:
        for a in t["assignees"]:
            if not a.get("collective"):
                pair = (a["agency"], a["role"])
                pred[alt.get(pair, pair) if pair not in gold_pairs else pair] += 1
    ignore = {  # an ambiguous task that names no assignees (only a note) excuses nothing
        (a["agency"], r)
        for t in gold.get("_ambiguous", {}).get("tasks", [])
        if isinstance(t, dict)
        for a in t.get("assignees") or []
        if a.get("agency")
        for r in str(a.get("role") or "").split("|")
    }
    return gold_pairs, pred, ignore


def _items(obj, gold):
    golds = [fold(_norm(s["text"])) for s in gold["shortcomings"]]
    preds = [fold(_norm(s["text"])) for s in obj["shortcomings"]]
    matched = Counter()
    for p in preds:
        hit = next(
            (g for g in golds if p.startswith(g[:40]) or g.startswith(p[:40])), None
        )
        matched[hit if hit else ("false", p[:60])] += 1
    return Counter(golds), matched, set()


def task_deadline_accuracy(obj, gold) -> tuple[int, int]:
    """(correct, matched) deadlines of gold tasks matched to a predicted task.

    A gold task matches the unused predicted task sharing most named assignees (and,
    to break ties, most legal-basis ids); tasks sharing no assignee do not match.
    """
    used, correct, matched = set(), 0, 0
    for g in gold["tasks"]:
        names, basis = {a["agency"] for a in g["assignees"]}, set(g["legal_basis"])
        scored = [
            (
                2 * len(names & {a["agency"] for a in t["assignees"]})
                + len(basis & set(t["legal_basis"])),
                -i,
                i,
            )
            for i, t in enumerate(obj["tasks"])
            if i not in used
        ]
        best = max(scored, default=(0, 0, None))
        if best[0] >= 2:
            used.add(best[2])
            matched += 1
            correct += obj["tasks"][best[2]]["deadline"] == g["deadline"]
    return correct, matched


def score(pairs: list[tuple[dict, dict]]) -> tuple[dict, list[dict]]:
    """Metrics over (prediction, gold) pairs, and the error rows."""
    totals: dict[str, list[int]] = {}
    errors: list[dict] = []
    notice_hits, notice_n, dl_ok, dl_n = Counter(), 0, 0, 0
    for obj, gold in pairs:
        for field, (g, p, ignore) in field_items(obj, gold).items():
            tp, fp, fn, missed, false = _counts(g, p, ignore)
            t = totals.setdefault(field, [0, 0, 0])
            t[0], t[1], t[2] = t[0] + tp, t[1] + fp, t[2] + fn
            errors += [
                {"file": gold["file"], "field": field, "error": "miss", "value": str(v)}
                for v in missed.elements()
            ]
            errors += [
                {
                    "file": gold["file"],
                    "field": field,
                    "error": "false hit",
                    "value": str(v),
                }
                for v in false.elements()
                if v not in ignore
            ]
        ok, n = task_deadline_accuracy(obj, gold)
        dl_ok, dl_n = dl_ok + ok, dl_n + n
        notice_n += 1
        for f in NOTICE_FIELDS:
            predicted = (
                (obj["notice"].get("chair") or {}).get("name")
                if f == "chair_name"
                else (
                    (obj["notice"].get("signer") or {}).get("name")
                    if f == "signer_name"
                    else obj["notice"].get(f)
                )
            )
            notice_hits[f] += predicted in _accepted(gold, f)
    metrics = {field: prf(*t, empty=1.0) for field, t in totals.items()}
    metrics["task_deadline_accuracy"] = round(dl_ok / dl_n, 4) if dl_n else None
    metrics["task_deadline_matched"] = dl_n
    metrics["notice_fields_accuracy"] = {
        f: round(notice_hits[f] / max(notice_n, 1), 4) for f in NOTICE_FIELDS
    }
    metrics["notices"] = notice_n
    return metrics, errors


def fingerprint() -> str:
    """Code, lexicons and model behind ``notice.process`` (the per-notice CONTRACT view)."""
    from pipeline.stages import classify, tasks

    # tasks.fingerprint covers extraction, the [tasks] params and the filter's model
    return engine.fingerprint(
        "pipeline.notice", "evaluate", classify.fingerprint(), tasks.fingerprint()
    )


def predict(documents: pd.DataFrame, gold: dict[str, list[dict]]) -> dict:
    """CONTRACT objects of the gold notices, each computed once per content and code (the
    cache ``.ketluan-cache/evaluate.parquet``), so adding an unannotated notice costs nothing."""
    files = {g["file"] for golds in gold.values() for g in golds}
    rows = [d for d in documents.to_dict("records") if d["source"] in files]
    cache = engine.Cache("evaluate", fingerprint())
    # a gold notice that fails is scored as extracting nothing (every item a miss)
    quarantine = engine.Quarantine(
        "evaluate", cache.fingerprint, engine.notice_label, quarantined_contract
    )
    objs = engine.cached_map(
        process,
        iter(rows),
        engine.row_key,
        cache,
        engine.load_params(),
        "evaluate",
        len(rows),
        quarantine=quarantine,
    )
    return {r["source"]: o for r, o in zip(rows, objs, strict=True)}


def quarantined_contract(doc: dict, failure: engine.Failure) -> dict:
    """The CONTRACT object of a notice whose processing failed: nothing extracted, and a
    warning that says why."""
    return contract.build(
        doc, [], {"warnings": [f"quarantined: {failure.error}: {failure.reason}"]}
    )


REFORM = "2025-07-01"  # two-level local government, 34 provinces (VN_ADMIN §11)


def _issued(doc: dict) -> str:
    """A notice's date as ISO text ("" when it has none)."""
    day = doc.get("issued_on")
    if day is None or (not isinstance(day, str) and pd.isna(day)):
        day = doc.get("meeting_date")
    return "" if day is None or (not isinstance(day, str) and pd.isna(day)) else str(day)[:10]


def load_gold(gold_dir: Path) -> dict[str, list[dict]]:
    """Gold annotations by split (dev, test)."""
    return {
        split.name: [
            json.loads(f.read_text(encoding="utf-8"))
            for f in sorted(split.glob("*.gold.json"))
        ]
        for split in sorted(gold_dir.iterdir())
        if split.is_dir()
    }


def run(
    documents: pd.DataFrame, gold: dict[str, list[dict]], predicted: dict | None = None
) -> tuple[dict, pd.DataFrame]:
    """Metrics per split and the error table.

    Args:
        documents: the documents table (at least the gold notices).
        gold: annotations by split (``load_gold``).
        predicted: CONTRACT objects by source, when already computed (``predict``).
    """
    by_source = {d["source"]: d for d in documents.to_dict("records")}
    predicted = predicted or {}
    metrics, errors = {}, []
    for split, golds in gold.items():
        pairs = []
        for g in golds:
            if g["file"] not in by_source:
                log.warning(
                    "gold file %s: notice not in the documents table", g["file"]
                )
                continue
            obj = predicted.get(g["file"]) or process(by_source[g["file"]])
            pairs.append((obj, g))
        metrics[split], errs = score(pairs)
        errors += [{"split": split, **e} for e in errs]
        # the notices issued after the 1 July 2025 reorganisation (issue 17), apart
        after = [(o, g) for o, g in pairs if _issued(by_source[g["file"]]) >= REFORM]
        if after:
            metrics[f"{split}_post_reform"] = score(after)[0]
    return metrics, pd.DataFrame(
        errors, columns=["split", "file", "field", "error", "value"]
    )


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.stages.evaluate DOCUMENTS GOLD_DIR METRICS ERRORS_CSV``."""
    ap = argparse.ArgumentParser(description=__doc__)
    for name in ("documents", "gold_dir", "metrics", "errors"):
        ap.add_argument(name, type=Path)
    args = ap.parse_args(argv)
    logs.setup()
    started = time.perf_counter()
    documents, gold = tables.read(args.documents, "documents"), load_gold(args.gold_dir)
    metrics, errors = run(documents, gold, predict(documents, gold))
    tables.write_json(metrics, args.metrics)
    # sorted: the misses come from sets, whose order changes with the hash seed
    errors = errors.sort_values(
        list(errors.columns), key=lambda column: column.astype(str), kind="stable"
    )
    tables.write_csv(errors, args.errors)  # values quote notice text
    for split, m in metrics.items():
        log.info(
            "%s: %s",
            split,
            {k: v["f1"] for k, v in m.items() if isinstance(v, dict) and "f1" in v},
        )
    log.info("evaluated in %.1f s", time.perf_counter() - started)


if __name__ == "__main__":
    main()
