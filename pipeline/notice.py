"""One notice through every per-notice step: the function the CLI, the stages and
a distributed run share."""

from __future__ import annotations

from pipeline import contract
from pipeline.segment import segment_notice


def process(doc: dict) -> dict:
    """CONTRACT.md object for one ingested notice (a documents row as a dict)."""
    sections, sentences = segment_notice(
        doc["doc_id"], doc["text"], int(doc["body_end"]), with_words=False
    )
    facts = _facts(doc, sections, sentences)
    return contract.build(doc, sections, facts)


def _facts(doc: dict, sections: list[dict], sentences: list[dict]) -> dict:
    try:
        from pipeline.extract import notice_facts
    except ImportError:  # extraction not built yet: CONTRACT fields stay empty
        return {}
    return notice_facts(doc, sections, sentences)
