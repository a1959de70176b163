"""Notices issued after the 1 July 2025 reorganisation (issue 17, item 2): merged
provinces, departments as they stand after 1 March 2025, communes and wards directly under
the province, former names in brackets. The issuer's own province is dropped from canonical
names by the name it has on the notice's date. Sentences written for this test."""

from __future__ import annotations

import pytest

from pipeline.core.text import doc_hash
from pipeline.extractors.header import extract_header
from pipeline.notice import process
from pipeline.readers import repair

AN_GIANG_2026 = (
    "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\n\nSố: 15/TB-UBND\n\n"
    "An Giang, ngày 20 tháng 01 năm 2026\n\nTHÔNG BÁO\n"
    "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp về chuyển giao hồ sơ đất đai\n\n"
    "Ngày 15/01/2026, Chủ tịch Ủy ban nhân dân tỉnh chủ trì cuộc họp. Dự họp có lãnh đạo "
    "Sở Tài chính tỉnh An Giang, Sở Nông nghiệp và Môi trường, Ủy ban nhân dân phường Rạch "
    "Giá, Ủy ban nhân dân đặc khu Phú Quốc.\n\n"
    "Chủ tịch Ủy ban nhân dân tỉnh kết luận:\n\n"
    "1. Giao Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Ủy ban nhân dân phường Rạch "
    "Giá (trước đây là thành phố Rạch Giá) hoàn thành việc chuyển giao hồ sơ đất đai trước "
    "ngày 31/3/2026.\n"
    "2. Giao Sở Tài chính tham mưu bố trí kinh phí cho Ủy ban nhân dân xã Tân Hiệp trong "
    "quý I/2026.\n"
)
KIEN_GIANG_2024 = (
    "ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG\n\nSố: 88/TB-VP\n\n"
    "Kiên Giang, ngày 10 tháng 5 năm 2024\n\nTHÔNG BÁO\n"
    "Kết luận của Phó Chủ tịch Ủy ban nhân dân tỉnh\n\n"
    "Ngày 08/5/2024, Phó Chủ tịch Ủy ban nhân dân tỉnh chủ trì cuộc họp.\n\n"
    "Phó Chủ tịch Ủy ban nhân dân tỉnh kết luận:\n\n"
    "1. Giao Sở Kế hoạch và Đầu tư tỉnh Kiên Giang chủ trì, phối hợp với Sở Tài chính tỉnh "
    "An Giang trao đổi kinh nghiệm về đầu tư công trước ngày 30/6/2024.\n"
)


def contract_of(text: str) -> dict:
    text, body_end = repair(text).text, repair(text).body_end
    head = extract_header(text, body_end)
    doc = {"doc_id": doc_hash(text), "source": "test.txt", "text": text,
           "body_end": body_end, "footnotes": "[]", "warnings": "[]", **vars(head)}
    return process(doc)


@pytest.fixture(scope="module")
def an_giang():
    return contract_of(AN_GIANG_2026)


def test_a_merged_province_drops_its_own_name_on_the_notice_date(an_giang):
    names = [a["name"] for a in an_giang["agencies"]]
    assert "Sở Tài chính" in names and "Sở Tài chính tỉnh An Giang" not in names
    assert {"Ủy ban nhân dân phường Rạch Giá", "Ủy ban nhân dân đặc khu Phú Quốc",
            "Ủy ban nhân dân xã Tân Hiệp", "Sở Nông nghiệp và Môi trường"} <= set(names)


def test_a_former_name_in_brackets_is_no_second_body(an_giang):
    names = [a["name"] for a in an_giang["agencies"]]
    assert not any("thành phố Rạch Giá" in n for n in names)


def test_tasks_go_to_the_new_departments_and_wards(an_giang):
    tasks = [
        (sorted((x["agency"], x["role"]) for x in t["assignees"]), t["deadline"])
        for t in an_giang["tasks"]
    ]
    assert tasks == [
        ([("Sở Nông nghiệp và Môi trường", "lead"),
          ("Ủy ban nhân dân phường Rạch Giá", "coordinate")], "2026-03-31"),
        ([("Sở Tài chính", "advise")], "2026-03-31"),
    ]


def test_before_the_merger_the_other_province_keeps_its_name():
    names = [a["name"] for a in contract_of(KIEN_GIANG_2024)["agencies"]]
    assert "Sở Kế hoạch và Đầu tư" in names  # the issuer's own province, dropped
    assert "Sở Tài chính tỉnh An Giang" in names  # another province in 2024


COMMUNE_2025 = (
    "ỦY BAN NHÂN DÂN\nXÃ TÂN HIỆP\n\nSố: 21/TB-UBND\n\n"
    "Tân Hiệp, ngày 05 tháng 9 năm 2025\n\nTHÔNG BÁO\n"
    "Kết luận của Chủ tịch Ủy ban nhân dân xã tại cuộc họp giao ban tháng 8\n\n"
    "Chủ tịch Ủy ban nhân dân xã kết luận:\n\n"
    "1. Giao Phòng Kinh tế chủ trì rà soát hồ sơ đất đai, báo cáo trước ngày 30/9/2025.\n"
)


@pytest.mark.parametrize(
    ("header", "issuer", "place"),
    [
        ("ỦY BAN NHÂN DÂN\nXÃ TÂN HIỆP", "Ủy ban nhân dân xã", "Tân Hiệp"),
        ("ỦY BAN NHÂN DÂN\nPHƯỜNG RẠCH GIÁ", "Ủy ban nhân dân phường", "Rạch Giá"),
        ("ỦY BAN NHÂN DÂN\nĐẶC KHU PHÚ QUỐC", "Ủy ban nhân dân đặc khu", "Phú Quốc"),
    ],
)
def test_a_commune_or_ward_issues_its_own_notice(header, issuer, place):
    text = repair(COMMUNE_2025.replace("ỦY BAN NHÂN DÂN\nXÃ TÂN HIỆP", header))
    head = extract_header(text.text, text.body_end)
    assert (head.issuer, head.jurisdiction) == (issuer, place)
    assert contract_of(text.text)["notice"]["issuer"] == issuer
