"""Named persons with their titles and roles (chair, presenter, signer, absent, delegate).

Pipeline: name candidates (a family name + 1-4 capitalised syllables) -> keep those with a
context that makes them a person (honorific, title before or after, a list under a titled
name, the signature block) and that are not places -> title, role -> one entry per name.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from pipeline.extractors import agency_lexicon as lex
from pipeline.extractors import patterns as P
from pipeline.extractors.attendance import notes_as_printed
from pipeline.extractors.models import PersonMention
from pipeline.extractors.names import rx as _rx

_ROLE_RANK = {
    "chair": 0,
    "signer": 1,
    "presenter": 2,
    "absent": 3,
    "delegate": 4,
    "other": 5,
}
_ABBREV = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "UB": "Ủy ban",
    "MTTQ": "Mặt trận Tổ quốc",
    "ĐBQH": "Đại biểu Quốc hội",
}
# words before a place; district-level units are left out: their names are a closed list
# (places.csv), so "UBND thành phố Trần Phước Hiền" is a person after the unit word
_PLACE_BEFORE = re.compile(
    r"(?<![\w])(?<!(?i:thành) )(?i:xã|phường|thị trấn|đường|phố|sông|cầu|khu|tại|ở)\s+$"
)


def extract_people(text: str) -> list[PersonMention]:
    """Persons named in a notice, one entry per name (fullest title, strongest role).

    Args:
        text: normalised notice text.

    Returns:
        PersonMention per person, in order of first mention.
    """
    found = _mark_absent(text, _signer(text) + _in_text(text))
    best: dict[str, PersonMention] = {}
    for p in found:
        old = best.get(p.name)
        if old is None:
            best[p.name] = p
            continue
        title = max((old.title, p.title), key=lambda t: len(t or ""))
        role = min((old.role, p.role), key=_ROLE_RANK.__getitem__)
        keep = old if len(old.title or "") >= len(p.title or "") else p
        best[p.name] = replace(keep, title=title, role=role)
    return sorted(best.values(), key=lambda p: p.start)


def _mark_absent(text: str, people: list[PersonMention]) -> list[PersonMention]:
    """A person inside an absence note is ``absent``; a stand-in's bare title gets the body
    that sent them ("Sở Tư pháp cử ông X, Phó Giám đốc" -> "Phó Giám đốc Sở Tư pháp")."""
    notes = notes_as_printed(text)  # sorted by start
    starts = [n.start for n in notes]
    longest = max((n.end - n.start for n in notes), default=0)
    out = []
    for p in people:
        # only the notes that start close enough before the person can hold them
        first = bisect.bisect_left(starts, p.start - longest)
        for n in notes[first : bisect.bisect_right(starts, p.start)]:
            if not (n.start <= p.start and p.end <= n.end):
                continue
            if n.status == "absent" and p.role == "other":
                p = replace(p, role="absent")
            elif (
                n.delegate == p.name
                and p.title in _rx().titles.values()
                and f"{p.title} dự" in n.surface
                and not _rx().title_word.match(n.who)
            ):
                p = replace(p, title=f"{p.title} {n.who}")
        out.append(p)
    return out


def normalise_title(raw: str) -> str:
    """ "PHÓ CHÁNH VĂN PHÒNG" -> "Phó Chánh Văn phòng"; "Phó Chủ tịch UBND" -> "... Ủy ban nhân dân"."""
    raw = " ".join(raw.split())
    if raw.isupper():
        low = raw.lower()
        canon = _rx().titles.get(low)
        return canon or low[0].upper() + low[1:]
    m = _rx().title_word.match(raw)
    head = _rx().titles[m.group(0).lower()] if m else ""
    rest = raw[m.end() :] if m else raw
    for short, full in _ABBREV.items():
        rest = re.sub(rf"(?<![\w]){short}(?![\w])", full, rest)
    return (head + rest).strip()


# what separates two names of one list: ", ", " và "
_LIST_GAP = re.compile(r"\s*,\s*|\s+và\s+")
# between two listed names: a separator, after an optional bracketed title
_LISTED_AFTER = re.compile(r"(?:[ \t]*\([^()\n]{1,80}\))?(?:[ \t]*,[ \t]*|[ \t]+và[ \t]+)")


def _in_text(text: str) -> list[PersonMention]:
    out: list[PersonMention] = []
    last_titled: PersonMention | None = None
    last: PersonMention | None = None
    for m in _rx().name.finditer(text):
        m = _skip_place_tail(text, m)
        whole_end = m.end() if m else -1
        m = _without_title_tail(text, m) if m else m
        name = m.group(0) if m else ""
        if not m or _is_place(text, m, name):
            continue
        before = text[max(0, m.start() - 90) : m.start()]
        title, start = _title_before(before, m.start())
        after = _rx().title_after.match(text, m.end())
        if after and title is None:
            title = normalise_title(_title_span(text, after.start("title")))
        elif title is None and m.end() < whole_end:  # the title cut off the name's tail
            gap = len(text[m.end() : m.end() + 4]) - len(text[m.end() : m.end() + 4].lstrip(" \t"))
            title = normalise_title(_title_span(text, m.end() + gap))
        honor = P.HONORIFIC_BEFORE_REGEX.search(before)
        # read in place (no copy of the text since the last titled name)
        listed = last_titled and _LIST_GAP.fullmatch(text, last_titled.end, m.start())
        if listed and title is None:
            title = last_titled.title
        # "các ông: Nguyễn Lê Huy (Phó Chủ tịch Thường trực), Nguyễn Hùng Nam, ...": a name
        # listed after a person, past the bracketed title of the one before
        follows = last and _LISTED_AFTER.fullmatch(text, last.end, m.start())
        if title is None and not honor and not listed and not follows:
            continue
        p = PersonMention(
            start, m.end(), text[start : m.end()], name, title, _role(text, m, before)
        )
        out.append(p)
        last_titled = p if title else None
        last = p
    return out


def _without_title_tail(text: str, m: re.Match) -> re.Match | None:
    """ "ông Dương Văn Dũng Bí thư Đảng ủy" printed without a comma: the name ends before a
    word that starts a title running past it (titles.csv), keeping a family and a given name."""
    words = [w.start() for w in re.finditer(r"\S+", m.group(0))]
    for at in words[2:]:
        title = _rx().title_word.match(text, m.start() + at)
        if title and title.end() > m.end():
            return _rx().name.match(text, m.start(), m.start() + at)
    return m


def _skip_place_tail(text: str, m: re.Match) -> re.Match | None:
    """ "thị xã Nghi Sơn Lương Văn Định": the name starts after the place's last syllable."""
    prev = re.search(
        rf"(?<![\w])([{P.UPPER}][{P.LOWER}]+)[ \t]+$",
        text[max(0, m.start() - 20) : m.start()],
    )
    first, _, rest = m.group(0).partition(" ")
    if (
        first.lower() in ("ông", "bà") and len(rest.split()) >= 2
    ):  # "Ông" is also a family name
        return _rx().name.match(text, m.start() + len(first) + 1)
    idx = lex.index()
    words = m.group(0).split()
    for k in (3, 2):  # "Chủ tịch UBND tỉnh Lâm Đồng Hồ Văn Mười": the place, then the name
        head = " ".join(words[:k])
        if len(words) - k >= 2 and (head in idx.provinces or head in idx.districts):
            skip = m.group(0).index(words[k])
            return _rx().name.match(text, m.start() + skip)
    if not prev or len(rest.split()) < 2:
        return m
    if (
        f"{prev.group(1)} {first}" in idx.districts
        or f"{prev.group(1)} {first}" in idx.provinces
    ):
        return _rx().name.match(text, m.start() + len(first) + 1)
    return m


def _is_place(text: str, m: re.Match, name: str) -> bool:
    idx = lex.index()
    if name in idx.provinces or name in idx.districts or name == "Hồ Chí Minh":
        return True
    return bool(_PLACE_BEFORE.search(text, max(0, m.start() - 12), m.start()))


def _title_before(before: str, name_start: int) -> tuple[str | None, int]:
    m = _rx().title_before.search(before)
    if not m:
        return None, name_start
    raw = m.group("title") + m.group("org")
    # "Các Phó Chủ tịch là các ông: ...": the title ends before the list's opening words
    raw = _LIST_OPENING.sub("", raw)
    start = name_start - len(before) + m.start()
    return normalise_title(raw), start


_LIST_OPENING = re.compile(r"\s+(?:là|gồm|có)(?:\s+các)?(?:\s+(?:ông|bà|đồng chí))?\s*:?\s*$")


def _title_span(text: str, pos: int) -> str:
    """A title after a name: the title word, and the agency right after it when there is one."""
    m = _rx().title_word.match(text, pos)  # at pos: no copy of the rest of the text
    end = pos + len(m.group(0))
    from pipeline.extractors.agencies import (
        short_text_agencies,  # late: agencies is heavier
    )

    window = text[end : end + 80]
    ags = [a for a in short_text_agencies(window) if a.kind != "collective"]
    if ags and not window[: ags[0].start].strip():
        end += ags[0].end
    return text[pos:end]


def _role(text: str, m: re.Match, before: str) -> str:
    after = text[m.end() : m.end() + 80]
    if P.DELEGATE_CUE_REGEX.search(before):
        return "delegate"
    if P.CHAIR_CUE_REGEX.match(after) and not re.match(r"\s*,\s*[^,]*,", after):
        return "chair"
    if P.PRESENTER_CUE_REGEX.match(after):
        return "presenter"
    return "other"


# the signer as legal portals print a document's properties: "Người ký | Trần Văn A |"
_SIGNER_FIELD = re.compile(r"(?im)^[ \t|]*Người ký[ \t]*[|:][ \t]*")


def _signer(text: str) -> list[PersonMention]:
    """The last name line after a signature block ("KT. CHÁNH VĂN PHÒNG / PHÓ ... / Name"),
    or the name in a portal's "Người ký" field."""
    return _signature_block(text) or _signer_field(text)


def _signer_field(text: str) -> list[PersonMention]:
    field = _SIGNER_FIELD.search(text)
    m = field and _rx().name.match(text, field.end())
    if not m or not re.match(r"[ \t]*(?:\||$)", text[m.end() : m.end() + 3]):
        return []
    return [PersonMention(m.start(), m.end(), m.group(0), m.group(0), None, "signer")]


def _signature_block(text: str) -> list[PersonMention]:
    lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text)]
    tail = lines[-12:]
    marks = [
        i for i, (_, ln) in enumerate(tail) if P.SIGN_MARK_REGEX.match(ln.strip("* "))
    ]
    if not marks:
        return []
    for i in range(len(tail) - 1, marks[0], -1):
        pos, line = tail[i]
        m = _rx().name.fullmatch(line.strip("* \t"))
        if m:
            start = pos + line.index(m.group(0))
            title = next(
                (
                    ln.strip("* \t")
                    for _, ln in reversed(tail[marks[0] : i])
                    if ln.strip("* \t").isupper()
                ),
                None,
            )
            if title:
                title = re.sub(r"^\W*(?:KT|TM|TL|TUQ|Q|K/T|T/M|T/L)[.\s]+", "", title)
            return [
                PersonMention(
                    start,
                    start + len(m.group(0)),
                    m.group(0),
                    m.group(0),
                    normalise_title(title) if title else None,
                    "signer",
                )
            ]
    return []
