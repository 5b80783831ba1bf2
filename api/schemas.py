"""Request and response models, one per direction."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from assistant.types import Answer, Audience


class AskRequest(BaseModel):
    """A question to answer from the corpus."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(
        ..., min_length=1, max_length=4000, examples=["What did the Maryland site manufacture?"]
    )
    audience: Audience | None = Field(
        None, description="Lower the audience ceiling for this request (never raise it)."
    )


class CitationOut(BaseModel):
    """One `[n]` marker's source and the exact quote it supports."""

    n: int
    doc_id: str
    chunk_id: str
    title: str
    source: str
    quote: str
    section: str = ""
    page: int | None = None
    url: str | None = None
    site: str | None = None
    date: str | None = None
    lang: str = "en"


class AskResponse(BaseModel):
    """A cited answer, or an abstention."""

    answer: str
    lang: str
    abstained: bool
    abstain_reason: str | None = None
    citations: list[CitationOut]
    composer: str
    timings_ms: dict[str, float]

    @classmethod
    def from_answer(cls, answer: Answer) -> AskResponse:
        """Build the response body from the core Answer."""
        return cls(
            answer=answer.text,
            lang=answer.lang,
            abstained=answer.abstained,
            abstain_reason=answer.abstain_reason,
            citations=[CitationOut(**c.__dict__) for c in answer.citations],
            composer=answer.composer,
            timings_ms=answer.timings_ms,
        )


class ErrorBody(BaseModel):
    """The machine-readable code and the human message of an error."""

    code: str
    message: str


class ErrorResponse(BaseModel):
    """The one error shape of every route."""

    error: ErrorBody
