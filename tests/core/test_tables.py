"""Atomic writes: a temporary file beside the target, renamed into place, fsync'd, with
the permissions an ordinary open() gives; leftovers of a killed writer are removed."""

from __future__ import annotations

import datetime
import os
import stat
import subprocess
import sys

import pandas as pd
import pytest

from pipeline.core import tables


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


@pytest.fixture
def umask():
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_atomic_path_gives_the_usual_permissions(tmp_path, umask, mask, mode):
    umask(mask)
    tables.write_text("x", tmp_path / "a.txt")
    tables.write(tables.empty("documents"), "documents", tmp_path / "d.parquet")
    with tables.atomic_path(tmp_path / "b.bin") as tmp:
        os.chmod(tmp, 0o600)  # as mkstemp-based writers leave it
    for name in ("a.txt", "d.parquet", "b.bin"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == mode, name


def test_atomic_path_names_and_replaces(tmp_path):
    target = tmp_path / "register.xlsx"
    target.write_text("old")
    with tables.atomic_path(target) as tmp:
        assert tmp.parent == tmp_path and tmp.exists() and tmp.suffix == ".xlsx"
        assert tmp.name.startswith(f".register.xlsx.ketluan-tmp-{os.getpid()}-")
        tmp.write_text("new")
        assert target.read_text() == "old"
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["register.xlsx"]


def test_atomic_path_without_create(tmp_path):
    with tables.atomic_path(tmp_path / "db.duckdb", create=False) as tmp:
        assert not tmp.exists()
        tmp.write_text("db")
    assert (tmp_path / "db.duckdb").read_text() == "db"


def test_atomic_path_failure_keeps_the_old_file(tmp_path):
    target = tmp_path / "a.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError), tables.atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_atomic_path_fsyncs_file_and_folder(tmp_path, monkeypatch):
    synced = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd)))
    tables.write_text("x", tmp_path / "a.txt")
    assert len(synced) == 2


def test_stale_temps_of_a_killed_writer_are_removed(tmp_path):
    """A killed run's temp files (and a writer's companion, DuckDB's .wal) go on the
    next write of the same target; a live writer's, and other targets', stay."""
    dead, live = _dead_pid(), os.getppid()
    stale = [
        f".task_register.xlsx.ketluan-tmp-{dead}-0a1b2c3d.xlsx",
        f".task_register.xlsx.ketluan-tmp-{os.getpid()}-99999999.xlsx",
        ".task_register.xlsx.k2_9abcd",  # the mkstemp names of earlier versions
    ]
    kept = [
        f".task_register.xlsx.ketluan-tmp-{live}-0a1b2c3d.xlsx",
        f".task_register.csv.ketluan-tmp-{dead}-0a1b2c3d.csv",
        ".task_register.xlsx.notes",
        "task_register.xlsx.bak",
    ]
    for name in stale + kept:
        (tmp_path / name).write_text("partial")
    db_stale = [f".k.duckdb.ketluan-tmp-{dead}-0a1b2c3d.duckdb", "x.wal"]
    db_stale[1] = db_stale[0] + ".wal"
    for name in db_stale:
        (tmp_path / name).write_text("partial")
    tables.write_text("x", tmp_path / "task_register.xlsx")
    with tables.atomic_path(tmp_path / "k.duckdb", create=False) as tmp:
        tmp.write_text("db")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([*kept, "task_register.xlsx", "k.duckdb"])


def test_writer_leaves_nothing_when_interrupted(tmp_path):
    path = tmp_path / "sections.parquet"
    with pytest.raises(KeyboardInterrupt), tables.Writer("sections", path) as out:
        out.add([])
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_write_csv_is_atomic_and_readable(tmp_path, umask):
    tables.write_csv(pd.DataFrame({"a": ["=1", "x"], "n": [-1, 2]}), tmp_path / "a.csv")
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbfa,n\r\n'=1,-1\r\n")
    assert stat.S_IMODE((tmp_path / "a.csv").stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


# ---------------------------------------------------------------- rows straight to Arrow


def _as_frame_would(rows, table):
    return tables.validate(pd.DataFrame(rows, columns=list(tables.SPECS[table])), table)


DEADLINE_ROWS = [  # the value forms the stages hand the writer, and some they might
    {"doc_id": "n1", "start": 4, "end": 19, "surface": "trước ngày 5/9", "due_on":
     "2025-09-05", "recurrence": None, "note": None, "section": "2", "extractor": "rule"},
    {"doc_id": "n1", "start": 30, "end": 41, "surface": "hằng tháng", "due_on": None,
     "recurrence": "monthly", "note": "", "section": None, "extractor": "rule"},
    {"doc_id": "n2", "start": None, "end": 3, "surface": "quý III", "due_on":
     datetime.date(2026, 9, 30), "section": "1", "extractor": "rule", "extra": 1},
    {"doc_id": "n3", "start": 1, "end": 2, "surface": "x", "due_on":
     datetime.datetime(2024, 1, 2, 0, 0), "recurrence": None, "note": None,
     "section": None, "extractor": "rule"},
    {"doc_id": "n4", "start": 1, "end": 2, "surface": "y", "due_on": float("nan"),
     "recurrence": None, "note": None, "section": None, "extractor": "rule"},
]


@pytest.mark.parametrize(
    "table, rows",
    [
        ("deadlines", DEADLINE_ROWS),
        ("targets", [  # floats with a missing value and a NaN; an int as a float
            {"doc_id": "n", "start": 1, "end": 5, "surface": "95%", "indicator": "tỷ lệ",
             "value": 95, "unit": "%", "section": None},
            {"doc_id": "n", "start": 6, "end": 9, "surface": "?", "indicator": None,
             "value": float("nan"), "unit": None, "section": "3"},
            {"doc_id": "n", "start": 6, "end": 9, "surface": "?", "indicator": None,
             "value": None, "unit": None, "section": "3"},
        ]),
        ("shortcomings", [  # lists, and a list left empty
            {"doc_id": "n", "section": "2", "start": 0, "end": 9, "text": "chậm",
             "codes": ["TIEN_DO"], "scores": "{}", "evidence": ["chậm"], "model": "m"},
            {"doc_id": "n", "section": "2", "start": 0, "end": 9, "text": "ít",
             "codes": [], "scores": "{}", "evidence": [], "model": "m"},
        ]),
        ("deadlines", [{**DEADLINE_ROWS[0], "start": 4.0}]),  # pandas' way: an int as float
        ("deadlines", [{**DEADLINE_ROWS[0], "due_on": "05/09/2025"}]),  # pandas' way
    ],
)
def test_from_rows_makes_the_table_the_frame_made(table, rows):
    assert tables.from_rows(rows, table).equals(_as_frame_would(rows, table))


@pytest.mark.parametrize("due_on", ["2025-02-30", "không rõ"])
def test_from_rows_fails_where_the_frame_failed(due_on):
    rows = [{**DEADLINE_ROWS[0], "due_on": due_on}]
    with pytest.raises(Exception) as frame:
        _as_frame_would(rows, "deadlines")
    with pytest.raises(type(frame.value)):
        tables.from_rows(rows, "deadlines")


def test_from_rows_rejects_a_wrong_type_as_validate_does():
    with pytest.raises(tables.SchemaError):
        tables.from_rows([{**DEADLINE_ROWS[0], "surface": 12}], "deadlines")


def test_from_rows_takes_the_usual_forms_without_the_frame(monkeypatch):
    """The rows the stages write (ISO dates, dates, None, NaN, lists) never go through
    pandas: that is what from_rows is for."""
    def no_frame(*args, **kwargs):
        raise AssertionError("went the frame's way")

    monkeypatch.setattr(tables, "validate", no_frame)
    assert tables.from_rows(DEADLINE_ROWS, "deadlines").num_rows == len(DEADLINE_ROWS)
    shortcoming = {"doc_id": "n", "section": "2", "start": 0, "end": 9, "text": "chậm",
                   "codes": ["TIEN_DO"], "scores": "{}", "evidence": [], "model": "m"}
    assert tables.from_rows([shortcoming], "shortcomings").column("codes").to_pylist() == [
        ["TIEN_DO"]
    ]
