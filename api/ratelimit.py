"""Per-key / per-IP rate limits over the `limits` library, shared by every worker that uses the
same storage.

`ASSISTANT_RATE_LIMIT_STORAGE` picks the storage: `memory://` (the default) counts in this
process, so N workers or N servers would allow N x the configured rate; a Redis URL
(`redis://127.0.0.1:6379/0`) makes every worker and server count against one set of
windows (see docs/deployment.md). A moving window: the (n+1)th request within any window of
the configured length is refused, and Retry-After says when the oldest one leaves it.
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, RateLimitItemPerSecond
from limits.errors import ConfigurationError, StorageError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from assistant.errors import ConfigError

MEMORY_STORAGE = "memory://"
# Namespace of our windows in a shared storage (a Redis may hold other applications' keys).
_NAMESPACE = "sponsor-qa"


class RateLimitStorageError(ConfigError):
    """The rate-limit storage (a Redis server) cannot be reached."""

    code = "rate_limit_storage"


class RateLimiter:
    """Moving-window limits keyed by caller; `take` says how long to wait when one is full."""

    def __init__(self, storage_url: str = MEMORY_STORAGE) -> None:
        try:
            self._storage = storage_from_string(storage_url, wrap_exceptions=True)
        except (ConfigurationError, ValueError) as exc:
            raise ConfigError(
                f"rate-limit storage {storage_url!r} is not usable ({exc}): set "
                "ASSISTANT_RATE_LIMIT_STORAGE to 'memory://' or 'redis://HOST:PORT/DB'"
            ) from exc
        self.storage_url = storage_url
        self._limiter = MovingWindowRateLimiter(self._storage)

    def check(self) -> None:
        """Fail now, naming the storage, when it cannot be reached."""
        if not self._storage.check():
            raise RateLimitStorageError(
                f"rate-limit storage {self.storage_url!r} does not answer: start it, or "
                "unset ASSISTANT_RATE_LIMIT_STORAGE to count in each process"
            )

    def take(self, key: str, *, rate_per_s: float, burst: int) -> float:
        """Count one request of `key` against `burst` per `burst / rate_per_s` seconds: 0.0
        when allowed, else seconds until the window has room again."""
        item = window(rate_per_s=rate_per_s, burst=burst)
        try:
            if self._limiter.hit(item, _NAMESPACE, key):
                return 0.0
            stats = self._limiter.get_window_stats(item, _NAMESPACE, key)
        except StorageError as exc:
            raise RateLimitStorageError(
                f"rate-limit storage {self.storage_url!r} failed ({exc.storage_error}): "
                "check that it is running and reachable from this server"
            ) from exc
        return max(stats.reset_time - time.time(), 0.001)


def window(*, rate_per_s: float, burst: int) -> RateLimitItem:
    """`burst` requests per `burst / rate_per_s` seconds, as a `limits` item ('30/min': 30 per
    60 s)."""
    seconds = max(1, round(burst / rate_per_s))
    return RateLimitItemPerSecond(burst, seconds)


def retry_after(wait_s: float) -> str:
    """The Retry-After header value: whole seconds, at least 1."""
    return str(max(1, math.ceil(wait_s)))
