"""The issuer's own province is dropped by its name on the notice's date (issue 17, item 2):
a notice filed under a province that was merged on 1 July 2025 and dated after it drops its
new province's name; before that date, its own. Sentences written for these tests."""

from __future__ import annotations

import pytest

from pipeline.extractors.agencies import extract_agencies


def names(text, jurisdiction, day):
    return [m.canonical for m in extract_agencies(text, jurisdiction, day) if m.kind == "agency"]


TEXT = "Sở Xây dựng tỉnh An Giang, UBND tỉnh An Giang và Sở Xây dựng tỉnh Kiên Giang họp."

# fmt: off
CASES = [
    ("Kiên Giang", "2026-02-03",
     ["Sở Xây dựng", "Ủy ban nhân dân tỉnh", "Sở Xây dựng tỉnh Kiên Giang"], "merged-after-reform"),
    ("Kiên Giang", "2024-09-12",
     ["Sở Xây dựng tỉnh An Giang", "Ủy ban nhân dân tỉnh An Giang", "Sở Xây dựng"], "before-reform"),
    ("An Giang", "2026-02-03",
     ["Sở Xây dựng", "Ủy ban nhân dân tỉnh", "Sở Xây dựng tỉnh Kiên Giang"], "surviving-name"),
    ("Kiên Giang", None,
     ["Sở Xây dựng tỉnh An Giang", "Ủy ban nhân dân tỉnh An Giang", "Sở Xây dựng"], "no-date-as-given"),
]
# fmt: on


@pytest.mark.parametrize(("jurisdiction", "day", "expected"), [c[:3] for c in CASES],
                         ids=[c[3] for c in CASES])
def test_own_province_by_its_name_on_the_date(jurisdiction, day, expected):
    assert names(TEXT, jurisdiction, day) == expected


def test_former_province_in_brackets_stays_out_of_the_name():
    text = "Giao UBND phường Vĩnh Thông (tỉnh Kiên Giang cũ) rà soát hồ sơ."
    assert names(text, "An Giang", "2026-02-03") == ["Ủy ban nhân dân phường Vĩnh Thông"]


@pytest.mark.parametrize(
    ("text", "jurisdiction", "expected"),
    [
        # the city's official name keeps its capital: "Thành phố Hồ Chí Minh"
        ("Bộ giao Sở Nông nghiệp và Môi trường thành phố Hồ Chí Minh báo cáo.", None,
         ["Sở Nông nghiệp và Môi trường Thành phố Hồ Chí Minh"]),
        ("Mời UBND TP. Hồ Chí Minh và Công an TP Hồ Chí Minh dự họp.", None,
         ["Ủy ban nhân dân Thành phố Hồ Chí Minh", "Công an Thành phố Hồ Chí Minh"]),
        # ... and a notice of the city itself still drops it
        ("Giao Sở Tài chính Thành phố Hồ Chí Minh chủ trì.", "Hồ Chí Minh", ["Sở Tài chính"]),
        # other cities keep the lower-case unit word
        ("Mời Sở Xây dựng thành phố Đà Nẵng dự họp.", "Quảng Ngãi",
         ["Sở Xây dựng thành phố Đà Nẵng"]),
    ],
)
def test_official_unit_names(text, jurisdiction, expected):
    assert names(text, jurisdiction, "2026-01-10") == expected


def test_a_long_board_name_keeps_its_unit_word():
    """A project board's sector can run to fourteen words after its head, "tỉnh" included."""
    text = ("Ban Quản lý dự án đầu tư xây dựng công trình nông nghiệp và phát triển nông thôn "
            "tỉnh phối hợp với Sở Xây dựng rà soát hồ sơ.")
    found = [m.canonical for m in extract_agencies(text, "Cà Mau", "2026-03-02")]
    assert found[0] == (
        "Ban Quản lý dự án đầu tư xây dựng công trình nông nghiệp và phát triển nông thôn tỉnh"
    )


# fmt: off
MIXED_LISTS = [
    # a list headed by two commune-level kinds: each name takes the kind it has in the
    # province since 01/07/2025 (communes_2025.csv): Vĩnh Tế and Tịnh Biên are wards of
    # An Giang, Thạnh Đông a commune
    ("UBND các xã, phường: Vĩnh Tế, Thạnh Đông, Tịnh Biên phối hợp nạo vét kênh.", "An Giang",
     ["Ủy ban nhân dân phường Vĩnh Tế", "Ủy ban nhân dân xã Thạnh Đông",
      "Ủy ban nhân dân phường Tịnh Biên"]),
    # one kind printed: the list keeps it, whatever the name is elsewhere
    ("UBND các xã: Tân Hiệp, Thạnh Đông rà soát diện tích lúa.", "An Giang",
     ["Ủy ban nhân dân xã Tân Hiệp", "Ủy ban nhân dân xã Thạnh Đông"]),
    # a name the province's list lacks keeps the first kind printed
    ("UBND các xã, phường: Bờ Lở, Vĩnh Tế báo cáo kết quả.", "An Giang",
     ["Ủy ban nhân dân xã Bờ Lở", "Ủy ban nhân dân phường Vĩnh Tế"]),
]
# fmt: on


@pytest.mark.parametrize(("text", "jurisdiction", "expected"), MIXED_LISTS)
def test_a_mixed_list_of_communes_and_wards_reads_each_kind(text, jurisdiction, expected):
    assert names(text, jurisdiction, "2026-03-02") == expected
