#!/usr/bin/env python3
"""Keep the Qt translation of the interface in step with the code.

    python tools/i18n.py update    add new tr() strings to every .ts file (translations kept)
    python tools/i18n.py compile   build the .qm files with pyside6-lrelease
    python tools/i18n.py check     fail if a string lacks a translation or a .qm is stale

Source strings are the Vietnamese texts in the code: literal tr("…") calls, plus
label tables that the code passes to tr() at run time (listed in ``tables``).

``qtbase_vi.ts`` is Qt's own texts (buttons, file and print dialogs) in Vietnamese:
Qt ships no Vietnamese translation, so the project keeps one for the dialogs it shows.
It is edited by hand (or in Linguist), compiled and checked here, never updated.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI = ROOT / "counter_app" / "ui"
TRANSLATIONS = ROOT / "resources" / "translations"
CONTEXT = "counter_app"
EXPECTED = ("counter_app_en.ts",)  # the languages the program offers; each must be complete
sys.path.insert(0, str(ROOT))


def literal_strings() -> list[str]:
    found: list[str] = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_tr = (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and (node.func.id == "tr")
            )
            if is_tr and node.args and isinstance(node.args[0], ast.Constant):
                found.append(str(node.args[0].value))
            elif is_tr and node.args and isinstance(node.args[0], ast.JoinedStr):
                raise SystemExit(
                    f"{path.name}:{node.lineno}: tr() of an f-string cannot be translated"
                )
    return found


def tables() -> list[str]:
    """Strings the UI translates through variables."""
    from counter_app.core.domain.catalog import DOCUMENT_KINDS, RESULT_OPTIONS
    from counter_app.core.domain.status import LABELS
    from counter_app.core.forms import formset
    from counter_app.core.forms.paper import LABELS as PAPER
    from counter_app.core.settings import SETTINGS
    from counter_app.core.sync.wire_audit import ACTION_LABELS
    from counter_app.ui.app import guide
    from counter_app.ui.audit import audit_dialog
    from counter_app.ui.dossiers import history, ledger_view, lookup_view
    from counter_app.ui.receive import applicant_form
    from counter_app.ui.sync import sync_console
    from counter_app.ui.widgets import formatting

    return [
        *LABELS.values(),
        *PAPER.values(),
        *formset.names(),
        *DOCUMENT_KINDS.values(),
        *RESULT_OPTIONS.values(),
        *(label for _, label in applicant_form.TYPES),
        *applicant_form.FIELD_LABELS.values(),
        *(s.help for s in SETTINGS),
        *formatting.WEEKDAYS,
        *ledger_view.COLUMNS,
        *audit_dialog.COLUMNS,
        *ACTION_LABELS.values(),
        *lookup_view.COLUMNS,
        *sync_console.SyncConsole.COLUMNS,
        *sync_console.EVENT_LABELS.values(),
        *sync_console.STATE_LABELS.values(),
        *(text for _keys, text in guide.EVERYWHERE),
        history.PROVINCE,
        history.NO_APPOINTMENT,
        *history.CORRECTED_FIELDS,
    ]


def sources() -> list[str]:
    return list(dict.fromkeys(literal_strings() + tables()))


def ts_files() -> list[Path]:
    """The program's own translations (source: the tr() strings of counter_app/ui)."""
    return sorted(TRANSLATIONS.glob(f"{CONTEXT}_*.ts"))


def qt_ts_files() -> list[Path]:
    """Qt's own texts in the languages Qt does not ship (qtbase_vi.ts)."""
    return sorted(TRANSLATIONS.glob("qtbase_*.ts"))


def read(path: Path) -> dict[str, str]:
    root = ET.parse(path).getroot()
    return {
        (m.findtext("source") or ""): (m.findtext("translation") or "")
        for m in root.iter("message")
    }


def write(path: Path, language: str, messages: dict[str, str]) -> None:
    root = ET.Element("TS", version="2.1", language=language)
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for source, translation in messages.items():
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = source
        element = ET.SubElement(message, "translation")
        element.text = translation
        if not translation:
            element.set("type", "unfinished")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )


def update() -> None:
    wanted = sources()
    for path in ts_files():
        known = read(path)
        language = ET.parse(path).getroot().get("language", "en")
        write(path, language, {s: known.get(s, "") for s in wanted})


def lrelease() -> str:
    found = shutil.which("pyside6-lrelease") or str(
        Path(sys.executable).parent / "pyside6-lrelease"
    )
    return found


def compile_to(ts: Path, qm: Path) -> None:
    subprocess.run([lrelease(), "-silent", str(ts), "-qm", str(qm)], check=True)


def compile_all() -> None:
    for ts in ts_files() + qt_ts_files():
        compile_to(ts, ts.with_suffix(".qm"))


def stale(ts: Path) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.qm"
        compile_to(ts, fresh)
        qm = ts.with_suffix(".qm")
        return not qm.is_file() or fresh.read_bytes() != qm.read_bytes()


def check() -> list[str]:
    problems = [
        f"{name} is missing from {TRANSLATIONS}"
        for name in EXPECTED
        if not (TRANSLATIONS / name).is_file()
    ]
    wanted = set(sources())
    for ts in ts_files():
        known = read(ts)
        if not known:
            problems.append(f"{ts.name} has no messages: run tools/i18n.py update")
            continue
        missing = sorted(s for s in wanted if not known.get(s))
        problems += [f"{ts.name}: no translation for «{s}»" for s in missing]
    for ts in qt_ts_files():
        root = ET.parse(ts).getroot()
        problems += [
            f"{ts.name}: no translation for «{m.findtext('source')}»"
            for m in root.iter("message")
            if not m.findtext("translation")
        ]
    for ts in ts_files() + qt_ts_files():
        if read(ts) and stale(ts):  # an empty one is reported above
            problems.append(f"{ts.with_suffix('.qm').name} is stale: run tools/i18n.py compile")
    return problems


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        issues = check()
        print("\n".join(issues) or "translations complete")
        sys.exit(1 if issues else 0)
    else:
        print(__doc__)
        sys.exit(2)
