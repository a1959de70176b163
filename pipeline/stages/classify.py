"""Classify shortcoming items: documents, sections, sentences -> shortcomings table."""

from __future__ import annotations

import argparse
import functools
import json
import logging
import time
from collections import Counter
from dataclasses import is_dataclass
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from pipeline import engine
from pipeline.core import logs, paths, tables
from pipeline.extractors.models import as_row
from pipeline.extractors.shortcomings import Item, detect_items
from pipeline.shortcoming_model import Model, lexicon_predict, load
from pipeline.words import as_words

log = logging.getLogger(__name__)
DEFAULT_MODEL = paths.MODELS / "shortcomings"
WRITES = ("shortcomings",)


@functools.lru_cache(maxsize=4)
def classifier(folder: Path = DEFAULT_MODEL) -> Model | None:
    """The trained model under ``folder`` when training chose it, else None (the
    lexicon); loaded once per process.

    Raises:
        ModelError: the saved model has another label set or format version.
    """
    if not (Path(folder) / "model.json").exists():
        log.info("no model in %s: classifying with the cue lexicon", folder)
        return None
    model, chosen = load(Path(folder))
    return model if chosen == "sklearn" else None


def classify_items(items: list, model: Model | None | str = "default") -> list[dict]:
    """Codes, per-code scores and evidence of each item.

    Args:
        items: ``Item`` objects or dicts with at least ``text``.
        model: a loaded model, None for the lexicon, "default" for models/shortcomings.

    Returns:
        One dict per item: its fields plus ``codes``, ``scores`` (code -> score),
        ``evidence`` (the features or cue phrases that decided) and ``model``.
    """
    rows = [as_row(i) if is_dataclass(i) else dict(i) for i in items]
    if model == "default":
        model = classifier()
    texts = [r["text"] for r in rows]
    words = [r.pop("words", None) for r in rows]
    if model is None:
        out = [lexicon_predict(t) for t in texts]
    elif texts:
        # segment's words when the caller has them; underthesea only for the others
        words = [w or as_words(t) for w, t in zip(words, texts, strict=True)]
        out = model.predict(texts, words)
    else:
        out = []
    return [{**r, **o} for r, o in zip(rows, out, strict=True)]


def item_words(item: Item, sentences: list[dict]) -> str | None:
    """The underthesea words of an item, reused from the segment stage's sentences when
    they cover it (segmenting again costs as much as the rest of classify)."""
    # sentences overlapping the item: the first may also hold the item's label "(ii)"
    inside = [s for s in sentences if s["start"] < item.end and s["end"] > item.start]
    if not inside or not all(s.get("words") for s in inside):
        return None
    covered = sum(min(s["end"], item.end) - max(s["start"], item.start) for s in inside)
    spread = max(s["end"] for s in inside) - min(s["start"] for s in inside)
    if covered < 0.9 * len(item.text) or spread > 1.2 * len(item.text) + 12:
        return None
    return " ".join(s["words"] for s in inside)


def notice_shortcomings(
    doc: dict, sections: list[dict], sentences: list[dict]
) -> list[dict]:
    """CONTRACT.md ``shortcomings`` of one notice: text, categories, section (+ scores,
    evidence)."""
    items = detect_items(doc["text"], sections, sentences)
    return [
        {
            "text": r["text"],
            "categories": r["codes"],
            "section": r["section"],
            "scores": r["scores"],
            "evidence": r["evidence"],
        }
        for r in classify_items(items)
    ]


def notice_rows(item: tuple, model_dir: Path = DEFAULT_MODEL) -> list[dict]:
    """Shortcomings rows of one (documents row, sections rows, sentences rows); the
    model under ``model_dir`` loads once per process."""
    doc, secs, sents = item
    items = [
        {"doc_id": doc["doc_id"], **as_row(i), "words": item_words(i, sents)}
        for i in detect_items(doc["text"], secs, sents)
    ]
    rows = classify_items(items, classifier(Path(model_dir)))
    for r in rows:
        r["scores"] = json.dumps(r["scores"], ensure_ascii=False, sort_keys=True)
    return rows


def fingerprint(model_dir: Path = DEFAULT_MODEL) -> str:
    """Code, lexicons, params and model files the results depend on."""
    from pipeline.stages import segment

    files = [f for f in Path(model_dir).rglob("*") if f.is_file()]
    return engine.fingerprint(
        "pipeline.stages.classify", "classify", segment.fingerprint(), files=files
    )


def run(
    documents: pd.DataFrame,
    sections: pd.DataFrame,
    sentences: pd.DataFrame,
    model: Model | None,
) -> pd.DataFrame:
    """One row per shortcoming item of every notice."""
    secs = dict(list(sections.groupby("doc_id")))
    sents = dict(list(sentences.groupby("doc_id")))
    items: list[dict] = []
    for doc_id, text in documents[["doc_id", "text"]].itertuples(index=False):
        found: list[Item] = detect_items(
            text, engine.records(secs.get(doc_id)), engine.records(sents.get(doc_id))
        )
        sent_rows = engine.records(sents.get(doc_id))
        items += [
            {"doc_id": doc_id, **as_row(i), "words": item_words(i, sent_rows)}
            for i in found
        ]
    rows = classify_items(items, model)
    for r in rows:
        r["scores"] = json.dumps(r["scores"], ensure_ascii=False, sort_keys=True)
    return pd.DataFrame(rows, columns=list(tables.SPECS["shortcomings"]))


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.stages.classify DOCS SECTIONS SENTENCES MODEL OUT [METRICS]``."""
    ap = argparse.ArgumentParser(description=__doc__)
    for name in ("documents", "sections", "sentences", "model", "out"):
        ap.add_argument(name, type=Path)
    ap.add_argument("metrics", type=Path, nargs="?")
    ap.add_argument("--quarantine", type=Path, help="JSON list of failed notices")
    args = ap.parse_args(argv)
    logs.setup()
    started, e = time.perf_counter(), engine.load_params()
    total = pq.ParquetFile(args.documents).metadata.num_rows
    log.info("classifying the items of %d notices (%s)", total, engine.describe(e))
    items = engine.by_notice_tables(
        tables.batches(args.documents, ["doc_id", "source", "text"]),
        args.sections,
        args.sentences,
        by_reference=e.backend == "local",
    )
    cache = engine.Cache("classify", fingerprint(args.model))
    quarantine = engine.notice_quarantine("classify", cache.fingerprint, [])
    fn = engine.read_rows(functools.partial(notice_rows, model_dir=args.model))
    counts, n_items, with_items, model_name = Counter(), 0, 0, None
    with tables.Writer("shortcomings", args.out) as out:
        for rows in engine.cached_map(
            fn,
            items,
            lambda i: i[0]["doc_id"],
            cache,
            e,
            "classify",
            total,
            quarantine=quarantine,
        ):
            out.add(rows)
            counts.update(c for r in rows for c in r["codes"])
            n_items, with_items = n_items + len(rows), with_items + bool(rows)
            model_name = model_name or (rows[0]["model"] if rows else None)
    if args.quarantine:
        quarantine.write(args.quarantine)
    if args.metrics:
        tables.write_json(
            {
                "notices": total,
                "items": n_items,
                "notices_with_items": with_items,
                "model": model_name,
                "codes": dict(counts.most_common()),
            },
            args.metrics,
        )
    log.info(
        "wrote %d items of %d notices in %.1f s",
        n_items,
        with_items,
        time.perf_counter() - started,
    )


if __name__ == "__main__":
    main()
