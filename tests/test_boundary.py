"""The notice boundary: one notice that raises (or runs too long) is quarantined with a
one-line reason, every other notice goes on, and the failure is never cached."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from pipeline import engine
from pipeline.core.paths import ROOT

SEED = ROOT / "tests" / "fixtures" / "seed.txt"


def _label(item: int) -> dict:
    return {"source": f"n{item}", "doc_id": None}


def _quarantine() -> engine.Quarantine:
    return engine.Quarantine("test", "v1", _label, lambda item, failure: -1)


def _fragile(x: int) -> int:
    if x % 7 == 3:
        raise ValueError(f"bad notice {x}\nsecond line")
    return x * x


def _slow(x: int) -> int:
    if x == 2:
        time.sleep(30)
    return x


@pytest.mark.parametrize("workers", [1, 2])
def test_map_quarantines_the_failing_notices_and_goes_on(workers):
    q = _quarantine()
    p = engine.EngineParams(workers=workers, chunk=2)
    out = list(engine.map_notices(_fragile, range(20), p, quarantine=q))
    assert out == [-1 if x % 7 == 3 else x * x for x in range(20)]
    assert [(e["source"], e["error"], e["reason"]) for e in q.entries] == [
        ("n3", "ValueError", "bad notice 3 second line"),
        ("n10", "ValueError", "bad notice 10 second line"),
        ("n17", "ValueError", "bad notice 17 second line"),
    ]
    assert {e["stage"] for e in q.entries} == {"test"} and q.entries[0][
        "code_version"
    ] == "v1"


def test_map_without_a_quarantine_lets_the_exception_through():
    with pytest.raises(ValueError):
        list(engine.map_notices(_fragile, range(5), engine.EngineParams(workers=1)))


def test_a_notice_past_its_time_limit_is_quarantined():
    q = _quarantine()
    p = engine.EngineParams(workers=1, notice_seconds=0.5)
    started = time.monotonic()
    assert list(engine.map_notices(_slow, range(4), p, quarantine=q)) == [0, 1, -1, 3]
    assert time.monotonic() - started < 5
    assert [(e["error"], e["reason"]) for e in q.entries] == [
        ("NoticeTimeout", "took longer than 0.5 s")
    ]


def test_cached_map_never_caches_a_failure_and_retries_it(tmp_path, monkeypatch):
    monkeypatch.setenv("KETLUAN_CACHE", str(tmp_path))
    p = engine.EngineParams(workers=1)

    def run(fn):
        q = _quarantine()
        cache = engine.Cache("t", "fp")
        out = list(engine.cached_map(fn, range(10), str, cache, p, quarantine=q))
        return out, cache, q

    out, cache, q = run(_fragile)
    assert (
        out[3] == -1
        and len(q.entries) == 1
        and (cache.computed, cache.cached) == (9, 0)
    )
    out, cache, q = run(_fragile)  # the failure is tried again, the rest is cached
    assert (cache.computed, cache.cached, len(q.entries)) == (0, 9, 1)
    assert engine.STATS["t"] == {"computed": 0, "cached": 9, "quarantined": 1}
    out, cache, q = run(
        abs
    )  # the code changed (same fingerprint here): it now succeeds
    assert out == [3 if x == 3 else x * x for x in range(10)]
    assert (cache.computed, cache.cached, len(q.entries)) == (1, 9, 0)


def test_quarantine_file(tmp_path):
    q = _quarantine()
    list(
        engine.map_notices(_fragile, [3], engine.EngineParams(workers=1), quarantine=q)
    )
    q.write(tmp_path / "q.json")
    assert json.loads((tmp_path / "q.json").read_text()) == {
        "stage": "test",
        "count": 1,
        "notices": [
            {
                "source": "n3",
                "doc_id": None,
                "stage": "test",
                "error": "ValueError",
                "reason": "bad notice 3 second line",
                "code_version": "v1",
            }
        ],
    }


def test_segment_stage_quarantines_one_notice_and_writes_the_others(
    tmp_path, monkeypatch
):
    """A stage run end to end in this process, with one notice made to fail."""
    import pyarrow.parquet as pq

    from pipeline.stages import ingest, segment

    monkeypatch.setenv("KETLUAN_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr("pipeline.core.paths.PARAMS_FILE", tmp_path / "params.yaml")
    raw = tmp_path / "raw"
    raw.mkdir()
    text = SEED.read_text(encoding="utf-8")
    (raw / "a.txt").write_text(text, encoding="utf-8")
    (raw / "b.txt").write_text(text.replace("2021", "2022"), encoding="utf-8")
    docs = tmp_path / "documents.parquet"
    ingest.main([str(raw), str(docs), str(tmp_path / "report.json")])
    real = segment.notice_rows

    def fails_on_b(doc, with_words=True):
        if doc["source"].endswith("b.txt"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(doc, with_words=False)

    monkeypatch.setattr(segment, "notice_rows", fails_on_b)
    out = tmp_path / "q.json"
    segment.main(
        [
            str(docs),
            str(tmp_path / "sec.parquet"),
            str(tmp_path / "sen.parquet"),
            "--quarantine",
            str(out),
        ]
    )
    held = json.loads(out.read_text())
    assert [(n["source"].rsplit("/", 1)[-1], n["error"]) for n in held["notices"]] == [
        ("b.txt", "RecursionError")
    ]
    sections = pq.read_table(tmp_path / "sec.parquet").to_pandas()
    assert sections["doc_id"].nunique() == 1 and len(sections) > 3


def test_cli_extract_prints_the_good_notices_and_one_line_per_bad_one(tmp_path):
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(
        b"%PDF-1.4\n1 0 obj << /Pages 1 0 R >> endobj\n%%EOF"
    )
    (tmp_path / "c.docx").write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with open(
        bytes(tmp_path) + b"/d\xff.txt", "wb"
    ):  # empty, and a name that is not UTF-8
        pass
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", str(tmp_path), "-f", "jsonl"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["source"].endswith("a.txt")
    errors = done.stderr.strip().splitlines()
    assert len(errors) == 3 and all(e.startswith("rejected ") for e in errors), errors
    assert "Traceback" not in done.stderr and "d\\xff.txt" in done.stderr
