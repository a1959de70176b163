"""The section tree of a notice (I./1./a)/(i)/(1)/- ) and each section's kind.

A label at the start of a line opens a section. Label styles nest in the order a
notice first uses them, so "1." under "I." is a child, and a style already open
higher up closes the deeper sections (a sibling). A section's kind comes from
cue phrases in its heading (lexicons/section_cues.yaml); items inherit the kind
of the section they sit in.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass

from pipeline.core.params import parse_yaml
from pipeline.core.text import fold
from pipeline.lexicons import path as lexicon_path

# Each style: name, regex on the start of a line. Group 1 is the label text.
# "II. ĐÁNH GIÁ", "IV- NHIỆM VỤ"
ROMAN = r"((?:X{0,3})(?:IX|IV|V?I{0,3}))\s*[.)/-]\s+"
# "A. KẾT QUẢ ĐẠT ĐƯỢC", "B. Tồn tại, hạn chế"
ALPHA_UP = r"([A-ZĐ])\.\s+"
# "2.1. Sở Tài chính:", "3.2 UBND huyện"
NUM2 = r"(\d{1,2}\.\d{1,2})\.?\s+"
# "1. Công tác ...", "2) Về ..."
NUM = r"(\d{1,2})\s*[.)]\s+"
# "a) Những mặt đạt được", "b. Tồn tại"
ALPHA = r"([a-zđ])\s*[).]\s+"
# "(i) Tính linh hoạt", "(vii) Kỷ luật"
PAREN_ROMAN = r"\(((?:x{0,2})(?:ix|iv|v?i{0,3}))\)\s*\.?\s*"
# "(1). Về phòng, chống dịch", "(2) Thực hiện"
PAREN_NUM = r"\((\d{1,2})\)\s*\.?\s*"
# "- Sở Kế hoạch và Đầu tư ...", "• ..."
DASH = r"([-–•])\s+"
# "+ Hoàn thành trước ngày ..." (a bullet under a dash bullet)
PLUS = r"([+*])\s+"

STYLES = [
    ("roman", re.compile(ROMAN)),
    ("alpha_up", re.compile(ALPHA_UP)),
    ("num2", re.compile(NUM2)),
    ("num", re.compile(NUM)),
    ("alpha", re.compile(ALPHA)),
    ("paren_roman", re.compile(PAREN_ROMAN)),
    ("paren_num", re.compile(PAREN_NUM)),
    ("dash", re.compile(DASH)),
    ("plus", re.compile(PLUS)),
]
BULLETS = {"dash": "-", "plus": "+"}
NOI_NHAN = re.compile(r"(?i)^\s*n[ơo]i\s+nh[ậa]n\s*:?")
HEADING_MAX = 160


@dataclass(frozen=True)
class Section:
    """A numbered part of a notice; ``start``/``end`` are offsets into its text."""

    path: str
    parent: str | None
    label: str
    heading: str
    kind: str
    depth: int
    start: int
    end: int


@functools.lru_cache(maxsize=1)
def _cues() -> tuple[list[str], dict[str, list[str]]]:
    data = parse_yaml(lexicon_path("section_cues.yaml").read_text(encoding="utf-8"))
    return data["order"], {k: [fold(c) for c in v] for k, v in data["kinds"].items()}


def heading_kind(heading: str) -> str:
    """The kind a heading names by its cue phrases, or ``other``."""
    order, kinds = _cues()
    folded = fold(heading)
    for kind in order:
        if any(cue in folded for cue in kinds[kind]):
            return kind
    return "other"


def _match_label(line: str) -> tuple[str, str, int] | None:
    """(style, label, length of the label prefix) for a line that opens a section."""
    for style, regex in STYLES:
        m = regex.match(line)
        if m and m.group(1):
            if style in ("roman", "alpha_up") and not line[m.end() :][:1].isupper():
                continue  # "I. " must open a capitalised heading, not "V. dụ"
            if style == "alpha_up" and not _upper_heading(line[m.end() :]):
                continue  # "A. KẾT QUẢ", not the initial of a name
            return style, m.group(1), m.end()
    return None


def _path_part(style: str, label: str, count: int) -> str:
    if style in ("paren_roman", "paren_num"):
        return f"({label})"
    if style in BULLETS:
        return f"{BULLETS[style]}{count}"
    if style == "head":
        return f"h{count}"
    return label


def _upper_heading(rest: str) -> bool:
    letters = [c for c in rest[:60] if c.isalpha()]
    return len(letters) > 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _unlabelled_heading(line: str) -> str | None:
    """The kind of an unnumbered heading line, or None: a short line ending with ':'
    ("Khó khăn, vướng mắc:") or a lead-in whose last words name the kind ("Bên cạnh kết
    quả đạt được, ... vẫn còn những hạn chế sau:")."""
    if not line.endswith(":") or len(line) > 250:
        return None
    kind = heading_kind(line if len(line) <= 100 else line[-70:])
    return None if kind in ("other", "distribution", "attendance") else kind


def _heading(rest: str) -> str:
    rest = rest.replace("**", "")
    head = rest.split(":", 1)[0] if ":" in rest[:HEADING_MAX] else rest
    head = head.strip()
    if len(head) > HEADING_MAX:
        head = head[:HEADING_MAX].rsplit(" ", 1)[0] + " …"
    return head


LEADING_WORDS = 5  # how far into a running item a kind word still names it


def _item_kind(rest: str) -> str:
    """The kind a numbered line names: its heading's, or for a running item the kind its
    first words name ("1. Một số tồn tại, hạn chế ..."). A kind word further into the
    clause belongs to the sentence, not to a heading ("3. Bộ Tài nguyên và Môi trường
    hướng dẫn ... xử lý dứt điểm vướng mắc ..." is a task, whatever problem it names)."""
    if _looks_like_heading(rest):
        return heading_kind(_heading(rest))
    first = re.split(r"[,:;.]", rest, maxsplit=1)[0]
    return heading_kind(" ".join(first.split()[:LEADING_WORDS]))


def _looks_like_heading(rest: str) -> bool:
    """A short line that is not a finished sentence, or one whose first clause ends with
    ':' — not a running item."""
    first = rest.split(":", 1)[0]
    short = len(rest) <= 120 and not rest.rstrip("*").endswith((".", ";", "!", "?"))
    return short or (":" in rest[:HEADING_MAX] and "." not in first[:-1])


def extract_sections(text: str, body_end: int | None = None) -> list[Section]:
    """The sections of ``text[:body_end]``, in document order.

    Returns a flat list; ``path`` encodes the tree ("1.b.(vi)", "2.(2)", "II.1.-3").
    """
    body_end = len(text) if body_end is None else body_end
    open_: list[dict] = []  # stack of open sections
    done: list[dict] = []
    top: Counter = Counter()  # styles of the top-level sections so far
    pos = 0
    for line in text[:body_end].split("\n"):
        start, pos = pos, pos + len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        offset = start + len(line) - len(line.lstrip())
        if NOI_NHAN.match(stripped):
            done.extend(open_)
            open_ = [
                _open(None, "dist", "Nơi nhận", "Nơi nhận", "distribution", offset)
            ]
            continue
        hit = _match_label(stripped)
        if hit is None:
            if _unlabelled_heading(stripped) and not (
                open_ and open_[0]["style"] == "dist"
            ):
                hit = ("head", "", 0)
            else:
                continue
        style, label, length = hit
        if open_ and open_[0]["style"] == "dist":
            continue  # recipients' dash lines are not sections
        _close_to(style, open_, done)
        parent = open_[-1] if open_ else None
        siblings = parent.setdefault("children", Counter()) if parent else top
        siblings[style] += 1
        count = siblings[style]
        rest = stripped[length:]
        kind = parent["kind"] if parent else "other"
        if kind == "other":  # an item inherits a known kind; else its heading decides
            kind = _item_kind(rest)
        part = _path_part(style, label, count)
        path = f"{parent['path']}.{part}" if parent else part
        if parent and style == "num2" and label.startswith(f"{parent['label']}."):
            path = parent["path"][: -len(parent["label"])] + label  # "2.1" under "2"
        open_.append(_open(parent, style, path, part, kind, offset, _heading(rest)))
    done.extend(open_)
    return _finish(done, body_end)


def _open(parent, style, path, label, kind, start, heading=None) -> dict:
    return {
        "style": style,
        "path": path,
        "label": label,
        "kind": kind,
        "start": start,
        "parent": parent["path"] if parent else None,
        "heading": heading or label,
        "depth": (parent["depth"] + 1) if parent else 0,
    }


def _close_to(style: str, open_: list[dict], done: list[dict]) -> None:
    """Close the sections deeper than an open section of the same style."""
    styles = [s["style"] for s in open_]
    if style in styles:
        cut = styles.index(style)
        done.extend(open_[cut:])
        del open_[cut:]


def _finish(items: list[dict], body_end: int) -> list[Section]:
    items.sort(key=lambda s: s["start"])
    ends = _ends(items, body_end)
    out = []
    for s, end in zip(items, ends, strict=True):
        out.append(
            Section(
                s["path"],
                s["parent"],
                s["label"],
                s["heading"],
                s["kind"],
                s["depth"],
                s["start"],
                end,
            )
        )
    return _unique_paths(out)


def _ends(items: list[dict], body_end: int) -> list[int]:
    """Each section ends where the next one at its depth or shallower starts (one pass
    from the end with a stack, not a scan of all later sections per section)."""
    ends = [body_end] * len(items)
    stack: list[int] = []  # indices of later items, shallowest at the bottom
    for i in range(len(items) - 1, -1, -1):
        while stack and items[stack[-1]]["depth"] > items[i]["depth"]:
            stack.pop()
        if stack:
            ends[i] = items[stack[-1]]["start"]
        stack.append(i)
    return ends


def _unique_paths(sections: list[Section]) -> list[Section]:
    """Suffix repeated paths ("1", "1~2") so every path names one section."""
    seen: dict[str, int] = {}
    out = []
    for s in sections:
        n = seen.get(s.path, 0) + 1
        seen[s.path] = n
        out.append(
            s
            if n == 1
            else Section(
                f"{s.path}~{n}",
                *[
                    getattr(s, f)
                    for f in (
                        "parent",
                        "label",
                        "heading",
                        "kind",
                        "depth",
                        "start",
                        "end",
                    )
                ],
            )
        )
    return out


def section_at(sections: list[Section], offset: int) -> Section | None:
    """The deepest section containing ``offset``.

    Long lists (every sentence of a notice asks) are indexed once and searched by
    bisection; the index of the last list asked about is kept.
    """
    if len(sections) < _INDEX_FROM:
        return _scan(sections, offset)
    index = _index(sections)
    if index is None:
        return _scan(sections, offset)
    points, found = index
    i = bisect.bisect_right(points, offset) - 1
    return found[i] if i >= 0 else None


_INDEX_FROM = 32  # shorter lists are scanned
_last_index: list = [None, 0, None]  # [the list, its length, its index]


def _scan(sections: list[Section], offset: int) -> Section | None:
    best = None
    for s in sections:
        if s.start <= offset < s.end and (best is None or s.depth >= best.depth):
            best = s
    return best


def _index(sections: list[Section]):
    """(offsets, deepest section from each offset on) of nested sections sorted by
    start, or None when they are not (then ``_scan`` answers)."""
    if _last_index[0] is sections and _last_index[1] == len(sections):
        return _last_index[2]
    points: list[int] = []
    found: list[Section | None] = []
    stack: list[Section] = []
    index = (points, found)
    for s in sections:
        if (stack and s.start < stack[-1].start) or s.end < s.start:
            index = None
            break
        while stack and stack[-1].end <= s.start:
            _close(stack, points, found)
        if stack and (s.end > stack[-1].end or s.depth <= stack[-1].depth):
            index = None  # not nested as extract_sections nests them
            break
        stack.append(s)
        points.append(s.start)
        found.append(s)
    while index is not None and stack:
        _close(stack, points, found)
    _last_index[:] = [sections, len(sections), index]
    return index


def _close(stack: list[Section], points: list[int], found: list) -> None:
    done = stack.pop()
    points.append(done.end)
    found.append(stack[-1] if stack else None)
