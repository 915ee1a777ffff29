"""Background work: a job that may be cut off does not keep a closed program alive."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

# The job blocks for ever, so only abandoning it lets the program end: no duration to
# compare, the process either exits or is still there when the timeout runs out.
PROGRAM = """
import threading
from PySide6.QtCore import QCoreApplication
from counter_app.ui.app.operations import Operations
app = QCoreApplication([])
network = Operations("network", abandon_at_exit=True)
started = threading.Event()

def stuck():  # a request on a dead link that never returns
    started.set()
    threading.Event().wait()

network.run(stuck, lambda _: None)
assert started.wait(30), "the job never started"
print("job running", flush=True)
network.shutdown(wait=False)  # what the closing window does
"""


def test_closing_does_not_wait_for_a_stuck_sync_request() -> None:
    try:
        done = subprocess.run(
            [sys.executable, "-c", PROGRAM],
            cwd=ROOT,
            timeout=60,
            check=False,
            capture_output=True,
            text=True,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the program stayed alive behind a job that never ends")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "job running\n"  # it exited while the job was still blocked
