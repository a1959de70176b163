"""Forms of real conclusion reports found in rule round 14 (issue 15): party committees of a
province's blocs, the party committee of Thành phố Hồ Chí Minh, titles that name no body,
clauses that name a body without handing it a task, and names and titles of people. Every
sentence is written for these tests, names invented."""

from __future__ import annotations

import pytest

from pipeline.extractors.people import extract_people
from tests.extractors.forms import names, pairs_of

# fmt: off
AGENCY_CASES = [
    # the party committees of a province's bloc of agencies and bloc of enterprises (before 2025)
    ("Mời đại diện Đảng ủy Khối các cơ quan tỉnh và Đảng ủy Khối doanh nghiệp tỉnh cùng dự.",
     ["Đảng ủy Khối các cơ quan tỉnh", "Đảng ủy Khối doanh nghiệp tỉnh"], "provincial-bloc-committees"),
    ("Kho lưu trữ cũ của Đảng ủy khối doanh nghiệp được bàn giao cho Sở Nội vụ.",
     ["Đảng ủy Khối doanh nghiệp tỉnh", "Sở Nội vụ"], "bloc-committee-printed-bare"),
    ("Đảng ủy Khối Doanh nghiệp Trung ương chỉ đạo các tập đoàn.",
     ["Đảng ủy Khối Doanh nghiệp Trung ương"], "central-bloc-committee-unchanged"),
    # the city's official name keeps its unit word; other cities' committees do not
    ("Phó Bí thư Thành ủy TP.HCM dự lễ khánh thành trường học.",
     ["Thành ủy Thành phố Hồ Chí Minh"], "hcmc-committee-abbreviated"),
    ("Đoàn công tác của Thành ủy thành phố Hồ Chí Minh thăm khu công nghệ cao.",
     ["Thành ủy Thành phố Hồ Chí Minh"], "hcmc-committee-lower-case-unit"),
    ("Thành ủy Thành phố Vĩnh Hưng tổ chức hội nghị.", ["Thành ủy Vĩnh Hưng"],
     "other-city-committee-drops-unit"),
    # a body named after a field of law keeps the law's comma
    ("Đề nghị Ban Chỉ đạo phòng chống tội phạm huyện Hòa Lạc rà soát địa bàn.",
     ["Ban Chỉ đạo phòng, chống tội phạm huyện Hòa Lạc"], "field-of-law-gets-its-comma"),
    ("Ban Chỉ đạo phòng, chống dịch huyện Hòa Lạc họp.",
     ["Ban Chỉ đạo phòng, chống dịch huyện Hòa Lạc"], "comma-already-printed"),
    # the Assembly's deputies and a meeting of the Government's standing members name
    # neither body; the standing deputy prime minister's title names the Government
    ("Xã An Phú rà soát danh sách cử tri bầu đại biểu Quốc hội khóa mới.", [],
     "assembly-deputies-are-an-office"),
    ("Bộ Y tế báo cáo tại cuộc họp Thường trực Chính phủ tuần trước.", ["Bộ Y tế"],
     "meeting-of-the-standing-government"),
    ("Phó Thủ tướng Thường trực Chính phủ Lê Văn Ba thăm nhà máy.", ["Chính phủ"],
     "standing-deputy-title-names-the-government"),
    # the joint office of a district's council and committee, printed with no unit, is the
    # office of the text's own district; with no district named it stays unread
    ("Phó Chủ tịch UBND quận chỉ đạo Văn phòng HĐND&UBND tổng hợp ý kiến cử tri.",
     ["Ủy ban nhân dân quận", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân quận"],
     "joint-office-takes-the-district-unit"),
    ("UBND huyện giao văn phòng HĐND&UBND chuẩn bị hội trường tiếp dân.",
     ["Ủy ban nhân dân huyện", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện"],
     "joint-office-in-lower-case"),
    ("Văn phòng HĐND&UBND gửi giấy mời họp.", [], "joint-office-with-no-district-named"),
    # a short name given in brackets after a body stands for it later; a place in brackets
    # is no short name
    ("Trung tâm Dữ liệu Quốc gia (CDQ) họp tổng kết. Thứ trưởng đề nghị CDQ hoàn thiện đề án.",
     ["Trung tâm Dữ liệu Quốc gia", "Trung tâm Dữ liệu Quốc gia", "Trung tâm Dữ liệu Quốc gia"],
     "acronym-in-brackets-stands-for-the-body"),
    ("Thu hồi đất của Công ty TNHH Hòa Phát (gọi tắt Công ty Hòa Phát) tại xã An Lạc. Công ty "
     "Hòa Phát phải bàn giao mặt bằng.", ["Công ty TNHH Hòa Phát"] * 3, "short-name-after-goi-tat"),
    ("Sở Y tế (Hà Nội) kiểm tra các nhà thuốc; Hà Nội có 40 nhà thuốc vi phạm.", ["Sở Y tế"],
     "place-in-brackets-is-no-short-name"),
    # the State Bank's inspection and supervision agency is a gazetteer body
    ("Tổ chức tín dụng A bị Cơ quan Thanh tra, giám sát ngân hàng nhắc nhở về nợ xấu.",
     ["Cơ quan Thanh tra, Giám sát Ngân hàng"], "banking-supervision-agency"),
    # a unit abbreviated with a dot in a distribution list has no name to give
    ("Nơi nhận: - Bộ Tư pháp; - các Vụ: PC, V.II;", ["Bộ Tư pháp"], "dotted-unit-abbreviation"),
    ("Dự họp có đại diện các Vụ: Pháp chế, Tổng hợp.", ["Vụ Pháp chế", "Vụ Tổng hợp"],
     "named-units-before-a-full-stop"),
    # a school printed with a lower-case "trường"; a vocational college keeps "nghề"; a
    # name ends before "thuộc" (belonging to)
    ("Bàn giao khu đất cho trường Đại học Hòa Bình thuộc thị xã Tân Lạc quản lý.",
     ["Trường Đại học Hòa Bình"], "lower-case-school-head-before-thuoc"),
    ("Sở Xây dựng làm việc với Trường Cao đẳng nghề Hòa Bình về mặt bằng.",
     ["Sở Xây dựng", "Trường Cao đẳng nghề Hòa Bình"], "vocational-college"),
    ("Học sinh các trường đại học trên địa bàn tham gia.", [], "common-noun-schools-are-no-body"),
    # a bare council before a province's or district's body shares its unit; a bare party
    # committee there does not (the province's is the Tỉnh ủy)
    ("Sở Tư pháp đề nghị HĐND, UBND TP bổ sung kinh phí trợ giúp pháp lý.",
     ["Sở Tư pháp", "Hội đồng nhân dân thành phố", "Ủy ban nhân dân thành phố"],
     "council-shares-the-city-unit"),
    ("Báo cáo được gửi Tỉnh ủy, HĐND, Công an tỉnh trước kỳ họp.",
     ["Tỉnh ủy", "Hội đồng nhân dân tỉnh", "Công an tỉnh"],
     "council-in-a-list-of-provincial-bodies"),
    ("Đảng ủy, UBND huyện Tân Hiệp ra quân dọn vệ sinh.", ["Ủy ban nhân dân huyện Tân Hiệp"],
     "bare-party-committee-takes-no-district-unit"),
    # a central body's numbered regional office is a body of its own
    ("Tỉnh gửi văn bản giải trình tới Kiểm toán Nhà nước khu vực IX.",
     ["Kiểm toán Nhà nước khu vực IX"], "regional-audit-office"),
    ("Thực hiện kiến nghị của Kiểm toán Nhà nước về quyết toán.", ["Kiểm toán Nhà nước"],
     "state-audit-without-region"),
    # a deputy prime minister's title names no body; the Prime Minister as addressee still does
    ("Phó Thủ tướng Chính phủ Lý Văn Kha đề nghị Bộ Xây dựng sớm hoàn thiện quy chuẩn.",
     ["Bộ Xây dựng"], "deputy-prime-minister-is-a-title"),
    ("Bộ Xây dựng tổng hợp ý kiến các địa phương để trình Thủ tướng Chính phủ xem xét.",
     ["Bộ Xây dựng", "Thủ tướng Chính phủ"], "prime-minister-as-addressee"),
]
# fmt: on


@pytest.mark.parametrize(
    "text, expected, case_id", AGENCY_CASES, ids=[c[2] for c in AGENCY_CASES]
)
def test_r14_agency_forms(text, expected, case_id):
    assert names(text) == expected


def test_r14_hcmc_committee_in_its_own_notice_drops_the_city():
    assert names("Văn phòng gửi Thành ủy TPHCM để báo cáo.", "Hồ Chí Minh") == ["Thành ủy"]


# fmt: off
TASK_CASES = [
    # a committee deciding on or receiving what others submitted has no task of its own
    ("UBND tỉnh cũng thống nhất tờ trình của Sở Tư pháp về đề án xây dựng nhà văn hóa thôn.",
     [], "committee-agrees-to-a-submission"),
    ("Ủy ban nhân dân tỉnh nhận được văn bản của Bộ Công Thương về việc triển khai dự án điện gió.",
     [], "committee-receives-a-letter"),
    ("HĐND tỉnh thông qua nghị quyết về chính sách hỗ trợ nuôi ong.", [], "council-passes-a-resolution"),
    # ... but a body it hands a task in the same clause still takes it
    ("UBND tỉnh thống nhất giao Sở Tư pháp hoàn thiện đề án trước khi trình.",
     [[("Sở Tư pháp", "implement")]], "agrees-and-hands-a-task"),
    # a body a proposal is addressed to is asked, not tasked
    ("Về kiến nghị UBND tỉnh bố trí kinh phí sửa chữa trường học, UBND tỉnh yêu cầu Sở Tài "
     "chính thẩm định hồ sơ.", [[("Sở Tài chính", "implement")]], "proposal-addressed-to-a-body"),
    # a saved page's date field before a dateline: the dateline still tells an event
    (" date 2024-05-02 Ngày 2/5, UBND huyện Lục Nam tổ chức lễ ra quân làm sạch đồng ruộng.",
     [], "page-date-then-dateline-is-an-event"),
    (" date 2024-05-02 Sáng 2/5, Sở Y tế triển khai chiến dịch tiêm vắc xin sởi.",
     [], "page-date-then-morning-dateline"),
    (" date 2024-05 Sở Công Thương tiếp tục kiểm tra các cửa hàng xăng dầu.",
     [[("Sở Công Thương", "implement")]], "page-date-then-a-directive"),
    # "điều hành" (steer, run) is a directive verb like "vận hành"
    ("Trong đó, Kho bạc Nhà nước phải tiếp tục điều hành ngân quỹ an toàn, hiệu quả.",
     [[("Kho bạc Nhà nước tỉnh", "implement")]], "modal-then-dieu-hanh"),
    # a photo caption, known by its credit, tells what the photo shows
    ("UBND huyện Lục Nam kiểm tra tiến độ làm đường giao thông nông thôn (Ảnh: Minh Khôi).", [],
     "caption-with-a-credit"),
    ("Sở Y tế kiểm tra công tác tiêm chủng tại trạm y tế xã. Ảnh: HOÀNG LAN", [],
     "caption-with-a-trailing-credit"),
    # a place in brackets after the body does not hide the tense word after it
    ("Ban Thường vụ Huyện ủy Lục Nam (Bắc Giang) vừa có kết luận về việc tổ chức lại các thôn.",
     [], "bracketed-place-then-tense-word"),
    # the body's acronym, defined in brackets, is handed the task
    ("Ngày 5/3, Trung tâm Dữ liệu Quốc gia (CDQ) họp tổng kết. Thứ trưởng đề nghị CDQ hoàn "
     "thiện đề án chia sẻ dữ liệu.", [[("Trung tâm Dữ liệu Quốc gia", "implement")]],
     "task-to-an-acronym"),
    ("Sở Nội vụ tiếp tục rà soát biên chế các đơn vị sự nghiệp.",
     [[("Sở Nội vụ", "implement")]], "plain-directive-unchanged"),
]
# fmt: on


@pytest.mark.parametrize("text, expected, case_id", TASK_CASES, ids=[c[2] for c in TASK_CASES])
def test_r14_task_forms(text, expected, case_id):
    assert pairs_of(text) == expected


# fmt: off
PEOPLE_CASES = [
    # the State Bank's governor and deputies
    ("Phó Thống đốc Lê Minh Hòa dự hội nghị sơ kết.", [("Lê Minh Hòa", "Phó Thống đốc")],
     "deputy-governor"),
    # Gia Rai clan names come first, like a family name
    ("Ý kiến chỉ đạo của đồng chí Rah Lan Thơm – Chủ tịch UBND huyện.",
     [("Rah Lan Thơm", "Chủ tịch Ủy ban nhân dân huyện")], "gia-rai-two-word-clan-name"),
    ("Ông Siu Hlim, Phó Giám đốc Sở Nội vụ, trình bày dự thảo.",
     [("Siu Hlim", "Phó Giám đốc Sở Nội vụ")], "gia-rai-one-word-clan-name"),
]
# fmt: on


@pytest.mark.parametrize("text, expected, case_id", PEOPLE_CASES, ids=[c[2] for c in PEOPLE_CASES])
def test_r14_people_forms(text, expected, case_id):
    assert [(p.name, p.title) for p in extract_people(text)] == expected


# a saved web excerpt cut at a length: the name its last word runs into is not whole
_FILLER = "Hội nghị đánh giá kết quả phát triển kinh tế của quý trước và bàn giải pháp. " * 15


def test_r14_name_cut_by_the_end_of_a_long_text_is_dropped():
    text = _FILLER + "Chủ tịch giao Trung tâm Dịch vụ nông nghiệp huyện Hòa Lạ"
    assert len(text) >= 1000
    assert names(text) == []


def test_r14_name_ending_a_long_text_with_a_full_stop_is_kept():
    text = _FILLER + "Chủ tịch giao việc này cho Sở Nội vụ."
    assert names(text) == ["Sở Nội vụ"]


def test_r14_short_text_may_end_in_a_name():
    assert names("Báo cáo gửi Sở Nội vụ") == ["Sở Nội vụ"]
