"""Header metadata on the seed and on the header layouts of other issuers."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extractors.header import Header, date_warnings, extract_header
from pipeline.readers import repair

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed.txt"

COMMITTEE = """ỦY BAN NHÂN DÂN
TỈNH THANH HÓA

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 58/TB-UBND

Thanh Hóa, ngày 10 tháng 4 năm 2019

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại phiên giao ban thường kỳ tháng 3 năm 2019

Ngày 08/4/2019, Chủ tịch UBND tỉnh Thanh Hóa Nguyễn Hữu Khang chủ trì phiên giao ban.

1. Sở Tài chính bố trí vốn trước ngày 30/4/2019.

Nơi nhận:
- Như trên;
- Lưu: VT.

TL. CHỦ TỊCH
KT. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG
(Đã ký)

Lê Minh Sơn
"""

OFFICE = """UBND TỈNH KIÊN GIANG
VĂN PHÒNG

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 212/TB-VP

Kiên Giang, ngày 10 tháng 7 năm 2020

THÔNG BÁO

Kết luận của Phó Chủ tịch Thường trực UBND tỉnh Tạ Minh Khải tại cuộc họp kiểm điểm

Chiều ngày 07/7/2020, được sự ủy quyền của Chủ tịch UBND tỉnh, đồng chí Tạ Minh Khải
- Phó Chủ tịch Thường trực UBND tỉnh chủ trì cuộc họp.

Văn phòng UBND tỉnh thông báo để các cơ quan biết, thực hiện./.

KT. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG

Mai Xuân Hiếu
"""

PARTY = """ĐẢNG BỘ TỈNH BẮC GIANG
TỈNH ỦY
*

ĐẢNG CỘNG SẢN VIỆT NAM

Số 1245-TB/TU

Bắc Giang, ngày 15 tháng 8 năm 2024

THÔNG BÁO
kết luận của Thường trực Tỉnh ủy về chuyển đổi số

Sáng 12/8/2024, Thường trực Tỉnh ủy họp dưới sự chủ trì của đồng chí Vũ Mạnh Cường,
Ủy viên Ban Thường vụ, Phó Bí thư Thường trực Tỉnh ủy. Dự có các đồng chí Ủy viên
Ban Thường vụ.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ THƯỜNG TRỰC

Vũ Mạnh Cường
"""

MINISTRY = """BỘ NÔNG NGHIỆP
VÀ PHÁT TRIỂN NÔNG THÔN
VĂN PHÒNG

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 603/TB-BNN-VP

Hà Nội, ngày 15 tháng 10 năm 2020

THÔNG BÁO

Ý kiến kết luận của Thứ trưởng Nguyễn Hữu Phước tại cuộc họp về ứng phó mưa lũ

Ngày 13 tháng 10 năm 2020, tại trụ sở Bộ, Thứ trưởng Nguyễn Hữu Phước chủ trì cuộc họp.

TL. BỘ TRƯỞNG
CHÁNH VĂN PHÒNG

ĐINH CÔNG THUẬN
"""

DISTRICT = """ỦY BAN NHÂN DÂN
HUYỆN TÂN HIỆP

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 58/TB-UBND

Tân Hiệp, ngày 03/4/2020

THÔNG BÁO

Ý kiến kết luận của Chủ tịch UBND huyện tại cuộc họp Ban Chỉ đạo phòng,
chống dịch Covid-19 huyện

Vào ngày 02 tháng 4 năm 2020, tại Hội trường UBND huyện, ông Trần Quốc Dũng,
Chủ tịch UBND huyện, Trưởng Ban Chỉ đạo phòng, chống dịch Covid-19 huyện chủ trì
cuộc họp.

Nơi nhận:
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Trần Quốc Dũng
"""

# fmt: off
CASES = [
    (SEED.read_text(encoding="utf-8"), Header(
        number=None, issued_on=None, issuer="Văn phòng Ủy ban nhân dân tỉnh",
        jurisdiction=None,
        title="Kết luận của Chủ tịch Ủy ban nhân dân tỉnh Lâm Minh Thành tại Hội nghị "
              "kiểm điểm công tác chỉ đạo, điều hành của UBND tỉnh 06 tháng đầu năm 2021",  # noqa: E501
        meeting_date="2021-07-07", chair_name="Lâm Minh Thành",
        chair_title="Chủ tịch Ủy ban nhân dân tỉnh",
        signer_name="Đặng Vũ Bằng", signer_title="Phó Chánh Văn phòng"), "seed"),
    (COMMITTEE, Header(
        number="58/TB-UBND", issued_on="2019-04-10", issuer="Ủy ban nhân dân tỉnh",
        jurisdiction="Thanh Hóa",
        title="Kết luận của Chủ tịch UBND tỉnh tại phiên giao ban thường kỳ tháng 3 năm 2019",  # noqa: E501
        meeting_date="2019-04-08", chair_name="Nguyễn Hữu Khang",
        chair_title="Chủ tịch Ủy ban nhân dân tỉnh",
        signer_name="Lê Minh Sơn", signer_title="Phó Chánh Văn phòng"), "committee"),
    (OFFICE, Header(
        number="212/TB-VP", issued_on="2020-07-10", issuer="Văn phòng Ủy ban nhân dân tỉnh",  # noqa: E501
        jurisdiction="Kiên Giang",
        title="Kết luận của Phó Chủ tịch Thường trực UBND tỉnh Tạ Minh Khải tại cuộc họp "  # noqa: E501
              "kiểm điểm",
        meeting_date="2020-07-07", chair_name="Tạ Minh Khải",
        chair_title="Phó Chủ tịch Thường trực Ủy ban nhân dân tỉnh",
        signer_name="Mai Xuân Hiếu", signer_title="Phó Chánh Văn phòng"), "office"),
    (PARTY, Header(
        number="1245-TB/TU", issued_on="2024-08-15", issuer="Tỉnh ủy",
        jurisdiction="Bắc Giang", title="kết luận của Thường trực Tỉnh ủy về chuyển đổi số",  # noqa: E501
        meeting_date="2024-08-12", chair_name="Vũ Mạnh Cường",
        chair_title="Phó Bí thư Thường trực Tỉnh ủy",
        signer_name="Vũ Mạnh Cường", signer_title="Phó Bí thư Thường trực"), "party"),
    (MINISTRY, Header(
        number="603/TB-BNN-VP", issued_on="2020-10-15",
        issuer="Văn phòng Bộ Nông nghiệp và Phát triển nông thôn", jurisdiction=None,
        title="Ý kiến kết luận của Thứ trưởng Nguyễn Hữu Phước tại cuộc họp về ứng phó mưa lũ",  # noqa: E501
        meeting_date="2020-10-13", chair_name="Nguyễn Hữu Phước", chair_title="Thứ trưởng",  # noqa: E501
        signer_name="Đinh Công Thuận", signer_title="Chánh Văn phòng"), "ministry"),
    (DISTRICT, Header(
        number="58/TB-UBND", issued_on="2020-04-03", issuer="Ủy ban nhân dân huyện",
        jurisdiction="Tân Hiệp",
        title="Ý kiến kết luận của Chủ tịch UBND huyện tại cuộc họp Ban Chỉ đạo phòng, "
              "chống dịch Covid-19 huyện",
        meeting_date="2020-04-02", chair_name="Trần Quốc Dũng",
        chair_title="Chủ tịch Ủy ban nhân dân huyện",
        signer_name="Trần Quốc Dũng", signer_title="Chủ tịch"), "district"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "expected"), [c[:2] for c in CASES], ids=[c[2] for c in CASES]
)
def test_extract_header_layouts(text, expected):
    fixed = repair(text)
    assert extract_header(fixed.text, fixed.body_end) == expected


def _header(text: str) -> Header:
    fixed = repair(text)
    return extract_header(fixed.text, fixed.body_end)


def test_extract_header_party_office_from_header_block():
    text = PARTY.replace(
        "ĐẢNG BỘ TỈNH BẮC GIANG\nTỈNH ỦY", "TỈNH ỦY BẮC GIANG\nVĂN PHÒNG"
    )
    assert _header(text).issuer == "Văn phòng Tỉnh ủy"


@pytest.mark.parametrize(
    ("number", "issuer"),
    [
        ("245/TB-VP", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("05/TB-UBND", "Ủy ban nhân dân tỉnh"),
        ("09-TB/TU", "Tỉnh ủy"),
    ],
)
def test_extract_header_issuer_from_number_code(number, issuer):
    text = f"Số: {number}\n\nHà Tiên, ngày 14/7/2022\n\nTHÔNG BÁO\n\nKết luận của hội nghị\n"  # noqa: E501
    head = _header(text)
    assert (head.number, head.issuer, head.issued_on) == (number, issuer, "2022-07-14")
    assert head.jurisdiction == "Hà Tiên"


def test_extract_header_empty_text_has_no_metadata():
    assert _header("Sở Y tế báo cáo.") == Header()


def test_extract_header_impossible_date_is_none():
    assert (
        _header("Kiên Giang, ngày 31 tháng 02 năm 2020\n\nTHÔNG BÁO\n\nX").issued_on
        is None
    )


HEAD = "ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG\n\nSố: 12/TB-VP\n\nKiên Giang, ngày {issued}\n\n"
BODY = "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n\nNgày {met}, Chủ tịch UBND tỉnh chủ trì họp.\n"
OUT = "date out of range (1945-2100)"

# fmt: off
DATES = [
    # (issue date, meeting date as printed, (issued_on, meeting_date), warnings, id)
    ("12 tháng 7 năm 2021", "07 tháng 7 năm 2021", ("2021-07-12", "2021-07-07"), [], "real"),
    ("31 tháng 12 năm 9999", "07 tháng 7 năm 2021", (None, "2021-07-07"),
     [f"issue date: {OUT}: 31/12/9999"], "issued-9999"),
    ("31 tháng 12 năm 10000", "30/12/10000", (None, None),
     [f"issue date: {OUT}: 31/12/10000", f"meeting date: {OUT}: 30/12/10000"], "year-10000"),
    ("12 tháng 7 năm 2021", "07 tháng 7 năm 1930", ("2021-07-12", None),
     [f"meeting date: {OUT}: 07/7/1930"], "met-before-1945"),
    ("31 tháng 02 năm 2020", "07 tháng 7 năm 2021", (None, "2021-07-07"), [], "impossible-day-no-warning"),
]
# fmt: on


@pytest.mark.parametrize(
    ("issued", "met", "expected", "warnings"),
    [d[:4] for d in DATES],
    ids=[d[4] for d in DATES],
)
def test_extract_header_dates_out_of_range_are_none_with_a_warning(
    issued, met, expected, warnings
):
    fixed = repair(HEAD.format(issued=issued) + BODY.format(met=met))
    head = extract_header(fixed.text, fixed.body_end)
    assert (head.issued_on, head.meeting_date) == expected
    assert date_warnings(fixed.text, fixed.body_end) == warnings


def test_extract_header_title_goes_on_in_lower_case():
    """A party notice prints its title in capitals and goes on in lower case."""
    text = COMMITTEE.replace(
        "Kết luận của Chủ tịch UBND tỉnh tại phiên giao ban thường kỳ tháng 3 năm 2019",
        "KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY\nvề công tác cải cách hành chính năm 2018",
    )
    assert _header(text).title == (
        "KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY về công tác cải cách hành chính năm 2018"
    )


def test_extract_header_web_headline_above_the_notice_is_not_the_title():
    """A portal page puts its own headline ("Thông báo kết luận ...") above the notice."""
    text = "Thông báo kết luận của Chủ tịch UBND tỉnh về giao ban\n\n" + COMMITTEE
    header = _header(text)
    assert header.number == "58/TB-UBND"
    assert header.title == (
        "Kết luận của Chủ tịch UBND tỉnh tại phiên giao ban thường kỳ tháng 3 năm 2019"
    )


def test_extract_header_urban_district_office_and_a_rare_surname():
    text = ("UBND QUẬN HOÀNG MAI\nVĂN PHÒNG HĐND VÀ UBND\n\nSố: 88/TB-VP\n\n"
            "Hoàng Mai, ngày 05 tháng 3 năm 2024\n\nTHÔNG BÁO\n\nKết luận của Chủ tịch UBND quận "
            "tại hội nghị giao ban\n\nNgày 01/3/2024, đồng chí Lã Văn Tùng, Chủ tịch UBND quận "
            "chủ trì hội nghị giao ban.\n")
    h = extract_header(text, len(text))
    assert h.issuer == "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân quận"
    assert h.chair_name == "Lã Văn Tùng"


def test_extract_header_place_line_of_thanh_pho_ho_chi_minh():
    text = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\n\nSố: 12/TB-UBND\n\n"
            "Thành phố Hồ Chí Minh, ngày 15 tháng 7 năm 2024\n\nTHÔNG BÁO\n\nKết luận của Phó "
            "Chủ tịch UBND Thành phố về chuyển đổi số\n")
    assert extract_header(text, len(text)).issued_on == "2024-07-15"
