"""Issuers of cited documents: from a "của ..." phrase or from the number's code.

"của UBND tỉnh" -> "Ủy ban nhân dân tỉnh"; code "NQ-CP" -> "Chính phủ", "CT-TTg" -> "Thủ tướng
Chính phủ", "-/TU" -> "Tỉnh ủy" (issuer_codes.csv). Codes UBND, HĐND and VP take the level of
the notice's own header ("ỦY BAN NHÂN DÂN / HUYỆN ..." -> huyện), tỉnh by default.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipeline.extractors import patterns as P
from pipeline.lexicons import cues, issuer_codes

HEADER_LINES = 15


@dataclass(frozen=True)
class Scope:
    """The notice's own committee: its level word and place ("huyện", "Tân Hiệp")."""

    level: str = "tỉnh"
    place: str | None = None
    ministry: str | None = None  # a ministry's own notice: "Văn phòng Bộ" is its office

    @property
    def province_level(self) -> bool:
        """A province, or a centrally-run city: its bodies are named without the place."""
        central = cues("legal")["central_cities"]
        return self.level == "tỉnh" or (
            self.level == "thành phố" and self.place in central
        )


def notice_scope(text: str) -> Scope:
    """Level and place of the committee in the header ("ỦY BAN NHÂN DÂN / TỈNH THANH HÓA")."""
    lines = [line.strip() for line in text.splitlines()[:HEADER_LINES] if line.strip()]
    m = P.HEADER_LEVEL_REGEX.search("\n".join(lines))
    if not m:
        return Scope(ministry=_ministry(lines))
    place = m.group("place").strip().title().replace("Tp.", "").strip() or None
    return Scope(m.group("level").lower(), place)


def _ministry(lines: list[str]) -> str | None:
    """ "BỘ NÔNG NGHIỆP / VÀ PHÁT TRIỂN NÔNG THÔN" -> "Bộ Nông nghiệp và Phát triển nông thôn"."""
    if not lines or not lines[0].startswith("BỘ "):
        return None
    name = lines[0] + (
        " " + lines[1] if len(lines) > 1 and lines[1].startswith("VÀ ") else ""
    )
    return _by_alias().get(name.lower())


def issuer_from_code(code: str | None, party: bool, scope: Scope) -> str | None:
    """Issuer named by a number's code: "NQ-CP" -> Chính phủ, "CTr/TU" -> Tỉnh ủy."""
    if not code:
        return None
    if party:
        key = code.split("/", 1)[-1].split("-")[0]
    else:
        parts = code.split("/")[-1].split("-")
        key = parts[1] if len(parts) > 1 and parts[0] in _type_codes() else parts[0]
    key = re.sub(r"\d+$", "", key)  # QH14 -> QH
    canonical = _by_code().get(key)
    return _expand(canonical, scope) if canonical else None


def issuer_at(text: str, pos: int, scope: Scope) -> tuple[int, str] | None:
    """(end, canonical issuer) of an issuer phrase starting at ``pos``, else None.

    A known alias wins ("UBND tỉnh Kiên Giang" -> "Ủy ban nhân dân tỉnh Kiên Giang");
    otherwise the words up to a stop word, starting with an issuer head ("Ban Chấp hành
    Đảng bộ tỉnh").
    """
    m = _alias_regex().match(text, pos)
    if m:
        canonical = _by_alias()[re.sub(r"\s+", " ", m.group("word")).lower()]
        u = _unit_regex().match(text, m.end()) if "{level}" in canonical else None
        if not u:
            return m.end(), _expand(canonical, scope)
        end, name = _place_name(text, u.end())
        level = re.sub(r"\s+", " ", u.group("unit"))
        head = canonical.replace("{level}", level)
        if name and Scope(level, name).province_level and name == scope.place:
            name = None  # "UBND tỉnh Thanh Hóa" in a Thanh Hóa notice (CONTRACT)
        return end, f"{head} {name}" if name else head
    if not _head_regex().match(text, pos):
        return None
    end = _phrase_end(text, pos)
    phrase = text[pos:end]
    if scope.ministry and re.search(
        r"(?<!\w)Bộ$", phrase
    ):  # "Văn phòng Bộ" in a ministry notice
        phrase = phrase[:-2] + scope.ministry
    return (end, phrase) if end > pos else None


def _phrase_end(text: str, pos: int, max_words: int = 10) -> int:
    end, stops = pos, set(cues("legal")["issuer_stops"])
    for i, w in enumerate(P.WORD_REGEX.finditer(text, pos, min(len(text), pos + 120))):
        word = w.group()
        gap = text[end : w.start()]
        if i >= max_words or "\n" in gap or not word[0].isalnum() or word in stops:
            break
        end = w.end()
    return end


def _place_name(text: str, pos: int) -> tuple[int, str | None]:
    """Capitalised words after a level word: " Tân Hiệp" in "UBND huyện Tân Hiệp"."""
    m = re.compile(rf"(?:{P.SP}+[A-ZĐÀ-Ỹ][^\W\d_]*){{1,4}}").match(text, pos)
    if not m or not m.group().strip()[0].isupper():
        return pos, None
    return m.end(), m.group().strip()


def _expand(canonical: str, scope: Scope) -> str:
    city = scope.province_level and scope.level == "thành phố"
    party = "Thành ủy" if city else "Tỉnh ủy"
    unit = (
        scope.level
        if scope.province_level or not scope.place
        else f"{scope.level} {scope.place}"
    )
    return canonical.replace("{level}", unit).replace("{party}", party)


@functools.cache
def _by_code() -> dict[str, str]:
    return {row["code"]: row["canonical"] for row in issuer_codes()}


@functools.cache
def _by_alias() -> dict[str, str]:
    out: dict[str, str] = {}
    for row in issuer_codes():
        for alias in row["aliases"].split("|"):
            out.setdefault(
                alias.lower(), row["canonical"].replace("{party}", "Tỉnh ủy")
            )
    return out


@functools.cache
def _alias_regex() -> re.Pattern:
    aliases = [a for row in issuer_codes() for a in row["aliases"].split("|") if a]
    return P.word_regex(aliases)


@functools.cache
def _unit_regex() -> re.Pattern:
    return re.compile(
        rf"{P.SP}+(?P<unit>{P.alternation(cues('legal')['levels'])})(?!\w)"
    )


@functools.cache
def _head_regex() -> re.Pattern:
    return P.word_regex(cues("legal")["issuer_heads"])


@functools.cache
def _type_codes() -> frozenset[str]:
    from pipeline.lexicons import legal_doc_types

    return frozenset(
        r["state_code"] for r in legal_doc_types() if r["state_code"] not in ("", "*")
    )
