"""No link for days: pending events to a signed file, imported by the province's CLI."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from counter_app.core.domain.status import Status
from counter_app.core.errors import SyncError
from counter_app.core.sync import credentials as credentials_file
from counter_app.core.sync.usb import export_bundle, import_ack
from tests.servers import Server, count_rows
from tests.sync_helpers import make_counter


def test_bundle_there_and_acknowledgement_back(
    template_db: Path, tmp_path: Path, server: Server
) -> None:
    counter = make_counter(template_db, tmp_path / "c", server)
    creds = credentials_file.load(counter.folder / "device.json")
    codes = counter.receive(5)
    counter.engine.run_cycle()  # the first three days: online
    set_on_server = server.admin("set-status", codes[0], str(int(Status.PROCESSING)))
    assert set_on_server.returncode == 0, set_on_server.stderr
    counter.receive(3)  # then the island's link goes for a week

    stick = tmp_path / "usb"
    stick.mkdir()
    bundle = stick / "quay1.qmc"
    assert export_bundle(counter.services.db, creds, bundle, counter.services.clock()) == 3
    assert counter.outbox_states() == {"delivered": 5, "pending": 3}  # still pending

    ack = stick / "quay1.ack"
    for _ in range(2):  # imported twice by mistake: the second changes nothing
        done = server.admin("import-bundle", str(bundle), "--ack", str(ack))
        assert done.returncode == 0, done.stderr
    assert count_rows(server.db_url, "dossiers") == 8

    report = import_ack(counter.services.db, creds, ack, counter.services.clock())
    # The records of the dossier the province moved on and of the three new ones.
    assert (report.delivered, report.quarantined, report.pulled) == (3, 0, 4)
    assert counter.outbox_states() == {"delivered": 8}
    assert counter.status_of(codes[0]) == Status.PROCESSING  # the province's news came back
    assert import_ack(counter.services.db, creds, ack, counter.services.clock()).pulled == 0
    # Back online later: nothing is sent twice, the cursor is where the file left it.
    report2 = counter.engine.run_cycle()
    assert (report2.delivered, report2.pulled) == (0, 0)


def test_an_altered_bundle_is_refused(template_db: Path, tmp_path: Path, server: Server) -> None:
    counter = make_counter(template_db, tmp_path / "c", server)
    creds = credentials_file.load(counter.folder / "device.json")
    counter.receive(1)
    bundle = tmp_path / "b.qmc"
    export_bundle(counter.services.db, creds, bundle, counter.services.clock())
    outer = json.loads(gzip.decompress(bundle.read_bytes()))
    outer["body"] = outer["body"].replace("Nguyễn Văn Đức", "Nguyễn Văn Giả")
    bundle.write_bytes(gzip.compress(json.dumps(outer).encode()))
    done = server.admin("import-bundle", str(bundle), "--ack", str(tmp_path / "a"))
    assert done.returncode == 1
    assert "Chữ ký" in done.stderr
    assert count_rows(server.db_url, "dossiers") == 0


def test_an_acknowledgement_for_another_counter_is_refused(
    template_db: Path, tmp_path: Path, server: Server
) -> None:
    one = make_counter(template_db, tmp_path / "one", server, number=1)
    two = make_counter(template_db, tmp_path / "two", server, number=2)
    one.receive(1)
    bundle, ack = tmp_path / "b", tmp_path / "a"
    creds_one = credentials_file.load(one.folder / "device.json")
    export_bundle(one.services.db, creds_one, bundle, one.services.clock())
    assert server.admin("import-bundle", str(bundle), "--ack", str(ack)).returncode == 0
    creds_two = credentials_file.load(two.folder / "device.json")
    with pytest.raises(SyncError, match="Chữ ký"):
        import_ack(two.services.db, creds_two, ack, two.services.clock())
