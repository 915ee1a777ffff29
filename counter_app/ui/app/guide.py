"""F1: a short guide to the screen in front of the clerk, and Help → About.

The guide lists the keys that screen really has (they are wired in main_window,
receive_view, applicant_form, lookup_view, ledger_view and sync_view); the About box
says what support asks for on the phone: the version and where the data and logs are.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from counter_app import __version__
from counter_app.ui.app.screens import LEDGER, LOOKUP, RECEIVE, SYNC
from counter_app.ui.widgets.formatting import named, tr

# Keys for every screen of the main window.
EVERYWHERE: tuple[tuple[str, str], ...] = (
    ("F2", "Màn hình Tiếp nhận, nhập hồ sơ mới (hỏi trước khi bỏ hồ sơ đang nhập)"),
    ("F3", "Màn hình Tra cứu, trả kết quả"),
    ("F4", "Màn hình Sổ theo dõi hồ sơ"),
    ("F9", "Đồng bộ ngay với máy chủ tỉnh"),
    ("Ctrl+F9", "Bảng đồng bộ: sự kiện chờ gửi, bị tỉnh từ chối"),
    ("Ctrl+,", "Cài đặt của quầy (máy in, giờ làm việc, ngôn ngữ…)"),
    ("F1", "Hướng dẫn này (bấm lại để đóng)"),
)


def _title(screen: str) -> str:
    return {
        RECEIVE: tr("Tiếp nhận hồ sơ"),
        LOOKUP: tr("Tra cứu, trả kết quả"),
        LEDGER: tr("Sổ theo dõi hồ sơ"),
        SYNC: tr("Bảng đồng bộ"),
    }[screen]


def _steps(screen: str) -> list[str]:
    """What the clerk does on the screen, in order."""
    if screen == RECEIVE:
        return [
            tr(
                "Gõ mã hoặc tên thủ tục (không dấu cũng được), Enter để chọn thủ tục đầu danh sách."
            ),
            tr(
                "Quét mã QR trên thẻ CCCD (hoặc F6 rồi quét): họ tên, số CCCD, ngày sinh, "
                "giới tính, địa chỉ được điền sẵn. Enter chuyển sang ô tiếp theo."
            ),
            tr("Đánh dấu giấy tờ đã nhận, kiểm tra ngày hẹn trả, rồi Ctrl+P để tiếp nhận và in."),
            tr("Thiếu giấy tờ: ghi lý do, bấm «Yêu cầu bổ sung»; không đủ điều kiện: «Từ chối»."),
        ]
    if screen == LOOKUP:
        return [
            tr("Quét mã vạch trên giấy tiếp nhận, hoặc gõ mã, số CCCD, tên, số điện thoại."),
            tr("Chọn hồ sơ trong danh sách để xem chi tiết và quá trình giải quyết."),
            tr("Trả kết quả: kiểm tra người nhận và số CCCD, bấm «Trả kết quả»."),
            tr("Chậm trả: ghi ngày, giờ hẹn mới và lý do, bấm «In phiếu xin lỗi và hẹn lại»."),
            tr(
                "Công dân làm mất giấy tiếp nhận: «In lại giấy tiếp nhận». Hồ sơ chuyển đi "
                "giải quyết: «In phiếu kiểm soát» (kèm theo hồ sơ)."
            ),
            tr(
                "Hồ sơ rút hoặc dừng giải quyết: «In thông báo dừng giải quyết» (nút chỉ hiện "
                "với các hồ sơ này)."
            ),
            tr(
                "Ghi sai họ tên, số CCCD, địa chỉ…: «Hiệu chỉnh thông tin người nộp…», ghi lý "
                "do, lưu rồi in lại giấy tiếp nhận."
            ),
            tr(
                "Tiếp nhận nhầm (sai thủ tục, trùng hồ sơ): «Hủy hồ sơ…» và ghi lý do; mã hồ sơ "
                "giữ lại, không cấp lại."
            ),
        ]
    if screen == LEDGER:
        return [
            tr("Chọn khoảng ngày, trạng thái, thủ tục (hoặc chỉ hồ sơ quá hạn), bấm «Xem»."),
            tr("Số thứ tự là số trong sổ của năm, như trên giấy tiếp nhận."),
            tr("«In sổ theo dõi hồ sơ» in đúng danh sách đang xem (khổ A4 ngang)."),
            tr("Dòng tô đỏ: quá hạn; tô vàng: đến hạn hôm nay."),
        ]
    return [
        tr("Mỗi tiếp nhận, trả kết quả, hẹn lại… là một sự kiện gửi lên máy chủ tỉnh."),
        tr("Mất mạng vẫn làm việc bình thường: sự kiện chờ và tự gửi khi có mạng lại."),
        tr(
            "Sự kiện bị tỉnh từ chối: đọc lý do, sửa nguyên nhân rồi «Gửi lại mục đã chọn»; "
            "hoặc người phụ trách «Loại bỏ…» kèm lý do."
        ),
        tr("Chưa đăng ký: bấm «Đăng ký máy chủ…» và nhập mã đăng ký do tỉnh cấp."),
    ]


def _keys(screen: str) -> list[tuple[str, str]]:
    """The screen's own keys."""
    own: dict[str, list[tuple[str, str]]] = {
        RECEIVE: [
            ("Enter", tr("Chọn thủ tục; trong ô thông tin người nộp: sang ô tiếp theo")),
            ("F6", tr("Ô quét mã QR trên thẻ CCCD")),
            ("F7", tr("Dùng thông tin người nộp đã biết (khi có gợi ý)")),
            ("Space", tr("Đánh dấu giấy tờ đã nhận (trong danh sách giấy tờ)")),
            ("Ctrl+A", tr("Đã nhận tất cả giấy tờ (trong danh sách giấy tờ)")),
            ("Ctrl+P", tr("Tiếp nhận và in giấy tiếp nhận")),
            ("Tab", tr("Sang ô tiếp theo")),
        ],
        LOOKUP: [
            ("Enter", tr("Tìm (máy quét tự gửi Enter sau mã)")),
            ("↑ ↓", tr("Chọn hồ sơ trong danh sách kết quả")),
            ("Tab", tr("Sang ô tiếp theo")),
        ],
        LEDGER: [
            ("Enter", tr("Xem (trong ô ngày)")),
            (tr("Nhấp đúp"), tr("Mở hồ sơ ở màn hình Tra cứu")),
        ],
        SYNC: [
            ("F9", tr("Đồng bộ ngay")),
            ("Esc", tr("Đóng bảng đồng bộ")),
            ("F1", tr("Hướng dẫn này (bấm lại để đóng)")),
        ],
    }
    return own[screen]


def _table(keys: list[tuple[str, str]]) -> str:
    rows = "".join(
        f"<tr><td style='padding-right:12px'><b>{escape(k)}</b></td><td>{escape(t)}</td></tr>"
        for k, t in keys
    )
    return f"<table>{rows}</table>"


def guide_html(screen: str) -> str:
    """The guide to ``screen`` (receive, lookup, ledger, sync) as rich text."""
    about = tr("Trợ giúp → Giới thiệu: phiên bản, thư mục dữ liệu và nhật ký.")
    steps = "".join(f"<li>{escape(step)}</li>" for step in _steps(screen))
    html = (
        f"<h3>{escape(_title(screen))}</h3>"
        f"<ol>{steps}</ol>"
        f"<h4>{escape(tr('Phím tắt'))}</h4>" + _table(_keys(screen))
    )
    if screen != SYNC:
        html += f"<h4>{escape(tr('Ở mọi màn hình'))}</h4>" + _table(
            [(keys, tr(text)) for keys, text in EVERYWHERE]
        )
    return html + f"<p><i>{escape(about)}</i></p>"


class GuideDialog(QDialog):
    """Non-modal: the clerk reads it while working; F1 again follows the screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guide")
        self.shown_screen = ""
        self.text = named(QTextBrowser(), "guide_text")
        self.text.setOpenLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(560, 480)
        # Read while working: opening it does not take the keyboard from the form.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)

    def show_screen(self, screen: str) -> None:
        """Show the guide to ``screen`` beside the work; the keyboard stays where it was."""
        self.shown_screen = screen
        self.setWindowTitle(f"{tr('Hướng dẫn')}: {_title(screen)}")
        self.text.setHtml(guide_html(screen))
        if not self.isVisible():
            self._beside_the_work()
        self.show()
        self.raise_()

    def _beside_the_work(self) -> None:
        """At the right of the window, below its tabs: the form's left side stays readable."""
        parent = self.parentWidget()
        if parent is None:
            return
        frame = parent.frameGeometry()
        screen = parent.screen().availableGeometry()
        width = min(self.width(), screen.width())
        height = min(self.height(), screen.height() - 40)
        self.resize(width, height)
        x = max(screen.left(), min(frame.right() - width - 24, screen.right() - width))
        y = max(screen.top(), min(frame.top() + 90, screen.bottom() - height - 40))
        self.move(x, y)


def about_lines(data_dir: Path, log_dir: Path, settings_file: Path | None) -> list[tuple[str, str]]:
    lines = [
        (tr("Chương trình"), f"Quầy Một Cửa {__version__}"),
        (tr("Thư mục dữ liệu"), str(data_dir)),
        (tr("Thư mục nhật ký"), str(log_dir)),
    ]
    if settings_file is not None:
        lines.append((tr("Tệp cấu hình"), str(settings_file)))
    return lines


class AboutDialog(QDialog):
    """Version, data folder, log folder: read out, or copied into a message to support."""

    copied = Signal(str)

    def __init__(
        self,
        lines: list[tuple[str, str]],
        parent: QWidget | None = None,
        clipboard: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("about")
        self.setWindowTitle(tr("Giới thiệu Quầy Một Cửa"))
        self.lines = lines
        self._clipboard = clipboard or (lambda text: QGuiApplication.clipboard().setText(text))
        heading = QLabel(f"<b>Quầy Một Cửa</b> — {escape(tr('tiếp nhận và trả kết quả hồ sơ'))}")
        grid = QGridLayout()
        self.values: dict[str, QLabel] = {}
        for row, (label, value) in enumerate(lines):
            shown = named(QLabel(value), f"about_{row}")
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setWordWrap(True)
            grid.addWidget(QLabel(f"{label}:"), row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(shown, row, 1)
            self.values[label] = shown
        grid.setColumnStretch(1, 1)
        hint = QLabel(tr("Khi gọi hỗ trợ, hãy đọc hoặc gửi các thông tin trên."))
        hint.setWordWrap(True)
        self.copy_button = named(QPushButton(tr("Sao chép")), "about_copy")
        self.copy_button.clicked.connect(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(grid)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def text(self) -> str:
        return "\n".join(f"{label}: {value}" for label, value in self.lines)

    def copy(self) -> None:
        text = self.text()
        self._clipboard(text)
        self.copy_button.setText(tr("Đã sao chép"))
        self.copied.emit(text)
