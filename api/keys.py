"""API keys: a JSON file of SHA-256 hashes (never secrets), plus keys given in Settings.

The file looks like `{"keys": [{"name", "sha256", "audience", "rate", "admin"}]}`.
`assistant keys add NAME --audience A` appends to it and prints the secret once.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from assistant.config import ApiKeySpec, Settings
from assistant.errors import ConfigError
from assistant.types import Audience

KEY_PREFIX = "sqa_"
_PERIODS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60}
_PERIODS.update({"h": 3600, "hour": 3600})


@dataclass(frozen=True)
class Caller:
    """Who is asking: a key's name (or `anonymous`), its ceiling, rate and admin flag."""

    name: str
    audience: Audience
    rate_per_s: float
    burst: int
    admin: bool = False
    anonymous: bool = False


def parse_rate(rate: str) -> tuple[float, int]:
    """'60/min' -> (1.0 requests per second, burst 60)."""
    match = re.fullmatch(r"(\d+)/(\w+)", rate.strip())
    if not match or match.group(2) not in _PERIODS or int(match.group(1)) < 1:
        raise ConfigError(f"rate {rate!r} is not like '60/min', '5/s' or '1000/hour'")
    count = int(match.group(1))
    return count / _PERIODS[match.group(2)], count


def hash_key(secret: str) -> str:
    """The SHA-256 hex digest stored in place of a key."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def caller_for(spec: ApiKeySpec) -> Caller:
    """The Caller a stored key stands for."""
    per_s, burst = parse_rate(spec.rate)
    return Caller(
        name=spec.name, audience=spec.audience, rate_per_s=per_s, burst=burst, admin=spec.admin
    )


def read_keys_file(path: Path) -> list[ApiKeySpec]:
    """The keys of a keys file (none when it does not exist)."""
    if not path.exists():
        return []
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return [ApiKeySpec(**item) for item in raw.get("keys", [])]
    except (OSError, ValueError, TypeError, AttributeError, ValidationError) as exc:
        raise ConfigError(
            f"the API keys file {path} cannot be read ({exc.__class__.__name__}); fix its JSON "
            'to {"keys": [{"name", "sha256", "audience", "rate", "admin"}]} or remove it'
        ) from exc


def add_key(
    path: Path, name: str, *, audience: Audience, rate: str = "60/min", admin: bool = False
) -> str:
    """Create a key called `name`, store its hash in `path` and return the secret (shown once)."""
    parse_rate(rate)
    specs = read_keys_file(path)
    if any(spec.name == name for spec in specs):
        raise ConfigError(f"an API key named {name!r} already exists in {path}; pick another name")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    try:
        spec = ApiKeySpec(
            name=name, sha256=hash_key(secret), audience=audience, rate=rate, admin=admin
        )
    except ValidationError as exc:
        raise ConfigError(f"invalid key {name!r}: {exc.errors()[0]['msg']}") from exc
    specs.append(spec)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    payload = {"keys": [s.model_dump(mode="json") for s in specs]}
    tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.chmod(tmp, 0o600)
    tmp.replace(path)
    return secret


class KeyRing:
    """Looks callers up by key hash; re-reads the keys file when it changes on disk."""

    def __init__(self, settings: Settings) -> None:
        self._path = settings.resolved_keys_file()
        self._static = {spec.sha256: caller_for(spec) for spec in settings.api_keys}
        self._anonymous_rate = parse_rate(settings.anonymous_rate)
        self._lock = threading.Lock()
        self._stamp: tuple[float, int] | None = None
        self._from_file: dict[str, Caller] = {}
        self._refresh()

    def _refresh(self) -> None:
        try:
            stat = self._path.stat()
            stamp: tuple[float, int] | None = (stat.st_mtime, stat.st_size)
        except OSError:
            stamp = None
        with self._lock:
            if stamp == self._stamp:
                return
            specs = read_keys_file(self._path) if stamp else []
            self._from_file = {spec.sha256: caller_for(spec) for spec in specs}
            self._stamp = stamp

    def lookup(self, secret: str) -> Caller | None:
        """The caller holding `secret`, or None when no key matches."""
        self._refresh()
        digest = hash_key(secret)
        return self._static.get(digest) or self._from_file.get(digest)

    def anonymous(self) -> Caller:
        """The caller of a request without a key: public ceiling, per-IP rate."""
        per_s, burst = self._anonymous_rate
        return Caller(
            name="anonymous",
            audience=Audience.PUBLIC,
            rate_per_s=per_s,
            burst=burst,
            anonymous=True,
        )
