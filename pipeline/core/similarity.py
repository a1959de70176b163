"""Which earlier row is most like each later one: sparse cosine in blocks (the tasks
stage's recurrence links and the follow-up stage's repeated directives)."""

from __future__ import annotations

import numpy as np


def _compact(x):
    """The same rows over only the columns they use (a product then allocates no 2**20 index)."""
    from scipy import sparse

    used, column = np.unique(x.indices, return_inverse=True)
    return sparse.csr_matrix((x.data, column, x.indptr), shape=(x.shape[0], len(used)))


def best_earlier(
    rows: list[int], day: np.ndarray, vectors, block: int = 256,
    window: int | None = None,
) -> dict:
    """For each row of ``rows`` (sorted by date), the most similar row of an earlier date;
    ``vectors`` holds the rows' vectors in the same order. ``window``: look back over at
    least that many rows only (time linear in the rows, not quadratic); None: all."""
    if len(rows) < 2:
        return {}
    v, dates = _compact(vectors), day[rows]
    best = {}
    for lo in range(0, len(rows), block):
        hi = min(lo + block, len(rows))
        start = 0 if window is None else max(0, lo - window)
        sims = (v[lo:hi] @ v[start:hi].T).toarray()
        sims[
            dates[start:hi][None, :] >= dates[lo:hi][:, None]
        ] = -1.0  # only earlier notices
        for k, r in enumerate(sims):
            j = int(np.argmax(r))
            if r[j] > 0:
                best[rows[lo + k]] = (rows[start + j], float(r[j]))
    return best


def fit_tfidf(texts, chunk: int = 20000, sublinear_tf: bool = False, **options):
    """A TfidfVectorizer(sublinear_tf=..., **options) with exactly the vocabulary and idf that ``fit(texts)``
    gives, counted over the distinct texts a chunk at a time: fitting on a national
    corpus's texts at once holds the matrix of all of them (issue 18). Transform the
    texts a group at a time."""
    import pandas as pd
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    copies = pd.Series(texts).value_counts(sort=False)
    distinct, weight = copies.index.to_list(), copies.to_numpy()
    df = None
    for lo in range(0, len(distinct), chunk):
        count = CountVectorizer(binary=True, **options)
        try:
            x = count.fit_transform(distinct[lo : lo + chunk])
        except ValueError:  # no n-gram in this chunk (only short texts)
            continue
        part = pd.Series(
            np.asarray(x.T @ weight[lo : lo + chunk]).ravel(),
            index=count.get_feature_names_out(),
        )
        df = part if df is None else df.add(part, fill_value=0)
    if df is None:
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    df = df.sort_index()  # the order fit() gives its columns
    vec = TfidfVectorizer(
        vocabulary=dict(zip(df.index, range(len(df)))), sublinear_tf=sublinear_tf,
        **options,
    )
    n = len(texts) + 1  # smooth_idf: one document holding every term
    vec.idf_ = np.log(n / (df.to_numpy(dtype=float) + 1)) + 1
    return vec
