"""Extraction on scanned notices (a benchmark script, not a test):
``python -m pipeline.bench_ocr [--dpi 300 200] [--limit N] [--jobs N] [--out DIR]``.

Each annotated test notice, and the seed notice, is typeset as an office scan
(``facsimile.scan_pdf``) at each dpi, ingested (the PDF reader OCRs image-only pages)
and scored against its gold annotation beside the original file. Reported: F1 per
field on the originals and on the scans, the OCR character error rate (CER) of the
body text, seconds of OCR per page on one core and the pages read. A second table
round-trips three notices through a Word 97 .doc and legacy-font (TCVN3, VNI) files.
Everything also goes to ``<out>/results.json``.
"""

from __future__ import annotations

import os

# one core per process, set before anything imports Tesseract: seconds per page are
# then comparable between machines and with --jobs
os.environ["OMP_THREAD_LIMIT"] = "1"

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import zlib  # noqa: E402
from concurrent.futures import ProcessPoolExecutor  # noqa: E402
from pathlib import Path  # noqa: E402

import pypdfium2 as pdfium  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

from pipeline import contract, facsimile  # noqa: E402
from pipeline.core import logs, paths, tables  # noqa: E402
from pipeline.notice import process  # noqa: E402
from pipeline.readers import ReadError, read_file  # noqa: E402
from pipeline.stages.evaluate import score  # noqa: E402
from pipeline.stages.ingest import IngestParams, Notice, load_notice  # noqa: E402

log = logging.getLogger(__name__)
SEED_NOTICE = "corpus/raw/kien-giang/2021-07-07-kiem-diem-6-thang-2021.txt"
PARAMS = IngestParams(reader_seconds=600.0)  # OCR of a long notice takes minutes
ROUND_TRIP_NOTICES = 3
# (file suffix, builder, what it is)
FORMATS = (
    (".doc", lambda text, out: facsimile.doc_file(text, out), "Word 97 .doc"),
    (
        ".tcvn3.docx",
        lambda text, out: facsimile.legacy_docx(text, out, "tcvn3"),
        ".docx TCVN3",
    ),
    (
        ".vni.docx",
        lambda text, out: facsimile.legacy_docx(text, out, "vni"),
        ".docx VNI",
    ),
    (
        ".tcvn3.pdf",
        lambda text, out: facsimile.legacy_pdf(text, out, "tcvn3"),
        ".pdf TCVN3",
    ),
)


def gold_files() -> list[Path]:
    """The test annotations, then the seed notice's annotation."""
    golds = sorted((paths.GOLD / "test").glob("*.gold.json"))
    seed = [
        f
        for f in sorted(paths.GOLD.glob("*/*.gold.json"))
        if json.loads(f.read_text(encoding="utf-8")).get("file") == SEED_NOTICE
    ]
    return golds + [f for f in seed if f not in golds]


def flat(text: str) -> str:
    """Every run of whitespace as one space."""
    return " ".join(text.split())


def seed_of(name: str) -> int:
    """A seed from a file name, the same in every process and on every machine."""
    return zlib.crc32(name.encode("utf-8"))


def nothing(source: str, reason: str) -> dict:
    """The CONTRACT object of a notice that was not read: nothing extracted."""
    doc = {f.name: None for f in dataclasses.fields(Notice)}
    doc.update(
        doc_id="", source=source, text="", body_end=0, footnotes="[]", warnings="[]"
    )
    return contract.build(doc, [], {"warnings": [f"not read: {reason}"]})


def ingest(path: Path) -> tuple[dict, str, str | None, float]:
    """(CONTRACT object, body text, reason it was not read or None, seconds)."""
    started = time.perf_counter()
    try:
        notice = load_notice(path, PARAMS)
    except ReadError as err:
        return nothing(str(path), err.reason), "", err.reason, 0.0
    seconds = time.perf_counter() - started
    body = notice.text[: notice.body_end]
    return process(dataclasses.asdict(notice)), body, None, seconds


def page_count(pdf: Path) -> int:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def bench_notice(gold_path: Path, dpis: list[int], out: Path) -> dict:
    """One notice: its original and its scans at each dpi, ingested and processed."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    source = paths.ROOT / gold["file"]
    original, body, reason, _ = ingest(source)
    row = {"file": gold["file"], "original": {"obj": original, "reason": reason}}
    text = read_file(source).text if reason is None else ""
    for dpi in dpis:
        pdf = out / "scans" / str(dpi) / f"{source.stem}.pdf"
        pdf.parent.mkdir(parents=True, exist_ok=True)
        facsimile.scan_pdf(text, pdf, dpi=dpi, seed=seed_of(source.name))
        obj, scanned, why, seconds = ingest(pdf)
        distance = Levenshtein.distance(flat(body), flat(scanned))
        row[str(dpi)] = {
            "obj": obj,
            "reason": why,
            "pages": page_count(pdf),
            "bytes": pdf.stat().st_size,
            "seconds": round(seconds, 2),
            "distance": distance,
            "chars": len(flat(body)),
        }
        state = f"not read ({why})" if why else f"{seconds:.1f} s"
        log.info(
            "%s at %d dpi: %d pages, %s",
            source.name,
            dpi,
            row[str(dpi)]["pages"],
            state,
        )
    return row


def run(golds: list[Path], dpis: list[int], out: Path, jobs: int) -> dict:
    """All figures of the scans part."""
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        rows = list(
            pool.map(bench_notice, golds, [dpis] * len(golds), [out] * len(golds))
        )
    pairs = {g: json.loads(g.read_text(encoding="utf-8")) for g in golds}
    variants = ["original", *map(str, dpis)]
    metrics = {
        v: score([(r[v]["obj"], pairs[g]) for r, g in zip(rows, golds, strict=True)])[0]
        for v in variants
    }
    ocr = {}
    for dpi in map(str, dpis):
        cells = [r[dpi] for r in rows]
        cer = [c["distance"] / max(c["chars"], 1) for c in cells]
        worst = max(range(len(rows)), key=cer.__getitem__) if rows else None
        pages = sum(c["pages"] for c in cells)
        ocr[dpi] = {
            "cer": round(
                sum(c["distance"] for c in cells)
                / max(sum(c["chars"] for c in cells), 1),
                4,
            ),
            "worst": None
            if worst is None
            else {"file": rows[worst]["file"], "cer": round(cer[worst], 4)},
            "pages": pages,
            "seconds": round(sum(c["seconds"] for c in cells), 1),
            "seconds_per_page": round(
                sum(c["seconds"] for c in cells) / max(pages, 1), 2
            ),
            "not_read": {r["file"]: r[dpi]["reason"] for r in rows if r[dpi]["reason"]},
            "megabytes": round(sum(c["bytes"] for c in cells) / 1e6, 2),
        }
    notices = [
        {
            "file": r["file"],
            **{v: {k: x for k, x in r[v].items() if k != "obj"} for v in variants},
        }
        for r in rows
    ]
    return {"dpis": dpis, "metrics": metrics, "ocr": ocr, "notices": notices}


def round_trip(golds: list[Path], out: Path) -> list[dict]:
    """Each of ``golds``' notices as .doc and legacy-font files, ingested again."""
    results = []
    folder = out / "formats"
    folder.mkdir(parents=True, exist_ok=True)
    for gold_path in golds:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        source = paths.ROOT / gold["file"]
        text = read_file(source).text
        original = load_notice(source, PARAMS)
        expected = score([(process(dataclasses.asdict(original)), gold)])[0]
        for suffix, build, kind in FORMATS:
            target = folder / f"{source.stem}{suffix}"
            row = {"file": gold["file"], "format": kind, "path": str(target)}
            results.append(row)
            try:
                build(text, target)
            except (RuntimeError, ImportError) as err:
                row["status"] = f"skipped: {err}"
                continue
            try:
                notice = load_notice(target, PARAMS)
            except ReadError as err:
                row["status"] = f"not read: {err.reason}"
                continue
            got = score([(process(dataclasses.asdict(notice)), gold)])[0]
            same_text = flat(notice.text) == flat(original.text)
            row.update(
                status="read",
                encoding=notice.encoding,
                text_equal=same_text,
                cer=round(
                    Levenshtein.distance(flat(original.text), flat(notice.text))
                    / max(len(flat(original.text)), 1),
                    4,
                ),
                scores_equal=got == expected,
            )
            log.info(
                "%s %s: %s", source.name, kind, "same text" if same_text else "differs"
            )
    return results


def report(result: dict) -> str:
    """The two tables, as printed."""
    variants = ["original", *map(str, result["dpis"])]
    metrics = result["metrics"]
    head = (
        f"{'F1':<22}"
        + "".join(f"{v if v == 'original' else v + ' dpi':>10}" for v in variants)
        + "".join(f"{'Δ' + v:>9}" for v in variants[1:])
    )
    lines = [head]
    for field, m in metrics["original"].items():
        if isinstance(m, dict) and "f1" in m:
            cells = [metrics[v][field]["f1"] for v in variants]
            lines.append(_row(field, cells))
    lines.append(
        _row(
            "task deadline acc.",
            [metrics[v]["task_deadline_accuracy"] for v in variants],
        )
    )
    for field in metrics["original"]["notice_fields_accuracy"]:
        cells = [metrics[v]["notice_fields_accuracy"][field] for v in variants]
        lines.append(_row(f"{field} acc.", cells))
    lines.append("")
    for dpi in map(str, result["dpis"]):
        o = result["ocr"][dpi]
        worst = o["worst"] or {}
        lines.append(
            f"{dpi} dpi: CER {o['cer']:.2%} (worst {worst.get('cer', 0):.2%} "
            f"{worst.get('file', '-')}), {o['pages']} pages, {o['megabytes']} MB, "
            f"{o['seconds_per_page']} s OCR per page ({o['seconds']} s in all), "
            f"{len(o['not_read'])} of {metrics[dpi]['notices']} scans not read"
        )
        for file, reason in o["not_read"].items():
            lines.append(f"  not read: {file}: {reason}")
    if result.get("round_trip") is not None:
        lines += ["", f"{'round trip':<58}{'text':>7}{'scores':>8}  status"]
        for r in result["round_trip"]:
            name = f"{Path(r['file']).stem} {r['format']}"
            if r["status"] == "read":
                text = "same" if r["text_equal"] else f"{r['cer']:.2%}"
                same = "same" if r["scores_equal"] else "differ"
                lines.append(f"{name:<58}{text:>7}{same:>8}  read as {r['encoding']}")
            else:
                lines.append(f"{name:<58}{'-':>7}{'-':>8}  {r['status']}")
    return "\n".join(lines)


def _row(name: str, cells: list) -> str:
    shown = "".join(f"{'-' if c is None else f'{c:.3f}':>10}" for c in cells)
    deltas = "".join(
        f"{'-' if c is None or cells[0] is None else f'{c - cells[0]:+.3f}':>9}"
        for c in cells[1:]
    )
    return f"{name:<22}{shown}{deltas}"


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.bench_ocr [--dpi 300 200] [--limit N] [--jobs N]
    [--out DIR] [--no-round-trip]``."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dpi", type=int, nargs="+", default=[300, 200])
    ap.add_argument("--limit", type=int, help="the first N notices only")
    ap.add_argument("--jobs", type=int, default=1, help="notices in parallel")
    ap.add_argument("--out", type=Path, default=paths.OUTPUTS / "bench-ocr")
    ap.add_argument("--no-round-trip", action="store_true", help="scans only")
    args = ap.parse_args(argv)
    logs.setup()
    golds = gold_files()[: args.limit]
    log.info("%d notices at %s dpi, %d job(s)", len(golds), args.dpi, args.jobs)
    started = time.perf_counter()
    result = run(golds, args.dpi, args.out, max(1, args.jobs))
    if not args.no_round_trip:
        test = sorted((paths.GOLD / "test").glob("*.gold.json"))
        result["round_trip"] = round_trip(test[:ROUND_TRIP_NOTICES], args.out)
    result["seconds"] = round(time.perf_counter() - started, 1)
    sys.stdout.write(report(result) + "\n")
    tables.write_json(result, args.out / "results.json")
    log.info(
        "figures written to %s in %.0f s", args.out / "results.json", result["seconds"]
    )


if __name__ == "__main__":
    main()
