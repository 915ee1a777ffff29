"""Child process for the cold-start benchmark; prints PAINTED/READY with the wall time.

python benchmarks/gui_child.py bare          a bare PySide6 window (the floor)
python benchmarks/gui_child.py app DATA_DIR  the counter app's main window: PAINTED at its
                                             first paint, READY once the catalog is loaded
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def report(event: str) -> None:
    print(event, time.time(), flush=True)


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QLabel

    _app = QApplication(sys.argv[:1])  # must exist while the window is painted
    window = QLabel("Quầy Một Cửa")
    window.resize(1280, 800)
    window.show()
    window.grab()  # forces the first paint
    report("PAINTED")


def counter_app(data_dir: Path) -> None:
    """As ``run_gui``: settings, window shown and painted, then the database opens behind it."""
    from PySide6.QtWidgets import QApplication

    from counter_app.paths import AppPaths
    from counter_app.ui.gui import build_window, load_settings

    app = QApplication(sys.argv[:1])
    paths = AppPaths.resolve(data_dir)
    settings = load_settings(paths, demo=False)
    assert settings is not None
    window = build_window(settings, paths)

    def ready() -> None:
        window.grab()  # the Receive screen with its catalog, drawn
        report("READY")
        window.ops.shutdown()
        sys.exit(0)

    window.ready.connect(ready)
    window.resize(1280, 800)
    window.show()
    window.grab()  # the first paint: the Receive screen, catalog still loading
    report("PAINTED")
    app.exec()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        counter_app(Path(sys.argv[2]))
