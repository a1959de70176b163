"""Column spec of every table the stages exchange; read, validate and write atomically."""

from __future__ import annotations

import datetime
import json
import os
import re
import secrets
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

S, I, F, B, D = pa.string(), pa.int64(), pa.float64(), pa.bool_(), pa.date32()
LS = pa.list_(pa.string())

# The tables of the extract stage (outputs/extract/<name>.parquet), read by the database too.
EXTRACT_TABLES = (
    "mentions",
    "agencies",
    "people",
    "legal_refs",
    "deadlines",
    "targets",
    "attendance",
)
# What the per-notice stages (ingest -> classify) write under outputs/, relative to it.
PER_NOTICE_OUTPUTS = (
    "documents.parquet",
    "sections.parquet",
    "sentences.parquet",
    *(f"extract/{t}.parquet" for t in EXTRACT_TABLES),
    "tasks.parquet",
    "task_assignees.parquet",
    "shortcomings.parquet",
)

# One entry per table: column -> Arrow type. A stage validates before it writes.
SPECS: dict[str, dict[str, pa.DataType]] = {
    "documents": {
        "doc_id": S, "source": S, "format": S, "encoding": S, "number": S,
        "issued_on": D, "issuer": S, "jurisdiction": S, "title": S, "meeting_date": D,
        "chair_name": S, "chair_title": S, "signer_name": S, "signer_title": S,
        "text": S, "body_end": I, "footnotes": S, "warnings": S,
        "pages": I, "ocr_pages": I, "ocr_confidence": F,
    },
    "sections": {
        "doc_id": S, "path": S, "parent": S, "label": S, "heading": S, "kind": S,
        "depth": I, "start": I, "end": I,
    },
    "sentences": {
        "doc_id": S, "sent_id": I, "section": S, "kind": S, "start": I, "end": I,
        "text": S, "words": S,
    },
    "mentions": {
        "doc_id": S, "start": I, "end": I, "surface": S, "label": S, "canonical": S,
        "extractor": S,
    },
    "agencies": {
        "doc_id": S, "name": S, "level": S, "jurisdiction": S, "kind": S, "count": I,
        "mentions": LS,
    },
    "people": {
        "doc_id": S, "start": I, "end": I, "surface": S, "name": S, "title": S, "role": S,
    },
    "legal_refs": {
        "doc_id": S, "start": I, "end": I, "surface": S, "doc_type": S, "number": S,
        "code": S, "ref_id": S, "issued_on": D, "issuer": S, "footnote": I, "resolved": B,
        "extractor": S,
    },
    "deadlines": {
        "doc_id": S, "start": I, "end": I, "surface": S, "due_on": D, "recurrence": S,
        "note": S, "section": S, "extractor": S,
    },
    "targets": {
        "doc_id": S, "start": I, "end": I, "surface": S, "indicator": S, "value": F,
        "unit": S, "section": S,
    },
    "attendance": {
        "doc_id": S, "start": I, "end": I, "surface": S, "status": S, "who": S,
        "delegate": S, "reason": S,
    },
    "tasks": {
        "task_id": S, "doc_id": S, "seq": I, "section": S, "start": I, "end": I,
        "action": S, "deadline": D, "recurrence": S, "legal_basis": LS,
        "collective_only": B, "recurs_task_id": S, "recurs_similarity": F,
    },
    "task_assignees": {
        "task_id": S, "doc_id": S, "agency": S, "role": S, "collective": B,
        "jurisdiction": S,
    },
    "followup": {
        "task_id": S, "doc_id": S, "recorded": S, "done_on": D, "note": S, "evidence": S,
        "recorded_by": S, "recorded_at": S, "attach": S, "attach_from": S, "suggested": S,
        "suggested_doc_id": S, "suggested_number": S, "suggested_section": S,
        "suggested_text": S, "suggested_score": F,
    },
    "shortcomings": {
        "doc_id": S, "section": S, "start": I, "end": I, "text": S, "codes": LS,
        "scores": S, "evidence": LS, "model": S,
    },
}


class SchemaError(ValueError):
    """A table does not have exactly the columns its spec declares."""


def schema(table: str) -> pa.Schema:
    """The Arrow schema of ``table``."""
    return pa.schema(list(SPECS[table].items()))


def validate(df: pd.DataFrame, table: str) -> pa.Table:
    """Check ``df`` has exactly the spec's columns and convert it to Arrow.

    Raises:
        SchemaError: on a missing or extra column, or a value of the wrong type.
    """
    spec = SPECS[table]
    missing, extra = set(spec) - set(df.columns), set(df.columns) - set(spec)
    if missing or extra:
        raise SchemaError(
            f"table {table}: missing {sorted(missing)}, unexpected {sorted(extra)}"
        )
    df = df[list(spec)]
    for col, typ in spec.items():
        if typ == D:
            df = df.assign(**{col: pd.to_datetime(df[col], errors="raise").dt.date})
    try:
        return pa.Table.from_pandas(df, schema=schema(table), preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as err:
        raise SchemaError(f"table {table}: {err}") from err


def empty(table: str) -> pd.DataFrame:
    """An empty frame with the spec's columns."""
    return schema(table).empty_table().to_pandas()


def write(df: pd.DataFrame, table: str, path: Path) -> None:
    """Validate ``df`` against its spec and write it as Parquet, atomically."""
    arrow = validate(df, table)
    with atomic_path(path) as tmp:
        pq.write_table(arrow, tmp)


class Writer:
    """Write a table in batches (flat memory); the file appears only when closed
    without error, so an interrupted run leaves the previous file intact.

    >>> with Writer("sections", path) as out:  # doctest: +SKIP
    ...     out.add(rows)
    """

    def __init__(self, table: str, path: Path, batch_rows: int = 5000):
        self.table, self.batch_rows, self.rows = table, batch_rows, 0
        self._atomic = atomic_path(path)
        self._pending: list[dict] = []

    def __enter__(self) -> Writer:
        tmp = self._atomic.__enter__()
        self._writer = pq.ParquetWriter(tmp, schema(self.table))
        return self

    def add(self, rows: list[dict]) -> None:
        """Queue rows (dicts with the spec's columns); written every ``batch_rows``."""
        self._pending += rows
        if len(self._pending) >= self.batch_rows:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._writer.write_table(from_rows(self._pending, self.table))
            self.rows += len(self._pending)
            self._pending = []

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self._flush()
        finally:
            self._writer.close()
            self._atomic.__exit__(exc_type, exc, tb)


def from_rows(rows: list[dict], table: str) -> pa.Table:
    """Rows (dicts) as an Arrow table of ``table``'s spec: what ``validate`` makes of
    ``pd.DataFrame(rows)``, without the frame (issue 18: the frame was most of the
    time a stage process spent writing). A value the direct conversion does not take
    (a date in another form, an int given as a float) goes the frame's way instead,
    errors included."""
    try:
        return pa.table(
            {
                col: pa.array(_column(rows, col, typ), type=typ, from_pandas=True)
                for col, typ in SPECS[table].items()
            },
            schema=schema(table),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, _NotDirect):
        return validate(pd.DataFrame(rows, columns=list(SPECS[table])), table)


class _NotDirect(Exception):
    """A value ``from_rows`` leaves to pandas."""


def _column(rows: list[dict], col: str, typ: pa.DataType) -> list:
    values = [r.get(col) for r in rows]
    return [_day(v) for v in values] if typ == D else values


def _day(value):
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and ISO_DAY.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:  # "2025-02-30": pandas says what is wrong
            pass
    raise _NotDirect(value)


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def batches(path: Path, columns: list[str] | None = None, size: int = 512):
    """Rows of a Parquet table as dicts, read ``size`` rows at a time."""
    for batch in pq.ParquetFile(path).iter_batches(batch_size=size, columns=columns):
        yield from batch.to_pylist()


def read_columns(path: Path, columns: list[str]) -> pd.DataFrame:
    """Some columns of a Parquet table (a corpus-wide step that needs only those)."""
    return pq.read_table(path, columns=columns).to_pandas()


def read(path: Path, table: str | None = None) -> pd.DataFrame:
    """Read a Parquet table (optionally checking it against its spec)."""
    df = pq.read_table(path).to_pandas()
    if table is not None:
        validate(df, table)
    return df


class atomic_path:  # noqa: N801 - used as a context manager, reads like a function
    """Yield a temporary path beside ``path``; on success fsync it, give it the
    permissions an ordinary ``open()`` would (0666 minus the umask) and rename it into
    place; on error remove it.

    The temporary file is ``.<name>.ketluan-tmp-<pid>-<random><suffix>``; one a killed
    earlier run left for the same target (its process is gone) is removed on entry.

    Args:
        path: the target file.
        create: create the (empty) temporary file; False for writers that must create
            the file themselves (DuckDB refuses an existing empty file).
    """

    def __init__(self, path: Path, create: bool = True):
        self.path, self.create = Path(path), create

    def __enter__(self) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(self.path)
        while True:
            mark = TMP_MARK.format(name=self.path.name)
            self.tmp = self.path.with_name(
                f"{mark}{os.getpid()}-{secrets.token_hex(4)}{self.path.suffix}"
            )  # the suffix too: some writers choose the format by it
            if not self.create:
                if not self.tmp.exists():
                    return self.tmp
                continue
            try:  # 0666: the umask applies, as for open(..., "w")
                os.close(os.open(self.tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
                return self.tmp
            except FileExistsError:
                continue

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            _remove_temp(self.tmp)
            return
        try:
            os.chmod(self.tmp, 0o666 & ~_umask())  # a writer may have made it 0600
            _fsync(self.tmp)
            os.replace(self.tmp, self.path)
        except BaseException:
            _remove_temp(self.tmp)
            raise
        _fsync(self.path.parent)


# ".<target name>.ketluan-tmp-<pid>-<random><target suffix>[<a writer's own, .wal>]"
TMP_MARK = ".{name}.ketluan-tmp-"


def remove_stale_temps(path: Path) -> list[Path]:
    """Remove the temporary files of ``path`` whose writing process is gone (killed
    mid-write), and those of the mkstemp names used before (``.<name>.XXXXXXXX``)."""
    path, removed = Path(path), []
    if not path.parent.is_dir():
        return removed
    mark = TMP_MARK.format(name=path.name)
    legacy = re.compile(re.escape(f".{path.name}.") + r"[a-z0-9_]{8}")
    for entry in os.scandir(path.parent):
        name = entry.name
        if name.startswith(mark):
            pid = name[len(mark) :].split("-", 1)[0]
            if pid.isdigit() and _alive(int(pid)):
                continue
        elif not legacy.fullmatch(name):
            continue
        _remove_temp(Path(entry.path))
        removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process is not writing it now: left by an earlier failure
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _remove_temp(tmp: Path) -> None:
    if tmp.is_dir() and not tmp.is_symlink():
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        tmp.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    """Flush a file (or a folder's entries) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # some file systems cannot fsync a folder
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    """The process umask (read without changing it, where Linux allows)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV
# Injection"); "-13" or "+84..." would at least be read as numbers.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A text value a spreadsheet shows as text: one starting with ``= + - @``, a tab
    or a carriage return gets a leading ``'``. Anything that is not a string (numbers,
    dates, missing values) is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(
    df: pd.DataFrame, path: Path, encoding: str = "utf-8-sig", chunk: int = 100_000
) -> None:
    """Write ``df`` as CSV atomically, its text cells made safe to open in a
    spreadsheet (:func:`safe_cell`); UTF-8 with BOM by default, for Excel. Lines end
    in CRLF (RFC 4180), so a cell holding a bare CR or LF is quoted too (with "\\n"
    line ends the csv module leaves a CR unquoted and a spreadsheet breaks the row).
    Written ``chunk`` rows at a time: the safe copy of a national register's text
    would double its memory (issue 18); the bytes are the same."""
    text = df.select_dtypes(include=["object", "string"]).columns
    with atomic_path(path) as tmp, open(tmp, "w", encoding=encoding, newline="") as fh:
        for start in range(0, max(len(df), 1), chunk):
            part = df.iloc[start : start + chunk]
            if len(text):
                part = part.assign(**{c: part[c].map(safe_cell) for c in text})
            part.to_csv(fh, index=False, header=start == 0, lineterminator="\r\n")


def write_json(obj: Any, path: Path) -> None:
    """Write JSON (UTF-8, indented, Vietnamese kept readable) atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(
            json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n",
            encoding="utf-8",
        )


def write_text(text: str, path: Path) -> None:
    """Write a text file atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
