"""Cited legal and administrative documents, with their ids, dates, issuers and footnotes.

CASE 1  a number, with or without a type word: "Nghị quyết số 63/NQ-CP ngày 29/6/2021 của
        Chính phủ", "số 236/BC-UBND", "theo 63/NQ-CP", "09-CTr/TU" (type from the code)
CASE 2  a type word glued to a footnote marker: "Báo cáo⁴" -> the report footnote 4 cites
CASE 3  a short mention: "Nghị quyết 42", "Nghị quyết số 63" (no code), "Kế hoạch nêu trên"
        -> the full citation's id, resolved=True; with no full citation the bare number
        is the id ("Tờ trình số 89 ngày 2/4/2025" -> "89"), not a scheme's name ("Đề án 06")
CASE 4  no number: "Nghị quyết Tỉnh ủy", "Luật Đất đai năm 2013" -> ref_id None
The notice's own "Số: 245/TB-VP" line and the "Lưu: ..." line are not references.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass, replace

from pipeline.extractors import patterns as P
from pipeline.extractors.dates import iso, make_date
from pipeline.extractors.legal_issuers import (
    Scope,
    issuer_at,
    issuer_from_code,
    notice_scope,
)
from pipeline.extractors.legal_merge import merge_legal_refs
from pipeline.extractors.models import LegalRef
from pipeline.lexicons import cues, legal_doc_types

__all__ = ["extract_legal_refs", "merge_legal_refs"]

HEADER_LINES = 15
PORTAL_LINES = 60  # a portal prints the document's properties above or below its text


@dataclass(frozen=True)
class _Notice:
    text: str
    notes: dict[int, tuple[int, int]]  # footnote number -> span of its text
    scope: Scope
    skipped: tuple[tuple[int, int], ...]  # own-number and filing lines

    def note_at(self, pos: int) -> int | None:
        """The footnote whose text holds ``pos`` (a binary search over the spans)."""
        spans = self._note_spans
        if spans is None:  # overlapping spans: the first one listed, as written
            return next((n for n, (s, e) in self.notes.items() if s <= pos < e), None)
        i = bisect.bisect_right(spans[0], pos) - 1
        return spans[2][i] if i >= 0 and pos < spans[1][i] else None

    def skip(self, pos: int) -> bool:
        starts, reach = self._skipped_reach
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and reach[i] > pos

    @functools.cached_property
    def _note_spans(self) -> tuple[list, list, list] | None:
        """(starts, ends, numbers) of the footnote spans sorted by start; None when
        two overlap."""
        ordered = sorted((s, e, n) for n, (s, e) in self.notes.items())
        if any(a[1] > b[0] for a, b in zip(ordered, ordered[1:], strict=False)):
            return None
        return (
            [s for s, _, _ in ordered],
            [e for _, e, _ in ordered],
            [n for _, _, n in ordered],
        )

    @functools.cached_property
    def _skipped_reach(self) -> tuple[list[int], list[int]]:
        """Starts of the skipped spans in order, and the furthest end reached so far."""
        ordered = sorted(self.skipped)
        reach = list(itertools.accumulate((e for _, e in ordered), max))
        return [s for s, _ in ordered], reach


def extract_legal_refs(
    text: str, footnotes: list[dict] | None = None
) -> list[LegalRef]:
    """Every cited document of a notice, in text order.

    Args:
        text: the normalised notice text, footnotes appended as lines "⁴ <text>".
        footnotes: ``[{"number": 4, "start": s, "end": e, "marker": m}]`` spans into text;
            when None, footnote lines are found in the text itself.

    Returns:
        ``LegalRef`` items; short mentions resolved to a full citation have resolved=True.
    """
    notice = _Notice(
        text, _note_spans(text, footnotes), notice_scope(text), _skipped(text)
    )
    refs = _numbered(notice)
    # the characters the references cover, so that each extra one is checked against
    # them in its own length (not against every reference so far)
    taken = bytearray(len(text) + 1)
    for r in refs:
        taken[r.start : r.end] = b"\x01" * max(0, r.end - r.start)
    for extra in (
        _marker_mentions(notice, refs),
        _short_mentions(notice, refs),
        _unnumbered(notice, refs),
    ):
        for ref in extra:
            if ref.end <= ref.start:  # an empty span: the overlap test as written
                if any(ref.start < r.end and r.start < ref.end for r in refs):
                    continue
            elif taken.find(1, ref.start, ref.end) >= 0:
                continue
            refs.append(ref)
            taken[ref.start : ref.end] = b"\x01" * max(0, ref.end - ref.start)
    # the notice's own number, wherever else it is printed (a portal's title "Công văn
    # 6368/VPCP-CN năm 2021"), is not a reference
    own = _own_ids(text, notice.skipped)
    return sorted(
        (
            r for r in refs
            if not r.ref_id or (r.ref_id.casefold() not in own and not _site_licence(r.ref_id))
        ),
        key=lambda r: (r.start, r.end),
    )


@functools.cache
def _licence_codes() -> frozenset[str]:
    return frozenset(c.casefold() for c in cues("legal")["site_licence_codes"])


def _site_licence(ref_id: str) -> bool:
    """A news site's licence in its footer (legal_cues.yaml: site_licence_codes)."""
    return ref_id.rsplit("/", 1)[-1].casefold() in _licence_codes()


def _own_ids(text: str, skipped: tuple[tuple[int, int], ...]) -> set[str]:
    """Ids printed on the notice's own-number lines (casefolded)."""
    own = set()
    for start, end in skipped:
        line = text[start:end]
        if P.FILING_LINE_REGEX.match(line):
            continue
        for m, _ in _id_matches(line):
            own.add(_identity(m)[0].casefold())
    return own


def _numbered(notice: _Notice) -> list[LegalRef]:
    """CASE 1: every number; the type word before it, the date and issuer after it."""
    text, refs = notice.text, []
    for m, party in _id_matches(text):
        if notice.skip(m.start()):
            continue
        ref_id, number, code = _identity(m)
        start, doc_type = _type_before(text, m.start(), _type_of_code(code, party))
        end, issued_on, issuer, marker = _tail(notice, m.end())
        issuer = issuer or issuer_from_code(code, party, notice.scope)
        footnote = notice.note_at(m.start()) or _linked(notice, marker, ref_id)
        refs.append(
            LegalRef(
                start,
                end,
                text[start:end],
                doc_type,
                number,
                code,
                ref_id,
                issued_on,
                issuer,
                footnote,
            )
        )
    return refs


def _id_matches(text: str) -> list[tuple[re.Match, bool]]:
    found = [(m, False) for m in P.STATE_ID_REGEX.finditer(text)]
    found += [(m, True) for m in P.PARTY_ID_REGEX.finditer(text)]
    found.sort(key=lambda f: (f[0].start(), -f[0].end()))
    kept: list[tuple[re.Match, bool]] = []
    for m, party in found:
        if not kept or m.start() >= kept[-1][0].end():
            kept.append((m, party))
    return kept


def _identity(m: re.Match) -> tuple[str, str, str]:
    """("61/2018/NĐ-CP", "61", "2018/NĐ-CP"): spaces removed, glued codes repaired."""
    ref_id = re.sub(r"\s+", "", m.group(0)).replace("–", "-")
    for glued, fixed in cues("legal")["glued_codes"].items():
        ref_id = re.sub(rf"(?<=/){glued}$", fixed, ref_id)
    number = m.group("num")
    return ref_id, number, ref_id[len(number) + 1 :]


def _type_of_code(code: str, party: bool) -> str:
    """ "NQ-CP" -> Nghị quyết, "CTr/TU" -> Chương trình, "UBND-KT" -> Công văn."""
    types = _types()
    if party:
        return types["party"].get(code.split("/")[0], "Văn bản")
    first = code.split("/")[-1].split("-")[0]
    if re.fullmatch(r"QH\d*", first):
        return "Luật"
    if re.fullmatch(r"UBTVQH\d*", first):
        return "Nghị quyết"
    return types["state"].get(first, "Công văn")


def _type_before(text: str, pos: int, code_type: str) -> tuple[int, str]:
    """Start and type of a citation: the last type word before the number on its line.

    Up to six words may stand between ("Luật Đầu tư công số"); if they do and the word
    disagrees with the code, the code wins and the citation starts at the number.
    """
    lo = max(text.rfind("\n", max(0, pos - 90), pos) + 1, pos - 90)
    words = list(_types()["any_word"].finditer(text, lo, pos))
    if not words:
        return pos, code_type
    word = words[-1]
    doc_type = _types()["alias"][re.sub(r"\s+", " ", word.group("word")).lower()]
    gap = re.sub(r"(?i)(?<!\w)số(?!\w)\s*:?", " ", text[word.end() : pos]).strip()
    if (
        _types()["unnumbered"].get(doc_type) == "name"
    ):  # "Luật Phòng, chống thiên tai số"
        gap = gap.replace(",", " ")
    if re.search(r"[^\w\s-]|\d", gap) or len(gap.split()) > 6:
        return pos, code_type
    if doc_type == "*":
        return word.start(), code_type
    agrees = code_type.lower() in doc_type.lower() or code_type in (
        "Công văn",
        "Văn bản",
    )
    if gap and not agrees:
        return pos, code_type
    return word.start(), doc_type


def _tail(notice: _Notice, pos: int) -> tuple[int, str | None, str | None, int | None]:
    """(end, date, issuer, footnote marker) of what follows a number."""
    text, end, issued_on, issuer, marker = notice.text, pos, None, None, None
    for step in ("date", "issuer", "done"):
        mark = P.MARKER_REGEX.match(text, end)
        if mark and not marker:
            marker, cut = P.marker_number(mark.group()), end
        at = mark.end() if mark else end
        if step == "date" and (d := P.ISSUE_DATE_REGEX.match(text, at)):
            issued_on, end = _issue_date(d), d.end()
        elif step == "issuer" and (o := P.OF_REGEX.match(text, at)):
            end, issuer = issuer_at(text, o.end(), notice.scope) or (end, None)
    # the surface stops at a marker ("số 68/NQ-CP⁸ của Chính phủ"): what follows still counts
    return (cut if marker else end), issued_on, issuer, marker


def _issue_date(d: re.Match) -> str | None:
    day, month = d.group("d") or d.group("d2"), d.group("m") or d.group("m2")
    return iso(make_date(int(d.group("y") or d.group("y2")), int(month), int(day)))


def _linked(notice: _Notice, marker: int | None, ref_id: str) -> int | None:
    """A marker after a mention links it to the footnote that cites the same id."""
    span = notice.notes.get(marker) if marker else None
    if (
        span
        and ref_id.lower() in re.sub(r"\s+", "", notice.text[span[0] : span[1]]).lower()
    ):
        return marker
    return None


def _marker_mentions(notice: _Notice, refs: list[LegalRef]) -> list[LegalRef]:
    """CASE 2: "Báo cáo⁴" -> the one report that footnote 4 cites."""
    out = []
    by_note: dict[tuple, list[LegalRef]] = {}  # (footnote, type) -> references, once
    for r in refs:
        by_note.setdefault((r.footnote, r.doc_type), []).append(r)
    for w in _types()["cap_word"].finditer(notice.text):
        mark = P.MARKER_REGEX.match(notice.text, w.end())
        doc_type = _types()["alias"].get(w.group("word").lower())
        n = P.marker_number(mark.group()) if mark else None
        cited = {r.ref_id: r for r in by_note.get((n, doc_type), [])} if n else {}
        if len(cited) == 1:
            ref = next(iter(cited.values()))
            out.append(
                replace(
                    ref, start=w.start(), end=w.end(), surface=w.group(), resolved=True
                )
            )
    return out


def _short_mentions(notice: _Notice, refs: list[LegalRef]) -> list[LegalRef]:
    """CASE 3: "Nghị quyết 42", "Nghị quyết số 63", "Kế hoạch này" after a full citation."""
    out, text = [], notice.text
    by_type: dict[str, _SameType] = {}  # the refs of each type word, gathered once
    for w in _types()["cap_word"].finditer(text):
        doc_type = _types()["alias"][w.group("word").lower()]
        if doc_type not in by_type:
            by_type[doc_type] = _SameType(refs, doc_type)
        same = by_type[doc_type]
        if num := P.SHORT_NUMBER_REGEX.match(text, w.end()):
            hits = same.by_number.get(int(num.group("num")), [])
            printed = num.group("num")
            if num.group("year"):  # "Nghị quyết 17/2025": the citation of that year only
                printed += "/" + num.group("year")
                hits = [r for r in hits if r.ref_id.startswith(printed + "/")]
            base = hits[0] if len({r.ref_id for r in hits}) == 1 else None
            named = doc_type in cues("legal")["named_by_number"] and not num.group("so")
            out.append(_short(notice, w.start(), num.end(), doc_type, base, printed, named))
        elif (
            (ana := _anaphor(text, w.end()))
            and doc_type not in cues("legal")["self_types"]
            and (earlier := same.last_before(w.start()))
        ):
            out.append(_short(notice, w.start(), ana, doc_type, earlier, None))
    return out


class _SameType:
    """The full citations of one document type, by number and by position."""

    def __init__(self, refs: list[LegalRef], doc_type: str) -> None:
        self.refs = [r for r in refs if r.ref_id and _same_type(r.doc_type, doc_type)]
        self.by_number: dict[int, list[LegalRef]] = {}
        for r in self.refs:
            if r.number and r.number.isdigit():
                self.by_number.setdefault(int(r.number), []).append(r)
        self.starts = [r.start for r in self.refs]
        self.ordered = all(
            a <= b for a, b in zip(self.starts, self.starts[1:], strict=False)
        )

    def last_before(self, pos: int) -> LegalRef | None:
        """The last of them (in list order) that starts before ``pos``."""
        if self.ordered:
            i = bisect.bisect_left(self.starts, pos)
            return self.refs[i - 1] if i else None
        earlier = [r for r in self.refs if r.start < pos]
        return earlier[-1] if earlier else None


def _short(notice, start, end, doc_type, base, number, named=False) -> LegalRef:
    footnote = notice.note_at(start)
    surface = notice.text[start:end]
    if base is None:  # a bare number with no full citation: the id is the number as
        # printed (GUIDELINE), unless it is a scheme's name ("Đề án 06", named_by_number)
        ref_id = None if named or number is None else number
        return LegalRef(
            start, end, surface, doc_type, number, None, ref_id, footnote=footnote
        )
    return replace(
        base,
        start=start,
        end=end,
        surface=surface,
        doc_type=doc_type,
        footnote=footnote,
        resolved=True,
    )


def _anaphor(text: str, pos: int) -> int | None:
    m = _anaphor_regex().match(text, pos)
    if not m:
        return None
    rest = text[m.end() : m.end() + 12]
    if m.group("ana") == "trên" and not re.match(
        r"\s*(?:[^\w\s]|$|(?:và|đã|được|để)\b)", rest
    ):
        return None  # "Chỉ thị trên địa bàn" is not "the directive above"
    return m.end()


def _unnumbered(notice: _Notice, refs: list[LegalRef]) -> list[LegalRef]:
    """CASE 4: "Nghị quyết Tỉnh ủy", "Nghị quyết của Ban Chấp hành ...", "Luật Xây dựng"."""
    out, text, types = [], notice.text, _types()
    named = _by_name(refs)
    for w in types["cap_word"].finditer(text):
        doc_type = types["alias"][w.group("word").lower()]
        kind = types["unnumbered"].get(doc_type)
        if kind == "issuer":
            gap = re.compile(rf"{P.SP}+(?:của{P.SP}+)?").match(text, w.end())
            found = issuer_at(text, gap.end(), notice.scope) if gap else None
            end, issuer = found or (None, None)
        elif kind == "name":
            end, issuer = _law_name_end(text, w.end()), types["issuer"].get(doc_type)
        else:
            continue
        if end and end > w.end():
            ref = LegalRef(
                w.start(),
                end,
                text[w.start() : end],
                doc_type,
                None,
                None,
                None,
                issuer=issuer,
                footnote=notice.note_at(w.start()),
            )
            out.append(_same_name(ref, named) if kind == "name" else ref)
    return out


def _by_name(refs: list[LegalRef]) -> dict[str, list[LegalRef]]:
    """Numbered references by each text that ends right before a " số" in their surface
    ("Luật Đất đai" of "Luật Đất đai số 31/2024/QH15"), in their order."""
    out: dict[str, list[LegalRef]] = {}
    for r in refs:
        if not r.ref_id:
            continue
        at = r.surface.find(" số")
        while at >= 0:
            out.setdefault(r.surface[:at], []).append(r)
            at = r.surface.find(" số", at + 1)
    return out


def _same_name(ref: LegalRef, named: dict[str, list[LegalRef]]) -> LegalRef:
    """ "Luật Đất đai năm 2024" -> the "Luật Đất đai số 31/2024/QH15" cited in the notice."""
    name = re.sub(r"\s+năm\s+(\d{4})$", "", ref.surface)
    year = ref.surface[-4:] if name != ref.surface else None
    hits = {
        r.ref_id: r for r in named.get(name, []) if year is None or year in r.ref_id
    }
    if len(hits) != 1:
        return ref
    return replace(
        next(iter(hits.values())),
        start=ref.start,
        end=ref.end,
        surface=ref.surface,
        footnote=ref.footnote,
        resolved=True,
    )


def _law_name_end(text: str, pos: int) -> int | None:
    """End of a law's name: "Luật| Đất đai năm 2013", "Luật| Xây dựng"."""
    end, stops = pos, set(cues("legal")["name_stops"])
    for i, w in enumerate(P.WORD_REGEX.finditer(text, pos, min(len(text), pos + 100))):
        word = w.group()
        if i == 0 and not word[0].isupper():
            return None
        if word == "," and re.match(r",\s+[a-zđ]", text[w.start() : w.start() + 4]):
            continue  # "Luật Phòng, chống thiên tai"
        if (
            i >= 9
            or "\n" in text[end : w.start()]
            or not word[0].isalpha()
            or word in stops
        ):
            break
        end = w.end()
    year = re.compile(rf"{P.SP}+năm{P.SP}+(?:19|20)\d\d(?!\d)").match(text, end)
    return year.end() if year and end > pos else (end if end > pos else None)


def _same_type(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def _note_spans(text: str, footnotes: list[dict] | None) -> dict[int, tuple[int, int]]:
    if footnotes is not None:
        return {int(f["number"]): (int(f["start"]), int(f["end"])) for f in footnotes}
    return {
        P.marker_number(m.group("mark")): m.span()
        for m in P.NOTE_LINE_REGEX.finditer(text)
    }


def _skipped(text: str) -> tuple[tuple[int, int], ...]:
    spans = [m.span() for m in P.FILING_LINE_REGEX.finditer(text)]
    spans += [m.span() for m in P.SOURCE_LINE_REGEX.finditer(text)]
    offset = 0
    for i, line in enumerate(text.splitlines(keepends=True)[:PORTAL_LINES]):
        # "Số: 245/TB-VP" in the header; "Số hiệu | 6368/VPCP-CN |", a portal's table
        if (i < HEADER_LINES and P.OWN_NUMBER_LINE_REGEX.match(line)) or (
            P.PORTAL_NUMBER_LINE_REGEX.match(line)
        ):
            spans.append((offset, offset + len(line)))
        offset += len(line)
    return tuple(spans)


@functools.cache
def _anaphor_regex() -> re.Pattern:
    return re.compile(
        rf"{P.SP}+(?P<ana>{P.alternation(cues('legal')['anaphors'])})(?!\w)"
    )


@functools.cache
def _types() -> dict:
    """Views of legal_doc_types.csv: code -> type, alias -> type, and the word regexes."""
    rows = legal_doc_types()
    alias = {
        a.lower(): r["type_name"] for r in rows for a in r["aliases"].split("|") if a
    }
    party = {}
    for r in rows:
        for c in filter(None, r["party_code"].split("|")):
            party.setdefault(c, r["type_name"])
    named = [
        a for r in rows if r["type_name"] != "*" for a in r["aliases"].split("|") if a
    ]
    return {
        "alias": alias,
        "party": party,
        "state": {
            r["state_code"]: r["type_name"]
            for r in rows
            if r["state_code"] not in ("", "*")
        },
        "unnumbered": {r["type_name"]: r["unnumbered"] for r in rows},
        "issuer": {r["type_name"]: r["default_issuer"] or None for r in rows},
        "any_word": P.word_regex(alias, ignore_case=True),
        "cap_word": P.word_regex(named),
    }
