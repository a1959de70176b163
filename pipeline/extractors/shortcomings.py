"""Shortcoming items (tồn tại, hạn chế) of a notice, and the cue phrases that find them.

Two cases (issue 5):

1. Structure: the items of sections whose kind is ``shortcomings`` (one item per
   labelled leaf, "(i)", "a)", "- "); a shortcomings heading with no labelled
   items gives one item per paragraph. Unlabelled headings such as "Khó khăn,
   vướng mắc:" open the same context (thanh-hoa/2023-10-12).
2. Prose: in a notice with no such heading, the sentences that state a
   shortcoming ("Tuy nhiên, giải ngân còn chậm"), found by cue phrases of
   lexicons/shortcoming_cues.yaml; achievements ("đạt 95%, cao hơn cùng kỳ")
   and directives ("khắc phục tình trạng chậm giải ngân") are not items.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pipeline.core.params import parse_yaml
from pipeline.core.text import normalize
from pipeline.extractors.sections import STYLES, heading_kind
from pipeline.lexicons import path as lexicon_path

SKIP_KINDS = {
    "tasks",
    "recommendations",
    "attendance",
    "distribution",
    "footnote",
    "header",
}
SUPERSCRIPTS = set("¹²³⁴⁵⁶⁷⁸⁹⁰")
HEADING_MAX = 100  # a labelled line this short, with no final "." or ";", is a heading


@dataclass(frozen=True)
class Item:
    """One shortcoming item; ``text`` is the item without its label and ``**`` marks."""

    start: int
    end: int
    text: str
    section: str | None


@dataclass(frozen=True)
class Cues:
    """The cue lexicon: detector cue lists and per-code cue phrases."""

    version: int
    detector: dict[str, tuple[str, ...]]
    codes: dict[str, tuple[str, ...]]
    labels: dict[str, str]


@functools.lru_cache(maxsize=1)
def load_cues() -> Cues:
    """The cues of lexicons/shortcoming_cues.yaml, normalised and lower-cased."""
    data = parse_yaml(
        lexicon_path("shortcoming_cues.yaml").read_text(encoding="utf-8")
    )
    norm = lambda xs: tuple(normalize(x).lower() for x in xs or [])  # noqa: E731
    return Cues(
        version=int(data["version"]),
        detector={k: norm(v) for k, v in data["detector"].items()},
        codes={c: norm(v["cues"]) for c, v in data["codes"].items()},
        labels={c: v["label"] for c, v in data["codes"].items()},
    )


@functools.lru_cache(maxsize=4096)
def _cue_regex(phrase: str) -> re.Pattern:
    # whole words; a space in the cue matches any run of spaces
    body = r"\s+".join(re.escape(w) for w in phrase.split())
    return re.compile(rf"(?<!\w){body}(?!\w)")


def find_cues(text: str, phrases: Iterable[str]) -> list[str]:
    """The cue phrases that occur in ``text`` (whole words, case-insensitive)."""
    low = text.lower()
    # the first word must occur for the phrase to: a cheap test before the regex
    return [
        p for p in phrases if p and p.split()[0] in low and _cue_regex(p).search(low)
    ]


@functools.lru_cache(maxsize=64)
def compiled_cues(phrases: tuple[str, ...]) -> tuple[tuple[str, re.Pattern], ...]:
    """(first word, regex) of each phrase, for counting cues over many texts."""
    return tuple((p.split()[0], _cue_regex(p)) for p in phrases if p)


def count_cues(low: str, compiled: tuple[tuple[str, re.Pattern], ...]) -> int:
    """How many of the compiled phrases occur in ``low`` (already lower case): the
    length of ``find_cues``'s answer."""
    return sum(1 for first, rx in compiled if first in low and rx.search(low))


def clean(text: str) -> str:
    """Item text: ``**`` removed, whitespace squeezed to single spaces."""
    return " ".join(text.replace("**", "").split())


def detect_items(
    text: str, sections: Iterable[Any], sentences: Iterable[Any] = ()
) -> list[Item]:
    """The shortcoming items of one notice.

    Args:
        text: the normalised notice text.
        sections: its sections (rows or ``Section`` objects: path, kind, depth,
            start, end, parent).
        sentences: its sentences (rows: section, kind, start, end); used for the
            notices with no shortcomings heading.

    Returns:
        Items in document order.
    """
    secs = [_row(s) for s in sections]
    sents = [_row(s) for s in sentences]
    end = _body_end(text, secs, sents)
    items, had_context = _structured(text, secs, end)
    if had_context:
        return items
    return _prose(text, secs, sents, end)


# --- case 1: structure ----------------------------------------------------------------


def _structured(text: str, secs: list[dict], end: int) -> tuple[list[Item], bool]:
    """Items of shortcomings contexts, and whether the notice has such a context."""
    by_start = {s["start"]: s for s in secs}
    # kind: of the part we are in; depth: of the labelled heading that opened it;
    # item_depth: of its first labelled item (a shallower labelled line closes it)
    ctx = {"kind": "other", "depth": None, "item_depth": None}
    had = False
    items: list[Item] = []
    current: dict | None = None
    for ls, le in _lines(text, end):
        line = text[ls:le]
        sec = by_start.get(ls)
        if sec is not None and not _label_length(line):
            sec = None  # an unlabelled heading the segmenter made a section of
        if current and (sec or ls >= current["limit"] or _unlabelled_heading(line)):
            items.append(_close(text, current))
            current = None
        if line[0] in SUPERSCRIPTS:  # a footnote dropped into the body by a page break
            continue
        if sec is not None:
            current = _labelled(text, ls, le, sec, ctx)
        elif _unlabelled_heading(line):
            _set_context(ctx, clean(line), None)
        elif _announces(
            line
        ):  # "..., thị xã vẫn còn một số hạn chế:" (thanh-hoa/2024-03-18)
            ctx.update(kind="shortcomings", depth=None, item_depth=None)
        elif current is None and (listed := _listed_after(line)) is not None:
            items.append(
                Item(ls + listed, le, clean(line[listed:]), _path_at(secs, ls))
            )
        elif current is not None:
            current["parts"].append((ls, le))
        elif _effective(_kind_at(secs, ls), ctx) == "shortcomings" and not _intro(line):
            current = {
                "section": _path_at(secs, ls),
                "parts": [(ls, le)],
                "limit": le + 1,
            }
        had = had or ctx["kind"] == "shortcomings"
    if current:
        items.append(_close(text, current))
    return [i for i in items if i.text], had


def _labelled(text, ls, le, sec, ctx) -> dict | None:
    """Handle a line that opens a section; return the item it opens, if any."""
    skip = _label_length(text[ls:le])
    rest = clean(text[ls + skip : le])
    if _is_heading(rest):
        _set_context(ctx, rest, sec["depth"], sec["kind"])
        return None
    if _outside(ctx, sec["depth"]):
        ctx.update(kind="other", depth=None, item_depth=None)
    if ctx["item_depth"] is None:
        ctx["item_depth"] = sec["depth"]
    if _effective(sec["kind"], ctx) != "shortcomings":
        return None
    return {"section": sec["path"], "parts": [(ls + skip, le)], "limit": sec["end"]}


def _outside(ctx: dict, depth: int) -> bool:
    """A labelled line at this depth is beside or above the part's heading or items."""
    if ctx["depth"] is not None and depth <= ctx["depth"]:
        return True
    return ctx["item_depth"] is not None and depth < ctx["item_depth"]


def _announces(line: str) -> bool:
    """A paragraph whose last sentence announces the shortcomings listed below it."""
    rest = clean(line)
    last = rest.rsplit(". ", 1)[-1]
    return rest.endswith(":") and (
        bool(find_cues(last, load_cues().detector["announcement"]))
        or heading_kind(last) == "shortcomings"
    )


def _listed_after(line: str) -> int | None:
    """Where the shortcomings listed after an announcing colon start, in a line that
    announces them and lists them inline ("Tuy nhiên, vẫn còn một số hạn chế: tỷ lệ hồ
    sơ trễ hạn còn cao; ..."); None for any other line."""
    head, colon, rest = line.partition(":")
    if not colon or len(rest.strip()) < 20 or len(head) > HEADING_MAX:
        return None
    last = head.rsplit(". ", 1)[-1]
    if not find_cues(last, load_cues().detector["announcement"]):
        return None
    return len(head) + 1 + len(rest) - len(rest.lstrip())


def _effective(kind: str, ctx: dict) -> str:
    """The kind that decides: the last heading's, else the section's."""
    return ctx["kind"] if ctx["kind"] != "other" else kind


def _set_context(
    ctx: dict, heading: str, depth: int | None, kind: str = "other"
) -> None:
    """A heading opens a part: the kind its words name; else a sub-heading ("Sở Tài
    chính:") keeps the part it sits in, and a heading beside it takes ``kind``."""
    named = heading_kind(heading)
    if named == "other":
        beside = depth is not None and (ctx["depth"] is None or depth <= ctx["depth"])
        if ctx["kind"] != "other" and not beside and not heading.isupper():
            return
        named = kind if depth is not None else "other"
    ctx.update(kind=named, depth=depth, item_depth=None)


def _close(text: str, current: dict) -> Item:
    start, end = current["parts"][0][0], current["parts"][-1][1]
    body = " ".join(text[s:e] for s, e in current["parts"])
    return Item(start, end, clean(body), current["section"])


def _is_heading(rest: str) -> bool:
    """A labelled line that names a part ("Tồn tại, hạn chế:") rather than an item."""
    if not rest:
        return True
    if rest.endswith(":") and len(rest) <= 2 * HEADING_MAX:
        return True
    return rest.isupper() or (len(rest) <= HEADING_MAX and rest[-1] not in ".;!?")


def _unlabelled_heading(line: str) -> bool:
    rest = clean(line)
    return len(rest) <= HEADING_MAX and (rest.endswith(":") or rest.isupper())


def _intro(line: str) -> bool:
    """ "Bên cạnh kết quả đạt được, vẫn còn những hạn chế cần khắc phục:" """
    rest = clean(line)
    return rest.endswith(":") or bool(
        find_cues(rest, load_cues().detector["announcement"])
    )


def _label_length(line: str) -> int:
    for _, regex in STYLES:
        m = regex.match(line)
        if m and m.group(1):
            return m.end()
    return 0


# --- case 2: prose --------------------------------------------------------------------


def _prose(text: str, secs: list[dict], sents: list[dict], end: int) -> list[Item]:
    """Sentences that state a shortcoming, in a notice with no shortcomings heading.

    Once one is found (or announced: "... vẫn còn những hạn chế"), the sentences
    after it are items too, until the first directive, which starts the tasks. An
    announcement wins over what came before it: sentences taken for their cue words
    before "Bên cạnh kết quả đạt được, ... còn một số tồn tại, hạn chế." belong to the
    results ("giá lúa thấp hơn cùng kỳ"), and a forecast among the results ("lũ được
    dự báo ...") does not end the search for the announcement.
    """
    items: list[Item] = []
    in_context = announced = False
    cut: int | None = None  # where the first directive after an item fell
    home = None  # the numbered paragraph that announced the shortcomings
    for s in sents:
        if s["start"] >= end or s.get("kind") in SKIP_KINDS:
            continue
        if _kind_at(secs, s["start"]) in SKIP_KINDS:
            continue
        body = text[s["start"] : s["end"]]
        if body.lstrip()[:1] in SUPERSCRIPTS or _is_heading(clean(body)):
            continue
        if find_cues(body, load_cues().detector["announcement"]):
            if not announced:
                items, cut = [], None
            in_context = announced = True
            home = s.get("section")
            listed = _listed_after(body)
            if listed is not None:  # "... vẫn còn một số hạn chế: a; b; c."
                items.append(
                    Item(
                        s["start"] + listed,
                        s["end"],
                        clean(body[listed:]),
                        s.get("section"),
                    )
                )
            continue
        own = announced and home is not None and s.get("section") == home
        if is_directive(body) and not own:  # in the announcing paragraph "có nơi yêu
            if announced and items:  # cầu thêm giấy tờ" states a fault, orders nothing
                break
            cut = len(items) if items and cut is None else cut
            in_context = False
            continue
        if in_context or is_shortcoming_sentence(body):
            in_context = True
            skip = _label_length(body)
            items.append(
                Item(s["start"] + skip, s["end"], clean(body[skip:]), s.get("section"))
            )
    return items if announced or cut is None else items[:cut]


def is_shortcoming_sentence(sentence: str) -> bool:
    """True when ``sentence`` states a shortcoming and is not a directive.

    >>> is_shortcoming_sentence("Tuy nhiên, giải ngân còn chậm.")
    True
    >>> is_shortcoming_sentence("Giải ngân đạt 95%, cao hơn cùng kỳ.")
    False
    """
    cues = load_cues().detector
    if is_directive(sentence):
        return False
    return any(
        find_cues(clause, cues["shortcoming"])
        and not find_cues(clause, cues["achievement"])
        for clause in _clauses(sentence, cues["contrast"])
    )


def is_directive(sentence: str) -> bool:
    """True when ``sentence`` orders or forecasts ("Sở X khẩn trương ...")."""
    cues = load_cues().detector
    low = sentence.lower()
    for cue in find_cues(low, cues["directive"]):
        for m in _cue_regex(cue).finditer(low):
            before = low[: m.start()].split()[-2:]
            if not any(
                " ".join(before[-len(n.split()) :]) == n for n in cues["negation"]
            ):
                return True
    return False


def _clauses(sentence: str, contrast: tuple[str, ...]) -> list[str]:
    low = sentence.lower()
    for marker in contrast:
        low = _cue_regex(marker).sub("|", low)
    return [c for c in re.split(r"[;|]", low) if c.strip()]


# --- helpers --------------------------------------------------------------------------


def _row(obj: Any) -> dict:
    if isinstance(obj, Mapping):
        return dict(obj)
    return (
        dict(vars(obj))
        if hasattr(obj, "__dict__")
        else {f: getattr(obj, f) for f in obj.__dataclass_fields__}
    )


def _body_end(text: str, secs: list[dict], sents: list[dict]) -> int:
    ends = [len(text)]
    ends += [s["start"] for s in secs if s.get("kind") == "distribution"]
    ends += [s["start"] for s in sents if s.get("kind") == "footnote"]
    return min(ends)


def _lines(text: str, end: int) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line before ``end``, spaces trimmed."""
    out, pos = [], 0
    for raw in text[:end].split("\n"):
        start, pos = pos, pos + len(raw) + 1
        if raw.strip():
            lead = len(raw) - len(raw.lstrip())
            out.append((start + lead, start + len(raw.rstrip())))
    return out


def _deepest(secs: list[dict], offset: int) -> dict | None:
    best = None
    for s in secs:
        if s["start"] <= offset < s["end"] and (
            best is None or s["depth"] >= best["depth"]
        ):
            best = s
    return best


def _path_at(secs: list[dict], offset: int) -> str | None:
    home = _deepest(secs, offset)
    return home["path"] if home else None


def _kind_at(secs: list[dict], offset: int) -> str:
    home = _deepest(secs, offset)
    return home["kind"] if home else "other"
