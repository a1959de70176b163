"""Who was absent from the meeting, and who sent a delegate, with the reason given.

Three forms (numbered in the code):
1. a cue with a footnote marker ("vắng 02 Thành viên¹", "cử cấp phó tham dự²"): every
   ";"-separated item of that footnote is a note;
2. a cue with an inline list ("vắng: Giám đốc Sở Y tế (đi công tác); ..."): every item
   up to the end of the sentence;
3. a delegation sentence ("Giám đốc Sở Tài chính vắng, cử Phó Giám đốc Lê Văn C dự thay").
An item is ``delegated`` when its parenthesis (or its text) says "cử"/"ủy quyền", else ``absent``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from pipeline.extractors import patterns as P
from pipeline.extractors.models import AttendanceNote
from pipeline.extractors.names import rx as _rx
from pipeline.extractors.sentences import max_chars as max_sentence_chars

_ITEM_SPLIT = re.compile(r";|(?<=\)),\s*(?=[^\s(]{2})|(?<=\))\s+và\s+(?=[^\s(]{2})")
_CUE_WORD = re.compile(r"(?<![\w])(?i:cử|ủy quyền|vắng)(?![\w])")
_SENTENCE_END = re.compile(r"\.(?:\s|$)|\n")
# a body that sent nobody: "Sở X không cử người tham dự", "Sở Y chưa cử đại diện dự họp"
_REFUSAL = re.compile(r"[ \t]+(?:không|chưa)$")
# an honorific before the title of an absent person: "Đồng chí Phó Chủ tịch ... vắng mặt"
_HONORIFIC = re.compile(r"^(?i:đồng chí|đ/c\.?|ông|bà)[ \t]+")
# "đại diện Bộ Quốc phòng vắng": the body is absent, not its envoy
_ENVOY = re.compile(r"^(?i:đại diện|lãnh đạo)[ \t]+(?=[A-ZĐÂĂÊÔƠƯ])")
# a party-membership title, dropped from "who" when a post follows it
_MEMBERSHIP = re.compile(
    r"(?i:ủy viên|uỷ viên|tỉnh ủy viên|huyện ủy viên|thành ủy viên)(?![\w])"
)


def extract_attendance(
    text: str, jurisdiction: str | None = None
) -> list[AttendanceNote]:
    """Absence and delegation notes of a notice (footnotes included).

    Args:
        text: normalised notice text with footnotes appended as "¹ ..." lines.
        jurisdiction: the notice's province or city, for the canonical names of the
            bodies in ``who`` ("Sở GD&ĐT tỉnh Bắc Kạn" -> "Sở Giáo dục và Đào tạo tỉnh
            Bắc Kạn"); None keeps every province printed.

    Returns:
        AttendanceNote per absent person/body and per delegation, in text order.
    """
    return [replace(n, who=_spelled_out(n.who, jurisdiction)) for n in _notes(text)]


def notes_as_printed(text: str) -> tuple[AttendanceNote, ...]:
    """The notes with ``who`` as printed (the people extractor reads their positions)."""
    return _notes(text)


def _spelled_out(who: str, jurisdiction: str | None) -> str:
    """``who`` without "đại diện"/"lãnh đạo" before a body, each body by its canonical
    name: "đại diện Bộ Quốc phòng" -> "Bộ Quốc phòng", "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh
    Ngô Thị Lan" -> "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Ngô Thị Lan"."""
    from pipeline.extractors.agencies import short_text_agencies

    who = _ENVOY.sub("", who)
    for m in reversed(short_text_agencies(who, jurisdiction)):
        if m.kind == "agency" and m.canonical:
            who = who[: m.start] + m.canonical + who[m.end :]
    return who


@functools.lru_cache(maxsize=4)
def _notes(text: str) -> tuple[AttendanceNote, ...]:
    """Cached: the people extractor asks for the same notice's notes (who is absent)."""
    notes = _footnoted(text) + _inline(text)
    taken = bytearray(len(text) + 1)  # the characters the listed notes cover
    for n in notes:
        taken[n.start : n.end] = b"\x01" * max(0, n.end - n.start)
    for n in _sentences(text):
        if taken.find(1, n.start, n.end) < 0:
            notes.append(n)
    return tuple(sorted(notes, key=lambda n: n.start))


def summarise_attendance(notes: list[AttendanceNote]) -> dict:
    """CONTRACT ``attendance``: {"absent": [{who, reason}], "delegated": [{who, delegate, reason}]}."""
    out: dict[str, list[dict]] = {"absent": [], "delegated": []}
    for n in notes:
        if n.status == "absent":
            out["absent"].append({"who": n.who, "reason": n.reason})
        else:
            out["delegated"].append(
                {"who": n.who, "delegate": n.delegate, "reason": n.reason}
            )
    return out


def _footnotes(text: str) -> dict[int, re.Match]:
    return {
        P.marker_number(m.group("mark")): m
        for m in P.FOOTNOTE_LINE_REGEX.finditer(text)
    }


# a footnote marker close after a cue: "vắng 02 Thành viên|¹"
_CUE_NOTE = re.compile(rf"[^,;.\n]{{0,40}}?(?P<fn>[{P.SUPERSCRIPTS}]+)")
# the colon that opens a list after a cue: "Vắng| có mặt: "
_COLON = re.compile(r"[ \t]*(?:có mặt[ \t]*)?:[ \t]*")


def _cue_markers(text: str) -> set[int]:
    """Footnote numbers attached to an absence or delegation cue (1)."""
    found = set()
    for m in P.ABSENT_CUE_REGEX.finditer(text):
        clause = _CUE_NOTE.match(text, m.end())
        if clause:
            found.add(P.marker_number(clause.group("fn")))
    for m in P.DELEGATE_FN_CUE_REGEX.finditer(text):
        found.add(P.marker_number(m.group("fn")))
    return found


def _footnoted(text: str) -> list[AttendanceNote]:
    notes = _footnotes(text)
    out = []
    linked = _cue_markers(text)
    for number, fn in sorted(notes.items()):
        if number < 0:  # a run of superscripts no footnote number has
            continue
        if number in linked or P.FOOTNOTE_DELEGATION_REGEX.search(fn.group("body")):
            out += _items(text, fn.start("body"), fn.end("body"))
    return out


def _inline(text: str) -> list[AttendanceNote]:
    """(2) "vắng: A (lý do); B (lý do)." -- the list after a cue and a colon."""
    out = []
    for m in P.ABSENT_CUE_REGEX.finditer(text):
        colon = _COLON.match(text, m.end())
        if not colon:
            continue
        start = colon.end()
        out += _items(text, start, _list_end(text, start))
    return out


def _list_end(text: str, start: int) -> int:
    """End of an inline list: the sentence end, or a ")" closing a bracket opened before it."""
    end_m = _SENTENCE_END.search(text, start)
    end = end_m.start() if end_m else len(text)
    depth = 0
    for i in range(start, end):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth < 0:
            return i
    return end


def _items(text: str, start: int, end: int) -> list[AttendanceNote]:
    out = []
    body, cut = text[start:end], 0
    # the pieces between separators, at their own offsets (an empty piece, ";;", used
    # to send the search for the next one past the end)
    seps = [(m.start(), m.end()) for m in _ITEM_SPLIT.finditer(body)]
    for sep_start, sep_end in [*seps, (len(body), len(body))]:
        part = body[cut:sep_start]
        note = _item(text, start + cut if part else end, part)
        if note:
            out.append(note)
        cut = sep_end
    note = _item(text, end, "")
    return out + ([note] if note else [])


def _item(text: str, offset: int, part: str) -> AttendanceNote | None:
    m = P.ATTENDANCE_ITEM_REGEX.fullmatch(part)
    if not m or len(m.group("who").strip()) < 3:
        return None
    who = _clean_who(re.sub(r"\s*(?:,|và)$", "", m.group("who").strip()))
    start = offset + m.start("who")
    end = offset + (
        m.end("paren") + 1 if m.group("paren") is not None else m.end("who")
    )
    paren = (m.group("paren") or "").strip() or None
    deleg = P.ITEM_DELEGATE_REGEX.search(paren) if paren else None
    if deleg:
        reason = (deleg.group("reason") or "").strip() or None
        return AttendanceNote(
            start,
            end,
            text[start:end],
            "delegated",
            who,
            _delegate_name(deleg.group("delegate")),
            reason,
        )
    inner = P.ITEM_DELEGATION_REGEX.fullmatch(who) if not paren else None
    if inner:
        return AttendanceNote(
            start,
            end,
            text[start:end],
            "delegated",
            inner.group("who").strip(),
            _delegate_name(inner.group("delegate")),
            _reason(inner.group("rest")),
        )
    tail = P.ITEM_ABSENCE_TAIL_REGEX.search(who)
    if tail and not paren:
        paren = (tail.group("r1") or tail.group("r2") or "").strip() or None
        who = who[: tail.start()].strip()
    return AttendanceNote(start, end, text[start:end], "absent", who, None, paren)


def _clean_who(who: str) -> str:
    """Without an honorific, and without party-membership titles when a post follows:
    "ông Nguyễn Văn A, Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tổ chức Tỉnh ủy" ->
    "Nguyễn Văn A, Trưởng Ban Tổ chức Tỉnh ủy"."""
    parts = [p.strip() for p in _HONORIFIC.sub("", who.strip()).split(",")]
    posts = [p for p in parts[1:] if not _MEMBERSHIP.match(p)]
    return ", ".join(parts[:1] + posts) if posts else ", ".join(parts)


def _delegate_name(raw: str) -> str:
    """ "Phó Giám đốc Lê Văn C" -> "Lê Văn C"; "ông K' Brông, Phó Giám đốc" ->
    "K' Brông" (a name the surname list does not know); "cấp phó" stays "cấp phó"."""
    names = list(_rx().name.finditer(raw))
    if names:
        return names[-1].group(0)
    return " ".join(_HONORIFIC.sub("", raw.strip()).split(",")[0].split())


def _sentences(text: str) -> list[AttendanceNote]:
    """(3) "<who> [vắng,] cử <delegate> dự thay[, reason]" in running text."""
    out: dict[tuple, AttendanceNote] = {}
    for line in _cue_lines(text):
        for n in _line_absences(text, *line) + _line_sentences(text, *line):
            out.setdefault((n.status, n.who, n.delegate), n)
    return list(out.values())


def _line_absences(text: str, lo: int, hi: int) -> list[AttendanceNote]:
    """ "X vắng (lý do)" and "vắng X (lý do)" in running text."""
    out = []
    for rx in (
        P.ABSENT_AFTER_REGEX,
        P.ABSENT_BEFORE_REGEX,
        P.ABSENT_BARE_REGEX,
        P.ABSENT_PERSON_REGEX,
    ):
        for m in rx.finditer(text, lo, hi):
            cap = re.search(rf"(?<![\w])[{P.UPPER}]|lãnh đạo", m.group("who"))
            if cap:
                start = m.start("who") + cap.start()
                out.append(
                    AttendanceNote(
                        start,
                        m.end(),
                        text[start : m.end()],
                        "absent",
                        _clean_who(m.group("who")[cap.start() :]),
                        None,
                        (m.group("reason") or "").strip() or None,
                    )
                )
    return out


def _cue_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the lines that mention "cử", "ủy quyền" or "vắng" (the regexes are costly).

    A line longer than any real sentence (``max_sentence_chars``) gives instead the
    stretches around its cue words: each regex tries up to 90 characters of "who" at
    every position, which on a megabyte line without cues is seconds of work.
    """
    out = []
    for m in re.finditer(r"[^\n]+", text):
        if not _CUE_WORD.search(m.group(0)):
            continue
        if m.end() - m.start() <= max_sentence_chars():
            out.append((m.start(), m.end()))
        else:
            out += _cue_windows(text, m.start(), m.end())
    return out


def _cue_windows(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Merged stretches of ``text[lo:hi]`` from ``_CUE_BEFORE`` characters before each
    cue word to ``max_sentence_chars`` after it."""
    out: list[list[int]] = []
    for cue in _CUE_WORD.finditer(text, lo, hi):
        start = max(lo, cue.start() - _CUE_BEFORE)
        end = min(hi, cue.end() + max_sentence_chars())
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


# the longest "who" the regexes read before a cue (90 characters), with its spaces
_CUE_BEFORE = 120


def _line_sentences(text: str, lo: int, hi: int) -> list[AttendanceNote]:
    out = []
    for m in P.ABSENT_DELEGATE_REGEX.finditer(text, lo, hi):
        cap = re.search(rf"(?<![\w])[{P.UPPER}]", m.group("who"))
        if cap:
            start = m.start("who") + cap.start()
            who = _body_of(m.group("who")[cap.start() :].strip())
            out.append(
                AttendanceNote(
                    start,
                    m.end(),
                    text[start : m.end()],
                    "delegated",
                    who,
                    _delegate_name(m.group("delegate")),
                    None,
                )
            )
    for m in P.DELEGATION_REGEX.finditer(text, lo, hi):
        who = m.group("who")
        cap = re.search(rf"(?<![\w])[{P.UPPER}]", who)
        if not cap:
            continue
        start = m.start("who") + cap.start()
        reason = _reason(m.group("rest"))
        who = who[cap.start() :].strip()
        if away := m.group("away"):  # the head is away: the body sends the stand-in
            body = _body_of(who)
            reason = reason or " ".join(f"{who[: len(who) - len(body)]} {away}".split())
            who = body
        if refused := _REFUSAL.search(who):  # "Sở X không cử người tham dự": absent
            out.append(
                AttendanceNote(
                    start,
                    m.end("rest"),
                    text[start : m.end("rest")],
                    "absent",
                    who[: refused.start()].strip(),
                    None,
                    reason,
                )
            )
            continue
        out.append(
            AttendanceNote(
                start,
                m.end("rest"),
                text[start : m.end("rest")],
                "delegated",
                who,
                _delegate_name(m.group("delegate")),
                reason,
            )
        )
    return out


def _reason(rest: str) -> str | None:
    """The reason after a delegation: ", không có lý do" or "(đi công tác)"; not an object."""
    rest = rest.strip()
    if not rest.startswith((",", "(")):
        return None
    return rest.strip(" ,()") or None


def _body_of(who: str) -> str:
    """ "Giám đốc Sở Tài chính" -> "Sở Tài chính": the body whose head is away sends the stand-in."""
    m = _rx().title_word.match(who)
    return who[m.end() :].strip() if m and who[m.end() :].strip() else who
