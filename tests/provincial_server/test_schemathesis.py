"""The whole API fuzzed from its own OpenAPI document (schemathesis), against a real server.

The schemathesis CLI runs as a subprocess against a real server process (SQLite here;
PostgreSQL under ``dev.py test-postgres``) with an enrolled device's token. Its phases:
the schema's examples; "coverage", boundary and type-violating values derived
deterministically from every schema (most of the cases: ~830 for ``/v1/events``
alone); "fuzzing", ``MAX_EXAMPLES`` random positive and negative cases per operation
from a fixed seed; "stateful" has nothing to do (no operation links to another).

Every check is on (``[checks] enabled = true``): no 5xx, only declared status codes,
content types, headers and bodies (``ErrorReply`` with ``server_time`` for every
refusal), valid data accepted, invalid data refused, undeclared methods refused with
405 and an Allow header, a secured operation refused without its token
(``ignored_auth``). The resource checks (``use_after_free``,
``ensure_resource_availability``, ``object_level_authorization``) stay on but have
nothing to act on: no operation creates or deletes a resource by id.

One exception, for ``POST /v1/events`` only: ``negative_data_rejection``. A batch
that parses as ``{"events": [...]}`` is answered 200, event by event, and an event
that breaks the schema is *rejected in that answer*, with its reason, never the
batch (one bad event must not wedge the queue: DESIGN.md, "No poison pill"). The
check would call that 200 a schema-violating request accepted; the per-event
verdicts are tested in test_hostile.py. The check stays on for the other operations.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.servers import Server
from tests.wire import A

pytestmark = pytest.mark.slow

SEED = 20260311  # fixed: the same cases on every run (shown in the summary)
MAX_EXAMPLES = 100  # fuzzing phase, per operation; the coverage phase is bounded by the schema

CONFIG = """
[checks]
enabled = true

[auth.openapi.HTTPBearer]
bearer = "${PROVINCE_TOKEN}"

[generation]
database = "none"

[[operations]]
include-name = "POST /v1/events"
# Answered per event: a schema-violating event is rejected inside a 200 (module docstring).
checks.negative_data_rejection.enabled = false
"""


def run_schemathesis(server: Server, token: str, folder: Path) -> tuple[int, str, Path]:
    folder.mkdir()
    config = folder / "schemathesis.toml"
    config.write_text(CONFIG)
    events = folder / "events.ndjson"
    command = [
        sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "run",
        f"{server.url}/openapi.json", "--seed", str(SEED), "--max-examples", str(MAX_EXAMPLES),
        "--report", "ndjson", "--report-ndjson-path", str(events), "--no-color",
    ]  # fmt: skip
    done = subprocess.run(
        command,
        cwd=folder,  # Hypothesis keeps its caches in the working directory
        env=os.environ | {"PROVINCE_TOKEN": token},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr, events


class Tally:
    """Cases per operation (by generation mode) and its responses by status class."""

    def __init__(self) -> None:
        self.cases: dict[str, Counter[str]] = defaultdict(Counter)
        self.replies: dict[str, Counter[str]] = defaultdict(Counter)

    @classmethod
    def read(cls, events: Path) -> Tally:
        """From the run's NDJSON event stream: one ``ScenarioFinished`` per operation and phase."""
        tally = cls()
        for line in events.read_text().splitlines() if events.exists() else ():
            finished = json.loads(line).get("ScenarioFinished")
            if finished is None:
                continue
            label, recorder = finished["recorder"]["label"], finished["recorder"]
            for case in recorder.get("cases", {}).values():
                tally.cases[label][case["value"]["meta"]["generation"]["mode"]] += 1
            for interaction in recorder.get("interactions", {}).values():
                response = interaction.get("response")
                status = f"{response['status_code'] // 100}xx" if response else "no reply"
                tally.replies[label][status] += 1
        return tally

    def total(self, status: str) -> int:
        return sum(replies[status] for replies in self.replies.values())

    def summary(self, seconds: float) -> str:
        count = sum(sum(modes.values()) for modes in self.cases.values())
        parts = []
        for label, modes in sorted(self.cases.items()):
            replies = " ".join(f"{k} {v}" for k, v in sorted(self.replies[label].items()))
            parts.append(
                f"{label}: {sum(modes.values())} ({modes['positive']} positive, "
                f"{modes['negative']} negative; {replies})"
            )
        return (
            f"schemathesis seed {SEED}, {MAX_EXAMPLES} fuzzed per operation: {count} cases "
            f"in {seconds:.1f} s, 5xx: {self.total('5xx')}. " + "; ".join(parts)
        )


def test_every_generated_request_is_answered_as_the_openapi_document_declares(
    server: Server,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    record_property: Any,
) -> None:
    token = server.enrol(A, 2)
    document = requests.get(f"{server.url}/openapi.json", timeout=10).json()
    declared = {f"{m.upper()} {path}" for path, ops in document["paths"].items() for m in ops}

    started = time.monotonic()
    code, output, events = run_schemathesis(server, token, tmp_path / "schemathesis")
    tally = Tally.read(events)
    summary = tally.summary(time.monotonic() - started)
    (tmp_path / "schemathesis-summary.txt").write_text(summary + "\n")
    record_property("schemathesis", summary)
    print(output)  # shown by pytest when the test fails
    with capsys.disabled():  # the figures in every CI log, passed or not
        print(f"\n{summary}")

    failures = output[output.find("FAILURES") :] if "FAILURES" in output else output[-20_000:]
    assert code == 0, f"schemathesis found problems ({summary}):\n{failures[:20_000]}"
    assert tally.total("5xx") == 0, summary
    assert set(tally.cases) == declared, f"operations not tested: {declared - set(tally.cases)}"
    assert all(m["positive"] and m["negative"] for m in tally.cases.values()), summary
    # A token the server refused would turn every secured case into a 401 that passes.
    for secured in ("POST /v1/events", "GET /v1/changes"):
        assert tally.replies[secured]["2xx"] > 0, summary
