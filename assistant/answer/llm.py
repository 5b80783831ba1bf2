"""The optional LLM composer: a LangChain chat model writes the answer, every sentence cited.

The extractive composer runs first and decides abstention, so the model is only asked when
verified evidence exists. The model sees the retrieved chunks as numbered sources; a
post-check keeps only sentences that cite at least one of those numbers and nothing else,
renumbers the markers and attaches a verbatim quote of each cited chunk. On error, timeout,
or an empty result the extractive answer is returned instead (`Composition.composer` says
which composer produced the answer).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.answer.composer import Composition
from assistant.answer.extractive import ExtractiveComposer, make_citation
from assistant.errors import ConfigError
from assistant.text import sentence_spans, terms
from assistant.types import Citation, Hit

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

    from assistant.config import Settings

log = logging.getLogger(__name__)

NO_ANSWER = "NO_ANSWER"
_LANG_NAMES = {"ja": "Japanese", "en": "English"}
_SYSTEM = (
    "You answer questions from pharmaceutical sponsors about a contract manufacturer (CDMO), "
    "using ONLY the numbered sources below. Answer in {language}. Write at most four short "
    "sentences. End every sentence with the number of the source that supports it, in square "
    "brackets, like [1] or [1][2]. Never state anything the sources do not say; do not "
    "guess numbers, dates or names. If the sources do not answer the question, reply with "
    "exactly {no_answer}."
)
_OTHER_LANG_NOTE = {
    "ja": "（英語の資料に基づく回答です）",
    "en": "(Based on Japanese-language material.)",
}
# A sentence of model output: text up to an end mark, then any citation markers after it.
_OUTPUT_SENTENCE = re.compile(
    r"[^。！？!?\n]*?(?:[。！？!?]|\.(?=\s|$|\[)|\n|$)(?:[ \t]*\[[\d ,，、]+\])*"
)
_MARKER = re.compile(r"\[([\d ,，、]+)\]")


@dataclass(frozen=True)
class CheckedSentence:
    """A model sentence that passed the post-check, with the source numbers it cites."""

    text: str
    sources: tuple[int, ...]


def build_messages(question: str, *, lang: str, hits: list[Hit]) -> list[BaseMessage]:
    """System instructions plus the numbered sources and the question."""
    from langchain_core.messages import HumanMessage, SystemMessage

    blocks = []
    for n, hit in enumerate(hits, start=1):
        chunk = hit.chunk
        heading = chunk.title if not chunk.section else f"{chunk.title} — {chunk.section}"
        blocks.append(f"[{n}] {heading}\n{chunk.text}")
    system = _SYSTEM.format(language=_LANG_NAMES.get(lang, "English"), no_answer=NO_ANSWER)
    human = "Sources:\n\n" + "\n\n".join(blocks) + f"\n\nQuestion: {question}"
    return [SystemMessage(content=system), HumanMessage(content=human)]


def check_sentences(output: str, *, source_count: int) -> list[CheckedSentence]:
    """Sentences of the model output that cite only retrieved sources (1..source_count)."""
    kept = []
    for match in _OUTPUT_SENTENCE.finditer(output):
        sentence = match.group(0).strip()
        if not sentence or sentence == NO_ANSWER:
            continue
        cited: list[int] = []
        for marker in _MARKER.finditer(sentence):
            cited.extend(int(n) for n in re.split(r"[ ,，、]+", marker.group(1)) if n)
        if not cited:
            log.info("LLM sentence dropped, it cites nothing: %r", sentence)
            continue
        if any(n < 1 or n > source_count for n in cited):
            log.info("LLM sentence dropped, it cites a source not retrieved: %r", sentence)
            continue
        kept.append(CheckedSentence(text=sentence, sources=tuple(dict.fromkeys(cited))))
    return kept


def supporting_quote(chunk_text: str, claims: list[str]) -> str:
    """The chunk sentence (verbatim) sharing the most content terms with the claims."""
    claim_terms = set(terms(" ".join(claims)))
    spans = sentence_spans(chunk_text)
    best = max(
        spans,
        key=lambda span: len(claim_terms & set(terms(chunk_text[span[0] : span[1]]))),
        default=(0, len(chunk_text)),
    )
    return chunk_text[best[0] : best[1]]


def render_checked(
    sentences: list[CheckedSentence], *, hits: list[Hit], lang: str
) -> tuple[str, list[Citation]]:
    """Renumber markers by first use and build one citation (with a verbatim quote) each."""
    numbering: dict[int, int] = {}
    for sentence in sentences:
        for source in sentence.sources:
            numbering.setdefault(source, len(numbering) + 1)
    lines = []
    for sentence in sentences:
        body = re.sub(r"\s+([。．.!?！？、,])", r"\1", _MARKER.sub("", sentence.text)).rstrip()
        markers = "".join(f"[{numbering[s]}]" for s in sentence.sources)
        lines.append(f"{body} {markers}")
    citations = []
    for source, n in numbering.items():
        hit = hits[source - 1]
        claims = [s.text for s in sentences if source in s.sources]
        citations.append(make_citation(n, hit, supporting_quote(hit.chunk.text, claims)))
    text = "\n".join(lines)
    if any(hits[s - 1].chunk.lang != lang for s in numbering):
        text += "\n" + _OTHER_LANG_NOTE.get(lang, "")
    return text, citations


class LLMComposer:
    """Answers through a LangChain chat model; falls back to the extractive composer."""

    name = "llm"

    def __init__(
        self,
        chat_model: BaseChatModel,
        *,
        fallback: ExtractiveComposer,
        timeout_s: float = 20.0,
        max_sources: int = 5,
    ) -> None:
        self.chat_model = chat_model
        self.fallback = fallback
        self.timeout_s = timeout_s
        self.max_sources = max_sources
        # The composer's own pool, made with it (not at import): a timed-out call keeps its
        # thread until the model answers, so calls never wait behind another process's.
        self._executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="llm-composer")

    def compose(
        self,
        question: str,
        *,
        lang: str,
        hits: list[Hit],
        query_vector: np.ndarray | None = None,
        unknown_terms: Sequence[str] = (),
        mentions: Sequence[frozenset[str]] = (),
        lang_shares: Mapping[str, float] | None = None,
        sites: Sequence[str] = (),
    ) -> Composition:
        """The model's cited answer, or the extractive one when the model fails."""
        extractive = self.fallback.compose(
            question,
            lang=lang,
            hits=hits,
            query_vector=query_vector,
            unknown_terms=unknown_terms,
            mentions=mentions,
            lang_shares=lang_shares,
            sites=sites,
        )
        if extractive.abstained:
            return extractive
        sources = hits[: self.max_sources]
        try:
            output = self._invoke(build_messages(question, lang=lang, hits=sources))
        except FutureTimeout:
            log.warning("LLM composer timed out after %.1fs; extractive used", self.timeout_s)
            return extractive
        except _provider_errors() as exc:
            log.warning("LLM composer failed (%s); extractive answer used", exc)
            return extractive
        checked = check_sentences(output, source_count=len(sources))
        if not checked:
            log.warning("LLM composer gave no cited sentence; extractive answer used")
            return extractive
        text, citations = render_checked(checked, hits=sources, lang=lang)
        return replace(extractive, text=text, citations=citations, composer=self.name)

    def _invoke(self, messages: list[BaseMessage]) -> str:
        future = self._executor.submit(self.chat_model.invoke, messages)
        try:
            message = future.result(timeout=self.timeout_s)
        except FutureTimeout:
            future.cancel()
            raise
        content: Any = message.content
        if isinstance(content, list):  # content blocks: keep the text parts
            content = "".join(
                part if isinstance(part, str) else str(part.get("text", "")) for part in content
            )
        return str(content or "").strip()


def _provider_errors() -> tuple[type[BaseException], ...]:
    """Errors a chat provider raises on failure (its SDK's and the HTTP stack's, if present)."""
    from langchain_core.exceptions import LangChainException

    errors: list[type[BaseException]] = [
        LangChainException,
        OSError,
        TimeoutError,
        ValueError,
        RuntimeError,
    ]
    try:
        import httpx

        errors.append(httpx.HTTPError)
    except ImportError:  # pragma: no cover - httpx is a core dependency
        pass
    try:
        import openai

        errors.append(openai.OpenAIError)
    except ImportError:
        pass
    return tuple(errors)


def build_chat_model(settings: Settings) -> BaseChatModel:
    """The LangChain chat model the settings name (imported lazily; an optional extra)."""
    if not settings.llm_model:
        raise ConfigError(
            "composer 'llm' needs a model: set ASSISTANT_LLM_MODEL (e.g. 'gpt-4o-mini' or "
            "'qwen2.5:7b'), or use ASSISTANT_COMPOSER=extractive"
        )
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    if settings.llm_provider == "openai":
        try:
            from langchain_openai import ChatOpenAI
        except ImportError as exc:
            raise ConfigError(
                "llm_provider 'openai' needs langchain-openai: "
                "`pip install 'sponsor-qa-assistant[llm]'`"
            ) from exc
        return ChatOpenAI(
            model=settings.llm_model,
            base_url=settings.llm_base_url,
            api_key=key or "not-needed",
            timeout=settings.llm_timeout_s,
            max_retries=0,
            temperature=0,
        )
    try:
        from langchain_ollama import ChatOllama
    except ImportError as exc:
        raise ConfigError(
            "llm_provider 'ollama' needs langchain-ollama: "
            "`pip install 'sponsor-qa-assistant[llm]'`"
        ) from exc
    return ChatOllama(
        model=settings.llm_model,
        base_url=settings.llm_base_url,
        temperature=0,
        client_kwargs={"timeout": settings.llm_timeout_s},
    )
