"""``counter-app self-test``: passes on a sound installation, names the broken step otherwise."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from counter_app import selftest
from counter_app.core.forms.data import Form, Printed
from counter_app.core.services.desk import Desk
from counter_app.core.store.migrate import HEAD_REVISION
from tests.e2e.cli_helpers import counter_app

pytestmark = pytest.mark.slow


def test_self_test_passes_and_leaves_the_counter_data_alone(tmp_path: Path) -> None:
    done = counter_app(tmp_path / "data", "self-test")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Tự kiểm tra ĐẠT: lược đồ {HEAD_REVISION}")
    assert "7 biểu mẫu PDF (bộ 2025)" in lines[0]  # the 2025 set, its notice of stopping too
    assert "hẹn trả 09:00 04/05/2026" in lines[0]
    # Only the log folder: no settings, no database written to the counter's own data.
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["logs"]


def test_a_wrong_appointment_fails_with_the_step_and_the_dates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wrong = selftest.EXPECTED_APPOINTMENT - timedelta(days=4)
    monkeypatch.setattr(selftest, "EXPECTED_APPOINTMENT", wrong)
    passed, summary = selftest.run_self_test()
    assert not passed
    assert summary == (
        "Tự kiểm tra KHÔNG ĐẠT — bước «ngày hẹn trả qua ngày lễ»: "
        "hẹn trả 09:00 04/05/2026, đúng ra 09:00 30/04/2026"
    )


def test_a_form_that_is_not_a_pdf_fails_the_read_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Desk, "ledger_pdf", lambda self, first, last: b"<html>")
    passed, summary = selftest.run_self_test()
    assert not passed
    assert summary.endswith("bước «đọc lại biểu mẫu»: 07 Sổ theo dõi hồ sơ: không phải tệp PDF")


def test_a_form_with_the_wrong_number_fails_the_read_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The self-test reads each form's number: a renumbered set must show on paper."""
    real = Desk.render_form

    def old_numbers(self: Desk, code: str, form: Form, actor: str, **kw: str) -> Printed:
        if form is Form.CONTROL:  # printed from the 2018 set: «Mẫu số 05»
            old = replace(self.services.settings, form_set="2018")
            self = Desk(replace(self.services, settings=old))
        return real(self, code, form, actor, **kw)

    monkeypatch.setattr(Desk, "render_form", old_numbers)
    passed, summary = selftest.run_self_test()
    assert not passed
    assert summary.endswith(
        "bước «đọc lại biểu mẫu»: 06 Phiếu kiểm soát quá trình giải quyết hồ sơ: "
        "không có «Mẫu số 06»"
    )


def test_an_unexpected_error_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Desk, code: str, form: object, actor: str) -> None:
        raise RuntimeError("máy in ảo hỏng")

    monkeypatch.setattr(Desk, "render_form", broken)
    passed, summary = selftest.run_self_test()
    assert not passed
    assert "bước «tiếp nhận và in biểu mẫu»: RuntimeError: máy in ảo hỏng" in summary
