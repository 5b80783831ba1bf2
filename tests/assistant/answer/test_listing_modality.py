"""A list that asks for one modality lists only documents that name it, in either language
(the aozora eval corpus's case studies and PPQ records)."""

from __future__ import annotations

import shutil

import pytest

from assistant.engine import Assistant
from tests.conftest import REPO, make_settings, run_ingest

AOZORA = REPO / "eval" / "corpora" / "aozora" / "public"


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory, embedder) -> Assistant:
    corpus = tmp_path_factory.mktemp("aozora-cases")
    shutil.copy(AOZORA / "_defaults.yaml", corpus)
    shutil.copytree(AOZORA / "case-studies", corpus / "case-studies")
    (corpus / "regulatory").mkdir()
    shutil.copy(AOZORA / "regulatory" / "ppq-records.yaml", corpus / "regulatory")
    settings = make_settings(tmp_path_factory.mktemp("aozora-cases-index"))
    report = run_ingest(settings, embedder, corpus)
    assert report.ok, report.failed
    return Assistant(settings, embedder=embedder, record_gaps=False)


def test_a_modality_list_quotes_only_documents_that_name_the_modality(cases: Assistant):
    """Before: the best-retrieved case study (an antiviral API) named no peptide, so every
    case study was listed; now an anchor must name the asked modality, and so must each item."""
    answer = cases.ask("ペプチドの実績をすべて挙げてください", audience="public")
    assert not answer.abstained, answer.abstain_reason
    assert answer.citations
    for citation in answer.citations:
        hit = next(h for h in answer.hits if h.chunk.doc_id == citation.doc_id)
        text = (hit.chunk.title + hit.chunk.text).lower()
        assert "ペプチド" in text or "peptide" in text, citation.doc_id
    assert "az-ss-shizuoka-antiviral-scaleup" not in {c.doc_id for c in answer.citations}
