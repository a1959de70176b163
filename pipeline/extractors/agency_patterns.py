"""Collectives ("các sở, ban, ngành") and agencies found by pattern, not by gazetteer.

Pattern agencies are a generic head ("Ban Quản lý dự án", "Chi cục", "Công ty TNHH MTV")
followed by a name that runs until a predicate word ("chủ trì", "phối hợp" ...), a
punctuation mark, or a unit word with its place ("... giao thông tỉnh").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from pipeline import lexicons
from pipeline.extractors import agency_lexicon as lex
from pipeline.extractors import patterns as P
from pipeline.extractors.models import AgencyMention

_UNIT_WORDS = {"tỉnh", "huyện", "thị xã", "quận", "thành phố", "xã", "phường"}
_CAPITAL_UNIT = re.compile(r"(?<= )(?:Tỉnh|Huyện|Thành phố|Thị xã|Quận|TP\.?)$")


# a name that ends in a level and no place: "... cấp huyện", "... cấp xã" (patterns.py)
_LEVEL_END = re.compile(P.LEVEL_SUFFIX_REGEX.pattern + "$")

# the number of a numbered body after "số": "Đội Quản lý thị trường số| 5"
_NUMBER_AFTER = re.compile(r"[ \t]+\d{1,3}(?![\w%])")


def _unit_word(text: str, w: re.Match) -> bool:
    """A unit word, "phố" of "thành phố" included ("Trung tâm Chuyển đổi số thành phố")."""
    word = w.group("w").lower()
    if word in _UNIT_WORDS:
        return True
    if word != "phố":
        return False
    i = w.start("w")  # the word before, over spaces (not a copy of the text before)
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return text[max(0, i - 5) : i].lower() == "thành"


_NUMBER = re.compile(r"[ \t]+\d{1,3}(?![\w/.,])")
_WORD = re.compile(r"[ \t]+(?P<w>[\w][\w&\-]*)")
_TOPIC_COMMA = re.compile(rf"[ \t]*,[ \t]+(?P<w>[{P.LOWER}][\w&\-]*)")
_PHONG_CHONG = re.compile(
    r"(?<=phòng),[ \t]*(?P<w>chống)"
)  # "Ban Chỉ đạo phòng, chống dịch"


@dataclass(frozen=True)
class _Cues:
    collective: re.Pattern
    canon: dict[str, str]  # folded collective phrase -> listed phrase
    heads: re.Pattern
    whole_head: re.Pattern  # the longest head at a place, with or without a name
    head_level: dict[str, str]  # lower-case head -> level
    head_canon: dict[str, str]
    lowercase_ok: frozenset[str]
    stop: re.Pattern  # a word that starts the predicate
    expand: list[tuple[re.Pattern, str]]
    continuation: re.Pattern  # "và các khu công nghiệp" inside a name
    and_name: re.Pattern  # "và Kinh tế số": "và" + a capital that starts no body
    dash: re.Pattern  # " - châu Mỹ", " - CTCP"
    not_names: dict[str, re.Pattern]  # lower-case head -> what after it is no body
    only_names: dict[str, re.Pattern]  # lower-case head -> the kinds of body it may name
    numbered: frozenset[str]  # lower-case heads named by a bare number
    proper_named: frozenset[str]  # lower-case heads whose name ends at a capitalised word
    central: re.Pattern  # a word that makes a pattern body national ("quốc gia")
    topic_heads: frozenset[str]  # lower-case heads whose name goes on after "về"
    topic: re.Pattern  # "về" + a lower-case word: the subject of a committee
    place_before: re.Pattern  # "Khu dân cư| Trường Xuân": the head is part of a place
    place_unless: re.Pattern  # "yêu cầu| Công ty X": the place word ends a common word
    given_names: frozenset[str]  # heads that are also given names ("Trường", "Hội")
    masthead: re.Pattern  # a newspaper, broadcaster or portal at the start of a name
    byline: re.Pattern  # "Theo |Báo ...", "Nguồn: |Cổng ...", searched up to the name
    source_before: re.Pattern  # "phản ánh của |Báo X": a newspaper as a source
    source_after: re.Pattern  # "Báo X| có bài viết", "Báo X| phản ánh"
    source_unless: re.Pattern  # "đề nghị |Báo X phản ánh": handed a task, a body
    lowercase_heads: frozenset[str]  # "trường Đại học", "hạt Kiểm lâm": a head in lower case


def _phrase(p: str) -> str:
    return r"\s*,\s*".join(
        r"\s+".join(map(re.escape, part.split())) for part in p.split(",")
    )


def _first_letters(phrases) -> str:
    """Every letter a phrase may start with, in both cases."""
    return "".join(sorted({c for p in phrases for c in (p[0].lower(), p[0].upper())}))


@cache
def cues() -> _Cues:
    """Compile the collective phrases and pattern heads once."""
    coll = lexicons.load_yaml("collectives.yaml")["phrases"]
    data = lexicons.load_yaml("agency_cues.yaml")
    heads = sorted(data["heads"], key=len, reverse=True)
    return _Cues(
        re.compile(
            # the phrases' first letters looked ahead first: the alternation is tried only
            # where a phrase can start (same matches, a fraction of the attempts)
            r"(?<![\w])(?=[" + re.escape(_first_letters(coll)) + r"])(?i:"
            + "|".join(_phrase(p) for p in sorted(coll, key=len, reverse=True))
            + r")(?![\w])"
        ),
        {" ".join(p.lower().replace(",", ", ").split()): p for p in coll},
        re.compile(
            r"(?<![\w])(?=[" + re.escape(_first_letters(heads)) + r"])(?i:"
            + "|".join(map(re.escape, heads)) + r")(?=[ \t]+\w)"
        ),
        re.compile(r"(?i:" + "|".join(map(re.escape, heads)) + r")(?![\w])"),
        {h.lower(): lvl for h, lvl in data["heads"].items()},
        {h.lower(): h for h in heads},
        frozenset(h.lower() for h in data["lowercase_name"]),
        re.compile(
            r"(?i:"
            + "|".join(
                re.escape(str(w))
                for w in sorted(data["stop_words"], key=lambda w: -len(str(w)))
            )
            + r")(?![\w])"
        ),
        [
            # longest first: "NN&PTNT" before the "PTNT" inside it
            (re.compile(rf"(?<![\w]){re.escape(k)}(?![\w])"), v)
            for k, v in sorted(data["expansions"].items(), key=lambda kv: -len(kv[0]))
        ],
        re.compile(
            r"(?i:"
            + "|".join(
                _phrase(p)
                for p in sorted(
                    data.get("name_continuations", []), key=len, reverse=True
                )
            )
            + r")(?![\w])"
        ),
        re.compile(
            rf"và[ \t]+(?!(?:{P.alternation(data['and_blockers'])})(?![\w]))[{P.UPPER}]"
        ),
        re.compile(  # " - châu Mỹ", " - CTCP", or a capital that starts no body
            rf"[ \t]+[-–][ \t]+(?=(?:{P.alternation(data['dash_continuations'])})(?![\w])"
            rf"|(?!(?:{P.alternation(data['and_blockers'])})(?![\w]))[{P.UPPER}])"
        ),
        {
            h.lower(): re.compile(rf"[ \t]+(?i:{P.alternation(names)})(?![\w])")
            for h, names in data["not_names"].items()
        },
        {
            h.lower(): re.compile(rf"[ \t]+(?i:{P.alternation(names)})(?![\w])")
            for h, names in data["only_names"].items()
        },
        frozenset(h.lower() for h in data["numbered"]),
        frozenset(h.lower() for h in data["proper_name_heads"]),
        re.compile(rf"(?<![\w])(?:{P.alternation(data['central_markers'])})(?![\w])"),
        frozenset(h.lower() for h in data["topic_heads"]),
        # ("về việc", regarding, opens what a letter is about, not a committee's subject)
        re.compile(rf"[ \t]+{re.escape(data['topic_word'])}(?=[ \t]+[{P.LOWER}])(?![ \t]+việc\b)"),
        re.compile(rf"(?<![\w])(?:{P.alternation(data['place_before'])})[ \t]+$"),
        re.compile(rf"(?<![\w])(?:{P.alternation(data['place_before_unless'])})[ \t]+$"),
        frozenset(h.lower() for h in data["given_names"]),
        re.compile(rf"(?i:{P.alternation(data['masthead_heads'])})(?![\w])"),
        re.compile(
            rf"(?<![\w])(?:{P.alternation(data['byline_before'])})[ \t]*[:(]?[ \t]*$"
        ),
        re.compile(rf"(?<![\w])(?:{P.alternation(data['source_before'])})[ \t]+(?:các[ \t]+)?$"),
        re.compile(rf"[ \t]*(?:\([^()\n]*\)[ \t]*)?(?:{P.alternation(data['source_after'])})(?![\w])"),
        re.compile(rf"(?<![\w])(?i:{P.alternation(data['source_unless_after'])})[ \t]+$"),
        frozenset(data.get("lowercase_heads", [])),
    )


def collectives(text: str) -> list[AgencyMention]:
    """Generic groups of bodies: kind="collective", canonical = the listed phrase."""
    c = cues()
    out = []
    for m in c.collective.finditer(text):
        folded = " ".join(m.group(0).lower().replace(",", ", ").split())
        out.append(
            AgencyMention(
                m.start(),
                m.end(),
                m.group(0),
                c.canon.get(folded, folded),
                "other",
                None,
                "collective",
            )
        )
    return out


def pattern_agencies(text: str, juris: str | None) -> list[AgencyMention]:
    """Agencies named by a generic head and a name: kind="pattern"."""
    c = cues()
    out = []
    for m in c.heads.finditer(text):
        key = c.head_canon[m.group(0).lower()]
        if (longer := c.whole_head.match(text, m.start())) and longer.end() > m.end():
            continue  # "Ban QLDA;", "Ban Chỉ đạo)": a longer head, not "Ban" + name
        printed_as_head = text[m.start()].isupper() or any(
            text.startswith(h, m.start()) for h in c.lowercase_heads
        )
        if printed_as_head and (key.isupper() or not m.group(0).isupper()):
            if (no := c.not_names.get(key.lower())) and no.match(text, m.end()):
                continue  # "Vụ Hè Thu": a crop season
            if (kinds := c.only_names.get(key.lower())) and not kinds.match(text, m.end()):
                continue  # "Trạm Thu phí": a work, not one of the stations that are bodies
            if _part_of_a_name(text, m.start(), key.lower()):
                continue  # "Khu dân cư Trường Xuân", "ông Lê Trường Sơn"
            found = _name_after(text, m, juris)
            if found and P.MANY_BEFORE_REGEX.search(
                text, max(0, m.start() - 12), m.start()
            ):
                found = replace(found, kind="collective")  # "các Ban Quản lý dự án"
            elif found and _LEVEL_END.search(found.canonical):
                # "Ban Quản lý dự án cấp huyện (cũ)": every body of a level, none by name
                found = replace(found, kind="collective")
            if found and found.level == "central" and found.jurisdiction is not None:
                found = replace(found, jurisdiction=None)  # a Vụ or Cục has no province
            if found:
                out.append(found)
    return out


# a list of places under way: "các phường Trà Bá, " "xã Tân Lập, Tân Hòa và "
_PLACE_LIST = re.compile(
    rf"(?<![\w])(?i:phường|xã|thị trấn|quận|huyện|thị xã|thôn|ấp|bản)[ \t]+"
    rf"[{P.UPPER}]\w*(?:[ \t]+[{P.UPPER}]\w*)*(?:[ \t]*,[ \t]*[{P.UPPER}]\w*(?:[ \t]+[{P.UPPER}]\w*)*)*"
    rf"[ \t]*(?:,|và)[ \t]*$"
)
# the word right before a head
_WORD_BEFORE = re.compile(r"(?P<w>\w+)[ \t]+$")


def _part_of_a_name(text: str, start: int, head: str) -> bool:
    """A head inside a place's or a person's name: after a place word ("Khu dân cư|
    Trường Xuân"), or, for a head that is also a given name, after a capitalised word
    that does not start its sentence ("ông Lê| Trường Sơn")."""
    c = cues()
    window = text[max(0, start - 30) : start]
    if c.place_before.search(window) and not c.place_unless.search(window):
        return True
    if head not in c.given_names:
        return False
    if _PLACE_LIST.search(text[max(0, start - 80) : start]):
        return True  # "các phường Trà Bá, Hội Phú và Chi Lăng": a list of places
    before = _WORD_BEFORE.search(window)
    if not before or not before.group("w")[0].isupper():
        return False
    i = len(window) - len(before.group(0))  # is there a word before that word?
    while i > 0 and window[i - 1] in " \t":
        i -= 1
    return i > 0 and (window[i - 1].isalnum())


@cache
def _unit_nouns() -> frozenset[str]:
    """A unit word and the word after it that make a common noun ("xã hội"), not a unit."""
    return frozenset(lexicons.load_yaml("agency_cues.yaml")["unit_nouns"])


_PROPER_WORD = re.compile(r"[ \t]+(?:[\d]|[" + P.UPPER + r"])[\w&\-]*")


def _proper_end(text: str, start: int, end: int) -> int:
    """The end of a business's name printed in title case: its last capitalised word or
    number between ``start`` and ``end`` ("Công ty TNHH Hải Đăng| nạo vét"). A name in
    sentence case (one capital: "Công ty TNHH MTV Cấp thoát nước") or with a dash tail
    ("... - Công ty cổ phần") ends at ``end``."""
    words = [m.end() for m in _PROPER_WORD.finditer(text, start, end)]
    if len(words) < 2 or "-" in text[words[-1] : end] or "–" in text[words[-1] : end]:
        return end
    return words[-1]


# a compound of sector abbreviations joined by "&" or "-": "XD&CLCTGT", "CN-TM&DV"
_COMPOUND_ABBREVIATION = re.compile(rf"(?<![\w&-])[{P.UPPER}]{{2,}}(?:[&-][{P.UPPER}]{{2,}})+(?![\w&-])")


@cache
def _sector_parts() -> tuple[dict[str, str], re.Pattern]:
    parts = lexicons.load_yaml("agency_cues.yaml")["sector_abbreviations"]
    alt = "|".join(sorted(map(re.escape, parts), key=len, reverse=True))
    return parts, re.compile(rf"(?:{alt})")


def spell_compounds(name: str) -> str:
    """``name`` with its compound sector abbreviations spelled out (``_spell_compound``)."""
    return _COMPOUND_ABBREVIATION.sub(_spell_compound, name)


def _spell_compound(m: re.Match) -> str:
    """Each part of a compound abbreviation spelled out when every part splits into known
    sector abbreviations, longest first ("XD&CLCTGT" -> "xây dựng và chất lượng công trình
    giao thông", "CN-TM&DV" -> "công nghiệp - thương mại và dịch vụ"); else as printed."""
    parts, one = _sector_parts()
    out = []
    for piece in re.split(r"([&-])", m.group(0)):
        if piece in "&-":
            out.append({"&": " và ", "-": " - "}[piece])
            continue
        words, pos = [], 0
        while pos < len(piece) and (w := one.match(piece, pos)):
            words.append(parts[w.group(0)])
            pos = w.end()
        if pos < len(piece):
            return m.group(0)
        out.append(" ".join(words))
    return "".join(out)


@cache
def _committee_tails() -> tuple[re.Pattern, re.Pattern]:
    """What a committee's name carries that its words alone would stop at (agency_cues.yaml):
    its owner ("của Quốc hội") and the document it reviews ("tổng kết 10 năm thực hiện
    Nghị quyết số 19-NQ/TW")."""
    data = lexicons.load_yaml("agency_cues.yaml")
    owner = re.compile(
        rf"[ \t]+của[ \t]+(?:{P.alternation(data['committee_owners'])})(?![\w])"
    )
    review = re.compile(
        rf"[ \t]+(?:{P.alternation(data['review_words'])})"
        r"(?:[ \t]+\d{1,3}[ \t]+năm)?(?:[ \t]+thực hiện)?"
        rf"[ \t]+(?:{P.alternation(data['reviewed_documents'])})"
        r"(?:[ \t]+số)?(?:[ \t]+\d[\w/.-]*[\w])?(?:[ \t]+Trung ương[ \t]+\d{1,2})?"
        r"(?:[ \t]+(?:khóa|khoá)[ \t]+[IVXL]+)?(?![\w])"
    )
    return owner, review


# a committee that serves a congress, named with it: "Tiểu ban Tổ chức| phục vụ Đại hội Đảng
# bộ thành phố lần thứ XXII" (the congress's name ends at its number)
_CONGRESS = re.compile(
    r"[ \t]+(?:(?:tổ chức|Tổ chức)[ \t]+)?phục vụ[ \t]+Đại hội[^,;.()\n]{0,60}?"
    r"lần thứ[ \t]+[IVXLC]+(?![\w])"
)


def _committee_tail(text: str, pos: int, n: int) -> re.Match | None:
    owner, review = _committee_tails()
    return (
        owner.match(text, pos)
        or (review.match(text, pos) if n == 0 else None)
        or _CONGRESS.match(text, pos)
    )


def _name_after(text: str, head: re.Match, juris) -> AgencyMention | None:
    c = cues()
    low = head.group(0).lower()
    pos, n, unit_m, closed, in_topic = head.end(), 0, None, False, False
    if low in c.numbered and (num := _NUMBER.match(text, pos)):
        pos, n = num.end(), 1  # "Ban Quản lý dự án 85"
    committee, owned_only = low in c.topic_heads, False
    # words after the head (a committee's subject may run longer: "Ban Chỉ đạo của Chính
    # phủ về phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số"); a
    # continuation counts all its words
    while n < (24 if committee else 14):
        if committee and not in_topic and (tail := _committee_tail(text, pos, n)):
            owner = tail.group(0).split()[0] == "của"
            if owner and not n and not c.topic.match(text, tail.end()):
                break  # "Ban Chỉ đạo của Chính phủ nhận định": the committee named before
            owned_only = owner and not n  # named by its owner and its subject alone
            pos, n = tail.end(), n + len(tail.group(0).split())
            if not owner or not c.topic.match(text, pos):
                break  # the name ends with the document it reviews, or with its owner
            continue  # "Ủy ban Kinh tế| của Quốc hội", "Ban Chỉ đạo| tổng kết Nghị quyết 19"
        if n and not in_topic and (dash := c.dash.match(text, pos)):
            pos = dash.end() - 1  # the words after " - " go on with the name
        w = _WORD.match(text, pos) or _PHONG_CHONG.match(text, pos)
        # a committee's subject goes on after a comma ("Ủy ban Quốc gia ứng phó sự cố|,
        # thiên tai ..."), with or without "về"
        more = not w and (in_topic or (committee and n)) and _TOPIC_COMMA.match(text, pos)
        if more and not c.stop.match(text, more.start("w")):
            w = more  # "về phát triển khoa học|, công nghệ"
        if not w:
            break
        word = w.group("w")
        if (
            n
            and (unit_m := P.UNIT_SUFFIX_REGEX.match(text, pos))
            and unit_m.group("place")
        ):
            break
        unit_m = None
        cont = c.continuation.match(text, w.start("w"))
        if cont and (n or word[0].isupper()):  # "Thương vụ| Việt Nam tại Trung Quốc"
            pos, n = cont.end(), n + len(cont.group(0).split())
            closed = cont.group(0)[0].isupper()  # a proper part ("Kinh tế số") ends it
            continue
        if n and c.and_name.match(text, w.start("w")):
            pos, n, closed = (
                w.end(),
                n + 1,
                False,
            )  # "Cục Thương mại điện tử và| Kinh tế số"
            continue
        if closed and word[0].islower() and not _unit_word(text, w):
            break
        if n and low in c.topic_heads and (topic := c.topic.match(text, pos)):
            topic_at = (pos, n, topic.end())  # the name before "về", and after it
            pos, n = topic.end(), n + 1  # "Ủy ban Quốc gia về| chuyển đổi số"
            in_topic = True
            continue
        if owned_only and in_topic and pos == topic_at[2] and word[0].islower():
            # its subject's first word, a verb or not: "Tổ công tác của Thủ tướng Chính phủ
            # về| rà soát ..." (a committee with a name of its own keeps the stop: "Ban Chỉ
            # đạo Điều hành giá về| kết luận ...")
            pos, n = w.end(), n + 1
            continue
        if (
            committee and n and word == "và"
            and (nxt := _WORD.match(text, w.end())) and nxt.group("w")[0].islower()
            and not c.stop.match(text, nxt.start("w"))
        ):
            pos, n = nxt.end(), n + 2  # "... sự cố, thiên tai và| tìm kiếm cứu nạn"
            continue
        if word == "số" and (
            num := _NUMBER_AFTER.match(text, w.end())
        ):
            pos, n = num.end(), n + 2  # "Đội Quản lý thị trường số 5"
            continue
        if (c.stop.match(text, w.start("w")) and word[0].islower()) or (
            n == 0 and not word[0].isupper() and low not in c.lowercase_ok
        ):
            break
        pos, n = w.end(), n + 1
        if (
            word.lower() in _UNIT_WORDS
            and (nxt := _WORD.match(text, pos))
            and (nxt.group("w")[0].islower())
            and f"{word.lower()} {nxt.group('w')}" not in _unit_nouns()
        ):
            break  # "... giao thông tỉnh bàn giao": the unit word closes the name
    if in_topic and pos == topic_at[2]:
        pos, n = topic_at[:2]  # "Ban Chỉ đạo Điều hành giá về| kết luận ...": no topic
    if n == 0:
        return None
    if low in c.proper_named:
        pos = _proper_end(text, head.end(), pos)
    # a company's or newspaper's head keeps its printed case ("Công ty Cổ phần ..." as its
    # register writes it), unless a heading prints it in capitals
    printed = head.group(0)
    own = c.head_level[low] == "other" and not printed.isupper() and printed[:1].isupper()
    name = (printed if own else c.head_canon[low]) + text[head.end() : pos]
    for rx, full in c.expand:
        name = rx.sub(full, name)
    name = spell_compounds(name)
    # Đồng Tháp prints its unit word in capitals: "... và PTNT Tỉnh" -> "... tỉnh"
    name = _CAPITAL_UNIT.sub(
        lambda u: "thành phố" if u.group().startswith("TP") else u.group().lower(),
        " ".join(name.split()),
    )
    if unit_m:
        unit = lex.unit_canon(unit_m.group("unit"))
        place = lex.bound_place(unit_m.group("place"), unit)
        end = unit_m.start("place") + len(place) if place else unit_m.end("unit")
        canon, level, where = lex.resolve_unit(name, unit, place, juris)
        return AgencyMention(
            head.start(), end, text[head.start() : end], canon, level, where, "pattern"
        )
    level = c.head_level[low]
    named = len(c.head_canon[low])  # where the name starts, after the head
    if level in ("province", "district") and c.central.search(name, named):
        level = "central"  # "Ban Chỉ đạo 389 quốc gia"
    return AgencyMention(
        head.start(),
        pos,
        text[head.start() : pos],
        name,
        level,
        None if level == "central" else juris,
        "pattern",
    )


def masthead(text: str, m: AgencyMention) -> bool:
    """A newspaper, broadcaster or portal printed as a masthead or byline, or cited as
    the source of what the text answers, not named as a body: alone on its line ("Báo
    Nhân Dân"), after a byline word ("Theo Báo ..."), or as a source ("phản ánh của Báo
    X", "Báo X có bài viết")."""
    c = cues()
    if not (c.masthead.match(m.surface) or c.masthead.match(m.canonical)):
        return False  # (by its canonical name too: "Nguồn: VOV" is the broadcaster's byline)
    line_start = text.rfind("\n", 0, m.start) + 1
    line_end = text.find("\n", m.end)
    line_end = len(text) if line_end < 0 else line_end
    before, after = text[line_start : m.start], text[m.end : line_end]
    if not before.strip() and not after.strip(" \t.|"):
        return True
    if c.source_before.search(text, max(line_start, m.start - 40), m.start):
        return True
    if c.source_after.match(text, m.end) and not c.source_unless.search(
        text, max(line_start, m.start - 20), m.start
    ):
        return True
    return bool(c.byline.search(text, max(line_start, m.start - 12), m.start))
