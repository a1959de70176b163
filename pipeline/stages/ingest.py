"""Ingest notices: corpus/raw files -> documents (metadata, clean text) + report."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import functools
import json
import logging
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from pipeline import engine
from pipeline.core import logs, tables
from pipeline.core import params as core_params
from pipeline.core import paths as core_paths
from pipeline.core.text import doc_hash
from pipeline.corpus import Digests, file_key, scan, source_name
from pipeline.corpus import entry as _entry
from pipeline.extractors.header import extract_header
from pipeline.readers import (
    FORMATS,
    Limits,
    OcrParams,
    ReadError,
    Repaired,
    read_file,
    repair,
)

logger = logging.getLogger(__name__)
WRITES = ("documents",)  # the tables this stage writes (tests/test_layout.py)



@dataclasses.dataclass(frozen=True)
class IngestParams:
    """params.yaml [ingest]."""

    max_bytes: int = 20_000_000
    extensions: tuple[str, ...] = tuple(e.lstrip(".") for e in FORMATS)
    reader_seconds: float = 60.0  # per .docx/.pdf/.html file, in an isolated reader
    reader_memory_mb: int = 1024  # memory an isolated reader may use
    min_letters: int = 20  # fewer is no notice (a BOM, a page of spaces or symbols)
    max_chars: int = 1_000_000  # more text is no notice (bounds every later stage's time)
    ocr: bool = True  # read PDF pages without a usable text layer with Tesseract
    ocr_dpi: int = 300
    ocr_max_pages: int = 60  # per file
    ocr_page_seconds: float = 60.0
    ocr_seconds: float = 200.0  # all OCR of one file (with reader_seconds, under engine.notice_seconds)

    def limits(self) -> Limits:
        return Limits(
            seconds=self.reader_seconds,
            memory_mb=self.reader_memory_mb,
            max_seconds=self.reader_seconds + (self.ocr_seconds if self.ocr else 0),
        )

    def ocr_params(self) -> OcrParams:
        return OcrParams(
            enabled=self.ocr,
            dpi=self.ocr_dpi,
            max_pages=self.ocr_max_pages,
            page_seconds=self.ocr_page_seconds,
            seconds=self.ocr_seconds,
        )


@dataclasses.dataclass(frozen=True)
class Notice:
    """One row of the documents table (columns of tables.SPECS["documents"])."""

    doc_id: str
    source: str
    format: str
    encoding: str
    number: str | None
    issued_on: dt.date | None
    issuer: str | None
    jurisdiction: str | None
    title: str | None
    meeting_date: dt.date | None
    chair_name: str | None
    chair_title: str | None
    signer_name: str | None
    signer_title: str | None
    text: str
    body_end: int
    footnotes: str  # JSON list of {"number", "start", "end", "marker"}
    warnings: str  # JSON list of strings
    pages: int | None = None  # PDF pages
    ocr_pages: int = 0  # pages read by OCR
    ocr_confidence: float | None = None  # their mean word confidence, 0-100


def _date(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


def load_notice(path: Path, params: IngestParams) -> Notice:
    """Read, repair and describe one notice file.

    Raises:
        ReadError: when the file cannot be read as a notice.
    """
    raw = read_file(
        Path(path), params.max_bytes, params.extensions, params.limits(), params.ocr_params()
    )
    if len(raw.text) > params.max_chars:
        raise ReadError(
            f"text too long ({len(raw.text):,} characters > {params.max_chars:,})"
        )
    fixed = repair(raw.text)
    body = fixed.text[: fixed.body_end]
    if not body.strip():
        raise ReadError("no text")
    if _letters(body, params.min_letters) < params.min_letters:
        raise ReadError(f"no text (fewer than {params.min_letters} letters)")
    return Notice(
        source=source_name(path),
        format=raw.format,
        encoding=raw.encoding,
        warnings=json.dumps(raw.warnings + fixed.warnings, ensure_ascii=False),
        pages=raw.pages,
        ocr_pages=raw.ocr_pages,
        ocr_confidence=raw.ocr_confidence,
        **text_fields(fixed),
    )


def text_fields(fixed: Repaired) -> dict:
    """The documents-row fields a notice's repaired text gives: doc_id, text, body_end,
    footnotes (JSON) and the header's (number, dates, issuer, jurisdiction, chair,
    signer).

    ``load_notice`` and the spaCy pipeline's tokenizer (pipeline.language) share it.
    """
    head = extract_header(fixed.text, fixed.body_end)
    fields = dataclasses.asdict(head)
    fields.update(
        issued_on=_date(head.issued_on), meeting_date=_date(head.meeting_date)
    )
    return {
        "doc_id": doc_hash(fixed.text),
        "text": fixed.text,
        "body_end": fixed.body_end,
        "footnotes": json.dumps(fixed.footnotes, ensure_ascii=False),
        **fields,
    }


def _letters(text: str, enough: int) -> int:
    """Letters in ``text``, counted up to ``enough`` (a notice has thousands)."""
    n = 0
    for c in text:
        if c.isalpha():
            n += 1
            if n >= enough:
                break
    return n


def ingest_one(path: Path, params: IngestParams) -> tuple[Notice | None, str | None]:
    """(notice, None) for a readable file, (None, reason) for a rejected one."""
    try:
        return load_notice(path, params), None
    except ReadError as err:
        return None, err.reason


def fingerprint() -> str:
    """Code, lexicons and params this stage's results depend on (engine.fingerprint)."""
    return engine.fingerprint("pipeline.stages.ingest", "ingest")


def ingest_files(
    paths: list[Path],
    params: IngestParams,
    e: engine.EngineParams | None = None,
    cache: engine.Cache | None = None,
    quarantine: engine.Quarantine | None = None,
    digests: Digests | None = None,
) -> Iterator[tuple[dict, Notice | None]]:
    """Ingest files in sorted order, yielding (report entry, notice) per file; the
    notice is None for a rejected or quarantined file and for a duplicate.

    Args:
        paths: the files (directories are rejected; see ``ingest_paths``).
        params: the ingest parameters.
        e: the engine (default: this process only).
        cache: results of earlier runs by ``file_key``.
        quarantine: where files that raised are listed (default: a new one).
        digests: file digests the scan stage took (cache keys without reading again).

    Yields:
        One report entry per file with status processed, duplicate, rejected or
        quarantined.
    """
    paths = sorted(paths, key=str)
    fn = functools.partial(ingest_one, params=params)
    e = e or engine.EngineParams(workers=1)
    quarantine = quarantine or new_quarantine()
    if cache is None:
        results = engine.map_notices(fn, paths, e, "ingest", len(paths), quarantine)
    else:
        results = engine.cached_map(
            fn,
            paths,
            functools.partial(file_key, digests=digests),
            cache,
            e,
            "ingest",
            len(paths),
            quarantine=quarantine,
        )
    first: dict[str, str] = {}
    for path, (notice, reason) in zip(paths, results, strict=True):
        entry = _entry(path, "processed")
        if isinstance(reason, engine.Failure):
            entry.update(status="quarantined", reason=f"{reason.error}: {reason.reason}")
        elif notice is None:
            entry.update(status="rejected", reason=reason)
            logger.warning("rejected %s: %s", entry["source"], reason)
        else:
            entry.update(
                doc_id=notice.doc_id, format=notice.format, encoding=notice.encoding
            )
            if notice.ocr_pages:
                entry.update(
                    pages=notice.pages,
                    ocr_pages=notice.ocr_pages,
                    ocr_confidence=notice.ocr_confidence,
                )
            if notice.doc_id in first:
                entry.update(
                    status="duplicate",
                    duplicate_of=first[notice.doc_id],
                    reason=f"same text as {first[notice.doc_id]}",
                )
                logger.info("duplicate %s of %s", entry["source"], first[notice.doc_id])
                notice = None
            else:
                first[notice.doc_id] = entry["source"]
        yield entry, notice


def new_quarantine() -> engine.Quarantine:
    """The ingest stage's quarantine: a file that raised is reported, not read."""
    return engine.Quarantine(
        "ingest",
        fingerprint(),
        lambda path: {"source": source_name(path), "doc_id": None},
        lambda path, failure: (None, failure),
    )


def run(
    paths: list[Path], params: IngestParams, skipped: list[dict] | None = None
) -> tuple[pd.DataFrame, dict]:
    """Ingest files in sorted order; return the documents frame and the report,
    {"files": [...], "counts": {...}}, with ``skipped`` (``scan``'s entries for what
    is not read) among the files (``ingest_files`` streams the same)."""
    entries, notices = [], []
    for entry, notice in ingest_files(paths, params):
        entries.append(entry)
        if notice is not None:
            notices.append(notice)
    entries = sort_entries(entries + (skipped or []))
    return _frame(notices), {"files": entries, "counts": _counts(entries)}


def sort_entries(entries: list[dict]) -> list[dict]:
    return sorted(entries, key=lambda e: e["source"])


def _frame(notices: list[Notice]) -> pd.DataFrame:
    if not notices:
        return tables.empty("documents")
    frame = pd.DataFrame([dataclasses.asdict(n) for n in notices])
    return frame[list(tables.SPECS["documents"])]


STATUSES = ("processed", "duplicate", "ignored", "rejected", "quarantined")


def _counts(entries: list[dict]) -> dict:
    status = Counter(e["status"] for e in entries)
    kept = [e for e in entries if e["status"] in ("processed", "duplicate")]
    return {
        "files": len(entries),
        **{s: status.get(s, 0) for s in STATUSES},
        "by_format": dict(Counter(e["format"] for e in kept)),
        "by_encoding": dict(Counter(e["encoding"] for e in kept)),
        "reasons": dict(Counter(e["reason"] for e in entries if e["reason"])),
    }


def ingest_paths(paths: list[Path], params: IngestParams) -> tuple[pd.DataFrame, dict]:
    """``run`` over files and what ``scan`` finds under directories."""
    files: list[Path] = []
    skipped: list[dict] = []
    for path in map(Path, paths):
        if path.is_dir() and not path.is_symlink():
            found, skip = scan(path)
            files, skipped = files + found, skipped + skip
        else:
            files.append(path)
    return run(files, params, skipped)


def write_gold_documents(documents: Path, gold_dir: Path, out: Path) -> int:
    """The rows of ``documents`` whose file a gold annotation names, to ``out``.

    The evaluate stage reads this table, not the whole corpus: the file's bytes change
    only when a gold notice changes, so DVC does not rerun the evaluation when other
    notices are added.
    """
    named = {
        json.loads(f.read_text(encoding="utf-8")).get("file")
        for f in sorted(gold_dir.glob("*/*.gold.json"))
    }
    # read only those rows: the table holds every notice's text
    picked = pq.read_table(
        documents, filters=[("source", "in", sorted(named))] if named else None
    )
    rows = picked.to_pandas() if named else tables.empty("documents")
    rows = rows.sort_values("source", kind="stable").reset_index(drop=True)
    tables.write(rows, "documents", out)
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    """python -m pipeline.stages.ingest INPUT_DIR DOCUMENTS.parquet REPORT.json
    [GOLD_DIR GOLD_DOCS.parquet] [--quarantine QUARANTINE.json]"""
    ap = argparse.ArgumentParser(description=__doc__)
    for name in ("folder", "out", "report"):
        ap.add_argument(name, type=Path)
    ap.add_argument("gold_dir", type=Path, nargs="?", help="with GOLD_DOCUMENTS")
    ap.add_argument("gold_out", type=Path, nargs="?", help="GOLD_DOCUMENTS.parquet")
    ap.add_argument("--quarantine", type=Path, help="JSON list of failed files")
    args = ap.parse_args(argv)
    if (args.gold_dir is None) != (args.gold_out is None):
        ap.error("GOLD_DIR and GOLD_DOCUMENTS.parquet go together")
    folder, out, report_path = args.folder, args.out, args.report
    config = core_params.load("ingest", IngestParams, core_paths.PARAMS_FILE)
    logs.setup()
    (files, skipped), e = scan(folder), engine.load_params()
    logger.info(
        "ingest: %d files under %s, %d not read (%s)",
        len(files),
        folder,
        len(skipped),
        engine.describe(e),
    )
    for entry in skipped:
        logger.info("%s %s: %s", entry["status"], entry["source"], entry["reason"])
    started = dt.datetime.now()
    entries = []
    quarantine = new_quarantine()
    with tables.Writer("documents", out, batch_rows=500) as documents:
        for entry, notice in ingest_files(
            files,
            config,
            e,
            engine.Cache("ingest", fingerprint()),
            quarantine,
            Digests(engine.cache_dir() / "scan.json"),  # the scan stage's, read only
        ):
            entries.append(entry)
            if notice is not None:
                documents.add([dataclasses.asdict(notice)])
    entries = sort_entries(entries + skipped)
    report = {"files": entries, "counts": _counts(entries)}
    tables.write_json(report, report_path)
    if args.quarantine is not None:
        quarantine.write(args.quarantine)
    counts = report["counts"]
    logger.info(
        "ingest: %s in %.1fs",
        ", ".join(f"{counts[s]} {s}" for s in STATUSES),
        (dt.datetime.now() - started).total_seconds(),
    )
    if args.gold_dir is not None:
        n = write_gold_documents(out, args.gold_dir, args.gold_out)
        logger.info("ingest: %d gold notices to %s", n, args.gold_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
