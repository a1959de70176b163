"""Named persons: names, titles, roles; never a place or an agency."""

from __future__ import annotations

import pytest

from pipeline.core.paths import ROOT
from pipeline.core.text import normalize
from pipeline.extractors.people import extract_people, normalise_title

SEED = ROOT / "corpus/raw/kien-giang/2021-07-07-kiem-diem-6-thang-2021.txt"  # the seed


def people(text):
    return [(p.name, p.title, p.role) for p in extract_people(text)]


# fmt: off
CASES = [
    ("Chủ tịch Ủy ban nhân dân tỉnh Hồ Văn Lực chủ trì cuộc họp.",
     [("Hồ Văn Lực", "Chủ tịch Ủy ban nhân dân tỉnh", "chair")], "title-before-chair"),
    ("Dự họp có đồng chí Trần Thị Mai, Phó Chủ tịch UBND tỉnh.",
     [("Trần Thị Mai", "Phó Chủ tịch Ủy ban nhân dân tỉnh", "other")], "title-after-comma"),
    ("Cùng dự có đồng chí Lê Quang Vinh - Phó Chủ tịch UBND tỉnh; lãnh đạo các sở.",
     [("Lê Quang Vinh", "Phó Chủ tịch Ủy ban nhân dân tỉnh", "other")], "title-after-dash"),
    ("Dự họp có đồng chí Đỗ Văn Hưng (Giám đốc Sở Tài chính).",
     [("Đỗ Văn Hưng", "Giám đốc Sở Tài chính", "other")], "title-in-brackets"),
    ("Phát biểu của Chủ tịch UBND tỉnh Lâm Đồng Đinh Văn Tâm tại hội nghị.",
     [("Đinh Văn Tâm", "Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng", "other")],
     "province-whose-first-syllable-is-a-surname-then-the-name"),
    ("Số hiệu | 15/TB-VPCP |\nNgười ký | Đào Minh Khoa |\nNgày ban hành | 03/02/2020 |",
     [("Đào Minh Khoa", None, "signer")], "portal-signer-field"),
    ("Các Phó Chủ tịch là các ông: Đào Văn Hòa (Phó Chủ tịch Thường trực), Mai Văn Tú, Lò Văn Kiên.",
     [("Đào Văn Hòa", "Phó Chủ tịch", "other"), ("Mai Văn Tú", None, "other"), ("Lò Văn Kiên", None, "other")],
     "names-listed-after-a-bracketed-title"),
    ("Ông Phan Quốc Bảo trình bày dự thảo kế hoạch.",
     [("Phan Quốc Bảo", None, "presenter")], "honorific-presenter"),
    ("Bà Võ Thị Ngọc Lan báo cáo tình hình giải ngân.",
     [("Võ Thị Ngọc Lan", None, "presenter")], "honorific-ba"),
    ("Phó Chủ tịch UBND Lý Thành Công phát biểu.",
     [("Lý Thành Công", "Phó Chủ tịch Ủy ban nhân dân", "other")], "title-ubnd-no-unit"),
    ("Giám đốc Sở Nội vụ Đoàn Minh Triết giải trình.",
     [("Đoàn Minh Triết", "Giám đốc Sở Nội vụ", "other")], "title-with-so"),
    ("Sở Tài chính (cử ông Bùi Văn Sáu, Phó Giám đốc dự thay).",
     [("Bùi Văn Sáu", "Phó Giám đốc", "delegate")], "delegate"),
    ("Dự họp có các Phó Chủ tịch UBND tỉnh Ngô Văn Hai, Châu Thị Út.",
     [("Ngô Văn Hai", "Phó Chủ tịch Ủy ban nhân dân tỉnh", "other"),
      ("Châu Thị Út", "Phó Chủ tịch Ủy ban nhân dân tỉnh", "other")], "listed-names-share-title"),
    ("Dự họp có các Phó Chủ tịch UBND huyện: Lò Văn Páo, Hoàng Thị Hoa.",
     [("Lò Văn Páo", "Phó Chủ tịch Ủy ban nhân dân huyện", "other"),
      ("Hoàng Thị Hoa", "Phó Chủ tịch Ủy ban nhân dân huyện", "other")], "names-listed-after-a-colon"),
    ("Chủ tịch UBND huyện Giồng Riềng Dương Tấn Phát đề nghị.",
     [("Dương Tấn Phát", "Chủ tịch Ủy ban nhân dân huyện Giồng Riềng", "other")], "place-before-name"),
    ("Chủ tịch UBND thị xã Nghi Sơn Lương Bá Hòa báo cáo.",
     [("Lương Bá Hòa", "Chủ tịch Ủy ban nhân dân thị xã Nghi Sơn", "presenter")], "place-ends-in-surname"),
    ("Giám đốc Sở KH&ĐT Hà Quang Vinh đề xuất.",
     [("Hà Quang Vinh", "Giám đốc Sở KH&ĐT", "other")], "abbrev-agency-kept-in-title"),
    ("KT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\n\nTrịnh Văn Hậu",
     [("Trịnh Văn Hậu", "Phó Chánh Văn phòng", "signer")], "signer"),
    ("TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nMai Thị Hồng",
     [("Mai Thị Hồng", "Chánh Văn phòng", "signer")], "signer-tl"),
    # negatives: places and agencies are not persons
    ("Tăng cường kiểm tra tại Hà Tiên, Phú Quốc và Tân Hiệp.", [], "places"),
    ("UBND tỉnh Thanh Hóa và thành phố Hồ Chí Minh phối hợp.", [], "province-names"),
    ("Đầu tư tuyến đường Trần Hưng Đạo, cầu Lê Lợi.", [], "street-names"),
    ("Nguyễn Văn A", [], "name-without-context"),
    ("Giám đốc Sở Y tế báo cáo tình hình dịch bệnh.", [], "title-without-name"),
    # a title printed right after the name with no comma ends the name
    ("Chủ trì có ông Vương Đức Hậu Bí thư Đảng ủy phường.",
     [("Vương Đức Hậu", "Bí thư Đảng ủy phường", "other")], "title-after-the-name-without-comma"),
    ("Bà Đỗ Thị Yến Phó Chủ tịch UBND xã trả lời cử tri.",
     [("Đỗ Thị Yến", "Phó Chủ tịch Ủy ban nhân dân xã", "other")], "deputy-title-after-the-name"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "expected", "case_id"), CASES, ids=[c[2] for c in CASES]
)
def test_people_cases(text, expected, case_id):
    assert people(text) == expected


def test_people_dedupe_prefers_fullest_title_and_strongest_role():
    text = (
        "Ông Lê Hữu Tài trình bày báo cáo. Chủ tịch UBND tỉnh Lê Hữu Tài kết luận.\n"
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Hữu Tài"
    )
    assert people(text) == [("Lê Hữu Tài", "Chủ tịch Ủy ban nhân dân tỉnh", "signer")]


def test_people_seed():
    text = SEED.read_text(encoding="utf-8")
    found = {p.name: p for p in extract_people(text)}
    assert set(found) == {
        "Lâm Minh Thành",
        "Nguyễn Lưu Trung",
        "Đặng Vũ Bằng",
        "Đỗ Thị Lệ Hảo",
        "Nguyễn Thanh Nhân",
        "Huỳnh Xuân Vũ",
        "Đinh Xuân Phương",
    }
    assert (found["Lâm Minh Thành"].title, found["Lâm Minh Thành"].role) == (
        "Chủ tịch Ủy ban nhân dân tỉnh",
        "chair",
    )
    assert found["Nguyễn Lưu Trung"].title == "Phó Chủ tịch Ủy ban nhân dân"
    assert (found["Đặng Vũ Bằng"].title, found["Đặng Vũ Bằng"].role) == (
        "Phó Chánh Văn phòng",
        "signer",
    )
    assert found["Nguyễn Thanh Nhân"].role == "absent"
    assert found["Huỳnh Xuân Vũ"].title == "Giám đốc"
    for p in found.values():
        assert text[p.start : p.end] == p.surface


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("PHÓ CHÁNH VĂN PHÒNG", "Phó Chánh Văn phòng"),
        ("Phó Chủ tịch UBND tỉnh", "Phó Chủ tịch Ủy ban nhân dân tỉnh"),
        ("PCT UBND tỉnh", "Phó Chủ tịch Ủy ban nhân dân tỉnh"),
        ("Chủ tịch HĐND huyện", "Chủ tịch Hội đồng nhân dân huyện"),
    ],
)
def test_normalise_title(raw, expected):
    assert normalise_title(raw) == expected


# fmt: off
GLUED_AND_RARE = [
    # a web page's markup glued the title to the name (split at normalisation)
    ("Phó Thủ tướngHoàng Minh Tuấn có ý kiến như sau.", [("Hoàng Minh Tuấn", "Phó Thủ tướng")]),
    ("KT. BỘ TRƯỞNG\nPHÓ CHỦ NHIỆMNguyễn Văn Định", [("Nguyễn Văn Định", "Phó Chủ nhiệm")]),
    # a family name outside the most common ones
    ("Qua điện thoại, ông Đậu Văn Thành và ông Lê Minh Tú phản ánh việc cấp đất.",
     [("Đậu Văn Thành", None), ("Lê Minh Tú", None)]),
    # camel-case words that start no name stay out
    ("Tuyến đường mới nối khu đô thịLê Lợi với trung tâm.", []),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), GLUED_AND_RARE,
                         ids=["glued-title", "glued-caps-title", "rare-surname", "camel-case-place"])
def test_glued_titles_and_rare_surnames(text, expected):
    # the text as ingest normalises it: the glued word is split there (core.text)
    assert [(p.name, p.title) for p in extract_people(normalize(text))] == expected
