"""One writer per embedded index: `assistant serve` and `assistant ingest` hold a lock file in
the data directory, so a second process refuses to write instead of corrupting Chroma.

Chroma's embedded PersistentClient is not safe with two writing processes. The lock is an
exclusive `flock` on `<data_dir>/assistant.lock` (released by the OS when the holder dies, so a
crashed server never blocks the next run) whose text says who holds it. Client–server mode
(ASSISTANT_CHROMA_URL) needs no lock: the Chroma server serialises writes itself."""

from __future__ import annotations

import fcntl
import json
import os
import time
from pathlib import Path
from types import TracebackType

from assistant.errors import IndexBusyError

LOCK_FILE = "assistant.lock"


class DataDirLock:
    """Exclusive use of an embedded index by one process; a context manager."""

    def __init__(self, data_dir: Path, *, role: str, address: str | None = None) -> None:
        self.path = Path(data_dir) / LOCK_FILE
        self.role = role
        self.address = address
        self._fd: int | None = None

    def acquire(self) -> DataDirLock:
        """Take the lock or raise IndexBusyError saying who holds it and what to do."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            os.close(fd)
            raise IndexBusyError(busy_message(self.path.parent, holder(self.path))) from exc
        info = {
            "role": self.role,
            "pid": os.getpid(),
            "address": self.address,
            "since": time.time(),
        }
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps(info).encode())
        self._fd = fd
        return self

    def release(self) -> None:
        """Give the lock back (the file stays; its lock is what counts)."""
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> DataDirLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def holder(path: Path) -> dict[str, object]:
    """What the lock file says about its holder (empty when unreadable)."""
    try:
        return dict(json.loads(path.read_text(encoding="utf-8") or "{}"))
    except (OSError, ValueError):
        return {}


def busy_message(data_dir: Path, info: dict[str, object]) -> str:
    """Who holds the index and the three ways forward."""
    role = str(info.get("role") or "another assistant process")
    who = f"`assistant {role}`" if role in {"serve", "ingest"} else role
    pid = f" (pid {info['pid']})" if info.get("pid") else ""
    address = str(info.get("address") or "http://<host>:<port>")
    if role == "serve":
        return (
            f"The index at {data_dir}/ is in use by {who}{pid} at {address}; Chroma's embedded "
            "store is not safe with two writing processes. Either stop the server and run "
            f"ingest again, or ingest through the server: `POST {address}/v1/admin/ingest` "
            "with an admin API key, or run a Chroma server (`chroma run --path "
            f"{data_dir}/chroma --port 8001`) and set ASSISTANT_CHROMA_URL=http://127.0.0.1:8001 "
            "for both the server and ingest."
        )
    return (
        f"The index at {data_dir}/ is in use by {who}{pid}; wait for it to finish (or stop it) "
        "and try again. Chroma's embedded store is not safe with two writing processes."
    )
