"""Agency forms of real notices the written corpus lacks (issue 15): central and Party bodies
outside the old gazetteer, bodies found by their head noun, newspapers as bodies or as
mastheads, lists without a colon, abbreviated place words. Every sentence is written for
these tests."""

from __future__ import annotations

import pytest

from pipeline.extractors.agencies import extract_agencies


def names(text, jurisdiction="Kiên Giang"):
    return [
        m.canonical
        for m in extract_agencies(text, jurisdiction)
        if m.kind in ("agency", "pattern")
    ]


# fmt: off
CASES = [
    # a district's or commune's service station is a body; a station that is a work is not
    ("Giao Trạm Thú y huyện kiểm tra đàn lợn của các hộ chăn nuôi.",
     ["Trạm Thú y huyện"], "service-station-is-a-body"),
    ("Đề nghị Trạm Y tế phường Bình An tổ chức tiêm nhắc lại cho trẻ.",
     ["Trạm Y tế phường Bình An"], "health-station-of-a-ward"),
    ("Khẩn trương hoàn thành Trạm Xử lý nước thải khu dân cư phía Bắc.", [], "treatment-works-is-no-body"),
    ("Di dời Trạm Thu phí cũ trên quốc lộ trước tháng 9.", [], "toll-station-is-no-body"),
    ("Hội nghị tổ chức tại Trung tâm Hội nghị tỉnh, có Sở Nội vụ dự.", ["Sở Nội vụ"],
     "conference-centre-is-a-venue"),
    # a council's committee whose name joins two fields with a dash, its council written in full
    ("Ban Văn hóa - Xã hội HĐND huyện Tân Hiệp khảo sát các trường học.",
     ["Ban Văn hóa - Xã hội Hội đồng nhân dân huyện Tân Hiệp"], "council-committee-with-dash"),
    ("Báo cáo trình Ban Bí thư Trung ương Đảng xem xét.", ["Ban Bí thư"], "secretariat-full-name"),
    # a district body printed without its place after the text named one district of it
    ("Chủ tịch UBND tỉnh nhắc nhở UBND huyện Hòn Đất chậm giải ngân. Yêu cầu UBND huyện báo cáo lý do.",
     ["Ủy ban nhân dân tỉnh", "Ủy ban nhân dân huyện Hòn Đất", "Ủy ban nhân dân huyện Hòn Đất"],
     "bare-district-body-is-the-one-named-before"),
    ("UBND huyện Tân Hiệp và UBND huyện Giồng Riềng họp. Sau đó UBND huyện báo cáo.",
     ["Ủy ban nhân dân huyện Tân Hiệp", "Ủy ban nhân dân huyện Giồng Riềng", "Ủy ban nhân dân huyện"],
     "bare-district-body-after-two-stays-bare"),
    # a title-case headline: the word after the unit starts the predicate, not a place
    ("UBND Huyện Tổ chức hội nghị tổng kết năm", ["Ủy ban nhân dân huyện"], "title-case-verb-is-no-place"),
    # a misprinted item between two ministries does not end the list
    ("Dự họp có lãnh đạo các bộ: Nội vụ, Tư phap và Hộ tịch, Xây dựng, Y tế.",
     ["Bộ Nội vụ", "Bộ Xây dựng", "Bộ Y tế"], "misprinted-item-inside-a-ministry-list"),
    ("Các Bộ: Tài chính, Xây dựng, UBND tỉnh Kiên Giang cùng dự.",
     ["Bộ Tài chính", "Bộ Xây dựng", "Ủy ban nhân dân tỉnh"], "another-body-ends-the-ministry-list"),
    # a page that doubles a space inside a deputy's title
    ("Ông Lục Văn B, Phó Bí thư Thường  trực Đảng ủy xã Tân Phú, phát biểu.",
     ["Đảng ủy xã Tân Phú"], "standing-title-with-a-doubled-space"),
    # a briefing meeting is no body; a board handed a task after "giao" is
    ("HỘI NGHỊ GIAO BAN BÍ THƯ CHI BỘ SÁU THÁNG ĐẦU NĂM", [], "briefing-of-secretaries-in-capitals"),
    ("Đảng ủy xã Tân Phú duy trì giao ban Bí thư chi bộ hằng tháng.", ["Đảng ủy xã Tân Phú"],
     "briefing-in-lower-case"),
    ("UBND tỉnh giao Ban Quản lý dự án tỉnh lập hồ sơ mời thầu.",
     ["Ủy ban nhân dân tỉnh", "Ban Quản lý dự án tỉnh"], "giao-then-a-board-names-the-board"),
    # a standing deputy's title whose committee has no unit names no body
    ("Ông Lục Văn B – Phó Bí thư Thường trực Đảng ủy; bà C – Chủ tịch UBND xã Tân Phú.",
     ["Ủy ban nhân dân xã Tân Phú"], "standing-title-of-a-bare-committee"),
    # a company's legal form in lower case before its name; its printed case is kept
    ("Giao Công ty cổ phần Thủy sản Hòa Bình lập hồ sơ.", ["Công ty cổ phần Thủy sản Hòa Bình"],
     "joint-stock-company-in-lower-case"),
    ("Đề nghị Công ty Cổ phần Cấp nước Long Mỹ bảo đảm nước sạch.", ["Công ty Cổ phần Cấp nước Long Mỹ"],
     "joint-stock-company-keeps-its-capitals"),
    ("Giao Công ty trách nhiệm hữu hạn Minh Phát lập phương án di dời kho.",
     ["Công ty trách nhiệm hữu hạn Minh Phát"], "limited-company-written-in-full"),
    # the abbreviated legal form stays as printed; "CP" is spelled out
    ("Yêu cầu Công ty TNHH Hải Đăng nạo vét kênh dẫn.", ["Công ty TNHH Hải Đăng"],
     "limited-company-abbreviation-kept"),
    ("Giao Công ty TNHH MTV Môi trường Đô thị Sơn Hà thu gom rác.",
     ["Công ty TNHH MTV Môi trường Đô thị Sơn Hà"], "one-member-company-abbreviation-kept"),
    ("Đề nghị Công ty CP Cảng Bến Đình sửa lại cầu tàu.", ["Công ty cổ phần Cảng Bến Đình"],
     "joint-stock-abbreviation-spelled-out"),
    # "yêu cầu" ends in the place word "cầu" (bridge): the body after it is still a body
    ("UBND huyện yêu cầu Trung tâm Dịch vụ nông nghiệp huyện Tam Đảo kiểm tra giống lúa.",
     ["Ủy ban nhân dân huyện", "Trung tâm Dịch vụ nông nghiệp huyện Tam Đảo"],
     "body-after-yeu-cau"),
    ("Người dân đi qua cầu Trung Hà để vào chợ.", [], "head-after-a-bridge-is-a-place"),
    # the police in lower case when a report hands it a task; not in running description
    ("UBND huyện yêu cầu công an huyện Tam Nông tuần tra bến đò.",
     ["Ủy ban nhân dân huyện", "Công an huyện Tam Nông"], "police-in-lower-case-handed-a-task"),
    ("Lực lượng công an tỉnh có mặt từ sáng sớm.", [], "police-in-lower-case-as-description"),
    # a compound of sector abbreviations inside a name is spelled out when every part is known
    ("Giao Trung tâm Xúc tiến CN-TM&DV tỉnh lập kế hoạch hội chợ.",
     ["Trung tâm Xúc tiến công nghiệp - thương mại và dịch vụ tỉnh"], "compound-sector-abbreviation"),
    ("Thành phần gồm đại diện các Cục: Hàng hải, Quản lý XD&CLCTGT.",
     ["Cục Hàng hải Việt Nam", "Cục Quản lý xây dựng và chất lượng công trình giao thông"],
     "compound-abbreviation-in-a-headed-list"),
    ("Giao Trung tâm Dịch vụ QX&PQ rà soát hồ sơ.", ["Trung tâm Dịch vụ QX&PQ"],
     "unknown-compound-kept-as-printed"),
    # a commune's offices after 1 July 2025 (Nghị định 150/2025/NĐ-CP)
    ("Phòng Văn hóa - Xã hội phường Mỹ Thới phối hợp tổ chức ngày hội.",
     ["Phòng Văn hóa - Xã hội phường Mỹ Thới"], "commune-culture-office-2025"),
    ("Giao Phòng Kinh tế, Hạ tầng và Đô thị phường Mỹ Thới lập phương án chỉnh trang.",
     ["Phòng Kinh tế, Hạ tầng và Đô thị phường Mỹ Thới"], "ward-economy-office-2025"),
    ("Giao Trung tâm Dịch vụ tổng hợp xã Mỹ Hiệp quản lý bến đò.",
     ["Trung tâm Dịch vụ tổng hợp xã Mỹ Hiệp"], "commune-service-centre-2025"),
    ("Trung tâm Văn hóa tổng hợp báo cáo số liệu.", ["Trung tâm Văn hóa"], "tong-hop-as-a-verb"),
    # the provincial tax office after 1 July 2025
    ("Đề nghị Thuế tỉnh Hậu Giang đôn đốc thu nợ đọng.", ["Thuế tỉnh Hậu Giang"], "provincial-tax-2025"),
    ("Thuế suất nhập khẩu giảm mạnh.", [], "tax-word-is-no-body"),
    # a numbered region's branch is not the province's body
    ("Đề nghị Kho bạc Nhà nước khu vực XIX kiểm soát chi chặt chẽ.",
     ["Kho bạc Nhà nước khu vực XIX"], "regional-treasury-2025"),
    ("Giao Chi cục Thuế khu vực 5 đôn đốc thu nợ.", ["Chi cục Thuế khu vực 5"], "regional-tax-branch-2025"),
    # "giao ban" is a briefing, except before the lower-case name of a party body
    ("3. Giao ban cán sự đảng UBND tỉnh chỉ đạo sửa đổi quy chế chi tiêu nội bộ.",
     ["Ban cán sự đảng Ủy ban nhân dân tỉnh"], "lower-case-party-body-after-giao"),
    ("Đề nghị Công ty Cổ phần đầu tư xây dựng Hòa Lạc khẩn trương hoàn trả mặt bằng.",
     ["Công ty Cổ phần đầu tư xây dựng Hòa Lạc"], "company-trade-words-in-lower-case"),
    # two lists of ministries under one shared head each, one after the other
    ("Dự họp có Bộ trưởng các bộ: Nội vụ, Tư pháp, Văn phòng Chính phủ; lãnh đạo các bộ, cơ quan: "
     "Công an, Y tế, Lao động, Thương binh và Xã hội.",
     ["Bộ Nội vụ", "Bộ Tư pháp", "Văn phòng Chính phủ", "Bộ Công an", "Bộ Y tế",
      "Bộ Lao động - Thương binh và Xã hội"], "second-ministry-list-after-the-first"),
    # National Assembly bodies, before and after the February 2025 reorganisation
    ("Đề nghị Ủy ban Kinh tế và Tài chính của Quốc hội thẩm tra hồ sơ.",
     ["Ủy ban Kinh tế và Tài chính"], "na-committee-2025"),
    ("Hội đồng Dân tộc phối hợp với Ủy ban Pháp luật và Tư pháp rà soát dự thảo.",
     ["Hội đồng Dân tộc", "Ủy ban Pháp luật và Tư pháp"], "na-council-and-committee"),
    ("Ủy ban Tài chính, Ngân sách của Quốc hội đã có ý kiến về dự toán.",
     ["Ủy ban Tài chính, Ngân sách"], "na-committee-before-2025"),
    # ministries listed by their short forms, as a distribution list writes them
    ("Nơi nhận:\n- Các Bộ: NG, TC, KH&ĐT, XD;\n- Lưu: VT.",
     ["Bộ Ngoại giao", "Bộ Tài chính", "Bộ Kế hoạch và Đầu tư", "Bộ Xây dựng"], "ministry-short-forms"),
    ("Nơi nhận:\n- Các Bộ: QP, QQ, CA;\n- Lưu: VT.",
     ["Bộ Quốc phòng", "Bộ Công an"], "unknown-short-form-skipped-not-ending-the-list"),
    # lists that share a head: departments of a ministry, offices of a district
    ("Dự họp có lãnh đạo các Vụ: Tổ chức cán bộ, Kế hoạch, Pháp chế; Sở Y tế.",
     ["Vụ Tổ chức cán bộ", "Vụ Kế hoạch", "Vụ Pháp chế", "Sở Y tế"], "vu-list-with-colon"),
    ("Mời đại diện các Cục: Hàng hải, Đường sắt tham dự.",
     ["Cục Hàng hải Việt Nam", "Cục Đường sắt Việt Nam"], "cuc-list-takes-full-national-names"),
    ("Tham dự có các Vụ: Khoáng sản, Chính sách và Pháp chế và Văn phòng Tổng cục.",
     ["Vụ Khoáng sản", "Vụ Chính sách và Pháp chế"], "list-ends-at-another-body"),
    ("Dự họp có lãnh đạo các phòng Quản lý đô thị, Văn hóa và Thông tin của quận.",
     ["Phòng Quản lý đô thị", "Phòng Văn hóa và Thông tin"], "phong-list-without-colon"),
    ("Nơi nhận:\n- VPCP: các Vụ: TH, KGVX;\n- Lưu: VT.",
     ["Văn phòng Chính phủ"], "unknown-abbreviations-in-a-shared-head-list-are-no-names"),
    ("Đã có ý kiến của các Bộ: Tài chính (văn bản số 12/BTC-ĐT), Xây dựng (văn bản số 8/BXD-KTXD).",
     ["Bộ Tài chính", "Bộ Xây dựng"], "ministry-list-goes-on-after-brackets"),
    ("Giao Sở Kế hoạch Đầu tư tổng hợp nhu cầu vốn.", ["Sở Kế hoạch và Đầu tư"], "name-typed-without-va"),
    ("Đảng ủy UBND tỉnh tổ chức đại hội nhiệm kỳ đầu tiên.", ["Đảng ủy Ủy ban nhân dân tỉnh"],
     "party-committee-of-the-peoples-committee"),
    # fields listed bare after bodies of the same level
    ("Dự có lãnh đạo Thanh tra tỉnh, Tư pháp, Nội vụ, Công an tỉnh.",
     ["Thanh tra tỉnh", "Sở Tư pháp", "Sở Nội vụ", "Công an tỉnh"], "bare-fields-after-a-provincial-body"),
    ("Có mặt đại diện Trung tâm Phát triển quỹ đất, Tài nguyên và Môi trường, Kinh tế và Hạ tầng.",
     ["Trung tâm Phát triển quỹ đất", "Phòng Tài nguyên và Môi trường", "Phòng Kinh tế và Hạ tầng"],
     "an-office-only-field-makes-the-list-offices"),
    ("UBND tỉnh, Tài chính công vẫn là trọng tâm.", ["Ủy ban nhân dân tỉnh"],
     "a-field-word-that-goes-on-is-no-list-item"),
    ("Phường mới được lập từ các phường Tân An, Hội Phú và Chi Lăng.", [],
     "given-name-head-inside-a-list-of-places"),
    ("Đề nghị xác minh thông tin phản ánh của Báo Người Lao động về vụ việc.", [],
     "newspaper-as-source-of-a-complaint"),
    ("Ngày 2/3, Báo Thanh Niên có bài viết về tình trạng lấn chiếm vỉa hè.", [],
     "newspaper-that-published-an-article"),
    ("Giao Báo Bình Định phối hợp tuyên truyền kết quả.", ["Báo Bình Định"], "newspaper-given-a-task"),
    ("Đề nghị Báo Bình Định phản ánh kịp thời kết quả.", ["Báo Bình Định"],
     "newspaper-asked-to-report-is-a-body"),
    ("Sở Xây dựng phối hợp với Trung tâm phát triển quỹ đất tỉnh làm việc với các hộ dân.",
     ["Sở Xây dựng", "Trung tâm Phát triển quỹ đất tỉnh"], "land-fund-centre-in-lower-case"),
    ("Viện Khoa học Thủy lợi trình bày báo cáo đề dẫn.", ["Viện Khoa học Thủy lợi"],
     "a-name-ends-at-a-reporting-verb"),
    # (the canonical name writes the law's "phòng, chống": agency_cues.yaml expansions, round 14)
    ("Ủy ban Quốc gia về phòng chống ma túy kết luận như sau.", ["Ủy ban Quốc gia về phòng, chống ma túy"],
     "a-topic-name-ends-at-kết-luận"),
    ("Dự họp có Thủ trưởng các bộ, cơ quan: Tư pháp, Kế hoạch và Đầu\ntư, Y tế.",
     ["Bộ Tư pháp", "Bộ Kế hoạch và Đầu tư", "Bộ Y tế"], "ministries-and-agencies-list-wrapping-a-line"),
    ("Nơi nhận:\n- UBND các tỉnh, thành phố: Cần Thơ, Bến Tre, Sóc Trăng;\n- Lưu: VT.",
     ["Ủy ban nhân dân thành phố Cần Thơ", "Ủy ban nhân dân tỉnh Bến Tre", "Ủy ban nhân dân tỉnh Sóc Trăng"],
     "a-list-of-provinces-reads-provinces-not-their-namesake-cities"),
    # central Party bodies
    ("Ban Tổ chức Trung ương hướng dẫn quy trình nhân sự.", ["Ban Tổ chức Trung ương"], "party-organisation"),
    ("Xin ý kiến Ban Tuyên giáo và Dân vận Trung ương về nội dung tuyên truyền.",
     ["Ban Tuyên giáo và Dân vận Trung ương"], "party-merged-2025"),
    ("Ban Chính sách, chiến lược Trung ương tổng hợp ý kiến các địa phương.",
     ["Ban Chính sách, chiến lược Trung ương"], "party-policy-commission"),
    ("Ban Kinh tế TW đã làm việc với tỉnh.", ["Ban Kinh tế Trung ương"], "party-abbreviated-tw"),
    # government agencies, departments of ministries, mass organisations
    ("Đài Truyền hình Việt Nam và Thông tấn xã Việt Nam đưa tin về kết quả hội nghị.",
     ["Đài Truyền hình Việt Nam", "Thông tấn xã Việt Nam"], "government-broadcasters"),
    ("Viện Hàn lâm Khoa học xã hội Việt Nam chủ trì đề tài.",
     ["Viện Hàn lâm Khoa học xã hội Việt Nam"], "academy-with-lower-case-words"),
    ("Cục Quản lý đê điều và Phòng, chống thiên tai theo dõi mực nước.",
     ["Cục Quản lý đê điều và Phòng, chống thiên tai"], "department-with-a-comma"),
    ("Ủy ban Trung ương MTTQ Việt Nam giám sát việc thực hiện.",
     ["Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"], "front-central-committee"),
    ("Tổng LĐLĐ Việt Nam hỗ trợ công nhân.", ["Tổng Liên đoàn Lao động Việt Nam"], "labour-confederation"),
    ("Đoàn TNCS Hồ Chí Minh tỉnh ra quân tình nguyện.",
     ["Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh"], "youth-union-of-the-province"),
    ("Ngân hàng Chính sách xã hội tỉnh giải ngân vốn vay.",
     ["Ngân hàng Chính sách xã hội tỉnh"], "policy-bank-branch"),
    # universities, national parks, state corporations with their abbreviations
    ("ĐHQG-HCM phối hợp với Trường Đại học Cần Thơ đào tạo nhân lực.",
     ["Đại học Quốc gia Thành phố Hồ Chí Minh", "Trường Đại học Cần Thơ"], "universities"),
    ("VQG U Minh Thượng tăng cường tuần tra; Vườn Quốc gia Phú Quốc phòng cháy rừng.",
     ["Vườn quốc gia U Minh Thượng", "Vườn quốc gia Phú Quốc"], "national-parks"),
    ("EVN và VNR khẩn trương di dời đường điện.",
     ["Tập đoàn Điện lực Việt Nam", "Tổng công ty Đường sắt Việt Nam"], "state-groups-by-abbreviation"),
    ("Vinachem phối hợp với ACV xử lý.",
     ["Tập đoàn Hóa chất Việt Nam", "Tổng công ty Cảng hàng không Việt Nam"], "more-state-groups"),
    # bodies in no gazetteer, found by their head noun and capitalised name
    ("Ban Chỉ đạo 389 quốc gia chỉ đạo quyết liệt.", ["Ban Chỉ đạo 389 quốc gia"], "steering-committee-by-number"),
    ("Tổ công tác 751 của tỉnh đôn đốc giải ngân.", ["Tổ công tác 751"], "working-group-by-number"),
    ("Ủy ban Quốc gia về chuyển đổi số chỉ đạo các địa phương.",
     ["Ủy ban Quốc gia về chuyển đổi số"], "committee-with-a-subject"),
    ("Hội đồng Giáo dục quốc phòng và an ninh tỉnh tổ chức bồi dưỡng.",
     ["Hội đồng Giáo dục quốc phòng và an ninh tỉnh"], "council-of-the-province"),
    ("Ban An toàn giao thông tỉnh ra quân kiểm tra.", ["Ban An toàn giao thông tỉnh"], "generic-ban"),
    ("Trường Sĩ quan Lục quân 2 phối hợp huấn luyện.", ["Trường Sĩ quan Lục quân 2"], "military-school"),
    ("Bệnh viện Đa khoa tỉnh tiếp nhận bệnh nhân.", ["Bệnh viện Đa khoa tỉnh"], "hospital"),
    ("Viện Nghiên cứu lúa Đồng bằng sông Cửu Long chuyển giao giống.",
     ["Viện Nghiên cứu lúa Đồng bằng sông Cửu Long"], "research-institute"),
    # heads inside other names, and bodies that are no new body
    ("Đẩy nhanh Khu dân cư Trường Xuân.", [], "school-word-in-a-place"),
    ("Ông Lê Trường Sơn phát biểu ý kiến.", [], "school-word-in-a-person"),
    ("Ban Thường vụ đã thống nhất chủ trương.", [], "bare-standing-committee"),
    ("Ban Tổ chức hội nghị chuẩn bị tài liệu.", [], "event-committee"),
    # newspapers and broadcasters: bodies when named as such, not mastheads or bylines
    ("Báo Nhân Dân\n\nGiao Báo Kiên Giang tuyên truyền rộng rãi.", ["Báo Kiên Giang"], "masthead-line-vs-body"),
    ("Theo Báo Lao Động, tỉnh đã hoàn thành kế hoạch.", [], "byline"),
    ("Nguồn: Cổng thông tin điện tử Chính phủ", [], "source-line"),
    ("Đề nghị Đài Phát thanh và Truyền hình tỉnh đưa tin.",
     ["Đài Phát thanh và Truyền hình tỉnh"], "broadcaster-as-a-body"),
    ("ĐÀI TRUYỀN HÌNH VIỆT NAM", [], "broadcaster-as-a-site-name"),
    # lists without a colon, with semicolons, with a shared committee
    ("Giao các Bộ: Tài chính; Xây dựng; Công Thương nghiên cứu.",
     ["Bộ Tài chính", "Bộ Xây dựng", "Bộ Công Thương"], "ministries-with-semicolons"),
    ("Giao các Bộ Tài chính, Xây dựng, Công Thương nghiên cứu.",
     ["Bộ Tài chính", "Bộ Xây dựng", "Bộ Công Thương"], "ministries-without-a-colon"),
    ("các Bộ Tài chính, Xây dựng chủ trì, phối hợp với Công an tỉnh",
     ["Bộ Tài chính", "Bộ Xây dựng", "Công an tỉnh"], "ministry-list-ends-at-the-predicate"),
    ("Giao các Ban Tổ chức, Tuyên giáo Tỉnh ủy tham mưu.",
     ["Ban Tổ chức Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy"], "party-bodies-share-a-committee"),
    ("Ban Dân vận, Ban Nội chính và Ban Tuyên giáo Huyện ủy Tân Hiệp phối hợp.",
     ["Ban Dân vận Huyện ủy Tân Hiệp", "Ban Nội chính Huyện ủy Tân Hiệp",
      "Ban Tuyên giáo Huyện ủy Tân Hiệp"], "party-bodies-share-a-district-committee"),
    ("Ủy ban MTTQ Việt Nam tỉnh và Tỉnh đoàn vận động.",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Tỉnh đoàn"], "unit-word-of-the-youth-union"),
    # abbreviated place words
    ("UBND TP. Rạch Giá, UBND Tp Hà Tiên và UBND H. Tân Hiệp báo cáo.",
     ["Ủy ban nhân dân thành phố Rạch Giá", "Ủy ban nhân dân thành phố Hà Tiên",
      "Ủy ban nhân dân huyện Tân Hiệp"], "city-and-district-abbreviations"),
    ("UBND TX. Kiên Lương rà soát.", ["Ủy ban nhân dân thị xã Kiên Lương"], "town-abbreviation"),
    ("Phối hợp với UBND T. An Giang.", ["Ủy ban nhân dân tỉnh An Giang"], "province-abbreviation"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "expected", "case_id"), CASES, ids=[c[2] for c in CASES]
)
def test_real_forms(text, expected, case_id):
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Ban Chỉ đạo 389 quốc gia kiểm tra.", "central"),
        ("Ban Chỉ đạo 389 tỉnh kiểm tra.", "province"),
        ("Vườn quốc gia U Minh Thượng tuần tra.", "province"),
        ("Vườn quốc gia Cúc Phương tuần tra.", "central"),
        ("Ban Tổ chức Trung ương hướng dẫn.", "party"),
        ("Hội đồng Dân tộc thẩm tra.", "central"),
    ],
)
def test_real_forms_levels(text, level):
    assert [m.level for m in extract_agencies(text, "Kiên Giang")] == [level]


def test_central_body_has_no_province():
    """A national body named in a provincial notice keeps no jurisdiction."""
    found = extract_agencies("Ủy ban Quốc gia về chuyển đổi số chỉ đạo.", "Kiên Giang")
    assert [(m.canonical, m.jurisdiction) for m in found] == [
        ("Ủy ban Quốc gia về chuyển đổi số", None)
    ]


@pytest.mark.parametrize(
    ("text", "date", "expected"),
    [
        ("Ủy ban Dân tộc hướng dẫn.", "2024-05-02", "Ủy ban Dân tộc"),
        ("Bộ Dân tộc và Tôn giáo hướng dẫn.", "2025-06-02", "Bộ Dân tộc và Tôn giáo"),
    ],
)
def test_real_forms_periods(text, date, expected):
    assert [m.canonical for m in extract_agencies(text, None, date)] == [expected]


# A report with no province of its own that covers two provinces: a bare department
# belongs to the province whose leader was named last before it.
# fmt: off
TWO_PROVINCES = [
    ("Ông Lê Văn An, Chủ tịch UBND tỉnh Bến Tre, yêu cầu Sở NN-PTNT đắp đê bao. Ở tỉnh bên, "
     "bà Trần Thị Bình, Chủ tịch UBND tỉnh Vĩnh Long, giao Sở Xây dựng kiểm tra cầu.",
     ["Ủy ban nhân dân tỉnh Bến Tre", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bến Tre",
      "Ủy ban nhân dân tỉnh Vĩnh Long", "Sở Xây dựng tỉnh Vĩnh Long"], "leaders-of-two-provinces"),
    ("UBND tỉnh yêu cầu Sở Xây dựng làm việc với UBND tỉnh Vĩnh Long và UBND tỉnh Bến Tre "
     "về tuyến đường; Sở Tài chính bố trí vốn.",
     ["Ủy ban nhân dân tỉnh", "Sở Xây dựng", "Ủy ban nhân dân tỉnh Vĩnh Long",
      "Ủy ban nhân dân tỉnh Bến Tre", "Sở Tài chính"], "other-provinces-named-without-a-leader"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "expected"), [c[:2] for c in TWO_PROVINCES], ids=[c[2] for c in TWO_PROVINCES]
)
def test_departments_of_a_second_province(text, expected):
    found = [m.canonical for m in extract_agencies(text) if m.kind in ("agency", "pattern")]
    assert found == expected


# A commune's or ward's own bodies: the grassroots party committee named with its unit, a
# list of bodies that shares the unit printed after its last one, and a commune named
# earlier in the same sentence.
# fmt: off
COMMUNE_BODIES = [
    ("Ban Thường vụ Đảng ủy xã Hòa Lợi họp phiên thường kỳ.",
     ["Ban Thường vụ Đảng ủy xã Hòa Lợi"], "standing-committee-of-a-commune-party-committee"),
    ("Sau buổi làm việc, Ban thường vụ Đảng ủy phường thống nhất lịch tiếp dân.",
     ["Ban Thường vụ Đảng ủy phường"], "ward-party-committee-without-its-name"),
    ("Đoàn công tác đề nghị Đảng ủy, UBND phường Tân An rà soát hồ sơ.",
     ["Đảng ủy phường Tân An", "Ủy ban nhân dân phường Tân An"], "list-shares-the-last-unit"),
    ("Ghi nhận đề xuất của xã Phú Lộc, tỉnh sẽ hỗ trợ Đảng ủy, HĐND và UBND xã sửa trụ sở.",
     ["Đảng ủy xã Phú Lộc", "Hội đồng nhân dân xã Phú Lộc", "Ủy ban nhân dân xã Phú Lộc"],
     "bare-commune-bodies-take-the-commune-named-before"),
    ("Đảng ủy UBND tỉnh họp; Sở Y tế, UBND xã Tân Hòa và Sở Xây dựng dự.",
     ["Đảng ủy Ủy ban nhân dân tỉnh", "Sở Y tế", "Ủy ban nhân dân xã Tân Hòa", "Sở Xây dựng"],
     "named-bodies-before-a-commune-keep-their-own-names"),
    # a commune's own report: one commune named in its opening, its party committee later
    # bare; its bodies drop its name, as a district's do in a district notice
    ("ĐẢNG ỦY XÃ AN HẢI HỌP PHIÊN THÁNG 4\n\nChiều 2/4, Ban Thường vụ Đảng ủy xã An Hải họp phiên "
     "thường kỳ. Bí thư đề nghị Ban Thường vụ Đảng ủy và UBND xã tập trung thu hoạch lúa.",
     ["Đảng ủy xã", "Ban Thường vụ Đảng ủy xã", "Ban Thường vụ Đảng ủy xã", "Ủy ban nhân dân xã"],
     "commune-own-report-drops-its-name"),
    ("Chiều 2/4, UBND tỉnh làm việc với UBND xã An Hải; Đảng ủy xã đã báo cáo. UBND xã Hòa Nam "
     "cũng dự.", ["Ủy ban nhân dân tỉnh", "Ủy ban nhân dân xã An Hải", "Đảng ủy xã An Hải",
                  "Ủy ban nhân dân xã Hòa Nam"], "report-on-two-communes-keeps-names"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "expected"), [c[:2] for c in COMMUNE_BODIES], ids=[c[2] for c in COMMUNE_BODIES]
)
def test_commune_bodies(text, expected):
    assert names(text) == expected


# A list of departments that drops the head without a colon: "các sở Tài chính, NN-PTNT".
# fmt: off
ELIDED_NO_COLON = [
    ("Sở Công Thương chủ trì, phối hợp với các sở Tài chính, NN-PTNT rà soát giá điện.",
     ["Sở Công Thương", "Sở Tài chính", "Sở Nông nghiệp và Phát triển nông thôn"], "lowercase-head-no-colon"),
    ("Sở Y tế đôn đốc các phòng LĐ-TB&XH cấp huyện rà soát.", ["Sở Y tế"], "a-level-is-not-one-body"),
    ("Sở Tài chính hướng dẫn các phòng Tài chính - Kế hoạch cấp huyện lập dự toán.",
     ["Sở Tài chính"], "a-level-named-in-full"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "expected"), [c[:2] for c in ELIDED_NO_COLON], ids=[c[2] for c in ELIDED_NO_COLON]
)
def test_elided_list_without_colon(text, expected):
    assert names(text) == expected


# "Thường trực" after a deputy's title belongs to the title; the body follows it.
# fmt: off
STANDING_TITLES = [
    ("Bà Lê Thị Hoa, Phó Bí thư Thường trực Tỉnh ủy, dự và phát biểu.", ["Tỉnh ủy"], "standing-deputy-secretary"),
    ("Đồng chí Phó Chủ tịch Thường trực UBND tỉnh giao Sở Y tế rà soát.",
     ["Ủy ban nhân dân tỉnh", "Sở Y tế"], "first-vice-chairman"),
    ("Thường trực HĐND tỉnh đề nghị Sở Tài chính báo cáo.",
     ["Thường trực Hội đồng nhân dân tỉnh", "Sở Tài chính"], "standing-body-without-a-title"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "expected"), [c[:2] for c in STANDING_TITLES], ids=[c[2] for c in STANDING_TITLES]
)
def test_standing_is_part_of_a_deputy_title(text, expected):
    assert names(text) == expected


# A ministry's own office named without the ministry: the first ministry the text names.
# fmt: off
BARE_OFFICES = [
    ("BỘ XÂY DỰNG\nDự họp có Vụ Kế hoạch - Tài chính, Văn phòng Bộ và Cục Kinh tế xây dựng; "
     "đại diện Bộ Công an.",
     ["Văn phòng Bộ Xây dựng"], "office-of-the-issuing-ministry"),
    ("Văn phòng Bộ Tư pháp chủ trì tổng hợp.", ["Văn phòng Bộ Tư pháp"], "office-with-its-ministry"),
    ("Giao Văn phòng Bộ theo dõi.", [], "no-ministry-named-no-office"),
]
# fmt: on


def test_bare_inspectorate_of_a_ministry():
    text = "BỘ Y TẾ\nThanh tra Bộ kiểm tra việc mua sắm thiết bị; Thanh tra Bộ Tài chính phối hợp."
    assert [n for n in names(text, None) if n.startswith("Thanh tra")] == [
        "Thanh tra Bộ Y tế", "Thanh tra Bộ Tài chính"]


@pytest.mark.parametrize(
    ("text", "expected"), [c[:2] for c in BARE_OFFICES], ids=[c[2] for c in BARE_OFFICES]
)
def test_bare_office_of_a_ministry(text, expected):
    assert [n for n in names(text, None) if n.startswith("Văn phòng")] == expected


def test_dash_inside_a_listed_name_keeps_the_whole_name():
    text = "Mời lãnh đạo các Vụ: Kế hoạch - Tài chính, Pháp chế; Sở Y tế."
    assert names(text, None) == ["Vụ Kế hoạch - Tài chính", "Vụ Pháp chế", "Sở Y tế"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ban Chấp hành Đảng bộ thành phố Cần Thơ họp phiên bất thường.",
         ["Ban Chấp hành Đảng bộ thành phố Cần Thơ"]),
        ("BCH Đảng bộ xã Tân Phú đã ra nghị quyết chuyên đề.", ["Ban Chấp hành Đảng bộ xã Tân Phú"]),
        ("Ban Chấp hành Đảng bộ tỉnh thống nhất chủ trương.", ["Ban Chấp hành Đảng bộ tỉnh"]),
    ],
    ids=["city", "commune-abbreviated", "province-row-still-wins"],
)
def test_executive_committee_of_a_party_organisation(text, expected):
    assert names(text) == expected


# The board of one named zone, not the province's board.
# fmt: off
ZONE_BOARDS = [
    ("Trưởng Ban Quản lý Khu kinh tế Vân Phong Trần Văn Hải cho biết tiến độ.",
     ["Ban Quản lý Khu kinh tế Vân Phong"], "zone-named-then-a-person"),
    ("Ban Quản lý Khu kinh tế Kiên Giang chủ trì thẩm định.",
     ["Ban Quản lý Khu kinh tế tỉnh"], "province-name-is-the-province-board"),
    ("Ban Quản lý Khu kinh tế tỉnh phối hợp với Sở Xây dựng.",
     ["Ban Quản lý Khu kinh tế tỉnh", "Sở Xây dựng"], "province-board"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "expected"), [c[:2] for c in ZONE_BOARDS], ids=[c[2] for c in ZONE_BOARDS]
)
def test_board_of_a_named_zone(text, expected):
    assert names(text) == expected


def test_standing_committee_of_a_body_party_committee():
    text = "Tỉnh ủy gửi văn bản tới Ban Thường vụ Đảng ủy UBND tỉnh và Sở Nội vụ."
    assert names(text) == ["Tỉnh ủy", "Ban Thường vụ Đảng ủy Ủy ban nhân dân tỉnh", "Sở Nội vụ"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Viện Khoa học GTVT trình bày báo cáo.", ["Viện Khoa học Giao thông vận tải"]),
        ("Trung tâm Khuyến nông NN&PTNT tỉnh dự.",
         ["Trung tâm Khuyến nông Nông nghiệp và Phát triển nông thôn tỉnh"]),
        ("Cục QL Thị trường tỉnh kiểm tra.", ["Cục Quản lý Thị trường tỉnh"]),
        ("Ý kiến của Cục Kiểm tra VBQPPL được tiếp thu.",
         ["Cục Kiểm tra văn bản quy phạm pháp luật"]),
    ],
    ids=["sector-abbreviation", "longest-abbreviation-first", "ql", "legal-documents"],
)
def test_abbreviations_inside_a_name_are_expanded(text, expected):
    assert names(text) == expected


# fmt: off
NAME_ENDS = [
    # "về" with no subject after it is not part of the name
    ("Sở Xây dựng nhận công văn của Ban Chỉ đạo Phát triển nhà ở về kết luận cuộc họp.",
     ["Sở Xây dựng", "Ban Chỉ đạo Phát triển nhà ở"], "topic-word-without-topic"),
    ("Ban Chỉ đạo Quốc gia về phòng, chống dịch họp.",
     ["Ban Chỉ đạo Quốc gia về phòng, chống dịch"], "topic-word-with-topic-as-before"),
    # a newspaper that receives or forwards a letter
    ("Báo Lao Động nhận được thư của bạn đọc.", ["Báo Lao Động"], "newspaper-receives"),
    ("Hồ sơ do Báo Lao Động chuyển đến đã được xem xét.", ["Báo Lao Động"], "newspaper-forwards"),
    # "xã hội" is a noun inside a name, not the unit "xã"
    ("Trung tâm Bảo trợ xã hội tỉnh tiếp nhận ba trẻ.", ["Trung tâm Bảo trợ xã hội tỉnh"],
     "xa-hoi-inside-a-name"),
    ("Nhà của Trung tâm Bảo trợ xã hội do Sở Y tế quản lý.",
     ["Trung tâm Bảo trợ xã hội", "Sở Y tế"], "do-ends-a-name"),
    # a ward's name that starts like a head word is a place
    ("Sáp nhập phường Hội Xuân vào phường mới.", [], "ward-named-hoi"),
    # the sector of a project board goes on to "nông thôn"
    ("Gửi Ban Quản lý dự án đầu tư xây dựng các công trình Nông nghiệp và Phát triển nông thôn tỉnh.",
     ["Ban Quản lý dự án đầu tư xây dựng các công trình Nông nghiệp và Phát triển nông thôn"],
     "sector-with-nong-thon"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "expected"), [c[:2] for c in NAME_ENDS], ids=[c[2] for c in NAME_ENDS]
)
def test_where_a_pattern_name_ends(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "jurisdiction", "expected"),
    [
        ("Thành ủy Thành phố Tam Kỳ họp phiên thường kỳ.", "Quảng Nam", ["Thành ủy Tam Kỳ"]),
        ("Thị ủy thị xã Điện Bàn chỉ đạo các xã.", "Quảng Nam", ["Thị ủy Điện Bàn"]),
        ("Bí thư Thành ủy Thành phố Đà Nẵng phát biểu.", "Đà Nẵng", ["Thành ủy"]),
        ("Thành ủy Tam Kỳ họp.", "Quảng Nam", ["Thành ủy Tam Kỳ"]),
    ],
    ids=["unit-word-before-place", "thi-xa", "own-city", "no-unit-word-as-before"],
)
def test_party_committee_with_its_unit_word(text, jurisdiction, expected):
    assert names(text, jurisdiction) == expected


# a zone board named with the zone's kind in lower case before the zone's name (batch 10)
@pytest.mark.parametrize(
    ("text", "jurisdiction", "expected"),
    [
        ("UBND tỉnh giao Ban Quản lý Khu kinh tế cửa khẩu Tây Sơn - Bình Định rà soát bến bãi.",
         "Bình Định", ["Ủy ban nhân dân tỉnh", "Ban Quản lý Khu kinh tế cửa khẩu Tây Sơn - Bình Định"]),
        ("Ban Quản lý Khu kinh tế ven biển Nam Phước lập danh mục dự án.", "Quảng Nam",
         ["Ban Quản lý Khu kinh tế ven biển Nam Phước"]),
        ("Trưởng Ban Quản lý Khu kinh tế cửa khẩu Tây Sơn Lê Văn Hùng dự họp.", "Bình Định",
         ["Ban Quản lý Khu kinh tế cửa khẩu Tây Sơn"]),
        ("Ban Quản lý Khu kinh tế tỉnh theo dõi việc giải phóng mặt bằng.", "Bình Định",
         ["Ban Quản lý Khu kinh tế tỉnh"]),
    ],
    ids=["border-gate-zone-with-dash", "coastal-zone", "board-head-then-person", "province-board"],
)
def test_zone_board_with_the_zone_kind(text, jurisdiction, expected):
    assert names(text, jurisdiction) == expected
