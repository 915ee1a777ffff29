"""Sign-in benchmark: the time of one sign-in with the shipped Argon2id parameters.

    .venv/bin/python benchmarks/bench_accounts.py [--runs 30]

A counter database built by the real migrations in a temporary folder, one account
hashed with ``passwords.REAL``, then ``--runs`` sign-ins through the core service
(``services.accounts.sign_in``: the database read, Argon2id verification, the write
that clears the failure count) for each case: the right password, a wrong one
(the failure count is written; the account is unlocked between runs so that the
lock does not cut the measurement short), and an unknown login (a dummy
verification, so it answers no faster). Target: 0.2–0.5 s per sign-in.
The machine's load average is printed at the start and the end. Run it by hand.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.stats import summarize
from counter_app.core.domain.passwords import REAL, Passwords
from counter_app.core.errors import SignInFailed
from counter_app.core.services.accounts import create_local_admin, sign_in
from counter_app.core.services.context import Services
from counter_app.core.settings import Settings
from counter_app.core.store import models as m
from counter_app.core.store.engine import Database
from counter_app.core.store.migrate import upgrade

PASSWORD = "Cô Tô mùa gió bấc"


def timed(runs: int, action: Callable[[], object]) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        with contextlib.suppress(SignInFailed):
            action()
        samples.append(time.perf_counter() - start)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()}")
    print(
        f"Argon2id time_cost={REAL.time_cost} memory_cost={REAL.memory_cost} KiB "
        f"parallelism={REAL.parallelism}"
    )
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "counter.sqlite3")
        upgrade(db, Path(folder) / "backups", datetime.now(UTC))
        settings = Settings.from_values(
            {"agency.code": "000.17.22.H56", "agency.name": "Bench", "counter.number": 1}
        )
        services = Services(db, settings, passwords=Passwords(REAL))
        create_local_admin(services, "quantri", "Quản Trị Viên", PASSWORD)

        def wrong() -> None:
            with services.db.write() as session:  # keep it unlocked: measure the answer
                account = session.get(m.Account, "quantri")
                assert account is not None
                account.failures, account.first_failure_at, account.locked_until = 0, None, None
            sign_in(services, "quantri", "khong-dung-mat-khau")

        cases = {
            "right password": lambda: sign_in(services, "quantri", PASSWORD),
            "wrong password": wrong,
            "unknown login": lambda: sign_in(services, "khongco", PASSWORD),
        }
        for name, action in cases.items():
            samples = [s * 1000 for s in timed(args.runs, action)]
            print(f"{name:>15}: {summarize(samples).text('.0f', ' ms')}")
        db.close()
    print(f"load average at end: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
