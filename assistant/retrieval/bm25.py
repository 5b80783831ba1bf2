"""Building the lexical leg's bm25s indexes, one per audience ceiling, from shared term counts.

`bm25s.BM25.index` counts terms document by document in Python; rebuilding three audience
indexes that way took 10.7 s at 100,000 chunks (bench/retrieval.py). Here every chunk's term
counts are made once per snapshot (`term_counts`), and each ceiling's index is a few array
operations over them with bm25s's own IDF and term-frequency functions (`build_bm25`): 1-2 s
for all three. Each ceiling's statistics are those of the chunks it may read, exactly as if
bm25s had indexed only them (tests compare the scores with `bm25s.BM25.index`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class TermCounts:
    """Every chunk's distinct terms and their counts, made once per snapshot and shared by the
    audience indexes: a sparse chunks x terms matrix, plus each chunk's length."""

    matrix: Any  # scipy.sparse.csr_matrix of float32 counts, one row per chunk
    lengths: np.ndarray  # int64 terms of each chunk, repeats counted (BM25's document length)


def term_counts(flat: np.ndarray, lengths: np.ndarray, *, n_terms: int) -> TermCounts:
    """TermCounts of chunks whose term numbers lie end to end in `flat`, `lengths` per chunk."""
    sparse = _scipy_sparse()
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    matrix = sparse.csr_matrix(
        (np.ones(len(flat), dtype=np.float32), flat, indptr), shape=(len(lengths), n_terms)
    )
    matrix.sum_duplicates()  # sorts each row's few terms: cheaper than one global sort
    return TermCounts(matrix=matrix, lengths=np.asarray(lengths, dtype=np.int64))


def build_bm25(
    counts: TermCounts,
    members: np.ndarray,
    *,
    vocab: dict[str, int],
    k1: float,
    b: float,
    method: str = "lucene",
) -> Any:
    """A bm25s index of the chunks at rows `members` (in that order), scored with bm25s's own
    IDF and term-frequency functions but computed for all entries at once.

    bm25s.BM25.index would count terms document by document in Python, once per audience
    ceiling; here the counts are shared and each ceiling costs a few array operations. The
    statistics (document frequencies, average length) are those of `members` alone, exactly as
    if the index had been built from those chunks only (tests compare with bm25s.index).
    """
    bm25s, _select_idf_scorer, _select_tfc_scorer = _bm25s_scorers()
    if method not in _METHODS_WITHOUT_NONOCCURRENCE:
        raise ValueError(
            f"BM25 method {method!r} is not supported; use one of {_METHODS_WITHOUT_NONOCCURRENCE}"
        )
    n_docs, n_terms = len(members), len(vocab)
    tf = counts.matrix[members]  # the members' rows, in order
    lengths = counts.lengths[members].astype(np.float32)
    df = np.bincount(tf.indices, minlength=n_terms)
    # bm25s's IDF functions take one document frequency; there are few distinct ones.
    distinct, slot = np.unique(df, return_inverse=True)
    idf_of = _select_idf_scorer(method)
    per_df = [idf_of(int(d), N=n_docs) if d else 0.0 for d in distinct]
    idf = np.asarray(per_df, dtype=np.float32)[slot]
    tfc = _select_tfc_scorer(method)(
        tf_array=tf.data,
        l_d=np.repeat(lengths, np.diff(tf.indptr)),
        l_avg=float(lengths.mean()),
        k1=k1,
        b=b,
    )
    tf.data = (idf[tf.indices] * tfc).astype(np.float32)  # tf is our own copy: now scores
    scores = tf.tocsc()  # bm25s reads each query term's column
    bm25 = bm25s.BM25(k1=k1, b=b, method=method)
    bm25.scores = {
        "data": scores.data,
        "indices": scores.indices,
        "indptr": scores.indptr,
        "num_docs": n_docs,
    }
    bm25.vocab_dict = vocab
    bm25.nonoccurrence_array = None
    return bm25


def _bm25s_scorers() -> tuple[Any, Any, Any]:
    """bm25s and its IDF / term-frequency scorer selectors. They are private to bm25s, so this
    module is the only one that touches them, and a release that renames them is reported as
    an unsupported bm25s version, not as a missing package."""
    try:
        import bm25s
        import bm25s.scoring as scoring
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise ImportError(
            "the lexical leg needs bm25s: run `pip install 'bm25s>=0.3,<0.4'`"
        ) from exc
    try:
        return bm25s, scoring._select_idf_scorer, scoring._select_tfc_scorer
    except AttributeError as exc:
        version = getattr(bm25s, "__version__", "unknown")
        raise ImportError(
            f"bm25s {version} no longer has the scorer functions this index is built with "
            "(bm25s.scoring._select_idf_scorer/_select_tfc_scorer); install the supported "
            "release: `pip install 'bm25s>=0.3,<0.4'`"
        ) from exc


def _scipy_sparse() -> Any:
    try:
        from scipy import sparse
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise ImportError("the lexical leg needs scipy: run `pip install scipy`") from exc
    return sparse


# BM25L and BM25+ add a per-term score for documents without the term; not built here.
_METHODS_WITHOUT_NONOCCURRENCE = ("lucene", "robertson", "atire")
