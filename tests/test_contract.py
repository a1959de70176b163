"""The CONTRACT object: strict JSON whatever the notice holds (no NaN, no infinity)."""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest

from pipeline.contract import build, strict
from pipeline.core.text import doc_hash
from pipeline.extractors.header import extract_header
from pipeline.notice import process
from pipeline.readers import repair

HEADER = (
    "ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG\n\nSố: 12/TB-VP\n\n"
    "Kiên Giang, ngày {issued}\n\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n\n"
    "Ngày 07 tháng 7 năm 2021, Chủ tịch UBND tỉnh chủ trì cuộc họp.\n\n"
    "Chủ tịch UBND tỉnh kết luận như sau:\n\n"
)


def ingested(body: str, issued: str = "12 tháng 7 năm 2021", raw=False) -> dict:
    """A documents row for a notice with ``body``, as ingest builds it (``raw``: the
    text as given, not repaired, for what the readers themselves refuse)."""
    text = HEADER.format(issued=issued) + body
    text, body_end = (
        (text, len(text)) if raw else (repair(text).text, repair(text).body_end)
    )
    head = extract_header(text, body_end)
    return {
        "doc_id": doc_hash(text),
        "source": "test.txt",
        "text": text,
        "body_end": body_end,
        "footnotes": "[]",
        "warnings": "[]",
        **vars(head),
    }


def strict_json(obj) -> dict:
    """``obj`` through strict JSON (fails on NaN or infinity) and back."""
    return json.loads(json.dumps(obj, allow_nan=False, ensure_ascii=False))


# fmt: off
STRICT = [
    (float("nan"), None, "nan"),
    (float("inf"), None, "infinity"),
    ({"value": -math.inf, "ok": 6.01}, {"value": None, "ok": 6.01}, "nested"),
    ((1, dt.date(2021, 7, 31)), [1, "2021-07-31"], "tuple-and-date"),
    ({"a": [True, None, "x"]}, {"a": [True, None, "x"]}, "plain-json-unchanged"),
]
# fmt: on


@pytest.mark.parametrize(
    ("value", "expected"), [c[:2] for c in STRICT], ids=[c[2] for c in STRICT]
)
def test_contract_strict_values(value, expected):
    assert strict(value) == expected


def test_contract_build_is_strict_json_with_non_finite_facts():
    doc = ingested("1. Sở Y tế báo cáo.")
    doc["title"] = float("nan")  # a missing value as pandas reads it
    facts = {"targets": [{"text": "x", "indicator": None, "value": math.inf}]}
    out = strict_json(build(doc, [], facts))
    assert out["targets"][0]["value"] is None
    assert out["notice"]["title"] is None


def test_contract_old_documents_row_with_year_9999_has_no_date():
    doc = ingested("1. Sở Y tế báo cáo.")
    doc["issued_on"] = "9999-12-31"
    assert build(doc, [])["notice"]["date"] is None


OUT = "date out of range (1945-2100)"

# fmt: off
MALFORMED = [
    # (body, issue date, a warning that must be there (or None), id)
    ("1. Sở Y tế hoàn thành trong vòng 15 ngày.", "31 tháng 12 năm 9999",
     f"issue date: {OUT}: 31/12/9999", "notice-of-9999-relative-deadline"),
    ("1. Sở Y tế hoàn thành trong vòng 15 ngày.", "31 tháng 12 năm 10000",
     f"issue date: {OUT}: 31/12/10000", "notice-of-10000"),
    ("1. Sở Y tế báo cáo trước ngày 31 tháng 12 năm 9999.", "12 tháng 7 năm 2021",
     f"{OUT}: ngày 31 tháng 12 năm 9999", "deadline-of-9999"),
    ("1. Sở Y tế trình trong 30 ngày làm việc.", "25 tháng 12 năm 2100",
     f"{OUT}: 30 ngày làm việc", "working-days-past-2100"),
    ("1. Doanh thu đạt " + "9" * 400 + " tỷ đồng, tăng " + "9" * 400 + ",5%.", "12 tháng 7 năm 2021",
     None, "400-digit-figures"),
    ("1. Sở Y tế" + "\u200b\u0007\x00\ufeff" * 500 + " báo cáo.", "12 tháng 7 năm 2021",
     None, "control-and-zero-width"),
    ("1. Sở Y" + "\u0301\u0323" * 5000 + " tế báo cáo.", "12 tháng 7 năm 2021", None, "combining-flood"),
    (".".join(["1"] * 3000) + ". Sở Y tế báo cáo.", "12 tháng 7 năm 2021", None, "deep-numbering"),
    ("1. Thực hiện Nghị quyết số " + "9" * 5000 + "/NQ-CP ngày 01/7/2021.", "12 tháng 7 năm 2021",
     None, "giant-legal-id"),
    # (repair refuses such a run: the text goes in as written)
    ("1. Sở Y tế báo cáo" + "⁹" * 5000 + " theo Nghị quyết số 63/NQ-CP" + "⁹" * 5000
     + ".\n\n" + "⁹" * 5000 + " Ghi chú.", "12 tháng 7 năm 2021",
     None, "superscript-flood"),
    ("1. Vắng: Giám đốc Sở Nội vụ (ốm);; Giám đốc Sở Xây dựng (đi công tác).",
     "12 tháng 7 năm 2021", None, "empty-attendance-item"),
    ("1. Sở Y tế phối hợp triển khai kế hoạch, " + "tổng hợp kết quả, " * 200, "12 tháng 7 năm 2021",
     "sentence(s) longer than 2000 characters were cut", "one-long-line"),
]
# fmt: on


@pytest.mark.parametrize(
    ("body", "issued", "warning"),
    [c[:3] for c in MALFORMED],
    ids=[c[3] for c in MALFORMED],
)
def test_contract_malformed_notice_is_strict_json_with_its_warning(
    body, issued, warning
):
    out = strict_json(process(ingested(body, issued, raw="⁹" * 5000 in body)))
    assert (
        out["notice"]["date"] is None or "1945" <= out["notice"]["date"] <= "2100-12-31"
    )
    assert all(d["date"] is None or d["date"] <= "2100-12-31" for d in out["deadlines"])
    assert all(abs(t["value"]) < 1e31 for t in out["targets"] if t["value"] is not None)
    if warning:
        assert any(warning in w for w in out["warnings"]), out["warnings"]
