"""Cross-language term aliases for the composer, read from bilingual glossaries.

A glossary (`corpus/glossary.yaml`) lists the English and Japanese forms of one concept.
When a question contains every term of one form, the terms of all the concept's forms are
added, so a Japanese question can meet the words of an English sentence (and the reverse)
when sentences are scored and evidence coverage is measured.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml

from assistant.errors import ConfigError
from assistant.text import terms


class GlossaryAliases:
    """A term expander built from bilingual glossary files."""

    def __init__(self, concepts: Sequence[Sequence[tuple[str, ...]]]) -> None:
        self._concepts = [[form for form in forms if form] for forms in concepts]

    @classmethod
    def from_files(cls, paths: Sequence[Path]) -> GlossaryAliases:
        """Load `terms: [{en: [...], ja: [...]}, ...]` glossaries."""
        concepts = []
        for path in paths:
            try:
                data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
            except (OSError, yaml.YAMLError) as exc:
                raise ConfigError(
                    f"cannot read glossary {path}: {exc}; fix the file or remove it from "
                    "ASSISTANT_GLOSSARY_PATHS"
                ) from exc
            for entry in data.get("terms", []) if isinstance(data, dict) else []:
                forms = [*entry.get("en", []), *entry.get("ja", [])]
                concepts.append([tuple(terms(str(form))) for form in forms])
        return cls(concepts)

    def __call__(self, question_terms: Sequence[str]) -> list[str]:
        """Terms of every concept one of whose forms the question contains in full."""
        present = set(question_terms)
        added: list[str] = []
        for forms in self._concepts:
            if any(set(form) <= present for form in forms):
                for form in forms:
                    added.extend(t for t in form if t not in present)
        return list(dict.fromkeys(added))

    def covered(self, question_terms: set[str], text_terms: frozenset[str]) -> set[str]:
        """Question terms a text covers through another form of the same concept."""
        found: set[str] = set()
        for forms in self._concepts:
            asked = [form for form in forms if form and set(form) <= question_terms]
            if asked and any(form and set(form) <= text_terms for form in forms):
                for form in asked:
                    found.update(form)
        return found
