"""Segment notices: documents -> sections (tree, kinds) and sentences (underthesea words)."""

from __future__ import annotations

import argparse
import functools
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from pipeline import engine
from pipeline.core import logs, params, tables
from pipeline.extractors.header import title_end
from pipeline.extractors.models import as_row
from pipeline.extractors.sections import Section, extract_sections, section_at
from pipeline.extractors.sentences import split_sentences
from pipeline.words import as_words

log = logging.getLogger(__name__)
WRITES = (
    "sections",
    "sentences",
)  # the tables this stage writes (tests/test_layout.py)


@dataclass(frozen=True)
class SegmentParams:
    """params.yaml [segment]."""

    words: bool = True  # run underthesea word segmentation on every sentence


def segment_notice(
    doc_id: str, text: str, body_end: int, with_words: bool = True
) -> tuple[list[dict], list[dict]]:
    """Sections and sentences of one notice, as table rows.

    Sentences of the footnote block (after ``body_end``) have kind ``footnote``; those of
    the header block, up to the end of the title, have kind ``header``.
    """
    sections = extract_sections(text, body_end)
    header_end = title_end(text, body_end)
    section_rows = [{"doc_id": doc_id, **as_row(s)} for s in sections]
    sentence_rows = []
    for i, (start, end) in enumerate(split_sentences(text)):
        home: Section | None = section_at(sections, start) if start < body_end else None
        kind = "footnote" if start >= body_end else (home.kind if home else "other")
        if end <= header_end:
            kind = "header"
        sentence_rows.append(
            {
                "doc_id": doc_id,
                "sent_id": i,
                "section": home.path if home else None,
                "kind": kind,
                "start": start,
                "end": end,
                "text": text[start:end],
                "words": as_words(text[start:end]) if with_words else "",
            }
        )
    return section_rows, sentence_rows


def notice_rows(doc: dict, with_words: bool = True) -> dict[str, list[dict]]:
    """Rows of both tables for one documents row (the per-notice map's function)."""
    sections, sentences = segment_notice(
        doc["doc_id"], doc["text"], int(doc["body_end"]), with_words
    )
    return {"sections": sections, "sentences": sentences}


def fingerprint() -> str:
    """Code, lexicons and params this stage's results depend on (engine.fingerprint)."""
    return engine.fingerprint("pipeline.stages.segment", "segment")


def run(
    documents: pd.DataFrame, p: SegmentParams, e: engine.EngineParams | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Segment every document; returns (sections, sentences)."""
    out: dict[str, list] = {name: [] for name in WRITES}
    docs = documents[["doc_id", "text", "body_end"]].to_dict("records")
    fn = functools.partial(notice_rows, with_words=p.words)
    for rows in engine.map_notices(fn, docs, e or engine.EngineParams(workers=1)):
        for name in WRITES:
            out[name] += rows[name]
    return tuple(pd.DataFrame(out[n], columns=list(tables.SPECS[n])) for n in WRITES)


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.stages.segment DOCUMENTS SECTIONS SENTENCES``."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("documents", type=Path)
    ap.add_argument("sections", type=Path)
    ap.add_argument("sentences", type=Path)
    ap.add_argument("--quarantine", type=Path, help="JSON list of failed notices")
    args = ap.parse_args(argv)
    logs.setup()
    p, e = params.load("segment", SegmentParams), engine.load_params()
    started = time.perf_counter()
    total = pq.ParquetFile(args.documents).metadata.num_rows
    log.info(
        "segmenting %d notices from %s (%s)", total, args.documents, engine.describe(e)
    )
    docs = tables.batches(args.documents)
    cache = engine.Cache("segment", fingerprint())
    fn = functools.partial(notice_rows, with_words=p.words)
    quarantine = engine.notice_quarantine(
        "segment", cache.fingerprint, {"sections": [], "sentences": []}
    )
    with (
        tables.Writer("sections", args.sections) as sections,
        tables.Writer("sentences", args.sentences) as sentences,
    ):
        for rows in engine.cached_map(
            fn, docs, engine.row_key, cache, e, "segment", total, quarantine=quarantine
        ):
            sections.add(rows["sections"])
            sentences.add(rows["sentences"])
    if args.quarantine:
        quarantine.write(args.quarantine)
    log.info(
        "wrote %d sections, %d sentences in %.1f s",
        sections.rows,
        sentences.rows,
        time.perf_counter() - started,
    )


if __name__ == "__main__":
    main()
