"""Map a per-notice function over notices: in this process, on local worker processes or
on Dask, results in input order; with a per-stage cache of results keyed by notice.

Stages hand ``map_notices`` a module-level function (pickled by reference, never a
closure over a model): each worker loads its models once, through the lazy singletons
of the stage modules (``classify.classifier``, underthesea's own lazy loading).
"""

from __future__ import annotations

import ast
import bisect
import collections
import contextlib
import functools
import hashlib
import itertools
import json
import logging
import os
import pickle
import signal
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from pipeline.core import params as core_params
from pipeline.core import paths, tables

log = logging.getLogger(__name__)
PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class EngineParams:
    """params.yaml [engine]."""

    workers: int = 0  # worker processes; 0 = all cores, 1 = this process only
    backend: str = "local"  # local | dask
    dask_address: str | None = (
        None  # a scheduler ("tcp://host:8786"); None = LocalCluster
    )
    chunk: int = 16  # notices per task sent to a worker
    notice_seconds: float = 300  # one notice in one stage; longer is quarantined (0 = no limit)

    def __post_init__(self):
        if self.backend not in ("local", "dask"):
            raise core_params.ParamsError(f"engine.backend: {self.backend!r}")

    def n_workers(self) -> int:
        return self.workers or os.cpu_count() or 1


def load_params() -> EngineParams:
    """params.yaml [engine] (defaults when the section is absent)."""
    return core_params.load("engine", EngineParams, paths.PARAMS_FILE)


# ---------------------------------------------------------------- the map


def _run_chunk(fn: Callable, chunk: list) -> list:
    return [fn(item) for item in chunk]


class Blob(bytes):
    """A result a worker pickled itself, for ``cached_map``: the stage process keeps
    these bytes in the cache as they are and unpickles them once, where it would
    otherwise unpickle the result and pickle it again for the cache (issue 18: serial
    work in the one process that all workers wait on)."""


def _run_chunk_blobs(fn: Callable, chunk: list) -> list:
    out = []
    for item in chunk:
        result = fn(item)
        if not isinstance(result, Failure):
            result = Blob(pickle.dumps(result, protocol=5))
        out.append(result)
    return out


# ---------------------------------------------------------------- the notice boundary


class NoticeTimeout(Exception):
    """A notice took longer than ``engine.notice_seconds`` in one stage."""


@dataclass(frozen=True)
class Failure:
    """What the notice boundary caught for one notice: an exception's class and a line."""

    error: str
    reason: str


def one_line(err: BaseException, limit: int = 300) -> str:
    """An exception as one short line (no traceback, no line breaks)."""
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _guarded(fn: Callable, seconds: float, item: Any) -> Any:
    """``fn(item)``, or a ``Failure`` when it raises or runs past ``seconds``: the notice
    boundary, in whichever process runs the notice."""
    try:
        with _time_limit(seconds):
            return fn(item)
    except Exception as err:  # noqa: BLE001 - one notice fails, never the run
        return Failure(type(err).__name__, one_line(err))


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise ``NoticeTimeout`` in this thread after ``seconds`` (main thread only: Dask
    runs tasks in threads, where no alarm can be set)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def alarm(signum, frame):
        raise NoticeTimeout(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Quarantine:
    """The notices one stage could not process, caught at the notice boundary.

    A quarantined notice yields ``empty(failure)`` in place of its result (the stage
    writes nothing for it, or a rejection), is listed here with its reason, and is never
    cached: the next run tries it again, so a fix to the code or the file takes effect.

    Attributes:
        stage: the stage's name.
        version: the fingerprint of the stage's code, lexicons and params.
        label: item -> {"source": ..., "doc_id": ...} naming the notice.
        empty: (item, failure) -> the result the stage goes on with.
    """

    stage: str
    version: str
    label: Callable[[Any], dict]
    empty: Callable[[Any, Failure], Any]
    entries: list[dict] = field(default_factory=list)

    def add(self, item: Any, failure: Failure) -> Any:
        """Record one failed notice; return what the stage goes on with."""
        entry = {
            **self.label(item),
            "stage": self.stage,
            "reason": failure.reason,
            "error": failure.error,
            "code_version": self.version,
        }
        self.entries.append(entry)
        log.warning(
            "quarantined %s in %s: %s: %s",
            entry.get("source") or entry.get("doc_id"),
            self.stage,
            failure.error,
            failure.reason,
        )
        return self.empty(item, failure)

    def report(self) -> dict:
        return {"stage": self.stage, "count": len(self.entries), "notices": self.entries}

    def write(self, path: Path) -> None:
        """``{"stage", "count", "notices": [...]}`` as JSON, atomically."""
        tables.write_json(self.report(), path)


def notice_label(item: Any) -> dict:
    """The source and doc_id of a per-notice item: a documents row, or a tuple led by one."""
    doc = item[0] if isinstance(item, tuple) else item
    return {"source": doc.get("source"), "doc_id": doc.get("doc_id")}


def notice_quarantine(stage: str, version: str, empty: Any) -> Quarantine:
    """The quarantine of a stage that maps documents rows: a failed notice goes on as
    ``empty`` (its rows: none)."""
    return Quarantine(stage, version, notice_label, lambda item, failure: empty)


def map_notices(
    fn: Callable,
    items: Iterable,
    p: EngineParams,
    desc: str = "",
    total: int | None = None,
    quarantine: Quarantine | None = None,
) -> Iterator:
    """``fn(item)`` for every item, yielded in input order.

    Items are read lazily and at most two chunks per worker are in flight, so memory
    stays flat however long ``items`` is. A run with fewer than two chunks of items, or
    one worker, stays in this process. With a ``quarantine``, a notice whose ``fn``
    raises is recorded there and yields its empty result; without one, the exception
    goes on to the caller.
    """
    if quarantine is None:
        yield from _map(fn, items, p, desc, total, guard=False)
        return
    for item, result in _map(fn, items, p, desc, total, guard=True, seconds=p.notice_seconds):
        yield quarantine.add(item, result) if isinstance(result, Failure) else result


_BARS: weakref.WeakSet = weakref.WeakSet()


def close_progress() -> None:
    """Close every open progress bar, so that a message printed next starts its own line."""
    for bar in list(_BARS):
        bar.close()


def _map(
    fn: Callable,
    items: Iterable,
    p: EngineParams,
    desc: str,
    total: int | None,
    guard: bool,
    seconds: float = 0,
    blobs: bool = False,
) -> Iterator:
    """The map itself; with ``guard``, yields ``(item, result or Failure)``; with
    ``blobs``, results computed on local workers come as ``Blob``s."""
    items = iter(items)
    in_flight: collections.deque = collections.deque()
    if guard:
        fn = functools.partial(_guarded, fn, seconds)
        items = _remember(items, in_flight)
    head = list(itertools.islice(items, 2 * p.chunk))
    stream = itertools.chain(head, items)
    bar = tqdm(total=total, desc=desc, unit="notice", disable=None)
    _BARS.add(bar)
    if p.n_workers() == 1 or len(head) < 2 * p.chunk:
        results: Iterator = map(fn, stream)
    elif p.backend == "dask":
        results = _dask(fn, stream, p)
    else:
        # the first notice runs here, before the workers fork: the lexicons, regexes
        # and models it loads lazily are then shared by every worker, not loaded by each
        first = fn(head[0])
        rest = _local(fn, itertools.islice(stream, 1, None), p, blobs)
        results = itertools.chain([first], rest)
    try:
        for result in results:
            bar.update()
            yield (in_flight.popleft(), result) if guard else result
    finally:
        bar.close()


def _remember(items: Iterator, seen: collections.deque) -> Iterator:
    for item in items:
        seen.append(item)
        yield item


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def _windowed(submit: Callable, items: Iterator, p: EngineParams) -> Iterator:
    """Submit chunks, keep ``2 * workers`` in flight, yield results in order."""
    window: collections.deque = collections.deque()
    for chunk in _chunks(items, p.chunk):
        window.append(submit(chunk))
        if len(window) >= 2 * p.n_workers():
            yield from window.popleft().result()
    while window:
        yield from window.popleft().result()


def _local(
    fn: Callable, items: Iterator, p: EngineParams, blobs: bool = False
) -> Iterator:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: workers start in milliseconds and share the modules already imported
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    run = _run_chunk_blobs if blobs else _run_chunk
    with ProcessPoolExecutor(
        p.n_workers(), multiprocessing.get_context(method)
    ) as pool:
        yield from _windowed(lambda chunk: pool.submit(run, fn, chunk), items, p)


def _dask(fn: Callable, items: Iterator, p: EngineParams) -> Iterator:
    from dask.distributed import Client, LocalCluster

    cluster = None
    if p.dask_address:
        client = Client(p.dask_address)
    else:
        cluster = LocalCluster(
            n_workers=p.n_workers(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        client = Client(cluster)
    try:
        yield from _windowed(
            lambda chunk: client.submit(_run_chunk, fn, chunk, pure=False), items, p
        )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# ---------------------------------------------------------------- streamed inputs


def by_notice(docs: Iterable[dict], *others: Iterable[dict]) -> Iterator[tuple]:
    """``(doc, rows_of_table_1, rows_of_table_2, ...)`` per documents row.

    Each other table must list its notices in the order of the documents table (the
    stages write them so), which lets every table stream side by side.

    Raises:
        ValueError: when a table holds a notice out of that order or not in documents.
    """
    runs = [
        ((k, list(g)) for k, g in itertools.groupby(rows, key=lambda r: r["doc_id"]))
        for rows in others
    ]
    return _align(docs, runs)


def by_notice_tables(
    docs: Iterable[dict],
    *paths: Path,
    batch_rows: int = 4096,
    by_reference: bool = True,
) -> Iterator[tuple]:
    """``by_notice`` over Parquet tables: ``(doc, RowRef or Rows or [] per table)``.

    A notice's rows are read into dicts (``read_rows``) by the process that runs the
    notice, not by the stage process every worker waits on (issue 18), and a notice
    found in the cache is never decoded at all. ``by_reference``: each item names its
    rows (``RowRef``: file and row range) and the worker reads them from the file
    itself, so nothing but the reference is pickled (local workers share the files);
    otherwise the rows travel as a compact Arrow batch (``Rows``; for Dask workers,
    which may not see this machine's files).
    """
    runs = _row_ranges if by_reference else _runs
    return _align(docs, [runs(path, batch_rows) for path in paths])


def _align(docs: Iterable[dict], runs: list[Iterator[tuple]]) -> Iterator[tuple]:
    heads = [next(r, None) for r in runs]
    for doc in docs:
        parts = []
        for i, stream in enumerate(runs):
            if heads[i] is not None and heads[i][0] == doc["doc_id"]:
                parts.append(heads[i][1])
                heads[i] = next(stream, None)
            else:
                parts.append([])
        yield (doc, *parts)
    stray = [h[0] for h in heads if h is not None]
    if stray:
        raise ValueError(f"notice {stray[0]} is not in documents order")


@dataclass(frozen=True)
class Rows:
    """One notice's rows of a table, as Arrow (``by_notice_tables`` for Dask)."""

    batch: pa.Table | pa.RecordBatch

    def __len__(self) -> int:
        return self.batch.num_rows

    def to_list(self) -> list[dict]:
        return self.batch.to_pylist()

    def __reduce__(self):
        # a slice pickles the whole buffers it was cut from; a compact copy, its rows
        return (Rows, (self.batch.take(np.arange(self.batch.num_rows)),))


def _runs(path: Path, size: int = 4096) -> Iterator[tuple[str, Rows]]:
    """``(doc_id, Rows)`` of each notice: its rows read here, to go with the item."""
    for doc_id, ref in _row_ranges(path, size):
        reader = _table_reader(ref.path, ref.version)
        yield doc_id, Rows(reader.arrow(ref.start, ref.stop))


@dataclass(frozen=True)
class RowRef:
    """Rows ``start`` to ``stop`` of a Parquet file as it was at ``version``."""

    path: str
    version: tuple[int, ...]  # inode, mtime_ns, size: a file written anew is read anew
    start: int
    stop: int

    def __len__(self) -> int:
        return self.stop - self.start

    def to_list(self) -> list[dict]:
        return _table_reader(self.path, self.version).rows(self.start, self.stop)


def _row_ranges(path: Path, size: int = 4096) -> Iterator[tuple[str, RowRef]]:
    """``(doc_id, RowRef)`` of each notice of a table whose rows are grouped by notice;
    reads the doc_id column only."""
    path = Path(path).resolve()
    stat = path.stat()
    version = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    pending: list | None = None  # [doc_id, start, stop]
    offset = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=size, columns=["doc_id"]):
        ids = batch.column(0).to_numpy(zero_copy_only=False)
        bounds = [0, *(np.flatnonzero(ids[1:] != ids[:-1]) + 1).tolist(), len(ids)]
        for lo, hi in itertools.pairwise(bounds):
            if pending is not None and pending[0] == ids[lo]:
                pending[2] = offset + hi
                continue
            if pending is not None:
                yield pending[0], RowRef(str(path), version, pending[1], pending[2])
            pending = [ids[lo], offset + lo, offset + hi]
        offset += len(ids)
    if pending is not None:
        yield pending[0], RowRef(str(path), version, pending[1], pending[2])


class _TableReader:
    """One process's reader of a Parquet file: the row group last decoded is kept, so
    notices read in file order decode each row group once."""

    def __init__(self, path: str):
        self.file, self.pid = pq.ParquetFile(path), os.getpid()
        meta = self.file.metadata
        self.starts = list(
            itertools.accumulate(
                (meta.row_group(g).num_rows for g in range(meta.num_row_groups)),
                initial=0,
            )
        )
        self.group: tuple[int, pa.Table | None] = (-1, None)

    def arrow(self, start: int, stop: int) -> pa.Table:
        """Rows ``start`` to ``stop`` (a slice of the kept row group when they lie in
        one)."""
        parts = []
        g = bisect.bisect_right(self.starts, start) - 1
        while start < stop:
            if self.group[0] != g:
                self.group = (g, self.file.read_row_group(g))
            end = min(stop, self.starts[g + 1])
            parts.append(self.group[1].slice(start - self.starts[g], end - start))
            start, g = end, g + 1
        return parts[0] if len(parts) == 1 else pa.concat_tables(parts)

    def rows(self, start: int, stop: int) -> list[dict]:
        return self.arrow(start, stop).to_pylist()


_READERS: dict[tuple[str, tuple[int, ...]], _TableReader] = {}


def _table_reader(path: str, version: tuple[int, ...]) -> _TableReader:
    reader = _READERS.get((path, version))
    if reader is None or reader.pid != os.getpid():  # a forked worker opens its own
        if reader is None and len(_READERS) >= 16:
            _READERS.clear()
        reader = _READERS[(path, version)] = _TableReader(path)
    return reader


def read_rows(fn: Callable) -> Callable:
    """``fn`` over items of ``by_notice_tables``, each ``Rows`` read into a list of
    dicts first, in the process that runs the notice."""
    return functools.partial(_read_rows, fn)


def _read_rows(fn: Callable, item: tuple) -> Any:
    return fn(tuple(x.to_list() if isinstance(x, Rows | RowRef) else x for x in item))


# ---------------------------------------------------------------- the cache


def code_files(module: str) -> list[Path]:
    """Source files of ``module`` and every ``pipeline`` module it imports, at any
    depth (imports inside functions included), plus every lexicon file when the
    lexicons are among them."""
    seen: set[Path] = set()
    todo = [module]
    known = _known_imports()
    before = len(known)
    while todo:
        name = todo.pop()
        for file in _module_files(name):
            if file not in seen:
                seen.add(file)
                source = file.read_bytes()
                key = f"{name}:{hashlib.sha256(source).hexdigest()[:20]}"
                if key not in known:
                    known[key] = _imports(source, file, name)
                todo += known[key]
    if len(known) > before:
        _save_known_imports(known)
    if PACKAGE / "lexicons" / "__init__.py" in seen:
        seen |= {f for f in (PACKAGE / "lexicons").iterdir() if f.is_file()}
    return sorted(seen)


def _module_files(name: str) -> list[Path]:
    """The file of module ``name`` and the ``__init__.py`` of its packages."""
    parts = name.split(".")
    if parts[0] != "pipeline":
        return []
    out = []
    for i in range(1, len(parts) + 1):
        base = PACKAGE.joinpath(*parts[1:i])
        for file in (base / "__init__.py", base.with_suffix(".py")):
            if file.is_file():
                out.append(file)
    return out


_KNOWN_IMPORTS: dict[str, list[str]] | None = None


def _known_imports() -> dict[str, list[str]]:
    """The ``pipeline`` imports of each module source seen before, by module name and
    the source's hash: parsing every module again cost each stage process about a
    second (issue 18: serial work that a second worker cannot share)."""
    global _KNOWN_IMPORTS
    if _KNOWN_IMPORTS is None:
        try:
            _KNOWN_IMPORTS = json.loads((cache_dir() / "code_imports.json").read_text())
        except (OSError, ValueError):
            _KNOWN_IMPORTS = {}
    return _KNOWN_IMPORTS


def _save_known_imports(known: dict[str, list[str]]) -> None:
    file = cache_dir() / "code_imports.json"
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(known, sort_keys=True))
        os.replace(tmp, file)
    except OSError as err:  # a read-only project still runs, parsing again next time
        log.debug("could not keep %s: %s", file, err)


def _imports(source: bytes, file: Path, name: str) -> list[str]:
    package = name if file.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source.decode("utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            found += [base] + [f"{base}.{a.name}" for a in node.names]
    return [m for m in found if m.startswith("pipeline")]


def fingerprint(
    module: str, section: str, *extra: str, files: Iterable[Path] = ()
) -> str:
    """Hash of the code a stage runs, its params section, the versions of the libraries
    whose models it uses, other fingerprints it builds on, and ``files`` (a model)."""
    from importlib.metadata import version

    h = hashlib.sha256()
    for file in [*code_files(module), *sorted(files)]:
        h.update(file.name.encode() + b"\0" + file.read_bytes())
    section_values = core_params.read_all(paths.PARAMS_FILE).get(section)
    h.update(json.dumps(section_values, sort_keys=True, default=str).encode())
    h.update(version("underthesea").encode() + version("scikit-learn").encode())
    for value in extra:
        h.update(value.encode())
    return h.hexdigest()[:16]


def records(df: pd.DataFrame | None) -> list[dict]:
    """Rows as dicts with None for missing values, as the streamed tables give them."""
    if df is None:
        return []
    return df.astype(object).where(df.notna(), None).to_dict("records")


def row_key(doc: dict) -> str:
    """Cache key of a documents row: its doc_id (the text's hash) and a hash of the
    other columns (dates, footnotes, source), which per-notice stages also read."""
    rest = {k: v for k, v in doc.items() if k != "text"}
    digest = hashlib.sha256(json.dumps(rest, sort_keys=True, default=str).encode())
    return f"{doc['doc_id']}:{digest.hexdigest()[:12]}"


def cache_dir() -> Path:
    """``.ketluan-cache/`` of the project (``KETLUAN_CACHE`` overrides it)."""
    return Path(os.environ.get("KETLUAN_CACHE") or paths.CACHE)


STATS: dict[str, dict[str, int]] = {}  # stage -> computed and cached, of the last run
CACHE_SCHEMA = pa.schema([("key", pa.string()), ("result", pa.binary())])


@dataclass
class Cache:
    """One stage's results by notice key: ``.ketluan-cache/<stage>.parquet``.

    Entries were written by code and params with fingerprint ``fingerprint``; a file
    with another fingerprint is ignored. Only the keys of the current run are written
    back, so notices that left the corpus leave the cache.
    """

    stage: str
    fingerprint: str
    computed: int = 0
    cached: int = 0
    _index: dict[str, int] = field(default_factory=dict)
    _group: tuple[int, list] = (-1, [])

    def __post_init__(self):
        self.path = cache_dir() / f"{self.stage}.parquet"
        self._file = None
        if self.path.exists():
            try:
                self._open()
            except (OSError, pa.ArrowException) as err:
                log.warning("ignoring unreadable cache %s: %s", self.path, err)
                self._file, self._index = None, {}

    def _open(self) -> None:
        file = pq.ParquetFile(self.path)
        meta = file.schema_arrow.metadata or {}
        if meta.get(b"fingerprint", b"").decode() != self.fingerprint:
            log.info(
                "%s: code, lexicons, params or model changed; cache not used",
                self.stage,
            )
            return
        keys = file.read(columns=["key"]).column("key").to_pylist()
        self._file, self._index = file, {k: i for i, k in enumerate(keys)}
        self._starts = list(
            itertools.accumulate(
                (
                    file.metadata.row_group(g).num_rows
                    for g in range(file.num_row_groups)
                ),
                initial=0,
            )
        )

    def has(self, key: str) -> bool:
        return key in self._index

    def blob(self, key: str) -> bytes:
        """The pickled result of ``key`` (reads one row group at a time)."""
        row = self._index[key]
        group = bisect.bisect_right(self._starts, row) - 1
        if self._group[0] != group:
            column = self._file.read_row_group(group, columns=["result"]).column(0)
            self._group = (group, column.to_pylist())
        return self._group[1][row - self._starts[group]]


def cached_map(
    fn: Callable,
    items: Iterable,
    key: Callable[[Any], str],
    cache: Cache,
    p: EngineParams,
    desc: str = "",
    total: int | None = None,
    *,
    quarantine: Quarantine,
) -> Iterator:
    """``map_notices`` that computes only the items whose key the cache lacks, and
    writes the new cache (this run's keys only) atomically when the map finishes.

    Every notice runs inside the notice boundary: one that raises is recorded in
    ``quarantine``, yields its empty result and is left out of the cache."""
    order: collections.deque = collections.deque()

    def misses() -> Iterator:
        for item in items:
            k = key(item)
            order.append(k)
            if not cache.has(k):
                yield item

    computed = _map(
        fn, misses(), p, desc, total, guard=True, seconds=p.notice_seconds, blobs=True
    )
    with (
        tables.atomic_path(cache.path) as tmp,
        pq.ParquetWriter(
            tmp, CACHE_SCHEMA.with_metadata({"fingerprint": cache.fingerprint})
        ) as out,
    ):
        pending: list[tuple[str, bytes]] = []
        for k, value, blob in _merge(computed, order, cache, quarantine):
            if blob is not None:
                pending.append((k, blob))
            if len(pending) >= 256:
                _write(out, pending)
            yield value
        _write(out, pending)
    STATS[cache.stage] = {
        "computed": cache.computed,
        "cached": cache.cached,
        "quarantined": len(quarantine.entries),
    }
    log.info(
        "%s: %d notices computed, %d from the cache, %d quarantined",
        cache.stage,
        cache.computed,
        cache.cached,
        len(quarantine.entries),
    )


def _merge(
    computed: Iterator, order: collections.deque, cache: Cache, quarantine: Quarantine
) -> Iterator:
    """``(key, value, pickled value or None)`` in input order, cache hits between the
    computed results; a failure's blob is None (never cached)."""

    def drain_hits():
        while order and cache.has(order[0]):
            k = order.popleft()
            cache.cached += 1
            blob = cache.blob(k)
            yield k, pickle.loads(blob), blob

    for item, value in computed:
        yield from drain_hits()
        k = order.popleft()
        if isinstance(value, Failure):
            yield k, quarantine.add(item, value), None
            continue
        cache.computed += 1
        if isinstance(value, Blob):
            yield k, pickle.loads(value), bytes(value)
        else:
            yield k, value, pickle.dumps(value, protocol=5)
    yield from drain_hits()
    assert not order, "cached_map: results and keys out of step"


def _write(out: pq.ParquetWriter, pending: list[tuple[str, bytes]]) -> None:
    if pending:
        keys, blobs = zip(*pending, strict=True)
        out.write_table(
            pa.table({"key": list(keys), "result": list(blobs)}, schema=CACHE_SCHEMA)
        )
        pending.clear()


def describe(p: EngineParams) -> str:
    """One log line about the engine."""
    return ", ".join(f"{k}={v}" for k, v in asdict(p).items())
