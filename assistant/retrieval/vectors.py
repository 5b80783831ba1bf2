"""The dense leg's search structure: an exact, in-memory copy of the chunk vectors held in Chroma.

Chroma stays the source of truth for vectors. Searching it with a `where` filter (the audience
ceiling is always one) costs 40–80 ms at 10,000 chunks on 2 cores because Chroma scans the
metadata table per query (bench/retrieval.py), while an exact matrix–vector product over the
rows the reader may see, masked before scoring, costs about a millisecond. So the derived
index that the lexical leg rebuilds on each ingest generation also carries this matrix.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class VectorIndex:
    """Unit-normalized chunk vectors in the row order of a Bm25Index, searched exactly."""

    def __init__(self, matrix: np.ndarray) -> None:
        matrix = np.asarray(matrix, dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        self.matrix = matrix / norms

    def __len__(self) -> int:
        """Number of vectors."""
        return int(self.matrix.shape[0])

    def search(self, vector: np.ndarray, *, k: int, rows: np.ndarray) -> list[tuple[int, float]]:
        """The k rows among `rows` with the highest cosine to `vector`, best first."""
        return self.search_groups(vector, k=k, groups=[rows])[0]

    def search_groups(
        self, vector: np.ndarray, *, k: int, groups: Sequence[np.ndarray]
    ) -> list[list[tuple[int, float]]]:
        """`search` within each group of rows (one per document language), from one product."""
        if k <= 0 or not any(rows.size for rows in groups):
            return [[] for _ in groups]
        # One product over all rows, then pick the allowed ones: gathering the allowed rows
        # first would copy most of the matrix on every query, and a product per group would
        # read the whole matrix once per group (it is memory-bound: ~10 ms at 100k chunks).
        all_sims = self.matrix @ _unit(vector)
        found = []
        for rows in groups:
            sims = all_sims[rows]
            top = np.argpartition(-sims, k - 1)[:k] if sims.size > k else np.arange(sims.size)
            top = top[np.argsort(-sims[top], kind="stable")]
            found.append([(int(rows[i]), float(sims[i])) for i in top])
        return found

    def cosines(self, vector: np.ndarray, rows: Sequence[int]) -> np.ndarray:
        """Cosine of `vector` to each of `rows`."""
        return self.matrix[np.asarray(rows, dtype=np.int64)] @ _unit(vector)


def _unit(vector: np.ndarray) -> np.ndarray:
    query = np.asarray(vector, dtype=np.float32).ravel()
    return query / (float(np.linalg.norm(query)) or 1.0)
