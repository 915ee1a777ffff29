"""Background work: a job that may be cut off does not keep a closed program alive."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

ABANDON = """
import time
from PySide6.QtCore import QCoreApplication
from counter_app.ui.operations import Operations
app = QCoreApplication([])
network = Operations("network", abandon_at_exit=True)
network.run(lambda: time.sleep(60), lambda _: None)  # a request stuck on a dead link
network.shutdown(wait=False)  # what the closing window does
"""


def test_closing_does_not_wait_for_a_stuck_sync_request() -> None:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", ABANDON], cwd=ROOT, timeout=50, check=False, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 50  # not the 60 s the thread would keep it alive
