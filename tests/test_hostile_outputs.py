"""Notice text that attacks the reader of an output stays inert data: no formula in the
task register (xlsx, CSV), no CSV cell a spreadsheet would run, no markup, script or
link in the HTML report; every output readable by colleagues, no temporary file left."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import stat
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pipeline.core import paths, tables
from pipeline.stages import evaluate, report
from tests.conftest import html_text

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
from hostile import (  # noqa: E402
    ATTR_AGENCY,
    FORMULA_NUMBER,
    FORMULA_SECTION,
    FORMULA_TASKS,
    HOSTILE_CELLS,
    HOSTILE_HTML,
    IMG_ITEM,
    SCRIPT_AGENCY,
    build_hostile_outputs,
)
from synthetic import _documents  # noqa: E402

NOTEBOOK = paths.ROOT / "notebooks" / "02_recurring_shortcomings.ipynb"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
GOLD_FILE = "+hostile/=HYPERLINK(1).txt"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """Hostile outputs/ through trends, graph, report and evaluate (umask 022)."""
    old = os.umask(0o022)
    try:
        out = build_hostile_outputs(tmp_path_factory.mktemp("hostile"))
        report.main(
            [str(out), str(NOTEBOOK), str(out / "report"), str(out / "ketluan.duckdb")]
        )
        _evaluate(out, tmp_path_factory.mktemp("gold"))
    finally:
        os.umask(old)
    return out


def _evaluate(out: Path, gold_dir: Path) -> None:
    """evaluate.main on one notice whose gold and prediction differ in hostile values
    (the per-notice prediction is given: it needs the model, not this test)."""
    docs = _documents().head(1).assign(source=GOLD_FILE)
    tables.write(docs, "documents", out / "gold_documents.parquet")
    (gold_dir / "dev").mkdir()
    empty = {"absent": [], "delegated": []}
    gold = {
        "file": GOLD_FILE,
        "notice": {"number": FORMULA_NUMBER, "date": "2021-07-11"},
        "agencies": ["+Sở Nội vụ"],
        "legal_refs": [{"id": "-1/QĐ-UBND"}],
        "deadlines": [{"text": "@trước ngày 1/1", "date": "2021-01-01"}],
        "people": [],
        "targets": [],
        "attendance": empty,
        "tasks": [],
        "shortcomings": [],
    }
    (gold_dir / "dev" / "h.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    predicted = {
        "notice": {"number": "=1+1", "chair": None, "signer": None},
        "agencies": [{"name": SCRIPT_AGENCY}, {"name": "=cmd|' /C calc'!A0"}],
        "legal_refs": [{"id": "@SUM(1)"}],
        "deadlines": [],
        "people": [{"name": "\t-Nguyễn Văn A"}],
        "targets": [],
        "attendance": empty,
        "tasks": [],
        "shortcomings": [],
    }
    mp = pytest.MonkeyPatch()
    mp.setattr(evaluate, "predict", lambda documents, gold: {GOLD_FILE: predicted})
    try:
        evaluate.main(
            [
                str(out / "gold_documents.parquet"),
                str(gold_dir),
                str(out.parent / "metrics" / "extraction.json"),
                str(out / "eval" / "errors.csv"),
            ]
        )
    finally:
        mp.undo()


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _csv_cells(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [cell for row in csv.reader(fh) for cell in row]


# ---------------------------------------------------------------- CSV


def test_csv_files_found(hostile):
    names = {p.relative_to(hostile).as_posix() for p in hostile.rglob("*.csv")}
    assert {"task_register.csv", "eval/errors.csv", "report/code_by_period.csv"} <= names


def test_no_csv_cell_starts_a_formula(hostile):
    """A cell starting with = + - @ tab or CR is a plain number, or has a leading '."""
    for path in hostile.rglob("*.csv"):
        bad = [
            c for c in _csv_cells(path) if c.startswith(FORMULA_START) and not _is_number(c)
        ]
        assert not bad, (path.name, bad)


def test_csv_keeps_the_text_behind_one_quote(hostile):
    register = pd.read_csv(
        hostile / "task_register.csv", encoding="utf-8-sig", keep_default_na=False
    )
    actions = set(register["Nội dung nhiệm vụ"])
    for task in FORMULA_TASKS:
        assert "'" + task in actions, task
    assert "'" + FORMULA_SECTION in set(register["Mục"])
    assert "'" + FORMULA_NUMBER in set(register["Số thông báo"])
    assert SCRIPT_AGENCY in set(register["Cơ quan được giao"])  # no prefix needed
    # dates stay dates
    assert register["Ngày thông báo"].str.fullmatch(r"\d{4}-\d\d-\d\d").all()
    errors = pd.read_csv(hostile / "eval" / "errors.csv", encoding="utf-8-sig")
    assert {"'" + GOLD_FILE} == set(errors["file"])
    values = set(errors["value"])
    for expected in ("'+Sở Nội vụ", "'=cmd|' /C calc'!A0", "'\t-Nguyễn Văn A"):
        assert expected in values, (expected, values)


def test_safe_cell_and_write_csv(tmp_path):
    assert [tables.safe_cell(v) for v in ("=1", "+1", "-1", "@a", "\ta", "\ra")] == [
        "'=1", "'+1", "'-1", "'@a", "'\ta", "'\ra"
    ]
    assert [tables.safe_cell(v) for v in ("a=1", "'=1", "", None, -3, 2.5)] == [
        "a=1", "'=1", "", None, -3, 2.5
    ]
    df = pd.DataFrame(
        {"n": [-3, 4], "x": [-0.5, 1.0], "day": [dt.date(2024, 1, 2), None],
         "t": ["-13", "ok"]}
    )
    tables.write_csv(df, tmp_path / "a.csv")
    assert (tmp_path / "a.csv").read_bytes().decode("utf-8-sig").split("\r\n") == [
        "n,x,day,t", "-3,-0.5,2024-01-02,'-13", "4,1.0,,ok", ""
    ]
    tables.write_csv(pd.DataFrame({"t": ["a\rb", "c\nd"]}), tmp_path / "b.csv")
    assert _csv_cells(tmp_path / "b.csv") == ["t", "a\rb", "c\nd"]


# ---------------------------------------------------------------- xlsx


def test_xlsx_has_no_formula_and_keeps_notice_text_as_strings(hostile):
    book = openpyxl.load_workbook(hostile / "task_register.xlsx")
    strings = set()
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                assert cell.hyperlink is None, (ws.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    strings.add(cell.value)
    strings = {s.replace("_x000D_", "\r") for s in strings}  # how xlsx stores a CR
    for text in [*HOSTILE_CELLS, SCRIPT_AGENCY, ATTR_AGENCY]:
        assert text in strings, text
    ws = book["Tất cả nhiệm vụ"]
    header = [c.value for c in ws[1]]
    dates = [ws.cell(r, header.index("Ngày thông báo") + 1).value for r in (2, 3)]
    assert all(isinstance(d, dt.datetime) for d in dates)


# ---------------------------------------------------------------- HTML report


def test_report_has_no_active_content(hostile):
    page = (hostile / "report" / "trends.html").read_text(encoding="utf-8")
    assert report.page_hazards(page) == []
    assert "<img src=x" not in page and "<script>alert" not in page


def test_report_shows_hostile_text_as_text(hostile):
    page = (hostile / "report" / "trends.html").read_text(encoding="utf-8")
    text = html_text(page)
    for hostile_text in HOSTILE_HTML:
        assert hostile_text in text, hostile_text
    assert IMG_ITEM in text


@pytest.mark.parametrize(
    ("page", "found"),
    [
        ('<p>a</p><a href="#x">x</a><img src="data:image/png;base64,AAA">', []),
        ('<a href="figures/a.png">a</a><a href="../corpus/raw/a.txt">b</a>', []),
        ("<script>alert(1)</script>", ["<script>"]),
        ("<img src=x onerror=alert(1)>", ["<img onerror>"]),
        ('<a href="javascript:alert(1)">x</a>', ["<a href='javascript:alert(1)'>"]),
        ('<a href=" JaVa\tScRiPt:alert(1)">x</a>', ["<a href='JaVa\\tScRiPt:alert(1)'>"]),
        ('<a href="data:text/html,x">x</a>', ["<a href='data:text/html,x'>"]),
        ('<a href="http://evil.example">x</a>', ["<a href='http://evil.example'>"]),
        ('<a href="//evil.example">x</a>', ["<a href='//evil.example'>"]),
        ("<iframe src=a.html></iframe>", ["<iframe>"]),
        ("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", []),
    ],
)
def test_page_hazards(page, found):
    assert report.page_hazards(page) == found


# ---------------------------------------------------------------- files


def test_outputs_are_readable_and_no_temp_file_is_left(hostile):
    files = [p for p in hostile.rglob("*") if p.is_file()]
    assert files
    for path in files:
        assert "ketluan-tmp" not in path.name, path
        assert not path.name.startswith("."), path
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, (path, oct(path.stat().st_mode))
