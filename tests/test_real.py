"""The real-text set: the committed manifest keeps its schema and its spread, and the
scorer scores the texts present, lists the missing ones and flags changed ones (on a text
written for this test, not a real one)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import real
from pipeline.cli import app

FIXTURE = Path(__file__).parent / "fixtures" / "real"


def test_committed_manifest_is_valid_and_wide():
    items = real.load()
    s = real.spread(items)
    assert s["items"] >= 60
    assert s["homes"] >= 20
    bodies = s["issuing_bodies"]
    assert bodies["government office"] >= 1 and bodies["ministry"] >= 3
    assert bodies["party"] >= 4 and bodies["district or commune"] >= 1
    assert s["issuer_kinds"]["newspaper"] >= 4
    assert min(s["years"]) <= 2016 and max(s["years"]) >= 2025 and s["post_reform"] >= 3
    assert s["batches"][max(s["batches"])] >= 15  # the held-out batch


def test_manifest_carries_no_text():
    """Annotations copy short spans only: no field of a line is long enough to republish."""
    for line in real.MANIFEST.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for key, value in row.items():
            if key == "url":  # an address, however long a portal makes it
                assert value.startswith(("http://", "https://")) and " " not in value
            elif key != "gold":
                assert len(str(value)) <= 400, key
        assert row["gold"] == real.redact(row["gold"])  # no copied clause in _ambiguous
        assert not any(real.QUOTED.search(n) for n in row["gold"].get("_notes", []))
        assert not real.check_row(row)


def test_unquote_cuts_quoted_passages_only():
    note = 'Year from the dateline; "một câu dài được chép nguyên văn từ trang báo" is cut, "ngắn" is kept.'
    assert real.unquote(note) == 'Year from the dateline; “…” is cut, "ngắn" is kept.'


@pytest.mark.parametrize(
    "name, home, expected",
    [
        ("Ủy ban nhân dân tỉnh Quảng Ninh", "Quảng Ninh", "Ủy ban nhân dân"),
        ("Ủy ban nhân dân tỉnh", "Quảng Ninh", "Ủy ban nhân dân"),
        ("Sở Y tế tỉnh Quảng Ninh", "Quảng Ninh", "Sở Y tế"),
        ("Ủy ban nhân dân thành phố Hải Phòng", "Hải Phòng", "Ủy ban nhân dân"),
        ("Ủy ban nhân dân tỉnh Lạng Sơn", "Quảng Ninh", "Ủy ban nhân dân tỉnh Lạng Sơn"),
        ("Ủy ban nhân dân huyện Tiên Yên", "Quảng Ninh", "Ủy ban nhân dân huyện Tiên Yên"),
        ("Bộ Xây dựng", None, "Bộ Xây dựng"),
    ],
)
def test_drop_home(name, home, expected):
    assert real.drop_home(name, home) == expected


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"date": "12/3/2024"}, "not ISO"),
        ({"post_reform": True}, "post_reform"),
        ({"issuer_kind": "blog"}, "issuer_kind"),
        ({"sha256": "abc"}, "sha256"),
    ],
)
def test_check_row_names_the_problem(change, problem):
    row = json.loads((FIXTURE / "manifest.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert real.check_row(row) == []
    assert problem in " ".join(real.check_row({**row, **change}))


def test_check_row_rejects_an_ambiguous_reference_that_is_not_an_object():
    """The scorer reads ``_ambiguous.legal_refs`` entries as {"id", "reason"}: a bare string
    (as one annotator wrote it) is named when the batch is added, not a crash when scored."""
    row = json.loads((FIXTURE / "manifest.jsonl").read_text(encoding="utf-8").splitlines()[0])
    row["gold"]["_ambiguous"] = {"legal_refs": ["12/CĐ-UBND"]}
    assert real.check_row(row) == ["_ambiguous.legal_refs entry is not an object with 'id'"]
    row["gold"]["_ambiguous"] = {"legal_refs": [{"id": "12/CĐ-UBND", "reason": "own number"}]}
    assert real.check_row(row) == []


def test_check_row_rejects_an_assignee_not_listed():
    row = json.loads((FIXTURE / "manifest.jsonl").read_text(encoding="utf-8").splitlines()[0])
    row["gold"]["tasks"][0]["assignees"][0]["agency"] = "Sở Xây dựng"
    assert "not among the agencies" in " ".join(real.check_row(row))


def test_score_real_scores_present_texts_and_lists_missing(tmp_path):
    folder = tmp_path / "real"
    shutil.copytree(FIXTURE / "texts", folder / "texts")
    result = CliRunner().invoke(
        app,
        ["score-real", "--manifest", str(FIXTURE / "manifest.jsonl"), "--dir", str(folder),
         "--json", str(tmp_path / "m.json"), "--errors", str(tmp_path / "e.csv")],
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert list(metrics) == ["1", "all"]
    # the report names the district, the two departments and the province's committee
    assert metrics["1"]["agencies"]["f1"] == 1.0
    assert metrics["1"]["tasks"]["tp"] == 3
    assert metrics["1"]["deadlines"]["f1"] == 1.0
    assert "missing texts (1): t-02" in result.output


def test_score_real_flags_a_changed_text(tmp_path):
    folder = tmp_path / "real"
    shutil.copytree(FIXTURE / "texts", folder / "texts")
    path = folder / "texts" / "t-01.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm một dòng.", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["score-real", "--manifest", str(FIXTURE / "manifest.jsonl"), "--dir", str(folder)]
    )
    assert "changed t-01" in result.output


def test_score_real_without_texts_says_where_to_put_them(tmp_path):
    result = CliRunner().invoke(
        app, ["score-real", "--manifest", str(FIXTURE / "manifest.jsonl"), "--dir", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "no texts of the real-text set" in result.output
    assert "Traceback" not in result.output


def test_second_annotation_agrees_as_measured():
    """The second, independent annotation of 14 dev items (corpus/real/agreement.jsonl):
    the ceiling an extractor can reach, as README reports it."""
    rows = [
        json.loads(x)
        for x in (real.MANIFEST.parent / "agreement.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    m = real.agreement(real.load(), {r["id"]: r["gold"] for r in rows})
    assert m["notices"] == 14
    assert m["agencies"]["f1"] == pytest.approx(0.995, abs=0.001)
    assert m["tasks"]["f1"] == pytest.approx(0.985, abs=0.001)
    assert m["legal_refs"]["f1"] == pytest.approx(0.842, abs=0.001)
    assert m["deadlines"]["f1"] == pytest.approx(0.909, abs=0.001)


@pytest.mark.parametrize(
    "issuer, kind, level",
    [
        ("Bộ Chính trị", "newspaper", "party"),
        ("Ban Bí thư", "newspaper", "party"),
        ("Bộ Tư pháp", "newspaper", "ministry"),
        ("Văn phòng Bộ Xây dựng", "newspaper", "ministry"),
        ("Văn phòng Chính phủ", "vpcp", "government office"),
    ],
)
def test_issuing_body_tells_the_politburo_from_a_ministry(issuer, kind, level):
    item = real.Item("x", 1, "u", None, "2020-01-01", "0" * 64, {}, {"issuer": issuer, "issuer_kind": kind})
    assert real.issuing_body(item) == level


def test_a_clause_copied_into_a_note_without_quotes_is_cut():
    text = "Ngày 3/5, Chủ tịch yêu cầu Sở Công Thương tỉnh Hòa Bình Xanh khẩn trương rà soát các cửa hàng xăng dầu."
    note = "Task 1: yêu cầu Sở Công Thương tỉnh Hòa Bình Xanh khẩn trương rà soát (one body)."
    assert real.cut_copied(note, text) == "Task 1: … (one body)."
    short = "Task 1: Sở Công Thương rà soát, implement."  # fewer than eight shared words stay
    assert real.cut_copied(short, text) == short
    gold = {"agencies": [], "_notes": [note], "_ambiguous": {"tasks": [{"reason": note}]}}
    done = real.redact(gold, text)
    assert done["_notes"] == ["Task 1: … (one body)."]
    assert done["_ambiguous"]["tasks"][0]["reason"] == "Task 1: … (one body)."


def test_a_year_less_deadline_takes_the_year_of_the_items_date(tmp_path):
    """The annotation convention (corpus/real/README.md): a text that prints no date is read
    with its item's date; ``--no-page-dates`` reads the text alone."""
    text = ("Kết luận buổi làm việc, lãnh đạo tỉnh giao Sở Xây dựng rà soát hồ sơ các dự án, "
            "báo cáo trước ngày 15/5.")
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "t-09.txt").write_text(text, encoding="utf-8")
    row = json.loads((FIXTURE / "manifest.jsonl").read_text(encoding="utf-8").splitlines()[0])
    row |= {"id": "t-09", "date": "2023-04-20", "sha256": real.text_hash(text), "chars": len(text)}
    row["gold"] = {"agencies": ["Sở Xây dựng"], "people": [], "legal_refs": [],
                   "deadlines": [{"text": "trước ngày 15/5", "date": "2023-05-15",
                                  "recurrence": None}],
                   "tasks": [{"assignees": [{"agency": "Sở Xây dựng", "role": "implement"}],
                              "deadline": "2023-05-15"}],
                   "_ambiguous": {}, "_notes": []}
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    f1 = {}
    for flag in ("--page-dates", "--no-page-dates"):
        out = tmp_path / f"{flag}.json"
        result = CliRunner().invoke(app, ["score-real", "--manifest", str(manifest), "--dir",
                                          str(tmp_path), "--json", str(out), flag])
        assert result.exit_code == 0, result.output
        f1[flag] = json.loads(out.read_text(encoding="utf-8"))["1"]["deadlines"]["f1"]
    assert f1 == {"--page-dates": 1.0, "--no-page-dates": 0.0}
