"""Sentence spans: breaks, abbreviations, labels, and the cut of over-long sentences."""

from __future__ import annotations

import pytest

from pipeline.extractors.sentences import (
    long_sentence_warnings,
    max_chars,
    split_sentences,
)

# fmt: off
CASES = [
    ("UBND TP. Rạch Giá họp. Sở Y tế báo cáo.\nHai",
     ["UBND TP. Rạch Giá họp.", "Sở Y tế báo cáo.", "Hai"], "abbreviation-and-line"),
    ("2.1. Sở Tài chính rà soát. Xong.", ["2.1. Sở Tài chính rà soát.", "Xong."], "label-is-no-sentence"),
    ("(1). Về y tế. Tiếp tục.", ["(1). Về y tế.", "Tiếp tục."], "paren-label"),
    ("Ông Nguyễn Văn A. Phó Giám đốc dự.", ["Ông Nguyễn Văn A. Phó Giám đốc dự."], "initial"),
    ("   \n\n", [], "blank"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "expected"), [c[:2] for c in CASES], ids=[c[2] for c in CASES]
)
def test_sentences_cases(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_sentences_long_line_is_cut_at_spaces_with_a_warning():
    text = "Sở Y tế phối hợp triển khai kế hoạch tiêm chủng, " * 2000
    spans = split_sentences(text)
    assert len(spans) > 1
    assert all(0 < e - s <= max_chars() for s, e in spans)
    assert all(text[s:e] == text[s:e].strip() for s, e in spans)
    assert all(text[s - 1] == " " for s, _ in spans[1:])  # cut at a space
    (warning,) = long_sentence_warnings(text)
    assert f"longer than {max_chars()}" in warning


def test_sentences_real_length_has_no_warning():
    assert long_sentence_warnings("Sở Y tế báo cáo. " * 30) == []
