"""An asked year: the answer must speak of it, and the hits that name it are read on their
own when the best-scored quotes speak of another (three files of the aozora eval corpus)."""

from __future__ import annotations

import shutil

import pytest

from assistant.answer.answer_types import hits_of_years, holds_asked_number
from assistant.engine import Assistant
from assistant.question.understanding import understand
from tests.conftest import REPO, make_settings, run_ingest

AOZORA = REPO / "eval" / "corpora" / "aozora" / "public"


@pytest.fixture(scope="module")
def aozora_part(tmp_path_factory: pytest.TempPathFactory, embedder) -> Assistant:
    """The English company profile, the Japanese Shizuoka site page and the inspection log."""
    corpus = tmp_path_factory.mktemp("aozora-part")
    shutil.copy(AOZORA / "company" / "company-profile-en.md", corpus)
    shutil.copy(AOZORA / "sites" / "shizuoka.md", corpus)
    (corpus / "regulatory").mkdir()
    shutil.copy(AOZORA / "regulatory" / "inspections.csv", corpus / "regulatory")
    (corpus / "_defaults.yaml").write_text("audience: public\n", encoding="utf-8")
    settings = make_settings(tmp_path_factory.mktemp("aozora-part-index"))
    report = run_ingest(settings, embedder, corpus)
    assert report.ok, report.failed
    return Assistant(settings, embedder=embedder, record_gaps=False)


def test_the_hits_naming_the_asked_year_answer_when_the_best_quotes_speak_of_none(
    aozora_part: Assistant,
) -> None:
    """The English profile's Shizuoka bullet scores best but names no 2019; the Japanese site
    page's 2019 line answers (before: an abstention, 'no quoted source speaks of 2019')."""
    answer = aozora_part.ask(
        "What did the 2019 FDA inspection of the Shizuoka plant find?", audience="public"
    )
    assert not answer.abstained, answer.abstain_reason
    assert "指摘事項なし（NAI）" in answer.text
    assert all("2019" in c.quote or "2019" in (c.date or "") for c in answer.citations[:1])


def test_hits_of_years_keeps_retrieval_order(make_hit) -> None:
    hits = [
        make_hit("profile#0", "Revenue for fiscal 2024 was JPY 41.2 billion."),
        make_hit("insp#0", "Outcome: NAI", metadata={"date": "2019-10-21"}),
        make_hit("site#3", "2019年10月の米国FDA承認前査察：指摘事項なし（NAI）", lang="ja"),
    ]
    assert [h.chunk.id for h in hits_of_years(hits, [2019])] == ["insp#0", "site#3"]
    assert hits_of_years(hits, [2021]) == []


def test_a_count_question_is_not_answered_by_its_own_year(said) -> None:
    """'How many batches failed in 2021?' is not answered by 'acquired in July 2021.'; a
    quote that holds another number is."""
    question = understand("How many batches failed in 2021?")

    assert not holds_asked_number(said("The New Jersey site was acquired in July 2021."), question)
    assert holds_asked_number(said("Batch failures: 1"), question)
    what = understand("What did the 2019 FDA inspection find?")
    assert holds_asked_number(said("It closed in 2019 with no findings."), what)
