"""The analytics database: every output table in one DuckDB file, plus views an
analyst can query straight away (recurring shortcomings, overdue tasks, legal bases)."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.core import paths, tables
from pipeline.core.params import parse_yaml
from pipeline.lexicons import path as lexicon_path
from pipeline.register import ROLE_VI, STATUS_VI

log = logging.getLogger(__name__)

# Table name -> file under outputs/. Tables with a spec keep their spec name; the trend
# and graph tables take their folder as a prefix ("trends_recurrence", "graph_nodes").
SOURCES: dict[str, str] = {
    "documents": "documents.parquet",
    "sections": "sections.parquet",
    "sentences": "sentences.parquet",
    "tasks": "tasks.parquet",
    "task_assignees": "task_assignees.parquet",
    "shortcomings": "shortcomings.parquet",
    "followup_status": "followup/tasks.parquet",
    **{t: f"extract/{t}.parquet" for t in tables.EXTRACT_TABLES},
    **{
        f"trends_{t}": f"trends/{t}.parquet"
        for t in ("notices", "code_by_period", "recurrence", "items", "agency_tasks",
                  "lineage")
    },
    **{
        f"graph_{t}": f"graph/{t}.parquet"
        for t in ("nodes", "edges", "agency_metrics", "legal_metrics")
    },
}

# a table loaded under another name than its spec's (an empty one keeps the columns)
SPEC_OF = {"followup_status": "followup"}

# trends/lineage.parquet's columns, for a database built without it (an older run)
LINEAGE_COLUMNS = ["kind", "printed", "printed_jurisdiction", "shown", "shown_jurisdiction",
                   "relation", "note", "rows", "lineage"]

# View name -> (tables it needs, SQL), created in this order (later ones use earlier).
VIEWS: dict[str, tuple[tuple[str, ...], str]] = {
    "documents_meta": (
        ("documents",),
        """
        SELECT * EXCLUDE (text, footnotes) FROM documents""",
    ),
    "tasks_register": (
        ("tasks", "task_assignees", "documents", "trends_notices", "followup_status",
         "trends_lineage"),
        """
        SELECT t.task_id, t.doc_id, d.number,
               coalesce(d.issued_on, d.meeting_date) AS issued_on,
               n.series, n.period, t.section,
               coalesce(m.shown, a.agency) AS agency,
               CASE WHEN m.printed IS NULL THEN a.jurisdiction
                    ELSE m.shown_jurisdiction END AS jurisdiction,
               a.agency AS agency_printed, a.jurisdiction AS jurisdiction_printed,
               m.note AS lineage_note, n.series_printed, a.role,
               rl.label AS role_vi, coalesce(a.collective, false) AS collective,
               t.action,
               t.deadline, t.recurrence, t.legal_basis,
               CASE WHEN f.recorded = 'done' AND f.done_on > t.deadline THEN 'done_late'
                    WHEN f.recorded = 'done' THEN 'done'
                    WHEN f.recorded IN ('stopped', 'not_feasible') THEN f.recorded
                    WHEN t.deadline IS NULL THEN 'none'
                    WHEN t.deadline < r.as_of THEN 'overdue'
                    WHEN t.deadline <= r.as_of + r.due_window_days THEN 'due_soon'
                    ELSE 'later' END AS status,
               f.recorded AS recorded_status, f.done_on, f.suggested,
               t.recurs_task_id, d.source
        FROM tasks t
        JOIN documents d USING (doc_id)
        LEFT JOIN task_assignees a ON a.task_id = t.task_id
        LEFT JOIN trends_notices n ON n.doc_id = t.doc_id
        LEFT JOIN role_labels rl ON rl.role = a.role
        LEFT JOIN followup_status f ON f.task_id = t.task_id
        LEFT JOIN trends_lineage m ON m.kind = 'agency' AND m.printed = a.agency
             AND m.printed_jurisdiction IS NOT DISTINCT FROM a.jurisdiction
        CROSS JOIN run_info r""",
    ),
    "overdue_tasks_by_agency": (
        ("tasks_register",),
        """
        SELECT agency, jurisdiction,
               count(DISTINCT task_id) AS tasks,
               count(DISTINCT task_id) FILTER (WHERE status = 'overdue') AS overdue,
               count(DISTINCT task_id)
                   FILTER (WHERE status = 'overdue' AND role = 'lead')
                   AS overdue_as_lead,
               count(DISTINCT task_id) FILTER (WHERE status = 'due_soon') AS due_soon,
               count(DISTINCT task_id)
                   FILTER (WHERE status = 'none') AS without_deadline,
               count(DISTINCT task_id) FILTER (WHERE status = 'done') AS done,
               count(DISTINCT task_id) FILTER (WHERE status = 'done_late') AS done_late,
               count(DISTINCT task_id)
                   FILTER (WHERE recorded_status IS NULL) AS without_status,
               min(deadline) FILTER (WHERE status = 'overdue') AS oldest_overdue,
               count(DISTINCT doc_id) AS notices
        FROM tasks_register
        WHERE agency IS NOT NULL AND NOT collective
        GROUP BY agency, jurisdiction
        ORDER BY overdue DESC, tasks DESC, agency COLLATE vi, jurisdiction""",
    ),
    "followup": (
        ("tasks_register", "followup_status"),
        """
        WITH task AS (
            SELECT task_id, any_value(doc_id) AS doc_id, any_value(number) AS number,
                   any_value(issued_on) AS issued_on, any_value(series) AS series,
                   string_agg(DISTINCT agency, '; ' ORDER BY agency)
                       FILTER (WHERE role = 'lead') AS leads,
                   any_value(action) AS action, any_value(deadline) AS deadline,
                   any_value(status) AS status
            FROM tasks_register GROUP BY task_id)
        SELECT t.task_id, t.doc_id, t.number, t.issued_on, t.series, t.leads, t.action,
               t.deadline, t.status, sl.label AS status_vi,
               f.recorded AS recorded_status, f.done_on,
               CAST(f.done_on - t.issued_on AS INTEGER) AS days_to_complete,
               t.status = 'done_late' AS done_late,
               f.note, f.evidence, f.recorded_by, f.recorded_at, f.attach,
               f.suggested, f.suggested_number, f.suggested_section, f.suggested_text,
               f.suggested_score
        FROM task t
        LEFT JOIN followup_status f USING (task_id)
        LEFT JOIN status_labels sl ON sl.status = t.status
        ORDER BY t.issued_on, t.task_id""",
    ),
    "lineage_mappings": (
        ("trends_lineage",),
        """
        SELECT kind, printed, printed_jurisdiction, shown, shown_jurisdiction, relation,
               note, rows, lineage
        FROM trends_lineage
        ORDER BY kind DESC, relation, rows DESC, printed COLLATE vi""",
    ),
    "recurring_shortcomings": (
        ("trends_recurrence", "trends_code_by_period"),
        """
        WITH raised AS (
            SELECT series, code, list(period ORDER BY period) AS periods
            FROM trends_code_by_period GROUP BY series, code)
        SELECT r.series, r.code, coalesce(l.label, r.code) AS label, r.periods_raised,
               r.periods_total, r.current_streak, r.longest_streak, r.first_seen,
               r.last_seen, r.trend, r.share_last, r.share_before, raised.periods
        FROM trends_recurrence r
        LEFT JOIN raised USING (series, code)
        LEFT JOIN code_labels l USING (code)
        WHERE r.periods_raised >= 2
        ORDER BY r.longest_streak DESC, r.periods_raised DESC, r.series, r.code""",
    ),
    "most_cited_legal_documents": (
        ("legal_refs", "tasks", "documents"),
        """
        WITH cited AS (
            SELECT l.ref_id, mode(l.doc_type) AS doc_type, mode(l.number) AS number,
                   mode(l.issuer) AS issuer, min(l.issued_on) AS issued_on,
                   count(DISTINCT l.doc_id) AS notices_citing, count(*) AS citations,
                   list(DISTINCT d.number ORDER BY d.number) AS notice_numbers
            FROM legal_refs l JOIN documents d USING (doc_id)
            WHERE l.ref_id IS NOT NULL GROUP BY l.ref_id),
        basis AS (
            SELECT ref_id, count(DISTINCT task_id) AS tasks_based_on_it
            FROM (SELECT unnest(legal_basis) AS ref_id, task_id FROM tasks)
            WHERE ref_id IS NOT NULL
            GROUP BY ref_id)
        SELECT coalesce(c.ref_id, b.ref_id) AS ref_id, c.doc_type, c.number, c.issuer,
               c.issued_on, coalesce(c.notices_citing, 0) AS notices_citing,
               coalesce(c.citations, 0) AS citations,
               coalesce(b.tasks_based_on_it, 0) AS tasks_based_on_it, c.notice_numbers
        FROM cited c FULL JOIN basis b ON b.ref_id = c.ref_id
        ORDER BY notices_citing DESC, tasks_based_on_it DESC, ref_id""",
    ),
}

# The README's example queries; tests run each of them.
EXAMPLE_QUERIES: dict[str, str] = {
    "recurring": "SELECT series, label, longest_streak, current_streak, periods\n"
    "FROM recurring_shortcomings LIMIT 10;",
    "overdue": "SELECT agency, jurisdiction, overdue, tasks, oldest_overdue\n"
    "FROM overdue_tasks_by_agency WHERE overdue > 0 LIMIT 10;",
    "legal": "SELECT ref_id, doc_type, issuer, notices_citing, tasks_based_on_it\n"
    "FROM most_cited_legal_documents LIMIT 10;",
}


def code_labels() -> dict[str, str]:
    """Shortcoming code -> Vietnamese label (lexicons/code_labels.yaml; TAXONOMY.md)."""
    data = parse_yaml(lexicon_path("code_labels.yaml").read_text(encoding="utf-8"))
    return dict(data["labels"])


def find_outputs(outputs_dir: str | os.PathLike = "../outputs") -> Path:
    """The outputs folder: absolute, else relative to the working directory (a
    notebook's folder), notebooks/ or the repo root, whichever exists first."""
    given = Path(outputs_dir)
    if given.is_absolute():
        return given
    for base in (Path.cwd(), paths.ROOT / "notebooks", paths.ROOT):
        if (base / given).is_dir():
            return (base / given).resolve()
    raise FileNotFoundError(f"no outputs folder {outputs_dir!r}; run `make run` first")


def connect(
    outputs_dir: str | os.PathLike = "../outputs", name: str = "ketluan.duckdb"
) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the analytics database in ``outputs_dir``."""
    return duckdb.connect(str(find_outputs(outputs_dir) / name), read_only=True)


def build(
    outputs_dir: Path, db_path: Path, as_of: dt.date, window: int,
    lineage: str = "as_printed", memory_limit: str | None = None,
) -> dict:
    """Load every table found under ``outputs_dir`` into a new DuckDB file and create
    the views; the file replaces ``db_path`` only once it is complete.

    ``memory_limit`` ("2GB"; None: DuckDB's default, 80% of RAM) bounds what DuckDB
    holds in memory while it loads the tables.

    Returns:
        ``{"tables": {name: rows}, "views": [...], "missing": [...],
        "skipped_views": [...]}``
    """
    db_path = Path(db_path)
    # built in a temporary file DuckDB creates itself (it refuses an empty one)
    with tables.atomic_path(db_path, create=False) as tmp:
        wal = Path(f"{tmp}.wal")
        try:
            with duckdb.connect(str(tmp)) as con:
                if memory_limit:  # report.memory_limit: past it DuckDB spills to disk
                    con.sql(f"SET memory_limit = {_lit(memory_limit)}")
                summary = _fill(con, Path(outputs_dir), as_of, window, lineage)
                con.sql("CHECKPOINT")
        finally:
            wal.unlink(missing_ok=True)
    return summary


def _fill(con, outputs_dir: Path, as_of: dt.date, window: int, lineage: str) -> dict:
    # DuckDB 2.x: every statement goes through con.sql() and every result is consumed
    # with fetchall(); an unconsumed execute() result blocks the connection.
    loaded, missing = {}, []
    for name, rel in SOURCES.items():
        path = outputs_dir / rel
        if path.exists():
            con.sql(f"CREATE TABLE {name} AS SELECT * FROM read_parquet({_lit(path)})")
        elif SPEC_OF.get(name, name) in tables.SPECS:  # an empty table keeps its columns
            _register(con, name, tables.schema(SPEC_OF.get(name, name)).empty_table())
            missing.append(name)
        elif name == "trends_lineage":
            _register(con, name, pd.DataFrame(columns=LINEAGE_COLUMNS, dtype=str))
            missing.append(name)
        else:
            missing.append(name)
            continue
        loaded[name] = con.sql(f"SELECT count(*) FROM {name}").fetchall()[0][0]
    _lookups(con, as_of, window, lineage)
    views, skipped = [], []
    for name, (needs, sql) in VIEWS.items():
        if all(n in loaded or n in views for n in needs):
            con.sql(f"CREATE VIEW {name} AS {sql}")
            views.append(name)
        else:
            log.warning("view %s skipped: needs %s", name, ", ".join(needs))
            skipped.append(name)
    return {
        "tables": loaded,
        "views": views,
        "missing": missing,
        "skipped_views": skipped,
    }


def _lookups(con, as_of: dt.date, window: int, lineage: str = "as_printed") -> None:
    """Small tables the views join: labels; the date deadlines are judged against."""
    _register(
        con,
        "code_labels",
        pd.DataFrame(code_labels().items(), columns=["code", "label"]),
    )
    _register(
        con, "role_labels", pd.DataFrame(ROLE_VI.items(), columns=["role", "label"])
    )
    _register(
        con,
        "status_labels",
        pd.DataFrame(STATUS_VI.items(), columns=["status", "label"]),
    )
    built = dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
    con.sql(f"""CREATE TABLE run_info AS SELECT DATE '{as_of.isoformat()}' AS as_of,
                CAST({int(window)} AS INTEGER) AS due_window_days,
                {_lit(lineage)} AS lineage,
                TIMESTAMP '{built}' AS built_at""")


def _register(con, name: str, df) -> None:
    """Copy a pandas frame or Arrow table into a table of the database."""
    con.register("_frame", df)
    con.sql(f"CREATE TABLE {name} AS SELECT * FROM _frame")
    con.unregister("_frame")


def _lit(path) -> str:
    """A path or a string as a SQL string literal."""
    return "'" + str(path).replace("'", "''") + "'"


# what one agency's record groups its tasks by, in this order (Vietnamese for analysts)
RECORD_GROUPS = {
    "overdue": "Quá hạn",
    "due_soon": "Đến hạn trong 30 ngày",
    "later": "Còn hạn",
    "none": "Không có thời hạn",
    "done_late": "Hoàn thành quá hạn",
    "done": "Đã hoàn thành",
    "stopped": "Dừng thực hiện",
    "not_feasible": "Không thực hiện được",
}


def agency_record(con, agency: str, series: str | None = None) -> pd.DataFrame:
    """One agency's tasks (every jurisdiction whose agency name matches, ignoring case
    and diacritics; the exact name when it exists): status, whether a later notice gave
    it again, the notice, the lead role, the recorded and suggested status."""
    from pipeline.core.text import fold

    # a name as printed finds its body under the current view too (Sở Kế hoạch và Đầu tư
    # -> Sở Tài chính), with every predecessor's tasks
    pairs = con.sql(
        "SELECT DISTINCT agency, agency_printed FROM tasks_register "
        "WHERE agency IS NOT NULL AND NOT collective"
    ).fetchall()
    exact = {a for a, p in pairs if agency in (a, p)}
    chosen = sorted(exact) or sorted(
        {a for a, p in pairs if fold(agency) in fold(a) or fold(agency) in fold(p)}
    )
    if not chosen:
        return pd.DataFrame()
    con.register("_chosen", pd.DataFrame({"agency": chosen}))
    df = con.sql(
        """
        SELECT r.agency, r.jurisdiction, r.agency_printed, r.jurisdiction_printed, r.series,
               r.number, r.issued_on,
               r.section,
               r.role_vi, r.action, r.deadline, r.status, r.recorded_status, r.done_on,
               r.suggested, r.task_id,
               coalesce(r.task_id IN (SELECT recurs_task_id FROM tasks
                                      WHERE recurs_task_id IS NOT NULL), false)
                   OR coalesce(r.suggested = 'repeated', false) AS repeated
        FROM tasks_register r JOIN _chosen USING (agency)
        WHERE NOT r.collective
        ORDER BY r.agency, r.jurisdiction, r.issued_on, r.task_id"""
    ).df()
    con.unregister("_chosen")
    if series:
        df = df[df["series"].fillna("").map(fold).str.contains(fold(series), regex=False)]
    df["group"] = pd.Categorical(df["status"], categories=list(RECORD_GROUPS), ordered=True)
    return df.sort_values(["agency", "jurisdiction", "group", "deadline", "issued_on"],
                          kind="stable").reset_index(drop=True)
