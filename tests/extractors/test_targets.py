"""Targets: Vietnamese figures with unit and indicator; structural counts are not targets."""

from __future__ import annotations

import pytest

from pipeline.extractors.targets import extract_targets


def target(indicator, value, unit, total=None, basis=None):
    """Expected target fields."""
    return (indicator, value, unit, total, basis)


# fmt: off
CASES = [
    ("UBND tỉnh phấn đấu đạt mức tăng trưởng kinh tế là 6,01% theo kế hoạch.",
     [target("tăng trưởng kinh tế", 6.01, "%")], "contract-example"),
    ("Năm nay xuất khẩu đạt 780 triệu USD.", [target("xuất khẩu", 780.0, "triệu USD")], "usd"),
    ("Huyện thu hút thêm 3.500 tỷ đồng vốn ngoài ngân sách.",
     [target("thu hút vốn ngoài ngân sách", 3500.0, "tỷ đồng")], "thousands-dot-and-noun-after"),
    ("Sản lượng lúa cả năm ước đạt 4,45 triệu tấn.", [target("sản lượng lúa", 4.45, "triệu tấn")], "decimal-comma"),
    ("Đến nay có 11/24 chỉ tiêu đạt kế hoạch.", [target("chỉ tiêu", 11.0, "chỉ tiêu", total=24.0)], "x-of-y"),
    ("Giải ngân vốn đầu tư công đạt 100% kế hoạch.",
     [target("giải ngân vốn đầu tư công", 100.0, "%", basis="kế hoạch")], "percent-of-plan"),
    ("Tỷ lệ che phủ rừng đạt 42,6%.", [target("tỷ lệ che phủ rừng", 42.6, "%")], "percent"),
    ("Thu ngân sách đạt 7.820 tỷ đồng, bằng 30,6% dự toán.",
     [target("thu ngân sách", 7820.0, "tỷ đồng"), target("thu ngân sách", 30.6, "%", basis="dự toán")],
     "inherited-indicator"),
    ("Tốc độ tăng trưởng GRDP 6 tháng ước đạt 5,2%.", [target("tốc độ tăng trưởng GRDP", 5.2, "%")], "time-phrase-trimmed"),
    ("Tỷ lệ hộ nghèo giảm còn 2,1%.", [target("tỷ lệ hộ nghèo", 2.1, "%")], "falls-to"),
    ("Chỉ số PCI năm 2020 giảm 5 bậc.", [target("chỉ số PCI", 5.0, "bậc")], "ranks"),
    ("Tỷ lệ giải ngân phải đạt trên 95% kế hoạch.", [target("tỷ lệ giải ngân", 95.0, "%", basis="kế hoạch")], "goal-above-is-a-target"),
    # counts of discrete entities describe a situation, not an indicator's level
    ("Toàn tỉnh đã xử lý 873 trường hợp vi phạm.", [], "entity-count-is-not-a-target"),
    ("Vẫn còn 45 tàu cá chưa lắp thiết bị giám sát hành trình.", [], "vessel-count-is-not-a-target"),
    ("Hoàn thành quy hoạch của 12/27 huyện, thị xã.", [target("hoàn thành quy hoạch huyện", 12.0, "huyện", total=27.0)], "ratio-of-districts"),
    ("Đến nay, xã Tân Lập đạt 16/19 tiêu chí.",
     [target("xã Tân Lập tiêu chí", 16.0, "tiêu chí", total=19.0)], "criteria-met"),
    ("Lượng khách lưu trú 9 tháng đạt 2,4 triệu lượt.", [target("lượng khách lưu trú", 2.4, "triệu lượt")], "million-visits"),
    ("Chỉ số PAPI năm 2022 xếp thứ 8/63 tỉnh, thành phố.",
     [target("xếp hạng chỉ số PAPI", 8.0, "hạng", total=63.0)], "rank-before-figure"),
    ("Tỉnh đứng thứ 15 cả nước về thu hút vốn FDI.", [target("xếp hạng", 15.0, "hạng")], "rank-standing"),
    ("Vốn đầu tư toàn xã hội đạt 54.200 tỷ đồng, bằng 31,5% GRDP và tăng 8,7% so với cùng kỳ.",
     [target("vốn đầu tư toàn xã hội", 54200.0, "tỷ đồng"), target("vốn đầu tư toàn xã hội", 31.5, "%"),
      target("vốn đầu tư toàn xã hội", 8.7, "%", basis="cùng kỳ")], "decimal-comma-is-not-a-boundary"),
    ("Sản lượng thủy sản (kể cả nuôi trồng) ước đạt 812 nghìn tấn.",
     [target("sản lượng thủy sản", 812.0, "nghìn tấn")], "bracketed-aside-skipped"),
    ("Khu vực dịch vụ chiếm tỷ trọng cao nhất (38,2%).",
     [target("khu vực dịch vụ chiếm tỷ trọng cao nhất", 38.2, "%")], "figure-in-brackets"),
    ("Trong quý III lượng khách quốc tế đạt 126 ngàn lượt.",
     [target("lượng khách quốc tế", 126.0, "ngàn lượt")], "leading-time-phrase"),
    ("Do giá nông sản giảm sâu nên thu nội địa chỉ đạt 61,3% dự toán.",
     [target("thu nội địa", 61.3, "%", basis="dự toán")], "cause-cut"),
    ("Tổng doanh thu từ du lịch ước đạt 2.315 tỷ, tăng 12%.",
     [target("doanh thu từ du lịch", 2315.0, "tỷ"), target("doanh thu từ du lịch", 12.0, "%")], "money-without-dong"),
    ("Năng suất lúa bình quân đạt 61,8 tạ/ha.", [target("năng suất lúa bình quân", 61.8, "tạ/ha")], "yield"),
    ("GRDP bình quân hằng năm tăng 6,4%.", [target("GRDP bình quân hằng năm", 6.4, "%")], "yearly-average-kept"),
    # --- not targets
    ("Dân số toàn tỉnh khoảng 1,9 triệu người.", [], "population-is-a-count-of-people"),
    ("Thống nhất bổ sung hơn 250 tỷ đồng cho dự án đường ven biển.", [], "money-allotted-more-than"),
    ("Dự án cầu Bến Lức (tổng mức đầu tư 3.120 tỷ đồng, chiều dài 2,8 km) chậm tiến độ.", [],
     "attributes-of-one-project"),
    ("Cụm công nghiệp Tân Mỹ có quy mô 75 ha.", [], "scale-of-one-park"),
    ("Năm nay phát sinh 24 điểm ngập úng cục bộ.", [], "points-counted-by-kind"),
    ("Chỉ số PAPI đạt 43,1 điểm.", [target("chỉ số PAPI", 43.1, "điểm")], "score-points-kept"),
    ("Đã trao 1.200 suất quà (mức quà 400.000 đồng/suất).", [], "rate-per-gift"),
    ("Kiểm điểm người đứng đầu chủ đầu tư giải ngân dưới 40% kế hoạch.", [], "threshold-without-cac"),
    ("Có 15 mặt hàng đạt kim ngạch trên 1 tỷ USD.", [], "threshold-sorting-goods"),
    ("Kim ngạch xuất khẩu đạt 4,2 tỷ USD³.", [target("kim ngạch xuất khẩu", 4.2, "tỷ USD")], "unit-before-a-footnote-marker"),
    ("Đoàn liên ngành đã kiểm tra 86 lượt cơ sở kinh doanh.", [], "inspections-counted-in-luot"),
    ("Khánh thành nhà máy của Công ty ABC (vốn đầu tư 45 triệu USD, diện tích 8,2 ha).", [],
     "capital-and-area-of-one-plant"),
    ("Hỗ trợ tiền ăn cho học sinh bán trú (mức 450.000 đồng/học sinh/tháng).", [], "support-rate-per-head"),
    ("Thu nhập bình quân đầu người đạt 68 triệu đồng/người/năm.",
     [target("thu nhập bình quân đầu người", 68.0, "triệu đồng")], "income-per-head-is-a-level"),
    ("Đến nay đã cấp 31,2 tỷ đồng, đạt 72% dự toán.",
     [target("cấp", 31.2, "tỷ đồng"), target("cấp", 72.0, "%", basis="dự toán")], "money-already-paid-is-progress"),
    ("Tỷ lệ hộ dùng nước sạch đạt 92%, tăng 3,5 điểm phần trăm.",
     [target("tỷ lệ hộ dùng nước sạch", 92.0, "%"), target("tỷ lệ hộ dùng nước sạch", 3.5, "điểm phần trăm")],
     "percentage-points"),
    ("Nhiều phường thuộc các quận Ba Đình, Đống Đa đạt dưới 20%.", [], "threshold-after-a-list-of-places"),
    ("Doanh thu du lịch gấp 2,4 lần cùng kỳ.", [target("doanh thu du lịch", 2.4, "lần")], "a-multiple"),
    ("Đoàn đã kiểm tra 3 lần tại cơ sở.", [], "times-counted-are-events"),
    ("Khách du lịch tăng mạnh, riêng tháng 5 đón 96.500 lượt.", [target("đón", 96500.0, "lượt")],
     "bare-luot-among-visitors"),
    ("Năm 2024 tỷ lệ che phủ rừng đạt 41%.", [target("tỷ lệ che phủ rừng", 41.0, "%")], "a-year-before-ty-le"),
    ("Bình quân toàn huyện đạt 17,6 tiêu chí/xã.", [target("bình quân toàn huyện tiêu chí/xã", 17.6, "tiêu chí/xã")],
     "criteria-per-commune"),
    ("Rà soát, điều chuyển vốn của các công trình giải ngân dưới 40% kế hoạch.", [], "threshold-sorting-projects"),
    ("Còn 12 đơn vị có tỷ lệ hồ sơ trực tuyến dưới 50%.", [], "threshold-sorting-units"),
    ("Đề nghị bố trí bổ sung 120 tỷ đồng cho công tác giải phóng mặt bằng.", [], "money-allotted"),
    ("Ngân sách tỉnh hỗ trợ 70% kinh phí mua thiết bị.", [], "share-allotted"),
    ("Dịch bệnh xuất hiện tại 05 huyện ven biển.", [], "places-counted"),
    ("Tai nạn giao thông tăng cả 03 tiêu chí; vắng 02 Thành viên.", [], "structural-counts"),
    ("Căn cứ 05 mục tiêu, 09 nhiệm vụ tại Nghị quyết số 63/NQ-CP ngày 29/6/2021.", [], "ids-dates-counts"),
    ("2.1. Sở Tài chính; (3) bố trí trực 24/24 giờ trong tháng 7/2021.", [], "sections-and-times"),
    ("Kỷ niệm 74 năm ngày Thương binh - Liệt sĩ.", [], "anniversary-years"),
    # figures too long to be statistics (limits.yaml: max_figure_digits), and no JSON number
    ("Doanh thu ước đạt " + "9" * 400 + " tỷ đồng.", [], "400-digit-figure"),
    ("Tỷ lệ giải ngân đạt " + "1" * 31 + ",5%.", [], "31-digit-figure"),
    ("Có " + "7" * 40 + "/24 chỉ tiêu đạt kế hoạch.", [], "giant-figure-of-a-total"),
    ("Có 11/" + "2" * 40 + " chỉ tiêu đạt kế hoạch.", [], "giant-total"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "expected"), [c[:2] for c in CASES], ids=[c[2] for c in CASES]
)
def test_targets_table(text, expected):
    found = extract_targets(text)
    assert [(t.indicator, t.value, t.unit, t.total, t.basis) for t in found] == expected
    assert all(text[t.start : t.end] == t.surface for t in found)


def test_targets_surface_of_contract_example():
    (found,) = extract_targets(
        "“nỗ lực, phấn đấu đạt mức tăng trưởng kinh tế là 6,01%” theo"
    )
    assert found.surface == "mức tăng trưởng kinh tế là 6,01%"
