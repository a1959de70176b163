"""The spaCy pipeline (pipeline.language): its spans carry what `ketluan extract` prints,
on underthesea's words, and the packaged pipeline under models/ loads offline."""

from __future__ import annotations

import functools
import importlib.metadata
import json
import subprocess
import sys
import tomllib

import pytest
import spacy
from spacy.tokens import Doc

import pipeline
from pipeline import language
from pipeline.core.paths import GOLD, ROOT
from pipeline.notice import process
from pipeline.stages.ingest import IngestParams, load_notice
from pipeline.words import tokenize

SEED = "corpus/raw/kien-giang/2021-07-07-kiem-diem-6-thang-2021.txt"
TEST_SPLIT = sorted(
    json.loads(g.read_text(encoding="utf-8"))["file"] for g in (GOLD / "test").glob("*.gold.json")
)
MODEL = ROOT / "models" / "ketluan_vi"


@functools.cache
def nlp():
    return pipeline.nlp()


@functools.cache
def notice(source: str) -> tuple[Doc, dict, dict]:
    """(the pipeline's Doc of the file's text, its documents row, its CONTRACT JSON)."""
    path = ROOT / source
    row = dataclass_row(load_notice(path, IngestParams()))
    return nlp()(path.read_text(encoding="utf-8")), row, process(row)


def dataclass_row(n) -> dict:
    return {k: getattr(n, k) for k in n.__dataclass_fields__}


def spans(doc: Doc, label: str) -> list:
    return [s for s in doc.spans[language.SPANS_KEY] if s.label_ == label]


def test_the_test_split_is_there():
    assert len(TEST_SPLIT) >= 8 and SEED not in TEST_SPLIT


@pytest.mark.parametrize("source", [SEED, *TEST_SPLIT])
def test_spans_carry_what_ketluan_extract_prints(source):
    doc, row, out = notice(source)
    assert doc.text == row["text"]  # the notice's text as ingest reads it
    assert doc._.notice["jurisdiction"] == row["jurisdiction"]
    canonical = {label: [s._.canonical for s in spans(doc, label)] for label in
                 ("AGENCY", "PERSON", "LEGAL_REF", "DEADLINE", "TARGET")}
    assert set(canonical["AGENCY"]) == {a["name"] for a in out["agencies"]}
    assert {(s._.canonical, s._.item["jurisdiction"]) for s in spans(doc, "AGENCY")} == {
        (a["name"], a["jurisdiction"]) for a in out["agencies"]
    }
    assert set(canonical["PERSON"]) == {p["name"] for p in out["people"]}
    assert set(canonical["LEGAL_REF"]) == {r["id"] or r["text"] for r in out["legal_refs"]}
    ids = {s._.item["ref_id"] for s in spans(doc, "LEGAL_REF")} - {None}
    assert {r["id"].lower() for r in out["legal_refs"] if r["id"]} == {i.lower() for i in ids}
    assert [(s._.date, s._.item["recurrence"]) for s in spans(doc, "DEADLINE")] == [
        (d["date"], d["recurrence"]) for d in out["deadlines"]
    ]
    assert canonical["DEADLINE"] == [d["date"] or d["recurrence"] for d in out["deadlines"]]
    assert [(s._.canonical, s._.value, s._.unit) for s in spans(doc, "TARGET")] == [
        (t["indicator"], t["value"], t["unit"]) for t in out["targets"]
    ]


@pytest.mark.parametrize("source", [SEED, TEST_SPLIT[0]])
def test_spans_cover_the_extractors_items_on_underthesea_words(source):
    doc, _, _ = notice(source)
    words = [w for _, _, w in tokenize(doc.text)]
    assert [t.text for t in doc if not t.is_space] == words
    for span in doc.spans[language.SPANS_KEY]:
        item = span._.item
        assert span.start_char <= item["start"] < item["end"] <= span.end_char
        assert doc.text[item["start"] : item["end"]] == item["surface"]


def test_seed_spans_named():
    doc, _, _ = notice(SEED)
    found = {(s.label_, s.text, s._.canonical) for s in doc.spans[language.SPANS_KEY]}
    assert ("AGENCY", "UBND tỉnh", "Ủy ban nhân dân tỉnh") in found
    assert ("LEGAL_REF", "Nghị quyết số 68/NQ-CP ngày 01/7/2021 của Chính phủ", "68/NQ-CP") in found
    assert ("DEADLINE", "trong tháng 7/2021", "2021-07-31") in found
    targets = {s.text: (s._.value, s._.unit) for s in spans(doc, "TARGET")}
    assert targets["xuất khẩu đạt 780 triệu USD"] == (780.0, "triệu USD")


def test_a_sentence_of_our_own():
    doc = nlp()("Giao Sở Y tế chủ trì, phối hợp Công an tỉnh báo cáo trước ngày 15/9/2024.")
    found = [(s.label_, s.text, s._.canonical, s._.date) for s in doc.spans["ketluan"]]
    assert found == [
        ("AGENCY", "Sở Y tế", "Sở Y tế", None),
        ("AGENCY", "Công an tỉnh", "Công an tỉnh", None),
        ("DEADLINE", "trước ngày 15/9/2024", "2024-09-15", "2024-09-15"),
    ]


def test_attributes_survive_serialisation():
    doc, _, _ = notice(SEED)
    back = Doc(nlp().vocab).from_bytes(doc.to_bytes())
    assert [(s.label_, s.text, s._.canonical, s._.date) for s in back.spans["ketluan"]] == [
        (s.label_, s.text, s._.canonical, s._.date) for s in doc.spans["ketluan"]
    ]


def test_a_doc_from_another_tokenizer_must_hold_ingested_text():
    plain = spacy.blank("xx")
    ok = nlp().get_pipe("ketluan_deadlines")(plain("Hoàn thành trước ngày 15/9/2024."))
    assert [s._.canonical for s in ok.spans["ketluan"]] == ["2024-09-15"]
    with pytest.raises(ValueError, match="as ingest reads it"):
        nlp().get_pipe("ketluan_agencies")(plain("Sở Y tế\r\nbáo cáo."))


def test_packaged_model_is_the_pipeline_as_built():
    assert (MODEL / "config.cfg").read_text(encoding="utf-8") == nlp().config.to_str()
    meta = json.loads((MODEL / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == "ketluan_vi" and meta["pipeline"] == list(language.COMPONENTS)


def test_spacy_load_packaged_model():
    loaded = spacy.load(MODEL)
    assert loaded.pipe_names == list(language.COMPONENTS)
    doc, _, _ = notice(SEED)
    again = loaded(doc.text)
    assert [(s.label_, s.start, s.end, s._.canonical) for s in again.spans["ketluan"]] == [
        (s.label_, s.start, s.end, s._.canonical) for s in doc.spans["ketluan"]
    ]


def _declared() -> dict[str, dict[str, str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return project["project"]["entry-points"]


def test_entry_points_declare_every_factory_and_the_tokenizer():
    declared = _declared()
    assert set(declared["spacy_factories"]) == set(language.COMPONENTS)
    assert set(declared["spacy_tokenizers"]) == {language.TOKENIZER}
    for group in declared.values():
        for target in group.values():
            module, name = target.split(":")
            assert module == "pipeline.language" and callable(getattr(language, name))


def test_spacy_load_in_a_fresh_interpreter_finds_the_entry_points():
    """What a fresh clone does after `make install`: no ketluan import before the load."""
    installed = {e.name for e in importlib.metadata.entry_points(group="spacy_factories")}
    if not set(_declared()["spacy_factories"]) <= installed:
        pytest.skip("the installed ketluan predates its spaCy entry points: `make install`")
    script = (
        "import spacy\n"
        "nlp = spacy.load('models/ketluan_vi')\n"
        "doc = nlp('Giao Sở Y tế báo cáo trước ngày 15/9/2024.')\n"
        "print([(s.label_, s._.canonical) for s in doc.spans['ketluan']])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[('AGENCY', 'Sở Y tế'), ('DEADLINE', '2024-09-15')]"
