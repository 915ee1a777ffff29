"""Child process for the crash tests: receives dossiers until it is killed.

    python -m tests.e2e.crash_worker DATA_DIR pause   stop inside the first transaction
    python -m tests.e2e.crash_worker DATA_DIR loop    receive forever, print each code

Each code is printed only after its transaction committed, exactly like a receipt.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from counter_app.app import start
from counter_app.core.services.reception import receive
from counter_app.core.services.reception_json import parse_reception
from counter_app.paths import AppPaths
from tests.e2e.cli_helpers import BIRTH


def _hang_after_first_flush(session: Session, _context: Any) -> None:
    print("FLUSHED", flush=True)
    threading.Event().wait()  # never returns: the parent kills us here


def main() -> None:
    data_dir, mode = Path(sys.argv[1]), sys.argv[2]
    services = start(AppPaths.resolve(data_dir))
    import json

    request = parse_reception(json.dumps(BIRTH))
    if mode == "pause":
        event.listen(Session, "after_flush", _hang_after_first_flush)
    print("READY", flush=True)
    while True:
        print(receive(services, request).code, flush=True)


if __name__ == "__main__":
    main()
