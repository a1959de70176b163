"""Directives as reports and letters write them: the body that hands a task on is not its
assignee, a list of bodies split by semicolons stays one list, and a coordinating list may
drop its head ("phối hợp các Sở: Tài chính, Xây dựng"). Sentences written for these tests."""

from __future__ import annotations

import pytest

from pipeline.extractors.agencies import extract_agencies
from pipeline.extractors.deadlines import extract_deadlines
from pipeline.extractors.legal_refs import extract_legal_refs
from pipeline.extractors.sections import extract_sections
from pipeline.extractors.tasks import extract_tasks


def pairs_of(text: str) -> list[list[tuple[str, str]]]:
    tasks = extract_tasks(text, extract_sections(text), extract_agencies(text, "Bắc Giang"),
                          extract_deadlines(text, "2024-03-10"), extract_legal_refs(text, []))
    return [[(a.agency, a.role) for a in t.assignees] for t in tasks]


# fmt: off
CASES = [
    ("Theo bà Trần C, tỉnh đã yêu cầu công an tỉnh chủ động phối hợp với Sở Xây dựng, UBND huyện "
     "Lục Nam lập lại trật tự quanh chợ đầu mối.",
     [[("Công an tỉnh", "implement"), ("Sở Xây dựng", "coordinate"),
       ("Ủy ban nhân dân huyện Lục Nam", "coordinate")]], "police-in-lower-case-with-coordinators"),
    # "đó" (that) before a comma is no "do" (by): the body after it is the subject
    ("Phó Thủ tướng giao UBND tỉnh Bắc Giang chủ trì lập đề án. Trên cơ sở đó, Bộ Xây dựng chủ trì "
     "thẩm định đề án.", [[("Ủy ban nhân dân tỉnh", "lead")], [("Bộ Xây dựng", "lead")]],
     "subject-after-tren-co-so-do"),
    ("Theo đó, Sở Công Thương kiểm tra giá xăng dầu.", [[("Sở Công Thương", "implement")]],
     "subject-after-theo-do"),
    ("Nhà văn hóa do Sở Văn hóa quản lý xuống cấp.", [], "body-after-do-manages"),
    ("Tại cuộc họp, Sở Y tế báo cáo tình hình dịch; tiếp đó, Sở Tài chính báo cáo thu chi ngân sách.",
     [], "meeting-sequence-is-narrative"),
    # after the 2025 reorganisation: two party committees of a province lead one directive
    ("Đảng ủy các cơ quan Đảng tỉnh và Đảng ủy UBND tỉnh lãnh đạo, chỉ đạo rà soát quy chế làm việc.",
     [[("Đảng ủy các cơ quan Đảng tỉnh", "implement"), ("Đảng ủy Ủy ban nhân dân tỉnh", "implement")]],
     "two-party-committees-lead-2025"),
    # the members of a steering body are a collective; the list goes on after it
    ("Chủ tịch UBND tỉnh đề nghị các sở, ngành và cơ quan thành viên Ban Chỉ đạo phòng chống thiên "
     "tai tỉnh; Công ty cổ phần cấp nước Sơn Trà; UBND các xã, phường kiểm tra phương án dự phòng.",
     [[("các sở, ngành", "implement"), ("Công ty cổ phần cấp nước Sơn Trà", "implement"),
       ("Ủy ban nhân dân các xã, phường", "implement")]], "members-of-a-board-in-a-list"),
    # a named person whose title names a body reports at the meeting: no task for the body
    ("Đồng chí Hoàng Văn Tư, Giám đốc Sở Y tế báo cáo sơ bộ tình hình dịch sốt xuất huyết.",
     [], "named-person-reports-at-meeting"),
    ("Ông Lê Văn Ba, Phó Chủ tịch UBND tỉnh giao Sở Y tế báo cáo kết quả tiêm chủng.",
     [[("Sở Y tế", "implement")]], "named-person-hands-report-task"),
    ("Giám đốc Sở Y tế báo cáo UBND tỉnh kết quả tiêm chủng.", [[("Sở Y tế", "implement")]],
     "title-without-a-name-is-a-directive"),
    # a page repeats its lead as a caption: one directive; the same body in two different
    # directives is two tasks
    ("Chủ tịch UBND tỉnh yêu cầu Sở Y tế kiểm tra bếp ăn trường học.\n"
     "Chủ tịch UBND tỉnh yêu cầu Sở Y tế kiểm tra bếp ăn trường học.",
     [[("Sở Y tế", "implement")]], "lead-repeated-as-caption"),
    ("UBND tỉnh yêu cầu Sở Y tế kiểm tra bếp ăn. UBND tỉnh yêu cầu Sở Y tế báo cáo kết quả.",
     [[("Sở Y tế", "implement")], [("Sở Y tế", "implement")]], "same-body-two-directives"),
    ("Công an tỉnh được giao bảo đảm an ninh trong những ngày lễ hội.",
     [[("Công an tỉnh", "implement")]], "passive-giao-with-ensure"),
    ("UBND tỉnh yêu cầu Sở Y tế kiểm tra các cơ sở khám chữa bệnh tư nhân.",
     [[("Sở Y tế", "implement")]], "body-that-asks-is-not-assignee"),
    ("UBND tỉnh cũng đề nghị Công an tỉnh xử lý nghiêm các vi phạm.",
     [[("Công an tỉnh", "implement")]], "adverb-before-the-directing-verb"),
    ("UBND tỉnh vừa yêu cầu kiểm điểm trách nhiệm và báo cáo về UBND tỉnh trước ngày 20/3/2024.",
     [], "directive-with-no-named-assignee"),
    ("Thành ủy giao UBND thành phố chủ trì xây dựng kế hoạch chỉnh trang đô thị.",
     [[("Ủy ban nhân dân thành phố", "lead")]], "party-committee-hands-on"),
    ("UBND tỉnh có ý kiến như sau: giao Sở Xây dựng chủ trì, phối hợp các Sở: Tài chính, Công Thương; "
     "Ban Quản lý Khu kinh tế tỉnh và UBND huyện Lục Nam rà soát quy hoạch.",
     [[("Sở Xây dựng", "lead"), ("Sở Tài chính", "coordinate"), ("Sở Công Thương", "coordinate"),
       ("Ban Quản lý Khu kinh tế tỉnh", "coordinate"), ("Ủy ban nhân dân huyện Lục Nam", "coordinate")]],
     "semicolon-list-of-coordinators-with-dropped-head"),
    ("Các sở: Xây dựng, Giao thông vận tải hướng dẫn huyện hoàn thiện hồ sơ; Sở Tài chính bố trí vốn.",
     [[("Sở Xây dựng", "implement"), ("Sở Giao thông vận tải", "implement")],
      [("Sở Tài chính", "implement")]], "giao-thong-is-a-name-not-a-verb"),
    ("Công an tỉnh chủ trì tuần tra theo Chỉ thị của Thủ tướng Chính phủ; Sở Tư pháp hướng dẫn thủ tục.",
     [[("Công an tỉnh", "lead")], [("Sở Tư pháp", "implement")]], "object-at-clause-end-does-not-join"),
    ("UBND tỉnh vừa có văn bản số 45/UBND-NN yêu cầu Sở Tư pháp và Công an tỉnh rà soát hồ sơ.",
     [[("Sở Tư pháp", "implement"), ("Công an tỉnh", "implement")]], "directs-through-a-letter"),
    ("UBND tỉnh đã ban hành công văn số 9/UBND-KT ngày 2/2/2024 chỉ đạo, UBND huyện Lục Nam "
     "phối hợp Sở Tư pháp kiểm điểm cán bộ.",
     [[("Ủy ban nhân dân huyện Lục Nam", "implement"), ("Sở Tư pháp", "coordinate")]],
     "letter-that-directs-then-the-assignee"),
    ("UBND tỉnh yêu cầu UBND huyện Lục Nam sửa chữa cầu treo. Ngoài ra, phối hợp với Sở Xây dựng "
     "đề xuất phương án lâu dài.",
     [[("Ủy ban nhân dân huyện Lục Nam", "implement")],
      [("Ủy ban nhân dân huyện Lục Nam", "implement"), ("Sở Xây dựng", "coordinate")]],
     "new-sentence-with-connective-continues-the-same-bodies"),
    ("UBND tỉnh yêu cầu các sở: Xây dựng, Tư pháp và Công an tỉnh kiểm tra công trình vi phạm.",
     [[("Sở Xây dựng", "implement"), ("Sở Tư pháp", "implement"), ("Công an tỉnh", "implement")]],
     "asked-through-the-head-of-a-list"),
    ("Ngày 12/5, UBND huyện Lục Nam tổ chức hội nghị sơ kết công tác phòng chống thiên tai.",
     [], "dated-event-is-no-directive"),
    ("Sáng 3/4, UBND tỉnh họp bàn phương án; Chủ tịch UBND tỉnh yêu cầu Sở Y tế chuẩn bị thuốc.",
     [[("Sở Y tế", "implement")]], "dated-report-of-a-directive-keeps-the-handed-body"),
    ("UBND tỉnh đã ban hành công văn hướng dẫn các địa phương.", [], "past-tense-is-an-event"),
    ("Chiều cùng ngày, Tỉnh ủy đã có công văn số 12-CV/TU gửi UBND tỉnh, Sở Xây dựng kiểm tra vụ việc.",
     [[("Ủy ban nhân dân tỉnh", "implement"), ("Sở Xây dựng", "implement")]],
     "a-letter-sent-to-bodies-asks-them"),
    ("Rà soát các nhiệm vụ tại Thông báo số 21/TB-UBND, gửi Văn phòng UBND tỉnh trước ngày 30/3/2024.",
     [], "a-report-sent-to-an-office-gives-it-no-task"),
    ("Theo đó, UBND tỉnh giao các huyện, thị xã gồm: Lục Nam, Yên Dũng rà soát quy hoạch chăn nuôi.",
     [[("Ủy ban nhân dân huyện Lục Nam", "implement"), ("Ủy ban nhân dân huyện Yên Dũng", "implement")]],
     "localities-handed-a-task-by-name"),
    ("Văn phòng Chính phủ ban hành Thông báo số 40/TB-VPCP về ý kiến của Phó Thủ tướng.", [],
     "issuing-a-document-is-an-event"),
    ("Giao Bộ Tài chính (cơ quan được giao chủ trì soạn thảo đề án) tiếp tục tổng hợp ý kiến.",
     [[("Bộ Tài chính", "implement")]], "a-long-aside-gives-no-role"),
    ("1. Sở Y tế (chủ trì), Sở Tài chính (phối hợp) rà soát danh mục thuốc.",
     [[("Sở Y tế", "lead"), ("Sở Tài chính", "coordinate")]], "roles-marked-in-short-brackets"),
    ("UBND tỉnh kính mời Thường trực HĐND tỉnh và Ủy ban MTTQ tỉnh dự buổi tiếp công dân.", [],
     "an-invitation-is-no-task"),
    ("Chủ tịch UBND tỉnh giao Giám đốc Sở Xây dựng kiểm tra hiện trạng trụ sở.",
     [[("Sở Xây dựng", "implement")]], "handed-through-the-title-of-its-head"),
    ("Trụ sở cũ của Trung tâm Y tế do Sở Y tế quản lý; trụ sở kho lưu trữ do Sở Nội vụ quản lý.", [],
     "the-body-that-manages-a-building-is-described-not-tasked"),
    ("Chủ tịch UBND tỉnh Bắc Giang Lê Văn An phát biểu chỉ đạo tại cuộc họp.", [],
     "the-chair-of-a-named-province-gives-no-task-to-it"),
    ("Giao UBND tỉnh Lạng Sơn chủ trì, phối hợp các bộ: Tư pháp, Xây dựng, rà soát ranh giới.",
     [[("Ủy ban nhân dân tỉnh Lạng Sơn", "lead"), ("Bộ Tư pháp", "coordinate"), ("Bộ Xây dựng", "coordinate")]],
     "coordinating-ministries-in-lower-case-list"),
    ("Sở Y tế kiểm tra công tác phòng dịch tại các chốt\n\nChiều 4/3, đoàn công tác đã làm việc.",
     [], "a-headline-tells-an-event"),
    ("(BGO) - Tại cuộc họp, Sở Công Thương báo cáo tình hình thị trường xăng dầu.", [],
     "a-scene-after-a-source-tag"),
    ("1. Sở Tư pháp rà soát văn bản; đồng thời đề xuất sửa đổi quy chế.",
     [[("Sở Tư pháp", "implement")]], "semicolon-dong-thoi-stays-one-directive"),
    ("Về nhân sự, Thành ủy giao bà Phạm Thị Hoa, Phó Chủ tịch UBND thành phố, điều hành công việc "
     "của Sở Xây dựng trong thời gian Giám đốc Sở đi học.",
     [], "task-handed-to-a-named-person-is-no-body-task"),
    ("Đối với HĐND tỉnh, Ban Thường vụ phân công đồng chí Trần Văn Bình phụ trách hoạt động.",
     [], "topic-body-then-a-named-person"),
    ("Thành ủy giao ông Giám đốc Sở Xây dựng chủ trì rà soát quy hoạch.",
     [[("Sở Xây dựng", "lead")]], "honorific-before-a-title-is-still-the-body"),
    ("UBND tỉnh giao Văn phòng UBND tỉnh (Ban Tiếp công dân, Trung tâm Thông tin - Công báo) chủ trì, "
     "phối hợp với Sở Tư pháp bố trí phòng tiếp dân.",
     [[("Văn phòng Ủy ban nhân dân tỉnh", "lead"), ("Ban Tiếp công dân", "lead"),
       ("Trung tâm Thông tin - Công báo", "lead"), ("Sở Tư pháp", "coordinate")]],
     "units-in-brackets-after-an-office-share-its-role"),
    ("Sở Y tế phối hợp với Bộ Công an (Trung tâm Dữ liệu về dân cư của bộ) làm sạch dữ liệu.",
     [[("Sở Y tế", "implement"), ("Bộ Công an", "coordinate")]],
     "brackets-that-describe-a-unit-add-no-assignee"),
    ("Hôm qua, UBND tỉnh có công văn số 310/UBND-KT gửi Sở Tài chính, Sở Xây dựng về phương án "
     "sắp xếp trụ sở sau hợp nhất.",
     [], "letter-sent-about-a-topic-gives-no-task"),
    ("UBND tỉnh có công văn số 311/UBND-KT gửi Sở Tài chính về việc thanh lý xe; Sở Xây dựng "
     "chủ trì thẩm định giá.",
     [[("Sở Xây dựng", "lead")]], "topic-letter-then-a-real-directive"),
    ("UBND tỉnh giao Sở Công Thương chủ trì, phối hợp với các sở Tài chính, Xây dựng thẩm định đề án.",
     [[("Sở Công Thương", "lead"), ("Sở Tài chính", "coordinate"), ("Sở Xây dựng", "coordinate")]],
     "coordinators-listed-after-a-lowercase-head-without-colon"),
    ("Sở Y tế chủ trì kiểm tra các cơ sở do UBND huyện cấp phép, Sở Xây dựng hướng dẫn thủ tục.",
     [[("Sở Y tế", "lead")], [("Sở Xây dựng", "implement")]], "comma-opens-a-second-subject-in-prose"),
    ("Sở Tư pháp, Sở Nội vụ rà soát văn bản.",
     [[("Sở Tư pháp", "implement"), ("Sở Nội vụ", "implement")]], "comma-list-of-subjects-stays-one-task"),
    ("Sở Y tế chủ trì rà soát, phối hợp với Công an tỉnh, Sở Tư pháp xử lý vi phạm.",
     [[("Sở Y tế", "lead"), ("Công an tỉnh", "coordinate"), ("Sở Tư pháp", "coordinate")]],
     "coordinators-after-a-comma-are-not-a-new-subject"),
    ("Văn phòng UBND tỉnh chuyển kiến nghị của cử tri đến Sở Giao thông vận tải để xem xét, trả lời.",
     [[("Sở Giao thông vận tải", "implement")]], "forwarded-to-a-body-for-it-to-act"),
    ("Sở Y tế tổng hợp ý kiến, gửi kết quả đến Sở Tài chính trước ngày 5/4/2024.",
     [[("Sở Y tế", "implement")]], "sent-to-a-body-without-a-purpose-is-an-object"),
    ("Văn phòng UBND tỉnh thông báo để Sở Nội vụ, các cơ quan liên quan thực hiện./.",
     [], "closing-formula-is-no-directive"),
    ("Đợt kiểm tra phát hiện sai sót tại Sở Y tế, Sở Xây dựng và Công an tỉnh. UBND tỉnh yêu cầu "
     "các cơ quan, đơn vị nêu trên khắc phục ngay.",
     [[("Sở Y tế", "implement"), ("Sở Xây dựng", "implement"), ("Công an tỉnh", "implement")]],
     "collective-that-refers-back-takes-the-listed-bodies"),
    ("Sở Y tế báo cáo kết quả. UBND tỉnh yêu cầu các cơ quan, đơn vị khắc phục ngay.",
     [[("Sở Y tế", "implement")], [("các cơ quan, đơn vị", "implement")]],
     "collective-without-back-reference-stays-a-collective"),
    ("Sở Tài chính chủ trì, hướng dẫn UBND các huyện: Lục Nam, Yên Dũng lập dự toán.",
     [[("Sở Tài chính", "lead")]], "object-list-behind-a-shared-head-gets-no-task"),
    ("Sở Y tế tiếp tục làm việc với UBND các huyện, thị xã: Lục Nam, Việt Yên rà soát trạm y tế.",
     [[("Sở Y tế", "implement")]], "bodies-met-with-are-not-assignees"),
    ("Sở Y tế chủ trì kiểm tra các cơ sở; phối hợp với Đài Phát thanh và Truyền hình tỉnh tuyên truyền "
     "phòng dịch.",
     [[("Sở Y tế", "lead")], [("Sở Y tế", "implement"), ("Đài Phát thanh và Truyền hình tỉnh", "coordinate")]],
     "semicolon-clause-with-coordinators-of-its-own"),
    ("Sở Xây dựng chủ trì rà soát quy hoạch; tham mưu UBND tỉnh điều chỉnh trước ngày 30/6/2024.",
     [[("Sở Xây dựng", "lead")]], "semicolon-clause-without-bodies-continues"),
    # a coordinate cue with no partner before an advise or monitor cue (task_cues bare_coordinate)
    ("Bí thư Huyện ủy đề nghị Văn phòng Huyện ủy phối hợp, tham mưu chuẩn bị hội nghị tổng kết.",
     [[("Văn phòng Huyện ủy", "advise")]], "bare-coordinate-then-advise-is-advise"),
    ("Ban Tổ chức Huyện ủy phối hợp và theo dõi việc kiện toàn chi bộ.",
     [[("Ban Tổ chức Huyện ủy", "monitor")]], "bare-coordinate-and-monitor-is-monitor"),
    ("Sở Nội vụ phối hợp với Sở Tài chính tham mưu phương án biên chế.",
     [[("Sở Nội vụ", "implement"), ("Sở Tài chính", "coordinate")]],
     "coordinate-with-a-partner-keeps-its-reading"),
    # the preamble names who reported, not who must act (task_cues narrative_openers)
    ("Sau khi nghe Sở Công Thương báo cáo tình hình thị trường cuối năm, Chủ tịch UBND tỉnh kết luận như sau.",
     [], "after-hearing-a-report-is-no-directive"),
    ("Thay mặt Thường trực HĐND huyện, ông Lục báo cáo kết quả giám sát quý I.",
     [], "speaking-for-a-body-gives-it-no-task"),
    ("Thay mặt UBND tỉnh, Chủ tịch yêu cầu Sở Xây dựng kiểm tra lại cầu.",
     [[("Sở Xây dựng", "implement")]], "speaking-for-a-body-still-hands-a-task"),
    # advise is "tham mưu" only (GUIDELINE); proposing or submitting is the body's own work
    ("Sở Nội vụ đề xuất danh sách tập thể được khen thưởng.",
     [[("Sở Nội vụ", "implement")]], "proposing-is-implementing"),
    ("Sở Tư pháp khẩn trương trình dự thảo quy định trước ngày 15/4/2024.",
     [[("Sở Tư pháp", "implement")]], "submitting-is-implementing"),
    ("Sở Tư pháp tham mưu UBND tỉnh ban hành quy định.",
     [[("Sở Tư pháp", "advise")]], "tham-muu-is-advising"),
    # a reprimand gives no task; a body handed a task that it relays keeps it
    ("UBND tỉnh nhắc nhở Sở Xây dựng chưa thường xuyên kiểm tra công trình.",
     [], "reprimand-is-no-task"),
    ("UBND tỉnh giao Giám đốc Sở Công Thương yêu cầu các doanh nghiệp khắc phục sự cố.",
     [[("Sở Công Thương", "implement")]], "handed-body-that-relays-keeps-the-task"),
    ("Tại cuộc họp giao ban Ban Chỉ đạo 138 tỉnh, Chủ tịch UBND tỉnh yêu cầu Công an tỉnh tăng cường tuần tra.",
     [[("Công an tỉnh", "implement")]], "briefing-meeting-of-a-body-is-no-dispatch"),
    ("Giao Ban Quản lý dự án tỉnh lập hồ sơ mời thầu.",
     [[("Ban Quản lý dự án tỉnh", "implement")]], "giao-then-a-board-is-a-dispatch"),
    # a letter's addressee block names whom it is sent to, not a subject
    ("Kính gửi:\n- Sở Tài chính;\nVề đề nghị của UBND huyện Lục Nam về việc thực hiện dự án sửa cầu, Chủ tịch "
     "UBND tỉnh có ý kiến như sau.\nSở Tài chính nghiên cứu đề nghị nêu trên.",
     [[("Sở Tài chính", "implement")]], "addressee-block-is-no-subject"),
    # cadres under a committee's management are no task of it (task_cues object_markers)
    ("Rà soát kỹ hồ sơ các đồng chí thuộc diện Ban Thường vụ Tỉnh ủy quản lý khi luân chuyển.",
     [], "cadres-under-a-committees-management"),
    # a news page restates its directive in the headline or the lead paragraph: one task
    ("Đề nghị UBND xã Phì Điền dọn dẹp bãi rác tự phát\n"
     "Sau phản ánh của người dân, UBND huyện Lục Ngạn đã đề nghị UBND xã Phì Điền khẩn trương "
     "dọn dẹp bãi rác tự phát bên kênh, báo cáo kết quả trước cuối tháng.",
     [[("Ủy ban nhân dân xã Phì Điền", "implement")]], "headline-restating-the-directive"),
    ("Tỉnh đã giao Sở Công Thương chủ trì, phối hợp với Sở Khoa học và Công nghệ lấy mẫu phân bón bán "
     "tại các chợ quê, báo cáo UBND tỉnh.\nVăn bản nêu rõ: giao Sở Công Thương chủ trì, phối hợp với Sở "
     "Khoa học và Công nghệ lấy mẫu phân bón bán tại các chợ quê; kết quả gửi về UBND tỉnh.",
     [[("Sở Công Thương", "lead"), ("Sở Khoa học và Công nghệ", "coordinate")]],
     "lead-paragraph-restating"),
    ("Tỉnh giao Sở Công Thương chủ trì, phối hợp với Sở Khoa học và Công nghệ lấy mẫu phân bón. Tỉnh giao "
     "Sở Công Thương chủ trì, phối hợp với Sở Khoa học và Công nghệ lập kế hoạch chợ phiên nông sản sạch.",
     [[("Sở Công Thương", "lead"), ("Sở Khoa học và Công nghệ", "coordinate")],
      [("Sở Công Thương", "lead"), ("Sở Khoa học và Công nghệ", "coordinate")]],
     "same-formula-other-work-stays-two"),
    # the body a reply goes to is no subject of the verb after it
    ("UBND huyện yêu cầu UBND xã Phì Điền xác minh đơn. Sau đó có văn bản trả lời Báo Nông thôn "
     "và báo cáo UBND huyện.",
     [[("Ủy ban nhân dân xã Phì Điền", "implement")]], "body-replied-to-is-no-subject"),
    # a cue word inside a quoted article title is no cue
    ("Báo Nông thôn ngày 5/2/2024 có bài “Lục Ngạn: Vận động làm đường rồi bỏ dở” nêu việc "
     "chậm trả tiền cho hộ hiến đất.", [], "cue-inside-a-quoted-title"),
    # an office conveying its head's opinion is no assignee; the body told after it is
    ("Hôm qua Văn phòng UBND huyện truyền đạt chỉ đạo của ông Phó Chủ tịch về việc gia cố kè sông Thương. "
     "Theo đó, giao Sở Xây dựng thẩm định hồ sơ gia cố kè.",
     [[("Sở Xây dựng", "implement")]], "office-conveying-an-opinion"),
    # directing and overseeing the others' work is monitoring it
    ("Giao Tổng công ty Điện lực miền Bắc bàn giao lưới điện nông thôn cho tỉnh. Bộ Công Thương "
     "chỉ đạo, giám sát việc bàn giao.",
     [[("Tổng công ty Điện lực miền Bắc", "implement")], [("Bộ Công Thương", "monitor")]],
     "directing-and-overseeing-is-monitoring"),
    ("Sở Y tế chỉ đạo các bệnh viện tuyến huyện chuẩn bị giường bệnh.",
     [[("Sở Y tế", "implement")]], "directing-alone-stays-implement"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected", "case"), CASES, ids=[c[2] for c in CASES])
def test_reporting_genre_directives(text, expected, case):
    assert pairs_of(text) == expected
