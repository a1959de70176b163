"""Follow-up: stable task ids, status.csv, attaching statuses, suggestions, the "Theo dõi"
sheet's round trip, overdue semantics. Sentences are written for these tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline import register, tracking
from pipeline.core import params, tables
from pipeline.stages import extract, ingest, segment
from pipeline.stages import tasks as tasks_stage
from pipeline.stages.tasks import task_ids

ROOT = Path(__file__).resolve().parents[1]
KIEN_GIANG = sorted((ROOT / "corpus/raw/kien-giang").glob("*.txt"))[:4]


# ---------------------------------------------------------------- stable ids


def test_task_id_ignores_case_spacing_punctuation_and_tone_placement():
    a = task_ids("abc123", [("2.1", "Giao Sở Tài chính  chủ trì, thẩm định phương án.")])
    b = task_ids("abc123", [("2.1", "giao sở tài chính chủ trì thẩm định phương án")])
    c = task_ids("abc123", [("2.1", "Giao Sở Tài chính chủ trì, thẩm định phương án hoà giải")])
    d = task_ids("abc123", [("2.1", "Giao Sở Tài chính chủ trì, thẩm định phương án hòa giải")])
    assert a == b and c == d and a != c
    assert a[0].startswith("abc123:")


def test_task_id_does_not_depend_on_position_or_other_tasks():
    one = task_ids("d", [("1", "Lập kế hoạch A"), ("2", "Thẩm định dự án B")])
    other = task_ids("d", [("0", "Một nhiệm vụ mới"), ("2", "Thẩm định dự án B")])
    assert one[1] == other[1]


def test_task_id_of_a_repeated_directive_in_one_section_is_numbered():
    ids = task_ids("d", [("3", "Theo dõi, đôn đốc"), ("3", "Theo dõi, đôn đốc"), ("4", "Theo dõi, đôn đốc")])
    assert ids[1] == ids[0] + "-2" and ids[2] != ids[0] and len(set(ids)) == 3


# ---------------------------------------------------------------- status.csv


def _csv(tmp_path, body: str) -> Path:
    path = tmp_path / "status.csv"
    path.write_text(",".join(tracking.COLUMNS) + "\n" + body, encoding="utf-8")
    return path


def test_status_rows_are_validated_and_a_bad_line_is_named(tmp_path):
    path = _csv(
        tmp_path,
        "aaaaaaaa:0123456789,aaaaaaaa,2.1,Lập kế hoạch,Đã  Hoàn thành,15/03/2024,,BC 12,Lan,2024-03-20T09:00:00\n"
        "aaaaaaaa:1111111111,aaaaaaaa,2.2,Thẩm định,xong rồi,,,,,\n"
        "aaaaaaaa:2222222222,aaaaaaaa,2.3,Rà soát,đang thực hiện,01/01/2024,,,,\n"
        "aaaaaaaa:3333333333,aaaaaaaa,2.4,Báo cáo,đã hoàn thành,12/05/1900,,,,\n"
        "không-phải-mã,aaaaaaaa,2.4,Báo cáo,đã hoàn thành,,,,,\n"
        "aaaaaaaa:4444444444,aaaaaaaa,2.5,Kiểm tra,dừng thực hiện,,hết kinh phí,,,\n",
    )
    rows, errors = tracking.read_status(path)
    assert list(rows["task_id"]) == ["aaaaaaaa:0123456789", "aaaaaaaa:4444444444"]
    assert rows["status"].tolist() == ["đã hoàn thành", "dừng thực hiện"]
    assert rows["done_on"].iloc[0] == "2024-03-15"
    assert [e.split(": ", 1)[0] for e in errors] == [f"{path}, dòng {n}" for n in (3, 4, 5, 6)]
    assert "xong rồi" in errors[0] and "chỉ ghi cho nhiệm vụ đã hoàn thành" in errors[1]
    assert "không hợp lý" in errors[2] and "mã nhiệm vụ" in errors[3]


def test_a_task_recorded_twice_keeps_the_later_edit(tmp_path):
    path = _csv(
        tmp_path,
        "aaaaaaaa:0123456789,aaaaaaaa,1,X,đang thực hiện,,,,,2024-05-02T10:00:00\n"
        "aaaaaaaa:0123456789,aaaaaaaa,1,X,chưa thực hiện,,,,,2024-05-01T10:00:00\n",
    )
    rows, errors = tracking.read_status(path)
    assert rows["status"].tolist() == ["đang thực hiện"] and len(errors) == 1


def test_status_csv_round_trips_through_write(tmp_path):
    path = _csv(tmp_path, "aaaaaaaa:0123456789,aaaaaaaa,1,\"Lập, rà soát\",đã hoàn thành,2024-01-02,,,,\n")
    rows, _ = tracking.read_status(path)
    tracking.write_status(rows, tmp_path / "again.csv")
    again, errors = tracking.read_status(tmp_path / "again.csv")
    assert errors == [] and again.equals(rows)


# ---------------------------------------------------------------- overdue semantics


@pytest.mark.parametrize(
    "deadline, recorded, done_on, expected",
    [
        ("2024-05-01", None, None, "overdue"),
        ("2024-05-01", "in_progress", None, "overdue"),  # under way is still overdue
        ("2024-05-01", "not_started", None, "overdue"),
        ("2024-05-01", "done", "2024-04-20", "done"),
        ("2024-05-01", "done", "2024-05-20", "done_late"),
        ("2024-05-01", "done", None, "done"),  # done, date unknown: not judged late
        ("2024-05-01", "stopped", None, "stopped"),
        ("2024-05-01", "not_feasible", None, "not_feasible"),
        (None, "done", "2024-05-20", "done"),
        ("2024-06-10", None, None, "due_soon"),
        (None, None, None, "none"),
    ],
)
def test_overdue_means_passed_and_not_recorded_closed(deadline, recorded, done_on, expected):
    assert register.task_status(deadline, dt.date(2024, 6, 1), 30, recorded, done_on) == expected


# ---------------------------------------------------------------- the real stages on real notices


@pytest.fixture(scope="module")
def corpus():
    """Four Kiên Giang notices through ingest, segment, extract and tasks, in process."""
    documents, _ = ingest.run(KIEN_GIANG, params.load("ingest", ingest.IngestParams))
    sections, sentences = segment.run(documents, segment.SegmentParams(words=False))
    found = extract.run(documents, sections)
    return documents, sections, sentences, found


def _tasks(corpus):
    documents, sections, _, found = corpus
    return tasks_stage.run(
        documents, sections, found["mentions"], found["deadlines"], found["legal_refs"],
        tasks_stage.TasksParams(),
    )


def _record_all(tasks: pd.DataFrame) -> pd.DataFrame:
    keys = list(register.RECORDED)
    return pd.DataFrame(
        [
            {"task_id": t.task_id, "doc_id": t.doc_id, "section": t.section, "action": t.action,
             "status": keys[i % len(keys)], "done_on": None, "note": None, "evidence": None,
             "recorded_by": "test", "recorded_at": "2025-01-01T08:00:00"}
            for i, t in enumerate(tasks.itertuples())
        ],
        columns=tracking.COLUMNS,
    )


def test_ids_are_the_same_when_the_notices_come_in_another_order_or_with_others(corpus):
    tasks, _ = _tasks(corpus)
    documents, sections, _, found = corpus
    alone = documents.iloc[[2]]
    t2, _ = tasks_stage.run(
        alone, sections, found["mentions"], found["deadlines"], found["legal_refs"],
        tasks_stage.TasksParams(),
    )
    assert len(t2) > 5
    assert set(t2["task_id"]) <= set(tasks["task_id"])


def test_a_perturbed_extractor_reattaches_or_lists_every_status(corpus, monkeypatch):
    tasks, _ = _tasks(corpus)
    status = _record_all(tasks)
    assert len(status) > 20
    real = tasks_stage.extract_tasks

    def perturbed(*args, **kwargs):
        found = real(*args, **kwargs)
        out = []
        for i, t in enumerate(found):
            if i % 7 == 3:
                continue  # the rule now misses this task: its status must be listed
            if i % 3 == 0:  # the rule now cuts the directive one word shorter
                t = dataclasses.replace(t, action=t.action.rsplit(" ", 1)[0])
            out.append(t)
        return out

    monkeypatch.setattr(tasks_stage, "extract_tasks", perturbed)
    changed, _ = _tasks(corpus)
    attached, orphans = tracking.attach(status, changed, 0.6)
    assert len(attached) + len(orphans) == len(status)  # nothing silently dropped
    assert set(attached["task_id"]) <= set(changed["task_id"])
    assert attached["task_id"].is_unique
    moved = attached[attached["attach"] == "reattached"]
    assert len(moved) > 5 and len(orphans) > 2
    # every re-attached status went to the task the shortened directive came from
    old_action = status.set_index("task_id")["action"]
    new_action = changed.set_index("task_id")["action"]
    for r in moved.itertuples():
        assert old_action[r.attach_from].startswith(new_action[r.task_id])
    assert orphans["reason"].str.len().gt(0).all()


def test_statuses_stay_attached_after_an_unrelated_rerun(corpus):
    tasks, _ = _tasks(corpus)
    status = _record_all(tasks)
    again, _ = _tasks(corpus)
    attached, orphans = tracking.attach(status, again, 0.6)
    assert len(orphans) == 0 and (attached["attach"] == "exact").all()
    assert len(attached) == len(status)


# ---------------------------------------------------------------- suggestions


def _sentences(rows):
    return pd.DataFrame(
        [{"doc_id": "later", "section": s, "kind": k, "start": 0, "end": len(t), "text": t}
         for s, k, t in rows]
    )


def test_completion_clauses_are_reports_of_a_thing_done():
    cues = tracking.load_cues()
    found = tracking.completion_clauses(_sentences([
        ("1", "achievements", "Sở Tài chính đã hoàn thành thẩm định phương án giá đất khu A."),
        ("1", "achievements", "Kế hoạch vụ đông do Phòng Nông nghiệp lập đã được UBND huyện phê duyệt."),
        ("1", "achievements", "Sở Xây dựng đang hoàn thiện hồ sơ quy hoạch chung."),
        ("1", "achievements", "Dự án đường ven sông cơ bản hoàn thành phần nền."),
        ("1", "other", "Sở Y tế đã tích cực triển khai tiêm chủng; Trung tâm Y tế huyện đã bàn giao 3 trạm."),
        ("2", "tasks", "Giao Sở Tài chính hoàn thành việc thẩm định trước ngày 30/6."),
        ("1", "shortcomings", "Một số dự án chưa hoàn thành giải phóng mặt bằng."),
    ]), cues)
    assert found["text"].tolist() == [
        "Sở Tài chính đã hoàn thành thẩm định phương án giá đất khu A.",
        "Kế hoạch vụ đông do Phòng Nông nghiệp lập đã được UBND huyện phê duyệt.",
        "Trung tâm Y tế huyện đã bàn giao 3 trạm.",
    ]


def test_suggestions_follow_later_notices_and_never_replace_a_recorded_status():
    from pipeline.stages.followup import build

    documents = pd.DataFrame([
        {"doc_id": "early", "number": "10/TB-UBND", "issued_on": dt.date(2024, 1, 10),
         "meeting_date": None, "issuer": "Ủy ban nhân dân tỉnh", "jurisdiction": "Hà Giang"},
        {"doc_id": "later", "number": "80/TB-UBND", "issued_on": dt.date(2024, 7, 10),
         "meeting_date": None, "issuer": "Ủy ban nhân dân tỉnh", "jurisdiction": "Hà Giang"},
    ])
    tasks = pd.DataFrame([
        {"task_id": "early:aaaaaaaaaa", "doc_id": "early", "seq": 0, "section": "3.1", "start": 0,
         "end": 9, "action": "chủ trì thẩm định phương án giá đất khu dân cư Bắc Thành", "deadline": None,
         "recurrence": None, "legal_basis": [], "collective_only": False,
         "recurs_task_id": None, "recurs_similarity": None},
        {"task_id": "early:bbbbbbbbbb", "doc_id": "early", "seq": 1, "section": "3.2", "start": 10,
         "end": 20, "action": "lập phương án di dời đường điện trung thế qua dự án", "deadline": None,
         "recurrence": None, "legal_basis": [], "collective_only": False,
         "recurs_task_id": None, "recurs_similarity": None},
        {"task_id": "later:cccccccccc", "doc_id": "later", "seq": 0, "section": "3.1", "start": 0,
         "end": 9, "action": "khẩn trương lập phương án di dời đường điện trung thế qua dự án",
         "deadline": None, "recurrence": None, "legal_basis": [], "collective_only": False,
         "recurs_task_id": None, "recurs_similarity": None},
    ])
    assignees = pd.DataFrame([
        {"task_id": "early:aaaaaaaaaa", "doc_id": "early", "agency": "Sở Tài chính", "role": "lead",
         "collective": False, "jurisdiction": "Hà Giang"},
        {"task_id": "early:bbbbbbbbbb", "doc_id": "early", "agency": "Công ty Điện lực", "role": "lead",
         "collective": False, "jurisdiction": "Hà Giang"},
        {"task_id": "later:cccccccccc", "doc_id": "later", "agency": "Công ty Điện lực", "role": "lead",
         "collective": False, "jurisdiction": "Hà Giang"},
    ])
    sentences = _sentences([
        ("1", "achievements", "Sở Tài chính đã hoàn thành thẩm định phương án giá đất khu dân cư Bắc Thành."),
        ("1", "achievements", "Tỉnh đã khánh thành nhà văn hóa trung tâm."),
    ])
    mentions = pd.DataFrame(columns=["doc_id", "start", "end", "surface", "label", "canonical"])
    status = pd.DataFrame([{"task_id": "early:bbbbbbbbbb", "doc_id": "early", "section": "3.2",
                            "action": "lập phương án di dời đường điện trung thế qua dự án",
                            "status": "đã hoàn thành", "done_on": "2024-06-01", "note": None,
                            "evidence": None, "recorded_by": "Lan", "recorded_at": None}],
                          columns=tracking.COLUMNS)
    table, suggestions, orphans = build(documents, sentences, mentions, tasks, assignees, status,
                                        tracking.FollowupParams())
    row = table.set_index("task_id")
    assert row.at["early:aaaaaaaaaa", "suggested"] == "done"
    assert row.at["early:aaaaaaaaaa", "suggested_number"] == "80/TB-UBND"
    assert "Bắc Thành" in row.at["early:aaaaaaaaaa", "suggested_text"]
    assert row.at["early:bbbbbbbbbb", "suggested"] == "repeated"
    assert row.at["early:bbbbbbbbbb", "recorded"] == "done"  # the analyst's word stands
    assert pd.isna(row.at["later:cccccccccc", "suggested"])  # nothing later than it
    assert orphans.empty


# ---------------------------------------------------------------- the "Theo dõi" sheet


def _frames():
    documents = pd.DataFrame([{
        "doc_id": "dddddddd", "number": "5/TB-UBND", "issued_on": dt.date(2024, 1, 5),
        "meeting_date": None, "issuer": "Ủy ban nhân dân tỉnh", "source": "a.txt",
    }])
    tasks = pd.DataFrame([
        {"task_id": f"dddddddd:{c * 10}", "doc_id": "dddddddd", "seq": i, "section": f"2.{i}",
         "start": 0, "end": 1, "action": a, "deadline": dt.date(2024, 3, 31), "recurrence": None,
         "legal_basis": [], "collective_only": False, "recurs_task_id": None,
         "recurs_similarity": None}
        for i, (c, a) in enumerate([("a", "=lập kế hoạch A"), ("b", "thẩm định dự án B"),
                                    ("c", "rà soát hồ sơ C")])
    ])
    assignees = pd.DataFrame([
        {"task_id": t, "doc_id": "dddddddd", "agency": "Sở Xây dựng", "role": "lead",
         "collective": False, "jurisdiction": "Hà Giang"} for t in tasks["task_id"]
    ])
    return documents, tasks, assignees


@pytest.fixture()
def workbook(tmp_path):
    """A register written from three tasks, as `make run` writes it."""
    documents, tasks, assignees = _frames()
    as_of = dt.date(2024, 6, 1)
    reg = register.build_register(documents, tasks, assignees, as_of, 30)
    track = register.build_tracking(documents, tasks, assignees, as_of, 30)
    register.write_register(reg, tmp_path, as_of, track)
    return tmp_path / "task_register.xlsx"


def _edit(path: Path, edits: dict[int, dict[str, object]], saved: dt.datetime | None = None):
    book = load_workbook(path)
    ws = book[register.TRACKING_SHEET]
    head = [c.value for c in ws[1]]
    for row, cells in edits.items():
        for key, value in cells.items():
            ws.cell(row=row, column=head.index(register.TRACKING[key]) + 1, value=value)
    book.save(path)
    _saved_at(path, saved or dt.datetime(2024, 6, 2, 9, 30))


def _saved_at(path: Path, when: dt.datetime) -> None:
    """Set the workbook's save time (docProps/core.xml), as Excel stamps it on save
    (openpyxl stamps the time it saves)."""
    import re
    import zipfile

    parts = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            parts[name] = z.read(name)
    core = parts["docProps/core.xml"].decode("utf-8")
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    core = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{stamp}\g<2>", core)
    parts["docProps/core.xml"] = core.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_the_sheet_offers_the_five_statuses_and_keeps_notice_text_as_text(workbook):
    book = load_workbook(workbook)
    ws = book[register.TRACKING_SHEET]
    assert book.sheetnames[0] == "Theo dõi"
    rules = ws.data_validations.dataValidation
    listed = [r for r in rules if r.type == "list"]
    assert listed and all(s in listed[0].formula1 for s in register.RECORDED)
    head = [c.value for c in ws[1]]
    actions = [ws.cell(row=r, column=head.index("Nội dung nhiệm vụ") + 1) for r in (2, 3, 4)]
    assert actions[0].value == "=lập kế hoạch A" and actions[0].data_type == "s"
    assert {c.value for c in ws[1]} >= {"Tình trạng ghi nhận", "Ngày hoàn thành", "Ghi chú"}


def test_import_merges_what_the_analyst_typed(workbook, tmp_path):
    status = tmp_path / "status.csv"
    _edit(workbook, {
        2: {"recorded": "đã hoàn thành", "done_on": dt.datetime(2024, 4, 15), "note": "xong",
            "evidence": "BC 33/BC-SXD"},
        3: {"recorded": "dừng thực hiện", "note": "=hết vốn"},  # typed, read as text
    })
    done = tracking.import_workbook(workbook, status, by="Lan")
    assert (done.errors, done.conflicts) == ([], [])
    assert sorted(done.new) == ["dddddddd:aaaaaaaaaa", "dddddddd:bbbbbbbbbb"]
    assert done.unchanged == 1
    rows, errors = tracking.read_status(status)
    rows = rows.set_index("task_id")
    assert errors == []
    assert rows.at["dddddddd:aaaaaaaaaa", "done_on"] == "2024-04-15"
    assert rows.at["dddddddd:aaaaaaaaaa", "evidence"] == "BC 33/BC-SXD"
    assert rows.at["dddddddd:aaaaaaaaaa", "action"] == "=lập kế hoạch A"
    assert rows.at["dddddddd:bbbbbbbbbb", "recorded_by"] == "Lan"
    assert rows.at["dddddddd:bbbbbbbbbb", "note"] == "=hết vốn"
    assert rows.at["dddddddd:bbbbbbbbbb", "recorded_at"] == "2024-06-02T09:30:00"
    # importing the same workbook again changes nothing it has not already written
    before = status.read_bytes()
    again = tracking.import_workbook(workbook, status, by="Lan")
    assert again.conflicts == [] and status.read_bytes() == before


def test_a_malformed_row_is_named_and_nothing_is_written(workbook, tmp_path):
    status = tmp_path / "status.csv"
    _edit(workbook, {2: {"recorded": "đã hoàn thành"}, 4: {"recorded": "xong"}})
    done = tracking.import_workbook(workbook, status)
    assert len(done.errors) == 1 and done.errors[0].startswith("Theo dõi, dòng 4:")
    assert not status.exists()


def test_an_edit_older_than_status_csv_is_not_guessed(workbook, tmp_path):
    status = tmp_path / "status.csv"
    first = tmp_path / "first.xlsx"
    first.write_bytes(workbook.read_bytes())
    _edit(first, {2: {"recorded": "đang thực hiện"}}, saved=dt.datetime(2024, 6, 5, 8, 0))
    assert tracking.import_workbook(first, status).new == ["dddddddd:aaaaaaaaaa"]
    # a second analyst edited the same task in an older export, saved earlier
    _edit(workbook, {2: {"recorded": "đã hoàn thành"}}, saved=dt.datetime(2024, 6, 3, 8, 0))
    late = tracking.import_workbook(workbook, status)
    assert late.kept and not late.changed
    rows, _ = tracking.read_status(status)
    assert rows["status"].tolist() == ["đang thực hiện"]
    # ... and one saved later wins
    _edit(workbook, {2: {"recorded": "đã hoàn thành"}}, saved=dt.datetime(2024, 6, 9, 8, 0))
    assert tracking.import_workbook(workbook, status).changed == ["dddddddd:aaaaaaaaaa"]
    rows, _ = tracking.read_status(status)
    assert rows["status"].tolist() == ["đã hoàn thành"]


def test_a_workbook_without_the_sheet_is_one_line(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a workbook")
    done = tracking.import_workbook(path, tmp_path / "status.csv")
    assert len(done.errors) == 1 and "\n" not in done.errors[0]


def test_register_never_calls_a_recorded_done_task_overdue():
    documents, tasks, assignees = _frames()
    followup = pd.DataFrame(
        [{"task_id": "dddddddd:aaaaaaaaaa", "recorded": "done", "done_on": dt.date(2024, 4, 15)},
         {"task_id": "dddddddd:bbbbbbbbbb", "recorded": "done", "done_on": dt.date(2024, 3, 1)},
         {"task_id": "dddddddd:cccccccccc", "recorded": "in_progress", "done_on": None}]
    ).reindex(columns=list(tables.SPECS["followup"]))
    reg = register.build_register(documents, tasks, assignees, dt.date(2024, 6, 1), 30, followup)
    assert reg["Tình trạng"].tolist() == ["Hoàn thành quá hạn", "Đã hoàn thành", "Quá hạn"]
    assert reg["Tình trạng ghi nhận"].tolist() == ["đã hoàn thành", "đã hoàn thành", "đang thực hiện"]
    plain = register.build_register(documents, tasks, assignees, dt.date(2024, 6, 1), 30)
    assert set(plain["Tình trạng"]) == {"Quá hạn"} and plain["Tình trạng ghi nhận"].isna().all()


def test_under_the_current_view_a_successor_province_reports_its_predecessors_task_done():
    """Kiên Giang's notices continue as An Giang's from 1 July 2025 (issue 17): a 2026
    An Giang notice that reports a 2024 Kiên Giang task done suggests it done under the
    current view, and not as printed (two series)."""
    from pipeline.lineage import View
    from pipeline.stages.followup import build

    documents = pd.DataFrame([
        {"doc_id": "early", "number": "12/TB-UBND", "issued_on": dt.date(2024, 5, 6),
         "meeting_date": None, "issuer": "Ủy ban nhân dân tỉnh", "jurisdiction": "Kiên Giang"},
        {"doc_id": "later", "number": "31/TB-UBND", "issued_on": dt.date(2026, 3, 2),
         "meeting_date": None, "issuer": "Ủy ban nhân dân tỉnh", "jurisdiction": "An Giang"},
    ])
    tasks = pd.DataFrame([
        {"task_id": "early:kkkkkkkkkk", "doc_id": "early", "seq": 0, "section": "2", "start": 0,
         "end": 9, "action": "chủ trì kiểm kê diện tích rừng phòng hộ ven biển", "deadline": None,
         "recurrence": None, "legal_basis": [], "collective_only": False,
         "recurs_task_id": None, "recurs_similarity": None},
    ])
    assignees = pd.DataFrame([
        {"task_id": "early:kkkkkkkkkk", "doc_id": "early", "agency": "Sở Nông nghiệp và Môi trường",
         "role": "lead", "collective": False, "jurisdiction": "Kiên Giang"},
    ])
    sentences = _sentences([
        ("1", "achievements", "Sở Nông nghiệp và Môi trường đã hoàn thành kiểm kê diện tích "
                              "rừng phòng hộ ven biển."),
    ])
    mentions = pd.DataFrame(columns=["doc_id", "start", "end", "surface", "label", "canonical"])
    status = pd.DataFrame(columns=tracking.COLUMNS)
    p = tracking.FollowupParams()
    current = View("current", dt.date(2026, 6, 30))
    table, _, _ = build(documents, sentences, mentions, tasks, assignees, status, p,
                        view=current)
    assert table.set_index("task_id").at["early:kkkkkkkkkk", "suggested"] == "done"
    assert table.set_index("task_id").at["early:kkkkkkkkkk", "suggested_number"] == "31/TB-UBND"
    printed, _, _ = build(documents, sentences, mentions, tasks, assignees, status, p)
    assert pd.isna(printed.set_index("task_id").at["early:kkkkkkkkkk", "suggested"])
