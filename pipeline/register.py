"""The task register (sổ theo dõi nhiệm vụ): one row per task and assignee, as Excel and CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.core import tables

# What analysts read is Vietnamese.
ROLE_VI = {
    "lead": "Chủ trì",
    "coordinate": "Phối hợp",
    "advise": "Tham mưu",
    "monitor": "Theo dõi, đôn đốc",
    "implement": "Thực hiện",
}
STATUS_VI = {
    "done": "Đã hoàn thành",
    "done_late": "Hoàn thành quá hạn",
    "stopped": "Dừng thực hiện",
    "not_feasible": "Không thực hiện được",
    "overdue": "Quá hạn",
    "due_soon": "Đến hạn trong 30 ngày",
    "later": "Còn hạn",
    "none": "Không có thời hạn",
}
CLOSED = ("done", "done_late", "stopped", "not_feasible")  # never overdue
# corpus/followup/status.csv's vocabulary (what analysts type) -> the tables' key
RECORDED: dict[str, str] = {
    "chưa thực hiện": "not_started",
    "đang thực hiện": "in_progress",
    "đã hoàn thành": "done",
    "không thực hiện được": "not_feasible",
    "dừng thực hiện": "stopped",
}
RECORDED_VI = {key: label for label, key in RECORDED.items()}
SUGGESTED_VI = {
    "done": "Có thể đã hoàn thành",
    "repeated": "Được giao lại (có thể chưa hoàn thành)",
}
COLUMNS = {
    "number": "Số thông báo",
    "issued": "Ngày thông báo",
    "issuer": "Cơ quan ban hành",
    "section": "Mục",
    "agency": "Cơ quan được giao",
    "agency_now": "Cơ quan theo tổ chức hiện nay",
    "role": "Vai trò",
    "action": "Nội dung nhiệm vụ",
    "deadline": "Thời hạn",
    "legal_basis": "Căn cứ",
    "status": "Tình trạng",
    "recorded": "Tình trạng ghi nhận",
    "done_on": "Ngày hoàn thành",
    "suggested": "Gợi ý từ thông báo sau",
    "recurs": "Lặp lại nhiệm vụ của thông báo",
    "source": "Tệp nguồn",
    "task_id": "Mã nhiệm vụ",
}
# Notice text is data: never a formula, a link or a number, whatever it starts with
# (every cell is written with an explicit write_* too; these cover any plain write()).
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
WIDTHS = {
    "Nội dung nhiệm vụ": 70,
    "Cơ quan được giao": 34,
    "Cơ quan theo tổ chức hiện nay": 34,
    "Cơ quan ban hành": 30,
    "Căn cứ": 22,
    "Tệp nguồn": 40,
    "Lặp lại nhiệm vụ của thông báo": 24,
    "Tình trạng": 20,
    "Mã nhiệm vụ": 22,
    "Tình trạng ghi nhận": 22,
    "Gợi ý từ thông báo sau": 30,
    "Căn cứ gợi ý": 50,
    "Cơ quan chủ trì / được giao": 34,
    "Ghi chú": 30,
    "Minh chứng (số báo cáo, văn bản)": 28,
}


def task_status(
    deadline, as_of: dt.date, window: int = 30, recorded=None, done_on=None
) -> str:
    """The status a task has on ``as_of``: what an analyst recorded first (done, done
    late, stopped, not feasible), then what its deadline says (overdue, due soon, later,
    none). Overdue means the deadline passed and the task is not recorded closed.

    >>> day = dt.date(2025, 6, 1)
    >>> task_status("2025-05-01", day), task_status("2025-05-01", day, recorded="done")
    ('overdue', 'done')
    >>> task_status("2025-05-01", day, recorded="done", done_on="2025-05-20")
    'done_late'
    """
    if isinstance(recorded, str):
        if recorded == "done":
            late = _given(deadline) and _given(done_on)
            late = late and pd.Timestamp(done_on).date() > pd.Timestamp(deadline).date()
            return "done_late" if late else "done"
        if recorded in ("stopped", "not_feasible"):
            return recorded
    if not _given(deadline):
        return "none"
    deadline = pd.Timestamp(deadline).date()
    if deadline < as_of:
        return "overdue"
    return "due_soon" if deadline <= as_of + dt.timedelta(days=window) else "later"


def _given(value) -> bool:
    return value is not None and not (not isinstance(value, str) and pd.isna(value))


def with_followup(tasks: pd.DataFrame, followup: pd.DataFrame | None) -> pd.DataFrame:
    """``tasks`` with the follow-up stage's columns (recorded status, done date,
    suggestion); without a follow-up table, none recorded."""
    cols = ["recorded", "done_on", "note", "evidence", "recorded_by", "recorded_at",
            "suggested", "suggested_number", "suggested_text"]
    if followup is None or followup.empty:
        return tasks.assign(**{c: None for c in cols})
    return tasks.merge(followup[["task_id", *cols]], on="task_id", how="left")


def build_register(
    documents, tasks, assignees, as_of: dt.date, window: int, followup=None, shown=None
) -> pd.DataFrame:
    """Register rows (one per task and assignee) with Vietnamese headers, sorted by
    notice date then the task's place in its notice. ``followup`` is the follow-up
    stage's table: recorded statuses and suggestions (None: nothing recorded). The
    agency is always as printed; ``shown`` (``lineage.apply(assignees, view)`` under the
    current view) adds the body that holds the task today, which the summary sheet
    counts by."""
    docs = documents.set_index("doc_id")
    if shown is not None:
        # with its province: the summary sheet counts one body of one province per line
        assignees = assignees.assign(agency_now=[
            f"{a} ({j})" if isinstance(j, str) and j not in a else a
            for a, j in zip(shown["agency"], shown["jurisdiction"], strict=True)
        ])
    numbers = docs["number"].fillna("(không số)")
    issued = docs["issued_on"].where(docs["issued_on"].notna(), docs["meeting_date"])
    rows = assignees.merge(with_followup(tasks, followup), on=["task_id", "doc_id"])
    # the notice of the repeated task ("<doc_id>:<hash>"); a column with no repeats at
    # all is read back as floats, so no .str here
    recurs = [
        numbers.get(t.split(":")[0]) if isinstance(t, str) else None
        for t in rows["recurs_task_id"]
    ]
    status = [
        task_status(d, as_of, window, r, o)
        for d, r, o in zip(rows["deadline"], rows["recorded"], rows["done_on"], strict=True)
    ]
    df = pd.DataFrame(
        {
            "number": rows["doc_id"].map(numbers),
            "issued": rows["doc_id"].map(issued),
            "issuer": rows["doc_id"].map(docs["issuer"]),
            "section": rows["section"],
            "agency": rows["agency"],
            "agency_now": rows["agency_now"] if "agency_now" in rows else None,
            "role": [ROLE_VI.get(r, r) for r in rows["role"]],
            "action": rows["action"],
            "deadline": rows["deadline"],
            "legal_basis": [", ".join(b) for b in rows["legal_basis"]],
            "status": [STATUS_VI[s] for s in status],
            "recorded": [_recorded_vi(r) for r in rows["recorded"]],
            "done_on": rows["done_on"],
            "suggested": [_suggestion_vi(s, n) for s, n in
                          zip(rows["suggested"], rows["suggested_number"], strict=True)],
            "recurs": recurs,
            "source": rows["doc_id"].map(docs["source"]),
            "task_id": rows["task_id"],
            "doc_id": rows["doc_id"],
            "seq": rows["seq"],
        },
    )
    df = df.sort_values(["issued", "doc_id", "seq"], na_position="last", kind="stable")
    cols = [c for c in COLUMNS if c != "agency_now" or "agency_now" in rows]
    return df[cols].rename(columns=COLUMNS).reset_index(drop=True)


def _recorded_vi(key) -> str | None:
    return RECORDED_VI.get(key) if isinstance(key, str) else None


def _suggestion_vi(key, number) -> str | None:
    if not isinstance(key, str):
        return None
    return f"{SUGGESTED_VI[key]} ({number or 'thông báo sau'})"


# The "Theo dõi" sheet: one row per task; the analyst edits the last five columns.
TRACKING = {
    "task_id": "Mã nhiệm vụ",
    "number": "Số thông báo",
    "issued": "Ngày thông báo",
    "section": "Mục",
    "agencies": "Cơ quan chủ trì / được giao",
    "action": "Nội dung nhiệm vụ",
    "deadline": "Thời hạn",
    "status": "Tình trạng",
    "suggested": "Gợi ý từ thông báo sau",
    "suggested_text": "Căn cứ gợi ý",
    "recorded": "Tình trạng ghi nhận",
    "done_on": "Ngày hoàn thành",
    "note": "Ghi chú",
    "evidence": "Minh chứng (số báo cáo, văn bản)",
    "recorded_by": "Người ghi",
    "recorded_at": "Ghi lúc (không sửa)",
    "snapshot": "Bản xuất (không sửa)",
}
SNAPSHOT_FIELDS = ("recorded", "done_on", "note", "evidence", "recorded_by")


def snapshot(values: dict) -> str:
    """A short fingerprint of a task's editable cells as exported: the import tells an
    analyst's edit from a value that changed in status.csv since the export."""
    import hashlib

    def cell(v):
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return ""
        if hasattr(v, "isoformat"):
            return v.isoformat()[:10]
        return " ".join(str(v).split())

    joined = "\x1f".join(cell(values.get(k)) for k in SNAPSHOT_FIELDS)
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=6).hexdigest()
EDITABLE = ("recorded", "done_on", "note", "evidence", "recorded_by")
TRACKING_SHEET = "Theo dõi"
DATE_COLUMNS = ("Ngày thông báo", "Thời hạn", "Ngày hoàn thành")


def build_tracking(
    documents, tasks, assignees, as_of: dt.date, window: int, followup=None,
    latest: int | None = None,
):
    """The "Theo dõi" sheet's rows: one per task, its leads (else every assignee).
    ``latest`` (graph.workbook_rows): only the latest that many tasks, the rows the
    workbook keeps, built from the start (a national corpus's million tasks are not
    built to be cut); ``attrs["total"]`` then says how many tasks there are."""
    docs = documents.set_index("doc_id")
    issued = docs["issued_on"].where(docs["issued_on"].notna(), docs["meeting_date"])
    total = len(tasks)
    if latest is not None and total > latest:
        # the same order as the sheet's sort below; the chosen tasks keep table order
        key = pd.DataFrame({"issued": tasks["doc_id"].map(issued).to_numpy(),
                            "doc_id": tasks["doc_id"].to_numpy(),
                            "seq": tasks["seq"].to_numpy()})
        order = key.sort_values(["issued", "doc_id", "seq"], na_position="last",
                                kind="stable").index.to_numpy()
        tasks = tasks.iloc[np.sort(order[-latest:])]
    t = with_followup(tasks, followup)
    # per task its leads, else every assignee, in the table's order (one pass: a
    # group per task took minutes at 100,000 notices, issue 18)
    lead = assignees["role"].eq("lead").to_numpy()
    led = set(assignees["task_id"].to_numpy()[lead])
    pick = lead | ~assignees["task_id"].isin(led).to_numpy()
    names: dict[str, dict] = {}
    for task_id, agency in zip(
        assignees["task_id"].to_numpy()[pick], assignees["agency"].to_numpy()[pick],
        strict=True,
    ):
        names.setdefault(task_id, {})[agency] = None
    who = {task_id: "; ".join(found) for task_id, found in names.items()}
    df = pd.DataFrame(
        {
            "task_id": t["task_id"],
            "number": t["doc_id"].map(docs["number"].fillna("(không số)")),
            "issued": t["doc_id"].map(issued),
            "section": t["section"],
            "agencies": t["task_id"].map(who),
            "action": t["action"],
            "deadline": t["deadline"],
            "status": [STATUS_VI[task_status(d, as_of, window, r, o)] for d, r, o in
                       zip(t["deadline"], t["recorded"], t["done_on"], strict=True)],
            "suggested": [_suggestion_vi(s, n) for s, n in
                          zip(t["suggested"], t["suggested_number"], strict=True)],
            "suggested_text": t["suggested_text"],
            "recorded": [_recorded_vi(r) for r in t["recorded"]],
            "done_on": t["done_on"],
            "note": t["note"],
            "evidence": t["evidence"],
            "recorded_by": t["recorded_by"],
            "recorded_at": t["recorded_at"],
            "snapshot": None,
            "doc_id": t["doc_id"],
            "seq": t["seq"],
        }
    )
    # one row's values at a time (a dict per row of every task at once held a
    # gigabyte at 100,000 notices)
    fields = list(SNAPSHOT_FIELDS)
    df["snapshot"] = [
        snapshot(dict(zip(fields, values, strict=True)))
        for values in zip(*(df[f] for f in fields), strict=True)
    ]
    df = df.sort_values(["issued", "doc_id", "seq"], na_position="last", kind="stable")
    out = df[list(TRACKING)].rename(columns=TRACKING).reset_index(drop=True)
    out.attrs["total"] = total
    return out


def write_register(
    register: pd.DataFrame, outdir: Path, as_of: dt.date, tracking: pd.DataFrame | None = None,
    view=None, max_rows: int | None = None,
) -> None:
    """task_register.xlsx (frozen header, filters, widths, real dates; an editable "Theo
    dõi" sheet when ``tracking`` is given; the notes sheet says which names the summary
    counts by, ``view``) and .csv (UTF-8 BOM). ``max_rows`` (graph.workbook_rows) keeps
    the latest rows of each sheet of tasks; the CSV always holds every row."""
    write_workbook(outdir, register_sheets(register, outdir, as_of, view, max_rows),
                   tracking, max_rows)


def _latest(df: pd.DataFrame, name: str, max_rows: int | None, cut: list[str]):
    total = df.attrs.get("total", len(df))  # a tracking sheet built already cut
    if max_rows is None or total <= max_rows:
        return df
    cut.append(f"{name}: {max_rows} / {total}")
    return df.tail(max_rows)  # sorted by notice date: the latest notices


def register_sheets(
    register: pd.DataFrame, outdir: Path, as_of: dt.date, view=None,
    max_rows: int | None = None,
) -> dict:
    """Write task_register.csv (every row) and return what the workbook shows of the
    register: its sheets (the latest ``max_rows`` rows of each), the summary and the
    notes. The register itself can then be let go before the tracking sheet is built (a
    national corpus's two tables together are most of the graph stage's memory)."""
    outdir.mkdir(parents=True, exist_ok=True)
    # a task that starts "=HYPERLINK(...)" or a section "-13" stays text in Excel
    tables.write_csv(register, outdir / "task_register.csv")
    cut: list[str] = []
    sheets = [("Tất cả nhiệm vụ", _latest(register, "Tất cả nhiệm vụ", max_rows, cut))]
    for status in ("Quá hạn", "Đến hạn trong 30 ngày"):
        sheets.append(
            (status, _latest(register[register["Tình trạng"] == status], status, max_rows, cut))
        )
    sheets.append(("Tổng hợp theo cơ quan", _summary(register)))
    recorded = register.drop_duplicates("Mã nhiệm vụ")["Tình trạng ghi nhận"]
    notes = [
        ("Tình trạng tính đến ngày", as_of.strftime("%d/%m/%Y")),
        ("Nhiệm vụ chưa ghi tình trạng", f"{int(recorded.isna().sum())} / {len(recorded)}"),
        ("Tên cơ quan trong trang tổng hợp", _names_note(register, view)),
        ("Ghi chú",
         "Quá hạn = thời hạn đã qua và chưa ghi nhận hoàn thành hoặc dừng thực hiện. "
         "Ghi tình trạng ở trang \"Theo dõi\", rồi chạy: ketluan followup import "
         "outputs/task_register.xlsx. Cột \"Gợi ý\" chỉ là gợi ý từ thông báo sau, "
         "không thay tình trạng đã ghi."),
    ]
    return {"sheets": sheets, "notes": notes, "cut": cut}


def write_workbook(
    outdir: Path, parts: dict, tracking: pd.DataFrame | None = None,
    max_rows: int | None = None,
) -> None:
    """task_register.xlsx from ``register_sheets``'s parts and the tracking sheet."""
    import xlsxwriter

    cut: list[str] = []
    with tables.atomic_path(outdir / "task_register.xlsx") as tmp:
        book = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        if tracking is not None:
            _tracking_sheet(book, _latest(tracking, TRACKING_SHEET, max_rows, cut))
        for name, df in parts["sheets"]:
            _sheet(book, df, name)
        cut += parts["cut"]
        notes = pd.DataFrame(parts["notes"], columns=["Mục", "Giá trị"])
        if cut:  # the summary still counts every row
            notes.loc[len(notes)] = [
                "Số dòng trong sổ (mới nhất)",
                "; ".join(cut) + ". Đủ mọi dòng: task_register.csv và view tasks_register "
                "của outputs/ketluan.duckdb.",
            ]
        _sheet(book, notes, "Ghi chú")
        book.close()


def _tracking_sheet(book, df: pd.DataFrame) -> None:
    """The editable sheet: status as a drop-down, done date as a date; the rest is read."""
    _sheet(book, df, TRACKING_SHEET)
    ws = book.get_worksheet_by_name(TRACKING_SHEET)
    columns = list(df.columns)
    last = max(len(df), 1)  # one row per task: the ids are fixed, no rows are added
    col = columns.index(TRACKING["recorded"])
    ws.data_validation(1, col, last, col, {
        "validate": "list", "source": list(RECORDED),
        "error_title": "Tình trạng", "error_message": "Chọn một tình trạng trong danh sách.",
    })
    col = columns.index(TRACKING["done_on"])
    ws.data_validation(1, col, last, col, {
        "validate": "date", "criteria": "between",
        "minimum": dt.date(1945, 9, 2), "maximum": dt.date(2100, 12, 31),
        "error_title": "Ngày hoàn thành", "error_message": "Nhập một ngày (dd/mm/yyyy).",
    })
    for key in ("recorded_at", "snapshot"):  # what the import compares with, hidden
        at = columns.index(TRACKING[key])
        ws.set_column(at, at, None, None, {"hidden": True})


def _names_note(register: pd.DataFrame, view) -> str:
    now = COLUMNS["agency_now"]
    if view is None or now not in register:
        return "Như in trong thông báo."
    return (
        f"Theo tổ chức hiện hành ngày {view.as_of:%d/%m/%Y} (cột \"{now}\": cơ quan, địa "
        "phương đã sáp nhập mang tên cơ quan, địa phương tiếp nhận). Cơ quan bị chia tách "
        "và cơ quan cấp huyện (đã kết thúc ngày 30/06/2025) giữ tên như in trong thông báo."
    )


def _summary(register: pd.DataFrame) -> pd.DataFrame:
    index = COLUMNS["agency_now"] if COLUMNS["agency_now"] in register else COLUMNS["agency"]
    counts = register.pivot_table(
        index=index,
        columns="Tình trạng",
        values="Mã nhiệm vụ",
        aggfunc="count",
        fill_value=0,
    )
    counts["Tổng số nhiệm vụ"] = counts.sum(axis=1)
    return counts.sort_values("Tổng số nhiệm vụ", ascending=False).reset_index()


def _sheet(book, df: pd.DataFrame, name: str) -> None:
    """One sheet: bold frozen header with filters, column widths, dates as real dates."""
    ws = book.add_worksheet(name[:31])
    head = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    day = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top"})
    columns = [str(c) for c in df.columns]
    for i, col in enumerate(columns):
        width = WIDTHS.get(col, max(12, min(30, len(col) + 4)))
        ws.set_column(i, i, width, wrap if col == "Nội dung nhiệm vụ" else None)
    for i, col in enumerate(columns):
        ws.write_string(0, i, col, head)
    dates = {i for i, c in enumerate(columns) if c in DATE_COLUMNS}
    for r, values in enumerate(df.itertuples(index=False, name=None), start=1):
        for i, v in enumerate(values):
            if v is None or (not isinstance(v, (list, str)) and pd.isna(v)):
                continue
            if i in dates:
                ws.write_datetime(r, i, pd.Timestamp(v).to_pydatetime(), day)
            elif isinstance(v, str):
                ws.write_string(r, i, v)  # never read as a formula or a link
            else:
                ws.write_number(r, i, float(v))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(df), 1), max(len(columns) - 1, 0))
