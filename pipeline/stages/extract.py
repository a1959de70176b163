"""Extract agencies, people, legal references, deadlines, targets and attendance from notices."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import json
import logging
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from pipeline import engine
from pipeline.core import logs, params, tables
from pipeline.extractors import agency_tagger as tagger
from pipeline.extractors.agencies import summarise_agencies
from pipeline.extractors.attendance import extract_attendance, summarise_attendance
from pipeline.extractors.dates import text_date
from pipeline.extractors.deadlines import extract_deadlines
from pipeline.extractors.legal_refs import extract_legal_refs, merge_legal_refs
from pipeline.extractors.models import as_row
from pipeline.extractors.people import extract_people
from pipeline.extractors.sections import Section, section_at
from pipeline.extractors.targets import extract_targets

log = logging.getLogger(__name__)

# Versioned extractor names: bump when behaviour changes on purpose.
VERSIONS = {
    "agencies": "agencies.v1",
    "people": "people.v1",
    "legal_refs": "legal_refs.v1",
    "deadlines": "deadlines.v1",
    "targets": "targets.v1",
    "attendance": "attendance.v1",
}
TABLES = tables.EXTRACT_TABLES
WRITES = TABLES  # the tables this stage writes (tests/test_layout.py)


def reference_date(doc: dict) -> str | None:
    """The date relative deadlines count from: the notice's date, else the meeting's,
    else (a report or letter without a notice header) the first full date of its text,
    else the date of the page it was cut from when the caller knows it (``page_date``:
    the real-text scorer, by the set's annotation convention)."""
    for key in ("issued_on", "meeting_date"):
        value = doc.get(key)
        if value is not None and not pd.isna(value):
            return str(value)[:10]
    found = text_date(doc.get("text") or "")
    page = doc.get("page_date")
    return found or (str(page)[:10] if page is not None and not pd.isna(page) else None)


@dataclasses.dataclass(frozen=True)
class ExtractParams:
    """params.yaml [extract]."""

    # agency spans: "off" (rules), "alone" (the CRF tagger) or "propose" (rules, plus
    # the tagger's spans the rules missed); see pipeline/extractors/agency_tagger.py
    agency_tagger: str = "off"


@functools.cache
def agency_mode() -> str:
    """``extract.agency_tagger`` of params.yaml, read once per process."""
    return tagger.mode_of(params.load("extract", ExtractParams).agency_tagger)


def extract_one(name: str, doc: dict, agency_tagger: str | None = None) -> list:
    """One extractor (a key of VERSIONS) over one notice (a documents row as a dict):
    its raw dataclasses. The spaCy pipeline's components (pipeline.language) call it;
    ``agency_tagger`` overrides ``extract.agency_tagger`` ("off", "alone", "propose")."""
    text = doc["text"]
    jurisdiction = doc.get("jurisdiction") or None
    if name == "agencies":
        mode = agency_tagger or agency_mode()
        return tagger.agencies(text, mode, jurisdiction, reference_date(doc))
    if name == "people":
        return extract_people(text)
    if name == "legal_refs":
        return extract_legal_refs(text, json.loads(doc.get("footnotes") or "[]"))
    if name == "deadlines":
        return extract_deadlines(text, reference_date(doc))
    if name == "targets":
        return extract_targets(text)
    if name == "attendance":
        return extract_attendance(text, jurisdiction)
    raise ValueError(f"no extractor named {name!r}")


def extract_all(
    doc: dict, sections: list[dict], agency_tagger: str | None = None
) -> dict[str, list]:
    """Every extractor over one notice; raw dataclasses keyed by extractor name."""
    return {name: extract_one(name, doc, agency_tagger) for name in VERSIONS}


def _sections(rows: list[dict]) -> list[Section]:
    fields = Section.__dataclass_fields__
    return [Section(**{k: r[k] for k in fields}) for r in rows]


def _path(secs: list[Section], offset: int) -> str | None:
    hit = section_at(secs, offset)
    return hit.path if hit else None


def contract_facts(found: dict[str, list], sections: list[dict]) -> dict:
    """CONTRACT.md fields from the raw extractions of one notice."""
    secs = _sections(sections)
    return {
        "agencies": summarise_agencies(found["agencies"]),
        "people": [
            {"name": p.name, "title": p.title} for p in unique_people(found["people"])
        ],
        "legal_refs": merge_legal_refs(found["legal_refs"]),
        "deadlines": [
            {
                "text": d.surface,
                "date": d.due_on,
                "section": _path(secs, d.start),
                "recurrence": d.recurrence,
            }
            for d in found["deadlines"]
        ],
        "targets": [
            {
                "text": t.surface,
                "indicator": t.indicator,
                "value": t.value,
                "unit": t.unit,
            }
            for t in found["targets"]
        ],
        "attendance": summarise_attendance(found["attendance"]),
    }


def unique_people(people: list) -> list:
    """One mention per name, one with a title when any has (CONTRACT ``people``)."""
    best: dict[str, object] = {}
    for p in people:
        if p.name not in best or (p.title and not best[p.name].title):
            best[p.name] = p
    return list(best.values())


def table_rows(
    doc: dict, sections: list[dict], found: dict[str, list]
) -> dict[str, list]:
    """Rows of every extract table for one notice."""
    doc_id, secs = doc["doc_id"], _sections(sections)
    rows: dict[str, list] = {name: [] for name in TABLES}
    for name, items in found.items():
        for item in items:
            row = {"doc_id": doc_id, **as_row(item)}
            rows["mentions"].append(_mention(doc_id, name, item))
            if name in ("deadlines", "targets"):
                row["section"] = _path(secs, item.start)
            if name in ("legal_refs", "deadlines"):
                row["extractor"] = VERSIONS[name]
            if name != "agencies":
                rows[name].append(row)
    for entry in summarise_agencies(found["agencies"]):
        rows["agencies"].append(
            {
                "doc_id": doc_id,
                "name": entry["name"],
                "level": entry.get("level"),
                "jurisdiction": entry.get("jurisdiction"),
                "kind": entry.get("kind", "agency"),
                "count": entry["count"],
                "mentions": list(entry["mentions"]),
            }
        )
    return rows


def _mention(doc_id: str, name: str, item) -> dict:
    canonical = (
        getattr(item, "canonical", None)
        or getattr(item, "ref_id", None)
        or getattr(item, "due_on", None)
        or getattr(item, "name", None)
        or getattr(item, "who", None)
    )
    if getattr(item, "kind", None) == "collective":
        name = "collective"
    return {
        "doc_id": doc_id,
        "start": item.start,
        "end": item.end,
        "surface": item.surface,
        "label": name,
        "canonical": None if canonical is None else str(canonical),
        "extractor": VERSIONS.get(name, VERSIONS["agencies"]),
    }


def notice_rows(item: tuple[dict, list[dict]]) -> dict[str, list]:
    """Rows of every extract table for one (documents row, its sections rows)."""
    doc, secs = item
    return table_rows(doc, secs, extract_all(doc, secs))


def fingerprint() -> str:
    """Code, lexicons and params this stage's results depend on (engine.fingerprint)."""
    from pipeline.stages import segment

    model = [] if agency_mode() == "off" else [tagger.MODEL_FILE]
    return engine.fingerprint(
        "pipeline.stages.extract", "extract", segment.fingerprint(), files=model
    )


def run(
    documents: pd.DataFrame,
    sections: pd.DataFrame,
    e: engine.EngineParams | None = None,
) -> dict[str, pd.DataFrame]:
    """Extract from every notice; one DataFrame per table in TABLES."""
    by_doc = {k: engine.records(g) for k, g in sections.groupby("doc_id", sort=False)}
    items = [(doc, by_doc.get(doc["doc_id"], [])) for doc in engine.records(documents)]
    out: dict[str, list] = {name: [] for name in TABLES}
    for rows in engine.map_notices(
        notice_rows, items, e or engine.EngineParams(workers=1)
    ):
        for name in TABLES:
            out[name] += rows[name]
    return {
        name: pd.DataFrame(rows, columns=list(tables.SPECS[name]))
        for name, rows in out.items()
    }


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.stages.extract DOCUMENTS SECTIONS OUTDIR METRICS``."""
    ap = argparse.ArgumentParser(description=__doc__)
    for name in ("documents", "sections", "outdir", "metrics"):
        ap.add_argument(name, type=Path)
    ap.add_argument("--quarantine", type=Path, help="JSON list of failed notices")
    args = ap.parse_args(argv)
    logs.setup()
    e, started = engine.load_params(), time.perf_counter()
    total = pq.ParquetFile(args.documents).metadata.num_rows
    log.info("extracting from %d notices (%s)", total, engine.describe(e))
    items = engine.by_notice_tables(
        tables.batches(args.documents), args.sections, by_reference=e.backend == "local"
    )
    cache = engine.Cache("extract", fingerprint())
    quarantine = engine.notice_quarantine(
        "extract", cache.fingerprint, {name: [] for name in TABLES}
    )
    with contextlib.ExitStack() as stack:
        out = {
            n: stack.enter_context(tables.Writer(n, args.outdir / f"{n}.parquet"))
            for n in TABLES
        }
        with_ref = with_deadline = 0
        for rows in engine.cached_map(
            engine.read_rows(notice_rows),
            items,
            lambda i: engine.row_key(i[0]),
            cache,
            e,
            "extract",
            total,
            quarantine=quarantine,
        ):
            for name in TABLES:
                out[name].add(rows[name])
            with_ref += bool(rows["legal_refs"])
            with_deadline += bool(rows["deadlines"])
    counts = {name: w.rows for name, w in out.items()}
    metrics = {
        "notices": total,
        "rows": counts,
        "notices_with_legal_ref": with_ref,
        "share_with_deadline": round(with_deadline / max(total, 1), 3),
    }
    tables.write_json(metrics, args.metrics)
    if args.quarantine:
        quarantine.write(args.quarantine)
    log.info("wrote %s in %.1f s", counts, time.perf_counter() - started)


if __name__ == "__main__":
    main()
