"""The four analyst notebooks: stored stripped, parameterised, and they run top to
bottom on a fresh kernel against synthetic outputs (fast) and the demo corpus (slow)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import nbformat
import pytest

from pipeline import database
from pipeline.core import paths
from pipeline.stages import report

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
from synthetic import build_outputs  # noqa: E402

NOTEBOOKS = sorted((paths.ROOT / "notebooks").glob("*.ipynb"))
NAMES = [
    "01_corpus_overview.ipynb",
    "02_recurring_shortcomings.ipynb",
    "03_responsibility_graph.ipynb",
    "04_deadlines_and_tasks.ipynb",
]


@pytest.fixture(scope="module")
def synthetic_outputs(tmp_path_factory) -> Path:
    out = build_outputs(tmp_path_factory.mktemp("project"))
    database.build(out, out / "ketluan.duckdb", dt.date(2024, 1, 1), 30)
    return out


def _run(notebook: Path, executed: Path, **parameters) -> nbformat.NotebookNode:
    """The report stage's own executor: papermill, a fresh kernel, the notebook's folder."""
    report.execute(notebook, executed, parameters)
    return nbformat.read(executed, as_version=4)


def _images(nb) -> int:
    return sum(
        "image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", [])
    )


def test_notebooks_are_the_four_named():
    assert [nb.name for nb in NOTEBOOKS] == NAMES


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_stored_stripped_and_parameterised(notebook):
    nb = nbformat.read(notebook, as_version=4)
    nbformat.validate(nb)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    assert "Câu hỏi" in nb.cells[0].source and "outputs/" in nb.cells[0].source
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    for name in ("outputs_dir", "series", "period_from", "period_to"):
        assert f"\n{name} = " in f"\n{tagged[0].source}"
    assert 'outputs_dir = "../outputs"' in tagged[0].source
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            assert "papermill" not in cell.metadata and "execution" not in cell.metadata
    assert "papermill" not in nb.metadata and "widgets" not in nb.metadata


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_synthetic_outputs(notebook, synthetic_outputs, tmp_path):
    nb = _run(notebook, tmp_path / notebook.name, outputs_dir=str(synthetic_outputs))
    assert _images(nb) >= 2


def test_notebook_filters_by_series_and_period(synthetic_outputs, tmp_path):
    notebook = paths.ROOT / "notebooks" / "02_recurring_shortcomings.ipynb"
    nb = _run(
        notebook,
        tmp_path / "filtered.ipynb",
        outputs_dir=str(synthetic_outputs),
        series="Bắc Giang",
        period_from="2022",
        period_to="2023-H2",
        figures_dir=str(tmp_path / "figures"),
    )
    text = "".join(
        o.get("data", {}).get("text/html", "")
        for c in nb.cells
        for o in c.get("outputs", [])
    )
    assert "Kiên Giang" not in text and "Thu ngân sách, nợ đọng" in text
    assert len(list((tmp_path / "figures").glob("*.png"))) == 3


def test_notebook_caps_the_long_tables_at_report_rows(synthetic_outputs, tmp_path):
    """report.rows (issue 18): the recurring-shortcomings table shows that many rows and
    says how many there are; the scope line still counts every task."""
    import duckdb

    notebook = paths.ROOT / "notebooks" / "02_recurring_shortcomings.ipynb"

    def html(nb) -> str:
        return "".join(o.get("data", {}).get("text/html", "")
                       for c in nb.cells for o in c.get("outputs", []))

    with duckdb.connect(str(synthetic_outputs / "ketluan.duckdb"), read_only=True) as con:
        recurring = con.sql("SELECT count(*) FROM recurring_shortcomings").fetchall()[0][0]
        tasks = con.sql("SELECT count(DISTINCT task_id) FROM tasks_register").fetchall()[0][0]
    assert recurring > 1
    every = html(_run(notebook, tmp_path / "all.ipynb", outputs_dir=str(synthetic_outputs)))
    one = html(_run(notebook, tmp_path / "one.ipynb", outputs_dir=str(synthetic_outputs),
                    rows=1))
    assert f"Bảng trên gồm 1 trong {recurring} dòng" in one
    assert "Bảng trên gồm" not in every
    assert f"<b>{tasks}</b> nhiệm vụ" in one and f"<b>{tasks}</b> nhiệm vụ" in every
    assert one.count("<tr>") < every.count("<tr>")


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_demo_outputs(notebook, demo_project, tmp_path):
    """Each notebook, top to bottom on a fresh kernel, against the demo corpus's outputs
    (built by `dvc repro` in a temporary project)."""
    out = demo_project / "outputs"
    nb = _run(notebook, tmp_path / notebook.name, outputs_dir=str(out))
    assert _images(nb) >= 1
