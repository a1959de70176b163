"""Agency mentions: gazetteer forms, committees by place, elided lists, collectives, patterns."""

from __future__ import annotations

import json

import pytest

from pipeline.core.paths import ROOT
from pipeline.extractors.agencies import (
    canonical_agency,
    extract_agencies,
    guess_jurisdiction,
    summarise_agencies,
)

SEED = ROOT / "corpus/raw/kien-giang/2021-07-07-kiem-diem-6-thang-2021.txt"  # the seed
SEED_GOLD = ROOT / "corpus/gold/dev/2021-07-07-kiem-diem-6-thang-2021.gold.json"


def names(text, jurisdiction=None, kinds=("agency", "pattern")):
    return [
        m.canonical for m in extract_agencies(text, jurisdiction) if m.kind in kinds
    ]


# fmt: off
CASES = [
    # state bodies, full names and abbreviations
    ("Giao Sở KH&ĐT tổng hợp.", ["Sở Kế hoạch và Đầu tư"], "so-khdt-amp"),
    ("Sở KHĐT chủ trì thẩm định.", ["Sở Kế hoạch và Đầu tư"], "so-khdt-flat"),
    ("đề nghị Sở KH - ĐT báo cáo", ["Sở Kế hoạch và Đầu tư"], "so-khdt-spaced-dash"),
    ("Sở NN&PTNT hướng dẫn nông dân", ["Sở Nông nghiệp và Phát triển nông thôn"], "so-nnptnt"),
    ("Sở Nông nghiệp & PTNT kiểm tra", ["Sở Nông nghiệp và Phát triển nông thôn"], "so-nn-mixed"),
    ("Sở NN-PTNT, Sở TN-MT phối hợp", ["Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài nguyên và Môi trường"], "two-dashed"),
    ("Sở TNMT rà soát quỹ đất", ["Sở Tài nguyên và Môi trường"], "so-tnmt"),
    ("Sở LĐ-TB&XH chi trả trợ cấp", ["Sở Lao động - Thương binh và Xã hội"], "so-ldtbxh"),
    ("Sở LĐTBXH tổng hợp danh sách", ["Sở Lao động - Thương binh và Xã hội"], "so-ldtbxh-flat"),
    ("Sở GTVT sửa chữa mặt đường", ["Sở Giao thông vận tải"], "so-gtvt"),
    ("Sở GD&ĐT bố trí giáo viên", ["Sở Giáo dục và Đào tạo"], "so-gddt"),
    ("Sở TT&TT vận hành cổng dịch vụ công", ["Sở Thông tin và Truyền thông"], "so-tttt"),
    ("Sở VH,TT&DL tổ chức lễ hội", ["Sở Văn hóa, Thể thao và Du lịch"], "so-vhttdl-comma"),
    ("Sở VHTTDL quảng bá điểm đến", ["Sở Văn hóa, Thể thao và Du lịch"], "so-vhttdl-flat"),
    ("Sở KH&CN thẩm định công nghệ", ["Sở Khoa học và Công nghệ"], "so-khcn"),
    ("Sở Công thương kiểm soát thị trường", ["Sở Công Thương"], "so-congthuong-case"),
    ("Bộ KH-ĐT đã có ý kiến", ["Bộ Kế hoạch và Đầu tư"], "bo-khdt"),
    ("theo hướng dẫn của BKHĐT", ["Bộ Kế hoạch và Đầu tư"], "bkhdt"),
    ("Ngân hàng Nhà nước Việt Nam điều chỉnh lãi suất", ["Ngân hàng Nhà nước Việt Nam"], "nhnn"),
    # a numbered regional office is a body of its own (round 14: agency_cues.yaml regional_offices)
    ("Kiểm toán Nhà nước khu vực V", ["Kiểm toán Nhà nước khu vực V"], "ktnn"),
    ("Ủy ban Thường vụ Quốc hội cho ý kiến", ["Ủy ban Thường vụ Quốc hội"], "ubtvqh"),
    ("Cục Thủy sản và Cục Kiểm ngư", ["Cục Thủy sản", "Cục Kiểm ngư"], "cuc"),
    # provincial bodies and vertical branches (level province)
    ("Văn phòng UBND tỉnh theo dõi", ["Văn phòng Ủy ban nhân dân tỉnh"], "vp-ubnd-longest"),
    ("Cục Thuế tỉnh đôn đốc thu nợ", ["Cục Thuế tỉnh"], "cuc-thue"),
    ("Kho bạc Nhà nước kiểm soát chi", ["Kho bạc Nhà nước tỉnh"], "kbnn-bare"),
    ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh tuần tra", ["Bộ Chỉ huy Bộ đội Biên phòng tỉnh"], "bdbp"),
    ("Bảo hiểm xã hội tỉnh thu nợ đọng", ["Bảo hiểm xã hội tỉnh"], "bhxh"),
    ("Ban quản lý Khu kinh tế tỉnh", ["Ban Quản lý Khu kinh tế tỉnh"], "bql-kkt-case"),
    ("Đài PT-TH tỉnh đưa tin", ["Đài Phát thanh và Truyền hình tỉnh"], "dai-ptth"),
    ("Văn phòng Đoàn ĐBQH và HĐND tỉnh chuẩn bị", ["Văn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh"], "vp-doan"),
    ("Ủy ban MTTQ Việt Nam tỉnh giám sát", ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"], "mttq"),
    # party bodies
    ("Ban Thường vụ Tỉnh ủy đã thống nhất", ["Ban Thường vụ Tỉnh ủy"], "btv-tu"),
    ("xin ý kiến Thường trực Tỉnh ủy", ["Thường trực Tỉnh ủy"], "ttr-tu"),
    ("Ủy ban Kiểm tra Tỉnh ủy kiểm tra", ["Ủy ban Kiểm tra Tỉnh ủy"], "ubkt-tu"),
    ("Huyện ủy Vĩnh Thuận lãnh đạo", ["Huyện ủy Vĩnh Thuận"], "huyen-uy-place"),
    # committees by place
    ("UBND huyện Hòn Đất báo cáo", ["Ủy ban nhân dân huyện Hòn Đất"], "ubnd-huyen"),
    ("Ủy ban nhân dân thị xã Kỳ Anh chủ trì", ["Ủy ban nhân dân thị xã Kỳ Anh"], "ubnd-thixa"),
    ("UBND TP. Long Xuyên rà soát", ["Ủy ban nhân dân thành phố Long Xuyên"], "ubnd-tp-dot"),
    ("UBND H.Tuy Phong khẩn trương", ["Ủy ban nhân dân huyện Tuy Phong"], "ubnd-h-dot"),
    ("UBND xã Vĩnh Hòa Hiệp vận động", ["Ủy ban nhân dân xã Vĩnh Hòa Hiệp"], "ubnd-xa"),
    ("UBND phường An Hòa lập biên bản", ["Ủy ban nhân dân phường An Hòa"], "ubnd-phuong"),
    ("UBND thị trấn Thứ Ba cưỡng chế", ["Ủy ban nhân dân thị trấn Thứ Ba"], "ubnd-thitran"),
    ("UBND TPHCM đã ban hành", ["Ủy ban nhân dân Thành phố Hồ Chí Minh"], "ubnd-tphcm"),
    ("Chủ tịch UBND huyện Gò Quao Lê Văn Tư chủ trì", ["Ủy ban nhân dân huyện Gò Quao"], "place-then-person"),
    ("Chủ tịch UBND tỉnh Trần Văn Mười", ["Ủy ban nhân dân tỉnh"], "province-then-person"),
    # central bodies and state economic groups named as assignees in central notices
    ("Bộ Công Thương phối hợp với EVN đàm phán giá điện",
     ["Bộ Công Thương", "Tập đoàn Điện lực Việt Nam"], "evn-abbreviation"),
    ("Ủy ban Quản lý vốn nhà nước tại doanh nghiệp chỉ đạo Tập đoàn Dầu khí Việt Nam",
     ["Ủy ban Quản lý vốn nhà nước tại doanh nghiệp", "Tập đoàn Dầu khí Việt Nam"],
     "capital-committee-and-group"),
    ("Sở Y tế các tỉnh: Nghệ An, Hà Tĩnh chủ động giám sát",
     ["Sở Y tế tỉnh Nghệ An", "Sở Y tế tỉnh Hà Tĩnh"], "department-of-listed-provinces"),
    # elided heads
    ("Giao các Sở: Tài chính, Xây dựng, Giao thông vận tải thẩm định.",
     ["Sở Tài chính", "Sở Xây dựng", "Sở Giao thông vận tải"], "ellipsis-colon"),
    ("các sở, ngành: Nội vụ; Tư pháp; Y tế", ["Sở Nội vụ", "Sở Tư pháp", "Sở Y tế"], "ellipsis-semicolon"),
    ("Sở Nội vụ, Tài chính và Công Thương", ["Sở Nội vụ", "Sở Tài chính", "Sở Công Thương"], "ellipsis-after-so"),
    ("Các Sở Y tế, Giáo dục & Đào tạo", ["Sở Y tế", "Sở Giáo dục và Đào tạo"], "ellipsis-amp"),
    ("UBND các huyện: Lục Ngạn, Sơn Động rà soát", ["Ủy ban nhân dân huyện Lục Ngạn", "Ủy ban nhân dân huyện Sơn Động"], "unit-list"),
    ("HĐND huyện Đông Hải và huyện Giá Rai", ["Hội đồng nhân dân huyện Đông Hải", "Hội đồng nhân dân huyện Giá Rai"], "elided-second-unit"),
    # agencies inside titles
    ("Giám đốc Sở Y tế báo cáo", ["Sở Y tế"], "title-giam-doc"),
    ("Chủ tịch UBND tỉnh kết luận", ["Ủy ban nhân dân tỉnh"], "title-chu-tich"),
    # pattern agencies
    ("Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh khẩn trương thi công",
     ["Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh"], "pattern-bqlda"),
    ("Chi cục Thủy sản phối hợp kiểm tra", ["Chi cục Thủy sản"], "chi-cuc"),
    ("Công ty TNHH MTV Cấp thoát nước khẩn trương", ["Công ty TNHH MTV Cấp thoát nước"], "pattern-company"),
    ("Trung tâm Phục vụ hành chính công tiếp nhận hồ sơ", ["Trung tâm Phục vụ hành chính công tỉnh"], "tt-hcc"),
    # negatives and near misses
    ("các sở, ban, ngành và địa phương thực hiện", [], "collective-only"),
    ("UBND các huyện, thị xã, thành phố chỉ đạo", [], "collective-units"),
    ("UBND cấp xã chịu trách nhiệm", [], "collective-level"),
    ("ngành y tế và ngành giáo dục", [], "lowercase-ngành"),
    ("chế độ bảo hiểm xã hội cho người lao động", [], "lowercase-concept"),
    ("Hội nghị đánh giá kết quả", [], "hoi-nghi-not-agency"),
    ("Số: 567/SKHĐT-TH ngày 02/3/2021", [], "code-not-agency"),
    ("Ủy ban nhân dân", [], "bare-committee"),
    # names that run on past "và" / "các" (pattern agencies)
    ("Giao BQL Khu kinh tế Vân Phong và các khu công nghiệp rà soát.",
     ["Ban Quản lý Khu kinh tế Vân Phong và các khu công nghiệp"], "bql-kkt-va-cac-kcn"),
    ("Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp tỉnh bàn giao mặt bằng.",
     ["Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp tỉnh"], "ban-qlda-cac-cong-trinh"),
    ("Ban Quản lý chợ và bến xe huyện phối hợp thu phí.", ["Ban Quản lý chợ"], "va-not-a-continuation"),
    ("Đội Quản lý thị trường số 3 kiểm tra hàng hóa.", ["Đội Quản lý thị trường số 3"], "name-ending-in-so-n"),
    ("Kính gửi các Bộ: Tài chính, Kế hoạch và Đầu tư và Tư pháp.",
     ["Bộ Tài chính", "Bộ Kế hoạch và Đầu tư", "Bộ Tư pháp"], "ministry-list-head-said-once"),
    # forms first met in the blind notices (sentences written for these tests)
    ("Vụ Thị trường châu Á - châu Phi theo dõi sát diễn biến.",
     ["Vụ Thị trường châu Á - châu Phi"], "dash-inside-a-department-name"),
    ("Cục Công nghiệp và Thương mại điện tử phối hợp rà soát.",
     ["Cục Công nghiệp và Thương mại điện tử"], "va-and-a-capitalised-word-goes-on"),
    ("Cục Hóa chất ưu tiên cấp phép nhập khẩu.", ["Cục Hóa chất"], "lower-case-predicate-ends-a-name"),
    ("Vụ Tổ chức cán bộ tổng hợp nhân sự.", ["Vụ Tổ chức cán bộ"], "capitalised-stop-word-starts-a-name"),
    ("Tổng công ty Điện lực miền Nam - CTCP bảo đảm cấp điện.",
     ["Tổng công ty Điện lực miền Nam - Công ty cổ phần"], "ctcp-after-a-dash"),
    ("Đẩy nhanh Khu dân cư Trường Xuân; Trường Cao đẳng Y tế tỉnh tuyển sinh.",
     ["Trường Cao đẳng Y tế tỉnh"], "school-named-by-kind-not-a-place"),
    ("Gửi hồ sơ về Hội đồng thẩm định giá đất tỉnh trước ngày 10/6.",
     ["Hội đồng thẩm định giá đất tỉnh"], "land-price-council"),
    ("Lãnh đạo Văn phòng Bộ Tư pháp theo dõi.", ["Văn phòng Bộ Tư pháp"], "ministry-office"),
    ("Chủ tịch UBND xã Đạ M'ri và xã N'Thôn Hạ báo cáo.",
     ["Ủy ban nhân dân xã Đạ M'ri", "Ủy ban nhân dân xã N'Thôn Hạ"], "apostrophe-place-names"),
    ("3. Về an sinh xã hội\n\n- Sở Y tế chủ trì kiểm tra.", ["Sở Y tế"], "dash-bullet-after-a-bare-heading"),
    ("Đề nghị Thương vụ Việt Nam tại Nhật Bản cập nhật thông tin.", ["Thương vụ Việt Nam tại Nhật Bản"],
     "trade-office-abroad"),
    ("Phối hợp với Đài Khí tượng Thủy văn tỉnh theo dõi mưa lũ.", ["Đài Khí tượng Thủy văn tỉnh"], "weather-station"),
    ("Dự họp có lãnh đạo các phòng: Quản lý đô thị, Tài chính - Kế hoạch, Tư pháp.",
     ["Phòng Quản lý đô thị", "Phòng Tài chính - Kế hoạch", "Phòng Tư pháp"], "district-rooms-listed-once"),
    ("Trung tâm Văn hóa - Thể thao và Truyền thông huyện tổ chức lễ hội.",
     ["Trung tâm Văn hóa - Thể thao và Truyền thông huyện"], "dash-and-capital-in-a-centre-name"),
    ("Gieo sạ vụ Hè Thu đúng lịch; Vụ Đông Xuân năm sau sớm hơn.", [], "crop-seasons-are-no-department"),
    ("Vụ Kế hoạch - Tài chính bố trí kinh phí.", ["Vụ Kế hoạch - Tài chính"], "department-with-a-dash-past-the-gazetteer"),
    ("Giao Ban Quản lý dự án 6 chủ trì.", ["Ban Quản lý dự án 6"], "numbered-project-board"),
    ("Thanh tra Bộ Tư pháp kiểm tra.", ["Thanh tra Bộ Tư pháp"], "ministry-inspectorate"),
    ("Ban Quản lý dự án đầu tư xây dựng công trình giao thông và PTNT Tỉnh triển khai.",
     ["Ban Quản lý dự án đầu tư xây dựng công trình giao thông và phát triển nông thôn tỉnh"],
     "ptnt-expanded-capital-unit-lowered"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "expected", "case_id"), CASES, ids=[c[2] for c in CASES]
)
def test_agencies_forms(text, expected, case_id):
    assert names(text, "Kiên Giang") == expected


# fmt: off
JURISDICTION_CASES = [
    ("UBND tỉnh Thanh Hóa chỉ đạo", "Thanh Hóa", ("Ủy ban nhân dân tỉnh", "Thanh Hóa"), "own-province-dropped"),
    ("UBND tỉnh An Giang phối hợp", "Kiên Giang", ("Ủy ban nhân dân tỉnh An Giang", "An Giang"), "other-province-kept"),
    ("Sở Y tế tỉnh Thanh Hóa", "Thanh Hóa", ("Sở Y tế", "Thanh Hóa"), "so-own-province"),
    ("Sở Y tế tỉnh Nghệ An", "Thanh Hóa", ("Sở Y tế tỉnh Nghệ An", "Nghệ An"), "so-other-province"),
    ("UBND thành phố chỉ đạo", "Đà Nẵng", ("Ủy ban nhân dân thành phố", "Đà Nẵng"), "central-city"),
    ("UBND quận Hải Châu", "Đà Nẵng", ("Ủy ban nhân dân quận Hải Châu", "Đà Nẵng"), "city-district"),
    ("Kho bạc Nhà nước Cần Thơ kiểm soát chi", "Cần Thơ", ("Kho bạc Nhà nước thành phố", "Cần Thơ"), "city-branch"),
    ("UBND huyện Tân Hiệp", "Kiên Giang", ("Ủy ban nhân dân huyện Tân Hiệp", "Kiên Giang"), "district-inherits"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "juris", "expected", "case_id"),
    JURISDICTION_CASES,
    ids=[c[3] for c in JURISDICTION_CASES],
)
def test_agencies_jurisdiction(text, juris, expected, case_id):
    first = extract_agencies(text, juris)[0]
    assert (first.canonical, first.jurisdiction) == expected


def test_agencies_levels():
    found = {
        m.canonical: m.level
        for m in extract_agencies(
            "Công an tỉnh, UBND huyện Tân Hiệp, UBND xã Thạnh Đông, Tỉnh ủy và Chính phủ",
            "Kiên Giang",
        )
    }
    assert found == {
        "Công an tỉnh": "province",
        "Ủy ban nhân dân huyện Tân Hiệp": "district",
        "Ủy ban nhân dân xã Thạnh Đông": "commune",
        "Tỉnh ủy": "party",
        "Chính phủ": "central",
    }


def test_agencies_collectives_are_marked():
    found = extract_agencies(
        "các cơ quan, đơn vị liên quan và UBND các huyện, thành phố"
    )
    assert [m.kind for m in found] == ["collective", "collective"]


def test_agencies_notice_date_picks_period():
    assert names("Sở Nông nghiệp và Môi trường", None) == [
        "Sở Nông nghiệp và Môi trường"
    ]


def test_agencies_offsets_round_trip():
    text = SEED.read_text(encoding="utf-8")
    for m in extract_agencies(text):
        assert text[m.start : m.end] == m.surface


def test_agencies_seed_gold():
    text = SEED.read_text(encoding="utf-8")
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    found = set(names(text))
    assert set(gold["agencies"]) <= found
    assert found - set(gold["agencies"]) <= set(gold["_ambiguous"]["agencies"])


def test_agencies_guess_jurisdiction():
    assert (
        guess_jurisdiction("ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG\n\nSố: 5/TB-UBND")
        == "Kiên Giang"
    )
    assert guess_jurisdiction("THÔNG BÁO\nKết luận") is None


def test_central_notice_names_no_province():
    """Under "BỘ ...", "Hà Nội, ngày ..." is where the ministry sits: the Sở and Vụ it
    names get no province, and "Vụ KH" in Nơi nhận is Vụ Kế hoạch."""
    text = (
        "BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN\nSố: 12/TB-BNN-VP\n"
        "Hà Nội, ngày 02 tháng 12 năm 2024\n\nTHÔNG BÁO\nKết luận của Thứ trưởng\n\n"
        "1. Sở Nông nghiệp và Phát triển nông thôn tăng cường giám sát.\n\n"
        "Nơi nhận:\n- Vụ KH;\n- Lưu: VT.\n"
    )
    assert guess_jurisdiction(text) is None
    found = {(m.canonical, m.jurisdiction) for m in extract_agencies(text)}
    assert ("Sở Nông nghiệp và Phát triển nông thôn", None) in found
    assert ("Vụ Kế hoạch", None) in found


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
        ("UBND huyện Tân Hiệp", "Ủy ban nhân dân huyện Tân Hiệp"),
        ("các sở, ngành", None),
        ("Sở Y tế và Sở Tư pháp", None),
    ],
)
def test_canonical_agency(surface, expected):
    assert canonical_agency(surface) == expected


def test_summarise_agencies():
    text = "Sở KH&ĐT chủ trì; Sở Kế hoạch và Đầu tư báo cáo các sở, ngành; Sở KH&ĐT"
    summary = summarise_agencies(extract_agencies(text, "Kiên Giang"))
    assert summary == [
        {
            "name": "Sở Kế hoạch và Đầu tư",
            "mentions": ["Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"],
            "count": 3,
            "level": "province",
            "jurisdiction": "Kiên Giang",
        }
    ]
