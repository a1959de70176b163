"""The CRF agency tagger: the committed model loads offline and tags, the modes, and
training that gives the same model twice. Its cost on the seed notice is measured by
``python -m pipeline.bench_tagger``, not here."""

import pytest

from pipeline.extractors import agency_tagger as tagger
from pipeline.stages import extract

# written for these tests: the Department of Finance leads, the district committee and
# the provincial Police coordinate
SENTENCE = (
    "Giao Sở Tài chính chủ trì, phối hợp với Ủy ban nhân dân huyện Tân Hiệp và "
    "Công an tỉnh rà soát nguồn vốn, báo cáo trước ngày 20 tháng 9."
)


def test_model_loads_offline_and_tags_a_sentence():
    found = tagger.spans(SENTENCE)
    assert [SENTENCE[s:e] for s, e in found] == [
        "Sở Tài chính",
        "Ủy ban nhân dân huyện Tân Hiệp",
        "Công an tỉnh",
    ]


def test_alone_canonicalises_the_tagger_spans():
    names = [m.canonical for m in tagger.agencies(SENTENCE, "alone", "Kiên Giang")]
    assert names == ["Sở Tài chính", "Ủy ban nhân dân huyện Tân Hiệp", "Công an tỉnh"]


def test_propose_adds_nothing_the_rules_already_hold():
    rules = tagger.agencies(SENTENCE, "off", "Kiên Giang")
    assert tagger.agencies(SENTENCE, "propose", "Kiên Giang") == rules


@pytest.mark.parametrize(
    ("value", "mode"), [(False, "off"), ("off", "off"), ("Alone", "alone"), ("propose", "propose")]
)
def test_mode_of_reads_params_values(value, mode):
    assert tagger.mode_of(value) == mode


def test_mode_of_rejects_an_unknown_mode():
    with pytest.raises(ValueError, match="not one of off, alone, propose"):
        tagger.mode_of("both")


def test_params_default_is_off():
    assert extract.agency_mode() == "off"


def test_segments_skip_lines_without_capitals():
    text = "không có chữ hoa nào ở đây\nGiao Sở Nội vụ thực hiện"
    assert [(offset, [t for _, _, t in toks]) for offset, toks in tagger.segments(text)] == [
        (27, ["Giao", "Sở", "Nội", "vụ", "thực", "hiện"])
    ]


def test_training_on_a_slice_is_deterministic(tmp_path):
    from pipeline.train_tagger import train, training_files

    files = training_files(limit=2)
    first, second = tmp_path / "a.crfsuite", tmp_path / "b.crfsuite"
    info = train(files, first)
    train(files, second)
    assert info["notices"] == 2 and info["spans"] > 0
    assert first.read_bytes() == second.read_bytes()


def test_training_never_reads_the_test_split():
    from pipeline.core import paths
    from pipeline.train_tagger import gold_files, training_files

    held_out = {(paths.ROOT / f).with_suffix("") for f in gold_files("test")}
    assert len(held_out) == 19  # the 10 written test notices and the 9 post-reform ones
    assert not held_out & {p.with_suffix("") for p in training_files()}


@pytest.mark.parametrize("text", ["Hà", "Sở Y", "Tin mới\nBáo\n"])
def test_short_segments_are_featurised(text):
    """A line of one or two capitalised syllables (a byline, a menu item) is a segment
    shorter than the two-token window; it must tag, not fail."""
    assert isinstance(tagger.spans(text), list)
