"""Agencies F1 of the three agency modes on a gold split, and the tagger's cost on the seed.

``python -m pipeline.bench_tagger --split test`` prints, for ``off`` (rules), ``alone``
(the CRF tagger) and ``propose`` (rules + the tagger's spans the rules missed), the
agencies precision, recall and F1 as ``make``'s evaluate stage scores them (canonical
names per notice), then the milliseconds per call of the tagger on
tests/fixtures/seed.txt. Figures only; not a test.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from collections import Counter

from pipeline.core import paths
from pipeline.extractors import agency_tagger as tagger

SEED = paths.ROOT / "tests" / "fixtures" / "seed.txt"


def score(split: str, modes=tagger.MODES) -> dict[str, dict]:
    """Agencies precision, recall, F1 of each mode over corpus/gold/<split>."""
    from pipeline.notice import process
    from pipeline.stages.evaluate import _counts, field_items
    from pipeline.stages.train import prf
    from pipeline.train_tagger import gold_files, read

    golds = gold_files(split)
    docs = {f: dataclasses.asdict(read(paths.ROOT / f)) for f in golds}
    out = {}
    for mode in modes:
        tp = fp = fn = 0
        for f, gold in golds.items():
            g, p, ignore = field_items(process(docs[f], mode), gold)["agencies"]
            t, a, b, *_ = _counts(Counter(g), Counter(p), ignore)
            tp, fp, fn = tp + t, fp + a, fn + b
        out[mode] = {**prf(tp, fp, fn), "notices": len(golds)}
    return out


def cost(repeat: int = 20) -> dict[str, float]:
    """Median CPU milliseconds (process time: other jobs on the machine do not count)
    on the seed notice: the tagger's spans, the tagger alone
    (spans + canonical names), the rules, and the rules with the tagger proposing."""
    from pipeline.core.text import normalize
    from pipeline.extractors.agencies import guess_jurisdiction

    text = normalize(SEED.read_text(encoding="utf-8"))
    juris = guess_jurisdiction(text)
    calls = {
        "tagger_spans": lambda: tagger.spans(text),
        "alone": lambda: tagger.agencies(text, "alone", juris),
        "off": lambda: tagger.agencies(text, "off", juris),
        "propose": lambda: tagger.agencies(text, "propose", juris),
    }
    out = {}
    for name, call in calls.items():
        call()  # model, lexicons and caches loaded once, untimed
        times = []
        for _ in range(repeat):
            t0 = time.process_time()
            call()
            times.append((time.process_time() - t0) * 1000)
        out[name] = round(statistics.median(times), 2)
    out["propose_minus_off"] = round(out["propose"] - out["off"], 2)
    return out


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.bench_tagger [--split dev|test] [--no-score]``."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--split", default="dev", choices=("dev", "test"))
    ap.add_argument("--no-score", action="store_true", help="the cost only")
    args = ap.parse_args(argv)
    if not args.no_score:
        print(f"agencies on corpus/gold/{args.split}:")
        for mode, m in score(args.split).items():
            print(
                f"  {mode:8s} P {m['precision']:.4f}  R {m['recall']:.4f}  "
                f"F1 {m['f1']:.4f}  (tp {m['tp']}, fp {m['fp']}, fn {m['fn']})"
            )
    print("CPU ms per call on tests/fixtures/seed.txt (median of 20):")
    for name, ms in cost().items():
        print(f"  {name:18s} {ms:7.2f}")


if __name__ == "__main__":
    main()
