"""Request and response models, one per direction. Requests forbid unknown fields and coercion."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, field_validator

from assistant.errors import ConfigError, DateFormatError
from assistant.question.followup import MAX_TURNS
from assistant.store.documents import DocumentView, Facets
from assistant.text.dates import parse_date
from assistant.text.labels import normalize_label
from assistant.types import Answer, Audience, Citation, SearchFilters, Turn

Lang = Literal["ja", "en"]
_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"  # a partial date filters by its whole period
_NAME = r"^[\w\-. /]{1,100}$"


class FiltersIn(BaseModel):
    """Metadata filters; applied inside retrieval before anything is scored."""

    model_config = ConfigDict(extra="forbid")

    site: StrictStr | None = Field(None, pattern=_NAME, examples=["baltimore"])
    modalities: list[StrictStr] = Field(default_factory=list, max_length=10)
    doc_type: StrictStr | None = Field(
        None, min_length=1, max_length=100, examples=["case_study", "capability_sheet"]
    )
    lang: Lang | None = None
    date_from: StrictStr | None = Field(None, pattern=_DATE, examples=["2023-01-01"])
    date_to: StrictStr | None = Field(None, pattern=_DATE, examples=["2025-12-31"])

    @field_validator("doc_type")
    @classmethod
    def _normalized_doc_type(cls, value: str | None) -> str | None:
        """The label as ingest stores it ('Capability Sheet' -> 'capability_sheet')."""
        if value is None:
            return None
        try:
            return normalize_label(value)
        except ConfigError as exc:
            raise ValueError(str(exc)) from exc

    @field_validator("date_from", "date_to")
    @classmethod
    def _real_date(cls, value: str | None) -> str | None:
        """A real date or period (2025-13 is refused here, not deep in retrieval)."""
        if value is None:
            return None
        try:
            return parse_date(value).normalized
        except DateFormatError as exc:
            raise ValueError(str(exc)) from exc

    def to_filters(self) -> SearchFilters:
        """The core SearchFilters."""
        return SearchFilters(
            site=self.site,
            modalities=tuple(m[:100] for m in self.modalities),
            doc_type=self.doc_type,
            lang=self.lang,
            date_from=self.date_from,
            date_to=self.date_to,
        )


class TurnIn(BaseModel):
    """An earlier question of the conversation: as typed, and as answered if it was resolved."""

    model_config = ConfigDict(extra="forbid")

    question: StrictStr = Field(..., min_length=1, max_length=4000, examples=["And Baltimore?"])
    resolved: StrictStr | None = Field(
        None,
        min_length=1,
        max_length=4000,
        description="The `resolved_question` the answer to this turn carried, if any.",
        examples=["Which modalities does the Baltimore site handle?"],
    )

    def to_turn(self) -> Turn:
        """The core Turn."""
        return Turn(question=self.question, resolved=self.resolved)


class AskRequest(BaseModel):
    """A question to answer from the corpus."""

    model_config = ConfigDict(extra="forbid")

    question: StrictStr = Field(
        ...,
        min_length=1,
        max_length=4000,
        description="1–2,000 characters after trimming; no control characters.",
        examples=["What did the Maryland site manufacture?"],
    )
    lang: Lang | None = Field(None, description="Answer language; default: the question's.")
    filters: FiltersIn | None = None
    top_k: StrictInt | None = Field(None, ge=1, le=50, description="Hits given to the composer.")
    audience: Audience | None = Field(
        None, description="Lower the audience ceiling for this request (never raise it)."
    )
    history: list[TurnIn] = Field(
        default_factory=list,
        max_length=MAX_TURNS,
        description=f"Up to {MAX_TURNS} earlier questions, oldest first, for follow-ups "
        '("And Baltimore?"). Only their question texts are read; they never change the '
        "audience.",
    )

    def turns(self) -> tuple[Turn, ...]:
        """The history as core Turns."""
        return tuple(turn.to_turn() for turn in self.history)


class AskResponse(BaseModel):
    """A cited answer, or an abstention."""

    answer: str
    lang: str
    abstained: bool
    abstain_reason: str | None = None
    citations: list[Citation]
    composer: str
    trace_id: str
    timings_ms: dict[str, float]
    resolved_question: str | None = Field(
        None, description="The question actually answered, when a follow-up was resolved."
    )

    @classmethod
    def from_answer(cls, answer: Answer, *, trace_id: str) -> AskResponse:
        """Build the response body from the core Answer."""
        return cls(
            answer=answer.text,
            lang=answer.lang,
            abstained=answer.abstained,
            abstain_reason=answer.abstain_reason,
            citations=list(answer.citations),
            composer=answer.composer,
            trace_id=trace_id,
            timings_ms=answer.timings_ms,
            resolved_question=answer.resolved_question,
        )


class DocumentOut(BaseModel):
    """A cited document: metadata and its text."""

    doc_id: str
    title: str
    text: str
    source: str
    url: str | None = None
    site: str | None = None
    date: str | None = None
    lang: str
    doc_type: str
    audience: str
    modalities: list[str]
    date_precision: str | None = None
    extra: dict[str, str] = Field(
        default_factory=dict, description="Fields of the source file beyond the known ones."
    )
    labels: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="Readable ja/en names of the slugs shown."
    )
    blocks: list[dict[str, str]] = Field(
        default_factory=list,
        description="The text by heading path (`section`, `text`), for rendering headings.",
    )

    @classmethod
    def from_view(cls, view: DocumentView) -> DocumentOut:
        """Build the response body from the core DocumentView."""
        return cls(**view.__dict__)


class FacetsOut(BaseModel):
    """Filter values visible at the caller's ceiling."""

    sites: list[str]
    modalities: list[str]
    doc_types: list[str]
    langs: list[str]
    labels: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="Readable ja/en names of the values above."
    )

    @classmethod
    def from_facets(cls, facets: Facets) -> FacetsOut:
        """Build the response body from the core Facets."""
        return cls(**facets.__dict__)


class FeedbackRequest(BaseModel):
    """A rating of one answer, by its trace id."""

    model_config = ConfigDict(extra="forbid")

    trace_id: StrictStr = Field(..., pattern=r"^[0-9a-f]{32}$")
    rating: Literal["up", "down"]
    comment: StrictStr | None = Field(None, max_length=2000)


class FeedbackResponse(BaseModel):
    """The stored feedback's trace id."""

    trace_id: str
    stored: bool = True


class IngestRequest(BaseModel):
    """Folders to (re)ingest; each must lie inside a configured corpus path."""

    model_config = ConfigDict(extra="forbid")

    paths: list[StrictStr] = Field(default_factory=list, max_length=20)


class ErrorBody(BaseModel):
    """The machine-readable code and the human message of an error."""

    code: str
    message: str


class ErrorResponse(BaseModel):
    """The one error shape of every route."""

    error: ErrorBody


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (400, 401, 403, 404, 413, 422, 429, 503, 504)
}
