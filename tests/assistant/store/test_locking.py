"""One writer per embedded index: the data-dir lock."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.errors import IndexBusyError
from assistant.store.locking import LOCK_FILE, DataDirLock
from tests.conftest import REPO

HOLDER = """
import sys, time
from pathlib import Path
from assistant.store.locking import DataDirLock
lock = DataDirLock(Path(sys.argv[1]), role="serve", address="http://127.0.0.1:8765").acquire()
print("locked", flush=True)
time.sleep(60)
"""


def test_a_second_holder_is_refused_with_who_holds_it_and_what_to_do(tmp_path: Path) -> None:
    with DataDirLock(tmp_path, role="serve", address="http://127.0.0.1:8000"):
        with pytest.raises(IndexBusyError) as info:
            DataDirLock(tmp_path, role="ingest").acquire()
        message = str(info.value)
        assert "`assistant serve`" in message and "http://127.0.0.1:8000" in message
        assert "stop the server" in message
        assert "POST http://127.0.0.1:8000/v1/admin/ingest" in message
        assert "ASSISTANT_CHROMA_URL" in message
    DataDirLock(tmp_path, role="ingest").acquire().release()  # free again after release


def test_an_ingest_in_progress_blocks_a_server(tmp_path: Path) -> None:
    busy = r"in use by `assistant ingest` \(pid \d+\)"
    with DataDirLock(tmp_path, role="ingest"), pytest.raises(IndexBusyError, match=busy):
        DataDirLock(tmp_path, role="serve").acquire()


def test_the_lock_of_a_dead_process_does_not_block(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(IndexBusyError, match=f"pid {holder.pid}"):
            DataDirLock(tmp_path, role="ingest").acquire()
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    assert (tmp_path / LOCK_FILE).exists()  # the stale file remains; its lock died with it
    DataDirLock(tmp_path, role="ingest").acquire().release()
