"""Stage classify: items -> codes, scores and evidence; the seed notice; new items."""

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.core import params, tables
from pipeline.core.text import doc_hash, normalize
from pipeline.extractors.shortcomings import detect_items
from pipeline.shortcoming_model import TrainParams, save
from pipeline.stages import classify
from pipeline.stages.segment import segment_notice
from pipeline.stages.train import read_labels, run

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus/raw/kien-giang/2021-07-07-kiem-diem-6-thang-2021.txt"
NEW = Path(__file__).resolve().parents[1] / "fixtures/new_shortcoming_items.csv"
# TAXONOMY.md, worked example: the seed notice's section 1.b
WORKED = [
    {"leadership"},
    {"business", "disbursement", "site_clearance"},
    {"epidemic"},
    {"public_order"},
    {"iuu_fishing", "coordination"},
    {"coordination"},
    {"discipline", "admin_reform"},
]


@pytest.fixture(scope="module")
def trained():
    rows = read_labels(ROOT / "corpus/labels/shortcomings.jsonl")
    if not rows:
        pytest.skip("no labelled corpus")
    model, chosen, _, _ = run(rows, params.load("train", TrainParams))
    return model, chosen


@pytest.fixture(scope="module")
def seed():
    text = normalize(SEED.read_text(encoding="utf-8"))
    sections, sentences = segment_notice("seed", text, len(text), with_words=False)
    return {"doc_id": "seed", "text": text}, sections, sentences


def test_classify_seed_items_get_the_worked_example_codes_lexicon(seed):
    doc, sections, sentences = seed
    out = classify.classify_items(detect_items(doc["text"], sections, sentences), None)
    assert [set(o["codes"]) for o in out] == WORKED
    assert all(o["evidence"] and o["model"] == "shortcomings.lexicon.v1" for o in out)


def test_classify_seed_items_get_the_worked_example_codes_learned_model(seed, trained):
    """The model classify uses (trained on corpus/labels, which hold the worked example)."""
    doc, sections, sentences = seed
    out = classify.classify_items(
        detect_items(doc["text"], sections, sentences), trained[0]
    )
    assert [set(o["codes"]) for o in out] == WORKED


def test_classify_new_items_written_for_this_test(trained):
    rows = list(csv.DictReader(NEW.open(encoding="utf-8")))
    assert len(rows) >= 20
    for model in (trained[0], None):  # learned model and lexicon
        out = classify.classify_items([{"text": r["text"]} for r in rows], model)
        exact = sum(
            set(o["codes"]) == set(r["codes"].split(";"))
            for o, r in zip(out, rows, strict=True)
        )
        assert exact / len(rows) >= 0.8, (model, exact)


def test_classify_prediction_carries_scores_and_evidence(trained):
    (out,) = classify.classify_items(
        [{"text": "Giải ngân vốn đầu tư công mới đạt 30% kế hoạch."}], trained[0]
    )
    assert (
        out["codes"] == ["disbursement"] and out["model"] == "shortcomings.sklearn.v1"
    )
    assert out["scores"]["disbursement"] > 0.5 > out["scores"]["iuu_fishing"]
    assert any("giải ngân" in e for e in out["evidence"])


def test_classify_notice_shortcomings_contract_entries(seed, monkeypatch):
    monkeypatch.setattr(classify, "classifier", lambda *a: None)
    out = classify.notice_shortcomings(*seed)
    assert len(out) == 7 and out[5]["section"] == "1.b.(vi)"
    assert out[5]["categories"] == ["coordination"] and {"scores", "evidence"} <= set(
        out[5]
    )


def test_classify_main_writes_the_table(tmp_path, seed, trained):
    doc, sections, sentences = seed
    doc_id = doc_hash(doc["text"])
    row = dict.fromkeys(tables.SPECS["documents"])
    row.update(
        doc_id=doc_id, source=str(SEED), text=doc["text"], body_end=len(doc["text"])
    )
    docs = pd.DataFrame([row])
    for name, rows in (("sections", sections), ("sentences", sentences)):
        frame = pd.DataFrame([{**r, "doc_id": doc_id} for r in rows])
        tables.write(frame, name, tmp_path / f"{name}.parquet")
    tables.write(docs, "documents", tmp_path / "documents.parquet")
    save(trained[0], tmp_path / "model", trained[1])
    classify.main(
        [str(tmp_path / f"{n}.parquet") for n in ("documents", "sections", "sentences")]
        + [
            str(tmp_path / "model"),
            str(tmp_path / "out.parquet"),
            str(tmp_path / "classify.json"),
        ]
    )
    out = tables.read(tmp_path / "out.parquet", "shortcomings")
    assert len(out) == 7 and list(out.columns) == list(tables.SPECS["shortcomings"])
    assert set(json.loads(out["scores"][0])) == set(trained[0].labels)
    assert json.loads((tmp_path / "classify.json").read_text())["items"] == 7
