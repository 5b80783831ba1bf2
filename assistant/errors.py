"""One error hierarchy for the whole product.

    AssistantError                 base: every error we raise on purpose
    ├── ConfigError                a setting or option has a value we cannot use
    ├── EmbedderError              an embedding backend cannot be loaded or used
    ├── StoreError                 the vector store cannot be opened or written
    │   ├── IndexNotReadyError     nothing has been ingested yet
    │   ├── EmbedderMismatchError  the index was built with another embedder
    │   └── IndexBusyError         another process (a server, an ingest) is writing the index
    ├── IngestError                a file or record cannot become Documents
    ├── DateFormatError            a date is not in an accepted spelling (assistant/text/dates.py)
    ├── QuestionError              a question is empty, too long or malformed
    ├── EvalError                  a question set, eval report or threshold file is unusable
    └── DocumentNotFound           no such document within the reader's ceiling

Messages name the bad value, what is allowed and the fix. Only `api/` maps these
to HTTP status codes; the CLI prints the message and exits non-zero.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error the assistant raises on purpose."""

    code = "assistant_error"


class ConfigError(AssistantError):
    """A setting or option has a value we cannot use."""

    code = "config_error"


class EmbedderError(AssistantError):
    """An embedding backend cannot be loaded or used."""

    code = "embedder_error"


class StoreError(AssistantError):
    """The vector store cannot be opened, read or written."""

    code = "store_error"


class IndexNotReadyError(StoreError):
    """Nothing has been ingested into the index yet."""

    code = "index_not_ready"


class EmbedderMismatchError(StoreError):
    """The index was built with a different embedder than the one configured."""

    code = "embedder_mismatch"


class IndexBusyError(StoreError):
    """Another process holds the embedded index (a running server or ingest)."""

    code = "index_busy"


class IngestError(AssistantError):
    """A file or record cannot be turned into Documents."""

    code = "ingest_error"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.reason = message


class DateFormatError(AssistantError, ValueError):
    """A date is not YYYY, YYYY-MM, YYYY-MM-DD, YYYY/MM/DD or 2025年3月(14日)."""

    code = "invalid_date"


class QuestionError(AssistantError):
    """A question is empty, too long or otherwise malformed."""

    code = "invalid_question"


class DocumentNotFound(AssistantError):
    """No document with that id exists within the reader's audience ceiling."""

    code = "not_found"


class EvalError(AssistantError):
    """A question set, an eval report or a thresholds file cannot be used."""

    code = "eval_error"
