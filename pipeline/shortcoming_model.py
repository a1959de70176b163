"""The two shortcoming classifiers (lexicon, scikit-learn) and their safe save/load.

A model directory holds ``model.json`` (format version, label set, params,
vocabularies, thresholds, calibration) and ``weights.npz`` (idf vectors, coefficients,
intercepts): no pickle, so loading a model file runs no code.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from pipeline.core import tables
from pipeline.extractors.shortcomings import (
    compiled_cues,
    count_cues,
    find_cues,
    load_cues,
)
from pipeline.words import as_words

FORMAT_VERSION = 1
MODEL_NAME = "shortcomings.sklearn.v1"
LEXICON_NAME = "shortcomings.lexicon.v1"
OTHER = "other"


class ModelError(ValueError):
    """A saved model cannot be used by this version of the code."""


@dataclass(frozen=True)
class TrainParams:
    """params.yaml [train]."""

    seed: int = 13
    C: float = 4.0  # inverse L2 strength of each one-vs-rest logistic regression
    word_ngrams: tuple[int, int] = (1, 2)  # underthesea words
    char_ngrams: tuple[int, int] = (2, 5)  # characters inside word boundaries
    min_df: int = 1
    folds: int = 5  # outer cross-validation, grouped by notice
    inner_folds: int = 3  # inside each training fold: calibration and thresholds
    threshold: float = 0.5  # used where a code has too few examples to tune one
    tune_thresholds: bool = True
    calibrate: bool = (
        False  # Platt scaling on inner out-of-fold scores (did not help: see report)
    )
    cue_weight: float = 1.0  # scale of the lexicon cue-count features
    cue_relax: float = 1.0  # a code with a cue phrase present needs threshold * this
    min_examples: int = 12  # macro F1 is over the codes with at least this many
    evidence_terms: int = 5


def codes() -> list[str]:
    """The label set: TAXONOMY.md codes, in the order of the cue lexicon."""
    return list(load_cues().codes)


# --- lexicon baseline -----------------------------------------------------------------


def lexicon_predict(text: str) -> dict:
    """Codes whose cue phrases occur in ``text``; ``other`` when none does."""
    cues = load_cues().codes
    hits = {c: find_cues(text, cues[c]) for c in cues}
    scores = {c: round(1 - 0.5 ** len(h), 4) for c, h in hits.items()}
    chosen = [c for c in cues if hits[c] and c != OTHER] or [OTHER]
    evidence = [f"{c}:{cue}" for c in chosen for cue in hits[c]]
    return {
        "codes": chosen,
        "scores": scores,
        "evidence": evidence,
        "model": LEXICON_NAME,
    }


# --- features -------------------------------------------------------------------------


def _word_tokens(words: str) -> list[str]:
    return [w for w in words.lower().split() if any(ch.isalnum() for ch in w)]


def _vectorizer(kind: str, p: TrainParams):
    """A TF-IDF vectorizer to fit (training only: scikit-learn is imported here, so that
    classifying, which counts a saved vocabulary with ``_count``, never imports it)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if kind == "word":
        kw = {
            "tokenizer": _word_tokens,
            "token_pattern": None,
            "lowercase": False,
            "ngram_range": tuple(p.word_ngrams),
        }
    else:
        kw = {
            "analyzer": "char_wb",
            "ngram_range": tuple(p.char_ngrams),
            "lowercase": True,
        }
    return TfidfVectorizer(min_df=p.min_df, sublinear_tf=True, **kw)


# scikit-learn's run of white space, which its char_wb analyzer makes one space
_WHITE_SPACES = re.compile(r"\s\s+")


def _word_ngrams(text: str, n_min: int, n_max: int) -> list[str]:
    """The terms scikit-learn's word analyzer makes with ``_word_tokens``: the tokens,
    then every run of n of them joined by a space (n from 2, or ``n_min``, up to
    ``n_max``)."""
    tokens = _word_tokens(text)
    out = list(tokens) if n_min == 1 else []
    for n in range(max(n_min, 2), min(n_max + 1, len(tokens) + 1)):
        out += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return out


def _char_words(text: str) -> list[str]:
    """The words scikit-learn's ``char_wb`` analyzer cuts n-grams from (lowercased)."""
    return _WHITE_SPACES.sub(" ", text.lower()).split()


def _word_char_ngrams(word: str, n_min: int, n_max: int) -> list[str]:
    """One word's ``char_wb`` n-grams: padded with a space; shorter than n gives
    itself once."""
    w, out = f" {word} ", []
    for n in range(n_min, n_max + 1):
        out += [w[i : i + n] for i in range(max(len(w) - n, 0) + 1)]
        if len(w) <= n:
            break
    return out


def _count(
    docs: list[str], terms, vocabulary: dict[str, int] | None, size: int
) -> sp.csr_matrix:
    """Counts of the vocabulary's terms in each document (float64, indices sorted): what
    scikit-learn's ``CountVectorizer(vocabulary=...).transform`` counts with the same
    analyzer (tested equal), without importing scikit-learn. ``terms(doc)`` gives the
    terms, looked up in ``vocabulary``, or (``vocabulary`` None) their ids already."""
    indptr, indices = [0], []
    for doc in docs:
        found = terms(doc)
        if vocabulary is not None:
            found = [j for j in map(vocabulary.get, found) if j is not None]
        indices += found
        indptr.append(len(indices))
    x = sp.csr_matrix(
        (np.ones(len(indices)), np.asarray(indices, dtype=np.int32), np.asarray(indptr)),
        shape=(len(docs), size),
    )
    x.sum_duplicates()
    return x


def cue_counts(texts: list[str], labels: list[str]) -> np.ndarray:
    """Per item and code, log(1 + number of that code's cue phrases present)."""
    cues = load_cues().codes
    table = [compiled_cues(cues[c]) for c in labels]
    return np.array(
        [[math.log1p(count_cues(low, c)) for c in table] for low in map(str.lower, texts)]
    )


@dataclass
class Featurizer:
    """TF-IDF of words and character n-grams, plus cue counts; fitted or loaded."""

    params: TrainParams
    vocab: dict[str, dict[str, int]] = field(default_factory=dict)
    idf: dict[str, np.ndarray] = field(default_factory=dict)

    def fit(self, texts: list[str], words: list[str]) -> Featurizer:
        for kind, docs in (("word", words), ("char", texts)):
            vec = _vectorizer(kind, self.params).fit(docs)
            self.vocab[kind] = {t: int(i) for t, i in vec.vocabulary_.items()}
            self.idf[kind] = vec.idf_.astype(np.float64)
        return self

    def transform(self, texts: list[str], words: list[str]) -> sp.csr_matrix:
        blocks = []
        for kind, docs in (("word", words), ("char", texts)):
            x = self.counts(kind, docs)
            # sublinear tf times idf, then each row to unit length (as in fit)
            x.data = (1.0 + np.log(x.data)) * self.idf[kind][x.indices]
            lengths = np.diff(x.indptr)
            rows = np.repeat(np.arange(x.shape[0]), lengths)
            norms = np.sqrt(np.bincount(rows, x.data**2, minlength=x.shape[0]))
            x.data /= np.where(norms == 0, 1.0, norms)[rows]
            blocks.append(x)
        cues = cue_counts(texts, codes()) * self.params.cue_weight
        blocks.append(sp.csr_matrix(cues))
        return sp.hstack(blocks).tocsr()

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    def counts(self, kind: str, docs: list[str]) -> sp.csr_matrix:
        """Counts of the fitted vocabulary's terms (``kind`` "word" or "char")."""
        if kind == "word":
            lo, hi = self.params.word_ngrams
            vocab = self.vocab["word"]
            return _count(docs, lambda d: _word_ngrams(d, lo, hi), vocab, len(vocab))
        ids = self._char_ids()
        size = len(self.vocab["char"])
        return _count(
            docs, lambda d: [j for w in _char_words(d) for j in ids(w)], None, size
        )

    def _char_ids(self):
        """Vocabulary ids of one word's character n-grams, cached by word: a char_wb
        n-gram never crosses a word, and a language's words repeat."""
        if "_char_ids_fn" not in self.__dict__:
            vocab, (lo, hi) = self.vocab["char"], self.params.char_ngrams

            @functools.lru_cache(maxsize=1 << 16)
            def ids(word: str) -> tuple[int, ...]:
                found = map(vocab.get, _word_char_ngrams(word, lo, hi))
                return tuple(j for j in found if j is not None)

            self.__dict__["_char_ids_fn"] = ids
        return self.__dict__["_char_ids_fn"]

    def names(self) -> list[str]:
        """Feature names (computed once: a prediction per notice asks for them)."""
        cached = self.__dict__.get("_names")
        if cached is None:
            cached = self.__dict__["_names"] = self._names()
        return cached

    def _names(self) -> list[str]:
        out = [""] * (len(self.vocab["word"]) + len(self.vocab["char"]))
        for t, i in self.vocab["word"].items():
            out[i] = f"w:{t.replace('_', ' ')}"
        off = len(self.vocab["word"])
        for t, i in self.vocab["char"].items():
            out[off + i] = f"c:{t.strip()}"
        return out + [f"cue:{c}" for c in codes()]


# --- the learned model ----------------------------------------------------------------


@dataclass
class Model:
    """One-vs-rest logistic regressions with per-code calibration and thresholds."""

    params: TrainParams
    labels: list[str]
    features: Featurizer
    coef: np.ndarray  # (codes, features)
    intercept: np.ndarray  # (codes,)
    platt: np.ndarray  # (codes, 2): a, b of sigmoid(a * decision + b); a=0 -> plain LR
    thresholds: np.ndarray  # (codes,)

    def decision(self, x: sp.csr_matrix) -> np.ndarray:
        return np.asarray(x @ self.coef.T) + self.intercept

    def proba(self, x: sp.csr_matrix) -> np.ndarray:
        d = self.decision(x)
        a, b = self.platt[:, 0], self.platt[:, 1]
        z = np.where(a != 0, a * d + b, d)
        return 1.0 / (1.0 + np.exp(-z))

    def predict(self, texts: list[str], words: list[str] | None = None) -> list[dict]:
        """Codes, per-code scores and evidence terms of each text."""
        words = words if words is not None else [as_words(t) for t in texts]
        x = self.features.transform(texts, words)
        probs = self.proba(x)
        names = self.features.names()
        rows = [slice(x.indptr[i], x.indptr[i + 1]) for i in range(len(texts))]
        return [
            self._one(x.indices[r], x.data[r], probs[i], names)
            for i, r in enumerate(rows)
        ]

    def _one(
        self, indices: np.ndarray, data: np.ndarray, prob: np.ndarray, names: list[str]
    ) -> dict:
        """One item's codes and evidence from its feature row (CSR indices and values)."""
        off = len(names) - len(self.labels)
        cued = set((indices[(indices >= off) & (data > 0)] - off).tolist())
        relax = np.where(
            [j in cued for j in range(len(self.labels))], self.params.cue_relax, 1
        )
        chosen = [
            j
            for j in range(len(self.labels))
            if prob[j] >= self.thresholds[j] * relax[j]
        ]
        if not chosen:
            chosen = [int(np.argmax(prob))]  # every item has a code (TAXONOMY.md)
        if len(chosen) > 1:
            chosen = [j for j in chosen if self.labels[j] != OTHER]
        evidence = []
        for j in chosen:
            contrib = data * self.coef[j][indices]
            top = np.argsort(-contrib)[: self.params.evidence_terms]
            evidence += [
                f"{self.labels[j]}:{names[indices[k]]}" for k in top if contrib[k] > 0
            ]
        return {
            "codes": [self.labels[j] for j in chosen],
            "scores": {
                c: round(float(p), 4) for c, p in zip(self.labels, prob, strict=True)
            },
            "evidence": evidence,
            "model": MODEL_NAME,
        }


def fit(
    texts: list[str], words: list[str], y: np.ndarray, groups: list[str], p: TrainParams
) -> Model:
    """Fit the model; calibration and thresholds come from inner grouped folds."""
    labels = codes()
    feats = Featurizer(p).fit(texts, words)
    x = feats.transform(texts, words)
    coef, intercept = _fit_linear(x, y, p)
    platt = np.zeros((len(labels), 2))
    thresholds = np.full(len(labels), p.threshold)
    n_groups = len(set(groups))
    if (p.calibrate or p.tune_thresholds) and n_groups >= 2:
        oof = _inner_decisions(texts, words, y, groups, p, min(p.inner_folds, n_groups))
        for j in range(len(labels)):
            if p.calibrate:
                platt[j] = _platt(oof[:, j], y[:, j])
            probs = _apply_platt(oof[:, j], platt[j])
            if p.tune_thresholds:
                thresholds[j] = _best_threshold(probs, y[:, j], p.threshold)
    return Model(p, labels, feats, coef, intercept, platt, thresholds)


def _logistic_regression():
    from sklearn.linear_model import LogisticRegression  # training only

    return LogisticRegression


def _fit_linear(x, y, p: TrainParams) -> tuple[np.ndarray, np.ndarray]:
    coef = np.zeros((y.shape[1], x.shape[1]))
    intercept = np.full(
        y.shape[1], -10.0
    )  # a code never seen in training is never chosen
    for j in range(y.shape[1]):
        if 0 < y[:, j].sum() < len(y):
            lr = _logistic_regression()(
                C=p.C, class_weight="balanced", solver="liblinear", random_state=p.seed
            )
            lr.fit(x, y[:, j])
            coef[j], intercept[j] = lr.coef_[0], lr.intercept_[0]
    return coef, intercept


def _inner_decisions(texts, words, y, groups, p, k) -> np.ndarray:
    oof = np.zeros(y.shape, dtype=float)
    from sklearn.model_selection import GroupKFold

    split = GroupKFold(n_splits=k, shuffle=True, random_state=p.seed)
    for tr, te in split.split(texts, y, groups):
        feats = Featurizer(p).fit([texts[i] for i in tr], [words[i] for i in tr])
        coef, icpt = _fit_linear(
            feats.transform([texts[i] for i in tr], [words[i] for i in tr]), y[tr], p
        )
        xt = feats.transform([texts[i] for i in te], [words[i] for i in te])
        oof[te] = np.asarray(xt @ coef.T) + icpt
    return oof


def _platt(d: np.ndarray, t: np.ndarray) -> np.ndarray:
    if t.sum() == 0 or t.sum() == len(t):
        return np.zeros(2)
    lr = _logistic_regression()(C=1.0).fit(d.reshape(-1, 1), t)
    return np.array([lr.coef_[0, 0], lr.intercept_[0]])


def _apply_platt(d: np.ndarray, ab: np.ndarray) -> np.ndarray:
    z = ab[0] * d + ab[1] if ab[0] != 0 else d
    return 1.0 / (1.0 + np.exp(-z))


def _best_threshold(prob: np.ndarray, t: np.ndarray, default: float) -> float:
    """The threshold with the best out-of-fold F1; ties go nearest ``default``."""
    if t.sum() < 3:
        return default
    best = (-1.0, 0.0, default)
    for thr in np.round(np.arange(0.1, 0.91, 0.05), 2):
        pred = prob >= thr
        tp = float((pred & (t == 1)).sum())
        f1 = 2 * tp / (pred.sum() + t.sum()) if pred.sum() + t.sum() else 0.0
        best = max(best, (round(f1, 6), -abs(thr - default), float(thr)))
    return best[2]


# --- save / load ----------------------------------------------------------------------


def save(model: Model, folder: Path, chosen: str = "sklearn") -> None:
    """Write ``model.json`` and ``weights.npz`` into ``folder`` (atomically each)."""
    folder = Path(folder)
    meta = {
        "format_version": FORMAT_VERSION,
        "model": MODEL_NAME,
        "chosen": chosen,
        "labels": model.labels,
        "cues_version": load_cues().version,
        "params": asdict(model.params),
        "vocab": model.features.vocab,
        "thresholds": model.thresholds.tolist(),
        "platt": model.platt.tolist(),
    }
    tables.write_json(meta, folder / "model.json")
    with tables.atomic_path(folder / "weights.npz") as tmp, open(tmp, "wb") as fh:
        np.savez_compressed(
            fh,
            coef=model.coef,
            intercept=model.intercept,
            idf_word=model.features.idf["word"],
            idf_char=model.features.idf["char"],
        )


def load(folder: Path) -> tuple[Model, str]:
    """The model saved in ``folder`` and the classifier chosen at training.

    Raises:
        ModelError: another format version, or another label set than this code's.
    """
    path = Path(folder) / "model.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"{path}: model format version {meta.get('format_version')}, "
            f"this code reads version {FORMAT_VERSION}; retrain (dvc repro train)"
        )
    if meta.get("labels") != codes():
        raise ModelError(
            f"{path}: trained for labels {meta.get('labels')}, this code "
            f"expects {codes()}; retrain (dvc repro train)"
        )
    p = TrainParams(
        **{k: tuple(v) if isinstance(v, list) else v for k, v in meta["params"].items()}
    )
    with np.load(Path(folder) / "weights.npz", allow_pickle=False) as w:
        feats = Featurizer(
            p, meta["vocab"], {"word": w["idf_word"], "char": w["idf_char"]}
        )
        model = Model(
            p,
            meta["labels"],
            feats,
            w["coef"],
            w["intercept"],
            np.array(meta["platt"]),
            np.array(meta["thresholds"]),
        )
    return model, meta.get("chosen", "sklearn")
