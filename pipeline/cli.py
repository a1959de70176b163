"""`ketluan`: run the pipeline, read notices, print CONTRACT.md JSON, explain
extractions, score the extractors on annotated notices."""

from __future__ import annotations

import functools
import json
import logging
import os
import subprocess
import sys
from enum import Enum
from pathlib import Path

import typer

from pipeline.core import logs
from pipeline.core.paths import ROOT

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="ketluan: read Vietnamese conclusion notices (thông báo kết luận) at scale.",
    pretty_exceptions_enable=False,
)
log = logging.getLogger("ketluan")


class Format(str, Enum):
    json = "json"
    jsonl = "jsonl"


def _fail(message: str, code: int = 2) -> None:
    _say(f"ketluan: error: {message}")
    raise typer.Exit(code)


def _say(line: str) -> None:
    """One line on stderr, on a line of its own (after any progress bar)."""
    from pipeline import engine

    engine.close_progress()
    typer.echo(line, err=True)


def _ingest(paths: list[Path]):
    from pipeline.corpus import printable
    from pipeline.stages import ingest

    # the CLI says what became of each file and notice itself, one line each
    for name in ("pipeline.stages.ingest", "pipeline.engine"):
        logging.getLogger(name).setLevel(logging.ERROR)

    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        _fail(f"no such file or directory: {printable(str(missing[0]))}")
    from pipeline.core import params

    return ingest.ingest_paths(paths, params.load("ingest", ingest.IngestParams))


def _report_rejections(report: dict, quarantined: list[dict] = ()) -> int:
    """One line per file not read and per notice quarantined; exit status 1 if any."""
    bad = [f for f in report["files"] if f["status"] in ("rejected", "quarantined")]
    for f in bad:
        _say(f"{f['status']} {f['source']}: {f['reason']}")
    for q in quarantined:
        _say(f"quarantined {q['source']} ({q['stage']}): {q['error']}: {q['reason']}")
    return 1 if bad or quarantined else 0


def _per_notice(fn, docs, stage: str):
    """``fn(doc)`` for each documents row inside the notice boundary: a notice that
    raises is listed (and left out), the others go on. Returns (results, quarantined)."""
    from pipeline import engine

    quarantine = engine.Quarantine(
        stage,
        engine.fingerprint("pipeline.notice", stage),  # the code behind process()
        engine.notice_label,
        lambda item, failure: None,
    )
    rows = docs.to_dict("records")
    results = engine.map_notices(
        fn, rows, engine.EngineParams(workers=1), total=len(rows), quarantine=quarantine
    )
    return [r for r in results if r is not None], quarantine.entries


@app.command()
def run(force: bool = typer.Option(False, "--force", help="Re-run every stage.")) -> None:
    """Run the whole pipeline on corpus/raw (same as `dvc repro`)."""
    cmd = [sys.executable, "-m", "dvc", "repro"] + (["--force"] if force else [])
    env = dict(os.environ)  # stages call `python`: this environment's must come first
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    raise typer.Exit(subprocess.call(cmd, cwd=ROOT, env=env))


@app.command("ingest")
def ingest_cmd(paths: list[Path] = typer.Argument(..., help="Files or folders.")) -> None:
    """Read notices and say, for each file, whether it was read, a duplicate, ignored,
    rejected or quarantined (with the reason)."""
    logs.setup(logging.WARNING)
    docs, report = _ingest(paths)
    for f in report["files"]:
        if f["status"] == "processed":
            typer.echo(f"read      {f['source']}  ({f['format']}, {f['encoding']}, {f['doc_id']})")
        elif f["status"] == "duplicate":
            typer.echo(f"duplicate {f['source']}  (same text as {f['duplicate_of']})")
        elif f["status"] == "ignored":
            typer.echo(f"ignored   {f['source']}  ({f['reason']})")
    _say(summary_line(report["counts"]))
    raise typer.Exit(_report_rejections(report))


def summary_line(counts: dict, quarantined: int | None = None) -> str:
    """The counts of an ingest report as one Vietnamese line."""
    parts = [
        f"{counts.get('processed', 0)} đã đọc",
        f"{counts.get('duplicate', 0)} trùng lặp",
        f"{counts.get('ignored', 0)} bỏ qua",
        f"{counts.get('rejected', 0)} bị từ chối",
        f"{counts.get('quarantined', 0) if quarantined is None else quarantined} bị cách ly",
    ]
    return f"{counts.get('files', 0)} tệp: " + ", ".join(parts)


def _contract_json(doc: dict, indent: int | None) -> str:
    """The CONTRACT.md JSON of one notice, strict RFC 8259 (no NaN or Infinity: a
    value that cannot be written quarantines the notice instead)."""
    from pipeline.notice import process

    return json.dumps(process(doc), ensure_ascii=False, allow_nan=False, indent=indent)


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Notice files or folders."),
    fmt: Format = typer.Option(Format.json, "--format", "-f", help="json or jsonl."),
) -> None:
    """Print the CONTRACT.md JSON of each notice (an array when several are given)."""

    logs.setup(logging.WARNING)
    docs, report = _ingest(paths)
    indent = None if fmt is Format.jsonl else 2
    texts, quarantined = _per_notice(
        functools.partial(_contract_json, indent=indent), docs, "extract"
    )
    if fmt is Format.jsonl:
        for text in texts:
            typer.echo(text)
    elif len(texts) == 1 and len(paths) == 1 and paths[0].is_file():
        typer.echo(texts[0])
    else:
        typer.echo("[\n" + ",\n".join(texts) + "\n]" if texts else "[]")
    raise typer.Exit(_report_rejections(report, quarantined))


@app.command("explain")
def explain_cmd(paths: list[Path] = typer.Argument(..., help="Notice files or folders.")) -> None:
    """Show every extracted item highlighted in its sentence (terminal colours)."""

    from rich.console import Console

    from pipeline.explain import explain

    logs.setup(logging.WARNING)
    docs, report = _ingest(paths)
    _, quarantined = _per_notice(
        functools.partial(explain, console=Console()), docs, "explain"
    )
    raise typer.Exit(_report_rejections(report, quarantined))


@app.command()
def summary() -> None:
    """What the last run did with each input: counts of files read, duplicate, ignored,
    rejected and of notices quarantined (outputs/ingest_report.json, quarantine.json)."""
    from pipeline.core import paths as core_paths

    outputs = core_paths.ROOT / "outputs"
    try:
        report = json.loads((outputs / "ingest_report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        _fail(f"no ingest report yet (run `make run` first): {type(err).__name__}")
    try:
        held = json.loads((outputs / "quarantine.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        held = {"count": 0, "notices": []}
    typer.echo(summary_line(report["counts"], held["count"]))
    for q in held["notices"]:
        typer.echo(f"bị cách ly {q['source']} ({q['stage']}): {q['error']}: {q['reason']}")
    if held["count"]:
        typer.echo("Xem outputs/quarantine.json; chạy lại `make run` sau khi sửa tệp hoặc mã.")


def doctor_lines() -> tuple[list[str], bool]:
    """One Vietnamese line per optional reader (available, or what to install), and
    whether all of them are available."""
    from pipeline.readers import ocr, office

    lines, complete = [], True
    missing = ocr.available()
    complete &= missing is None
    lines.append(
        f"PDF quét (OCR): có — {ocr.version()}, mô hình tiếng Việt (vie)"
        if missing is None
        else f"PDF quét (OCR): không có — {missing}"
    )
    tools = office.available()
    for label, names in (
        ("Word 97–2003 (.doc)", ("antiword", "catdoc")),
        (".rtf, .odt (và .doc khó đọc)", ("libreoffice",)),
    ):
        found = [n for n in names if tools[n] is None]
        complete &= len(found) == len(names)
        if found:
            lines.append(f"{label}: có — {', '.join(found)}")
        else:
            lines.append(f"{label}: không có — {tools[names[0]]}")
    lines.append("Văn bản .txt/.md, .docx, PDF có lớp chữ, .html; phông TCVN3/VNI: luôn có")
    return lines, complete


@app.command()
def doctor() -> None:
    """Which readers this machine has: OCR for scanned PDFs (Tesseract + Vietnamese
    model), Word 97-2003 .doc (antiword, catdoc), .rtf/.odt (LibreOffice). Exit status
    1 when one is missing (files it would read are then rejected with a reason)."""
    lines, complete = doctor_lines()
    for line in lines:
        typer.echo(line)
    raise typer.Exit(0 if complete else 1)


@app.command()
def score(
    golds: list[Path] = typer.Argument(..., help="Annotations (GUIDELINE.md form)."),
    errors: Path = typer.Option(None, "--errors", help="Write misses and false hits."),
) -> None:
    """Precision, recall and F1 per field of the current extractors on annotated notices
    (each annotation names its notice in "file")."""
    from pipeline.notice import process
    from pipeline.stages.evaluate import score as score_pairs

    logs.setup(logging.WARNING)
    pairs = []
    for path in golds:
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
            notice = Path(gold["file"])
            notice = notice if notice.exists() else ROOT / notice
        except (OSError, ValueError, KeyError, TypeError) as err:
            _fail(f"{path}: not an annotation ({type(err).__name__}: {err})")
        docs, report = _ingest([notice])
        if docs.empty:
            _report_rejections(report)
            _fail(f"{path}: its notice {gold['file']} could not be read")
        objs, quarantined = _per_notice(process, docs, "score")
        if quarantined:
            _report_rejections({"files": []}, quarantined)
            _fail(f"{path}: its notice {gold['file']} could not be processed")
        pairs.append((objs[0], gold))
    metrics, rows = score_pairs(pairs)
    typer.echo(f"{'field':<20}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>5}{'fn':>5}")
    for field, m in metrics.items():
        if isinstance(m, dict) and "f1" in m:
            typer.echo(f"{field:<20}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}"
                       f"{m['tp']:>6}{m['fp']:>5}{m['fn']:>5}")
    typer.echo(
        f"task deadline accuracy {metrics['task_deadline_accuracy']} "
        f"({metrics['task_deadline_matched']} matched tasks), {len(pairs)} notices"
    )
    if errors:
        import pandas as pd

        from pipeline.core import tables

        tables.write_csv(pd.DataFrame(rows, columns=["file", "field", "error", "value"]), errors)


@app.command("score-real")
def score_real(
    batch: list[int] = typer.Option(None, "--batch", "-b", help="Only these batches."),
    folder: Path = typer.Option(None, "--dir", help="Texts folder (default $KETLUAN_REAL_DIR)."),
    errors: Path = typer.Option(None, "--errors", help="Write misses and false hits (CSV)."),
    out: Path = typer.Option(None, "--json", help="Write the metrics (JSON)."),
    manifest: Path = typer.Option(None, "--manifest", help="Default corpus/real/manifest.jsonl."),
    tagger: str = typer.Option(
        None, "--agency-tagger", help="off | alone | propose (default: params.yaml)."
    ),
    page_dates: bool = typer.Option(
        True,
        "--page-dates/--no-page-dates",
        help="A text that prints no date is read with its item's date (the annotation "
        "convention for year-less dates).",
    ),
) -> None:
    """Score the extractors on the real-text set (corpus/real/manifest.jsonl) for the texts
    present in $KETLUAN_REAL_DIR/texts, and say which are missing."""
    from pipeline import real

    logs.setup(logging.WARNING)
    folder = folder or real.real_dir()
    try:
        items = real.load(manifest or real.MANIFEST)
    except (OSError, real.ManifestError) as err:
        _fail(str(err))
    items = [i for i in items if not batch or i.batch in batch]
    if tagger not in (None, "off", "alone", "propose"):
        _fail(f"--agency-tagger must be off, alone or propose, not {tagger!r}")
    # the annotation convention (corpus/real/README.md): a year-less date takes the year of
    # the item's date, which an excerpt cut from its page may not print; a notice in an
    # office's files carries its own date line
    dates = {i.id: i.date for i in items} if page_dates else None
    result = real.score(
        items, folder, functools.partial(_predict_files, tagger=tagger, page_dates=dates)
    )
    typer.echo(f"real-text set: {len(items)} items, texts in {folder}")
    header = f"{'batch':<7}{'n':>4}" + "".join(f"{f:>12}" for f in real.FIELDS)
    typer.echo(header)
    for name, m in result.metrics.items():
        cells = "".join(f"{m[f]['f1']:>12.3f}" for f in real.FIELDS)
        typer.echo(f"{name:<7}{m['notices']:>4}{cells}")
    if result.missing:
        typer.echo(f"missing texts ({len(result.missing)}): {', '.join(result.missing)}")
    for id_ in result.changed:
        _say(f"changed {id_}: the text differs from the one annotated (sha256)")
    for id_, reason in result.unread:
        _say(f"not read {id_}: {reason} (scored as extracting nothing)")
    if errors:
        import pandas as pd

        from pipeline.core import tables

        cols = ["batch", "file", "field", "error", "value"]
        tables.write_csv(pd.DataFrame(result.errors, columns=cols), errors)
    if out:
        from pipeline.core import tables

        tables.write_json(result.metrics, out)
    if not result.metrics:
        _fail(f"no texts of the real-text set in {folder}/texts (see corpus/real/README.md)", 1)


def _predict_files(
    paths: list[Path], tagger: str | None = None, page_dates: dict | None = None
) -> dict:
    """CONTRACT objects by file stem, or the one-line reason a file was not read.
    ``page_dates`` (by file stem): the date of the page a text was cut from, the reference
    date of a text that prints none (``extract.reference_date``)."""
    from pipeline.notice import process

    process = functools.partial(process, agency_tagger=tagger)

    docs, report = _ingest(paths)
    if page_dates and len(docs):
        docs["page_date"] = [page_dates.get(Path(s).stem) for s in docs["source"]]
    out: dict = {
        Path(f["source"]).stem: f"{f['status']}: {f.get('reason') or f.get('duplicate_of')}"
        for f in report["files"]
        if f["status"] != "processed"
    }
    objs, quarantined = _per_notice(process, docs, "score-real")
    out |= {Path(o["source"]).stem: o for o in objs}
    for q in quarantined:
        out[Path(q["source"]).stem] = f"quarantined: {q['error']}: {q['reason']}"
    return out


@app.command()
def synth(
    n: int = typer.Option(..., "--n", min=1, help="How many notices."),
    out: Path = typer.Option(..., "--out", help="Folder to write (never corpus/raw)."),
    seed: int = typer.Option(13, "--seed", help="Same seed, same notices."),
) -> None:
    """Write N synthetic notices recombined from the demonstration corpus (scale tests)."""
    from pipeline.synth import SynthError, write

    logs.setup(logging.WARNING)
    try:
        files = write(n, out, seed)
    except SynthError as err:
        _fail(str(err))
    typer.echo(f"wrote {len(files)} notices under {out}")


followup_app = typer.Typer(
    no_args_is_help=True,
    help="Task follow-up: the statuses analysts record (corpus/followup/status.csv).",
)
app.add_typer(followup_app, name="followup")


@followup_app.command("import")
def followup_import(
    workbook: Path = typer.Argument(..., help="outputs/task_register.xlsx, edited."),
    status: Path = typer.Option(None, "--status", help="Default: params.yaml followup.status."),
    by: str = typer.Option(None, "--by", help="Who recorded the edits (default: the workbook's last editor)."),
) -> None:
    """Merge the "Theo dõi" sheet's statuses into status.csv (later edits win; conflicts
    are reported, not guessed; with a malformed row nothing is written)."""
    from pipeline import tracking
    from pipeline.core import params
    from pipeline.core import paths as core_paths

    if not workbook.is_file():
        _fail(f"no such workbook: {workbook}")
    p = params.load("followup", tracking.FollowupParams)
    target = status or core_paths.ROOT / p.status
    done = tracking.import_workbook(workbook, target, by)
    for line in done.errors:
        _say(f"lỗi: {line}")
    for line in done.conflicts:
        _say(f"xung đột: {line}")
    for line in done.kept:
        _say(f"giữ: {line}")
    if done.errors:
        _fail(f"không ghi gì vào {target}: {len(done.errors)} dòng lỗi", 1)
    typer.echo(
        f"{target}: {len(done.new)} tình trạng mới, {len(done.changed)} sửa, "
        f"{len(done.cleared)} xoá, {done.unchanged} không đổi, {len(done.conflicts)} xung đột"
        + (f", {len(done.kept)} giữ lần ghi sau" if done.kept else "")
        + ". Chạy `make run` để cập nhật sổ, báo cáo và cơ sở dữ liệu."
    )


@app.command()
def agency(
    name: str = typer.Argument(..., help='e.g. "Sở Tài chính" (case and diacritics ignored).'),
    series: str = typer.Option(None, "--series", help='Only notices of this series ("Kiên Giang").'),
    outputs: Path = typer.Option(None, "--outputs", help="Default: outputs/ of the project."),
) -> None:
    """One agency's record: open, overdue, done, done late and repeated tasks, with the
    notices they came from (outputs/ketluan.duckdb, built by `make run`)."""
    import pandas as pd

    from pipeline import database
    from pipeline.core import paths as core_paths

    folder = outputs or core_paths.ROOT / "outputs"
    try:
        con = database.connect(folder)
    except Exception as err:  # noqa: BLE001
        _fail(f"no analytics database in {folder} (run `make run` first): {engine_line(err)}")
    df = database.agency_record(con, name, series)
    if df.empty:
        _fail(f"no tasks for an agency named like {name!r}" + (f" in {series!r}" if series else ""), 1)
    for (agency_name, jur), g in df.groupby(["agency", "jurisdiction"], dropna=False, sort=False):
        tasks = g.drop_duplicates("task_id")
        counts = tasks["status"].value_counts()
        head = f"{agency_name}" + (f" — {jur}" if isinstance(jur, str) else "")
        parts = [f"{int(counts[k])} {v.lower()}" for k, v in database.RECORD_GROUPS.items() if k in counts]
        typer.echo(
            f"{head}: {len(tasks)} nhiệm vụ ({', '.join(parts)}); "
            f"{int(tasks['repeated'].fillna(False).sum())} được giao lại ở thông báo sau; "
            f"{int(tasks['recorded_status'].isna().sum())} chưa ghi tình trạng"
        )
        printed = {_printed(r) for r in tasks.itertuples()} - {None}
        if printed:  # the lineage view is "current": its predecessors' tasks count too
            typer.echo(
                "  Gồm nhiệm vụ giao cho cơ quan trước sắp xếp: " + "; ".join(sorted(printed))
            )
        for key, label in database.RECORD_GROUPS.items():
            part = tasks[tasks["status"] == key]
            if part.empty:
                continue
            typer.echo(f"  {label} ({len(part)}):")
            for r in part.itertuples():
                when = "không hạn" if pd.isna(r.deadline) else f"hạn {pd.Timestamp(r.deadline):%d/%m/%Y}"
                mark = " [giao lại]" if r.repeated is True else ""
                if was := _printed(r):
                    mark += f" [tên như in: {was}]"
                typer.echo(
                    f"    - {r.number or '(không số)'} ({r.role_vi or ''}, {when}){mark}: "
                    f"{_short(r.action)}"
                )


def _printed(row) -> str | None:
    """The name a task's agency was printed with, when the lineage view changed it."""
    name, where = getattr(row, "agency_printed", None), getattr(row, "jurisdiction_printed", None)
    if not isinstance(name, str):
        return None
    where = where if isinstance(where, str) else None
    if (name, where) == (row.agency, row.jurisdiction if isinstance(row.jurisdiction, str) else None):
        return None
    return f"{name} — {where}" if where else name


def _short(text: str, width: int = 110) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def engine_line(err: Exception) -> str:
    from pipeline import engine

    return engine.one_line(err)


def main() -> None:
    """Entry point for `ketluan` and `python -m pipeline`: one-line errors, no traceback
    (set KETLUAN_DEBUG=1 to see one)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        app()
    except Exception as err:  # noqa: BLE001 - the user gets one line, not a traceback
        if os.environ.get("KETLUAN_DEBUG"):
            raise
        from pipeline import engine

        engine.close_progress()
        typer.echo(f"ketluan: error: {type(err).__name__}: {engine.one_line(err)}", err=True)
        sys.exit(2)
