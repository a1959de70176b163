"""`ketluan`: the CONTRACT.md JSON, and clear one-line errors for a user's mistakes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.core.paths import ROOT

SEED = ROOT / "corpus/raw/kien-giang/2021-07-07-kiem-diem-6-thang-2021.txt"
CONTRACT_KEYS = {"schema_version", "doc_id", "source", "notice", "sections", "agencies",
                 "people", "legal_refs", "deadlines", "tasks", "shortcomings", "targets",
                 "attendance", "warnings"}


def ketluan(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KETLUAN_DEBUG"}
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=300)


@pytest.fixture(scope="module")
def seed_json() -> dict:
    done = ketluan("extract", str(SEED), "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_cli_extract_seed_follows_the_contract(seed_json):
    assert set(seed_json) == CONTRACT_KEYS and seed_json["schema_version"] == 1
    n = seed_json["notice"]
    assert (n["number"], n["date"], n["meeting_date"]) == (None, None, "2021-07-07")
    assert n["chair"] == {"name": "Lâm Minh Thành", "title": "Chủ tịch Ủy ban nhân dân tỉnh"}
    assert n["signer"]["name"] == "Đặng Vũ Bằng"


def test_cli_extract_seed_sections(seed_json):
    kinds = {s["path"]: s["kind"] for s in seed_json["sections"]}
    assert kinds["1.a"] == "achievements" and kinds["1.b"] == "shortcomings"
    assert [p for p in kinds if p.startswith("1.b.")] == [
        f"1.b.({r})" for r in ("i", "ii", "iii", "iv", "v", "vi", "vii")]
    assert kinds["2"] == "tasks" and [p for p in kinds if p.count(".") == 1 and
                                      p.startswith("2.(")] == [f"2.({i})" for i in range(1, 9)]
    assert kinds["3"] == "recommendations" and "distribution" in kinds.values()


def test_cli_extract_seed_tasks_survive_the_page_break(seed_json):
    ldtbxh = [t for t in seed_json["tasks"] if t["legal_basis"] == ["68/NQ-CP"]]
    assert len(ldtbxh) == 1 and ldtbxh[0]["deadline"] == "2021-07-31"
    assert ldtbxh[0]["assignees"][0]["agency"] == "Sở Lao động - Thương binh và Xã hội"
    office = [a for t in seed_json["tasks"] if t["legal_basis"] == ["09-CTr/TU"]
              for a in t["assignees"]]
    assert {"agency": "Văn phòng Ủy ban nhân dân tỉnh", "role": "monitor"} in office


def test_cli_extract_several_files_gives_an_array_and_jsonl(tmp_path):
    other = tmp_path / "copy.txt"
    other.write_text(SEED.read_text(encoding="utf-8").replace("Rạch Giá", "Hà Tiên"),
                     encoding="utf-8")
    done = ketluan("extract", str(SEED), str(other))
    assert done.returncode == 0 and len(json.loads(done.stdout)) == 2
    lines = ketluan("extract", str(other), "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["source"].endswith("copy.txt")


def test_cli_bad_input_is_one_line_and_the_rest_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    good = tmp_path / "good.txt"
    good.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    done = ketluan("extract", str(tmp_path / "empty.txt"), str(good), "--format", "jsonl")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert any(line.startswith("rejected ") and "empty.txt" in line
               for line in done.stderr.splitlines())
    assert len(done.stdout.splitlines()) == 1


def test_cli_missing_path_is_a_clear_error(tmp_path):
    done = ketluan("extract", str(tmp_path / "nope.txt"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "no such file or directory" in done.stderr


def test_cli_ingest_reports_duplicates(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    done = ketluan("ingest", str(tmp_path))
    assert done.returncode == 0
    assert "duplicate" in done.stdout and "a.txt" in done.stdout


def test_cli_help_lists_the_commands():
    out = ketluan("--help").stdout
    assert all(cmd in out for cmd in ("run", "ingest", "extract"))


def test_cli_explain_shows_each_item_in_its_sentence():
    done = ketluan("explain", str(SEED))
    assert done.returncode == 0, done.stderr
    out = " ".join(done.stdout.split())
    assert "thời hạn «trong tháng 7/2021» → 2021-07-31" in out
    assert "văn bản «Nghị quyết số 68/NQ-CP" in out and "→ Nghị quyết 68/NQ-CP" in out
    assert "cơ quan «Sở Lao động - Thương binh và Xã hội» → Sở Lao động" in out


def test_cli_score_prints_each_field_and_writes_the_errors(tmp_path):
    gold = ROOT / "corpus/gold/dev/2021-07-07-kiem-diem-6-thang-2021.gold.json"
    errors = tmp_path / "errors.csv"
    done = ketluan("score", str(gold), "--errors", str(errors))
    assert done.returncode == 0, done.stderr
    rows = {line.split()[0]: line.split()[1:] for line in done.stdout.splitlines()[1:9]}
    assert set(rows) == {"agencies", "legal_refs", "deadlines", "people", "targets",
                         "attendance", "tasks", "shortcoming_items"}
    assert rows["legal_refs"][:3] == ["1.000", "1.000", "1.000"]  # the seed's 63/NQ-CP ...
    assert "1 notices" in done.stdout
    assert errors.read_text(encoding="utf-8-sig").startswith("file,field,error,value")


def test_cli_score_bad_annotation_is_one_line(tmp_path):
    bad = tmp_path / "bad.gold.json"
    bad.write_text('{"notice": {}}', encoding="utf-8")
    done = ketluan("score", str(bad))
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "not an annotation" in done.stderr
