"""Per-key / per-IP token buckets (in process: each uvicorn worker counts its own requests)."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

_MAX_BUCKETS = 10_000


class RateLimiter:
    """Token buckets keyed by caller; `take` says how long to wait when a bucket is empty."""

    def __init__(self, *, clock: Callable[[], float] | None = None) -> None:
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()
        self._clock = clock or time.monotonic

    def take(self, key: str, *, rate_per_s: float, burst: int) -> float:
        """Spend one token of `key`'s bucket: 0.0 when allowed, else seconds until one refills."""
        now = self._clock()
        with self._lock:
            tokens, stamp = self._buckets.pop(key, (float(burst), now))
            tokens = min(float(burst), tokens + (now - stamp) * rate_per_s)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                wait = 0.0
            else:
                self._buckets[key] = (tokens, now)
                wait = (1.0 - tokens) / rate_per_s
            while len(self._buckets) > _MAX_BUCKETS:
                self._buckets.popitem(last=False)
        return wait


def retry_after(wait_s: float) -> str:
    """The Retry-After header value: whole seconds, at least 1."""
    return str(max(1, math.ceil(wait_s)))
