"""Metadata labels as customers write them: normalised slugs, readable names, doc-type maps.

Any `doc_type` label is accepted and normalised (NFKC, snake_case); the known kinds in
`assistant.types.DOC_TYPES` keep their special handling, and a small YAML mapping
(`doc_types.yaml` at a corpus root, or the file `ASSISTANT_DOC_TYPE_MAP` names) maps a
customer's labels onto them. Readable names for slugs come from `assistant/data/labels.yaml`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from assistant.errors import ConfigError
from assistant.text.wordfile import load_words_yaml
from assistant.types import DOC_TYPES

DOC_TYPE_MAP_FILE = "doc_types.yaml"
_SEPARATORS = re.compile(r"[^\w]+|_+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def normalize_label(value: object) -> str:
    """'Regulatory Summary', 'regulatory-summary', 'RegulatorySummary' -> 'regulatory_summary'.

    NFKC first (full-width letters and digits become ASCII); Japanese labels keep their
    characters. An empty label is a ConfigError."""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    text = _CAMEL.sub("_", text).lower()
    slug = _SEPARATORS.sub("_", text).strip("_")
    if not slug:
        raise ConfigError(f"label {value!r} has no letters or digits; give a word such as 'faq'")
    return slug


def is_known_doc_type(slug: str) -> bool:
    """True for the kinds that get special handling (case_study, site_fact, ...)."""
    return slug in DOC_TYPES


@dataclass(frozen=True)
class DocTypeMap:
    """Customer doc_type labels mapped onto known kinds; unmapped labels pass through."""

    mapping: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_yaml(cls, text: str, *, source: str) -> DocTypeMap:
        """Parse `label: known_kind` lines; an unknown target kind is a ConfigError."""
        try:
            data: Any = load_words_yaml(text) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"{source} is not valid YAML: {exc}") from exc
        if not isinstance(data, dict):
            raise ConfigError(
                f"{source} must map labels to known kinds, e.g. 'capability_sheet: site_fact'"
            )
        mapping: dict[str, str] = {}
        for label, kind in data.items():
            target = normalize_label(kind)
            if not is_known_doc_type(target):
                raise ConfigError(
                    f"{source}: {label!r} maps to {kind!r}; map onto one of "
                    f"{', '.join(DOC_TYPES)} (or remove the line to keep the label as it is)"
                )
            mapping[normalize_label(label)] = target
        return cls(mapping)

    def merged(self, other: DocTypeMap) -> DocTypeMap:
        """This map with `other`'s entries added (other wins on a clash)."""
        return DocTypeMap({**self.mapping, **other.mapping})

    def apply(self, label: object) -> str:
        """The normalised label, or the known kind it is mapped onto."""
        slug = normalize_label(label)
        return self.mapping.get(slug, slug)


@cache
def _bundled_labels() -> dict[str, dict[str, str]]:
    text = resources.files("assistant").joinpath("data/labels.yaml").read_text(encoding="utf-8")
    data = load_words_yaml(text) or {}
    return {str(k): {str(lang): str(v) for lang, v in names.items()} for k, names in data.items()}


def bundled_label(slug: str, *, lang: str = "en") -> str | None:
    """The shipped name of a known slug in `lang` ('hpapi' -> 'HPAPI'), None for others."""
    return _bundled_labels().get(slug, {}).get(lang)


def readable_label(slug: str, *, lang: str = "en") -> str:
    """'small_molecule' -> 'Small molecule' (en) / '低分子' (ja); unknown slugs humanized."""
    names = _bundled_labels().get(slug)
    if names and lang in names:
        return names[lang]
    words = slug.replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else slug


def label_names(slugs: list[str]) -> dict[str, dict[str, str]]:
    """{slug: {'ja': ..., 'en': ...}} for every slug, for pages that show facets."""
    return {s: {lang: readable_label(s, lang=lang) for lang in ("ja", "en")} for s in slugs}


__all__ = [
    "DOC_TYPE_MAP_FILE",
    "bundled_label",
    "DocTypeMap",
    "is_known_doc_type",
    "label_names",
    "normalize_label",
    "readable_label",
]
