"""Lineage tables (issue 17, item 1): consistent relations, 63 -> 34, and worked examples."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
import underthesea

from pipeline import lexicons, lineage
from pipeline.lineage import agency_rows, province_rows

BEFORE, AFTER = dt.date(2025, 6, 30), dt.date(2025, 7, 1)
TABLES = {"province": province_rows, "agency": agency_rows}
# NQ 202/2025/QH15: the 11 provincial units that were not merged
UNCHANGED = {
    "Hà Nội",
    "Huế",
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Lạng Sơn",
    "Quảng Ninh",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Cao Bằng",
}
# names in province_lineage.csv that places.csv does not list, and why
NOT_IN_PLACES = {
    "Thừa Thiên Huế": "renamed thành phố Huế on 2025-01-01; places.csv keeps Huế"
}

# fmt: off
PROVINCE_CASES = [
    ("Kiên Giang", "2026-01-01", "An Giang", "absorbed"),
    ("Kiên Giang", "2024-01-01", "Kiên Giang", "before"),
    ("Kiên Giang", "2025-06-30", "Kiên Giang", "last-day"),
    ("tỉnh Kiên Giang", "2025-07-01", "An Giang", "unit-word"),
    ("An Giang", "2024-01-01", "An Giang", "absorber-before"),
    ("Bình Dương", "2025-07-01", "Hồ Chí Minh", "into-city"),
    ("TP. Hồ Chí Minh", "2026-01-01", "Hồ Chí Minh", "tp-abbrev"),
    ("Thừa Thiên Huế", "2026-01-01", "Huế", "two-steps"),
    ("Huế", "2024-06-01", "Thừa Thiên Huế", "single-predecessor"),
    ("Nghệ An", "2026-01-01", "Nghệ An", "unchanged"),
    ("Atlantis", "2026-01-01", None, "unknown"),
]

AGENCY_CASES = [
    ("Sở Kế hoạch và Đầu tư", "2025-03-01", ("Sở Tài chính", "merge"), "merge-first-day"),
    ("Sở Kế hoạch và Đầu tư", "2025-02-28", ("Sở Kế hoạch và Đầu tư", "same"), "last-day"),
    ("Sở KH&ĐT", "2026-01-01", ("Sở Tài chính", "merge"), "alias"),
    ("Sở Tài chính", "2026-01-01", ("Sở Tài chính", "same"), "continues"),
    ("Bộ Giao thông vận tải", "2025-03-01", ("Bộ Xây dựng", "merge"), "ministry"),
    ("Bộ Kế hoạch và Đầu tư", "2025-03-01", ("Bộ Tài chính", "merge"), "ministry-2"),
    ("Ủy ban Dân tộc", "2025-03-01", ("Bộ Dân tộc và Tôn giáo", "merge"), "committee"),
    ("Sở Lao động - Thương binh và Xã hội", "2025-03-01", ("Sở Nội vụ", "split"), "main"),
    ("Bộ Lao động - Thương binh và Xã hội", "2025-03-01", ("Bộ Nội vụ", "split"), "main-2"),
    ("Ban Dân tộc", "2025-03-01", (None, "split"), "no-main"),
    ("UBND huyện Tân Hiệp", "2025-07-01", (None, "split"), "district"),
    ("Ủy ban nhân dân thành phố Rạch Giá", "2025-07-01", (None, "split"), "district-city"),
    ("UBND huyện Tân Hiệp", "2025-06-30", ("UBND huyện Tân Hiệp", "same"), "district-last-day"),
    ("UBND thành phố Hà Nội", "2025-07-01", ("UBND thành phố Hà Nội", "same"), "not-district"),
    ("Công ty Điện lực", "2026-01-01", ("Công ty Điện lực", "same"), "unknown"),
]
# fmt: on


def test_lineage_check_finds_no_problems():
    assert lineage.check() == []


@pytest.mark.parametrize("table", TABLES)
def test_lineage_dates_are_ordered(table):
    rows = TABLES[table]()
    assert [
        r.name
        for r in rows
        if r.valid_from and r.valid_to and r.valid_from > r.valid_to
    ] == []


@pytest.mark.parametrize("table", TABLES)
def test_lineage_every_row_names_a_source(table):
    assert [r.name for r in TABLES[table]() if not r.source.strip()] == []


@pytest.mark.parametrize("table", TABLES)
def test_lineage_every_successor_exists_on_the_day_it_takes_over(table):
    rows = TABLES[table]()
    missing = [
        r.name
        for r in rows
        if r.successor and len(lineage.successor_rows(r, rows)) != 1
    ]
    assert missing == []


@pytest.mark.parametrize("table", TABLES)
def test_lineage_has_no_cycles(table):
    rows = TABLES[table]()
    for row in rows:
        seen, todo = set(), list(lineage.successor_rows(row, rows))
        while todo:
            nxt = todo.pop()
            assert nxt != row, row.name
            if nxt not in seen:
                seen.add(nxt)
                todo += lineage.successor_rows(nxt, rows)


def test_lineage_63_units_before_and_34_after():
    before = [r for r in province_rows() if r.valid_on(BEFORE)]
    after = [r for r in province_rows() if r.valid_on(AFTER)]
    assert len(before) == len({r.name for r in before}) == 63
    assert len(after) == len({r.name for r in after}) == 34
    assert sorted(r.kind for r in after).count("city") == 6  # 28 provinces + 6 cities
    assert all(r.valid_to == BEFORE for r in before)


def test_lineage_each_of_the_63_has_one_successor_among_the_34():
    rows = province_rows()
    after = {r for r in rows if r.valid_on(AFTER)}
    for row in (r for r in rows if r.valid_on(BEFORE)):
        assert len(lineage.successor_rows(row, rows)) == 1, row.name
        assert set(lineage.successor_rows(row, rows)) <= after, row.name


def test_lineage_unmerged_units_match_nq_202():
    counts: dict[str, int] = {}
    for row in (r for r in province_rows() if r.valid_on(BEFORE)):
        counts[row.successor] = counts.get(row.successor, 0) + 1
    assert {name for name, n in counts.items() if n == 1} == UNCHANGED


def test_lineage_matches_underthesea_mapping():
    """Every old -> new pair is the one underthesea ships (province_mapping)."""
    path = Path(underthesea.__file__).parent / "address" / "data" / "mapping.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    old, new = data["old_province_names"], data["province_names"]
    shipped = {
        old[k]["short"]: new[v]["short"] for k, v in data["province_mapping"].items()
    }
    ours = {r.name: r.successor for r in province_rows() if r.valid_on(BEFORE)}
    assert ours == shipped


def test_lineage_province_names_are_known_to_places():
    places = {
        p["name"]: p["kind"] for p in lexicons.load_places() if p["kind"] != "district"
    }
    unknown = {r.name for r in province_rows() if r.name not in places}
    assert unknown == set(NOT_IN_PLACES)
    assert [
        r.name for r in province_rows() if r.name in places and places[r.name] != r.kind
    ] == []


@pytest.mark.parametrize(
    ("name", "day", "expected", "case"),
    PROVINCE_CASES,
    ids=[c[-1] for c in PROVINCE_CASES],
)
def test_lineage_province_on(name, day, expected, case):
    assert lineage.province_on(name, day) == expected


@pytest.mark.parametrize(
    ("name", "day", "expected", "case"), AGENCY_CASES, ids=[c[-1] for c in AGENCY_CASES]
)
def test_lineage_agency_successor(name, day, expected, case):
    successor, relation, note = lineage.agency_successor(name, day)
    assert (successor, relation) == expected
    if successor is None:
        assert note  # an unresolved split always says why


def test_lineage_district_note_says_communes_are_not_inferred():
    _, _, note = lineage.agency_successor("UBND huyện Tân Hiệp", dt.date(2025, 7, 1))
    assert "not inferred" in note


def test_lineage_check_reports_a_missing_successor_and_allows_a_returning_name():
    a = lineage.Row(
        "A", "province", None, dt.date(2020, 1, 1), "B", "merge", "", "test"
    )
    b = lineage.Row("B", "province", dt.date(2020, 1, 2), None, "", "", "", "test")
    assert lineage.check(provinces=(a, b), agencies=()) == []
    assert any(
        "no row on the day" in p for p in lineage.check(provinces=(a,), agencies=())
    )
    # A -> B -> A again is no cycle: the dates move on (a name that comes back)
    b_ends = dataclasses.replace(
        b, valid_to=dt.date(2020, 1, 3), successor="A", relation="merge"
    )
    a_again = lineage.Row(
        "A", "province", dt.date(2020, 1, 4), None, "", "", "", "test"
    )
    assert lineage.check(provinces=(a, b_ends, a_again), agencies=()) == []


@pytest.mark.parametrize("table", TABLES)
def test_lineage_successors_end_later_so_no_cycle_is_possible(table):
    """A successor row is valid on the day after its predecessor's valid_to, so its own
    valid_to is later: valid_to grows along every edge and the relation cannot cycle."""
    rows = TABLES[table]()
    for row in rows:
        for nxt in lineage.successor_rows(row, rows):
            assert (nxt.valid_to or dt.date.max) > row.valid_to, (row.name, nxt.name)


def test_lineage_check_reports_bad_dates_and_missing_sources():
    bad = lineage.Row(
        "A", "province", dt.date(2021, 1, 1), dt.date(2020, 1, 1), "", "merge", "", " "
    )
    problems = lineage.check(provinces=(bad,), agencies=())
    assert any("valid_from after valid_to" in p for p in problems)
    assert any("no source" in p for p in problems)
    assert any("no successor" in p for p in problems)


def test_lineage_check_reports_two_continuations_and_two_main_parts():
    new = lineage.Row("C", "province", dt.date(2020, 1, 2), None, "", "", "", "test")
    old = [
        lineage.Row(n, "province", None, dt.date(2020, 1, 1), "C", "same", "", "test")
        for n in "AB"
    ]
    assert any("continues 2" in p for p in lineage.check((new, *old), ()))
    parts = [
        lineage.Row(
            "S", "province", None, dt.date(2020, 1, 1), "C", "split", "main", "t"
        ),
        lineage.Row(
            "S", "province", None, dt.date(2020, 1, 1), "C", "split", "main", "u"
        ),
    ]
    assert any("one main" in p for p in lineage.check((), (new, *parts)))


# the departments merged on 01/03/2025 and the body that holds their duties (NĐ 45/2025)
MERGED_DEPARTMENTS = {
    "Sở Kế hoạch và Đầu tư": "Sở Tài chính",
    "Sở Tài nguyên và Môi trường": "Sở Nông nghiệp và Môi trường",
    "Sở Nông nghiệp và Phát triển nông thôn": "Sở Nông nghiệp và Môi trường",
    "Sở Giao thông vận tải": "Sở Xây dựng",
}


def test_lineage_maps_the_merged_departments_of_every_province():
    """The department rows are generic (the same decree in every province): each of
    the 63 provinces and cities of 2025 finds its merged departments' successor, in the
    province that absorbed it."""
    day = dt.date(2026, 1, 1)
    old = [r.name for r in province_rows() if r.valid_to == dt.date(2025, 6, 30)]
    kept = [r.name for r in province_rows() if r.valid_to is None and r.valid_from is None]
    assert len(old) + len(kept) == 63
    for province in old + kept:
        for printed, successor in MERGED_DEPARTMENTS.items():
            shown = lineage.current_name(printed, province, day)
            assert shown[:3] == (successor, lineage.province_on(province, day), "merge")
        split = lineage.current_name("Sở Thông tin và Truyền thông", province, day)
        assert split[:3] == ("Sở Thông tin và Truyền thông", province, "split")


def test_communes_of_2025_cover_the_34_units_with_the_official_count():
    import collections
    import unicodedata

    rows = lexicons.load_communes()
    # 3,321 commune-level units from 01/07/2025: 2,621 xã, 687 phường, 13 đặc khu
    assert collections.Counter(r["kind"] for r in rows) == {
        "xã": 2621, "phường": 687, "đặc khu": 13
    }
    current = {r.name for r in province_rows() if r.valid_from == AFTER}
    assert {r["province"] for r in rows} == current and len(current) == 34
    assert len({(r["province"], r["name"]) for r in rows}) == len(rows)
    assert len({r["code"] for r in rows}) == len(rows)
    for r in rows:
        assert r["valid_from"] == "2025-07-01"
        assert r["name"] == unicodedata.normalize("NFC", r["name"]).strip() and r["name"]
        assert not r["name"].lower().startswith(("xã ", "phường ", "đặc khu "))
    # Phú Quốc became a special zone of An Giang
    assert {(r["name"], r["kind"]) for r in rows if r["province"] == "An Giang"} >= {
        ("Phú Quốc", "đặc khu"), ("Châu Đốc", "phường")
    }
