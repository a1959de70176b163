"""The engine: per-notice map in order on 1 or 2 workers (and Dask), the per-stage cache
(add, change, remove a notice; lexicon, param and code changes), streamed outputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
import yaml

from pipeline import engine
from pipeline.core import params, paths, tables
from pipeline.corpus import source_name
from pipeline.shortcoming_model import TrainParams, codes, fit, save
from pipeline.stages import classify, extract, ingest, segment, tasks
from pipeline.stages.train import read_labels
from pipeline.words import as_words

ROOT = Path(__file__).resolve().parents[1]
NOTICES = [  # four short notices of the demonstration corpus
    "corpus/raw/da-nang/2024-05-10-giai-phong-mat-bang-cang-lien-chieu.txt",
    "corpus/raw/bac-giang/2025-01-15-kiem-diem-nam-2024.txt",
    "corpus/raw/ca-mau/2021-06-11-chong-khai-thac-iuu.txt",
    "corpus/raw/hai-phong/2022-10-21-du-an-cau-nguyen-trai.txt",
]
OUTPUTS = list(tables.PER_NOTICE_OUTPUTS)


def _square(x: int) -> int:
    return x * x


@pytest.mark.parametrize("workers", [1, 2])
def test_engine_map_keeps_input_order(workers):
    p = engine.EngineParams(workers=workers, chunk=3)
    assert list(engine.map_notices(_square, iter(range(50)), p)) == [
        x * x for x in range(50)
    ]


def _pid(_x: int) -> int:
    import os

    return os.getpid()


def test_engine_first_notice_runs_in_the_stage_process_before_the_workers_fork():
    """What it loads lazily (lexicons, regexes, models) is then shared by the workers."""
    import os

    p = engine.EngineParams(workers=2, chunk=3)
    pids = list(engine.map_notices(_pid, iter(range(20)), p))
    assert pids[0] == os.getpid()
    assert len(pids) == 20 and os.getpid() not in pids[1:]


def test_engine_code_files_follow_imports_and_lexicons():
    names = {
        f.relative_to(engine.PACKAGE).as_posix()
        for f in engine.code_files("pipeline.stages.tasks")
    }
    assert {
        "stages/tasks.py",
        "engine.py",
        "extractors/tasks.py",
        "core/text.py",
        "lexicons/task_cues.yaml",
    } <= names
    assert "stages/report.py" not in names


def test_engine_code_files_reuse_the_imports_kept_by_source_hash(tmp_path, monkeypatch):
    monkeypatch.setenv("KETLUAN_CACHE", str(tmp_path))
    monkeypatch.setattr(engine, "_KNOWN_IMPORTS", None)
    first = engine.code_files("pipeline.stages.extract")
    kept = json.loads((tmp_path / "code_imports.json").read_text())
    # one entry per module read, keyed by its name and the hash of its source
    assert "pipeline.stages.extract" in {key.rsplit(":", 1)[0] for key in kept}
    assert any("pipeline.extractors.agencies" in v for v in kept.values())

    def parse_again(*args):
        raise AssertionError("a module whose source did not change was parsed again")

    monkeypatch.setattr(engine, "_KNOWN_IMPORTS", None)  # a new stage process
    monkeypatch.setattr(engine, "_imports", parse_again)
    assert engine.code_files("pipeline.stages.extract") == first


def test_engine_by_notice_rejects_tables_out_of_documents_order():
    docs = [{"doc_id": "a"}, {"doc_id": "b"}]
    rows = [{"doc_id": "b", "x": 1}, {"doc_id": "a", "x": 2}]
    with pytest.raises(ValueError, match="documents order"):
        list(engine.by_notice(docs, rows))


def _table(path: Path, rows: list[dict]) -> Path:
    import pyarrow as pa

    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def _count_rows(item: tuple) -> tuple:
    doc, first, second = item
    return doc["doc_id"], [r["x"] for r in first], [r["y"] for r in second]


@pytest.mark.parametrize("by_reference", [True, False])
@pytest.mark.parametrize("batch_rows", [1, 2, 3, 4096])
def test_engine_by_notice_tables_gives_each_notice_its_rows(
    tmp_path, batch_rows, by_reference
):
    """Notices whose rows span record batches, notices with no rows in a table."""
    docs = [{"doc_id": d} for d in "abcde"]
    first = [{"doc_id": d, "x": i} for i, d in enumerate("aaabddddd")]
    second = [{"doc_id": d, "y": i} for i, d in enumerate("bbe")]
    items = engine.by_notice_tables(
        docs,
        _table(tmp_path / "first.parquet", first),
        _table(tmp_path / "second.parquet", second),
        batch_rows=batch_rows,
        by_reference=by_reference,
    )
    got = [engine.read_rows(_count_rows)(item) for item in items]
    assert got == [
        ("a", [0, 1, 2], []),
        ("b", [3], [0, 1]),
        ("c", [], []),
        ("d", [4, 5, 6, 7, 8], []),
        ("e", [], [2]),
    ]
    assert got == [_count_rows(i) for i in engine.by_notice(docs, first, second)]


@pytest.mark.parametrize("by_reference", [True, False])
def test_engine_by_notice_tables_rejects_tables_out_of_documents_order(
    tmp_path, by_reference
):
    docs = [{"doc_id": "a"}, {"doc_id": "b"}]
    rows = _table(
        tmp_path / "t.parquet", [{"doc_id": "b", "x": 1}, {"doc_id": "a", "x": 2}]
    )
    with pytest.raises(ValueError, match="documents order"):
        list(engine.by_notice_tables(docs, rows, by_reference=by_reference))


def test_engine_rows_pickle_their_own_rows_only(tmp_path):
    """A notice's rows go to a worker without the batch they were cut from."""
    import pickle

    rows = [
        {"doc_id": f"n{i // 50}", "x": i, "text": f"câu thứ {i} " * 20}
        for i in range(5000)
    ]
    items = list(
        engine.by_notice_tables(
            [{"doc_id": f"n{i}"} for i in range(100)],
            _table(tmp_path / "t.parquet", rows),
            by_reference=False,
        )
    )
    one = items[37][1]
    sent = pickle.loads(pickle.dumps(one))
    assert sent.to_list() == one.to_list() == rows[37 * 50 : 38 * 50]
    assert len(pickle.dumps(one)) < 2 * len(pickle.dumps(rows[37 * 50 : 38 * 50]))


def test_engine_row_refs_travel_small_and_read_the_file_as_it_is(tmp_path):
    """A worker is sent where a notice's rows are, and reads them itself; a file written
    again in the same process (a later run) is read again, not from a kept reader."""
    import pickle

    path = tmp_path / "t.parquet"
    rows = [
        {"doc_id": f"n{i // 50}", "x": i, "text": f"câu {i} " * 20} for i in range(5000)
    ]
    docs = [{"doc_id": f"n{i}"} for i in range(100)]
    ref = list(engine.by_notice_tables(docs, _table(path, rows), batch_rows=64))[37][1]
    assert isinstance(ref, engine.RowRef) and len(pickle.dumps(ref)) < 300
    assert pickle.loads(pickle.dumps(ref)).to_list() == rows[37 * 50 : 38 * 50]
    # rows spanning row groups
    pq.write_table(pq.read_table(path), path, row_group_size=70)
    ref = list(engine.by_notice_tables(docs, path))[1][1]
    assert ref.to_list() == rows[50:100]
    changed = [{**r, "x": -r["x"]} for r in rows]
    ref = list(engine.by_notice_tables(docs, _table(path, changed)))[1][1]
    assert [r["x"] for r in ref.to_list()] == [-x for x in range(50, 100)]


# ---------------------------------------------------------------- the stages, incremental


def _project(
    tmp_path: Path,
    monkeypatch,
    workers: int = 1,
    backend: str = "local",
    chunk: int = 1,
) -> Path:
    """A corpus folder and a params.yaml of our own; the package's code as is."""
    raw = tmp_path / "raw"
    for name in NOTICES[:3]:
        (raw / Path(name).parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, raw / Path(name).parent.name / Path(name).name)
    values = yaml.safe_load(paths.PARAMS_FILE.read_text(encoding="utf-8"))
    values["engine"] = {
        "workers": workers,
        "backend": backend,
        "dask_address": None,
        "chunk": chunk,
    }
    params_file = tmp_path / "params.yaml"
    params_file.write_text(yaml.safe_dump(values, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(paths, "PARAMS_FILE", params_file)
    return tmp_path


def _run_stages(project: Path) -> dict[str, dict]:
    out = project / "outputs"
    docs, secs, sents = (
        out / f"{n}.parquet" for n in ("documents", "sections", "sentences")
    )
    engine.STATS.clear()
    ingest.main([str(project / "raw"), str(docs), str(out / "ingest.json")])
    segment.main([str(docs), str(secs), str(sents)])
    extract.main(
        [str(docs), str(secs), str(out / "extract"), str(out / "extract.json")]
    )
    tasks.main(
        [
            str(docs),
            str(secs),
            str(out / "extract"),
            str(out / "tasks.parquet"),
            str(out / "task_assignees.parquet"),
        ]
    )
    classify.main(
        [
            str(docs),
            str(secs),
            str(sents),
            str(classify.DEFAULT_MODEL),
            str(out / "shortcomings.parquet"),
            str(out / "classify.json"),
        ]
    )
    return dict(engine.STATS)


def _computed(stats: dict) -> dict[str, int]:
    return {stage: s["computed"] for stage, s in stats.items()}


@pytest.fixture(scope="module", autouse=True)
def _trained_model(tmp_path_factory):
    """A model trained on corpus/labels (no cross-validation: fast), used by classify
    in place of models/shortcomings, which a fresh clone does not have."""
    rows = read_labels(ROOT / "corpus/labels/shortcomings.jsonl")
    p = params.load("train", TrainParams)
    texts = [r["text"] for r in rows]
    y = np.array([[int(c in r["codes"]) for c in codes()] for r in rows])
    model = fit(texts, [as_words(t) for t in texts], y, [r["source"] for r in rows], p)
    folder = tmp_path_factory.mktemp("model")
    save(model, folder, "sklearn")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(classify, "DEFAULT_MODEL", folder)
        yield folder


def test_engine_adding_one_notice_computes_only_it(tmp_path, monkeypatch):
    project = _project(tmp_path, monkeypatch)
    assert set(_computed(_run_stages(project)).values()) == {3}
    shutil.copy(ROOT / NOTICES[3], project / "raw" / "added.txt")
    stats = _run_stages(project)
    assert _computed(stats) == dict.fromkeys(stats, 1)
    assert {s["cached"] for s in stats.values()} == {3}
    assert len(tables.read(project / "outputs/documents.parquet")) == 4


def test_engine_unchanged_corpus_is_all_cached_and_outputs_identical(
    tmp_path, monkeypatch
):
    project = _project(tmp_path, monkeypatch)
    _run_stages(project)
    first = {name: (project / "outputs" / name).read_bytes() for name in OUTPUTS}
    assert set(_computed(_run_stages(project)).values()) == {0}
    assert {n: (project / "outputs" / n).read_bytes() for n in OUTPUTS} == first


def test_engine_removing_a_notice_drops_its_rows_and_cache_entries(
    tmp_path, monkeypatch
):
    project = _project(tmp_path, monkeypatch)
    _run_stages(project)
    gone_file = project / "raw" / Path(NOTICES[0]).parent.name / Path(NOTICES[0]).name
    gone = tables.read(project / "outputs/documents.parquet").set_index("source")
    gone_id = gone.loc[source_name(gone_file), "doc_id"]
    gone_file.unlink()
    assert set(_computed(_run_stages(project)).values()) == {0}
    for name in OUTPUTS:
        assert gone_id not in set(
            pq.read_table(project / "outputs" / name).column("doc_id").to_pylist()
        ), name
    for stage in ("ingest", "segment", "extract", "tasks", "classify"):
        keys = pq.read_table(engine.cache_dir() / f"{stage}.parquet").column("key")
        assert len(keys) == 2 and not any(gone_id in k for k in keys.to_pylist())


def test_engine_changed_lexicon_recomputes_every_notice(tmp_path, monkeypatch):
    package = tmp_path / "package"
    shutil.copytree(
        engine.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__")
    )
    monkeypatch.setattr(engine, "PACKAGE", package)
    project = _project(tmp_path, monkeypatch)
    _run_stages(project)
    with (package / "lexicons" / "task_cues.yaml").open("a", encoding="utf-8") as fh:
        fh.write("# edited\n")
    assert set(_computed(_run_stages(project)).values()) == {3}


def test_engine_changed_param_recomputes_its_stage_and_those_after(
    tmp_path, monkeypatch
):
    project = _project(tmp_path, monkeypatch)
    _run_stages(project)
    values = yaml.safe_load(paths.PARAMS_FILE.read_text(encoding="utf-8"))
    values["segment"]["words"] = False
    paths.PARAMS_FILE.write_text(
        yaml.safe_dump(values, allow_unicode=True), encoding="utf-8"
    )
    stats = _computed(_run_stages(project))
    assert stats == {"ingest": 0, "segment": 3, "extract": 3, "tasks": 3, "classify": 3}


def test_engine_two_workers_write_the_same_bytes_as_one(tmp_path, monkeypatch):
    one = _project(tmp_path / "one", monkeypatch, workers=1)
    _run_stages(one)
    two = _project(tmp_path / "two", monkeypatch, workers=2)
    monkeypatch.setenv("KETLUAN_CACHE", str(tmp_path / "cache2"))
    _run_stages(two)
    for name in OUTPUTS:
        if name == "documents.parquet":  # its source column names the folder
            continue
        assert (one / "outputs" / name).read_bytes() == (
            two / "outputs" / name
        ).read_bytes(), name


@pytest.mark.slow
def test_engine_dask_local_cluster_writes_the_same_tables(tmp_path, monkeypatch):
    local = _project(tmp_path / "local", monkeypatch, workers=1)
    _run_stages(local)
    dask = _project(tmp_path / "dask", monkeypatch, workers=2, backend="dask")
    monkeypatch.setenv("KETLUAN_CACHE", str(tmp_path / "cache2"))
    _run_stages(dask)
    for name in OUTPUTS:
        if name == "documents.parquet":
            continue
        assert (local / "outputs" / name).read_bytes() == (
            dask / "outputs" / name
        ).read_bytes(), name


@pytest.mark.parametrize("stage", ["ingest", "segment", "extract", "tasks", "classify"])
def test_engine_stage_run_as_main_fingerprints_its_own_code(stage):
    """DVC runs each stage as ``python -m pipeline.stages.<stage>`` (``__name__ == "__main__"``):
    the fingerprint its cache is keyed by must still cover the stage's code, or a changed
    extractor would be served stale results from the cache."""
    import subprocess
    import sys

    probe = (  # run the module's code as `python -m` does, under the name "__main__"
        "import importlib, importlib.util, pathlib, sys, types\n"
        f"spec = importlib.util.find_spec('pipeline.stages.{stage}')\n"
        "main = types.ModuleType('__main__'); main.__spec__ = spec\n"
        "main.__file__, main.__package__ = spec.origin, 'pipeline.stages'\n"
        "sys.modules['__main__'] = main; sys.argv = ['stage', '--help']\n"
        "code = compile(pathlib.Path(spec.origin).read_text(), spec.origin, 'exec')\n"
        "try:\n    exec(code, main.__dict__)\nexcept SystemExit:\n    pass\n"
        f"print(main.fingerprint() == importlib.import_module('pipeline.stages.{stage}').fingerprint())"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.stdout.strip().endswith("True"), done.stderr[-500:]
