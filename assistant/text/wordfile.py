"""YAML files of words (cue lists, glossaries, doc-type maps), read so that a word stays a word.

PyYAML follows YAML 1.1, where a plain `yes`, `no`, `on` or `off` is a boolean: a filler list
holding `- no` read as "false", so "no" was no small talk. These files are read as YAML 1.2
reads them: only `true` and `false` are booleans, every other plain scalar keeps its type
(string, number), and the errors are PyYAML's (`yaml.YAMLError`).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_BOOL = "tag:yaml.org,2002:bool"


class _WordLoader(yaml.SafeLoader):
    """The safe loader with YAML 1.2's booleans (true/false only)."""


_WordLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_WordLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_words_yaml(text: str) -> Any:
    """The data of a YAML document, `yes`/`no`/`on`/`off` read as the words they are."""
    return yaml.load(text, Loader=_WordLoader)  # noqa: S506 - a SafeLoader subclass


__all__ = ["load_words_yaml"]
