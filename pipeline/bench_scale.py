"""Time and memory of the corpus-wide stages at national scale (a script, not a test):
``python -m pipeline.bench_scale [--sizes 1000,10000,100000] [--full-10k]``.

The per-notice tables of N notices are made by RE-KEYING a base set: a synthetic
corpus (``ketluan synth``, default 1,000 notices) run once through ingest -> classify on
2 workers and cached under outputs/bench-scale/base-<n>/. Copy c of the base gets new
doc_ids and task_ids, its notices another province (the 34 current and 63 former
provinces of lexicons/province_lineage.csv, the copy's offset into that list), its
dates moved back (c mod 6) years and its numbers a suffix; notice text is not
rewritten. Copy 0 is the base itself. Each size's tables are cached under
outputs/bench-scale/n<N>/.

Then the corpus-wide stages of dvc.yaml (followup, graph, trends, report with its
database and notebook) run one by one as subprocesses in a copy of the project:
seconds, peak RSS of the largest process of the tree, and the size of what each
wrote. ``--full-10k`` also runs the whole pipeline honestly (``dvc repro`` on 10,000
synthetic notices, 2 workers) and times each stage.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import logging
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from pipeline import bench, lexicons
from pipeline.core import logs, paths, tables

log = logging.getLogger(__name__)
STAGES = ("followup", "graph", "trends", "report")
# where tables and projects go ($KETLUAN_SCALE_WORK: share them between clones)
WORK = Path(os.environ.get("KETLUAN_SCALE_WORK") or paths.OUTPUTS / "bench-scale")
PER_NOTICE = tables.PER_NOTICE_OUTPUTS  # the per-notice tables, under outputs/
# Runs a command in its own process group, kills the group past a time limit, and
# prints wall time, the peak RSS (KiB) of the largest process waited for, and the code.
MEASURE = (
    "import os, resource, signal, subprocess, sys, time; t = time.perf_counter(); "
    "p = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, "
    "stderr=open('stage.err', 'w'), start_new_session=True)\n"
    "try:\n    code = p.wait(timeout=float(sys.argv[1]))\n"
    "except subprocess.TimeoutExpired:\n"
    "    os.killpg(p.pid, signal.SIGKILL); p.wait(); code = 'timeout'\n"
    "print(time.perf_counter() - t, "
    "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)"
)


# ------------------------------------------------------------------ the base tables


def base_tables(n: int) -> Path:
    """The per-notice tables of ``n`` synthetic notices (built once, then cached)."""
    out = WORK / f"base-{n}"
    if (out / "done").exists():
        return out
    given = os.environ.get("KETLUAN_SCALE_BASE")  # a bench project already run
    project = Path(given) if given else None
    if project is None or not (project / "outputs" / "shortcomings.parquet").exists():
        project = WORK / "base-project"
        shutil.rmtree(project, ignore_errors=True)
        project.mkdir(parents=True)
        bench.make_project(project)
        bench.set_workers(project, 2)
        bench.synthesize(project, n)
        log.info("%d synthetic notices through the per-notice stages (2 workers)", n)
        bench.run_stages(project, n)
    for rel in PER_NOTICE:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(project / "outputs" / rel, out / rel)
    (out / "done").write_text(str(n))
    return out


# ------------------------------------------------------------------ re-keying


def provinces() -> list[str]:
    """The 34 current and 63 former provinces and cities, in the lexicon's order."""
    with lexicons.path("province_lineage.csv").open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return [r["name"] for r in csv.DictReader(lines)]


def _new_id(old: str, copy: int) -> str:
    if copy == 0 or not isinstance(old, str):
        return old
    return hashlib.sha1(f"{old}#{copy}".encode()).hexdigest()[: max(len(old), 16)]


class Rekey:
    """Maps of copy ``copy`` of the base: ids, provinces, dates, numbers."""

    def __init__(self, base: dict[str, pd.DataFrame], copy: int, places: list[str]):
        self.copy = copy
        self.years = copy % 6
        docs = base["documents.parquet"]["doc_id"]
        tasks = base["tasks.parquet"]["task_id"]
        self.doc = {d: _new_id(d, copy) for d in docs}
        self.task = {t: _new_id(t, copy) for t in tasks}
        seen = sorted(
            set(base["documents.parquet"]["jurisdiction"].dropna())
            | set(base["task_assignees.parquet"]["jurisdiction"].dropna())
        )
        # the base's k-th province becomes the list's (k + 7 * copy)-th
        self.place = (
            {p: places[(i + 7 * copy) % len(places)] for i, p in enumerate(seen)}
            if copy
            else {}
        )

    def ids(self, s: pd.Series, which: str) -> pd.Series:
        return s.map(self.doc if which == "doc" else self.task).where(s.notna(), None)

    def where(self, s: pd.Series) -> pd.Series:
        return s.map(lambda p: self.place.get(p, p) if isinstance(p, str) else p)

    def day(self, s: pd.Series) -> pd.Series:
        if not self.years:
            return s
        return s.map(lambda d: _years_back(d, self.years))


def _years_back(day, years: int):
    if day is None or pd.isna(day):
        return day
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def rekeyed(base: dict[str, pd.DataFrame], rel: str, k: Rekey) -> pd.DataFrame:
    """One base table as copy ``k`` of it."""
    df = base[rel].copy()
    if k.copy == 0:
        return df
    df["doc_id"] = k.ids(df["doc_id"], "doc")
    if "task_id" in df:
        df["task_id"] = k.ids(df["task_id"], "task")
    if rel == "documents.parquet":
        df["jurisdiction"] = k.where(df["jurisdiction"])
        df["number"] = df["number"].map(
            lambda v: f"{v}-{k.copy}" if isinstance(v, str) else v
        )
        df["source"] = df["source"].map(lambda v: f"copy{k.copy}/{v}")
        for col in ("issued_on", "meeting_date"):
            df[col] = k.day(df[col])
    elif rel == "tasks.parquet":
        df["recurs_task_id"] = k.ids(df["recurs_task_id"], "task")
        df["deadline"] = k.day(df["deadline"])
    elif rel in ("task_assignees.parquet", "extract/agencies.parquet"):
        df["jurisdiction"] = k.where(df["jurisdiction"])
    elif rel == "extract/deadlines.parquet":
        df["due_on"] = k.day(df["due_on"])
    return df


def build_tables(n: int, base_n: int) -> Path:
    """The per-notice tables of ``n`` notices under outputs/bench-scale/n<N>/outputs,
    one row group per copy of the base (cached)."""
    out = WORK / f"n{n}" / "outputs"
    if (out / "done").exists():
        return out
    src = base_tables(base_n)
    base = {rel: pd.read_parquet(src / rel) for rel in PER_NOTICE}
    schemas = {rel: pq.read_schema(src / rel) for rel in PER_NOTICE}
    places = provinces()
    copies = -(-n // base_n)
    started = time.perf_counter()
    writers: dict[str, pq.ParquetWriter] = {}
    try:
        for c in range(copies):
            keep = n - c * base_n  # the last copy may be partial
            k = Rekey(base, c, places)
            docs = set(base["documents.parquet"]["doc_id"].iloc[:keep])
            for rel in PER_NOTICE:
                df = rekeyed(base, rel, k)
                if keep < base_n:
                    old = base[rel]["doc_id"]
                    df = df[old.isin(docs).to_numpy()]
                table = pa.Table.from_pandas(
                    df, schema=schemas[rel].remove_metadata(), preserve_index=False
                )
                if rel not in writers:
                    (out / rel).parent.mkdir(parents=True, exist_ok=True)
                    writers[rel] = pq.ParquetWriter(out / rel, table.schema)
                writers[rel].write_table(table)
    finally:
        for w in writers.values():
            w.close()
    (out / "done").write_text(str(n))
    log.info(
        "%d notices: %d copies re-keyed in %.0f s",
        n,
        copies,
        time.perf_counter() - started,
    )
    return out


# ------------------------------------------------------------------ the stages


def make_project(
    dest: Path, outputs: Path, overrides: dict | None = None, keep: bool = False
) -> Path:
    """A copy of the code, params and notebooks whose outputs/ holds the per-notice
    tables (symlinks), with an empty follow-up status file. ``keep``: only the code and
    params are replaced; what earlier stages wrote stays."""
    if keep and (dest / "outputs").exists():
        shutil.rmtree(dest / "corpus", ignore_errors=True)
        for rel in PER_NOTICE:
            (dest / "outputs" / rel).unlink(missing_ok=True)
    else:
        shutil.rmtree(dest, ignore_errors=True)
    for name in ("pipeline", "notebooks", "dvc.yaml", "params.yaml", "pyproject.toml"):
        src = paths.ROOT / name
        if src.is_dir():
            shutil.rmtree(dest / name, ignore_errors=True)
            shutil.copytree(
                src,
                dest / name,
                ignore=shutil.ignore_patterns("__pycache__", ".ipynb*"),
            )
        else:
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    status = dest / "corpus" / "followup" / "status.csv"
    status.parent.mkdir(parents=True)
    shutil.copy2(paths.CORPUS / "followup" / "status.csv", status)
    with status.open("r+", encoding="utf-8") as fh:  # the header only
        header = fh.readline()
        fh.seek(0)
        fh.truncate()
        fh.write(header)
    for rel in PER_NOTICE:
        link = dest / "outputs" / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(outputs / rel)
    values = yaml.safe_load((dest / "params.yaml").read_text(encoding="utf-8"))
    values["graph"]["as_of"] = "2026-12-01"  # the same figures whichever day it runs
    for key, value in (overrides or {}).items():
        section, _, name = key.partition(".")
        values.setdefault(section, {})[name] = value
    (dest / "params.yaml").write_text(
        yaml.safe_dump(values, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return dest


def stage_specs(project: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Each corpus-wide stage's command (this interpreter) and the outs it declares."""
    stages = yaml.safe_load((project / "dvc.yaml").read_text(encoding="utf-8"))[
        "stages"
    ]
    out = {}
    for name in STAGES:
        cmd = shlex.split(stages[name]["cmd"])
        outs = [
            o if isinstance(o, str) else next(iter(o)) for o in stages[name]["outs"]
        ]
        out[name] = ([sys.executable if cmd[0] == "python" else cmd[0], *cmd[1:]], outs)
    return out


def size_mib(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def run_stages(project: Path, timeout: float, only: tuple[str, ...] = STAGES) -> dict:
    """Each corpus-wide stage (of ``only``) once: seconds, peak MiB, MiB written (or the
    failure)."""
    out = {}
    for name, (cmd, outs) in stage_specs(project).items():
        if name not in only:
            continue
        line = subprocess.run(
            [sys.executable, "-c", MEASURE, str(timeout), *cmd],
            cwd=project,
            env=bench._env(),
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        seconds, rss, code = float(line[0]), int(line[1]) / 1024, line[2]
        row = {"seconds": round(seconds, 1), "peak_rss_mib": round(rss)}
        if code != "0":
            err = (project / "stage.err").read_text(encoding="utf-8", errors="replace")
            row["failed"] = code if code == "timeout" else f"exit {code}: {err[-400:]}"
            log.warning("%s: %s", name, row["failed"][:400])
        row["output_mib"] = round(
            sum(size_mib(project / o) for o in outs if (project / o).exists()), 1
        )
        if name == "graph":
            row["outputs"] = {
                f.name: round(size_mib(f), 1)
                for f in sorted((project / "outputs" / "graph").glob("*"))
            }
        out[name] = row
        log.info("  %-9s %s", name, row)
    return out


def full_pipeline(n: int, timeout: float) -> dict:
    """``dvc repro`` of the whole pipeline on ``n`` synthetic notices, 2 workers; the
    time of each stage (the bench's shim) and of the whole."""
    project = WORK / f"full-{n}"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    bench.make_project(project)
    bench.set_workers(project, 2)
    bench.synthesize(project, n)
    stage_log = project / "stage-times.log"
    started = time.perf_counter()
    bench.timed_repro(project, stage_log)
    total = time.perf_counter() - started
    stages = {}
    for line in stage_log.read_text(encoding="utf-8").splitlines():
        begin, end, module = line.split()
        stages[module.rsplit(".", 1)[-1]] = round(float(end) - float(begin), 1)
    return {"notices": n, "workers": 2, "seconds": round(total, 1), "stages_s": stages}


def report(r: dict) -> str:
    lines = [
        f"cores: {r['cores']}; per-notice tables re-keyed from {r['base']} synthetic "
        "notices (new ids, provinces spread over the 34 current and 63 former, dates "
        "moved back 0-5 years; text not rewritten)",
        f"{'notices':>8} {'stage':<9}{'seconds':>9}{'peak MiB':>10}{'out MiB':>10}",
    ]
    for n, stages in r["sizes"].items():
        for name, v in stages.items():
            lines.append(
                f"{n:>8} {name:<9}{v['seconds']:>9.1f}{v['peak_rss_mib']:>10}"
                f"{v['output_mib']:>10.1f}  {v.get('failed', '')[:60]}"
            )
    sizes = list(r["sizes"])
    if 10000 in r["sizes"] and 100000 in r["sizes"]:
        for name in [
            k for k in STAGES if k in r["sizes"][10000] and k in r["sizes"][100000]
        ]:
            a, b = r["sizes"][10000][name], r["sizes"][100000][name]
            lines.append(
                f"{name}: 100,000 / 10,000 = {b['seconds'] / a['seconds']:.1f}x "
                f"time (target <= 12), peak {b['peak_rss_mib']} MiB "
                "(target <= 4096)"
            )
    elif sizes:
        lines.append(f"sizes run: {sizes}")
    if "full" in r:
        f = r["full"]
        lines.append(
            f"full pipeline, {f['notices']} synthetic notices, {f['workers']} "
            f"workers: {f['seconds']} s; "
            + ", ".join(f"{k} {v} s" for k, v in f["stages_s"].items())
        )
    else:
        lines.append("full pipeline at 10,000 notices: not run (--full-10k)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.bench_scale [--sizes 1000,10000,100000] [--full-10k]``."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--base", type=int, default=1000, help="synthetic notices re-keyed")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per stage")
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="SECTION.KEY=VALUE",
        help="a params.yaml value for the stages (repeatable)",
    )
    ap.add_argument(
        "--full-10k",
        action="store_true",
        help="also dvc repro the whole pipeline on 10,000 notices, 2 workers",
    )
    ap.add_argument(
        "--stages",
        default=",".join(STAGES),
        help="run only these (the others' outputs of the last run are kept)",
    )
    ap.add_argument("--out", type=Path, default=paths.OUTPUTS / "bench_scale.json")
    args = ap.parse_args(argv)
    logs.setup()
    overrides = {
        k: yaml.safe_load(v) for k, _, v in (s.partition("=") for s in args.set)
    }
    result: dict = {
        "cores": os.cpu_count(),
        "base": args.base,
        "date": str(dt.date.today()),
        "commit": bench.sh(paths.ROOT, "git", "rev-parse", "--short", "HEAD").strip(),
        "params": overrides,
        "sizes": {},
    }
    for n in [int(s) for s in args.sizes.split(",")]:
        outputs = build_tables(n, args.base)
        only = tuple(args.stages.split(","))
        project = make_project(
            WORK / f"n{n}" / "project",
            outputs,
            overrides,
            keep=set(only) != set(STAGES),
        )
        log.info("%d notices: corpus-wide stages %s", n, ", ".join(only))
        result["sizes"][n] = run_stages(project, args.timeout, only)
        tables.write_json(result, args.out)
    if args.full_10k:
        result["full"] = full_pipeline(10000, args.timeout)
    text = report(result)
    sys.stdout.write(text + "\n")
    tables.write_json(result, args.out)
    log.info("figures written to %s", args.out)


if __name__ == "__main__":
    main()
