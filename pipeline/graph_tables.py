"""The responsibility graph as node and edge tables, built without networkx (issue 18):
what ``graph.export: tables`` writes for a national corpus, where one GraphML or GEXF
file of every notice would be gigabytes that no tool opens.

The tables hold the same nodes, edges and attributes as pipeline.stages.graph's
networkx graph; the order differs (nodes by kind, edges by relation). Degree
centrality is computed from the edges: distinct neighbours over nodes - 1, as
``networkx.degree_centrality(nx.Graph(g))``.
"""

from __future__ import annotations

import logging
import re
import shutil
import unicodedata
from pathlib import Path

import pandas as pd

log = logging.getLogger(__name__)
NODE_COLUMNS = ["node_id", "kind", "name", "issuer", "jurisdiction", "deadline",
                "printed_as"]
EDGE_COLUMNS = ["source_id", "target_id", "relation", "weight"]


def agency_node(name: str, jurisdiction) -> str:
    """Node id of an agency; agencies of different provinces stay apart."""
    return f"agency:{jurisdiction or '?'}|{name}"


def _agency_ids(agencies: pd.Series, places: pd.Series) -> list[str]:
    """agency_node of each row."""
    return [agency_node(a, j) for a, j in zip(agencies, places, strict=True)]


def nodes_and_edges(documents, tasks, assignees, shortcomings):
    """(nodes, edges) of the corpus-wide graph: the columns of graph/nodes.parquet and
    graph/edges.parquet. ``assignees`` is in the lineage view (lineage.apply)."""
    s = "string"
    notices = pd.DataFrame({
        "node_id": "notice:" + documents["doc_id"],
        "kind": "notice",
        # as build_graph writes them: "or" keeps a NaN (pandas 3's missing text)
        "name": [n or s for n, s in zip(documents["number"], documents["source"],
                                        strict=True)],
        "issuer": [v or "" for v in documents["issuer"]],
        "jurisdiction": [v or "" for v in documents["jurisdiction"]],
    })
    task_nodes = pd.DataFrame({
        "node_id": "task:" + tasks["task_id"],
        "kind": "task",
        "name": tasks["action"].str.slice(0, 80),
        "deadline": tasks["deadline"].map(lambda d: str(d or "")),
    })
    refs = tasks[["task_id", "legal_basis"]].explode("legal_basis").dropna()
    legal = pd.DataFrame({"node_id": "legal:" + refs["legal_basis"].drop_duplicates(),
                          "kind": "legal"})
    legal["name"] = legal["node_id"].str.slice(len("legal:"))
    printed = assignees.get("agency_printed", assignees["agency"])
    places = assignees.get("jurisdiction_printed", assignees["jurisdiction"])
    agency_id = _agency_ids(assignees["agency"], assignees["jurisdiction"])
    agencies = _agency_nodes(assignees, agency_id, printed, places)
    edges = [
        pd.DataFrame({"source_id": "task:" + tasks["task_id"],
                      "target_id": "notice:" + tasks["doc_id"], "relation": "source"}),
        pd.DataFrame({"source_id": "task:" + refs["task_id"],
                      "target_id": "legal:" + refs["legal_basis"],
                      "relation": "legal_basis"}),
    ]
    recurs = tasks[tasks["recurs_task_id"].map(lambda v: isinstance(v, str))]
    edges.append(pd.DataFrame({
        "source_id": "task:" + recurs["task_id"],
        "target_id": "task:" + recurs["recurs_task_id"],
        "relation": "recurs", "weight": recurs["recurs_similarity"].astype(float),
    }))
    edges.append(pd.DataFrame({"source_id": agency_id,
                               "target_id": "task:" + assignees["task_id"],
                               "relation": assignees["role"]}))
    codes = pd.DataFrame(columns=NODE_COLUMNS)
    if shortcomings is not None:
        counts = (shortcomings[["doc_id", "codes"]].explode("codes")
                  .dropna(subset=["codes"]).groupby(["doc_id", "codes"]).size()
                  .rename("weight").reset_index())
        codes = pd.DataFrame({"node_id": "code:" + counts["codes"].drop_duplicates(),
                              "kind": "shortcoming"})
        codes["name"] = codes["node_id"].str.slice(len("code:"))
        edges.append(pd.DataFrame({
            "source_id": "notice:" + counts["doc_id"],
            "target_id": "code:" + counts["codes"], "relation": "raises",
            "weight": counts["weight"].astype(float),
        }))
    nodes = pd.concat([notices, task_nodes, legal, agencies, codes], ignore_index=True)
    nodes = nodes.reindex(columns=NODE_COLUMNS).astype(s)
    edges = pd.concat(edges, ignore_index=True).reindex(columns=EDGE_COLUMNS)
    return nodes, edges.astype({c: s for c in EDGE_COLUMNS[:3]})


def _agency_nodes(assignees, agency_id, printed, places) -> pd.DataFrame:
    """One row per agency node; ``printed_as`` lists the other printed names it stands
    for ("Sở Kế hoạch và Đầu tư (Kiên Giang)"): graph.build_graph's loop, without the
    graph."""
    nodes: dict[str, dict] = {}
    rows = zip(agency_id, assignees["agency"], assignees["jurisdiction"],
               assignees["collective"], printed, places, strict=True)
    for node, agency, place, collective, was, where in rows:
        if node not in nodes:
            nodes[node] = {"node_id": node,
                           "kind": "collective" if collective else "agency",
                           "name": agency, "jurisdiction": place or "",
                           "printed_as": set()}
        if (was, where or None) != (agency, place or None):
            nodes[node]["printed_as"].add(f"{was} ({where})" if where else was)
    out = pd.DataFrame(nodes.values(), columns=["node_id", "kind", "name",
                                                "jurisdiction", "printed_as"])
    out["printed_as"] = ["; ".join(sorted(v - {""})) for v in out["printed_as"]]
    return out


def degree_centrality(nodes: pd.DataFrame, edges: pd.DataFrame) -> dict[str, float]:
    """Distinct neighbours of each node over (nodes - 1), edges taken undirected. The
    ids are numbered first and the pairs counted as integers (pairs of id strings took
    gigabytes at 100,000 notices)."""
    import numpy as np

    n = len(nodes)
    if n < 2:
        return dict.fromkeys(nodes["node_id"], 0.0) if n else {}
    codes, ids = pd.factorize(pd.concat([edges["source_id"], edges["target_id"]],
                                        ignore_index=True))
    a, b = codes[: len(edges)].astype(np.int64), codes[len(edges) :].astype(np.int64)
    keep = a != b
    a, b, m = a[keep], b[keep], max(len(ids), 1)
    pairs = np.unique(np.concatenate([a * m + b, b * m + a]))  # (node, neighbour)
    node, count = np.unique(pairs // m, return_counts=True)
    return dict(zip(ids[node], (count / (n - 1)).tolist(), strict=True))


def write_partitions(nodes, edges, documents, tasks, outdir: Path, write) -> int:
    """Per province (the notice's jurisdiction; "_" for none): the edges of its notices
    and the nodes they touch, as outdir/<province>/{nodes,edges}.parquet. Returns the
    number of partitions. ``write(df, path)`` writes one table atomically."""
    doc_place = documents.set_index("doc_id")["jurisdiction"].fillna("_")
    task_place = tasks.set_index("task_id")["doc_id"].map(doc_place)
    # by the source's kind, with string operations that keep Arrow's strings (a split
    # into Python objects took a gigabyte at 100,000 notices)
    source = edges["source_id"]
    place = source.str.slice(len("task:")).map(task_place).astype(object)
    place[~source.str.startswith("task:")] = None
    notice = source.str.startswith("notice:")
    place[notice] = source[notice].str.slice(len("notice:")).map(doc_place)
    agency = source.str.startswith("agency:")  # agency -> task: the task's notice
    place[agency] = edges["target_id"][agency].str.slice(len("task:")).map(task_place)
    shutil.rmtree(outdir, ignore_errors=True)
    by_id = nodes.set_index("node_id", drop=False)
    count = 0
    for where, part in edges.groupby(place.fillna("_"), sort=True):
        folder = outdir / _safe(where)
        folder.mkdir(parents=True, exist_ok=True)
        ids = pd.unique(pd.concat([part["source_id"], part["target_id"]]))
        write(by_id.loc[by_id.index.intersection(ids)].reset_index(drop=True),
              folder / "nodes.parquet")
        write(part.reset_index(drop=True), folder / "edges.parquet")
        count += 1
    return count


def matches(values, pattern: str) -> list[bool]:
    """Which values contain ``pattern`` (case-insensitive, NFC), as report.matches."""
    needle = unicodedata.normalize("NFC", pattern).lower()
    return [needle in unicodedata.normalize("NFC", str(v)).lower() for v in values]


def _safe(name: str) -> str:
    """A province name as a folder name (letters kept, Vietnamese included)."""
    return re.sub(r"[^\w.-]+", "_", str(name)).strip("_") or "_"
