"""Two views of every aggregation (issue 17, item 3): names as printed, or today's bodies.

A province absorbed on 1 July 2025 (Kiên Giang into An Giang) and a department merged on
1 March 2025 (Sở Kế hoạch và Đầu tư into Sở Tài chính): under ``current`` the series and
the agency's record continue; under ``as_printed`` they stay apart. Districts and split
departments are never guessed.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pandas as pd
import pytest

from pipeline import lineage
from pipeline.lineage import View
from pipeline.register import build_register
from pipeline.stages import graph, trends

AS_OF = dt.date(2026, 6, 30)
CURRENT = View("current", AS_OF)
PRINTED = View("as_printed", AS_OF)

# (doc_id, issuer, province, meeting date): three reviews of Kiên Giang, two of the new
# An Giang after the merger, one of Thanh Hóa (not merged), one of a district
NOTICES = [
    ("kg1", "Văn phòng Ủy ban nhân dân tỉnh", "Kiên Giang", "2024-06-20"),
    ("kg2", "Ủy ban nhân dân tỉnh", "Kiên Giang", "2024-12-18"),
    ("kg3", "Ủy ban nhân dân tỉnh", "Kiên Giang", "2025-06-25"),
    ("ag1", "Ủy ban nhân dân tỉnh", "An Giang", "2025-12-22"),
    ("ag2", "Ủy ban nhân dân tỉnh", "An Giang", "2026-06-15"),
    ("th1", "Ủy ban nhân dân tỉnh", "Thanh Hóa", "2025-12-10"),
    ("th2", "Ủy ban nhân dân huyện", "Tân Hiệp", "2024-12-10"),
]
# (task_id, doc_id, agency, jurisdiction, deadline)
TASKS = [
    ("kg1:1", "kg1", "Sở Kế hoạch và Đầu tư", "Kiên Giang", "2024-09-30"),
    ("kg2:1", "kg2", "Sở Kế hoạch và Đầu tư", "Kiên Giang", "2025-03-31"),
    ("kg3:1", "kg3", "Sở Tài chính", "Kiên Giang", "2025-09-30"),
    ("ag1:1", "ag1", "Sở Tài chính", "An Giang", "2026-12-31"),
    ("ag1:2", "ag1", "Sở Thông tin và Truyền thông", "Kiên Giang", None),
    ("th1:1", "th1", "Sở Tài chính", "Thanh Hóa", "2026-03-31"),
    ("th2:1", "th2", "Phòng Tài chính - Kế hoạch", "Tân Hiệp", "2025-03-31"),
    ("th2:2", "th2", "Ủy ban nhân dân huyện Hiệp Hòa", "Bắc Giang", None),
]


@pytest.fixture(scope="module")
def frames():
    documents = pd.DataFrame(
        [
            {"doc_id": d, "number": f"{i}/TB-UBND", "issuer": issuer, "jurisdiction": p,
             "meeting_date": dt.date.fromisoformat(day),
             "issued_on": dt.date.fromisoformat(day) + dt.timedelta(days=3),
             "source": f"{d}.txt"}
            for i, (d, issuer, p, day) in enumerate(NOTICES, start=1)
        ]
    )
    # every notice raises weak coordination: one unbroken run of five half-years
    shortcomings = pd.DataFrame(
        [{"doc_id": d, "section": "II.1", "text": "Phối hợp chưa chặt chẽ.",
          "codes": ["coordination"]} for d, *_ in NOTICES]
    )
    tasks = pd.DataFrame(
        [{"task_id": t, "doc_id": d, "section": "III", "seq": 0, "action": f"Nhiệm vụ {t}",
          "deadline": dt.date.fromisoformat(day) if day else None, "recurrence": None,
          "legal_basis": [], "recurs_task_id": None, "recurs_similarity": None}
         for t, d, _, _, day in TASKS]
    )
    assignees = pd.DataFrame(
        [{"task_id": t, "doc_id": d, "agency": a, "role": "lead", "collective": False,
          "jurisdiction": p} for t, d, a, p, _ in TASKS]
    )
    return documents, shortcomings, tasks, assignees


def run(frames, view):
    documents, shortcomings, tasks, assignees = frames
    return trends.run(documents, shortcomings, tasks, assignees, trends.TrendsParams(),
                      AS_OF, 30, None, view)


def test_a_series_across_the_merger_is_one_under_current_and_two_as_printed(frames):
    current = run(frames, CURRENT)["recurrence"]
    printed = run(frames, PRINTED)["recurrence"]
    merged = current[current["series"] == "Ủy ban nhân dân tỉnh — An Giang"]
    assert merged[["periods_raised", "longest_streak", "current_streak"]].values.tolist() == [
        [5, 5, 5]
    ]
    assert set(printed["series"]) >= {
        "Ủy ban nhân dân tỉnh — Kiên Giang", "Ủy ban nhân dân tỉnh — An Giang"
    }
    apart = printed.set_index("series")
    assert apart.loc["Ủy ban nhân dân tỉnh — Kiên Giang", "longest_streak"] == 3
    assert apart.loc["Ủy ban nhân dân tỉnh — An Giang", "longest_streak"] == 2
    assert set(current["lineage"]) == {"current 2026-06-30"}
    assert set(printed["lineage"]) == {"as_printed"}


def test_notices_keep_the_printed_series_beside_the_shown_one(frames):
    notices = run(frames, CURRENT)["notices"].set_index("doc_id")
    assert notices.loc["kg1", "series"] == "Ủy ban nhân dân tỉnh — An Giang"
    assert notices.loc["kg1", "series_printed"] == "Ủy ban nhân dân tỉnh — Kiên Giang"
    assert notices.loc["kg1", "lineage_note"] == "Kiên Giang -> An Giang"
    assert pd.isna(notices.loc["th1", "lineage_note"])
    # a district's series ended with the district level: kept, with the reason
    assert notices.loc["th2", "series"] == "Ủy ban nhân dân huyện — Tân Hiệp"
    assert "ended 2025-06-30" in notices.loc["th2", "lineage_note"]


def test_an_agency_total_under_current_adds_up_its_predecessors(frames):
    current = run(frames, CURRENT)["agency_tasks"]
    printed = run(frames, PRINTED)["agency_tasks"]

    def total(df, agency, place):
        return int(df[(df["agency"] == agency) & (df["jurisdiction"] == place)]["tasks"].sum())

    predecessors = (
        total(printed, "Sở Kế hoạch và Đầu tư", "Kiên Giang")
        + total(printed, "Sở Tài chính", "Kiên Giang")
        + total(printed, "Sở Tài chính", "An Giang")
    )
    assert predecessors == 4
    assert total(current, "Sở Tài chính", "An Giang") == predecessors
    assert total(current, "Sở Kế hoạch và Đầu tư", "Kiên Giang") == 0
    # not merged: unchanged in both views
    assert total(current, "Sở Tài chính", "Thanh Hóa") == total(printed, "Sở Tài chính",
                                                                 "Thanh Hóa") == 1


def test_graph_metrics_follow_the_view_and_name_what_they_stand_for(frames):
    documents, shortcomings, tasks, assignees = frames
    shown = lineage.apply(assignees, CURRENT)
    g = graph.build_graph(documents, tasks, shown, shortcomings)
    metrics = graph.agency_metrics(g, tasks, shown, AS_OF, 30, None, CURRENT.label)
    row = metrics[(metrics["agency"] == "Sở Tài chính")
                  & (metrics["jurisdiction"] == "An Giang")].iloc[0]
    assert row["tasks"] == 4 and row["overdue"] == 3 and row["lineage"] == "current 2026-06-30"
    node = g.nodes[graph.agency_node("Sở Tài chính", "An Giang")]
    assert node["printed_as"] == "Sở Kế hoạch và Đầu tư (Kiên Giang); Sở Tài chính (Kiên Giang)"
    assert isinstance(g, nx.MultiDiGraph)


def test_splits_and_districts_are_kept_as_printed_with_a_note(frames):
    shown = lineage.apply(frames[3], CURRENT).set_index("task_id")
    # Sở Thông tin và Truyền thông was split (press went elsewhere): not guessed
    assert shown.loc["ag1:2", "agency"] == "Sở Thông tin và Truyền thông"
    assert shown.loc["ag1:2", "jurisdiction"] == "Kiên Giang"
    assert "split" in shown.loc["ag1:2", "lineage_note"]
    assert shown.loc["th2:1", "agency"] == "Phòng Tài chính - Kế hoạch"
    assert "district Tân Hiệp ended 2025-06-30" in shown.loc["th2:1", "lineage_note"]
    assert shown.loc["th2:2", "agency"] == "Ủy ban nhân dân huyện Hiệp Hòa"
    table = run(frames, CURRENT)["lineage"]
    kept = table[(table["kind"] == "agency") & (table["relation"] == "split")]
    assert set(kept["printed"]) == {
        "Sở Thông tin và Truyền thông", "Phòng Tài chính - Kế hoạch",
        "Ủy ban nhân dân huyện Hiệp Hòa",
    }
    assert run(frames, PRINTED)["lineage"].empty


def test_before_the_reform_date_current_changes_nothing(frames):
    early = View("current", dt.date(2024, 1, 1))
    shown = lineage.apply(frames[3], early)
    assert shown["agency"].tolist() == frames[3]["agency"].tolist()
    assert shown["lineage_note"].isna().all()


def test_the_register_keeps_the_printed_name_and_adds_todays_body(frames):
    documents, _, tasks, assignees = frames
    shown = lineage.apply(assignees, CURRENT)
    register = build_register(documents, tasks, assignees, AS_OF, 30, None, shown)
    row = register[register["Mã nhiệm vụ"] == "kg1:1"].iloc[0]
    assert row["Cơ quan được giao"] == "Sở Kế hoạch và Đầu tư"
    assert row["Cơ quan theo tổ chức hiện nay"] == "Sở Tài chính (An Giang)"
    printed = build_register(documents, tasks, assignees, AS_OF, 30)
    assert "Cơ quan theo tổ chức hiện nay" not in printed.columns


def test_lineage_params_refuse_an_unknown_view():
    with pytest.raises(ValueError, match="as_printed"):
        lineage.LineageParams(view="today")


def test_a_commune_after_the_reform_is_not_the_district_whose_name_it_kept():
    """xã Tân Hiệp (An Giang, from 01/7/2025) carries the name of the former huyện Tân
    Hiệp: its own notices and bodies are not the ended district's."""
    documents = pd.DataFrame([
        {"doc_id": "xa", "number": "5/TB-UBND", "issuer": "Ủy ban nhân dân xã",
         "jurisdiction": "Tân Hiệp", "meeting_date": dt.date(2025, 8, 18),
         "issued_on": dt.date(2025, 8, 20)},
        {"doc_id": "huyen", "number": "9/TB-UBND", "issuer": "Ủy ban nhân dân huyện",
         "jurisdiction": "Tân Hiệp", "meeting_date": dt.date(2024, 8, 18),
         "issued_on": dt.date(2024, 8, 20)},
    ])
    assignees = pd.DataFrame([
        {"task_id": f"{d}:1", "doc_id": d, "agency": "Phòng Kinh tế", "role": "lead",
         "collective": False, "jurisdiction": "Tân Hiệp"} for d in ("xa", "huyen")
    ])
    notices = trends.notice_periods(documents, "half", CURRENT).set_index("doc_id")
    assert notices.loc["xa", "series"] == "Ủy ban nhân dân xã — Tân Hiệp"
    assert pd.isna(notices.loc["xa", "lineage_note"])
    assert "ended 2025-06-30" in notices.loc["huyen", "lineage_note"]
    shown = lineage.apply(assignees, CURRENT, lineage.issued_dates(documents, by_doc=True))
    notes = dict(zip(shown["doc_id"], shown["lineage_note"], strict=True))
    assert pd.isna(notes["xa"]) and "district Tân Hiệp ended" in notes["huyen"]
