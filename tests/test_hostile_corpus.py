"""`dvc repro` on a corpus of good notices and one input of each class that used to stop a
whole run: it runs to the end, every good notice is processed, and every bad input is
listed as ignored, rejected or quarantined with a one-line reason."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from pipeline.core.paths import ROOT
from tests.conftest import make_project, run_in
from tests.fuzz.generate import _pdf_objects

pytestmark = pytest.mark.slow

GOOD = [
    "kien-giang/2021-07-07-kiem-diem-6-thang-2021.txt",
    "bac-giang/2021-01-22-kiem-diem-nam-2020.docx",
    "bac-giang/2022-01-19-kiem-diem-nam-2021.pdf",
    "da-nang/2021-10-20-phong-chong-covid-19.html",
]

# A notice in our own words, with the forms that broke the extract stage or its JSON.
ABSURD = """ỦY BAN NHÂN DÂN TỈNH AN GIANG
Số: 77/TB-UBND
An Giang, ngày 31 tháng 12 năm 9999
THÔNG BÁO
Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp ngày 30/12/9999
1. Sở Tài chính chủ trì, hoàn thành trong vòng 15 ngày kể từ ngày ký.
2. Sở Xây dựng hoàn thành trong 99999999 ngày làm việc; báo cáo trước năm 10000.
3. Phấn đấu tổng thu ngân sách đạt {big} tỷ đồng.
4. =HYPERLINK("http://example.invalid","bấm vào đây") Sở Nội vụ rà soát biên chế.
"""


def _pdf_with_a_broken_page_tree(path: Path) -> None:
    """A PDF whose only page is not a page (pdfium: "Failed to load page")."""
    path.write_bytes(
        _pdf_objects(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 2 0 R >>",  # loops
            ]
        )
    )


def _docx_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(400):
                member.write(b"<w:p>" + b"\0" * (1 << 20))


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    project = make_project(tmp_path_factory.mktemp("hostile"))
    raw = project / "corpus" / "raw"
    shutil.rmtree(raw)
    raw.mkdir()
    for name in GOOD:
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "corpus" / "raw" / name, raw / name)
    bad = raw / "bad"
    bad.mkdir()
    (bad / "absurd.txt").write_text(ABSURD.format(big="9" * 400), encoding="utf-8")
    _pdf_with_a_broken_page_tree(bad / "loop.pdf")
    _docx_bomb(bad / "bomb.docx")
    (bad / "cut.pdf").write_bytes(
        (ROOT / "corpus" / "raw" / GOOD[2]).read_bytes()[:3000]
    )
    os.mkfifo(bad / "pipe.txt")
    (bad / "zero.txt").symlink_to("/dev/zero")
    (bad / "passwd.txt").symlink_to("/etc/hostname")
    (bad / "folder.txt").mkdir()
    with open(bad / "sparse.txt", "wb") as f:
        f.truncate(25 * 10**9)
    with open(os.fsencode(bad) + b"/t\xean-h\xf4ng-utf8.txt", "wb") as f:
        f.write("Thông báo kết luận số 3, Sở Y tế chủ trì.".encode())
    (bad / "~$lock.docx").write_bytes(b"x")
    (bad / "Thumbs.db").write_bytes(b"x")
    (bad / ".hidden.txt").write_text("x")
    # the shortcoming classifier is not under test: two folds, no threshold tuning
    params = project / "params.yaml"
    text = params.read_text("utf-8")
    for key, value in (("folds", "2"), ("inner_folds", "2"), ("tune_thresholds", "false")):
        text = re.sub(rf"(?m)^(  {key}:) *\S+", rf"\g<1> {value}", text, count=1)
    params.write_text(text, "utf-8")
    done = run_in(project, sys.executable, "-m", "dvc", "repro", timeout=1500)
    return project, done


def test_the_run_goes_to_the_end(hostile_project):
    project, done = hostile_project
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    for name in (
        "report/trends.html",
        "task_register.xlsx",
        "ketluan.duckdb",
        "quarantine.json",
    ):
        assert (project / "outputs" / name).exists(), name


def test_every_good_notice_is_processed(hostile_project):
    project, _ = hostile_project
    docs = pd.read_parquet(
        project / "outputs" / "documents.parquet", columns=["source"]
    )
    assert {f"corpus/raw/{g}" for g in GOOD} <= set(docs["source"])


def test_every_bad_input_is_listed_with_a_reason(hostile_project):
    project, _ = hostile_project
    report = json.loads((project / "outputs" / "ingest_report.json").read_text("utf-8"))
    by_name = {f["source"].rsplit("/", 1)[-1]: f for f in report["files"]}
    expected = {
        "loop.pdf": "rejected",
        "bomb.docx": "rejected",
        "cut.pdf": "rejected",
        "pipe.txt": "rejected",
        "zero.txt": "rejected",
        "passwd.txt": "rejected",
        "folder.txt": "rejected",
        "sparse.txt": "rejected",
        "~$lock.docx": "ignored",
        "Thumbs.db": "ignored",
        ".hidden.txt": "ignored",
    }
    assert {n: by_name[n]["status"] for n in expected} == expected
    for f in report["files"]:
        if f["status"] != "processed":
            assert f["reason"] and "\n" not in f["reason"], f
    assert by_name["t\\xean-h\\xf4ng-utf8.txt"]["status"] == "processed"
    # the absurd notice is read; the stages that cannot make sense of it quarantine it
    assert by_name["absurd.txt"]["status"] == "processed"
    held = json.loads((project / "outputs" / "quarantine.json").read_text("utf-8"))
    assert all(n["reason"] and n["stage"] and n["error"] for n in held["notices"])


def test_the_absurd_notice_yields_no_absurd_dates_and_strict_json(hostile_project):
    project, _ = hostile_project
    done = run_in(
        project,
        sys.executable,
        "-m",
        "pipeline",
        "extract",
        "corpus/raw/bad/absurd.txt",
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr  # read and processed, not quarantined
    obj = json.loads(done.stdout, parse_constant=lambda c: pytest.fail(f"non-JSON {c}"))
    years = [int(d["date"][:4]) for d in obj["deadlines"] if d.get("date")]
    assert all(1945 <= y <= 2100 for y in years), years
    assert obj["notice"]["date"] is None and obj["notice"]["meeting_date"] is None
    assert any("date out of range (1945-2100)" in w for w in obj["warnings"])
    assert obj["targets"] == []  # a 400-digit figure is no target
