"""Follow-up end to end, in a small project (five Kiên Giang notices) under git and DVC:
recorded statuses stay attached when a notice is added, when a lexicon that touches no
task changes and on a forced re-run; the "Theo dõi" sheet edited with openpyxl,
imported, and shown by the register, the database views and the report."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline import register, tracking
from tests.conftest import html_text, make_project, run_in

pytestmark = pytest.mark.slow
KEEP = "kien-giang"
AS_OF = "2026-06-30"


def _repro(project: Path, *extra: str, target: str = "report") -> str:
    """`dvc repro` of ``target`` and what it needs: the report, or the follow-up stage
    alone where only the statuses are checked (the evaluation stages, which score
    corpus/gold and the follow-up pairs, are not under test here and are left out)."""
    done = run_in(project, sys.executable, "-m", "dvc", "repro", *extra, target)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("followup"))
    raw = root / "corpus/raw"
    for folder in raw.iterdir():
        if folder.name != KEEP:
            shutil.rmtree(folder)
    for extra in sorted((raw / KEEP).iterdir())[5:]:
        extra.unlink()
    # a fixed reference date; the shortcoming classifier (not under test, re-trained on
    # each lexicon edit and forced run) with two folds and no threshold tuning
    params = root / "params.yaml"
    text = params.read_text("utf-8").replace("  as_of: null", f'  as_of: "{AS_OF}"')
    for key, value in (("folds", "2"), ("inner_folds", "2"), ("tune_thresholds", "false")):
        text = re.sub(rf"(?m)^(  {key}:) *\S+", rf"\g<1> {value}", text, count=1)
    params.write_text(text, "utf-8")
    _repro(root, target="followup")
    return root


def _attached(project: Path) -> dict:
    return json.loads((project / "outputs/followup/summary.json").read_text("utf-8"))


def test_recorded_statuses_survive_a_new_notice_a_lexicon_edit_and_a_forced_rerun(project):
    tasks = pd.read_parquet(project / "outputs/tasks.parquet")
    assert len(tasks) > 40
    keys = list(register.RECORDED)
    status = pd.DataFrame(
        [
            {"task_id": t.task_id, "doc_id": t.doc_id, "section": t.section,
             "action": t.action, "status": keys[i % len(keys)],
             "done_on": "2024-01-02" if keys[i % len(keys)] == "đã hoàn thành" else None,
             "note": None, "evidence": None, "recorded_by": "kiểm thử",
             "recorded_at": "2025-01-01T08:00:00"}
            for i, t in enumerate(tasks.itertuples())
        ],
        columns=tracking.COLUMNS,
    )
    path = project / "corpus/followup/status.csv"
    tracking.write_status(status, path)
    _repro(project, target="followup")
    want = {"recorded": len(status), "attached_exact": len(status), "orphans": 0}
    assert {k: _attached(project)[k] for k in want} == want

    # a new notice of the same series
    new = project / "corpus/raw" / KEEP / "2025-01-10-kiem-diem-nam-2024.txt"
    new.write_text(
        (project / "corpus/followup/pairs/06-later.txt").read_text("utf-8"), "utf-8"
    )
    _repro(project, target="followup")
    assert {k: _attached(project)[k] for k in want} == want
    assert len(pd.read_parquet(project / "outputs/tasks.parquet")) > len(tasks)

    # a lexicon that touches no task: every per-notice stage re-runs
    labels = project / "pipeline/lexicons/code_labels.yaml"
    labels.write_text(labels.read_text("utf-8") + "# an analyst's note\n", "utf-8")
    out = _repro(project, target="followup")
    assert "Running stage 'tasks'" in out
    assert {k: _attached(project)[k] for k in want} == want

    # a forced re-run of every stage the follow-up depends on
    _repro(project, "-f", target="followup")
    assert {k: _attached(project)[k] for k in want} == want
    attached = pd.read_parquet(project / "outputs/followup/tasks.parquet")
    got = attached.dropna(subset=["recorded"]).set_index("task_id")["recorded"]
    assert got.to_dict() == {
        t: register.RECORDED[s] for t, s in zip(status["task_id"], status["status"], strict=True)
    }
    tracking.write_status(status.iloc[:0], path)  # the next test starts from nothing
    _repro(project, target="followup")


def test_the_sheet_round_trip_reaches_the_register_views_and_report(project):
    _repro(project)  # the register, its database and the report
    xlsx = project / "outputs/task_register.xlsx"
    book = load_workbook(xlsx)
    ws = book[register.TRACKING_SHEET]
    head = [c.value for c in ws[1]]
    col = {k: head.index(v) + 1 for k, v in register.TRACKING.items()}
    rows = [r for r in range(2, ws.max_row + 1)
            if ws.cell(row=r, column=col["deadline"]).value is not None][:3]
    assert len(rows) == 3 and all(
        ws.cell(row=r, column=col["status"]).value == "Quá hạn" for r in rows
    )
    ids = [ws.cell(row=r, column=col["task_id"]).value for r in rows]
    deadline = ws.cell(row=rows[1], column=col["deadline"]).value
    # as a person would: pick from the drop-down, type a date and a note
    ws.cell(row=rows[0], column=col["recorded"], value="đã hoàn thành")
    ws.cell(row=rows[1], column=col["recorded"], value="đã hoàn thành")
    ws.cell(row=rows[1], column=col["done_on"], value=deadline + dt.timedelta(days=20))
    ws.cell(row=rows[2], column=col["recorded"], value="dừng thực hiện")
    ws.cell(row=rows[2], column=col["note"], value="=dự án đã điều chỉnh chủ trương")
    book.save(xlsx)

    done = run_in(project, sys.executable, "-m", "pipeline", "followup", "import",
                  str(xlsx), "--by", "Nguyễn Thị Lan")
    assert done.returncode == 0, done.stderr
    assert "3 tình trạng mới" in done.stdout
    out = _repro(project)
    for stage in ("ingest", "extract", "tasks", "classify"):
        assert f"Stage '{stage}' didn't change" in out, stage
    for stage in ("followup", "graph", "trends", "report"):
        assert f"Running stage '{stage}'" in out, stage

    reg = pd.read_csv(project / "outputs/task_register.csv", encoding="utf-8-sig")
    by_id = reg.drop_duplicates("Mã nhiệm vụ").set_index("Mã nhiệm vụ")
    assert by_id.loc[ids, "Tình trạng"].tolist() == [
        "Đã hoàn thành", "Hoàn thành quá hạn", "Dừng thực hiện"
    ]
    assert not reg[reg["Mã nhiệm vụ"].isin(ids)]["Tình trạng"].eq("Quá hạn").any()
    with duckdb.connect(str(project / "outputs/ketluan.duckdb"), read_only=True) as con:
        view = con.sql("SELECT task_id, status, recorded_status, note FROM followup").df()
        unrecorded = view["recorded_status"].isna().sum()
        overdue = con.sql(
            "SELECT sum(overdue), sum(done), sum(done_late) FROM overdue_tasks_by_agency"
        ).fetchall()[0]
    got = view.set_index("task_id").loc[ids]
    assert got["status"].tolist() == ["done", "done_late", "stopped"]
    assert got["note"].iloc[2] == "=dự án đã điều chỉnh chủ trương"
    assert unrecorded == len(view) - 3
    assert overdue[1] >= 1 and overdue[2] >= 1
    page = html_text((project / "outputs/report/trends.html").read_text("utf-8"))
    assert f"{unrecorded} trong {len(view)} nhiệm vụ chưa được ghi tình trạng" in page
    assert "Mười cơ quan có nhiều nhiệm vụ quá hạn chưa hoàn thành nhất" in page
