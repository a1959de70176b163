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
    rows = []
    for a in assignees.merge(tasks, on=["task_id", "doc_id"]).itertuples():
        doc = docs.loc[a.doc_id]
        issued = doc["issued_on"] if pd.notna(doc["issued_on"]) else doc["meeting_date"]
        recurs = (
            a.recurs_task_id.split(":")[0]
            if isinstance(a.recurs_task_id, str)
            else None
        )
        rows.append(
            {
                "number": numbers[a.doc_id],
                "issued": issued,
                "issuer": doc["issuer"],
                "section": a.section,
                "agency": a.agency,
                "role": ROLE_VI.get(a.role, a.role),
                "action": a.action,
                "deadline": a.deadline,
                "legal_basis": ", ".join(a.legal_basis),
                "status": STATUS_VI[task_status(a.deadline, as_of, window)],
                "recurs": numbers.get(recurs) if recurs else None,
                "source": doc["source"],
                "task_id": a.task_id,
            }
        )
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    df = df.sort_values(["issued", "task_id"], na_position="last", kind="stable")
    return df.rename(columns=COLUMNS).reset_index(drop=True)


def write_register(register: pd.DataFrame, outdir: Path, as_of: dt.date) -> None:
    """task_register.xlsx (frozen header, filters, widths, real dates) and .csv (UTF-8 BOM)."""
    outdir.mkdir(parents=True, exist_ok=True)
    with tables.atomic_path(outdir / "task_register.csv") as tmp:
        register.to_csv(tmp, index=False, encoding="utf-8-sig")
    with tables.atomic_path(outdir / "task_register.xlsx") as tmp:
        with pd.ExcelWriter(
            tmp,
            engine="xlsxwriter",
            date_format="dd/mm/yyyy",
            datetime_format="dd/mm/yyyy",
        ) as xl:
            _sheet(xl, register, "Tất cả nhiệm vụ")
            for status in ("Quá hạn", "Đến hạn trong 30 ngày"):
                _sheet(xl, register[register["Tình trạng"] == status], status)
            _sheet(xl, _summary(register), "Tổng hợp theo cơ quan")
            notes = pd.DataFrame(
                {
                    "Mục": ["Tình trạng tính đến ngày", "Ghi chú"],
                    "Giá trị": [
                        as_of.strftime("%d/%m/%Y"),
                        "Quá hạn = thời hạn đã qua; ketluan không biết nhiệm vụ đã hoàn thành hay chưa.",
                    ],
                }
            )
            _sheet(xl, notes, "Ghi chú")


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


def _sheet(xl: pd.ExcelWriter, df: pd.DataFrame, name: str) -> None:
    df = df.copy()
    for col in ("Ngày thông báo", "Thời hạn"):
        if col in df:
            df[col] = pd.to_datetime(df[col])
    df.to_excel(xl, sheet_name=name[:31], index=False)
    ws = xl.sheets[name[:31]]
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(df), 1), max(len(df.columns) - 1, 0))
    wrap = xl.book.add_format({"text_wrap": True, "valign": "top"})
    for i, col in enumerate(df.columns):
        ws.set_column(
            i,
            i,
            WIDTHS.get(col, max(12, min(30, len(str(col)) + 4))),
            wrap if col == "Nội dung nhiệm vụ" else None,
        )
