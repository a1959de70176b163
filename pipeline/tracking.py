"""Follow-up (sổ theo dõi nhiệm vụ): the statuses analysts record for tasks, kept in
``corpus/followup/status.csv`` and attached to the tasks every run finds; status
suggestions read from later notices; the "Theo dõi" sheet's round trip.

A recorded status is input data, never an output: the pipeline only reads status.csv,
and only ``ketluan followup import`` writes it (atomically)."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.core import logs, tables, text
from pipeline.register import RECORDED, RECORDED_VI

log = logging.getLogger(__name__)

COLUMNS = [
    "task_id",  # <doc_id>:<hash> (pipeline.stages.tasks.task_ids)
    "doc_id",  # the notice, the section and the directive's text when it was recorded:
    "section",  # what a status is re-attached by when an extraction change rewrites
    "action",  # the task (best match within the same notice and section)
    "status",  # one of RECORDED's keys as typed (Vietnamese)
    "done_on",  # ISO date the task was done (only with "đã hoàn thành")
    "note",
    "evidence",  # e.g. the report that says so ("Báo cáo số 45/BC-STC")
    "recorded_by",
    "recorded_at",  # ISO date-time of the edit; the later edit of a task wins
]
EARLIEST, LATEST = (
    dt.date(1945, 9, 2),
    dt.date(2100, 12, 31),
)  # a date outside is a typo
_TASK_ID = re.compile(r"^[0-9a-f]{6,64}:[0-9a-f]{4,32}(-\d+)?$")


class StatusError(ValueError):
    """A malformed status row; the message names its file and line."""


def recorded_key(value: str) -> str:
    """The key of a status as an analyst typed it (any case, spacing, tone placement).

    >>> recorded_key(" Đã  hoàn thành ")
    'done'
    """
    typed = " ".join(text.normalize(str(value)).lower().split())
    if typed not in RECORDED:
        raise ValueError(
            f"tình trạng {str(value).strip()!r} không hợp lệ (chọn một trong: "
            + "; ".join(RECORDED)
            + ")"
        )
    return RECORDED[typed]


def parse_date(value, what: str = "ngày") -> str | None:
    """ISO date of a typed date (ISO, dd/mm/yyyy, a date cell), None when empty."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        typed = str(value).strip()
        if not typed:
            return None
        day = None
        for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                day = dt.datetime.strptime(typed[:10], fmt).date()
                break
            except ValueError:
                continue
        if day is None:
            raise ValueError(f"{what} {typed!r} không đọc được (dd/mm/yyyy)")
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"{what} {day:%d/%m/%Y} không hợp lý")
    return day.isoformat()


def parse_moment(value) -> str | None:
    """ISO date-time (seconds) of a recorded-at value, None when empty."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0, tzinfo=None).isoformat()
    typed = str(value).strip()
    if not typed:
        return None
    try:
        return (
            dt.datetime.fromisoformat(typed)
            .replace(microsecond=0, tzinfo=None)
            .isoformat()
        )
    except ValueError:
        raise ValueError(f"thời điểm ghi {typed!r} không đọc được (ISO 8601)") from None


def check_row(row: dict) -> dict:
    """One status row, cleaned; ValueError (Vietnamese, one line) when malformed."""
    task_id = str(row.get("task_id") or "").strip()
    if not _TASK_ID.match(task_id):
        raise ValueError(f"mã nhiệm vụ {task_id!r} không hợp lệ")
    status = recorded_key(row.get("status") or "")
    done_on = parse_date(row.get("done_on"), "ngày hoàn thành")
    if done_on and status != "done":
        raise ValueError("ngày hoàn thành chỉ ghi cho nhiệm vụ đã hoàn thành")
    clean = {c: _cell(row.get(c)) for c in COLUMNS}
    clean.update(
        task_id=task_id,
        doc_id=_cell(row.get("doc_id")) or task_id.split(":")[0],
        status=RECORDED_VI[status],
        done_on=done_on,
        recorded_at=parse_moment(row.get("recorded_at")),
    )
    return clean


def _cell(value) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    value = " ".join(str(value).split())
    return value or None


def read_status(path: Path) -> tuple[pd.DataFrame, list[str]]:
    """status.csv's valid rows (one per task; the later ``recorded_at`` of two wins) and
    one error line per malformed or duplicate row. A missing file is an empty register."""
    if not path.exists():
        return pd.DataFrame(columns=COLUMNS), []
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        return pd.DataFrame(columns=COLUMNS), [
            f"{path}: không phải UTF-8 ({err.reason})"
        ]
    reader = csv.DictReader(io.StringIO(raw))
    missing = [c for c in ("task_id", "status") if c not in (reader.fieldnames or [])]
    if missing:
        return pd.DataFrame(columns=COLUMNS), [
            f"{path}: thiếu cột {', '.join(missing)}"
        ]
    rows: dict[str, dict] = {}
    errors = []
    for line, row in enumerate(reader, start=2):
        try:
            clean = check_row(row)
        except ValueError as err:
            errors.append(f"{path}, dòng {line}: {err}")
            continue
        before = rows.get(clean["task_id"])
        if before is not None:
            errors.append(
                f"{path}, dòng {line}: nhiệm vụ {clean['task_id']} ghi hai lần; giữ lần ghi sau"
            )
            if (clean["recorded_at"] or "") < (before["recorded_at"] or ""):
                continue
        rows[clean["task_id"]] = clean
    df = pd.DataFrame(list(rows.values()), columns=COLUMNS).astype(object)
    return df.where(df.notna(), None), errors


def write_status(df: pd.DataFrame, path: Path) -> None:
    """status.csv, UTF-8, one row per task sorted by id, written atomically."""
    out = io.StringIO()
    w = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    w.writeheader()
    for row in df.sort_values("task_id").to_dict("records"):
        w.writerow({c: "" if _cell(row.get(c)) is None else row[c] for c in COLUMNS})
    tables.write_text(out.getvalue(), path)


# ---------------------------------------------------------------- attaching statuses


@dataclass(frozen=True)
class FollowupParams:
    """params.yaml [followup]."""

    status: str = "corpus/followup/status.csv"
    reattach_similarity: float = 0.6  # a rewritten task takes a status above this
    done_similarity: float = 0.45  # a completion sentence reports a task above this
    repeat_similarity: float = (
        0.55  # a later directive repeats an earlier one above this
    )
    repeat_window: int = 5000  # earlier tasks of one agency and province compared


def directive_words(action) -> str:
    """A directive's text folded to its words (what identity and matching compare)."""
    return " ".join(re.findall(r"\w+", text.fold(text.normalize(str(action or "")))))


def attach(status: pd.DataFrame, tasks: pd.DataFrame, threshold: float):
    """(attached, orphans): every recorded status on the task it belongs to now.

    A status whose task id is still found is attached as it is; one whose task changed
    (an extraction rule rewrote the directive) goes to the most similar unclaimed task of
    the same notice and section when that is at least ``threshold`` alike; the rest are
    orphans, with the reason, never dropped."""
    found = set(tasks["task_id"])
    exact = status[status["task_id"].isin(found)].assign(
        attach="exact", attach_from=None, attach_score=1.0
    )
    exact["attach_from"] = exact["task_id"]
    claimed = set(exact["task_id"])
    rest = status[~status["task_id"].isin(found)]
    pairs = []
    docs = set(tasks["doc_id"])
    # a task without a section is keyed "" on both sides; only the notices of statuses
    # whose task changed are grouped (a national corpus has a million tasks)
    place = tasks[tasks["doc_id"].isin(set(rest["doc_id"]))]
    place = place.assign(section=place["section"].fillna(""))
    groups = place.groupby(["doc_id", "section"])
    by_place = {key: group for key, group in groups}  # noqa: C416 (dict() of a GroupBy breaks)
    best_seen: dict[str, tuple[float, str | None]] = {}
    for r in rest.itertuples(index=False):
        group = by_place.get((r.doc_id, r.section or ""))
        best_seen[r.task_id] = (0.0, None)
        if group is None:
            continue
        words = directive_words(r.action)
        for t in group.itertuples(index=False):
            if t.task_id in claimed:
                continue
            score = difflib.SequenceMatcher(
                None, words, directive_words(t.action)
            ).ratio()
            pairs.append((score, r.task_id, t.task_id))
            if score > best_seen[r.task_id][0]:
                best_seen[r.task_id] = (score, t.task_id)
    moved: dict[str, tuple[str, float]] = {}
    for score, old, new in sorted(pairs, key=lambda x: (-x[0], x[1], x[2])):
        if score < threshold or old in moved or new in claimed:
            continue
        moved[old] = (new, score)
        claimed.add(new)
    rows = []
    orphans = []
    for r in rest.to_dict("records"):
        if r["task_id"] in moved:
            new, score = moved[r["task_id"]]
            rows.append(
                {
                    **r,
                    "task_id": new,
                    "attach": "reattached",
                    "attach_from": r["task_id"],
                    "attach_score": round(score, 3),
                }
            )
            continue
        score, near = best_seen[r["task_id"]]
        if r["doc_id"] not in docs:
            reason = "thông báo không còn trong kho hoặc không còn nhiệm vụ nào"
        elif near is None:
            reason = "không còn nhiệm vụ nào chưa gắn trong cùng mục của thông báo"
        else:
            reason = (
                f"không nhiệm vụ nào cùng mục đủ giống (gần nhất {score:.2f}: {near})"
            )
        orphans.append(
            {**r, "reason": reason, "nearest": near, "nearest_score": round(score, 3)}
        )
    attached = (
        pd.concat([exact, pd.DataFrame(rows)], ignore_index=True) if rows else exact
    )
    return (
        attached.reset_index(drop=True),
        pd.DataFrame(orphans, columns=[*COLUMNS, "reason", "nearest", "nearest_score"]),
    )


# ---------------------------------------------------------------- suggestions


def load_cues() -> dict:
    """followup_cues.yaml: done / not_done phrases, the section kinds skipped."""
    from pipeline.core.params import parse_yaml
    from pipeline.lexicons import path as lexicon_path

    data = parse_yaml(
        lexicon_path("followup_cues.yaml").read_text(encoding="utf-8")
    )
    verbs = sorted(
        {re.escape(text.normalize(v).lower()) for v in data["done_verbs"]},
        key=len,
        reverse=True,
    )
    gap = int(data["done_gap"])
    # "đã [được] <up to gap words> <verb>": the gap is bounded, so no backtracking blow-up
    perfective = re.compile(
        r"(?<!\w)đã(?:\s+\S+){0,%d}?\s+(?:%s)(?!\w)" % (gap, "|".join(verbs))
    )
    return {
        "done": _phrases(data["done"]),
        "done_perfective": perfective,
        "not_done": _phrases(data["not_done"]),
        "skip_kinds": set(data["skip_kinds"]),
    }


def _phrases(items: list[str]) -> re.Pattern:
    alts = sorted(
        {re.escape(text.normalize(i).lower()) for i in items}, key=len, reverse=True
    )
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)")


def completion_clauses(sentences: pd.DataFrame, cues: dict) -> pd.DataFrame:
    """Clauses (a sentence split at ';') that report something done: a done cue and no
    not-done cue, outside sections that direct or list. Columns: doc_id, section, start,
    end, text."""
    rows = []
    for s in sentences.itertuples(index=False):
        if s.kind in cues["skip_kinds"] or not isinstance(s.text, str):
            continue
        offset = 0
        for clause in s.text.split(";"):
            low = text.normalize(clause).lower()
            done = cues["done"].search(low) or cues["done_perfective"].search(low)
            if done and not cues["not_done"].search(low):
                lead = len(clause) - len(clause.lstrip())
                rows.append(
                    {
                        "doc_id": s.doc_id,
                        "section": s.section,
                        "start": int(s.start) + offset + lead,
                        "end": int(s.start) + offset + len(clause.rstrip()),
                        "text": clause.strip(),
                    }
                )
            offset += len(clause) + 1
    return pd.DataFrame(rows, columns=["doc_id", "section", "start", "end", "text"])


def _when(documents: pd.DataFrame) -> pd.Series:
    d = documents.set_index("doc_id")
    return pd.to_datetime(
        d["issued_on"].where(d["issued_on"].notna(), d["meeting_date"])
    )


def suggest(
    documents,
    sentences,
    mentions,
    tasks,
    assignees,
    p: FollowupParams,
    cues: dict | None = None,
    clauses: pd.DataFrame | None = None,
    view=None,
) -> pd.DataFrame:
    """Evidence from later notices about earlier tasks, one row per (task, evidence):
    ``done`` when a later notice of the same series reports a matching thing done,
    ``repeated`` when a later notice gives the same agency the same directive again
    (the tasks stage's recurrence link). Columns: task_id, suggested, doc_id, section,
    text, score, on (the later notice's date). ``clauses`` (completion_clauses of
    ``sentences``, when the caller read them in batches) replaces ``sentences``.
    ``view`` (lineage.View; None: as printed) names the series: under the current view
    a notice of a province absorbed in 2025 and a later one of its successor are one
    series, so the later one can report the earlier one's task done."""
    from pipeline import lineage
    from pipeline.core.similarity import best_earlier, fit_tfidf
    from pipeline.stages.trends import AS_PRINTED

    cols = ["task_id", "suggested", "doc_id", "section", "text", "score", "on"]
    if tasks.empty:
        return pd.DataFrame(columns=cols)
    cues = cues or load_cues()
    when = _when(documents)
    view = view or AS_PRINTED
    series = {
        doc: lineage.series_name(issuer, place, view, day)[0]
        for doc, issuer, place, day in zip(
            documents["doc_id"], documents["issuer"], documents["jurisdiction"],
            lineage.issued_dates(documents), strict=True,
        )
    }
    out = []
    if clauses is None:
        clauses = completion_clauses(sentences, cues)
    # every action, then every clause: one vocabulary and idf; vectors a group at a time
    texts = pd.concat(
        [tasks["action"].fillna("").map(directive_words),
         clauses["text"].map(directive_words)],
        ignore_index=True,
    )
    vec = fit_tfidf(texts, analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    log.info("follow-up: %d tasks, %d completion clauses, %d n-grams; peak %d MiB",
             len(tasks), len(clauses), len(vec.vocabulary), logs.peak_mib())
    task_ids = tasks["task_id"].to_numpy(dtype=object)
    task_docs = tasks["doc_id"].to_numpy(dtype=object)
    # repeated: a later directive to the same agency (same province), alike enough
    # a notice without any date sorts last ("NaT", as pandas < 3 wrote it; pandas 3
    # leaves it NaN, which cannot be sorted with the dates: found by bench_scale)
    day = tasks["doc_id"].map(when).astype(str).fillna("NaT").to_numpy()
    named = assignees[~assignees["collective"].astype(bool)]
    row = {t: i for i, t in enumerate(task_ids)}
    groups = (
        sorted({row[t] for t in ids if t in row}, key=lambda i: (day[i], i))
        for _key, ids in named.groupby(["agency", "jurisdiction"], dropna=False)["task_id"]
    )
    best: dict[int, tuple[int, float]] = {}
    for rows, vectors in _vectors_by_group(vec, texts, (g for g in groups if len(g) > 1)):
        for later, (earlier, score) in best_earlier(
            rows, day, vectors, window=p.repeat_window
        ).items():
            if score > best.get(later, (0, 0.0))[1]:
                best[later] = (earlier, score)
    sections = tasks["section"].to_numpy(dtype=object)
    actions = tasks["action"].to_numpy(dtype=object)
    for later, (earlier, score) in best.items():
        if score >= p.repeat_similarity:
            out.append(
                {
                    "task_id": task_ids[earlier],
                    "suggested": "repeated",
                    "doc_id": task_docs[later],
                    "section": sections[later],
                    "text": actions[later],
                    "score": round(score, 3),
                    "on": when.get(task_docs[later]),
                }
            )
    log.info("follow-up: %d repeated directives; peak %d MiB", len(out), logs.peak_mib())
    if not clauses.empty:
        out.extend(_done(clauses, mentions, tasks, assignees, texts, vec, when, series, p))
    df = pd.DataFrame(out, columns=cols)
    df["score"] = df["score"].astype(float).round(3)
    return df.sort_values(
        ["task_id", "on", "score"], ascending=[True, True, False], kind="stable"
    ).reset_index(drop=True)


def _vectors_by_group(vec, texts: pd.Series, groups, size: int = 20000):
    """(rows, vectors of ``texts`` at those positions) for each group of positions,
    many groups transformed in one call (a call has milliseconds of its own, and a
    national corpus has 100,000 groups); the same rows as one call per group."""
    batch: list = []

    def flush(batch):
        matrix = vec.transform(texts.iloc[np.concatenate(batch)])
        at = 0
        for rows in batch:
            yield rows, matrix[at : at + len(rows)]
            at += len(rows)

    held = 0
    for rows in groups:
        batch.append(rows)
        held += len(rows)
        if held >= size:
            yield from flush(batch)
            batch, held = [], 0
    if batch:
        yield from flush(batch)


def _done(clauses, mentions, tasks, assignees, texts, vec, when, series, p) -> list[dict]:
    """"done" suggestions: a completion clause of a later notice of the same series like
    one of its earlier tasks (the three most similar, above ``p.done_similarity`` once
    the agency bonus is added). ``texts``: the tasks' directive words, then the
    clauses'."""
    task_when = tasks["doc_id"].map(when).to_numpy(dtype="datetime64[ns]")
    clause_when = clauses["doc_id"].map(when).to_numpy(dtype="datetime64[ns]")
    # the tasks of each series, in table order (one scan of every task per clause
    # was quadratic: issue 18)
    of_series = {
        key: np.asarray(rows)
        for key, rows in tasks.groupby(tasks["doc_id"].map(series)).indices.items()
    }
    by_series = clauses.groupby(clauses["doc_id"].map(series)).indices
    keys = [k for k in by_series if k in of_series]
    first_clause = len(tasks)  # where the clauses' texts start
    groups = (np.concatenate([of_series[k], first_clause + by_series[k]]) for k in keys)
    picked: dict[int, list[tuple[int, float]]] = {}  # clause -> [(task, cosine)]
    for key, (_rows, vectors) in zip(keys, _vectors_by_group(vec, texts, groups),
                                     strict=True):
        idx_s, rows = of_series[key], by_series[key]
        a_s, c_s = vectors[: len(idx_s)].T.tocsc(), vectors[len(idx_s) :]
        # a block of a series' clauses against all its tasks in one product (a
        # product per clause took hours at 100,000 notices); the same sums
        for lo in range(0, len(rows), 256):
            sims_block = (c_s[lo : lo + 256] @ a_s).toarray()
            for r, i in enumerate(rows[lo : lo + 256]):
                later = clause_when[i]
                if np.isnat(later):
                    continue
                keep = task_when[idx_s] < later  # NaT compares False
                idx, sims = idx_s[keep], sims_block[r][keep]
                picked[i] = [(int(idx[k]), float(sims[k]))
                             for k in sims.argsort()[::-1][:3]]
    # the agencies of the candidate tasks only, and those named in each clause
    task_ids = tasks["task_id"].to_numpy(dtype=object)
    candidates = {task_ids[j] for found in picked.values() for j, _ in found}
    agencies = _agencies_by_task(assignees[assignees["task_id"].isin(candidates)])
    named = _named_in(clauses, mentions, rows=sorted(picked))
    docs, sections = clauses["doc_id"].to_numpy(object), clauses["section"].to_numpy(object)
    said = clauses["text"].to_numpy(object)
    out = []
    for i in sorted(picked):
        for j, sim in picked[i]:
            task_id = task_ids[j]
            score = sim + _agency_bonus(named[i], agencies.get(task_id, set()))
            if score >= p.done_similarity:
                out.append(
                    {
                        "task_id": task_id,
                        "suggested": "done",
                        "doc_id": docs[i],
                        "section": sections[i],
                        "text": said[i],
                        "score": round(score, 3),
                        "on": when.get(docs[i]),
                    }
                )
    return out


def _agencies_by_task(assignees: pd.DataFrame) -> dict[str, set[str]]:
    named = assignees[~assignees["collective"].astype(bool)]
    return {t: set(map(text.fold, g["agency"])) for t, g in named.groupby("task_id")}


def _named_in(clauses: pd.DataFrame, mentions, rows=None) -> dict[int, set[str]]:
    """The canonical agencies mentioned inside each clause (of ``rows``, positions in
    ``clauses``; None: all), folded. ``mentions``: the extract stage's mentions table,
    as a frame or the path of its Parquet file, which DuckDB joins without loading it
    (a national corpus has millions of mentions)."""
    import duckdb

    rows = range(len(clauses)) if rows is None else rows
    wanted = clauses.iloc[list(rows)][["doc_id", "start", "end"]].assign(
        clause=list(rows)
    )
    con = duckdb.connect()
    try:
        con.register("wanted", wanted)
        if isinstance(mentions, pd.DataFrame):
            con.register("mentions", mentions[["doc_id", "start", "end", "label",
                                               "surface", "canonical"]])
            source = "mentions"
        else:
            source = f"read_parquet('{str(mentions).replace(chr(39), chr(39) * 2)}')"
        found = con.sql(
            "SELECT w.clause, coalesce(m.canonical, m.surface) AS name FROM wanted w "
            f"JOIN (SELECT * FROM {source} WHERE label = 'agencies') m "
            'ON m.doc_id = w.doc_id AND m.start >= w.start AND m."end" <= w."end"'
        ).fetchall()
    finally:
        con.close()
    out: dict[int, set[str]] = {i: set() for i in rows}
    for clause, name in found:
        out[clause].add(text.fold(str(name)))
    return out


def _agency_bonus(named: set[str], assigned: set[str]) -> float:
    """A clause that names the task's agency is likelier about it; one that names only
    other agencies, less."""
    if not named:
        return 0.0
    return 0.1 if named & assigned else -0.1


def best_suggestion(suggestions: pd.DataFrame) -> pd.DataFrame:
    """Per task, the suggestion of the latest later notice, with the best evidence.
    When one notice both reports a task done and gives a like directive, the report
    wins: the like directive is most often the next step ("đã phê duyệt giá đất" and
    "giao Sở Tài chính chi trả bồi thường")."""
    if suggestions.empty:
        return suggestions
    rank = suggestions.assign(rep=suggestions["suggested"].eq("repeated"))
    rank = rank.sort_values(
        ["task_id", "on", "rep", "score"],
        ascending=[True, False, True, False],
        kind="stable",
    )
    return rank.drop_duplicates("task_id").drop(columns="rep").reset_index(drop=True)


# ---------------------------------------------------------------- the sheet's round trip


@dataclass
class Imported:
    """What ``import_workbook`` did, row by row."""

    new: list[str]
    changed: list[str]
    cleared: list[str]
    unchanged: int
    kept: list[str]  # status.csv holds a later edit of the task: the sheet's is older
    conflicts: list[str]
    errors: list[str]


def import_workbook(
    xlsx: Path, status_path: Path, by: str | None = None, now: dt.datetime | None = None
) -> Imported:
    """Merge the "Theo dõi" sheet of a register an analyst edited into status.csv.

    A row counts as edited when its editable cells differ from what was exported (the
    hidden snapshot). An edit is applied when status.csv still holds what was exported
    for the task; when status.csv changed since (another import), the later edit wins,
    by the workbook's save time against the row's ``recorded_at``; when that cannot be
    told, the row is a conflict, reported and not applied. Malformed rows are errors
    naming their line; with any error nothing is written. status.csv is rewritten
    atomically."""
    from openpyxl import load_workbook

    from pipeline.register import SNAPSHOT_FIELDS, TRACKING, TRACKING_SHEET, snapshot

    result = Imported([], [], [], 0, [], [], [])
    try:
        # formulas are read as the text typed, never evaluated or dropped
        book = load_workbook(xlsx, read_only=True, data_only=False)
    except Exception as err:  # noqa: BLE001 - a broken file is one line, not a traceback
        result.errors.append(
            f"{xlsx}: không mở được sổ Excel ({type(err).__name__}: {err})"
        )
        return result
    if TRACKING_SHEET not in book.sheetnames:
        result.errors.append(f'{xlsx}: không có trang "{TRACKING_SHEET}"')
        return result
    saved = book.properties.modified  # when the analyst saved it (UTC, naive)
    edited_at = (saved or now or dt.datetime.now()).replace(microsecond=0, tzinfo=None)
    editor = by or book.properties.lastModifiedBy or None
    current, bad = read_status(status_path)
    if bad:
        result.errors += [f"{line} (sửa status.csv trước khi nhập)" for line in bad]
        return result
    rows = book[TRACKING_SHEET].iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    index = {
        key: header.index(name) for key, name in TRACKING.items() if name in header
    }
    missing = [
        TRACKING[k]
        for k in ("task_id", *SNAPSHOT_FIELDS, "recorded_at", "snapshot")
        if k not in index
    ]
    if missing:
        result.errors.append(
            f'{xlsx}: trang "{TRACKING_SHEET}" thiếu cột {", ".join(missing)}'
        )
        return result
    by_task = {r["task_id"]: r for r in current.to_dict("records")}
    seen: dict[str, dict] = {}
    for line, values in enumerate(rows, start=2):
        cell = {k: (values[i] if i < len(values) else None) for k, i in index.items()}
        task_id = str(cell["task_id"] or "").strip()
        if not task_id:
            continue
        where = f"{TRACKING_SHEET}, dòng {line}"
        typed = {k: cell[k] for k in SNAPSHOT_FIELDS}
        if snapshot(typed) == str(cell["snapshot"] or ""):
            result.unchanged += 1
            continue
        empty = all(
            _cell(v if not hasattr(v, "isoformat") else v.isoformat()) is None
            for v in typed.values()
        )
        if empty:
            row = None
        else:
            try:
                row = check_row(
                    {
                        "task_id": task_id,
                        "doc_id": task_id.split(":")[0],
                        "section": cell.get("section"),
                        "action": cell.get("action"),
                        "status": typed["recorded"],
                        "done_on": typed["done_on"],
                        "note": typed["note"],
                        "evidence": typed["evidence"],
                        "recorded_by": _cell(typed["recorded_by"]) or editor,
                        "recorded_at": edited_at,
                    }
                )
            except ValueError as err:
                result.errors.append(f"{where}: {err}")
                continue
        if task_id in seen and seen[task_id] != row:
            result.conflicts.append(
                f"{where}: nhiệm vụ {task_id} có hai dòng khác nhau; không ghi"
            )
            seen[task_id] = {"conflict": True}
            continue
        seen[task_id] = row
        before = by_task.get(task_id)
        if _same(before, row):  # already in status.csv (this workbook imported before)
            result.unchanged += 1
            seen[task_id] = {"conflict": True}  # nothing to write for it
            continue
        exported_at = parse_moment(cell["recorded_at"])
        if (before or {}).get("recorded_at") != exported_at:
            # status.csv changed since this register was exported
            then = before["recorded_at"] if before else None
            if then is None or saved is None or edited_at.isoformat() == then:
                result.conflicts.append(
                    f"{where}: nhiệm vụ {task_id} đã được ghi lại sau khi xuất sổ "
                    f"({then or 'không rõ lúc'}); không đoán, không ghi"
                )
                seen[task_id] = {"conflict": True}
                continue
            if edited_at.isoformat() < then:
                result.kept.append(
                    f"{where}: status.csv có lần ghi sau ({then}); giữ lần đó"
                )
                seen[task_id] = {"conflict": True}
                continue
        if row is None:
            if before is not None:
                result.cleared.append(task_id)
        elif before is None:
            result.new.append(task_id)
        else:
            result.changed.append(task_id)
    if result.errors:
        return result
    for task_id, row in seen.items():
        if row is not None and row.get("conflict"):
            continue
        if row is None:
            by_task.pop(task_id, None)
        else:
            by_task[task_id] = row
    if result.new or result.changed or result.cleared:
        write_status(pd.DataFrame(list(by_task.values()), columns=COLUMNS), status_path)
    return result


def _same(before: dict | None, row: dict | None) -> bool:
    """Whether status.csv already holds what a sheet row says."""
    if before is None or row is None:
        return before is row
    keys = ("status", "done_on", "note", "evidence")
    return all(_cell(before.get(k)) == _cell(row.get(k)) for k in keys)
