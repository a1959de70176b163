"""Compiled agency gazetteer: an Aho-Corasick automaton over folded aliases, places, fields.

Built once per process (``index()``); the extractor in ``agencies.py`` only reads it.
Matching runs on a *view* of the text: lower case, dashes unified, no spaces around
"&", "," and "-", so "Sở KH & ĐT", "Sở KH&ĐT" and "Sở kh&đt" share one key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import ahocorasick

from pipeline import lexicons

_VIEW_SEPARATOR = re.compile(r"\s*([&,\-])\s*|\s+")
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-"})
CENTRAL_CITIES = {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}
UNIT_CANON = {
    "tp.": "thành phố",
    "tp": "thành phố",
    "tx.": "thị xã",
    "tx": "thị xã",
    "h.": "huyện",
    "q.": "quận",
    "tt.": "thị trấn",
}
COMMUNE_UNITS = {"xã", "phường", "thị trấn", "đặc khu"}


def view(text: str) -> tuple[str, list[int]]:
    """The matching view of ``text`` and, for each view character, its offset in ``text``."""
    low = text.lower().translate(_DASHES)
    if len(low) != len(text):  # a rare character whose lower case is longer
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text).translate(
            _DASHES
        )
    chars: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _VIEW_SEPARATOR.finditer(low):  # words are kept whole, separators squeezed
        if m.start() > pos:
            chars.append(low[pos : m.start()])
            offsets.extend(range(pos, m.start()))
        if m.group(1):
            chars.append(m.group(1))
            offsets.append(m.start(1))
        else:
            chars.append(" ")
            offsets.append(m.start())
        pos = m.end()
    if pos < len(low):
        chars.append(low[pos:])
        offsets.extend(range(pos, len(low)))
    return "".join(chars), offsets


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


@dataclass(frozen=True)
class Index:
    """Everything the agency extractor looks up."""

    automaton: ahocorasick.Automaton
    fields: re.Pattern  # Sở fields for elliptical lists: "Tài chính", "KH&ĐT"
    field_entries: dict[str, Entry]
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
    fields: dict[str, Entry] = {}
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
            if entry.agency_id.startswith("SO_") and form.startswith("Sở "):
                fields.setdefault(form[3:].lower(), entry)
    auto.make_automaton()
    alts = sorted(fields, key=len, reverse=True)
    field_re = re.compile("(?i:" + "|".join(_flex(f) for f in alts) + r")(?![\w&])")
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


def field_entry(surface: str) -> Entry | None:
    """The Sở entry of an elided list item ("Tài chính" -> Sở Tài chính)."""
    idx = index()
    flat = re.sub(r"\s*([&,\-–])\s*", r"\1", " ".join(surface.lower().split()))
    for form, entry in idx.field_entries.items():
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
    for k in range(len(words), 0, -1):
        cand = " ".join(words[:k])
        if cand in idx.provinces or (unit != "tỉnh" and cand in idx.districts):
            return cand
    if unit == "tỉnh" or (
        unit not in COMMUNE_UNITS and words[0] in idx.surnames and len(words) >= 3
    ):
        return ""  # "UBND thành phố Trần Phước Hiền": a person, not a district
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
