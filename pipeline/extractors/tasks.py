"""Directives (tasks) of a notice: who must do what, in which role, by when, on what basis.

CASE 1  "Giao Sở X chủ trì, phối hợp với Y và Z ..."  -> X lead, Y and Z coordinate
CASE 2  "Sở X khẩn trương tham mưu UBND tỉnh ..."     -> X advise (UBND tỉnh is the object)
CASE 3  "Văn phòng UBND tỉnh theo dõi, đôn đốc ..."    -> monitor
CASE 4  "Sở A phối hợp với Sở B thực hiện ..."         -> A implement, B coordinate
CASE 5  items under a heading that names the assignees ("3.1. Sở Tài chính:")
CASE 6  "UBND các huyện ... triển khai ..."            -> kept with its collective
A clause with an assignee opens a task; the clauses after it without one continue it,
so "phấn đấu hoàn thành trong tháng 7/2021" two sentences later is still its deadline.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from pipeline.core.params import parse_yaml
from pipeline.core.text import fold
from pipeline.extractors.models import AgencyMention, Deadline, LegalRef
from pipeline.extractors.patterns import CLAUSE_BREAK, CONCLUSION_START, LEAD_LABEL
from pipeline.extractors.sections import Section, section_at
from pipeline.lexicons import limits, load_surnames
from pipeline.lexicons import path as lexicon_path

TASK_KINDS = {"tasks", "recommendations", "other"}
ROLE_ORDER = ("lead", "advise", "monitor", "coordinate")


# brackets on one line (linear: no nested repetition)
_ASIDE = re.compile(r"\([^()\n]*\)")


def _blank_long_aside(m: re.Match) -> str:
    """Brackets holding five words or more, blanked (same length)."""
    inner = m.group(0)[1:-1]
    return "(" + " " * len(inner) + ")" if len(inner.split()) >= 5 else m.group(0)


@dataclass(frozen=True)
class Assignee:
    """An agency (canonical name) or a collective, with its role in one task."""

    agency: str
    role: str  # lead | coordinate | advise | monitor | implement
    collective: bool = False


@dataclass(frozen=True)
class Task:
    """One directive: its text span, assignees, action, deadline and legal basis."""

    start: int
    end: int
    surface: str
    action: str
    assignees: tuple[Assignee, ...]
    deadline: str | None
    recurrence: str | None
    legal_basis: tuple[str, ...]
    section: str | None


@functools.lru_cache(maxsize=1)
def cues() -> dict:
    """The task lexicon (lexicons/task_cues.yaml), folded for matching."""
    raw = parse_yaml(lexicon_path("task_cues.yaml").read_text(encoding="utf-8"))
    folded = {k: [fold(c) for c in v] for k, v in raw.items() if isinstance(v, list)}
    folded["roles"] = {r: [fold(c) for c in v] for r, v in raw["roles"].items()}
    # tense words keep their marks: folded, "đang" would also be the "Đảng" of "Đảng ủy" and
    # the surname "Đặng" of a person named after a body
    folded["tense_marked"] = [c.lower() for c in raw["narrative_tense"]]
    # a clause that opens with a role has no subject of its own ("- Chủ trì, ...")
    folded["opening_roles"] = [c for v in folded["roles"].values() for c in v]
    return folded


class _Spans:
    """Items with ``start``/``end`` sorted by start, looked up by range (binary search):
    each lookup costs the items it returns, not all the notice's items."""

    def __init__(self, items) -> None:
        items = list(items)
        starts = [i.start for i in items]
        if any(a > b for a, b in zip(starts, starts[1:], strict=False)):
            items.sort(key=lambda i: i.start)
            starts = [i.start for i in items]
        self.items, self.starts = items, starts

    def starting(self, lo: int, hi: int) -> list:
        """Items with ``lo <= start < hi``, in order."""
        a = bisect.bisect_left(self.starts, lo)
        return self.items[a : bisect.bisect_left(self.starts, hi, a)]

    def within(self, lo: int, hi: int) -> list:
        """Items with ``lo <= start`` and ``end <= hi``, in order."""
        return [i for i in self.starting(lo, hi + 1) if i.end <= hi]


@dataclass
class _Notice:
    """What every item of one notice reads: its text folded once, its extractions
    indexed once (so the work per item does not grow with the notice)."""

    text: str
    sections: list[Section]
    agencies: _Spans
    deadlines: _Spans
    legal_refs: _Spans
    folded: str = ""
    by_path: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        folded = fold(self.text)
        folded = folded if len(folded) == len(self.text) else self.text.lower()
        # a long aside in brackets describes a body and gives it no role: "Bộ Kế hoạch và
        # Đầu tư (cơ quan chủ trì xây dựng nghị quyết) tổng hợp ..." (a short one may:
        # "Sở Tài chính (chủ trì), Sở Xây dựng (phối hợp)")
        self.folded = _ASIDE.sub(_blank_long_aside, folded)
        self.by_path = {s.path: s for s in self.sections}
        self._breaks: dict[int, int] = {}

    def first_break(self, pos: int) -> int:
        """Offset of the first line break at or after ``pos`` (the text's end when
        there is none)."""
        if pos not in self._breaks:
            found = self.text.find("\n", pos)
            self._breaks[pos] = len(self.text) if found < 0 else found
        return self._breaks[pos]


def extract_tasks(
    text: str,
    sections: list[Section],
    agencies: list[AgencyMention],
    deadlines: list[Deadline],
    legal_refs: list[LegalRef],
    body_end: int | None = None,
) -> list[Task]:
    """Every directive in ``text`` (offsets into it), in document order."""
    body_end = len(text) if body_end is None else body_end
    start = _conclusions_start(text, body_end)
    marked = start > 0  # the notice says where its conclusions begin
    blocks = _addressee_blocks(text)
    agencies = [a for a in agencies if not any(lo <= a.start < hi for lo, hi in blocks)]
    doc = _Notice(
        text, sections, _Spans(agencies), _Spans(deadlines), _Spans(legal_refs)
    )
    tasks: list[Task] = []
    for item_start, item_end, section in _items(text, sections, start, body_end):
        if section is not None and section.kind not in TASK_KINDS:
            continue
        heading_agencies = _heading_assignees(doc, section)
        tasks += _item_tasks(
            doc, item_start, item_end, section, heading_agencies, marked
        )
    return _unrepeated([t for t in tasks if not _directing_line(text, t)])


def _directing_line(text: str, t: Task) -> bool:
    """The task is a directing line's own words ("Đảng ủy UBND tỉnh lãnh đạo, chỉ đạo:"):
    its items are the tasks."""
    action = fold(t.action).strip(" ,.:")
    after = text[t.end : t.end + 3].lstrip(" ")
    return action in cues()["chain_verbs"] and (t.surface.rstrip().endswith(":") or after[:1] == ":")


def _unrepeated(tasks: list[Task]) -> list[Task]:
    """A web page repeats its directive (as the headline, the summary, a photo caption, the
    lead paragraph), in the same words or nearly: a later task with the same assignees whose
    work mostly restates an earlier one's is that task; the one with a deadline is kept.
    "Mostly": limits.yaml restated_share of the word trigrams of the shorter action, its
    assignees' names left out (two tasks of one notice to the same bodies share those and
    the role words, not their work)."""
    out: list[Task] = []
    grams: list[frozenset] = []
    for t in tasks:
        mine = _work_trigrams(t)
        same = next(
            (i for i, o in enumerate(out) if o.assignees == t.assignees and _restates(mine, grams[i])),
            None,
        )
        if same is None:
            out.append(t)
            grams.append(mine)
        elif t.deadline and not out[same].deadline:
            out[same], grams[same] = t, mine
    return out


def _work_trigrams(t: Task) -> frozenset:
    names = {w for a in t.assignees for w in _WORD.findall(fold(a.agency))}
    words = [w for w in _WORD.findall(fold(t.action)) if w not in names]
    return frozenset(zip(words, words[1:], words[2:])) or frozenset([tuple(words)])


_WORD = re.compile(r"\w+")


def _restates(a: frozenset, b: frozenset) -> bool:
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & big) >= _restated_share() * len(small)


@functools.cache
def _restated_share() -> float:
    return float(limits()["restated_share"])


def _addressee_blocks(text: str) -> list[tuple[int, int]]:
    """The spans of a letter's addressee block ("Kính gửi: - Bộ A; - Sở B;", task_cues.yaml
    addressee_openers): the opener's line and the list lines after it. The bodies there are
    whom the letter is sent to, not the subjects of its directives."""
    out = []
    for m in _addressee_regex().finditer(text):
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        while end < len(text):
            nxt = text.find("\n", end + 1)
            nxt = len(text) if nxt < 0 else nxt
            if not text[end + 1 : nxt].lstrip().startswith(("-", "+", "•")):
                break
            end = nxt
        out.append((m.start(), end))
    return out


@functools.lru_cache(maxsize=1)
def _addressee_regex() -> re.Pattern:
    words = "|".join(re.escape(w) for w in lexicons_raw()["addressee_openers"])
    return re.compile(rf"(?<!\w)(?i:{words})(?!\w)")


@functools.lru_cache(maxsize=1)
def lexicons_raw() -> dict:
    """The task lexicon as written (not folded), for phrases matched on the printed text."""
    return parse_yaml(lexicon_path("task_cues.yaml").read_text(encoding="utf-8"))


def _conclusions_start(text: str, body_end: int) -> int:
    m = CONCLUSION_START.search(text, 0, body_end)
    return m.end() if m else 0


def _items(text: str, sections: list[Section], start: int, end: int):
    """(start, end, deepest section) pieces of the body between section boundaries."""
    cuts = sorted(
        {start, end}
        | {s.start for s in sections if start < s.start < end}
        | {s.end for s in sections if start < s.end < end}
    )
    for a, b in zip(cuts, cuts[1:], strict=False):
        yield a, b, section_at(sections, a)


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans of ``text[start:end]``: sentences, then "; " and inline labels."""
    from pipeline.extractors.sentences import split_sentences

    out = []
    for s, e in split_sentences(text, start, end):
        cut = s
        for m in CLAUSE_BREAK.finditer(text, s, e):
            out.append((cut, m.start()))
            cut = m.end()
        out.append((cut, e))
    return [(s, e) for s, e in out if e > s]


# the shared head of a list of units in a heading: "6. Ủy ban nhân dân các tỉnh| Quảng Ngãi, ..."
_UNIT_LIST_HEAD = re.compile(
    r"(?i:các)[ \t]+(?i:tỉnh|huyện|thành phố|thị xã|quận|xã|phường)[ \t:]*$"
)
# ... or with the head after the plural and the units before a colon: "3.5. Các đảng ủy xã,
# phường:| Chư Sê, Kbang:" (the bodies are listed after the first colon, the heading ends at
# the line's last); the head may stand before the plural: "UBND các xã, phường:| A, B:"
_PLURAL_LIST_HEAD = re.compile(
    r"(?i:các)[ \t]+(?:\w+[ \t]+){0,4}?(?i:xã|phường|đặc khu|huyện|tỉnh)"
    r"(?:[ \t]*,[ \t]*(?i:xã|phường|đặc khu|huyện|tỉnh)){0,3}[ \t]*:[ \t]*$"
)


@dataclass(frozen=True)
class _Heading:
    """The assignees a heading names for the items under it: "3.1. Sở Tài chính:", or
    with roles, "3. Sở A chủ trì, phối hợp với Sở B:" (A leads, B coordinates, in each
    item)."""

    subject: tuple = ()
    role: str | None = None
    coordinators: tuple = ()
    # "3.1. Đảng ủy UBND tỉnh lãnh đạo, chỉ đạo:" — the heading's body directs the bodies its
    # items name: it joins each item's task (implement) rather than replacing their subject
    directs: bool = False

    @property
    def named(self) -> tuple:
        return self.subject + self.coordinators


def _heading_assignees(doc: _Notice, section) -> _Heading:
    """The heading of ``section`` or of an ancestor that names assignees."""
    text, by_path, first = doc.text, doc.by_path, section
    while section is not None:
        line_end = text.find("\n", section.start)
        line_end = section.end if line_end < 0 else min(line_end, section.end)
        head_end = text.find(":", section.start, line_end)
        head_end = line_end if head_end < 0 else head_end
        listed = None
        if head_end < line_end and text[head_end + 1 : line_end].rstrip().endswith(":"):
            listed = _PLURAL_LIST_HEAD.search(text, section.start, head_end + 1)
            if listed:  # "Các đảng ủy xã, phường: A, B:": the heading runs to the last colon
                head_end = text.rindex(":", head_end + 1, line_end)
        inside = doc.agencies.within(section.start, head_end)
        named = sum(a.end - a.start for a in inside)
        label_len = len(section.label) + 3
        if inside and (
            _UNIT_LIST_HEAD.search(text, section.start, inside[0].start)
            or (listed and listed.end() <= inside[0].start)
        ):
            named += (
                inside[0].start - section.start - label_len
            )  # "UBND các tỉnh A, B:"
        if inside and head_end < line_end and (directing := _directing_heading(doc, inside, head_end)):
            return _Heading(tuple(directing), "implement", (), True)
        if inside and head_end < line_end:  # "3. Sở A chủ trì, phối hợp với Sở B ...:"
            folded = doc.folded
            found = _find_subject(text, folded, section.start, head_end, inside, True)
            if found and found[1] == "lead":
                coord = _coordinators(text, folded, found[2], head_end, inside)
                return _Heading(tuple(found[0]), "lead", tuple(coord))
        if inside and named >= 0.6 * max(1, head_end - section.start - label_len):
            return _Heading(tuple(inside))
        section = by_path.get(section.parent) if section.parent else None
    if first is None:
        return _Heading()
    dashed = _dash_list_heading(doc, first)
    return dashed if dashed.subject else _numbered_list_heading(doc, first)


def _dash_list_heading(doc: _Notice, section) -> _Heading:
    """A dashed item under an unnumbered directing line ("Đảng ủy UBND tỉnh lãnh đạo, chỉ
    đạo:" then "- ..." lines): the line's bodies direct the item, as a numbered heading's."""
    text = doc.text
    if not text.startswith(("-", "–", "+"), section.start):
        return _Heading()
    end = section.start - 1
    for _ in range(60):  # back over the dashed items before this one (and blank lines)
        line_start = text.rfind("\n", 0, max(end, 0)) + 1
        line = text[line_start:end].strip()
        if line and not line.startswith(("-", "–", "+")):
            break
        end = line_start - 1
    else:
        return _Heading()
    colon = text.rfind(":", line_start, max(end, line_start))
    if colon < 0 or text[colon + 1 : end].strip():
        return _Heading()
    inside = doc.agencies.within(line_start, colon)
    directing = _directing_heading(doc, inside, colon) if inside else []
    if directing:
        return _Heading(tuple(directing), "implement", (), True)
    handed = _handed_heading(doc, inside, line_start, colon)
    return _Heading(tuple(handed)) if handed else _Heading()


def _handed_heading(doc: _Notice, inside: list, line_start: int, colon: int) -> list:
    """The bodies a prose line hands the items under it, when it ends with them and a
    colon ("Ủy ban nhân dân tỉnh giao Ban Quản lý dự án tỉnh:" then "1. ...", "- ..."),
    else []: each item is their task."""
    folded = doc.folded
    for i, m in enumerate(inside):
        if not _DISPATCHED.search(folded, line_start, m.start):
            continue
        run = _subject_run(doc.text, folded, inside, i)
        if not folded[run[-1].end : colon].strip(" ,"):
            return run
    return []


# a colon closing a line, then the first item of a list on a following line
_LIST_AFTER_COLON = re.compile(r"[ \t]*:[ \t]*\n\s*(?:[-–+]|\d{1,2}[.)])\s")


def _heads_a_list(text: str, after: int) -> bool:
    """The subject found ends its line with a colon and a list follows: the line is the
    list's heading (``_handed_heading``), not a task of its own."""
    return bool(_LIST_AFTER_COLON.match(text, after))


def _paragraph_start(text: str, pos: int) -> bool:
    return text[max(0, pos - 40) : pos].rstrip(" \t").endswith("\n")


def _opens_with_verb(folded: str, cs: int, ce: int) -> bool:
    """The clause opens (after a list label) with a role, an action or a directing verb."""
    label = LEAD_LABEL.match(folded, cs, ce)
    at = _skip(folded, label.end() if label else cs, cues()["adverbs"])
    c = cues()
    return _starts_with_any(folded, at, c["opening_roles"] + c["actions"] + c["chain_verbs"]) is not None


def _heads_paragraphs(text: str, folded: str, after: int) -> bool:
    """The subject found ends its line with a colon and the next paragraph opens with a
    verb, no body of its own before it ("... giao Đảng ủy A:" then "Chỉ đạo ...", "Chủ trì
    ..."): the line heads the paragraphs after it."""
    m = re.match(r"[ \t]*:[ \t]*\n\s*", text[after : after + 200])
    if not m:
        return False
    nxt = after + m.end()
    line_end = text.find("\n", nxt)
    return text[nxt : nxt + 1].isupper() and _opens_with_verb(
        folded, nxt, len(text) if line_end < 0 else line_end
    )


def _numbered_list_heading(doc: _Notice, section) -> _Heading:
    """A top-level numbered item whose list follows a prose line that hands it to bodies
    ("... giao Ban A:" then "1. ...", "2. ..."): those bodies, as for a dashed item."""
    if section.parent or not section.label[:1].isdigit():
        return _Heading()
    first = section
    for s in sorted(doc.sections, key=lambda s: s.start, reverse=True):
        if s.parent or s.start >= first.start:
            continue
        if doc.text[s.end : first.start].strip():
            break
        first = s
    line_end = first.start - 1
    while line_end > 0 and doc.text[line_end - 1] in " \t\n":
        line_end -= 1
    line_start = doc.text.rfind("\n", 0, line_end) + 1
    if not doc.text.startswith(":", line_end - 1) or line_end <= line_start:
        return _Heading()
    colon = line_end - 1
    handed = _handed_heading(doc, doc.agencies.within(line_start, colon), line_start, colon)
    return _Heading(tuple(handed)) if handed else _Heading()


def _directing_heading(doc: _Notice, inside: list, head_end: int) -> list:
    """The bodies of a heading that is only they and a chain verb before its colon ("Đảng ủy
    UBND tỉnh lãnh đạo, chỉ đạo:", task_cues.yaml chain_verbs), else []. Bodies that hand
    them the heading go before them ("Ban Thường vụ Tỉnh ủy giao Đảng ủy UBND tỉnh lãnh đạo,
    chỉ đạo:", task_cues.yaml directing): the bodies handed it direct the items."""
    folded, first = doc.folded, 0
    while True:
        run = _subject_run(doc.text, folded, inside, first)
        rest = folded[run[-1].end : head_end].strip(" ,")
        if rest in cues()["chain_verbs"]:
            return run
        first += len(run)
        if first >= len(inside):
            return []
        if folded[run[-1].end : inside[first].start].strip(" ,") not in cues()["directing"]:
            return []


def _skip(folded: str, pos: int, phrases: list[str]) -> int:
    """Advance ``pos`` over spaces, commas and any of ``phrases``."""
    moved = True
    while moved:
        moved = False
        while pos < len(folded) and folded[pos] in " ,:-–":
            pos += 1
        for p in phrases:
            if folded.startswith(p, pos) and (
                pos + len(p) == len(folded) or not folded[pos + len(p)].isalnum()
            ):
                pos += len(p)
                moved = True
                break
    return pos


def _opens_with(folded: str, cs: int, ce: int, phrases: list[str]) -> bool:
    """The clause opens (after its list label) with one of ``phrases`` as a word, not
    with a name that starts like one ("Giao thông ...": task_cues.yaml directing_not)."""
    label = LEAD_LABEL.match(folded, cs, ce)
    pos = _skip(folded, label.end() if label else cs, [])
    return any(folded.startswith(p + " ", pos) for p in phrases) and not any(
        folded.startswith(n, pos) for n in cues()["directing_not"]
    )


def _starts_with_any(folded: str, pos: int, phrases: list[str]) -> str | None:
    for p in phrases:
        if folded.startswith(p, pos):
            return p
    return None


def _role_after(folded: str, pos: int, clause: str) -> str | None:
    """The role the words at ``pos`` give the subject before them, or None."""
    c = cues()
    pos = _skip(folded, pos, c["adverbs"])
    if "chu tri" in clause:
        return (
            "lead"
            if _starts_with_any(
                folded,
                pos,
                c["roles"]["lead"]
                + c["actions"]
                + c["roles"]["advise"]
                + c["roles"]["monitor"]
                + c["roles"]["coordinate"],
            )
            else None
        )
    pos = _past_bare_coordinate(folded, pos)
    for role in ("advise", "monitor"):
        if _starts_with_any(folded, pos, c["roles"][role]):
            return role
    if _starts_with_any(folded, pos, c["roles"]["coordinate"] + c["actions"]):
        return "implement"
    return None


def _joins_lead(text: str, folded: str, cs: int, after: int, before: list) -> bool:
    """A clause after a semicolon whose subject "phối hợp" with no partner named, in the
    sentence of a body that leads ("Trung tâm A chủ trì ...; các xã B, C phối hợp, bàn giao
    ..."), or after a comma ("Công an tỉnh chủ trì, Bộ Chỉ huy Quân sự tỉnh phối hợp tổ
    chức diễn tập"): the subject coordinates with that lead (task_cues.yaml: bare_coordinate)."""
    if before[3] != "lead" or not text[before[0] : cs].rstrip().endswith((";", ",")):
        return False
    if "\n" in text[before[0] : cs]:
        return False
    c = cues()
    pos = _skip(folded, after, c["adverbs"])
    bare = _starts_with_any(folded, pos, c["bare_coordinate"])
    if not bare:
        return False
    rest = _skip(folded, pos + len(bare), ["va"])
    return not _starts_with_any(
        folded, rest, c["coordinate_partners"] + c["roles"]["advise"] + c["roles"]["monitor"]
    )


def _past_bare_coordinate(folded: str, pos: int) -> int:
    """Past a coordinate cue with no partner when an advise or monitor cue follows it
    ("phối hợp, tham mưu ...": task_cues.yaml bare_coordinate), else ``pos``."""
    c = cues()
    bare = _starts_with_any(folded, pos, c["bare_coordinate"])
    if not bare:
        return pos
    after = _skip(folded, pos + len(bare), ["va"])  # "phối hợp, tham mưu", "phối hợp và theo dõi"
    if _starts_with_any(folded, after, c["coordinate_partners"]):
        return pos
    told = _starts_with_any(folded, after, c["roles"]["advise"] + c["roles"]["monitor"])
    return after if told else pos


# what may stand between two agencies of one list: "và", "các", "UBND các huyện", ","
class _ListGap:
    """What may stand between two agencies of one list: "và", "các", "UBND các huyện",
    the unit words of communes and wards ("UBND các phường A, B| và các xã| C, D"), "có
    liên quan" after a collective (task_cues.yaml: list_gap_words) and the title of a body's
    head, who stands for the body in a list of those who act
    ("Giám đốc Sở A,| Chủ tịch| UBND huyện B chịu trách nhiệm thi hành ...";
    task_cues.yaml: list_head_titles)."""

    @functools.cached_property
    def _rx(self) -> re.Pattern:
        words = cues()["list_gap_words"] + cues()["list_head_titles"]
        alt = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
        return re.compile(rf"(?:(?:{alt})(?!\w)[ ,;:]*)+")

    def fullmatch(self, gap: str):
        return self._rx.fullmatch(gap)


LIST_GAP = _ListGap()


# the members of a body: "các cơ quan thành viên Ban Chỉ đạo tỉnh" is a collective
_MEMBERS_OF = re.compile(r"(?:cac\s+)?(?:co quan|don vi)?\s*thanh vien$")


# the bracket of a list of two or more bodies closes after the last, or after a few more
# words of its name ("..., Xí nghiệp Trắc địa| và bản đồ 201)")
_BRACKET_CLOSES = re.compile(r"[^,;()\n]{0,30}\)")
# a collective's qualifier of one to three lower-case words, then the list's comma
_QUALIFIED_COLLECTIVE = re.compile(r"(?:[ \t]+[^\W\d_A-ZĐ]\w*){1,3}[ \t]*,[ \t]*")


@functools.cache
def _verbs() -> list[str]:
    """Every role cue and action (a qualifier that starts with one is a predicate)."""
    c = cues()
    return sorted({*c["actions"], *c["opening_roles"], *c["dispatch"]}, key=len, reverse=True)


# a collective's few words, then the bracket that names its members
_MEMBERS_IN_BRACKETS = re.compile(r"(?:[ \t]+[^\W\d_A-ZĐ]\w*){0,3}[ \t]*\([ \t]*")


def _subject_run(
    text: str, folded: str, cands: list[AgencyMention], first: int
) -> list:
    """The agencies listed together from ``cands[first]`` ("Sở A, Sở B và UBND huyện C")."""
    run = [cands[first]]
    opened = 0  # the run's length where brackets naming the units of a body open
    last_end = run[-1].end
    for nxt in cands[first + 1 :]:
        if (
            nxt.canonical == run[-1].canonical
            and text[run[-1].end : nxt.start].strip() == "("
            and text[nxt.end : nxt.end + 2].strip().startswith(")")
        ):
            # "Tập đoàn Dầu khí Việt Nam (PVN) và Tổng công ty B": the body's abbreviation
            # in brackets is the body again; the list goes on after it
            last_end = text.index(")", nxt.end) + 1
            continue
        gap = folded[last_end : nxt.start].strip(" ,;:")
        rest = _MEMBERS_OF.sub("", gap).strip(" ,;:")
        if _MEMBERS_OF.search(gap) and (not rest or LIST_GAP.fullmatch(rest)):
            # "... các đơn vị thành viên| Ban Chỉ đạo X; Sở Y ...": X's members are a
            # collective, not X itself; the list of subjects goes on after X
            last_end = nxt.end
            continue
        if (
            run[-1].kind == "collective"
            and _QUALIFIED_COLLECTIVE.fullmatch(text, run[-1].end, nxt.start)
            and not _starts_with_any(folded, last_end + 1, _verbs())
        ):
            pass  # "UBND các xã, phường| ven biển, |Đài A": the collective's qualifier
        elif not opened and text[run[-1].end : nxt.start].strip() == "(":
            opened = len(run)  # "Văn phòng UBND tỉnh (Ban Tiếp công dân, Trung tâm ...)"
        elif (
            not opened
            and len(run) == 1
            and run[0].kind == "collective"
            and _MEMBERS_IN_BRACKETS.fullmatch(text, run[0].end, nxt.start)
        ):
            # "các đơn vị thi công (Trung tâm A, Xí nghiệp B)": the bodies in the brackets
            # are the collective's members, named; the list is theirs
            opened = len(run)
        elif not gap or LIST_GAP.fullmatch(gap):
            pass
        else:
            break
        run.append(nxt)
        last_end = nxt.end
    closes = text[run[-1].end : run[-1].end + 2].strip().startswith(")") or (
        len(run) - opened >= 2 and _BRACKET_CLOSES.match(text, run[-1].end)
    )
    if opened and not closes:
        run = run[:opened]  # "Bộ Công an (Trung tâm Dữ liệu về dân cư)": not only bodies
    return run


def _is_object(folded: str, clause_start: int, mention: AgencyMention) -> bool:
    before = folded[clause_start : mention.start].rstrip(" ,")
    # through the shared head of a list: "với UBND các huyện, thị xã: Cam Lâm, ..."
    head = _LIST_HEAD_BEFORE.search(before)
    before = before[: head.start()].rstrip(" ,") if head else before
    comma = folded[clause_start : mention.start].rstrip(" ").endswith(",")
    return any(
        before.endswith(m) and not (comma and m in cues()["markers_not_before_comma"])
        for m in cues()["object_markers"]
    )


# the shared head of a list of places or fields at the end of the text before its first item
_LIST_HEAD_BEFORE = re.compile(
    r"(?:ubnd|uy ban nhan dan|so|phong)?\s*cac\s+(?:huyen|thi xa|thanh pho|quan|xa|phuong|so|nganh)"
    r"(?:\s*,\s*(?:huyen|thi xa|thanh pho|quan|xa|phuong|nganh))?\s*:?$"
)


# words that may precede the first assignee of a clause: titles and the heads of
# elliptical lists ("Giám đốc Sở ...", "UBND các huyện Việt Yên, Yên Dũng ...")
LEAD_WORDS = [
    "giam doc",
    "thu truong",
    "chu tich",
    "lanh dao",
    "nguoi dung dau",
    "cac",
    "ubnd",
    "uy ban nhan dan",
    "tinh",
    "huyen",
    "thi xa",
    "thanh pho",
    "quan",
    "xa",
    "phuong",
    "so",
    "phong",
    "ban",
]


# the body whose chair concludes: "Chủ tịch UBND tỉnh yêu cầu ..." gives no task to UBND tỉnh
CHAIR_BODIES = {
    "Ủy ban nhân dân tỉnh",
    "Ủy ban nhân dân thành phố",
    "Ủy ban nhân dân huyện",
    "Tỉnh ủy",
    "Thành ủy",
    "Huyện ủy",
    "Ban Thường vụ Tỉnh ủy",
}
CHAIR_TITLE = re.compile(r"(?:chu tich|bi thu)\s*$")


def _is_chair(folded: str, cs: int, m: AgencyMention, cands=()) -> bool:
    body = m.canonical
    # "Chủ tịch UBND tỉnh An Giang ..." in a report that names its own province; a chair
    # who is handed the task ("yêu cầu Chủ tịch UBND huyện X kiểm tra ...") names the body
    # that carries it, and so does one listed after another body's head ("Giám đốc Sở A,
    # Chủ tịch UBND huyện B chịu trách nhiệm thi hành ..."), unless it directs ("Phó Bí thư
    # Tỉnh ủy, Bí thư Thành ủy X yêu cầu ...": one person's titles)
    return (
        any(body == b or body.startswith(b + " ") for b in CHAIR_BODIES)
        and bool(CHAIR_TITLE.search(folded[cs : m.start]))
        and not _DISPATCHED.search(folded, cs, m.start)
        and not (_listed_after_body(folded, cs, m, cands) and not _directs(folded, m.end))
    )


def _listed_after_body(folded: str, cs: int, m: AgencyMention, cands) -> bool:
    """``m`` follows another body of ``cands`` across a list separator and list words
    only (a comma, semicolon or "và", and LIST_GAP's words: a head's title among them)."""
    before = [c for c in cands if cs <= c.start and c.end <= m.start]
    if not before:
        return False
    prev = before[-1]
    if CHAIR_TITLE.search(folded[cs : prev.start]) and any(
        prev.canonical == b or prev.canonical.startswith(b + " ") for b in CHAIR_BODIES
    ):
        return False  # "Phó Bí thư Tỉnh ủy, Bí thư Thành ủy X chủ trì": one person's titles
    gap = folded[prev.end : m.start]
    return bool(re.match(r"\s*(?:[,;]|va\s)", gap)) and bool(
        LIST_GAP.fullmatch(gap.strip(" ,;:") or "va")
    )


@functools.lru_cache(maxsize=1)
def _letter_regex() -> re.Pattern:
    """ "có văn bản số 73/UBND-ĐT ngày 4/1/2021 " on the folded text (task_cues.yaml:
    directing_letters)."""
    words = "|".join(re.escape(w) for w in sorted(cues()["directing_letters"], key=len, reverse=True))
    return re.compile(
        rf"(?:{words})(?:\s+so\s*\S+)?(?:\s*,?\s*ngay\s+\d{{1,2}}[/.-]\d{{1,2}}(?:[/.-]\d{{4}})?)?"
        r"\s*,?\s*(?:chi dao\s*,?\s*)?"
    )


def _directs(folded: str, end: int) -> bool:
    """The body ending at ``end`` hands a task on ("UBND tỉnh yêu cầu ...", "Bộ Tài chính
    đề nghị ..."): the verb after it is a directing one (task_cues.yaml: directing)."""
    c = cues()
    pos, moved = end, True
    while moved:  # spaces and adverbs, not commas: "Sở A, Giao thông ..." is a list
        pos += len(folded[pos:]) - len(folded[pos:].lstrip(" "))
        word = _starts_with_any(folded, pos, c["directing_adverbs"])
        moved = word is not None and folded[pos + len(word) : pos + len(word) + 1] == " "
        pos += len(word) if moved else 0
    letter = _letter_regex().match(folded, pos)
    if letter and "chi dao" in letter.group(0):  # "có văn bản ... chỉ đạo, UBND huyện A ..."
        return True
    pos = letter.end() if letter else pos
    return not _starts_with_any(folded, pos, c["directing_not"]) and any(
        folded.startswith(v, pos) and not folded[pos + len(v) : pos + len(v) + 1].isalnum()
        for v in c["directing"]
    )


def _narrative_opening(folded: str, pos: int) -> bool:
    """The clause opens with a time or a scene ("Ngày 20/8, ...", "Tại cuộc họp, ..."),
    after a saved page's date field ("date 2025-08-20 ") and a newspaper's source tag
    ("(KGO) - ", "ĐNO - ")."""
    c = cues()
    stamp = _PAGE_DATE.match(folded, pos)
    pos = stamp.end() if stamp else pos
    tag = _SOURCE_TAG.match(folded, pos)
    pos = tag.end() if tag else pos
    if _starts_with_any(folded, pos, c["narrative_openers"]):
        return True
    time = _starts_with_any(folded, pos, c["narrative_times"])
    if time is None:
        return False
    pos = _skip(folded, pos + len(time), ["ngay"])
    return bool(re.match(r"\d{1,2}\s*[/.-]\s*\d{1,2}", folded[pos : pos + 12]))


# a saved web page's date field before its first sentence: "date 2025-08-20 Ngày 20/8, ..."
# (pipeline.extractors.dates reads the same field as the report's date)
_PAGE_DATE = re.compile(r"\s*date[ \t]+(?:19|20)\d\d-\d\d(?:-\d\d)?[ \t]+")
# a newspaper's source tag before its first sentence: "(KGO) - ", "ĐNO- ", "GD&TĐ - "
_SOURCE_TAG = re.compile(r"(?:\([^()\s]{2,12}\)|[a-z&]{2,8})\s*[-–]\s*")


@functools.lru_cache(maxsize=1)
def _credit_regex() -> re.Pattern:
    words = "|".join(re.escape(w) for w in cues()["photo_credits"])
    return re.compile(rf"(?<![\w])(?:{words})[ \t]*:")


def _caption(folded: str, cs: int) -> bool:
    """The clause is on a line with a photo credit ("... tặng hoa chúc mừng (Ảnh: Đức
    Hiền)."): a caption, which tells what the photo shows (task_cues.yaml: photo_credits)."""
    line_start = folded.rfind("\n", 0, cs) + 1
    line_end = folded.find("\n", cs)
    return bool(_credit_regex().search(folded, line_start, line_end if line_end >= 0 else len(folded)))


def _headline(text: str, cs: int, ce: int) -> bool:
    """A line of its own with no sentence end, not an item: a report's headline or a
    photo caption ("Ban Chỉ đạo tỉnh kiểm tra chốt kiểm soát"), which tells an event."""
    line_start = text.rfind("\n", 0, cs) + 1
    line_end = text.find("\n", ce)
    if line_end < 0:
        return False  # the last line: a text cut mid-sentence, not a headline
    line = text[line_start:line_end].strip()
    return (
        0 < len(line) <= 160  # longer is a paragraph
        and not text[line_start:cs].strip()
        and line[-1] not in ".;:!?…"
        and LEAD_LABEL.match(line) is None
        and not line.startswith(("-", "+", "•", "*"))
    )


# a place in brackets after a body, as reports print it: "UBND huyện A (Gia Lai) vừa ..."
_PLACE_ASIDE = re.compile(r"\([^()\n]{1,30}\) ")


def _narrated(text: str, folded: str, end: int, issuing: bool = False) -> bool:
    """A tense word right after the body ("UBND tỉnh đã ban hành ..."), or (``issuing``)
    an issuing verb ("Văn phòng Chính phủ ban hành Thông báo ...") or a decision on what
    others submitted ("UBND tỉnh thống nhất tờ trình ...")."""
    # spaces only: after a comma comes the next body of a list, and "Đảng ủy" folds to the
    # tense word "đang"
    pos = end + len(folded[end:]) - len(folded[end:].lstrip(" "))
    if aside := _PLACE_ASIDE.match(folded, pos):
        pos = aside.end()  # "Ban Thường vụ Huyện ủy Đông Sơn (Thanh Hóa) vừa kết luận ..."
    if len(text) == len(folded):  # NFC text folds character by character
        if any(text[pos : pos + len(w) + 1].lower() == w + " " for w in cues()["tense_marked"]):
            return True
    elif any(folded.startswith(w + " ", pos) for w in cues()["narrative_tense"]):
        return True
    words = cues()["narrative_issuing"] if issuing else []
    if any(folded.startswith(w + " ", pos) for w in words):
        return True
    if not issuing:
        return False
    # "UBND tỉnh đồng ý với tờ trình của Sở A": a decision on a submission
    for also in cues()["narrative_also"]:
        if folded.startswith(also + " ", pos):
            pos += len(also) + 1
    return any(folded.startswith(w + " ", pos) for w in cues()["narrative_decisions"])


@functools.lru_cache(maxsize=1)
def _dispatch_word() -> re.Pattern:
    """Any dispatch word (task_cues.yaml: dispatch) as a whole word, compiled once."""
    words = "|".join(re.escape(d) for d in sorted(cues()["dispatch"], key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)")


def _find_subject(text, folded, cs, ce, cands, lenient=False):
    """(subject mentions, role, position after the subject) of one clause, or None.

    ``lenient`` (inside task sections): an agency opening the clause is an assignee
    even when no role cue follows it ("Kho bạc Nhà nước tỉnh bảo đảm thanh toán ...").
    """
    c = cues()
    clause = folded[cs:ce]
    label = LEAD_LABEL.match(text, cs, ce)
    opening = label.end() if label else cs
    lead_in = _skip(folded, opening, c["dispatch"] + LEAD_WORDS)
    dispatched = lead_in > opening and bool(_dispatch_word().search(folded[opening:lead_in]))
    # a body handed a task that it relays ("giao Giám đốc Sở A yêu cầu các đơn vị khắc phục
    # ...") keeps it: it is told to see the work done; so does the body a letter is sent to,
    # when the letter's request follows it ("có văn bản gửi Ban A đề nghị đôn đốc ...": the
    # sender asks, the recipient is asked; r14-04, r13-08)
    cands = [
        m for m in cands
        if not _is_chair(folded, cs, m, cands)
        and (
            not _directs(folded, m.end)
            or _DISPATCHED.search(folded, cs, m.start)
            or _SENT_LETTER.search(folded, cs, m.start)
        )
    ]
    # "UBND tỉnh có ý kiến như sau: giao Sở A chủ trì ...": the body handed the task wins
    # over one before it that has no role of its own
    handed = next((i for i, m in enumerate(cands) if _dispatched(folded, cs, m)), None)
    narrative = not lenient and (
        _narrative_opening(folded, opening) or _headline(text, cs, ce) or _caption(folded, cs)
    )
    object_end = -1
    for i, m in enumerate(cands):
        if m.start < object_end:
            continue  # a later body of a list that is an object ("với UBND các huyện: A, B")
        told = narrative or _narrated(text, folded, m.end, issuing=not lenient)
        if told and not _dispatched(folded, cs, m) and not _handed_down(text, folded, cs, m, cands, clause):
            continue  # "Ngày 20/8, Sở A tổ chức ...", "Sở A đã ban hành ...": an event
        if handed is not None and i < handed and _role_after(
            folded, _subject_run(text, folded, cands, i)[-1].end, clause
        ) is None:
            continue
        if _person_reports(text, folded, opening, m):
            continue  # "Đồng chí Nguyễn A, Giám đốc Sở Y tế báo cáo ...": what was said
        if not _dispatched(folded, cs, m) and _titled_person(text, folded, cs, m):
            continue  # "Thứ trưởng Bộ A Lê Văn B phát biểu ...": the person speaks
        if _dispatched(folded, cs, m):  # "..., giao Sở Tài chính xem xét, tham mưu ..."
            run = _subject_run(text, folded, cands, i)
            if _letter_topic(folded, cs, m, run[-1].end, clause):
                continue  # "có công văn gửi Sở A, Sở B về đề cương ...": what it is about
            role = _first_role_cue(folded, run[-1].end, ce) or "implement"
            if (
                role == "monitor"
                and _SENT_LETTER.search(folded, cs, m.start)
                and _starts_with_any(folded, _skip(folded, run[-1].end, []), cues()["roles"]["monitor"])
            ):
                # "có công văn gửi Sở A, đôn đốc việc rà soát": the letter urges A, who does
                # the work ("gửi Ban A đề nghị đôn đốc nhà thầu ...": A is asked to urge)
                role = "implement"
            return run, role, run[-1].end
        if _is_object(folded, cs, m) and not opening <= m.start <= lead_in:
            object_end = _subject_run(text, folded, cands, i)[-1].end
            continue
        run = _subject_run(text, folded, cands, i)
        role = _role_after(folded, run[-1].end, clause)
        if role is None and opening <= m.start <= lead_in and dispatched:
            role = "lead" if "chu tri" in clause else "implement"  # "Giao Sở X ..."
        if role is None and opening <= m.start <= lead_in:
            role = _first_role_cue(
                folded, run[-1].end, ce
            )  # "Sở X căn cứ ... tham mưu"
            role = role or ("implement" if lenient else None)
        if role is not None:
            return run, role, run[-1].end
    return None


@functools.cache
def _title_before_regex() -> re.Pattern:
    titles = "|".join(re.escape(t) for t in sorted(cues()["person_titles"], key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{titles})\s+$")


# a family name and two more capitalised words: "Lê Minh Ngân"
_PERSON_NAME = re.compile(r"[ \t]+(\w+)[ \t]+[A-ZĐÀ-Ỹ]\w*[ \t]+[A-ZĐÀ-Ỹ]\w*")


def _titled_person(text: str, folded: str, cs: int, m: AgencyMention) -> bool:
    """``m`` is inside a person's title with the name after it ("Thứ trưởng Bộ A Lê Văn B
    ...", task_cues.yaml: person_titles)."""
    name = _PERSON_NAME.match(text, m.end)
    return (
        name is not None
        and name.group(1) in _surnames()
        and bool(_title_before_regex().search(folded, max(cs, m.start - 30), m.start))
    )


def _handed_down(text, folded, cs, m, cands, clause) -> bool:
    """In a clause that tells an event, a body named right after a verb that hands the work
    down ("Ngày 2/4, Thứ trưởng có văn bản chỉ đạo Cục A chủ trì ...", task_cues.yaml:
    chain_handover) with a role or action of its own is handed the task, as after "yêu cầu";
    not when a tense word stands before the verb ("đã chỉ đạo": a past directive)."""
    before = folded[cs : m.start].rstrip(" ,:")
    verb = next((v for v in cues()["chain_handover"] if re.search(rf"(?<!\w){v}$", before)), None)
    if verb is None:
        return False
    ahead = before[: -len(verb)].rstrip().rsplit(" ", 1)[-1]
    if ahead in cues()["narrative_tense"]:
        return False
    run = _subject_run(text, folded, cands, cands.index(m))
    return _role_after(folded, run[-1].end, clause) is not None


@functools.cache
def _person_report_regexes() -> tuple[re.Pattern, re.Pattern]:
    c = cues()
    alt = lambda k: "|".join(map(re.escape, sorted(c[k], key=len, reverse=True)))  # noqa: E731
    return (
        re.compile(rf"(?:{alt('person_honorifics')})\s+(?P<name>\S)[^,;:]{{0,40}}[,–-]"),
        re.compile(rf"\s*(?:{alt('person_report_verbs')})(?!\w)"),
    )


def _person_reports(text: str, folded: str, opening: int, m: AgencyMention) -> bool:
    """The clause opens with a named person ("Đồng chí Nguyễn A, ..."), whose title names
    ``m``, and a reporting verb follows ``m``: an account of the meeting."""
    named, verb = _person_report_regexes()
    person = named.match(folded, opening)
    return (
        person is not None
        and person.end() <= m.start
        and text[person.start("name")].isupper()
        and not _dispatch_word().search(folded, person.end(), m.start)
        and verb.match(folded, m.end) is not None
    )


def _chain(text, folded, subject, role, after, ce, cands):
    """(subject, role, action start, monitors) once a chain "X lãnh đạo Y chỉ đạo Z chủ trì
    ..." is followed to its end: the task is Z's when a role cue of its own follows it, or
    when a handover verb names it and its own action follows ("X chỉ đạo Z rà soát": Z
    implements); either way the links before Z keep the task (implement); else it stays
    with the subject (task_cues.yaml: chain_verbs, chain_handover)."""
    current, links, monitors = subject, [], []
    while True:
        pos = _skip(folded, current[-1].end, [])
        verb = next(
            (v for v in cues()["chain_verbs"] if folded.startswith(v + " ", pos)), None
        )
        nxt = _skip(folded, pos + len(verb), []) if verb else -1
        i = next((k for k, m in enumerate(cands) if m.start == nxt), None)
        if i is None:
            return subject, role, after, monitors
        links += current
        current = _subject_run(text, folded, cands, i)
        own = _role_after(folded, current[-1].end, folded[current[-1].end : ce])
        if own not in (None, "implement"):
            subject, role, after = current, own, current[-1].end
            monitors = [m for m in links if m not in current]  # they lead and direct it
        elif (
            own == "implement"
            and verb in cues()["chain_handover"]
            and not any(m.kind == "collective" for m in current)
        ):
            subject, role, after = current, own, current[-1].end
            monitors = [m for m in links if m not in current]


@functools.lru_cache(maxsize=1)
def _role_cues() -> tuple[re.Pattern, list[tuple[str, re.Pattern]]]:
    """One regex for any role cue or action verb, and one per role in cue order."""
    c = cues()
    roles = [*c["roles"].items(), ("implement", c["actions"])]

    def word(phrases) -> str:
        alt = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
        return rf"(?<!\w)(?:{alt})(?!\w)"

    every = re.compile(word([p for _, phrases in roles for p in phrases]))
    return every, [(role, re.compile(word(phrases))) for role, phrases in roles]


# a quoted title or phrase, on one line: “...” or "..."
_QUOTED = re.compile(r'“[^”\n]{1,300}”|"[^"\n]{1,300}"')


def _first_role_cue(folded: str, start: int, end: int) -> str | None:
    """The role of the earliest role cue or action verb in ``folded[start:end]`` (on a
    tie, the role listed first in task_cues.yaml)."""
    every, by_role = _role_cues()
    clause = folded[start:end]
    quoted = [q.span() for q in _QUOTED.finditer(clause)]
    first = next(
        (c for c in every.finditer(clause) if not any(a < c.start() < b for a, b in quoted)),
        None,
    )  # a cue inside a quoted title is none ("có bài “Vận động dân ...” phản ánh ...")
    if first is None:
        return None
    past = _past_bare_coordinate(folded, start + first.start())
    first = every.search(clause, past - start) if past > start + first.start() else first
    role = next(r for r, rx in by_role if rx.match(clause, first.start()))
    if role == "coordinate" and (then := every.search(clause, first.end())):
        # "giao Sở A phối hợp với Sở B tham mưu ...": A's own verb after its partners
        # says its role (GUIDELINE: advise is "tham mưu" with no "chủ trì")
        role = "advise" if dict(by_role)["advise"].match(clause, then.start()) else role
    return (
        "lead"
        if "chu tri" in clause
        else ("implement" if role == "coordinate" else role)
    )


def _dispatched(folded: str, cs: int, m: AgencyMention) -> bool:
    """An agency right after "giao", "yêu cầu", "đề nghị" is handed the task, or one a
    matter is forwarded to for it to act ("chuyển ... đến Ban A để xử lý")."""
    return bool(
        _DISPATCHED.search(folded, cs, m.start)
        or _dispatched_list_regex().search(folded, cs, m.start)
        or _SENT_LETTER.search(folded, cs, m.start)
        or (
            folded[max(cs, m.start - 5) : m.start].rstrip().endswith(("den", "toi", "cac"))
            and _FOR_ACTION.match(folded, m.end)
            and _forwarded_regex().search(folded, max(cs, m.start - 120), m.start)
        )
    )


@functools.lru_cache(maxsize=1)
def _dispatched_list_regex() -> re.Pattern:
    """A dispatch word, then the shared head of a list of places ("đề nghị Đảng ủy các
    phường| A, B"; task_cues.yaml: dispatch_list_heads, coordinate_list_heads)."""
    c = cues()
    heads = "|".join(re.escape(h) for h in sorted(c["dispatch_list_heads"], key=len, reverse=True))
    units = "|".join(
        re.escape(u)
        for u in sorted(c["coordinate_list_heads"], key=len, reverse=True)
        if u not in c["dispatch_list_heads"] and u != "cac"
    )
    return re.compile(
        rf"(?<!\w)(?:yeu cau|de nghi)\s+(?:{heads})\s+cac\s+(?:{units})[ ,:]*$"
    )


@functools.lru_cache(maxsize=1)
def _forwarded_regex() -> re.Pattern:
    """ "chuyển nội dung nêu trên đến " right before a body (task_cues.yaml: forwarding);
    the words between are a bounded run without a sentence break."""
    verbs = "|".join(re.escape(v) for v in sorted(cues()["forwarding"], key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{verbs})\s[^.;:]{{0,100}}?\s(?:den|toi)\s+(?:cac\s+)?$")


# "để" and an action after the body a matter is forwarded to
_FOR_ACTION = re.compile(r"[^.;:]{0,60}?\bde\s+\w")


def _letter_topic(folded: str, cs: int, m: AgencyMention, end: int, clause: str) -> bool:
    """The bodies a letter was sent to, followed by what the letter is about rather than by
    what they must do (task_cues.yaml: letter_topic)."""
    if _DISPATCHED.search(folded, cs, m.start) or not _SENT_LETTER.search(folded, cs, m.start):
        return False
    pos = _skip(folded, end, [])
    return folded[pos : pos + 1] == ")" or (
        _starts_with_any(folded, pos, cues()["letter_topic"]) is not None
        and _role_after(folded, end, clause) is None
    )


# a letter sent to bodies asks them to act: "có công văn số 91-CV/TU gửi UBND thành phố,
# Sở A ... kiểm tra, xử lý"
_SENT_LETTER = re.compile(
    # "có / ban hành / phát hành / ký công văn ... gửi (gởi) ..." (the southern "gởi" folds to
    # "goi"; only after the letter's word, where it cannot be "gọi")
    r"(?:co|ban hanh|phat hanh|ky)\s+(?:cong van|van ban|cong dien)(?:\s+(?:hoa toc|khan))?"
    r"(?:\s+so\s*[^\s,;]+)?(?:\s+ngay\s+[\d/.-]+)?\s+(?:gui|goi)(?:\s+(?:den|toi|cho))?"
    r"[ :]*(?:cac[ ,:]+)?$"
)


# "giao", "yêu cầu", "đề nghị", "ủy quyền cho" right before a body, before the head of its list ("yêu
# cầu các sở: Xây dựng, ...", "đề nghị các cơ quan: ...") or before its head's title
# ("giao Giám đốc Sở Tài chính ...")
# ("giao ban" before a body is its briefing meeting: "cuộc họp giao ban Ban Chỉ đạo tỉnh")
_DISPATCHED = re.compile(
    r"(?<!\w)(?:giao(?!\s+ban\s)(?:\s+(?:trach nhiem|nhiem vu))?(?:\s+cho)?|yeu cau|de nghi"
    r"|uy quyen cho)"  # the delegate acts: "ủy quyền cho Sở A trao Bằng ..." (dispatch)
    # a deadline between the request and its body: "yêu cầu đến 30/5/2016 Sở Nội vụ phải ..."
    r"(?:\s+(?:truoc|den|cham nhat)(?:\s+ngay)?\s+\d[\d/.-]*\d,?)?"
    r"(?:[ ,:]+(?:cac|so|bo|nganh|phong|ban|don vi|co quan|giam doc|thu truong|chu tich"
    r"|lanh dao|nguoi dung dau|truong)(?!\w))*[ ,:]*$"
)


def _coordinators(text, folded, start, ce, cands) -> list[AgencyMention]:
    """The agencies right after "phối hợp (chặt chẽ) với" in the clause, or marked
    "(phối hợp)" after their name ("Sở A (chủ trì), Sở B (phối hợp) rà soát ...")."""
    marked = [m for m in cands if re.match(r"\s*\(\s*phoi hop\s*\)", folded[m.end : m.end + 16])]
    if marked:
        return marked
    at = folded.find("phoi hop", start, ce)
    if at < 0:
        return []
    # a collective may open the partners ("phối hợp với| các sở, ngành có liên quan và ...")
    bare = _skip(folded, at + len("phoi hop"), ["chat che", "voi", "cung"])
    pos = _skip(folded, bare, ["cac"])
    # or the head of an elliptical list: "phối hợp các Sở: Tài chính, Xây dựng"
    listed = _skip(folded, pos, ["so", "bo", "nganh", "co quan", "don vi", "cac"])
    # or the committees of a list of places: "phối hợp với UBND các xã: A, B"
    places = _skip(folded, pos, sorted(cues()["coordinate_list_heads"], key=len, reverse=True))
    for i, m in enumerate(cands):
        if m.start == bare and m.start != pos:
            # a collective opening the partners counts for the named bodies after it; alone
            # it names none (as before: "phối hợp với các bộ, ngành liên quan" adds no partner)
            run = _subject_run(text, folded, cands, i)
            return run if any(r.kind != "collective" for r in run) else []
        if m.start == pos or (listed > pos and m.start == listed) or (places > pos and m.start == places):
            return _subject_run(text, folded, cands, i)
    return []


def _assignees(subject, role, coordinators, monitors=()) -> tuple[Assignee, ...]:
    out: dict[str, Assignee] = {}
    for m in subject:
        out.setdefault(m.canonical, Assignee(m.canonical, role, m.kind == "collective"))
    for m in coordinators:
        out.setdefault(
            m.canonical, Assignee(m.canonical, "coordinate", m.kind == "collective")
        )
    for m in monitors:  # the bodies higher up a chain that hands the work down keep it
        # too ("implement": corpus/gold gives the head the task; real annotations accept it)
        out.setdefault(m.canonical, Assignee(m.canonical, "implement", m.kind == "collective"))
    return tuple(out.values())


def _lists_joined(clauses: list[tuple[int, int]], doc: _Notice) -> list[tuple[int, int]]:
    """Clauses, with one that ends on a bare agency joined to the next: a list of bodies
    split by semicolons ("phối hợp các Sở: Tài chính, Xây dựng; Ban Quản lý Khu kinh tế
    và UBND các huyện ... nghiên cứu") is one clause, not a clause per body."""
    out: list[tuple[int, int]] = []
    for cs, ce in clauses:
        if out and ";" in doc.text[out[-1][1] : cs]:
            ps, pe = out[-1]
            tail = doc.text[ps:pe].rstrip(" ;,")
            last = [m for m in doc.agencies.within(ps, pe) if m.end == ps + len(tail)]
            # "... theo Quyết định của Thủ tướng Chính phủ; Sở A ..." ends on an object
            if last and not _is_object(doc.folded, ps, last[0]):
                out[-1] = (ps, ce)
                continue
        out.append((cs, ce))
    return out


def _split_at_subjects(doc: _Notice, clauses: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Clauses of running prose cut where a comma introduces a new subject with its own
    role or action: "Sở A đề xuất các công trình, Sở B đề xuất các cá nhân" is two
    directives. A body right after another ("Sở A, Sở B rà soát") stays in its list."""
    text, folded = doc.text, doc.folded
    out = []
    for cs, ce in clauses:
        cands = doc.agencies.within(cs, ce)
        cut = cs
        for prev, m in zip(cands, cands[1:], strict=False):
            gap = folded[prev.end : m.start]
            if (
                not gap.rstrip().endswith(",")
                or LIST_GAP.fullmatch(gap.strip(" ,;:") or "va")
                or (prev.kind == "collective" and _QUALIFIED_COLLECTIVE.fullmatch(text, prev.end, m.start))
                or "(" in gap
                or _is_object(folded, cs, m)
                or _dispatched(folded, cs, m)
                or folded.rfind("phoi hop", cut, m.start) > prev.end
            ):
                continue
            run = _subject_run(text, folded, cands, cands.index(m))
            if _role_after(folded, run[-1].end, folded[m.start : ce]) in (None,):
                continue
            out.append((cut, m.start))
            cut = m.start
        out.append((cut, ce))
    return out


def _elided_after_semicolon(doc: _Notice, cs, ce, cands, previous) -> list | None:
    """A clause after a semicolon of the same sentence that opens with a role, names no
    subject of its own and brings coordinators of its own ("...; phối hợp với Đài B tuyên
    truyền"): a further directive to the bodies of the clause before it. So is a paragraph
    of running prose that opens so right after a directive's paragraph ("Bộ A chủ trì ...\n\n
    Chủ trì, phối hợp với Bộ B, Bộ C rà soát ...": the roles of task_cues.yaml opening_roles)."""
    text, folded = doc.text, doc.folded
    gap = text[previous[1] : cs]
    after_semicolon = gap[:1] == ";" and gap.strip() == ";"
    new_paragraph = "\n" in gap and not gap.strip(" \t\n.") and not LEAD_LABEL.match(text, cs, ce)
    if not after_semicolon and not new_paragraph:
        return None
    label = LEAD_LABEL.match(text, cs, ce)
    pos = _skip(folded, label.end() if label else cs, [])
    if label or _starts_with_any(folded, pos, cues()["opening_roles"]) is None:
        return None
    role = _role_after(folded, pos, folded[cs:ce])
    if role is None:
        return None
    subject = previous[2]
    coordinators = [m for m in _coordinators(text, folded, pos, ce, cands) if m not in subject]
    # without bodies of its own the clause goes on with the directive before it
    # ("Sở A chủ trì ...; tham mưu UBND tỉnh ...")
    return [cs, ce, subject, role, pos, coordinators] if coordinators else None


def _continued(text, folded, cs, ce, cands, previous) -> list | None:
    """A new unit for a sentence with no body of its own that opens with a connective and a
    role or action (task_cues.yaml: continuing): the bodies of ``previous`` again."""
    c = cues()
    label = LEAD_LABEL.match(text, cs, ce)
    pos = _skip(folded, label.end() if label else cs, [])
    # a new sentence ("... an toàn. Ngoài ra, phối hợp ..."); after a semicolon, "; đồng
    # thời đề xuất ..." goes on with the same directive
    if not text[pos : pos + 1].isupper():
        return None
    # or a new paragraph that opens with a role ("Giao Thanh tra tỉnh thanh tra ...\n Tham
    # mưu UBND tỉnh ..."): the body of the paragraph before goes on
    new_line = text[max(0, cs - 40) : cs].rstrip(" \t").endswith("\n")
    opens_role = new_line and _starts_with_any(folded, pos, c["opening_roles"]) is not None
    if _starts_with_any(folded, pos, c["continuing"]) is None and not opens_role:
        return None
    pos = _skip(folded, pos, c["continuing"])
    subject = previous[2]
    if this := _starts_with_any(folded, pos, c["demonstrative_subjects"]):
        head = this.rsplit(" ", 1)[0]  # "sở này": "Sở A" again; "đơn vị này": any body
        if head not in ("don vi", "co quan") and not fold(subject[0].canonical).startswith(head + " "):
            return None
        pos += len(this)
    pos = _skip(folded, pos, c["adverbs"])
    role = _role_after(folded, pos, folded[cs:ce])
    if role is None:
        return None
    coordinators = [
        m for m in _coordinators(text, folded, pos, ce, cands) if m not in subject
    ]
    return [cs, ce, subject, role, pos, coordinators]


def _item_tasks(doc: _Notice, start, end, section, heading, marked=False) -> list:
    """The tasks of one item (the text of one section between its sub-items)."""
    text, folded = doc.text, doc.folded
    # the first line break of the section: a clause before it is on the heading's line
    first_break = doc.first_break(section.start) if section is not None else -1
    units: list[list] = []  # [start, end, subject, role, action_start, coordinators]
    prose_heading: _Heading | None = None  # "... giao Ban A:" heading the paragraphs after it
    for cs, ce in _split_at_subjects(doc, _lists_joined(_clauses(text, start, end), doc)):
        cands = doc.agencies.within(cs, ce)
        if (
            any(p in folded[cs:ce] for p in cues()["not_directives"])
            and not _opens_with(folded, cs, ce, cues()["directive_openers"])
            and not _asks_after(folded, cs, ce)
        ):
            continue
        if _handed_to_person(text, folded, cs, ce):
            continue
        lenient = (
            section is not None and section.kind in ("tasks", "recommendations")
        ) or (section is None and marked)
        if units and (again := _elided_after_semicolon(doc, cs, ce, cands, units[-1])):
            units.append(again)  # "Sở A chủ trì ...; phối hợp với Đài B tuyên truyền ..."
            continue
        found = _find_subject(text, folded, cs, ce, cands, lenient)
        in_heading = (
            section is not None
            and any(cs <= a.start < ce for a in heading.named)
            and cs <= first_break
        )
        extra: tuple = ()
        if heading.subject and not units and not in_heading:
            found, extra = _under_heading(text, folded, cs, ce, heading, found)
        directing: tuple = ()  # the bodies of a prose heading that direct this paragraph's
        if _paragraph_start(text, cs) and prose_heading is not None:
            if _opens_with_verb(folded, cs, ce):
                # a paragraph under "... giao Ban A:" that opens with a verb: Ban A's task
                own = found
                found, extra = _under_heading(text, folded, cs, ce, prose_heading, found)
                if found is own and found is not None:  # "Chỉ đạo Ban B ...": A directs B
                    directing = tuple(m for m in prose_heading.subject if m not in found[0])
            else:
                prose_heading = None
        if (
            found is not None
            and _DISPATCHED.search(folded, cs, found[0][0].start)
            and (_heads_a_list(text, found[2]) or _heads_paragraphs(text, folded, found[2]))
        ):
            if not _heads_a_list(text, found[2]):
                prose_heading = _Heading(tuple(found[0]))
            continue  # "... giao Ban A:" then "1. ..." or paragraphs: the items are Ban A's
        if found is not None and not in_heading:
            found = _referred_back(doc, start, cs, found)
            subject, role, after = found
            if role == "implement" and units and _joins_lead(text, folded, cs, after, units[-1]):
                role = "coordinate"
            subject, role, after, monitors = _chain(
                text, folded, subject, role, after, ce, cands
            )
            if heading.directs and not units and not in_heading:
                monitors = [*monitors, *(m for m in heading.subject if m not in subject)]
            monitors = [*monitors, *(m for m in directing if m not in monitors)]
            coordinators = list(extra) + _coordinators(text, folded, after, ce, cands)
            units.append([cs, ce, subject, role, after, coordinators, monitors])
        elif units and (again := _continued(text, folded, cs, ce, cands, units[-1])):
            units.append(again)  # "Ngoài ra, phối hợp với Sở A đề xuất ...": same bodies
        elif units and (section is not None or "\n" not in text[units[-1][1] : cs]):
            units[-1][1] = ce  # a clause with no assignee continues the task before it
    preamble_end = units[0][0] if units else end
    item_refs = _ref_ids(doc.legal_refs, start, preamble_end)
    tasks = []
    para, seen = start, start  # the last line start before a unit, found going forward
    for u in units:
        if (
            section is None
        ):  # no numbered item: the basis is cited in the same paragraph
            para = max(para, text.rfind("\n", seen, u[0]) + 1)
            seen = max(seen, u[0])
            item_refs = _ref_ids(doc.legal_refs, para, u[0])
        tasks.append(_task(text, u, section, doc, item_refs))
    return tasks


def _asks_after(folded: str, cs: int, ce: int) -> bool:
    """A request after what is no directive in the same clause: "đồng chí A đánh giá cao
    ... và yêu cầu Sở B tiếp tục ..." (praise, then the task; task_cues.yaml:
    requests_after)."""
    first = min(
        (i for p in cues()["not_directives"] if (i := folded.find(p, cs, ce)) >= 0),
        default=-1,
    )
    return first >= 0 and bool(_requests_after().search(folded, first, ce))


@functools.cache
def _requests_after() -> re.Pattern:
    words = "|".join(re.escape(w) for w in cues()["requests_after"])
    return re.compile(rf"(?:,|\bva|\bdong thoi)\s+(?:{words})\s")


@functools.lru_cache(maxsize=1)
def _person_regex() -> re.Pattern:
    """ "giao ông <word>" on the folded text (task_cues.yaml: person_dispatch,
    person_honorifics); the word is checked against the family names."""
    c = cues()

    def alt(key: str) -> str:
        return "|".join(re.escape(w) for w in sorted(c[key], key=len, reverse=True))

    return re.compile(
        rf"(?<!\w)(?:{alt('person_dispatch')})\s+(?:{alt('person_honorifics')})\s+(\w+)"
    )


@functools.lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(load_surnames())


def _handed_to_person(text: str, folded: str, cs: int, ce: int) -> bool:
    """The clause hands its directive to a named person ("giao ông Nguyễn Văn A, Phó Chủ
    tịch UBND tỉnh, phụ trách ..."): the bodies in it are the person's title."""
    return any(
        text[m.start(1) : m.end(1)] in _surnames()
        for m in _person_regex().finditer(folded, cs, ce)
    )


def _referred_back(doc: _Notice, start: int, cs: int, found):
    """A subject of collectives only, followed by "nói trên" (task_cues.yaml:
    referring_back), is the bodies of the last sentence before it that named two or more."""
    subject, role, after = found
    if not all(m.kind == "collective" for m in subject):
        return found
    tail = doc.folded[subject[-1].end : subject[-1].end + 40]
    if not any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", tail) for w in cues()["referring_back"]):
        return found
    before = [m for m in doc.agencies.starting(start, cs) if m.kind != "collective"]
    if not before:
        return found
    # the bodies of the sentence that named the last of them
    text = doc.text
    opened = max(text.rfind(". ", start, before[-1].start), text.rfind("\n", start, before[-1].start))
    listed = [m for m in before if m.start > opened]
    return (listed, role, after) if len(listed) >= 2 else found


def _under_heading(text, folded, cs, ce, heading: _Heading, found):
    """(subject, role, action start) and extra coordinators of the first clause of an item
    under a heading that names assignees: the heading's, when the clause names no subject
    or opens with a role ("- Chủ trì, phối hợp với Sở B ...")."""
    label = LEAD_LABEL.match(text, cs, ce)
    opening = label.end() if label else cs
    # the item opens with a role, or with an action whose own object is a request to a body
    # ("- Lập hồ sơ đề nghị Bộ A hỗ trợ ...": Bộ A is asked by the heading's body, not handed
    # a task): its subject is the heading's
    at = _skip(folded, opening, [])
    elided = _starts_with_any(folded, at, cues()["opening_roles"]) or (
        found is not None
        and _role_cues()[0].match(folded, at) is not None
        and _starts_with_any(folded, at, cues()["chain_verbs"]) is None
        and _DISPATCHED.search(folded, at, found[0][0].start) is not None
    )
    only_groups = found is not None and all(m.kind == "collective" for m in found[0])
    if found is not None and not elided and not only_groups:
        return found, ()  # ("a) Chỉ đạo các Ban Quản lý dự án ...": the heading's body)
    role = _role_after(folded, opening, folded[cs:ce]) or "implement"
    return (list(heading.subject), heading.role or role, cs), heading.coordinators


def _ref_ids(legal_refs: _Spans, start, end) -> tuple[str, ...]:
    ids = [r.ref_id for r in legal_refs.starting(start, end) if r.ref_id]
    return tuple(dict.fromkeys(ids))


def _task(text, unit, section, doc: _Notice, preamble_refs) -> Task:
    start, end, subject, role, after, coordinators = unit[:6]
    monitors = unit[6] if len(unit) > 6 else ()
    due = next(iter(doc.deadlines.starting(start, end)), None)
    action = text[after:end].lstrip(") ").strip(" ,;:-–")
    action = action if len(action) <= 300 else action[:300].rsplit(" ", 1)[0] + " …"
    return Task(
        start=start,
        end=end,
        surface=text[start:end],
        action=action,
        assignees=_assignees(subject, role, coordinators, monitors),
        deadline=due.due_on if due else None,
        recurrence=due.recurrence if due else None,
        legal_basis=_ref_ids(doc.legal_refs, start, end) or preamble_refs,
        section=section.path if section else None,
    )
