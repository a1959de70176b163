"""Forms of real conclusion reports found in rule round 20 (issue 15). Every sentence is
written for these tests, names invented."""

from __future__ import annotations

import pytest

from pipeline.extractors.deadlines import extract_deadlines
from pipeline.extractors.people import extract_people
from tests.extractors.forms import names, pairs_of

# fmt: off
AGENCY_CASES = [
    # a state enterprise's production unit, named with its number
    ("Giao Xí nghiệp Xây lắp số 2 thi công tuyến kè.", ["Xí nghiệp Xây lắp số 2"],
     "enterprise-unit"),
    # a provincial body of each province listed after it (an aside in brackets between)
    ("Cục Kiểm ngư phối hợp với Sở Nông nghiệp và PTNT (Chi cục Thủy sản) các tỉnh Nghệ An, "
     "Quảng Bình và Thừa Thiên Huế tuần tra.",
     ["Cục Kiểm ngư", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Nghệ An",
      "Sở Nông nghiệp và Phát triển nông thôn tỉnh Quảng Bình",
      "Sở Nông nghiệp và Phát triển nông thôn tỉnh Thừa Thiên Huế"], "body-of-each-province"),
    # ... but not before places that are not provinces
    ("Sở Y tế các tỉnh phía Bắc tăng cường kiểm tra.", [], "not-a-list-of-provinces"),
    # a subcommittee, by its name or by the congress it serves
    ("Giao Tiểu ban Văn kiện và Tiểu ban Nhân sự báo cáo.",
     ["Tiểu ban Văn kiện", "Tiểu ban Nhân sự"], "subcommittees"),
    ("Ông Lò Văn Hải, Trưởng Tiểu ban tổ chức phục vụ Đại hội Đảng bộ tỉnh lần thứ XX (nhiệm "
     "kỳ 2025-2030) chủ trì phiên họp.",
     ["Tiểu ban tổ chức phục vụ Đại hội Đảng bộ tỉnh lần thứ XX"], "congress-subcommittee"),
    # "về việc" (regarding) opens what a letter is about, not a committee's subject
    ("Thực hiện Công điện của Ban Chỉ đạo phòng thủ dân sự quốc gia về việc ứng phó bão, Sở Y "
     "tế bố trí trực ban.",
     ["Ban Chỉ đạo phòng thủ dân sự quốc gia", "Sở Y tế"], "ve-viec-is-no-subject"),
    ("Ủy ban Quốc gia về chuyển đổi số họp phiên thứ hai.", ["Ủy ban Quốc gia về chuyển đổi số"],
     "ve-is-a-subject"),
    # a list of places ends where a person's title begins
    ("Dự họp có lãnh đạo UBND các huyện: Lục Nam, Yên Thế, Bí thư và Chủ tịch UBND các xã.",
     ["Ủy ban nhân dân huyện Lục Nam", "Ủy ban nhân dân huyện Yên Thế"],
     "place-list-ends-at-a-title"),
    # a broadcaster's abbreviation in a byline is no body; named in a directive it is
    ("Tỉnh sẽ đặt trung tâm hành chính tại thành phố mới. (Nguồn: VOV)", [], "byline-abbreviation"),
    ("Đề nghị VOV tuyên truyền kế hoạch.", ["Đài Tiếng nói Việt Nam"], "broadcaster-asked"),
    # a one-member state company whose trade is printed in lower case
    ("Phối hợp với Công ty TNHH MTV khai thác thủy lợi miền Nam, UBND huyện Yên Thế kiểm tra.",
     ["Công ty TNHH MTV khai thác thủy lợi miền Nam", "Ủy ban nhân dân huyện Yên Thế"],
     "company-trade-in-lower-case"),
]


@pytest.mark.parametrize("text, expected", [c[:2] for c in AGENCY_CASES],
                         ids=[c[2] for c in AGENCY_CASES])
def test_agency_forms(text, expected):
    assert names(text, "Bắc Giang") == expected


TASK_CASES = [
    # a collective whose members are named in brackets: the members are asked
    ("Yêu cầu các đơn vị tư vấn (Trung tâm Quan trắc môi trường, Xí nghiệp Đo đạc 5) bổ sung "
     "nhân lực.",
     [[("các đơn vị", "implement"), ("Trung tâm Quan trắc môi trường", "implement"),
       ("Xí nghiệp Đo đạc 5", "implement")]], "collective-with-members-in-brackets"),
    # ... but one body in brackets after another, its name running on, is not listed
    ("Bộ Công an (Trung tâm Dữ liệu về dân cư) triển khai kết nối.",
     [[("Bộ Công an", "implement")]], "one-bracketed-body-not-a-list"),
    # a letter signed and sent ("ký văn bản gửi", the southern "gởi"), then a request: the
    # recipients are asked
    ("Phó Chủ tịch UBND tỉnh vừa ký văn bản gởi các Sở Nội vụ, Tài chính và các huyện, thị, "
     "thành phố yêu cầu rà soát định mức giáo viên.",
     [[("Sở Nội vụ", "implement"), ("Sở Tài chính", "implement")]], "signed-letter-then-request"),
    # ... a letter that urges its recipient: the recipient does the work
    ("Phó Chủ tịch UBND tỉnh vừa ký công văn gửi Sở Xây dựng, đôn đốc việc hoàn thiện chương "
     "trình phát triển nhà ở.",
     [[("Sở Xây dựng", "implement")]], "letter-urges-its-recipient"),
    # ... and a letter that conveys a leader's opinion gives its recipients no task of its own
    ("Phó Chủ tịch UBND tỉnh vừa ký văn bản gửi Sở Tài chính và các đơn vị liên quan, truyền "
     "đạt ý kiến của Chủ tịch UBND tỉnh về quy hoạch.", [], "letter-conveys"),
    # a collective's qualifier inside a long list of those asked
    ("Chủ tịch UBND tỉnh yêu cầu Công an tỉnh, UBND các xã, phường ven biển, Đài Khí tượng "
     "thủy văn tỉnh, Cảng vụ hàng hải Nghệ An tập trung ứng phó bão.",
     [[("Công an tỉnh", "implement"), ("Ủy ban nhân dân các xã, phường", "implement"),
       ("Đài Khí tượng thủy văn tỉnh", "implement"),
       ("Cảng vụ hàng hải Nghệ An", "implement")]], "collective-qualifier-in-a-list"),
    # a deadline between the request and the body asked
    ("UBND tỉnh yêu cầu chậm nhất ngày 15/6/2024 Sở Nội vụ phải có báo cáo.",
     [[("Sở Nội vụ", "implement")]], "deadline-between-request-and-body"),
    # a partner list with a company printed in lower case goes on to the last partner
    ("UBND tỉnh yêu cầu Sở Xây dựng, phối hợp với Công an tỉnh, Công ty TNHH MTV khai thác "
     "thủy lợi miền Nam, UBND huyện Yên Thế kiểm tra tính pháp lý.",
     [[("Sở Xây dựng", "implement"), ("Công an tỉnh", "coordinate"),
       ("Công ty TNHH MTV khai thác thủy lợi miền Nam", "coordinate"),
       ("Ủy ban nhân dân huyện Yên Thế", "coordinate")]], "partners-through-a-company"),
]


@pytest.mark.parametrize("text, expected", [c[:2] for c in TASK_CASES],
                         ids=[c[2] for c in TASK_CASES])
def test_task_forms(text, expected):
    assert pairs_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    # "tuần đầu" (the first week of some span) is no "this week": not read as this Friday
    ("Số hồ sơ tiếp nhận tăng mạnh (trong tuần đầu tăng 45% so với tháng trước).", []),
    ("Các xã hoàn thành kiểm kê trong tuần đầu tháng 9/2025.", []),
    # ... while this week and next week still are
    ("Sở Tài chính báo cáo trong tuần này.", [("trong tuần này", "2025-08-22")]),
    ("Sở Tài chính báo cáo trong tuần sau.", [("trong tuần sau", "2025-08-29")]),
], ids=["first-week-figure", "first-week-of-a-month", "this-week", "next-week"])
def test_a_week_of_some_span_is_no_this_week(text, expected):
    found = extract_deadlines(text, "2025-08-18")
    assert [(d.surface, d.due_on) for d in found] == expected


@pytest.mark.parametrize("text, expected", [
    ("Tổng TTCP Đinh Văn Hòa yêu cầu Vụ Kế hoạch tham mưu.",
     [("Đinh Văn Hòa", "Tổng Thanh tra Chính phủ")]),
    ("Phó Tổng Kiểm toán nhà nước Lưu Minh Tâm chủ trì.",
     [("Lưu Minh Tâm", "Phó Tổng Kiểm toán nhà nước")]),
], ids=["inspector-general-abbreviated", "deputy-auditor-general"])
def test_heads_of_the_inspectorate_and_the_audit(text, expected):
    assert [(p.name, p.title) for p in extract_people(text)] == expected


# a prose line that hands a body the paragraphs after it ("... giao Đảng ủy A:"), each
# opening with a verb and no body of its own: each is the body's task (directing another
# body, it keeps the task too), until a paragraph names its own subject
PARAGRAPHS = (
    "Đối với nhiệm vụ sắp xếp bộ máy, giao Đảng ủy Chính phủ:\n\n"
    "Chỉ đạo Đảng ủy Bộ Tài chính khẩn trương hoàn thiện Đề án.\n\n"
    "Lãnh đạo, chỉ đạo rà soát các tổ chức đảng trong các tập đoàn.\n\n"
    "Chủ trì, phối hợp với Ban Tổ chức Trung ương nghiên cứu phương án sắp xếp.\n\n"
    "Bộ Chính trị yêu cầu Đảng ủy Công an Trung ương chủ trì triển khai đề án."
)


def test_a_prose_heading_hands_the_paragraphs_after_it():
    assert pairs_of(PARAGRAPHS) == [
        [("Đảng ủy Bộ Tài chính", "implement"), ("Đảng ủy Chính phủ", "implement")],
        [("Đảng ủy Chính phủ", "implement")],
        [("Đảng ủy Chính phủ", "lead"), ("Ban Tổ chức Trung ương", "coordinate")],
        [("Đảng ủy Công an Trung ương", "lead")],
    ]
