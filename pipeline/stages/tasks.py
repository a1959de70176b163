"""Build the task tables: every directive, its assignees and roles, and repeated directives."""

from __future__ import annotations

import argparse
import dataclasses
import functools
import hashlib
import logging
import multiprocessing
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from pipeline import engine
from pipeline.core import logs, params, tables, text
from pipeline.core.similarity import best_earlier
from pipeline.extractors import task_filter
from pipeline.extractors.models import AgencyMention, Deadline, LegalRef
from pipeline.extractors.sections import Section
from pipeline.extractors.tasks import Task, extract_tasks

log = logging.getLogger(__name__)
WRITES = (
    "tasks",
    "task_assignees",
)  # the tables this stage writes (tests/test_layout.py)


@dataclass(frozen=True)
class TasksParams:
    """params.yaml [tasks]."""

    recurrence_similarity: float = 0.55  # cosine of char n-gram TF-IDF of two actions
    task_filter: str = "off"  # on: a learned filter drops pairs (task_filter.py)


def _sections(rows: list[dict]) -> list[Section]:
    return [Section(**{k: r[k] for k in Section.__dataclass_fields__}) for r in rows]


def notice_tasks(doc: dict, sections: list[dict], found: dict[str, list]) -> list[dict]:
    """CONTRACT ``tasks`` entries of one notice, from its raw extractions."""
    return [contract_task(t) for t in _tasks(doc, sections, found)]


def rule_tasks(doc: dict, secs: list[Section], found: dict[str, list]) -> list[Task]:
    """The task rules' tasks of one notice, before the learned filter (which trains on
    them: pipeline.train_task_filter)."""
    return extract_tasks(
        doc["text"],
        secs,
        found["agencies"],
        found["deadlines"],
        found["legal_refs"],
        int(doc["body_end"]),
    )


def _tasks(doc: dict, sections: list[dict], found: dict[str, list]) -> list[Task]:
    secs = _sections(sections)
    tasks = rule_tasks(doc, secs, found)
    if filter_on():  # the learned filter drops pairs it scores as narration
        tasks = task_filter.keep(tasks, doc["text"], secs, found["agencies"])
    return tasks


@functools.cache
def filter_on() -> bool:
    """``tasks.task_filter`` of params.yaml, read once per process."""
    return task_filter.mode_of(params.load("tasks", TasksParams).task_filter) == "on"


def filter_files() -> list[Path]:
    """The filter's model, when the filter is on: part of the fingerprints of the stages
    whose tasks it filters."""
    model = task_filter.MODEL_FILE
    return [model] if filter_on() and model.is_file() else []


def contract_task(t: Task) -> dict:
    """A Task as CONTRACT.md writes it."""
    return {
        "assignees": [
            {
                "agency": a.agency,
                "role": a.role,
                **({"collective": True} if a.collective else {}),
            }
            for a in t.assignees
        ],
        "action": t.action,
        "deadline": t.deadline,
        "legal_basis": list(t.legal_basis),
        "section": t.section,
        **({"recurrence": t.recurrence} if t.recurrence else {}),
    }


def found_from_rows(
    mentions: list[dict], deadlines: list[dict], legal_refs: list[dict]
) -> dict[str, list]:
    """Rebuild the extractions the task finder needs from the extract stage's rows."""
    return {
        "agencies": [
            AgencyMention(
                r["start"],
                r["end"],
                r["surface"],
                _str(r["canonical"]) or r["surface"],
                "",
                kind="collective" if r["label"] == "collective" else "agency",
            )
            for r in mentions
            if r["label"] in ("agencies", "collective")
        ],
        "deadlines": [
            Deadline(
                r["start"],
                r["end"],
                r["surface"],
                _iso(r["due_on"]),
                _str(r["recurrence"]),
            )
            for r in deadlines
        ],
        "legal_refs": [
            LegalRef(
                r["start"],
                r["end"],
                r["surface"],
                r["doc_type"],
                _str(r["number"]),
                _str(r["code"]),
                _str(r["ref_id"]),
            )
            for r in legal_refs
        ],
    }


def _str(value) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def _iso(value) -> str | None:
    return None if value is None or pd.isna(value) else str(value)[:10]


EMPTY: dict[str, list[dict]] = {"tasks": [], "task_assignees": []}  # a quarantined notice


def notice_rows(item: tuple) -> dict[str, list[dict]]:
    """Task and assignee rows of one (documents row, sections, mentions, deadlines,
    legal_refs rows); recurrences are linked later, over the whole corpus."""
    doc, secs, mentions, deadlines, legal_refs = item
    doc_id, out = doc["doc_id"], {"tasks": [], "task_assignees": []}
    found = found_from_rows(mentions, deadlines, legal_refs)
    found_tasks = _tasks(doc, secs, found)
    ids = task_ids(doc_id, [(t.section, t.action) for t in found_tasks])
    for seq, (task_id, t) in enumerate(zip(ids, found_tasks, strict=True)):
        out["tasks"].append(_task_row(task_id, doc, seq, t))
        out["task_assignees"] += [
            {
                "task_id": task_id,
                "doc_id": doc_id,
                "agency": a.agency,
                "role": a.role,
                "collective": a.collective,
                "jurisdiction": doc.get("jurisdiction"),
            }
            for a in t.assignees
        ]
    return out


def task_key(section, action) -> str:
    """What a task's identity rests on: its section path and its directive's text,
    folded (no case, diacritics or punctuation), so a re-run, other notices or a rule
    that does not touch the directive keep it."""
    words = re.findall(r"\w+", text.fold(text.normalize(action or "")))
    return f"{section or ''}|{' '.join(words)}"


def task_ids(doc_id: str, tasks: list[tuple]) -> list[str]:
    """Stable ids ``<doc_id>:<10 hex>`` of one notice's (section, action) pairs; the
    second and later copies of one directive in one section get ``-2``, ``-3``."""
    seen: dict[str, int] = {}
    ids = []
    for section, action in tasks:
        key = task_key(section, action)
        digest = hashlib.blake2b(key.encode("utf-8"), digest_size=5).hexdigest()
        seen[digest] = seen.get(digest, 0) + 1
        ids.append(f"{doc_id}:{digest}" + (f"-{seen[digest]}" if seen[digest] > 1 else ""))
    return ids


def fingerprint() -> str:
    """Code, lexicons and params this stage's results depend on (engine.fingerprint)."""
    from pipeline.stages import extract, segment

    return engine.fingerprint(
        "pipeline.stages.tasks",
        "tasks",
        segment.fingerprint(),
        extract.fingerprint(),
        files=filter_files(),
    )


def run(
    documents,
    sections,
    mentions,
    deadlines,
    legal_refs,
    p: TasksParams,
    e: engine.EngineParams | None = None,
):
    """(tasks, task_assignees) for every notice, with repeated directives linked."""
    groups = [
        {k: engine.records(g) for k, g in df.groupby("doc_id", sort=False)}
        for df in (sections, mentions, deadlines, legal_refs)
    ]
    items = [
        (doc, *(g.get(doc["doc_id"], []) for g in groups))
        for doc in engine.records(documents)
    ]
    rows = engine.map_notices(notice_rows, items, e or engine.EngineParams(workers=1))
    return _finish(rows, documents, p, e)


def _finish(results, documents: pd.DataFrame, p: TasksParams, e=None):
    task_rows, assignee_rows = [], []
    for rows in results:
        task_rows += rows["tasks"]
        assignee_rows += rows["task_assignees"]
    tasks = pd.DataFrame(task_rows, columns=list(tables.SPECS["tasks"]))
    assignees = pd.DataFrame(
        assignee_rows, columns=list(tables.SPECS["task_assignees"])
    )
    return link_recurrences(tasks, assignees, documents, p, e), assignees


def _task_row(task_id: str, doc: dict, seq: int, t: Task) -> dict:
    return {
        "task_id": task_id,
        "doc_id": doc["doc_id"],
        "seq": seq,
        "section": t.section,
        "start": t.start,
        "end": t.end,
        "action": t.action,
        "deadline": t.deadline,
        "recurrence": t.recurrence,
        "legal_basis": list(t.legal_basis),
        "collective_only": all(a.collective for a in t.assignees),
        "recurs_task_id": None,
        "recurs_similarity": None,
    }


def link_recurrences(
    tasks, assignees, documents, p: TasksParams, e: engine.EngineParams | None = None
) -> pd.DataFrame:
    """Link each task to the most similar earlier task given to the same agency.

    "Earlier" is by the notice's date (meeting date when it has none); similarity is
    the cosine of TF-IDF vectors of character 3-5-grams of the two actions. Each distinct
    action is hashed once (float32, in blocks); one agency's tasks are compared at a
    time, a block of rows at a time. Hashing (a block of texts per item) and the
    agencies (256 per item) are shared among the engine's workers ``e``: corpus-wide
    work that would otherwise run on one core after the per-notice map. The links do not
    depend on the number of workers.
    """
    if tasks.empty:
        return tasks
    e = e or engine.EngineParams(workers=1)
    issued = documents.set_index("doc_id")
    when = issued["issued_on"].where(
        issued["issued_on"].notna(), issued["meeting_date"]
    )
    ids = list(tasks["task_id"])
    row = {t: i for i, t in enumerate(ids)}
    order = list(zip(tasks["doc_id"], tasks["seq"], strict=True))  # ties: notice order
    day = np.array([str(when.get(t.split(":")[0])) for t in ids])
    # identical actions ("Giao Văn phòng UBND tỉnh theo dõi, đôn đốc") share one row
    same, texts = pd.factorize(tasks["action"].fillna(""))
    vectors = _vectors(list(texts), np.bincount(same), dataclasses.replace(e, chunk=1))
    groups = (
        sorted(set(rows.tolist()), key=lambda i: (day[i], order[i]))
        for rows in _rows_by_agency(assignees[~assignees["collective"]], row)
    )
    # forked local workers find the vectors where this process left them; Dask and
    # spawned workers are sent each block's rows of them
    shared = e.backend == "local" and "fork" in multiprocessing.get_all_start_methods()
    _SHARED.clear()
    if shared:
        _SHARED.update(vectors=vectors, same=same)
    blocks = _group_blocks(
        (rows for rows in groups if len(rows) > 1),
        day,
        None if shared else (vectors, same),
    )
    links: dict[int, tuple[int, float]] = {}
    try:
        for best in engine.map_notices(
            _block_links, blocks, dataclasses.replace(e, chunk=1)
        ):
            for later, (earlier, score) in best:
                kept = links.get(later, (0, 0))[1]
                if score >= p.recurrence_similarity and score > kept:
                    links[later] = (earlier, score)
    finally:
        _SHARED.clear()
    tasks = tasks.copy()
    tasks["recurs_task_id"] = [
        ids[links[i][0]] if i in links else None for i in range(len(ids))
    ]
    tasks["recurs_similarity"] = [
        round(links[i][1], 3) if i in links else None for i in range(len(ids))
    ]
    return tasks


def _rows_by_agency(named: pd.DataFrame, row: dict[str, int]) -> Iterator[np.ndarray]:
    """The task rows of each (agency, jurisdiction), in the key order of a sorted
    groupby: one vectorised grouping instead of a DataFrame per agency (thousands of
    small frames were seconds of serial work at 1,000 notices)."""
    if named.empty:
        return
    group = named.groupby(["agency", "jurisdiction"], dropna=False, sort=True).ngroup()
    rows = np.array([row[t] for t in named["task_id"]])
    by = np.argsort(group.to_numpy(), kind="stable")
    bounds = np.flatnonzero(np.diff(group.to_numpy()[by])) + 1
    yield from np.split(rows[by], bounds)


_SHARED: dict = {}  # link_recurrences' vectors, for the workers it forks


def _group_blocks(groups, day: np.ndarray, send, block: int = 256):
    """``(group sizes, rows, their days, their vectors or None)`` of ``block``
    groups at a time: one gather of the vectors of many groups, sliced by contiguous
    rows (a sparse gather per agency was most of this stage's serial time). ``send``:
    (vectors, same) to gather here and send; None when the workers gather from
    ``_SHARED`` themselves, which keeps that work off the one process every worker
    waits on (issue 18)."""
    groups = iter(groups)
    while chunk := [g for _, g in zip(range(block), groups, strict=False)]:
        rows = np.concatenate(chunk)
        gathered = None if send is None else send[0][send[1][rows]]
        yield [len(g) for g in chunk], rows, day[rows], gathered


def _block_links(item) -> list[tuple[int, tuple[int, float]]]:
    """Each group's (later task, (most similar earlier task, cosine)), in order."""
    sizes, rows, days, vectors = item
    if vectors is None:
        vectors = _SHARED["vectors"][_SHARED["same"][rows]]
    out, lo = [], 0
    for n in sizes:
        local = best_earlier(list(range(n)), days[lo : lo + n], vectors[lo : lo + n])
        out += [
            (int(rows[lo + k]), (int(rows[lo + j]), score))
            for k, (j, score) in local.items()
        ]
        lo += n
    return out


def _hashing():
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        n_features=2**20,
        alternate_sign=False,
        norm=None,
        dtype=np.float32,
    )


def _hash_block(texts: list[str]):
    return _hashing().transform(texts)


def _vectors(texts: list[str], copies: np.ndarray, e=None, block: int = 512):
    """L2-normalised TF-IDF rows (sublinear tf, smoothed idf) of hashed char n-grams of
    distinct texts; ``copies[i]`` is how many tasks have text ``i`` (for the idf)."""
    from scipy import sparse
    from sklearn.preprocessing import normalize

    blocks = (texts[lo : lo + block] for lo in range(0, len(texts), block))
    x = sparse.vstack(
        list(engine.map_notices(_hash_block, blocks, e or engine.EngineParams(workers=1))),
        format="csr",
    )
    rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
    df = np.bincount(x.indices, weights=copies[rows], minlength=2**20)
    idf = (np.log((1 + copies.sum()) / (1 + df)) + 1).astype(np.float32)
    x.data = (1 + np.log(x.data)) * idf[x.indices]
    return normalize(x, copy=False)


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.stages.tasks DOCUMENTS SECTIONS EXTRACT_DIR TASKS ASSIGNEES``."""
    ap = argparse.ArgumentParser(description=__doc__)
    for name in ("documents", "sections", "extract_dir", "tasks", "assignees"):
        ap.add_argument(name, type=Path)
    ap.add_argument("--quarantine", type=Path, help="JSON list of failed notices")
    args = ap.parse_args(argv)
    logs.setup()
    started = time.perf_counter()
    p, e = params.load("tasks", TasksParams), engine.load_params()
    total = pq.ParquetFile(args.documents).metadata.num_rows
    log.info("finding tasks in %d notices (%s)", total, engine.describe(e))
    items = engine.by_notice_tables(
        tables.batches(args.documents, columns=list(tables.SPECS["documents"])),
        args.sections,
        *(
            args.extract_dir / f"{n}.parquet"
            for n in ("mentions", "deadlines", "legal_refs")
        ),
        by_reference=e.backend == "local",
    )
    cache = engine.Cache("tasks", fingerprint())
    quarantine = engine.notice_quarantine("tasks", cache.fingerprint, EMPTY)
    results = engine.cached_map(
        engine.read_rows(notice_rows),
        items,
        lambda i: engine.row_key(i[0]),
        cache,
        e,
        "tasks",
        total,
        quarantine=quarantine,
    )
    dates = ["doc_id", "issued_on", "meeting_date"]  # all link_recurrences reads
    tasks, assignees = _finish(
        results, tables.read_columns(args.documents, dates), p, e
    )
    tables.write(tasks, "tasks", args.tasks)
    tables.write(assignees, "task_assignees", args.assignees)
    if args.quarantine:
        quarantine.write(args.quarantine)
    log.info(
        "%d tasks (%d repeated), %d assignees from %d notices in %.1f s",
        len(tasks),
        int(tasks["recurs_task_id"].notna().sum()),
        len(assignees),
        total,
        time.perf_counter() - started,
    )


if __name__ == "__main__":
    main()
