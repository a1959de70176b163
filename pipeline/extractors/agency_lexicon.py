"""Compiled agency gazetteer: an Aho-Corasick automaton over folded aliases, places, fields.

Built once per process (``index()``); the extractor in ``agencies.py`` only reads it.
Matching runs on a *view* of the text: lower case, dashes unified, no spaces around
"&", "," and "-", so "Sở KH & ĐT", "Sở KH&ĐT" and "Sở kh&đt" share one key.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

import ahocorasick

from pipeline import lexicons

_DASHES = ("–", "—", "‐")
CENTRAL_CITIES = {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}
UNIT_CANON = {
    "tp.": "thành phố",
    "tp": "thành phố",
    "tx.": "thị xã",
    "tx": "thị xã",
    "h.": "huyện",
    "q.": "quận",
    "t.": "tỉnh",
    "tt.": "thị trấn",
    "p.": "phường",
    "x.": "xã",
}
COMMUNE_UNITS = {"xã", "phường", "thị trấn", "đặc khu"}


def view(text: str) -> tuple[str, Offsets]:
    """The matching view of ``text`` and, for each view character, its offset in ``text``.

    Two C-level substitutions build the view (separators lose their spaces, then runs of
    whitespace become one space); only the places where the text shrinks are recorded,
    so a notice costs a few hundred steps instead of one per word.
    """
    low = _dashes(text.lower())
    if len(low) != len(text):  # a rare character whose lower case is longer
        low = _dashes("".join(c if len(c.lower()) != 1 else c.lower() for c in text))
    first = _Shrinks(_SPACED_SEPARATOR, low, lambda m: m.start(m.lastindex))
    mid = _SPACED_SEPARATOR.sub(lambda m: m.group(m.lastindex), low)
    second = _Shrinks(_LONG_RUN, mid, lambda m: m.start())
    return _RUN.sub(" ", mid), Offsets(second, first)


# "&", "," or "-" with spaces around it, and a run of whitespace: what the view squeezes.
# (The same spans as the matches of \s*([&,-])\s* and \s+ that change anything.)
_SPACED_SEPARATOR = re.compile(r"\s+([&,\-])\s*|([&,\-])\s+")
_RUN = re.compile(r"\s+")
_LONG_RUN = re.compile(r"\s{2,}")


def _dashes(s: str) -> str:
    for dash in _DASHES:
        s = s.replace(dash, "-")
    return s


class _Shrinks:
    """Where one substitution shortens a string: each match becomes one character."""

    def __init__(self, rx: re.Pattern, s: str, anchor) -> None:
        self.at: list[int] = []  # output position of each shortened match
        self.source: list[int] = []  # the input offset its one character stands for
        self.shift: list[int] = []  # input - output offset after it
        shift = 0
        for m in rx.finditer(s):
            self.at.append(m.start() - shift)
            self.source.append(anchor(m))
            shift += m.end() - m.start() - 1
            self.shift.append(shift)

    def __call__(self, i: int) -> int:
        k = bisect.bisect_right(self.at, i) - 1
        if k < 0:
            return i
        return self.source[k] if self.at[k] == i else i + self.shift[k]


class Offsets:
    """``offsets[i]``: the offset in the text of view character ``i``."""

    def __init__(self, *steps: _Shrinks) -> None:
        self.steps = steps

    def __getitem__(self, i: int) -> int:
        for step in self.steps:
            i = step(i)
        return i


def key(surface: str) -> str:
    """The view of an alias (what the automaton stores)."""
    return view(surface)[0].strip()


@dataclass(frozen=True)
class Entry:
    """One gazetteer row, as the matcher needs it."""

    agency_id: str
    name: str
    level: str
    unit: str  # "" fixed | "required" | "optional:<default unit>" | "party"
    valid_from: str
    valid_to: str

    def valid_on(self, date: str | None) -> bool:
        """True when the body existed on ``date`` (ISO), or when no date is known."""
        if not date:
            return not self.valid_from  # pre-2025 bodies are the default reading
        return (not self.valid_from or date >= self.valid_from) and (
            not self.valid_to or date <= self.valid_to
        )


# gazetteer id prefix -> the head word an elided list drops ("các Sở: Tài chính, Xây dựng",
# "các phòng: Tư pháp, Tài chính - Kế hoạch")
_FIELD_HEADS = {"SO": "sở", "PH": "phòng", "PARTY": "ban"}


@dataclass(frozen=True)
class Index:
    """Everything the agency extractor looks up."""

    automaton: ahocorasick.Automaton
    fields: dict[
        str, re.Pattern
    ]  # per head ("sở", "phòng"): the fields of elided lists
    field_entries: dict[str, dict[str, Entry]]  # ("Tài chính", "KH&ĐT", "Tư pháp")
    provinces: dict[str, str]  # province/city name -> "province" | "city"
    districts: dict[str, tuple[str, str]]  # district name -> (unit, province)
    surnames: frozenset[str]


def _flex(form: str) -> str:
    """A regex for ``form`` that tolerates spacing around "&", "," and "-"."""
    parts = re.split(r"\s*([&,\-–])\s*", form)
    out = []
    for i, part in enumerate(parts):
        out.append(
            r"\s*[-–]\s*"
            if part in "-–" and i % 2
            else r"\s*" + re.escape(part) + r"\s*"
            if i % 2
            else r"\s+".join(map(re.escape, part.split()))
        )
    return "".join(out)


@cache
def index() -> Index:
    """Build (once) the automaton and lookup tables from the lexicon files."""
    auto = ahocorasick.Automaton()
    fields: dict[str, dict[str, Entry]] = {"sở": {}, "phòng": {}, "ban": {}}
    for row in lexicons.load_agencies():
        entry = Entry(
            row["agency_id"],
            row["name"],
            row["level"],
            row["unit"],
            row["valid_from"],
            row["valid_to"],
        )
        for form in [row["name"], *row["aliases"]]:
            k = key(form)
            old = auto.get(k)[1] if k in auto else ()
            auto.add_word(k, (k, (*old, entry)))
            head = _FIELD_HEADS.get(entry.agency_id.split("_", 1)[0])
            if head and form.lower().startswith(head + " "):
                fields[head].setdefault(form[len(head) + 1 :].lower(), entry)
    # "Sở Kế hoạch Đầu tư": a name joined by "và" is also typed without it, unless that
    # form names another body
    for row in lexicons.load_agencies():
        for form in [row["name"], *row["aliases"]]:
            short = form.replace(" và ", " ")
            if short != form and key(short) not in auto:
                entry = Entry(row["agency_id"], row["name"], row["level"], row["unit"],
                              row["valid_from"], row["valid_to"])
                auto.add_word(key(short), (key(short), (entry,)))
    # "Cục Hàng hải Việt Nam" is also written "Cục Hàng hải" (agency_cues.yaml:
    # national_suffix), unless that short form already names another body
    cue = lexicons.load_yaml("agency_cues.yaml")["national_suffix"]
    for row in lexicons.load_agencies():
        short = row["name"].removesuffix(" " + cue["suffix"])
        if (
            short != row["name"]
            and row["level"] == "central"
            and short.split()[0] in cue["heads"]
            and key(short) not in auto
        ):
            entry = Entry(row["agency_id"], row["name"], row["level"], row["unit"],
                          row["valid_from"], row["valid_to"])
            auto.add_word(key(short), (key(short), (entry,)))
            # "Cục Hàng hải VN": the abbreviated suffix is part of the name's span
            for abbr in cue.get("abbreviations", []):
                if key(f"{short} {abbr}") not in auto:
                    auto.add_word(key(f"{short} {abbr}"), (key(f"{short} {abbr}"), (entry,)))
    auto.make_automaton()
    field_re = {
        head: re.compile(
            "(?i:"
            + "|".join(_flex(f) for f in sorted(forms, key=len, reverse=True))
            + r")(?![\w&])"
        )
        for head, forms in fields.items()
    }
    provinces, districts = {}, {}
    for row in lexicons.load_places():
        if row["kind"] in ("province", "city"):
            provinces[row["name"]] = row["kind"]
        else:
            districts.setdefault(row["name"], (row["unit"], row["province"]))
    return Index(
        auto,
        field_re,
        fields,
        provinces,
        districts,
        frozenset(lexicons.load_surnames()),
    )


# the day the two-level local government (and communes_2025.csv) took effect
COMMUNES_SINCE = "2025-07-01"


@cache
def _communes() -> dict[tuple[str, str], str]:
    return {(r["province"], r["name"]): r["kind"] for r in lexicons.load_communes()}


@cache
def _commune_names() -> frozenset[str]:
    """Every commune, ward and special zone name since 01/07/2025, of any province."""
    return frozenset(name for _, name in _communes())


def commune_kind(place: str, province: str | None) -> str | None:
    """"xã", "phường" or "đặc khu": what ``place`` is in ``province`` since 01/07/2025
    (communes_2025.csv); None when the province has no unit of that name."""
    return _communes().get((province, place)) if province else None


def field_entry(surface: str, head: str = "sở") -> Entry | None:
    """The entry of an elided list item ("Tài chính" -> Sở Tài chính; after "các phòng:",
    Phòng Tài chính - Kế hoạch for "Tài chính - Kế hoạch")."""
    idx = index()
    flat = re.sub(r"\s*([&,\-–])\s*", r"\1", " ".join(surface.lower().split()))
    for form, entry in idx.field_entries[head].items():
        if re.sub(r"\s*([&,\-–])\s*", r"\1", form) == flat.replace("–", "-"):
            return entry
    return None


def bound_place(place: str, unit: str) -> str:
    """Trim a place match to the place itself ("Tân Hiệp Nguyễn Văn" -> "Tân Hiệp").

    Known provinces and districts win (longest first); a province-level unit ("tỉnh")
    takes only a known province. Otherwise cut before a family name that starts a
    person's name.
    """
    idx = index()
    words = place.split(" ")
    if len(words) > 1 and words[-1].isdigit():  # "Đạ Huoai 2": a unit's name, or a count after it
        if unit != "tỉnh" and place in _commune_names():  # ("huyện": a list's unit not yet known)
            return place
        words = words[:-1]
        place = " ".join(words)
    for k in range(len(words), 0, -1):
        cand = " ".join(words[:k])
        if cand in idx.provinces or (unit != "tỉnh" and cand in idx.districts):
            return cand
    if unit == "tỉnh" or (
        unit not in COMMUNE_UNITS and words[0] in idx.surnames and len(words) >= 3
    ):
        return ""  # "UBND thành phố Trần Phước Hiền": a person, not a district
    if unit in COMMUNE_UNITS and words[0] in idx.surnames and len(words) >= 3:
        # "Phó Chủ tịch UBND phường Đỗ Văn Hùng": a family name and two more words is
        # a person unless a commune or ward bears that name ("Chu Văn An", "Trần Văn Thời")
        names = _commune_names()
        for k in range(len(words), 0, -1):
            if " ".join(words[:k]) in names:
                return " ".join(words[:k])
        return ""
    for k in range(1, len(words) - 1):
        if words[k] in idx.surnames:
            return " ".join(words[:k])
    return place


def unit_canon(unit: str) -> str:
    """ "TP." -> "thành phố", "H." -> "huyện"; other unit words lower-cased."""
    low = unit.lower()
    return UNIT_CANON.get(low, low)


def resolve_unit(
    head: str, unit: str, place: str, juris: str | None
) -> tuple[str, str, str | None]:
    """Canonical name, level and jurisdiction of ``head`` + unit word (+ place).

    The notice's own province drops out of the name ("UBND tỉnh Thanh Hóa" in a Thanh Hóa
    notice -> "Ủy ban nhân dân tỉnh"); another province keeps it; units below the province
    keep their place ("Ủy ban nhân dân huyện Tân Hiệp").
    """
    idx = index()
    kind = idx.provinces.get(place)
    if unit in ("tỉnh", "thành phố") and (
        not place or (kind and (unit == "tỉnh" or kind == "city"))
    ):
        if (
            unit == "thành phố"
            and not place
            and juris
            and idx.provinces.get(juris) == "province"
        ):
            return f"{head} thành phố", "district", juris
        if not place or place == juris:
            return f"{head} {unit}", "province", juris
        return f"{head} {unit} {place}", "province", place
    level = "commune" if unit in COMMUNE_UNITS else "district"
    prov = juris or (idx.districts.get(place, ("", None))[1] if place else None)
    return " ".join(x for x in (head, unit, place) if x), level, prov
