"""The similarity helpers the follow-up and tasks stages share (issue 18: they must give
the same answers at a province's scale and stay bounded at a nation's)."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from pipeline.core.similarity import best_earlier, fit_tfidf

OPTIONS = {"analyzer": "char_wb", "ngram_range": (3, 5)}
# directives written for this test, with repeats (the idf counts every copy)
TEXTS = [
    "giao so tai chinh chu tri tham muu phuong an",
    "so xay dung kiem tra cong trinh truoc ngay 30",
    "giao so tai chinh chu tri tham muu phuong an",
    "cong an tinh bao dam an ninh trat tu",
    "ubnd cac huyen rà soát quỹ đất",
    "",
    "so xay dung kiem tra cong trinh truoc ngay 30",
    "giao so y te theo doi dich benh",
]


@pytest.mark.parametrize("chunk", [1, 2, 3, 100])
def test_fit_tfidf_in_chunks_equals_fitting_every_text_at_once(chunk):
    whole = TfidfVectorizer(sublinear_tf=True, **OPTIONS).fit(TEXTS)
    parts = fit_tfidf(TEXTS, chunk=chunk, sublinear_tf=True, **OPTIONS)
    assert parts.vocabulary_ == whole.vocabulary_
    np.testing.assert_array_equal(parts.idf_, whole.idf_)
    assert (parts.transform(TEXTS) != whole.transform(TEXTS)).nnz == 0


def test_fit_tfidf_of_texts_without_any_ngram_refuses_like_sklearn():
    with pytest.raises(ValueError, match="empty vocabulary"):
        fit_tfidf(["", " "], **OPTIONS)


def _vectors(texts):
    return TfidfVectorizer(**OPTIONS).fit(texts).transform(texts)


def test_best_earlier_finds_the_most_similar_row_of_an_earlier_day():
    texts = ["kiem tra cong trinh", "bao cao ket qua", "kiem tra cong trinh xay dung",
             "bao cao ket qua thuc hien"]
    day = np.array(["2024-01-01", "2024-02-01", "2024-03-01", "2024-03-01"])
    best = best_earlier([0, 1, 2, 3], day, _vectors(texts))
    assert best[2][0] == 0 and best[3][0] == 1
    assert 0 not in best  # nothing before the first day
    assert best[2][1] == pytest.approx(float((_vectors(texts)[2] @ _vectors(texts)[0].T)
                                             .toarray()[0, 0]))


def test_a_window_looks_back_only_so_far_and_is_exact_within_it():
    # row 0 is the twin of the last row; a window of 3 rows (blocks of 2) cannot see it
    texts = ["giao so y te theo doi dich benh"] + [f"viec khac so {i} cua tinh" for i in range(6)]
    texts.append("giao so y te theo doi dich benh")
    day = np.array([f"2024-01-{i + 1:02d}" for i in range(len(texts))])
    rows = list(range(len(texts)))
    full = best_earlier(rows, day, _vectors(texts), block=2)
    windowed = best_earlier(rows, day, _vectors(texts), block=2, window=3)
    assert full[7] == (0, pytest.approx(1.0))
    assert windowed[7][0] != 0
    # a window as long as the rows changes nothing
    assert best_earlier(rows, day, _vectors(texts), block=2, window=len(rows)) == full
