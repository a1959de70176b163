"""Atomic writes: a temporary file beside the target, renamed into place, fsync'd, with
the permissions an ordinary open() gives; leftovers of a killed writer are removed."""

from __future__ import annotations

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
