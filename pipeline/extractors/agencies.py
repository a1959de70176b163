"""Agency mentions: gazetteer hits, committees by place, elided lists, collectives, patterns.

Pipeline: candidates (1 gazetteer + unit/place suffix, 2 elided list items, 3 collectives,
4 pattern agencies) -> longest-first overlap resolution -> AgencyMention.

Level of vertical branches (Công an tỉnh, Cục Thuế tỉnh, Kho bạc Nhà nước tỉnh, Bảo hiểm
xã hội tỉnh ...): ``province`` -- they answer to the provincial committee in the notices'
task lists (VN_ADMIN §11.2 leaves the choice to us). A bare "Cục Thuế" / "Kho bạc Nhà
nước" in a provincial notice is read as the provincial branch ("Cục Thuế tỉnh").
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import replace

from pipeline import lexicons
from pipeline.extractors import agency_lexicon as lex
from pipeline.extractors import agency_patterns
from pipeline.extractors import patterns as P
from pipeline.extractors.models import AgencyMention

_PRIORITY = {"blocker": 0, "agency": 1, "pattern": 2, "collective": 3}
_HEADER_PLACE = re.compile(
    r"^\s*(?:.*\s)?(?:TỈNH|THÀNH PHỐ)\s+(?P<place>[^\d\n]+?)\s*$", re.M
)
_DATE_PLACE = re.compile(r"^\s*(?P<place>[^\d,\n]{2,30}),\s*ngày\s+\d", re.M)


def guess_jurisdiction(text: str) -> str | None:
    """The notice's province or city, from its header ("TỈNH KIÊN GIANG") or date line;
    None for a central issuer ("Hà Nội, ngày ..." under "BỘ ..." names no province)."""
    from pipeline.extractors.header import issuer_level

    head = "\n".join(text.splitlines()[:20])
    provinces = lex.index().provinces
    for rx in (_HEADER_PLACE, _DATE_PLACE):
        for m in rx.finditer(head):
            name = m.group("place").strip().title().replace(" - ", " - ")
            for prov in provinces:
                if prov.lower() == name.lower():
                    # the header is read only when a place was found: most callers pass
                    # a sentence or a window, which has neither
                    return None if issuer_level(text) == "central" else prov
    return None


def extract_agencies(
    text: str, jurisdiction: str | None = None, notice_date: str | None = None
) -> list[AgencyMention]:
    """Every agency (and collective) mention in a notice.

    Args:
        text: normalised notice text.
        jurisdiction: the issuer's province or city ("Kiên Giang"); guessed from the
            header when None.
        notice_date: ISO date; picks between bodies that share an alias across periods.

    Returns:
        Mentions in text order, non-overlapping, canonical names per CONTRACT.md.
    """
    found = [m for m in _mentions(text, jurisdiction, notice_date) if not _cut_off(text, m)]
    return _short_names(text, found)


@functools.cache
def _short_name_regex() -> re.Pattern:
    """A short name in brackets right after a body: "(CIC)", "(gọi tắt Công ty Hòa Bình Xanh)"
    (agency_cues.yaml: short_name_openers)."""
    openers = _cue_alternation("short_name_openers")
    return re.compile(
        rf"[ \t]*\((?:(?i:{openers})[ \t]*:?[ \t]*(?P<short>[{P.UPPER}][^()\n]{{2,60}}?)"
        rf"|(?P<acronym>[{P.UPPER}][{P.UPPER}&-]{{1,9}}))\)"
    )


def _short_names(text: str, found: list[AgencyMention]) -> list[AgencyMention]:
    """A body's short name given in brackets after it ("Trung tâm Thông tin tín dụng Quốc gia
    Việt Nam (CIC)", "Công ty TNHH Hòa Bình Xanh (gọi tắt Công ty Hòa Bình Xanh)") stands for that
    body wherever the text uses it after: a mention of it takes the body's name, and a bare
    acronym becomes a mention (NĐ 30/2020/NĐ-CP: a name is written in full the first time,
    then its abbreviation; genre: real dev r10-12, r11-11)."""
    out = list(found)
    for m in found:
        if m.kind not in ("agency", "pattern") or not (d := _short_name_regex().match(text, m.end)):
            continue
        short, at = (d.group("short") or d.group("acronym")).strip(), d.start() + 1
        for hit in re.finditer(rf"(?<![\w&-]){re.escape(short)}(?![\w&-])", text[at:]):
            start, end = at + hit.start(), at + hit.end()
            same = [i for i, x in enumerate(out) if x.start < end and start < x.end]
            if not same:
                out.append(replace(m, start=start, end=end, surface=short))
            elif all(out[i].start == start and out[i].end == end for i in same):
                out[same[0]] = replace(out[same[0]], canonical=m.canonical, level=m.level)
    return sorted(out, key=lambda x: x.start)


def _cut_off(text: str, m: AgencyMention) -> bool:
    """A name that runs into the end of a text cut mid-word ("... giao Ban Cán sự đảng UBND
    tỉ"): a saved web excerpt stops at a length, not at a sentence, so its last name is not
    whole (corpus/real/README.md puts it under _ambiguous; genre: real dev r6-08, r9-03).
    Only a long text is cut so (limits.yaml: cut_text_min_chars): a short one may end in
    a name."""
    end = len(text.rstrip())
    return m.end >= end >= _cut_text_min_chars() and text[end - 1].isalnum()


@functools.cache
def _cut_text_min_chars() -> int:
    return int(lexicons.limits()["cut_text_min_chars"])


def _mentions(
    text: str, jurisdiction: str | None = None, notice_date: str | None = None
) -> list[AgencyMention]:
    jurisdiction = _province_on(jurisdiction or guess_jurisdiction(text), notice_date)
    cands: list[AgencyMention] = []
    cands += _gazetteer(text, jurisdiction, notice_date)
    cands += _ellipsis_openers(text, jurisdiction)
    cands += _ministry_list(text)
    cands += _headed_list(text, jurisdiction, notice_date)
    for m in P.LOCALITY_LIST_REGEX.finditer(text):
        cands += _unit_list(text, m.start("list"), m, "Ủy ban nhân dân", jurisdiction)
    cands += _plural_head_lists(text, jurisdiction)
    if not notice_date or notice_date[:10] >= lex.COMMUNES_SINCE:
        cands += _bare_communes(text, jurisdiction)
    cands += agency_patterns.collectives(text)
    known = {
        m.start: m.end for m in cands if m.kind == "agency"
    }  # the gazetteer knows where it ends, unless the name goes on past "và các ..."
    # or names one zone ("Ban Quản lý Khu kinh tế| Phú Quốc"; agency_cues.yaml: named_zone_heads)
    zones = {m.start for m in cands if m.kind == "agency" and _named_zone(text, m)}
    cont = agency_patterns.cues().continuation
    cands += [
        _zone_board(text, m, known[m.start]) if m.start in zones else m
        for m in agency_patterns.pattern_agencies(text, jurisdiction)
        if m.start not in known
        or (
            m.end > known[m.start]
            and (
                cont.search(m.surface)
                or _GOES_ON.match(text, known[m.start], m.end)
                or (m.start in zones and _zone_name(text[known[m.start] : m.end]))
            )
        )
    ]
    kept = _resolve(cands)
    kept = _resolve(kept + _bare_fields(text, kept, jurisdiction))
    kept = kept if jurisdiction else _provinces_of_departments(text, kept)
    if shared := _shared_units(text, kept, jurisdiction):
        kept = _resolve(kept + shared)
    kept = [_commune_named_before(text, _title_not_body(text, m, jurisdiction)) for m in kept]
    kept = _district_named_before(kept)
    kept = _shared_place(text, kept)
    if notice_date and notice_date[:10] >= lex.COMMUNES_SINCE:
        kept = [_former_district_level(m) for m in kept]
    if not jurisdiction and any(_BARE_PROVINCE_BODY.search(m.canonical) for m in kept):
        kept = _province_named_before(text, kept, notice_date)
    kept = _own_commune(text, kept)
    kept = _party_organisations(text, kept)
    kept = _offices_of_committees(text, kept)
    kept = _each_province(text, kept)
    if offices := _bare_offices(text, kept):
        kept = _resolve(kept + offices)
    return [
        _official_name(m)
        for m in kept
        if m.kind != "blocker" and not agency_patterns.masthead(text, m) and not _briefing(text, m)
        and not _title_only(text, m) and not _venue(text, m) and not _own_units_line(text, m)
        and not _office_of_a_named_person(text, m)
    ]


@functools.cache
def _person_offices() -> frozenset[str]:
    return frozenset(lexicons.load_yaml("agency_cues.yaml")["person_offices"])


@functools.cache
def _surname_set() -> frozenset[str]:
    return frozenset(lexicons.load_surnames())


# a family name and a capitalised given name right after an office: "Chủ tịch nước| Võ Minh Khang"
_NAMED_AFTER = re.compile(rf"[ \t]+(?P<family>[{P.UPPER}]\w*)[ \t]+[{P.UPPER}]\w*")


def _office_of_a_named_person(text: str, m: AgencyMention) -> bool:
    """An office held by one person, printed as the title of the person named right after it
    ("Chủ tịch nước Võ Minh Khang", "Thủ tướng Chính phủ Đặng Quốc Bảo chủ trì ..."): a
    person's title, not the office named as a body (agency_cues.yaml: person_offices)."""
    if m.canonical not in _person_offices():
        return False
    named = _NAMED_AFTER.match(text, m.end)
    return bool(named) and named.group("family") in _surname_set()


@functools.cache
def _own_units_regex() -> re.Pattern:
    # the office's short name and a colon at the start of a list line, then no semicolon
    return re.compile(
        rf"(?:^|\n)[ \t]*[-•+]?[ \t]*(?:{_cue_alternation('own_units_lines')})[ \t]*:[^;]*$"
    )


def _own_units_line(text: str, m: AgencyMention) -> bool:
    """The mention is on a distribution list's line of the sending office's own units ("-
    VPCP: BTCN, PCN, Vụ III, ...;", agency_cues.yaml: own_units_lines), after its colon."""
    return bool(_own_units_regex().search(text, max(0, m.start - 200), m.start))


@functools.cache
def _party_organisation_regex(key: str = "party_organisation_heads") -> re.Pattern:
    return re.compile(rf"(?<![\w])(?P<head>{_cue_alternation(key)})[ \t]+$")


# "các tỉnh A, B, C và D" after a provincial body (an aside in brackets may stand between):
# the list of places, read by the province lookup
_EACH_PROVINCE = re.compile(
    rf"(?:[ \t]*\([^()\n]{{1,60}}\))?[ \t]+(?:các|của các)[ \t]+(?:tỉnh|tỉnh, thành phố)"
    rf"[ \t]*:?[ \t]*(?P<list>{P.PLACE}(?:[ \t]*(?:,|và|,[ \t]*và)[ \t]*{P.PLACE})+)"
)


@functools.cache
def _province_names() -> frozenset[str]:
    """Provinces and cities as places.csv names them, and the former ones of
    province_lineage.csv ("Thừa Thiên Huế" until 2024)."""
    former = {r["name"] for r in lexicons._csv_rows("province_lineage.csv")}
    return frozenset(lex.index().provinces) | former


def _each_province(text: str, kept: list[AgencyMention]) -> list[AgencyMention]:
    """A provincial body followed by a list of provinces ("Sở Nông nghiệp và PTNT các tỉnh
    Hà Tĩnh, Quảng Bình và Quảng Trị") names that body of each province: one mention per
    province, on the province's name (agency_cues.yaml: provincial_heads), when every name
    of the list is a province."""
    heads, _ = _provincial_heads()
    provinces = _province_names()
    out: list[AgencyMention] = []
    firsts: list[tuple[int, int]] = []  # the first province's mention runs over the aside
    for m in kept:
        listed = (
            _EACH_PROVINCE.match(text, m.end)
            if m.kind == "agency" and m.canonical.startswith(heads) else None
        )
        names = (
            [(p.start(), p.end()) for p in re.finditer(rf"{P.PLACE}", listed.group("list"))]
            if listed else []
        )
        base = listed.start("list") if listed else 0
        if len(names) < 2 or any(
            listed.group("list")[a:b] not in provinces for a, b in names
        ):
            out.append(m)
            continue
        for i, (a, b) in enumerate(names):
            place = listed.group("list")[a:b]
            start = m.start if i == 0 else base + a
            out.append(replace(m, start=start, end=base + b, surface=text[start : base + b],
                               canonical=f"{m.canonical} tỉnh {place}", jurisdiction=place))
            if i == 0:
                firsts.append((start, base + b))
    # an aside in brackets inside the first ("Sở A (Chi cục B) các tỉnh ...") is part of it
    return [o for o in out if not any(a < o.start and o.end < b for a, b in firsts)]


@functools.cache
def _committee_heads() -> tuple[str, ...]:
    return tuple(lexicons.load_yaml("agency_cues.yaml")["committee_heads"])


def _offices_of_committees(text: str, kept: list[AgencyMention]) -> list[AgencyMention]:
    """An office word right before a committee names the committee's standing office ("Văn
    phòng Ban Chỉ huy phòng thủ dân sự tỉnh", "Văn phòng Thường trực Ban Chỉ đạo 389 quốc
    gia"; agency_cues.yaml: committee_office_heads, committee_heads): one mention, the
    office's, in place of the committee's."""
    heads = _committee_heads()
    out = list(kept)
    for m in kept:
        if not m.canonical.startswith(heads):
            continue
        head = _party_organisation_regex("committee_office_heads").search(
            text, max(0, m.start - 24), m.start
        )
        if head and not any(o is not m and o.start < m.start and o.end > head.start() for o in out):
            org = replace(m, start=head.start(), surface=text[head.start() : m.end],
                          canonical=f"{head.group('head')} {m.canonical}")
            out[out.index(m)] = org
    return out


def _party_organisations(text: str, kept: list[AgencyMention]) -> list[AgencyMention]:
    """A committee or cell word right before a body names the party organisation inside it
    ("Đảng ủy Công an tỉnh", "Chi bộ UBND xã"; agency_cues.yaml: party_organisation_heads):
    one mention of the organisation, in place of the body's and of a bare committee's."""
    out = list(kept)
    for m in kept:
        if m.kind != "agency" or m.level == "party":
            continue
        head = _party_organisation_regex().search(text, max(0, m.start - 24), m.start)
        if not head or any(o.start < m.start and o.end > head.start() for o in out if o is not m
                           and not (head.start() <= o.start and o.end <= m.start)):
            continue
        out = [o for o in out if not (head.start() <= o.start and o.end <= m.start)]
        org = replace(m, start=head.start(), surface=text[head.start() : m.end],
                      canonical=f"{head.group('head')} {m.canonical}", level="party")
        out[out.index(m)] = org
    return out


@functools.cache
def _venue_regex() -> re.Pattern:
    nouns = lexicons.load_yaml("agency_cues.yaml")["venue_nouns"]
    return re.compile(rf"(?<![\w])(?:{P.alternation(nouns)})[ \t]+$")


def _venue(text: str, m: AgencyMention) -> bool:
    """A body outside the gazetteer named only as the owner of the hall a meeting was held
    in ("tại Hội trường Trung tâm Chính trị đặc khu"): the venue, not a body at the meeting
    (agency_cues.yaml: venue_nouns)."""
    return m.kind == "pattern" and bool(_venue_regex().search(text, max(0, m.start - 20), m.start))


@functools.cache
def _title_only_regexes() -> dict[str, re.Pattern]:
    return {
        form: re.compile(rf"(?<![\w])(?:{P.alternation(titles)})[ \t]+$")
        for form, titles in lexicons.load_yaml("agency_cues.yaml")["title_only_forms"].items()
    }


def _title_only(text: str, m: AgencyMention) -> bool:
    """A short form that, after a title word, is the title itself ("Ủy viên Trung ương
    Đảng": a member of the Central Committee), not the body named in full (agency_cues.yaml:
    title_only_forms)."""
    rx = _title_only_regexes().get(m.surface)
    return bool(rx and rx.search(text, max(0, m.start - 20), m.start))


@functools.cache
def _briefing_regex() -> tuple[re.Pattern, str, tuple[str, ...]]:
    cues = lexicons.load_yaml("agency_cues.yaml")
    verb, head = cues["briefing"].split()
    return re.compile(
        rf"(?i:(?P<meeting>(?:{_cue_alternation('briefing_meetings')})[ \t]+)?{re.escape(verb)}[ \t]+)$"
    ), head, tuple(cues["briefing_not_bodies"])


def _briefing(text: str, m: AgencyMention) -> bool:
    """The body's first word is the "ban" of a briefing meeting ("họp giao ban ...",
    agency_cues.yaml: briefing)."""
    before, head, bodies = _briefing_regex()
    if m.surface[: len(head) + 1].casefold() != head + " ":
        return False
    found = before.search(text, max(0, m.start - 40), m.start)
    if found is not None and found.group("meeting") is None and m.canonical.startswith(bodies):
        return False  # "Giao ban cán sự đảng UBND tỉnh chỉ đạo ...": a body handed a task
    return found is not None and (text[m.start].islower() or found.group("meeting") is not None)


@functools.cache
def _official_unit_names() -> dict[str, str]:
    return dict(lexicons.load_yaml("agency_cues.yaml").get("official_unit_names", {}))


@functools.cache
def _official_names() -> tuple[tuple[re.Pattern, str], ...]:
    """Places whose official name carries its unit word capitalised ("Thành phố Hồ Chí
    Minh"; agency_cues.yaml: official_unit_names)."""
    names = lexicons.load_yaml("agency_cues.yaml").get("official_unit_names", {})
    return tuple(
        (re.compile(rf"(?<=\s)(?i:thành phố|tỉnh) {re.escape(place)}$"), full)
        for place, full in names.items()
    )


def _official_name(m: AgencyMention) -> AgencyMention:
    for rx, full in _official_names():
        if rx.search(m.canonical):
            return replace(m, canonical=rx.sub(full, m.canonical))
    return m


@functools.cache
def _plural_head_regex() -> re.Pattern:
    """ "Các đảng ủy xã, phường: A, B", "Các UBND xã: A, B": the plural marker before a
    commune-level head (agency_cues.yaml: shared_unit_heads) and the units of a list."""
    alt = _cue_alternation("shared_unit_heads")
    return re.compile(
        rf"(?<![\w])(?P<list>(?i:các)[ \t]+(?P<head>(?i:{alt}))[ \t]+"
        rf"(?P<units>(?i:xã|phường|thị trấn|đặc khu)(?:\s*(?:,|và)\s*(?i:xã|phường|thị trấn|đặc khu))*)\s*:\s*)"
    )


def _plural_head_lists(text: str, juris) -> list[AgencyMention]:
    """ "Các đảng ủy xã, phường: Chư Sê, Hoài Nhơn" -> one body per place, the head as the
    lexicon names it with a commune unit ("Đảng ủy xã", "Ủy ban nhân dân xã")."""
    out: list[AgencyMention] = []
    for m in _plural_head_regex().finditer(text):
        surface = m.group("head")
        head = canonical_mention(f"{surface[0].upper()}{surface[1:]} xã", juris)
        if head is None or head.kind != "agency" or not head.canonical.endswith(" xã"):
            continue
        out += _unit_list(text, m.start("list"), m, head.canonical[: -len(" xã")], juris)
    return out


@functools.cache
def _shared_unit_regex() -> re.Pattern:
    """A bare head and the list separator after it, at the end of a window
    (agency_cues.yaml: shared_unit_heads)."""
    alt = _cue_alternation("shared_unit_heads")
    return re.compile(rf"(?<![\w])(?P<head>{alt})[ \t]*(?:,|và)[ \t]*$")


@functools.cache
def _shared_council_regex() -> re.Pattern:
    """A bare council (agency_cues.yaml: shared_council_heads) and the list separator after
    it, at the end of a window."""
    alt = _cue_alternation("shared_council_heads")
    return re.compile(rf"(?<![\w])(?P<head>{alt})[ \t]*(?:,|và)[ \t]*$")


# "xã" of "thị xã" (a district-level town) is no commune
_COMMUNE_UNIT = re.compile(r"(?<!thị)(?<!Thị)[ \t](?:xã|phường|thị trấn|đặc khu)(?![\w])")


# a province's or district's unit word in a body's name ("UBND TP", "Đảng ủy UBND tỉnh")
_UPPER_UNIT = re.compile(r"[ \t](?:tỉnh|thành phố|TP\.?|huyện|quận|thị xã)(?![\w])")


def _shared_units(text: str, kept: list[AgencyMention], juris) -> list[AgencyMention]:
    """ "Đảng ủy, HĐND và UBND xã": the bare heads before a commune body share its unit;
    a bare council before a province's or district's body shares its unit too ("HĐND,
    UBND TP", agency_cues.yaml: shared_council_heads)."""
    out: list[AgencyMention] = []
    covered = {(m.start, m.end) for m in kept}
    for m in kept:
        unit, heads = _COMMUNE_UNIT.search(m.surface), _shared_unit_regex()
        if unit is None:
            unit, heads = _UPPER_UNIT.search(m.surface), _shared_council_regex()
        if m.kind != "agency" or unit is None:
            continue
        suffix, pos = m.surface[unit.start() :], m.start
        while found := heads.search(text, max(0, pos - 60), pos):
            start, end = found.start("head"), found.end("head")
            if any(a < end and start < b for a, b in covered):
                break
            found = canonical_mention(text[start:end] + suffix, juris)
            if found is None:
                break
            out.append(_mention(text, start, end, found.canonical, found.level, m.jurisdiction))
            pos = start
    return out


@functools.cache
def _shared_place_units() -> dict[str, str]:
    return dict(lexicons.load_yaml("agency_cues.yaml")["shared_place_committees"])


def _shared_place(text: str, kept: list[AgencyMention]) -> list[AgencyMention]:
    """ "Huyện ủy, UBND huyện A": the bare party committee shares the place of the people's
    committee listed right after it (agency_cues.yaml: shared_place_committees)."""
    units = _shared_place_units()
    out = list(kept)
    for i, m in enumerate(kept[:-1]):
        nxt = kept[i + 1]
        unit = units.get(m.canonical)
        lead = next(
            (f"{b} {unit} " for b in ("Ủy ban nhân dân", "Hội đồng nhân dân")
             if unit and nxt.canonical.startswith(f"{b} {unit} ")),
            None,
        )
        if (
            lead is None
            or m.kind != "agency"
            or nxt.kind != "agency"
            or not re.fullmatch(r"\s*(?:,|và)\s*", text[m.end : nxt.start])
        ):
            continue
        out[i] = replace(m, canonical=f"{m.canonical} {nxt.canonical[len(lead):]}")
    return out


@functools.cache
def _bare_office_regex() -> re.Pattern:
    alt = _cue_alternation("bare_offices")
    # not followed by the body's own name ("Văn phòng Bộ Y tế", "Văn phòng Bộ GTVT")
    return re.compile(rf"(?<![\w])(?:{alt})(?![\w])(?![ \t]+[{P.UPPER}])")


def _bare_offices(text: str, kept: list[AgencyMention]) -> list[AgencyMention]:
    """ "Văn phòng Bộ" in a ministry's text: the office of the first body under that head
    the text names, its header's or its first sentence's (agency_cues.yaml: bare_offices)."""
    out = []
    for m in _bare_office_regex().finditer(text):
        # "Văn phòng Tổng cục" -> "Văn phòng", "Tổng cục "; "Thanh tra Bộ" -> "Thanh tra", "Bộ "
        office, head = m.group(0).split(" ", 2)[:2], m.group(0).split(" ", 2)[2] + " "
        body = next(
            (
                k.canonical for k in kept
                if k.kind == "agency" and k.level == "central" and k.canonical.startswith(head)
            ),
            None,
        )
        if body:
            out.append(_mention(text, m.start(), m.end(), f"{' '.join(office)} {body}", "central", None))
    return out


@functools.cache
def _standing_title() -> re.Pattern:
    alt = _cue_alternation("standing_titles")
    return re.compile(rf"(?<![\w])(?i:{alt})[ \t]+$")


_STANDING = re.compile(r"(?i:thường[ \t]+trực|TT\.?)[ \t]+")  # a web page may double a space


def _title_not_body(text: str, m: AgencyMention, juris) -> AgencyMention:
    """ "Phó Bí thư Thường trực Tỉnh ủy": the standing body is the deputy's title; the
    mention is the body after it (agency_cues.yaml: standing_titles)."""
    lead = _STANDING.match(m.surface)
    if m.kind != "agency" or lead is None or not _standing_title().search(
        text, max(0, m.start - 20), m.start
    ):
        return m
    body = canonical_mention(m.surface[lead.end() :], juris)
    if body is None or body.kind != "agency":
        # "Phó Bí thư Thường trực Đảng ủy": a title whose committee has no unit to name it
        return replace(m, kind="blocker") if body is None else m
    start = m.start + lead.end()
    return replace(body, start=start, end=m.end, surface=text[start : m.end])


def _commune_named_before(text: str, m: AgencyMention) -> AgencyMention:
    """ "Trước ý kiến của xã Châu Bình ..., trụ sở cho UBND xã": a commune body without a
    place is the commune the same sentence named before it."""
    unit = _COMMUNE_UNIT.search(" " + m.canonical)
    if m.kind != "agency" or unit is None or unit.end() != len(m.canonical) + 1:
        return m
    start = max(text.rfind(".", 0, m.start), text.rfind("\n", 0, m.start), m.start - 200)
    word = unit.group(0).strip()
    named = [
        place
        for p in _PLACED_UNIT.finditer(text, start + 1, m.start)
        if p.group("unit") == word and (place := lex.bound_place(p.group("place"), word))
    ]
    if len(set(named)) > 1:
        # "Đảng ủy xã A, Đảng ủy xã B lãnh đạo UBND xã ...": the committee of each of the
        # communes just named, no body of its own (its own commune's voice names none)
        return replace(m, kind="blocker")
    if not named:
        return m
    return replace(m, canonical=f"{m.canonical} {named[0]}")


# a commune's body named in the opening of its own page: "Ngày 3/2, BCH Đảng bộ xã Vi
# Hương họp ...", "Ban Thường vụ Đảng ủy xã Tân Lập tổ chức ..."
_COMMUNE_NAME = re.compile(r" (?P<unit>xã|phường) (?P<place>\S.*)$")
_OWN_COMMUNE_OPENING = 600
# the commune's voice: its party committee with the unit word and no name ("Đảng ủy xã đã
# lãnh đạo ...")
_BARE_COMMUNE_PARTY = re.compile(
    rf"(?<![\w])(?:Đảng ủy|Đảng bộ)[ \t]+(?:xã|phường)(?!\w)(?![ \t]+[{P.UPPER}])"
)


def _own_commune(text: str, kept: list[AgencyMention]) -> list[AgencyMention]:
    """A commune's own report (one commune named, first in its opening, and its party
    committee later written bare: "Ban Thường vụ Đảng ủy", "Đảng ủy xã đã ..."): its bodies are canonical without its name ("Ban Thường vụ Đảng
    ủy xã"), as a district's are in a district notice (GUIDELINE: agencies), and its bare
    party committees take the unit word ("Ban Thường vụ Đảng ủy" -> "... xã")."""
    named = [(m, c) for m in kept if (c := _COMMUNE_NAME.search(m.canonical))]
    bare = _own_commune_bare()
    if (
        not named
        or named[0][0].start >= _OWN_COMMUNE_OPENING
        or len({(c["unit"], c["place"]) for _, c in named}) > 1  # a report on several
        or not (
            _BARE_COMMUNE_PARTY.search(text)
            or any(m.level == "party" and m.canonical in bare for m in kept)
        )
    ):
        return kept
    unit, place = named[0][1]["unit"], named[0][1]["place"]
    out = []
    for m in kept:
        name = m.canonical
        if name.endswith(f" {unit} {place}"):
            name = name[: -len(place) - 1]
        if m.level == "party" and name in bare:
            name = f"{name} {unit}"
        out.append(m if name == m.canonical else replace(m, canonical=name))
    return out


@functools.cache
def _own_commune_bare() -> frozenset[str]:
    return frozenset(lexicons.load_yaml("agency_cues.yaml")["own_commune_bare_party"])


def _district_named_before(kept: list[AgencyMention]) -> list[AgencyMention]:
    """ "Nhắc nhở UBND huyện A; yêu cầu UBND huyện rút kinh nghiệm ...": a district-level
    body printed without its place, after the text named exactly one district of that body
    and unit, is that district's."""
    named: dict[str, set[str]] = {}
    out = []
    for m in kept:
        if m.kind == "agency" and m.canonical.endswith(_DISTRICT_UNIT_ENDS):
            places = named.get(m.canonical, set())
            m = replace(m, canonical=f"{m.canonical} {next(iter(places))}") if len(places) == 1 else m
        elif m.kind == "agency" and (unit := _DISTRICT_BODY.fullmatch(m.canonical)):
            named.setdefault(unit.group("body"), set()).add(unit.group("place"))
        out.append(m)
    return out


# a province-level body printed without its place: "UBND tỉnh", "Thành ủy", "Ban Tổ chức Tỉnh ủy"
_BARE_PROVINCE_BODY = re.compile(r"(?:[ \t](?:tỉnh|thành phố)|(?<![\w])(?:Tỉnh ủy|Thành ủy))$")


def _province_named_before(
    text: str, kept: list[AgencyMention], date: str | None
) -> list[AgencyMention]:
    """A text with no province of its own (a central notice, a news page) that prints a
    province-level body bare after naming its province: "Chủ tịch UBND tỉnh Gia Lai vắng,
    cử Phó Chủ tịch UBND tỉnh dự thay", "làm việc với thành phố Hải Phòng ... Bí thư Thành
    ủy phát biểu". The bare body is the province's when the text names the bodies of one
    province only, or else when its own sentence names one before it. Only under a central
    issuer's header: a news page without a header is a province's own report, whose bare
    bodies are its own (and it may name one other province)."""
    from pipeline.extractors.header import issuer_level

    if issuer_level(text) != "central":
        return kept
    placed = [
        m for m in kept
        if m.kind == "agency" and m.jurisdiction and m.jurisdiction in m.canonical
        and lex.index().provinces.get(m.jurisdiction)
    ]
    everywhere = {m.jurisdiction for m in placed}
    out = []
    for m in kept:
        if m.kind == "agency" and m.jurisdiction is None and _BARE_PROVINCE_BODY.search(m.canonical):
            places = everywhere
            if len(places) > 1:
                start = max(text.rfind(".", 0, m.start), text.rfind("\n", 0, m.start))
                places = {p.jurisdiction for p in placed if start < p.start < m.start}
            if len(places) == 1:
                m = _with_province(m, next(iter(places)), date)
        out.append(m)
    return out


def _with_province(m: AgencyMention, place: str, date: str | None) -> AgencyMention:
    """``m`` read with ``place`` after it, when that names one body of that province (a
    city's "Thành ủy" takes a city, "UBND tỉnh" a province)."""
    kind = lex.index().provinces.get(place)
    if (kind == "city") != (m.canonical.endswith(" thành phố") or m.canonical.endswith("Thành ủy")):
        return m
    body = canonical_mention(f"{m.surface} {place}", None, date)
    if body is None or body.kind != "agency" or body.jurisdiction != place:
        return m
    return replace(m, canonical=body.canonical, level=body.level, jurisdiction=place)


def _former_district_level(m: AgencyMention) -> AgencyMention:
    """After 1 July 2025 there is no district level: a district body printed with no place
    and no district named before it ("hồ sơ do UBND huyện quản lý trước đây") is the former
    level, every district's, not one body."""
    if m.kind == "agency" and m.canonical.endswith(_DISTRICT_UNIT_ENDS):
        return replace(m, kind="collective")
    return m


# a district-level body with its place: "Ủy ban nhân dân huyện Lấp Vò"
_DISTRICT_BODY = re.compile(rf"(?P<body>\S.*? (?:huyện|thị xã|quận))[ \t]+(?P<place>[{P.UPPER}].*)")
_DISTRICT_UNIT_ENDS = (" huyện", " thị xã", " quận")


_PLACED_UNIT = re.compile(rf"(?<![\w])(?<!thị[ \t])(?<!Thị[ \t])(?P<unit>xã|phường|thị trấn|đặc khu)[ \t]+(?P<place>{P.PLACE})(?![\w])")


@functools.cache
def _provincial_heads() -> tuple[tuple[str, ...], re.Pattern]:
    cues = lexicons.load_yaml("agency_cues.yaml")
    titles = _cue_alternation("speaker_titles")
    return tuple(h + " " for h in cues["provincial_heads"]), re.compile(rf"(?:{titles})\s+$")


def _provinces_of_departments(
    text: str, kept: list[AgencyMention]
) -> list[AgencyMention]:
    """In a text with no province of its own that names the leaders of two provinces'
    bodies ("Chủ tịch UBND tỉnh Long An"), a bare department ("Sở NN-PTNT") takes the
    province whose leader was named last before it (agency_cues.yaml: provincial_heads,
    speaker_titles)."""
    provinces = lex.index().provinces
    heads, titled = _provincial_heads()
    named = [
        (m.start, m.jurisdiction)
        for m in kept
        if m.jurisdiction in provinces and titled.search(text, max(0, m.start - 20), m.start)
    ]
    if len({p for _, p in named}) < 2:
        return kept
    out, i, current = [], 0, None
    for m in kept:
        while i < len(named) and named[i][0] <= m.start:
            current = named[i][1]
            i += 1
        if (
            current
            and m.kind == "agency"
            and m.jurisdiction is None
            and m.level == "province"
            and m.canonical.startswith(heads)
        ):
            unit = "thành phố" if provinces[current] == "city" else "tỉnh"
            m = replace(m, canonical=f"{m.canonical} {unit} {current}", jurisdiction=current)
        out.append(m)
    return out


def _bare_fields(text: str, kept: list[AgencyMention], juris) -> list[AgencyMention]:
    """Fields listed bare after a provincial or district body, the head said by none of
    them: "lãnh đạo Văn phòng UBND tỉnh, Thanh tra tỉnh, Tư pháp, Nội vụ, Công an tỉnh"
    (Sở Tư pháp, Sở Nội vụ); "Trung tâm Phát triển quỹ đất, Tài chính - Kế hoạch, Kinh tế
    và Hạ tầng" (the offices of a district, Phòng ...). The list's head is Phòng when one
    item is only an office's field or the body before it is a district's, else Sở."""
    idx, out = lex.index(), []
    taken = {m.start for m in kept}
    for m in kept:
        if m.kind not in ("agency", "pattern") or m.level not in ("province", "district"):
            continue
        run, pos = [], m.end
        while (sep := P.LIST_SEP_REGEX.match(text, pos)) and sep.group(0).strip():
            start = sep.end()
            if start in taken or not text[start : start + 1].isupper():
                break
            found = {
                head: f for head in ("sở", "phòng")
                if (f := idx.fields[head].match(text, start))
                and _LIST_ITEM_END.match(text, f.end())
            }
            if not found:
                break
            end = max(f.end() for f in found.values())
            run.append((start, end, {h: f for h, f in found.items() if f.end() == end}))
            pos = end
        if not run:
            continue
        office = m.level == "district" or any(set(heads) == {"phòng"} for *_, heads in run)
        head = "phòng" if office else "sở"
        for start, end, heads in run:
            entry = lex.field_entry(text[start:end], head) if head in heads else None
            if entry is not None:
                out.append(_mention(text, start, end, entry.name, entry.level, juris))
    return out


# what may follow a bare field in a list: a separator, the end of a sentence or line
_LIST_ITEM_END = re.compile(r"[ \t]*(?:[,;.:)\n]|và(?!\w)|$)")


# a pattern name that goes on past the gazetteer's: "Vụ Kế hoạch| - Tài chính", "Cục Thương
# mại điện tử| và Kinh tế số"
_GOES_ON = re.compile(r"[ \t]*(?:[-–]|và)[ \t]")


@functools.cache
def _zone_heads() -> tuple[str, ...]:
    return tuple(h.lower() for h in lexicons.load_yaml("agency_cues.yaml")["named_zone_heads"])


def _zone_board(text: str, m: AgencyMention, known_end: int) -> AgencyMention:
    """A zone board's name up to the zone's own name, without a person's name after it
    ("the head of the board of zone Vân Đồn| Nguyễn Văn A"). The zone's kind stays in
    ("... cửa khẩu Tây Sơn"), and a name of two places joined by a dash is one name
    ("... cửa khẩu Tây Sơn - Bình Định")."""
    extra = text[known_end : m.end].strip()
    kind = _zone_kind().match(" " + extra)
    named = extra[kind.end() - 1 :].strip() if kind else extra
    zone = lex.bound_place(named, "huyện") or named
    rest = named[len(zone) :].split()
    if not rest or rest[0] not in lex.index().surnames or "-" in named.split():
        return m  # "... Nghi Sơn và các khu công nghiệp": the name goes on
    end = text.index(zone, known_end) + len(zone)
    return replace(m, end=end, surface=text[m.start : end], canonical=" ".join(text[m.start : end].split()))


def _zone_name(extra: str) -> bool:
    """The words after a zone board's name are the zone's own name: not a province (the
    province's board) and not another body ("... Sở Xây dựng")."""
    extra = extra.strip()
    return extra not in lex.index().provinces and not _other_body().match(extra)


def _named_zone(text: str, m: AgencyMention) -> bool:
    """A zone board's gazetteer name followed by a capitalised name of the zone, maybe after
    the zone's kind ("... Khu kinh tế cửa khẩu| Tây Sơn"; agency_cues.yaml: zone_kinds)."""
    if " ".join(m.surface.split()).lower() not in _zone_heads():
        return False
    found = _zone_kind().match(text, m.end, m.end + 40)
    nxt = text[found.end() if found else m.end :][:2]
    return nxt[:1] == " " and nxt[1:2].isupper()


@functools.cache
def _zone_kind() -> re.Pattern:
    kinds = "|".join(map(re.escape, lexicons.load_yaml("agency_cues.yaml")["zone_kinds"]))
    return re.compile(rf"[ \t]+(?:{kinds})(?=[ \t])")


def canonical_agency(surface: str, jurisdiction: str | None = None) -> str | None:
    """Canonical name of a surface form that is one agency ("Sở KH&ĐT" -> "Sở Kế hoạch và Đầu tư")."""
    found = canonical_mention(surface, jurisdiction)
    return found.canonical if found else None


@functools.lru_cache(maxsize=256)
def _province_on(jurisdiction: str | None, notice_date: str | None) -> str | None:
    """The issuer's province by its name on the notice's date (issue 17): a notice filed
    under Kiên Giang but dated 2026 drops "tỉnh An Giang" from its own bodies' names. A
    name the lineage table does not know, or no date, stays as given."""
    if not jurisdiction or not notice_date:
        return jurisdiction
    from pipeline.lineage import (
        province_on,  # late: the lineage tables load on first use
    )

    try:
        return province_on(jurisdiction, notice_date[:10]) or jurisdiction
    except ValueError:  # a date the calendar cannot read
        return jurisdiction


@functools.lru_cache(maxsize=4096)
def short_text_agencies(
    text: str, jurisdiction: str | None = None, notice_date: str | None = None
) -> tuple[AgencyMention, ...]:
    """``extract_agencies`` of a short text (a surface, a title's window, an attendance
    note), cached: the same few surfaces recur in every notice and the mentions are frozen."""
    return tuple(_mentions(text, jurisdiction, notice_date))


def canonical_mention(
    surface: str, jurisdiction: str | None = None, notice_date: str | None = None
) -> AgencyMention | None:
    """The one agency ``surface`` names (offsets into ``surface``), or None when it names
    none, several, or one that covers only part of it."""
    found = [
        m
        for m in short_text_agencies(surface, jurisdiction, notice_date)
        if m.kind != "collective"
    ]
    if len(found) == 1 and len(found[0].surface) >= len(surface.strip()) - 2:
        return found[0]
    return None


def named_agencies(mentions: list[AgencyMention]) -> list[AgencyMention]:
    """The mentions CONTRACT lists as agencies: a collective ("các sở, ngành") is none."""
    return [m for m in mentions if m.kind != "collective"]


def summarise_agencies(mentions: list[AgencyMention]) -> list[dict]:
    """CONTRACT ``agencies`` entries, one per (canonical, jurisdiction), most mentioned first."""
    groups: dict[tuple, list[AgencyMention]] = {}
    for m in named_agencies(mentions):
        groups.setdefault((m.canonical, m.jurisdiction), []).append(m)
    out = []
    for (name, juris), ms in groups.items():
        surfaces = list(dict.fromkeys(m.surface for m in ms))
        out.append(
            {
                "name": name,
                "mentions": surfaces,
                "count": len(ms),
                "level": Counter(m.level for m in ms).most_common(1)[0][0],
                "jurisdiction": juris,
            }
        )
    return sorted(out, key=lambda d: -d["count"])


def _resolve(cands: list[AgencyMention]) -> list[AgencyMention]:
    """Longest first; on equal length a gazetteer hit beats a pattern beats a collective.

    The characters already taken are marked in a byte map, so each candidate costs its
    own length, not the number of mentions kept before it.
    """
    if not cands:
        return []
    taken = bytearray(max(m.end for m in cands) + 1)
    kept = []
    for m in sorted(cands, key=lambda m: (m.start - m.end, _PRIORITY[m.kind], m.start)):
        if m.end <= m.start or taken.find(1, m.start, m.end) < 0:
            taken[m.start : m.end] = b"\x01" * (m.end - m.start)
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


# ---------------------------------------------------------------- 1. gazetteer


def _gazetteer(text: str, juris: str | None, date: str | None) -> list[AgencyMention]:
    vtext, offsets = lex.view(text)
    out: list[AgencyMention] = []
    central = None  # whether a central body issued the text, read when first needed
    for vend, (k, entries) in lex.index().automaton.iter(vtext):
        entry = next((e for e in entries if e.valid_on(date)), entries[0])
        vstart = vend + 1 - len(k)
        if not _bounded(vtext, vstart, vend + 1, text, offsets):
            continue
        start, end = offsets[vstart], offsets[vend] + 1
        if (
            text[start].isupper()
            or _lower_body(text, start, end, entry)
            or entry.agency_id in _district_offices()  # "văn phòng HĐND&UBND"
        ):
            found = _expand(text, start, end, entry, juris)
            if date and (since := _regional_since().get(entry.name)) and date[:10] >= since:
                found = [_regional(m, entry, end) for m in found]
            elif entry.unit == "optional:tỉnh" and any(_by_default(m, entry, end) for m in found):
                if central is None:
                    from pipeline.extractors.header import issuer_level

                    central = issuer_level(text) == "central"
                if central:  # "Văn phòng đăng ký đất đai" in a ministry's notice: every province's
                    found = [replace(m, kind="collective") if _by_default(m, entry, end) else m
                             for m in found]
            out += found
    return out


def _by_default(m: AgencyMention, entry: lex.Entry, end: int) -> bool:
    """``m`` took its unit word from the lexicon's default, not from the text."""
    return m.kind == "agency" and m.end == end and m.canonical in (
        f"{entry.name} tỉnh", f"{entry.name} thành phố")


@functools.cache
def _regional_offices() -> frozenset[str]:
    return frozenset(lexicons.load_yaml("agency_cues.yaml").get("regional_offices", []))


@functools.cache
def _regional_since() -> dict[str, str]:
    return {k: str(v) for k, v in lexicons.load_yaml("agency_cues.yaml")["regional_since"].items()}


def _regional(m: AgencyMention, entry: lex.Entry, end: int) -> AgencyMention:
    """A vertical system organised by region from a date (agency_cues.yaml: regional_since):
    printed bare after it ("phối hợp với Kho bạc Nhà nước"), it names the system, not a
    provincial branch that no longer exists; a printed unit word stays as printed."""
    if not _by_default(m, entry, end):
        return m
    return replace(m, canonical=entry.name, level="central", jurisdiction=None)


@functools.cache
def _lower_body_cues() -> tuple[frozenset[str], re.Pattern]:
    cues = lexicons.load_yaml("agency_cues.yaml")["lowercase_bodies"]
    return frozenset(cues["ids"]), re.compile(
        rf"(?<![\w])(?i:{P.alternation(cues['after'])})[ \t]+$"
    )


def _lower_body(text: str, start: int, end: int, entry: lex.Entry) -> bool:
    """A body a report prints in lower case ("yêu cầu công an tỉnh ..."): one of the
    lexicon's ids, handed a task by the verb right before it, with its unit word after."""
    ids, after = _lower_body_cues()
    return (
        entry.agency_id in ids
        and bool(after.search(text, max(0, start - 20), start))
        and bool(P.UNIT_SUFFIX_REGEX.match(text, end))
    )


def _bounded(vtext: str, vstart: int, vend: int, text: str, offsets) -> bool:
    before = vtext[vstart - 1] if vstart else " "
    after = vtext[vend] if vend < len(vtext) else " "
    if before.isalnum() or before in "/&" or after.isalnum() or after in "/&":
        return False
    if before == "-" and vstart > 1 and vtext[vstart - 2].isalnum():
        dash = offsets[vstart - 1]  # "an ninh\n\n- Sở ...": a list dash, not a hyphen
        return dash > 0 and text[dash - 1].isspace()
    return True


def _mention(text, start, end, canonical, level, juris, kind="agency") -> AgencyMention:
    return AgencyMention(start, end, text[start:end], canonical, level, juris, kind)


def _expand(
    text: str, start: int, end: int, entry: lex.Entry, juris
) -> list[AgencyMention]:
    """Attach the unit/place suffix an entry takes; emit list items that share its head."""
    if entry.unit == "party":
        m = P.PARTY_SUFFIX_REGEX.match(text, end)
        if not m:
            return _shared_committee(text, start, end, entry, juris)
        name = f"{entry.name} {_committee(m)}"
        if name.endswith("Đảng ủy") and (body := _party_committee_of_body(text, m, juris)):
            # "Ban Thường vụ Đảng ủy UBND tỉnh": the committee of the committee's party
            return [_mention(text, start, body.end, f"{entry.name} {body.canonical}", "party",
                             body.jurisdiction)]
        if m.group("cunit") and name.endswith("Đảng ủy"):  # "Ban Thường vụ Đảng ủy xã A"
            return [_unit(text, start, m.end(), name, m.group("cunit").lower(),
                          m.group("place") or "", juris, party=True)]
        if _committee(m) == "Thành ủy" and (
            hcm := P.HCM_REGEX.match(text, m.end("committee"))
        ):  # "Thường trực Thành ủy TP.HCM", "Văn phòng Thành ủy TP HCM" (r14-13, r14-14, r6-13)
            return [_party(text, start, m.end("committee"), name, "Hồ Chí Minh", juris, hcm.end())]
        return [_party(text, start, m.end("committee"), name, m.group("place"), juris)]
    if entry.unit:
        return _with_unit(text, start, end, entry, juris)
    if entry.level == "party" and entry.name.endswith("ủy") and entry.name != "Tỉnh ủy":
        # the committee's unit word may be printed before its place ("Thành ủy Thành phố
        # Bà Rịa", "Thị ủy thị xã Sông Cầu"): the place follows it
        if entry.name == "Thành ủy" and (hcm := P.HCM_REGEX.match(text, end)):
            # "Thành ủy TP.HCM", "Thành ủy Thành phố Hồ Chí Minh": the city's official name
            return [_party(text, start, end, entry.name, "Hồ Chí Minh", juris, hcm.end())]
        unit = _PARTY_UNIT.match(text, end)
        m = P.PLACE_SUFFIX_REGEX.match(text, unit.end() if unit else end)
        return [_party(text, start, end, entry.name, m and m.group("place"), juris)]
    if entry.level == "party":
        # "Tỉnh ủy tỉnh Kon Tum": the unit word may stand before the province's name too
        unit = _PROVINCE_UNIT.match(text, end) if entry.name == "Tỉnh ủy" else None
        place = _province_after(text, unit.end() if unit else end)
        return [_party(text, start, end, entry.name, place, juris)]
    if entry.level == "province" and (
        listed := _province_list(text, start, end, entry, juris)
    ):
        return listed
    if entry.level == "province" and _many(text, start, end, juris):
        return [_mention(text, start, end, entry.name, "other", juris, "collective")]
    if entry.name in _regional_offices() and (region := _REGION.match(text, end)):
        name = f"{entry.name} {' '.join(region.group(0).split())}"  # "Kiểm toán Nhà nước khu vực V"
        return [_mention(text, start, region.end(), name, "central", None)]
    out = [_fixed(text, start, end, entry, juris)]
    if entry.level == "central" and (
        office := P.OFFICE_BEFORE_REGEX.search(text, max(0, start - 40), start)
    ):
        out = [
            replace(
                out[0],
                start=office.start(),
                surface=text[office.start() : out[0].end],
                canonical=f"{office.group().strip()} {out[0].canonical}",
            )
        ]  # "Văn phòng Bộ Công Thương", "Thanh tra Bộ Tư pháp"
    if entry.agency_id.startswith("SO_"):
        out += _more_fields(text, out[0].end, juris)
    return out


def _party_committee_of_body(text: str, suffix: re.Match, juris) -> AgencyMention | None:
    """The gazetteer's "Đảng ủy <body>" that starts at the committee word ("Đảng ủy UBND
    tỉnh", "Đảng ủy Quân sự tỉnh"), the longest of up to six words, or None."""
    start = suffix.start("committee")
    words = list(re.finditer(r"\S+", text[start : start + 80]))[:6]
    for w in reversed(words[1:]):
        end = start + w.end()
        surface = text[start:end].rstrip(",.;:")
        found = canonical_mention(surface, juris)
        if found is not None and found.kind == "agency" and found.level == "party":
            return replace(found, start=start, end=start + len(surface))
    return None


def _committee(suffix: re.Match) -> str:
    """ "TU" -> "Tỉnh ủy", "HUYỆN ỦY" -> "Huyện ủy"."""
    committee = suffix.group("committee")
    committee = {"tu": "Tỉnh ủy", "hu": "Huyện ủy"}.get(committee.lower(), committee)
    return f"{committee[0].upper()}{committee[1:].lower()}"


# the head a party body repeats or leaves out in a list: "Ban Tổ chức|, |Ban |Tuyên giáo
# Tỉnh ủy"
_BAN = re.compile(r"(?:Ban|ban|BAN)[ \t]+")


@functools.cache
def _party_bodies() -> dict[str, lex.Entry]:
    """The bodies of a party committee (agencies.csv rows whose unit is ``party``: "Ban Tổ
    chức", "Ủy ban Kiểm tra", "Văn phòng" ...), by each of their written forms of four letters
    or more, lower-cased."""
    out = {}
    for row in lexicons.load_agencies():
        if row["unit"] == "party" and row["level"] == "party":
            entry = lex.Entry(row["agency_id"], row["name"], row["level"], row["unit"],
                              row["valid_from"], row["valid_to"])
            for form in [row["name"], *row["aliases"]]:
                if len(form) >= 4:
                    out.setdefault(form.lower(), entry)
    return out


@functools.cache
def _party_body_regex() -> re.Pattern:
    forms = sorted(_party_bodies(), key=len, reverse=True)
    return re.compile(r"(?i:" + "|".join(re.escape(f) for f in forms) + r")(?![\w])")


def _shared_committee(
    text: str, start: int, end: int, entry: lex.Entry, juris
) -> list[AgencyMention]:
    """Party bodies listed before the committee they share: "các Ban Tổ chức, Tuyên
    giáo Tỉnh ủy", "Ban Dân vận, Ban Nội chính Huyện ủy" -> one body per item, with the
    committee (and place) the last one names; [] when no committee closes the list."""
    items, pos = [(start, end, entry)], end
    while (sep := P.LIST_SEP_REGEX.match(text, pos)) and sep.group(0).strip():
        item = sep.end()
        whole = _party_body_regex().match(text, item)  # "..., Ủy ban Kiểm tra, Văn phòng Tỉnh ủy"
        if ban := _BAN.match(text, item):
            item = ban.end()
        field = lex.index().fields["ban"].match(text, item)
        if field and text[item].isupper() and (found := lex.field_entry(field.group(0), "ban")):
            field_end = field.end()
        elif whole:
            found, field_end = _party_bodies()[whole.group(0).lower()], whole.end()
        else:
            return []
        items.append((sep.end(), field_end, found))
        pos = field_end
        if suffix := P.PARTY_SUFFIX_REGEX.match(text, pos):
            s, _, last = items[-1]
            name = f"{last.name} {_committee(suffix)}"
            place = suffix.group("place")
            closed = _party(text, s, suffix.end("committee"), name, place, juris)
            # the committee and place all items share: " Tỉnh ủy", " Huyện ủy Tân Hiệp"
            shared = closed.canonical[len(last.name) :]
            where = closed.jurisdiction
            return [
                _mention(text, s, e, f"{body.name}{shared}", "party", where)
                for s, e, body in items[:-1]
            ] + [closed]
    return []


def _province_after(text: str, end: int) -> str | None:
    m = P.PLACE_SUFFIX_REGEX.match(text, end)
    return m.group("place") if m and lex.bound_place(m.group("place"), "tỉnh") else None


# a unit word between a party committee and its place: "Thành ủy| Thành phố| Bà Rịa"
_PARTY_UNIT = re.compile(r"[ \t]+(?:[Tt]hành phố|TP\.?|[Tt]hị xã|TX\.?|[Hh]uyện|[Qq]uận)(?=[ \t])")
# ... and between "Tỉnh ủy" and its province (real dev r15-10, a central letter)
_PROVINCE_UNIT = re.compile(r"[ \t]+[Tt]ỉnh(?=[ \t])")


def _party(text, start, end, name, place, juris, m_end=None) -> AgencyMention:
    """A party body, with the place of its committee when printed ("Huyện ủy Tân Hiệp");
    ``m_end`` where the place ends when it is not printed as ``place`` ("TP.HCM")."""
    if place and m_end is None:
        unit = "tỉnh" if "Tỉnh" in name else "thành phố" if "Thành" in name else "huyện"
        place = lex.bound_place(place, unit)
    if not place:
        return _mention(text, start, end, name, "party", juris)
    m_end = m_end or text.index(place, end) + len(place)
    idx = lex.index()
    if place in idx.provinces:
        same = place == juris
        # a city whose official name keeps its unit word: "Thành ủy Thành phố Hồ Chí Minh"
        # (agency_cues.yaml: official_unit_names)
        full = _official_unit_names().get(place, place)
        return _mention(
            text, start, m_end, name if same else f"{name} {full}", "party", place
        )
    prov = idx.districts.get(place, ("", juris))[1] or juris
    return _mention(text, start, m_end, f"{name} {place}", "party", prov)


def _many(text: str, start: int, end: int, juris: str | None) -> bool:
    """The departments of many provinces, a collective: "Sở Công Thương các tỉnh,
    thành phố", "một số Sở Công Thương", and in a central notice "các Sở Công Thương"
    (in a province's notice "các Sở Tài chính, Xây dựng" lists its departments)."""
    before = P.MANY_BEFORE_REGEX.search(text, max(0, start - 12), start)
    return bool(
        P.COLLECTIVE_UNIT_REGEX.match(text, end)
        or (before and (juris is None or before.group(1).lower() != "các"))
    )


def _province_list(text, start, end, entry, juris) -> list[AgencyMention]:
    """ "Sở Y tế các tỉnh: Nghệ An, Hà Tĩnh" -> one body per province; [] when no list."""
    opener = P.PROVINCE_LIST_REGEX.match(text, end)
    out: list[AgencyMention] = []
    pos = opener.end() if opener else len(text)
    while m := P.PLACE_ITEM_REGEX.match(text, pos):
        place = lex.bound_place(m.group("place"), "tỉnh")
        if not place or place not in lex.index().provinces:
            break
        # a city keeps its unit word ("... các tỉnh, thành phố: Gia Lai, Thành phố Huế")
        unit = "thành phố" if lex.index().provinces[place] == "city" else "tỉnh"
        name = entry.name if place == juris else f"{entry.name} {unit} {place}"
        p_end = m.start("place") + len(place)
        out.append(
            _mention(
                text, start if not out else m.start(), p_end, name, "province", place
            )
        )
        sep = P.LIST_SEP_REGEX.match(text, p_end)
        if not sep or not sep.group(0).strip():
            break
        pos = sep.end()
    return out


def _fixed(text, start, end, entry, juris) -> AgencyMention:
    """A fixed name; a province-level body absorbs "tỉnh [Province]" after it."""
    if entry.level == "province":
        m = P.UNIT_SUFFIX_REGEX.match(text, end)
        if m and lex.unit_canon(m.group("unit")) in ("tỉnh", "thành phố"):
            place = lex.bound_place(m.group("place") or "", "tỉnh")
            if place and place not in lex.index().provinces:
                place = ""
            if place or lex.unit_canon(m.group("unit")) == "tỉnh":
                s_end = (
                    text.index(place, m.start("unit")) + len(place)
                    if place
                    else m.end("unit")
                )
                same = not place or place == juris
                name = (
                    entry.name
                    if same
                    else f"{entry.name} {lex.unit_canon(m.group('unit'))} {place}"
                )
                return _mention(
                    text, start, s_end, name, "province", juris if same else place
                )
    return _mention(
        text,
        start,
        end,
        entry.name,
        entry.level,
        juris if entry.level != "central" else None,
    )


def _ellipsis_openers(text: str, juris) -> list[AgencyMention]:
    """ "các Sở: Tài chính, Xây dựng" -> the opener (a blocker) and one Sở per item."""
    out = []
    for m in P.ELLIPSIS_OPENER_REGEX.finditer(text):
        head = m.group("head").lower()
        first = lex.index().fields[head].match(text, m.end())
        if not first or not text[m.end()].isupper():
            continue
        if P.LEVEL_SUFFIX_REGEX.match(text, first.end()):
            continue  # "các phòng NN-PTNT cấp huyện": every district's, no one body
        entry = lex.field_entry(first.group(0), head)
        if entry is None:
            continue
        out.append(_mention(text, m.start(), m.end(), "", "other", juris, "blocker"))
        out.append(_fixed(text, m.end(), first.end(), entry, juris))
        out += _more_fields(text, out[-1].end, juris, head)
    return out


def _ministry_list(text: str) -> list[AgencyMention]:
    """ "Các Bộ: Quốc phòng, Ngoại giao, Công an", "các Bộ Tài chính; Xây dựng" -> one
    ministry per item; "," ";" and "và" join items unless "và" belongs to a name ("Kế
    hoạch và Đầu tư"). The list ends at the first item that names no ministry."""
    out = []
    pos = 0
    # the next list is sought where this one's items end, not where its match ends: "các
    # bộ: A, B, Văn phòng Chính phủ; đại diện các bộ, cơ quan: C, D" holds two lists
    while m := P.MINISTRY_LIST_REGEX.search(text, pos):
        # "các Bộ: Xây dựng (văn bản số 1137/BXD-QHKT), Tài chính": the brackets are
        # blanked, so the list goes on after them
        items = re.sub(r"\([^()]*\)", lambda b: " " * len(b.group(0)), m.group("items"))
        words = [(w.start(), w.end()) for w in _LIST_TOKEN.finditer(items)]
        base, i = m.start("items"), 0
        pos = m.end()
        while i < len(words):
            # the longest run of words that is a ministry's name
            if found := _ministry_at(text, base, words, i):
                out.append(found[0])
                i = found[1]
            else:
                word = items[words[i][0] : words[i][1]]
                if (after := _misprinted_item(text, items, base, words, i)) is not None:
                    i = after  # "Giáo giục và Đào tạo, Xây dựng": a misprint between ministries
                elif not _ABBREVIATION.fullmatch(word):
                    pos = base + words[i][0]
                    break  # "... Công Thương| nghiên cứu": the list is over
                else:
                    i += 1  # an abbreviation the gazetteer lacks ("Các Bộ: QP, NG, TC"): skip it
            sep = items[words[i][0] : words[i][1]] if i < len(words) else ""
            pos = base + words[i][0] if i < len(words) else m.end()
            if sep in _ITEM_SEPS:
                i += 1
            else:
                break
    return out


def _ministry_at(text: str, base: int, words: list, i: int) -> tuple | None:
    """(the mention, the next word's index) of the longest ministry name from word ``i``."""
    for j in range(min(len(words), i + 8), i, -1):
        s, e = base + words[i][0], base + words[j - 1][1]
        if text[e - 1] in ",;":
            continue
        if canon := _ministry(text[s:e]):
            return AgencyMention(s, e, text[s:e], canon, "central", None, "agency"), j
    return None


def _misprinted_item(text: str, items: str, base: int, words: list, i: int) -> int | None:
    """The index of the separator after a capitalised item of at most six words that names no
    ministry, when a ministry follows that separator; else None (the list is over)."""
    for k in range(i + 1, min(len(words), i + 7)):
        word = items[words[k][0] : words[k][1]]
        if word in (",", ";"):
            capitalised = items[words[i][0] : words[i][0] + 1].isupper()
            return k if capitalised and _ministry_at(text, base, words, k + 1) else None
    return None


def _cue_alternation(key: str) -> str:
    """A regex alternation of the phrases of agency_cues.yaml ``key``, longest first."""
    phrases = lexicons.load_yaml("agency_cues.yaml")[key]
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _headed_list_regex() -> re.Pattern:
    """ "các Vụ: ", "các Cục " ... (agency_cues.yaml: list_heads), then the items."""
    alt = _cue_alternation("list_heads")
    return re.compile(
        rf"(?i:các)[ \t]+(?P<head>(?i:{alt}))(?:[ \t]*:[ \t]*|[ \t]+(?=[{P.UPPER}]))(?P<items>[^.;\n]+)"
    )


def _headed_list(text: str, juris, date) -> list[AgencyMention]:
    """ "các Vụ: Kế hoạch, Tài chính và Pháp chế" -> Vụ Kế hoạch, Vụ Tài chính, Vụ Pháp
    chế: each item with the shared head, canonical by the gazetteer when it knows the
    name ("các Cục: Hàng hải" -> Cục Hàng hải Việt Nam)."""
    out = []
    for m in _headed_list_regex().finditer(text):
        head, base = m.group("head"), m.start("items")
        head = head[:1].upper() + head[1:]
        level = agency_patterns.cues().head_level.get(head.lower(), "central")
        for item in re.finditer(r"[^,]+", m.group("items")):
            # "..., Pháp chế và Văn phòng Tổng cục": another body ends the list
            other = _other_body().search(item.group(0))
            name = item.group(0)[: other.start() if other else None].strip()
            if not name[:1].isupper() or _other_body().match(name) or len(name.split()) > 8:
                break
            start = text.index(name, base + item.start())
            # the gazetteer's name for the longest leading words ("Đường sắt| tham dự"),
            # else the item up to the first word that starts the predicate
            found, words = None, name.split()
            for k in range(len(words), 0, -1):
                if words[k - 1] in _JOINERS or (k < len(words) and words[k] in _JOINERS):
                    continue  # "Kế hoạch - Đầu tư": the name goes on past the dash
                hit = canonical_mention(f"{head} {' '.join(words[:k])}", juris, date)
                if hit and hit.kind == "agency":
                    found, name = hit, " ".join(words[:k])
                    break
            if found is None and _DOTTED_ABBREVIATION.match(text, start):
                continue  # "các Vụ: TH, V.III" (Vụ III) of a distribution list: no name either
            stops = [] if found else agency_patterns.cues().stop.finditer(name, 1)
            # "và" joins the words of one name here ("Vụ Chính sách và Pháp chế")
            stop = next((x for x in stops if name[x.start() - 1] == " " and x.group(0) != "và"), None)
            name = name[: stop.start()].strip() if stop else name
            if found is None and _ABBREVIATION.fullmatch(name):
                continue  # "các Vụ: KTTH, NN" of a distribution list: no name to give
            if P.LEVEL_SUFFIX_REGEX.match(text, start + len(name)):
                break  # "các phòng LĐ-TB&XH cấp huyện": every district's, no one body
            out.append(
                AgencyMention(
                    start, start + len(name), name,
                    found.canonical if found else agency_patterns.spell_compounds(f"{head} {name}"),
                    found.level if found else level, None, "pattern",
                )
            )
            if other:
                break
    return out


@functools.lru_cache(maxsize=1)
def _other_body() -> re.Pattern:
    """Another body's head, opening an item or after "và" (agency_cues.yaml: and_blockers)."""
    return re.compile(rf"(?:^|[ \t]+và[ \t]+)(?:{_cue_alternation('and_blockers')})(?!\w)")


# words that join the parts of one name in a list item ("Vụ Kế hoạch - Đầu tư")
_JOINERS = {"-", "–", "&"}
# a short upper-case form inside a list of ministries ("NG", "LĐ-TB&XH")
_ABBREVIATION = re.compile(r"[A-ZĐ][A-ZĐ&-]{1,9}")
# an abbreviation with a dot: "V.III" (Vụ III), "P.TH" in a distribution list
_DOTTED_ABBREVIATION = re.compile(r"[A-ZĐ]{1,3}\.[A-ZĐ]{1,6}(?![\w.])")
# a word or a separator inside a list of ministries
_LIST_TOKEN = re.compile(r"[,;]|[^\s,;]+")
_ITEM_SEPS = {",", ";", "và"}


def _ministry(name: str) -> str | None:
    name = name.strip()
    canon = canonical_agency(f"Bộ {name}") if name[:1].isupper() else None
    return canon if canon and canon.startswith("Bộ ") else None


def _more_fields(text: str, pos: int, juris, head: str = "sở") -> list[AgencyMention]:
    out = []
    while True:
        sep = P.LIST_SEP_REGEX.match(text, pos)
        m = sep and lex.index().fields[head].match(text, sep.end())
        if not m or not text[sep.end()].isupper() or not sep.group(0).strip():
            return out
        entry = lex.field_entry(m.group(0), head)
        if entry is None:
            return out
        out.append(_fixed(text, sep.end(), m.end(), entry, juris))
        pos = m.end()


def _verb_in_title_case(text: str, start: int, place: str) -> bool:
    """The "place" after a unit word is the first word of a predicate capitalised by a
    title-case headline ("Đánh| giá", agency_cues.yaml stop_words), not a known place."""
    idx = lex.index()
    if place in idx.provinces or place in idx.districts:
        return False
    stop = agency_patterns.cues().stop.match(text, start)
    return stop is not None and stop.end() > start + len(place)


# a numbered region after a head: "khu vực XVII", "Khu vực 3" (the regional treasuries,
# tax and customs branches of 2025)
_REGION = re.compile(r"[ \t]+(?i:khu[ \t]+vực)[ \t]+(?:[IVXL]{1,6}|\d{1,2})(?![\w])")


# an area named after a head: "khu vực Thái Bình" (agency_cues.yaml: named_region_heads)
_NAMED_REGION = re.compile(
    rf"[ \t]+khu[ \t]+vực(?:[ \t]+[{P.UPPER}][\w]*){{1,4}}"
)


@functools.cache
def _named_region_heads() -> frozenset[str]:
    return frozenset(lexicons.load_yaml("agency_cues.yaml").get("named_region_heads", []))


def _with_unit(
    text: str, start: int, end: int, entry: lex.Entry, juris
) -> list[AgencyMention]:
    """Heads that take a unit: 1 list of places, 2 collective, 3 TP HCM, 4 unit (+ place), 5 bare."""
    head = entry.name
    m = P.UNIT_LIST_REGEX.match(text, end)
    if m:
        return _unit_list(text, start, m, head, juris)
    m = (
        P.COLLECTIVE_UNIT_REGEX.match(text, end)
        or P.LEVEL_SUFFIX_REGEX.match(text, end)
        or P.BARE_UNITS_REGEX.match(text, end)
    )
    if m:
        name = head + " " + " ".join(text[end : m.end()].split())
        return [_mention(text, start, m.end(), name, "other", juris, "collective")]
    m = P.HCM_REGEX.match(text, end)
    if m:
        return [_unit(text, start, m.end(), head, "thành phố", "Hồ Chí Minh", juris)]
    m = P.UNIT_SUFFIX_REGEX.match(text, end)
    if m:
        unit = lex.unit_canon(m.group("unit"))
        place = lex.bound_place(m.group("place"), unit) if m.group("place") else ""
        if place and _verb_in_title_case(text, m.start("place"), place):
            place = ""  # a headline in title case: "UBND huyện Đánh giá kết quả tháng 10"
        s_end = m.start("place") + len(place) if place else m.end("unit")
        out = [
            _unit(text, start, s_end, head, unit, place, juris, entry.level == "party")
        ]
        return out + (_next_units(text, s_end, head, juris) if place else [])
    if m := _REGION.match(text, end):  # "Kho bạc Nhà nước khu vực XVII" (2025): a region's
        name = f"{head} {' '.join(m.group(0).split())}"  # body, not the province's
        return [_mention(text, start, m.end(), name, "central", None)]
    if head in _named_region_heads() and (m := _NAMED_REGION.match(text, end)):
        # "Chi nhánh Văn phòng Đăng ký đất đai khu vực Thái Bình": a branch named by its area
        name = f"{head} {' '.join(m.group(0).split())}"
        return [_mention(text, start, m.end(), name, entry.level, juris)]
    if entry.unit.startswith("optional:"):
        default = entry.unit.split(":", 1)[1]
        if default == "tỉnh" and lex.index().provinces.get(juris) == "city":
            default = "thành phố"  # "Kho bạc Nhà nước" in a Cần Thơ notice
        name, level = (
            (f"{head} {default}", "province") if default else (head, entry.level)
        )
        return [_mention(text, start, end, name, level, juris)]
    if entry.agency_id in _district_offices() and (unit := _own_district_unit(text)):
        # "Văn phòng HĐND&UBND" with no unit: the office of the text's own district
        return [_mention(text, start, end, f"{head} {unit}", "district", juris)]
    return []


@functools.cache
def _district_offices() -> frozenset[str]:
    return frozenset(lexicons.load_yaml("agency_cues.yaml").get("district_offices", []))


# the text's own district committee, printed with its unit and no place: "Chủ tịch UBND
# quận", "UBND huyện tổ chức ..."
_OWN_DISTRICT = re.compile(
    rf"(?<![\w])(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)[ \t]+(?P<unit>huyện|quận|thị xã)"
    rf"(?![\w])(?![ \t]+[{P.UPPER}])"
)


def _own_district_unit(text: str) -> str | None:
    m = _OWN_DISTRICT.search(text)
    return m.group("unit") if m else None


@functools.cache
def _bare_commune_regexes() -> tuple[re.Pattern, re.Pattern]:
    cues = lexicons.load_yaml("agency_cues.yaml")
    openers = "|".join(re.escape(w) for w in sorted(cues["bare_commune_openers"], key=len, reverse=True))
    units = "|".join(re.escape(w) for w in cues["bare_commune_units"])
    one = re.compile(
        rf"(?<![\w])(?i:{openers})[ \t]+(?P<unit>(?i:{units}))[ \t]+(?P<place>{P.PLACE})(?![\w])"
    )
    # "Các phường: A, B và xã C" opening a line or an item ("2. ", "a) ", "- ")
    listed = re.compile(
        rf"(?m)^[ \t]*(?:[-+•][ \t]*|\d+(?:\.\d+)*\.?[ \t]+|[a-zđ]\)[ \t]*)?"
        rf"(?P<list>(?i:các)[ \t]+(?P<units>(?i:{units})(?:\s*(?:,|và)\s*(?i:{units}))*)\s*:\s*)"
        # or opening a clause after a semicolon, with or without the colon: "...; các xã A, B
        # phối hợp, bàn giao mặt bằng"
        rf"|;[ \t]*(?P<list2>(?i:các)[ \t]+(?P<units2>(?i:{units})(?:[ \t]*,[ \t]*(?i:{units}))*)[ \t]*:?[ \t]*)"
    )
    return one, listed


def _bare_communes(text: str, juris: str | None) -> list[AgencyMention]:
    """Commune-level units named bare as bodies (agency_cues.yaml: bare_commune_openers):
    each one that is a unit of that kind in the notice's province is its People's Committee
    ("giao phường A" -> "Ủy ban nhân dân phường A"; "Các xã: A, B" -> one per place)."""
    if not juris:
        return []
    one, listed = _bare_commune_regexes()
    out: list[AgencyMention] = []
    for m in one.finditer(text):
        unit = lex.unit_canon(m.group("unit"))
        place = lex.bound_place(m.group("place"), unit)
        if not place or lex.commune_kind(place, juris) != unit:
            continue
        start = m.start("unit")
        while True:  # "giao phường A và xã B": each of them
            end = m.start("place") + len(place)
            out.append(_unit(text, start, end, "Ủy ban nhân dân", unit, place, juris))
            if not (m := P.NEXT_UNIT_REGEX.match(text, end)):
                break
            unit = lex.unit_canon(m.group("unit"))
            place = lex.bound_place(m.group("place"), unit)
            if not place or lex.commune_kind(place, juris) != unit:
                break
            start = m.start("unit")
    for m in listed.finditer(text):
        first = P.PLACE_ITEM_REGEX.match(text, m.end())
        place = first and lex.bound_place(first.group("place"), "huyện")
        if place and lex.commune_kind(place, juris):
            key = "list" if m.group("list") else "list2"
            out += _unit_list(text, m.start(key), _Units(m, key), "Ủy ban nhân dân", juris)
    return out


def _commune_prefix(place: str, juris) -> str:
    """The longest start of ``place`` that is a commune, ward or zone of ``juris`` ("Quy Nhơn
    Đông" in Gia Lai, where "Quy Nhơn" alone was a city before 01/07/2025), or ""."""
    words = place.split()
    for k in range(len(words), 0, -1):
        if lex.commune_kind(" ".join(words[:k]), juris):
            return " ".join(words[:k])
    return ""


class _Units:
    """One of the two forms of ``listed`` seen as the opener ``_unit_list`` reads."""

    def __init__(self, m: re.Match, key: str) -> None:
        self.m, self.units = m, ("units" if key == "list" else "units2")

    def group(self, name: str):
        return self.m.group(self.units) if name == "units" else None

    def end(self) -> int:
        return self.m.end()


def _unit(text, start, end, head, unit, place, juris, party=False) -> AgencyMention:
    name, level, where = lex.resolve_unit(head, unit, place, juris)
    return _mention(text, start, end, name, "party" if party else level, where)


def _next_units(text: str, pos: int, head: str, juris) -> list[AgencyMention]:
    """ "HĐND huyện A và huyện B": the second unit shares the head."""
    out = []
    while m := P.NEXT_UNIT_REGEX.match(text, pos):
        unit = lex.unit_canon(m.group("unit"))
        place = lex.bound_place(m.group("place"), unit)
        if not place or unit == "tỉnh":
            break
        pos = m.start("place") + len(place)
        out.append(_unit(text, m.start("unit"), pos, head, unit, place, juris))
    return out


# a list of places that goes on with units of another kind under the same head: "UBND các
# xã: A, B|; các phường: C, D", "UBND các phường A, B| và các xã C, D"
_MORE_UNITS = re.compile(
    rf"(?i:các)[ \t]+(?P<units>{P.UNIT}(?:\s*(?:,|và)\s*{P.UNIT})*)[ \t]*:?[ \t]*(?=[{P.UPPER}])"
)


def _more_units(text: str, pos: int, units: list[str]) -> tuple[list[str], int] | None:
    m = _MORE_UNITS.match(text, pos)
    if not m or (pos > 0 and not text[pos - 1].isspace()):
        return None
    more = [lex.unit_canon(u) for u in re.findall(P.UNIT, m.group("units"))]
    # communes and wards go on with communes and wards, not with a province's districts
    if not set(more) <= lex.COMMUNE_UNITS or not set(units) <= lex.COMMUNE_UNITS:
        return None
    return more, m.end()


@functools.cache
def _title_at() -> re.Pattern:
    """A person's title (titles.csv) where a place of a list would be."""
    titles = sorted(set(lexicons.load_titles().values()), key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(map(re.escape, titles))})(?![\w])")


def _unit_list(
    text: str, start: int, opener: re.Match, head: str, juris
) -> list[AgencyMention]:
    """ "UBND các huyện: Lục Ngạn, Sơn Động" -> one committee per place."""
    listed = opener.group("units") or opener.group("unit1")
    units = [lex.unit_canon(u) for u in re.findall(P.UNIT, listed)]
    out = [_mention(text, start, opener.end(), "", "other", juris, "blocker")]
    pos = opener.end()
    while m := P.PLACE_ITEM_REGEX.match(text, pos) or _more_units(text, pos, units):
        if not isinstance(m, re.Match):  # "...; các phường: A, B": the head goes on
            units, pos = m
            continue
        if _title_at().match(text, m.start("place")):
            break  # "... Lục Nam, Yên Thế, Bí thư và Chủ tịch ...": a title, no place
        # a list that names provinces ("UBND các tỉnh, thành phố: Cần Thơ, Bến Tre") reads a
        # province's name as the province (Bến Tre is also a city of Bến Tre province)
        province = "tỉnh" in units and lex.index().provinces.get(
            lex.bound_place(m.group("place"), "tỉnh")
        )
        place = lex.bound_place(m.group("place"), "tỉnh" if province else "huyện")
        if set(units) <= lex.COMMUNE_UNITS:  # "các phường: Quy Nhơn Đông": the ward, not the city
            place = _commune_prefix(m.group("place"), juris) or place
        known = (
            ("thành phố" if province == "city" else "tỉnh")
            if province
            else lex.index().districts.get(place, ("", ""))[0]
        )
        if known not in units:  # "các xã, phường: A, B": which of them is a ward
            known = lex.commune_kind(place, juris) or known
        unit = lex.unit_canon(m.group("unit") or "") or (
            known if known in units else units[0]
        )
        end = m.start("place") + len(place)
        out.append(_unit(text, m.start(), end, head, unit, place, juris))
        sep = P.LIST_SEP_REGEX.match(text, end)
        if not sep or not sep.group(0).strip():
            break
        pos = sep.end()
    return out
