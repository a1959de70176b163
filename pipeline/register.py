"""The task register (sổ theo dõi nhiệm vụ): one row per task and assignee, as Excel and CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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
    "overdue": "Quá hạn",
    "due_soon": "Đến hạn trong 30 ngày",
    "later": "Còn hạn",
    "none": "Không có thời hạn",
}
COLUMNS = {
    "number": "Số thông báo",
    "issued": "Ngày thông báo",
    "issuer": "Cơ quan ban hành",
    "section": "Mục",
    "agency": "Cơ quan được giao",
    "role": "Vai trò",
    "action": "Nội dung nhiệm vụ",
    "deadline": "Thời hạn",
    "legal_basis": "Căn cứ",
    "status": "Tình trạng",
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
    "Cơ quan ban hành": 30,
    "Căn cứ": 22,
    "Tệp nguồn": 40,
    "Lặp lại nhiệm vụ của thông báo": 24,
    "Tình trạng": 20,
    "Mã nhiệm vụ": 22,
}


def task_status(deadline, as_of: dt.date, window: int = 30) -> str:
    """overdue | due_soon | later | none, as of ``as_of``."""
    if deadline is None or pd.isna(deadline):
        return "none"
    deadline = pd.Timestamp(deadline).date()
    if deadline < as_of:
        return "overdue"
    return "due_soon" if deadline <= as_of + dt.timedelta(days=window) else "later"


def build_register(
    documents, tasks, assignees, as_of: dt.date, window: int
) -> pd.DataFrame:
    """Register rows with Vietnamese headers, sorted by notice date then task."""
    docs = documents.set_index("doc_id")
    numbers = docs["number"].fillna("(không số)")
    issued = docs["issued_on"].where(docs["issued_on"].notna(), docs["meeting_date"])
    rows = assignees.merge(tasks, on=["task_id", "doc_id"])
    # the notice of the repeated task ("<doc_id>:<seq>"); a column with no repeats at
    # all is read back as floats, so no .str here
    recurs = [
        numbers.get(t.split(":")[0]) if isinstance(t, str) else None
        for t in rows["recurs_task_id"]
    ]
    df = pd.DataFrame(
        {
            "number": rows["doc_id"].map(numbers),
            "issued": rows["doc_id"].map(issued),
            "issuer": rows["doc_id"].map(docs["issuer"]),
            "section": rows["section"],
            "agency": rows["agency"],
            "role": [ROLE_VI.get(r, r) for r in rows["role"]],
            "action": rows["action"],
            "deadline": rows["deadline"],
            "legal_basis": [", ".join(b) for b in rows["legal_basis"]],
            "status": [STATUS_VI[task_status(d, as_of, window)] for d in rows["deadline"]],
            "recurs": recurs,
            "source": rows["doc_id"].map(docs["source"]),
            "task_id": rows["task_id"],
        },
        columns=list(COLUMNS),
    )
    df = df.sort_values(["issued", "task_id"], na_position="last", kind="stable")
    return df.rename(columns=COLUMNS).reset_index(drop=True)


def write_register(register: pd.DataFrame, outdir: Path, as_of: dt.date) -> None:
    """task_register.xlsx (frozen header, filters, widths, real dates) and .csv (UTF-8 BOM)."""
    import xlsxwriter

    outdir.mkdir(parents=True, exist_ok=True)
    # a task that starts "=HYPERLINK(...)" or a section "-13" stays text in Excel
    tables.write_csv(register, outdir / "task_register.csv")
    with tables.atomic_path(outdir / "task_register.xlsx") as tmp:
        book = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        _sheet(book, register, "Tất cả nhiệm vụ")
        for status in ("Quá hạn", "Đến hạn trong 30 ngày"):
            _sheet(book, register[register["Tình trạng"] == status], status)
        _sheet(book, _summary(register), "Tổng hợp theo cơ quan")
        notes = pd.DataFrame(
            {
                "Mục": ["Tình trạng tính đến ngày", "Ghi chú"],
                "Giá trị": [
                    as_of.strftime("%d/%m/%Y"),
                    "Quá hạn = thời hạn đã qua; ketluan không biết nhiệm vụ đã hoàn thành hay chưa.",
                ],
            }
        )
        _sheet(book, notes, "Ghi chú")
        book.close()


def _summary(register: pd.DataFrame) -> pd.DataFrame:
    counts = register.pivot_table(
        index="Cơ quan được giao",
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
    dates = {i for i, c in enumerate(columns) if c in ("Ngày thông báo", "Thời hạn")}
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
