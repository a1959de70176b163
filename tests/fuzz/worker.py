"""Run generated inputs one by one through the in-process API and time each one.

``python -m tests.fuzz.worker INPUTS.json RESULTS.jsonl START``: for each path of the
JSON list from index START, writes ``{"i", "start"}`` before and ``{"i", "outcome",
"seconds", "error"}`` after, flushed, so the campaign can tell which input a hang or a
crash belongs to and restart after it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import resource
import sys
import time
import traceback
from pathlib import Path


def load_params():
    """params.yaml [ingest], as the ingest stage reads it."""
    from pipeline.core import params, paths
    from pipeline.stages.ingest import IngestParams

    return params.load("ingest", IngestParams, paths.PARAMS_FILE)


def warm_up() -> None:
    """Import what the readers load lazily, so an input's time is its own."""
    import importlib

    for name in (
        "pipeline.notice",
        "pipeline.stages.ingest",
        "pipeline.readers.plain",
        "pipeline.readers.word",
        "pipeline.readers.pdf",
        "pipeline.readers.web",
    ):
        # a reader that moved: its first input pays for the import
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def run_one(path: Path, params) -> str:
    """One input through the per-notice API: read it, then build its CONTRACT object.

    Returns:
        "notice", "rejected" (ingest_one gave a reason) or "invalid_json" (the object
        is not strict JSON: NaN, Infinity or text that is not UTF-8).
    """
    from pipeline.notice import process
    from pipeline.stages.ingest import ingest_one

    notice, _reason = ingest_one(path, params)
    if notice is None:
        return "rejected"
    obj = process(dataclasses.asdict(notice))
    try:
        json.dumps(obj, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (ValueError, UnicodeEncodeError):
        return "invalid_json"
    return "notice"


def main(argv: list[str]) -> int:
    inputs, results, start = Path(argv[0]), Path(argv[1]), int(argv[2])
    paths = json.loads(inputs.read_text(encoding="utf-8"))
    params = load_params()
    warm_up()
    with open(results, "a", encoding="utf-8") as out:
        for i in range(start, len(paths)):
            out.write(json.dumps({"i": i, "start": time.time()}) + "\n")
            out.flush()
            began, error = time.perf_counter(), None
            try:
                outcome = run_one(Path(paths[i]), params)
            except Exception as err:  # noqa: BLE001 - what escapes is the finding
                outcome = "exception"
                error = _where(err)
            seconds = time.perf_counter() - began
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            done = {"i": i, "outcome": outcome, "seconds": seconds, "error": error,
                    "peak_bytes": peak}  # fmt: skip
            out.write(json.dumps(done) + "\n")
            out.flush()
    return 0


def _where(err: Exception) -> str:
    """``Type: message`` and the innermost frame, on one line."""
    frames = traceback.extract_tb(err.__traceback__)
    ours = [f for f in frames if "/pipeline/" in f.filename] or frames
    where = ", ".join(
        f"{Path(f.filename).name}:{f.lineno}"
        for f in dict.fromkeys([ours[-1], frames[-1]])
    )
    message = str(err).splitlines()[0][:200] if str(err) else ""
    return f"{type(err).__name__}: {message} ({where})"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
