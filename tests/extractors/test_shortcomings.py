"""Shortcoming item detection: structured sections, unlabelled headings, prose."""

from pathlib import Path

import pytest

from pipeline.core.text import normalize
from pipeline.extractors.shortcomings import detect_items, is_shortcoming_sentence
from pipeline.stages.segment import segment_notice

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus/raw/kien-giang/2021-07-07-kiem-diem-6-thang-2021.txt"


def items(text: str) -> list[str]:
    text = normalize(text)
    sections, sentences = segment_notice("t", text, len(text), with_words=False)
    return [i.text for i in detect_items(text, sections, sentences)]


# fmt: off
CASES = [
    # labelled items under a shortcomings heading; label and ** removed
    ("1. Tồn tại, hạn chế\n\n(i) **Giải ngân** còn chậm.\n\n"
     "(ii) Phối hợp thiếu chặt chẽ.\n\n2. Nhiệm vụ thời gian tới\n\n"
     "(1) Sở Tài chính khắc phục tình trạng chậm giải ngân.\n",
     ["Giải ngân còn chậm.", "Phối hợp thiếu chặt chẽ."], "labelled-items"),
    # achievements with the same topic are not items
    ("a) Kết quả đạt được\n\n- Giải ngân đạt 95%, cao hơn cùng kỳ.\n\n"
     "b) Hạn chế, yếu kém\n\n- Bồi thường, giải phóng mặt bằng còn chậm.\n",
     ["Bồi thường, giải phóng mặt bằng còn chậm."], "achievements-apart"),
    # an unlabelled heading opens the part; an upper-case heading closes it
    ("Khó khăn, vướng mắc:\n\n(i) Nợ thuế tăng cao.\n\n(ii) Thu ngân sách đạt thấp.\n\n"
     "B. NHIỆM VỤ, GIẢI PHÁP\n\n1. Cục Thuế tỉnh chủ trì rà soát nợ thuế.\n",
     ["Nợ thuế tăng cao.", "Thu ngân sách đạt thấp."], "unlabelled-heading"),
    # a heading with no labelled items: one item per paragraph
    ("2. Tồn tại, hạn chế\n\nGiải ngân vốn đầu tư công còn chậm.\n\n"
     "Tai nạn giao thông tăng.\n\n3. Nhiệm vụ\n\n- Công an tỉnh tăng cường tuần tra.\n",
     ["Giải ngân vốn đầu tư công còn chậm.", "Tai nạn giao thông tăng."], "paragraphs"),
    # prose: the contrast sentence is an item, the achievement and directive are not
    ("Sáu tháng đầu năm, giải ngân đạt 95%, cao hơn cùng kỳ. Tuy nhiên, bồi thường, "
     "giải phóng mặt bằng còn chậm.\n\nYêu cầu Sở Tài chính khắc phục tình trạng chậm "
     "giải ngân.\n",
     ["Tuy nhiên, bồi thường, giải phóng mặt bằng còn chậm."], "prose-contrast"),
    # prose notice with an announcement: what follows it in the paragraph is items
    ("Tuy nhiên, công tác chỉ đạo vẫn còn những hạn chế cần nghiêm túc rút kinh "
     "nghiệm. "
     "Hồ sơ đất đai tồn đọng nhiều. Tình trạng găm hàng, nâng giá xuất hiện.\n\n"
     "Sở Y tế chủ trì, phối hợp với các huyện kiểm tra.\n",
     ["Hồ sơ đất đai tồn đọng nhiều.", "Tình trạng găm hàng, nâng giá xuất hiện."],
     "prose-announced"),
    # an announcement that lists the shortcomings after its colon, in the same paragraph
    ("1. Năm 2024, công tác cải cách hành chính có chuyển biến.\n\nTuy nhiên, vẫn còn một "
     "số hạn chế: hồ sơ trễ hạn còn nhiều; số hóa kết quả còn chậm.\n\n"
     "2. Sở Nội vụ chủ trì rà soát hồ sơ trễ hạn.\n",
     ["hồ sơ trễ hạn còn nhiều; số hóa kết quả còn chậm."], "announced-inline-list"),
    # numbered paragraphs, no headings: the results paragraph has a cue word and a
    # forecast; the paragraph that announces the shortcomings gives one item per sentence,
    # a fault phrased with "yêu cầu" included
    ("1. Sản lượng chè đạt 21.000 tấn, giá bán thấp hơn cùng kỳ. Mưa lớn được dự báo "
     "xuất hiện vào tháng 9.\n\n2. Bên cạnh kết quả đạt được, công tác chỉ đạo còn một số "
     "tồn tại, hạn chế. Tiêu thụ chè còn chậm. Có nơi yêu cầu thêm giấy tờ ngoài quy "
     "định.\n\n3. Sở Công Thương chủ trì, phối hợp với các huyện xúc tiến tiêu thụ.\n",
     ["Tiêu thụ chè còn chậm.", "Có nơi yêu cầu thêm giấy tờ ngoài quy định."],
     "announcing-paragraph-wins-over-the-results"),
    # directives only: nothing
    ("2. Nhiệm vụ\n\n- Khắc phục tình trạng chậm giải ngân.\n\n"
     "- Đẩy nhanh bồi thường.\n",
     [], "tasks-only"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "expected"), [c[:2] for c in CASES], ids=[c[2] for c in CASES]
)
def test_shortcomings_detect_items(text, expected):
    assert items(text) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Tuy nhiên, giải ngân còn chậm.", True),
        ("Giải ngân đạt 95%, cao hơn cùng kỳ.", False),
        ("Khắc phục tình trạng chậm giải ngân.", False),
        ("Ô nhiễm môi trường chưa được khắc phục.", True),
    ],
)
def test_shortcomings_sentence_detector(sentence, expected):
    assert is_shortcoming_sentence(sentence) is expected


def test_shortcomings_seed_notice_has_seven_items_with_offsets():
    text = normalize(SEED.read_text(encoding="utf-8"))
    sections, sentences = segment_notice("seed", text, len(text), with_words=False)
    found = detect_items(text, sections, sentences)
    assert [i.section for i in found] == [
        f"1.b.({n})" for n in ("i", "ii", "iii", "iv", "v", "vi", "vii")
    ]
    assert found[0].text.startswith(
        "Tính linh hoạt, sáng tạo và chủ động trong chỉ đạo"
    )
    for item in found:
        assert (
            " ".join(text[item.start : item.end].replace("**", "").split()) == item.text
        )


def test_title_naming_a_problem_is_not_an_item():
    """The header block (up to the title) is kind "header": a meeting "về tháo gỡ vướng
    mắc" names its topic, and the shortcomings stated in the body are found instead."""
    text = (
        "VĂN PHÒNG CHÍNH PHỦ\nSố: 12/TB-VPCP\nHà Nội, ngày 3 tháng 4 năm 2024\n\n"
        "THÔNG BÁO\nKết luận của Phó Thủ tướng tại cuộc họp về tháo gỡ vướng mắc "
        "của các dự án điện gió\n\n"
        "Ngày 1 tháng 4 năm 2024, Phó Thủ tướng đã chủ trì cuộc họp.\n\n"
        "1. Thời gian qua, các bộ đã tích cực vào cuộc. Tuy nhiên, việc đàm phán giá "
        "điện còn chậm; hồ sơ pháp lý của một số dự án chưa hoàn thiện.\n\n"
        "2. Bộ Công Thương chủ trì hoàn thành đàm phán giá điện trong tháng 5.\n"
    )
    sections, sentences = segment_notice("x", text, len(text), with_words=False)
    kinds = {s["text"]: s["kind"] for s in sentences}
    assert kinds["THÔNG BÁO"] == "header"
    assert kinds["Ngày 1 tháng 4 năm 2024, Phó Thủ tướng đã chủ trì cuộc họp."] == "other"
    found = [i.text for i in detect_items(text, sections, sentences)]
    assert found == [
        "Tuy nhiên, việc đàm phán giá điện còn chậm; hồ sơ pháp lý của một số dự án "
        "chưa hoàn thiện."
    ]
