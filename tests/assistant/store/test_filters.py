"""The one filter spec: Chroma's `where` and the in-memory mask select exactly the same rows.

Access control holds only if both retrieval legs drop the same chunks. Random audiences and
filters run through a real Chroma collection and through `FilterColumns.mask`; changing either
compilation alone (a clause, a missing-value rule) makes this fail.
"""

from __future__ import annotations

import random

import chromadb
import numpy as np
import pytest
from chromadb.config import Settings as ChromaSettings

from assistant.store.filters import FilterColumns, chroma_where, filter_clauses
from assistant.store.records import chunk_metadata
from assistant.types import Audience, Chunk, SearchFilters

SITES = ["bengaluru", "baltimore", "hyderabad", None]
DOC_TYPES = ["case_study", "site_fact", "regulatory_record", "faq"]
MODALITIES = ["adc", "mab", "hpapi", "peptide"]
DATES = ["2019-04-01", "2023-06-30", "2024-03-18", "2025-01-15", "2024-03", "2019", None]


def _random_chunk(rng: random.Random, n: int) -> Chunk:
    meta = {
        "doc_id": f"doc-{n}",
        "title": f"Doc {n}",
        "doc_type": rng.choice(DOC_TYPES),
        "audience": rng.choice(list(Audience)).value,
        "site": rng.choice(SITES),
        "modalities": rng.sample(MODALITIES, rng.randint(0, 2)),
        "date": rng.choice(DATES),
    }
    lang = rng.choice(["ja", "en"])
    return Chunk(id=f"doc-{n}#0", doc_id=f"doc-{n}", text=f"text {n}", lang=lang, metadata=meta)


def _random_filters(rng: random.Random) -> SearchFilters:
    return SearchFilters(
        site=rng.choice([None, None, *SITES[:-1]]),
        modalities=tuple(rng.sample(MODALITIES, rng.choice([0, 0, 1, 2]))),
        doc_type=rng.choice([None, None, *DOC_TYPES]),
        lang=rng.choice([None, None, "ja", "en"]),
        date_from=rng.choice([None, None, "2020-01-01", "2024-03-18"]),
        date_to=rng.choice([None, None, "2023-12-31", "2025-01-15", "2024-03-01", "2019"]),
    )


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, list[dict], list[str]]:
    rng = random.Random(7)
    chunks = [_random_chunk(rng, n) for n in range(80)]
    metas = [chunk_metadata(c, terms="t") for c in chunks]
    client = chromadb.PersistentClient(
        path=str(tmp_path_factory.mktemp("chroma")),
        settings=ChromaSettings(anonymized_telemetry=False),
    )
    collection = client.create_collection("filters", embedding_function=None)
    collection.add(
        ids=[c.id for c in chunks],
        embeddings=np.ones((len(chunks), 4), dtype=np.float32),
        documents=[c.text for c in chunks],
        metadatas=metas,
    )
    stored = collection.get(include=["metadatas"])
    return collection, list(stored["metadatas"]), list(stored["ids"])


def test_chroma_where_and_the_memory_mask_select_the_same_rows(rows) -> None:
    collection, metas, ids = rows
    columns = FilterColumns.from_metadata(metas)
    rng = random.Random(11)
    nonempty = 0
    for _ in range(150):
        audience = rng.choice(list(Audience))
        filters = _random_filters(rng)
        by_chroma = set(collection.get(where=chroma_where(audience, filters))["ids"])
        mask = columns.mask(filter_clauses(audience, filters))
        by_mask = {ids[i] for i in np.flatnonzero(mask)}
        assert by_chroma == by_mask, (audience, filters)
        nonempty += bool(by_mask)
    assert nonempty > 30  # the random filters do select rows, so equality means something


def test_the_ceiling_is_always_the_first_clause() -> None:
    clauses = filter_clauses(Audience.PUBLIC, SearchFilters(site="baltimore"))
    assert clauses[0].key == "audience_rank" and clauses[0].value == 0


def test_an_undated_row_fails_any_date_condition(rows) -> None:
    _, metas, ids = rows
    columns = FilterColumns.from_metadata(metas)
    dated = columns.mask(
        filter_clauses(Audience.CONFIDENTIAL, SearchFilters(date_from="1900-01-01"))
    )
    assert {ids[i] for i in np.flatnonzero(dated)} == {
        i for i, m in zip(ids, metas, strict=True) if m.get("date")
    }
