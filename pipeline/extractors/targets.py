"""Figures with their indicator and unit: "mức tăng trưởng kinh tế là 6,01%" -> 6.01 %.

Pipeline: a Vietnamese figure ("3.500", "6,01", "11/24") -> a unit right after it
(target_cues.yaml) -> the indicator: the words before it in the clause, trimmed of verbs
and quantifiers, plus a noun phrase after the unit when there is one ("thu hút thêm 3.500
tỷ đồng vốn ngoài ngân sách" -> "thu hút vốn ngoài ngân sách") -> ``Target``.
Decisions: "11/24 chỉ tiêu" is value 11 with total 24; a percentage keeps what it is of in
``basis`` ("100% kế hoạch" -> basis "kế hoạch"); a figure with no unit (section numbers,
dates, ids, "03 tiêu chí", "05 mục tiêu") is not a target, nor is a figure inside a legal id.
A clause with no indicator of its own ("..., bằng 30,6% dự toán") takes the previous
target's indicator in the same sentence. A rank is printed before its figure ("xếp thứ
11/63" -> 11 hạng). Not targets either: a threshold that sorts units ("các dự án giải ngân
dưới 30%") and money allotted by a decision ("bố trí bổ sung 85 tỷ đồng").
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
from collections.abc import Callable

from pipeline.extractors import patterns as P
from pipeline.extractors.models import Target
from pipeline.extractors.sentences import max_chars as max_sentence_chars
from pipeline.lexicons import cues, limits

# a comma between digits is a decimal comma ("32,9% GDP"), not a clause boundary
_BOUNDARY = re.compile(
    rf"(?<!\d),|,(?!\d)|[;:\n“”\"()*•{P.SUPERSCRIPT_DIGITS}]|\.\s|\s[-–]\s"
)
# "tỷ| lệ", "tỷ| trọng": a ratio word, not a sum of money
_RATIO_WORD = re.compile(r"\s+(?:lệ|trọng)(?!\w)")
# a bracketed aside inside the words before a figure ("tổng sản phẩm (trừ dầu khí) tăng
# 2,41%"), or the bracket that opens right before it ("chiếm tỷ trọng lớn nhất (41,3%)")
_ASIDE = re.compile(r"\([^()]*\)?")
# a time phrase ending the words before a figure: "6 tháng", "quý I", "năm 2018", "đến 30/6/2023"
_TIME = (
    r"(?:(?:trong|của|đến|hết|cả|tính đến|đến hết|đến cuối|cuối|đầu)\s+)?"
    r"(?:\d+\s+tháng(?:\s+(?:đầu|cuối)\s+năm)?"
    r"|(?:năm|quý|tháng)(?:\s+(?:[IV]+|\d{1,4})(?:/\d{4})?)?|(?:ngày\s+)?\d{1,2}/\d{1,2}(?:/\d{4})?)"
)
_TIME_TAIL = re.compile(rf"(?:^|(?<!hằng)(?<!hàng)(?<!mỗi)\s+){_TIME}$")
# ... and one opening the words: "Trong tháng 5 tổng lượt khách ... đạt 349.000 lượt"
_TIME_HEAD = re.compile(rf"(?i){_TIME}(?=\s)")


def extract_targets(text: str) -> list[Target]:
    """Figures with a unit and the indicator they measure, in text order.

    >>> [(t.indicator, t.value, t.unit) for t in extract_targets("đạt mức tăng trưởng kinh tế là 6,01%")]
    [('tăng trưởng kinh tế', 6.01, '%')]
    """
    in_id = _covered(
        m.span() for r in (P.STATE_ID_REGEX, P.PARTY_ID_REGEX) for m in r.finditer(text)
    )
    out: list[Target] = []
    ranks = {m.start("num"): m for m in _cues()["rank"].finditer(text)}
    for m in P.FIGURE_REGEX.finditer(text):
        if in_id(m.start()) or not _readable(m):
            continue
        if m.start() in ranks:
            out.append(_rank(text, ranks[m.start()], m))
            continue
        unit = _cues()["unit"].match(text, m.end())
        if not unit:
            continue
        name = re.sub(r"\s+", " ", unit.group("unit"))
        kind = _cues()["kind"][name]
        if kind == "ratio" and not m.group("total"):
            continue  # "tại 05 huyện" names places; "12/27 huyện" is a result
        if _allotted(text, m.start()) or _condition(text, m.start()):
            continue
        if _attribute(text, m.start()) or _rate(text, unit.end(), m.start()):
            continue
        if not _fits(text, m.start(), unit.end(), name):
            continue
        if name == "điểm" and _places(text, unit.end()):
            continue
        out.append(_target(text, m, unit.end(), name, kind, out))
    return out


def _covered(spans) -> Callable[[int], bool]:
    """Whether an offset falls inside one of ``spans`` (a binary search, not a scan)."""
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    reach = list(itertools.accumulate((e for _, e in spans), max))

    def inside(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and reach[i] > pos

    return inside


def _readable(m: re.Match) -> bool:
    """A figure of at most ``max_figure_digits`` digits (limits.yaml), whose value and
    total are finite: a 400-digit run is no statistic, and no JSON number."""
    most = limits()["max_figure_digits"]
    for group in ("num", "total"):
        raw = m.group(group) or ""
        if sum(c.isdigit() for c in raw) > most:
            return False
    return all(
        math.isfinite(parse_number(m.group(g))) for g in ("num", "total") if m.group(g)
    )


def _rank(text: str, lead: re.Match, m: re.Match) -> Target:
    """ "Chỉ số DTI năm 2023 xếp thứ 11/63 tỉnh" -> 11 hạng of 63, indicator "xếp hạng chỉ số DTI"."""
    _, words = _lead_in(text, lead.start())
    total = parse_number(m.group("total")) if m.group("total") else None
    indicator = " ".join(["xếp hạng", _lower_first(words) or ""]).strip()
    return Target(
        lead.start(),
        m.end(),
        text[lead.start() : m.end()],
        indicator,
        parse_number(m.group("num")),
        "hạng",
        total,
    )


def _clause_start(text: str, pos: int) -> int:
    """Where the clause that ends at ``pos`` begins (at most 140 characters back).

    A bracketed aside is part of the clause, and a figure printed in brackets takes the
    clause before them: "khu vực ngoài nhà nước chiếm tỷ trọng lớn nhất (41,3%)".
    """
    lo, end = max(0, pos - 140), pos
    while cut := next(reversed(list(_BOUNDARY.finditer(text, lo, end))), None):
        if cut.group() == ")" and (opening := text.rfind("(", lo, cut.start())) >= 0:
            end = opening
        elif cut.group() == "(" and not text[cut.end() : pos].strip():
            end = cut.start()
        else:
            return cut.end()
    return lo


def _clause_before(text: str, pos: int) -> str:
    return text[_clause_start(text, pos) : pos]


def _condition(text: str, pos: int) -> bool:
    """A threshold sorting a set of units: "các dự án giải ngân dưới 30%"."""
    clause = _clause_before(text, pos)
    comparator = _cues()["comparator"].search(clause)
    if not comparator:
        return False
    if _cues()["unit_set"].search(clause) or _cues()["set_verb"].search(
        clause, 0, comparator.start()
    ):
        return True
    # the set named before a list of places: "nhiều xã thuộc các huyện Quỳnh Phụ, Hưng Hà
    # đạt dưới 10%" (the clause holds only the last place and the verb)
    subject = clause[: comparator.start()].split()
    if not subject or not all(w[0].isupper() for w in subject[:-1] or subject):
        return False
    near = max(0, pos - 160)  # a boundary further back loses to pos - 160 anyway
    lo = max(text.rfind(";", near, pos), text.rfind(". ", near, pos), pos - 160, -1)
    return bool(_cues()["unit_set"].search(text, lo + 1, pos))


def _attribute(text: str, pos: int) -> bool:
    """An attribute of one named object: "(tổng mức đầu tư 4.086 tỷ đồng, chiều dài",
    and inside brackets its capital or area: "(vốn đầu tư 120 triệu USD, diện tích 12,5 ha)"."""
    clause = _clause_before(text, pos)
    if _cues()["attribute"].search(clause):
        return True
    if not _cues()["bracket_attribute"].match(clause.strip()):
        return False
    near = max(0, pos - max_sentence_chars())  # a bracket opens in the same sentence
    return text.rfind("(", near, pos) > text.rfind(")", near, pos)


def _fits(text: str, pos: int, end: int, unit: str) -> bool:
    """Units that need their context: a bare "lượt" counts visits only in a clause about
    visitors, "lần" is a multiple only after "gấp"/"tăng", bare "tỷ" is no "tỷ lệ"."""
    if unit == "lượt":
        return bool(_cues()["visit"].search(_clause_before(text, pos)))
    if unit == "lần":
        return bool(_cues()["multiple"].search(_clause_before(text, pos)))
    if unit in ("tỷ", "nghìn tỷ", "ngàn tỷ"):
        return not _RATIO_WORD.match(text, end)
    return True


def _rate(text: str, end: int, pos: int) -> bool:
    """A money rate per head in a clause about support: "(mức 3.500.000 đồng/hộ/tháng"."""
    if not text.startswith("/", end):
        return False
    near = max(0, pos - 201)  # a break further back loses to pos - 200 anyway
    lo = max(
        text.rfind(". ", near, pos) + 1, text.rfind("\n", near, pos) + 1, pos - 200, 0
    )
    sentence = text[lo:pos]
    return bool(_cues()["rate"].search(sentence))


def _places(text: str, end: int) -> bool:
    """ "38 điểm sạt lở": points counted by what they are, not a score."""
    return bool(_noun_after(text, end, 2)[1])


def _allotted(text: str, pos: int) -> bool:
    """Money or a share allotted by a decision: "bố trí bổ sung 85 tỷ đồng" (but "đã cấp
    52,3 tỷ đồng, đạt 60,5% dự toán" reports how far the money has gone: a level)."""
    clause = _clause_before(text, pos)
    m = _cues()["allotted"].search(clause)
    return bool(m) and not re.search(
        r"(?i)(?<!\w)(?:đã|mới)(?:\s+được)?\s*$", clause[: m.start()]
    )


def _target(
    text: str, m: re.Match, end: int, unit: str, kind: str, done: list
) -> Target:
    basis = _cues()["basis"].match(text, end) if unit == "%" else None
    end = basis.end() if basis else end
    floor = done[-1].end if done and done[-1].end <= m.start() else 0
    start, lead = _lead_in(text, m.start(), floor)
    after_end, after = (
        (end, "") if basis else _noun_after(text, end, 6 if kind == "measure" else 4)
    )
    parts = [lead, unit if kind != "measure" else "", after]
    indicator = " ".join(p for p in parts if p) or None
    if not lead and kind == "measure":
        indicator = _inherited(text, m.start(), done) or indicator
    end = after_end if after else end
    total = parse_number(m.group("total")) if m.group("total") else None
    return Target(
        start,
        end,
        text[start:end],
        _lower_first(indicator),
        parse_number(m.group("num")),
        unit,
        total,
        basis.group("basis") if basis else None,
    )


def _lead_in(text: str, pos: int, floor: int = 0) -> tuple[int, str]:
    """Start of the surface and the indicator words before a figure.

    The clause before the figure loses its trailing verbs and time phrases ("ước đạt",
    "6 tháng") and its leading fillers ("phấn đấu đạt"); the surface starts after the
    fillers, so it keeps "mức" ("mức tăng trưởng kinh tế là 6,01%") while the indicator drops it.
    The words never reach back past the previous figure (``floor``): in "bằng 32,9% GDP
    và tăng 10,1%" the second figure has no words of its own and inherits the indicator.
    """
    base = max(_clause_start(text, pos), floor)
    clause = _ASIDE.sub(lambda m: " " * len(m.group()), text[base:pos])
    tokens = [(m.start() + base, m.group()) for m in re.finditer(r"\S+", clause)]
    words = [w for _, w in tokens]
    while words:
        kept = _TIME_TAIL.sub("", " ".join(_strip_tail(words))).split()
        if len(kept) == len(words):
            break
        words = kept
    low = [w.lower() for w in words]
    cut = max(
        (
            i + size
            for size, phrases in _cues()["cut_after_by_size"].items()
            for i in range(len(low) - size + 1)
            if " ".join(low[i : i + size]) in phrases
        ),
        default=0,
    )
    skip, grown = cut, True
    while grown:  # fillers and time phrases, in any order: "Trong tháng 5 tổng ..."
        grown = _head_size(words[skip:], _cues()["head"])
        grown += _time_size(words[skip + grown :])
        skip += grown
    start = tokens[skip][0] if skip < len(words) else pos
    words = words[skip:]
    return start, " ".join(words[_head_size(words, _cues()["indicator_head"]) :])


def _strip_tail(words: list[str]) -> list[str]:
    for size in (3, 2, 1):
        if len(words) >= size and " ".join(words[-size:]).lower() in _cues()["tail"]:
            return words[:-size]
    return words


def _time_size(words: list[str]) -> int:
    """How many leading words are a time phrase ("tháng 5", "6 tháng đầu năm")."""
    m = _TIME_HEAD.match(" ".join(words))
    return len(m.group().split()) if m and len(m.group().split()) < len(words) else 0


def _head_size(words: list[str], heads: set[str]) -> int:
    """How many leading words are fillers (or bare punctuation such as a list dash)."""
    i = 0
    while i < len(words):
        size = next(
            (n for n in (3, 2, 1) if " ".join(words[i : i + n]).lower() in heads), 0
        )
        if not size and not re.search(r"\w", words[i]):
            size = 1
        if not size:
            break
        i += size
    return i


def _noun_after(text: str, pos: int, max_words: int = 6) -> tuple[int, str]:
    """A noun phrase right after the unit: " vốn ngoài ngân sách" (not " so với cùng kỳ")."""
    m = re.compile(rf"(?:{P.SP}+[^\W\d_]+){{1,{max_words}}}").match(text, pos)
    if not m or m.group().split()[0].lower() in _cues()["after_stops"]:
        return pos, ""
    words = m.group().split()
    stop = next(
        (i for i, w in enumerate(words) if w.lower() in _cues()["after_stops"]),
        len(words),
    )
    kept = words[:stop]
    return pos + len(m.group()[: m.group().find(kept[-1]) + len(kept[-1])]), " ".join(
        kept
    )


def _inherited(text: str, start: int, done: list[Target]) -> str | None:
    """ "thu ngân sách đạt 7.820 tỷ đồng, bằng 30,6% dự toán": the same indicator."""
    prev = done[-1] if done else None
    if (
        prev
        and 0 <= start - prev.end <= 30
        and not re.search(r"[.;\n]", text[prev.end : start])
    ):
        return prev.indicator
    return None


def parse_number(raw: str) -> float:
    """Vietnamese notation: "3.500" -> 3500, "6,01" -> 6.01."""
    return float(raw.replace(".", "").replace(",", "."))


def _lower_first(s: str | None) -> str | None:
    if s and len(s) > 1 and s[1].islower():
        return s[0].lower() + s[1:]
    return s


@functools.cache
def _cues() -> dict:
    data = cues("target")
    kinds = dict.fromkeys(data["measure_units"], "measure")
    kinds |= dict.fromkeys(data["count_units"], "count") | dict.fromkeys(
        data["ratio_units"], "ratio"
    )
    basis = re.compile(
        rf"{P.SP}*(?:so{P.SP}+với{P.SP}+)?(?P<basis>{P.alternation(data['bases'])})(?!\w)"
    )
    sets = P.alternation(data["condition_units"])
    return {
        "rank": re.compile(
            rf"(?i)(?<!\w)(?:{P.alternation(data['rank_leads'])}){P.SP}+(?P<num>\d)"
        ),
        "comparator": re.compile(
            rf"(?i)(?<!\w)(?:{P.alternation(data['condition_comparators'])}){P.SP}*$"
        ),
        "unit_set": re.compile(
            rf"(?i)(?<!\w)(?:(?:{P.alternation(data['condition_set_heads'])}|\d+){P.SP}+"
            rf"(?:{sets})|{P.alternation(data['condition_rates'])})(?!\w)"
        ),
        "attribute": re.compile(
            rf"(?i)(?<!\w)(?:{P.alternation(data['attribute_nouns'])})"
            rf"(?:{P.SP}+(?:{P.alternation(data['attribute_fillers'])}))*{P.SP}*$"
        ),
        "bracket_attribute": re.compile(
            rf"(?i)(?:{P.alternation(data['bracket_attribute_nouns'])})"
            rf"(?:{P.SP}+(?:{P.alternation(data['attribute_fillers'])}))*{P.SP}*$"
        ),
        "visit": re.compile(
            rf"(?i)(?<!\w)(?:{P.alternation(data['visit_words'])})(?!\w)"
        ),
        "multiple": re.compile(
            rf"(?i)(?<!\w)(?:{P.alternation(data['multiple_leads'])})(?:{P.SP}+\S+){{0,2}}{P.SP}*$"
        ),
        "rate": re.compile(rf"(?i)(?<!\w)(?:{P.alternation(data['rate_cues'])})(?!\w)"),
        "set_verb": re.compile(
            rf"(?i)(?<!\w)(?:{sets}){P.SP}+(?:{P.alternation(data['condition_set_verbs'])})"
            rf"(?:{P.SP}+đạt)?{P.SP}*$"
        ),
        "allotted": re.compile(
            rf"(?i)(?<!\w)(?:{P.alternation(data['allocation_verbs'])})"
            rf"(?:{P.SP}+(?:{P.alternation(data['allocation_fillers'])}))*{P.SP}*$"
        ),
        "unit": P.unit_regex(kinds),
        "kind": kinds,
        "basis": basis,
        "tail": set(data["lead_in_tail"]),
        "head": set(data["lead_in_head"]),
        "indicator_head": set(data["indicator_head"]),
        "cut_after_by_size": {
            n: {c for c in data["cut_after"] if len(c.split()) == n}
            for n in {len(c.split()) for c in data["cut_after"]}
        },
        "after_stops": set(data["after_stops"]),
    }
