"""Section trees and kinds on layouts other than the seed's."""

from __future__ import annotations

import pytest

from pipeline.extractors.sections import extract_sections, heading_kind, section_at
from pipeline.extractors.sentences import split_sentences

ROMAN = """THÔNG BÁO
Kết luận của Phó Chủ tịch UBND tỉnh

I. ĐÁNH GIÁ CHUNG
1. Kết quả đạt được:
Thu ngân sách tăng 12%.
2. Tồn tại, hạn chế:
a) Giải ngân chậm.
b) Phối hợp giữa các sở chưa chặt chẽ.
II. NHIỆM VỤ THỜI GIAN TỚI
1. Sở Tài chính chủ trì rà soát nguồn vốn.
2. Văn phòng UBND tỉnh theo dõi, đôn đốc.
III. KIẾN NGHỊ, ĐỀ XUẤT
Đề nghị Bộ Tài chính bổ sung vốn.
Nơi nhận:
- Như trên;
- Lưu: VT.
"""

DASHES = """Ngày 05/3/2023, UBND huyện họp giao ban.
Khó khăn, vướng mắc:
- Bồi thường, giải phóng mặt bằng còn chậm.
- Nợ thuế tăng.
Nhiệm vụ trọng tâm tháng 4:
- Phòng Tài chính - Kế hoạch tham mưu phân bổ vốn.
+ Hoàn thành trước ngày 15/4/2023.
- UBND các xã rà soát hồ sơ.
"""

NUMBERED = """1. Về công tác cải cách hành chính
1.1. Những mặt làm được
Chỉ số PCI tăng 5 bậc.
1.2. Hạn chế, yếu kém
(1) Hồ sơ trễ hạn còn nhiều.
(2) Dịch vụ công trực tuyến đạt thấp.
2. Phân công nhiệm vụ
2.1. Sở Nội vụ:
(1) Chủ trì đánh giá chỉ số PAR Index.
2.2. Sở Thông tin và Truyền thông:
(1) Nâng cấp cổng dịch vụ công.
"""

# fmt: off
CASES = [
    (ROMAN, [("I", "other"), ("I.1", "achievements"), ("I.2", "shortcomings"),
             ("I.2.a", "shortcomings"), ("I.2.b", "shortcomings"), ("II", "tasks"),
             ("II.1", "tasks"), ("II.2", "tasks"), ("III", "recommendations"),
             ("Nơi nhận", "distribution")], "roman-numbered-lettered"),
    # unnumbered headings ending with ":" open sections "h1", "h2"; "+" nests under "-"
    (DASHES, [("h1", "shortcomings"), ("h1.-1", "shortcomings"), ("h1.-2", "shortcomings"),
              ("h2", "tasks"), ("h2.-1", "tasks"), ("h2.-1.+1", "tasks"), ("h2.-2", "tasks")],
     "unnumbered-headings-and-bullets"),
    (NUMBERED, [("1", "other"), ("1.1", "achievements"), ("1.2", "shortcomings"),
                ("1.2.(1)", "shortcomings"), ("1.2.(2)", "shortcomings"), ("2", "tasks"),
                ("2.1", "tasks"), ("2.1.(1)", "tasks"), ("2.2", "tasks"),
                ("2.2.(1)", "tasks")], "two-level-numbers-and-parenthesised"),
    # a running item is named by its first words, not by a kind word deep in the sentence
    ("1. Một số tồn tại, hạn chế chủ yếu là giải ngân còn chậm.\n"
     "2. Sở Tài nguyên và Môi trường hướng dẫn các huyện xử lý dứt điểm vướng mắc về đất.\n",
     [("1", "shortcomings"), ("2", "other")], "running-items-named-by-first-words"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected", "case"), CASES, ids=[c[2] for c in CASES])
def test_sections_paths_and_kinds(text, expected, case):
    got = [(s.path, s.kind) for s in extract_sections(text)]
    assert got == expected


def test_sections_spans_nest_and_cover_their_items():
    secs = extract_sections(ROMAN)
    by_path = {s.path: s for s in secs}
    child, parent = by_path["I.2.b"], by_path["I.2"]
    assert parent.start <= child.start < child.end <= parent.end
    assert ROMAN[child.start:child.end].startswith("b) Phối hợp")
    assert section_at(secs, ROMAN.index("chưa chặt chẽ")).path == "I.2.b"


def test_sections_recipients_dashes_are_not_sections():
    paths = [s.path for s in extract_sections(ROMAN)]
    assert paths[-1] == "Nơi nhận" and not any(p.startswith("-") for p in paths)


# fmt: off
KINDS = [
    ("Một số tồn tại - vấn đề nổi lên", "shortcomings"),
    ("Bên cạnh đó vẫn còn một số hạn chế, yếu kém", "shortcomings"),
    ("Khó khăn, vướng mắc", "shortcomings"),
    ("Những kết quả nổi bật", "achievements"),
    ("Nhiệm vụ, giải pháp 6 tháng cuối năm", "tasks"),
    ("Phương hướng thời gian tới", "tasks"),
    ("Về các kiến nghị của địa phương", "recommendations"),
    ("Nơi nhận", "distribution"),
    ("Công tác chỉ đạo, điều hành", "other"),
]
# fmt: on


@pytest.mark.parametrize(("heading", "kind"), KINDS, ids=[k[0][:25] for k in KINDS])
def test_heading_kind(heading, kind):
    assert heading_kind(heading) == kind


# fmt: off
SENTENCES = [
    ("Sở Y tế báo cáo. UBND TP. Rạch Giá thực hiện.", ["Sở Y tế báo cáo.", "UBND TP. Rạch Giá thực hiện."], "abbreviation"),
    ("Thu 3.500 tỷ đồng. Đạt 15.8.2021 kế hoạch", ["Thu 3.500 tỷ đồng.", "Đạt 15.8.2021 kế hoạch"], "numbers"),
    ("Một dòng\nHai dòng", ["Một dòng", "Hai dòng"], "lines"),
    ("Kết luận như sau: (1) Về dịch. (2) Về vốn.", ["Kết luận như sau: (1) Về dịch.", "(2) Về vốn."], "parenthesis"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected", "case"), SENTENCES, ids=[s[2] for s in SENTENCES])
def test_split_sentences(text, expected, case):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_sections_deepest_section_is_the_same_by_index_and_by_scan():
    """Long section lists are searched through an index; it answers as a full scan does."""
    from pipeline.extractors.sections import _scan

    text = "\n".join(
        f"{i}. Nhiệm vụ {i}\na) Việc thứ nhất\n- Sở Y tế báo cáo.\nb) Việc thứ hai"
        for i in range(1, 40)
    )
    sections = extract_sections(text)
    assert len(sections) > 100
    for offset in range(-1, len(text) + 2, 3):
        assert section_at(sections, offset) == _scan(sections, offset)


def test_sections_many_siblings_keep_their_ends():
    text = "\n".join(f"- Việc số {i}." for i in range(3000))
    sections = extract_sections(text)
    assert len(sections) == 3000
    assert all(a.end == b.start for a, b in zip(sections, sections[1:], strict=False))
    assert sections[-1].end == len(text)
