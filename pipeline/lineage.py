"""Successors of provinces and agencies across the 2025 reorganisation, with dates.

Reads lexicons/province_lineage.csv (63 provinces and cities -> 34 from 01/07/2025) and
lexicons/agency_lineage.csv (ministries and provincial departments merged or split on
01/03/2025, district-level people's committees ended on 30/06/2025). Issue 17, item 1.

>>> province_on("Kiên Giang", "2026-01-01")
'An Giang'
>>> agency_successor("Sở Kế hoạch và Đầu tư", "2025-03-01")[:2]
('Sở Tài chính', 'merge')
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from dataclasses import dataclass

from pipeline import lexicons
from pipeline.core.text import normalize

RELATIONS = ("", "same", "merge", "split")
PROVINCE_KINDS = ("province", "city")
AGENCY_LEVELS = ("central", "province", "district")
ONE_DAY = dt.timedelta(days=1)

# "Ủy ban nhân dân huyện Tân Hiệp", "UBND thị xã Hà Tiên", "UBND thành phố Rạch Giá"
_DISTRICT_UBND = re.compile(
    r"^(?:ủy ban nhân dân|ubnd)\s+(huyện|quận|thị xã|thành phố)\s+(.+)$"
)
# "tỉnh Kiên Giang", "Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh"
_UNIT_PREFIX = re.compile(r"^(?:tỉnh|thành phố|tp\.?)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Row:
    """One row of a lineage table; ``kind`` is the province kind or the agency level."""

    name: str
    kind: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    successor: str
    relation: str
    part: str
    source: str

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from or dt.date.min) <= day <= (self.valid_to or dt.date.max)

    @property
    def main(self) -> bool:
        return self.part.startswith("main")


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _read(name: str, kind_column: str) -> tuple[Row, ...]:
    with lexicons.path(name).open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return tuple(
        Row(
            r["name"],
            r[kind_column],
            _date(r["valid_from"]),
            _date(r["valid_to"]),
            r["successor"],
            r["relation"],
            r.get("part", ""),
            r["source"],
        )
        for r in csv.DictReader(lines)
    )


@functools.cache
def province_rows() -> tuple[Row, ...]:
    """Rows of province_lineage.csv."""
    return _read("province_lineage.csv", "kind")


@functools.cache
def agency_rows() -> tuple[Row, ...]:
    """Rows of agency_lineage.csv."""
    return _read("agency_lineage.csv", "level")


@functools.lru_cache(maxsize=1 << 16)
def _key(name: str) -> str:
    return " ".join(normalize(name).split()).casefold()


@functools.cache
def _index(rows: tuple[Row, ...]) -> dict[str, tuple[Row, ...]]:
    out: dict[str, list[Row]] = {}
    for row in rows:
        out.setdefault(_key(row.name), []).append(row)
    return {
        k: tuple(sorted(v, key=lambda r: r.valid_from or dt.date.min))
        for k, v in out.items()
    }


def successor_rows(row: Row, rows: tuple[Row, ...]) -> tuple[Row, ...]:
    """Rows of ``row``'s successor valid on the day it takes over (after valid_to)."""
    if not row.successor or row.valid_to is None:
        return ()
    day = row.valid_to + ONE_DAY
    return tuple(
        r for r in _index(rows).get(_key(row.successor), ()) if r.valid_on(day)
    )


def _as_date(day: dt.date | str) -> dt.date:
    return dt.date.fromisoformat(day) if isinstance(day, str) else day


# ---------------------------------------------------------------- provinces


@functools.lru_cache(maxsize=1 << 16)  # national corpora ask again per agency (issue 18)
def province_on(name: str, day: dt.date | str) -> str | None:
    """The province or city that a province's area belongs to on ``day``.

    Args:
        name: a province or city as printed ("Kiên Giang", "tỉnh Kiên Giang",
            "TP. Hồ Chí Minh").
        day: a date or an ISO string.

    Returns:
        The unit's name on that day (Kiên Giang on 2026-01-01 -> "An Giang", on
        2024-01-01 -> "Kiên Giang"); None for an unknown name, or a day before a unit
        with several predecessors existed.
    """
    rows = province_rows()
    found = _index(rows).get(_key(_UNIT_PREFIX.sub("", normalize(name).strip())))
    return _province_on(found, _as_date(day), rows) if found else None


def _province_on(
    found: tuple[Row, ...], day: dt.date, rows: tuple[Row, ...]
) -> str | None:
    for row in found:
        if row.valid_on(day):
            return row.name
    ended = [r for r in found if r.valid_to and r.valid_to < day]
    if ended:  # 1. after the unit ended: follow its successor
        nxt = successor_rows(max(ended, key=lambda r: r.valid_to), rows)
        return _province_on(nxt, day, rows) if nxt else None
    # 2. before the unit existed: only a single predecessor is an answer
    preds = tuple(r for r in rows if found[0] in successor_rows(r, rows))
    return _province_on(preds, day, rows) if len(preds) == 1 else None


# ---------------------------------------------------------------- agencies


@functools.lru_cache(maxsize=1 << 16)
def agency_successor(name: str, day: dt.date | str) -> tuple[str | None, str, str]:
    """The body that holds ``name``'s duties on ``day``.

    Args:
        name: an agency as printed (canonical name or an alias from agencies.csv).
        day: a date or an ISO string.

    Returns:
        ``(successor, relation, note)``. One-to-one and merge give the successor; a
        split gives its main successor, or None with a note when no row is marked main
        (district people's committees after 2025-06-30). A body valid on ``day`` and an
        unknown name map to themselves with relation "same" (the note says which).
    """
    rows = agency_rows()
    found = _index(rows).get(_agency_key(name))
    if not found:
        return name, "same", "not in agency_lineage.csv; kept as printed"
    out = _follow(found, _as_date(day), rows, [])
    # a district committee still in office keeps its own name, not the generic row's
    return (name, *out[1:]) if found[0].kind == "district" and out[0] else out


@functools.cache
def _aliases() -> dict[str, str]:
    known = {_key(r.name) for r in agency_rows()}
    out = {}
    for row in lexicons.load_agencies():
        if _key(row["name"]) in known:
            out.update({_key(a): _key(row["name"]) for a in row["aliases"]})
    return out


@functools.cache
def _district_units() -> frozenset[str]:
    return frozenset(
        _key(p["name"]) for p in lexicons.load_places() if p["kind"] == "district"
    )


def _agency_key(name: str) -> str:
    key = _key(name)
    hit = _DISTRICT_UBND.match(key)
    # a "thành phố" is district-level only if places.csv says so (Rạch Giá, not Hà Nội)
    if hit and (hit.group(1) != "thành phố" or hit.group(2) in _district_units()):
        return _key(next(r.name for r in agency_rows() if r.kind == "district"))
    return _aliases().get(key, key)


def _follow(found, day, rows, steps) -> tuple[str | None, str, str]:
    relation = (
        "split"
        if any(s[0] == "split" for s in steps)
        else ("merge" if any(s[0] == "merge" for s in steps) else "same")
    )
    note = "; ".join(s[1] for s in steps)
    if any(r.valid_on(day) for r in found):
        return found[0].name, relation, note
    ended = [r for r in found if r.valid_to and r.valid_to < day]
    if not ended:
        return (
            found[0].name,
            relation,
            f"{found[0].name} not yet set up on {day}; kept as printed",
        )
    last = max(r.valid_to for r in ended)
    group = [r for r in ended if r.valid_to == last]
    head = f"{group[0].name} ended {last}"
    mains = [r for r in group if r.relation != "split" or r.main]
    parts = [
        f"{r.part} -> {r.successor}" if r.successor else r.part
        for r in group
        if r not in mains
    ]
    if len(mains) != 1:
        why = f"{head}, split with no main successor: {'; '.join(parts)}"
        return None, "split", "; ".join([*(s[1] for s in steps), why])
    step = f"{head} -> {mains[0].successor} ({mains[0].relation})"
    if parts:
        step += f", parts: {'; '.join(parts)}"
    nxt = successor_rows(mains[0], rows)
    if not nxt:  # check() reports this
        return None, mains[0].relation, f"{step}; successor has no row"
    return _follow(nxt, day, rows, [*steps, (mains[0].relation, step)])


# ---------------------------------------------------------------- consistency


def check(
    provinces: tuple[Row, ...] | None = None, agencies: tuple[Row, ...] | None = None
) -> list[str]:
    """Consistency problems of both tables (empty when consistent).

    Dates ordered, known kinds and relations, a source on every row, an ending row
    says what happened, every successor has a row on the day it takes over, rows of one
    name do not overlap, at most one main part per split, and no unit with two
    predecessors that both claim to continue it ("same"). Cycles cannot occur: a
    successor row is valid the day after its predecessor ends, so valid_to grows along
    every edge (tested).
    """
    provinces = province_rows() if provinces is None else provinces
    agencies = agency_rows() if agencies is None else agencies
    problems = _check_rows("province_lineage", provinces, PROVINCE_KINDS, RELATIONS[:3])
    problems += _check_rows("agency_lineage", agencies, AGENCY_LEVELS, RELATIONS)
    for row in provinces:
        same = [
            r
            for r in provinces
            if r.relation == "same" and row in successor_rows(r, provinces)
        ]
        if len(same) > 1:
            problems.append(
                f"province_lineage: {row.name} continues {len(same)} units ('same')"
            )
    return problems


def _check_rows(table, rows, kinds, relations) -> list[str]:
    out = []
    for r in rows:
        where = (
            f"{table}: {r.name} ({r.valid_from}..{r.valid_to} -> {r.successor or '-'})"
        )
        if r.kind not in kinds or r.relation not in relations:
            out.append(f"{where}: kind {r.kind!r} or relation {r.relation!r} unknown")
        if not r.source.strip():
            out.append(f"{where}: no source")
        if r.valid_from and r.valid_to and r.valid_from > r.valid_to:
            out.append(f"{where}: valid_from after valid_to")
        if bool(r.valid_to) != bool(r.relation):
            out.append(f"{where}: a relation exactly when the row ends")
        if r.successor and not successor_rows(r, rows):
            out.append(f"{where}: successor has no row on the day it takes over")
        if not r.successor and r.relation and (r.relation != "split" or not r.part):
            out.append(f"{where}: no successor and no part saying why")
    return out + _check_periods(table, rows)


def _check_periods(table, rows) -> list[str]:
    out = []
    for key, found in _index(rows).items():
        periods = sorted(
            {(r.valid_from or dt.date.min, r.valid_to or dt.date.max) for r in found}
        )
        out += [
            f"{table}: {key}: periods {a} and {b} overlap"
            for a, b in zip(periods, periods[1:], strict=False)
            if b[0] <= a[1]
        ]
        for period in periods:
            group = [
                r
                for r in found
                if (r.valid_from or dt.date.min, r.valid_to or dt.date.max) == period
            ]
            if len(group) > 1 and (
                any(r.relation != "split" for r in group)
                or sum(r.main for r in group) > 1
            ):
                out.append(
                    f"{table}: {key}: several successors must be split parts, one main"
                )
    return out


# ---------------------------------------------------------------- views (issue 17, item 3)

VIEWS = ("current", "as_printed")
# an issuer or agency name that is a district-level body once its place is added
_DISTRICT_LEVEL = re.compile(r"\b(huyện|quận|thị xã|thành phố)$")
# a commune-level body: "Ủy ban nhân dân xã", "Đảng ủy phường", "... đặc khu Phú Quốc"
_COMMUNE_UNIT = re.compile(r"(?<!\w)(?:xã|phường|đặc khu|thị trấn)(?P<name>(?:\s+\S+)*)$")


@dataclass(frozen=True)
class LineageParams:
    """params.yaml [lineage]: which names aggregations use."""

    view: str = "current"  # current | as_printed
    as_of: str | None = None  # reference date; None = graph.as_of, else the run date

    def __post_init__(self):
        if self.view not in VIEWS:
            raise ValueError(f"lineage.view must be one of {', '.join(VIEWS)}, not {self.view!r}")


@dataclass(frozen=True)
class View:
    """The names every aggregation shows: as printed, or today's bodies on ``as_of``."""

    kind: str
    as_of: dt.date

    @property
    def label(self) -> str:
        """What a table's ``lineage`` column holds: "current 2026-12-07" or "as_printed"."""
        return f"current {self.as_of.isoformat()}" if self.kind == "current" else "as_printed"


def view_of(p: LineageParams, fallback: dt.date) -> View:
    """The view of params [lineage]; ``fallback`` (graph.as_of or the run date) when
    lineage.as_of is empty."""
    return View(p.view, dt.date.fromisoformat(p.as_of) if p.as_of else fallback)


def _given(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _district_row() -> Row:
    return next(r for r in agency_rows() if r.kind == "district")


def _district_body(name: str, place) -> bool:
    """A district-level body printed as a level word with its place apart
    ("Ủy ban nhân dân huyện" + "Tân Hiệp"; a "thành phố" only if places.csv lists it
    as a district: Rạch Giá, not Đà Nẵng)."""
    hit = _DISTRICT_LEVEL.search(name.strip()) if _given(place) else None
    return bool(hit) and (hit.group(1) != "thành phố" or _district_place(place))


def _commune_body(name: str) -> bool:
    """A commune-level body: its name ends with a commune unit word, alone or with the
    commune's capitalised name ("Ủy ban nhân dân xã", "Đảng ủy xã Sơn Động"; not "Bảo
    hiểm xã hội tỉnh")."""
    hit = _COMMUNE_UNIT.search(name.strip())
    return bool(hit) and all(w[0].isupper() for w in hit.group("name").split())


def _district_place(place) -> bool:
    """A district, not a province of the same name (Tân Hiệp; not Bắc Giang, whose
    provincial city shares the name)."""
    key = _key(place) if _given(place) else ""
    return key in _district_units() and key not in _index(province_rows())


@functools.lru_cache(maxsize=1 << 16)  # the same body of the same place, many notices
def current_name(
    agency: str, place, day: dt.date, commune: bool = False
) -> tuple[str, object, str, str]:
    """``(agency, place, relation, note)`` on ``day`` for a body printed as ``agency`` of
    ``place`` (a province or city, a district, or None for central bodies).

    Merges and renamings are followed (Sở Kế hoạch và Đầu tư of Kiên Giang -> Sở Tài
    chính of An Giang). A split or a body whose successor is not known (a district's
    committee after 30/06/2025, a department split between several) is not guessed: the
    printed name and place are kept, relation "split", and the note says why; so are the
    bodies of a district (its place is the district) after the district level ended. A
    commune's bodies (``commune``: printed in a notice of a commune issued after the
    district level ended, whose place may share an old district's name) stay as they are.

    >>> current_name("Sở Kế hoạch và Đầu tư", "Kiên Giang", dt.date(2026, 1, 1))[:3]
    ('Sở Tài chính', 'An Giang', 'merge')
    """
    if commune or _commune_body(agency):  # a commune or ward exists after the reform too
        new_place = (province_on(place, day) or place) if _given(place) else place
        if new_place == place:
            return agency, place, "", ""
        return agency, new_place, "merge", f"{place} -> {new_place}"
    if _district_body(agency, place) or _district_place(place):
        # a district's committee, office or department, printed with its district
        ended = _district_row()
        if ended.valid_to < day:
            return agency, place, "split", (
                f"district {place} ended {ended.valid_to}: {ended.part}"
            )
        return agency, place, "", ""
    name, relation, note = agency_successor(agency, day)
    if name is None or relation == "split":
        return agency, place, "split", note
    new_place = province_on(place, day) if _given(place) else None
    if new_place is None:
        new_place = place
    changed = name != agency or new_place != place
    if not changed:
        return agency, place, "", ""
    notes = [note] if relation != "same" or "ended" in note else []
    if new_place != place:
        notes.append(f"{place} -> {new_place}")
        relation = relation if relation != "same" or name != agency else "merge"
    return name, new_place, relation or "merge", "; ".join(notes)


def name_map(pairs, view: View):
    """One row per distinct printed (agency, jurisdiction[, commune]): the names ``view``
    shows (``commune``: see ``communes``).

    Returns a DataFrame with agency_printed, jurisdiction_printed, commune, agency,
    jurisdiction, relation ("" = unchanged, merge, same = renamed, split = kept as
    printed) and note.
    """
    import pandas as pd

    rows = []
    pairs = pairs if "commune" in pairs else pairs.assign(commune=False)
    distinct = pairs[["agency", "jurisdiction", "commune"]].drop_duplicates()
    for agency, place, commune in distinct.itertuples(index=False, name=None):
        place = place if _given(place) else None
        if view.kind == "current" and _given(agency):
            shown = current_name(agency, place, view.as_of, bool(commune))
        else:
            shown = agency, place, "", ""
        rows.append((agency, place, bool(commune), *shown))
    return pd.DataFrame(
        rows,
        columns=["agency_printed", "jurisdiction_printed", "commune", "agency",
                 "jurisdiction", "relation", "note"],
    )


def issued_dates(documents, by_doc: bool = False):
    """Each notice's date (issued, else the meeting date), in row order; by doc_id when
    ``by_doc``."""
    cols = [c for c in ("issued_on", "meeting_date") if c in documents]
    if not cols:
        import pandas as pd

        day = pd.Series(None, index=documents.index, dtype=object)
    else:
        day = documents[cols[0]]
        for c in cols[1:]:
            day = day.where(day.notna(), documents[c])
    return day.set_axis(documents["doc_id"]) if by_doc else day.tolist()


def communes(assignees, issued=None):
    """Which rows of ``assignees`` were printed by a commune of after the reform: the
    notice (``issued``: doc_id -> its date) is dated after the district level ended and
    the place is a district's name (a commune that kept it, as xã Tân Hiệp did)."""
    import pandas as pd

    if issued is None or assignees.empty:
        return pd.Series(False, index=assignees.index)
    ended = pd.Timestamp(_district_row().valid_to)
    after = pd.to_datetime(assignees["doc_id"].map(issued), errors="coerce") > ended
    return after & assignees["jurisdiction"].map(_district_place)


def apply(assignees, view: View, issued=None):
    """``assignees`` with agency and jurisdiction in ``view``; the printed ones kept in
    agency_printed / jurisdiction_printed, the reason in lineage_note. ``issued``
    (doc_id -> date) tells a post-reform commune's bodies from a district's."""
    pairs = assignees.assign(commune=communes(assignees, issued))
    mapped = name_map(pairs, view)
    out = pairs.rename(
        columns={"agency": "agency_printed", "jurisdiction": "jurisdiction_printed"}
    )
    key = ["agency_printed", "jurisdiction_printed", "commune"]
    out = out.assign(jurisdiction_printed=out["jurisdiction_printed"].where(
        out["jurisdiction_printed"].map(_given), None))
    out = out.merge(mapped.rename(columns={"note": "lineage_note"}).drop(columns="relation"),
                    on=key, how="left").drop(columns="commune")
    out["lineage_note"] = out["lineage_note"].where(out["lineage_note"].map(_given), None)
    return out


def series_name(issuer, place, view: View, issued=None) -> tuple[str, str]:
    """The series of a notice ("Ủy ban nhân dân tỉnh — An Giang") in ``view`` and a note
    (empty when unchanged). A Văn phòng speaks for its committee; ``issued`` (the
    notice's date) tells a post-reform commune from the district whose name it kept."""
    if not _given(issuer):
        issuer = "Không rõ cơ quan ban hành"
    issuer = issuer.removeprefix("Văn phòng ").strip()
    issuer = issuer[0].upper() + issuer[1:]
    place = place if _given(place) else None
    note = ""
    if view.kind == "current":
        commune = _after_districts(issued) and _district_place(place)
        issuer, place, _, note = current_name(issuer, place, view.as_of, commune)
    return (f"{issuer} — {place}" if place else issuer), note


def _after_districts(day) -> bool:
    """``day`` (a date, an ISO string, a pandas timestamp or None) falls after the
    district level ended."""
    import pandas as pd

    when = pd.to_datetime(day, errors="coerce") if day is not None else pd.NaT
    return pd.notna(when) and when.date() > _district_row().valid_to
