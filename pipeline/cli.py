"""`ketluan`: run the pipeline, read notices, print CONTRACT.md JSON, explain
extractions, score the extractors on annotated notices."""

from __future__ import annotations

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
    typer.echo(f"ketluan: error: {message}", err=True)
    raise typer.Exit(code)


def _ingest(paths: list[Path]):
    from pipeline.stages import ingest

    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        _fail(f"no such file or directory: {missing[0]}")
    from pipeline.core import params

    return ingest.ingest_paths(paths, params.load("ingest", ingest.IngestParams))


def _report_rejections(report: dict) -> int:
    rejected = [f for f in report["files"] if f["status"] == "rejected"]
    for f in rejected:
        typer.echo(f"rejected {f['source']}: {f['reason']}", err=True)
    return 1 if rejected else 0


@app.command()
def run(force: bool = typer.Option(False, "--force", help="Re-run every stage.")) -> None:
    """Run the whole pipeline on corpus/raw (same as `dvc repro`)."""
    cmd = [sys.executable, "-m", "dvc", "repro"] + (["--force"] if force else [])
    env = dict(os.environ)  # stages call `python`: this environment's must come first
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    raise typer.Exit(subprocess.call(cmd, cwd=ROOT, env=env))


@app.command("ingest")
def ingest_cmd(paths: list[Path] = typer.Argument(..., help="Files or folders.")) -> None:
    """Read notices and say, for each file, whether it was read, a duplicate or rejected."""
    logs.setup(logging.WARNING)
    docs, report = _ingest(paths)
    for f in report["files"]:
        if f["status"] == "processed":
            typer.echo(f"read      {f['source']}  ({f['format']}, {f['encoding']}, {f['doc_id']})")
        elif f["status"] == "duplicate":
            typer.echo(f"duplicate {f['source']}  (same text as {f['duplicate_of']})")
    counts = report["counts"]
    typer.echo(", ".join(f"{v} {k}" for k, v in counts.items()), err=True)
    raise typer.Exit(_report_rejections(report))


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Notice files or folders."),
    fmt: Format = typer.Option(Format.json, "--format", "-f", help="json or jsonl."),
) -> None:
    """Print the CONTRACT.md JSON of each notice (an array when several are given)."""
    from pipeline.notice import process

    logs.setup(logging.WARNING)
    docs, report = _ingest(paths)
    objects = [process(doc) for doc in docs.to_dict("records")]
    if fmt is Format.jsonl:
        for obj in objects:
            typer.echo(json.dumps(obj, ensure_ascii=False))
    elif len(objects) == 1 and len(paths) == 1 and paths[0].is_file():
        typer.echo(json.dumps(objects[0], ensure_ascii=False, indent=2))
    else:
        typer.echo(json.dumps(objects, ensure_ascii=False, indent=2))
    raise typer.Exit(_report_rejections(report))


@app.command("explain")
def explain_cmd(paths: list[Path] = typer.Argument(..., help="Notice files or folders.")) -> None:
    """Show every extracted item highlighted in its sentence (terminal colours)."""
    from rich.console import Console

    from pipeline.explain import explain

    logs.setup(logging.WARNING)
    docs, report = _ingest(paths)
    console = Console()
    for doc in docs.to_dict("records"):
        explain(doc, console)
    raise typer.Exit(_report_rejections(report))


@app.command()
def score(
    golds: list[Path] = typer.Argument(..., help="Annotations (GUIDELINE.md form)."),
    errors: Path = typer.Option(None, "--errors", help="Write misses and false hits."),
) -> None:
    """Precision, recall and F1 per field of the current extractors on annotated notices
    (each annotation names its notice in "file")."""
    from pipeline.stages.evaluate import score as score_pairs
    from pipeline.notice import process

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
        pairs.append((process(docs.to_dict("records")[0]), gold))
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

        with tables.atomic_path(errors) as tmp:
            pd.DataFrame(rows, columns=["file", "field", "error", "value"]).to_csv(
                tmp, index=False, encoding="utf-8-sig")


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


def main() -> None:
    """Entry point for `ketluan` and `python -m pipeline`: one-line errors, no traceback
    (set KETLUAN_DEBUG=1 to see one)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        app()
    except Exception as err:  # noqa: BLE001 - the user gets one line, not a traceback
        if os.environ.get("KETLUAN_DEBUG"):
            raise
        typer.echo(f"ketluan: error: {type(err).__name__}: {err}", err=True)
        sys.exit(2)
