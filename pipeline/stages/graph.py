"""Build the responsibility graph (agencies, tasks, legal documents, notices, shortcoming
codes), per-agency figures, and the task register."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pandas as pd

from pipeline import graph_tables, lineage
from pipeline.core import logs, params, tables
from pipeline.graph_tables import agency_node
from pipeline.lineage import LineageParams
from pipeline.register import (
    build_register,
    build_tracking,
    register_sheets,
    task_status,
    with_followup,
    write_workbook,
)

log = logging.getLogger(__name__)
ROLES = ("lead", "coordinate", "advise", "monitor", "implement")
# what the graph and the register read of documents (not the text: issue 18)
DOCUMENT_COLUMNS = ["doc_id", "source", "number", "issued_on", "meeting_date", "issuer",
                    "jurisdiction"]
# what they read of tasks (not the spans, the recurrence phrase or the collective flag)
TASK_COLUMNS = ["task_id", "doc_id", "seq", "section", "action", "deadline", "legal_basis",
                "recurs_task_id", "recurs_similarity"]


@dataclass(frozen=True)
class GraphParams:
    """params.yaml [graph]."""

    as_of: str | None = None  # ISO date for due/overdue; None means the run date
    due_window_days: int = 30
    export: str = "full"  # full: GraphML, GEXF, JSON of the corpus | tables (issue 18)
    series: str | None = None  # tables: GraphML/GEXF/JSON of the series matching this
    workbook_rows: int | None = None  # rows per sheet of task_register.xlsx; None = all

    def __post_init__(self):
        if self.export not in ("full", "tables"):
            raise ValueError(f"graph.export must be full or tables, not {self.export!r}")


def as_of_date(p: GraphParams) -> dt.date:
    """The date deadlines are judged against."""
    return dt.date.fromisoformat(p.as_of) if p.as_of else dt.date.today()


def build_graph(documents, tasks, assignees, shortcomings) -> nx.MultiDiGraph:
    """The corpus-wide graph: nodes carry ``kind``; edges carry ``relation``."""
    g = nx.MultiDiGraph()
    for d in documents.itertuples():
        g.add_node(
            f"notice:{d.doc_id}",
            kind="notice",
            name=d.number or d.source,
            issuer=d.issuer or "",
            jurisdiction=d.jurisdiction or "",
        )
    for t in tasks.itertuples():
        node = f"task:{t.task_id}"
        g.add_node(
            node, kind="task", name=t.action[:80], deadline=str(t.deadline or "")
        )
        g.add_edge(node, f"notice:{t.doc_id}", relation="source")
        for ref in t.legal_basis:
            g.add_node(f"legal:{ref}", kind="legal", name=ref)
            g.add_edge(node, f"legal:{ref}", relation="legal_basis")
        if isinstance(t.recurs_task_id, str):
            g.add_edge(
                node,
                f"task:{t.recurs_task_id}",
                relation="recurs",
                weight=float(t.recurs_similarity),
            )
    # under the current view (lineage.apply): the printed names a node stands for
    printed = assignees.get("agency_printed", assignees["agency"])
    places = assignees.get("jurisdiction_printed", assignees["jurisdiction"])
    for a, was, where in zip(assignees.itertuples(), printed, places, strict=True):
        node = agency_node(a.agency, a.jurisdiction)
        if node not in g:
            g.add_node(
                node,
                kind="collective" if a.collective else "agency",
                name=a.agency,
                jurisdiction=a.jurisdiction or "",
                printed_as="",
            )
        if (was, where or None) != (a.agency, a.jurisdiction or None):
            seen = g.nodes[node]["printed_as"]
            names = {*seen.split("; "), f"{was} ({where})" if where else was} - {""}
            g.nodes[node]["printed_as"] = "; ".join(sorted(names))
        g.add_edge(node, f"task:{a.task_id}", relation=a.role)
    if shortcomings is not None:
        counts = shortcomings.explode("codes").dropna(subset=["codes"])
        for (doc_id, code), n in counts.groupby(["doc_id", "codes"]).size().items():
            g.add_node(f"code:{code}", kind="shortcoming", name=code)
            g.add_edge(
                f"notice:{doc_id}", f"code:{code}", relation="raises", weight=int(n)
            )
    return g


def agency_metrics(
    g, tasks, assignees, as_of: dt.date, window: int, followup=None,
    lineage_label: str = "as_printed",
) -> pd.DataFrame:
    """Per named agency (as ``assignees`` name it: see lineage.apply): tasks by role,
    deadlines, due/overdue (not recorded done or stopped), done and done late, repeated
    tasks, tasks without a recorded status, centrality (of ``g``, a networkx graph, or
    given as node id -> centrality); ``lineage`` says which names."""
    t = with_followup(tasks[["task_id", "deadline", "recurs_task_id"]], followup)
    named = assignees[~assignees["collective"]].merge(
        t[["task_id", "deadline", "recurs_task_id", "recorded", "done_on"]], on="task_id"
    )
    named["status"] = [
        task_status(d, as_of, window, r, o)
        for d, r, o in zip(named["deadline"], named["recorded"], named["done_on"], strict=True)
    ]
    if isinstance(g, dict):  # computed from the tables (graph.export: tables)
        centrality = g
    else:
        centrality = nx.degree_centrality(nx.Graph(g)) if len(g) else {}
    named["dated"] = named["deadline"].notna()
    named["unrecorded"] = named["recorded"].isna()
    for flag in ("due_soon", "overdue", "done", "done_late"):
        named[flag] = named["status"] == flag
    named["recurring"] = named["recurs_task_id"].notna()
    for r in ROLES:
        named[f"role_{r}"] = named["role"] == r
    keys = ["agency", "jurisdiction"]
    grouped = named.groupby(keys, dropna=False)
    out = grouped.agg(
        tasks=("task_id", "nunique"),
        notices=("doc_id", "nunique"),
        **{f"role_{r}": (f"role_{r}", "sum") for r in ROLES},
        with_deadline=("dated", "sum"),
        rows=("dated", "size"),
        due_soon=("due_soon", "sum"),
        overdue=("overdue", "sum"),
        done=("done", "sum"),
        done_late=("done_late", "sum"),
        without_status=("unrecorded", "sum"),
        recurring=("recurring", "sum"),
    ).reset_index()
    out["without_deadline"] = out.pop("rows") - out["with_deadline"]
    out["jurisdiction"] = out["jurisdiction"].astype(object).where(
        out["jurisdiction"].notna(), None
    )
    out["centrality"] = [
        round(centrality.get(agency_node(a, j), 0.0), 5)
        for a, j in zip(out["agency"], out["jurisdiction"], strict=True)
    ]
    out["lineage"] = lineage_label
    rows = out.to_dict("records")
    cols = [
        "agency",
        "jurisdiction",
        "tasks",
        "notices",
        *[f"role_{r}" for r in ROLES],
        "with_deadline",
        "without_deadline",
        "due_soon",
        "overdue",
        "done",
        "done_late",
        "without_status",
        "recurring",
        "centrality",
        "lineage",
    ]
    return pd.DataFrame(rows, columns=cols).sort_values(
        ["tasks", "agency"], ascending=[False, True]
    )


def legal_metrics(tasks, assignees) -> pd.DataFrame:
    """The legal documents that generate most tasks."""
    per = tasks[["task_id", "doc_id", "legal_basis"]].explode("legal_basis").dropna()
    per = per.merge(assignees[["task_id", "agency"]], on="task_id", how="left")
    out = (
        per.groupby("legal_basis")
        .agg(
            tasks=("task_id", "nunique"),
            notices=("doc_id", "nunique"),
            agencies=("agency", "nunique"),
        )
        .reset_index()
    )
    return out.rename(columns={"legal_basis": "ref_id"}).sort_values(
        ["tasks", "ref_id"], ascending=[False, True]
    )


def _write_graph(g, outdir: Path, tables_too: bool = True) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(outdir / "provinces", ignore_errors=True)  # graph.export: tables
    with tables.atomic_path(outdir / "responsibility.graphml") as tmp:
        nx.write_graphml(g, tmp)
    with tables.atomic_path(outdir / "responsibility.gexf") as tmp:
        nx.write_gexf(g, tmp)
    data = nx.node_link_data(g, edges="edges")
    tables.write_text(
        json.dumps(data, ensure_ascii=False, default=str),
        outdir / "responsibility.json",
    )
    if not tables_too:
        return
    nodes = pd.DataFrame([{"node_id": n, **a} for n, a in g.nodes(data=True)])
    edges = pd.DataFrame(
        [{"source_id": u, "target_id": v, **a} for u, v, a in g.edges(data=True)]
    )
    write_parquet(nodes, outdir / "nodes.parquet")
    write_parquet(edges, outdir / "edges.parquet")


def _write_tables(documents, tasks, shown, shortcomings, p: GraphParams, view, outdir):
    """graph.export: tables. Node and edge tables of the corpus and per province
    (graph/provinces/<province>/), GraphML/GEXF/JSON only for the series ``p.series``
    names (none when null). Returns (centrality of every node, (nodes, edges))."""
    nodes, edges = graph_tables.nodes_and_edges(documents, tasks, shown, shortcomings)
    for name in ("responsibility.graphml", "responsibility.gexf", "responsibility.json"):
        (outdir / name).unlink(missing_ok=True)
    if p.series:
        series = [lineage.series_name(i, j, view, d)[0] for i, j, d in
                  zip(documents["issuer"], documents["jurisdiction"],
                      lineage.issued_dates(documents), strict=True)]
        docs = documents[graph_tables.matches(series, p.series)]
        keep = tasks["doc_id"].isin(docs["doc_id"])
        sub = shortcomings[shortcomings["doc_id"].isin(docs["doc_id"])] if (
            shortcomings is not None) else None
        _write_graph(build_graph(docs, tasks[keep], shown[shown["doc_id"].isin(
            docs["doc_id"])], sub), outdir, tables_too=False)
    outdir.mkdir(parents=True, exist_ok=True)
    write_parquet(nodes, outdir / "nodes.parquet")
    write_parquet(edges, outdir / "edges.parquet")
    parts = graph_tables.write_partitions(nodes, edges, documents, tasks,
                                          outdir / "provinces", write_parquet)
    log.info("graph tables: %d provinces", parts)
    return graph_tables.degree_centrality(nodes, edges), (len(nodes), len(edges))


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    """Write a table without a declared spec (graph convenience tables), atomically."""
    with tables.atomic_path(path) as tmp:
        df.to_parquet(tmp, index=False)


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.stages.graph DOCUMENTS TASKS ASSIGNEES SHORTCOMINGS GRAPH_DIR REGISTER_DIR``."""
    ap = argparse.ArgumentParser(description=__doc__)
    for name in (
        "documents",
        "tasks",
        "assignees",
        "shortcomings",
        "graph_dir",
        "register_dir",
    ):
        ap.add_argument(name, type=Path)
    ap.add_argument("--followup", type=Path, help="the follow-up stage's tasks.parquet")
    args = ap.parse_args(argv)
    logs.setup()
    started = time.perf_counter()
    p = params.load("graph", GraphParams)
    as_of = as_of_date(p)
    documents = tables.read_columns(args.documents, DOCUMENT_COLUMNS)
    tasks = tables.read_columns(args.tasks, TASK_COLUMNS)
    assignees = tables.read(args.assignees, "task_assignees")
    shortcomings = (
        tables.read_columns(args.shortcomings, ["doc_id", "codes"])
        if args.shortcomings.exists()
        else None
    )
    followup = (
        tables.read(args.followup, "followup")
        if args.followup and args.followup.exists()
        else None
    )
    view = lineage.view_of(params.load("lineage", LineageParams), as_of)
    # agency, jurisdiction in the view (a post-reform commune's bodies told by the date)
    shown = lineage.apply(assignees, view, lineage.issued_dates(documents, by_doc=True))
    if p.export == "full":
        g = build_graph(documents, tasks, shown, shortcomings)
        _write_graph(g, args.graph_dir)
        size = (g.number_of_nodes(), g.number_of_edges())
    else:
        g, size = _write_tables(documents, tasks, shown, shortcomings, p, view,
                                args.graph_dir)
    write_parquet(
        agency_metrics(g, tasks, shown, as_of, p.due_window_days, followup, view.label),
        args.graph_dir / "agency_metrics.parquet",
    )
    del g
    write_parquet(
        legal_metrics(tasks, shown), args.graph_dir / "legal_metrics.parquet"
    )
    log.info("graph: %d nodes, %d edges; peak %d MiB", *size, logs.peak_mib())
    register = build_register(
        documents, tasks, assignees, as_of, p.due_window_days, followup,
        shown if view.kind == "current" else None,
    )
    del shown
    rows = len(register)
    parts = register_sheets(register, args.register_dir, as_of, view, p.workbook_rows)
    del register  # the workbook's parts keep what it shows
    log.info("register: %d rows written to CSV; peak %d MiB", rows, logs.peak_mib())
    tracking = build_tracking(
        documents, tasks, assignees, as_of, p.due_window_days, followup,
        latest=p.workbook_rows,
    )
    del tasks, assignees
    write_workbook(args.register_dir, parts, tracking, p.workbook_rows)
    log.info(
        "graph (%s, %s): %d nodes, %d edges; register: %d rows (as of %s) in %.1f s; "
        "peak %d MiB",
        view.label,
        p.export,
        *size,
        rows,
        as_of,
        time.perf_counter() - started,
        logs.peak_mib(),
    )


if __name__ == "__main__":
    main()
