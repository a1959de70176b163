"""One notice through every per-notice step: the function the CLI, the evaluation and a
distributed run share."""

from __future__ import annotations

import math

from pipeline import contract
from pipeline.stages.classify import notice_shortcomings
from pipeline.stages.extract import contract_facts, extract_all
from pipeline.stages.segment import segment_notice
from pipeline.stages.tasks import notice_tasks


def process(doc: dict, agency_tagger: str | None = None) -> dict:
    """CONTRACT.md object for one ingested notice (a documents row as a dict).

    ``agency_tagger`` ("off", "alone", "propose") overrides params.yaml's
    ``extract.agency_tagger`` for this call (the real-text scorer compares the three).
    """
    # a documents row from pandas holds NaN for missing values; the stages stream rows
    # with None, and the extractors read "no jurisdiction" only as None
    doc = {k: None if _missing(v) else v for k, v in doc.items()}
    sections, sentences = segment_notice(
        doc["doc_id"], doc["text"], int(doc["body_end"]), with_words=False
    )
    facts = notice_facts(doc, sections, sentences, agency_tagger)
    return contract.build(doc, sections, facts)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def notice_facts(
    doc: dict,
    sections: list[dict],
    sentences: list[dict],
    agency_tagger: str | None = None,
) -> dict:
    """CONTRACT fields for one notice: extraction, tasks and shortcomings."""
    found = extract_all(doc, sections, agency_tagger)
    facts = contract_facts(found, sections)
    facts["tasks"] = notice_tasks(doc, sections, found)
    facts["shortcomings"] = notice_shortcomings(doc, sections, sentences)
    facts["warnings"] = [d.note for d in found["deadlines"] if d.note]
    return facts
