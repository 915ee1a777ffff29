"""Child process for the cold-start benchmark; prints PAINTED when the window is drawn.

python benchmarks/gui_child.py bare          a bare PySide6 window (the floor)
python benchmarks/gui_child.py app DATA_DIR  the counter app's main window, Receive ready
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def painted() -> None:
    print("PAINTED", flush=True)
    sys.exit(0)


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    window = QLabel("Quầy Một Cửa")
    window.resize(1280, 800)
    window.show()
    window.grab()  # forces the first paint
    painted()
    app.exec()


def counter_app(data_dir: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from counter_app.app import AppPaths, start
    from counter_app.ui.gui import build_window

    app = QApplication(sys.argv[:1])
    paths = AppPaths.resolve(data_dir)
    window = build_window(start(paths), paths)

    def ready() -> None:
        window.grab()  # the Receive screen with its catalog, drawn
        painted()

    window.ready.connect(ready)
    window.resize(1280, 800)
    window.show()
    app.exec()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        counter_app(Path(sys.argv[2]))
