"""Repair and decoding: encodings, Unicode, line breaks, bold, page-break footnotes."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import NOTICE, cp1258_bytes, legacy_bytes

from pipeline.readers import read_file, repair
from pipeline.readers.decode import decode_bytes

# fmt: off
ENCODED = [
    ("tcvn3",  lambda t: legacy_bytes(t, "tcvn3"), "tcvn3"),
    ("vni",    lambda t: legacy_bytes(t, "vni"),   "vni"),
    ("cp1258", cp1258_bytes,                       "cp1258"),
    ("utf16",  lambda t: t.encode("utf-16"),       "utf-16"),
]
# fmt: on


@pytest.mark.parametrize(
    ("name", "encode", "encoding"), ENCODED, ids=[e[0] for e in ENCODED]
)
def test_read_file_decodes_legacy_encodings(tmp_path, name, encode, encoding):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(encode(NOTICE))
    raw = read_file(path)
    assert raw.encoding == encoding
    got, want = repair(raw.text).text, repair(NOTICE).text
    if name == "tcvn3":  # TCVN3 has no upper-case toned letters: "Chủ tịch ủy ban"
        got, want = got.lower(), want.lower()
    assert got == want


def test_decode_tcvn3_restores_capitals_and_line_breaks():
    text, encoding, warnings = decode_bytes(legacy_bytes(NOTICE, "tcvn3"))
    assert encoding == "tcvn3" and warnings == ["converted from tcvn3"]
    assert text.split("\n")[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH KIÊN GIANG"]
    assert text.count("\n") == NOTICE.count("\n")


def test_decode_cp1258_is_composed():
    text, _, _ = decode_bytes(cp1258_bytes(NOTICE))
    assert unicodedata.is_normalized("NFC", text)


def test_decode_utf8_with_one_damaged_byte():
    text, encoding, warnings = decode_bytes(NOTICE.encode() + b"\xff")
    assert encoding == "utf-8" and warnings == ["1 undecodable byte(s) replaced"]
    assert text.startswith(NOTICE)


# fmt: off
REPAIRS = [
    # (input, expected text, id)
    (unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh Kiên Giang."),
     "Ủy ban nhân dân tỉnh Kiên Giang.", "nfd"),
    ("Uỷ ban hoà giải, thuỷ lợi, khoẻ mạnh, quý.",
     "Ủy ban hòa giải, thủy lợi, khỏe mạnh, quý.", "old-tone-placement"),
    ("Dòng một.\r\nDòng hai.\rDòng ba.",
     "Dòng một.\nDòng hai.\nDòng ba.", "crlf-cr"),
    ("Sở Kế hoạch và Đầu tư khẩn trương\ntham mưu UBND tỉnh\ntriển khai.",
     "Sở Kế hoạch và Đầu tư khẩn trương tham mưu UBND tỉnh triển khai.", "hard-wrap"),
    ("Các nhiệm vụ sau\na) Sở Y tế báo cáo.\nb) Sở Tài chính bố trí vốn.",
     "Các nhiệm vụ sau\na) Sở Y tế báo cáo.\nb) Sở Tài chính bố trí vốn.", "list-items-kept"),  # noqa: E501
    ("Kết quả đạt được:\nvượt kế hoạch.", "Kết quả đạt được:\nvượt kế hoạch.", "sentence-end-kept"),  # noqa: E501
    ("THÔNG BÁO\n\nkết luận của Thường trực Tỉnh ủy",
     "THÔNG BÁO\n\nkết luận của Thường trực Tỉnh ủy", "caps-line-kept"),
    ("**Sở Y tế** khẩn trương **báo cáo**.", "Sở Y tế khẩn trương báo cáo.", "bold"),
    ("Sở  Y\ttế   báo cáo.  ", "Sở Y tế báo cáo.", "spaces"),
    ("Đoạn một.\n\n\n\n- 2 -\n\nĐoạn hai.", "Đoạn một.\n\nĐoạn hai.", "page-number-line"),  # noqa: E501
    ("Dự báo dịch bệnh diễn biến phức tạp, mức độ lây lan nhanh\n\ndo biến chủng mới.",
     "Dự báo dịch bệnh diễn biến phức tạp, mức độ lây lan nhanh do biến chủng mới.",
     "blank-line-page-break"),
]
# fmt: on


@pytest.mark.parametrize(
    ("raw", "expected"), [r[:2] for r in REPAIRS], ids=[r[2] for r in REPAIRS]
)
def test_repair_cases(raw, expected):
    fixed = repair(raw)
    assert fixed.text == expected
    assert fixed.body_end == len(expected) and fixed.footnotes == []


def test_repair_is_idempotent(seed_text):
    once = repair(seed_text)
    assert repair(once.text).text == once.text


def test_repair_seed_lifts_eight_footnotes_linked_to_markers(seed_text):
    fixed = repair(seed_text)
    text, body = fixed.text, fixed.text[: fixed.body_end]
    assert [f["number"] for f in fixed.footnotes] == list(range(1, 9))
    assert fixed.warnings == []
    for note in fixed.footnotes:
        sup = "¹²³⁴⁵⁶⁷⁸"[note["number"] - 1]
        assert text[note["marker"]] == sup and note["marker"] < fixed.body_end
        assert text[note["start"] - 2 : note["start"]] == sup + " "
        assert note["start"] > fixed.body_end
    first, last = fixed.footnotes[0], fixed.footnotes[-1]
    assert text[first["start"] : first["end"]] == (
        "Phó Chủ tịch UBND tỉnh Nguyễn Thanh Nhân (công tác Hà Nội); "
        "Giám đốc Công an tỉnh (không có lý do)."
    )
    assert text[last["start"] : last["end"]].startswith(
        "Nghị quyết số 68/NQ-CP ngày 01/7/2021"
    )
    assert text[first["marker"] - 10 : first["marker"] + 1] == "Thành viên¹"
    assert text[last["marker"] - 8 : last["marker"] + 1] == "68/NQ-CP⁸"
    assert "⁴ Báo cáo số 236" not in body and text.endswith("do đại dịch Covid-19")


@pytest.mark.parametrize(
    "sentence",
    [
        "Sở Lao động - Thương binh và Xã hội khẩn trương tham mưu UBND tỉnh triển khai "
        "Nghị quyết số 68/NQ-CP⁸ của Chính phủ.",
        "các Sở ngành và địa phương; Văn phòng Ủy ban nhân dân tỉnh tham mưu",
        "\n1. Công tác chỉ đạo, điều hành phát triển kinh tế - xã hội 06 tháng đầu năm:\n",  # noqa: E501
        "mức độ lây lan nhanh do biến chủng mới",
    ],
)
def test_repair_seed_rejoins_sentences_cut_by_page_breaks(seed_text, sentence):
    fixed = repair(seed_text)
    assert sentence in fixed.text[: fixed.body_end]


def test_repair_bracket_footnotes_and_warnings():
    raw = (
        "Sở Y tế báo cáo[1] và Sở Tài chính bố trí vốn[2] theo quy định⁹.\n\n"
        "[2] Nghị định số 30/2020/NĐ-CP.\n[3] Quyết định không có dấu chú.\n"
        "[1] Báo cáo số 12/BC-SYT."
    )
    fixed = repair(raw)
    assert [f["number"] for f in fixed.footnotes] == [1, 2, 3]
    assert fixed.text.endswith(
        "\n\n¹ Báo cáo số 12/BC-SYT.\n² Nghị định số 30/2020/NĐ-CP.\n"
        "³ Quyết định không có dấu chú."
    )
    assert fixed.footnotes[0]["marker"] == fixed.text.index("[1]")
    assert fixed.footnotes[2]["marker"] is None
    assert fixed.warnings == [
        "footnote 3 has no marker in the text",
        "marker ⁹ has no footnote",
    ]


def test_repair_square_metres_are_not_markers():
    fixed = repair("Diện tích 120 m² và 5 km³ nước.")
    assert fixed.warnings == [] and fixed.footnotes == []
