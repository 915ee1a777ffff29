"""``counter-app`` as a named person: --user with the password from the environment, the
first local admin, a supervisor's clerks, one's own password, a clerk refused a void."""

from __future__ import annotations

import re
from pathlib import Path

from tests.e2e.cli_helpers import (
    ADMIN,
    ADMIN_PASSWORD,
    BIRTH,
    counter_app,
    set_up_counter,
    write_json,
)

ONE_TIME = re.compile(r"Mật khẩu dùng một lần \(đổi ở lần đăng nhập đầu\): (\S+)")


def test_commands_that_change_data_run_as_a_signed_in_person(tmp_path: Path) -> None:
    data = tmp_path / "counter"
    set_up_counter(data, 1)  # with the first local admin (hoa.lt, "Lê Thị Hoa")
    request = str(write_json(tmp_path / "r.json", BIRTH))

    missing = counter_app(data, "receive", "--json", request, user=None)
    assert missing.returncode == 2 and "--user" in missing.stderr
    wrong = counter_app(data, "receive", "--json", request, password="khong-dung-dau")
    assert wrong.returncode == 1
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in wrong.stderr
    code = counter_app(data, "receive", "--json", request).stdout.strip()
    assert code.startswith("000.17.22.H56-")

    # The admin adds a clerk; her one-time password must be changed before any work.
    added = counter_app(data, "user", "add", "mai.nt", "--name", "Nguyễn Thị Mai", "--user", ADMIN)
    assert added.returncode == 0, added.stderr
    otp = ONE_TIME.search(added.stdout)
    assert otp is not None
    clerk_file = str(write_json(tmp_path / "m.json", dict(BIRTH, clerk="Nguyễn Thị Mai")))
    first = counter_app(data, "receive", "--json", clerk_file, user="mai.nt", password=otp[1])
    assert first.returncode == 1 and "counter-app password --user mai.nt" in first.stderr
    changed = counter_app(data, "password", "--user", "mai.nt", password=otp[1], stdin="")
    assert changed.returncode == 1 and "Không đọc được mật khẩu" in changed.stderr  # none given
    changed = counter_app(data, "password", "--user", "mai.nt", password=otp[1],
                          new_password="Mai đi làm sớm")  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    mine = counter_app(data, "receive", "--json", clerk_file, user="mai.nt",
                       password="Mai đi làm sớm")  # fmt: skip
    assert mine.returncode == 0, mine.stderr
    # The file names another clerk than the one signed in: refused, nothing received.
    other = counter_app(data, "receive", "--json", request, user="mai.nt",
                        password="Mai đi làm sớm")  # fmt: skip
    assert other.returncode == 1 and "người đăng nhập là Nguyễn Thị Mai" in other.stderr

    # A clerk may not void: the core refuses, with who may.
    void = ["dossier", "void", code, "--reason", "Tiếp nhận nhầm thủ tục"]
    refused = counter_app(data, *void, user="mai.nt", password="Mai đi làm sớm")
    assert refused.returncode == 1
    assert "Nguyễn Thị Mai (Cán bộ tiếp nhận) không được hủy hồ sơ" in refused.stderr
    assert counter_app(data, *void).returncode == 0  # the admin may

    listed = counter_app(data, "user", "list").stdout
    assert "hoa.lt\tLê Thị Hoa\tQuản trị\tdùng\tchỉ ở quầy này" in listed
    assert "mai.nt\tNguyễn Thị Mai\tCán bộ tiếp nhận\tdùng\tcủa tỉnh" in listed


def test_setup_makes_the_first_admin_only_for_a_counter_not_enrolled(tmp_path: Path) -> None:
    data = tmp_path / "counter"
    set_up_counter(data, 1)
    (data / "device.json").write_text("{}", encoding="utf-8")  # as if enrolled
    again = counter_app(data, "setup", "--admin-login", "quantri", "--admin-name", "Trần Văn Quản")
    assert again.returncode == 1 and "Quầy đã đăng ký với hệ thống tỉnh" in again.stderr
    weak = counter_app(tmp_path / "new", "setup", "--agency-code", "000.17.22.H56",
                       "--agency-name", "Trung tâm", "--counter", "1", "--admin-login", "quantri",
                       "--admin-name", "Trần Văn Quản", password="quantri")  # fmt: skip
    assert weak.returncode == 1 and "Mật khẩu: cần ít nhất 8 ký tự" in weak.stderr
    assert ADMIN_PASSWORD  # the helper's admin password passed the same policy
