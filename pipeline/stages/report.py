"""Report: build the analytics database, execute the trend notebook with papermill and
render it to a self-contained HTML report (outputs/report/trends.html, figures, CSV)."""

from __future__ import annotations

import argparse
import datetime as dt
import html
import logging
import re
import shutil
import sys
import time
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline import database, lineage
from pipeline.core import logs, params, tables
from pipeline.lineage import LineageParams
from pipeline.stages.graph import GraphParams, as_of_date

log = logging.getLogger(__name__)

# What analysts read is Vietnamese.
TREND_VI = {
    "rising": "tăng",
    "falling": "giảm",
    "steady": "không đổi",
    "new": "mới xuất hiện",
}
STATUS_VI = {
    "overdue": "Quá hạn",
    "due_soon": "Sắp đến hạn",
    "later": "Còn hạn",
    "none": "Không có thời hạn",
    "done": "Đã hoàn thành",
    "done_late": "Hoàn thành quá hạn",
    "stopped": "Dừng thực hiện",
    "not_feasible": "Không thực hiện được",
}

STATUS_COLORS = {  # one colour per status in every chart
    "overdue": "#c0392b",
    "due_soon": "#e67e22",
    "later": "#27ae60",
    "none": "#95a5a6",
    "done": "#2471a3",
    "done_late": "#7d3c98",
    "stopped": "#5d6d7e",
    "not_feasible": "#212f3d",
}


@dataclass(frozen=True)
class ReportParams:
    """params.yaml [report]."""

    series: str | None = (
        None  # part of a series name ("Kiên Giang"); None = every series
    )
    period_from: str | None = (
        None  # first period shown ("2021-H1"); None = the earliest
    )
    period_to: str | None = None  # last period shown; None = the latest
    examples: int = 3  # items quoted per shortcoming code
    top: int = 10  # rows in the summary lists and bars in the charts
    rows: int | None = None  # rows of the long tables (recurring, names used); None = all
    memory_limit: str | None = None  # DuckDB's memory while building ("2GB"); None = default


# ------------------------------------------------------------ helpers the notebooks use


def period_vi(period: str, short: bool = False) -> str:
    """A period in words: "2021-H1" -> "6 tháng đầu năm 2021" (short: "6T đầu 2021"),
    "2021-Q3" -> "Quý 3/2021", "2021" -> "Năm 2021"."""
    period = str(period)
    if m := re.fullmatch(r"(\d{4})-H([12])", period):
        part = (
            ("6T đầu" if short else "6 tháng đầu năm")
            if m[2] == "1"
            else ("6T cuối" if short else "6 tháng cuối năm")
        )
        return f"{part} {m[1]}"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", period):
        return f"Quý {m[2]}/{m[1]}"
    return f"Năm {period}" if re.fullmatch(r"\d{4}", period) and not short else period


def in_periods(periods: pd.Series, lo: str | None, hi: str | None) -> pd.Series:
    """Rows whose period lies in [lo, hi]; a bound "2021" covers 2021-H1 and -H2."""
    p = periods.astype("string")
    keep = p.notna()
    if lo:
        keep &= p.str.slice(0, len(lo)) >= lo
    if hi:
        keep &= p.str.slice(0, len(hi)) <= hi
    return keep.fillna(False).astype(bool)


def matches(values: pd.Series, pattern: str | None) -> pd.Series:
    """Rows whose value contains ``pattern`` (case-insensitive, NFC); all for None."""
    if not pattern:
        return pd.Series(True, index=values.index)
    needle = unicodedata.normalize("NFC", pattern).lower()
    hay = values.astype("string").fillna("").str.normalize("NFC").str.lower()
    return hay.str.contains(needle, regex=False)


def series_chosen(frame: pd.DataFrame, pattern: str | None) -> set | None:
    """The series (as a table shows them) that a filter selects: those whose shown or
    printed name contains ``pattern``, so that "Kiên Giang" finds the series it continues
    under the current lineage view ("Ủy ban nhân dân tỉnh — An Giang"). None: no filter."""
    if not pattern:
        return None
    hit = matches(frame["series"], pattern)
    if "series_printed" in frame:
        hit |= matches(frame["series_printed"], pattern)
    return set(frame.loc[hit, "series"].dropna())


def in_series(values: pd.Series, chosen: set | None) -> pd.Series:
    """Rows of the chosen series (``series_chosen``); all when no filter."""
    if chosen is None:
        return pd.Series(True, index=values.index)
    return values.isin(chosen)


def frame(con, sql: str, memory_limit: str | None = None, batch: int = 100_000):
    """A query's rows as a DataFrame, streamed a batch at a time (``.df()`` materialises
    the whole result and then every string as a Python object: three times the frame's
    size at 100,000 notices); ``memory_limit`` (report.memory_limit) bounds what DuckDB
    holds while it computes them. Dates come as ``.df()`` gives them (datetime64[us])."""
    import pyarrow as pa

    if memory_limit:
        con.sql(f"SET memory_limit = '{memory_limit}'")
    reader = con.sql(sql).to_arrow_reader(batch)
    parts = [pa.Table.from_batches([b], reader.schema).to_pandas(date_as_object=False)
             for b in reader]
    if not parts:
        parts = [reader.schema.empty_table().to_pandas(date_as_object=False)]
    df = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    for name in df.columns:
        if str(df[name].dtype).startswith("datetime64"):
            df[name] = df[name].astype("datetime64[us]")
    return df


def html_table(df: pd.DataFrame, columns: dict[str, str] | None = None) -> str:
    """An escaped HTML table (notice text is data, never markup); lists joined."""
    df = df[list(columns)].rename(columns=columns) if columns else df
    return df.map(_cell).to_html(
        index=False, escape=True, na_rep="—", border=0, classes="ketluan"
    )


def _cell(value):
    """Lists joined by "; ", dates as dd/mm/yyyy (as Vietnamese documents write)."""
    if isinstance(value, list | tuple | np.ndarray):
        return "; ".join(map(str, value))
    if isinstance(value, dt.date) and not pd.isna(value):
        return value.strftime("%d/%m/%Y")
    return value


def bullets(lines: list[str], empty: str = "Không có.") -> str:
    """A <ul> of lines built with :func:`esc` (trusted HTML), or ``empty``."""
    if not lines:
        return f"<p><i>{esc(empty)}</i></p>"
    return "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"


REFORM_DAY = dt.date(2025, 7, 1)  # two-level local government, 34 provinces (VN_ADMIN §11)
REFORM_LABEL = "Sắp xếp tổ chức, sáp nhập tỉnh (01/7/2025)"


def reform_position(periods: list[str]) -> float | None:
    """Where a chart over ``periods`` (sorted) draws the reform line: between 2025-H1 and
    2025-H2 (2025-Q2 and -Q3), through the middle of "2025"; None when the periods do
    not reach across it."""
    def start(period: str) -> dt.date:
        year, _, part = str(period).partition("-")
        month = {"H1": 1, "H2": 7, "Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10}.get(part, 1)
        return dt.date(int(year), month, 1)

    before = [i for i, p in enumerate(periods) if start(p) < REFORM_DAY]
    after = [i for i, p in enumerate(periods) if start(p) >= REFORM_DAY]
    if "2025" in periods and before and periods[before[-1]] == "2025":
        return float(before[-1])
    if not before or not after:
        return None
    return before[-1] + 0.5


def lineage_vi(label) -> str:
    """Which names a table shows, in Vietnamese, from its ``lineage`` column value
    ("current 2026-12-07" or "as_printed"; None for outputs made before the column)."""
    if isinstance(label, str) and label.startswith("current "):
        day = dt.date.fromisoformat(label.split()[1])
        return (
            f"Tên cơ quan và địa phương theo tổ chức hiện hành ngày {day:%d/%m/%Y}: tỉnh, "
            "sở, bộ đã sáp nhập được tính cho cơ quan tiếp nhận; cơ quan bị chia tách và "
            "cấp huyện giữ tên như in."
        )
    return "Tên cơ quan và địa phương như in trong thông báo."


RELATION_VI = {
    "merge": "Sáp nhập, hợp nhất: tính cho cơ quan, địa phương tiếp nhận",
    "same": "Đổi tên",
    "split": "Giữ tên như in (chia tách hoặc cấp huyện đã kết thúc; không suy đoán)",
}


def lineage_used(notices: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """The name mappings a report's tables used: series of ``notices`` and named agencies
    of ``tasks`` (tasks_register rows) whose shown name or place differs from the
    printed one, or that were kept as printed with a note; with how many notices or
    task rows each covers."""
    series = notices[notices["lineage_note"].notna()]
    series = (
        series.groupby(["series_printed", "series", "lineage_note"]).size()
        .rename("rows").reset_index()
        .assign(kind="Cơ quan ban hành")
        .rename(columns={"series_printed": "printed", "series": "shown",
                         "lineage_note": "note"})
    )
    named = tasks[tasks["agency"].notna() & ~tasks["collective"].astype(bool)
                  & tasks["lineage_note"].notna()]
    agencies = pd.DataFrame({
        "printed": [who(a, j) for a, j in
                    zip(named["agency_printed"], named["jurisdiction_printed"], strict=True)],
        "shown": [who(a, j) for a, j in
                  zip(named["agency"], named["jurisdiction"], strict=True)],
        "note": named["lineage_note"],
    })
    agencies = (agencies.groupby(["printed", "shown", "note"]).size().rename("rows")
                .reset_index().assign(kind="Cơ quan được giao"))
    out = pd.concat([series, agencies], ignore_index=True)
    out["relation"] = [
        RELATION_VI["split"] if p == s else RELATION_VI["merge"]
        for p, s in zip(out["printed"], out["shown"], strict=True)
    ]
    out["order"] = (out["kind"] == "Cơ quan được giao") * 2 + (out["printed"] == out["shown"])
    cols = ["kind", "printed", "shown", "relation", "rows"]
    return out.sort_values(["order", "rows", "printed"], ascending=[True, False, True])[
        cols].reset_index(drop=True)


def who(agency: str, jurisdiction) -> str:
    """An agency with its province where the name does not say it: "Sở Tài chính
    (An Giang)"."""
    if not isinstance(jurisdiction, str) or jurisdiction in agency:
        return agency
    return f"{agency} ({jurisdiction})"


def short_series(series: str) -> str:
    """Series for chart labels: "Ủy ban nhân dân tỉnh — X" -> "UBND tỉnh — X"."""
    return (
        str(series)
        .replace("Ủy ban nhân dân", "UBND")
        .replace("Hội đồng nhân dân", "HĐND")
    )


def esc(value) -> str:
    """Escape one value for HTML."""
    return html.escape("" if value is None or value is pd.NA else str(value))


def setup_matplotlib() -> None:
    """Charts in DejaVu Sans (bundled with matplotlib; has every Vietnamese glyph)."""
    import matplotlib as mpl

    mpl.rcParams.update(
        {
            "font.family": "DejaVu Sans",
            "figure.dpi": 110,
            "savefig.dpi": 150,
            "savefig.bbox": "tight",
            "axes.spines.top": False,
            "axes.spines.right": False,
            # labels are notice text: "$" is a dollar sign, not the start of TeX
            "text.parse_math": False,
        }
    )


def save_figure(fig, name: str, figures_dir: str | None) -> None:
    """Save ``fig`` as ``figures_dir/name.png`` when a folder is given."""
    if figures_dir:
        with tables.atomic_path(Path(figures_dir) / f"{name}.png") as tmp:
            fig.savefig(tmp, format="png")


# ------------------------------------------------------------ the summary of the report


def summary_lines(
    recurring: pd.DataFrame,
    recurrence: pd.DataFrame,
    overdue: pd.DataFrame,
    labels: dict[str, str],
    top: int,
) -> dict[str, list]:
    """The report's summary as escaped HTML lines, by heading.

    Args:
        recurring: the ``recurring_shortcomings`` view (already filtered).
        recurrence: ``trends/recurrence`` (already filtered).
        overdue: the ``overdue_tasks_by_agency`` view (already filtered).
        labels: code -> Vietnamese label.
        top: lines per heading.
    """
    persistent = [
        f"<b>{esc(labels.get(r.code, r.code))}</b> — {esc(r.series)}: nêu trong "
        f"{r.periods_raised}/{r.periods_total} kỳ, "
        f"dài nhất {r.longest_streak} kỳ liên tiếp"
        + (
            f", vẫn còn ở kỳ gần nhất ({r.current_streak} kỳ liên tiếp)"
            if r.current_streak
            else ""
        )
        for r in recurring.head(top).itertuples()
    ]
    # the last period's rises (and new codes) and falls, biggest change first;
    # "other" (Khác) says nothing to a reader
    moved = recurrence[recurrence["code"].ne("other")]
    moved = moved.assign(delta=moved["share_last"] - moved["share_before"].fillna(0))
    up = moved[moved["trend"].isin(["rising", "new"])].sort_values(
        "delta", ascending=False
    )
    down = moved[moved["trend"].eq("falling")].sort_values("delta")
    half = max(1, (top + 1) // 2)
    changes = [
        f"{esc(labels.get(r.code, r.code))} — {esc(r.series)}: "
        f"<b>{TREND_VI[r.trend]}</b> "
        f"trong {esc(period_vi(r.last_period))} ({_pct(r.share_before)} → "
        f"{_pct(r.share_last)} số thông báo của kỳ)"
        for r in pd.concat([up.head(half), down.head(half)]).itertuples()
    ]
    agencies = [
        f"<b>{esc(r.agency)}</b>"
        + (f" ({esc(r.jurisdiction)})" if _has(r.jurisdiction) else "")
        + f": {r.overdue} nhiệm vụ quá hạn chưa ghi nhận hoàn thành / {r.tasks} nhiệm vụ"
        " được giao"
        for r in overdue[overdue["overdue"] > 0].head(top).itertuples()
    ]
    return {"persistent": persistent, "changes": changes, "agencies": agencies}


def overdue_by_agency(register: pd.DataFrame) -> pd.DataFrame:
    """Per named agency in rows of the ``tasks_register`` view: tasks, overdue (deadline
    passed, not recorded done or stopped), overdue as lead, due soon, recorded done and
    done late, tasks without a recorded status, the oldest overdue deadline; most
    overdue first."""
    named = register[register["agency"].notna() & ~register["collective"].astype(bool)]
    # a register without the follow-up columns (an older database) records nothing
    recorded = named.get("recorded_status", pd.Series(None, index=named.index, dtype=object))
    named = named.assign(
        done=named["task_id"].where(named["status"].eq("done")),
        late=named["task_id"].where(named["status"].eq("done_late")),
        unrecorded=named["task_id"].where(recorded.isna()),
        od=named["task_id"].where(named["status"].eq("overdue")),
        od_lead=named["task_id"].where(
            named["status"].eq("overdue") & named["role"].eq("lead")
        ),
        soon=named["task_id"].where(named["status"].eq("due_soon")),
        od_deadline=named["deadline"].where(named["status"].eq("overdue")),
    )
    out = (
        named.groupby(["agency", "jurisdiction"], dropna=False)
        .agg(
            tasks=("task_id", "nunique"),
            overdue=("od", "nunique"),
            overdue_as_lead=("od_lead", "nunique"),
            due_soon=("soon", "nunique"),
            done=("done", "nunique"),
            done_late=("late", "nunique"),
            without_status=("unrecorded", "nunique"),
            oldest_overdue=("od_deadline", "min"),
        )
        .reset_index()
    )
    return out.sort_values(
        ["overdue", "tasks", "agency"],
        ascending=[False, False, True],
        ignore_index=True,
    )


def quote_examples(
    items: pd.DataFrame, notices: pd.DataFrame, labels: dict[str, str], per_code: int
) -> pd.DataFrame:
    """Up to ``per_code`` items quoted per code (most recent first) with their notice:
    Loại tồn tại, Trích thông báo, Số thông báo, Ngày, Cơ quan ban hành, Kỳ."""
    dates = notices.drop_duplicates("doc_id").set_index("doc_id")
    day = dates["issued_on"].where(dates["issued_on"].notna(), dates["date"])
    df = items.assign(day=items["doc_id"].map(day)).drop_duplicates(["code", "text"])
    order = df.groupby("code")["doc_id"].nunique().sort_values(ascending=False).index
    df = df.sort_values("day", ascending=False, na_position="last")
    picked = pd.concat(
        [df[df["code"] == c].head(per_code) for c in order] or [df.head(0)]
    )
    return pd.DataFrame(
        {
            "Loại tồn tại": picked["code"].map(lambda c: labels.get(c, c)),
            "Trích thông báo": picked["text"],
            "Số thông báo": picked["number"].fillna("(không số)"),
            "Ngày": pd.to_datetime(picked["day"]).dt.strftime("%d/%m/%Y"),
            "Cơ quan ban hành": picked["series"],
            "Kỳ": picked["period"].map(
                lambda v: period_vi(v) if isinstance(v, str) else v
            ),
        }
    )


def _pct(share) -> str:
    return "—" if share is None or pd.isna(share) else f"{float(share):.0%}"


def _has(value) -> bool:
    return isinstance(value, str) and bool(value)


# ------------------------------------------------------------ the stage


def code_by_period_csv(code_by_period: pd.DataFrame, p: ReportParams) -> pd.DataFrame:
    """period, code, notices (summed over the series kept) for ``dvc plots``."""
    keep = matches(code_by_period["series"], p.series) & in_periods(
        code_by_period["period"], p.period_from, p.period_to
    )
    out = (
        code_by_period[keep]
        .groupby(["period", "code"], as_index=False)["notices"]
        .sum()
    )
    return out.sort_values(["period", "code"]).reset_index(drop=True)


def _skip_uri_grammar() -> None:
    """nbformat imports jsonschema, whose optional URI format checker (rfc3987_syntax)
    compiles a Lark grammar on import: 0.7 s per report, for a check notebooks never
    use. Marking the module absent makes jsonschema skip that checker, as it does when
    the package is not installed."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def execute(notebook: Path, executed: Path, parameters: dict) -> None:
    """Run ``notebook`` top to bottom on a fresh kernel (papermill), in its folder."""
    _skip_uri_grammar()
    import papermill as pm

    with tables.atomic_path(executed) as tmp:
        pm.execute_notebook(
            str(notebook),
            str(tmp),
            parameters=parameters,
            kernel_name="python3",
            cwd=str(notebook.parent),
            progress_bar=False,
            log_output=False,
            language="python",
        )


# A template that keeps JupyterLab's look but loads nothing from the network
# (the stock one pulls require.js and MathJax from a CDN).
_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}<style>
main { max-width: 1100px; margin: 0 auto; }
table.ketluan { border-collapse: collapse; font-size: 13px; margin: 0.5em 0 1.5em; }
.jp-RenderedHTMLCommon table.ketluan th, .jp-RenderedHTMLCommon table.ketluan td {
  border: 1px solid #ccc; padding: 4px 8px;
  vertical-align: top; text-align: left; }
table.ketluan th { background: #f0f3f7; }
</style>{%- endblock extra_css -%}
"""


WIDGET = "application/vnd.jupyter.widget-view+json"


def render(executed: Path) -> str:
    """The executed notebook as one HTML page: no code, no prompts, no stderr, no
    external scripts."""
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    for cell in nb.cells:  # warnings are for the notebook's author, not the reader
        cell["outputs"] = [
            o
            for o in cell.get("outputs", [])
            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            # nor a progress bar (DuckDB draws one as a widget when a query runs long,
            # as on 100,000 notices: issue 18); it would be a script in the page
            and WIDGET not in o.get("data", {})
        ]
    nb.metadata.pop("widgets", None)  # the progress bars' state
    nb.cells = [c for c in nb.cells if c.cell_type != "code" or c.outputs]
    exporter = HTMLExporter(
        template_name="lab",
        template_file="ketluan.html.j2",
        extra_loaders=[jinja2.DictLoader({"ketluan.html.j2": _TEMPLATE})],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        language_code="vi",
    )
    body, _ = exporter.from_notebook_node(
        nb, resources={"metadata": {"name": _title(nb)}}
    )
    body = body.replace(
        'alt="No description has been provided for this image"', 'alt="Biểu đồ"'
    )
    external = re.findall(
        r"<(?:script|link)[^>]+(?:src|href)=[\"']?(?:https?:)?//", body
    )
    if external:
        raise RuntimeError(
            f"report would load {len(external)} file(s) from the network"
        )
    if hazards := page_hazards(body):
        raise RuntimeError(f"report has active content: {hazards[:5]}")
    return body


# Elements that run code or send data; the report has none (notice text is escaped).
_ACTIVE = {"script", "iframe", "frame", "object", "embed", "applet", "base", "form"}
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset"}


def page_hazards(page: str) -> list[str]:
    """What in an HTML page could run or leave it: scripts and other active
    elements, ``on...`` handlers, and links other than in-page anchors, relative
    local files and embedded PNG figures (no ``javascript:``, ``data:``, ``http:``)."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Scan(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in _ACTIVE:
                found.append(f"<{tag}>")
            for name, value in attrs:
                value = (value or "").strip()
                if name.startswith("on"):
                    found.append(f"<{tag} {name}>")
                elif name in _URL_ATTRS and not _local_url(tag, name, value):
                    found.append(f"<{tag} {name}={value[:40]!r}>")

    Scan(convert_charrefs=True).feed(page)
    return found


def _local_url(tag: str, name: str, value: str) -> bool:
    """An in-page anchor, a relative local file, or (as an image) an embedded PNG."""
    from urllib.parse import urlsplit

    if tag == "img" and name == "src" and value.startswith("data:image/png;base64,"):
        return True
    parts = urlsplit(value)
    return not (parts.scheme or parts.netloc or ":" in value.split("/")[0])


def _title(nb) -> str:
    first = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    heading = re.search(r"^#\s+(.+)$", first.source, re.M) if first else None
    return heading[1].strip() if heading else "Báo cáo xu hướng"


def run(
    outputs_dir: Path,
    notebook: Path,
    report_dir: Path,
    db_path: Path,
    p: ReportParams,
    as_of: dt.date,
    window: int,
    lineage_label: str = "as_printed",
) -> dict:
    """Database, CSV, executed notebook, figures and HTML; returns the figures."""
    built = database.build(outputs_dir, db_path, as_of, window, lineage_label,
                           p.memory_limit)
    log.info("database: %d tables; peak %d MiB", len(built["tables"]), logs.peak_mib())
    figures = report_dir / "figures"
    shutil.rmtree(figures, ignore_errors=True)
    figures.mkdir(parents=True)
    by_period = pd.read_parquet(outputs_dir / "trends" / "code_by_period.parquet")
    tables.write_csv(
        code_by_period_csv(by_period, p),
        report_dir / "code_by_period.csv",
        encoding="utf-8",  # read by `dvc plots`
    )
    executed = report_dir / "trends.ipynb"
    execute(
        notebook,
        executed,
        {
            **asdict(p),
            "outputs_dir": str(outputs_dir.resolve()),
            "db_path": str(db_path.resolve()),
            "figures_dir": str(figures.resolve()),
        },
    )
    log.info("notebook run; peak of its kernel %d MiB", logs.peak_mib(children=True))
    tables.write_text(render(executed), report_dir / "trends.html")
    return {"database": built, "figures": sorted(f.name for f in figures.glob("*.png"))}


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.stages.report OUTPUTS NOTEBOOK REPORT_DIR DB [--metrics F]``."""
    ap = argparse.ArgumentParser(description=__doc__)
    for name in ("outputs_dir", "notebook", "report_dir", "db_path"):
        ap.add_argument(name, type=Path)
    ap.add_argument("--metrics", type=Path, help="where to write counts (JSON)")
    args = ap.parse_args(argv)
    logs.setup()
    started = time.perf_counter()
    p = params.load("report", ReportParams)
    g = params.load("graph", GraphParams)
    view = lineage.view_of(params.load("lineage", LineageParams), as_of_date(g))
    result = run(
        args.outputs_dir,
        args.notebook,
        args.report_dir,
        args.db_path,
        p,
        as_of_date(g),
        g.due_window_days,
        view.label,
    )
    if args.metrics:
        tables.write_json(
            {
                "tables": result["database"]["tables"],
                "views": result["database"]["views"],
                "missing": result["database"]["missing"],
                "figures": result["figures"],
            },
            args.metrics,
        )
    log.info(
        "report: %d tables, %d views, %d figures in %.1f s; peak %d MiB",
        len(result["database"]["tables"]),
        len(result["database"]["views"]),
        len(result["figures"]),
        time.perf_counter() - started,
        logs.peak_mib(),
    )


if __name__ == "__main__":
    main()
