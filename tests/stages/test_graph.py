"""The responsibility graph, agency figures and the task register on a hand-built corpus."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from pipeline.register import build_register, task_status, write_register
from pipeline.stages.graph import agency_metrics, build_graph, legal_metrics
from pipeline.stages.tasks import TasksParams, link_recurrences

AS_OF = dt.date(2022, 9, 1)


def _docs() -> pd.DataFrame:
    rows = [
        {"doc_id": "a" * 16, "number": "10/TB-VP", "issued_on": dt.date(2022, 1, 10),
         "meeting_date": dt.date(2022, 1, 7), "issuer": "Văn phòng Ủy ban nhân dân tỉnh",
         "jurisdiction": "Bắc Giang", "source": "corpus/raw/x/a.txt"},
        {"doc_id": "b" * 16, "number": None, "issued_on": None,
         "meeting_date": dt.date(2022, 7, 8), "issuer": "Văn phòng Ủy ban nhân dân tỉnh",
         "jurisdiction": "Bắc Giang", "source": "corpus/raw/x/b.txt"},
    ]
    return pd.DataFrame(rows)


def _tasks() -> tuple[pd.DataFrame, pd.DataFrame]:
    a, b = "a" * 16, "b" * 16
    tasks = pd.DataFrame([
        {"task_id": f"{a}:000", "doc_id": a, "seq": 0, "section": "2.1", "start": 0, "end": 9,
         "action": "rà soát, điều chỉnh kế hoạch vốn đầu tư công năm 2022",
         "deadline": dt.date(2022, 3, 31), "recurrence": None, "legal_basis": ["63/NQ-CP"],
         "collective_only": False, "recurs_task_id": None, "recurs_similarity": None},
        {"task_id": f"{a}:001", "doc_id": a, "seq": 1, "section": "2.2", "start": 10, "end": 20,
         "action": "theo dõi, đôn đốc các đơn vị", "deadline": None, "recurrence": None,
         "legal_basis": [], "collective_only": False, "recurs_task_id": None,
         "recurs_similarity": None},
        {"task_id": f"{b}:000", "doc_id": b, "seq": 0, "section": "3", "start": 0, "end": 9,
         "action": "rà soát, điều chỉnh kế hoạch vốn đầu tư công năm 2022 trình HĐND",
         "deadline": dt.date(2022, 9, 15), "recurrence": None, "legal_basis": ["63/NQ-CP"],
         "collective_only": False, "recurs_task_id": None, "recurs_similarity": None},
        {"task_id": f"{b}:001", "doc_id": b, "seq": 1, "section": "4", "start": 10, "end": 20,
         "action": "đẩy mạnh cải cách hành chính", "deadline": None, "recurrence": None,
         "legal_basis": [], "collective_only": True, "recurs_task_id": None,
         "recurs_similarity": None},
    ])
    assignees = pd.DataFrame([
        {"task_id": f"{a}:000", "doc_id": a, "agency": "Sở Kế hoạch và Đầu tư", "role": "lead",
         "collective": False, "jurisdiction": "Bắc Giang"},
        {"task_id": f"{a}:000", "doc_id": a, "agency": "Sở Tài chính", "role": "coordinate",
         "collective": False, "jurisdiction": "Bắc Giang"},
        {"task_id": f"{a}:001", "doc_id": a, "agency": "Văn phòng Ủy ban nhân dân tỉnh",
         "role": "monitor", "collective": False, "jurisdiction": "Bắc Giang"},
        {"task_id": f"{b}:000", "doc_id": b, "agency": "Sở Kế hoạch và Đầu tư", "role": "lead",
         "collective": False, "jurisdiction": "Bắc Giang"},
        {"task_id": f"{b}:001", "doc_id": b, "agency": "các sở, ban, ngành", "role": "implement",
         "collective": True, "jurisdiction": "Bắc Giang"},
    ])
    return tasks, assignees


@pytest.fixture
def built():
    docs = _docs()
    tasks, assignees = _tasks()
    tasks = link_recurrences(tasks, assignees, docs, TasksParams())
    shortcomings = pd.DataFrame({"doc_id": ["a" * 16, "a" * 16, "b" * 16],
                                 "codes": [["coordination"], ["disbursement", "coordination"],
                                           ["coordination"]], "text": ["x", "y", "z"]})
    return docs, tasks, assignees, build_graph(docs, tasks, assignees, shortcomings)


def test_graph_recurrence_links_the_repeated_task(built):
    _, tasks, _, _ = built
    later = tasks.set_index("task_id").loc["b" * 16 + ":000"]
    assert later["recurs_task_id"] == "a" * 16 + ":000"
    assert tasks["recurs_task_id"].notna().sum() == 1


def test_graph_node_and_edge_counts(built):
    *_, g = built
    kinds = pd.Series(dict(g.nodes(data="kind"))).value_counts().to_dict()
    assert kinds == {"task": 4, "agency": 3, "notice": 2, "shortcoming": 2, "legal": 1,
                     "collective": 1}
    relations = pd.Series([r for *_, r in g.edges(data="relation")]).value_counts().to_dict()
    assert relations == {"source": 4, "lead": 2, "legal_basis": 2, "raises": 3,
                         "coordinate": 1, "monitor": 1, "implement": 1, "recurs": 1}


def test_graph_agency_metrics(built):
    _, tasks, assignees, g = built
    m = agency_metrics(g, tasks, assignees, AS_OF, 30).set_index("agency")
    khdt = m.loc["Sở Kế hoạch và Đầu tư"]
    assert (khdt["tasks"], khdt["role_lead"], khdt["overdue"], khdt["due_soon"],
            khdt["recurring"]) == (2, 2, 1, 1, 1)
    assert "các sở, ban, ngành" not in m.index
    assert legal_metrics(tasks, assignees).iloc[0].to_dict() == {
        "ref_id": "63/NQ-CP", "tasks": 2, "notices": 2, "agencies": 2}


@pytest.mark.parametrize(("deadline", "status"), [
    (None, "none"), (dt.date(2022, 8, 31), "overdue"), (dt.date(2022, 9, 1), "due_soon"),
    (dt.date(2022, 10, 1), "due_soon"), (dt.date(2022, 10, 2), "later")])
def test_register_status(deadline, status):
    assert task_status(deadline, AS_OF, 30) == status


def test_register_xlsx_opens_with_header_types_and_filters(built, tmp_path):
    docs, tasks, assignees, _ = built
    register = build_register(docs, tasks, assignees, AS_OF, 30)
    write_register(register, tmp_path, AS_OF)
    book = openpyxl.load_workbook(tmp_path / "task_register.xlsx")
    assert book.sheetnames[:3] == ["Tất cả nhiệm vụ", "Quá hạn", "Đến hạn trong 30 ngày"]
    ws = book["Tất cả nhiệm vụ"]
    header = [c.value for c in ws[1]]
    assert header[:7] == ["Số thông báo", "Ngày thông báo", "Cơ quan ban hành", "Mục",
                          "Cơ quan được giao", "Vai trò", "Nội dung nhiệm vụ"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    first = {h: c.value for h, c in zip(header, ws[2], strict=True)}
    assert isinstance(first["Ngày thông báo"], dt.datetime)
    assert isinstance(first["Thời hạn"], dt.datetime) and first["Vai trò"] == "Chủ trì"
    assert ws.max_row == 1 + len(assignees)
    overdue = book["Quá hạn"]
    assert overdue.max_row == 3  # header + the task due 31/3/2022: its lead and coordinator
    csv = (tmp_path / "task_register.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf") and "Sở Kế hoạch và Đầu tư".encode() in csv


def test_register_without_any_repeated_task(built, tmp_path):
    """A corpus with no repeated task: the column read back from Parquet is all NaN
    (floats), and the register is still written."""
    docs, tasks, assignees, _ = built
    tasks = tasks.assign(recurs_task_id=float("nan"), recurs_similarity=float("nan"))
    register = build_register(docs, tasks, assignees, AS_OF, 30)
    assert register["Lặp lại nhiệm vụ của thông báo"].isna().all()
    write_register(register, tmp_path, AS_OF)
    assert (tmp_path / "task_register.xlsx").stat().st_size > 0


def test_register_writes_notice_text_as_text(built, tmp_path):
    """A task or a section that looks like a formula or a number stays text: a string
    cell in the xlsx, behind one quote in the CSV."""
    docs, tasks, assignees, _ = built
    tasks = tasks.assign(
        action=['=HYPERLINK("http://x.invalid","y")', "+1+2", "@A1", "-3"],
        section=["-13", "2.1", "=1", "4"],
    )
    register = build_register(docs, tasks, assignees, AS_OF, 30)
    write_register(register, tmp_path, AS_OF)
    ws = openpyxl.load_workbook(tmp_path / "task_register.xlsx")["Tất cả nhiệm vụ"]
    header = [c.value for c in ws[1]]
    for col in ("Nội dung nhiệm vụ", "Mục"):
        cells = [row[header.index(col)] for row in ws.iter_rows(min_row=2)]
        assert {c.data_type for c in cells} == {"s"}, col
    actions = {row[header.index("Nội dung nhiệm vụ")].value for row in ws.iter_rows(min_row=2)}
    assert '=HYPERLINK("http://x.invalid","y")' in actions and "-3" in actions
    csv = pd.read_csv(tmp_path / "task_register.csv", encoding="utf-8-sig", dtype=str)
    assert set(csv["Nội dung nhiệm vụ"]) == {
        "'=HYPERLINK(\"http://x.invalid\",\"y\")", "'+1+2", "'@A1", "'-3"
    }
    assert set(csv["Mục"]) == {"'-13", "2.1", "'=1", "4"}


# ---------------------------------------------------------------- national scale (issue 18)


def _shortcomings() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["a" * 16, "a" * 16, "b" * 16],
                         "codes": [["coordination"], ["disbursement", "coordination"],
                                   ["coordination"]]})


def _as_set(df: pd.DataFrame) -> set:
    return {tuple(str(v) for v in row) for row in df.itertuples(index=False, name=None)}


def test_graph_tables_hold_the_nodes_edges_and_centrality_of_the_graph(built):
    """graph.export: tables builds the same nodes (attributes included) and edges as the
    networkx graph, and the same degree centrality, without networkx."""
    import networkx as nx

    from pipeline import graph_tables

    docs, tasks, assignees, g = built
    nodes, edges = graph_tables.nodes_and_edges(docs, tasks, assignees, _shortcomings())
    want_nodes = pd.DataFrame([{"node_id": n, **a} for n, a in g.nodes(data=True)])
    want_edges = pd.DataFrame(
        [{"source_id": u, "target_id": v, **a} for u, v, a in g.edges(data=True)])
    assert _as_set(nodes[list(want_nodes.columns)].astype(object).where(
        nodes.notna(), None)) == _as_set(want_nodes.astype(object).where(
            want_nodes.notna(), None))
    assert len(edges) == len(want_edges) == 15
    assert _as_set(edges[list(want_edges.columns)]) == _as_set(want_edges)
    assert graph_tables.degree_centrality(nodes, edges) == pytest.approx(
        {n: c for n, c in nx.degree_centrality(nx.Graph(g)).items() if c})
    m = agency_metrics(graph_tables.degree_centrality(nodes, edges), tasks, assignees,
                       AS_OF, 30)
    pd.testing.assert_frame_equal(m, agency_metrics(g, tasks, assignees, AS_OF, 30))


def test_graph_tables_partitions_by_province(built, tmp_path):
    from pipeline import graph_tables
    from pipeline.stages.graph import write_parquet

    docs, tasks, assignees, _ = built
    docs = docs.assign(jurisdiction=["Bắc Giang", "Kiên Giang"])
    nodes, edges = graph_tables.nodes_and_edges(docs, tasks, assignees, _shortcomings())
    n = graph_tables.write_partitions(nodes, edges, docs, tasks, tmp_path, write_parquet)
    assert n == 2 and sorted(p.name for p in tmp_path.iterdir()) == ["Bắc_Giang",
                                                                        "Kiên_Giang"]
    kien = pd.read_parquet(tmp_path / "Kiên_Giang" / "edges.parquet")
    # notice b's tasks, their agencies' edges, its code and the recurrence link
    assert set(kien["relation"]) == {"source", "legal_basis", "lead", "implement",
                                     "raises", "recurs"}
    parts = pd.concat([pd.read_parquet(p / "edges.parquet") for p in tmp_path.iterdir()])
    assert len(parts) == len(edges)  # every edge in exactly one province
    ids = set(pd.read_parquet(tmp_path / "Kiên_Giang" / "nodes.parquet")["node_id"])
    assert ids == set(kien["source_id"]) | set(kien["target_id"])


def test_graph_main_export_tables_writes_files_only_for_the_chosen_series(
    built, tmp_path, monkeypatch
):
    """graph.export: tables with graph.series: the GraphML/GEXF/JSON hold that series'
    notices only; node and edge tables and partitions hold the corpus; workbook_rows
    keeps the latest rows of each task sheet."""
    from pipeline.core import params
    from pipeline.stages import graph

    docs, tasks, assignees, _ = built
    docs = docs.assign(jurisdiction=["Bắc Giang", "Kiên Giang"], title=None, text="x")
    files = {}
    for name, df in (("documents", docs), ("tasks", tasks), ("assignees", assignees),
                     ("shortcomings", _shortcomings().assign(text="t"))):
        files[name] = tmp_path / f"{name}.parquet"
        df.to_parquet(files[name])
    values = {"graph": {"as_of": "2022-09-01", "export": "tables", "series": "Bắc Giang",
                        "workbook_rows": 2},
              "lineage": {"view": "as_printed"}}
    monkeypatch.setattr(params, "read_all", lambda path=None: values)
    monkeypatch.setattr(graph.tables, "read", lambda path, table=None: pd.read_parquet(path))
    out = tmp_path / "graph"
    graph.main([str(files[k]) for k in ("documents", "tasks", "assignees", "shortcomings")]
               + [str(out), str(tmp_path)])
    import networkx as nx

    g = nx.read_graphml(out / "responsibility.graphml")
    notices = {n for n, k in g.nodes(data="kind") if k == "notice"}
    assert notices == {"notice:" + "a" * 16}
    assert (out / "responsibility.gexf").exists() and (out / "responsibility.json").exists()
    nodes = pd.read_parquet(out / "nodes.parquet")
    assert (nodes["kind"] == "notice").sum() == 2
    assert sorted(p.name for p in (out / "provinces").iterdir()) == ["Bắc_Giang",
                                                                     "Kiên_Giang"]
    book = openpyxl.load_workbook(tmp_path / "task_register.xlsx")
    assert book["Tất cả nhiệm vụ"].max_row == 1 + 2  # header + the 2 latest rows
    notes = [r[1].value for r in book["Ghi chú"].iter_rows(min_row=2)]
    assert any("2 / 5" in str(v) for v in notes)
    csv = pd.read_csv(tmp_path / "task_register.csv", encoding="utf-8-sig")
    assert len(csv) == 5  # the CSV keeps every row
    values["graph"] = {"as_of": "2022-09-01"}  # back to full: no partitions left behind
    graph.main([str(files[k]) for k in ("documents", "tasks", "assignees", "shortcomings")]
               + [str(out), str(tmp_path)])
    assert not (out / "provinces").exists()
    assert len(nx.read_graphml(out / "responsibility.graphml")) == len(nodes)


def test_graph_params_reject_an_unknown_export():
    from pipeline.stages.graph import GraphParams

    with pytest.raises(ValueError, match="graph.export"):
        GraphParams(export="gexf")


def _many_agencies(n_agencies: int = 120, per_agency: int = 4):
    """Four notices a year apart; each agency gets a variant of the same few directives
    in each, so later ones repeat earlier ones with small changes."""
    actions = [
        "rà soát hồ sơ giải phóng mặt bằng dự án {k} và báo cáo kết quả",
        "đôn đốc nhà thầu đẩy nhanh tiến độ thi công công trình số {k}",
        "kiểm tra việc quản lý, sử dụng đất công tại khu vực {k}",
        "hoàn thiện phương án bố trí vốn cho chương trình {k}",
    ]
    docs = pd.DataFrame([
        {"doc_id": f"{d:016d}", "issued_on": dt.date(2020 + d, 3, 1), "meeting_date": None}
        for d in range(per_agency)
    ])
    tasks, assignees = [], []
    for d in range(per_agency):
        doc = f"{d:016d}"
        for a in range(n_agencies):
            task_id = f"{doc}:{a:03d}"
            text = actions[a % len(actions)].format(k=a % 7) + f" trong quý {d + 1}"
            tasks.append({"task_id": task_id, "doc_id": doc, "seq": a, "action": text})
            assignees.append({"task_id": task_id, "doc_id": doc, "agency": f"Sở số {a}",
                              "role": "lead", "collective": False, "jurisdiction": "Hà Nam"})
    return docs, pd.DataFrame(tasks), pd.DataFrame(assignees)


def test_recurrence_links_do_not_depend_on_the_number_of_workers():
    from pipeline.engine import EngineParams

    docs, tasks, assignees = _many_agencies()
    one = link_recurrences(tasks, assignees, docs, TasksParams(), EngineParams(workers=1))
    two = link_recurrences(tasks, assignees, docs, TasksParams(), EngineParams(workers=2))
    # 120 agency groups: shared among both workers, 32 a piece
    assert one["recurs_task_id"].notna().sum() == 120 * 3  # every later notice repeats
    assert one["recurs_task_id"].equals(two["recurs_task_id"])
    assert one["recurs_similarity"].equals(two["recurs_similarity"])
    # a link always points to an earlier notice of the same agency
    linked = one.dropna(subset=["recurs_task_id"])
    assert (linked["recurs_task_id"].str[:16] < linked["doc_id"]).all()
    assert (linked["recurs_task_id"].str[-3:] == linked["task_id"].str[-3:]).all()
