"""Legacy fonts (TCVN3, VNI) in Unicode clothing: found line by line, after any reader."""

from __future__ import annotations

import pytest

from pipeline.readers import read_file
from pipeline.readers.legacy import convert_lines, encode
from pipeline.readers.word import read_docx

# fmt: off
# (legacy line, expected Unicode line, encodings converted, id)
CONVERTED = [
    ("Uû ban nh©n d©n tØnh Kiªn Giang", "Uỷ ban nhân dân tỉnh Kiên Giang", ["tcvn3"],
     "tcvn3 .VnTime"),
    ("Hµ Néi, ngµy 12 th¸ng 3 n¨m 2015", "Hà Nội, ngày 12 tháng 3 năm 2015", ["tcvn3"],
     "tcvn3 place and date"),
    ("C¤NG HOµ X· HéI CHñ NGHÜA VIÖT NAM", "CÔNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", ["tcvn3"],
     "tcvn3 .VnTimeH heading"),
    ("ñY BAN NH¢N D¢N TØNH", "ỦY BAN NHÂN DÂN TỈNH", ["tcvn3"],
     "tcvn3 .VnTimeH lower-case codes in capitals"),
    ("nhµ n\u2212íc", "nhà nước", ["tcvn3"], "tcvn3 ư as a PDF minus sign"),
    ("Thñ t\xadíng ChÝnh phñ", "Thủ tướng Chính phủ", ["tcvn3"], "tcvn3 ư as soft hyphen"),
    ("UÛy ban nhaân daân tænh", "Ủy ban nhân dân tỉnh", ["vni"], "vni VNI-Times"),
    ("Ñaø Naüng, ngaøy 05 thaùng 6 naêm 2012", "Đà Nẵng, ngày 05 tháng 6 năm 2012", ["vni"],
     "vni place and date"),
    ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", ["vni"],
     "vni capitals"),
    ("ñöôïc  giao   nhieäm vuï", "được  giao   nhiệm vụ", ["vni"], "vni spaces kept"),
    ("  Së Tµi chÝnh\t", "  Sở Tài chính\t", ["tcvn3"], "tcvn3 edge spaces and tab kept"),
]

# Genuine Unicode (or foreign) lines that must come back byte for byte.
UNTOUCHED = [
    ("Số: 12/TB-UBND", "number line"),
    ("Copyright © 2015 Cổng thông tin điện tử", "copyright footer, Vietnamese"),
    ("Copyright © 2015 ACME Corp. All rights reserved.", "copyright footer, English"),
    ("© 2016", "copyright sign alone"),
    ("Nhiệt độ trung bình 25°C ± 2°C", "degrees and plus-minus"),
    ("Temperature 25°C ± 2°C", "degrees, English"),
    ("Lượng mưa ½ so với cùng kỳ", "one half, Vietnamese"),
    ("Mix ½ cup of flour, 3×4 cm", "one half and times, English"),
    ("José Müller", "Spanish and German names"),
    ("Señor García visited Zürich and Köln", "Spanish and German, sentence"),
    ("Le président a visité la région où il est né", "French with où"),
    ("Søren Kierkegaard, Ålesund, Straße", "Nordic and German"),
    ("café crème brûlée", "French dishes"),
    ("Thickness: 5 µm", "micro sign"),
    ("Chính sách", "Unicode Vietnamese in Latin-1 letters only"),
    ("Ông Tám có ý kiến", "Unicode Vietnamese, Latin-1 letters, ô and ý"),
    ("Đà Nẵng", "Unicode place name"),
    ("Meeting on 12/03/2015 at 8:00", "English and numbers"),
    ("1.234.567 đồng; 45%", "numbers and percent"),
    ("« Chính sách »", "French quotes"),
    ("", "empty line"),
]
# fmt: on

SENTENCES = [  # written for these tests, in the manner of a notice
    "Giao Sở Tài chính chủ trì, phối hợp với các cơ quan liên quan rà soát kinh phí "
    "trước ngày 30/9/2016.",
    "Ban quản lý dự án khẩn trương hoàn thiện hồ sơ, báo cáo kết quả về Văn phòng "
    "trước ngày 15 hằng tháng.",
    "Các huyện, thị xã chưa hoàn thành chỉ tiêu phải nêu rõ nguyên nhân và trách nhiệm "
    "của người đứng đầu.",
    "Đồng chí Phó Chủ tịch thường trực kết luận như sau:",
    "THÔNG BÁO KẾT LUẬN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
    "Thành phố Hải Dương, ngày 12 tháng 4 năm 2017",
    "Yêu cầu các xã ven biển tăng cường kiểm tra tàu cá, xử lý nghiêm vi phạm.",
]
# VNI has upper-case toned letters; TCVN3 has none outside all-capital lines.
VNI_ONLY = [
    "Ủy ban nhân dân huyện đề nghị Ấp Tân Thành sửa chữa đường giao thông nông thôn.",
    "Ở những nơi chưa bố trí đủ vốn, Ủy ban xã báo cáo Ông Trưởng ban.",
]


@pytest.mark.parametrize(("legacy", "expected", "encodings"),
                         [c[:3] for c in CONVERTED], ids=[c[3] for c in CONVERTED])
def test_legacy_line_converted(legacy, expected, encodings):
    assert convert_lines(legacy) == (expected, encodings)


@pytest.mark.parametrize("line", [c[0] for c in UNTOUCHED], ids=[c[1] for c in UNTOUCHED])
def test_unicode_line_untouched(line):
    assert convert_lines(line) == (line, [])


@pytest.mark.parametrize("line", [c[0] for c in UNTOUCHED], ids=[c[1] for c in UNTOUCHED])
def test_unicode_line_untouched_inside_a_unicode_document(line):
    text = f"Ủy ban nhân dân tỉnh\n{line}\nSở Tài chính báo cáo."
    assert convert_lines(text) == (text, [])


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
@pytest.mark.parametrize("sentence", SENTENCES)
def test_legacy_round_trip(sentence, encoding):
    legacy = encode(sentence, encoding)
    assert legacy != sentence
    assert convert_lines(legacy) == (sentence, [encoding])


@pytest.mark.parametrize("sentence", VNI_ONLY)
def test_legacy_round_trip_vni_capitals(sentence):
    assert convert_lines(encode(sentence, "vni")) == (sentence, ["vni"])


def test_legacy_round_trip_whole_document():
    text = "\n".join(SENTENCES)
    for encoding in ("tcvn3", "vni"):
        assert convert_lines(encode(text, encoding)) == (text, [encoding])


def test_legacy_tcvn3_loses_a_capital_in_a_mixed_case_word():
    # TCVN3 has no "Ủ": a .VnTime typist got the lower-case letter, and so do we
    assert convert_lines(encode("Ủy ban nhân dân huyện", "tcvn3"))[0] == (
        "ủy ban nhân dân huyện"
    )


@pytest.mark.parametrize(("text", "encoding", "expected"), [
    ("Tỉnh", "tcvn3", "TØnh"),
    ("ỦY BAN", "tcvn3", "ñY BAN"),  # the lower-case code, as a .VnTimeH run holds
    ("Đồng nước", "tcvn3", "§ång n\xadíc"),
    ("Ủy ban", "vni", "UÛy ban"),
    ("được", "vni", "ñöôïc"),
    ("chẳng", "vni", "chaúng"),  # viparse's VNI table has no ẳ
    ("Giá 25°C", "vni", "Giaù 25°C"),
], ids=["tcvn3", "tcvn3 capitals", "tcvn3 đ ư", "vni", "vni đ ư ơ", "vni ẳ", "vni symbols"])
def test_legacy_encode(text, encoding, expected):
    assert encode(text, encoding) == expected
    assert convert_lines(expected, hint=encoding)[0].lower() == text.lower()


def test_legacy_mixed_header_and_unicode_body_line_by_line():
    header = ["ỦY BAN NHÂN DÂN", "TỈNH KIÊN GIANG", "Số: 12/TB-UBND",
              "Kiên Giang, ngày 09 tháng 01 năm 2016"]
    body = [
        "Ông Tám có ý kiến.",  # Latin-1 letters only, right after the header
        "Kết luận của Chủ tịch  Ủy ban nhân dân tỉnh:\r",
        "\tNhiệt độ 25°C ± 2°C, lượng mưa ½ so với cùng kỳ.",
        "",
        "Copyright © 2016 Cổng thông tin điện tử  ",
        "Chính sách",
    ]
    text = "\n".join([encode(line, "tcvn3") for line in header] + body)
    converted, encodings = convert_lines(text)
    lines = converted.split("\n")
    assert lines[:4] == header  # "Sè: 12/TB-UBND" decided by the lines around it
    assert "\n".join(lines[4:]) == "\n".join(body)
    assert encodings == ["tcvn3"]


def test_legacy_weak_line_in_a_unicode_document_stays():
    text = "Ủy ban nhân dân tỉnh\nSè: 12/TB-UBND\nKết luận của Chủ tịch"
    assert convert_lines(text) == (text, [])


def test_legacy_hint_decides_an_ambiguous_line():
    assert convert_lines("Sè: 12/TB-UBND") == ("Sè: 12/TB-UBND", [])
    assert convert_lines("Sè: 12/TB-UBND", hint="tcvn3") == ("Số: 12/TB-UBND", ["tcvn3"])
    assert convert_lines("Soá: 12/TB-UBND", hint="vni") == ("Số: 12/TB-UBND", ["vni"])


def test_legacy_hint_does_not_touch_unicode():
    text = "Số: 12/TB-UBND\nJosé Müller"
    assert convert_lines(text, hint="tcvn3") == (text, [])


def test_read_docx_converts_run_by_run(tmp_path):
    import docx

    document = docx.Document()
    runs = [
        [(encode("ủy ban nhân dân tỉnh kiên giang", "tcvn3"), ".VnTimeH")],
        [(encode("Số: 12/TB-UBND", "tcvn3"), ".VnTime")],
        [(encode("Giao Sở Xây dựng chủ trì; ", "vni"), "VNI-Times"),
         ("Ông Tám phối hợp.", "Times New Roman")],
        [(encode("Các xã báo cáo kết quả trước ngày 15 hằng tháng.", "tcvn3"), "Arial")],
        [("Copyright © 2016 Văn phòng", "Times New Roman")],
        [("Ke", "VNI-Times"), ("á hoaïch naêm", "VNI-Times")],  # "eá" split by Word
    ]
    for paragraph in runs:
        para = document.add_paragraph()
        for text, font in paragraph:
            para.add_run(text).font.name = font
    path = tmp_path / "legacy.docx"
    document.save(str(path))

    raw = read_docx(path)

    assert raw.text.split("\n") == [
        "ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG",
        "Số: 12/TB-UBND",
        "Giao Sở Xây dựng chủ trì; Ông Tám phối hợp.",
        "Các xã báo cáo kết quả trước ngày 15 hằng tháng.",  # font name lost ("Arial")
        "Copyright © 2016 Văn phòng",
        "Kế hoạch năm",
    ]
    assert raw.warnings == ["converted runs in tcvn3 fonts", "converted runs in vni fonts",
                            "converted lines from tcvn3"]


def test_read_docx_unicode_only_has_no_warning(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph().add_run("Ông Tám có ý kiến © 2016").font.name = "Arial"
    path = tmp_path / "plain.docx"
    document.save(str(path))
    raw = read_docx(path)
    assert (raw.text, raw.warnings) == ("Ông Tám có ý kiến © 2016", [])


def test_read_html_tcvn3_paragraphs(tmp_path):
    paragraphs = [
        "Thông báo kết luận của Chủ tịch Uỷ ban nhân dân tỉnh tại buổi làm việc với "
        "Sở Nông nghiệp và Phát triển nông thôn.",
        "Giao Sở Tài chính chủ trì, phối hợp với các cơ quan liên quan rà soát kinh phí "
        "trước ngày 30/9/2016.",
        "Các huyện, thị xã chưa hoàn thành chỉ tiêu phải nêu rõ nguyên nhân và trách "
        "nhiệm của người đứng đầu.",
    ]
    body = "\n".join(
        f"<p>{encode(p, 'tcvn3').replace(chr(0xAD), '&shy;' if i else chr(0xAD))}</p>"
        for i, p in enumerate(paragraphs)
    )
    path = tmp_path / "page.html"
    path.write_text(
        '<html><head><meta charset="utf-8"><title>Th«ng b¸o</title></head>'
        f"<body><article>{body}</article></body></html>",
        encoding="utf-8",
    )

    raw = read_file(path)  # the web reader keeps TCVN3's ư; read_file converts lines

    assert raw.text.split("\n") == paragraphs
    assert raw.warnings == ["converted lines from tcvn3"]


def test_legacy_round_trip_seed_notice_vni(seed_text):
    # a real notice's signature block: "- Lưu: VT." reads as TCVN3 too ("Löu", lửu) and
    # "- LĐVP;" has no vowel to judge; the document's other lines decide both
    assert convert_lines(encode(seed_text, "vni")) == (seed_text, ["vni"])


def test_legacy_round_trip_seed_notice_tcvn3(seed_text):
    # "¹" is TCVN3's ạ, so footnote marks cannot survive; capitals in mixed-case words
    # ("Ủy ban") come back lower case
    text = seed_text.replace("¹", "")
    converted, encodings = convert_lines(encode(text, "tcvn3"))
    assert (converted.lower(), encodings) == (text.lower(), ["tcvn3"])


@pytest.mark.parametrize(("line", "expected"), [
    ("- Löu: VT, TH.", "- Lưu: VT, TH."),
    ("- LÑVP;", "- LĐVP;"),
    ("- TT.TU, TT.HÑND tænh;", "- TT.TU, TT.HĐND tỉnh;"),
], ids=["both readings, vni document", "abbreviation only", "abbreviation and word"])
def test_legacy_vni_document_decides_ambiguous_lines(line, expected):
    header = encode("Ủy ban nhân dân tỉnh Kiên Giang\nNơi nhận:", "vni")
    assert convert_lines(f"{header}\n{line}") == (
        f"Ủy ban nhân dân tỉnh Kiên Giang\nNơi nhận:\n{expected}", ["vni"]
    )
