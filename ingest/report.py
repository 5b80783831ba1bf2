"""What one ingestion run changed, what failed, and what readers cannot see."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.types import Audience


@dataclass
class IngestReport:
    """What one ingestion run changed, and what failed."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    files: int = 0
    documents: int = 0
    chunks_written: int = 0
    chunks_removed: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0
    # Set by a rebuild: whether readers were switched to the new collection.
    activated: bool | None = None
    default_audience: str = Audience.INTERNAL.value
    audience_defaulted: list[str] = field(default_factory=list)
    units_total: int = 0
    units_embedded: int = 0
    unit_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when no file failed."""
        return not self.failed

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready summary."""
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": len(self.unchanged),
            "removed": self.removed,
            "failed": [{"path": p, "reason": r} for p, r in self.failed],
            "files": self.files,
            "documents": self.documents,
            "chunks_written": self.chunks_written,
            "chunks_removed": self.chunks_removed,
            "seconds": round(self.seconds, 3),
            "embed_seconds": round(self.embed_seconds, 3),
            **({} if self.activated is None else {"rebuild_activated": self.activated}),
            "units_total": self.units_total,
            "units_embedded": self.units_embedded,
            "unit_seconds": round(self.unit_seconds, 3),
            "audience_defaulted": self.audience_defaulted,
            "notices": self.notices(),
        }

    def notices(self) -> list[str]:
        """What readers cannot see and how to fix it."""
        count = len(self.audience_defaulted)
        if not count or self.default_audience == Audience.PUBLIC.value:
            return []
        examples = ", ".join(self.audience_defaulted[:_NOTICE_EXAMPLES])
        more = f" and {count - _NOTICE_EXAMPLES} more" if count > _NOTICE_EXAMPLES else ""
        readers = (
            "public/anonymous readers cannot see them"
            if self.default_audience == Audience.INTERNAL.value
            else "public/anonymous and internal readers cannot see them"
        )
        return [
            f"{count} document{'s' if count != 1 else ''} had no audience and defaulted to "
            f"{self.default_audience}: {readers} — add `audience:` to the file or a "
            f"`_defaults.yaml` in its folder ({examples}{more})"
        ]


_NOTICE_EXAMPLES = 5
