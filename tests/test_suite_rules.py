"""The suite's own rules: under CI a skipped test fails the run, and a missing tool is
found before a test starts, not halfway through its assertions."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The hook and the fixture under test, taken from tests/conftest.py by an inner conftest.
INNER_CONFTEST = "from tests.conftest import barcode_reader, pytest_runtest_makereport  # noqa\n"

SKIPPING = """
import pytest

def test_passes():
    pass

def test_skips_in_its_body():
    pytest.skip("no scanner on this desk")

@pytest.mark.skipif(True, reason="only on Windows")
def test_skipped_by_a_mark():
    pass

@pytest.mark.xfail(reason="a known defect", strict=True)
def test_expected_to_fail():
    assert False
"""

NEEDS_TOOLS = """
def test_reads_a_barcode(barcode_reader):
    raise AssertionError("the body ran without the tools")
"""


@pytest.fixture
def inner(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest(INNER_CONFTEST)
    return pytester


def test_without_ci_a_skip_stays_a_skip(
    inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    inner.makepyfile(test_inner=SKIPPING)
    result = inner.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, skipped=2, xfailed=1)


@pytest.mark.parametrize("value", ["1", "true"])
def test_under_ci_every_skip_fails_and_says_which_and_why(
    inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("CI", value)
    inner.makepyfile(test_inner=SKIPPING)
    result = inner.runpytest("-p", "no:cacheprovider")
    # The skip in a body fails the test; the mark's skip fails its setup (an error).
    result.assert_outcomes(passed=1, failed=1, errors=1, xfailed=1)
    assert result.ret != 0
    result.stdout.fnmatch_lines(
        [
            "*test_inner.py::test_skips_in_its_body was skipped (no scanner on this desk)*",
            "*test_inner.py::test_skipped_by_a_mark was skipped (only on Windows)*",
        ]
    )


def test_ci_set_to_false_is_not_ci(inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "false")
    inner.makepyfile(test_inner=SKIPPING)
    inner.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1, skipped=2, xfailed=1)


@pytest.mark.parametrize(("ci", "outcome"), [("", {"skipped": 1}), ("1", {"errors": 1})])
def test_a_missing_barcode_tool_stops_the_test_before_its_body(
    inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ci: str, outcome: dict[str, int]
) -> None:
    monkeypatch.setenv("CI", ci)
    monkeypatch.setenv("PATH", str(inner.mkdir("empty-bin")))  # neither pdftoppm nor zbarimg
    inner.makepyfile(test_inner=NEEDS_TOOLS)
    result = inner.runpytest("-p", "no:cacheprovider", "-rs")
    result.assert_outcomes(**outcome)  # never "failed": the body did not run
    result.stdout.fnmatch_lines(["*pdftoppm, zbarimg not installed*poppler-utils zbar-tools*"])
    result.stdout.no_fnmatch_line("*the body ran without the tools*")


def load_dev_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("ci", "installed"), [("1", False), ("", True)])
def test_dev_test_fails_under_ci_when_the_barcode_tools_cannot_be_installed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], ci: str, installed: bool
) -> None:
    dev = load_dev_script()
    monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(dev.shutil, "which", lambda _tool: None)  # no tools, no apt-get
    monkeypatch.setattr(dev.os, "geteuid", lambda: 1000, raising=False)
    assert dev.install_system_tools() is installed
    out, err = capsys.readouterr()
    if ci:
        assert (
            "error: poppler-utils, sqlite3, zbar-tools could not be installed, and CI is set" in err
        )
    else:
        assert "tests that need them will be skipped" in out and err == ""
