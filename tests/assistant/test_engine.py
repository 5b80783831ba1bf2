import pytest

from assistant.answer.extractive import quote_is_verbatim
from assistant.engine import Assistant
from assistant.errors import IndexNotReadyError, QuestionError
from assistant.types import Audience
from tests.conftest import make_settings


def _cited_docs(answer) -> set[str]:
    return {c.doc_id for c in answer.citations}


@pytest.mark.parametrize(
    "question",
    ["What did the Maryland site manufacture?", "メリーランド拠点では何を製造しましたか？"],
)
def test_maryland_question_cites_the_maryland_record(
    fixture_assistant: Assistant, question: str
) -> None:
    answer = fixture_assistant.ask(question)
    assert not answer.abstained, answer.abstain_reason
    assert "site-baltimore" in _cited_docs(answer)
    assert "monoclonal antibodies" in answer.text
    assert answer.lang == ("ja" if "メリーランド" in question else "en")


def test_every_marker_resolves_and_every_quote_is_verbatim(fixture_assistant: Assistant) -> None:
    answer = fixture_assistant.ask("How many staff does the Baltimore site have?")
    assert not answer.abstained
    chunks = {h.chunk.id: h.chunk for h in answer.hits}
    for citation in answer.citations:
        assert f"[{citation.n}]" in answer.text
        assert quote_is_verbatim(citation.quote, chunks[citation.chunk_id].text)
    assert "240" in answer.text


def test_confidential_text_never_reaches_a_public_request(fixture_assistant: Assistant) -> None:
    for question in (
        "What is Project TANCHO-9?",
        "TANCHO-9の製造実績を教えてください",
        "What did the Maryland site manufacture under a confidential agreement?",
    ):
        answer = fixture_assistant.ask(question, audience=Audience.PUBLIC)
        assert "TANCHO" not in answer.text
        assert all(h.chunk.audience == Audience.PUBLIC for h in answer.hits)
        assert "conf-kirin" not in _cited_docs(answer)


def test_confidential_reader_gets_the_confidential_record(fixture_assistant: Assistant) -> None:
    answer = fixture_assistant.ask("What is Project TANCHO-9?", audience=Audience.CONFIDENTIAL)
    assert "conf-kirin" in _cited_docs(answer)
    assert "TANCHO-9" in answer.text


def test_internal_pricing_needs_an_internal_ceiling(fixture_assistant: Assistant) -> None:
    public = fixture_assistant.ask("What is the BD pricing floor for 2,000 L mAb batches?")
    internal = fixture_assistant.ask(
        "What is the BD pricing floor for 2,000 L mAb batches?", audience=Audience.INTERNAL
    )
    assert "1.1 million" not in public.text
    assert "faq-pricing" in _cited_docs(internal)


def test_off_topic_question_abstains_in_its_language(fixture_assistant: Assistant) -> None:
    answer = fixture_assistant.ask("火星に工場を建設する予定はありますか？")
    assert answer.abstained
    assert answer.citations == []
    assert "担当" in answer.text


@pytest.mark.parametrize("bad", ["", "   ", "x" * 2001, "hello\x00world"])
def test_bad_questions_are_rejected_with_a_reason(fixture_assistant: Assistant, bad: str) -> None:
    with pytest.raises(QuestionError):
        fixture_assistant.ask(bad)


def test_asking_before_ingest_says_to_ingest(tmp_path, embedder) -> None:
    assistant = Assistant(make_settings(tmp_path / "empty"), embedder=embedder)
    with pytest.raises(IndexNotReadyError, match="assistant ingest"):
        assistant.ask("What did the Maryland site manufacture?")
