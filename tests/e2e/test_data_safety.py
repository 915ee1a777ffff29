"""The real ``counter-app`` on a damaged, locked, read-only or full database: a clear
Vietnamese message with what to do, no traceback, and the data left as it was."""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from counter_app.core.resources import bundle_root
from counter_app.core.store.safety import backups_of, integrity_problems
from counter_app.instance import instance_lock
from counter_app.paths import AppPaths
from tests.e2e.cli_helpers import (
    ADMIN,
    ADMIN_PASSWORD,
    BIRTH,
    counter_app,
    set_up_counter,
    write_json,
)
from tests.helpers import damage_page, file_digest

pytestmark = pytest.mark.slow


def dossiers(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("SELECT count(*) FROM dossiers").fetchone()[0])


def assert_clean_failure(done: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    for phrase in phrases:
        assert phrase in done.stderr


@pytest.fixture
def counter(tmp_path: Path) -> Path:
    """A set-up counter with one dossier and its first daily backup."""
    data = tmp_path / "data"
    set_up_counter(data, 1)
    done = counter_app(data, "receive", "--json", str(write_json(tmp_path / "r.json", BIRTH)))
    assert done.returncode == 0, done.stderr
    return data


def test_a_damaged_database_is_refused_then_restored_from_its_backup(counter: Path) -> None:
    database = counter / "counter.sqlite3"
    backup = backups_of(counter / "backups", "counter")[-1]
    damage_page(database, page=5)
    before = file_digest(database)

    done = counter_app(counter, "status")

    assert_clean_failure(done, "bị hỏng", f'counter-app db restore "{backup}"')
    assert file_digest(database) == before  # nothing written to the damaged file

    cancelled = counter_app(counter, "db", "restore", str(backup), stdin="\n")
    assert cancelled.returncode == 1
    assert "Đã hủy, không thay đổi gì." in cancelled.stdout
    assert file_digest(database) == before

    restored = counter_app(counter, "db", "restore", str(backup), stdin="c\n")
    assert restored.returncode == 0, restored.stderr
    assert "Dữ liệu hiện tại: Tệp" in restored.stdout  # it said the current file is damaged
    set_aside = next((counter / "backups").glob("*-replaced.sqlite3"))
    assert file_digest(set_aside) == before  # the damaged file is kept for support
    assert integrity_problems(database) == []
    assert counter_app(counter, "status").returncode == 0


def test_db_check_on_a_damaged_page_says_what_to_do_and_writes_nothing(counter: Path) -> None:
    database = counter / "counter.sqlite3"
    damage_page(database, page=5)
    before = file_digest(database)

    done = counter_app(counter, "db", "check")

    assert_clean_failure(done, "Tệp dữ liệu bị hỏng", "counter-app db restore",
                         "gọi bộ phận hỗ trợ")  # fmt: skip
    assert "Kết luận: tốt" not in done.stdout
    assert file_digest(database) == before


def test_db_check_finds_a_row_that_points_at_nothing(counter: Path) -> None:
    """A history row whose dossier is gone (written by a tool with foreign keys off)."""
    database = counter / "counter.sqlite3"
    with closing(sqlite3.connect(database)) as conn, conn:
        conn.execute("UPDATE status_history SET dossier_id = 999")

    done = counter_app(counter, "db", "check")

    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr
    assert "LIÊN KẾT HỎNG: 1 dòng của bảng status_history trỏ tới dossiers không tồn tại" in (
        done.stdout
    )
    assert done.stdout.rstrip().endswith("Kết luận: CÓ VẤN ĐỀ — hãy gọi bộ phận hỗ trợ")


def test_restore_refuses_another_counters_backup_and_a_running_window(
    counter: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    set_up_counter(other, 2)
    foreign = counter_app(other, "db", "backup").stdout.strip()
    refused = counter_app(counter, "db", "restore", foreign, "--yes")
    assert_clean_failure(refused, "thuộc quầy 2", "Không khôi phục")

    own = backups_of(counter / "backups", "counter")[-1]
    lock = instance_lock(AppPaths.resolve(counter))
    assert lock is not None
    try:
        busy = counter_app(counter, "db", "restore", str(own), "--yes")
    finally:
        lock.unlock()
    assert_clean_failure(busy, "hãy đóng cửa sổ Quầy Một Cửa")
    assert not list((counter / "backups").glob("*-replaced.sqlite3"))


def test_a_locked_database_says_so_and_keeps_the_reception(counter: Path, tmp_path: Path) -> None:
    database = counter / "counter.sqlite3"
    blocker = sqlite3.connect(database)
    blocker.execute("BEGIN EXCLUSIVE")  # another program writing for a long time
    try:
        done = counter_app(counter, "receive", "--json", str(tmp_path / "r.json"))
    finally:
        blocker.rollback()
        blocker.close()
    assert_clean_failure(done, "đang bị một chương trình khác khóa")
    assert dossiers(database) == 1
    assert counter_app(counter, "receive", "--json", str(tmp_path / "r.json")).returncode == 0


def without_root_override() -> list[str]:
    """Root ignores file modes; drop that power so a read-only file is read-only to us too."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is needed to test read-only files as root")
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}", "--"]


def test_a_read_only_database_says_so_and_changes_nothing(counter: Path, tmp_path: Path) -> None:
    database = counter / "counter.sqlite3"
    before = file_digest(database)
    database.chmod(0o444)
    try:
        done = subprocess.run(
            [
                *without_root_override(),
                sys.executable,
                "-m",
                "counter_app",
                "--data-dir",
                str(counter),
                "receive",
                "--json",
                str(tmp_path / "r.json"),
                "--user",
                ADMIN,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=bundle_root(),
            env={**os.environ, "COUNTER_APP_PASSWORD": ADMIN_PASSWORD},
        )
    finally:
        database.chmod(0o644)
    assert_clean_failure(done, "chỉ đọc")
    assert file_digest(database) == before


FULL_DISK_SCRIPT = """
set -e
receive() {
    "$PY" -m counter_app --data-dir "$DATA" receive --json "$JSON" --user "$LOGIN" \
        >"$OUT/$1.out" 2>"$OUT/$1.err" \
        && rc=0 || rc=$?
    echo "$rc" >"$OUT/$1.rc"
}
mount -t tmpfs -o size=4m tmpfs "$DATA"
trap 'umount "$DATA"' EXIT  # gone with the namespace anyway; needed without one
cp -a "$SEED"/. "$DATA"/
dd if=/dev/zero of="$DATA/filler" bs=4k 2>/dev/null || true  # until the disk is full
df -k "$DATA" | tail -1 | awk '{print $4}' >"$OUT/free-kb"  # what "full" meant
receive full
rm "$DATA/filler"
# Read the file back before anything else writes to it (SQLite needs room for its -shm).
"$PY" -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); \
print(c.execute('PRAGMA integrity_check').fetchone()[0], \
c.execute('SELECT count(*) FROM dossiers').fetchone()[0])" "$DATA/counter.sqlite3" >"$OUT/check"
receive freed
"""

PROBE_SCRIPT = 'mount -t tmpfs -o size=64k tmpfs "$1" && umount "$1"'


def small_disk_runner(scratch: Path) -> list[str]:
    """How this machine lets us mount a 4 MB tmpfs of our own, found by trying each way.

    Without root: a private user + mount namespace (``unshare -rm``). As root (CI): that,
    or a private mount namespace (``unshare -m``), or, where namespaces are refused, a
    plain mount on a folder of this test's own, unmounted by the script when it ends.
    """
    unshare = shutil.which("unshare")
    candidates = [[unshare, "-rm"]] if unshare else []
    if os.geteuid() == 0:
        candidates += [[unshare, "-m"]] if unshare else []
        candidates.append([])
    scratch.mkdir()
    tried = []
    for prefix in candidates:
        probe = subprocess.run(
            [*prefix, "sh", "-c", PROBE_SCRIPT, "probe", str(scratch)],
            capture_output=True,
            text=True,
            check=False,
        )
        if probe.returncode == 0:
            return prefix
        tried.append(f"{shlex.join([*prefix, 'mount']) or 'mount'}: {probe.stderr.strip()}")
    pytest.skip("cannot mount a small tmpfs here (" + "; ".join(tried) + ")")


def test_a_full_disk_says_so_loses_nothing_and_works_once_space_is_freed(
    counter: Path, tmp_path: Path
) -> None:
    """A real full disk: a 4 MB tmpfs of the test's own, filled up."""
    runner = small_disk_runner(tmp_path / "probe")
    out, mount_point = tmp_path / "out", tmp_path / "small-disk"
    out.mkdir()
    mount_point.mkdir()
    env = dict(os.environ, DATA=str(mount_point), SEED=str(counter), OUT=str(out),
               PY=sys.executable, JSON=str(tmp_path / "r.json"), LOGIN=ADMIN,
               COUNTER_APP_PASSWORD=ADMIN_PASSWORD)  # fmt: skip
    done = subprocess.run(
        [*runner, "sh", "-c", FULL_DISK_SCRIPT],
        env=env,
        cwd=bundle_root(),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr + shlex.join(done.args)
    assert not os.path.ismount(mount_point)  # nothing left mounted on the machine
    assert (out / "free-kb").read_text().strip() == "0"  # the disk really was full
    full_err = (out / "full.err").read_text()
    assert (out / "full.rc").read_text().strip() == "1", full_err
    assert "Ổ đĩa đã đầy" in full_err
    assert "Traceback" not in full_err
    assert (out / "check").read_text().split() == ["ok", "1"]  # intact, nothing half-written
    assert (out / "freed.rc").read_text().strip() == "0", (out / "freed.err").read_text()
