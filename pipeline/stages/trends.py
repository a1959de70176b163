"""Trends: shortcoming codes by period and issuer, recurrence streaks, rises and falls,
and tasks received and overdue per agency and period."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline import lineage
from pipeline.core import logs, params, tables
from pipeline.lineage import LineageParams, View
from pipeline.register import task_status, with_followup
from pipeline.stages.graph import GraphParams, as_of_date

log = logging.getLogger(__name__)
DOCUMENT_COLUMNS = ["doc_id", "number", "issued_on", "meeting_date", "issuer",
                    "jurisdiction"]


@dataclass(frozen=True)
class TrendsParams:
    """params.yaml [trends]."""

    period: str = "half"  # half | year | quarter
    min_periods: int = 2  # periods an issuer needs before rising/falling is judged


def period_of(day, kind: str = "half") -> str | None:
    """ "2021-H1", "2021", "2021-Q3" for a date (None for a missing date)."""
    if day is None or pd.isna(day):
        return None
    day = pd.Timestamp(day)
    if kind == "year":
        return f"{day.year}"
    if kind == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if kind == "half":
        return f"{day.year}-H{1 if day.month <= 6 else 2}"
    raise ValueError(f"trends.period must be half, year or quarter, not {kind!r}")


AS_PRINTED = View("as_printed", dt.date.min)


def series_of(doc: dict, view: View = AS_PRINTED) -> str:
    """The body whose notices form one series: issuer and province ("Ủy ban nhân dân tỉnh
    — Kiên Giang"); a Văn phòng speaks for its committee. Under the current view, the
    body and province on the view's date ("Ủy ban nhân dân tỉnh — An Giang")."""
    return lineage.series_name(doc.get("issuer"), doc.get("jurisdiction"), view)[0]


def notice_periods(
    documents: pd.DataFrame, kind: str, view: View = AS_PRINTED
) -> pd.DataFrame:
    """doc_id, number, series (in ``view``), period (from the meeting date, else the
    notice date), series_printed, lineage_note, lineage (the view)."""
    when = documents["meeting_date"].where(
        documents["meeting_date"].notna(), documents["issued_on"]
    )
    records = documents.to_dict("records")
    shown = [lineage.series_name(d.get("issuer"), d.get("jurisdiction"), view, day)
             for d, day in zip(records, lineage.issued_dates(documents), strict=True)]
    return pd.DataFrame(
        {
            "doc_id": documents["doc_id"],
            "number": documents["number"],
            "series": [s for s, _ in shown],
            "period": [period_of(d, kind) for d in when],
            "date": when,
            "series_printed": [series_of(d) for d in records],
            "lineage_note": [n or None for _, n in shown],
            "lineage": view.label,
        }
    )


def code_by_period(periods: pd.DataFrame, shortcomings: pd.DataFrame) -> pd.DataFrame:
    """Per period, series and code: notices raising it, the share of the period's
    notices of that series, and the number of items."""
    items = (
        shortcomings.explode("codes")
        .dropna(subset=["codes"])
        .rename(columns={"codes": "code"})
        .merge(periods, on="doc_id")
    )
    items = items[items["period"].notna()]
    raised = (
        items.groupby(["series", "period", "code"])
        .agg(notices=("doc_id", "nunique"), items=("text", "size"))
        .reset_index()
    )
    totals = periods.groupby(["series", "period"]).size().rename("notices_in_period")
    raised = raised.merge(totals.reset_index(), on=["series", "period"])
    raised["share"] = (raised["notices"] / raised["notices_in_period"]).round(4)
    return raised.sort_values(["series", "period", "code"]).reset_index(drop=True)


def recurrence(
    periods: pd.DataFrame, by_period: pd.DataFrame, p: TrendsParams
) -> pd.DataFrame:
    """Per series and code: periods raised, the current and longest runs of consecutive
    periods (counting the periods in which the series issued any notice), first and last
    seen, and the direction of the last change (rising, falling, steady, new)."""
    rows = []
    # each series' periods, found once (a scan per series was quadratic: issue 18)
    calendars = {
        series: sorted(group.dropna().unique())
        for series, group in periods.groupby("series")["period"]
    }
    for series, grp in by_period.groupby("series"):
        calendar = calendars.get(series, [])
        for code, g in grp.groupby("code"):
            share = g.set_index("period")["share"].reindex(calendar, fill_value=0.0)
            raised = (share > 0).tolist()
            rows.append(
                {
                    "series": series,
                    "code": code,
                    "periods_raised": int(sum(raised)),
                    "periods_total": len(calendar),
                    "current_streak": _run_at_end(raised),
                    "longest_streak": _longest_run(raised),
                    "first_seen": g["period"].min(),
                    "last_seen": g["period"].max(),
                    "last_period": calendar[-1],
                    "trend": _direction(share.tolist(), p.min_periods),
                    "share_last": float(share.iloc[-1]),
                    "share_before": float(share.iloc[-2]) if len(share) > 1 else None,
                }
            )
    cols = [
        "series",
        "code",
        "periods_raised",
        "periods_total",
        "current_streak",
        "longest_streak",
        "first_seen",
        "last_seen",
        "last_period",
        "trend",
        "share_last",
        "share_before",
    ]
    return (
        pd.DataFrame(rows, columns=cols)
        .sort_values(["longest_streak", "periods_raised"], ascending=False)
        .reset_index(drop=True)
    )


def _run_at_end(flags: list[bool]) -> int:
    n = 0
    for f in reversed(flags):
        if not f:
            break
        n += 1
    return n


def _longest_run(flags: list[bool]) -> int:
    best = run = 0
    for f in flags:
        run = run + 1 if f else 0
        best = max(best, run)
    return best


def _direction(shares: list[float], min_periods: int) -> str:
    if len(shares) < min_periods:
        return "new" if shares and shares[-1] > 0 else "steady"
    last, before = shares[-1], shares[-2]
    if before == 0 and last > 0:
        return "new" if sum(shares[:-1]) == 0 else "rising"
    return "rising" if last > before else "falling" if last < before else "steady"


def agency_tasks(
    periods, tasks, assignees, as_of: dt.date, window: int, followup=None,
    view: View = AS_PRINTED,
) -> pd.DataFrame:
    """Tasks received, overdue (not recorded done or stopped) and recorded done per
    named agency (in ``view``: under current, a merged body's tasks count for its
    successor) and period."""
    t = with_followup(tasks[["task_id", "deadline"]], followup)
    shown = lineage.apply(assignees, view, periods.set_index("doc_id")["date"])
    named = (
        shown[~shown["collective"]]
        .merge(t[["task_id", "deadline", "recorded", "done_on"]], on="task_id")
        .merge(periods, on="doc_id")
    )
    status = [
        task_status(d, as_of, window, r, o)
        for d, r, o in zip(named["deadline"], named["recorded"], named["done_on"], strict=True)
    ]
    named["overdue"] = [s == "overdue" for s in status]
    named["done"] = [s in ("done", "done_late") for s in status]
    out = (
        named.groupby(["agency", "jurisdiction", "period"], dropna=False)
        .agg(tasks=("task_id", "nunique"), overdue=("overdue", "sum"), done=("done", "sum"))
        .reset_index()
        .assign(lineage=view.label)
    )
    return out.sort_values(["period", "tasks"], ascending=[True, False]).reset_index(
        drop=True
    )


def items_table(periods: pd.DataFrame, shortcomings: pd.DataFrame) -> pd.DataFrame:
    """Every classified item with its code, series, period and notice, for quoting."""
    items = (
        shortcomings.explode("codes")
        .dropna(subset=["codes"])
        .rename(columns={"codes": "code"})
        .merge(periods, on="doc_id")
    )
    return (
        items[["series", "period", "code", "doc_id", "number", "section", "text"]]
        .sort_values(["series", "period", "code"])
        .reset_index(drop=True)
    )


def lineage_table(periods: pd.DataFrame, assignees: pd.DataFrame, view: View):
    """The names ``view`` changed or refused to change: kind (series | agency), printed
    name and place, shown name and place, relation, note, and how many notices or task
    rows carry it. Empty under as_printed."""
    cols = ["kind", "printed", "printed_jurisdiction", "shown", "shown_jurisdiction",
            "relation", "note", "rows", "lineage"]
    if view.kind != "current":
        return pd.DataFrame(columns=cols)
    series = (
        periods[periods["lineage_note"].notna()]
        .groupby(["series_printed", "series", "lineage_note"]).size()
        .rename("rows").reset_index()
    )
    series = pd.DataFrame({
        "kind": "series", "printed": series["series_printed"], "printed_jurisdiction": None,
        "shown": series["series"], "shown_jurisdiction": None,
        "relation": ["split" if p == s else "merge" for p, s in
                     zip(series["series_printed"], series["series"], strict=True)],
        "note": series["lineage_note"], "rows": series["rows"],
    })
    shown = lineage.apply(assignees, view, periods.set_index("doc_id")["date"])
    shown = shown[shown["lineage_note"].notna()]
    keys = ["agency_printed", "jurisdiction_printed", "agency", "jurisdiction", "lineage_note"]
    agencies = shown.groupby(keys, dropna=False).size().rename("rows").reset_index()
    kept = (agencies["agency"] == agencies["agency_printed"]) & (
        agencies["jurisdiction"].fillna("") == agencies["jurisdiction_printed"].fillna(""))
    agencies = pd.DataFrame({
        "kind": "agency", "printed": agencies["agency_printed"],
        "printed_jurisdiction": agencies["jurisdiction_printed"],
        "shown": agencies["agency"], "shown_jurisdiction": agencies["jurisdiction"],
        "relation": kept.map({True: "split", False: "merge"}),
        "note": agencies["lineage_note"], "rows": agencies["rows"],
    })
    out = pd.concat([series, agencies], ignore_index=True).assign(lineage=view.label)
    return out[cols].sort_values(["kind", "printed", "printed_jurisdiction"]).reset_index(
        drop=True
    )


def run(documents, shortcomings, tasks, assignees, p: TrendsParams, as_of, window,
        followup=None, view: View = AS_PRINTED):
    """Every trend table, by name; series and agencies named in ``view``."""
    periods = notice_periods(documents, p.period, view)
    by_period = code_by_period(periods, shortcomings).assign(lineage=view.label)
    return {
        "notices": periods,
        "code_by_period": by_period,
        "recurrence": recurrence(periods, by_period, p).assign(lineage=view.label),
        "items": items_table(periods, shortcomings),
        "agency_tasks": agency_tasks(
            periods, tasks, assignees, as_of, window, followup, view
        ),
        "lineage": lineage_table(periods, assignees, view),
    }


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.stages.trends DOCUMENTS SHORTCOMINGS TASKS ASSIGNEES OUTDIR``."""
    ap = argparse.ArgumentParser(description=__doc__)
    for name in ("documents", "shortcomings", "tasks", "assignees", "outdir"):
        ap.add_argument(name, type=Path)
    ap.add_argument("--followup", type=Path, help="the follow-up stage's tasks.parquet")
    args = ap.parse_args(argv)
    logs.setup()
    started = time.perf_counter()
    p = params.load("trends", TrendsParams)
    g = params.load("graph", GraphParams)
    view = lineage.view_of(params.load("lineage", LineageParams), as_of_date(g))
    result = run(
        tables.read_columns(args.documents, DOCUMENT_COLUMNS),  # not the text
        tables.read_columns(args.shortcomings, ["doc_id", "section", "text", "codes"]),
        tables.read(args.tasks, "tasks"),
        tables.read(args.assignees, "task_assignees"),
        p,
        as_of_date(g),
        g.due_window_days,
        tables.read(args.followup, "followup")
        if args.followup and args.followup.exists()
        else None,
        view,
    )
    args.outdir.mkdir(parents=True, exist_ok=True)
    for name, df in result.items():
        with tables.atomic_path(args.outdir / f"{name}.parquet") as tmp:
            df.to_parquet(tmp, index=False)
    log.info(
        "trends by %s (%s): %s in %.1f s",
        p.period,
        view.label,
        {k: len(v) for k, v in result.items()},
        time.perf_counter() - started,
    )


if __name__ == "__main__":
    main()
