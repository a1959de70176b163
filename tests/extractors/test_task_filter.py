"""The learned task filter: it only drops pairs, the switch off gives the rules' output,
the committed model loads the same way every time. Sentences are the tests' own."""

from __future__ import annotations

import pytest

from pipeline.extractors import task_filter
from pipeline.extractors.agencies import extract_agencies
from pipeline.extractors.deadlines import extract_deadlines
from pipeline.extractors.legal_refs import extract_legal_refs
from pipeline.extractors.sections import extract_sections
from pipeline.extractors.tasks import extract_tasks

needs_model = pytest.mark.skipif(
    not task_filter.MODEL_FILE.is_file(), reason="no models/task_filter/model.joblib"
)

NARRATED = (  # a body that reported at the meeting, in a news page's narration
    "Tin hoạt động\n"
    "Phòng Tài chính - Kế hoạch báo cáo kết quả thu ngân sách quý I; tiếp đó, Phòng Nội vụ "
    "báo cáo công tác cán bộ.\n"
)
DIRECTIVE = (
    "THÔNG BÁO\nÝ kiến chỉ đạo về đo đạc địa chính năm 2024\n"
    "Chủ tịch UBND tỉnh kết luận như sau:\n"
    "1. Nhiệm vụ thời gian tới\n"
    "a) Giao Sở Tài chính làm đầu mối, phối hợp cùng Sở Nội vụ soát xét dự toán kinh phí đo "
    "đạc, xong trước ngày 30/6/2024.\n"
    "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n"
)


def parts(text: str):
    sections, agencies = extract_sections(text), extract_agencies(text, "Bắc Giang")
    tasks = extract_tasks(
        text,
        sections,
        agencies,
        extract_deadlines(text, "2024-05-01"),
        extract_legal_refs(text, []),
    )
    return tasks, sections, agencies


def pairs(tasks) -> set[tuple[str, str]]:
    return {(a.agency, a.role) for t in tasks for a in t.assignees}


@needs_model
def test_narrated_past_action_is_dropped():
    tasks, sections, agencies = parts(NARRATED)
    assert ("Phòng Tài chính - Kế hoạch", "implement") in pairs(
        tasks
    )  # the rules' false hit
    kept = task_filter.keep(tasks, NARRATED, sections, agencies)
    assert ("Phòng Tài chính - Kế hoạch", "implement") not in pairs(kept)


@needs_model
def test_numbered_directive_is_kept():
    tasks, sections, agencies = parts(DIRECTIVE)
    assert pairs(tasks) == {("Sở Tài chính", "lead"), ("Sở Nội vụ", "coordinate")}
    assert task_filter.keep(tasks, DIRECTIVE, sections, agencies) == tasks


@needs_model
def test_filter_only_drops():
    for text in (NARRATED, DIRECTIVE):
        tasks, sections, agencies = parts(text)
        assert pairs(
            task_filter.keep(tasks, text, sections, agencies, threshold=0.0)
        ) == pairs(tasks)
        assert pairs(task_filter.keep(tasks, text, sections, agencies)) <= pairs(tasks)
        assert task_filter.keep(tasks, text, sections, agencies, threshold=1.01) == []


def test_switch_off_gives_the_rules_output(monkeypatch):
    from pipeline.stages import tasks as stage
    from pipeline.stages.extract import extract_all
    from pipeline.stages.segment import segment_notice

    doc = {
        "doc_id": "t",
        "text": NARRATED + DIRECTIVE,
        "body_end": len(NARRATED + DIRECTIVE),
        "jurisdiction": "Bắc Giang",
        "issued_on": "2024-05-01",
        "meeting_date": None,
        "footnotes": "[]",
    }
    sections, _ = segment_notice("t", doc["text"], doc["body_end"], with_words=False)
    found = extract_all(doc, sections)
    rules = extract_tasks(
        doc["text"],
        stage._sections(sections),
        found["agencies"],
        found["deadlines"],
        found["legal_refs"],
        doc["body_end"],
    )
    monkeypatch.setattr(stage, "filter_on", lambda: False)
    assert stage._tasks(doc, sections, found) == rules


def test_without_a_model_tasks_pass_unchanged(tmp_path, monkeypatch, caplog):
    tasks, sections, agencies = parts(NARRATED)
    assert task_filter.load(str(tmp_path / "none.joblib")) is None
    assert "no model" in caplog.text
    monkeypatch.setattr(task_filter, "load", lambda path=None: None)
    assert task_filter.keep(tasks, NARRATED, sections, agencies) == tasks


@needs_model
def test_loading_is_deterministic():
    tasks, sections, agencies = parts(NARRATED + DIRECTIVE)
    first = task_filter.scores(
        tasks, NARRATED + DIRECTIVE, sections, agencies, task_filter.load()
    )
    task_filter.load.cache_clear()
    again = task_filter.scores(
        tasks, NARRATED + DIRECTIVE, sections, agencies, task_filter.load()
    )
    assert first == again
    assert task_filter.load() is task_filter.load()  # loaded once


def test_mode_of():
    assert task_filter.mode_of(False) == "off" and task_filter.mode_of(True) == "on"
    assert task_filter.mode_of("ON") == "on"
    with pytest.raises(ValueError):
        task_filter.mode_of("maybe")


@needs_model
def test_scores_are_the_classifiers_probabilities():
    text = NARRATED + DIRECTIVE
    tasks, sections, agencies = parts(text)
    model = task_filter.load()
    cands = task_filter.candidates(tasks, text, sections, agencies)
    x = task_filter.hasher().transform([f for _, _, f in cands])
    expected = model["classifier"].predict_proba(x)[:, 1]
    got = [p for _, _, p in task_filter.scores(tasks, text, sections, agencies, model)]
    assert got == pytest.approx(list(expected), abs=1e-12)
