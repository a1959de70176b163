"""The evaluate stage's scoring: what counts as a hit, a miss, a false hit, and what an
annotation's `_ambiguous` entries take out of the count."""

from __future__ import annotations

from pipeline.stages.evaluate import score

_EMPTY = {
    "notice": {},
    "agencies": [],
    "people": [],
    "legal_refs": [],
    "deadlines": [],
    "tasks": [],
    "shortcomings": [],
    "targets": [],
    "attendance": {"absent": [], "delegated": []},
}


def _pred(**fields) -> dict:
    """A CONTRACT object with only the fields a test sets."""
    return _EMPTY | fields


def _gold(**fields) -> dict:
    """An annotation with only the fields a test sets."""
    return _EMPTY | {"file": "corpus/raw/x/notice.txt"} | fields


def _target(value, unit):
    return {"text": "", "indicator": None, "value": value, "unit": unit}


def test_targets_match_on_value_and_unit_with_or_without_the_noun():
    pred = _pred(
        targets=[_target(2.4, "triệu lượt"), _target(7.1, "%"), _target(5.0, "bậc")]
    )
    gold = _gold(targets=[_target(2.4, "triệu lượt khách"), _target(7.1, "%")])
    metrics, errors = score([(pred, gold)])
    assert (
        metrics["targets"]["tp"],
        metrics["targets"]["fp"],
        metrics["targets"]["fn"],
    ) == (2, 1, 0)
    assert [e["value"] for e in errors if e["field"] == "targets"] == ["(5.0, 'bậc')"]


def test_an_ambiguous_target_is_neither_rewarded_nor_penalised():
    ambiguous = {
        "targets": [{"text": "tổng mức đầu tư 2.283 tỷ đồng", "reason": "one project"}]
    }
    gold = _gold(targets=[_target(6.5, "%")], _ambiguous=ambiguous)
    with_it = _pred(targets=[_target(6.5, "%"), _target(2283.0, "tỷ đồng")])
    without = _pred(targets=[_target(6.5, "%")])
    for pred in (with_it, without):
        metrics, errors = score([(pred, gold)])
        assert (metrics["targets"]["tp"], metrics["targets"]["fp"]) == (1, 0)
        assert not [e for e in errors if e["field"] == "targets"]


def test_an_ambiguous_text_does_not_excuse_another_unit_or_value():
    ambiguous = {
        "targets": [{"text": "tổng mức đầu tư 2.283 tỷ đồng", "reason": "one project"}]
    }
    gold = _gold(_ambiguous=ambiguous)
    pred = _pred(targets=[_target(2283.0, "ha"), _target(2.283, "tỷ đồng")])
    metrics, _ = score([(pred, gold)])
    assert metrics["targets"]["fp"] == 2


def test_ambiguous_agencies_and_deadlines_are_ignored():
    gold = _gold(
        agencies=["Sở Y tế"],
        deadlines=[
            {"text": "trước ngày 15/8/2024", "date": "2024-08-15", "recurrence": None}
        ],
        _ambiguous={
            "agencies": ["Thường trực Tỉnh ủy"],
            "deadlines": [{"text": "đến ngày 30/6", "reason": "status date"}],
        },
    )
    pred = _pred(
        agencies=[{"name": "Sở Y tế"}, {"name": "Thường trực Tỉnh ủy"}],
        deadlines=[
            {"text": "trước ngày 15/8/2024", "date": "2024-08-15"},
            {"text": "đến ngày 30/6", "date": "2024-06-30"},
        ],
    )
    metrics, _ = score([(pred, gold)])
    assert metrics["agencies"]["f1"] == 1.0
    assert metrics["deadlines"]["f1"] == 1.0


def test_attendance_who_ignores_word_order_and_abbreviation():
    gold = _gold(
        attendance={
            "absent": [
                {"who": "Phó Chủ tịch UBND huyện Phạm Quốc Hưng", "reason": None}
            ],
            "delegated": [],
        }
    )
    pred = _pred(
        attendance={
            "absent": [
                {
                    "who": "Phạm Quốc Hưng, Phó Chủ tịch Ủy ban nhân dân huyện",
                    "reason": "đi công tác",
                }
            ],
            "delegated": [],
        }
    )
    metrics, _ = score([(pred, gold)])
    assert metrics["attendance"]["f1"] == 1.0


def test_a_standing_duty_matches_with_or_without_dinh_ky():
    gold = _gold(deadlines=[{"text": "hằng quý", "date": None, "recurrence": "quarterly"}])
    pred = _pred(deadlines=[{"text": "định kỳ hằng quý", "date": None}])
    metrics, _ = score([(pred, gold)])
    assert metrics["deadlines"]["f1"] == 1.0
    other = _pred(deadlines=[{"text": "định kỳ 6 tháng", "date": None}])
    assert score([(other, gold)])[0]["deadlines"]["f1"] == 0.0


def test_a_deadline_matches_with_or_without_xong():
    gold = _gold(deadlines=[{"text": "trước ngày 15/02/2024", "date": "2024-02-15",
                             "recurrence": None}])
    pred = _pred(deadlines=[{"text": "xong trước ngày 15/02/2024", "date": "2024-02-15"}])
    assert score([(pred, gold)])[0]["deadlines"]["f1"] == 1.0


def test_attendance_who_with_or_without_an_envoy_word():
    gold = _gold(attendance={"absent": [{"who": "lãnh đạo Ủy ban nhân dân tỉnh Bạc Liêu",
                                         "reason": None}], "delegated": []})
    pred = _pred(attendance={"absent": [{"who": "Ủy ban nhân dân tỉnh Bạc Liêu",
                                         "reason": None}], "delegated": []})
    assert score([(pred, gold)])[0]["attendance"]["f1"] == 1.0


def test_a_notice_field_the_annotation_accepts_two_ways():
    ambiguous = {"notice": [{"field": "issuer", "accept": ["Văn phòng Bộ Y tế", "Bộ Y tế"],
                             "reason": "code of the ministry, signed by its office"}]}
    gold = _gold(notice={"issuer": "Văn phòng Bộ Y tế"}, _ambiguous=ambiguous)
    pred = _pred(notice={"issuer": "Bộ Y tế"})
    assert score([(pred, gold)])[0]["notice_fields_accuracy"]["issuer"] == 1.0
    other = _pred(notice={"issuer": "Bộ Tài chính"})
    assert score([(other, gold)])[0]["notice_fields_accuracy"]["issuer"] == 0.0


def test_an_ambiguous_task_with_only_a_note_excuses_nothing():
    gold = _gold(tasks=[], _ambiguous={"tasks": [{"text": "Sở Y tế: ...", "reason": "one or two"}]})
    pred = _pred(tasks=[{"assignees": [{"agency": "Sở Y tế", "role": "lead"}]}])
    metrics, _ = score([(pred, gold)])
    assert metrics["tasks"]["fp"] == 1
