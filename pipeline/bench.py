"""Throughput and memory benchmark of the per-notice stages on synthetic corpora (a
script, not a test): ``python -m pipeline.bench [--quick]``.

In a temporary copy of the project (git + DVC), for each corpus size it runs the stage
commands of dvc.yaml (ingest -> classify) one by one on one worker and reports notices
per second and the peak RSS of each stage process, next to underthesea word
segmentation alone on the same sentences; then the 2-worker/1-worker ratio, and the
time of ``dvc repro`` after adding one notice as a fraction of the full run.

Word segmentation alone is underthesea ``word_tokenize(s, use_token_normalize=False)``
(the call the pipeline made before ``pipeline.segmenter``) on every sentence segment
wrote, after the model is loaded; the same run checks that ``pipeline.segmenter`` gives
the same words on every one of them (5,000 notices: about 250,000 sentences).
"""

from __future__ import annotations

import argparse
import logging
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from pipeline.core import logs, paths, tables

log = logging.getLogger(__name__)
STAGES = ("ingest", "segment", "extract", "tasks", "classify")
COPY = (
    "pipeline",
    "notebooks",
    "dvc.yaml",
    "params.yaml",
    "pyproject.toml",
    ".dvcignore",
    ".gitignore",
    "corpus/labels",
    "corpus/gold",
)
SYNTH = "corpus/synth"
# Runs a command and prints its wall time and the peak RSS (KiB) of its process tree.
MEASURE = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
    "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(time.perf_counter() - t, u.ru_maxrss, r.returncode, u.ru_utime + u.ru_stime)"
)
# underthesea word segmentation of every sentence, timed after the import and the
# model's loading, as the pipeline called it before pipeline.segmenter
# (use_token_normalize=False: ingest has normalised the text); then the words of
# pipeline.segmenter compared with underthesea's on every sentence (not timed).
WORDSEG = (
    "import sys, time, pyarrow.parquet as pq; from underthesea import word_tokenize; "
    "texts = pq.read_table(sys.argv[1], columns=['text']).column(0).to_pylist(); "
    "word_tokenize('khởi động'); t = time.perf_counter(); c = time.process_time(); "
    "ref = [word_tokenize(s, use_token_normalize=False) for s in texts]; "
    "t = time.perf_counter() - t; c = time.process_time() - c; "
    "from pipeline.segmenter import Segmenter; seg = Segmenter(); "
    "bad = [s for s, r in zip(texts, ref) if seg.words(s) != r]; "
    "print(t, len(texts), len(set(texts)), len(bad), c); "
    "[print(repr(s)) for s in bad[:5]]"
)


def _env() -> dict:
    env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONHASHSEED="0")
    env["PATH"] = os.pathsep.join(
        [str(Path(sys.executable).parent), env.get("PATH", "")]
    )
    return env


def sh(project: Path, *cmd: str) -> str:
    """Run ``cmd`` in ``project``; its stdout, or an error with its stderr."""
    done = subprocess.run(cmd, cwd=project, env=_env(), capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def make_project(dest: Path) -> Path:
    """A copy of the pipeline whose ingest reads corpus/synth, under git and DVC."""
    for name in COPY:
        src = paths.ROOT / name
        if src.is_dir():
            shutil.copytree(
                src,
                dest / name,
                ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"),
            )
        else:
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    dvc_yaml = dest / "dvc.yaml"
    dvc_yaml.write_text(
        dvc_yaml.read_text(encoding="utf-8").replace("corpus/raw", SYNTH),
        encoding="utf-8",
    )
    (dest / "models").mkdir(exist_ok=True)
    for cmd in (
        ["git", "init", "-q"],
        [sys.executable, "-m", "dvc", "init", "-q"],
        [sys.executable, "-m", "dvc", "config", "core.analytics", "false"],
    ):
        sh(dest, *cmd)
    train = shlex.split(
        yaml.safe_load(dvc_yaml.read_text(encoding="utf-8"))["stages"]["train"]["cmd"]
    )
    sh(dest, sys.executable, *train[1:])  # classify needs the model
    return dest


def set_workers(project: Path, workers: int) -> None:
    """Set params.yaml [engine] workers in the copy."""
    file = project / "params.yaml"
    values = yaml.safe_load(file.read_text(encoding="utf-8"))
    values.setdefault("engine", {})["workers"] = workers
    file.write_text(
        yaml.safe_dump(values, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


# caches made from code and model files only, never from notices: a user's second run
# of any corpus has them, so a run "on an empty cache" keeps them (deleting them put a
# second of module parsing and the segmenter's model conversion into every measured run)
CODE_CACHES = ("code_imports.json", "segmenter-*.pickle")


def clear_notice_caches(project: Path) -> None:
    """Empty the project's ``.ketluan-cache`` of everything computed from notices."""
    cache = project / ".ketluan-cache"
    keep = {f for pattern in CODE_CACHES for f in cache.glob(pattern)}
    for f in cache.glob("*"):
        if f not in keep:
            shutil.rmtree(f) if f.is_dir() else f.unlink()


def synthesize(project: Path, n: int) -> None:
    """A fresh synthetic corpus of ``n`` notices in corpus/synth; an empty cache."""
    shutil.rmtree(project / SYNTH, ignore_errors=True)
    clear_notice_caches(project)
    # from this project, whose corpus/raw holds the demonstration notices
    sh(
        paths.ROOT,
        sys.executable,
        "-m",
        "pipeline",
        "synth",
        "--n",
        str(n),
        "--out",
        str(project / SYNTH),
    )


def stage_commands(project: Path) -> dict[str, list[str]]:
    """The dvc.yaml command of each per-notice stage, run with this interpreter."""
    stages = yaml.safe_load((project / "dvc.yaml").read_text(encoding="utf-8"))[
        "stages"
    ]
    cmds = {}
    for name in STAGES:
        cmd = shlex.split(stages[name]["cmd"])
        cmds[name] = [sys.executable if cmd[0] == "python" else cmd[0], *cmd[1:]]
    return cmds


def measure(project: Path, cmd: list[str]) -> tuple[float, float, float]:
    """(seconds, peak RSS in MiB, CPU seconds of its processes) of one command."""
    seconds, rss, code, cpu = sh(project, sys.executable, "-c", MEASURE, *cmd).split()
    if int(code):
        raise RuntimeError(f"{' '.join(cmd)} exited with {code}")
    return float(seconds), int(rss) / 1024, float(cpu)


def run_stages(project: Path, n: int) -> dict:
    """Every per-notice stage once, on an empty cache: seconds, notices/s, peak MiB."""
    clear_notice_caches(project)
    (project / "outputs").mkdir(exist_ok=True)
    out = {}
    for name, cmd in stage_commands(project).items():
        seconds, rss, cpu = measure(project, cmd)
        out[name] = {
            "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2),
            "notices_per_s": round(n / seconds, 1),
            "peak_rss_mib": round(rss),
        }
    total = sum(s["seconds"] for s in out.values())
    out["end_to_end"] = {
        "seconds": round(total, 2),
        "cpu_seconds": round(sum(s["cpu_seconds"] for s in out.values()), 2),
        "notices_per_s": round(n / total, 1),
        "peak_rss_mib": max(s["peak_rss_mib"] for s in out.values()),
    }
    return out


def word_segmentation(project: Path, n: int) -> dict:
    """underthesea word segmentation alone over the sentences segment wrote, and how
    many of them pipeline.segmenter gives other words for (must be 0)."""
    sentences = project / "outputs" / "sentences.parquet"
    first, *bad = sh(
        project, sys.executable, "-c", WORDSEG, str(sentences)
    ).splitlines()
    seconds, count, distinct, differ, cpu = first.split()
    for line in bad:
        log.error("pipeline.segmenter differs from underthesea on %s", line)
    return {
        "seconds": round(float(seconds), 2),
        "cpu_seconds": round(float(cpu), 2),
        "notices_per_s": round(n / float(seconds), 1),
        "sentences": int(count),
        "distinct_sentences": int(distinct),
        "words_differ": int(differ),
    }


def load() -> list[float]:
    """The machine's load averages (1, 5, 15 min): other processes share the cores."""
    return [round(x, 2) for x in os.getloadavg()]


# Put first on PATH for a ``dvc repro``: runs the real interpreter and logs the wall
# time of each stage command (its start-up included) to $KETLUAN_STAGE_LOG.
SHIM = """#!/bin/sh
start=$(date +%s.%N)
"{python}" "$@"
code=$?
echo "$start $(date +%s.%N) $2" >> "$KETLUAN_STAGE_LOG"
exit $code
"""


def repro_times(project: Path) -> dict:
    """Full ``dvc repro`` on an empty cache, then again after adding one notice (with
    the time of each stage that reran)."""
    clear_notice_caches(project)
    shutil.rmtree(project / "outputs", ignore_errors=True)
    started = time.perf_counter()
    sh(project, sys.executable, "-m", "dvc", "repro")
    full = time.perf_counter() - started
    add_notice(project / SYNTH)
    stage_log = project / "stage-times.log"
    one = timed_repro(project, stage_log)
    stages = {}
    for line in stage_log.read_text(encoding="utf-8").splitlines():
        begin, end, module = line.split()
        stages[module.rsplit(".", 1)[-1]] = round(float(end) - float(begin), 2)
    return {
        "full_s": round(full, 1),
        "plus_one_s": round(one, 1),
        "fraction": round(one / full, 3),
        "stages_s": stages,
        "dvc_s": round(one - sum(stages.values()), 1),
    }


def add_notice(corpus: Path) -> None:
    """One more notice: a copy of the first with another number."""
    extra = sorted(corpus.rglob("*.txt"))[0]
    (extra.parent / "added-notice.txt").write_text(
        extra.read_text(encoding="utf-8").replace("Số:", "Số: 9", 1), encoding="utf-8"
    )


def timed_repro(project: Path, stage_log: Path | None = None) -> float:
    """Seconds of one ``dvc repro``; with ``stage_log``, each stage's time goes there."""
    env = _env()
    if stage_log is not None:
        shim = project / ".bench-bin"
        shim.mkdir(exist_ok=True)
        (shim / "python").write_text(SHIM.format(python=sys.executable))
        (shim / "python").chmod(0o755)
        env["PATH"] = os.pathsep.join([str(shim), env["PATH"]])
        env["KETLUAN_STAGE_LOG"] = str(stage_log)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "dvc", "repro"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"dvc repro failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def repro_floor(project: Path, stages: int) -> float:
    """``dvc repro`` after adding one notice, in a project of ``stages`` chained stages
    that only start Python, import pandas and write a new file: what any DVC pipeline
    of that many stages pays on this machine, whatever its stages do."""
    floor = project / "floor"
    shutil.rmtree(floor, ignore_errors=True)
    shutil.copytree(project / SYNTH, floor / "corpus")
    (floor / "stage.py").write_text(
        "import sys, time\nimport pandas\n"
        "open(sys.argv[1], 'w').write(str(time.time()))\n"
    )
    lines, previous = ["stages:"], "corpus"
    for i in range(stages):
        lines += [
            f"  s{i}:",
            f"    cmd: python stage.py out{i}.txt",
            f"    deps: [{previous}, stage.py]",
            f"    outs: [out{i}.txt]",
        ]
        previous = f"out{i}.txt"
    (floor / "dvc.yaml").write_text("\n".join(lines) + "\n")
    for cmd in (
        ["git", "init", "-q"],
        [sys.executable, "-m", "dvc", "init", "-q"],
        [sys.executable, "-m", "dvc", "config", "core.analytics", "false"],
    ):
        sh(floor, *cmd)
    timed_repro(floor)
    add_notice(floor / "corpus")
    return timed_repro(floor)


def bench(
    sizes: list[int], pair_size: int, repro_size: int, project: Path, pair_runs: int = 2
) -> dict:
    """All figures, as printed and saved (``pair_size``/``repro_size`` 0: skipped)."""
    result: dict = {"cores": os.cpu_count(), "load_at_start": load(), "sizes": {}}
    set_workers(project, 1)
    for n in sizes:
        synthesize(project, n)
        log.info("%d notices: stages on 1 worker", n)
        before = load()
        stages = run_stages(project, n)
        words = word_segmentation(project, n)
        words["load_before"], words["load_after"] = before, load()
        ratio = stages["end_to_end"]["notices_per_s"] / words["notices_per_s"]
        # issue 4: the path ingest + segment + extract against word segmentation
        path_s = sum(stages[k]["seconds"] for k in ("ingest", "segment", "extract"))
        result["sizes"][n] = {
            "stages": stages,
            "word_segmentation": words,
            "e2e_over_wordseg_per_core": round(ratio, 3),
            # the same on CPU time: what each process used, whatever else ran
            "e2e_over_wordseg_cpu": round(
                words["cpu_seconds"] / stages["end_to_end"]["cpu_seconds"], 3
            ),
            "segment_over_wordseg": round(
                stages["segment"]["notices_per_s"] / words["notices_per_s"], 3
            ),
            "path_notices_per_s": round(n / path_s, 1),
            "path_over_wordseg_per_core": round(n / path_s / words["notices_per_s"], 3),
        }
        log.info("%d notices: %s", n, result["sizes"][n])
    if len(sizes) >= 2:
        small, large = sizes[-2], sizes[-1]
        peak = {
            n: result["sizes"][n]["stages"]["end_to_end"]["peak_rss_mib"] for n in sizes
        }
        result["memory"] = {
            "small": small,
            "large": large,
            "ratio": round(peak[large] / peak[small], 2),
        }
    if pair_size:
        synthesize(project, pair_size)
        # best of ``pair_runs`` runs each, 1 and 2 workers interleaved: a noisy machine
        # slows runs down, never up, so the fastest run is the closest to what each
        # setting can do
        runs: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(pair_runs):
            for workers in (1, 2):
                set_workers(project, workers)
                log.info("%d notices: stages on %d worker(s)", pair_size, workers)
                runs[workers].append(
                    run_stages(project, pair_size)["end_to_end"]["notices_per_s"]
                )
        one, two = max(runs[1]), max(runs[2])
        result["workers_2_over_1"] = {
            "runs": runs,
            "size": pair_size,
            "one": one,
            "two": two,
            "ratio": round(two / one, 2),
            "load_after": load(),
        }
        log.info("2 workers / 1: %s", result["workers_2_over_1"])
    if repro_size:
        set_workers(project, 0)
        synthesize(project, repro_size)
        log.info("%d notices: dvc repro, then one notice added", repro_size)
        q = result["repro_plus_one"] = {"size": repro_size, **repro_times(project)}
        floor = repro_floor(project, len(q["stages_s"]))
        q["floor_s"] = round(floor, 1)
        q["floor_fraction"] = round(floor / q["full_s"], 3)
    result["load_at_end"] = load()
    return result


def report(r: dict) -> str:
    """The figures as plain text."""
    lines = [
        f"cores: {r['cores']}; load average (1, 5, 15 min) at start "
        f"{r['load_at_start']}, at end {r['load_at_end']}"
    ]
    for n, s in r["sizes"].items():
        lines.append(f"\n{n} notices (1 worker, empty cache)")
        lines.append(f"  {'stage':<12}{'seconds':>9}{'notices/s':>11}{'peak MiB':>10}")
        for name, v in s["stages"].items():
            lines.append(
                f"  {name:<12}{v['seconds']:>9.1f}{v['notices_per_s']:>11.1f}"
                f"{v['peak_rss_mib']:>10}"
            )
        w = s["word_segmentation"]
        lines.append(
            f"  {'wordseg':<12}{w['seconds']:>9.1f}{w['notices_per_s']:>11.1f}"
            "   (underthesea word_tokenize alone, same sentences)"
        )
        lines.append(
            f"  words of pipeline.segmenter that differ from underthesea's: "
            f"{w['words_differ']} of {w['sentences']} sentences "
            f"({w['distinct_sentences']} distinct); load {w['load_before']} -> "
            f"{w['load_after']}"
        )
        lines.append(
            f"  per-notice path (ingest to classify) / word segmentation, per core: "
            f"{s['e2e_over_wordseg_per_core']:.2f}  (target >= 0.80); on CPU time "
            f"{s['e2e_over_wordseg_cpu']:.2f}; segment stage alone: "
            f"{s['segment_over_wordseg']:.2f}"
        )
        lines.append(
            f"  ingest+segment+extract: {s['path_notices_per_s']:.1f} notices/s; "
            f"/ word segmentation: {s['path_over_wordseg_per_core']:.2f}; "
            f"extract alone: {s['stages']['extract']['notices_per_s']:.1f} notices/s "
            f"(target >= 20)"
        )
    if "workers_2_over_1" in r:
        p = r["workers_2_over_1"]
        lines.append(
            f"\n2 workers / 1 worker at {p['size']} notices "
            f"(best of {len(p['runs'][1])} run(s) each): "
            f"{p['two']} / {p['one']} notices/s = {p['ratio']:.2f}x  (target >= 1.70)"
        )
    if "repro_plus_one" in r:
        q = r["repro_plus_one"]
        lines.append(
            f"dvc repro at {q['size']} notices: full {q['full_s']} s, after adding one "
            f"notice {q['plus_one_s']} s = {q['fraction']:.1%}  (target <= 10%)"
        )
        lines.append(
            "  stages rerun: "
            + ", ".join(f"{k} {v:.1f} s" for k, v in q["stages_s"].items())
            + f"; dvc itself {q['dvc_s']:.1f} s"
        )
        lines.append(
            f"  floor: {len(q['stages_s'])} chained DVC stages that only import pandas "
            f"take {q['floor_s']} s after adding one notice = "
            f"{q['floor_fraction']:.1%} of the full run"
        )
    if "memory" in r:
        m = r["memory"]
        lines.append(
            f"peak memory {m['large']} vs {m['small']} notices: {m['ratio']:.2f}x  "
            f"(target <= 1.5x)"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.bench [--quick] [--sizes N ...] [--pair N] [--repro N]``."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--quick", action="store_true", help="50 and 200 notices (smoke run)"
    )
    ap.add_argument(
        "--sizes", type=int, nargs="+", help="corpus sizes (default 200 1000 5000)"
    )
    ap.add_argument(
        "--pair",
        type=int,
        help="size of the 2-vs-1-worker runs (default 1000; 0: skip)",
    )
    ap.add_argument(
        "--pair-runs", type=int, default=2, help="runs of each setting in the pair (best kept)"
    )
    ap.add_argument(
        "--repro", type=int, help="size of the dvc repro runs (default 1000; 0: skip)"
    )
    ap.add_argument("--out", type=Path, default=paths.OUTPUTS / "bench.json")
    ap.add_argument("--keep", action="store_true", help="keep the temporary project")
    args = ap.parse_args(argv)
    logs.setup()
    sizes, pair, repro = (
        ([50, 200], 200, 200) if args.quick else ([200, 1000, 5000], 1000, 1000)
    )
    sizes = args.sizes or sizes
    pair = pair if args.pair is None else args.pair
    repro = repro if args.repro is None else args.repro
    project = Path(tempfile.mkdtemp(prefix="ketluan-bench-"))
    try:
        make_project(project)
        result = bench(sizes, pair, repro, project, args.pair_runs)
    finally:
        if not args.keep:
            shutil.rmtree(project, ignore_errors=True)
    text = report(result)
    sys.stdout.write(text + "\n")
    tables.write_json(result, args.out)
    log.info("figures written to %s", args.out)


if __name__ == "__main__":
    main()
