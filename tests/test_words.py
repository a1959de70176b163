"""Word segmentation: offsets into the text, and no second tone normalisation."""

from __future__ import annotations

from pathlib import Path

from underthesea import word_tokenize

from pipeline.extractors.sentences import split_sentences
from pipeline.stages.ingest import IngestParams, load_notice
from pipeline.words import as_words, tokenize

SEED = Path(__file__).resolve().parent / "fixtures" / "seed.txt"


def test_offsets_point_into_the_text():
    text = "Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp  với Sở Tài chính."
    words = tokenize(text)
    assert all(text[s:e] == w for s, e, w in words)
    assert [w for _, _, w in words][:4] == ["Giao", "Sở", "Kế hoạch", "và"]


def test_skipping_underthesea_normalisation_changes_nothing_on_ingested_text():
    """Ingest normalises every notice, so underthesea's per-token normaliser is skipped:
    on the seed's sentences its segmentation is the same with and without it."""
    text = load_notice(SEED, IngestParams()).text
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert len(sentences) > 40
    for sentence in sentences:
        assert [w for _, _, w in tokenize(sentence)] == word_tokenize(sentence)


def test_as_words_joins_syllables():
    assert as_words("Sở Kế hoạch và Đầu tư") == "Sở Kế_hoạch và Đầu_tư"
