"""Segment notices: documents -> sections (tree, kinds) and sentences (underthesea words)."""

from __future__ import annotations

import argparse
import logging
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from pipeline.core import logs, params, tables
from pipeline.extractors.sections import Section, extract_sections, section_at
from pipeline.extractors.sentences import split_sentences
from pipeline.words import as_words

log = logging.getLogger(__name__)
WRITES = ("sections", "sentences")  # the tables this stage writes (tests/test_layout.py)


@dataclass(frozen=True)
class SegmentParams:
    """params.yaml [segment]."""

    words: bool = True  # run underthesea word segmentation on every sentence


def segment_notice(
    doc_id: str, text: str, body_end: int, with_words: bool = True
) -> tuple[list[dict], list[dict]]:
    """Sections and sentences of one notice, as table rows.

    Sentences of the footnote block (after ``body_end``) have kind ``footnote``.
    """
    sections = extract_sections(text, body_end)
    section_rows = [{"doc_id": doc_id, **asdict(s)} for s in sections]
    sentence_rows = []
    for i, (start, end) in enumerate(split_sentences(text)):
        home: Section | None = section_at(sections, start) if start < body_end else None
        kind = "footnote" if start >= body_end else (home.kind if home else "other")
        sentence_rows.append({
            "doc_id": doc_id, "sent_id": i, "section": home.path if home else None,
            "kind": kind, "start": start, "end": end, "text": text[start:end],
            "words": as_words(text[start:end]) if with_words else "",
        })
    return section_rows, sentence_rows


def run(documents: pd.DataFrame, p: SegmentParams) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Segment every document; returns (sections, sentences)."""
    all_sections: list[dict] = []
    all_sentences: list[dict] = []
    rows = documents[["doc_id", "text", "body_end"]].itertuples(index=False)
    for doc_id, text, body_end in tqdm(rows, total=len(documents), desc="segment",
                                       disable=None):
        secs, sents = segment_notice(doc_id, text, int(body_end), p.words)
        all_sections += secs
        all_sentences += sents
    sections = pd.DataFrame(all_sections, columns=list(tables.SPECS["sections"]))
    sentences = pd.DataFrame(all_sentences, columns=list(tables.SPECS["sentences"]))
    return sections, sentences


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.segment DOCUMENTS SECTIONS SENTENCES``."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("documents", type=Path)
    ap.add_argument("sections", type=Path)
    ap.add_argument("sentences", type=Path)
    args = ap.parse_args(argv)
    logs.setup()
    p = params.load("segment", SegmentParams)
    started = time.perf_counter()
    documents = tables.read(args.documents, "documents")
    log.info("read %d notices from %s", len(documents), args.documents)
    sections, sentences = run(documents, p)
    tables.write(sections, "sections", args.sections)
    tables.write(sentences, "sentences", args.sentences)
    log.info("wrote %d sections, %d sentences in %.1f s", len(sections), len(sentences),
             time.perf_counter() - started)


if __name__ == "__main__":
    main()
