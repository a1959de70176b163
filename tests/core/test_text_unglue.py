"""The space a web page's markup dropped before a cue phrase is put back at normalisation
(lexicons/glued_words.yaml). Sentences written for these tests."""

from __future__ import annotations

import pytest

from pipeline.core.text import normalize, unglue

# fmt: off
CASES = [
    ("Giao Sở Công Thươngchủ trì, phối hợp với Sở Tài chính.",
     "Giao Sở Công Thương chủ trì, phối hợp với Sở Tài chính.", "lead-cue-glued"),
    ("Sở Y tế chủ trì, Công an tỉnhphối hợp kiểm tra.",
     "Sở Y tế chủ trì, Công an tỉnh phối hợp kiểm tra.", "coordinate-cue-glued"),
    ("Văn phòng UBND tỉnhtham mưu văn bản.", "Văn phòng UBND tỉnh tham mưu văn bản.", "advise-cue-glued"),
    ("Sở Nội vụ chủ trì, phối hợp.", "Sở Nội vụ chủ trì, phối hợp.", "spaced-text-unchanged"),
    ("Mục 3chủ trì", "Mục 3chủ trì", "a-digit-before-is-no-word"),
    # a deadline marker glued to its date stays as printed (read by the deadline patterns)
    ("báo cáo trướcngày 20/11", "báo cáo trướcngày 20/11", "deadline-marker-left-alone"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), [c[:2] for c in CASES], ids=[c[2] for c in CASES])
def test_unglue(text, expected):
    assert unglue(text) == expected


def test_normalize_unglues_after_tone_marks():
    assert normalize("Sở Giáo dục và Đào tạochủ trì, phối hợp với Uỷ ban") == (
        "Sở Giáo dục và Đào tạo chủ trì, phối hợp với Ủy ban"
    )


def test_unit_word_glued_to_a_committee_name():
    assert unglue("Ủy ban nhân dântỉnh giao Sở Y tế") == "Ủy ban nhân dân tỉnh giao Sở Y tế"


def test_recipients_glued_to_the_end_mark_start_a_line():
    text = "Văn phòng thông báo để các sở biết, thực hiện./.Nơi nhận:\n- Như trên;"
    assert unglue(text) == "Văn phòng thông báo để các sở biết, thực hiện./.\nNơi nhận:\n- Như trên;"
    assert unglue("thực hiện./.\nNơi nhận:") == "thực hiện./.\nNơi nhận:"


# fmt: off
CAMEL = [
    ("Phó Thủ tướngHoàng Minh Tuấn", "Phó Thủ tướng Hoàng Minh Tuấn", "title-glued-to-name"),
    ("PHÓ CHỦ NHIỆMNguyễn Văn Định", "PHÓ CHỦ NHIỆM Nguyễn Văn Định", "capitals-glued-to-name"),
    ("theo phản ánh của BáoThanh Niên", "theo phản ánh của Báo Thanh Niên", "head-glued-to-name"),
    ("xe VinFast và máy iPhone", "xe VinFast và máy iPhone", "ascii-brands-unchanged"),
    ("Tờ trình số 8/TTr-UBND và 3-QĐi/TU", "Tờ trình số 8/TTr-UBND và 3-QĐi/TU", "codes-unchanged"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), [c[:2] for c in CAMEL], ids=[c[2] for c in CAMEL])
def test_normalize_splits_words_glued_to_a_capitalised_word(text, expected):
    assert normalize(text) == expected
