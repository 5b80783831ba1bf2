"""Folder defaults and the corpus's doc-type map: what a file's own metadata falls back on.

A `_defaults.yaml` in a folder sets fields (audience, doc_type, site, lang, any other) for
every file under it; the nearest folder wins, and a file's own front matter wins over all.
A `doc_types.yaml` at a corpus root maps the customer's doc_type labels onto known kinds.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import ConfigError, IngestError
from assistant.text.labels import DOC_TYPE_MAP_FILE, DocTypeMap
from assistant.types import Audience
from ingest.encoding import decode_bytes

DEFAULTS_FILE = "_defaults.yaml"
# Files that configure the corpus rather than hold documents: never ingested as content.
CONFIG_FILES = frozenset({DEFAULTS_FILE, DOC_TYPE_MAP_FILE})


@dataclass(frozen=True)
class FileDefaults:
    """What one file's metadata falls back on, and a fingerprint that changes with it."""

    audience: Audience = Audience.INTERNAL
    fields: dict[str, Any] = field(default_factory=dict)
    doc_types: DocTypeMap = field(default_factory=DocTypeMap)
    fingerprint: str = ""

    @property
    def names_audience(self) -> bool:
        """True when a folder default sets the audience (so a file without one is not lost)."""
        return bool(self.fields.get("audience"))


class FolderDefaults:
    """Reads (once per run) the `_defaults.yaml` chain and the doc-type map of one root."""

    def __init__(
        self,
        root: Path,
        *,
        default_audience: Audience,
        doc_types: DocTypeMap | None = None,
        read_map: bool = True,
    ) -> None:
        self._root = root if root.is_dir() else root.parent
        self._audience = default_audience
        self._folders: dict[Path, tuple[dict[str, Any], str]] = {}
        self._map = doc_types or DocTypeMap()
        self._map_text = ""
        map_file = self._root / DOC_TYPE_MAP_FILE
        if read_map and map_file.is_file():
            self._map_text = decode_bytes(map_file.read_bytes())
            self._map = self._map.merged(DocTypeMap.from_yaml(self._map_text, source=str(map_file)))

    def for_file(self, path: Path) -> FileDefaults:
        """The merged defaults for `path` (nearest folder wins); IngestError for a bad file."""
        chain: list[Path] = []
        folder = path.parent
        while True:
            chain.append(folder)
            if folder == self._root or folder.parent == folder:
                break
            folder = folder.parent
        merged: dict[str, Any] = {}
        digest = hashlib.sha256(self._map_text.encode("utf-8"))
        for folder in reversed(chain):
            values, text = self._folder(folder)
            merged.update(values)
            digest.update(text.encode("utf-8"))
        return FileDefaults(
            audience=self._audience,
            fields=merged,
            doc_types=self._map,
            fingerprint=digest.hexdigest()[:16] if self._map_text or merged else "",
        )

    def _folder(self, folder: Path) -> tuple[dict[str, Any], str]:
        if folder not in self._folders:
            self._folders[folder] = read_defaults_file(folder / DEFAULTS_FILE, root=self._root)
        return self._folders[folder]


def read_defaults_file(path: Path, *, root: Path) -> tuple[dict[str, Any], str]:
    """The fields of one `_defaults.yaml` (empty when absent) and its text."""
    if not path.is_file():
        return {}, ""
    where = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    text = decode_bytes(path.read_bytes())
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise IngestError(f"folder defaults {where} are not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise IngestError(
            f"folder defaults {where} must be a mapping of fields, e.g. 'audience: public'"
        )
    return {str(k).strip().lower(): v for k, v in data.items() if v not in (None, "")}, text


def doc_type_map_from_file(path: Path | None) -> DocTypeMap:
    """The map a setting names (ASSISTANT_DOC_TYPE_MAP), or an empty one."""
    if path is None:
        return DocTypeMap()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"cannot read the doc-type map {path}: {exc.strerror or exc}; "
            "fix ASSISTANT_DOC_TYPE_MAP"
        ) from exc
    return DocTypeMap.from_yaml(text, source=str(path))


__all__ = [
    "CONFIG_FILES",
    "DEFAULTS_FILE",
    "FileDefaults",
    "FolderDefaults",
    "doc_type_map_from_file",
    "read_defaults_file",
]
