"""The cue words of follow-up resolution, per language, read from assistant/data/followup.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import ConfigError
from assistant.text import fold, normalize
from assistant.text.wordfile import load_words_yaml

FOLLOWUP_CUES = Path(__file__).resolve().parents[1] / "data" / "followup.yaml"


@dataclass(frozen=True)
class LangCues:
    """The cue words of one language (see assistant/data/followup.yaml)."""

    openers: tuple[str, ...]
    endings: tuple[str, ...]
    anaphora: Mapping[str, str]
    place_anaphora: frozenset[str]
    place_words: tuple[str, ...]
    not_after: tuple[str, ...]
    not_before: tuple[str, ...]
    own_subject: tuple[str, ...]
    regions: tuple[str, ...]
    not_after_region: tuple[str, ...]
    regulators: tuple[str, ...]
    markers: tuple[str, ...]
    modifiers: tuple[str, ...]
    topic_change: tuple[str, ...]
    filler: frozenset[str]
    doc_kinds: tuple[str, ...]
    ask_words: frozenset[str]
    templates: Mapping[str, str] = field(default_factory=dict)


class FollowupCues:
    """Cue words per language, read from a YAML file in the form of followup.yaml."""

    def __init__(self, langs: Mapping[str, LangCues]) -> None:
        self.langs = dict(langs)

    @classmethod
    def default(cls) -> FollowupCues:
        """The cues shipped with the assistant (`assistant/data/followup.yaml`)."""
        return _default_cues()

    @classmethod
    def from_yaml(cls, text: str, *, source: str = "<followup cues>") -> FollowupCues:
        """Parse cue YAML; errors name the source, the language and the field."""
        try:
            data = load_words_yaml(text)
        except yaml.YAMLError as exc:
            raise ConfigError(f"{source}: not valid YAML ({exc})") from exc
        if not isinstance(data, dict) or not {"en", "ja"} <= set(data):
            raise ConfigError(f"{source}: expected top-level 'en:' and 'ja:' sections")
        return cls({lang: _lang_cues(data[lang], where=f"{source}: {lang}") for lang in data})

    def of(self, lang: str) -> LangCues:
        """The cues of `lang` (English ones for any language without its own)."""
        return self.langs.get(lang) or self.langs["en"]


_TEMPLATES = ("predicate", "append", "what_about", "about", "modifier", "place", "join")


def _lang_cues(raw: Any, *, where: str) -> LangCues:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping of cue lists")

    def words(name: str) -> tuple[str, ...]:
        value = raw.get(name) or []
        if not isinstance(value, list):
            raise ConfigError(f"{where}: '{name}' must be a list of words, not {value!r}")
        return tuple(sorted((normalize(str(v)) for v in value), key=len, reverse=True))

    anaphora = raw.get("anaphora") or {}
    templates = raw.get("templates") or {}
    if not isinstance(anaphora, dict) or not all("{s}" in str(v) for v in anaphora.values()):
        raise ConfigError(f"{where}: 'anaphora' maps each cue to a text holding {{s}}")
    missing = [name for name in _TEMPLATES if name not in templates]
    if missing:
        raise ConfigError(f"{where}: 'templates' lacks {', '.join(missing)}")
    return LangCues(
        openers=words("openers"),
        endings=words("endings"),
        anaphora={
            normalize(str(k)): str(v)
            for k, v in sorted(anaphora.items(), key=lambda kv: -len(str(kv[0])))
        },
        place_anaphora=frozenset(words("place_anaphora")),
        place_words=words("place_words"),
        not_after=tuple(fold(w) for w in words("not_after")),
        not_before=words("not_before"),
        own_subject=words("own_subject"),
        regions=words("regions"),
        not_after_region=words("not_after_region"),
        regulators=words("regulators"),
        markers=words("markers"),
        modifiers=tuple(fold(w) for w in words("modifiers")),
        topic_change=words("topic_change"),
        filler=frozenset(fold(w) for w in words("filler")),
        doc_kinds=words("doc_kinds"),
        ask_words=frozenset(fold(w) for w in words("ask_words")),
        templates={name: str(templates[name]) for name in _TEMPLATES},
    )


@cache
def _default_cues() -> FollowupCues:
    return FollowupCues.from_yaml(
        FOLLOWUP_CUES.read_text(encoding="utf-8"), source=str(FOLLOWUP_CUES)
    )
