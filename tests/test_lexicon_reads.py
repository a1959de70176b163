"""The extractors read each lexicon file once per process, never per notice (issue 18:
one lexicon parsed again for every notice once tripled the extract stage's time).
Notices written for this test."""

from __future__ import annotations

import builtins
import io

from pipeline.core.text import doc_hash
from pipeline.extractors.header import extract_header
from pipeline.lexicons import path as lexicon_path
from pipeline.notice import process
from pipeline.readers import repair

NOTICES = [
    "ỦY BAN NHÂN DÂN\nTỈNH HÀ NAM\n\nSố: 41/TB-UBND\n\nHà Nam, ngày 3 tháng 4 năm 2024\n\n"
    "THÔNG BÁO\nKết luận của Chủ tịch Ủy ban nhân dân tỉnh\n\n"
    "Chủ tịch Ủy ban nhân dân tỉnh kết luận:\n\n"
    "1. Huyện ủy, Ủy ban nhân dân huyện Kim Bảng rà soát quỹ đất tái định cư.\n"
    "2. Giao Sở Tài chính (STC) chủ trì, phối hợp với Sở Xây dựng báo cáo trước ngày "
    "30/5/2024.\n",
    "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\n\nSố: 7/TB-VP\n\nCần Thơ, ngày 9 tháng 9 năm 2025\n\n"
    "THÔNG BÁO\nÝ kiến chỉ đạo của Phó Chủ tịch Ủy ban nhân dân thành phố\n\n"
    "Ông Trần Văn Lâm, Phó Chủ tịch, giao Sở Nông nghiệp và Môi trường kiểm tra đê bao; "
    "Đảng ủy Công an thành phố chỉ đạo lực lượng hỗ trợ. Đồng thời, Sở này báo cáo "
    "hằng tháng.\n",
]


def _process(text: str) -> dict:
    fixed = repair(text)
    head = extract_header(fixed.text, fixed.body_end)
    doc = {"doc_id": doc_hash(fixed.text), "source": "t.txt", "text": fixed.text,
           "body_end": fixed.body_end, "footnotes": "[]", "warnings": "[]", **vars(head)}
    return process(doc)


def test_a_notice_reads_no_lexicon_file_once_the_process_is_warm(monkeypatch):
    first = [_process(t) for t in NOTICES]  # loads what the extractors cache
    folder = str(lexicon_path("agency_cues.yaml").parent)
    read: list[str] = []
    real_open = builtins.open

    def spy(file, *args, **kwargs):
        if str(file).startswith(folder):
            read.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)
    again = [_process(t) for t in NOTICES]
    assert read == []
    assert again == first
    assert any(a["name"] == "Sở Tài chính" for a in first[0]["agencies"])
