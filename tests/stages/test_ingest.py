"""The ingest stage: load_notice, run (duplicates, rejections), ingest_paths, main."""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.core import tables
from pipeline.core.text import doc_hash
from pipeline.corpus import list_files
from pipeline.stages.ingest import IngestParams, ingest_paths, load_notice, main, run

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed.txt"
PARAMS = IngestParams()


def _corpus(root: Path) -> Path:
    """A folder with the seed, a copy of it, a bad file, OS litter and a hidden file."""
    raw = root / "raw"
    (raw / "kien-giang").mkdir(parents=True)
    shutil.copy(SEED, raw / "kien-giang" / "a-seed.txt")
    shutil.copy(SEED, raw / "kien-giang" / "b-copy.md")
    (raw / "kien-giang" / "c-empty.txt").write_bytes(b"")
    (raw / "notes.xls").write_text("Sở Y tế")
    for litter in (
        "Thumbs.db",
        ".DS_Store",
        "desktop.ini",
        "~$a-seed.docx",
        ".hidden.txt",
    ):
        (raw / litter).write_text("x")
    (raw / ".git").mkdir()
    (raw / ".git" / "HEAD").write_text("ref")
    return raw


def test_load_notice_seed():
    notice = load_notice(SEED, PARAMS)
    assert notice.doc_id == doc_hash(notice.text) and len(notice.doc_id) == 16
    assert (notice.format, notice.encoding, notice.number) == ("txt", "utf-8", None)
    assert notice.issuer == "Văn phòng Ủy ban nhân dân tỉnh"
    assert notice.meeting_date == dt.date(2021, 7, 7) and notice.issued_on is None
    assert (notice.chair_name, notice.signer_name) == ("Lâm Minh Thành", "Đặng Vũ Bằng")
    notes = json.loads(notice.footnotes)
    assert [n["number"] for n in notes] == list(range(1, 9))
    assert notice.text[notes[7]["marker"]] == "⁸"
    assert json.loads(notice.warnings) == []
    assert notice.body_end == notice.text.index("\n\n¹ ")


def test_list_files_skips_litter_and_hidden(tmp_path):
    raw = _corpus(tmp_path)
    names = [p.relative_to(raw).as_posix() for p in list_files(raw)]
    assert names == [
        "kien-giang/a-seed.txt",
        "kien-giang/b-copy.md",
        "kien-giang/c-empty.txt",
        "notes.xls",
    ]


def test_run_reports_every_file(tmp_path, caplog):
    raw = _corpus(tmp_path)
    with caplog.at_level(logging.WARNING, logger="pipeline.stages.ingest"):
        docs, report = run(list_files(raw)[::-1], PARAMS)  # order given does not matter
    assert list(docs.columns) == list(tables.SPECS["documents"])
    assert len(docs) == 1 and docs.loc[0, "chair_name"] == "Lâm Minh Thành"
    files = report["files"]
    assert [(Path(f["source"]).name, f["status"]) for f in files] == [
        ("a-seed.txt", "processed"),
        ("b-copy.md", "duplicate"),
        ("c-empty.txt", "rejected"),
        ("notes.xls", "rejected"),
    ]
    assert files[1]["duplicate_of"] == files[0]["source"]
    assert files[1]["doc_id"] == files[0]["doc_id"] == docs.loc[0, "doc_id"]
    assert (files[2]["reason"], files[3]["reason"]) == (
        "empty file",
        "unknown extension '.xls'",
    )
    assert report["counts"] == {
        "files": 4,
        "processed": 1,
        "duplicate": 1,
        "ignored": 0,
        "rejected": 2,
        "quarantined": 0,
        "by_format": {"txt": 1, "md": 1},
        "by_encoding": {"utf-8": 2},
        "reasons": {
            "empty file": 1,
            "unknown extension '.xls'": 1,
            f"same text as {files[0]['source']}": 1,
        },
    }
    rejected = [
        r.getMessage() for r in caplog.records if r.getMessage().startswith("rejected")
    ]
    assert rejected == [
        f"rejected {files[2]['source']}: empty file",
        f"rejected {files[3]['source']}: unknown extension '.xls'",
    ]


def test_run_source_relative_to_repo_root():
    _, report = run([SEED], PARAMS)
    assert report["files"][0]["source"] == "tests/fixtures/seed.txt"


def test_ingest_paths_accepts_files_and_folders(tmp_path):
    raw = _corpus(tmp_path)
    docs, report = ingest_paths(
        [raw / "kien-giang", raw / "notes.xls", raw / "gone.txt"], PARAMS
    )
    statuses = [
        (Path(f["source"]).name, f["status"], f["reason"]) for f in report["files"]
    ]
    assert statuses == [  # sorted by path: raw/gone.txt < raw/kien-giang/...
        ("gone.txt", "rejected", "file not found"),
        ("a-seed.txt", "processed", None),
        ("b-copy.md", "duplicate", f"same text as {report['files'][1]['source']}"),
        ("c-empty.txt", "rejected", "empty file"),
        ("notes.xls", "rejected", "unknown extension '.xls'"),
    ]
    assert len(docs) == 1


def test_main_writes_table_and_report(tmp_path, monkeypatch):
    raw = _corpus(tmp_path)
    monkeypatch.setattr("pipeline.core.paths.PARAMS_FILE", tmp_path / "params.yaml")
    out, report_path = (
        tmp_path / "out" / "documents.parquet",
        tmp_path / "out" / "ingest.json",
    )
    assert main([str(raw), str(out), str(report_path)]) == 0
    table = pq.read_table(out)
    assert table.schema == tables.schema("documents")
    assert table.num_rows == 1
    report = json.loads(report_path.read_text(encoding="utf-8"))
    counts = report["counts"]
    assert (counts["rejected"], counts["ignored"]) == (2, 6)
    assert len(report["files"]) == 4 + 6  # every path under raw/ is listed


def test_main_reads_params_section(tmp_path, monkeypatch):
    raw = _corpus(tmp_path)
    params_file = tmp_path / "params.yaml"
    params_file.write_text("ingest:\n  max_bytes: 100\n  extensions: [txt, md]\n")
    monkeypatch.setattr("pipeline.core.paths.PARAMS_FILE", params_file)
    out, report_path = tmp_path / "documents.parquet", tmp_path / "ingest.json"
    assert main([str(raw), str(out), str(report_path)]) == 0
    reasons = json.loads(report_path.read_text())["counts"]["reasons"]
    assert reasons == {
        "file too large (15,217 bytes > 100)": 2,
        "empty file": 1,
        "unknown extension '.xls'": 1,
        "Office lock file": 1,
        "hidden file": 1,
        "hidden folder": 1,
        "operating system file": 3,
    }


def test_gold_documents_unchanged_when_other_notices_are_added(tmp_path, monkeypatch):
    """evaluate reads only the gold notices: adding another notice leaves its file's bytes alone."""
    raw = _corpus(tmp_path)
    monkeypatch.setattr("pipeline.core.paths.PARAMS_FILE", tmp_path / "params.yaml")
    monkeypatch.chdir(tmp_path)
    gold = tmp_path / "gold" / "dev"
    gold.mkdir(parents=True)
    (gold / "a.gold.json").write_text(json.dumps({"file": "raw/kien-giang/a-seed.txt"}))
    out = tmp_path / "out"
    argv = ["raw", str(out / "documents.parquet"), str(out / "ingest.json"),
            str(tmp_path / "gold"), str(out / "gold.parquet")]
    assert main(argv) == 0
    before = (out / "gold.parquet").read_bytes()
    assert pq.read_table(out / "gold.parquet").column("source").to_pylist() == [
        "raw/kien-giang/a-seed.txt"]
    text = SEED.read_text(encoding="utf-8").replace("Lâm Minh Thành", "Trần Văn Tư")
    (raw / "kien-giang" / "d-other.txt").write_text(text, encoding="utf-8")
    assert main(argv) == 0
    assert pq.read_table(out / "documents.parquet").num_rows == 2
    assert (out / "gold.parquet").read_bytes() == before
