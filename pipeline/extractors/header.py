"""Header metadata of a notice: number, dates, issuer, place, title, chair, signer.

Cue words and the mapping of header lines to canonical issuers are data, in
``lexicons/header_cues.yaml``; this module only reads lines and applies them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline import lexicons
from pipeline.core.params import parse_yaml
from pipeline.extractors.dates import iso, make_date, out_of_range_note
from pipeline.lexicons import path as lexicon_path

_LATIN = [
    *range(0x41, 0x5B),
    *range(0x61, 0x7B),
    *range(0xC0, 0x250),
    *range(0x1EA0, 0x1EFA),
]
UPPER = "".join(chr(c) for c in _LATIN if chr(c).isupper())
LOWER = "".join(chr(c) for c in _LATIN if chr(c).islower())
# A capitalised syllable: "Lâm", "Đặng", "A" (not "UBND")
CAP = rf"[{UPPER}][{LOWER}]*(?![\w])"
# A person's name, 2-5 capitalised syllables: "Lâm Minh Thành", "Nguyễn Thị Bích Thủy"
NAME = rf"{CAP}(?:\s+{CAP}){{1,4}}"
# "14 tháng 7 năm 2022", "14/7/2022", "14-7-2022", "14.7.2022"
DATE = (
    r"(?P<d>\d{1,2})\s*(?:tháng\s*(?P<m>\d{1,2})\s*năm\s*|"
    r"[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*)(?P<y>\d{4})(?P<y2>\d*)"
)
# "Kiên Giang, ngày 14 tháng 7 năm 2022", "TP. Hồ Chí Minh, ngày 14/7/2022"
DATE_LINE = re.compile(
    rf"^(?P<place>(?:TP\.\s*|Thành phố\s+)?{CAP}(?:\s*-?\s*{CAP}){{0,5}}),\s*"
    rf"ngày\s+{DATE}",
    re.MULTILINE,
)
# "Ngày 07 tháng 7 năm 2021, ...", "Chiều ngày 12/7/2022, ...", "Sáng 05/01/2023, ..."
MEETING_LINE = re.compile(
    rf"^(?:vào\s+)?(?:(?:buổi\s+)?(?:sáng|chiều|tối|trưa)\s+)?"
    rf"(?:ngày\s+)?{DATE}",
    re.MULTILINE | re.IGNORECASE,
)
MEETING_ANY = re.compile(rf"ngày\s+{DATE}", re.IGNORECASE)
# "Số: 245/TB-VP", "Số 09-TB/TU"
NUMBER = re.compile(r"^\s*Số\s*[:.]?\s*(\d+[\w/.\-]*[\w])", re.MULTILINE)
_OPENING = 3000  # characters after the title searched for the meeting and its chair


@dataclass(frozen=True)
class Header:
    """Metadata printed around a notice's body; None where the notice is silent."""

    number: str | None = None
    issued_on: str | None = None
    issuer: str | None = None
    jurisdiction: str | None = None
    title: str | None = None
    meeting_date: str | None = None
    chair_name: str | None = None
    chair_title: str | None = None
    signer_name: str | None = None
    signer_title: str | None = None


@cache
def cues() -> dict:
    """The cue data of ``lexicons/header_cues.yaml``."""
    with lexicon_path("header_cues.yaml").open(encoding="utf-8") as fh:
        return parse_yaml(fh)


@cache
def _surnames() -> frozenset[str]:
    return frozenset(lexicons.load_surnames())


def extract_header(text: str, body_end: int) -> Header:
    """Read the header metadata from a repaired notice.

    >>> text = "THÔNG BÁO\\n\\nKết luận của Chủ tịch UBND tỉnh"
    >>> extract_header(text, len(text)).title
    'Kết luận của Chủ tịch UBND tỉnh'
    """
    lines = text[:body_end].split("\n")
    top, title, rest, number = _layout(lines)
    place, issued = _issue_date("\n".join(top or lines[:15]))
    issuer, level = _issuer(top, number, rest)
    jurisdiction = None if level == "central" else (_place(top) or place)
    opening = "\n".join(rest)[:_OPENING]
    chair_name, chair_title = _chair(opening, title, jurisdiction)
    signer_name, signer_title = _signer(rest)
    return Header(
        number=number,
        issued_on=issued,
        issuer=issuer,
        jurisdiction=jurisdiction,
        title=title,
        meeting_date=_meeting(opening),
        chair_name=chair_name,
        chair_title=chair_title,
        signer_name=signer_name,
        signer_title=signer_title,
    )


def issuer_level(text: str) -> str | None:
    """The level of the issuing body (central, province, district, party), as
    ``extract_header`` decides it; None when the notice does not say."""
    top, _, rest, number = _layout(text.split("\n"))
    return _issuer(top, number, rest)[1]


def _layout(lines: list[str]) -> tuple[list[str], str | None, list[str], str | None]:
    """(lines above the title, the title, the lines after it, the notice's number)."""
    top, title, rest = _split_at_title(lines)
    number = _number("\n".join(top) if title is not None else "\n".join(lines[:15]))
    return top, title, rest, number


def title_end(text: str, body_end: int) -> int:
    """Offset just after the title ("THÔNG BÁO" and the line(s) after it); 0 when the
    notice has no title marker. Everything before it is the header block."""
    lines = text[:body_end].split("\n")
    _, title, rest = _split_at_title(lines)
    if title is None:
        return 0
    return len(text[:body_end]) - len("\n".join(rest))


def _split_at_title(lines: list[str]) -> tuple[list[str], str | None, list[str]]:
    """(lines above "THÔNG BÁO", the title after it, the lines after the title)."""
    # the marker as printed ("THÔNG BÁO") first: a web page's headline above the notice
    # ("Thông báo kết luận của ...") is not it; any case when nothing else is there
    exact = re.compile(rf"^{cues()['title_marker']}\b\s*(.*)$")
    loose = re.compile(exact.pattern, re.IGNORECASE)
    top = lines[:40]
    marker = exact if any(exact.match(line.strip()) for line in top) else loose
    for i, line in enumerate(top):
        if m := marker.match(line.strip()):
            after = [m.group(1)] if m.group(1) else []
            after += lines[i + 1 :]
            j = next((k for k, s in enumerate(after) if re.search(r"\w", s)), None)
            if j is None:
                return lines[:i], None, []
            title = after[j].strip()
            while j + 1 < len(after) and title.isupper() and after[j + 1].isupper():
                j += 1
                title += " " + after[j].strip()
            # "KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY" / "về tình hình ...": a line that
            # starts in lower case goes on with the title
            while j + 1 < len(after) and after[j + 1].strip()[:1].islower():
                j += 1
                title += " " + after[j].strip()
            return lines[:i], title, after[j + 1 :]
    return [], None, lines


def _number(top: str) -> str | None:
    m = NUMBER.search(top)
    return m.group(1) if m and re.search(r"[/-]", m.group(1)) else None


def _date(m: re.Match[str] | None) -> str | None:
    """ISO date from a DATE match, None when the day or month is impossible or the year
    is outside ``dates.year_bounds()`` ("ngày 31 tháng 12 năm 9999")."""
    if m is None or m["y2"]:  # "năm 10000": more digits than a year has
        return None
    return iso(make_date(int(m["y"]), int(m["m"] or m["m2"]), int(m["d"])))


def _issue_match(top: str) -> re.Match[str] | None:
    return DATE_LINE.search(top)


def _issue_date(top: str) -> tuple[str | None, str | None]:
    m = _issue_match(top)
    return (m["place"], _date(m)) if m else (None, None)


def _meeting_match(opening: str) -> re.Match[str] | None:
    """The date the meeting was held, from the opening paragraphs."""
    if m := MEETING_LINE.search(opening):
        return m
    for para in opening.split("\n\n"):
        if re.search(r"chủ trì|tổ chức|họp", para, re.IGNORECASE):
            return MEETING_ANY.search(para)
    return None


def _meeting(opening: str) -> str | None:
    """Date the meeting was held, from the opening paragraphs."""
    return _date(_meeting_match(opening))


def date_warnings(text: str, body_end: int) -> list[str]:
    """Warnings for a notice or meeting date the header prints but ``extract_header``
    leaves out because it is outside ``dates.year_bounds()``."""
    lines = text[:body_end].split("\n")
    top, _, rest, _ = _layout(lines)
    found = [
        ("issue date", _issue_match("\n".join(top or lines[:15]))),
        ("meeting date", _meeting_match("\n".join(rest)[:_OPENING])),
    ]
    out = []
    for what, m in found:
        if m is None or _date(m) is not None:
            continue
        y, mo, d = m["y"] + (m["y2"] or ""), m["m"] or m["m2"], m["d"]
        if m["y2"] or make_date(int(y), int(mo), int(d)) is None and _real_day(mo, d):
            out.append(f"{what}: {out_of_range_note(f'{d}/{mo}/{y[:12]}')}")
    return out


def _real_day(month: str, day: str) -> bool:
    """A day and month some year has ("29/2" yes, "31/4" no)."""
    return make_date(2000, int(month), int(day)) is not None


def _header_block(top: list[str]) -> list[str]:
    """Upper-case lines above the title, without the motto lines."""
    motto = re.compile("|".join(cues()["motto"]), re.IGNORECASE)
    return [
        s.strip()
        for s in top
        if re.search(r"[^\W\d_]", s) and s.isupper() and not motto.search(s)
    ]


def _issuer(top: list[str], number: str | None, rest: list[str]) -> tuple:
    """(canonical issuer, level): header block, then number code, then closing words."""
    by_header = _issuer_from_header(_header_block(top))
    by_code = _issuer_from_code(number)
    if by_header and by_code and by_code[0].endswith(" " + by_header[0]):
        return by_code  # "Tỉnh ủy" header + "TB/VPTU" number: the office
    return by_header or by_code or _issuer_from_closing(rest) or (None, None)


def _issuer_from_header(block: list[str]) -> tuple[str, str] | None:
    joined = "\n".join(block)
    if not joined:
        return None
    office = re.search(r"\bVĂN PHÒNG\b", joined, re.IGNORECASE)
    for name in cues()["ministries"]:
        # a ministry's name may wrap in the header block ("BỘ NÔNG NGHIỆP\nVÀ MÔI TRƯỜNG")
        spaced = r"\s+".join(map(re.escape, name.split()))
        if re.search(rf"\bBỘ\s+{spaced}", joined, re.IGNORECASE):
            return ("Văn phòng Bộ " if office else "Bộ ") + name, "central"
    for rule in cues()["issuers"]:
        if all(re.search(p, joined, re.IGNORECASE) for p in rule["all"]):
            return rule["issuer"], rule["level"]
    return None


def _issuer_from_code(number: str | None) -> tuple[str, str] | None:
    for rule in cues()["number_codes"] if number else []:
        if re.search(rf"\d[/-]{re.escape(rule['code'])}$", number, re.IGNORECASE):
            return rule["issuer"], rule["level"]
    return None


def _issuer_from_closing(rest: list[str]) -> tuple[str, str] | None:
    formula = re.compile(cues()["closing_formula"], re.IGNORECASE)
    for line in reversed(rest):
        if m := formula.match(line.strip()):
            name = _strip_place(_expand(m.group(1)))
            return name, "party" if "ủy" in name.split()[-1] else "province"
    block = _signature(rest)[0]
    for rule in cues()["signer_cues"]:
        if any(re.search(rule["cue"], s, re.IGNORECASE) for s in block):
            return rule["issuer"], rule["level"]
    return None


def _place(top: list[str]) -> str | None:
    """Province or city in the header block ("TỈNH KIÊN GIANG" -> "Kiên Giang")."""
    for cue in cues()["place_cues"]:
        for line in _header_block(top):
            m = re.search(rf"\b{cue}\s+(?!ỦY\b)([^\d,;:()]+)$", line, re.IGNORECASE)
            if m and not re.match(r"(ỦY BAN|UBND)\b", m.group(1), re.IGNORECASE):
                return " ".join(w.capitalize() for w in m.group(1).split())
    return None


def _expand(title: str) -> str:
    for short, full in cues()["abbreviations"].items():
        title = re.sub(rf"\b{short}\b", full, title)
    return re.sub(r"\s+", " ", title).strip(" ,-–")


def _strip_place(name: str, place: str | None = None) -> str:
    """Drop the place after "tỉnh"/"thành phố" ("Ủy ban nhân dân tỉnh Kiên Giang")."""
    if place and name.endswith(" " + place):
        return name[: -len(place) - 1]
    return re.sub(rf"\b(tỉnh|thành phố)(\s+{CAP})+$", r"\1", name)


def _split_name(run: str) -> tuple[str, str]:
    """Split capitalised words before a name into (place words, name) by surname."""
    words = run.split()
    starts = [i for i, w in enumerate(words) if w in _surnames()]
    for length in (3, 4, 2, 5):
        for i in starts:
            if len(words) - i == length:
                return " ".join(words[:i]), " ".join(words[i:])
    keep = min(3, len(words)) if len(words) > 3 else len(words)
    return " ".join(words[:-keep]), " ".join(words[-keep:])


# "đồng chí Tạ Minh Khải", "ông Trần Quốc Dũng"
HONORIFIC = r"(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à)\s+"


def _chair_patterns() -> list[re.Pattern[str]]:
    """Ways a notice says who chaired, most explicit first."""
    titles = "|".join(sorted(cues()["title_cues"], key=len, reverse=True))
    title = rf"(?P<title>(?:{titles})\b[^.;:(),\n]*?)"
    tail = r"(?P<tail>[^.;:()\n]+?)"
    by = r"[Dd]ưới sự chủ trì của\s+"
    concluded = r"(?:[Kk]ết luận|[Ýý] kiến kết luận) của\s+"
    return [
        re.compile(p)
        for p in (
            rf"{by}(?:{HONORIFIC})?(?P<name>{NAME})\s*[,–-]\s*{tail}\s*(?:[.;:()\n]|$)",
            rf"{by}(?:{HONORIFIC})?{title}\s+(?P<name>{NAME})",
            rf"\b{HONORIFIC}(?P<name>{NAME})\s*[,–-]\s*{tail}\s+(?:đã\s+)?chủ trì",
            rf"{title}\s+(?P<name>{NAME})\s*(?:,[^.;:()\n]*?)?\s+(?:đã\s+)?chủ trì",
            rf"^{concluded}(?:{HONORIFIC})?{title}\s+(?P<name>{NAME})\s*(?:,|\s(?:tại|về)\b)",
            rf"^{concluded}(?:{HONORIFIC})?(?P<name>{NAME})\s*[,–-]\s*{tail}\s+tại\b",
        )
    ]


def _chair(
    opening: str, title_line: str | None, place: str | None
) -> tuple[str | None, str | None]:
    """The chair's name and title: from the sentence saying who chaired, else the title.

    The earliest match in the opening paragraphs wins; the notice title
    ("Kết luận của Chủ tịch UBND tỉnh Trịnh Quốc Hưng tại ...") is the fallback.
    """
    patterns = _chair_patterns()
    found = [(0, m.start(), m) for p in patterns[:4] if (m := p.search(opening))]
    found += [(1, 0, m) for p in patterns[4:] if (m := p.search(title_line or ""))]
    if not found:
        return None, None
    m = min(found, key=lambda x: x[:2])[2]
    prefix, name = _split_name(m["name"])
    title = m["title"] if m.groupdict().get("title") else _pick_title(m["tail"])
    return name, _strip_place(_expand(f"{title} {prefix}"), place)


def _pick_title(tail: str) -> str:
    """First comma-separated part that starts like a title ("Bí thư Tỉnh ủy")."""
    parts = [p.strip() for p in tail.split(",")]
    starts = tuple(cues()["title_cues"])
    return next((p for p in parts if p.startswith(starts)), parts[0])


def _signature(rest: list[str]) -> tuple[list[str], str | None]:
    """(signature block lines above the name, the name) from the end of the body."""
    lines = [s.strip() for s in rest if s.strip()]
    cut = next(
        (
            i
            for i in range(len(lines) - 1, -1, -1)
            if lines[i].lower().startswith("nơi nhận")
        ),
        None,
    )
    if cut is not None and lines and lines[-1].startswith("-"):
        lines = lines[:cut]  # "Nơi nhận" printed after the signature
    skip = re.compile(cues()["signature_skip"], re.IGNORECASE)
    while lines and re.match(r"^[\(\[]?\s*đã ký", lines[-1], re.IGNORECASE):
        lines.pop()
    if not lines or not re.fullmatch(NAME, _name_case(lines[-1])):
        return [], None
    block = []
    for line in reversed(lines[:-1]):
        if not line.isupper() and not skip.match(line):
            break
        block.insert(0, line)
    return block, _name_case(lines[-1])


def _name_case(line: str) -> str:
    return " ".join(w.capitalize() for w in line.split()) if line.isupper() else line


def _signer(rest: list[str]) -> tuple[str | None, str | None]:
    block, name = _signature(rest)
    skip = re.compile(cues()["signature_skip"], re.IGNORECASE)
    plain = [s for s in block if not skip.match(s)]
    line = plain[-1] if plain else (re.sub(r"^\S+\s*", "", block[-1]) if block else "")
    return name, (_sentence_case(line) if line else None)


def _sentence_case(title: str) -> str:
    """ "PHÓ CHÁNH VĂN PHÒNG" -> "Phó Chánh Văn phòng", by the title_case list."""
    out = title.lower()
    for phrase in sorted(cues()["title_case"], key=len, reverse=True):
        out = re.sub(rf"\b{re.escape(phrase.lower())}\b", phrase, out)
    return out[:1].upper() + out[1:]
