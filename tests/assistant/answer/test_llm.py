"""The LLM composer's plumbing with LangChain's own fake chat models: prompt assembly, marker
parsing, verification and failover to the extractive answer."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from assistant.answer.extractive import ExtractiveComposer
from assistant.answer.llm import LLMComposer, build_chat_model, build_messages, check_sentences
from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.types import Chunk, Hit

PPQ = (
    "The Bengaluru site completed three process performance qualification (PPQ) campaigns in "
    "2022. All three PPQ batches met their acceptance criteria."
)
STAFF = "Location: Bengaluru, India\nStaff: 1150\nOpened: 2009"


def _hit(chunk_id: str, text: str, title: str, dense: float) -> Hit:
    doc_id = chunk_id.split("#")[0]
    chunk = Chunk(
        id=chunk_id,
        doc_id=doc_id,
        text=text,
        lang="en",
        metadata={"title": title, "audience": "public", "source": f"{doc_id}.md"},
    )
    return Hit(chunk=chunk, score=dense, scores={"dense": dense})


HITS = [
    _hit("cs-ppq#0", PPQ, "PPQ at Bengaluru", 0.9),
    _hit("site-bengaluru#0", STAFF, "Bengaluru site facts", 0.85),
]
FALLBACK = ExtractiveComposer(threshold=0.8)
QUESTION = "How many PPQ campaigns did Bengaluru complete, and how many staff work there?"


def _composer(*responses: str, sleep: float | None = None, timeout_s: float = 5.0) -> LLMComposer:
    model = FakeListChatModel(responses=list(responses), sleep=sleep)
    return LLMComposer(model, fallback=FALLBACK, timeout_s=timeout_s)


def test_the_prompt_numbers_the_sources_and_names_the_answer_language() -> None:
    messages = build_messages("ベンガルールのPPQは何回？", lang="ja", hits=HITS)
    system, human = (str(m.content) for m in messages)
    assert "Answer in Japanese" in system and "[1]" in system
    assert "[1] PPQ at Bengaluru\n" + PPQ in human
    assert "[2] Bengaluru site facts\n" + STAFF in human
    assert human.endswith("Question: ベンガルールのPPQは何回？")


def test_markers_are_parsed_after_japanese_and_english_sentence_ends() -> None:
    checked = check_sentences(
        "ベンガルールでは3回のPPQを実施しました。[1] 従業員は1150名です[2]。 No marker here.",
        source_count=2,
    )
    assert [c.sources for c in checked] == [(1,), (2,)]
    assert checked[0].text.startswith("ベンガルールでは3回")


def test_a_verified_answer_keeps_cited_sentences_and_renumbers_them() -> None:
    composer = _composer(
        "The site has 1150 staff [2]. It completed three PPQ campaigns in 2022 [1]. "
        "It is the best CDMO in Asia. It also runs a moon base [7]."
    )
    result = composer.compose(QUESTION, lang="en", hits=HITS)
    assert result.composer == "llm" and not result.abstained
    assert result.text.splitlines() == [
        "The site has 1150 staff. [1]",
        "It completed three PPQ campaigns in 2022. [2]",
    ]
    assert [c.doc_id for c in result.citations] == ["site-bengaluru", "cs-ppq"]
    assert result.citations[0].quote == "Staff: 1150"
    assert result.citations[1].quote in PPQ and "three" in result.citations[1].quote


@pytest.mark.parametrize("output", ["", "NO_ANSWER", "Our site is excellent and trusted."])
def test_empty_or_uncited_output_fails_over_to_the_extractive_answer(output: str) -> None:
    result = _composer(output).compose(QUESTION, lang="en", hits=HITS)
    assert result.composer == "extractive"
    assert result.citations and "[1]" in result.text
    assert "excellent" not in result.text


def test_a_slow_model_fails_over_after_the_timeout() -> None:
    composer = _composer("The site has 1150 staff [2].", sleep=2.0, timeout_s=0.2)
    result = composer.compose(QUESTION, lang="en", hits=HITS)
    assert result.composer == "extractive"


class _BrokenChatModel(FakeListChatModel):
    """A chat model whose provider always fails, as a network error would."""

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        raise ConnectionError("connection refused by the model server")


def test_a_provider_error_fails_over_to_the_extractive_answer() -> None:
    composer = LLMComposer(_BrokenChatModel(responses=["x"]), fallback=FALLBACK)
    result = composer.compose(QUESTION, lang="en", hits=HITS)
    assert result.composer == "extractive" and result.citations


def test_weak_evidence_abstains_without_asking_the_model() -> None:
    class _MustNotBeCalled(FakeListChatModel):
        def _generate(self, *args: Any, **kwargs: Any) -> ChatResult:
            return ChatResult(generations=[ChatGeneration(message=AIMessage("invented [1]"))])

    weak = [_hit("cs-ppq#0", PPQ, "PPQ at Bengaluru", 0.7)]
    composer = LLMComposer(_MustNotBeCalled(responses=["x"]), fallback=FALLBACK)
    result = composer.compose("Do you make vaccines on Mars?", lang="en", hits=weak)
    assert result.abstained and "invented" not in result.text


def test_building_a_model_without_a_name_says_what_to_set() -> None:
    settings = Settings(_env_file=None, composer="llm")  # type: ignore[call-arg]
    with pytest.raises(ConfigError, match="ASSISTANT_LLM_MODEL"):
        build_chat_model(settings)
