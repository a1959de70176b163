"""Legal references and deadlines in forms real pages print (issue 15): a cited document
given by its bare number with no full citation anywhere, and words that a web page's markup
glued together ("trướcngày", "UBNDngày"). Every sentence is written for these tests."""

from __future__ import annotations

import pytest

from pipeline.extractors.deadlines import extract_deadlines
from pipeline.extractors.legal_refs import extract_legal_refs, merge_legal_refs


def ids(text):
    return [r["id"] for r in merge_legal_refs(extract_legal_refs(text))]


# fmt: off
LEGAL = [
    # a bare number is the id as printed (GUIDELINE: "id is number/code as printed after số")
    ("Huyện ủy tiếp tục quán triệt Kết luận 71 của Bộ Chính trị.", ["71"], "bare-ket-luan"),
    ("Các xã rà soát việc thực hiện Nghị quyết số 18 trong quý tới.", ["18"], "bare-with-so"),
    ("Ban Thường vụ gửi Tờ trình số 42 ngày 3/5/2024 lên cấp trên.", ["42"], "bare-with-issue-date"),
    ("Sở Tài chính thực hiện đúng Công văn số 15 ngày 9 tháng 2 năm 2023 của tỉnh.", ["15"],
     "bare-cong-van-date-in-words"),
    ("Các ngành bám sát Chỉ thị 07 về phòng cháy.", ["07"], "bare-leading-zero"),
    # a bare number resolves to the full citation when there is one
    ("Theo Nghị quyết số 33/NQ-HĐND ngày 1/4/2022, Nghị quyết 33 được triển khai.",
     ["33/NQ-HĐND"], "short-resolves-to-full"),
    # not documents: a span of time, a scheme named by its number
    ("Xây dựng Kế hoạch 5 năm và Kế hoạch 90 ngày cao điểm.", [], "plan-of-n-years-or-days"),
    # the Government Office's unit numbered in Roman figures after a dot is part of the code
    ("Làm theo Công văn số 905/VPCP-V.III ngày 2/3/2023 về nhà ở xã hội.", ["905/VPCP-V.III"],
     "code-with-roman-unit"),
    ("Trích văn bản số 77/UBND-V. Ít ngày sau họp lại.", ["77/UBND-V"], "dot-ends-the-sentence"),
    ("Đẩy mạnh thực hiện Đề án 09 về dữ liệu dân cư.", [None], "scheme-named-by-number"),
    ("Đẩy mạnh thực hiện Đề án số 09 của huyện.", ["09"], "scheme-cited-with-so"),
    # an id glued to the "ngày" of its date by the page's markup
    ("Xét văn bản số 81/TTr-UBNDngày 2 tháng 3 năm 2021 của Ủy ban nhân dân huyện.",
     ["81/TTr-UBND"], "id-glued-to-ngay"),
    ("Căn cứ Kế hoạch số 7/KH-SYTngày 4/1/2022 của Sở Y tế.", ["7/KH-SYT"], "id-glued-to-ngay-numeric"),
]
# fmt: on


@pytest.mark.parametrize("text, expected, _id", LEGAL, ids=[c[2] for c in LEGAL])
def test_legal_ids_real_forms(text, expected, _id):
    assert ids(text) == expected


def test_glued_ngay_keeps_the_issue_date():
    (ref,) = extract_legal_refs("Xét văn bản số 81/TTr-UBNDngày 2 tháng 3 năm 2021 của huyện.")
    assert (ref.ref_id, ref.issued_on) == ("81/TTr-UBND", "2021-03-02")


# fmt: off
DEADLINES = [
    ("Phòng Nội vụ nộp báo cáo trướcngày 14/10/2024.", [("trướcngày 14/10/2024", "2024-10-14")],
     "trigger-glued-to-ngay"),
    ("Các xã hoàn thành chậm nhấtngày 30/9.", [("chậm nhấtngày 30/9", "2024-09-30")],
     "long-trigger-glued"),
    ("Sở Xây dựng báo cáo trước ngày 14/10.", [("trước ngày 14/10", "2024-10-14")], "spaced-as-before"),
    # a glued trigger needs "ngày" and a number after it
    ("Đơn vị đã làm trướcngàyhội.", [], "glued-without-date"),
]
# fmt: on

# A report dated after a deadline (reference 2024-08-20) tells an earlier directive: a
# sentence opened by its own day set the deadline, which was ahead of it then. A sentence
# opened by "Đến ..." that reports a figure dates a status, not a due date.
# fmt: off
REPORTED = [
    ("Ngày 2/8, UBND tỉnh có văn bản giao Sở Tài chính rà soát, báo cáo trước ngày 10/8.\n"
     "Tuy vậy, Sở vẫn chưa có báo cáo.", [("trước ngày 10/8", "2024-08-10")], "dated-directive-told-later"),
    ("Sở Tài chính rà soát, báo cáo trước ngày 10/8.", [], "past-deadline-with-no-day-of-its-own"),
    ("Chiều 14-7, Sở Y tế đã họp.\nSáng 16/8, ông A yêu cầu các xã xong trước ngày 10/8.", [],
     "day-of-the-sentence-after-the-deadline"),
    ("Đến hết tháng 7, thu ngân sách toàn tỉnh ước đạt 4.120 tỷ đồng.", [], "as-of-date-of-a-figure"),
    ("Đến hết tháng 9, các huyện phải giải ngân xong vốn năm trước.", [("Đến hết tháng 9", "2024-09-30")],
     "opening-deadline-with-a-duty"),
]
# fmt: on


@pytest.mark.parametrize("text, expected, _id", REPORTED, ids=[c[2] for c in REPORTED])
def test_deadlines_in_reports(text, expected, _id):
    found = extract_deadlines(text, "2024-08-20")
    assert [(d.surface, d.due_on) for d in found] == expected


@pytest.mark.parametrize("text, expected, _id", DEADLINES, ids=[c[2] for c in DEADLINES])
def test_deadlines_glued_trigger(text, expected, _id):
    found = extract_deadlines(text, "2024-08-01")
    assert [(d.surface, d.due_on) for d in found] == expected


# fmt: off
VAO = [
    ("Sở Nội vụ hoàn thiện tờ trình, bảo đảm trình HĐND tỉnh vào ngày 18/9.",
     [("vào ngày 18/9", "2024-09-18")], "submitted-on-a-day"),
    ("Phòng Tư pháp nộp báo cáo vào ngày 3/10.", [("vào ngày 3/10", "2024-10-03")], "handed-in-on-a-day"),
    ("Lễ khởi công diễn ra vào ngày 2/9.", [], "event-on-a-day"),
    ("Giám đốc Sở trình bày đề án vào ngày 9/9.", [], "presenting-is-an-event"),
]
# fmt: on


@pytest.mark.parametrize("text, expected, _id", VAO, ids=[c[2] for c in VAO])
def test_vao_ngay_after_a_submitting_verb(text, expected, _id):
    found = extract_deadlines(text, "2024-08-01")
    assert [(d.surface, d.due_on) for d in found] == expected


def test_capitalised_trigger_inside_a_line_opens_a_narrated_sentence():
    # a heading and the next sentence on one line, the full stop lost
    text = "Kết quả công tác tuần 12 của Văn phòng Trong tuần, Văn phòng đã tham mưu 15 văn bản."
    assert extract_deadlines(text, "2024-03-20") == []
