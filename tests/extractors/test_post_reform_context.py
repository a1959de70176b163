"""Post-reform bodies read from their context (issue 17, item 2): a level with no place is
no body, a bare commune committee after several communes is none of its own, and a central
notice's bare provincial body is the province it just named. Sentences written for these
tests; names and places invented or chosen at random."""

from __future__ import annotations

import pytest

from pipeline.extractors.agencies import extract_agencies

CENTRAL_HEAD = (
    "VĂN PHÒNG CHÍNH PHỦ\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
    "Số: 512/TB-VPCP\n\nHà Nội, ngày 3 tháng 11 năm 2025\n\nTHÔNG BÁO\n"
    "Kết luận của Phó Thủ tướng tại cuộc họp về tổ chức bộ máy\n\n"
)


def names(text, jurisdiction=None, day="2025-11-03"):
    return [m.canonical for m in extract_agencies(text, jurisdiction, day) if m.kind != "collective"]


LEVELS = [
    # a board of a level (the abolished district level), not a board by name
    ("Các công trình do Ban Quản lý dự án cấp huyện cũ bàn giao còn thiếu hồ sơ.", "Đồng Tháp", []),
    ("Hồ sơ mà Trung tâm Phát triển quỹ đất cấp huyện lưu giữ chưa được số hóa.", "Tây Ninh", []),
    # a board named by its area stays a body
    ("Đề nghị Ban Quản lý dự án khu vực Gò Công cùng UBND xã Bình Ninh đẩy nhanh tiến độ.", "Đồng Tháp",
     ["Ban Quản lý dự án khu vực Gò Công", "Ủy ban nhân dân xã Bình Ninh"]),
]


@pytest.mark.parametrize(("text", "jurisdiction", "expected"), LEVELS)
def test_a_body_of_a_level_is_no_body(text, jurisdiction, expected):
    assert names(text, jurisdiction, "2026-02-10") == expected


SEVERAL_COMMUNES = [
    # the committee of each of the communes named: no body of its own
    ("4. Đảng ủy xã Ba Sao, Đảng ủy xã An Long chỉ đạo UBND xã kiện toàn bộ phận một cửa.",
     ["Đảng ủy xã Ba Sao", "Đảng ủy xã An Long"]),
    # one commune named before: the bare committee is that commune's (unchanged)
    ("Đảng ủy xã Ba Sao chỉ đạo UBND xã kiện toàn bộ phận một cửa.",
     ["Đảng ủy xã Ba Sao", "Ủy ban nhân dân xã Ba Sao"]),
]


@pytest.mark.parametrize(("text", "expected"), SEVERAL_COMMUNES)
def test_a_bare_commune_committee_after_several_communes(text, expected):
    assert names(text, "Đồng Tháp", "2026-02-10") == expected


CENTRAL = [
    # the province named earlier in the same sentence
    ("Chủ tịch UBND tỉnh Lâm Đồng bận công tác, ủy quyền ông Trần Văn Khoa, Phó Chủ tịch UBND tỉnh "
     "dự họp. Lãnh đạo UBND tỉnh Đắk Lắk dự họp.",
     ["Văn phòng Chính phủ", "Ủy ban nhân dân tỉnh Lâm Đồng", "Ủy ban nhân dân tỉnh Lâm Đồng",
      "Ủy ban nhân dân tỉnh Đắk Lắk"]),
    # one city named in the whole notice: its party committee printed bare is that city's
    ("Làm việc với Ủy ban nhân dân thành phố Cần Thơ. Sau khi nghe ý kiến của Bí thư Thành ủy, "
     "Phó Thủ tướng kết luận.",
     ["Văn phòng Chính phủ", "Ủy ban nhân dân thành phố Cần Thơ", "Thành ủy Cần Thơ"]),
    # two provinces, none in the bare body's own sentence: left as printed
    ("Lãnh đạo UBND tỉnh Lâm Đồng và UBND tỉnh Đắk Lắk dự họp. Phó Chủ tịch UBND tỉnh phát biểu.",
     ["Văn phòng Chính phủ", "Ủy ban nhân dân tỉnh Lâm Đồng", "Ủy ban nhân dân tỉnh Đắk Lắk",
      "Ủy ban nhân dân tỉnh"]),
    # a unit that does not fit the place (a city's "Tỉnh ủy") is left as printed
    ("Làm việc với Ủy ban nhân dân thành phố Cần Thơ; đại diện Tỉnh ủy dự.",
     ["Văn phòng Chính phủ", "Ủy ban nhân dân thành phố Cần Thơ", "Tỉnh ủy"]),
]


@pytest.mark.parametrize(("body", "expected"), CENTRAL)
def test_a_central_notice_reads_a_bare_provincial_body_by_the_province_named(body, expected):
    assert names(CENTRAL_HEAD + body) == expected


def test_a_page_without_a_central_header_keeps_its_own_bodies_bare():
    # a province's own report (no header) naming another province once
    text = "UBND tỉnh đề nghị UBND tỉnh Bình Định phối hợp; UBND tỉnh giao Sở Xây dựng chủ trì."
    assert names(text) == ["Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh Bình Định",
                           "Ủy ban nhân dân tỉnh", "Sở Xây dựng"]


def test_the_xa_of_thi_xa_is_no_commune():
    # "thị xã" is a district-level town: the chair's name after it is no commune's name
    text = ("Phát biểu bế mạc, Chủ tịch HĐND thị xã Lê Văn Tâm đề nghị các đại biểu HĐND thị xã "
            "sớm tiếp xúc cử tri.")
    assert names(text, "Bình Phước", "2017-06-01") == [
        "Hội đồng nhân dân thị xã", "Hội đồng nhân dân thị xã"]


PERSON_AFTER_UNIT = [
    # a ward's own notice: the chair's name after "UBND phường" is no ward
    ("Dự họp có Phó Chủ tịch UBND phường Trịnh Văn Lợi; Trưởng Công an phường vắng, cử Phó "
     "Trưởng Công an phường Hà Thị Mai Hương dự thay.", "Hà Nội",
     ["Ủy ban nhân dân phường", "Công an phường", "Công an phường"]),
    # ... nor the place of a bare body later in the same sentence
    ("Phó Chủ tịch UBND phường Trịnh Văn Lợi, lãnh đạo Văn phòng HĐND và UBND phường dự họp.",
     "Hà Nội", ["Ủy ban nhân dân phường", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường"]),
    # a commune that bears a person's name stays a commune
    ("Giao UBND xã Hoàng Văn Thụ rà soát hồ sơ.", "Lạng Sơn",
     ["Ủy ban nhân dân xã Hoàng Văn Thụ"]),
]


@pytest.mark.parametrize(("text", "jurisdiction", "expected"), PERSON_AFTER_UNIT)
def test_a_person_after_a_commune_unit_is_no_place(text, jurisdiction, expected):
    assert names(text, jurisdiction, "2025-12-01") == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # before the treasury's regional reorganisation: the province's own treasury
        ("2024-09-05", ["Sở Tài chính", "Kho bạc Nhà nước tỉnh", "Kho bạc Nhà nước tỉnh"]),
        # after it: the bare name is the system; a printed "tỉnh" stays as printed
        ("2025-11-20", ["Sở Tài chính", "Kho bạc Nhà nước", "Kho bạc Nhà nước tỉnh"]),
    ],
)
def test_a_treasury_printed_bare_after_its_regional_reorganisation(day, expected):
    text = "Sở Tài chính cùng Kho bạc Nhà nước đối chiếu số liệu; Kho bạc Nhà nước tỉnh cập nhật."
    assert names(text, "Quảng Ngãi", day) == expected


SHARED_COMMITTEE = [
    # the committee printed once, after the last of the party bodies listed
    ("Mời đại diện Ban Tổ chức Tỉnh ủy, Ủy ban Kiểm tra, Văn phòng Tỉnh ủy dự họp.",
     ["Ban Tổ chức Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy", "Văn phòng Tỉnh ủy"]),
    ("Nơi nhận:\n- Ban Nội chính, Văn phòng Tỉnh ủy;\n- Lưu: VT.",
     ["Ban Nội chính Tỉnh ủy", "Văn phòng Tỉnh ủy"]),
    # fields after "Ban" still share it, as before
    ("Ban Dân vận, Tuyên giáo Huyện ủy Ia Grai phối hợp.",
     ["Ban Dân vận Huyện ủy Ia Grai", "Ban Tuyên giáo Huyện ủy Ia Grai"]),
]


@pytest.mark.parametrize(("text", "expected"), SHARED_COMMITTEE)
def test_party_bodies_listed_before_their_committee(text, expected):
    assert names(text, "Gia Lai", "2024-03-01") == expected


PLURAL_LISTS = [
    # the plural marker before the head, the units before a colon, then the places
    ("Các đảng ủy xã, phường: Ia Grai, Chư Păh, Pleiku rà soát quy hoạch cán bộ.",
     ["Đảng ủy xã Ia Grai", "Đảng ủy xã Chư Păh", "Đảng ủy phường Pleiku"]),
    ("Các UBND xã: Ia Grai, Chư Păh báo cáo.",
     ["Ủy ban nhân dân xã Ia Grai", "Ủy ban nhân dân xã Chư Păh"]),
    # no list after the units: a collective, no body
    ("Các đảng ủy xã, phường chủ động rà soát.", []),
]


@pytest.mark.parametrize(("text", "expected"), PLURAL_LISTS)
def test_a_plural_head_before_a_list_of_communes(text, expected):
    assert names(text, "Gia Lai", "2026-01-15") == expected


def test_items_under_a_heading_that_lists_communes():
    from pipeline.extractors.deadlines import extract_deadlines
    from pipeline.extractors.legal_refs import extract_legal_refs
    from pipeline.extractors.sections import extract_sections
    from pipeline.extractors.tasks import extract_tasks

    text = ("3. Nhiệm vụ\n\n3.1. Sở Nội vụ hướng dẫn việc tuyển dụng.\n\n"
            "3.2. Các đảng ủy xã, phường: Ia Grai, Pleiku:\n"
            "- Kiện toàn bộ phận một cửa trong tháng 02/2026.\n"
            "- Lãnh đạo chính quyền cùng cấp rà soát vị trí việc làm.\n")
    tasks = extract_tasks(text, extract_sections(text),
                          extract_agencies(text, "Gia Lai", "2026-01-15"),
                          extract_deadlines(text, "2026-01-15"), extract_legal_refs(text, []))
    got = [[(a.agency, a.role) for a in t.assignees] for t in tasks]
    both = [("Đảng ủy xã Ia Grai", "implement"), ("Đảng ủy phường Pleiku", "implement")]
    assert got == [[("Sở Nội vụ", "implement")], both, both]


NUMBERED = [
    # a commune that bears a number since 2025, alone and in a list
    ("Giao UBND xã Sơn Kim 1 rà soát hồ sơ.", "Hà Tĩnh", ["Ủy ban nhân dân xã Sơn Kim 1"]),
    ("Chủ tịch UBND các xã Sơn Kim 1, Sơn Kim 2 và Sơn Tây dự họp.", "Hà Tĩnh",
     ["Ủy ban nhân dân xã Sơn Kim 1", "Ủy ban nhân dân xã Sơn Kim 2", "Ủy ban nhân dân xã Sơn Tây"]),
    # a count after a place is no part of its name
    ("UBND xã Sơn Tây 2 lần chậm gửi báo cáo.", "Hà Tĩnh", ["Ủy ban nhân dân xã Sơn Tây"]),
]


@pytest.mark.parametrize(("text", "jurisdiction", "expected"), NUMBERED)
def test_a_numbered_commune_keeps_its_number(text, jurisdiction, expected):
    assert names(text, jurisdiction, "2025-10-01") == expected


MORE_UNITS = [
    ("Dự họp có Chủ tịch UBND các xã: Ia Grai, Chư Păh; các phường: Pleiku, An Nhơn.",
     ["Ủy ban nhân dân xã Ia Grai", "Ủy ban nhân dân xã Chư Păh", "Ủy ban nhân dân phường Pleiku",
      "Ủy ban nhân dân phường An Nhơn"]),
    ("UBND các phường Pleiku, An Nhơn và các xã Ia Grai, Chư Păh rà soát quỹ đất.",
     ["Ủy ban nhân dân phường Pleiku", "Ủy ban nhân dân phường An Nhơn",
      "Ủy ban nhân dân xã Ia Grai", "Ủy ban nhân dân xã Chư Păh"]),
]


@pytest.mark.parametrize(("text", "expected"), MORE_UNITS)
def test_a_list_of_communes_goes_on_with_wards_under_one_head(text, expected):
    assert names(text, "Gia Lai", "2026-01-15") == expected


def test_communes_and_wards_under_one_head_share_the_task():
    from pipeline.extractors.deadlines import extract_deadlines
    from pipeline.extractors.legal_refs import extract_legal_refs
    from pipeline.extractors.sections import extract_sections
    from pipeline.extractors.tasks import extract_tasks

    text = "2. UBND các phường Pleiku, An Nhơn và các xã Ia Grai, Chư Păh rà soát quỹ đất.\n"
    tasks = extract_tasks(text, extract_sections(text),
                          extract_agencies(text, "Gia Lai", "2026-01-15"),
                          extract_deadlines(text, "2026-01-15"), extract_legal_refs(text, []))
    assert [[(a.agency, a.role) for a in t.assignees] for t in tasks] == [[
        ("Ủy ban nhân dân phường Pleiku", "implement"), ("Ủy ban nhân dân phường An Nhơn", "implement"),
        ("Ủy ban nhân dân xã Ia Grai", "implement"), ("Ủy ban nhân dân xã Chư Păh", "implement")]]


TITLE_ONLY = [
    # the secretary's rank: no mention of the body
    ("Đoàn do ông Hồ Văn Nam, Ủy viên Trung ương Đảng, làm trưởng đoàn.", []),
    # the body named in full, in a title or not, is a mention
    ("Ông Hồ Văn Nam vốn là Ủy viên Ban Chấp hành Trung ương Đảng khóa trước.",
     ["Ban Chấp hành Trung ương Đảng"]),
    ("Theo Nghị quyết của Trung ương Đảng, Tỉnh ủy ban hành kế hoạch.",
     ["Ban Chấp hành Trung ương Đảng", "Tỉnh ủy"]),
]


@pytest.mark.parametrize(("text", "expected"), TITLE_ONLY)
def test_a_short_form_inside_a_title_is_the_title(text, expected):
    assert names(text, "Gia Lai", "2025-12-01") == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # before the reform: the district's own committee
        ("2024-06-03", ["Ủy ban nhân dân huyện"]),
        # after it: the former level, every district's, no body
        ("2026-03-02", []),
    ],
)
def test_a_bare_district_body_after_the_district_level_ended(day, expected):
    text = "Tiếp nhận các kênh mương nội đồng trước đây do UBND huyện quản lý."
    assert names(text, "Cần Thơ", day) == expected


def test_a_district_named_before_keeps_its_bare_body_after_the_reform():
    text = "Hồ sơ của UBND huyện Phong Điền trước đây chưa bàn giao đủ; UBND huyện đã giải thể."
    assert names(text, "Cần Thơ", "2026-03-02") == [
        "Ủy ban nhân dân huyện Phong Điền", "Ủy ban nhân dân huyện Phong Điền"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UBND đặc khu kiện toàn Ban Chỉ huy phòng thủ dân sự đặc khu trước mùa bão.",
         ["Ủy ban nhân dân đặc khu", "Ban Chỉ huy Phòng thủ dân sự đặc khu"]),
        ("Mời đại diện BCH PTDS tỉnh dự họp.", ["Ban Chỉ huy Phòng thủ dân sự tỉnh"]),
    ],
)
def test_the_civil_defence_board_is_named_as_the_lexicon_writes_it(text, expected):
    assert names(text, "Quảng Ninh", "2026-05-20") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the hall's owner outside the gazetteer: the venue
        ("Sáng 4/6, tại Hội trường Trung tâm Giáo dục nghề nghiệp đặc khu, UBND đặc khu họp.",
         ["Ủy ban nhân dân đặc khu"]),
        # a body of the gazetteer stays
        ("Chiều 4/6, tại Hội trường UBND đặc khu, Sở Du lịch báo cáo.",
         ["Ủy ban nhân dân đặc khu", "Sở Du lịch"]),
    ],
)
def test_the_owner_of_a_meeting_hall_is_the_venue(text, expected):
    assert names(text, "Quảng Ninh", "2026-06-05") == expected


def test_departments_of_the_provinces_and_cities_listed():
    text = "Dự họp có lãnh đạo Sở Xây dựng các tỉnh, thành phố: Lào Cai, Đà Nẵng, Thành phố Hồ Chí Minh."
    assert names(CENTRAL_HEAD + text) == [
        "Văn phòng Chính phủ", "Sở Xây dựng tỉnh Lào Cai", "Sở Xây dựng thành phố Đà Nẵng",
        "Sở Xây dựng Thành phố Hồ Chí Minh"]


WRAPPED_MINISTRY = (
    "BỘ KHOA HỌC\nVÀ CÔNG NGHỆ\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
    "Số: 88/TB-BKHCN\n\nHà Nội, ngày 9 tháng 3 năm 2026\n\nTHÔNG BÁO\nKết luận của Thứ trưởng\n\n"
)


def test_a_ministry_name_wrapped_in_the_header_is_a_central_issuer():
    from pipeline.extractors.header import issuer_level

    assert issuer_level(WRAPPED_MINISTRY) == "central"


def test_a_provincial_body_printed_bare_in_a_ministry_notice_is_every_province_s():
    text = WRAPPED_MINISTRY + "Chậm cập nhật dữ liệu tại Văn phòng đăng ký đất đai; Sở Tư pháp tỉnh Hòa Bình báo cáo."
    assert names(text, "Hà Nội", "2026-03-09") == ["Bộ Khoa học và Công nghệ", "Sở Tư pháp tỉnh Hòa Bình"]


def test_a_provincial_body_printed_bare_in_a_province_notice_is_its_own():
    text = "Chậm cập nhật dữ liệu tại Văn phòng đăng ký đất đai."
    assert names(text, "Hà Nội", "2026-03-09") == ["Văn phòng Đăng ký đất đai thành phố"]
