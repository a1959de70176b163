"""One notice through every per-notice step: the function the CLI, the evaluation and a
distributed run share."""

from __future__ import annotations

from pipeline import contract
from pipeline.extract import notice_facts
from pipeline.segment import segment_notice


def process(doc: dict) -> dict:
    """CONTRACT.md object for one ingested notice (a documents row as a dict)."""
    sections, sentences = segment_notice(
        doc["doc_id"], doc["text"], int(doc["body_end"]), with_words=False
    )
    return contract.build(doc, sections, notice_facts(doc, sections, sentences))
