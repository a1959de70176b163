"""Which earlier row is most like each later one: sparse cosine in blocks (the tasks
stage's recurrence links and the follow-up stage's repeated directives)."""

from __future__ import annotations

import numpy as np


def _compact(x):
    """The same rows over only the columns they use (a product then allocates no 2**20 index)."""
    from scipy import sparse

    used, column = np.unique(x.indices, return_inverse=True)
    return sparse.csr_matrix((x.data, column, x.indptr), shape=(x.shape[0], len(used)))


def best_earlier(rows: list[int], day: np.ndarray, vectors, block: int = 256) -> dict:
    """For each row of ``rows`` (sorted by date), the most similar row of an earlier date;
    ``vectors`` holds the rows' vectors in the same order."""
    if len(rows) < 2:
        return {}
    v, dates = _compact(vectors), day[rows]
    best = {}
    for lo in range(0, len(rows), block):
        hi = min(lo + block, len(rows))
        sims = (v[lo:hi] @ v[:hi].T).toarray()
        sims[
            dates[:hi][None, :] >= dates[lo:hi][:, None]
        ] = -1.0  # only earlier notices
        for k, r in enumerate(sims):
            j = int(np.argmax(r))
            if r[j] > 0:
                best[rows[lo + k]] = (rows[j], float(r[j]))
    return best
