"""Forms of real conclusion reports found in rule round 19 (issue 15). Every sentence is
written for these tests, names invented."""

from __future__ import annotations

import pytest

from pipeline.extractors.deadlines import extract_deadlines
from pipeline.extractors.legal_refs import extract_legal_refs
from pipeline.extractors.people import extract_people
from tests.extractors.forms import names, pairs_of

# fmt: off
AGENCY_CASES = [
    # the newspapers' abbreviated ward and commune: "P." and "X." before a capitalised place
    ("Tỉnh chỉ đạo UBND P.Trần Phú và UBND X. Tân Lập khắc phục sự cố.",
     ["Ủy ban nhân dân phường Trần Phú", "Ủy ban nhân dân xã Tân Lập"], "ward-and-commune-abbreviated"),
    # ... and not before a lower-case word or a lone capital
    ("Các hộ ở khu P. được hỗ trợ, mục X. nêu rõ.", [], "no-place-after-the-abbreviation"),
    # the forest rangers' station printed with a lower-case head; other "hạt" is a grain
    ("Dự án nhà làm việc hạt Kiểm lâm huyện Yên Thế đã được duyệt.",
     ["Hạt Kiểm lâm huyện Yên Thế"], "ranger-station-lower-case"),
    ("Giá hạt Tiêu và hạt Điều tăng mạnh.", [], "hat-is-a-grain"),
    # a committee's name carries its owner, its subject through commas and "và", and the
    # document a review committee reviews (where its name ends)
    ("Đề nghị Ủy ban Biển và Hải đảo của Quốc hội thẩm tra dự án luật.",
     ["Ủy ban Biển và Hải đảo của Quốc hội"], "committee-of-the-national-assembly"),
    ("Giao Ủy ban Quốc gia phòng chống thiên tai, cứu hộ và tìm kiếm cứu nạn chỉ đạo.",
     ["Ủy ban Quốc gia phòng, chống thiên tai, cứu hộ và tìm kiếm cứu nạn"],
     "committee-subject-through-comma-and-va"),
    ("Giao Ban Chỉ đạo sơ kết 10 năm thực hiện Nghị quyết số 19-NQ/TW và Đề cương báo cáo.",
     ["Ban Chỉ đạo sơ kết 10 năm thực hiện Nghị quyết số 19-NQ/TW"], "review-committee"),
    ("Giao Ban Chỉ đạo tổng kết thực hiện Nghị quyết Trung ương 6 khóa XII hoàn thiện báo cáo.",
     ["Ban Chỉ đạo tổng kết thực hiện Nghị quyết Trung ương 6 khóa XII"],
     "review-committee-central-resolution"),
    ("Giao Tổ công tác của Thủ tướng Chính phủ về rà soát thủ tục tổng hợp.",
     ["Tổ công tác của Thủ tướng Chính phủ về rà soát thủ tục"], "committee-named-by-owner"),
    # ... and a committee named before, by its owner alone, is no new name; nor does a
    # committee with a name of its own take a verb after "về"
    ("Ban Chỉ đạo của Chính phủ nhận định tiến độ còn chậm.", ["Chính phủ"],
     "owner-alone-no-name"),
    ("Ban Chỉ đạo Điều hành giá về kết luận của Bộ đã thống nhất.",
     ["Ban Chỉ đạo Điều hành giá"], "own-name-then-ve-verb"),
    # a committee's standing office is one body, the office
    ("Giao Văn phòng Thường trực Ban Chỉ đạo 389 tỉnh tổng hợp số liệu.",
     ["Văn phòng Thường trực Ban Chỉ đạo 389 tỉnh"], "committee-standing-office"),
    ("Giao Văn phòng UBND tỉnh và Ban Chỉ đạo 389 tỉnh tổng hợp.",
     ["Văn phòng Ủy ban nhân dân tỉnh", "Ban Chỉ đạo 389 tỉnh"], "office-then-committee"),
    ("Trung tâm Y tế huyện (cơ quan thường trực Ban Chỉ đạo chăm sóc sức khỏe nhân dân "
     "huyện) chủ trì.", ["Trung tâm Y tế huyện", "Ban Chỉ đạo chăm sóc sức khỏe nhân dân huyện"],
     "standing-agency-is-another-body"),
    # an office held by one person, right before the person's name, is a title
    ("Chủ tịch nước Võ Minh Khang thăm và làm việc tại tỉnh.", [], "president-named"),
    ("Thủ tướng Chính phủ Đặng Quốc Bảo đã chủ trì hội nghị.", [], "prime-minister-named"),
    ("Ủy ban nhân dân tỉnh kính trình Thủ tướng Chính phủ xem xét.",
     ["Ủy ban nhân dân tỉnh", "Thủ tướng Chính phủ"], "prime-minister-as-addressee"),
    # a ministry's party board, and a body's own leadership (no body of its own)
    ("Ban cán sự đảng Bộ Tư pháp chỉ đạo rà soát.", ["Ban cán sự đảng Bộ Tư pháp"],
     "ministry-party-board"),
    ("Đảng đoàn Hội Nông dân tỉnh chỉ đạo tổng kết.", ["Đảng đoàn Hội Nông dân tỉnh"],
     "party-group-of-a-mass-organisation"),
    ("Ban Giám đốc Sở Y tế và Hội đồng quản trị Công ty cổ phần Lâm nghiệp Yên Thế thống nhất.",
     ["Sở Y tế", "Công ty cổ phần Lâm nghiệp Yên Thế"], "leadership-is-no-body"),
]


@pytest.mark.parametrize("text, expected", [c[:2] for c in AGENCY_CASES],
                         ids=[c[2] for c in AGENCY_CASES])
def test_agency_forms(text, expected):
    assert names(text, "Bắc Giang") == expected


TASK_CASES = [
    # the closing line of a decision: the heads named with their titles execute it, each
    # body implements; the collective at the end of the list keeps its qualifier
    ("Chánh Văn phòng UBND tỉnh, Giám đốc các Sở: Tài chính, Công Thương; Chủ tịch UBND các "
     "huyện: Yên Thế, Lục Nam và Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm "
     "thi hành Quyết định này.",
     [[("Văn phòng Ủy ban nhân dân tỉnh", "implement"), ("Sở Tài chính", "implement"),
       ("Sở Công Thương", "implement"), ("Ủy ban nhân dân huyện Yên Thế", "implement"),
       ("Ủy ban nhân dân huyện Lục Nam", "implement"),
       ("Thủ trưởng các cơ quan, đơn vị", "implement")]], "heads-execute-the-decision"),
    # a chair listed after another body's head is one of those who act, not the one who
    # concludes
    ("Giám đốc Sở Y tế, Chủ tịch UBND huyện Lạng Giang chịu trách nhiệm thực hiện kế hoạch này.",
     [[("Sở Y tế", "implement"), ("Ủy ban nhân dân huyện Lạng Giang", "implement")]],
     "chair-listed-after-a-head"),
    # ... but one person's titles are no list: the secretary who presides has no task
    ("Đồng chí Lê Văn Hòa, Phó Bí thư Tỉnh ủy, Bí thư Thành ủy Uông Bí chủ trì hội nghị.",
     [], "one-persons-titles"),
    # the judgment-enforcement body in a list of attendees: "Thi hành" is its name, no verb
    ("Dự buổi tiếp có lãnh đạo Sở Tư pháp, Công an tỉnh, Thi hành án dân sự tỉnh.",
     [], "thi-hanh-an-is-a-name"),
    # the passive of a request: the body is asked
    ("Theo đó, UBND P.Trần Phú được yêu cầu theo dõi sát diễn biến mực nước.",
     [[("Ủy ban nhân dân phường Trần Phú", "monitor")]], "passive-request"),
    # partners opened by a collective: the named body after it still coordinates ...
    ("Giao Sở Xây dựng chủ trì phối hợp với các Sở, ngành có liên quan và UBND huyện Yên Thế "
     "rà soát hồ sơ dự án.",
     [[("Sở Xây dựng", "lead"), ("các sở, ngành", "coordinate"),
       ("Ủy ban nhân dân huyện Yên Thế", "coordinate")]], "collective-opens-the-partners"),
    # the Government Office's collective and its "according to their functions" before
    # the verb
    ("Phó Thủ tướng có ý kiến chỉ đạo Bộ Xây dựng, các bộ, cơ quan liên quan theo chức năng, "
     "nhiệm vụ, thẩm quyền khẩn trương thực hiện các nhiệm vụ được giao.",
     [[("Bộ Xây dựng", "implement"), ("các bộ, cơ quan liên quan", "implement")]],
     "vpcp-collective-and-functions"),
    # the body singled out among a collective ("trong đó")
    ("Thủ tướng yêu cầu các bộ, ngành, trong đó Bộ Công Thương chủ trì, phối hợp với Bộ Tài "
     "chính rà soát giá điện.",
     [[("các bộ, ngành", "lead"), ("Bộ Công Thương", "lead"), ("Bộ Tài chính", "coordinate")]],
     "trong-do-singles-out-a-body"),
    # a body's abbreviation in brackets inside a list of those asked
    ("Bộ Công Thương yêu cầu Tập đoàn Điện lực Việt Nam (EVN) và Tổng công ty Hóa chất Việt "
     "Nam thực hiện ngay các biện pháp cấp điện.",
     [[("Tập đoàn Điện lực Việt Nam", "implement"), ("Tổng công ty Hóa chất Việt Nam", "implement")]],
     "abbreviation-in-a-list"),
    # praise, then the request, in one clause: the request is a directive
    ("Tại buổi kiểm tra, đồng chí Hà Văn Lực đánh giá cao tiến độ và yêu cầu Sở Xây dựng tiếp "
     "tục giám sát chất lượng công trình.",
     [[("Sở Xây dựng", "monitor")]], "praise-then-request"),
    ("Văn phòng UBND tỉnh thông báo để Sở Y tế và các đơn vị biết, thực hiện.", [],
     "closing-formula-no-request"),
    # the delegate acts; and a body handed the role of project owner
    ("UBND tỉnh vừa có văn bản ủy quyền cho Sở Y tế trao giấy khen cho các tập thể.",
     [[("Sở Y tế", "implement")]], "delegation"),
    ("Ban Quản lý dự án 2 được giao làm chủ đầu tư tuyến đường ven sông.",
     [[("Ban Quản lý dự án 2", "implement")]], "project-owner"),
    # a new paragraph that opens with a role goes on with the body of the one before
    ("Giao Thanh tra tỉnh thanh tra công tác quản lý đất đai tại Sở Xây dựng.\n"
     "Tham mưu UBND tỉnh xử lý những nội dung thuộc thẩm quyền.",
     [[("Thanh tra tỉnh", "implement")], [("Thanh tra tỉnh", "advise")]],
     "paragraph-opening-with-a-role"),
    # ... but not a sentence in the same line (it continues its own directive)
    ("Giao Thanh tra tỉnh thanh tra công tác quản lý đất đai. Tham mưu UBND tỉnh xử lý.",
     [[("Thanh tra tỉnh", "implement")]], "same-line-role-continues"),
    # one body leads, the next after a comma "phối hợp" with no partner: it works with the
    # lead (as after a semicolon)
    ("Giao Công an tỉnh chủ trì, Bộ Chỉ huy Quân sự tỉnh phối hợp tổ chức diễn tập.",
     [[("Công an tỉnh", "lead")], [("Bộ Chỉ huy Quân sự tỉnh", "coordinate")]],
     "lead-then-bare-coordinate-after-a-comma"),
    # ... while a collective alone names no partner
    ("Giao Sở Xây dựng chủ trì, phối hợp với các sở, ngành liên quan rà soát hồ sơ dự án.",
     [[("Sở Xây dựng", "lead")]], "collective-alone-is-no-partner"),
]


@pytest.mark.parametrize("text, expected", [c[:2] for c in TASK_CASES],
                         ids=[c[2] for c in TASK_CASES])
def test_task_forms(text, expected):
    assert pairs_of(text) == expected


# a web page prints its headline again as the lead, under the photo and in the body
PAGE = (
    "Xong trước ngày 20/10/2024 việc di dời chợ tạm\n"
    "\n"
    "Xong trước ngày 20/10/2024 việc di dời chợ tạm.\n"
    "Xong trước ngày 20/10/2024 việc di dời chợ tạm. Ảnh: PV\n"
    "UBND tỉnh yêu cầu UBND huyện Yên Thế hoàn thành việc di dời chợ tạm trước ngày "
    "20/10/2024 và báo cáo kết quả trước ngày 25/10/2024.\n"
)


def test_a_deadline_the_page_repeats_is_one_deadline():
    found = extract_deadlines(PAGE, "2024-09-01")
    assert [(d.surface, d.due_on) for d in found] == [
        ("trước ngày 20/10/2024", "2024-10-20"), ("trước ngày 25/10/2024", "2024-10-25")
    ]
    assert PAGE.count("\n", 0, found[0].start) == 4  # the body's, not the headline's


def test_two_directives_with_one_deadline_keep_both():
    text = ("1. Sở Y tế báo cáo trước ngày 15/8/2024.\n"
            "2. Sở Tài chính báo cáo trước ngày 15/8/2024.\n")
    assert len(extract_deadlines(text, "2024-08-01")) == 2


# a prose line hands the items of the list under it to a body ("... giao Ban A:"): each
# item, dashed or numbered, blank lines between them or not, is Ban A's task, and the line
# itself is none
HANDED_LISTS = [
    ("UBND tỉnh giao Ban Quản lý dự án đầu tư xây dựng tỉnh:\n"
     "- Khẩn trương hoàn thiện hồ sơ dự án.\n"
     "- Phối hợp với Sở Tài chính bố trí vốn.", "dashed"),
    ("UBND tỉnh giao Ban Quản lý dự án đầu tư xây dựng tỉnh:\n\n"
     "1. Khẩn trương hoàn thiện hồ sơ dự án.\n\n"
     "2. Phối hợp với Sở Tài chính bố trí vốn.", "numbered-blank-lines"),
    ("UBND tỉnh giao Ban Quản lý dự án đầu tư xây dựng tỉnh:\n\n"
     "- Khẩn trương hoàn thiện hồ sơ dự án.\n\n"
     "- Phối hợp với Sở Tài chính bố trí vốn.", "dashed-blank-lines"),
]


@pytest.mark.parametrize("text", [c[0] for c in HANDED_LISTS], ids=[c[1] for c in HANDED_LISTS])
def test_a_handed_list_is_its_bodys(text):
    board = "Ban Quản lý dự án đầu tư xây dựng tỉnh"
    assert pairs_of(text) == [[(board, "implement")],
                              [(board, "implement"), ("Sở Tài chính", "coordinate")]]


def test_a_list_of_bodies_with_a_colon_is_not_handed():
    """Bodies alone before the colon (no "giao"): the line keeps its own task as before."""
    text = ("Phó Chủ tịch UBND tỉnh kết luận:\n\n2. Nhiệm vụ thời gian tới\n\n"
            "UBND các xã: Tân Lập, Tân Hòa:\n"
            "- Thành lập tổ công tác trước ngày 20/8/2025;\n"
            "- Vận động các hộ bàn giao mặt bằng.")
    assert [("Ủy ban nhân dân xã Tân Lập", "implement"),
            ("Ủy ban nhân dân xã Tân Hòa", "implement")] in pairs_of(text)


@pytest.mark.parametrize("text, expected", [
    # "không" and "xanh" end like the honorifics "ông" and "anh": no person after them
    ("Dự án mở rộng Cảng hàng không Đoàn Hùng được bổ sung vốn.", []),
    ("Thương hiệu gạo xanh Lê Gia được bảo hộ.", []),
    # ... while the honorific itself still tells a person
    ("Làm việc với ông Trần Văn Khải và anh Lê Minh Đức.", ["Trần Văn Khải", "Lê Minh Đức"]),
], ids=["khong-is-no-ong", "xanh-is-no-anh", "honorifics"])
def test_honorific_is_a_whole_word(text, expected):
    assert [p.name for p in extract_people(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a report shortens a resolution to its number and year
    ("Thành phố triển khai Nghị quyết số 23/2024 của HĐND về hỗ trợ học phí.", ["23/2024"]),
    # ... and the full citation before it gives the short one its id
    ("Nghị quyết số 23/2024/NQ-HĐND ngày 10/7/2024 quy định mức hỗ trợ; theo Nghị quyết "
     "23/2024, các xã lập danh sách.", ["23/2024/NQ-HĐND", "23/2024/NQ-HĐND"]),
    # a full id stays whole
    ("Thực hiện Quyết định 15/2023/QĐ-UBND.", ["15/2023/QĐ-UBND"]),
], ids=["number-and-year", "resolved-by-the-full-citation", "full-id"])
def test_short_citation_with_its_year(text, expected):
    assert [r.ref_id for r in extract_legal_refs(text, [])] == expected
