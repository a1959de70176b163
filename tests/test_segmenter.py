"""pipeline.segmenter gives exactly underthesea's words (word_tokenize with
use_token_normalize=False): on every sentence of the shipped corpus, of 300 synthetic
notices (``make bench`` checks 5,000) and on inputs written to be awkward."""

from __future__ import annotations

import math
import random

import pytest
from underthesea import word_tokenize
from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize as regex_tokenize

from pipeline import segmenter
from pipeline.segmenter import Segmenter, reference, viterbi


def sentences_of(texts) -> list[str]:
    from pipeline.extractors.sentences import split_sentences

    return [text[s:e] for text in texts for s, e in split_sentences(text)]


@pytest.fixture(scope="module")
def seg() -> Segmenter:
    return segmenter.default()


@pytest.fixture(scope="module")
def corpus_sentences() -> list[str]:
    """Sentences of every notice of corpus/raw but the three scans (OCR takes a minute
    each; test_every_sentence_the_pipeline_writes covers them)."""
    from pipeline.core import paths
    from pipeline.stages.ingest import IngestParams, ingest_paths

    documents, _ = ingest_paths([paths.RAW], IngestParams(ocr=False))
    assert len(documents) >= 70
    return sentences_of(documents["text"])


TRICKY = [
    "",
    " ",
    "   \n\t  ",
    "\n",
    "Ngày 15/7/2025, UBND tỉnh ban hành Nghị quyết số 01/NQ-CP.",
    "Thông báo số 123/TB-VPCP ngày 02-03-2014 của Văn phòng Chính phủ.",
    "Kinh phí 4.123,2 triệu đồng; 60.542.000 đồng; 100,000,000 VNĐ; 1/2 số vốn.",
    "Lúc 10:20:50 ngày 20.08.2014 (tức 2014/08/20), tăng 17,5 % so với 91,3%.",
    "UBND TP. Hồ Chí Minh, T.Ư Đoàn, Th.S Nguyễn Văn A, Tp. Cần Thơ, Mr. Smith.",
    "Liên hệ: e-mail vanphong@chinhphu.vn hoặc https://chinhphu.vn/a-b?c=1 (trang).",
    "Xe 43H-0530 và biển 51A12345; màn hình 4K, kích thước 3x4, nhiệt độ 30°C.",
    "H'Mông, xã N’Thôn Hạ, H&M, ==> -> => ... --- >> v.v... v.v. :)) <3 ♥‿♥",
    "The Ministry of Finance (MOF) and the World Bank signed the loan agreement.",
    "NĐ-CP NQ-CP QĐ-TTg TB-UBND KH-BCĐ CV/UBND-KT",
    "I. ĐÁNH GIÁ CHUNG",
    "1.600m-2.000m; 1.5; ½; ²; ١٢; １２; 12abc; A1; ΑΣ; İstanbul; ǅ; ß",
    "a",
    "UBND.",
    "UBND.\n",
    "UBND. ",
    "Đạo diễn :Dương Tuấn Anh :D",
    "BOS EOS bos eos",
    "Nơi nhận:\n- Như trên;\n- Lưu: VT, TH.",
    "Việt Nam\u00a0Dân chủ\u2003Cộng hòa\u200b nhé",
    "tiếng Việt không dấu: chien luoc quoc gia ve phat trien kinh te",
    "Kế hoạch số 45/KH-UBND ngày 10/3/2023 " * 60,  # a very long sentence
    " ".join(["Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Tài chính"] * 40),
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_inputs_give_underthesea_words(seg, text):
    assert seg.words(text) == word_tokenize(text, use_token_normalize=False)
    assert seg.tokens(text) == regex_tokenize(text, use_token_normalize=False)


def test_featurizer_is_underthesea_cores(seg):
    """Attribute strings identical to underthesea_core's CRFFeaturizer."""
    import underthesea.pipeline.word_tokenize as wt

    word_tokenize("khởi động")
    rust = wt.word_tokenize_model.featurizer
    for text in TRICKY:
        tokens = seg.tokens(text)
        assert seg.featurizer.process(tokens) == rust.process([[[t] for t in tokens]])[0]
    odd = ["中", "ª", "ʰ", "ⅰ", "ǲ", "ᾈ", "ﬀ", "Ω", "ω", "ℌ", "ǅa", "aǅ", "１", "٣", "Ǆ"]
    for a in odd:
        for b in ("x", "X", "1", a):
            tokens = [a, b, a]
            assert seg.featurizer.process(tokens) == rust.process([[[t] for t in tokens]])[0]


def test_random_strings_give_underthesea_words(seg):
    """Strings drawn from the characters underthesea's regex rules turn on (dots,
    slashes, hyphens, colons, @, digits, capitals, whitespace kinds)."""
    rng = random.Random(18)
    pieces = [
        "UBND", "NQ-CP", "TP.", "T.Ư", "Hà Nội", "số", "15/7/2025", "1.000", "2,5",
        "e-mail", "a@b.vn", "www.x.vn/y", "http://a.b", ":", ":D", ".", "..", ",", "(",
        ")", "-", "--", "=>", "%", "x", "3x4", "43H-0530", "’", "'", "Đ", "ư", "\n",
        " ", "  ", "\t", "\u00a0", "ngày", "tháng", "năm", "Kế", "hoạch", "và", "Đầu",
        "tư", "v.v", "°C", "4K", "₫", "…", "“", "”",
    ]  # fmt: skip
    texts = [
        "".join(rng.choice(pieces) + rng.choice(["", " ", " ", "\n"]) for _ in range(n))
        for n in [rng.randint(0, 40) for _ in range(1500)]
    ]
    for text in texts:
        assert seg.tokens(text) == regex_tokenize(text, use_token_normalize=False), text
    assert segmenter.differences(texts, seg) == []


def test_every_corpus_sentence(seg, corpus_sentences):
    assert len(corpus_sentences) > 3000
    assert [s for s in corpus_sentences if seg.words(s) != reference(s)] == []


@pytest.mark.slow
def test_every_sentence_the_pipeline_writes(demo_project, monkeypatch):
    """The demonstration corpus through dvc repro (scans OCR'd): every sentence's words
    are underthesea's, and the ``words`` column is what words.as_words gave when it
    called underthesea itself."""
    import pandas as pd

    from pipeline import words

    sentences = pd.read_parquet(demo_project / "outputs" / "sentences.parquet")
    assert len(sentences) > 3000
    texts = sentences["text"].tolist()
    assert segmenter.differences(texts) == []

    class Underthesea:
        words = staticmethod(reference)

    monkeypatch.setattr(segmenter, "default", lambda: Underthesea)
    assert [words.as_words(t) for t in texts] == sentences["words"].tolist()


@pytest.mark.slow
def test_300_synthetic_notices(tmp_path):
    """Every sentence of 300 synthetic notices (``make bench`` checks those of 1,000 and
    5,000 in the same way), from a fresh segmenter with small caches, so that the
    caches are filled, emptied and filled again."""
    from pipeline import synth
    from pipeline.stages.ingest import IngestParams, load_notice

    files = synth.write(300, tmp_path)
    sentences = sentences_of(load_notice(f, IngestParams()).text for f in files)
    assert len(sentences) > 10_000
    small = Segmenter(sentence_cache=500, window_cache=2_000)
    assert segmenter.differences(sentences, small) == []
    assert len(small.windows) <= 2_000


def test_close_decisions_are_taken_on_exact_scores(monkeypatch, corpus_sentences):
    """With every decision counted as close, each sentence is decoded on scores added
    in crfsuite's order: the words do not change."""
    monkeypatch.setattr(segmenter, "MARGIN", math.inf)
    fresh = Segmenter(sentence_cache=0)
    sample = corpus_sentences[::10]
    assert segmenter.differences(sample, fresh) == []
    assert fresh.stats["exact"] == sum(1 for s in sample if fresh.tokens(s))


def test_viterbi_ties_go_to_the_first_label():
    """crfsuite keeps the first maximum: on equal scores, B-W."""
    trans = [[0.0, 0.0], [0.0, 0.0]]
    assert viterbi([(0.5, 0.5), (1.0, 1.0)], trans) == ([0, 0], True)
    assert viterbi([(0.0, 1.0)], trans)[0] == [1]
    assert viterbi([(1.0, 0.0), (0.0, 2.0)], [[0.0, -0.5], [0.0, 0.0]])[0] == [0, 1]


def test_the_model_is_read_as_stored():
    """Weights from models.bin agree with crfsuite's own dump (printed to 6 places)."""
    import pycrfsuite

    path = segmenter.model_dir() / "models.bin"
    labels, weights, trans = segmenter.read_model(path)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    info = tagger.info()
    assert labels == tagger.labels() == ["B-W", "I-W"]
    for (a, b), w in info.transitions.items():
        assert trans[labels.index(a)][labels.index(b)] == pytest.approx(w, abs=1e-6)
    assert len(info.state_features) == 2 * len(weights)
    for (attr, label), w in info.state_features.items():
        assert weights[attr][labels.index(label)] == pytest.approx(w, abs=1e-6)


def test_drop_in_returns_a_fresh_list():
    words = segmenter.word_tokenize("Sở Kế hoạch và Đầu tư")
    assert words == ["Sở", "Kế hoạch", "và", "Đầu tư"]
    words.append("x")
    assert segmenter.word_tokenize("Sở Kế hoạch và Đầu tư")[-1] == "Đầu tư"


def test_state_is_saved_once_and_read_back(tmp_path, monkeypatch, corpus_sentences):
    """The second segmenter of a project reads the pickled state (no underthesea import
    needed) and gives the same words."""
    monkeypatch.setenv("KETLUAN_CACHE", str(tmp_path))
    first = Segmenter(sentence_cache=0)
    saved = list(tmp_path.glob("segmenter-*.pickle"))
    assert len(saved) == 1
    second = Segmenter(sentence_cache=0)
    assert second.weights == first.weights and second.character_map == first.character_map
    sample = corpus_sentences[::20]
    assert [second.words(s) for s in sample] == [reference(s) for s in sample]
