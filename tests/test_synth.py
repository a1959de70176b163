"""`ketluan synth`: varied, deterministic notices recombined from the demonstration corpus;
never written into corpus/raw."""

from __future__ import annotations

import pytest

from pipeline import synth
from pipeline.core import paths
from pipeline.stages.ingest import IngestParams, load_notice
from pipeline.stages.segment import segment_notice


def _texts(folder) -> list[str]:
    return [f.read_text(encoding="utf-8") for f in sorted(folder.rglob("*.txt"))]


def test_synth_same_seed_same_notices_all_different(tmp_path):
    synth.write(12, tmp_path / "a", seed=5)
    synth.write(12, tmp_path / "b", seed=5)
    synth.write(12, tmp_path / "c", seed=6)
    a = _texts(tmp_path / "a")
    assert a == _texts(tmp_path / "b") != _texts(tmp_path / "c")
    assert len(set(a)) == 12


def test_synth_notices_read_as_notices_with_shortcomings_and_tasks(tmp_path):
    files = synth.write(6, tmp_path, seed=1)
    for file in files:
        notice = load_notice(file, IngestParams())
        assert notice.number and notice.issued_on, file.name
        sections, _ = segment_notice(notice.doc_id, notice.text, notice.body_end, False)
        kinds = {s["kind"] for s in sections}
        assert {"tasks", "distribution"} <= kinds, (file.name, kinds)


@pytest.mark.parametrize("inside", ["", "kien-giang/new"])
def test_synth_refuses_corpus_raw(tmp_path, inside):
    with pytest.raises(synth.SynthError, match="corpus/raw"):
        synth.write(1, paths.RAW / inside)
