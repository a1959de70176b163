"""Legal references: ids, types, dates, issuers, footnotes, short mentions, merging."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extractors.legal_refs import extract_legal_refs, merge_legal_refs


def ref(doc_type, ref_id=None, date=None, issuer=None, footnote=None, resolved=False):
    """Expected reference: only the fields a row states differ from the defaults."""
    return (doc_type, ref_id, date, issuer, footnote, resolved)


def project(refs):
    return [
        (r.doc_type, r.ref_id, r.issued_on, r.issuer, r.footnote, r.resolved)
        for r in refs
    ]


HDR = "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\n\nSố: 77/TB-VP\n\nAn Giang, ngày 02 tháng 3 năm 2022\n\n"

# fmt: off
CASES = [
    # --- numbered, every type
    ("Triển khai Luật Đầu tư công số 39/2019/QH14 trên địa bàn.",
     [ref("Luật", "39/2019/QH14", issuer="Quốc hội")], "law-with-number"),
    ("Thực hiện đúng Luật Đất đai năm 2013 và các văn bản hướng dẫn.",
     [ref("Luật", issuer="Quốc hội")], "law-without-number"),
    ("Áp dụng Bộ luật Lao động số 45/2019/QH14 đối với người lao động.",
     [ref("Bộ luật", "45/2019/QH14", issuer="Quốc hội")], "code-of-law"),
    ("Xử phạt theo Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ.",
     [ref("Nghị định", "30/2020/NĐ-CP", "2020-03-05", "Chính phủ")], "decree"),
    ("Căn cứ Nghị định số 61/2018/NĐCP về một cửa.",
     [ref("Nghị định", "61/2018/NĐ-CP", issuer="Chính phủ")], "decree-glued-code"),
    ("Bám sát Nghị quyết số 01/NQ-CP ngày 08 tháng 01 năm 2022 của Chính phủ.",
     [ref("Nghị quyết", "01/NQ-CP", "2022-01-08", "Chính phủ")], "resolution-date-in-words"),
    ("Quán triệt Nghị quyết số 05-NQ/TU của Ban Thường vụ Tỉnh ủy.",
     [ref("Nghị quyết", "05-NQ/TU", issuer="Ban Thường vụ Tỉnh ủy")], "party-resolution"),
    ("Thực hiện Nghị quyết số 18/2025/NQ-HĐND ngày 10/7/2025 của HĐND tỉnh.",
     [ref("Nghị quyết", "18/2025/NQ-HĐND", "2025-07-10", "Hội đồng nhân dân tỉnh")], "council-resolution"),
    ("Điều chỉnh Quyết định số 1234/QĐ-UBND ngày 15/4/2021 của UBND tỉnh.",
     [ref("Quyết định", "1234/QĐ-UBND", "2021-04-15", "Ủy ban nhân dân tỉnh")], "decision"),
    ("Theo Quyết định số 12/2021/QĐ-UBND quy định giá đất.",
     [ref("Quyết định", "12/2021/QĐ-UBND", issuer="Ủy ban nhân dân tỉnh")], "normative-decision"),
    ("Triển khai Quyết định 22/QĐ-TTg về chiến lược.",
     [ref("Quyết định", "22/QĐ-TTg", issuer="Thủ tướng Chính phủ")], "decision-without-so"),
    ("Tiếp tục thực hiện Chỉ thị số 16/CT-TTg của Thủ tướng Chính phủ.",
     [ref("Chỉ thị", "16/CT-TTg", issuer="Thủ tướng Chính phủ")], "directive"),
    ("Quán triệt Chỉ thị số 03- CT/TU về cải cách hành chính.",
     [ref("Chỉ thị", "03-CT/TU", issuer="Tỉnh ủy")], "directive-spaced-party-id"),
    ("Thực hiện Thông tư số 01/2011/TT-BNV hướng dẫn thể thức văn bản.",
     [ref("Thông tư", "01/2011/TT-BNV", issuer="Bộ Nội vụ")], "circular"),
    ("Theo Công văn số 1234/UBND-KT ngày 03/8/2021 của UBND tỉnh.",
     [ref("Công văn", "1234/UBND-KT", "2021-08-03", "Ủy ban nhân dân tỉnh")], "official-letter"),
    ("Sở Tài chính có văn bản số 567/SKHĐT-TH đề nghị bổ sung vốn.",
     [ref("Công văn", "567/SKHĐT-TH", issuer="Sở Kế hoạch và Đầu tư")], "generic-word-letter"),
    ("Thực hiện Kế hoạch số 45/KH-UBND ngày 01/02/2022 của UBND tỉnh.",
     [ref("Kế hoạch", "45/KH-UBND", "2022-02-01", "Ủy ban nhân dân tỉnh")], "plan"),
    ("Ủy ban đã có văn bản số 881/ UBND –NC nhắc nhở các xã.",
     [ref("Công văn", "881/UBND-NC", issuer="Ủy ban nhân dân tỉnh")], "spaced-en-dash-in-code"),
    ("Theo Thông báo kết luận số 2927 -TB/TU của Thường trực Tỉnh ủy.",
     [ref("Thông báo", "2927-TB/TU", issuer="Thường trực Tỉnh ủy")], "party-notice-spaced"),
    ("Các nội dung đã nêu tại Báo cáo số 236/BC-UBND ngày 07/7/2021 của UBND tỉnh.",
     [ref("Báo cáo", "236/BC-UBND", "2021-07-07", "Ủy ban nhân dân tỉnh")], "report"),
    ("Sở Xây dựng trình Tờ trình số 88/TTr-SXD về điều chỉnh quy hoạch.",
     [ref("Tờ trình", "88/TTr-SXD", issuer="Sở Xây dựng")], "submission"),
    ("Hoàn thành các đề án thực hiện Chương trình hành động số 09-CTr/TU của Tỉnh ủy.",
     [ref("Chương trình hành động", "09-CTr/TU", issuer="Tỉnh ủy")], "action-programme"),
    ("Thực hiện Kết luận số 21-KL/TW của Ban Chấp hành Trung ương.",
     [ref("Kết luận", "21-KL/TW", issuer="Ban Chấp hành Trung ương")], "party-conclusion"),
    ("Xử lý trách nhiệm theo Quy định số 25-QĐ/TU của Ban Thường vụ Tỉnh ủy.",
     [ref("Quy định", "25-QĐ/TU", issuer="Ban Thường vụ Tỉnh ủy")], "party-regulation"),
    ("Theo Hướng dẫn số 36-HD/VPTW về thể thức văn bản của Đảng.",
     [ref("Hướng dẫn", "36-HD/VPTW", issuer="Văn phòng Trung ương Đảng")], "party-guidance"),
    ("Quán triệt Hướng dẫn số 12-HD/BTGTW về công tác tuyên truyền.",
     [ref("Hướng dẫn", "12-HD/BTGTW", issuer="Ban Tuyên giáo Trung ương")], "central-party-committee-code"),
    ("Triển khai Đề án số 06/ĐA-UBND về chuyển đổi số.",
     [ref("Đề án", "06/ĐA-UBND", issuer="Ủy ban nhân dân tỉnh")], "scheme"),
    ("Thực hiện nghiêm Công điện số 05/CĐ-TTg ngày 20/9/2022 của Thủ tướng Chính phủ.",
     [ref("Công điện", "05/CĐ-TTg", "2022-09-20", "Thủ tướng Chính phủ")], "dispatch"),
    # --- a bare number: the type comes from the code
    ("Các chỉ tiêu đã nêu tại số 236/BC-UBND được giữ nguyên.",
     [ref("Báo cáo", "236/BC-UBND", issuer="Ủy ban nhân dân tỉnh")], "bare-report-id"),
    ("Hỗ trợ người lao động theo 68/NQ-CP trong tháng 8.",
     [ref("Nghị quyết", "68/NQ-CP", issuer="Chính phủ")], "bare-resolution-id"),
    # --- short mentions resolved within the notice
    ("Nghị quyết số 42/NQ-CP ngày 09/4/2020 của Chính phủ. Chi trả theo Nghị quyết 42 đúng hạn.",
     [ref("Nghị quyết", "42/NQ-CP", "2020-04-09", "Chính phủ"),
      ref("Nghị quyết", "42/NQ-CP", "2020-04-09", "Chính phủ", resolved=True)], "short-number"),
    ("Ban hành Kế hoạch số 15/KH-UBND. Các sở triển khai Kế hoạch này đúng tiến độ.",
     [ref("Kế hoạch", "15/KH-UBND", issuer="Ủy ban nhân dân tỉnh"),
      ref("Kế hoạch", "15/KH-UBND", issuer="Ủy ban nhân dân tỉnh", resolved=True)], "anaphor-nay"),
    ("Quán triệt Chỉ thị số 08-CT/TU. Thực hiện nghiêm Chỉ thị trên, báo cáo kết quả.",
     [ref("Chỉ thị", "08-CT/TU", issuer="Tỉnh ủy"),
      ref("Chỉ thị", "08-CT/TU", issuer="Tỉnh ủy", resolved=True)], "anaphor-tren"),
    ("Theo Nghị quyết số 63 của Chính phủ, cần tăng tốc giải ngân.",
     [ref("Nghị quyết", "63")], "short-number-unresolved-keeps-number"),
    # --- no number
    ("Phấn đấu đạt các chỉ tiêu theo Nghị quyết Tỉnh ủy và kế hoạch đã đề ra.",
     [ref("Nghị quyết", issuer="Tỉnh ủy")], "unnumbered-party"),
    ("Cụ thể hóa Nghị quyết của Ban Chấp hành Đảng bộ tỉnh về phát triển du lịch.",
     [ref("Nghị quyết", issuer="Ban Chấp hành Đảng bộ tỉnh")], "unnumbered-with-cua"),
    # --- footnotes
    ("Triển khai Nghị quyết số 63/NQ-CP của Chính phủ⁷ ngay.\n\n⁷ Nghị quyết số 63/NQ-CP ngày 29/6/2021 của Chính phủ về tăng trưởng",
     [ref("Nghị quyết", "63/NQ-CP", None, "Chính phủ", 7),
      ref("Nghị quyết", "63/NQ-CP", "2021-06-29", "Chính phủ", 7)], "marker-after-issuer"),
    ("Giải pháp đã nêu tại Báo cáo⁴; các sở thực hiện.\n\n⁴ Báo cáo số 12/BC-UBND ngày 05/01/2022 của UBND tỉnh",
     [ref("Báo cáo", "12/BC-UBND", "2022-01-05", "Ủy ban nhân dân tỉnh", 4, True),
      ref("Báo cáo", "12/BC-UBND", "2022-01-05", "Ủy ban nhân dân tỉnh", 4)], "type-word-with-marker"),
    # --- negatives and near misses
    (HDR + "THÔNG BÁO\n\nKết luận của Chủ tịch UBND tỉnh tại cuộc họp", [], "own-number-line"),
    ("- Lưu: VT, KTTH, 05/TB-VP.", [], "filing-line"),
    ("Có 11/24 chỉ tiêu đạt kế hoạch, tăng trưởng 6,01% trong tháng 7/2021.", [], "figures-and-dates"),
    ("Sở LĐ-TB&XH phòng chống dịch Covid-19 từ 27/7/1947 - 27/7/2021.", [], "agency-and-anniversary"),
    ("Văn phòng thực hiện nội dung tại Thông báo này và Kết luận của Chủ tịch.", [], "self-references"),
    ("Lập Kế hoạch sử dụng đất năm 2022 cấp huyện; Kế hoạch 5 năm 2021-2025.", [], "plan-not-cited"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "expected"), [c[:2] for c in CASES], ids=[c[2] for c in CASES]
)
def test_legal_refs_table(text, expected):
    refs = extract_legal_refs(text)
    assert project(refs) == expected
    assert all(text[r.start : r.end] == r.surface for r in refs)


def test_legal_refs_district_header_gives_district_issuer():
    text = "ỦY BAN NHÂN DÂN\nHUYỆN TÂN HIỆP\n\nSố: 12/TB-UBND\n\nthực hiện Kế hoạch số 41/KH-UBND."
    (found,) = extract_legal_refs(text)
    assert found.issuer == "Ủy ban nhân dân huyện Tân Hiệp"


def test_legal_refs_own_province_dropped_from_issuer():
    text = HDR + "Theo Kế hoạch số 9/KH-UBND ngày 04/01/2022 của UBND tỉnh An Giang."
    (found,) = extract_legal_refs(text)
    assert (found.ref_id, found.issuer) == ("9/KH-UBND", "Ủy ban nhân dân tỉnh")


def test_legal_refs_explicit_footnotes_are_used():
    text = "Theo Nghị quyết số 68/NQ-CP⁸ của Chính phủ.\n⁸ Nghị quyết số 68/NQ-CP ngày 01/7/2021"
    notes = [{"number": 8, "start": text.index("⁸ N"), "end": len(text), "marker": "⁸"}]
    refs = extract_legal_refs(text, notes)
    assert [r.footnote for r in refs] == [8, 8]
    assert refs[0].surface == "Nghị quyết số 68/NQ-CP"


def test_merge_legal_refs_keeps_fullest_mention():
    text = (
        "Theo Nghị quyết số 63/NQ-CP của Chính phủ⁷ và nghị quyết 63/nq-cp.\n"
        "⁷ Nghị quyết số 63/NQ-CP ngày 29/6/2021 của Chính phủ về tăng trưởng"
    )
    (entry,) = merge_legal_refs(extract_legal_refs(text))
    assert entry == {
        "text": "Nghị quyết số 63/NQ-CP ngày 29/6/2021 của Chính phủ",
        "type": "Nghị quyết",
        "number": "63",
        "code": "NQ-CP",
        "id": "63/NQ-CP",
        "date": "2021-06-29",
        "issuer": "Chính phủ",
        "footnote": 7,
    }


def test_merge_legal_refs_same_id_other_year_stays_apart():
    text = (
        "Nghị quyết số 01/NQ-CP ngày 08/01/2022 của Chính phủ; "
        "Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ."
    )
    entries = merge_legal_refs(extract_legal_refs(text))
    assert [e["date"] for e in entries] == ["2022-01-08", "2024-01-05"]


SEED = (
    Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_6f0508abd3d91ba8.txt"
)


@pytest.mark.skipif(not SEED.exists(), reason="shared/seed not beside the repository")
def test_regression_6f0508abd3d91ba8():
    entries = merge_legal_refs(extract_legal_refs(SEED.read_text(encoding="utf-8")))
    got = {(e["id"], e["type"], e["date"], e["issuer"], e["footnote"]) for e in entries}
    assert got == {
        ("236/BC-UBND", "Báo cáo", "2021-07-07", "Ủy ban nhân dân tỉnh", 4),
        ("228/BC-UBND", "Báo cáo", "2021-06-28", "Ủy ban nhân dân tỉnh", 5),
        ("63/NQ-CP", "Nghị quyết", "2021-06-29", "Chính phủ", 7),
        ("68/NQ-CP", "Nghị quyết", "2021-07-01", "Chính phủ", 8),
        (None, "Nghị quyết", None, "Tỉnh ủy", None),
        ("09-CTr/TU", "Chương trình hành động", None, "Tỉnh ủy", None),
    }


def test_a_portals_own_number_is_not_a_reference_anywhere():
    """A legal portal prints the document's number in its title and its properties table;
    neither is a citation (text written for this test)."""
    text = (
        "Công văn 412/VPCP-NN năm 2022 về đê điều\n"
        "Số hiệu | 412/VPCP-NN |\n"
        "Loại văn bản | Công văn |\n"
        "Thực hiện Luật Đê điều và Nghị định số 113/2007/NĐ-CP, Văn phòng Chính phủ có ý kiến như sau."
    )
    assert [r.ref_id for r in extract_legal_refs(text, []) if r.ref_id] == ["113/2007/NĐ-CP"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sở Y tế rà soát theo Quyết định số 31/QĐ-UBND.\n(Theo Công văn số 880/UBND-VX, ngày 3/5/2024)",
         ["31/QĐ-UBND"]),
        ("Nội dung chỉ đạo đã được gửi các sở.\nNguồn: Thông báo số 41/TB-VP", []),
        ("Theo Công văn số 77/UBND-KT ngày 2/3/2024 của UBND tỉnh, Sở Xây dựng phải báo cáo.",
         ["77/UBND-KT"]),
    ],
    ids=["bracketed-source-line", "nguon-source-line", "citation-that-opens-a-sentence"],
)
def test_a_reports_source_line_is_the_notice_itself(text, expected):
    assert [r.ref_id for r in extract_legal_refs(text)] == expected


def test_a_sites_licence_is_not_a_reference():
    text = "Sở Y tế thực hiện Quyết định số 31/QĐ-UBND.\nGiấy phép số 123/GP-TTĐT do Cục Phát thanh cấp."
    assert [r.ref_id for r in extract_legal_refs(text)] == ["31/QĐ-UBND"]
