"""Fuzz campaign: generate adversarial inputs, run them batch by batch through the
ingest stage (as DVC runs it), ``ketluan extract`` and the in-process API, and check
that one bad input never stops the rest.

    .venv/bin/python -m tests.fuzz.campaign --n 10000 --seed 1 [--out DIR] [--keep]
        [--json PATH]

Exit status 1 when anything escaped: a traceback, a crash (exit 2 or a signal),
invalid JSON, an input missing from the report, a bad reason, a timeout, a leaked
secret, or a process that used 2 GiB or more.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.fuzz.generate import Case, generate

ROOT = Path(__file__).resolve().parents[2]
STATUSES = ("processed", "duplicate", "ignored", "rejected", "quarantined")
INPUT_TIMEOUT = 60.0  # seconds for one input through the in-process API
BATCH_TIMEOUT = 300.0  # seconds for the ingest stage or the CLI on one batch
MEMORY_LIMIT = 2 << 30  # bytes: a process this large fails the campaign
MEMORY_KILL = 6 << 30  # bytes: a process group this large is killed (shared machine)
SECRETS = ("root:x:0:0",)  # /etc/passwd content must never reach an output


@dataclasses.dataclass
class Child:
    """How a subprocess ended."""

    returncode: int | None  # negative: killed by that signal
    seconds: float
    peak_bytes: int  # largest single process (wait4 ru_maxrss, and /proc polls)
    stopped: str | None = None  # why it was killed: "timeout", "memory" or "watch"

    @property
    def timed_out(self) -> bool:
        return self.stopped == "timeout"

    @property
    def memory_killed(self) -> bool:
        return self.stopped == "memory"


# ---------------------------------------------------------------- running a child


def run_child(
    cmd: list[str],
    stdout: Path,
    stderr: Path,
    timeout: float,
    env: dict | None = None,
    watch: Callable[[], bool] | None = None,
) -> Child:
    """Run ``cmd`` in its own session from the project root, with a wall-clock limit,
    a memory guard and ``watch`` (return True to kill it) polled every 0.2 s."""
    with open(stdout, "wb") as out, open(stderr, "wb") as err:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=err, start_new_session=True
        )
    began = time.monotonic()
    try:
        status, usage, peak, why = _wait(proc.pid, began, timeout, watch)
    except BaseException:  # interrupted: leave nothing running
        _kill(proc.pid)
        raise
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Child(
        returncode=proc.returncode,
        seconds=time.monotonic() - began,
        peak_bytes=max(peak, usage.ru_maxrss * 1024),
        stopped=why,
    )


def _wait(pid: int, began: float, timeout: float, watch: Callable[[], bool] | None):
    """Poll ``pid`` until it ends; kill its session on timeout, memory or ``watch``."""
    peak, why = 0, None
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return status, usage, peak, why
        rss = _session_rss(pid)
        peak = max(peak, max(rss, default=0))
        if why is None and time.monotonic() - began > timeout:
            why = "timeout"
        elif why is None and sum(rss) > MEMORY_KILL:
            why = "memory"
        elif why is None and watch and watch():
            why = "watch"
        if why:
            _kill(pid)
        time.sleep(0.2)


def _kill(session: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(session, signal.SIGKILL)


def _session_rss(session: int) -> list[int]:
    """Resident bytes of each live process in ``session``."""
    page, sizes = os.sysconf("SC_PAGE_SIZE"), []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        if int(fields[3]) == session:  # field 6: session id
            sizes.append(int(fields[21]) * page)  # field 24: rss in pages
    return sizes


def _python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def _env(cache: Path) -> dict:
    env = dict(os.environ, KETLUAN_CACHE=str(cache), HF_HUB_OFFLINE="1")
    env.pop("KETLUAN_DEBUG", None)
    # stages call `python`: the project's environment first, as the Makefile does
    env["PATH"] = os.pathsep.join([str(Path(_python()).parent), env.get("PATH", "")])
    return env


def _tracebacks(stderr: Path) -> list[str]:
    """The exception line closing each traceback in a stderr file."""
    lines = stderr.read_text(encoding="utf-8", errors="replace").splitlines()
    found = []
    for k, line in enumerate(lines):
        if line.startswith("Traceback (most recent call last)"):
            rest = [x for x in lines[k + 1 :] if x and not x.startswith((" ", "\t"))]
            found.append(rest[0][:300] if rest else "Traceback (no exception line)")
    return found


def _error_line(stderr: Path) -> str:
    """The last ``ketluan: error:`` line, else the last line of stderr."""
    lines = stderr.read_text(encoding="utf-8", errors="replace").splitlines()
    errors = [x for x in lines if x.startswith("ketluan: error:")]
    return (errors or lines or [""])[-1][:300]


# ---------------------------------------------------------------- one batch


@dataclasses.dataclass
class Batch:
    """What one batch folder produced: per-input records and process-level findings."""

    name: str
    inputs: dict[str, dict]  # absolute path -> record (kind, status, reason, ...)
    findings: list[dict] = dataclasses.field(default_factory=list)
    peak_bytes: int = 0
    leaks: int = 0
    invalid_json: int = 0
    extra_sources: int = 0

    def find(self, what: str, where: str, error: str, path: str | None = None):
        kind = self.inputs[path]["kind"] if path else None
        self.findings.append(
            {"class": what, "where": where, "error": error, "path": path, "kind": kind}
        )


def run_batch(folder: Path, cases: list[Case], inputs_root: Path, work: Path) -> Batch:
    """Run one batch folder through the ingest stage, the CLI and the worker."""
    records = {
        os.path.abspath(inputs_root / c.path): {"kind": c.kind, "status": "missing"}
        for c in cases
    }
    batch = Batch(folder.name, records)
    out = work / folder.name
    out.mkdir(parents=True, exist_ok=True)
    env = _env(work / "cache")
    _ingest_stage(batch, folder, out, env)
    _cli_extract(batch, folder, out, env)
    _worker(batch, out, env)
    return batch


def _ingest_stage(batch: Batch, folder: Path, out: Path, env: dict) -> None:
    report = out / "report.json"
    cmd = [_python(), "-m", "pipeline.stages.ingest", str(folder)]
    cmd += [str(out / "documents.parquet"), str(report)]
    child = run_child(cmd, out / "ingest.out", out / "ingest.err", BATCH_TIMEOUT, env)
    _process_findings(batch, child, "ingest stage", out / "ingest.err", ok=(0,))
    if child.returncode == 0 and report.exists():
        _check_report(batch, report)


def _check_report(batch: Batch, report_path: Path) -> None:
    """Mark each input's status from the report; flag missing or bad reasons."""
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        batch.find("invalid_json", "ingest report", f"{type(err).__name__}: {err}")
        return
    by_source = {
        **{one_line(p): p for p in batch.inputs},
        **{p: p for p in batch.inputs},
    }
    for entry in report.get("files", []):
        path = by_source.get(entry.get("source"))
        if path is None:
            batch.extra_sources += 1
            continue
        record, reason = batch.inputs[path], entry.get("reason")
        record.update(status=entry.get("status"), reason=reason)
        if record["status"] != "processed" and (
            not isinstance(reason, str) or not reason.strip() or "\n" in reason
        ):
            batch.find("bad_reason", "ingest report", repr(reason)[:200], path)
    for path, record in batch.inputs.items():
        if record["status"] == "missing":
            batch.find("missing", "ingest report", "not in report.json files", path)


def one_line(name: str) -> str:
    """A file name as the report may print it on one line: bytes that are not UTF-8
    as ``\\xNN``, control and invisible characters as ``\\n``, ``\\x1b``, ``\\u200b``
    (a report may give either form; both are matched)."""
    text = os.fsencode(name).decode("utf-8", "backslashreplace")
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
        for c in text
    )


def _process_findings(
    batch: Batch, child: Child, where: str, stderr: Path, ok: tuple[int, ...]
) -> None:
    batch.peak_bytes = max(batch.peak_bytes, child.peak_bytes)
    if child.peak_bytes >= MEMORY_LIMIT:
        batch.find("memory", where, f"peak {child.peak_bytes >> 20} MiB")
    for line in _tracebacks(stderr):
        batch.find("traceback", where, line)
    if child.timed_out:
        batch.find("timeout", where, f"killed after {child.seconds:.0f} s")
    elif child.memory_killed:
        batch.find("memory", where, f"killed at {child.peak_bytes >> 20} MiB")
    elif child.returncode not in ok:
        code = child.returncode
        error = f"signal {-code}" if code < 0 else f"exit {code}: {_error_line(stderr)}"
        batch.find("crash", where, error)


def _cli_extract(batch: Batch, folder: Path, out: Path, env: dict) -> None:
    cmd = [_python(), "-m", "pipeline", "extract", str(folder), "--format", "jsonl"]
    stdout, stderr = out / "extract.out", out / "extract.err"
    child = run_child(cmd, stdout, stderr, BATCH_TIMEOUT, env)
    _process_findings(batch, child, "ketluan extract", stderr, ok=(0, 1))
    for n, line in enumerate(stdout.read_bytes().split(b"\n"), 1):
        if not line.strip():
            continue
        error = strict_json_error(line)
        if error:
            batch.invalid_json += 1
            batch.find("invalid_json", "ketluan extract", f"line {n}: {error}")
        if any(s.encode() in line for s in SECRETS):
            batch.leaks += 1
            batch.find("leak", "ketluan extract", f"line {n} holds /etc/passwd text")


def strict_json_error(line: bytes) -> str | None:
    """Why ``line`` is not RFC 8259 JSON (UTF-8, no NaN or Infinity), or None."""

    def no_constants(name: str):
        raise ValueError(f"non-standard constant {name}")

    try:
        json.loads(line.decode("utf-8"), parse_constant=no_constants)
    except (UnicodeDecodeError, ValueError) as err:
        return f"{type(err).__name__}: {str(err)[:150]}"
    return None


def _worker(batch: Batch, out: Path, env: dict) -> None:
    """Each input through the in-process API in one worker process; a hang or crash
    is charged to the input it happened on and the worker restarts after it."""
    paths = list(batch.inputs)
    listing, results = out / "worker-inputs.json", out / "worker.jsonl"
    listing.write_text(json.dumps(paths), encoding="utf-8")
    results.write_text("")
    start, peak = 0, 0
    while start < len(paths):
        tail = _Tail(results)
        cmd = [_python(), "-m", "tests.fuzz.worker", str(listing), str(results)]
        child = run_child(
            cmd + [str(start)], out / "worker.out", out / "worker.err",
            timeout=INPUT_TIMEOUT * (len(paths) - start) + 120, env=env,
            watch=lambda tail=tail: tail.running_for() > INPUT_TIMEOUT,
        )  # fmt: skip
        tail.read()
        batch.peak_bytes = max(batch.peak_bytes, child.peak_bytes)
        for done in tail.done:
            _record_worker(batch, paths[done["i"]], done)
            if done["peak_bytes"] >= MEMORY_LIMIT > peak:  # the input that crossed it
                batch.find("memory", "in-process", f"peak {done['peak_bytes'] >> 20} MiB",
                           paths[done["i"]])  # fmt: skip
            peak = max(peak, done["peak_bytes"])
        if tail.current is None:  # finished, or died before its first input
            if child.returncode != 0:
                batch.find(
                    "crash", "worker", f"exit {child.returncode} before an input"
                )
            break
        path = paths[tail.current]
        _charge(batch, path, child, out / "worker.err")
        start = tail.current + 1


def _charge(batch: Batch, path: str, child: Child, stderr: Path) -> None:
    """The worker stopped during ``path``: say why."""
    record = batch.inputs[path]
    record["seconds"] = INPUT_TIMEOUT if child.stopped else 0.0
    if child.memory_killed:
        batch.find("memory", "in-process", f"over {MEMORY_KILL >> 30} GiB", path)
    elif child.stopped:
        batch.find("timeout", "in-process", f"over {INPUT_TIMEOUT:.0f} s", path)
    elif child.returncode < 0:
        batch.find("crash", "in-process", f"signal {-child.returncode}", path)
    else:
        error = f"exit {child.returncode}: {_error_line(stderr)}"
        batch.find("crash", "in-process", error, path)


def _record_worker(batch: Batch, path: str, done: dict) -> None:
    record = batch.inputs[path]
    record["seconds"] = done["seconds"]
    record["outcome"] = done["outcome"]
    if done["outcome"] == "exception":
        batch.find("traceback", "in-process", done["error"], path)
    elif done["outcome"] == "invalid_json":
        batch.find(
            "invalid_json", "in-process", "CONTRACT object is not strict JSON", path
        )
    if done["seconds"] > INPUT_TIMEOUT:
        batch.find("timeout", "in-process", f"{done['seconds']:.0f} s", path)


class _Tail:
    """Follows the worker's results file: inputs done, and the one in progress."""

    def __init__(self, path: Path):
        self.path, self.offset = path, path.stat().st_size
        self.done: list[dict] = []
        self.current: int | None = None
        self.since = 0.0

    def read(self) -> None:
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            chunk = f.read()
        complete = chunk[: chunk.rfind(b"\n") + 1]
        self.offset += len(complete)
        for line in complete.splitlines():
            event = json.loads(line)
            if "start" in event:
                self.current, self.since = event["i"], event["start"]
            else:
                self.done.append(event)
                self.current = None

    def running_for(self) -> float:
        self.read()
        return time.time() - self.since if self.current is not None else 0.0


# ---------------------------------------------------------------- the campaign


def run_campaign(
    root: Path,
    n: int,
    seed: int,
    *,
    exclude: tuple[str, ...] = (),
    per_folder: int = 200,
    progress: bool = True,
    jobs: int = 1,
) -> dict:
    """Generate ``n`` inputs under ``root/inputs`` and run every batch folder.

    Returns:
        The summary (``summarise``): per-kind counts, totals and every finding.
    """
    inputs, work = root / "inputs", root / "work"
    began = time.monotonic()
    cases = generate(inputs, n, seed, exclude=exclude, per_folder=per_folder)
    _say(progress, f"generated {len(cases)} inputs in {time.monotonic() - began:.0f} s")
    by_folder: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        by_folder[case.path.split("/")[0]].append(case)
    def one(name: str) -> Batch:
        t0 = time.monotonic()
        batch = run_batch(inputs / name, by_folder[name], inputs, work)
        found = Counter(f["class"] for f in batch.findings)
        _say(progress, f"batch {name}: {len(by_folder[name])} inputs, "
             f"{time.monotonic() - t0:.0f} s, {dict(found) or 'clean'}")  # fmt: skip
        return batch

    # batches are independent: with jobs > 1 they run side by side (each waits on its
    # own child processes), results kept in folder order
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        batches = list(pool.map(one, sorted(by_folder)))
    summary = summarise(batches)
    summary.update(n=n, seed=seed, seconds=round(time.monotonic() - began, 1))
    return summary


def _say(progress: bool, line: str) -> None:
    if progress:
        print(line, file=sys.stderr, flush=True)


def summarise(batches: list[Batch]) -> dict:
    """Per-kind counts and campaign totals from the batches."""
    kinds: dict[str, Counter] = defaultdict(Counter)
    slowest = {"seconds": 0.0, "kind": None, "path": None}
    for batch in batches:
        for path, record in batch.inputs.items():
            row = kinds[record["kind"]]
            row["count"] += 1
            row[record["status"] if record["status"] in STATUSES else "missing"] += 1
            if record.get("seconds", 0) > slowest["seconds"]:
                slowest = {"seconds": round(record["seconds"], 2),
                           "kind": record["kind"], "path": path}  # fmt: skip
    findings = [f for b in batches for f in b.findings]
    for f in findings:
        if f["kind"] and f["class"] in ("traceback", "timeout", "crash"):
            kinds[f["kind"]][f["class"] + "s"] += 1
    count = Counter(f["class"] for f in findings)
    totals = {
        "inputs": sum(len(b.inputs) for b in batches),
        "tracebacks": count["traceback"],
        "crashes": count["crash"],
        "invalid_json": count["invalid_json"],
        "missing": count["missing"],
        "bad_reasons": count["bad_reason"],
        "timeouts": count["timeout"],
        "memory": count["memory"],
        "leaks": count["leak"],
        "peak_memory_mib": round(
            max((b.peak_bytes for b in batches), default=0) / 2**20
        ),
        "slowest": slowest,
    }
    return {
        "kinds": {k: dict(v) for k, v in sorted(kinds.items())},
        "totals": totals,
        "classes": _classes(findings),
        "findings": findings,
    }


def _classes(findings: list[dict]) -> list[dict]:
    """Findings grouped by (class, where, error), most frequent first, with kinds."""
    groups: dict[tuple, dict] = {}
    for f in findings:
        error = f["error"]
        if f["class"] in ("missing", "bad_reason"):
            error = (
                f["error"] if f["class"] == "missing" else "reason " + f["error"][:40]
            )
        key = (f["class"], f["where"], error)
        group = groups.setdefault(
            key,
            {
                "class": f["class"],
                "where": f["where"],
                "error": error,
                "count": 0,
                "kinds": Counter(),
            },
        )
        group["count"] += 1
        if f["kind"]:
            group["kinds"][f["kind"]] += 1
    ordered = sorted(groups.values(), key=lambda g: -g["count"])
    return [dict(g, kinds=dict(g["kinds"].most_common())) for g in ordered]


def failures(summary: dict) -> list[str]:
    """What makes the campaign fail, one line each (empty: it passed)."""
    t = summary["totals"]
    bad = [
        f"{t[k]} {k}"
        for k in ("tracebacks", "crashes", "invalid_json", "missing", "bad_reasons",
                  "timeouts", "memory", "leaks")
        if t[k]
    ]  # fmt: skip
    if t["peak_memory_mib"] >= MEMORY_LIMIT >> 20:
        bad.append(f"peak memory {t['peak_memory_mib']} MiB >= {MEMORY_LIMIT >> 20}")
    return bad


def table(summary: dict) -> str:
    """The summary as a plain-text table."""
    cols = ("count", *STATUSES, "missing", "tracebacks", "timeouts", "crashes")
    width = max([len(k) for k in summary["kinds"]] + [10])
    head = f"{'kind':<{width}}" + "".join(f"{c[:11]:>12}" for c in cols)
    lines = [head, "-" * len(head)]
    total = Counter()
    for name, row in summary["kinds"].items():
        total.update(row)
        lines.append(f"{name:<{width}}" + "".join(f"{row.get(c, 0):>12}" for c in cols))
    lines.append("-" * len(head))
    lines.append(f"{'all':<{width}}" + "".join(f"{total.get(c, 0):>12}" for c in cols))
    t = summary["totals"]
    slow = t["slowest"]
    lines += [
        "",
        f"tracebacks            {t['tracebacks']}",
        f"process crashes       {t['crashes']}  (exit 2, any exit of the stage, a signal)",
        f"invalid JSON outputs  {t['invalid_json']}",
        f"missing from reports  {t['missing']}",
        f"bad reasons           {t['bad_reasons']}  (not processed, no one-line reason)",
        f"timeouts              {t['timeouts']}  (input > {INPUT_TIMEOUT:.0f} s or batch "
        f"> {BATCH_TIMEOUT:.0f} s)",
        f"memory                {t['memory']}  (a process >= {MEMORY_LIMIT >> 30} GiB, "
        f"or killed over {MEMORY_KILL >> 30} GiB)",
        f"secrets leaked        {t['leaks']}",
        f"slowest input         {slow['seconds']} s ({slow['kind']})",
        f"peak memory           {t['peak_memory_mib']} MiB (one process)",
    ]
    if summary["classes"]:
        lines += ["", "findings by class (count  class  where  error  [kinds])"]
        for g in summary["classes"][:40]:
            kinds = ", ".join(f"{k} {v}" for k, v in list(g["kinds"].items())[:4])
            lines.append(f"{g['count']:>6}  {g['class']:<12} {g['where']:<16} "
                         f"{g['error'][:110]}  [{kinds}]")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--out", type=Path, help="folder to work in (default: a temp one)"
    )
    parser.add_argument("--keep", action="store_true", help="keep inputs and outputs")
    parser.add_argument(
        "--jobs", type=int, default=1, help="batches run side by side (default 1)"
    )
    parser.add_argument("--json", type=Path, help="write the summary as JSON here")
    parser.add_argument(
        "--exclude", default="", help="kinds to leave out, comma-separated"
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the cleanups
    root = Path(args.out or tempfile.mkdtemp(prefix="ketluan-fuzz-")).resolve()
    if root.is_relative_to(ROOT):
        parser.error(f"--out must be outside the project ({ROOT})")
    if args.out and root.exists() and any(root.iterdir()):
        parser.error(f"--out {root} is not empty")
    try:
        exclude = tuple(k for k in args.exclude.split(",") if k)
        summary = run_campaign(root, args.n, args.seed, exclude=exclude, jobs=args.jobs)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        else:
            _say(True, f"kept {root}")
    print(table(summary))
    if args.json:
        args.json.write_text(
            json.dumps(summary, indent=2) + "\n"
        )  # names need not be UTF-8
    bad = failures(summary)
    _say(True, "FAILED: " + ", ".join(bad) if bad else "passed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
