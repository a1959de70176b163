"""The report stage: analytics database, executed notebook, HTML report, figures."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline import database
from pipeline.core import paths, tables
from pipeline.stages import report

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
from synthetic import SCRIPT_ITEM, build_outputs  # noqa: E402

NOTEBOOK = paths.ROOT / "notebooks" / "02_recurring_shortcomings.ipynb"
HEADINGS = [
    "Báo cáo xu hướng tồn tại, hạn chế",
    "Tóm tắt",
    "Những tồn tại lặp lại nhiều nhất",
    "Tăng, giảm trong kỳ gần nhất",
    "Cơ quan có nhiều nhiệm vụ quá hạn nhất",
    "Biểu đồ",
    "Tồn tại, hạn chế theo loại và theo kỳ",
    "Số kỳ liên tiếp nêu cùng một tồn tại",
    "Nhiệm vụ được giao theo cơ quan",
    "Bảng chi tiết",
    "Ví dụ trích từ các thông báo",
    "Cách đọc báo cáo",
]
FIGURES = ["code_by_period.png", "recurrence_streaks.png", "tasks_by_agency.png"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Synthetic outputs/ with the report stage run over them (once per module)."""
    out = build_outputs(tmp_path_factory.mktemp("project"))
    report.main(
        [
            str(out),
            str(NOTEBOOK),
            str(out / "report"),
            str(out / "ketluan.duckdb"),
            "--metrics",
            str(out.parent / "metrics" / "report.json"),
        ]
    )
    return out


@pytest.fixture(scope="module")
def con(built):
    with duckdb.connect(str(built / "ketluan.duckdb"), read_only=True) as c:
        yield c


@pytest.fixture(scope="module")
def page(built) -> str:
    return (built / "report" / "trends.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- database


def test_database_has_every_table_and_view(con):
    names = {
        r[0]
        for r in con.sql("SELECT table_name FROM information_schema.tables").fetchall()
    }
    assert set(database.SOURCES) | set(database.VIEWS) <= names
    assert {"code_labels", "role_labels", "status_labels", "run_info"} <= names
    assert (
        con.sql("SELECT count(*) FROM documents WHERE text IS NOT NULL").fetchall()[0][
            0
        ]
        == 7
    )
    assert "text" not in con.sql("SELECT * FROM documents_meta LIMIT 0").columns


@pytest.mark.parametrize("name", list(database.EXAMPLE_QUERIES))
def test_database_example_queries_run(con, name):
    assert len(con.sql(database.EXAMPLE_QUERIES[name]).fetchall()) > 0


def test_database_readme_queries_run(con):
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sql\n(.*?)```", readme, re.S)
    if not queries:
        pytest.skip("README has no ```sql blocks yet")
    for sql in queries:
        for statement in filter(str.strip, sql.split(";")):
            con.sql(statement).fetchall()


def test_database_recurring_shortcomings_view(con):
    rows = con.sql(
        """SELECT label, longest_streak, current_streak, periods
           FROM recurring_shortcomings
           WHERE code = 'disbursement' AND series LIKE '%An Giang'"""
    ).fetchall()
    assert rows == [
        (
            "Giải ngân vốn đầu tư công chậm",
            4,
            4,
            ["2021-H2", "2022-H1", "2022-H2", "2023-H2"],
        )
    ]
    # params.yaml's lineage view is "current": Kiên Giang's reviews continue as An Giang's
    printed = con.sql("SELECT DISTINCT series_printed FROM trends_notices").fetchall()
    assert ("Ủy ban nhân dân tỉnh — Kiên Giang",) in printed
    # raised in one period only: not recurring
    assert not con.sql(
        "SELECT * FROM recurring_shortcomings WHERE code = 'epidemic'"
    ).fetchall()


def test_database_overdue_and_legal_views(con):
    overdue = con.sql("SELECT agency, overdue, tasks FROM overdue_tasks_by_agency").df()
    assert overdue["overdue"].is_monotonic_decreasing
    assert "Ủy ban nhân dân các huyện, thành phố" not in set(
        overdue["agency"]
    )  # collective
    legal = con.sql("SELECT * FROM most_cited_legal_documents").df().set_index("ref_id")
    assert legal.loc["15/2020/NĐ-CP", "notices_citing"] == 7
    assert legal.loc["15/2020/NĐ-CP", "tasks_based_on_it"] == 7
    assert legal.loc["08/CT-TTg", "tasks_based_on_it"] == 0


def test_database_status_matches_register(con, built):
    """The view's status is the task register's (same rule, same as_of)."""
    statuses = con.sql("SELECT DISTINCT task_id, status FROM tasks_register").df()
    register = pd.read_csv(built / "task_register.csv", encoding="utf-8-sig")
    vi = {
        "overdue": "Quá hạn",
        "due_soon": "Đến hạn trong 30 ngày",
        "later": "Còn hạn",
        "none": "Không có thời hạn",
    }
    expected = register.drop_duplicates("Mã nhiệm vụ").set_index("Mã nhiệm vụ")[
        "Tình trạng"
    ]
    assert all(expected[t] == vi[s] for t, s in statuses.itertuples(index=False))


def test_database_build_is_atomic(tmp_path, monkeypatch):
    db = tmp_path / "ketluan.duckdb"
    database.build(tmp_path, db, dt.date(2024, 1, 1), 30)
    before = db.read_bytes()

    def fail(*_):
        raise RuntimeError("interrupted")

    monkeypatch.setattr(database, "_fill", fail)
    with pytest.raises(RuntimeError):
        database.build(tmp_path, db, dt.date(2024, 1, 1), 30)
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ketluan.duckdb"]


def test_database_memory_limit_bounds_duckdb_not_the_data(built, tmp_path):
    """report.memory_limit (issue 18): DuckDB builds the same tables under a small
    limit (the setting belongs to the connection; the file does not keep it)."""
    db = tmp_path / "small.duckdb"
    summary = database.build(built, db, dt.date(2024, 1, 1), 30, memory_limit="64MB")
    with duckdb.connect(str(built / "ketluan.duckdb"), read_only=True) as a, \
            duckdb.connect(str(db), read_only=True) as b:
        for name, rows in summary["tables"].items():
            assert a.sql(f"SELECT count(*) FROM {name}").fetchall()[0][0] == rows, name
        query = "SELECT * FROM overdue_tasks_by_agency"
        assert a.sql(query).fetchall() == b.sql(query).fetchall()


def test_database_missing_tables_are_reported(tmp_path):
    """Documents only: spec tables exist empty; views needing more are skipped."""
    tables.write(tables.empty("documents"), "documents", tmp_path / "documents.parquet")
    summary = database.build(tmp_path, tmp_path / "db.duckdb", dt.date(2024, 1, 1), 30)
    # trends/lineage.parquet missing: an empty table, so its view exists and is empty
    assert summary["views"] == [
        "documents_meta", "lineage_mappings", "most_cited_legal_documents"
    ]
    assert "recurring_shortcomings" in summary["skipped_views"]
    assert summary["tables"]["legal_refs"] == 0 and "legal_refs" in summary["missing"]


def test_find_outputs_relative_to_notebook_or_root(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "outputs").mkdir(parents=True)
    (repo / "notebooks").mkdir()
    monkeypatch.setattr(paths, "ROOT", repo)  # a fresh clone has no outputs/ yet
    monkeypatch.chdir(tmp_path)  # neither a notebook folder nor the repo
    assert database.find_outputs("../outputs") == (repo / "outputs").resolve()
    (tmp_path / "mine").mkdir()
    assert database.find_outputs("mine") == tmp_path / "mine"
    with pytest.raises(FileNotFoundError):
        database.find_outputs("no-such-folder")


def test_code_labels_cover_the_taxonomy():
    labels = database.code_labels()
    taxonomy = paths.ROOT.parent / "shared" / "TAXONOMY.md"
    if not taxonomy.exists():
        pytest.skip("shared/ not beside the repository")
    codes = (
        re.findall(
            r"^\| `(\w+)` \| ([^|]+) \|", taxonomy.read_text(encoding="utf-8"), re.M
        )
        if taxonomy.exists()
        else []
    )
    assert len(labels) == 17 and labels["site_clearance"].startswith("Bồi thường")
    for code, label in codes:
        assert labels[code] == label.strip()


# ---------------------------------------------------------------- the HTML report


def test_report_has_vietnamese_headings_in_order(page):
    assert '<meta charset="utf-8"' in page and 'lang="vi"' in page
    at = [page.find(h) for h in HEADINGS]
    assert -1 not in at, [h for h, i in zip(HEADINGS, at, strict=True) if i < 0]
    assert at == sorted(at)


def test_report_escapes_notice_text(page):
    assert "<script>alert" not in page
    assert (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
        or "&lt;script&gt;alert('x')&lt;/script&gt;" in page
    )
    assert "<b>nhiệm vụ" not in page


def test_report_is_self_contained_without_code(page):
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert not re.search(r"<link[^>]*href=[\"']?(https?:)?//", page)
    assert "import duckdb" not in page and '<div class="highlight' not in page


def test_report_quotes_items_with_their_notice(page):
    assert "Vốn đầu tư công chưa giải ngân còn lớn" in page
    assert (
        "165/TB-VP" in page
        and "16/07/2023" in page
        and "Ủy ban nhân dân tỉnh — Kiên Giang" in page
    )


def test_report_figures_and_csv(built):
    for name in FIGURES:
        data = (built / "report" / "figures" / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    csv = pd.read_csv(built / "report" / "code_by_period.csv")
    assert list(csv.columns) == ["period", "code", "notices"]
    assert csv.loc[csv["code"] == "disbursement", "notices"].sum() == 4
    assert (built / "report" / "trends.ipynb").exists()
    assert (built.parent / "metrics" / "report.json").exists()


# ---------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("period", "short", "expected"),
    [
        ("2021-H1", False, "6 tháng đầu năm 2021"),
        ("2021-H2", True, "6T cuối 2021"),
        ("2022-Q3", False, "Quý 3/2022"),
        ("2023", False, "Năm 2023"),
        ("2023", True, "2023"),
    ],
)
def test_period_vi(period, short, expected):
    assert report.period_vi(period, short) == expected


def test_in_periods_and_matches():
    periods = pd.Series(["2020-H2", "2021-H1", "2021-H2", "2022-H1", None])
    assert report.in_periods(periods, "2021", "2021").tolist() == [
        False,
        True,
        True,
        False,
        False,
    ]
    assert report.in_periods(periods, "2021-H2", None).tolist() == [
        False,
        False,
        True,
        True,
        False,
    ]
    series = pd.Series(["Ủy ban nhân dân tỉnh — Kiên Giang", "Tỉnh ủy — Bắc Giang"])
    assert report.matches(series, "kiên giang").tolist() == [True, False]
    assert report.matches(series, None).tolist() == [True, True]


def test_summary_lines_escape_data():
    recurring = pd.DataFrame(
        [
            {
                "series": "<i>S</i>",
                "code": "budget",
                "periods_raised": 3,
                "periods_total": 3,
                "longest_streak": 3,
                "current_streak": 3,
            }
        ]
    )
    recurrence = pd.DataFrame(
        [
            {
                "series": "<i>S</i>",
                "code": "x<script>",
                "trend": "rising",
                "last_seen": "2023-H2",
                "last_period": "2023-H2",
                "share_last": 1.0,
                "share_before": 0.5,
            }
        ]
    )
    overdue = pd.DataFrame(
        [{"agency": "Sở <b>A</b>", "jurisdiction": None, "tasks": 2, "overdue": 1}]
    )
    lines = report.summary_lines(
        recurring, recurrence, overdue, {"budget": "Thu ngân sách"}, 5
    )
    html = " ".join(sum(lines.values(), []))
    assert "<script>" not in html and "<i>S</i>" not in html and "<b>A</b>" not in html
    assert "tăng" in lines["changes"][0] and "50% → 100%" in lines["changes"][0]
    assert "Sở &lt;b&gt;A&lt;/b&gt;" in lines["agencies"][0]


def test_html_table_escapes_and_joins_lists():
    html = report.html_table(
        pd.DataFrame({"a": [SCRIPT_ITEM], "b": [["x", "y"]]}),
        {"a": "Nội dung", "b": "Danh sách"},
    )
    assert "<script>" not in html and "x; y" in html and "Nội dung" in html


def test_code_by_period_csv_filters():
    df = pd.DataFrame(
        {
            "series": ["A — Kiên Giang", "B — Bắc Giang", "A — Kiên Giang"],
            "period": ["2021-H1", "2021-H1", "2022-H1"],
            "code": ["budget", "budget", "budget"],
            "notices": [1, 2, 3],
        }
    )
    assert report.code_by_period_csv(df, report.ReportParams()).to_dict("list") == {
        "period": ["2021-H1", "2022-H1"],
        "code": ["budget", "budget"],
        "notices": [3, 3],
    }
    only = report.code_by_period_csv(
        df, report.ReportParams(series="kiên", period_to="2021")
    )
    assert only["notices"].tolist() == [1]


def test_agency_record_finds_todays_body_by_a_predecessors_name(built):
    """`ketluan agency` under the current lineage view: the planning department's tasks
    are the finance department's of the province that absorbed Kiên Giang, each marked
    with the name it was printed with."""
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(
        app, ["agency", "Sở Kế hoạch và Đầu tư", "--series", "An Giang", "--outputs", str(built)]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Sở Tài chính — An Giang: ")
    assert lines[1].startswith("  Gồm nhiệm vụ giao cho cơ quan trước sắp xếp: ")
    assert "Sở Kế hoạch và Đầu tư — Kiên Giang" in lines[1]
    assert any("[tên như in: Sở Kế hoạch và Đầu tư — Kiên Giang]" in x for x in lines)
    with duckdb.connect(str(built / "ketluan.duckdb"), read_only=True) as con:
        record = database.agency_record(con, "Sở Kế hoạch và Đầu tư")
        printed = con.sql(
            "SELECT count(DISTINCT task_id) FROM tasks_register WHERE NOT collective AND "
            "agency_printed IN ('Sở Kế hoạch và Đầu tư', 'Sở Tài chính') "
            "AND jurisdiction_printed = 'Kiên Giang'"
        ).fetchall()[0][0]
    kg = record[record["jurisdiction"] == "An Giang"]
    assert kg["task_id"].nunique() == printed > 0
