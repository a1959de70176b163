"""Stage train: grouped CV, deterministic fit, safe save, refused loads."""

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from pipeline import shortcoming_model as sm
from pipeline.stages.train import main, read_labels, run
from pipeline.words import as_words

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "corpus/labels/shortcomings.jsonl"
FAST = sm.TrainParams(folds=3, inner_folds=2, char_ngrams=(2, 4))


@pytest.fixture(scope="module")
def rows():
    data = read_labels(LABELS)
    if not data:
        pytest.skip("no labelled corpus")
    sources = sorted({r["source"] for r in data})[:16]  # a third of the corpus: fast
    return [r for r in data if r["source"] in sources]


@pytest.fixture(scope="module")
def trained(rows):
    return run(rows, FAST)


def test_train_metrics_are_grouped_and_name_the_chosen(trained):
    _, chosen, metrics, preds = trained
    assert metrics["grouped_by"] == "notice" and chosen in metrics["classifiers"]
    for m in metrics["classifiers"].values():
        assert 0.5 < m["micro"]["f1"] <= 1 and set(m["per_code"]) == set(sm.codes())
    best = max(
        metrics["classifiers"], key=lambda n: metrics["classifiers"][n]["macro_f1"]
    )
    assert (
        metrics["classifiers"][chosen]["macro_f1"]
        == metrics["classifiers"][best]["macro_f1"]
    )


def test_train_is_deterministic_for_a_seed(rows, trained):
    again = run(rows, FAST)
    assert again[2] == trained[2]
    np.testing.assert_array_equal(again[0].coef, trained[0].coef)
    np.testing.assert_array_equal(again[0].thresholds, trained[0].thresholds)


def test_train_save_load_round_trip(tmp_path, trained):
    model = trained[0]
    sm.save(model, tmp_path, "sklearn")
    loaded, chosen = sm.load(tmp_path)
    texts = [
        "Giải ngân vốn đầu tư công còn chậm.",
        "Tàu cá vi phạm vùng biển nước ngoài.",
    ]
    assert chosen == "sklearn" and loaded.predict(texts) == model.predict(texts)
    assert not list(tmp_path.glob("*.pkl"))


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("labels", ["coordination", "budget"], "trained for labels"),
        ("format_version", 99, "model format version 99"),
    ],
)
def test_train_model_of_another_label_set_is_refused(
    tmp_path, trained, key, value, message
):
    sm.save(trained[0], tmp_path)
    meta = json.loads((tmp_path / "model.json").read_text(encoding="utf-8"))
    meta[key] = value
    (tmp_path / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(sm.ModelError, match=message) as err:
        sm.load(tmp_path)
    assert "\n" not in str(err.value) and "retrain" in str(err.value)


def test_train_main_writes_model_metrics_and_plots(tmp_path, rows, monkeypatch):
    labels = tmp_path / "labels.jsonl"
    labels.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows[:60]),
        encoding="utf-8",
    )
    monkeypatch.setattr(
        "pipeline.stages.train.params.load", lambda section, cls: replace(FAST, folds=2)
    )
    main(
        [
            str(labels),
            str(tmp_path / "model"),
            str(tmp_path / "metrics/classifier.json"),
        ]
    )
    metrics = json.loads(
        (tmp_path / "metrics/classifier.json").read_text(encoding="utf-8")
    )
    assert metrics["chosen"] in ("lexicon", "sklearn")
    assert (tmp_path / "model/model.json").exists() and (
        tmp_path / "model/weights.npz"
    ).exists()
    f1 = (tmp_path / "metrics/plots/per_code_f1.csv").read_text(encoding="utf-8")
    assert (
        f1.startswith("code,classifier,f1\n")
        and ",lexicon," in f1
        and ",sklearn," in f1
    )
    confusion = (tmp_path / "metrics/plots/confusion.csv").read_text(encoding="utf-8")
    assert confusion.startswith("code,predicted,count\n")


ODD_TEXTS = [
    "",
    "   ",
    "Sở  Tài chính\tchưa\n\nbáo cáo  đúng hạn.",
    "A b",
    "UBND huyện CHẬM triển khai; 2025 - 2026 !!",
    "x",
]


@pytest.mark.parametrize("kind", ["word", "char"])
def test_counting_a_saved_vocabulary_equals_scikit_learns_counter(rows, trained, kind):
    """Classifying counts the vocabulary without scikit-learn (its import was 1.5 s of
    every classify run): the counts equal CountVectorizer's with the same analyzer."""
    from sklearn.feature_extraction.text import CountVectorizer

    feats = trained[0].features
    texts = [r["text"] for r in rows] + ODD_TEXTS
    docs = [as_words(t) for t in texts] if kind == "word" else texts
    p = feats.params
    if kind == "word":
        ref = CountVectorizer(
            vocabulary=feats.vocab["word"], tokenizer=sm._word_tokens, token_pattern=None,
            lowercase=False, ngram_range=tuple(p.word_ngrams),
        )
    else:
        ref = CountVectorizer(
            vocabulary=feats.vocab["char"], analyzer="char_wb",
            ngram_range=tuple(p.char_ngrams), lowercase=True,
        )
    want = ref.transform(docs).astype(np.float64)
    want.sum_duplicates()
    got = feats.counts(kind, docs)
    assert got.shape == want.shape and got.nnz == want.nnz > 1000
    assert (got.indptr == want.indptr).all() and (got.indices == want.indices).all()
    assert (got.data == want.data).all()


def test_classify_does_not_import_scikit_learn():
    import subprocess
    import sys

    code = "import sys, pipeline.stages.classify; print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
