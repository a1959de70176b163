"""Train the agency tagger (``models/agency_tagger.crfsuite``) from the written corpus.

``python -m pipeline.train_tagger`` rebuilds the committed model byte for byte: the notices
are read in path order, CRFsuite's L-BFGS is deterministic, and nothing is sampled.

Training data, one sequence per stretch of a line the tagger reads (``segments``):

- silver: the rules' agency mentions (not collectives) on every notice of corpus/raw that
  plain Python reads (.txt, .docx, .html; no OCR, no LibreOffice, so every machine reads
  the same text);
- on the notices of corpus/gold/dev the gold filters the silver: a rule mention whose
  canonical name the annotators did not list is dropped (its syllables are labelled O),
  and a listed name the rules missed is labelled where it is printed verbatim;
- the notices of corpus/gold/test are never read.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import time
from pathlib import Path

from pipeline.core import logs, paths
from pipeline.extractors import agency_tagger as tagger

log = logging.getLogger(__name__)
FORMATS = (".txt", ".docx", ".html")
# CRFsuite L-BFGS: L1 keeps the model small, L2 smooths it
C1, C2, ITERATIONS = 0.05, 0.01, 150


def gold_files(split: str) -> dict[str, dict]:
    """corpus/gold/<split> annotations by the notice file they annotate."""
    out = {}
    for path in sorted((paths.GOLD / split).glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        out[gold["file"]] = gold
    return out


def training_files(limit: int | None = None) -> list[Path]:
    """corpus/raw notices the tagger learns from, in path order; test notices left out."""
    # a test notice in any format: the same folder and name
    held_out = {(paths.ROOT / f).with_suffix("") for f in gold_files("test")}
    files = [
        p
        for p in sorted(paths.RAW.rglob("*"))
        if p.suffix.lower() in FORMATS and p.with_suffix("") not in held_out
    ]
    return files[:limit] if limit else files


def read(path: Path):
    """The ingested notice (the text the pipeline extracts from)."""
    from pipeline.stages.ingest import IngestParams, load_notice

    return load_notice(path, IngestParams(ocr=False))


def agency_spans(notice, gold: dict | None) -> list[tuple[int, int]]:
    """Character spans of the agencies of one notice: the rules' mentions, filtered and
    completed by the gold annotation when there is one."""
    from pipeline.extractors.agencies import extract_agencies
    from pipeline.stages.extract import reference_date

    doc = {"issued_on": notice.issued_on, "meeting_date": notice.meeting_date}
    found = [
        m
        for m in extract_agencies(
            notice.text, notice.jurisdiction, reference_date(doc)
        )
        if m.kind != "collective"
    ]
    if gold is None:
        return [(m.start, m.end) for m in found]
    names = set(gold["agencies"])
    unsure = set(gold.get("_ambiguous", {}).get("agencies", []))
    kept = [(m.start, m.end) for m in found if m.canonical in names | unsure]
    seen = {m.canonical for m in found}
    taken = bytearray(len(notice.text) + 1)
    for s, e in kept:
        taken[s:e] = b"\x01" * (e - s)
    for name in sorted(names - seen):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", notice.text):
            if taken.find(1, m.start(), m.end()) < 0:
                kept.append((m.start(), m.end()))
                taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return sorted(kept)


def sequences(files: list[Path]):
    """(features, labels) of every line of every notice in ``files``; and counts."""
    dev = {paths.ROOT / f: g for f, g in gold_files("dev").items()}
    xs, ys = [], []
    counts = {"notices": 0, "gold_notices": 0, "segments": 0, "tokens": 0, "spans": 0}
    for path in files:
        notice = read(path)
        spans = agency_spans(notice, dev.get(path))
        counts["notices"] += 1
        counts["gold_notices"] += path in dev
        counts["spans"] += len(spans)
        for offset, toks in tagger.segments(notice.text):
            start, end = offset + toks[0][0], offset + toks[-1][1]
            local = [(s - offset, e - offset) for s, e in spans if start <= s < end]
            xs.append(tagger.features(toks))
            ys.append(tagger.bio(toks, local))
            counts["segments"] += 1
            counts["tokens"] += len(toks)
    return xs, ys, counts


def train(files: list[Path], out: Path) -> dict:
    """Fit the CRF on ``files`` and write it to ``out``; returns what it learnt from."""
    import pycrfsuite

    xs, ys, counts = sequences(files)
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for x, y in zip(xs, ys, strict=True):
        trainer.append(x, y)
    trainer.set_params({"c1": C1, "c2": C2, "max_iterations": ITERATIONS})
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return {**counts, "bytes": out.stat().st_size}


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.train_tagger [--out FILE] [--limit N]``."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=tagger.MODEL_FILE)
    ap.add_argument("--limit", type=int, help="the first N notices only (tests)")
    args = ap.parse_args(argv)
    logs.setup()
    started = time.perf_counter()
    info = train(training_files(args.limit), args.out)
    log.info("wrote %s in %.1f s: %s", args.out, time.perf_counter() - started, info)


if __name__ == "__main__":
    main()
