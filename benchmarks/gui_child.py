"""Child processes for bench_gui's start figures that the real program cannot give.

The counter app's own start is measured on the real entry point
(``python -m counter_app --demo --quit-when-ready``), not here. This script gives:

python benchmarks/gui_child.py bare
    a bare PySide6 window, the floor: PAINTED once its first paint has completed,
    caught the way the app's ``--quit-when-ready`` catches its own (a paint-event
    filter, reported from the event loop right after that paint).

python benchmarks/gui_child.py catalog DATA_DIR
    NOT the shipping start: the main window built in-process, without what
    ``python -m counter_app`` does first (gc.disable, the CLI, logging, the
    instance lock, the crash guard, the language). It prints CATALOG_DRAWN once
    the Receive screen has been drawn with its catalog (a forced paint right after
    ``ready``), which the real entry point does not report: its READY comes when
    the catalog is set, before it is drawn.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def report(event: str) -> None:
    print(event, f"{time.time():.3f}", flush=True)


def bare() -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])

    class FirstPaint(QObject):  # as counter_app.ui.app.gui.FirstPaint
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, painted)
            return False

    def painted() -> None:
        report("PAINTED")
        app.quit()

    window = QLabel("Quầy Một Cửa")
    first_paint = FirstPaint()
    window.installEventFilter(first_paint)
    window.resize(1280, 800)
    window.show()
    app.exec()


def catalog_drawn(data_dir: Path) -> None:
    """The window as ``run_gui`` builds it, minus the start-up around it (see above)."""
    from PySide6.QtWidgets import QApplication

    from counter_app.paths import AppPaths
    from counter_app.ui.app.gui import build_window, load_settings

    app = QApplication(sys.argv[:1])
    paths = AppPaths.resolve(data_dir)
    settings = load_settings(paths, demo=False)
    assert settings is not None
    window = build_window(settings, paths)

    def ready() -> None:
        window.grab()  # the Receive screen with its catalog, drawn
        report("CATALOG_DRAWN")
        window.ops.shutdown()
        sys.exit(0)

    window.ready.connect(ready)
    window.resize(1280, 800)
    window.show()
    app.exec()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        catalog_drawn(Path(sys.argv[2]))
